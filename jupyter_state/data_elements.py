"""``st.metric`` and ``st.table``: data shown as it is, with nothing to interact with.

Both are output elements (no widget, no comm): their HTML is built here, every piece of
the user's text escaped, and their values are what Streamlit's ``AppTest`` reports
(``metric``: the value and delta as strings; ``table``: the data as a DataFrame).
"""

from __future__ import annotations

import html
import numbers
from textwrap import dedent
from typing import Any

from ._frames import has_column_names, to_frame
from .elements import emit
from .errors import JupyterStateAPIException
from .output import display_element

__all__ = ["metric", "table"]

_DELTA_COLORS = ("normal", "inverse", "off",
                 "red", "orange", "yellow", "green", "blue", "violet", "gray", "grey", "primary")
_SHADES = {"red": "#d93636", "orange": "#e07b00", "yellow": "#b59300", "green": "#138a36", "blue": "#1c6ed8",
           "violet": "#7a3fd1", "gray": "#6b6f7b", "grey": "#6b6f7b", "primary": "var(--jp-brand-color1, #d6336c)"}


def _number(value: Any, parameter: str) -> str:
    if isinstance(value, numbers.Number):
        return str(value)
    item = getattr(value, "item", None)  # NumPy numbers
    if callable(item):
        try:
            plain = item()
        except Exception:  # not a NumPy scalar after all
            plain = None
        if isinstance(plain, (int, float)):
            return str(plain)
    raise JupyterStateAPIException(
        f"Invalid `{parameter}` type. Expected one of: int, float, Decimal, NumPy number, str or None. "
        f"Provided type: {type(value).__name__}. Convert the {parameter} to a number or a str."
    )


def _color_and_direction(delta_color: str, delta: str) -> tuple[str, str]:
    if delta == "":
        return "gray", "none"
    direction = "none" if delta == "0" else "down" if delta.startswith("-") else "up"
    if delta_color not in ("normal", "inverse", "off"):
        return delta_color, direction
    if direction == "none" or delta_color == "off":
        return "gray", direction
    good = (direction == "up") == (delta_color == "normal")
    return ("green" if good else "red"), direction


def metric(label: str, value: Any, delta: Any = None, delta_color: str = "normal", *,
           help: str | None = None, icon: str | None = None,
           label_visibility: str = "visible", border: bool = False, width: Any = "stretch", height: Any = "content",
           chart_data: Any = None, chart_type: str = "line", delta_arrow: str = "auto",
           format: str | None = None, delta_description: str | None = None) -> None:
    """Show a number in large type, with how it changed (``delta``) below it.

    The delta is green when it goes up and red when it goes down (``delta_color="inverse"``
    swaps them, ``"off"`` makes it gray, or name a color); a delta starting with ``-`` goes
    down.

    Parameters
    ----------
    label : str
        What the number is.
    value : int, float, Decimal, NumPy number, str or None
        The number (None shows a dash).
    delta : int, float, str or None
        The change, shown with an arrow.
    delta_color : str
        "normal", "inverse", "off", or a color: "red", "green", "blue", "gray"...
    help : str, optional
        A tooltip on the label.
    label_visibility : {"visible", "hidden", "collapsed"}
        Whether the label is shown.
    border : bool
        Draw a border around the metric.
    delta_arrow : {"auto", "up", "down", "off"}
        Which arrow to draw ("auto": from the delta's sign).

    Examples
    --------
    >>> st.metric("Temperature", "70 °F", "1.2 °F")  # doctest: +SKIP
    >>> st.metric("Errors", 3, -2, delta_color="inverse", border=True)  # doctest: +SKIP
    """
    if delta_color not in _DELTA_COLORS:
        valid = ", ".join(map(repr, _DELTA_COLORS))
        raise JupyterStateAPIException(f"Invalid value for delta_color: {delta_color!r}. Valid values are: {valid}.")
    if delta_arrow not in ("auto", "up", "down", "off"):
        raise JupyterStateAPIException(
            f"Invalid value for delta_arrow: {delta_arrow!r}. Valid values are: 'auto', 'up', 'down', 'off'."
        )
    if label_visibility not in ("visible", "hidden", "collapsed"):
        raise JupyterStateAPIException(
            f"label_visibility must be 'visible', 'hidden' or 'collapsed', got {label_visibility!r}."
        )
    shown_value = "—" if value is None else value if isinstance(value, str) else _number(value, "value")
    shown_delta = (
        "" if delta is None or delta == "" else dedent(delta) if isinstance(delta, str) else _number(delta, "delta")
    )
    color, direction = _color_and_direction(delta_color, shown_delta)
    arrow = {"up": "↑", "down": "↓"}.get(direction if delta_arrow == "auto" else delta_arrow, "")
    e = html.escape
    hidden = ";visibility:hidden" if label_visibility == "hidden" else ""
    label_html = "" if label_visibility == "collapsed" else (
        f"<div class='jupyter-state-metric-label' style='font-size:.875em;opacity:.8{hidden}'"
        f"{f' title={chr(39)}{e(help)}{chr(39)}' if help else ''}>{e(f'{icon} ' if icon else '')}{e(str(label))}</div>"
    )
    delta_html = (
        f"<div class='jupyter-state-metric-delta' style='color:{_SHADES.get(color, '#6b6f7b')};font-size:.95em'>"
        f"{arrow + ' ' if arrow else ''}{e(shown_delta)}{' ' + e(delta_description) if delta_description else ''}</div>"
        if shown_delta else ""
    )
    boxed = "border:1px solid var(--jp-border-color1, #ccc);border-radius:.5em;padding:.75em 1em;"
    frame = boxed if border else "padding:.25em 0;"
    view = (
        f"<div class='jupyter-state-metric' style='{frame}'>{label_html}"
        f"<div class='jupyter-state-metric-value' style='font-size:2.25em;line-height:1.2'>{e(shown_value)}</div>"
        f"{delta_html}</div>"
    )
    plain = f"{label}: {shown_value}" + (f" ({arrow}{shown_delta})" if shown_delta else "")
    info = {"label": str(label), "value": shown_value, "delta": shown_delta, "color": color, "direction": direction,
            "help": help or "", "border": bool(border)}
    emit(display_element("metric", info, {"text/html": view, "text/plain": plain}))


