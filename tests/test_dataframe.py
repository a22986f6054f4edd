"""st.dataframe (selection through the grid's comm), st.column_config, st.metric, st.table,
and their AppTest elements, compared with Streamlit's AppTest where the two compare."""

from __future__ import annotations

import pickle
from typing import Any

import numpy as np
import pandas as pd
import pytest

import jupyter_state as st
from jupyter_state.errors import JupyterStateAPIException
from jupyter_state.testing import AppTest
from tests.helpers import frontend_update, texts, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def frame() -> pd.DataFrame:
    return pd.DataFrame({"item": ["apples", "pears", "plums"], "qty": [3, 5, 7], "price": [1.5, 2.0, 0.5]})


def select(view: Any, rows: list[int] = [], columns: list[str] = [], cells: list[list[Any]] = []) -> None:  # noqa: B006
    """What the grid sends when the user selects: one ``update`` of its ``selection`` trait."""
    frontend_update(view, selection={"rows": rows, "columns": columns, "cells": cells})


# -- st.dataframe ------------------------------------------------------------------------------
def test_a_row_selection_reaches_session_state_and_reruns_with_the_callback_first() -> None:
    seen: list[Any] = []

    def on_pick() -> None:
        seen.append(("callback", list(st.session_state.grid.selection.rows)))

    def body() -> None:
        event = st.dataframe(frame(), key="grid", on_select=on_pick)
        seen.append(("body", list(event.selection.rows)))

    app = make(body)
    assert st.session_state.grid == {"selection": {"rows": [], "columns": [], "cells": []}}
    view = widget(app, "grid").view
    assert view.mode == "dataframe" and view.selection_modes == ["multi-row"] and not view.disabled
    assert view.rows[0] == ["apples", 3, 1.5]
    select(view, rows=[2, 0])
    assert seen[-2:] == [("callback", [2, 0]), ("body", [2, 0])]
    assert st.session_state.grid.selection.rows == [2, 0]
    runs = len(seen)
    select(view, rows=[2, 0])  # the same selection again: no callback
    assert ("callback", [2, 0]) not in seen[runs:]


def test_selection_is_checked_against_the_grid_and_its_modes() -> None:
    app = make(lambda: st.dataframe(frame(), key="grid", on_select="rerun", selection_mode=["single-row", "multi-column", "single-cell"]))
    view = widget(app, "grid").view
    select(view, rows=[1, 2, 99], columns=["price", "nope", "qty"], cells=[[0, "item"], [1, "qty"]])
    assert st.session_state.grid == {"selection": {"rows": [1], "columns": ["price", "qty"], "cells": [(0, "item")]}}


def test_single_row_required_starts_with_the_first_row() -> None:
    out: list[Any] = []
    make(lambda: out.append(st.dataframe(frame(), key="g", on_select="rerun", selection_mode="single-row-required")))
    assert out[-1].selection.rows == [0]


def test_a_selection_can_be_set_through_session_state_as_in_streamlit_1_67() -> None:
    def body() -> None:
        if "grid" not in st.session_state:
            st.session_state.grid = {"selection": {"rows": [1, 5], "columns": [], "cells": []}}
        st.dataframe(frame(), key="grid", on_select="rerun")

    app = make(body)
    assert st.session_state.grid.selection.rows == [1]
    assert widget(app, "grid").view.selection["rows"] == [1]  # the grid shows it

    def bad() -> None:
        st.session_state.g = [1]
        st.dataframe(frame(), key="g", on_select="rerun")

    st.set_option("runner.raiseErrors", True)
    with pytest.raises(JupyterStateAPIException, match="'selection' key"):
        make(bad)


def test_without_selection_it_returns_none_and_equal_grids_are_allowed() -> None:
    out: list[Any] = []

    def body() -> None:
        out.append(st.dataframe([1, 2, 3]))
        out.append(st.dataframe([1, 2, 3]))  # not a widget in Streamlit: no duplicate-id error

    app = make(body)
    assert out == [None, None]
    views = [w.view for w in app.widgets.values()]
    assert len(views) == 2 and all(v.disabled for v in views)
    app.run()
    assert [w.view for w in app.widgets.values()] == views  # reused, no new comms


