"""``st.column_config``: how ``st.dataframe`` and ``st.data_editor`` show each column.

Each function returns a :class:`ColumnConfig`, which is a dict of Streamlit's shape
(``{"label": ..., "width": ..., "type_config": {"type": "number", ...}}``), so code that
builds or inspects these dicts by hand keeps working, and plain dicts (or a label string,
or None to hide a column) are accepted wherever a ``ColumnConfig`` is.

Examples
--------
>>> import jupyter_state as st
>>> price = st.column_config.NumberColumn("Price", format="$%.2f", min_value=0)
>>> price["type_config"]["type"], price.label
('number', 'Price')
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

__all__ = [
    "AreaChartColumn", "BarChartColumn", "CheckboxColumn", "Column", "ColumnConfig", "DateColumn",
    "DatetimeColumn", "ImageColumn", "JsonColumn", "LineChartColumn", "LinkColumn", "ListColumn",
    "MultiselectColumn", "NumberColumn", "ProgressColumn", "SelectboxColumn", "TextColumn", "TimeColumn",
]

_WIDTHS = ("small", "medium", "large")


class ColumnConfig(dict[str, Any]):
    """One column's configuration: a dict with Streamlit's keys, readable as attributes."""

    def __getattr__(self, name: str) -> Any:
        if name == "type":
            return (self.get("type_config") or {}).get("type")
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"ColumnConfig has no attribute {name!r}") from None

    def __repr__(self) -> str:
        kind = (self.get("type_config") or {}).get("type")
        name = f"{kind.title().replace('_', '')}Column" if kind else "Column"
        shown = {k: v for k, v in self.items() if v is not None and k != "type_config"}
        shown.update({k: v for k, v in (self.get("type_config") or {}).items() if v is not None and k != "type"})
        return f"{name}({', '.join(f'{k}={v!r}' for k, v in shown.items())})"


def _config(kind: str | None, label: str | None, width: Any, help: str | None, common: dict[str, Any],
            type_config: dict[str, Any]) -> ColumnConfig:
    pixels = isinstance(width, int) and not isinstance(width, bool) and width > 0
    if width is not None and width not in _WIDTHS and not pixels:
        raise ValueError(f"width must be 'small', 'medium', 'large' or a number of pixels, got {width!r}.")
    config = ColumnConfig(label=label, width=width, help=help, **common)
    if kind is not None:
        config["type_config"] = {"type": kind, **type_config}
    return config


def Column(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
           disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
           alignment: str | None = None) -> ColumnConfig:
    """A column with a label, width and tooltip, whatever its values are.

    Examples
    --------
    >>> st.column_config.Column("Name", width="medium", help="Who")["width"]
    'medium'
    """
    common = {"disabled": disabled, "required": required, "pinned": pinned, "alignment": alignment}
    return _config(None, label, width, help, common, {})


def NumberColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                 disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                 alignment: str | None = None, default: int | float | None = None,
                 format: str | None = None, min_value: int | float | None = None, max_value: int | float | None = None,
                 step: int | float | None = None) -> ColumnConfig:
    """Numbers, shown with ``format`` (printf-style like ``"$%.2f"``, or ``"percent"``, ``"dollar"``...).

    In ``st.data_editor``, values outside ``min_value``/``max_value`` are refused.

    Examples
    --------
    >>> st.column_config.NumberColumn("Price", format="$%.2f")["type_config"]["format"]
    '$%.2f'
    """
    common = {"disabled": disabled, "required": required, "pinned": pinned, "alignment": alignment, "default": default}
    type_config = {"format": format, "min_value": min_value, "max_value": max_value, "step": step}
    return _config("number", label, width, help, common, type_config)


def TextColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
               disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
               alignment: str | None = None, default: str | None = None,
               max_chars: int | None = None, validate: str | None = None) -> ColumnConfig:
    """Text; in the editor, at most ``max_chars`` characters matching the regex ``validate``.

    Examples
    --------
    >>> st.column_config.TextColumn("Name", max_chars=20)["type_config"]["max_chars"]
    20
    """
    common = {"disabled": disabled, "required": required, "pinned": pinned, "alignment": alignment, "default": default}
    return _config("text", label, width, help, common, {"max_chars": max_chars, "validate": validate})


def LinkColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
               disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
               alignment: str | None = None, default: str | None = None,
               max_chars: int | None = None, validate: str | None = None,
               display_text: str | None = None) -> ColumnConfig:
    """URLs shown as links (http and https only), with ``display_text`` instead of the URL if given.

    Examples
    --------
    >>> st.column_config.LinkColumn("Site", display_text="open")["type_config"]["type"]
    'link'
    """
    common = {"disabled": disabled, "required": required, "pinned": pinned, "alignment": alignment, "default": default}
    type_config = {"max_chars": max_chars, "validate": validate, "display_text": display_text}
    return _config("link", label, width, help, common, type_config)


def CheckboxColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                   disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                   alignment: str | None = None, default: bool | None = None) -> ColumnConfig:
    """True/False values as checkboxes.

    Examples
    --------
    >>> st.column_config.CheckboxColumn("Done", default=False)["default"]
    False
    """
    common = {"disabled": disabled, "required": required, "pinned": pinned, "alignment": alignment, "default": default}
    return _config("checkbox", label, width, help, common, {})


def SelectboxColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                    disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                    default: Any = None, options: Iterable[Any] | None = None,
                    format_func: Callable[[Any], str] | None = None) -> ColumnConfig:
    """Values chosen from ``options``; in the editor, a value outside them is refused.

    Examples
    --------
    >>> st.column_config.SelectboxColumn("Size", options=["S", "M"])["type_config"]["options"]
    ['S', 'M']
    """
    values = list(options) if options is not None else None
    if values is not None and format_func is not None:
        values = [{"value": v, "label": str(format_func(v))} for v in values]
    common = {"disabled": disabled, "required": required, "pinned": pinned, "default": default}
    return _config("selectbox", label, width, help, common, {"options": values})


def _dates(kind: str, label: str | None, width: Any, help: str | None,
           disabled: bool | None, required: bool | None, pinned: bool | None, alignment: str | None, default: Any,
           format: str | None, min_value: Any, max_value: Any, step: Any, **extra: Any) -> ColumnConfig:
    common = {"disabled": disabled, "required": required, "pinned": pinned, "alignment": alignment,
              "default": default.isoformat() if hasattr(default, "isoformat") else default}
    bounds = (("min_value", min_value), ("max_value", max_value))
    iso = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in bounds}
    return _config(kind, label, width, help, common, {"format": format, **iso, "step": step, **extra})


def DateColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
               disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
               alignment: str | None = None, default: Any = None,
               format: str | None = None, min_value: Any = None, max_value: Any = None,
               step: int | None = None) -> ColumnConfig:
    """Dates, shown with ``format`` (a moment.js-style pattern such as ``"MMM YYYY"``, or ``"iso8601"``).

    Examples
    --------
    >>> st.column_config.DateColumn("Day", format="YYYY-MM-DD")["type_config"]["type"]
    'date'
    """
    return _dates("date", label, width, help, disabled, required, pinned, alignment, default,
                  format, min_value, max_value, step)


def DatetimeColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                   disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                   alignment: str | None = None, default: Any = None,
                   format: str | None = None, min_value: Any = None, max_value: Any = None,
                   step: int | float | None = None, timezone: str | None = None) -> ColumnConfig:
    """Dates with times (see :func:`DateColumn`).

    Examples
    --------
    >>> st.column_config.DatetimeColumn("When", format="localized")["type_config"]["type"]
    'datetime'
    """
    return _dates("datetime", label, width, help, disabled, required, pinned, alignment, default,
                  format, min_value, max_value, step, timezone=timezone)


def TimeColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
               disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
               alignment: str | None = None, default: Any = None,
               format: str | None = None, min_value: Any = None, max_value: Any = None,
               step: int | float | None = None) -> ColumnConfig:
    """Times of day (see :func:`DateColumn`).

    Examples
    --------
    >>> st.column_config.TimeColumn("Opens")["type_config"]["type"]
    'time'
    """
    return _dates("time", label, width, help, disabled, required, pinned, alignment, default,
                  format, min_value, max_value, step)


def ProgressColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                   pinned: bool | None = None, format: str | None = None, min_value: int | float | None = None,
                   max_value: int | float | None = None, step: int | float | None = None,
                   color: str | None = None) -> ColumnConfig:
    """Numbers as a progress bar between ``min_value`` (default 0) and ``max_value`` (default 100). Read-only.

    Examples
    --------
    >>> st.column_config.ProgressColumn("Done", max_value=1)["type_config"]["max_value"]
    1
    """
    return _config("progress", label, width, help, {"pinned": pinned},
                   {"format": format, "min_value": min_value, "max_value": max_value, "step": step, "color": color})


def ImageColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                pinned: bool | None = None, alignment: str | None = None) -> ColumnConfig:
    """Image URLs (http, https or ``data:image/...``) shown as small images. Read-only.

    Examples
    --------
    >>> st.column_config.ImageColumn("Logo")["type_config"]
    {'type': 'image'}
    """
    return _config("image", label, width, help, {"pinned": pinned, "alignment": alignment}, {})


def ListColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
               pinned: bool | None = None, disabled: bool | None = None, required: bool | None = None,
               default: Iterable[str] | None = None) -> ColumnConfig:
    """Lists, shown as comma-separated values.

    Examples
    --------
    >>> st.column_config.ListColumn("Tags")["type_config"]
    {'type': 'list'}
    """
    return _config("list", label, width, help, {"pinned": pinned, "disabled": disabled, "required": required,
                                                "default": list(default) if default is not None else None}, {})


def MultiselectColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                      disabled: bool | None = None, required: bool | None = None, pinned: bool | None = None,
                      default: Iterable[str] | None = None, options: Iterable[Any] | None = None,
                      accept_new_options: bool | None = None, color: Any = None,
                      format_func: Callable[[Any], str] | None = None) -> ColumnConfig:
    """Lists of values chosen from ``options``, shown as comma-separated values.

    Examples
    --------
    >>> st.column_config.MultiselectColumn("Tags", options=["a", "b"])["type_config"]["options"]
    ['a', 'b']
    """
    values = list(options) if options is not None else None
    if values is not None and format_func is not None:
        values = [{"value": v, "label": str(format_func(v))} for v in values]
    common = {"disabled": disabled, "required": required, "pinned": pinned,
              "default": list(default) if default is not None else None}
    type_config = {"options": values, "accept_new_options": accept_new_options}
    return _config("multiselect", label, width, help, common, type_config)


def JsonColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
               pinned: bool | None = None, alignment: str | None = None) -> ColumnConfig:
    """Values shown as JSON text.

    Examples
    --------
    >>> st.column_config.JsonColumn("Raw")["type_config"]
    {'type': 'json'}
    """
    return _config("json", label, width, help, {"pinned": pinned, "alignment": alignment}, {})


def _chart(kind: str, label: str | None, width: Any, help: str | None, pinned: bool | None, y_min: Any, y_max: Any,
           color: Any) -> ColumnConfig:
    return _config(kind, label, width, help, {"pinned": pinned}, {"y_min": y_min, "y_max": y_max, "color": color})


def BarChartColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                   pinned: bool | None = None, y_min: int | float | None = None, y_max: int | float | None = None,
                   color: str | None = None) -> ColumnConfig:
    """Lists of numbers as a small bar chart. Read-only.

    Examples
    --------
    >>> st.column_config.BarChartColumn("Sales", y_min=0)["type_config"]["y_min"]
    0
    """
    return _chart("bar_chart", label, width, help, pinned, y_min, y_max, color)


def LineChartColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                    pinned: bool | None = None, y_min: int | float | None = None, y_max: int | float | None = None,
                    color: str | None = None) -> ColumnConfig:
    """Lists of numbers as a small line chart. Read-only.

    Examples
    --------
    >>> st.column_config.LineChartColumn("Trend")["type_config"]["type"]
    'line_chart'
    """
    return _chart("line_chart", label, width, help, pinned, y_min, y_max, color)


def AreaChartColumn(label: str | None = None, *, width: str | int | None = None, help: str | None = None,
                    pinned: bool | None = None, y_min: int | float | None = None, y_max: int | float | None = None,
                    color: str | None = None) -> ColumnConfig:
    """Lists of numbers as a small area chart. Read-only.

    Examples
    --------
    >>> st.column_config.AreaChartColumn("Load")["type_config"]["type"]
    'area_chart'
    """
    return _chart("area_chart", label, width, help, pinned, y_min, y_max, color)
