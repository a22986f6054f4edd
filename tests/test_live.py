"""Live elements through the comm path: what the browser receives while a run is going.

The recording comm of ``wire.py`` keeps every message a widget publishes, in order, with
marks the app body writes between its steps, so a test can tell what the browser had
received at each point of the run.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from typing import Any

import pytest
from helpers import set_value, widget
from wire import Wire, wire_fixture  # noqa: F401

import jupyter_state as st
from jupyter_state import errors
from jupyter_state.app import App
from jupyter_state.runtime import current
from jupyter_state.testing import AppTest


def make_app(body: Any) -> App:
    return st.app(body, display=False)


# -- st.progress ------------------------------------------------------------------------------
def test_each_progress_step_is_sent_before_the_run_goes_on(wire: Wire) -> None:
    def body() -> None:
        st.title("Work")
        bar = st.progress(0, text="Starting")
        for step in (25, 50, 100):
            bar.progress(step, text=f"{step}%")
            wire.mark(step)
        st.write("done")

    app = make_app(body)
    for step in (25, 50, 100):
        sent = wire.html_values(wire.before(step))
        assert f"width:{step}%" in sent[-1] and f"{step}%</div>" in sent[-1]
    # the title reached the browser with the bar, before the first step (the run so far)
    first = wire.outputs_sent(wire.before(25))
    assert any("Work" in str(outputs) for outputs in first)
    assert current().run_in_progress is None and "done" in str(app.view.block.shown[-1].outputs)


def test_progress_values_and_errors_match_streamlit() -> None:
    at = AppTest.from_string(
        """
import jupyter_state as st
a = st.progress(0.25, text="quarter")
b = st.progress(40)
b.progress(0.5)
"""
    ).run()
    assert [(p.value, p.text) for p in at.progress] == [(25, "quarter"), (50, "")]
    for bad, error, message in [
        (150, errors.ValueOutOfRangeError, "The `value` parameter, set to 150, is outside the required range [0, 100]."),
        (1.5, errors.ValueOutOfRangeError, "The `value` parameter, set to 1.5, is outside the required range [0.0, 1.0]."),
        ("half", errors.InvalidParameterTypeError, "Invalid `value` type. Expected one of: int, float. Provided type: str."),
    ]:
        with pytest.raises(error) as raised:
            st.progress(bad)
        assert str(raised.value) == message
    with pytest.raises(errors.InvalidParameterTypeError):
        st.progress(10, text=3)  # type: ignore[arg-type]


def test_a_rerun_reuses_the_live_views_and_opens_no_comm(wire: Wire) -> None:
    def body() -> None:
        bar = st.progress(0)
        with st.spinner("Thinking"):
            bar.progress(100)
        st.toast("Saved")
        st.slider("x", 0, 10, 3, key="x")

    app = make_app(body)
    wire.clear()
    set_value(app, "x", 5)
    assert wire.count("comm_open") == 0 and wire.count("comm_close") == 0
    assert [len(views) for views in app.live_views.values()] == [1, 1, 1]


def test_widgets_the_run_has_not_reached_keep_their_view_and_slot(wire: Wire) -> None:
    def body() -> None:
        st.button("Go", key="go")
        bar = st.progress(0)
        for step in range(1, 4):
            bar.progress(step * 25)
            wire.mark(step)
        st.text_input("Name", key="name")

    app = make_app(body)
    name = widget(app, "name").view
    slot = app.view.block._slot_of[name]
    wire.clear()
    set_value(app, "name", "Ada")  # a rerun with live updates
    # Mid-run, the input (not reached yet) stayed shown, and at the end it is in the same slot.
    assert app.view.block._slot_of[name] is slot and slot.children == (name,)
    children_changes = [d for kind, cid, d in wire.log if kind == "comm_msg" and cid == slot.comm.comm_id and "children" in d.get("state", {})]
    assert children_changes == []


def test_an_ordinary_run_renders_once() -> None:
    renders = []

    def body() -> None:
        st.slider("x", 0, 10, 3, key="x")
        st.write("text")

    app = make_app(body)
    original = app.view.render
    app.view.render = lambda elements: (renders.append(len(elements)), original(elements))  # type: ignore[method-assign]
    set_value(app, "x", 4)
    assert renders == [2]


def test_a_handle_kept_from_an_earlier_run_updates_only_its_view() -> None:
    handles = []

    def body() -> None:
        handles.append(st.progress(10))
        st.slider("x", 0, 10, 3, key="x")

    app = make_app(body)
    handles[0].progress(90)  # outside any run: no error, the view shows it
    assert "width:90%" in handles[0].view.value and current().run_in_progress is None
    assert app.view.block.shown[0] is handles[0].view


# -- st.spinner -------------------------------------------------------------------------------
def test_the_spinner_shows_while_its_block_runs_then_goes(wire: Wire) -> None:
    seen = []

    @st.spinner("Loading data...")
    def load() -> int:
        seen.append([v.layout.display for v in current().run_in_progress.app.live_views["spinner"]])  # type: ignore[union-attr]
        wire.mark("inside")
        return 42

    def body() -> None:
        st.write("before")
        assert load() == 42
        with st.spinner():
            wire.mark("second")
        st.write("after")

    app = make_app(body)
    assert any("Loading data..." in v for v in wire.html_values(wire.before("inside")))
    assert any("In progress..." in v for v in wire.html_values(wire.before("second")))
    assert seen == [[None]]
    spinner_views = app.live_views["spinner"]
    assert all(v.layout.display == "none" for v in spinner_views)
    assert not any(v in app.view.block.shown for v in spinner_views)  # not part of the output
    assert AppTest.from_string("import jupyter_state as st\nwith st.spinner('x'):\n    st.write('in')\n").run().markdown[0].value == "in"


def test_outside_a_run_a_spinner_just_runs_the_block() -> None:
    with st.spinner("x"):
        value = 1
    assert value == 1


# -- st.toast ---------------------------------------------------------------------------------
def test_toasts_in_apptest_and_their_errors() -> None:
    at = AppTest.from_string(
        """
