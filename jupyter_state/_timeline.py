"""The session's timeline: what each event did to session state, kept for the inspector and undo.

An *event* is what one action causes: a widget change (or a click) and the runs that
follow it (its app's, a ``st.rerun()``, the apps that react to the keys it changed), an
ordinary cell that wrote keys and the reruns after it, the ``%%app`` cell run by the user,
a side-panel edit, a fragment's ``run_every`` timer, the page's URL, an undo. Each becomes
one :class:`Event`: a number, when it started, what started it, the widget changes that
came from the frontend, the callbacks that ran, the apps that ran (each with how it ended,
its error and its duration) and every session-state key that changed, old -> new.

How it is kept cheap. The session state tells the run loop about every real change
(``SessionState.on_change``, with the old value); the timeline keeps the first old value
of each key in the open event (one dict insert). Texts are made once, when the event
ends, with :func:`short` (``reprlib`` limits, so a big list is not printed whole).

What undo keeps. An event keeps the *objects* it replaced only while it can still be
undone: the newest :data:`UNDO_DEPTH` events, up to :data:`UNDO_BYTES` in all, and no
single value above :data:`VALUE_BYTES` (sizes estimated: ``nbytes`` for arrays, pandas'
``memory_usage``, else ``sys.getsizeof``, which does not count what a container holds).
Older events keep their texts only. The timeline holds the last :data:`KEEP` events.
"""

from __future__ import annotations

import contextlib
import reprlib
import sys
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ._kernel import cell_number, parent_request, shell
from .state import MISSING, same

__all__ = ["KEEP", "UNDO_BYTES", "UNDO_DEPTH", "VALUE_BYTES", "Event", "Timeline", "cut", "footprint", "short"]

#: the events the timeline keeps
KEEP = 100
#: the newest events whose replaced values are kept, so they can be undone
UNDO_DEPTH = 20
#: the most memory the kept values may take, in all (estimated)
UNDO_BYTES = 64 * 2**20
#: the largest single value kept for undo (estimated)
VALUE_BYTES = 8 * 2**20
#: the longest value text kept
TEXT = 120
#: the most changes one event's message lists (the rest are counted)
LISTED = 50

_repr = reprlib.Repr()
_repr.maxstring = _repr.maxother = TEXT
_repr.maxlist = _repr.maxtuple = _repr.maxset = _repr.maxfrozenset = _repr.maxdict = 8
_repr.maxlevel = 3
#: types whose repr is short and cheap (a str is cut after)
_PLAIN = frozenset({int, float, bool, type(None), complex})


def short(value: Any) -> str:
    """A short, safe text of ``value``: a limited repr, never raising, at most :data:`TEXT` characters.

    Examples
    --------
    >>> short(3), short("a"), short(list(range(100)))
    ('3', "'a'", '[0, 1, 2, 3, 4, 5, 6, 7, ...]')
    """
    if type(value) in _PLAIN:
        text = repr(value)
    else:
        text = _safe(value)
    return cut(text)


def _safe(value: Any) -> str:
    try:
        return _repr.repr(value)
    except Exception as exc:  # a broken __repr__ must not break the timeline
        return f"<repr failed: {type(exc).__name__}: {exc}>"


def cut(text: str) -> str:
    """``text``, cut to at most :data:`TEXT` characters (the last one an ellipsis)."""
    return text if len(text) <= TEXT else f"{text[:TEXT - 1]}…"


def footprint(value: Any) -> int:
    """An estimate of the memory ``value`` holds, in bytes (containers counted shallowly)."""
    if type(value) in _PLAIN or type(value) is str:
        return sys.getsizeof(value)
    try:
        nbytes = getattr(value, "nbytes", None)
        if isinstance(nbytes, int):
            return nbytes
        usage = getattr(value, "memory_usage", None)
        if callable(usage):
            total = usage(deep=False)
            return int(total.sum() if hasattr(total, "sum") else total)
        return sys.getsizeof(value)
    except Exception:  # an object that refuses to say: count it as small
        return 0


