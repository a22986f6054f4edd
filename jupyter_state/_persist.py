"""``st.cache_data(persist="disk")``: values kept on disk, across kernels.

Streamlit writes every persisted value as a pickle and loads it back. Loading a pickle runs
whatever code the file says, so anyone who can write the cache folder (another user, a
synced or shared folder, a downloaded project) could run code in the kernel. Here a value is
written as JSON when it is JSON data (dicts with str keys, lists, str, numbers, bools,
None), and a value that is not is refused with an error that says why, unless the user
opts in to pickles with ``st.set_option("cache.persistPickles", True)``.

The folder is ``~/.streamlit/cache`` (Streamlit's), or ``$JUPYTER_STATE_CACHE_DIR``; our
files are ``jupyter_state-*.json`` and ``jupyter_state-*.pickle``, never Streamlit's
``.memo``, so neither loads the other's and clearing leaves other files alone.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path
from typing import Any

from ._context import current
from .errors import UnsafePersistError

__all__ = ["DiskStore", "cache_folder", "is_json_data"]

#: every file we write starts with it, so clearing never touches anyone else's files there
PREFIX = "jupyter_state-"


def cache_folder() -> Path:
    """Where persisted values go."""
    configured = os.environ.get("JUPYTER_STATE_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".streamlit" / "cache"


def is_json_data(value: Any) -> bool:
    """Whether ``value`` comes back from JSON exactly as it went in (types included)."""
    if value is None or isinstance(value, (bool, str, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(is_json_data(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_json_data(v) for k, v in value.items())
    return False


def _pickles_allowed() -> bool:
    return bool(current().cache_persist_pickles)


class DiskStore:
    """The files of one persisted function: ``jupyter_state-<function key>-<value key>.json|.pickle``."""

    def __init__(self, function_key: str, name: str) -> None:
        self.function_key = function_key
        self.name = name

    def _path(self, value_key: str, suffix: str) -> Path:
        return cache_folder() / f"{PREFIX}{self.function_key}-{value_key}{suffix}"

    def as_json(self, value: Any) -> bool:
        return is_json_data(value)

    def check(self, value: Any) -> None:
        """Raise :class:`UnsafePersistError` for a value that would need a pickle, unless allowed."""
        if not is_json_data(value) and not _pickles_allowed():
            raise UnsafePersistError(self.name, value)

    def write(self, value_key: str, stored: Any) -> None:
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(stored, bytes):  # a pickle the user opted in to
            self._path(value_key, ".pickle").write_bytes(stored)
        else:
            self._path(value_key, ".json").write_text(json.dumps(stored), encoding="utf-8")

    def read(self, value_key: str) -> tuple[Any] | None:
        """``(value,)`` as stored (JSON data, or a pickle's bytes when allowed), or None."""
        path = self._path(value_key, ".json")
        if path.exists():
            try:
                return (json.loads(path.read_text(encoding="utf-8")),)
            except (OSError, ValueError):
                return None  # a damaged file is a miss
        path = self._path(value_key, ".pickle")
        if path.exists() and _pickles_allowed():
            return (path.read_bytes(),)
        return None

    def clear(self, value_key: str | None = None) -> None:
        pattern = f"{PREFIX}{self.function_key}-{value_key or '*'}"
        for suffix in (".json", ".pickle"):
            for path in cache_folder().glob(pattern + suffix):
                path.unlink(missing_ok=True)

    @staticmethod
    def clear_folder() -> None:
        """Delete every value we persisted (``st.cache_data.clear()``)."""
        folder = cache_folder()
        if not folder.is_dir():
            return
        for suffix in ("json", "pickle"):
            for path in folder.glob(f"{PREFIX}*-*.{suffix}"):
                path.unlink(missing_ok=True)