import jupyter_state as st
msg = st.toast("Gathering")
msg.toast("Ready!", icon="🥞")
st.toast("Long", duration="long")
"""
    ).run()
    assert [(t.value, t.icon) for t in at.toast] == [("Ready!", "🥞"), ("Long", "")]
    assert "10s forwards" in at.toast[1].view.value and "&lt;" not in at.toast[0].view.value
    with pytest.raises(errors.MissingRequiredParameterError, match="The `body` parameter is required. Please provide a message."):
        st.toast("")
    with pytest.raises(errors.JupyterStateValueError, match="Invalid `duration` value"):
        st.toast("x", duration="forever")  # type: ignore[arg-type]


def test_toast_text_is_escaped() -> None:
    at = AppTest.from_string("import jupyter_state as st\nst.toast('<b>hi</b>')\nst.progress(5, text='<i>x</i>')").run()
    assert "<b>hi" not in at.toast[0].view.value and "&lt;b&gt;hi" in at.toast[0].view.value
    assert "&lt;i&gt;x" in at.progress[0].view.value


# -- st.write_stream --------------------------------------------------------------------------
def test_streamed_text_grows_in_place_while_the_run_goes_on(wire: Wire) -> None:
    def reply() -> Iterator[str]:
        for word in ("Hello", " there", "!"):
            yield word
            wire.mark(word)

    results = []

    def body() -> None:
        st.write("question")
        results.append(st.write_stream(reply, cursor="▌"))

    app = make_app(body)
    assert results == ["Hello there!"]
    assert "Hello" in str(wire.outputs_sent(wire.before("Hello"))[-1])
    assert "Hello there▌" in str(wire.outputs_sent(wire.before(" there"))[-1])
    final = app.view.block.shown[-1].outputs
    assert [o["data"]["text/plain"] for o in final] == ["question", "Hello there!"]


def test_write_stream_returns_what_streamlit_returns() -> None:
    at = AppTest.from_string(
        """
import jupyter_state as st
def mixed():
    yield "a "
    yield "b"
    yield {"k": 1}
    yield ""
    yield "c"
st.session_state.mixed = st.write_stream(mixed())
st.session_state.empty = st.write_stream(iter([]))
st.session_state.words = st.write_stream(["one ", "two"])
"""
    ).run()
    assert at.session_state.mixed == ["a b", {"k": 1}, "c"]
    assert at.session_state.empty == "" and at.session_state.words == "one two"
    assert [m.value for m in at.markdown] == ["a b", "c", "one two"]
    assert json.loads(at.json[0].value) == {"k": 1}  # the JSON text, as Streamlit


def test_write_stream_reads_openai_and_langchain_chunks_and_async_generators() -> None:
    def chunk_class(name: str, module: str) -> type:
        return type(name, (), {"__module__": module})

    Chunk = chunk_class("ChatCompletionChunk", "openai.types.chat.chat_completion_chunk")
    Delta = chunk_class("ChoiceDelta", "openai.types.chat")
    Choice = chunk_class("Choice", "openai.types.chat")
    Message = chunk_class("AIMessageChunk", "langchain_core.messages.ai")

    def openai_chunk(text: str | None) -> Any:
        delta, choice, chunk = Delta(), Choice(), Chunk()
        delta.content, choice.delta, chunk.choices = text, delta, [choice]  # type: ignore[attr-defined]
        return chunk

    def langchain_chunk(text: str) -> Any:
        message = Message()
        message.content = text  # type: ignore[attr-defined]
        return message

    empty = Chunk()
    empty.choices = []  # type: ignore[attr-defined]

    async def agen() -> Any:
        for text in ("as", "ync"):
            await asyncio.sleep(0)
            yield text

    def body() -> None:
        st.session_state.openai = st.write_stream([empty, openai_chunk("Hi"), openai_chunk(None), openai_chunk(" you")])
        st.session_state.langchain = st.write_stream([langchain_chunk("Lang"), langchain_chunk("chain")])
        st.session_state.agen = st.write_stream(agen)

    make_app(body)
    state = current().state
    assert (state["openai"], state["langchain"], state["agen"]) == ("Hi you", "Langchain", "async")


def test_write_stream_refuses_what_streamlit_refuses() -> None:
    with pytest.raises(errors.InvalidParameterTypeError, match="Please use `st.write` instead"):
        st.write_stream("text")
    with pytest.raises(errors.JupyterStateAPIException, match="cannot be iterated"):
        st.write_stream(42)


def test_write_stream_outside_a_run_returns_the_text() -> None:
    assert st.write_stream(iter(["a", "b"])) == "ab"
