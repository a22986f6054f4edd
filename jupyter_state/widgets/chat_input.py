"""``st.chat_input``: a message box whose value is the message, in the run it causes.

A trigger like ``st.button``: sending a message reruns the app (after ``on_submit``), the
widget returns the text in that run and ``None`` in every other. In the app's main area
it is pinned at the bottom, whatever its place in the code, as in Streamlit. The view is
an anywidget (``static/chat_input.js``).

As in Streamlit 1.67, its key may be assigned through session state: the text is put into
the box as a draft (not sent), and the key reads ``None`` again.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._context import current
from ..errors import InvalidLayoutContextError, JupyterStateAPIException, JupyterStateValueError
from ..state import validate_key
from ._binding import register
from ._family import TriggerFamily, check_callback

__all__ = ["chat_input"]


class ChatInputFamily(TriggerFamily):
    kind: ClassVar[str] = "chat_input"
    readonly = False  # Streamlit 1.67: an assigned key becomes a draft in the box
    resting: ClassVar[Any] = None
    key_identity: ClassVar[tuple[str, ...]] = ("max_chars",)
    #: the value the widget function returned in this run (AppTest's ``.value``)
    returned: Any = None

    def build(self) -> ipywidgets.DOMWidget:
        from ._views import ChatInputView  # anywidget views are imported with the first widget that needs one

        return ChatInputView(_dom_classes=self.classes, **self.view_traits())

    def view_traits(self) -> dict[str, Any]:
        p = self.params
        return {"placeholder": str(p["placeholder"]), "max_chars": p["max_chars"], "pinned": p["pinned"]}

    def click_value(self, view: ipywidgets.DOMWidget) -> Any:
        text = view.submitted
        limit = self.params["max_chars"]
        return text[:limit] if limit and isinstance(text, str) else text

    def click_message(self, value: Any) -> dict[str, Any]:
        return {"event": "send", "text": value}


def chat_input(
    placeholder: str = "Your message",
    *,
    key: str | int | None = None,
    max_chars: int | None = None,
    max_upload_size: int | None = None,
    accept_file: bool | str = False,
    file_type: str | Sequence[str] | None = None,
    accept_audio: bool = False,
    audio_sample_rate: int | None = 16000,
    disabled: bool = False,
    submit_mode: str = "submit",
    on_submit: Callable[..., Any] | None = None,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    width: str | int = "stretch",
    height: str | int = "content",
) -> str | None:
    """Display a chat input box; return the message sent, in the run it caused.

    Parameters
    ----------
    placeholder : str
        Shown in the empty box.
    key : str or int, optional
        Names the widget in ``st.session_state``, where the message is during the run it
        caused (``None`` otherwise). Assigning the key puts a draft into the box.
    max_chars : int, optional
        The longest message the box takes.
    disabled : bool
        Whether the user may type.
    on_submit : callable, optional
        Called as ``on_submit(*args, **kwargs)`` when a message is sent, before the app
        reruns; ``st.session_state[key]`` holds the message.
    args, kwargs
        Arguments for ``on_submit``.

    Returns
    -------
    str or None
        The message, in the run its sending caused; ``None`` in every other run.

    Examples
    --------
    >>> if prompt := st.chat_input("Say something"):
    ...     with st.chat_message("user"):
    ...         st.markdown(prompt)         # doctest: +SKIP
    """
    callback = check_callback(on_submit, "on_submit")
    if accept_file not in (True, False, "multiple", "directory"):
        valid = ["True", "False", "'multiple'", "'directory'"]
        raise JupyterStateValueError.invalid("accept_file", valid, f"Got {accept_file!r}.")
    if submit_mode not in ("submit", "disable", "stop"):
        raise JupyterStateValueError.invalid("submit_mode", ["'submit'", "'disable'", "'stop'"])
    if accept_file or accept_audio:
        raise JupyterStateAPIException(
            "st.chat_input(accept_file=..., accept_audio=...) is not supported yet: the chat "
            "input takes text only. Add an st.file_uploader next to it for files."
        )
    session = current()
    run = session.run_in_progress
    if run is not None and run.form is not None:
        raise InvalidLayoutContextError("`st.chat_input()` can't be used in a `st.form()`.")
    skey = validate_key(key) if key is not None else None
    state = session.state
    draft = state.peek(skey) if skey is not None and state.was_assigned(skey) else None
    # In the main area (not in a container) it goes to the bottom of the app, as in Streamlit.
    pinned = run is not None and run.target is run.elements
    family = ChatInputFamily(placeholder=placeholder, max_chars=max_chars, pinned=pinned, help=None)
    identity = {
        "placeholder": placeholder, "max_chars": max_chars, "max_upload_size": max_upload_size,
        "accept_file": accept_file, "file_type": file_type, "accept_audio": accept_audio,
        "audio_sample_rate": audio_sample_rate, "submit_mode": submit_mode, "width": width, "height": height,
    }
    value = register(family, default=None, key=key, identity=identity,
                     callback=callback, args=args, kwargs=kwargs, disabled=disabled)
    family.returned = value  # what AppTest's .value reads after the run (Streamlit's too)
    if run is not None:
        widget = run.target[-1]
        if pinned:
            run.app.view.pin_to_bottom(widget)
        if isinstance(draft, str) and value is None:
            widget.view.show_draft(draft)
    return value if isinstance(value, str) else None
