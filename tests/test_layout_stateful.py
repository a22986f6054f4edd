"""Stateful containers (Streamlit 1.67): ``on_change`` on st.tabs, st.expander, st.popover.

Driven through the comm path as the browser does: a ``Tab``'s or an ``Accordion``'s
``selected_index``, a popover button's ``value``, sent as ``update`` messages.
"""

from __future__ import annotations

from typing import Any

import ipywidgets
import pytest

import jupyter_state as st
from jupyter_state import errors
from tests.helpers import click, frontend_update, set_value, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def test_switching_a_tab_reruns_and_the_key_holds_the_label() -> None:
    seen: list[Any] = []

    def body() -> None:
        tabs = st.tabs(["Cat", "Dog", "Owl"], key="animal", on_change="rerun")
        seen.append((st.session_state.animal, [t.open for t in tabs]))

    app = make(body)
    bar = app.view.block.shown[0]
    assert isinstance(bar, ipywidgets.Tab) and bar.selected_index == 0
    assert seen == [("Cat", [True, False, False])]
    frontend_update(bar, selected_index=2)
    assert seen[-1] == ("Owl", [False, False, True]) and len(seen) == 2
    assert app.view.block.shown[0] is bar and bar.selected_index == 2  # the same view, the tab open


def test_a_callback_gets_its_args_and_runs_before_the_body() -> None:
    events: list[Any] = []

    def changed(*args: Any, **kwargs: Any) -> None:
        events.append(("callback", args, kwargs, st.session_state.t))

    def body() -> None:
        a, b = st.tabs(["A", "B"], key="t", on_change=changed, args=(1, 2), kwargs={"x": 3})
        events.append(("body", a.open, b.open))

    app = make(body)
    frontend_update(app.view.block.shown[0], selected_index=1)
    assert events == [("body", True, False), ("callback", (1, 2), {"x": 3}, "B"), ("body", False, True)]


def test_the_default_tab_is_open_first_and_unkeyed_tabs_track_too() -> None:
    opened: list[Any] = []

    def body() -> None:
        opened.append([t.open for t in st.tabs(["A", "B", "C"], default="B", on_change="rerun")])

    app = make(body)
    bar = app.view.block.shown[0]
    assert bar.selected_index == 1 and opened == [[False, True, False]]
    frontend_update(bar, selected_index=0)
    assert opened[-1] == [True, False, False]


def test_assigning_the_key_first_opens_that_tab() -> None:
    def to_owl() -> None:
        st.session_state.animal = "Owl"

    def body() -> None:
        st.tabs(["Cat", "Dog", "Owl"], key="animal", on_change="rerun")
        st.button("Owl", key="owl", on_click=to_owl)

    st.session_state.animal = "Dog"
    app = make(body)
    bar = app.view.block.shown[0]
    assert bar.selected_index == 1
    click(app, "owl")
    assert bar.selected_index == 2 and st.session_state.animal == "Owl"
    st.session_state.animal = "Cat"  # from an ordinary cell: the app reruns, the tab follows
    app.session.flush()
    assert bar.selected_index == 0


def test_a_label_that_is_no_tab_opens_the_default_and_the_key_follows() -> None:
    def body() -> None:
        st.tabs(["A", "B"], default="B", key="t", on_change="rerun")

    st.session_state.t = "Nope"
    app = make(body)
    assert app.last_error is None and app.view.block.shown[0].selected_index == 1
    assert st.session_state.t == "B"


def test_an_expander_with_on_change_reruns_and_assigning_opens_it() -> None:
    seen: list[Any] = []

    def close() -> None:
        st.session_state.more = False

    def body() -> None:
        box = st.expander("More", key="more", on_change="rerun")
        seen.append((box.open, st.session_state.more))
        if box.open:
            box.write("expensive")
        st.button("Close", key="close", on_click=close)

    app = make(body)
    exp = app.view.block.shown[0]
    assert isinstance(exp, ipywidgets.Accordion) and exp.selected_index is None and seen == [(False, False)]
    frontend_update(exp, selected_index=0)
    assert seen[-1] == (True, True) and len(seen) == 2
    click(app, "close")
    assert seen[-1] == (False, False) and exp.selected_index is None
    assert app.view.block.shown[0] is exp


