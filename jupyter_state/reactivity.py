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
from typing import TypeVar

__all__ = ["Changes", "Reads", "due"]

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
