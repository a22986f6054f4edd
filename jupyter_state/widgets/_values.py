"""Step 4 for one keyed or unkeyed widget: which value it has in this run.

Session state wins when the user assigned the key (or it holds the widget's last value),
the frontend's value is already the widget's after step 1, and a widget whose key was
deleted starts over at its default. The value chosen is pushed to the frontend only when
it is not what the frontend shows.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any

from ..state import differs

if TYPE_CHECKING:
    from ._base import Widget

__all__ = ["decide_value"]


def decide_value(session: Any, widget: Widget, skey: str | None, default: Any, new: bool, default_given: bool) -> Any:
    """Decide ``widget``'s value in this run, bind its key and push what the frontend lacks."""
    state = session.state
    family = widget.family
    assigned = skey is not None and state.was_assigned(skey)
    if family.trigger:
        value = widget.clicked
    elif skey is not None and state.holds(skey) and not (new and not assigned and _replaces(session, widget)):
        value = state.peek(skey)
        if new or assigned:
            if default_given and assigned:
                _warn_duplication(session, skey)
            value = family.validate(value, skey)  # a bad value just assigned: a clear error
        elif differs(value, widget.value):
            try:
                value = family.validate(value, skey)
            except Exception:
                value = widget.value  # a bad value left from an earlier run: the last good one
        if new or differs(value, widget.value):
            widget.push(value)
    elif skey is not None:
        value = default  # a deleted (or cleared) key: the widget starts over
        if not new and differs(value, widget.value):
            widget.push(value)
    else:
        value = widget.value
    widget.value = value
    if skey is not None:
        session.bound.setdefault(skey, {})[widget] = None
        state.set_widget_value(skey, value)
    return value


def _replaces(session: Any, widget: Widget) -> bool:
    """Whether a new keyed widget takes the place of another of its app with the same key.

    That happens when a parameter that is part of a keyed widget's identity changed (a
    slider's bounds, say): as in Streamlit, the new widget starts at its default.
    """
    return any(other.app is widget.app and other.id != widget.id for other in session.bound.get(widget.key, ()))


def _warn_duplication(session: Any, key: str) -> None:
    if session.warned_duplication or session.disable_widget_state_duplication_warning:
        return
    session.warned_duplication = True
    message = (
        f"The widget with key {key!r} was created with a default value but also had its "
        f"value set via st.session_state; the session-state value wins. Pass only one: "
        f"drop value= or stop assigning st.session_state[{key!r}] before the widget."
    )
    run = session.run_in_progress
    if run is None or _warnings_recorded():
        # A test (pytest.warns, catch_warnings(record=True)) asked for Python warnings.
        warnings.warn(message, stacklevel=_user_stacklevel())
        return
    # Shown where the widget is, as a yellow warning element, rather than as stderr text
    # with a temp-file path. Its own kind: AppTest's at.warning lists only st.warning.
    from ..elements import alert_element

    element = alert_element("warning", message)
    element.kind = "python_warning"
    element.output["data"]["text/plain"] = f"UserWarning: {message}"
    run.add(element)


_SHOW_ORIGINAL = getattr(warnings, "_showwarning_orig", warnings.showwarning)
_SHOW_IMPL_ORIGINAL = getattr(warnings, "_showwarnmsg_impl", None)


def _warnings_recorded() -> bool:
    """Whether someone replaced how Python warnings are shown (recording them, say)."""
    return warnings.showwarning is not _SHOW_ORIGINAL or getattr(warnings, "_showwarnmsg_impl", None) is not _SHOW_IMPL_ORIGINAL


def _user_stacklevel() -> int:
    """The stacklevel of the first frame outside this package (the user's widget call)."""
    import os
    import sys

    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame: Any = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level
