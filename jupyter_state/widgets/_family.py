"""How one kind of widget maps Streamlit values onto an ipywidget: the family adapter.

A widget function (``st.slider`` ...) describes itself with a :class:`Family`: how to build
the view, update it in place, read and write its value and check a value that came from
session state. The :class:`~jupyter_state.widgets._base.Widget` record holds one, and
:func:`~jupyter_state.widgets._binding.register` decides the value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets

from .._context import current
from .._models import shared_parts
from ..errors import JupyterStateAPIException

if TYPE_CHECKING:
    from .._context import Run
    from ._base import Widget

__all__ = ["Family", "TriggerFamily", "UnsupportedModeError", "apply_label", "check_callback"]


class Family:
    """How one kind of widget maps Streamlit values onto an ipywidget.

    Subclasses set ``kind`` and implement :meth:`build`, :meth:`configure`, :meth:`read`
    and :meth:`write`; :meth:`validate` checks a value that came from session state.
    """

    kind: ClassVar[str] = "widget"
    #: value traits the frontend changes
    traits: ClassVar[tuple[str, ...]] = ("value",)
    #: True only in the run a click caused (buttons)
    trigger: ClassVar[bool] = False
    #: its key cannot be assigned through session state
    readonly: ClassVar[bool] = False
    #: parameters that stay part of a *keyed* widget's identity
    key_identity: ClassVar[tuple[str, ...]] = ()
    #: :meth:`read` may correct what the frontend sent (a text cut at ``max_chars``, a
    #: rounded float): the kept value is then sent back, so the screen shows it
    corrects_input: ClassVar[bool] = False
    #: a trigger's value between the runs its clicks cause
    resting: ClassVar[Any] = False
    #: False when the view is a container's (a stateful ``st.tabs``): the container shows
    #: and closes it, and changes it makes itself (new tabs) are no user change
    owns_view: ClassVar[bool] = True

    def __init__(self, **params: Any) -> None:
        self.params = params
        self.classes: tuple[str, ...] = ()

    def common(self, view_class: type | None = None) -> dict[str, Any]:
        """Constructor arguments of every view, so its ``comm_open`` already carries them.

        With the ``view_class`` to build, the view gets the layout and style models that
        views of its class share (``_models.py``: two models fewer per widget).
        """
        p = self.params
        visible = p.get("label_visibility", "visible") == "visible"
        style = {"description_width": "initial"}
        return {
            "description": str(p.get("label", "")) if visible else "",
            "tooltip": p.get("help"),
            "_dom_classes": self.classes,
            **(shared_parts(current(), view_class, style) if view_class is not None else {"style": style}),
        }

    def build(self) -> ipywidgets.DOMWidget:
        """Make the widget's view (an ipywidget), showing the family's parameters."""
        raise NotImplementedError

    def view_traits(self) -> dict[str, Any]:
        """The view's non-value traits for the parameters (label, options...); {} when ``configure`` does it."""
        return {}

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        """Update the view's non-value traits in place (label, options, limits...).

        By default, every trait of :meth:`view_traits` whose value changed, in one message.
        """
        traits = self.view_traits()
        if not traits:
            return
        with view.hold_sync():
            for name, trait_value in traits.items():
                if getattr(view, name) != trait_value:
                    setattr(view, name, trait_value)

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        """The value the view holds, as the widget function returns it."""
        return view.value

    def read_change(self, view: ipywidgets.DOMWidget, previous: Any) -> Any:
        """The value the frontend sent, given the value it replaces (a multiselect's order)."""
        return self.read(view)

    def trait_values(self, value: Any) -> dict[str, Any]:
        """The view's trait values that show ``value`` (what the frontend would send)."""
        return {self.traits[0]: value}

    def write(self, view: ipywidgets.DOMWidget, value: Any) -> None:
        """Set the view's traits so that it shows ``value``."""
        for name, trait_value in self.trait_values(value).items():
            setattr(view, name, trait_value)

    def validate(self, value: Any, key: str) -> Any:
        """Return the value to use for a session-state value, or raise a clear error."""
        return value

    def fits(self, view: ipywidgets.DOMWidget) -> bool:
        """Whether last run's widget, with ``view``, can be this call's (a container's may not)."""
        return True

    def place(self, run: Run, widget: Widget) -> None:
        """Put the widget in the run's output (a stateful container is there already)."""
        run.add(widget)

    def click_value(self, view: ipywidgets.DOMWidget) -> Any:
        """A trigger's value in the run its click (or submit) causes."""
        return True

    def click_message(self, value: Any) -> dict[str, Any]:
        """The custom message a browser sends for a click that gives a trigger ``value``."""
        return {"event": "click"}


class TriggerFamily(Family):
    """A button-like widget: ``True`` only in the run its click caused; its key is read-only."""

    traits: ClassVar[tuple[str, ...]] = ()
    trigger = True
    readonly = True

    def trait_values(self, value: Any) -> dict[str, Any]:
        """A trigger has no value traits: its value is the click."""
        return {}



def check_callback(callback: Any, name: str = "on_change") -> Callable[..., Any] | str | None:
    """Return ``callback`` if it is callable or None, ``"ignore"`` for that mode; else raise.

    ``on_change`` takes Streamlit 1.67's modes too (SPEC item 27): ``"rerun"`` (the default,
    the same as None) and ``"ignore"`` (the new value waits for the next run). ``on_click``
    and ``on_submit`` take no mode.

    Examples
    --------
    >>> check_callback("ignore"), check_callback("rerun"), check_callback(None)
    ('ignore', None, None)
    """
    if callback is None or callable(callback):
        return callback  # type: ignore[no-any-return]
    if isinstance(callback, str) and callback in ("rerun", "ignore"):
        if name == "on_change":
            return None if callback == "rerun" else callback
        raise UnsupportedModeError(
            f'`{name}="{callback}"` is not supported on this widget: {name} must be a function '
            f"(or None). Pass a callback, or omit `{name}`."
        )
    raise TypeError(
        f"{name} must be a function (or None), got {callback!r} of type "
        f"{type(callback).__name__}. Pass the function itself, for example {name}=my_callback, "
        f"and its arguments with args=(...) and kwargs={{...}}."
    )


class UnsupportedModeError(JupyterStateAPIException, TypeError):
    """A mode string (``"rerun"``, ``"ignore"``) given to a callback that takes none."""


def apply_label(view: ipywidgets.DOMWidget, label: str, label_visibility: str, help: str | None) -> None:
    """Set a view's label and tooltip the way Streamlit's ``label_visibility`` asks."""
    if label_visibility not in ("visible", "hidden", "collapsed"):
        raise ValueError(
            f"label_visibility must be 'visible', 'hidden' or 'collapsed', got {label_visibility!r}."
        )
    description = str(label) if label_visibility == "visible" else ""
    if view.description != description:
        view.description = description
    # "hidden" keeps the label's space (the theme draws it), "collapsed" gives it up.
    hidden = label_visibility == "hidden"
    if hidden != ("jupyter-state-label-hidden" in view._dom_classes):
        (view.add_class if hidden else view.remove_class)("jupyter-state-label-hidden")
    if "tooltip" in view.trait_names() and view.tooltip != help:
        view.tooltip = help
    if "style" in view.trait_names() and hasattr(view.style, "description_width"):
        if view.style.description_width != "initial":
            view.style.description_width = "initial"
