"""The elements ``AppTest`` hands out: widgets with actions, outputs, and lists of them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .output import Element
from .state import validate_key
from .widgets._base import Widget

if TYPE_CHECKING:
    from .testing import AppTest

__all__ = ["DataframeElement", "ElementList", "MetricElement", "OutputElement", "WidgetElement", "output_element", "widget_element"]


class WidgetElement:
    """One widget of the last run, with actions that stage a change for the next ``run()``."""

    def __init__(self, at: AppTest, widget: Widget) -> None:
        self._at = at
        self._widget = widget

    def __repr__(self) -> str:
        return f"<{self.type} key={self.key!r} label={self.label!r} value={self.value!r}>"

    @property
    def type(self) -> str:
        return self._widget.family.kind

    @property
    def key(self) -> str | None:
        return self._widget.key

    @property
    def label(self) -> str:
        return str(self._widget.family.params.get("label", ""))

    @property
    def disabled(self) -> bool:
        return bool(self._widget.view.disabled)

    @property
    def placeholder(self) -> str:
        """A chat input's placeholder."""
        return str(self._widget.family.params.get("placeholder", ""))

    @property
    def max_chars(self) -> int | None:
        return self._widget.family.params.get("max_chars")

    @property
    def options(self) -> list[Any]:
        return list(getattr(self._widget.family, "options", []))

    @property
    def value(self) -> Any:
        """The staged value if any, else the widget's value in session state / the last run."""
        if self._widget in self._at._staged:
            return self._at._staged[self._widget]
        widget = self._widget
        if widget.family.kind == "chat_input":
            return getattr(widget.family, "returned", None)  # the message of the last run, as Streamlit's
        if widget.key is not None and widget.key in self._at.session.state:
            return self._at.session.state[widget.key]
        return widget.value

    # -- actions --------------------------------------------------------------------------
    def set_value(self, value: Any) -> WidgetElement:
        """Stage ``value`` as the user's next input."""
        if self._widget.family.trigger and self.type != "chat_input":
            raise TypeError(f"st.{self.type} has no value to set; use .click().")
        self._at._staged[self._widget] = value
        return self

    def input(self, text: str) -> WidgetElement:
        return self.set_value(text)

    def check(self) -> WidgetElement:
        return self.set_value(True)

    def uncheck(self) -> WidgetElement:
        return self.set_value(False)

    def click(self) -> WidgetElement:
        if not self._widget.family.trigger:
            raise TypeError(f"st.{self.type} cannot be clicked; use .set_value().")
        self._at._staged[self._widget] = True
        return self

    def select(self, option: Any) -> WidgetElement:
        if self.type == "multiselect":
            current_value = list(self.value)
            return self.set_value(current_value if option in current_value else [*current_value, option])
        return self.set_value(option)

    def unselect(self, option: Any) -> WidgetElement:
        return self.set_value([v for v in self.value if v != option])

    def select_index(self, index: int) -> WidgetElement:
        return self.set_value(self.options[index])

    def increment(self) -> WidgetElement:
        return self.set_value(self._stepped(+1))

    def decrement(self) -> WidgetElement:
        return self.set_value(self._stepped(-1))

    def _stepped(self, sign: int) -> Any:
        params = self._widget.family.params
        low, high = params.get("bounds", (params.get("min_value"), params.get("max_value")))
        value = self.value + sign * params["step"]
        return max(low, min(high, value))

    def set_range(self, lower: Any, upper: Any) -> WidgetElement:
        return self.set_value((lower, upper))

    # -- st.file_uploader ---------------------------------------------------------------------
    def upload(self, name: str, data: bytes | str, mime: str | None = None) -> WidgetElement:
        """Stage an upload of one file (str data is encoded as UTF-8).

        Several ``upload()`` calls before a run make one multi-file selection (with
        ``accept_multiple_files``); otherwise each replaces the last, as in the browser.
        """
        if self.type != "file_uploader":
            raise TypeError(f"st.{self.type} takes no upload; use .upload() on an st.file_uploader.")
        staged = self._at._staged.get(self._widget)
        files = list(staged) if isinstance(staged, list) and self._widget.family.params["accept_multiple_files"] else []
        files.append((name, data, mime))
        return self.set_value(files)

    def clear(self) -> WidgetElement:
        """Stage removing the uploaded files."""
        return self.set_value(None)

    # -- st.data_editor -------------------------------------------------------------------------
    def _edits(self) -> dict[str, Any]:
        if self.type != "data_editor":
            raise TypeError(f"st.{self.type} is not an st.data_editor.")
        current_value = self.value if isinstance(self.value, dict) else {}
        return {
            "edited_rows": {int(k): dict(v) for k, v in (current_value.get("edited_rows") or {}).items()},
            "added_rows": [dict(row) for row in current_value.get("added_rows") or []],
            "deleted_rows": list(current_value.get("deleted_rows") or []),
        }

    def edit(self, row: int, column: str, value: Any) -> WidgetElement:
        """Stage typing ``value`` into a cell; rows after the data's own are the added rows."""
        edits = self._edits()
        count = len(self._widget.family.params["table"].rows)
        if row < count:
            edits["edited_rows"].setdefault(row, {})[column] = value
        else:
            edits["added_rows"][row - count][column] = value
        return self.set_value(edits)

    def add_row(self, values: dict[str, Any] | None = None) -> WidgetElement:
        """Stage adding a row (with ``values`` typed into it)."""
        edits = self._edits()
        edits["added_rows"].append(dict(values or {}))
        return self.set_value(edits)

    def delete_row(self, row: int) -> WidgetElement:
        """Stage deleting a row of the data (or an added row, counted after the data's own)."""
        edits = self._edits()
        count = len(self._widget.family.params["table"].rows)
        if row < count:
            edits["deleted_rows"] = sorted({*edits["deleted_rows"], row})
            edits["edited_rows"].pop(row, None)
        else:
            del edits["added_rows"][row - count]
        return self.set_value(edits)

    def run(self, *, timeout: float | None = None) -> AppTest:
        """Run the app with the staged changes (same as ``at.run()``)."""
        return self._at.run(timeout=timeout)


