"""Who hears that the state may have changed: the inspectors and the side panel."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._kernel import shell

__all__ = ["Listeners"]


class Listeners:
    """A session's listeners (a base of the run loop's session), called after runs and cells."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._listeners: list[Callable[[Any], None]] = []

    def subscribe(self, listener: Callable[[Any], None]) -> Callable[[], None]:
        """Call ``listener(session)`` whenever the state may have changed; return the unsubscribe.

        That is after every run and after every ordinary cell (the session-state inspector
        uses it). Errors in a listener are shown, never raised into the run loop.
        """
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def notify(self) -> None:
        """Tell the listeners the state may have changed."""
        for listener in list(self._listeners):
            try:
                listener(self)
            except Exception:
                ipython = shell()
                if ipython is None:
                    raise
                ipython.showtraceback()
