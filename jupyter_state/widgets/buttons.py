"""``st.button``: a trigger, ``True`` only in the run its click caused."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._models import use_layout
from ..errors import InvalidLayoutContextError
from ..runtime import current
from ._base import TriggerFamily, apply_label, check_callback, register

__all__ = ["button"]

_BUTTON_STYLES = {"primary": "primary", "secondary": "", "tertiary": ""}


class ButtonFamily(TriggerFamily):
    kind: ClassVar[str] = "button"

    def build(self) -> ipywidgets.Button:
        view = ipywidgets.Button(**self.common(ipywidgets.Button))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        p = self.params
        apply_label(view, p["label"], "visible", p["help"])
        style = _BUTTON_STYLES.get(p["type"], "")
        if view.button_style != style:
            view.button_style = style
        use_layout(view, width="100%" if p.get("use_container_width") else None)  # shared: never changed in place


def button(
    label: str,
    key: str | int | None = None,
    help: str | None = None,
    on_click: Callable[..., Any] | None = None,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    *,
    type: str = "secondary",
    icon: str | None = None,
    disabled: bool = False,
    use_container_width: bool | None = None,
) -> bool:
    """Display a button; return ``True`` only in the run its click caused.

    Parameters
    ----------
    label : str
        The text on the button.
    key : str or int, optional
        Names the button in ``st.session_state`` (read-only: it cannot be assigned).
    help : str, optional
        A tooltip.
    on_click : callable, optional
        Called as ``on_click(*args, **kwargs)`` after a click, before the app reruns.
    args, kwargs
        Arguments for ``on_click``.
    type : {"primary", "secondary", "tertiary"}
        The emphasis of the button.
    disabled : bool
        Whether the button can be clicked.

    Examples
    --------
    >>> def add(n):
    ...     st.session_state.count += n
    >>> st.button("Add", on_click=add, args=(1,))  # doctest: +SKIP
    """
    run = current().run_in_progress
    if run is not None and run.form is not None:
        raise InvalidLayoutContextError.with_forms_doc(
            f"st.button({label!r}) can't be used inside st.form({run.form.key!r}). "
            "Use st.form_submit_button() to submit the form, or move the button out of the form."
        )
    return register_button(ButtonFamily, label, key, help, on_click, args, kwargs, type, icon, disabled, use_container_width)


def register_button(
    family_class: type[ButtonFamily],
    label: str,
    key: Any,
    help: str | None,
    on_click: Callable[..., Any] | None,
    args: Sequence[Any] | None,
    kwargs: dict[str, Any] | None,
    type: str,
    icon: str | None,
    disabled: bool,
    use_container_width: bool | None,
) -> bool:
    """Register a button of ``family_class`` (``st.button``, ``st.form_submit_button``)."""
    family = family_class(label=label, help=help, type=type, icon=icon, use_container_width=use_container_width)
    return bool(
        register(
            family,
            default=False,
            key=key,
            identity={"label": label, "help": help, "type": type, "icon": icon},
            callback=check_callback(on_click, "on_click"),
            args=args,
            kwargs=kwargs,
            disabled=disabled,
        )
    )
