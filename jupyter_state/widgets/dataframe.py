"""``st.dataframe``: a read-only grid (sortable, scrollable) whose selection can drive a rerun.

The grid is the data editor's anywidget view in its "dataframe" mode: the same table
description (``_editing.describe``, so ``st.column_config`` works the same in both), with
cells shown instead of edited, headers that sort, and, with ``on_select="rerun"`` (or a
callback), rows, columns or cells the user can select. The selection is the widget's value,
synced as one trait; ``st.session_state[key]`` holds it in Streamlit's shape::

    {"selection": {"rows": [0, 2], "columns": ["price"], "cells": [(1, "price")]}}

readable as ``state.selection.rows``. Rows are positions in the data as given (sorting in
the browser does not change them).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterable
from typing import Any, ClassVar

import ipywidgets

from .._context import Run, current
from .._frames import to_frame
from ..errors import JupyterStateAPIException
from ._binding import register
from ._editing import describe, fingerprint
from .data_editor import DataEditorFamily

__all__ = ["SelectionState", "dataframe"]

SELECTION_MODES = ("single-row", "single-row-required", "multi-row", "single-column", "multi-column",
                   "single-cell", "multi-cell")
_ROW_MODES = {"single-row", "single-row-required", "multi-row"}

#: how many unkeyed, non-selecting dataframes each run has shown so far (their identity)
_positions: weakref.WeakKeyDictionary[Run, int] = weakref.WeakKeyDictionary()


class SelectionState(dict[str, Any]):
    """Streamlit's dataframe state: a dict whose keys read as attributes (``state.selection.rows``)."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"The dataframe state has no attribute {name!r}; it has {sorted(self)}.") from None


def _state(rows: Iterable[int] = (), columns: Iterable[str] = (), cells: Iterable[Any] = ()) -> SelectionState:
    selection = SelectionState(rows=list(rows), columns=list(columns), cells=[tuple(c) for c in cells])
    return SelectionState(selection=selection)


def parse_selection_mode(selection_mode: str | Iterable[str]) -> list[str]:
    """The selection modes as a sorted list, checked as Streamlit checks them."""
    modes = {selection_mode} if isinstance(selection_mode, str) else set(selection_mode)
    unknown = modes - set(SELECTION_MODES)
    if unknown or not modes:
        valid = ", ".join(map(repr, SELECTION_MODES))
        raise JupyterStateAPIException(
            f"Invalid selection_mode {sorted(unknown) or selection_mode!r}. Valid values are: {valid}."
        )
    for clash in (modes & _ROW_MODES, modes & {"single-column", "multi-column"}, modes & {"single-cell", "multi-cell"}):
        if len(clash) > 1:
            both = " and ".join(map(repr, sorted(clash)))
            raise JupyterStateAPIException(f"selection_mode cannot combine {both}: choose one of them.")
    return sorted(modes)


class DataframeFamily(DataEditorFamily):
    """The data editor's family in the grid's "dataframe" mode: the selection is the value."""

    kind: ClassVar[str] = "dataframe"
    traits: ClassVar[tuple[str, ...]] = ("selection",)
    readonly = False  # a selection can be set through session state (Streamlit 1.67)
    #: a keyed dataframe keeps its selection while its data changes, not when its modes do
    key_identity: ClassVar[tuple[str, ...]] = ("selection_modes",)

    def build(self) -> ipywidgets.DOMWidget:
        from ._views import DataEditorView  # anywidget views are imported with the first widget that needs one

        return DataEditorView(_dom_classes=self.classes, mode="dataframe",
                              **self.trait_values(_state()), **self.view_traits())

    def view_traits(self) -> dict[str, Any]:
        p = self.params
        table = self.table
        return {
            "columns": [c.wire() for c in table.columns],
            "rows": table.rows,
            "index": table.index,
            "index_label": table.index_label,
            "hide_index": bool(p["hide_index"] or table.index_hidden),
            "column_order": p["column_order"],
            "selection_modes": p["selection_modes"],
            "full_width": p["width"] == "stretch",
            "width_px": p["width"] if isinstance(p["width"], int) else 0,
            "height_px": p["height"] if isinstance(p["height"], int) else 0,
        }

    def _valid(self, raw: Any) -> SelectionState:
        """The part of a selection that fits this grid and its modes (browser or session state)."""
        selection = raw.get("selection", raw) if isinstance(raw, dict) else {}
        if not isinstance(selection, dict):
            selection = {}
        modes = set(self.params["selection_modes"])
        count = len(self.table.rows)
        names = {c.name: c.source for c in self.table.columns}
        given_rows = (selection.get("rows") or []) if modes & _ROW_MODES else []
        rows = [r for r in given_rows if isinstance(r, int) and not isinstance(r, bool) and 0 <= r < count]
        given_columns = (selection.get("columns") or []) if modes & {"single-column", "multi-column"} else []
        columns = [c for c in given_columns if isinstance(c, str) and c in names]
        cells = []
        if modes & {"single-cell", "multi-cell"}:
            for cell in selection.get("cells") or []:
                if (isinstance(cell, (list, tuple)) and len(cell) == 2 and isinstance(cell[0], int)
                        and 0 <= cell[0] < count and str(cell[1]) in names):
                    cells.append((cell[0], str(cell[1])))
        singles = (("single-row", rows), ("single-row-required", rows),
                   ("single-column", columns), ("single-cell", cells))
        for single, values in singles:
            if single in modes:
                del values[1:]
        if "single-row-required" in modes and not rows and count:
            rows.append(0)
        return _state(dict.fromkeys(rows), dict.fromkeys(columns), dict.fromkeys(cells))

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        return self._valid(view.selection)

    def trait_values(self, value: Any) -> dict[str, Any]:
        selection = value.get("selection", {}) if isinstance(value, dict) else {}
        return {"selection": {
            "rows": list(selection.get("rows") or []),
            "columns": list(selection.get("columns") or []),
            "cells": [list(c) for c in selection.get("cells") or []],
        }}

    def validate(self, value: Any, key: str) -> Any:
        if not isinstance(value, dict) or not isinstance(value.get("selection"), dict):
            raise JupyterStateAPIException(
                f"st.session_state[{key!r}] holds a dataframe's selection, which must be a dict with a 'selection' key "
                "containing 'rows', 'columns', and 'cells' lists, "
                "e.g. {'selection': {'rows': [0], 'columns': [], 'cells': []}}."
            )
        return self._valid(value)