def test_new_data_updates_the_grid_in_place() -> None:
    data = {"n": 1}
    app = make(lambda: st.dataframe(pd.DataFrame({"a": range(data["n"])})))
    view = next(iter(app.widgets.values())).view
    data["n"] = 3
    app.run()
    assert next(iter(app.widgets.values())).view is view
    assert view.rows == [[0], [1], [2]]


@pytest.mark.parametrize(
    ("data", "columns", "rows"),
    [
        ({"a": 1, "b": 2}, ["value"], [[1], [2]]),
        ({"a": [1, 2], "b": [3, 4]}, ["a", "b"], [[1, 3], [2, 4]]),
        ([1, 2, 3], ["value"], [[1], [2], [3]]),
        ([[1, 2], [3, 4]], ["0", "1"], [[1, 2], [3, 4]]),
        (np.array([[1, 2], [3, 4]]), ["0", "1"], [[1, 2], [3, 4]]),
        (pd.Series([1, 2], name="s"), ["s"], [[1], [2]]),
        ([{"x": 1}, {"x": 2, "y": 3}], ["x", "y"], [[1, None], [2, 3.0]]),
        (None, [], []),
    ],
)
def test_what_the_grid_accepts(data: Any, columns: list[str], rows: list[list[Any]]) -> None:
    app = make(lambda: st.dataframe(data))
    view = next(iter(app.widgets.values())).view
    assert [c["name"] for c in view.columns] == columns
    assert view.rows == rows


def test_options_reach_the_grid() -> None:
    def body() -> None:
        st.dataframe(frame(), width=300, height=200, hide_index=True, column_order=["price", "item"],
                     column_config={"price": st.column_config.ProgressColumn("Price", max_value=2), "item": "Fruit"})

    app = make(body)
    view = next(iter(app.widgets.values())).view
    assert (view.width_px, view.height_px, view.hide_index, view.full_width) == (300, 200, True, False)
    assert view.column_order == ["price", "item"]
    by_name = {c["name"]: c for c in view.columns}
    assert by_name["price"]["config"] == {"type": "progress", "format": None, "min_value": None, "max_value": 2, "step": None, "color": None}
    assert by_name["price"]["label"] == "Price" and by_name["item"]["label"] == "Fruit"


def test_bad_arguments_are_streamlits_errors() -> None:
    st.set_option("runner.raiseErrors", True)
    with pytest.raises(JupyterStateAPIException, match="only 'ignore', 'rerun', or a callable"):
        make(lambda: st.dataframe(frame(), on_select="select"))
    with pytest.raises(JupyterStateAPIException, match="Invalid selection_mode"):
        make(lambda: st.dataframe(frame(), on_select="rerun", selection_mode="every-row"))
    with pytest.raises(JupyterStateAPIException, match="cannot combine 'multi-row' and 'single-row'"):
        make(lambda: st.dataframe(frame(), on_select="rerun", selection_mode=["single-row", "multi-row"]))
    with pytest.raises(JupyterStateAPIException, match="selection_default needs selections"):
        make(lambda: st.dataframe(frame(), selection_default={"selection": {"rows": [0]}}))
    with pytest.raises(TypeError, match="cannot show a builtins.object"):
        make(lambda: st.dataframe(object()))


def test_selection_state_pickles_and_reads_as_attributes() -> None:
    out: list[Any] = []
    make(lambda: out.append(st.dataframe(frame(), key="g", on_select="rerun", selection_default={"selection": {"rows": [2]}})))
    state = pickle.loads(pickle.dumps(out[-1]))
    assert state.selection.rows == [2] and state["selection"]["cells"] == []
    with pytest.raises(AttributeError, match="no attribute 'row'"):
        _ = state.selection.row


