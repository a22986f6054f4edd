"""A view's side of the timeline (``_timeline.py``): its requests, and the events pushed to it.

The live inspector (``inspector.py``) and the side panel's comm (``_comm.py``) each hold one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .errors import JupyterStateAPIException

__all__ = ["TimelineFeed"]


class TimelineFeed:
    """One view's side of the timeline: it answers requests and pushes new events.

    Each new event is pushed (``{"type": "timeline_run", "run", "undo", "undone"?}``) once
    the view asked for the timeline.

    Requests, each answered once with the same ``type`` and ``id``::

        {"type": "timeline", "id": 1}  -> {..., "ok": true, "runs": [newest first], "undo": {...}, "keep": 100}
        {"type": "undo", "id": 2}      -> {..., "ok": true, "keys": ["k", ...]} or {"ok": false, "error": "..."}
    """

    def __init__(self, session: Any, send: Callable[[dict[str, Any]], None]) -> None:
        self.session = session
        self.send = send
        #: whether the view asked for the timeline (before, nothing is pushed)
        self.following = False
        self.unsubscribe = session.timeline.subscribe(self._push)

    def _push(self, message: dict[str, Any]) -> None:
        if self.following:
            self.send(message)

    def answer(self, request: Any) -> dict[str, Any] | None:
        """The reply to a ``timeline`` or ``undo`` request; None for any other request."""
        kind = request.get("type") if isinstance(request, dict) else None
        if kind not in ("timeline", "undo"):
            return None
        reply: dict[str, Any] = {"type": kind, "id": request.get("id"), "ok": True}
        if kind == "timeline":
            self.following = True
            return {**reply, **self.session.timeline.snapshot()}
        try:
            keys = self.session.undo()
        except Exception as exc:  # the reason undo cannot be done, or what failed: the user's to read
            message = str(exc) if isinstance(exc, JupyterStateAPIException) else f"{type(exc).__name__}: {exc}"
            return {**reply, "ok": False, "error": message, "undo": self.session.timeline.undo_status()}
        return {**reply, "keys": keys, "undo": self.session.timeline.undo_status()}

    def close(self) -> None:
        """Stop following the timeline."""
        self.unsubscribe()
