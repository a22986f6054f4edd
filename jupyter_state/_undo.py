"""Undo: put back the session-state values the last event changed, and rerun the apps that read them.

``st.undo()``, the inspector's and the side panel's "Undo" button. The event undone is the
newest one of the timeline (``_timeline.py``) that changed session state and was not
undone yet; undo again goes one event further back. An undo is an event of its own
(trigger "undo"), and is not itself undone by the next undo (there is no redo).

Restoring is what assignments from a cell would do: a changed key gets its old value back
(``st.session_state[key] = old``), a key the event added is deleted, a key it removed comes
back. So a widget bound to a restored key shows the old value at its app's next run, a
``bind="query-params"`` widget puts it back in the URL, and the apps whose last run read
a restored key (``Readers.readers_of_keys``, static apps too) rerun.

What cannot be undone, and is said so (the button is disabled with the reason; ``st.undo()``
raises it): an event whose old values were let go (too old, or too large: see
``_timeline.py``), an event that changed the key of a widget whose value code cannot set (a
file uploader, a data editor), events older than the timeline keeps. Never undone, and not
detected: what callbacks did outside session state (files written, messages sent),
unkeyed widgets' values (they are not session state), in-place changes to a mutable
value (``st.session_state.items.append(x)``: nothing was assigned, so nothing was recorded),
and the page a multipage app shows (the app's, not session state: undoing a page switch
brings back the keys the left page dropped, on the page the user is on now).

During a run (``st.button("Undo", on_click=st.undo)``), the undo is done when the event in
progress has ended, and it undoes the event that was the newest when it was asked for. A
form's staged (not yet submitted) edits are not session state: undo leaves them staged,
except a member whose own key it restores, which shows the restored value, as after an
assignment.
"""

from __future__ import annotations

from typing import Any

from ._context import current
from ._timeline import Event, Timeline
from .errors import JupyterStateAPIException
from .state import MISSING

__all__ = ["TimelineKeeper", "undo"]


class TimelineKeeper:
    """A session's timeline and undo (a base of the run loop's session)."""

    state: Any
    bound: dict[str, Any]
    run_in_progress: Any
    warned_duplication: bool
    # the run loop's (runtime.py) and its bases'
    readers_of_keys: Any
    request_rerun: Any
    flush: Any
    notify: Any

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.timeline = Timeline(self)
        self.timeline.do_undo = self.undo_event

    def undo(self) -> list[str] | None:
        """Undo the newest event that changed session state; the keys restored (None: done after the run).

        Raises
        ------
        JupyterStateAPIException
            When there is nothing to undo, or the event cannot be undone (the message says why).
        """
        if self.run_in_progress is None and not self.timeline.depth:
            self.timeline.end()  # what this cell changed before is the newest event
        target, reason = self.timeline.target()
        if target is None or reason:
            raise JupyterStateAPIException(reason)
        if self.run_in_progress is not None or self.timeline.depth:
            if target not in self.timeline.asked:
                self.timeline.asked.append(target)  # done when the event in progress ends
            return None
        return self.undo_event(target)

    def undo_event(self, target: Event) -> list[str]:
        """Put back what ``target`` changed, as one "undo" event; rerun the apps that read it."""
        if target.undone or target.blocked is not None:
            return []  # undone meanwhile (a second click), or no longer possible
        keys = list(target.olds)
        timeline = self.timeline
        with timeline.caused_by("undo", f"undo of #{target.number}", of=target.number):
            event = timeline.open or timeline.begin()
            event.undoes = target.number
            target.undone = True
            state = self.state
            for key, old in target.olds.items():
                if old is MISSING:
                    if state.holds(key):
                        del state[key]
                else:
                    state[key] = old
            timeline.let_go(target)
            for apps in self.readers_of_keys(keys).values():
                for app in apps:
                    self.request_rerun(app)
            # A restored widget key is not the user giving a widget two values: no warning.
            warned, self.warned_duplication = self.warned_duplication, True
            try:
                if self.run_in_progress is None:
                    self.flush()
            finally:
                self.warned_duplication = warned
        self.notify()
        return keys


def undo() -> list[str] | None:
    """Undo the last change to session state: put back the values the newest event changed.

    An event is what one action caused: a widget change and the reruns after it, a cell
    that wrote keys, a side-panel edit. Keys it changed get their old values back (widgets
    bound to them show those), keys it added are removed, keys it removed come back, and
    the apps that read them rerun. Call it again to go one event further back. Called in a
    callback (``st.button("Undo", on_click=st.undo)``), it is done when the run has ended.

    What callbacks did outside session state, unkeyed widgets' values and in-place changes
    to a value are not undone; events too old (beyond the last 20) or with a value too
    large to keep cannot be: it then raises, saying why.

    Returns
    -------
    list of str or None
        The keys restored; None when called during a run (the undo comes after it).

    Raises
    ------
    JupyterStateAPIException
        Nothing to undo, or the newest event cannot be undone (the message says why).

    Examples
    --------
    >>> st.session_state.count = 1   # doctest: +SKIP
    >>> st.session_state.count = 5   # doctest: +SKIP
    >>> st.undo()                    # doctest: +SKIP
    ['count']
    >>> st.session_state.count       # doctest: +SKIP
    1
    """
    return current().undo()