def test_an_expander_starts_as_expanded_says_and_then_the_user_decides() -> None:
    seen: list[Any] = []

    def body() -> None:
        seen.append(st.expander("E", expanded=True, on_change=lambda: seen.append("cb")).open)
        st.button("again", key="again")

    app = make(body)
    exp = app.view.block.shown[0]
    assert exp.selected_index == 0 and seen == [True]
    frontend_update(exp, selected_index=None)
    assert seen[-2:] == ["cb", False]
    click(app, "again")
    assert seen[-1] is False and exp.selected_index is None


def test_a_popover_with_on_change_reruns_and_assigning_opens_it() -> None:
    seen: list[Any] = []

    def body() -> None:
        with st.popover("Filters", key="filters", on_change="rerun") as pop:
            st.write("inside")
        seen.append((pop.open, st.session_state.filters))

    app = make(body)
    toggle, pane = app.view.block.shown[0].children
    assert seen == [(False, False)] and pane.layout.display == "none"
    frontend_update(toggle, value=True)
    assert seen[-1] == (True, True) and pane.layout.display is None
    st.session_state.filters = False
    app.session.flush()
    assert seen[-1] == (False, False) and toggle.value is False and pane.layout.display == "none"


def test_a_disabled_popover_takes_no_input() -> None:
    runs: list[int] = []

    def body() -> None:
        runs.append(1)
        st.popover("P", key="p", on_change="rerun", disabled=True)

    app = make(body)
    toggle = app.view.block.shown[0].children[0]
    frontend_update(toggle, value=True)
    assert toggle.value is False and st.session_state.p is False and len(runs) == 2


def test_ignore_is_the_default_open_is_none_and_nothing_reruns() -> None:
    seen: list[Any] = []

    def body() -> None:
        tabs = st.tabs(["A", "B"], key="t")
        box = st.expander("E", key="e", on_change="ignore")
        pop = st.popover("P", key="p")
        seen.append([t.open for t in tabs] + [box.open, pop.open])

    app = make(body)
    bar, exp, pop = app.view.block.shown[:3]
    frontend_update(bar, selected_index=1)
    frontend_update(exp, selected_index=0)
    frontend_update(pop.children[0], value=True)
    assert seen == [[None, None, None, None]]
    assert "t" not in st.session_state and "e" not in st.session_state
    app.run()
    assert bar.selected_index == 1 and exp.selected_index == 0  # the browser's, kept


def test_turning_stateful_off_keeps_the_view_and_stops_the_reruns() -> None:
    runs: list[Any] = []

    def body() -> None:
        mode = "rerun" if st.session_state.get("stateful", True) else "ignore"
        runs.append(st.tabs(["A", "B"], key="t", on_change=mode)[1].open)

    app = make(body)
    bar = app.view.block.shown[0]
    frontend_update(bar, selected_index=1)
    assert runs == [False, True]
    st.session_state.stateful = False
    app.run()
    assert runs[-1] is None and "t" not in st.session_state and app.view.block.shown[0] is bar
    frontend_update(bar, selected_index=0)
    assert len(runs) == 3 and bar.comm is not None
    st.session_state.stateful = True
    app.run()
    frontend_update(bar, selected_index=1)
    assert runs[-1] is True and st.session_state.t == "B"


def test_a_rerun_keeps_the_views_of_the_tabs_and_the_widgets_in_them() -> None:
    def body() -> None:
        a, b = st.tabs(["A", "B"], key="t", on_change="rerun")
        with b:
            st.slider("N", 0, 9, key="n")

    app = make(body)
    bar = app.view.block.shown[0]
    pane = bar.children[1]
    slider = widget(app, "n").view
    frontend_update(bar, selected_index=1)
    set_value(app, "n", 4)
    assert app.view.block.shown[0] is bar and bar.children[1] is pane and widget(app, "n").view is slider
    assert bar.selected_index == 1


def test_a_stateful_container_the_run_left_out_forgets_its_key() -> None:
    def body() -> None:
        if st.session_state.get("show", True):
            st.expander("E", key="e", on_change="rerun")

    app = make(body)
    frontend_update(app.view.block.shown[0], selected_index=0)
    assert st.session_state.e is True
    st.session_state.show = False
    app.run()
    assert "e" not in st.session_state
    st.session_state.show = True
    app.run()
    assert st.session_state.e is False and app.view.block.shown[0].selected_index is None


