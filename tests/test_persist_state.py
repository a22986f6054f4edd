"""``persist_state=None|"page"|"session"``, driven as the frontend drives it (SPEC item 48).

Streamlit 1.67's rules (``runtime/state/widgets.py``, ``session_state.py``
``PersistedWidgetTracker``): a keyed widget with ``persist_state`` that a completed run does
not render keeps its key ("session": always; "page": while the app stays on the page it was
rendered on); rendered again, it starts from the kept value. ``tests/test_oracle_persist.py``
compares the same rules with Streamlit's AppTest.
"""

from __future__ import annotations

import datetime as dt
import inspect
import sys
from collections.abc import Callable
from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import errors
from tests.helpers import click, set_value, widget

WIDGETS: dict[str, tuple[Callable[..., Any], Any, Any]] = {
    # name: (a call with key= and persist_state=, its default, a value the user sets)
    "checkbox": (lambda **kw: st.checkbox("C", **kw), False, True),
    "toggle": (lambda **kw: st.toggle("T", **kw), False, True),
    "text_input": (lambda **kw: st.text_input("TI", **kw), "", "hi"),
    "text_area": (lambda **kw: st.text_area("TA", **kw), "", "there"),
    "number_input": (lambda **kw: st.number_input("NI", 0, 10, **kw), 0, 5),
    "slider": (lambda **kw: st.slider("S", 0, 10, 2, **kw), 2, 8),
    "select_slider": (lambda **kw: st.select_slider("SS", ["a", "b", "c"], **kw), "a", "c"),
    "selectbox": (lambda **kw: st.selectbox("SB", ["x", "y"], **kw), "x", "y"),
    "radio": (lambda **kw: st.radio("R", ["x", "y"], **kw), "x", "y"),
    "multiselect": (lambda **kw: st.multiselect("M", ["x", "y"], **kw), [], ["y"]),
    "color_picker": (lambda **kw: st.color_picker("CP", "#000000", **kw), "#000000", "#ff0000"),
    "date_input": (lambda **kw: st.date_input("D", dt.date(2024, 1, 1), **kw), dt.date(2024, 1, 1),
                   dt.date(2024, 2, 3)),
    "time_input": (lambda **kw: st.time_input("TM", dt.time(8, 0), **kw), dt.time(8, 0), dt.time(11, 45)),
}


def make(body: Any) -> Any:
    return st.app(body, display=False)


def hiding_app(call: Callable[..., Any], persist: str | None, seen: list[Any]) -> Any:
    def body() -> None:
        if st.session_state.get("show", True):
            seen.append(call(key="k", persist_state=persist))

    return make(body)


@pytest.mark.parametrize("persist", ["page", "session"])
@pytest.mark.parametrize("name", list(WIDGETS))
def test_a_hidden_persisted_widget_keeps_its_key_and_starts_from_it(name: str, persist: str) -> None:
    call, default, changed = WIDGETS[name]
    seen: list[Any] = []
    app = hiding_app(call, persist, seen)
    set_value(app, "k", changed)  # the frontend's update message
    assert seen == [default, changed]
    st.session_state.show = False
    for _ in range(3):
        app.run()
        assert st.session_state.k == changed and app.widgets == {}  # the widget is closed, its key kept
    st.session_state.show = True
    app.run()
    assert seen[-1] == changed
    assert widget(app, "k").read_frontend() == changed  # the new view shows the kept value


@pytest.mark.parametrize("name", list(WIDGETS))
def test_an_unpersisted_widget_is_culled_as_before(name: str) -> None:
    call, default, changed = WIDGETS[name]
    seen: list[Any] = []
    app = hiding_app(call, None, seen)
    set_value(app, "k", changed)
    st.session_state.show = False
    app.run()
    assert "k" not in st.session_state
    st.session_state.show = True
    app.run()
    assert seen[-1] == default


def test_every_widget_streamlit_has_it_on_takes_it_and_no_other() -> None:
    from tests.test_oracle import (
        st_testing,  # fails under CI=true without Streamlit (skips elsewhere), as the oracles do
    )

    streamlit = sys.modules[st_testing.__name__.split(".")[0]]
    theirs = {name for name in dir(streamlit) if not name.startswith("_") and callable(getattr(streamlit, name, None))
              and "persist_state" in _parameters(getattr(streamlit, name))}
    assert {"checkbox", "slider", "text_input", "date_input"} <= theirs
    for name in theirs:
        try:
            ours = getattr(st, name)
        except errors.NotProvidedError:
            continue  # st.pills, st.segmented_control...: not provided yet
        if inspect.ismodule(ours):
            continue  # st.feedback is our module jupyter_state.feedback (st.feedback is not provided yet)
        parameter = inspect.signature(ours).parameters["persist_state"]
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY and parameter.default is None, name
    assert set(WIDGETS) <= theirs
    for name in ("button", "file_uploader", "download_button", "data_editor", "chat_input", "form_submit_button"):
        assert "persist_state" not in _parameters(getattr(st, name)), name
        assert "persist_state" not in _parameters(getattr(streamlit, name)), name


