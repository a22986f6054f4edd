"""Fragments and on_change modes, driven as the frontend drives them (comm messages)."""

from __future__ import annotations

from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import errors
from jupyter_state.testing import AppTest
from tests.helpers import click, recorded_comms, set_value, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def counting_app(runs: dict[str, int]) -> Any:
    def body() -> None:
        runs["body"] += 1
        st.slider("Outside", 0, 10, 0, key="out")

        @st.fragment
        def part() -> None:
            runs["fragment"] += 1
            st.slider("Inside", 0, 10, 0, key="in", on_change=lambda: runs.__setitem__("callback", runs["callback"] + 1))
            st.write("inside sees", st.session_state["in"])

        part()
        st.write("outside")

    return body


def test_a_change_inside_a_fragment_reruns_only_the_fragment() -> None:
    runs = {"body": 0, "fragment": 0, "callback": 0}
    app = make(counting_app(runs))
    outside = widget(app, "out")
    with recorded_comms():
        set_value(app, "in", 4)
    assert runs == {"body": 1, "fragment": 2, "callback": 1}
    assert st.session_state["in"] == 4
    assert widget(app, "out") is outside and not outside.closed  # the rest is untouched
    set_value(app, "out", 2)  # a change outside reruns the whole app, fragment included
    assert runs == {"body": 2, "fragment": 3, "callback": 1}


def test_a_fragment_run_sends_nothing_for_the_widgets_outside() -> None:
    runs = {"body": 0, "fragment": 0, "callback": 0}
    app = make(counting_app(runs))
    outside = widget(app, "out")
    before = (outside.view.model_id, outside.view.value)
    set_value(app, "in", 7)
    assert (outside.view.model_id, outside.view.value) == before
    assert app.view.block.shown  # the app still shows its output


def test_a_fragment_run_culls_only_its_own_widgets() -> None:
    def body() -> None:
        st.checkbox("Outside", key="keep")

        @st.fragment
        def part() -> None:
            if not st.checkbox("Hide", key="hide"):
                st.text_input("Gone when hidden", key="text")

        part()

    app = make(body)
    assert "text" in st.session_state
    set_value(app, "hide", True)
    assert "text" not in st.session_state and "keep" in st.session_state


def test_rerun_scope_fragment_in_a_full_run_is_streamlits_error() -> None:
    st.set_option("runner.raiseErrors", True)

    def body() -> None:
        @st.fragment
        def part() -> None:
            st.rerun(scope="fragment")

        part()

    with pytest.raises(errors.InvalidLayoutContextError, match="during fragment reruns"):
        make(body)
    with pytest.raises(errors.InvalidLayoutContextError):
        st.rerun(scope="fragment")  # an ordinary cell


def test_rerun_scope_fragment_in_a_fragment_rerun_reruns_it_alone() -> None:
    runs = {"body": 0, "fragment": 0}

    def body() -> None:
        runs["body"] += 1

        @st.fragment
        def part() -> None:
            runs["fragment"] += 1
            if st.button("Again", key="again"):
                st.rerun(scope="fragment")

        part()

    app = make(body)
    click(app, "again")
    assert runs == {"body": 1, "fragment": 3}


def test_rerun_scope_app_from_a_fragment_reruns_everything() -> None:
    runs = {"body": 0}

    def body() -> None:
        runs["body"] += 1

        @st.fragment
        def part() -> None:
            if st.button("All", key="all"):
                st.rerun()

        part()

    app = make(body)
    click(app, "all")
    assert runs["body"] == 2  # the fragment run (no body), then its st.rerun(): one full run


def test_an_error_in_a_fragment_is_shown_in_it_and_the_next_change_works() -> None:
    def body() -> None:
        @st.fragment
        def part() -> None:
            if st.button("Boom", key="boom"):
                raise ValueError("bad")

        part()
        st.write("after")

    app = make(body)
    click(app, "boom")
    assert isinstance(app.last_error, ValueError)
    box = next(c for c in app.containers.values() if "fragment:" in c.id)
    assert any(getattr(e, "kind", None) == "exception" for e in box.elements)


def test_on_change_ignore_keeps_the_value_for_the_next_run() -> None:
    runs = []

    def body() -> None:
        runs.append(st.session_state.get("quiet"))
        st.slider("Quiet", 0, 10, 1, key="quiet", on_change="ignore")
        st.button("Go", key="go")

    app = make(body)
    set_value(app, "quiet", 6)
    assert runs == [None]  # no run now
    click(app, "go")
    assert runs == [None, 6]


def test_modes_are_checked_per_widget() -> None:
    with pytest.raises(errors.JupyterStateAPIException, match='`on_click="rerun"` is not supported'):
        st.button("B", on_click="rerun")  # type: ignore[arg-type]
    assert st.slider("S", on_change="rerun") == 0  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="on_change must be a function"):
        st.slider("S", on_change="later")  # type: ignore[arg-type]


def test_fragment_outside_an_app_returns_none_and_bad_arguments_raise() -> None:
    @st.fragment()
    def part() -> int:
        return 1

    assert part() is None
    with pytest.raises(errors.BadTimeStringError):
        st.fragment(run_every="soon")
    with pytest.raises(errors.JupyterStateAPIException, match="reserved name"):
        st.fragment(key="app")


def test_a_fragment_writing_outside_replaces_its_own_place_there() -> None:
    def body() -> None:
        left, _ = st.columns(2)

        @st.fragment
        def part() -> None:
            st.session_state.n = st.session_state.get("n", 0) + 1
            left.write(f"n={st.session_state.n}")
            st.button("More", key="more")

        part()

    app = make(body)
    click(app, "more")
    column = next(c for c in app.containers.values() if c.kind == "column")
    slot = column.elements[0]
    assert [e.value for e in slot.elements] == ["n=2"]


def test_apptest_reruns_only_the_fragment_as_the_browser_does() -> None:
    def script() -> None:
        import jupyter_state as st

        st.session_state.setdefault("outer", 0)
        st.session_state.outer += 1

        @st.fragment
        def part() -> None:
            st.button("In", key="in")

        part()

    at = AppTest.from_function(script).run()
    at.button(key="in").click().run()
    assert at.session_state.outer == 1
    at.run()  # nothing staged: the whole app
    assert at.session_state.outer == 2
