"""The block tree and the containers, driven through the comm path.

Elements go into the innermost container entered (``with``) or called (``col.button``);
a container keeps its ipywidget across reruns (so its widgets keep their views), an
unchanged layout sends nothing, and what the user does to a container in the browser (the
open tab, a toggled expander) is never reset by a rerun.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import ipywidgets
import pytest

import jupyter_state as st
from jupyter_state import errors
from jupyter_state.containers import Column, Columns, Expander, Tabs
from tests.helpers import click, frontend_update, set_value, tree_texts, widget
from testsupport.comm_recorder import CommRecorder


def make(body: Any) -> Any:
    return st.app(body, display=False)


def shown(app: Any) -> list[str]:
    return tree_texts(app.view.box)


@pytest.fixture
def recorder() -> Iterator[CommRecorder]:
    rec = CommRecorder()
    with rec.installed():
        yield rec


# -- the tree ---------------------------------------------------------------------------------
def test_elements_go_into_the_container_entered_or_called() -> None:
    def body() -> None:
        left, right = st.columns(2)
        with left:
            st.write("in left")
        right.write("in right")
        st.write("below")

    app = make(body)
    row = app.view.block.shown[0]
    assert isinstance(row, ipywidgets.GridBox)
    assert [tree_texts(col) for col in row.children] == [["in left"], ["in right"]]
    assert shown(app) == ["in left", "in right", "below"]


def test_a_container_created_first_is_filled_later_in_its_place() -> None:
    def body() -> None:
        box = st.container()
        st.write("after")
        box.write("inside, shown first")

    app = make(body)
    assert shown(app) == ["inside, shown first", "after"]


def test_nested_containers_and_the_stack_unwinds() -> None:
    def body() -> None:
        with st.container():
            a, b = st.columns(2)
            with a:
                with st.expander("More", expanded=True):
                    st.write("deep")
                st.write("in a")
            st.write("in box")
        st.write("main")

    app = make(body)
    assert shown(app) == ["deep", "in a", "in box", "main"]


def test_stdout_goes_into_the_current_container() -> None:
    def body() -> None:
        left, _ = st.columns(2)
        with left:
            print("printed")

    app = make(body)
    assert tree_texts(app.view.block.shown[0].children[0]) == ["printed\n"]


def test_a_method_on_another_container_inside_a_with_goes_there() -> None:
    def body() -> None:
        a, b = st.columns(2)
        with a:
            b.write("to b")
            st.write("to a")

    app = make(body)
    row = app.view.block.shown[0]
    assert [tree_texts(col) for col in row.children] == [["to a"], ["to b"]]


# -- identity across reruns -----------------------------------------------------------------
def test_a_widget_in_a_column_keeps_identity_value_and_view(recorder: Any) -> None:
    def body() -> None:
        left, right = st.columns([2, 1])
        with left:
            x = st.slider("x", 0, 10, 3, key="x")
        right.write("x is", x)

    app = make(body)
    slider = widget(app, "x")
    view, row = slider.view, app.view.block.shown[0]
    recorder.drain()
    set_value(app, "x", 7)
    sent = recorder.drain()
    assert widget(app, "x") is slider and slider.view is view and app.view.block.shown[0] is row
    assert shown(app) == ["x is `7`"]
    assert sent.count("comm_open") == 0
    # Only the echo of the slider and the new text: the row and columns send nothing.
    assert {m.model for m in sent.messages} <= {"AnyModel", "OutputModel"}  # the slider is an anywidget


def test_an_unchanged_layout_sends_nothing_on_rerun(recorder: Any) -> None:
    def body() -> None:
        st.sidebar.slider("s", 0, 10, 1, key="s")
        a, b, c = st.columns(3)
        a.checkbox("a", key="a")
        b.write("b")
        with c:
            st.text_input("c", key="c")
        t1, t2 = st.tabs(["One", "Two"])
        t1.write("one")
        t2.toggle("t", key="t")
        with st.expander("More"):
            st.number_input("n", key="n")
        with st.popover("Pop"):
            st.write("popped")
        st.empty().write("placeholder")
        with st.container(border=True, height=200):
            st.write("boxed")

    app = make(body)
    recorder.drain()
    app.run()
    assert recorder.drain().messages == []


def test_a_sibling_container_changing_costs_the_others_nothing(recorder: Any) -> None:
    def body() -> None:
        left, right = st.columns(2)
        with left:
            st.text_input("Name", key="name")
        with right:
            if st.checkbox("More", key="more"):
                st.write("extra")
                st.slider("extra slider", 0, 5, key="es")

    app = make(body)
    name = widget(app, "name")
    left_col = app.view.block.shown[0].children[0]
    left_slots = left_col.children
    recorder.drain()
    set_value(app, "more", True)
    sent = recorder.drain()
    assert widget(app, "name") is name and left_col.children == left_slots
    assert not [m for m in sent.messages if m.comm_id in {name.view.model_id, left_col.model_id}]
    assert shown(app) == ["extra"]


def test_the_open_tab_is_the_users_and_survives_reruns() -> None:
    def body() -> None:
        a, b = st.tabs(["A", "B"])
        a.write("on a")
        with b:
            st.button("Go", key="go")

    app = make(body)
    bar = app.view.block.shown[0]
    assert isinstance(bar, ipywidgets.Tab) and bar.titles == ("A", "B") and bar.selected_index == 0
    frontend_update(bar, selected_index=1)  # the user opens tab B: no rerun
    button_view = widget(app, "go").view
    click(app, "go")
    assert app.view.block.shown[0] is bar and bar.selected_index == 1
    assert widget(app, "go").view is button_view


def test_switching_a_tab_or_toggling_an_expander_runs_nothing() -> None:
    runs = []

    def body() -> None:
        runs.append(1)
        st.tabs(["A", "B"])
        with st.expander("E"):
            st.write("x")

    app = make(body)
    bar, expander = app.view.block.shown[:2]
    frontend_update(bar, selected_index=1)
    frontend_update(expander, selected_index=0)
    assert len(runs) == 1


def test_the_users_open_expander_stays_open_and_expanded_applies_when_it_changes() -> None:
    def body() -> None:
        with st.expander("Details", expanded=st.session_state.get("open", False)):
            st.slider("inside", 0, 5, key="inside")
        st.button("rerun", key="rerun")

    app = make(body)
    exp = app.view.block.shown[0]
    assert isinstance(exp, ipywidgets.Accordion) and exp.selected_index is None and exp.titles == ("Details",)
    frontend_update(exp, selected_index=0)  # the user opens it
    click(app, "rerun")
    assert exp.selected_index == 0
    frontend_update(exp, selected_index=None)  # and closes it
    click(app, "rerun")
    assert exp.selected_index is None
    st.session_state.open = True  # the code changes expanded=: that applies
    app.run()
    assert exp.selected_index == 0
    assert isinstance(app.containers["main/expander:Details#0"], Expander)


def test_a_container_the_run_left_out_is_closed_and_comes_back_fresh() -> None:
    def body() -> None:
        if st.checkbox("Show", value=True, key="show"):
            with st.expander("E"):
                st.write("in")

    app = make(body)
    exp = app.containers["main/expander:E#0"]
    set_value(app, "show", False)
    assert "main/expander:E#0" not in app.containers and exp.box.comm is None
    set_value(app, "show", True)
    assert app.containers["main/expander:E#0"] is not exp
    assert shown(app) == ["in"]


def test_columns_weights_gap_alignment_and_border() -> None:
    def body() -> None:
        st.columns([2, 1, 2], gap="large", vertical_alignment="bottom", border=True)

    app = make(body)
    row = app.view.block.shown[0]
    assert row.layout.grid_template_columns == "minmax(0, 0.4fr) minmax(0, 0.2fr) minmax(0, 0.4fr)"
    assert row.layout.grid_gap == "4.0rem"
    assert {c.layout.justify_content for c in row.children} == {"flex-end"}
    assert all(c.layout.border_top for c in row.children)
    columns = [c for c in app.containers.values() if isinstance(c, Column)]
    assert [round(c.weight, 3) for c in columns] == [0.4, 0.2, 0.4]
    assert isinstance(app.containers["main/columns3#0"], Columns)


def test_columns_return_a_list_and_tabs_a_tuple_as_in_streamlit() -> None:
    got = {}

    def body() -> None:
        got["columns"] = st.columns(2)
        got["tabs"] = st.tabs(["a"])

    make(body)
    assert type(got["columns"]) is list and type(got["tabs"]) is tuple


def test_columns_nest_and_forms_go_in_columns_and_columns_in_forms() -> None:
    def body() -> None:
        outer, _ = st.columns(2)
        with outer:
            inner, _ = st.columns(2)
            with inner:
                with st.form("f"):
                    a, b = st.columns(2)
                    a.text_input("Name", key="name")
                    b.form_submit_button("Send")
        st.write("name:", st.session_state.name)

    app = make(body)
    runs_before = shown(app)
    set_value(app, "name", "Ada")  # a form member: staged, no run
    assert shown(app) == runs_before
    click(app, "FormSubmitter:f-Send")
    assert shown(app)[-1] == "name: Ada"


def test_a_fixed_height_container_scrolls_and_has_a_border() -> None:
    def body() -> None:
        st.container(height=120).write("long")
        st.container(border=True).write("framed")
        st.container().write("plain")

    app = make(body)
    fixed, framed, plain = app.view.block.shown
    assert fixed.layout.height == "120px" and fixed.layout.overflow == "auto" and fixed.layout.border_top
    assert framed.layout.height is None and framed.layout.border_top
    assert plain.layout.border_top is None


def test_empty_holds_one_element_each_call_replaces_it() -> None:
    def body() -> None:
        placeholder = st.empty()
        placeholder.write("first")
        placeholder.write("second")
        other = st.empty()
        with other.container():
            st.write("a")
            st.write("b")
        cleared = st.empty()
        cleared.write("gone")
        cleared.empty()

    app = make(body)
    assert shown(app) == ["second", "a", "b"]


def test_a_widget_replaced_in_an_empty_is_gone() -> None:
    def body() -> None:
        slot = st.empty()
        slot.text_input("Old", key="old")
        slot.text_input("New", key="new")

    app = make(body)
    placeholder = app.view.block.shown[0]
    assert [slot.children for slot in placeholder.children if slot.children] == [(widget(app, "new").view,)]
    # As in Streamlit, the replaced widget was still called this run: its value stays.
    assert st.session_state.old == "" and st.session_state.new == ""


def test_popover_toggles_in_the_browser_without_a_run() -> None:
    runs = []

    def body() -> None:
        runs.append(1)
        with st.popover("Settings", icon="⚙️"):
            st.checkbox("Dark", key="dark")

    app = make(body)
    pop = app.view.block.shown[0]
    toggle, pane = pop.children
    assert toggle.description == "⚙️ Settings" and pane.layout.display == "none"
    frontend_update(toggle, value=True)
    assert pane.layout.display is None and len(runs) == 1
    set_value(app, "dark", True)
    assert pane.layout.display is None and st.session_state.dark is True


# -- the sidebar ----------------------------------------------------------------------------
def test_sidebar_is_a_column_left_of_the_main_area() -> None:
    def body() -> None:
        st.sidebar.slider("Step", 1, 10, 2, key="step")
        with st.sidebar:
            st.write("side text")
        st.write("main:", st.session_state.step)

    app = make(body)
    root = app.view.box
    theme, slot, column = root.children  # the theme (display: none), the main area's one slot, the sidebar's column
    assert theme.layout.display == "none" and "jupyter-state-theme" in theme._dom_classes
    assert column.layout.order == "-1" and column.layout.grid_area == "1 / 1 / -1 / 2"  # appended, shown first
    assert root.layout.display == "grid" and root.layout.grid_template_columns == "300px minmax(0, 1fr)"
    assert root.layout.grid_template_rows == "repeat(1, auto) 1fr"
    toggle, content = column.children
    assert tree_texts(content) == ["side text"] and widget(app, "step").view in content.children[0].children
    set_value(app, "step", 5)
    assert shown(app) == ["side text", "main: `5`"]
    assert root.children == (theme, slot, column)


def test_main_area_widgets_added_after_the_sidebar_leave_it_in_place() -> None:
    def body() -> None:
        st.sidebar.checkbox("More", key="more")
        if st.session_state.more:
            for i in range(3):
                st.slider(f"S{i}", 0, 9, key=f"s{i}")  # new slots in the main area

    app = make(body)
    column = app.view.page.column
    set_value(app, "more", True)
    assert column in app.view.box.children  # not dropped when the new slots were appended
    main = [slot.children[0] for slot in app.view.box.children[1:] if slot is not column and slot.children]  # after the theme
    assert main == [widget(app, f"s{i}").view for i in range(3)]


def test_the_sidebar_collapses_in_the_browser_and_stays_collapsed() -> None:
    def body() -> None:
        st.sidebar.button("b", key="b")

    app = make(body)
    column = app.view.page.column
    toggle, content = column.children
    frontend_update(toggle, value=False)
    assert content.layout.display == "none"
    click(app, "b")
    assert toggle.value is False and content.layout.display == "none"


def test_an_app_that_stops_using_the_sidebar_hides_it() -> None:
    def body() -> None:
        if st.checkbox("side", value=True, key="side"):
            st.sidebar.write("here")

    app = make(body)
    column = app.view.page.column
    set_value(app, "side", False)
    assert column.layout.display == "none" and app.view.box.layout.display is None
    assert all(child.comm is not None for child in column.children)  # the closed sidebar is not kept in it
    set_value(app, "side", True)
    assert column.layout.display is None and tree_texts(column) == ["here"]


def test_unkeyed_widgets_in_the_sidebar_and_main_are_different_widgets() -> None:
    def body() -> None:
        st.sidebar.checkbox("Same")
        st.checkbox("Same")

    app = make(body)  # no DuplicateElementId: the sidebar is part of an unkeyed widget's id
    assert len(app.widgets) == 2


def test_sidebar_widgets_inside_a_form_block_are_not_members() -> None:
    def body() -> None:
        with st.form("f"):
            st.sidebar.button("Side", key="side")  # st.button in a form would raise
            st.form_submit_button()

    app = make(body)
    assert app.last_error is None and widget(app, "side").form is None


def test_the_initial_sidebar_state_collapsed_and_width() -> None:
    def body() -> None:
        st.set_page_config(initial_sidebar_state="collapsed")
        st.sidebar.write("x")

    app = make(body)
    column = app.view.page.column
    assert column.children[0].value is False and column.children[1].layout.display == "none"

    def wide() -> None:
        st.set_page_config(initial_sidebar_state=400, layout="centered")
        st.sidebar.write("x")

    other = make(wide)
    assert other.view.page.column.layout.width == "400px"
    assert other.view.box.layout.max_width == "calc(736px + 400px + 1rem)"


def test_page_layout_wide_uses_the_cells_width() -> None:
    def body() -> None:
        st.set_page_config(page_title="Sales", page_icon="📈", layout=st.session_state.get("layout", "centered"))
        st.write("x")

    app = make(body)
    assert app.view.box.layout.max_width == "736px" and app.view.box.layout.margin == "0 auto"
    st.session_state.layout = "wide"
    app.run()
    assert app.view.box.layout.max_width is None and app.view.page.view is None  # no page widget outside Voila


def test_page_title_under_voila_is_the_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOILA_BASE_URL", "/")

    def body() -> None:
        st.set_page_config(page_title="Sales", page_icon="📈")
        st.sidebar.write("side")

    app = make(body)
    page = app.view.page.view
    assert page is not None and page.title == "Sales" and page.icon == "📈"
    assert "jupyter-state-page" in app.view.box._dom_classes
    assert app.view.box.layout.margin == "0 0 0 calc(300px + 2.5rem)" and app.view.box.layout.display is None
    assert app.view.box.layout.width == "auto"


# -- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: st.columns(0), "positive integer"),
        (lambda: st.columns([1, -1]), "positive integer"),
        (lambda: st.columns("ab"), "Invalid `spec` type str"),
        (lambda: st.columns(2, gap="huge"), "Invalid `gap` value 'huge'"),
        (lambda: st.columns(2, vertical_alignment="middle"), "Invalid `vertical_alignment` value 'middle'"),
        (lambda: st.tabs([]), "at least one tab label"),
        (lambda: st.tabs([1, 2]), "a string for each tab"),
        (lambda: st.container(height=-1), "Invalid height value: -1"),
        (lambda: st.set_page_config(layout="huge"), "Invalid `layout` value 'huge'"),
        (lambda: st.set_page_config(initial_sidebar_state="x"), "Invalid `initial_sidebar_state` value 'x'"),
        (lambda: st.sidebar.set_page_config(), "`set_page_config()` is not a method of `st.sidebar`"),
        (lambda: st.columns(2)[0].rerun(), "`rerun()` is not a method of a container"),
    ],
)
def test_misuse_raises_a_clear_error_in_the_app(call: Any, message: str) -> None:
    def body() -> None:
        call()

    app = make(body)
    assert isinstance(app.last_error, errors.JupyterStateAPIException), app.last_error
    assert message in str(app.last_error)


def test_a_form_in_a_form_through_a_container_is_refused() -> None:
    def body() -> None:
        with st.form("outer"):
            col, _ = st.columns(2)
            with col:
                st.form("inner")
            st.form_submit_button()

    app = make(body)
    assert isinstance(app.last_error, errors.InvalidLayoutContextError)


def test_st_button_in_a_column_of_a_form_is_refused_as_in_a_form() -> None:
    def body() -> None:
        with st.form("f"):
            a, _ = st.columns(2)
            a.button("x")
            st.form_submit_button()

    app = make(body)
    assert isinstance(app.last_error, errors.InvalidLayoutContextError)


def test_outside_an_app_containers_work_and_elements_show_as_cell_output(capsys: pytest.CaptureFixture[str]) -> None:
    a, b = st.columns(2)
    with a:
        st.write("plain")
    b.write("method")
    with st.expander("x"):
        pass
    st.sidebar.write("side")
    assert capsys.readouterr().out.split() == ["plain", "method", "side"]


def test_a_failed_run_keeps_the_containers_and_the_open_tab() -> None:
    def body() -> None:
        _, b = st.tabs(["A", "B"])
        b.write("b")
        if st.session_state.get("boom"):
            raise RuntimeError("boom")

    app = make(body)
    bar = app.containers["main/tabs['A', 'B']#0"]
    assert isinstance(bar, Tabs)
    frontend_update(bar.box, selected_index=1)
    st.session_state.boom = True
    app.run()
    assert app.containers["main/tabs['A', 'B']#0"] is bar and bar.box.selected_index == 1


def test_a_container_method_on_its_own_line_is_not_echoed_by_magic() -> None:
    """Streamlit's magic leaves calls alone: ``left.button(...)`` shows a button, not False."""
    from jupyter_state.testing import AppTest

    at = AppTest.from_string("""
import jupyter_state as st
left, right = st.columns(2)
left.button("Go")
right.text_input("Name", "Ada")
st.sidebar.checkbox("x")
"value"
""").run()
    assert [m.value for m in at.markdown] == ["value"]