def _parameters(function: Any) -> set[str]:
    try:
        return set(inspect.signature(function).parameters)
    except (TypeError, ValueError):
        return set()


def test_it_requires_a_key_and_one_of_its_values() -> None:
    message = (
        "The `key` parameter is required. When using persist_state, the widget must have a unique 'key' "
        "parameter specified so its value can be preserved across reruns and page switches."
    )
    caught: list[BaseException] = []

    def body() -> None:
        attempts = (lambda: st.slider("A", persist_state="page"), lambda: st.toggle("B", key=1, persist_state="app"))
        for attempt in attempts:
            try:
                attempt()
            except errors.JupyterStateAPIException as exc:
                caught.append(exc)

    make(body)
    assert [type(e) for e in caught] == [errors.MissingRequiredParameterError, errors.JupyterStateValueError]
    assert str(caught[0]) == message
    assert str(caught[1]) == "Invalid `persist_state` value. Supported values: 'page', 'session', None."
    with pytest.raises(errors.MissingRequiredParameterError, match="When using persist_state"):
        st.checkbox("Bare mode checks it too", persist_state="session")  # an ordinary cell
    assert st.checkbox("Bare", key="b", persist_state="session") is False


def test_a_key_assigned_or_deleted_while_hidden_wins() -> None:
    seen: list[Any] = []
    app = hiding_app(WIDGETS["slider"][0], "session", seen)
    set_value(app, "k", 9)
    st.session_state.show = False
    app.run()
    st.session_state.k = 4  # an ordinary cell
    app.run()
    assert st.session_state.k == 4
    del st.session_state.k
    st.session_state.show = True
    app.run()
    assert seen[-1] == 2  # deleted: the widget starts over at its default


def test_a_persisted_widget_hidden_by_its_fragment_keeps_its_key() -> None:
    def body() -> None:
        @st.fragment
        def part() -> None:
            if not st.checkbox("Hide", key="hide"):
                st.text_input("Kept", key="kept", persist_state="session")
                st.text_input("Gone", key="gone")

        part()

    app = make(body)
    set_value(app, "kept", "a")
    set_value(app, "gone", "b")
    set_value(app, "hide", True)  # a fragment rerun
    assert st.session_state.kept == "a" and "gone" not in st.session_state
    set_value(app, "hide", False)
    assert widget(app, "kept").read_frontend() == "a"


# -- pages ------------------------------------------------------------------------------------
def pages_app(seen: dict[str, Any]) -> Any:
    def first() -> None:
        st.title("First")
        if st.session_state.get("show", True):
            seen["p"] = st.slider("Page", 0, 10, 1, key="p", persist_state="page")
            seen["s"] = st.slider("Session", 0, 10, 2, key="s", persist_state="session")
        st.button("To second", key="go", on_click=st.switch_page, args=(second_page,))

    def second() -> None:
        st.title("Second")
        st.button("To first", key="back", on_click=st.switch_page, args=(first_page,))

    first_page, second_page = st.Page(first), st.Page(second)

    def body() -> None:
        if st.session_state.get("show_wide", True):
            st.toggle("Wide", key="wide", persist_state="page")  # the entrypoint's
        st.navigation([first_page, second_page]).run()

    return make(body)


def test_page_scope_is_dropped_on_a_page_switch_session_scope_is_kept() -> None:
    seen: dict[str, Any] = {}
    app = pages_app(seen)
    set_value(app, "p", 7)
    set_value(app, "s", 8)
    st.session_state.show = False
    app.run()
    assert (st.session_state.p, st.session_state.s) == (7, 8)  # hidden on its page: both kept
    click(app, "go")  # st.switch_page from a callback
    assert "p" not in st.session_state and st.session_state.s == 8
    click(app, "back")
    st.session_state.show = True
    app.run()
    assert seen == {"p": 1, "s": 8}


def test_a_visible_page_scoped_widget_goes_with_its_page() -> None:
    seen: dict[str, Any] = {}
    app = pages_app(seen)
    set_value(app, "p", 6)
    set_value(app, "wide", True)
    st.session_state.show_wide = False  # the entrypoint's "page" toggle hidden: kept on this page
    app.run()
    assert st.session_state.wide is True and st.session_state.p == 6
    click(app, "go")
    assert "p" not in st.session_state and "wide" not in st.session_state
    click(app, "back")
    assert seen["p"] == 1
