"""``persist_state``: what becomes of a widget's key when a completed run leaves the widget out.

Streamlit 1.67's rules (``runtime/state/widgets.py``; ``session_state.py``:
``PersistedWidgetTracker``, ``_remove_stale_widgets``), for a keyed widget a run did not
render:

* ``persist_state=None``: its key goes with it (SPEC item 41), unless the run assigned it.
* ``"session"``, and a widget bound to the URL (``bind="query-params"`` wins over "page"):
  its key stays, and the widget rendered again starts from it.
* ``"page"``: the same while the app stays on the page the widget was last rendered on; once
  the app is on another page the key goes (:func:`drop_left_pages`), and a "page" widget
  on another page does not start from it (:func:`take_kept`).
* When the run rendered another widget with the same key (the same key on the page the app
  switched to, or a keyed slider whose bounds changed), the kept value passes to that widget
  at the end of the run, as Streamlit's cleanup copies it onto the new widget id; a widget
  made later in its place starts from it (:func:`adopted`).
"""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING, Any

from ..errors import JupyterStateValueError, MissingRequiredParameterError
from ..state import MISSING

if TYPE_CHECKING:
    from .._context import Session
    from ..app import App
    from ._base import Widget

__all__ = ["adopted", "check_persist", "drop_left_pages", "keeps_key", "outlive", "take_kept"]


def check_persist(persist_state: Any, key: Any) -> str | None:
    """Check ``persist_state=`` as Streamlit 1.67 does; return it (None, "page" or "session").

    Examples
    --------
    >>> check_persist(None, None), check_persist("page", "k"), check_persist("session", 3)
    (None, 'page', 'session')
    """
    if persist_state is None:
        return None
    if not isinstance(persist_state, str) or persist_state not in ("page", "session"):
        raise JupyterStateValueError.invalid("persist_state", ["'page'", "'session'", "None"])
    if key is None:
        raise MissingRequiredParameterError.of(
            "key",
            "When using persist_state, the widget must have a unique 'key' parameter specified so its "
            "value can be preserved across reruns and page switches.",
        )
    return persist_state


def keeps_key(widget: Widget, page: str | None) -> bool:
    """Whether ``widget``'s value outlives a run that left it out, the app being on ``page``."""
    if widget.url_bound or widget.persist == "session":
        return True
    return widget.persist == "page" and widget.page == page


def outlive(session: Session, widget: Widget, rendered: Container[str]) -> None:
    """Step 6 for one keyed widget the run left out: its key goes, stays, or passes on.

    ``rendered`` holds the ids of the widgets the run rendered.
    """
    key = widget.key
    if key is None:
        return
    app, state = widget.app, session.state
    last = session.unbind(widget)
    if state.was_assigned(key):
        return  # a key the run assigned itself stays, as a plain key (SPEC item 43)
    kept = keeps_key(widget, app.page)
    if last:
        app.preserved.pop(key, None)
        if not kept:
            state.forget_widget_value(key)
        elif widget.persist == "page" and not widget.url_bound:
            app.kept[key] = widget.page  # kept while the app is on that page
        return
    if not kept:
        return  # the widget rendered with the key holds it
    app.preserved[key] = widget.value
    for other in list(session.bound.get(key, ())):
        if other.app is app and other.id in rendered:
            try:
                value = other.family.validate(widget.value, key)
            except Exception:
                continue  # a value the new widget cannot take: it keeps its own
            other.value = value
            other.push(value)
            state.set_widget_value(key, value)


def drop_left_pages(session: Session, app: App) -> None:
    """As Streamlit 1.67: a key ``persist_state="page"`` kept goes once the app is on another page."""
    state = session.state
    for key, page in list(app.kept.items()):
        if key in session.bound:
            del app.kept[key]  # a widget (of another app) has the key now
        elif page != app.page:
            del app.kept[key]
            if not state.was_assigned(key):
                state.forget_widget_value(key)


def take_kept(session: Session, widget: Widget, key: str) -> None:
    """``widget`` takes up ``key``: a "page" widget does not start from a value kept on another page."""
    kept = widget.app.kept
    if key not in kept:
        return
    origin = kept.pop(key)
    state = session.state
    if widget.persist == "page" and not widget.url_bound and origin != widget.page and not state.was_assigned(key):
        state.forget_widget_value(key)


def adopted(widget: Widget, key: str) -> Any:
    """The value a new widget made in the place of a persisted one of its key starts from, if any.

    Returns the value, or ``widget.default`` when there is none. A value the new widget
    cannot take raises its error (a slider's ``ValueAboveMaxError``), and, as in Streamlit,
    again in every run until the key changes: the value stays, the new widget is not kept.
    """
    preserved = widget.app.preserved
    value = preserved.pop(key, MISSING)
    if value is MISSING:
        return widget.default
    try:
        return widget.family.validate(value, key)
    except Exception:
        preserved[key] = value
        widget.app.widgets.pop(widget.id, None)
        widget.close()
        raise
