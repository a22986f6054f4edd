"""st.chat_input (and st.chat_message) through the comm path: what a browser sends."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import click, widget

import jupyter_state as st
from jupyter_state import errors
from jupyter_state.app import App
from jupyter_state.runtime import current


def send(app: App, text: str, key: str = "prompt") -> None:
    """What the chat input's view sends when the user presses Enter or the send button."""
    view = widget(app, key).view
    view.comm.handle_msg({"content": {"data": {"method": "custom", "content": {"event": "send", "text": text}}}, "buffers": []})


def chat_app(log: list[Any], **options: Any) -> App:
    def body() -> None:
        value = st.chat_input("Ask me", key="prompt", **options)
        log.append((value, st.session_state.prompt))
        st.button("Other", key="other")

    return st.app(body, display=False)


def test_the_message_is_the_value_only_in_the_run_it_causes() -> None:
    log: list[Any] = []
    app = chat_app(log)
    send(app, "hello")
    click(app, "other")
    assert log == [(None, None), ("hello", "hello"), (None, None)]
    assert current().state["prompt"] is None


def test_on_submit_runs_first_with_its_args() -> None:
    calls: list[Any] = []
    log: list[Any] = []

    def submitted(tag: str, *, n: int) -> None:
        calls.append((tag, n, st.session_state.prompt))

    app = chat_app(log, on_submit=submitted, args=("t",), kwargs={"n": 2})
    send(app, "hi")
    assert calls == [("t", 2, "hi")] and log[-1] == ("hi", "hi")


def test_max_chars_is_enforced_in_the_kernel_too() -> None:
    log: list[Any] = []
    app = chat_app(log, max_chars=5)
    assert widget(app, "prompt").view.max_chars == 5
    send(app, "far too long")
    assert log[-1] == ("far t", "far t")


def test_a_disabled_chat_input_takes_no_message() -> None:
    log: list[Any] = []
    app = chat_app(log, disabled=True)
    send(app, "ignored")
    assert log == [(None, None)] and widget(app, "prompt").view.disabled


def test_in_the_main_area_it_is_shown_at_the_bottom() -> None:
    def body() -> None:
        st.chat_input("Say", key="prompt")
        st.write("history")
        st.slider("x", 0, 5, key="x")

    app = st.app(body, display=False)
    shown = app.view.block.shown
    chat = widget(app, "prompt").view
    assert shown[-1] is chat and chat.pinned
    assert [type(v).__name__ for v in shown] == ["Output", "IntSliderView", "ChatInputView"]


def test_assigning_its_key_puts_a_draft_in_the_box() -> None:
    log: list[Any] = []
    app = chat_app(log)
    view = widget(app, "prompt").view
    st.session_state.prompt = "a draft"  # from an ordinary cell: the app reruns after it
    current().flush()
    assert (view.draft, view.draft_seq) == ("a draft", 1)
    assert log[-1] == (None, None)


def test_a_rerun_keeps_the_same_view() -> None:
    log: list[Any] = []
    app = chat_app(log)
    view = widget(app, "prompt").view
    send(app, "one")
    send(app, "two")
    assert widget(app, "prompt").view is view and log[-1] == ("two", "two")


def test_misuse_errors() -> None:
    with pytest.raises(errors.JupyterStateValueError, match="Invalid `submit_mode` value"):
        st.chat_input(submit_mode="later")
    with pytest.raises(errors.JupyterStateValueError, match="Invalid `accept_file` value"):
        st.chat_input(accept_file="some")
    with pytest.raises(errors.JupyterStateAPIException, match="not supported yet"):
        st.chat_input(accept_file=True)
    with pytest.raises(TypeError, match="on_submit must be a function"):
        st.chat_input(on_submit="rerun")  # type: ignore[arg-type]
    assert st.chat_input() is None  # outside an app: no message


