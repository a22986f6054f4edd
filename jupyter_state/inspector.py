"""The live session-state inspector: what ``st.session_state`` shows in an ordinary cell.

A bare ``st.session_state`` as a cell's last expression, or ``st.write(st.session_state)``
outside an app, displays a :class:`SessionStateInspector`: a table of every key with its
type, its value, the widget it is bound to and the app cells that read it, which updates
itself as the state changes. The JupyterLab side panel (``js/``, through :mod:`jupyter_state._comm`) shows the same
entries.

How the view keeps up. The session calls its listeners after every run and every ordinary
cell (:meth:`JupyterState.subscribe <jupyter_state.runtime.JupyterState.subscribe>`).
Each listener here compares the state against the last snapshot it sent, by a fingerprint
per key (the hash of the value's type, repr, bound widgets and reading apps), and sends only
the keys that changed and the keys that went away: ``{"type": "changed", "entries", "removed"}``.
A view that (re)renders asks for everything with ``{"type": "snapshot", "id"}``.

Why custom messages and not a synced trait: ipywidgets sends a trait's whole value on
every change, so a ``Dict`` trait of entries would resend every key (and every large
value) whenever one of them changed. The snapshot request is how a reloaded page gets the
state back, which is what a synced trait would otherwise give.

Values are shown as JSON when they are JSON (``describe``), otherwise by their repr; long
texts are cut at :data:`MAX_TEXT` characters before they are sent, and the view shows the
first ``preview_chars`` of them behind a "show more" toggle. The view builds its DOM with
``textContent`` only, so a value is never interpreted as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

import anywidget
from traitlets import Int

from ._context import current
from ._display import is_json, register_live_view, safe_repr
from ._kernel import parent_ids, parent_request, shell
from ._timeline_feed import TimelineFeed

if TYPE_CHECKING:
    from ._context import Session

__all__ = [
    "MAX_TEXT", "Entry", "SessionStateInspector", "StateDiff", "close_all", "describe", "entries",
    "forget_deleted_cells", "live_bundle",
]

#: the longest value text sent to a frontend; longer ones are cut and marked ``truncated``
MAX_TEXT = 20_000
#: how much of a value the view shows before its "show more" toggle
PREVIEW_CHARS = 200
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class Entry(TypedDict):
    """How one session-state key is shown."""

    #: the value's type name (``type(value).__name__``)
    type: str
    #: the value as JSON text when ``json`` is true, else its repr; cut at ``MAX_TEXT``
    value: str
    #: whether ``value`` is the exact JSON of the value (so it can be edited as JSON)
    json: bool
    #: the length of the whole text, before any cut
    size: int
    #: whether ``value`` was cut at ``MAX_TEXT`` characters
    truncated: bool
    #: the kinds of the widgets bound to the key ("slider"), or None for a plain key
    widget: str | None
    #: the apps whose last completed run read the key, named as their cells show
    #: (``"In [3]"``, ``"counter (In [5])"``: :attr:`App.label <jupyter_state.app.App.label>`),
    #: in the order the apps were first run
    read_by: list[str]


class ChangedMessage(TypedDict):
    """Sent by the kernel when keys changed or went away since the last message."""

    type: str  # "changed"
    entries: dict[str, Entry]
    removed: list[str]


def _widget_kinds(widgets: Iterable[Any]) -> str | None:
    kinds = sorted({w.family.kind for w in widgets})
    return ", ".join(kinds) if kinds else None


def _read_by(session: Session, keys: Iterable[str]) -> dict[str, list[str]]:
    """The labels of the app cells that read each of ``keys``."""
    return {key: [app.label for app in apps] for key, apps in session.readers_of_keys(keys).items()}


def describe(value: Any, widget: str | None = None, *, text: str | None = None,
             read_by: Iterable[str] = ()) -> Entry:
    """How ``value`` is shown: its type, its JSON (or repr) text, its widget and its readers.

    Parameters
    ----------
    value
        A session-state value.
    widget
        The kinds of the widgets bound to its key, if any.
    text
        Its repr, when the caller has it already.
    read_by
        The labels of the apps whose last completed run read its key.

    Examples
    --------
    >>> describe([1, 2])["value"], describe((1, 2))["value"]
    ('[1, 2]', '(1, 2)')
    >>> describe(3, "slider", read_by=["In [2]", "In [4]"])["read_by"]
    ['In [2]', 'In [4]']
    """
    exact = is_json(value)
    if exact:
        full = json.dumps(value, ensure_ascii=False)
    else:
        full = text if text is not None else safe_repr(value)
    return {
        "type": type(value).__name__,
        "value": full[:MAX_TEXT],
        "json": exact,
        "size": len(full),
        "truncated": len(full) > MAX_TEXT,
        "widget": widget,
        "read_by": list(read_by),
    }


def entries(session: Session) -> dict[str, Entry]:
    """Every key of ``session``'s state, described (sorted by key)."""
    values = session.state.to_dict()
    read_by = _read_by(session, values)
    return {
        key: describe(values[key], _widget_kinds(session.bound.get(key, ())), read_by=read_by[key])
        for key in sorted(values)
    }


