"""Stateful containers: ``st.tabs``, ``st.expander`` and ``st.popover`` as widgets.

With ``on_change="rerun"`` or a callable (Streamlit 1.67), switching tabs, opening or
closing an expander or a popover is a widget change: the callback runs, then the app
reruns, and ``st.session_state[key]`` holds the open tab's label (a bool for an expander
or a popover). Such a container is a widget whose view is the container's own ipywidget
(``Family.owns_view`` is False) and whose value is that ipywidget's synced trait: the
``selected_index`` of the ``Tab`` or the ``Accordion``, the popover button's ``value``.
Keys, callbacks, session state and culling are the widget machinery of ``_base.py``.

With ``on_change="ignore"`` (the default) none of this happens: the container is no
widget, and what the user opens stays the browser's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._url_bind import check_bind as check_url_bind
from ..errors import JupyterStateValueError
from ..state import differs
from ._base import Widget
from ._binding import register
from ._family import Family

__all__ = ["ExpanderFamily", "PopoverFamily", "TabsFamily", "check_bind", "check_on_change", "track"]


def check_on_change(on_change: Any) -> Callable[..., Any] | str:
    """Return ``on_change`` if it is ``"ignore"``, ``"rerun"`` or callable; else raise.

    Unlike a widget's ``on_change``, a container's takes no None (as in Streamlit).

    Examples
    --------
    >>> check_on_change("rerun")
    'rerun'
    """
    if callable(on_change) or (isinstance(on_change, str) and on_change in ("ignore", "rerun")):
        return on_change  # type: ignore[no-any-return]
    raise JupyterStateValueError(
        f"Invalid `on_change` value {on_change!r}. Supported values: 'rerun', 'ignore', a callback function."
    )


def check_bind(function: str, bind: Any, key: Any, labels: Sequence[str] = ()) -> str | None:
    """Check a container's ``bind=`` as Streamlit 1.67 does; return it (None or ``"query-params"``).

    As on a widget, the key is required and is the parameter's name; tabs bound to the URL
    need non-empty, unique labels (the parameter's value is the open tab's label).
    """
    checked = check_url_bind(bind, key)
    if checked is not None and function == "tabs":
        if any(not label for label in labels):
            raise JupyterStateValueError(
                "Invalid `tabs` value. Supported values: non-empty labels. "
                "Tab labels must be non-empty when bind='query-params'."
            )
        if len(set(labels)) != len(labels):
            raise JupyterStateValueError(
                "Invalid `tabs` value. Supported values: unique labels. "
                "Tab labels must be unique when bind='query-params'."
            )
    return checked


class _ContainerFamily(Family):
    """A container's state as a widget: the view is the container's, and it is in the tree."""

    owns_view: ClassVar[bool] = False

    def __init__(self, container: Any, **params: Any) -> None:
        super().__init__(**params)
        self.container = container

    def view_of(self, container: Any) -> ipywidgets.DOMWidget:
        return container.box

    def build(self) -> ipywidgets.DOMWidget:
        return self.view_of(self.container)

    def fits(self, view: ipywidgets.DOMWidget) -> bool:
        return view is self.view_of(self.container)

    def place(self, run: Any, widget: Widget) -> None:
        self.container.state = widget  # the container itself is in the run's tree already


class TabsFamily(_ContainerFamily):
    """``st.tabs``: the open tab's label; the ``Tab`` widget syncs its index."""

    kind: ClassVar[str] = "tabs"
    traits: ClassVar[tuple[str, ...]] = ("selected_index",)
    key_identity: ClassVar[tuple[str, ...]] = ("labels", "width", "default")

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        """The open tab's label (the default tab's when the view has none open)."""
        labels = self.params["labels"]
        index = view.selected_index
        return labels[index] if index is not None and 0 <= index < len(labels) else self.params["default"]

    def trait_values(self, value: Any) -> dict[str, Any]:
        """The ``selected_index`` that opens the tab labelled ``value``."""
        return {"selected_index": self.params["labels"].index(value)}

    def write(self, view: ipywidgets.DOMWidget, value: Any) -> None:
        """Open the tab labelled ``value`` (at the next render, once the tabs exist)."""
        self.container.select(self.params["labels"].index(value))

    def validate(self, value: Any, key: str) -> Any:
        """Return a session-state value as the label of the tab to open."""
        # As Streamlit: a label no tab has opens the default tab (and the key follows).
        return value if isinstance(value, str) and value in self.params["labels"] else self.params["default"]


class _OpenFamily(_ContainerFamily):
    """Open or closed: a bool."""

    def validate(self, value: Any, key: str) -> Any:
        if not isinstance(value, int):  # (a bool is an int; Streamlit takes 0 and 1 too)
            raise TypeError(
                f"st.session_state[{key!r}] is {value!r} ({type(value).__name__}), but "
                f"st.{self.kind} needs a bool (whether it is open). Assign True or False."
            )
        return value


class ExpanderFamily(_OpenFamily):
    """``st.expander``: open or closed; the ``Accordion`` syncs ``selected_index`` (0 or None)."""

    kind: ClassVar[str] = "expander"
    traits: ClassVar[tuple[str, ...]] = ("selected_index",)
    key_identity: ClassVar[tuple[str, ...]] = ("label", "expanded", "icon", "width")

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        """Whether the expander is open (its accordion's one pane selected)."""
        return view.selected_index == 0

    def trait_values(self, value: Any) -> dict[str, Any]:
        """The ``selected_index`` that shows the expander open (0) or closed (None)."""
        return {"selected_index": 0 if value else None}


class PopoverFamily(_OpenFamily):
    """``st.popover``: open or closed; its button (a ``ToggleButton``) syncs ``value``."""

    kind: ClassVar[str] = "popover"
    key_identity: ClassVar[tuple[str, ...]] = ("label", "type", "help", "icon", "disabled", "width")

    def view_of(self, container: Any) -> ipywidgets.DOMWidget:
        """The popover's toggle button, whose ``value`` is the popover's state."""
        return container.toggle

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        """Whether the popover is open (its button pressed)."""
        return bool(view.value)

    def trait_values(self, value: Any) -> dict[str, Any]:
        """The button ``value`` that shows the popover open or closed."""
        return {"value": bool(value)}


def track(
    family: _ContainerFamily,
    *,
    default: Any,
    key: Any,
    identity: dict[str, Any],
    on_change: Callable[..., Any] | str,
    args: Sequence[Any] | None,
    kwargs: dict[str, Any] | None,
    disabled: bool = False,
    bind: str | None = None,
) -> Any:
    """Register a stateful container's state as a widget of the run; return its value.

    ``on_change`` is ``"rerun"`` or a callable (``"ignore"`` with ``bind`` is a rerun, as in
    Streamlit; without ``bind`` it makes no widget). The view
    is made to show the value: session state may have set it, and a new widget (a new
    label, say) starts at its default in a view that may show another.
    """
    container = family.container
    callback = on_change if callable(on_change) else None
    value = register(family, default=default, key=key, identity=identity,
                     callback=callback, args=args, kwargs=kwargs, disabled=disabled, bind=bind)
    widget = getattr(container, "state", None)
    if isinstance(widget, Widget) and widget.family is family:
        # No form member: Streamlit's container protos carry no form id, so in a form a
        # switch reruns at once (and clear_on_submit leaves it alone).
        widget.form = None
        wanted = family.trait_values(value)
        if any(differs(getattr(widget.view, name), trait) for name, trait in wanted.items()):
            widget.push(value)
    return value
