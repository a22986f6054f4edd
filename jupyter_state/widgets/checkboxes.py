"""Widgets that are on or off: ``st.checkbox`` and ``st.toggle`` (a switch that visibly flips)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._url_bind import check_bind
from ._binding import register
from ._family import Family, apply_label, check_callback

__all__ = ["checkbox", "toggle"]

Callback = Callable[..., Any] | None


class BoolFamily(Family):
    kind: ClassVar[str] = "checkbox"

    def build(self) -> ipywidgets.DOMWidget:
        view = ipywidgets.Checkbox(value=self.params["value"], indent=False, **self.common(ipywidgets.Checkbox))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        p = self.params
        apply_label(view, p["label"], p["label_visibility"], p["help"])

    def validate(self, value: Any, key: str) -> Any:
        if not isinstance(value, bool):
            raise TypeError(
                f"st.session_state[{key!r}] is {value!r} ({type(value).__name__}), but "
                f"st.{self.kind} needs a bool. Assign True or False."
            )
        return value


class ToggleFamily(BoolFamily):
    kind: ClassVar[str] = "toggle"

    def build(self) -> ipywidgets.DOMWidget:
        # A checkbox the theme draws as a switch (a ToggleButton's icon looks the same on and off).
        view = ipywidgets.Checkbox(value=self.params["value"], indent=False, **self.common(ipywidgets.Checkbox))
        self.configure(view)
        return view


def _bool_widget(family: type[BoolFamily], label: str, value: bool, key: Any, help: str | None, on_change: Callback,
                 args: Any, kwargs: Any, disabled: bool, label_visibility: str, bind: str | None = None,
                 persist_state: str | None = None) -> bool:
    fam = family(label=label, value=bool(value), help=help, label_visibility=label_visibility)
    identity = {"label": label, "value": bool(value), "help": help}
    return bool(register(fam, default=bool(value), key=key, identity=identity, callback=check_callback(on_change),
                         args=args, kwargs=kwargs, disabled=disabled, default_given=bool(value),
                         bind=check_bind(bind, key), persist_state=persist_state))


def checkbox(label: str, value: bool = False, key: str | int | None = None, help: str | None = None,
             on_change: Callback = None, args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None, *,
             disabled: bool = False, label_visibility: str = "visible", bind: str | None = None,
             persist_state: str | None = None) -> bool:
    """Display a checkbox; return whether it is checked.

    Examples
    --------
    >>> agree = st.checkbox("I agree", key="agree")  # doctest: +SKIP
    """
    return _bool_widget(BoolFamily, label, value, key, help, on_change, args, kwargs, disabled, label_visibility, bind,
                        persist_state=persist_state)


def toggle(label: str, value: bool = False, key: str | int | None = None, help: str | None = None,
           on_change: Callback = None, args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None, *,
           disabled: bool = False, label_visibility: str = "visible", bind: str | None = None,
           persist_state: str | None = None) -> bool:
    """Display an on/off toggle; return whether it is on.

    Examples
    --------
    >>> dark = st.toggle("Dark mode", key="dark")  # doctest: +SKIP
    """
    return _bool_widget(ToggleFamily, label, value, key, help, on_change, args, kwargs, disabled, label_visibility,
                        bind, persist_state=persist_state)