class DataframeElement(WidgetElement):
    """An ``st.dataframe``: ``.value`` is its data as a DataFrame (as Streamlit's AppTest)."""

    @property
    def value(self) -> Any:
        return self._widget.family.params["table"].data

    @property
    def selection(self) -> Any:
        """The selection the next run sees (staged, or the last run's)."""
        staged = self._at._staged.get(self._widget)
        return staged if staged is not None else self._widget.value

    def _select(self, rows: Any = None, columns: Any = None, cells: Any = None) -> DataframeElement:
        now = self.selection.get("selection", {}) if isinstance(self.selection, dict) else {}
        picked = {
            "rows": list(rows) if rows is not None else list(now.get("rows", [])),
            "columns": list(columns) if columns is not None else list(now.get("columns", [])),
            "cells": [list(c) for c in cells] if cells is not None else [list(c) for c in now.get("cells", [])],
        }
        self._at._staged[self._widget] = {"selection": picked}
        return self

    def select_rows(self, rows: Sequence[int]) -> DataframeElement:
        """Stage the user selecting these rows (positions in the data), as the grid sends it."""
        return self._select(rows=rows)

    def select_columns(self, columns: Sequence[str]) -> DataframeElement:
        """Stage the user selecting these columns (by name)."""
        return self._select(columns=columns)

    def select_cells(self, cells: Sequence[tuple[int, str]]) -> DataframeElement:
        """Stage the user selecting these cells, as (row position, column name)."""
        return self._select(cells=cells)


def widget_element(at: AppTest, widget: Widget) -> WidgetElement:
    """The AppTest element for a widget of the last run."""
    return DataframeElement(at, widget) if widget.family.kind == "dataframe" else WidgetElement(at, widget)


class ElementList(Sequence[Any]):
    """The elements of one kind, in the order the last run showed them.

    Index it (``at.slider[0]``) or call it with a key (``at.slider(key="age")``).
    """

    def __init__(self, items: list[Any]) -> None:
        self._items = items

    def __getitem__(self, index: Any) -> Any:
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    def __call__(self, key: str | int) -> Any:
        skey = validate_key(key)
        for item in self._items:
            if getattr(item, "key", None) == skey:
                return item
        keys = [getattr(item, "key", None) for item in self._items]
        raise KeyError(f"No element with key {skey!r}; the keys shown are {keys}.")

    @property
    def values(self) -> list[Any]:
        return [item.value for item in self._items]

    def __repr__(self) -> str:
        return f"ElementList({self._items!r})"


class OutputElement:
    """An output of the last run: ``.value`` is what it shows (text, data...)."""

    def __init__(self, element: Element) -> None:
        self.type = element.kind
        self.value = element.value if element.kind != "exception" else element.value["message"]
        self.proto = element.output
        if element.kind == "exception":
            info = element.value
            self.type = info["type"]  # the exception's class name
            self.message = info["message"]
            self.stack_trace = info["stack_trace"].splitlines()

    def __repr__(self) -> str:
        return f"<{self.type} {self.value!r}>"

    @property
    def expanded(self) -> bool:
        """For ``st.json``: whether it was shown expanded."""
        return bool(self.proto.get("metadata", {}).get("application/json", {}).get("expanded", True))


class MetricElement(OutputElement):
    """An ``st.metric``: ``.label``, and ``.value``/``.delta`` as the strings shown (Streamlit's AppTest)."""

    def __init__(self, element: Element) -> None:
        super().__init__(element)
        info = element.value
        self.label: str = info["label"]
        self.value = info["value"]
        self.delta: str = info["delta"]
        self.help: str = info["help"]
        self.color: str = info["color"]
        self.direction: str = info["direction"]
        self.border: bool = info["border"]


def output_element(element: Element) -> OutputElement:
    """The AppTest element for an output of the last run."""
    return MetricElement(element) if element.kind == "metric" else OutputElement(element)