class _Look(NamedTuple):
    """What a key shows now, and its fingerprint."""

    fingerprint: int
    value: Any
    widget: str | None
    text: str
    read_by: tuple[str, ...]

    def entry(self) -> Entry:
        return describe(self.value, self.widget, text=self.text, read_by=self.read_by)


class StateDiff:
    """The keys that changed since the last snapshot, found by a cheap fingerprint per key."""

    def __init__(self) -> None:
        #: key -> fingerprint of what was last sent; None before the first snapshot
        self.sent: dict[str, int] | None = None

    @staticmethod
    def _look(session: Session) -> dict[str, _Look]:
        found = {}
        values = session.state.to_dict()
        readers = _read_by(session, values)
        for key, value in values.items():
            widget = _widget_kinds(session.bound.get(key, ()))
            text = safe_repr(value)
            # the readers count: an app rerun that stops (or starts) reading the key
            # changes what its row shows, though the value did not change
            read_by = tuple(readers[key])
            found[key] = _Look(hash((type(value).__qualname__, text, widget, read_by)), value, widget, text, read_by)
        return found

    def snapshot(self, session: Session) -> dict[str, Entry]:
        """Every entry; what follows is measured against this."""
        looked = self._look(session)
        self.sent = {key: look.fingerprint for key, look in looked.items()}
        return {key: look.entry() for key, look in sorted(looked.items())}

    def changes(self, session: Session) -> tuple[dict[str, Entry], list[str]]:
        """The entries that changed and the keys removed since the last call (or snapshot)."""
        looked = self._look(session)
        before = self.sent or {}
        changed = {key: look.entry() for key, look in sorted(looked.items()) if before.get(key) != look.fingerprint}
        removed = sorted(key for key in before if key not in looked)
        self.sent = {key: look.fingerprint for key, look in looked.items()}
        return changed, removed


def changed_message(diff: StateDiff, session: Session) -> ChangedMessage | None:
    """The ``changed`` message for what changed since ``diff``'s last look, or None."""
    changed, removed = diff.changes(session)
    if not changed and not removed:
        return None
    return {"type": "changed", "entries": changed, "removed": removed}


