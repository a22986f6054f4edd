"""Reactivity across apps: which apps rerun when session-state keys change.

The rule (README, "Apps that react to the keys they read"): every run records the keys
it read; when a key really changes (a different value, a deletion), every *other* app
whose last completed run read it reruns once, after the writer has finished. One event (a
click, a cell, the side panel) starts one *wave*: in it each app reruns at most once
because of others' writes, so a cycle of apps writing what the other reads ends, and is
reported in the app it would have rerun a second time.

This module only decides; the run loop (``runtime.py``) records and runs.

Examples
--------
>>> a, b = Reads({"x"}), Reads(set(), everything=True)
>>> changes = Changes()
>>> changes.add("x", writer="A")
>>> due(changes, [("A", a), ("B", b)], rerun_already=set())
([('B', ['x'])], [])
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

__all__ = ["Changes", "Readers", "Reads", "app_of", "due", "remember_reads"]

App = TypeVar("App", bound=Hashable)


@dataclass(frozen=True)
class Reads:
    """What an app's last completed run read (some keys, or every key), and when it started.

    ``since`` is the :attr:`Changes.count` when that run started: a change made before
    was already seen by the run, so it calls for no rerun.
    """

    keys: frozenset[str] | set[str] = frozenset()
    everything: bool = False
    since: int = 0

    def __contains__(self, key: object) -> bool:
        return self.everything or key in self.keys


@dataclass
class Changes:
    """The keys that changed since the last look, each with who changed it, and when.

    A writer is the app whose run (or callback) made the change, or None for anything
    outside a run: an ordinary cell, the side panel, a timer. ``count`` numbers the changes.
    """

    writers: dict[str, dict[Hashable | None, int]] = field(default_factory=dict)
    count: int = 0

    def add(self, key: str, writer: Hashable | None) -> None:
        """Note that ``writer`` changed ``key``."""
        self.count += 1
        self.writers.setdefault(key, {})[writer] = self.count

    def take(self) -> dict[str, dict[Hashable | None, int]]:
        """The changes noted so far; forgets them."""
        taken, self.writers = self.writers, {}
        return taken

    def __bool__(self) -> bool:
        return bool(self.writers)


def due(changes: Changes, apps: Iterable[tuple[App, Reads]], rerun_already: set[App],
        owner: Callable[[App], Hashable] = lambda reader: reader,
        ) -> tuple[list[tuple[App, list[str]]], list[tuple[App, list[str]]]]:
    """Which apps rerun for ``changes``, and which would, but already reran in this wave.

    ``apps`` are ``(reader, what its last completed run read)`` in notebook order: a
    reader is an app, or a part of one that reruns alone (a fragment), whose writes are
    its app's, ``owner(reader)``. A reader is not rerun by its app's own writes, nor by a
    change its last run started after: a key counts for it only if someone else changed
    it since.
    Returns ``(to_rerun, cycles)``, each a list of ``(reader, the keys that call for it)``.
    """
    changed = changes.take()
    to_rerun: list[tuple[App, list[str]]] = []
    cycles: list[tuple[App, list[str]]] = []
    if not changed:
        return to_rerun, cycles
    for reader, reads in apps:
        me = owner(reader)
        keys = [key for key, writers in changed.items() if key in reads
                and any(writer != me and when > reads.since for writer, when in writers.items())]
        if not keys:
            continue
        (cycles if reader in rerun_already else to_rerun).append((reader, keys))
    return to_rerun, cycles


def app_of(reader: Any) -> Any:
    """The app a reader belongs to: itself, or a fragment's ``(app, fragment id)``'s app."""
    return reader[0] if isinstance(reader, tuple) else reader


class Readers:
    """The session's side of the rule: which apps and fragments read what, in notebook order.

    A base of the run loop's session, which has ``apps`` and ``cell_order``.
    """

    apps: list[Any]
    #: the notebook's cell ids and their places, top to bottom (``set_cell_order``)
    cell_order: dict[str, int]

    def set_cell_order(self, cell_ids: list[str]) -> None:
        """The notebook's cells, top to bottom: apps a change reruns run in this order.

        The JupyterLab extension sends it (``_comm.py``); without it, or for an app whose
        cell is not in it, apps run in the order they were first run.
        """
        self.cell_order = {cid: i for i, cid in enumerate(cell_ids)}

    def in_notebook_order(self) -> list[Any]:
        """The apps, in the notebook's order where it is known, else the order of their first run."""
        if not self.cell_order:
            return list(self.apps)
        last = len(self.cell_order)
        return sorted(self.apps, key=lambda app: self.cell_order.get(app.cell_id or "", last))  # stable

    def readers(self, reacting: bool = True) -> list[tuple[Any, Reads]]:
        """Every app and fragment (that reacts), with what its last completed run read."""
        readers: list[tuple[Any, Reads]] = []
        for app in self.in_notebook_order():
            if app.closed or (reacting and not app.reactive):
                continue
            if app.reads is not None:
                readers.append((app, app.reads))
            readers.extend(((app, fid), frag.reads) for fid, frag in app.fragments.items() if frag.reads is not None)
        return readers

    def readers_of(self, key: str) -> list[Any]:
        """The apps whose last completed run read ``key``, in it or in a fragment of it."""
        return self.readers_of_keys([key])[key]

    def readers_of_keys(self, keys: Iterable[str]) -> dict[str, list[Any]]:
        """:meth:`readers_of` for several keys, the readers gathered once (the inspector)."""
        readers = self.readers(reacting=False)
        return {key: list(dict.fromkeys(app_of(reader) for reader, reads in readers if key in reads)) for key in keys}


def remember_reads(app: Any, run: Any, reads: Any, since: int) -> None:
    """After a completed run: what the next change of a key is checked against.

    The app's reads (a full run) and each fragment's that ran; a widget's key counts as
    read, since its widget shows the key's value.
    """
    bound: dict[str | None, set[str]] = {}
    for w in app.widgets.values():
        if w.key is not None:
            bound.setdefault(w.fragment, set()).add(w.key)
    if not run.fragment_ids:
        app.reads = Reads(frozenset(reads | bound.get(None, set())), reads.everything, since=since)
    for fid, log in run.fragment_reads.items():
        if fid in app.fragments:
            app.fragments[fid].reads = Reads(frozenset(log | bound.get(fid, set())), log.everything, since=since)
