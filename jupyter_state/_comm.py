"""The kernel side of the JupyterLab extension: the ``jupyter_state.inspector`` comm target.

The Session State panel (``js/src/index.js``) opens a comm to this target and talks in
requests with an ``id`` and an explicit ``type``; each gets one reply with the same ``id``
and ``type`` and ``ok`` (and ``error``, a message for the user, when not ok)::

    {"type": "snapshot", "id": 1}                  -> {..., "entries": {key: Entry}, "apps": 2}
    {"type": "set", "id": 2, "key": "k", "json": "[1, 2]"}
    {"type": "delete", "id": 3, "key": "k"}
    {"type": "clear_and_rerun", "id": 4}
    {"type": "rerun", "id": 5, "app": "<cell id>"}  -> {..., "apps": ["<name>", ...]}
    {"type": "clear_cache", "id": 6}               -> {..., "cleared": 3}
    {"type": "clear_cache_and_rerun", "id": 7}     -> {..., "cleared": 3, "apps": [...]}
    {"type": "cell_order", "id": 8, "ids": ["<cell id>", ...]}
    {"type": "saved_state", "id": 9}               -> {..., "remembered": [key, ...], "file", "saved", "unsaved"}
    {"type": "forget_saved_state", "id": 10}       -> {..., "forgot": true, "file": "<path>"}

``cell_order`` gives the notebook's cells, top to bottom (the extension sends it when an
app cell is run and when cells move): the apps a change reruns run in that order.

``saved_state`` tells which keys ``st.remember`` keeps across restarts (and where);
``forget_saved_state`` is ``st.forget_saved_state()`` (``saved_state.py``).

The cache requests clear ``st.cache_data`` and ``st.cache_resource`` (kernel-wide), as
Streamlit's "Clear cache" menu item does; the second then reruns every app.

After the first snapshot the kernel pushes ``{"type": "changed", "entries", "removed"}``
whenever keys changed (:mod:`jupyter_state.inspector` says how changes are found).

The timeline and undo (``_timeline.TimelineFeed``): ``{"type": "timeline", "id"}`` answers
with every kept event, newest first, and starts the pushes of ``{"type": "timeline_run"}``
after each event; ``{"type": "undo", "id"}`` undoes the newest event that changed state.
The panel's edits are events of the timeline started by "the side panel".

A write goes through ``st.session_state[key] = value``, as if typed in a cell: apps with
a widget bound to the key rerun, and the API's errors come back as an error reply. A
value the bound widget would refuse is refused before anything changes. The app never
needs any of this: without the extension nobody opens the comm.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from typing import Any, TypedDict, cast

from ._caching import clear_all
from ._context import Session, current
from ._timeline_feed import TimelineFeed
from ._version import __version__
from .errors import ValueAssignmentNotAllowedError
from .inspector import StateDiff, changed_message
from .saved_state import describe, forget_for
from .state import validate_key

__all__ = ["TARGET", "InspectorChannel", "register_target"]

TARGET = "jupyter_state.inspector"


class Request(TypedDict, total=False):
    """A request from the panel."""

    type: str
    id: Any
    key: str
    json: str
    app: str
    ids: list[str]


class Reply(TypedDict, total=False):
    """The one answer to a request."""

    type: str
    id: Any
    ok: bool
    error: str
    entries: dict[str, Any]
    apps: Any
    version: str
    cleared: int


class RequestError(Exception):
    """A request that cannot be done; its message is shown to the user as it is."""


def register_target(shell: Any) -> None:
    """Register the comm target with ``shell``'s kernel (a no-op outside a kernel)."""
    if getattr(shell, "kernel", None) is None:
        return
    import comm  # the comm package only inside a kernel

    comm.get_comm_manager().register_target(TARGET, _open)


def _open(comm: Any, msg: dict[str, Any]) -> None:
    InspectorChannel(comm, current())