@dataclass(eq=False)  # compared by identity: looked up among the kept events after every event
class Event:
    """One event of the timeline (see the module's docstring)."""

    number: int
    #: when it started (seconds since the epoch)
    started: float
    #: what started it: ``{"kind": ..., "text": ..., ...}``; None until it is known
    trigger: dict[str, Any] | None
    #: the widget changes from the frontend, in the order applied
    widgets: list[dict[str, Any]] = field(default_factory=list)
    #: the callbacks that ran, as ``name(args)``
    callbacks: list[str] = field(default_factory=list)
    #: the runs: app label, fragments, outcome, error, ms
    runs: list[dict[str, Any]] = field(default_factory=list)
    #: key -> the value it had before the event (MISSING: it was not there); after the
    #: event only for the keys that changed, and emptied once it can no longer be undone
    olds: dict[str, Any] = field(default_factory=dict)
    #: the changes as text: ``{"key", "old", "new"}`` (None: absent)
    changes: list[dict[str, Any]] = field(default_factory=list)
    undone: bool = False
    #: why it cannot be undone, if it cannot
    blocked: str | None = None
    #: the estimated memory its kept values take
    bytes: int = 0
    #: for an undo: the number of the event it undid
    undoes: int | None = None
    #: whether it changed something undo can put back (a new widget's key alone is not)
    restorable: bool = False

    @property
    def ms(self) -> float:
        """The time its runs took, in milliseconds."""
        return round(sum(float(run.get("ms", 0.0)) for run in self.runs), 2)

    def summary(self) -> str:
        """One line: what started it, what it changed."""
        trigger = (self.trigger or {}).get("text", "?")
        if not self.changes:
            return f"{trigger} → no change"
        listed = ", ".join(f"{c['key']}: {_shown(c['old'])} → {_shown(c['new'])}" for c in self.changes[:3])
        more = f" and {len(self.changes) - 3} more" if len(self.changes) > 3 else ""
        return f"{trigger} → {listed}{more}"

    def message(self) -> dict[str, Any]:
        """The event as JSON data for the views (texts only)."""
        errors = [f"{run['app']}: {run['error']}" for run in self.runs if run.get("error")]
        return {
            "number": self.number, "at": time.strftime("%H:%M:%S", time.localtime(self.started)),
            "trigger": self.trigger, "summary": self.summary(), "widgets": self.widgets,
            "callbacks": self.callbacks, "runs": [{k: v for k, v in run.items() if k != "t0"} for run in self.runs],
            "apps": list(dict.fromkeys(run["app"] for run in self.runs)),
            "changes": self.changes[:LISTED], "more_changes": max(0, len(self.changes) - LISTED),
            "error": "; ".join(errors) or None, "ms": self.ms, "undone": self.undone,
            "undoable": self.blocked is None and not self.undone and self.undoes is None and self.restorable,
            "blocked": self.blocked,
        }


def _shown(text: str | None) -> str:
    return "(none)" if text is None else text


def _outside_trigger() -> dict[str, Any]:
    """What started an event no widget, panel, timer or URL started: a cell, or code."""
    ipython = shell()
    msg_type = (parent_request(ipython).get("header") or {}).get("msg_type") if ipython is not None else None
    if msg_type == "execute_request":
        number = cell_number()
        return {"kind": "cell", "number": number, "text": f"cell In [{number}]" if number else "a cell"}
    return {"kind": "code", "text": "code outside the app"}