class SessionStateInspector(anywidget.AnyWidget):  # type: ignore[misc]
    """A live view of a session's state, updated after every run and every cell.

    Displayed by a bare ``st.session_state`` in an ordinary cell and by
    ``st.write(st.session_state)`` outside an app. It follows the session until it is
    closed.

    Examples
    --------
    >>> from jupyter_state import runtime
    >>> SessionStateInspector(runtime.current())  # doctest: +SKIP
    """

    # Its text, not a Path: anywidget's file watcher would keep every closed view alive.
    _esm = (Path(__file__).parent / "static" / "inspector.js").read_text(encoding="utf-8")
    #: characters of a value shown before the "show more" toggle
    preview_chars = Int(PREVIEW_CHARS).tag(sync=True)

    def __init__(self, session: Session, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.diff = StateDiff()
        self.diff.snapshot(session)  # the first view asks for everything anyway
        self._unsubscribe: Callable[[], None] | None = session.subscribe(self._on_session)
        self.on_msg(self._on_request)
        #: the timeline and undo (``_timeline.py``)
        self.timeline: TimelineFeed | None = TimelineFeed(session, self.send)
        self.add_class("jupyter-state-inspector-widget")
        _live[self] = None

    def _on_session(self, session: Session) -> None:
        message = changed_message(self.diff, session)
        if message is not None:
            self.send(message)

    def _on_request(self, _widget: Any, content: Any, _buffers: Any) -> None:
        answer = self.timeline.answer(content) if self.timeline is not None else None
        if answer is not None:
            self.send(answer)
            return
        if not isinstance(content, dict) or content.get("type") != "snapshot":
            request_type = content.get("type") if isinstance(content, dict) else None
            self.send({"type": request_type or "error", "id": _id_of(content), "ok": False,
                       "error": f"This view answers only 'snapshot', 'timeline' and 'undo' requests, "
                                f"not {request_type!r}."})
            return
        entries = self.diff.snapshot(self.session)
        self.send({"type": "snapshot", "id": content.get("id"), "ok": True, "entries": entries})

    def close(self) -> None:
        """Stop following the session, then close the widget and the layout model it opened."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.timeline is not None:
            self.timeline.close()
            self.timeline = None
        _live.pop(self, None)
        layout = self.layout
        super().close()
        layout.close()


#: every inspector not closed yet, in creation order
_live: dict[SessionStateInspector, None] = {}


def close_all() -> None:
    """Close every live inspector (their views stop updating), e.g. to reset a kernel in tests."""
    for inspector in list(_live):
        inspector.close()
    _by_cell.clear()


def _id_of(content: Any) -> Any:
    return content.get("id") if isinstance(content, dict) else None


#: cell id -> (the execution that displayed them, the inspectors it displayed)
_by_cell: dict[str, tuple[str, list[SessionStateInspector]]] = {}


def live_bundle(session: Session | None = None) -> dict[str, Any] | None:
    """The widget-view part of a live inspector's display bundle, or None where none fits.

    A live view needs a kernel (a frontend that renders widgets talks to it through a comm)
    and makes no sense inside an app's run, which shows a fresh static bundle every run.
    Running a cell again closes the inspectors its previous execution showed (their output
    is gone), so their listeners stop.
    """
    ipython = shell()
    if ipython is None or getattr(ipython, "kernel", None) is None:
        return None
    session = session if session is not None else current()
    if session.run_in_progress is not None:
        return None
    forget_deleted_cells(ipython)
    inspector = SessionStateInspector(session)
    cell, execution = parent_ids(ipython)
    if cell is not None:
        previous, shown = _by_cell.get(cell, (execution, []))
        if previous != execution:
            for old in shown:
                old.close()
            shown = []
        shown.append(inspector)
        _by_cell[cell] = (execution, shown)
    return {WIDGET_VIEW: {"version_major": 2, "version_minor": 0, "model_id": inspector.model_id}}


def forget_deleted_cells(ipython: Any) -> None:
    """Close the inspectors of the cells the frontend says were deleted.

    JupyterLab lists the ids of cells deleted since its last request in every
    ``execute_request``'s ``metadata.deletedCells``; their output, and so their inspectors'
    views, are gone.
    """
    deleted = (parent_request(ipython).get("metadata") or {}).get("deletedCells") or ()
    for cell in deleted if isinstance(deleted, (list, tuple)) else ():
        _, shown = _by_cell.pop(str(cell), ("", []))
        for inspector in shown:
            inspector.close()


register_live_view(live_bundle)
