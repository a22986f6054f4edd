"""Where cached values live: one :class:`FunctionCache` per cached function, kernel-wide.

Values are kept least recently used first, with the function's limits (``ttl``,
``max_entries``, ``max_size``) and, for ``persist="disk"``, a :class:`DiskStore` behind
them. ``st.cache_data.clear()``, ``st.cache_resource.clear()`` and the JupyterLab "Clear
cache" commands go through :func:`clear_all`.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from ._persist import DiskStore
from .errors import BadTimeStringError, JupyterStateAPIException
from .output import Element

__all__ = ["FunctionCache", "caches", "clear_all", "size_to_bytes", "time_to_seconds"]


class Entry:
    """One cached value, when it was stored, and the elements to show again on a hit."""

    __slots__ = ("elements", "size", "stored", "value")

    def __init__(self, value: Any, elements: list[Element], size: int = 0) -> None:
        self.value = value
        self.elements = elements
        self.size = size
        self.stored = time.monotonic()


class FunctionCache:
    """The values of one cached function: least recently used first, with its limits."""

    def __init__(self, kind: str, key: str, name: str, *,
                 ttl: float | None, max_entries: int | None, max_size: int | None, persist: DiskStore | None,
                 on_release: Callable[[Any], Any] | None) -> None:
        self.kind, self.key, self.name = kind, key, name
        self.ttl, self.max_entries, self.max_size = ttl, max_entries, max_size
        self.persist = persist
        self.on_release = on_release
        self.entries: OrderedDict[str, Entry] = OrderedDict()

    def limits(self) -> tuple[Any, ...]:
        return (self.ttl, self.max_entries, self.max_size, self.persist is not None)

    def get(self, value_key: str) -> Entry | None:
        entry = self.entries.get(value_key)
        if entry is not None and self.ttl is not None and time.monotonic() - entry.stored >= self.ttl:
            self._drop(value_key)
            entry = None
        if entry is None and self.persist is not None:
            stored = self.persist.read(value_key)
            if stored is not None:
                entry = Entry(stored[0], [])
                self.entries[value_key] = entry
        if entry is not None:
            self.entries.move_to_end(value_key)
        return entry

    def put(self, value_key: str, entry: Entry) -> None:
        self.entries[value_key] = entry
        self.entries.move_to_end(value_key)
        if self.persist is not None:
            self.persist.write(value_key, entry.value)
        while self.max_entries is not None and len(self.entries) > self.max_entries:
            self._drop(next(iter(self.entries)))
        while (self.max_size is not None and len(self.entries) > 1
               and sum(e.size for e in self.entries.values()) > self.max_size):
            self._drop(next(iter(self.entries)))

    def _drop(self, value_key: str) -> None:
        entry = self.entries.pop(value_key, None)
        if entry is not None and self.on_release is not None:
            self.on_release(entry.value)

    def clear(self, value_key: str | None = None) -> None:
        for key in [value_key] if value_key is not None else list(self.entries):
            self._drop(key)
        if self.persist is not None:
            self.persist.clear(value_key)


#: every cache of the kernel, by (kind, function key)
caches: dict[tuple[str, str], FunctionCache] = {}


def clear_all(kind: str | None = None) -> int:
    """Clear every cache of ``kind`` ("data" or "resource"; both when None); return how many."""
    cleared = 0
    for (cache_kind, _), cache in list(caches.items()):
        if kind is None or cache_kind == kind:
            cache.clear()
            cleared += 1
    if kind in (None, "data"):
        DiskStore.clear_folder()
    return cleared


def time_to_seconds(ttl: float | timedelta | str | None) -> float | None:
    """``ttl`` as seconds: a number, a ``timedelta``, or a string such as ``"1h"`` or ``"2 days"``."""
    if ttl is None:
        return None
    if isinstance(ttl, timedelta):
        return ttl.total_seconds()
    if isinstance(ttl, str):
        try:
            import pandas as pd  # pandas only when a value needs it (it takes a second to import)

            seconds = float(pd.Timedelta(ttl).total_seconds())
        except (ImportError, ValueError):
            raise BadTimeStringError(ttl) from None
        if math.isnan(seconds):
            raise BadTimeStringError(ttl)
        return seconds
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)):
        raise JupyterStateAPIException(
            f"ttl must be a number of seconds, a timedelta or a string such as '1h', got {ttl!r}."
        )
    return float(ttl)


_SIZE_UNITS = {"": 1, "b": 1, "kb": 1024, "kib": 1024, "mb": 1024**2, "mib": 1024**2,
               "gb": 1024**3, "gib": 1024**3, "tb": 1024**4, "tib": 1024**4}


def size_to_bytes(size: int | str | None) -> int | None:
    """``max_size`` as bytes: an int, or a string with a unit such as ``"500MB"`` (powers of 1024)."""
    if size is None or (isinstance(size, int) and not isinstance(size, bool)):
        return size
    text = str(size).strip().lower().replace(" ", "")
    number = text.rstrip("abcdefghijklmnopqrstuvwxyz")
    unit = text[len(number):]
    try:
        if unit not in _SIZE_UNITS or not unit:
            raise ValueError(unit)
        return int(float(number) * _SIZE_UNITS[unit])
    except ValueError:
        raise JupyterStateAPIException(
            f"max_size must be a number of bytes or a string with a unit such as '500MB' or '1.5GiB', got {size!r}."
        ) from None