def test_a_stateful_tab_in_a_fragment_reruns_only_the_fragment() -> None:
    runs: list[str] = []

    @st.fragment
    def part() -> None:
        runs.append("fragment")
        st.tabs(["A", "B"], key="t", on_change="rerun")

    def body() -> None:
        runs.append("app")
        part()

    app = make(body)
    frontend_update(widget(app, "t").view, selected_index=1)
    assert runs == ["app", "fragment", "fragment"] and st.session_state.t == "B"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: st.tabs(["A"], on_change=None), errors.JupyterStateValueError, "Supported values: 'rerun', 'ignore', a callback function."),
        (lambda: st.expander("E", on_change=5), errors.JupyterStateValueError, "Supported values: 'rerun', 'ignore', a callback function."),
        (lambda: st.popover("P", on_change="submit"), errors.JupyterStateValueError, "Invalid `on_change` value 'submit'"),
        (lambda: st.tabs(["A"], bind="url"), errors.JupyterStateValueError, "Invalid `bind` value 'url'"),
        (lambda: st.expander("E", bind="query-params"), errors.MissingRequiredParameterError, "'key' parameter"),
        (lambda: st.tabs(["A", "A"], key="t", bind="query-params"), errors.JupyterStateValueError, "unique"),
        (lambda: (st.tabs(["A", "B"], on_change="rerun"), st.tabs(["A", "B"], on_change="rerun")), errors.DuplicateElementId, "tabs"),
        (lambda: (st.expander("E", key="k", on_change="rerun"), st.checkbox("C", key="k")), errors.DuplicateElementKey, "'k'"),
    ],
)
def test_misuse_raises_streamlits_errors(call: Any, error: type[Exception], message: str) -> None:
    def body() -> None:
        call()

    app = make(body)
    assert isinstance(app.last_error, error), app.last_error
    assert message in str(app.last_error)


def test_a_callback_in_a_form_and_assigning_after_the_call_are_refused() -> None:
    def in_form() -> None:
        with st.form("f"):
            st.expander("E", on_change=lambda: None)
            st.form_submit_button()

    app = make(in_form)
    assert isinstance(app.last_error, errors.InvalidFormCallbackError)

    def after() -> None:
        st.tabs(["A", "B"], key="t", on_change="rerun")
        st.session_state.t = "B"

    app = make(after)
    assert isinstance(app.last_error, errors.WidgetAlreadyInstantiatedError)


def test_an_expanders_key_must_hold_a_bool() -> None:
    def body() -> None:
        st.expander("E", key="e", on_change="rerun")

    st.session_state.e = "yes"
    app = make(body)
    assert isinstance(app.last_error, TypeError) and "needs a bool" in str(app.last_error)


def test_outside_an_app_open_is_the_default() -> None:
    a, b = st.tabs(["A", "B"], default="B", on_change="rerun")
    assert (a.open, b.open) == (False, True)
    assert st.expander("E", expanded=True, on_change="rerun").open is True
    assert st.popover("P").open is None


def test_keyed_tabs_moved_to_another_place_keep_their_tab_and_still_rerun() -> None:
    runs: list[Any] = []

    def body() -> None:
        where = st.container() if st.session_state.get("inside") else st.empty()
        with where:
            runs.append(st.tabs(["A", "B"], key="t", on_change="rerun")[1].open)

    app = make(body)
    frontend_update(widget(app, "t").view, selected_index=1)
    old = widget(app, "t").view
    st.session_state.inside = True
    app.run()
    new = widget(app, "t").view
    assert new is not old and isinstance(new, ipywidgets.Tab) and new.selected_index == 1 and runs[-1] is True
    frontend_update(new, selected_index=0)
    assert runs[-1] is False and st.session_state.t == "A"


def test_in_a_form_a_switch_reruns_at_once_as_in_streamlit() -> None:
    runs: list[Any] = []

    def body() -> None:
        with st.form("f", clear_on_submit=True):
            runs.append(st.tabs(["A", "B"], key="t", on_change="rerun")[1].open)
            st.form_submit_button("Send", key="send")

    app = make(body)
    frontend_update(widget(app, "t").view, selected_index=1)
    assert runs == [False, True]
    click(app, "send")
    assert runs[-1] is True and st.session_state.t == "B"


def test_a_changed_expanded_makes_a_new_widget_that_still_reruns() -> None:
    seen: list[Any] = []

    def body() -> None:
        seen.append(st.expander("E", expanded=st.session_state.get("x", False), on_change="rerun").open)

    app = make(body)
    exp = app.view.block.shown[0]
    frontend_update(exp, selected_index=0)
    assert seen == [False, True]
    st.session_state.x = True  # expanded= is part of its identity (as Streamlit): a new widget
    app.run()
    assert seen[-1] is True and len(app.widgets) == 1
    frontend_update(exp, selected_index=None)
    assert seen[-1] is False and len(seen) == 4