# -- st.column_config, shared with st.data_editor -----------------------------------------------
def test_column_config_objects_are_streamlits_dicts() -> None:
    import streamlit

    ours = st.column_config.NumberColumn("Price", format="$%.2f", min_value=0, help="h")
    theirs = streamlit.column_config.NumberColumn("Price", format="$%.2f", min_value=0, help="h")
    assert ours == theirs
    assert ours.label == "Price" and ours.type == "number"
    assert repr(ours) == "NumberColumn(label='Price', help='h', format='$%.2f', min_value=0)"
    for name in ("TextColumn", "CheckboxColumn", "SelectboxColumn", "LinkColumn", "ProgressColumn", "ImageColumn", "DateColumn", "ListColumn"):
        assert getattr(st.column_config, name)("x") == getattr(streamlit.column_config, name)("x"), name
    with pytest.raises(ValueError, match="width"):
        st.column_config.Column(width="huge")


def test_data_editor_keeps_to_column_config_limits() -> None:
    out: list[Any] = []
    config = {
        "qty": st.column_config.NumberColumn(min_value=0, max_value=10),
        "item": st.column_config.SelectboxColumn(options=["apples", "pears", "figs"]),
        "price": st.column_config.ProgressColumn(),
    }
    app = make(lambda: out.append(st.data_editor(frame(), key="ed", column_config=config)))
    view = widget(app, "ed").view
    assert {c["name"]: c["disabled"] for c in view.columns} == {"item": False, "qty": False, "price": True}
    wire = {"edited_rows": {"0": {"qty": 50, "item": "figs"}, "1": {"qty": 9, "item": "kiwis", "price": 9}}, "added_rows": [], "deleted_rows": []}
    frontend_update(view, edits=wire)
    assert st.session_state.ed["edited_rows"] == {0: {"item": "figs"}, 1: {"qty": 9}}
    assert out[-1]["qty"].tolist() == [3, 9, 7]


# -- st.metric and st.table -----------------------------------------------------------------------
def test_metric_shows_escaped_text_with_the_delta_colour() -> None:
    app = make(lambda: st.metric("Temp <b>", 70, -1.5, delta_color="inverse", help="in °F", border=True))
    html = app.view.block.shown[0].outputs[0]["data"]["text/html"]
    assert "Temp &lt;b&gt;" in html and "<b>" not in html
    assert "↓ -1.5" in html and "#138a36" in html and "border:1px" in html
    assert texts(app) == ["Temp <b>: 70 (↓-1.5)"]
    with pytest.raises(JupyterStateAPIException, match="Invalid `value` type"):
        st.metric("x", [1])
    with pytest.raises(JupyterStateAPIException, match="delta_color"):
        st.metric("x", 1, 1, delta_color="purple")


def test_table_is_escaped_static_html() -> None:
    app = make(lambda: st.table(pd.DataFrame({"a": ["<script>x</script>", "b"]})))
    html = app.view.block.shown[0].outputs[0]["data"]["text/html"]
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert not app.widgets  # no widget, no comm


# -- AppTest, against Streamlit's ----------------------------------------------------------------
SCRIPT = """
import {pkg} as st
import pandas as pd
df = pd.DataFrame({{"name": ["a", "b"], "n": [1, 2]}})
st.metric("Total", 1234.5)
st.metric("Delta", "12 kg", delta=-3, delta_color="inverse")
st.metric("Empty", None, delta="0")
st.metric("Numpy", __import__("numpy").int64(7), delta=2.5, border=True)
st.table({{"apples": 3, "pears": 5}})
st.table(df)
st.dataframe(df)
st.dataframe([1, 2, 3])
st.dataframe({{"a": [1, 2], "b": [3, 4]}})
event = st.dataframe(df, key="grid", on_select="rerun")
st.json({{"x": 1}}, expanded=False)
"""