class InspectorChannel:
    """One open panel: answers its requests and pushes changes after the first snapshot."""

    def __init__(self, comm: Any, session: Session) -> None:
        self.comm = comm
        self.session = session
        self.diff = StateDiff()
        self._unsubscribe: Callable[[], None] | None = session.subscribe(self._push)
        self.timeline = TimelineFeed(session, comm.send)
        comm.on_msg(self._on_msg)
        comm.on_close(self._on_close)

    # -- the comm ----------------------------------------------------------------------
    def _on_msg(self, msg: dict[str, Any]) -> None:
        self.comm.send(self.handle(msg.get("content", {}).get("data")))

    def _on_close(self, _msg: Any = None) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
            self.timeline.close()

    def _push(self, session: Session) -> None:
        if self.diff.sent is None:
            return  # nothing was asked for yet
        message = changed_message(self.diff, session)
        if message is not None:
            self.comm.send(message)

    # -- requests ----------------------------------------------------------------------
    def handle(self, request: Any) -> Reply:
        """Do what ``request`` asks; return the reply (errors become an error reply)."""
        if not isinstance(request, dict):
            return {"type": "error", "id": None, "ok": False, "error": f"A request must be an object, got {request!r}."}
        kind = request.get("type")
        answer = self.timeline.answer(request)
        if answer is not None:
            return cast(Reply, answer)
        handler = self._handlers().get(str(kind))
        try:
            if handler is None:
                known = sorted([*self._handlers(), "timeline", "undo"])
                raise RequestError(f"Unknown request type {kind!r}; expected one of {known}.")
            with self._as_panel_edit(cast(Request, request)):
                result = handler(cast(Request, request))
        except Exception as exc:  # every failure is the user's to read, and loses no state
            message = str(exc) if isinstance(exc, RequestError) else f"{type(exc).__name__}: {exc}"
            return {"type": str(kind), "id": request.get("id"), "ok": False, "error": message}
        return cast(Reply, {"type": str(kind), "id": request.get("id"), "ok": True, **result})

    def _handlers(self) -> dict[str, Callable[[Request], dict[str, Any]]]:
        return {
            "snapshot": self._snapshot,
            "set": self._set,
            "delete": self._delete,
            "clear_and_rerun": self._clear_and_rerun,
            "rerun": self._rerun,
            "clear_cache": self._clear_cache,
            "clear_cache_and_rerun": self._clear_cache_and_rerun,
            "cell_order": self._cell_order,
            "saved_state": lambda request: describe(self.session),
            "forget_saved_state": self._forget_saved_state,
        }

    def _snapshot(self, request: Request) -> dict[str, Any]:
        return {"entries": self.diff.snapshot(self.session), "apps": len(self.session.apps), "version": __version__}

    def _set(self, request: Request) -> dict[str, Any]:
        key = _key(request)
        text = request.get("json")
        if not isinstance(text, str):
            raise RequestError("A 'set' request needs the new value as JSON text in 'json'.")
        try:
            value = json.loads(text)
        except ValueError as exc:
            raise RequestError(f"Not valid JSON ({exc}); nothing was changed.") from None
        for widget in self.session.bound.get(key, ()):
            if widget.family.readonly:
                raise ValueAssignmentNotAllowedError(key, f"st.{widget.family.kind}")
            widget.family.validate(value, key)  # a value the widget refuses changes nothing
        self.session.state[key] = value  # what st.session_state[key] = value does
        self._settle()
        return {}

    def _delete(self, request: Request) -> dict[str, Any]:
        del self.session.state[_key(request)]
        self._settle()
        return {}

    def _clear_and_rerun(self, request: Request) -> dict[str, Any]:
        state = self.session.state
        for key in list(state):
            del state[key]
        self.session.request_rerun()
        self._settle()
        return {"apps": [app.name for app in self.session.apps]}

    def _rerun(self, request: Request) -> dict[str, Any]:
        apps = [app for app in self.session.apps if not app.closed]
        if not apps:
            raise RequestError("No app has run in this kernel yet: run a %%app cell first.")
        # The active cell's app if it is one (its name is its cell id), else every app.
        chosen = [app for app in apps if app.name == request.get("app")] or apps
        for app in chosen:
            self.session.request_rerun(app)
        self._settle()
        return {"apps": [app.name for app in chosen]}

    def _clear_cache(self, request: Request) -> dict[str, Any]:
        return {"cleared": clear_all()}

    def _clear_cache_and_rerun(self, request: Request) -> dict[str, Any]:
        cleared = self._clear_cache(request)
        self.session.request_rerun()
        self._settle()
        return {**cleared, "apps": [app.name for app in self.session.apps if not app.closed]}

    def _cell_order(self, request: Request) -> dict[str, Any]:
        ids = request.get("ids")
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise RequestError("A 'cell_order' request needs 'ids', the notebook's cell ids as a list of strings.")
        self.session.set_cell_order(ids)
        return {}

    def _forget_saved_state(self, request: Request) -> dict[str, Any]:
        forgot = forget_for(self.session)
        return {"forgot": forgot, **describe(self.session)}

    def _settle(self) -> None:
        """Run what the change asked for, then tell every view (as after a cell)."""
        if self.session.run_in_progress is None:
            self.session.flush()
        self.session.notify()

    # -- the timeline ------------------------------------------------------------------------
    def _as_panel_edit(self, request: Request) -> contextlib.AbstractContextManager[None]:
        """An edit is an event of the timeline started by the side panel; a look is none."""
        kind = request.get("type")
        what = {"set": f"set {request.get('key')!r}", "delete": f"delete {request.get('key')!r}",
                "clear_and_rerun": "clear state and rerun", "rerun": "rerun",
                "clear_cache_and_rerun": "clear cache and rerun"}.get(str(kind))
        if what is None:
            return contextlib.nullcontext()
        caused: contextlib.AbstractContextManager[None] = self.session.timeline.caused_by(
            "panel", f"side panel: {what}", action=kind)
        return caused


def _key(request: Request) -> str:
    if "key" not in request:
        raise RequestError(f"A {request.get('type')!r} request needs a 'key'.")
    return validate_key(request["key"])
