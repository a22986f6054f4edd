"""How a run ended: :class:`Outcome` (the run loop is in :mod:`jupyter_state.runtime`)."""

from __future__ import annotations

import enum

__all__ = ["COMPLETED", "FAILED", "INTERRUPTED", "RERUN", "STOPPED", "Outcome"]


class Outcome(str, enum.Enum):
    """How a run ended (a ``str``, so ``app.run() == "completed"`` holds too).

    Examples
    --------
    >>> Outcome.INTERRUPTED.ended_early, Outcome.RERUN.ended_early
    (True, False)
    """

    #: the body ran to its end
    COMPLETED = "completed"
    #: ``st.stop()`` in a callback or the body
    STOPPED = "stopped"
    #: an exception, shown in the app
    FAILED = "failed"
    #: a kernel interrupt (``KeyboardInterrupt``): a failed run that also ends a rerun loop
    INTERRUPTED = "interrupted"
    #: ``st.rerun()``: the body runs again
    RERUN = "rerun"

    @property
    def ended_early(self) -> bool:
        """Whether the run stopped or raised: no cull, and triggers keep their values."""
        return self in (Outcome.STOPPED, Outcome.FAILED, Outcome.INTERRUPTED)


COMPLETED, STOPPED, FAILED, INTERRUPTED, RERUN = (
    Outcome.COMPLETED, Outcome.STOPPED, Outcome.FAILED, Outcome.INTERRUPTED, Outcome.RERUN,
)
