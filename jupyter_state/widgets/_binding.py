"""The binding rules: step 4 of the run for one widget call (``register``).

:func:`register` finds or creates the :class:`~jupyter_state.widgets._base.Widget` by its
id, decides its value, binds its key and puts it in the run's output.

Which value it has in this run: session state wins when the user assigned the key (or it
holds the widget's last value), the frontend's value is already the widget's after step 1,
and a widget whose key was deleted starts over at its default. The value chosen is pushed
to the frontend only when it is not what the frontend shows.
"""

from __future__ import annotations

import copy
import hashlib
import os
import sys
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from .._caching import in_cached_function
from .._context import Run, Session, current
from .._url_bind import bind_to_url
from ..elements import alert_element
from ..errors import (
    CachedWidgetWarning,
    DuplicateElementId,
    DuplicateElementKey,
    InvalidFormCallbackError,
    ValueAssignmentNotAllowedError,
)
from ..output import error_output
from ..state import differs, validate_key
from ._base import Widget
from ._family import Family
from ._lifetime import adopted, check_persist, take_kept

__all__ = ["decide_value", "register", "show_warning"]

_IMMUTABLE = (bool, int, float, str, type(None), tuple)


def _widget_id(kind: str, key: str | None, identity: tuple[Any, ...], form: Any) -> str:
    digest = hashlib.md5(repr((kind, key, identity, form)).encode(), usedforsecurity=False)
    return f"$$ID-{digest.hexdigest()}-{key}"


def register(
    family: Family,
    *,
    default: Any,
    key: Any,
    identity: dict[str, Any],
    callback: Callable[..., Any] | str | None,
    args: Sequence[Any] | None,
    kwargs: dict[str, Any] | None,
    disabled: bool,
    default_given: bool = False,
    bind: str | None = None,
    persist_state: str | None = None,
) -> Any:
    """Register one widget call of the current run and return its value.

    Parameters
    ----------
    family
        The widget's kind and parameters.
    default
        Its value when neither the frontend nor session state says otherwise.
    key
        The user's key, or None.
    identity
        The parameters that make an unkeyed widget what it is (a change makes a new one).
    callback, args, kwargs
        Called as ``callback(*args, **kwargs)`` before the next run's body when the
        user changed the widget; ``"ignore"`` (from :func:`check_callback`) means a
        change starts no run.
    disabled
        Whether the user may change it.
    default_given
        Whether the caller passed a non-default ``value=``/``index=`` (for the warning
        about setting a value both ways).
    bind
        ``"query-params"``: the value is also the URL's parameter named by the key
        (``_url_bind.py``).
    persist_state
        None, ``"page"`` or ``"session"``: whether a run that leaves the widget out keeps
        its key (``_lifetime.py``; checked here, as Streamlit checks it for every widget).
    """
    persist = check_persist(persist_state, key)
    session = current()
    run = session.run_in_progress
    skey = validate_key(key) if key is not None else None
    if run is None:
        return default  # bare mode: outside an app, widgets return their default
    if in_cached_function():
        run.add(error_output(CachedWidgetWarning()))  # as Streamlit: shown, and the widget still works
    form = run.form
    if form is not None and callback is not None and not family.trigger:
        raise InvalidFormCallbackError(family.kind, form.key)
    if skey is not None:
        ident = tuple(identity.get(name) for name in family.key_identity)
        # As in Streamlit, the page is part of a widget's id (SPEC item 52): None outside pages.
        wid = _widget_id(family.kind, skey, ident, run.page)
        if skey in run.keys:
            raise DuplicateElementKey(skey)
    else:
        # As in Streamlit, an unkeyed widget's place (its form, the sidebar) is part of it.
        place: Any = form.key if form else None
        if run.in_sidebar:
            place = ("sidebar", place)
        if run.page is not None:
            place = ("page", run.page, place)
        wid = _widget_id(family.kind, None, tuple(sorted(identity.items(), key=lambda kv: kv[0])), place)
    if wid in run.ids:
        raise DuplicateElementId(family.kind)
    state = session.state
    if skey is not None and family.readonly and state.was_assigned(skey):
        raise ValueAssignmentNotAllowedError(skey, f"st.{family.kind}")
    run.ids[wid] = None
    if skey is not None:
        run.keys.add(skey)

    app = run.app
    widget = app.widgets.get(wid)
    if widget is not None and not family.fits(widget.view):
        # A stateful container made anew (moved in the tree): its state follows it.
        del app.widgets[wid]
        session.unbind(widget)
        session.pending.pop(widget, None)
        widget.close()
        widget = None
    new = widget is None
    if widget is None:
        widget = Widget(app, wid, skey, family, default)
        app.widgets[wid] = widget
    else:
        previous, widget.family = widget.family, family
        if differs(previous.params, family.params):  # label, options, limits... changed: update in place
            with widget.kernel_side():
                family.configure(widget.view)
    widget.default = default
    widget.mode = "ignore" if callback == "ignore" else "rerun"
    widget.callback = None if isinstance(callback, str) else callback
    widget.fragment = run.fragment
    widget.args = tuple(args) if args is not None else ()
    widget.kwargs = dict(kwargs) if kwargs is not None else {}
    widget.form = form
    if getattr(widget.view, "disabled", disabled) != disabled:  # (st.tabs' view has none)
        widget.view.disabled = disabled
    widget.persist, widget.page = persist, app.page
    widget.url_bound = bind is not None and skey is not None
    if skey is not None:
        take_kept(session, widget, skey)

    value = decide_value(session, widget, skey, default, new, default_given)
    if bind is not None and skey is not None:  # the URL's say (_query_params.py)
        value = bind_to_url(session, widget, skey, value)
    if skey is not None:
        state.freeze(skey, "widget")
    family.place(run, widget)
    return value if isinstance(value, _IMMUTABLE) else copy.deepcopy(value)


