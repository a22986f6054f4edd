"""What the kernel sends back for one frontend message (issue 11).

One change costs one ``echo_update`` and nothing else; a value the kernel refuses (a wrong
type, NaN) or corrects (a text cut at ``max_chars``, a number clamped into its bounds) is
answered by the value the kernel kept, so the screen always shows the state, and a refusal
is reported as a warning in the app.
"""

from __future__ import annotations

from typing import Any

import pytest

import jupyter_state as st
from tests.helpers import frontend_update, recorded_comms, texts, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def counter() -> None:
    if "count" not in st.session_state:
        st.session_state.count = 0
    st.slider("Step", 1, 10, 1, key="step")
    st.slider("Ratio", 0.0, 1.0, 0.5, key="ratio")
    st.text_input("Name", key="name")
    st.write("Count:", st.session_state.count)


@pytest.mark.parametrize(("key", "value"), [("step", 4), ("ratio", 0.75), ("name", "Ada")])
def test_one_change_sends_one_echo_update_and_nothing_else(key: str, value: Any) -> None:
    with recorded_comms() as sent:
        app = make(counter)
        view = widget(app, key).view
        sent.clear()
        frontend_update(view, value=value)
    assert sent.methods() == [("echo_update", {"value": value})]
    assert [cid for _, cid, _ in sent] == [view.comm.comm_id]
    assert st.session_state[key] == value


def test_a_change_that_changes_the_output_sends_only_the_new_output() -> None:
    def body() -> None:
        st.write("Step is", st.slider("Step", 1, 10, 1, key="step"))

    with recorded_comms() as sent:
        app = make(body)
        view = widget(app, "step").view
        sent.clear()
        frontend_update(view, value=3)
    assert [kind for kind, _, _ in sent] == ["echo_update", "update"]
    assert [list(state) for _, state in sent.methods()] == [["value"], ["outputs"]]
    assert texts(app) == ["Step is `3`"]


@pytest.mark.parametrize(("make_widget", "sent", "kept"), [
    (lambda: st.slider("Age", 0, 130, 25, key="w"), "not a number", 25),
    (lambda: st.slider("Ratio", 0.0, 1.0, 0.5, key="w"), float("nan"), 0.5),
    (lambda: st.slider("Span", 0.0, 1.0, (0.2, 0.8), key="w"), [float("nan"), 0.5], (0.2, 0.8)),
    (lambda: st.number_input("Price", 0.0, 100.0, 9.5, key="w"), float("nan"), 9.5),
    (lambda: st.checkbox("Agree", key="w"), "yes", False),
], ids=["int slider, a str", "float slider, NaN", "range slider, NaN", "number input, NaN", "checkbox, a str"])
def test_a_refused_value_is_answered_with_the_kept_one_and_reported(make_widget: Any, sent: Any, kept: Any) -> None:
    runs = []

    def body() -> None:
        runs.append(make_widget())

    with recorded_comms() as messages:
        app = make(body)
        view = widget(app, "w").view
        messages.clear()
        frontend_update(view, value=sent)
    mine = messages.methods(view.comm.comm_id)
    assert [kind for kind, _ in mine] == ["echo_update", "update"]  # ipywidgets echoes, we answer
    answered = mine[1][1]["value"]
    assert (tuple(answered) if isinstance(answered, list) else answered) == kept
    assert st.session_state.w == kept and runs == [kept]  # no run for a refused value
    [warning] = [t for t in texts(app) if t.startswith("WARNING")]
    assert "refused a value from the frontend" in warning and "key='w'" in warning and repr(kept) in warning
    app.run()
    assert not [t for t in texts(app) if t.startswith("WARNING")]  # gone with the next run


def test_a_text_cut_at_max_chars_is_sent_back_as_kept() -> None:
    with recorded_comms() as messages:
        app = make(lambda: st.text_input("Code", max_chars=3, key="code"))
        view = widget(app, "code").view
        messages.clear()
        frontend_update(view, value="abcdef")
    assert messages.methods(view.comm.comm_id) == [("echo_update", {"value": "abcdef"}), ("update", {"value": "abc"})]
    assert st.session_state.code == "abc" and view.value == "abc"


def test_a_number_clamped_into_its_bounds_is_sent_back() -> None:
    with recorded_comms() as messages:
        app = make(lambda: st.number_input("N", 0, 10, 5, key="n"))
        view = widget(app, "n").view
        messages.clear()
        frontend_update(view, value=500)
    assert messages.methods(view.comm.comm_id)[-1] == ("update", {"value": 10})
    assert st.session_state.n == 10