def table(data: Any = None, *, border: bool | str = True, width: Any = "stretch", height: Any = "content",
          hide_index: bool | None = None, hide_header: bool | None = None, alt: str | None = None) -> None:
    """Show a static table: every row, no scrolling, sorting or selection (``st.dataframe`` has those).

    Parameters
    ----------
    data : DataFrame, Series, NumPy array, list, dict or None
        What to show (see ``st.dataframe``).
    border : bool or "horizontal"
        Cell borders: all (True), none (False), or only between rows.
    hide_index, hide_header : bool, optional
        Leave out the index column or the header row. By default (None), as in Streamlit
        1.67, a default ``RangeIndex`` is hidden and so is the header of data that has no
        column names of its own (a list or dict of values, a list of rows, a NumPy array).

    Examples
    --------
    >>> st.table({"apples": 3, "pears": 5})  # doctest: +SKIP
    """
    if border not in (True, False, "horizontal"):
        raise JupyterStateAPIException(f"border must be True, False or 'horizontal', got {border!r}.")
    frame = to_frame(data, "st.table")
    if hide_index is None:  # Streamlit 1.67: a default RangeIndex is hidden, any other index shown
        hide_index = type(frame.index).__name__ == "RangeIndex"
    if hide_header is None:  # and data without column names of its own shows no header row
        hide_header = not has_column_names(data)
    rule = {True: "1px solid var(--jp-border-color2, #ddd)", False: "none", "horizontal": "none"}[border]
    rows_rule = "1px solid var(--jp-border-color2, #ddd)" if border else "none"
    styled = frame.to_html(escape=True, index=not hide_index, header=not hide_header, border=0,
                           classes="jupyter-state-table-grid", na_rep="None")
    style = (
        "<style>.jupyter-state-table table{border-collapse:collapse}"
        f".jupyter-state-table th,.jupyter-state-table td{{border:{rule};border-bottom:{rows_rule};"
        "padding:.25em .6em;text-align:right}"
        ".jupyter-state-table thead th{font-weight:600}</style>"
    )
    label = f" aria-label='{html.escape(alt)}'" if alt else ""
    view = f"<div class='jupyter-state-table'{label}>{style}{styled}</div>"
    emit(display_element("table", frame, {"text/html": view, "text/plain": frame.to_string()}))