def decide_value(
    session: Session,
    widget: Widget,
    skey: str | None,
    default: Any,
    new: bool,
    default_given: bool,
) -> Any:
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
        # A deleted (or cleared) key: the widget starts over; one made in the place of a
        # persisted widget of its key starts from that one's value (_lifetime.py).
        value = adopted(widget, skey) if new and state.holds(skey) else default
        if differs(value, widget.value):
            widget.push(value)
    else:
        value = widget.value
    widget.value = value
    if skey is not None:
        session.bound.setdefault(skey, {})[widget] = None
        state.set_widget_value(skey, value)
    return value


def _replaces(session: Session, widget: Widget) -> bool:
    """Whether a new keyed widget takes the place of another of its app with the same key.

    That happens when a parameter that is part of a keyed widget's identity changed (a
    slider's bounds, say): as in Streamlit, the new widget starts at its default.
    """
    return any(other.app is widget.app and other.id != widget.id for other in session.bound.get(widget.key or "", ()))


def _warn_duplication(session: Session, key: str) -> None:
    if session.warned_duplication or session.disable_widget_state_duplication_warning:
        return
    session.warned_duplication = True
    message = (
        f"The widget with key {key!r} was created with a default value but also had its "
        f"value set via st.session_state; the session-state value wins. Pass only one: "
        f"drop value= or stop assigning st.session_state[{key!r}] before the widget."
    )
    show_warning(message, session.run_in_progress)


def show_warning(message: str, run: Run | None = None, app: Any = None) -> None:
    """Show a Python ``UserWarning`` where the user sees it.

    Inside a run it is an element where the call is (``run``); after a run, below what
    ``app`` shows (until its next run); otherwise, and whenever a test records warnings
    (pytest.warns, catch_warnings(record=True)), it is a Python warning.
    """
    if (run is None and app is None) or _warnings_recorded():
        warnings.warn(message, stacklevel=_user_stacklevel())
        return
    # Shown where the widget is, as a yellow warning element, rather than as stderr text
    # with a temp-file path. Its own kind: AppTest's at.warning lists only st.warning.
    element = alert_element("warning", message)
    element.kind = "python_warning"
    element.output["data"]["text/plain"] = f"UserWarning: {message}"
    if run is not None:
        run.add(element)
    else:
        app.notice(element)


_SHOW_ORIGINAL = getattr(warnings, "_showwarning_orig", warnings.showwarning)
_SHOW_IMPL_ORIGINAL = getattr(warnings, "_showwarnmsg_impl", None)


def _warnings_recorded() -> bool:
    """Whether someone replaced how Python warnings are shown (recording them, say)."""
    return (warnings.showwarning is not _SHOW_ORIGINAL
            or getattr(warnings, "_showwarnmsg_impl", None) is not _SHOW_IMPL_ORIGINAL)


def _user_stacklevel() -> int:
    """The stacklevel of the first frame outside this package (the user's widget call)."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    frame: Any = sys._getframe(1)
    level = 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level