class Timeline:
    """The events of one session, the open one, and who wants to hear of them."""

    def __init__(self, session: Any) -> None:
        #: the session, whose ``state`` it reads when an event ends
        self.session = session
        self.events: deque[Event] = deque(maxlen=KEEP)
        self.open: Event | None = None
        #: how many events (and causes) are in progress: the open event ends at 0
        self.depth = 0
        self.causes: list[dict[str, Any]] = []
        self.count = 0
        #: called with each ended event's message
        self.listeners: list[Callable[[dict[str, Any]], None]] = []
        #: undos asked for during a run, each with the event it undoes, done when the event ends
        self.asked: list[Event] = []
        #: the events still holding what undo needs, oldest first, and its estimated size
        self.keeping: deque[Event] = deque()
        self.kept_bytes = 0
        #: the undo to do when the event ends (set by the session)
        self.do_undo: Callable[[Event], Any] | None = None

    # -- what the run loop tells it --------------------------------------------------------
    def begin(self, trigger: dict[str, Any] | None = None) -> Event:
        """Open an event (what the hooks below do when none is open)."""
        self.count += 1
        cause = dict(self.causes[-1]) if self.causes else trigger
        self.open = Event(self.count, time.time(), cause)
        return self.open

    def note(self, key: str, old: Any) -> None:
        """``key`` really changed; ``old`` was its value (MISSING: it was not there)."""
        event = self.open
        if event is None:
            event = self.begin(None if self.depth else _outside_trigger())
        if key not in event.olds:
            event.olds[key] = old

    def widget_changed(self, widget: Any, old: Any, new: Any) -> None:
        """The frontend changed ``widget`` from ``old`` to ``new`` (a click for a trigger)."""
        event = self.open or self.begin()
        kind, key = widget.family.kind, widget.key
        label = str(widget.family.params.get("label", ""))
        named = f"{kind} {label!r}" + (f" ({key})" if key is not None else "")
        click = bool(widget.family.trigger)
        text = f"click on {named}" if click else f"{named}: {short(old)} → {short(new)}"
        if kind == "page_link":
            text = f"page switch: {label!r}"  # a menu entry or an st.page_link
        event.widgets.append({"kind": "click" if click else "widget", "widget": kind, "label": label, "key": key,
                              "old": None if click else short(old), "new": None if click else short(new), "text": text})

    def callback_ran(self, widget: Any) -> None:
        """``widget``'s callback is about to run."""
        event = self.open or self.begin()
        fn = widget.callback
        name = getattr(fn, "__name__", None) or short(fn)
        args = [short(a) for a in widget.args] + [f"{k}={short(v)}" for k, v in widget.kwargs.items()]
        event.callbacks.append(f"{name}({', '.join(args)})")

    def run_started(self, app: Any, fragments: tuple[str, ...]) -> dict[str, Any]:
        """A run of ``app`` (of some of its fragments) starts; returns its record."""
        event = self.open or self.begin()
        record: dict[str, Any] = {"app": app.label, "fragments": list(fragments), "t0": time.perf_counter()}
        event.runs.append(record)
        return record

    def run_ended(self, record: dict[str, Any], outcome: Any, error: BaseException | None) -> None:
        """The run of ``record`` ended with ``outcome``; ``error`` if it failed."""
        record["ms"] = round((time.perf_counter() - record.pop("t0")) * 1000, 2)
        record["outcome"] = str(getattr(outcome, "value", outcome))
        if error is not None and record["outcome"] in ("failed", "interrupted"):
            record["error"] = cut(f"{type(error).__name__}: {error}")

    def event(self) -> Timeline:
        """``with timeline.event():`` all inside (nested blocks too) is one event, ended at the outermost exit.

        The timeline is its own context manager: cheaper than a generator's, on every run.
        """
        return self

    def __enter__(self) -> None:
        self.depth += 1

    def __exit__(self, *exc: object) -> None:
        self.depth -= 1
        if self.depth == 0:
            self.end()

    @contextlib.contextmanager
    def caused_by(self, kind: str, text: str, **detail: Any) -> Iterator[None]:
        """Inside the block, events are started by ``kind`` (the panel, a timer, the URL, an undo)."""
        if self.depth == 0:
            self.end()  # a cell's writes before this are their own event
        self.causes.append({"kind": kind, "text": text, **detail})
        try:
            with self.event():
                yield
        finally:
            self.causes.pop()

    # -- the end of an event -----------------------------------------------------------------
    def end(self) -> None:
        """End the open event, if any: its changes as text, what undo keeps, and tell the views."""
        event, self.open = self.open, None
        if event is None:
            return
        if event.trigger is None:
            self._find_trigger(event)
        kept: dict[str, Any] = {}
        bound = self.session.bound
        peek = self.session.state.peek
        for key, old in event.olds.items():
            widgets = bound.get(key, ())
            if widgets and any(w.family.trigger for w in widgets):
                continue  # a button's key: True only in the run its click caused
            new = peek(key, MISSING)
            if (old is MISSING and new is MISSING) or (old is not MISSING and new is not MISSING and same(old, new)):
                continue  # set and set back (a keyed button), added and removed
            event.changes.append({"key": key, "old": None if old is MISSING else short(old),
                                  "new": None if new is MISSING else short(new)})
            if old is MISSING and widgets:
                continue  # a widget was created with its key: undo would only see it made again
            kept[key] = old
            for w in widgets:
                if w.family.readonly and event.blocked is None:
                    event.blocked = f"{key!r} belongs to st.{w.family.kind}, whose value code cannot set"
        event.olds = kept
        event.restorable = bool(kept)
        if event.undoes is None and kept and event.blocked is None:
            sizes = {key: footprint(old) for key, old in kept.items() if old is not MISSING}
            big = max(sizes, key=sizes.__getitem__, default=None)
            if big is not None and sizes[big] > VALUE_BYTES:
                event.blocked = (f"the old value of {big!r} ({sizes[big] / 2**20:.0f} MB) was too large "
                                 f"to keep (undo keeps values up to {VALUE_BYTES // 2**20} MB)")
            else:
                event.bytes = sum(sizes.values())
                self.keeping.append(event)
                self.kept_bytes += event.bytes
        if not self.keeping or self.keeping[-1] is not event:
            event.olds = {}
        self.events.append(event)
        self._release()
        if self.listeners:
            self._tell(event)
        asked, self.asked = self.asked, []
        for target in asked:
            if self.do_undo is not None:
                self.do_undo(target)

    def _find_trigger(self, event: Event) -> None:
        """What started an event no cause was given for: its first click or widget change, else a cell or code."""
        first = next((w for w in event.widgets if w["kind"] == "click"), None)
        if first is None and event.widgets:
            first = event.widgets[0]
        if first is not None:
            event.trigger = first
        elif (trigger := _outside_trigger())["kind"] == "code" and event.runs:
            event.trigger = {"kind": "run", "text": f"run of {event.runs[0]['app']}"}
        else:
            event.trigger = trigger

    def _release(self) -> None:
        """Let go of the kept values of the oldest events beyond what undo keeps."""
        keeping = self.keeping
        while keeping and (len(keeping) > UNDO_DEPTH or self.kept_bytes > UNDO_BYTES):
            self.let_go(keeping[0], f"its old values were let go: undo keeps the last {UNDO_DEPTH} runs' "
                                    f"values, up to {UNDO_BYTES // 2**20} MB in all")

    def let_go(self, event: Event, reason: str | None = None) -> None:
        """Drop what ``event`` kept for undo (it was undone, or is too old: ``reason``)."""
        if event in self.keeping:
            self.keeping.remove(event)
            self.kept_bytes -= event.bytes
        event.olds = {}
        if reason is not None and event.blocked is None:
            event.blocked = reason

    def _tell(self, event: Event) -> None:
        message: dict[str, Any] = {"type": "timeline_run", "run": event.message(), "undo": self.undo_status()}
        if event.undoes is not None:
            message["undone"] = [event.undoes]
        for listener in list(self.listeners):
            try:
                listener(message)
            except Exception:  # a view's failure is shown, never raised into the run loop
                ipython = shell()
                if ipython is None:
                    raise
                ipython.showtraceback()

    # -- for the views and undo --------------------------------------------------------------
    def subscribe(self, listener: Callable[[dict[str, Any]], None]) -> Callable[[], None]:
        """Call ``listener(message)`` when an event ends; return the unsubscribe."""
        self.listeners.append(listener)
        return lambda: self.listeners.remove(listener) if listener in self.listeners else None

    def target(self) -> tuple[Event | None, str]:
        """The event an undo would undo, and why it cannot ("" when it can)."""
        for event in reversed(self.events):
            if event.undone or event.undoes is not None or not event.restorable:
                continue
            if event.blocked is not None:
                return event, f"Cannot undo #{event.number} ({event.summary()}): {event.blocked}."
            return event, ""
        if self.count > len(self.events):
            return None, f"Nothing left to undo: the timeline keeps the last {KEEP} events only."
        return None, "Nothing to undo: no earlier change to session state is left to put back."

    def undo_status(self) -> dict[str, Any]:
        """Whether an undo can be done now, what it would undo, and why not."""
        event, reason = self.target()
        return {"can": event is not None and not reason, "reason": reason,
                "of": event.number if event is not None else None,
                "text": event.summary() if event is not None else None}

    def snapshot(self) -> dict[str, Any]:
        """Every kept event (newest first) and the undo status."""
        return {"runs": [event.message() for event in reversed(self.events)], "undo": self.undo_status(), "keep": KEEP}