def test_tabs_default_opens_that_tab_first_then_the_user_decides() -> None:
    def body() -> None:
        _, b, _ = st.tabs(["A", "B", "C"], default="B")
        b.write("on b")

    app = make(body)
    bar = app.view.block.shown[0]
    assert app.last_error is None and bar.selected_index == 1
    frontend_update(bar, selected_index=2)
    app.run()
    assert bar.selected_index == 2


# -- the layout notebook, through AppTest ---------------------------------------------------
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "layout.ipynb"


def test_notebook_converter_links_the_two_columns() -> None:
    from jupyter_state.testing import AppTest

    at = AppTest.from_notebook(NOTEBOOK, cell="converter").run()
    at.columns[0].number_input[0].set_value(10.0).run()
    assert round(at.columns[2].number_input[0].value, 4) == 4.536
    assert len(at.columns[1].number_input) == 0


def test_notebook_dashboard_sidebar_filters_the_tabs() -> None:
    from jupyter_state.testing import AppTest

    at = AppTest.from_notebook(NOTEBOOK, cell="dashboard").run()
    assert [t.label for t in at.tabs] == ["By region", "Numbers"]
    assert json.loads(at.tabs[1].json[0].value) == {"north": 56, "south": 41}  # the JSON text, as Streamlit
    at.sidebar.multiselect[0].select("west").run()
    at.sidebar.select_slider[0].set_value(1).run()
    assert json.loads(at.tabs[1].json[0].value) == {"north": 12, "south": 8, "west": 20}
    assert at.columns[2].subheader[0].value == "west"


def test_an_unknown_method_says_it_is_no_element() -> None:
    with pytest.raises(AttributeError, match="st.sidebar` has no attribute 'bogus': `bogus` is not a jupyter_state element"):
        st.sidebar.bogus()
    with pytest.raises(AttributeError, match="a container has no attribute 'nope'"):
        st.container().nope()