def _on_select(on_select: Any) -> Callable[..., Any] | None:
    if on_select in ("ignore", "rerun"):
        return None
    if callable(on_select):
        return on_select  # type: ignore[no-any-return]
    raise JupyterStateAPIException(
        f"You have passed {on_select!r} to `on_select`. But only 'ignore', 'rerun', or a callable is supported."
    )


def dataframe(
    data: Any = None,
    width: str | int = "stretch",
    height: str | int = "auto",
    *,
    use_container_width: bool | None = None,
    hide_index: bool | None = None,
    column_order: Iterable[str] | None = None,
    column_config: dict[Any, Any] | None = None,
    key: str | int | None = None,
    on_select: str | Callable[..., Any] = "ignore",
    selection_mode: str | Iterable[str] = "multi-row",
    selection_default: dict[str, Any] | None = None,
    row_height: int | None = None,
    placeholder: str | None = None,
    lazy: bool | None = None,
    alt: str | None = None,
) -> Any:
    """Show data in a read-only grid: sortable by its headers, scrollable, optionally selectable.

    Parameters
    ----------
    data : DataFrame, Series, NumPy array, list, dict or None
        What to show; lists of values and dicts of values become one column named "value".
    width : "stretch", "content" or int
        The grid's width ("stretch": the app's width; an int: pixels).
    height : "auto" or int
        The grid's height in pixels; it scrolls beyond that ("auto": about 10 rows).
    use_container_width : bool, optional
        The older spelling of ``width="stretch"``.
    hide_index : bool, optional
        Leave out the index column.
    column_order : list of str, optional
        The columns to show, in this order (the others are hidden).
    column_config : dict, optional
        Per column (``"_index"`` for the index): an ``st.column_config`` object, a label,
        None to hide it, or a dict.
    key : str or int, optional
        Names the selection in ``st.session_state``.
    on_select : "ignore", "rerun" or callable
        "rerun" (or a callback, called before the rerun) makes the grid selectable; the
        function then returns the selection.
    selection_mode : str or list of str
        "multi-row" (default), "single-row", "single-row-required", "single-column",
        "multi-column", "single-cell", "multi-cell", or a list combining them.
    selection_default : dict, optional
        The selection before the user makes one, in the returned shape.

    Returns
    -------
    SelectionState or None
        With selections on: ``{"selection": {"rows": [...], "columns": [...], "cells": [...]}}``
        (attribute access works: ``event.selection.rows``); otherwise None.

    Examples
    --------
    >>> event = st.dataframe(df, key="table", on_select="rerun")  # doctest: +SKIP
    >>> picked = df.iloc[event.selection.rows]  # doctest: +SKIP
    """
    callback = _on_select(on_select)
    selecting = on_select != "ignore"
    if selection_default is not None and not selecting:
        raise JupyterStateAPIException(
            "selection_default needs selections: set on_select to 'rerun' or a callback to use selection_default."
        )
    if use_container_width is not None:
        width = "stretch" if use_container_width else "content"
    if not (width in ("stretch", "content") or (isinstance(width, int) and not isinstance(width, bool) and width > 0)):
        raise JupyterStateAPIException(
            f"width must be 'stretch', 'content' or a positive number of pixels, got {width!r}."
        )
    pixels = isinstance(height, int) and not isinstance(height, bool) and height > 0
    if not (height in ("auto", "stretch", "content") or pixels):
        raise JupyterStateAPIException(f"height must be 'auto' or a positive number of pixels, got {height!r}.")
    modes = parse_selection_mode(selection_mode) if selecting else []
    table = describe(to_frame(data), column_config, True, "st.dataframe")
    order = [str(c) for c in column_order] if column_order is not None else []
    family = DataframeFamily(table=table, hide_index=hide_index, column_order=order, selection_modes=modes,
                             width=width, height=height)
    run = current().run_in_progress
    if not selecting and key is None:
        # Not a widget in Streamlit: two equal grids are fine, so the position tells them apart.
        position = _positions.get(run, 0) if run is not None else 0
        if run is not None:
            _positions[run] = position + 1
        identity: dict[str, Any] = {"position": position}
    else:
        config_id = repr(sorted((str(k), repr(v)) for k, v in (column_config or {}).items()))
        identity = {"data": fingerprint(table), "config": config_id, "selection_modes": modes}
    default = family._valid(selection_default) if selection_default is not None else family._valid({})
    state = register(family, default=default, key=key, identity=identity,
                     callback=callback, args=None, kwargs=None, disabled=not selecting)
    return state if selecting else None
