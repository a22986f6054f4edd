"""What a session was asked to run next: whole apps, fragments alone, and holds.

The run loop (``runtime.py``) takes the requests in :meth:`~jupyter_state.runtime.JupyterState.flush`;
a request made while a run is in progress is coalesced into one follow-up run.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

__all__ = ["Requests"]


class Requests:
    """The requests of a session (a base of the run loop's session, which has ``apps``)."""

    apps: list[Any]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: the apps asked to rerun, in the order asked
        self.requested: dict[Any, None] = {}
        #: fragments asked to rerun alone (a change inside one, a timer, st.rerun(scope=...))
        self.fragment_requests: dict[Any, dict[str, None]] = {}
        #: how many ``hold()`` blocks are open: no run starts inside one
        self.held = 0

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Deliver several frontend messages inside this block; they start one run after it."""
        self.held += 1
        try:
            yield
        finally:
            self.held -= 1

    def request_rerun(self, app: Any = None) -> None:
        """Ask for a rerun of ``app`` (of every app when None) at the next :meth:`flush`."""
        for target in [app] if app is not None else list(self.apps):
            if target is not None and not target.closed:
                self.requested[target] = None

    def request_fragment(self, app: Any, fragment_id: str) -> None:
        """Ask for a rerun of one fragment of ``app`` alone at the next :meth:`flush`."""
        if not app.closed:
            self.fragment_requests.setdefault(app, {})[fragment_id] = None

    def fragment_requested(self, app: Any) -> bool:
        """Whether a rerun of some fragments of ``app`` alone is waiting."""
        return bool(self.fragment_requests.get(app))
