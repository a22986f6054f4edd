"""``st.data_editor``: edit a DataFrame (or a list of dicts) in a grid.

The grid is an anywidget (``static/data_editor.js``). The widget's value is Streamlit's
editing state, which the browser syncs as one trait (``edits``), so the run loop detects
changes and runs ``on_change`` as for any widget; ``st.session_state[key]`` holds that
state, and the function returns the data with the edits applied, in the type it was given.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._context import current
from ..errors import JupyterStateValueError
from ._binding import register
from ._editing import Table, describe, empty_edits, fingerprint, signature
from ._family import Family, check_callback

__all__ = ["data_editor"]

_NUM_ROWS = ("fixed", "dynamic", "add", "delete")


class DataEditorFamily(Family):
    kind: ClassVar[str] = "data_editor"
    traits: ClassVar[tuple[str, ...]] = ("edits",)
    readonly = True
    #: the data's identity (its shape, or all of it: see data_editor) and num_rows
    key_identity: ClassVar[tuple[str, ...]] = ("data_identity", "num_rows")

    @property
    def table(self) -> Table:
        table: Table = self.params["table"]
        return table

    def build(self) -> ipywidgets.DOMWidget:
        from ._views import DataEditorView  # anywidget views are imported with the first widget that needs one

        # All in its comm_open: the browser draws the table once.
        edits = self.trait_values(empty_edits())["edits"]
        return DataEditorView(_dom_classes=self.classes, edits=edits, **self.view_traits())

    def view_traits(self) -> dict[str, Any]:
        p = self.params
        table = self.table
        adds = p["num_rows"] in ("dynamic", "add")
        hide_index = p["hide_index"]
        if hide_index is None:
            # As Streamlit: a counting index is hidden when rows can be added.
            hide_index = table.index_hidden or (adds and table.index_auto)
        return {
            "columns": [c.wire() for c in table.columns],
            "rows": table.rows,
            "index": table.index,
            "index_label": table.index_label,
            "index_required": adds and not table.index_auto,
            "hide_index": bool(hide_index),
            "num_rows": p["num_rows"],
            "full_width": bool(p["use_container_width"]),
        }

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        edits, dropped = self.table.normalize(view.edits, self.params["num_rows"])
        view.needs_correction = dropped
        return edits

    def trait_values(self, value: Any) -> dict[str, Any]:
        edits = value if isinstance(value, dict) else empty_edits()
        return {"edits": {
            "edited_rows": {str(k): dict(v) for k, v in (edits.get("edited_rows") or {}).items()},
            "added_rows": [dict(row) for row in edits.get("added_rows") or []],
            "deleted_rows": list(edits.get("deleted_rows") or []),
        }}


def data_editor(
    data: Any,
    *,
    key: str | int | None = None,
    on_change: Callable[..., Any] | None = None,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    disabled: bool | Iterable[str] = False,
    num_rows: str = "fixed",
    column_config: dict[Any, Any] | None = None,
    hide_index: bool | None = None,
    use_container_width: bool | None = None,
) -> Any:
    """Display an editable table; return the data with the user's edits, in the type given.

    A DataFrame comes back as a DataFrame (its dtypes kept where the edits allow), a list
    of dicts as a list of dicts. ``st.session_state[key]`` holds the edits, as Streamlit's
    editing state: ``{"edited_rows": {row: {column: value}}, "added_rows": [{column:
    value}], "deleted_rows": [row]}``, rows counted from 0 in the data as given. The key
    is read-only.

    Parameters
    ----------
    data : pandas.DataFrame or list of dict
        The data to edit. Numbers, bools and text can be edited; other columns are shown
        read-only.
    key : str or int, optional
        Names the editor's edits in ``st.session_state``.
    on_change : callable, optional
        Called as ``on_change(*args, **kwargs)`` after each edit, before the rerun.
    args, kwargs
        Arguments for ``on_change``.
    disabled : bool or list of str
        True: nothing can be edited; a list: these columns cannot be edited.
    num_rows : {"fixed", "dynamic", "add", "delete"}
        Whether the user can add rows, delete rows, or both ("dynamic").
    column_config : dict, optional
        Per column (by name; ``"_index"`` for the index): a label, None to hide it, or a
        dict with ``label``, ``disabled``, ``hidden``, ``help``, ``width``, ``default``
        (the value of new rows); ``st.column_config``-style dicts work.
    hide_index : bool, optional
        Hide the index (by default it is hidden when rows can be added to a counting index).
    use_container_width : bool, optional
        Stretch the table to the width of the app.

    Examples
    --------
    >>> df = pd.DataFrame({"item": ["apples", "pears"], "qty": [3, 5]})  # doctest: +SKIP
    >>> edited = st.data_editor(df, num_rows="dynamic", key="basket")  # doctest: +SKIP
    >>> st.write("Total:", edited["qty"].sum())  # doctest: +SKIP
    """
    if num_rows not in _NUM_ROWS:
        valid = ", ".join(map(repr, _NUM_ROWS))
        raise JupyterStateValueError(f"st.data_editor: num_rows must be one of {valid}, got {num_rows!r}.")
    if disabled is not None and not isinstance(disabled, bool) and isinstance(disabled, (str, bytes)):
        disabled = [disabled]  # a single column name
    table = describe(data, column_config, disabled)
    fully_disabled = disabled is True
    data_id = fingerprint(table)
    config_id = repr(sorted((str(k), repr(v)) for k, v in (column_config or {}).items()))
    # As Streamlit: a keyed editor with fixed rows keeps its edits while only the values
    # of the data change; otherwise new data (or config) makes a new editor.
    data_identity = signature(table) if key is not None and num_rows == "fixed" else f"{data_id}:{config_id}"
    family = DataEditorFamily(table=table, num_rows=num_rows, hide_index=hide_index,
                              use_container_width=use_container_width, data_identity=data_identity)
    identity = {"data_identity": data_identity, "num_rows": num_rows, "use_container_width": use_container_width}
    callback = check_callback(on_change)
    edits = register(family, default=empty_edits(), key=key, identity=identity, callback=callback,
                     args=args, kwargs=kwargs, disabled=fully_disabled)
    run = current().run_in_progress
    if run is not None:
        widget = run.target[-1]  # register() has just added it
        if widget.view.needs_correction and not (widget.form is not None and widget in widget.form.staged):
            widget.view.needs_correction = False
            widget.push(widget.value)  # the browser shows the edits as the kernel took them
    return table.apply(edits)  # register() returned a copy
