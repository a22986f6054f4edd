"""Issue 11: interrupts and errors anywhere in a run cost no state, and are shown in the app.

Driven as the frontend drives the app (comm ``update`` and click messages). A kernel
interrupt is a ``KeyboardInterrupt`` raised wherever the kernel happens to be; here the
user's code raises it where the interrupt would land (tests/test_kernel_errors.py sends a
real one).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import jupyter_state as st
from jupyter_state.runtime import Outcome
from tests.helpers import click, frontend_update, set_value, texts, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def sleepy_app(where: str) -> Any:
    """The issue's repro: a slider, a body that is interrupted when a flag is set, a text input."""

    def on_slide() -> None:
        if st.session_state.get("flag") == "callback":
            raise KeyboardInterrupt

    def body() -> None:
        st.slider("S", 0, 10, key="s", on_change=on_slide)
        if st.session_state.get("flag") == where:
            raise KeyboardInterrupt  # where time.sleep() would be when the user interrupts
        st.text_input("T", key="t")

    return make(body)


@pytest.mark.parametrize("where", ["body", "callback"])
def test_an_interrupted_run_is_a_failed_run_that_keeps_every_widget(where: str) -> None:
    app = sleepy_app(where)
    set_value(app, "t", "typed text")
    st.session_state.flag = where  # from an ordinary cell
    set_value(app, "s", 4)
    assert st.session_state.t == "typed text"  # no cull: the key and the widget stay
    assert widget(app, "t").view.value == "typed text" and not widget(app, "t").closed
    assert texts(app)[0] == "KeyboardInterrupt: "  # the interruption is shown in the app
    assert st.session_state.s == 4
    st.session_state.flag = None
    set_value(app, "s", 5)  # the next interaction is normal
    assert "KeyboardInterrupt: " not in texts(app)
    assert (st.session_state.s, st.session_state.t) == (5, "typed text")


def test_an_interrupt_ends_a_rerun_loop() -> None:
    runs = []

    def body() -> None:
        runs.append(1)
        st.text_input("T", key="t")
        if st.session_state.get("loop"):
            if len(runs) == 5:
                raise KeyboardInterrupt
            st.rerun()

    app = make(body)
    set_value(app, "t", "kept")
    st.session_state.loop = True
    assert app.run() is Outcome.INTERRUPTED
    assert len(runs) == 5  # not one run more after the interrupt
    assert st.session_state.t == "kept" and texts(app) == ["KeyboardInterrupt: "]
    st.session_state.loop = False
    assert app.run() is Outcome.COMPLETED and texts(app) == []


def test_an_interrupt_is_raised_with_raise_errors() -> None:
    st.set_option("runner.raiseErrors", True)
    app = sleepy_app("body")
    st.session_state.flag = "body"
    with pytest.raises(KeyboardInterrupt):
        app.run()
    assert "t" in st.session_state


def test_the_outcome_is_an_enum_that_compares_as_text() -> None:
    app = make(lambda: st.stop() if st.session_state.get("stop") else None)
    assert app.run() is Outcome.COMPLETED and app.run() == "completed"
    st.session_state.stop = True
    assert app.run() is Outcome.STOPPED
    assert [o.ended_early for o in Outcome] == [False, True, True, True, False]


# -- values that cannot be compared ---------------------------------------------------------------
class Touchy:
    """An option whose == raises."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("do not compare me")

    __hash__ = object.__hash__

    def __str__(self) -> str:
        return self.name


@pytest.mark.parametrize("options", [
    [np.array([1, 2]), np.array([3, 4])],
    [Touchy("a"), Touchy("b")],
], ids=["numpy arrays", "raising __eq__"])
def test_options_that_cannot_be_compared_still_run_callbacks_and_the_body(options: list[Any]) -> None:
    calls, seen = [], []

    def body() -> None:
        choice = st.selectbox("Pick", options, key="pick", on_change=lambda: calls.append("cb"))
        seen.append(str(choice))  # a copy of the option (widgets return copies)

    app = make(body)
    view = widget(app, "pick").view
    frontend_update(view, index=1)
    first, second = str(options[0]), str(options[1])
    assert calls == ["cb"] and seen == [first, second]
    assert texts(app) == []  # no UnboundLocalError, no error at all
    assert st.session_state.pick is options[1]
    app.run()
    assert seen == [first, second, second] and calls == ["cb"]  # the same object: not a change


def test_numpy_array_options_made_anew_every_run_keep_the_selection() -> None:
    calls, seen = [], []

    def body() -> None:
        options = [np.array([1, 2]), np.array([3, 4])]  # new objects, equal values, every run
        seen.append(str(st.selectbox("Pick", options, key="pick", on_change=lambda: calls.append("cb"))))

    app = make(body)
    frontend_update(widget(app, "pick").view, index=1)
    app.run()
    assert seen == ["[1 2]", "[3 4]", "[3 4]"] and calls == ["cb"]
    assert texts(app) == []


def test_an_error_while_a_value_is_applied_is_shown_and_culls_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    app = make(lambda: (st.slider("S", 0, 10, key="s"), st.text_input("T", key="t")))
    set_value(app, "t", "typed")
    slider = widget(app, "s")

    def broken_read(view: Any) -> Any:
        raise ValueError("cannot read this value")

    monkeypatch.setattr(slider.family, "read", broken_read)
    set_value(app, "s", 7)
    assert texts(app)[0] == "ValueError: cannot read this value"
    assert slider.view.value == 0  # the browser is shown the value the kernel kept
    assert (st.session_state.s, st.session_state.t) == (0, "typed")
    assert not widget(app, "t").closed


# -- triggers after a run that ended early (Streamlit's order) -----------------------------------
def test_a_button_stays_true_after_its_run_raised_until_the_next_run_starts() -> None:
    seen = []

    def body() -> None:
        clicked = st.button("Go", key="go")
        seen.append(clicked)
        st.slider("S", 0, 10, key="s")
        if clicked:
            raise RuntimeError("boom")

    app = make(body)
    click(app, "go")
    assert seen == [False, True] and st.session_state.go is True  # an ordinary cell sees True
    set_value(app, "s", 3)
    assert seen == [False, True, False] and st.session_state.go is False
    click(app, "go")  # a click after a failed click run is a new click
    click(app, "go")
    assert seen[-2:] == [True, True]


def test_clearing_all_state_in_a_buttons_run_leaves_no_key_behind() -> None:
    def body() -> None:
        st.session_state.setdefault("n", 1)
        if st.button("Delete all", key="clear"):
            for key in st.session_state.keys():
                del st.session_state[key]

    app = make(body)
    click(app, "clear")
    assert st.session_state.to_dict() == {}
    app.run()
    assert st.session_state.to_dict() == {"n": 1, "clear": False}


def test_callbacks_run_in_the_order_the_widgets_appear(session: Any) -> None:
    calls = []

    def body() -> None:
        st.slider("A", 0, 10, key="a", on_change=lambda: calls.append("a"))
        st.text_input("B", key="b", on_change=lambda: calls.append("b"))
        st.slider("C", 0, 10, key="c", on_change=lambda: calls.append("c"))

    app = make(body)
    with session.hold():  # coalesced input: three changes, one run
        set_value(app, "c", 1)
        set_value(app, "b", "x")
        set_value(app, "a", 2)
    session.flush()
    assert calls == ["a", "b", "c"]
