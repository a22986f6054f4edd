"""The elements ``AppTest`` hands out: widgets with actions, outputs, and lists of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

from .state import index_of, validate_key
from .widgets._base import Widget
from .widgets._enums import coerce_enums

if TYPE_CHECKING:
    from .testing import AppTest

__all__ = ["DataframeElement", "ElementList", "Staging", "WidgetElement", "widget_element"]


class Staging:
    """What a test set on widgets since the last run; the next ``AppTest.run()`` applies it in order."""

    def __init__(self) -> None:
        #: the value set on each widget, in the order they were set
        self.values: dict[Widget, Any] = {}
        #: the triggers the run in progress was started by (clicked, not disabled)
        self.clicked: set[Widget] = set()


class WidgetElement:
    """One widget of the last run, with actions that stage a change for the next ``run()``."""

    #: the index of the notebook cell of the widget's app (``AppTest.from_notebook``), else None
    cell: int | None = None

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
    def id(self) -> str:
        """The widget's id, ``$$ID-<hash>-<key>`` as in Streamlit."""
        return self._widget.id

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
    def index(self) -> int | None:
        """The position of the chosen option (selectbox, radio), or None when none is chosen."""
        if self._widget in self._at.staging.values:
            return index_of(self.options, self._at.staging.values[self._widget])
        index = getattr(self._widget.view, "index", None)
        return index if isinstance(index, int) else None

    @property
    def value(self) -> Any:
        """The staged value if any, else the widget's value in session state / the last run.

        A button's value is what the script saw in the last run: True in the run its click
        caused.
        """
        if self._widget in self._at.staging.values:
            return self._at.staging.values[self._widget]
        widget = self._widget
        if widget.family.kind == "chat_input":
            return getattr(widget.family, "returned", None)  # the message of the last run, as Streamlit's
        if widget.family.trigger:
            return widget in self._at.staging.clicked
        if widget.key is not None and widget.key in self._at.session.state:
            return self._at.session.state[widget.key]
        return widget.value

    # -- actions --------------------------------------------------------------------------
    def set_value(self, value: Any) -> WidgetElement:
        """Stage ``value`` as the user's next input."""
        if self._widget.family.trigger and self.type != "chat_input":
            raise TypeError(f"st.{self.type} has no value to set; use .click().")
        if self.type in _CHOOSING:
            value = self._as_options(value)
        self._at.staging.values[self._widget] = value
        return self

    def input(self, text: str) -> WidgetElement:
        """Stage typing ``text``; as in Streamlit, a text longer than ``max_chars`` is ignored."""
        limit = self._widget.family.params.get("max_chars")
        if limit and len(text) > limit:
            return self
        return self.set_value(text)

    def check(self) -> WidgetElement:
        return self.set_value(True)

    def uncheck(self) -> WidgetElement:
        return self.set_value(False)

    def click(self) -> WidgetElement:
        if not self._widget.family.trigger:
            raise TypeError(f"st.{self.type} cannot be clicked; use .set_value().")
        self._at.staging.values[self._widget] = True
        return self

    def select(self, option: Any) -> WidgetElement:
        """Stage choosing ``option`` (added to a multiselect's selection).

        Raises
        ------
        ValueError
            When ``option`` is not one of the widget's options.
        """
        if self.type == "multiselect":
            (option,) = self._as_options([option])
            current_value = list(self.value)
            return self.set_value(current_value if option in current_value else [*current_value, option])
        return self.set_value(option)

    def _as_options(self, value: Any) -> Any:
        """``value`` (an option, or a list or pair of them) as the widget's options, or raise.

        Enum members of a class the test defined (or an earlier run did) become the current
        run's members, as the widget itself would return them (``runner.enumCoercion``).
        """
        if self.type == "multiselect" and not isinstance(value, (list, tuple)):
            value = [value]  # one option: a one-item selection, as session state takes it
        value = coerce_enums(value, None, self.options)
        self._check_options(list(value) if isinstance(value, (list, tuple)) else [value])
        return value

    def _check_options(self, values: Sequence[Any]) -> None:
        options = self.options
        for value in values:
            if index_of(options, value) is None and not (value is None and self.type in ("selectbox", "radio")):
                raise ValueError(f"{value!r} is not one of the options of st.{self.type} {self.label!r}: {options!r}.")

    def unselect(self, option: Any) -> WidgetElement:
        return self.set_value([v for v in self.value if v != option])

    def select_index(self, index: int) -> WidgetElement:
        return self.set_value(self.options[index])

    def _stepped(self, sign: int) -> Any:
        params = self._widget.family.params
        value = self.value
        if isinstance(value, dt.time):  # one step later or earlier, round the clock as in Streamlit
            moved = dt.datetime.combine(dt.date.today(), value) + sign * dt.timedelta(seconds=params["step"])
            return moved.time()
        if value is None:
            return None
        low, high = params.get("bounds", (params.get("min_value"), params.get("max_value")))
        return max(low, min(high, value + sign * params["step"]))

    def increment(self) -> WidgetElement:
        """Stage one step up (number_input, time_input); an empty time_input stays empty."""
        stepped = self._stepped(+1)
        return self if stepped is None else self.set_value(stepped)

    def decrement(self) -> WidgetElement:
        """Stage one step down (number_input, time_input)."""
        stepped = self._stepped(-1)
        return self if stepped is None else self.set_value(stepped)

    def set_range(self, lower: Any, upper: Any) -> WidgetElement:
        """Stage a range; a reversed pair is put in order, as the slider shows it."""
        if self.type == "select_slider":
            lower, upper = self._as_options((lower, upper))
            options = self.options
            pair = sorted((lower, upper), key=lambda v: cast(int, index_of(options, v)))
            return self.set_value(tuple(pair))
        return self.set_value(tuple(sorted((lower, upper))))

    # -- st.file_uploader ---------------------------------------------------------------------
    def upload(self, name: str, data: bytes | str, mime: str | None = None) -> WidgetElement:
        """Stage an upload of one file (str data is encoded as UTF-8).

        Several ``upload()`` calls before a run make one multi-file selection (with
        ``accept_multiple_files``); otherwise each replaces the last, as in the browser.
        """
        if self.type != "file_uploader":
            raise TypeError(f"st.{self.type} takes no upload; use .upload() on an st.file_uploader.")
        staged = self._at.staging.values.get(self._widget)
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
        staged = self._at.staging.values.get(self._widget)
        return staged if staged is not None else self._widget.value

    def _select(self, rows: Any = None, columns: Any = None, cells: Any = None) -> DataframeElement:
        now = self.selection.get("selection", {}) if isinstance(self.selection, dict) else {}
        picked = {
            "rows": list(rows) if rows is not None else list(now.get("rows", [])),
            "columns": list(columns) if columns is not None else list(now.get("columns", [])),
            "cells": [list(c) for c in cells] if cells is not None else [list(c) for c in now.get("cells", [])],
        }
        self._at.staging.values[self._widget] = {"selection": picked}
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
        if isinstance(index, slice):
            return ElementList(self._items[index])
        return self._items[index]

    def __len__(self) -> int:
        return len(self._items)

    @property
    def len(self) -> int:
        """The number of elements (Streamlit's ``ElementList.len``)."""
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


_CHOOSING = ("selectbox", "radio", "multiselect", "select_slider")