def test_apptest_chat_input() -> None:
    from jupyter_state.testing import AppTest

    at = AppTest.from_string(
        """
import jupyter_state as st
prompt = st.chat_input("Say something", max_chars=50)
if prompt:
    st.markdown(f"echo: {prompt}")
"""
    ).run()
    chat = at.chat_input[0]
    assert (chat.placeholder, chat.max_chars, chat.value) == ("Say something", 50, None)
    chat.set_value("hi").run()
    assert at.chat_input[0].value == "hi" and at.markdown[0].value == "echo: hi"
    at.run()
    assert at.chat_input[0].value is None and len(at.markdown) == 0


# -- st.chat_message --------------------------------------------------------------------------
def test_chat_messages_are_containers_with_svg_avatars() -> None:
    from jupyter_state.testing import AppTest

    at = AppTest.from_string(
        """
import jupyter_state as st
with st.chat_message("user"):
    st.write("Hello")
st.chat_message("assistant").markdown("Hi! **How** can I help?")
st.chat_message("ai").write("also the assistant")
st.chat_message("Ada", avatar="🦊").write("an emoji")
st.chat_message("Bob").write("a letter")
"""
    ).run()
    messages = at.chat_message
    assert [(m.name, m.avatar) for m in messages] == [
        ("user", "user"), ("assistant", "assistant"), ("ai", "assistant"), ("Ada", "🦊"), ("Bob", ""),
    ]
    assert messages[0].markdown[0].value == "Hello" and messages[1].markdown[0].value == "Hi! **How** can I help?"
    assert [child.value for child in messages[0].children.values()] == ["Hello"]  # as Streamlit's Block.children
    views = [m._container.avatar_view.value for m in messages]
    assert "<svg" in views[0] and "<svg" in views[1] and "<svg" in views[2]
    assert not any(ch for v in views[:3] for ch in v if ord(ch) > 0xFFFF or 0x2600 <= ord(ch) <= 0x27BF)  # no emoji glyphs
    assert "🦊" in views[3] and ">B<" in views[4]


def test_chat_message_errors_and_image_avatars(tmp_path: Any) -> None:
    with pytest.raises(errors.MissingRequiredParameterError, match="The `name` parameter is required."):
        st.chat_message(None)  # type: ignore[arg-type]
    with pytest.raises(errors.JupyterStateAPIException, match="Failed to load the provided avatar"):
        st.chat_message("user", avatar="not an image")
    picture = tmp_path / "me.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n")
    message = st.chat_message("user", avatar=str(picture))
    assert message.avatar.startswith("data:image/png;base64,") and "<img" in message.avatar_view.value
    assert st.chat_message("x", avatar="https://example.org/a.png").avatar == "https://example.org/a.png"


def test_history_messages_keep_their_views_when_the_chat_grows() -> None:
    def body() -> None:
        st.session_state.setdefault("log", [])
        for text in st.session_state.log:
            with st.chat_message("user"):
                st.markdown(text)
        if prompt := st.chat_input("Say", key="prompt"):
            st.session_state.log.append(prompt)
            with st.chat_message("user"):
                st.markdown(prompt)

    app = st.app(body, display=False)
    send(app, "one")
    first = app.view.block.shown[0]
    send(app, "two")
    shown = app.view.block.shown
    assert shown[0] is first and len(shown) == 3 and shown[-1] is widget(app, "prompt").view


def test_in_a_container_it_stays_where_it_is_called() -> None:
    def body() -> None:
        with st.container():
            st.chat_input("Inside", key="inside")
            st.write("after it")
        with st.sidebar:
            st.chat_input("In the sidebar", key="side")
        st.write("main")

    app = st.app(body, display=False)
    inside, side = widget(app, "inside").view, widget(app, "side").view
    assert not inside.pinned and not side.pinned
    [box] = [e for e in app.elements if getattr(e, "kind", "") == "container"]
    assert box.block.shown[0] is inside  # first in its container, not moved
