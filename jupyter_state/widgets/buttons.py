"""``st.button``: a trigger, ``True`` only in the run its click caused."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._context import current
from .._models import use_layout
from ..errors import InvalidLayoutContextError
from ._binding import register
from ._button_look import BUTTON_TYPES, button_classes, check_button_look, css_width
from ._family import TriggerFamily, apply_label, check_callback

__all__ = ["button"]

_BUTTON_STYLES = {"primary": "primary", "secondary": "", "tertiary": ""}
_LOOK_CLASSES = ({f"jupyter-state-button-{t}" for t in BUTTON_TYPES}
                 | {"jupyter-state-button-stretch", "jupyter-state-button-content"})


class ButtonFamily(TriggerFamily):
    kind: ClassVar[str] = "button"

    def build(self) -> ipywidgets.Button:
        view = ipywidgets.Button(**self.common(ipywidgets.Button))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        p = self.params
        label = f"{p['icon']} {p['label']}" if p["icon"] else str(p["label"])  # an emoji is text: no icon font needed
        apply_label(view, label, "visible", p["help"])
        style = _BUTTON_STYLES.get(p["type"], "")
        if view.button_style != style:
            view.button_style = style
        wanted = set(button_classes(p["type"], p["width"]))
        for name in _LOOK_CLASSES & set(view._dom_classes) - wanted:
            view.remove_class(name)
        for name in wanted - set(view._dom_classes):
            view.add_class(name)
        use_layout(view, width=css_width(p["width"]))  # shared: never changed in place

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
    width: int | str = "content",
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
    icon : str, optional
        A single emoji shown before the label (Material icons are not supported yet).
    disabled : bool
        Whether the button can be clicked.
    use_container_width : bool, optional
        Deprecated in Streamlit: ``True`` is ``width="stretch"``, ``False`` is ``width="content"``.
    width : "content", "stretch" or int
        As wide as the label, as the column, or a number of pixels.

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
    return register_button(ButtonFamily, label, key, help, on_click, args, kwargs, type, icon, disabled,
                           use_container_width, width)


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
    width: int | str = "content",
) -> bool:
    """Register a button of ``family_class`` (``st.button``, ``st.form_submit_button``)."""
    type, icon, width = check_button_look(f"st.{family_class.kind}", type, icon, width, use_container_width)
    family = family_class(label=label, help=help, type=type, icon=icon, width=width)
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
