"""``st.chat_message``: a container for one message of a chat, with its avatar.

The avatars of the preset names ("user"/"human", "assistant"/"ai") are inline SVG, drawn
here, never an emoji font glyph (a machine without an emoji font shows tofu boxes). An
emoji the app passes as ``avatar=`` is shown as text; an image URL or file as an image;
any other name gets its first letter. (``st.chat_input`` is a widget: widgets/chat_input.py.)
"""

from __future__ import annotations

import base64
import html
import mimetypes
import os
import unicodedata
from typing import Any

import ipywidgets

from ._context import current
from .blocks import Container, open_container
from .errors import JupyterStateAPIException, MissingRequiredParameterError
from .output import close_view

__all__ = ["ChatMessage", "chat_message"]

_PRESETS = {"user": "user", "human": "user", "assistant": "assistant", "ai": "assistant"}
# A person (user) and a sparkle (assistant), on Streamlit's avatar colours.
_ICONS = {
    "user": (
        "#ff6c6c",
        "<path fill='#fff' d='M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm0 2c-3.3 0-8 1.7-8 5v1h16v-1c0-3.3-4.7-5-8-5z'/>",
    ),
    "assistant": (
        "#ffbd45",
        "<path fill='#fff' d='M12 2l2.2 6.1L20 10l-5.8 1.9L12 18l-2.2-6.1L4 10l5.8-1.9z'/>"
        "<path fill='#fff' d='M19 15l.9 2.1L22 18l-2.1.9L19 21l-.9-2.1L16 18l2.1-.9z'/>",
    ),
}
_SQUARE = "width:2rem;height:2rem;border-radius:.5rem;display:flex;align-items:center;justify-content:center;flex:none"


def _is_emoji(text: str) -> bool:
    """An emoji (possibly with modifiers): what Streamlit shows as a text avatar."""
    if not text or text.isascii() or len(text) > 8:
        return False
    return any(unicodedata.category(c) == "So" for c in text)


def _avatar(name: str, avatar: Any) -> tuple[str, str]:
    """What AppTest's ``.avatar`` reads (Streamlit's value) and the avatar's HTML."""
    if avatar is None and (name.lower() in _PRESETS or _is_emoji(name)):
        avatar = name.lower()
    if avatar is None:
        letter = html.escape(name[:1].upper() or "?")
        return "", f"<div style='{_SQUARE};background:rgba(128,128,128,.3);font-weight:600'>{letter}</div>"
    if isinstance(avatar, str) and avatar in _PRESETS:
        preset = _PRESETS[avatar]
        colour, paths = _ICONS[preset]
        svg = f"<svg width='20' height='20' viewBox='0 0 24 24' aria-hidden='true'>{paths}</svg>"
        return preset, f"<div role='img' aria-label='{preset}' style='{_SQUARE};background:{colour}'>{svg}</div>"
    if isinstance(avatar, str) and _is_emoji(avatar):
        return avatar, f"<div style='{_SQUARE};font-size:1.25rem'>{html.escape(avatar)}</div>"
    url = _image_url(avatar)
    return url, f"<img src='{html.escape(url)}' alt='' style='{_SQUARE};object-fit:cover'>"


def _image_url(avatar: Any) -> str:
    if isinstance(avatar, bytes):
        return "data:image/png;base64," + base64.b64encode(avatar).decode()
    if isinstance(avatar, str) and avatar.startswith(("http://", "https://", "data:image/")):
        return avatar
    if isinstance(avatar, (str, os.PathLike)) and os.path.isfile(avatar):
        mime = mimetypes.guess_type(str(avatar))[0] or "image/png"
        with open(avatar, "rb") as f:
            return f"data:{mime};base64," + base64.b64encode(f.read()).decode()
    raise JupyterStateAPIException(
        f"Failed to load the provided avatar value as an image: {avatar!r}. Pass 'user' or "
        "'assistant', an emoji, an image URL, an image file's path or its bytes."
    )


class ChatMessage(Container):
    """One message of a chat: its avatar on the left, its elements on the right."""

    kind = "chat_message"

    def build(self) -> ipywidgets.Box:
        """Make the message an avatar beside a pane for its elements."""
        self.avatar_view = ipywidgets.HTML()
        self.pane = ipywidgets.VBox(layout=ipywidgets.Layout(flex="1 1 auto", min_width="0"))
        box = ipywidgets.HBox(
            children=(self.avatar_view, self.pane),
            layout=ipywidgets.Layout(grid_gap="0.75rem", padding="0.5rem 0", align_items="flex-start"),
        )
        box.add_class("jupyter-state-chat-message")
        return box

    def content(self) -> ipywidgets.Box:
        """The pane beside the avatar, which shows the elements."""
        return self.pane

    def configure(self, params: dict[str, Any]) -> None:
        """Show the avatar, and mark the message as the user's or the assistant's (for its CSS)."""
        if self.avatar_view.value != params["avatar_html"]:
            self.avatar_view.value = params["avatar_html"]
        for role in ("user", "assistant"):
            marker = f"jupyter-state-chat-message-{role}"
            if params["avatar"] == role and marker not in self.box._dom_classes:
                self.box.add_class(marker)
            elif params["avatar"] != role and marker in self.box._dom_classes:
                self.box.remove_class(marker)

    @property
    def name(self) -> str:
        """The author's name, as given to ``st.chat_message``."""
        return str(self.params.get("name", ""))

    @property
    def avatar(self) -> str:
        """The avatar shown: ``"user"``, ``"assistant"``, an emoji or an image URL."""
        return str(self.params.get("avatar", ""))

    def close(self) -> None:
        """Close the elements, the avatar and the message's box."""
        self.block.close()
        close_view(self.avatar_view)
        close_view(self.box)


def chat_message(name: str, *, avatar: Any = None, width: int | str = "stretch") -> ChatMessage:
    """Insert a chat message container: an avatar, then whatever you put in it.

    Parameters
    ----------
    name : str
        Who speaks. "user" and "assistant" (or "human" and "ai") get their avatars.
    avatar : str, bytes or path, optional
        "user", "assistant", an emoji, an image URL, an image file's path or bytes.
    width : "stretch", "content" or int
        Accepted for Streamlit's signature.

    Examples
    --------
    >>> with st.chat_message("user"):
    ...     st.write("Hello 👋")                    # doctest: +SKIP
    >>> st.chat_message("assistant").markdown("Hi!")   # doctest: +SKIP
    """
    if name is None:
        raise MissingRequiredParameterError.of("name")
    shown, avatar_html = _avatar(str(name), avatar)
    params = {"name": str(name), "avatar": shown, "avatar_html": avatar_html}
    message = open_container(current().run_in_progress, ChatMessage, f"chat_message:{name}", params)
    if message.current_run is None:  # outside an app: a fresh message, configured here
        message.configure(params)
        message.params = params
    return message
