"""Widgets for text: ``text_input``, ``text_area`` and ``color_picker``.

Text inputs commit on Enter or when they lose focus (``continuous_update=False``), so one
edit is one run, as in Streamlit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._models import use_layout
from .._url_bind import check_bind
from ..errors import JupyterStateValueError
from ._binding import register
from ._family import Family, apply_label, check_callback

__all__ = ["color_picker", "text_area", "text_input"]

Callback = Callable[..., Any] | None


class TextFamily(Family):
    kind: ClassVar[str] = "text_input"
    corrects_input = True
    key_identity: ClassVar[tuple[str, ...]] = ("max_chars",)

    def build(self) -> ipywidgets.DOMWidget:
        p = self.params
        text = {"value": p["value"] or "", "continuous_update": False, "placeholder": p["placeholder"] or ""}
        if self.kind == "text_area":
            view: ipywidgets.DOMWidget = ipywidgets.Textarea(**text, **self.common(ipywidgets.Textarea))
        elif p.get("type") == "password":
            view = ipywidgets.Password(**text, **self.common(ipywidgets.Password))
        else:
            view = ipywidgets.Text(**text, **self.common(ipywidgets.Text))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        p = self.params
        apply_label(view, p["label"], p["label_visibility"], p["help"])
        placeholder = p["placeholder"] or ""
        if view.placeholder != placeholder:
            view.placeholder = placeholder
        if p.get("height") and self.kind == "text_area":
            use_layout(view, height=f"{int(p['height'])}px")  # the layout is shared: never changed in place

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        text = view.value
        limit = self.params["max_chars"]
        if limit is not None and len(text) > limit:
            text = text[:limit]
        if text == "" and self.params["value"] is None:
            return None  # value=None: nothing entered yet
        return text

    def trait_values(self, value: Any) -> dict[str, Any]:
        return {"value": "" if value is None else value}

    def validate(self, value: Any, key: str) -> Any:
        if value is not None and not isinstance(value, str):
            raise TypeError(
                f"st.session_state[{key!r}] is {value!r} ({type(value).__name__}), but st.{self.kind} needs a str."
            )
        limit = self.params["max_chars"]
        # As Streamlit: a longer text is accepted and cut to max_chars (what the input shows).
        return value if value is None or limit is None else value[:limit]


class TextAreaFamily(TextFamily):
    kind: ClassVar[str] = "text_area"


def _text(family: type[TextFamily], label: str, value: str | None, max_chars: int | None, key: Any, help: str | None,
          on_change: Callback, args: Any, kwargs: Any, disabled: bool, label_visibility: str, placeholder: str | None,
          bind: str | None = None, persist_state: str | None = None, **extra: Any) -> str | None:
    if value is not None and not isinstance(value, str):
        value = str(value)
    if max_chars is not None and value is not None:
        value = value[:max_chars]  # as Streamlit: cut to what the input can hold
    fam = family(label=label, value=value, max_chars=max_chars, help=help, label_visibility=label_visibility,
                 placeholder=placeholder, **extra)
    identity = {"label": label, "value": value, "max_chars": max_chars, "help": help, "placeholder": placeholder,
                **extra}
    result: str | None = register(fam, default=value, key=key, identity=identity, callback=check_callback(on_change),
                                  args=args, kwargs=kwargs, disabled=disabled, default_given=bool(value),
                                  bind=check_bind(bind, key), persist_state=persist_state)
    return result


def text_input(label: str, value: str | None = "", max_chars: int | None = None, key: str | int | None = None,
               type: str = "default", help: str | None = None, autocomplete: str | None = None,
               on_change: Callback = None, args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None,
               *, placeholder: str | None = None, disabled: bool = False,
               label_visibility: str = "visible", bind: str | None = None,
               persist_state: str | None = None) -> str | None:
    """Display a one-line text input; return its text (committed on Enter or blur).

    Examples
    --------
    >>> name = st.text_input("Your name", key="name")  # doctest: +SKIP
    """
    if type not in ("default", "password"):
        raise JupyterStateValueError(f"st.text_input: type must be 'default' or 'password', got {type!r}.")
    return _text(TextFamily, label, value, max_chars, key, help, on_change, args, kwargs, disabled, label_visibility,
                 placeholder, bind, persist_state=persist_state, type=type)


def text_area(label: str, value: str | None = "", height: int | None = None, max_chars: int | None = None,
              key: str | int | None = None, help: str | None = None,
              on_change: Callback = None, args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None,
              *, placeholder: str | None = None, disabled: bool = False,
              label_visibility: str = "visible", bind: str | None = None,
              persist_state: str | None = None) -> str | None:
    """Display a multi-line text input; return its text (committed when it loses focus).

    Examples
    --------
    >>> notes = st.text_area("Notes", height=120)  # doctest: +SKIP
    """
    return _text(TextAreaFamily, label, value, max_chars, key, help, on_change, args, kwargs, disabled,
                 label_visibility, placeholder, bind, persist_state=persist_state, height=height)


_HEX = re.compile(r"^#(?:[0-9a-fA-F]{3}){1,2}$")


class ColorFamily(Family):
    kind: ClassVar[str] = "color_picker"

    def build(self) -> ipywidgets.DOMWidget:
        view = ipywidgets.ColorPicker(value=self.params["value"], concise=False, **self.common(ipywidgets.ColorPicker))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        apply_label(view, self.params["label"], self.params["label_visibility"], self.params["help"])

    def validate(self, value: Any, key: str) -> Any:
        if not isinstance(value, str) or not _HEX.match(value):
            raise JupyterStateValueError(
                f"st.session_state[{key!r}] is {value!r}, but st.color_picker needs a hex color such as '#ff0000'."
            )
        return value


def color_picker(label: str, value: str | None = None, key: str | int | None = None, help: str | None = None,
                 on_change: Callback = None, args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None,
                 *, disabled: bool = False, label_visibility: str = "visible",
                 bind: str | None = None, persist_state: str | None = None) -> str:
    """Display a color picker; return the color as a hex string such as ``"#00f900"``.

    Examples
    --------
    >>> color = st.color_picker("Pick a color", "#00f900")  # doctest: +SKIP
    """
    start = value if value is not None else "#000000"
    if not _HEX.match(start):
        raise JupyterStateValueError(f"st.color_picker({label!r}): {start!r} is not a hex color such as '#ff0000'.")
    fam = ColorFamily(label=label, value=start, help=help, label_visibility=label_visibility)
    identity = {"label": label, "value": start, "help": help}
    result: str = register(fam, default=start, key=key, identity=identity, callback=check_callback(on_change),
                           args=args, kwargs=kwargs, disabled=disabled, default_given=value is not None,
                           bind=check_bind(bind, key), persist_state=persist_state)
    return result