@pytest.mark.oracle
def test_apptest_values_match_streamlits() -> None:
    from tests.test_oracle import st_testing  # skips locally without Streamlit, fails in CI
    theirs = st_testing.AppTest.from_string(SCRIPT.format(pkg="streamlit")).run()
    ours = AppTest.from_string(SCRIPT.format(pkg="jupyter_state")).run()
    assert not ours.exception and not theirs.exception
    assert [(m.label, m.value, m.delta) for m in ours.metric] == [(m.label, m.value, m.delta) for m in theirs.metric]
    assert len(ours.table) == len(theirs.table) == 2
    for a, b in zip(ours.table, theirs.table):
        pd.testing.assert_frame_equal(a.value, b.value, check_dtype=False)
    assert len(ours.dataframe) == len(theirs.dataframe) == 4
    for a, b in zip(ours.dataframe, theirs.dataframe):
        pd.testing.assert_frame_equal(a.value.reset_index(drop=True), b.value.reset_index(drop=True), check_dtype=False)
    assert ours.session_state["grid"] == theirs.session_state["grid"]
    assert ours.json[0].expanded is theirs.json[0].expanded is False
    assert len(ours.get("metric")) == 4


def test_apptest_selects_rows_as_the_grid_does() -> None:
    script = (
        "import jupyter_state as st\n"
        "import pandas as pd\n"
        "df = pd.DataFrame({'fruit': ['apples', 'pears', 'plums'], 'kg': [3, 5, 7]})\n"
        "event = st.dataframe(df, key='grid', on_select='rerun')\n"
        "st.metric('Selected kg', int(df.iloc[event.selection.rows]['kg'].sum()))\n"
    )
    at = AppTest.from_string(script).run()
    assert at.metric[0].value == "0"
    at.dataframe(key="grid").select_rows([0, 2]).run()
    assert at.metric[0].value == "10"
    assert at.session_state.grid.selection.rows == [0, 2]
    assert at.dataframe[0].value.shape == (3, 2)


def test_metrics_and_grids_in_columns_as_streamlit_apps_write_them() -> None:
    script = (
        "import jupyter_state as st\n"
        "import pandas as pd\n"
        "df = pd.DataFrame({'fruit': ['apples', 'pears'], 'kg': [3, 5]})\n"
        "left, right = st.columns(2)\n"
        "event = right.dataframe(df, key='grid', on_select='rerun', selection_mode='single-row')\n"
        "left.metric('Picked', ', '.join(df.iloc[event.selection.rows]['fruit']) or 'none', border=True)\n"
        "with st.sidebar:\n"
        "    st.table(df)\n"
    )
    at = AppTest.from_string(script).run()
    assert at.columns[0].metric[0].value == "none"
    at.columns[1].dataframe(key="grid").select_rows([1]).run()
    assert at.columns[0].metric[0].value == "pears"
    assert at.sidebar.table[0].value.shape == (2, 2)
    with pytest.raises(JupyterStateAPIException, match="not a method"):
        _ = st.sidebar.cache_data


def test_the_docstring_examples_run() -> None:
    import doctest

    from jupyter_state import _frames, column_config

    for module in (column_config, _frames):
        result = doctest.testmod(module, extraglobs={"st": st})
        assert result.attempted > 0 and result.failed == 0, module.__name__


@pytest.mark.parametrize(("data", "index", "header"), [
    ([{"a": 1, "b": 2}, {"a": 3, "b": 4}], False, True),  # records: column names, a RangeIndex
    ({"apples": 3, "pears": 5}, True, False),  # key-value: its keys are the index, no header
    ([[1, 2], [3, 4]], False, False),  # rows
    ([1, 2, 3], False, False),  # values
    (pd.DataFrame({"n": [1, 2]}, index=["x", "y"]), True, True),  # a custom index is shown
])
def test_table_hides_a_default_index_and_a_made_up_header_as_streamlit_does(data: Any, index: bool, header: bool) -> None:
    app = make(lambda: st.table(data))
    html_text = app.view.block.shown[0].outputs[0]["data"]["text/html"]
    assert ("<thead>" in html_text) is header
    assert ("<tbody>\n    <tr>\n      <th>" in html_text) is index
    shown = make(lambda: st.table(data, hide_index=False, hide_header=False))
    shown_html = shown.view.block.shown[0].outputs[0]["data"]["text/html"]
    assert "<thead>" in shown_html and "<tbody>\n    <tr>\n      <th>" in shown_html
