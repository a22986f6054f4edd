"""Hashing a cached function's arguments and source, the way Streamlit's caches do.

A cache key must be equal for equal values across reruns and re-executed cells, where
every object is new: so values are hashed by content, never by ``id()``. What Streamlit
hashes by content, we do too: numbers, text, bytes, containers, dates, enums, dataclasses,
pandas DataFrames/Series/Index (large ones by a fixed sample of rows), NumPy arrays (large
ones by a fixed sample of cells), PIL images, functions (by their source), modules,
classes, paths and in-memory files; anything else by its pickle. A value that cannot be
hashed raises :class:`UnhashableTypeError`, which the cache turns into an error that says
how to exclude the argument (a leading ``_`` in its name) or hash it (``hash_funcs``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import hashlib
import inspect
import io
import pathlib
import pickle
import re
import struct
import sys
import types
import uuid
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["HashFuncs", "UnhashableTypeError", "function_key", "hash_value", "new_hasher"]

#: ``hash_funcs``: a type (or its fully qualified name) -> a function giving its hash input
HashFuncs = Mapping[Any, Callable[[Any], Any]]

# As Streamlit: above these sizes only a fixed sample is hashed, so that hashing a large
# frame or array stays cheap (a change outside the sample is not seen).
PANDAS_ROWS_LARGE = 50_000
PANDAS_SAMPLE_SIZE = 10_000
NUMPY_SIZE_LARGE = 500_000
NUMPY_SAMPLE_SIZE = 100_000


class UnhashableTypeError(Exception):
    """A value the cache cannot hash (neither by content nor by pickle)."""


def new_hasher() -> Any:
    """The digest every cache key uses (md5: fast, and not a security boundary here)."""
    return hashlib.md5(usedforsecurity=False)


def fqn(obj_type: type) -> str:
    """A type's fully qualified name, as ``hash_funcs`` may spell it."""
    return f"{obj_type.__module__}.{obj_type.__qualname__}"


def hash_value(hasher: Any, obj: Any, hash_funcs: HashFuncs | None = None) -> None:
    """Feed ``obj``'s content into ``hasher``; raise UnhashableTypeError if it has none.

    Examples
    --------
    >>> a, b = new_hasher(), new_hasher()
    >>> hash_value(a, [1, "x", {"k": 2.5}]); hash_value(b, [1, "x", {"k": 2.5}])
    >>> a.hexdigest() == b.hexdigest()
    True
    """
    funcs = {k if isinstance(k, str) else fqn(k): v for k, v in (hash_funcs or {}).items()}
    _Hasher(funcs).update(hasher, obj)


def function_key(kind: str, func: Callable[..., Any]) -> str:
    """A function's cache key: its module, qualified name and source (bytecode if none).

    The same function defined again by the next run (or a re-executed cell) has the same
    key, so it finds its cache; editing its body gives a new key, so stale values are not
    returned.
    """
    hasher = new_hasher()
    hasher.update(f"{kind}:{getattr(func, '__module__', '')}:{getattr(func, '__qualname__', repr(func))}".encode())
    hasher.update(_source_bytes(func))
    return str(hasher.hexdigest())


def _source_bytes(func: Any) -> bytes:
    try:
        return inspect.getsource(func).encode()
    except (OSError, TypeError):
        code = getattr(func, "__code__", None)
        if code is None:
            return repr(func).encode()
        return bytes(code.co_code) + repr(code.co_consts).encode()


class _Hasher:
    def __init__(self, funcs: dict[str, Callable[[Any], Any]]) -> None:
        self.funcs = funcs
        self.stack: set[int] = set()

    def update(self, hasher: Any, obj: Any) -> None:
        if id(obj) in self.stack:  # a self-referencing container: hash the cycle's mark
            hasher.update(b"<cycle>")
            return
        self.stack.add(id(obj))
        try:
            hasher.update(type(obj).__qualname__.encode())
            hasher.update(self._to_bytes(obj))
        finally:
            self.stack.discard(id(obj))

    def _nested(self, obj: Any) -> bytes:
        hasher = new_hasher()
        self.update(hasher, obj)
        return hasher.digest()  # type: ignore[no-any-return]

    def _to_bytes(self, obj: Any) -> bytes:  # noqa: C901 - one branch per kind of value
        custom = self.funcs.get(fqn(type(obj)))
        if custom is not None:
            try:
                return self._nested(custom(obj))
            except UnhashableTypeError:
                raise
            except Exception as exc:
                raise UnhashableTypeError(
                    f"hash_funcs for {fqn(type(obj))} raised {type(exc).__name__}: {exc}"
                ) from exc
        if obj is None or isinstance(obj, (bool, enum.Enum)):
            return repr(obj).encode()
        if isinstance(obj, (bytes, bytearray)):
            return bytes(obj)
        if isinstance(obj, str):
            return obj.encode()
        if isinstance(obj, int):
            return str(obj).encode()
        if isinstance(obj, float):
            return struct.pack("<d", obj)
        if isinstance(obj, (uuid.UUID, dt.date, dt.time, dt.timedelta, pathlib.PurePath, complex)):
            return repr(obj).encode()
        if isinstance(obj, (list, tuple)):
            return b"".join(self._nested(item) for item in obj)
        if isinstance(obj, (dict, types.MappingProxyType)):
            return b"".join(self._nested(k) + self._nested(v) for k, v in obj.items())
        if isinstance(obj, (set, frozenset)):
            return b"".join(sorted(self._nested(item) for item in obj))
        if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            return self._nested([(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj)])
        if isinstance(obj, re.Pattern):
            return self._nested((obj.pattern, obj.flags))
        if isinstance(obj, (io.StringIO, io.BytesIO)):
            return self._nested(obj.getvalue())
        for name, handler in _BY_TYPE_NAME.items():
            if _is_instance_by_name(obj, name):
                return handler(self, obj)
        if isinstance(obj, functools.partial):
            return self._nested((obj.func, obj.args, obj.keywords))
        if inspect.isbuiltin(obj):
            return getattr(obj, "__qualname__", repr(obj)).encode()
        if inspect.isroutine(obj) or inspect.iscode(obj):
            routine: Any = obj
            return function_key("function", routine).encode()
        if inspect.ismodule(obj):
            return obj.__name__.encode()
        if inspect.isclass(obj):
            return fqn(obj).encode()
        return self._pickled(obj)

    def _pickled(self, obj: Any) -> bytes:
        try:
            return pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            raise UnhashableTypeError(f"{fqn(type(obj))} cannot be pickled: {exc}") from exc

    # -- libraries, recognised only when already imported --------------------------------
    def _frame(self, obj: Any) -> bytes:
        pd = sys.modules["pandas"]
        if len(obj) >= PANDAS_ROWS_LARGE:
            obj = obj.sample(n=PANDAS_SAMPLE_SIZE, random_state=0)
        try:
            cells = bytes(pd.util.hash_pandas_object(obj).to_numpy().tobytes())
        except TypeError:  # unhashable cells (lists, dicts): fall back to the pickle
            return self._pickled(obj)
        dtypes = [str(d) for d in obj.dtypes] if hasattr(obj, "columns") else [str(obj.dtype)]
        columns = [str(c) for c in getattr(obj, "columns", [])]
        name = None if hasattr(obj, "columns") else obj.name
        shape = repr((obj.shape, columns, dtypes, name))
        return shape.encode() + cells

    def _index(self, obj: Any) -> bytes:
        pd = sys.modules["pandas"]
        return self._frame(pd.Series(obj))

    def _array(self, obj: Any) -> bytes:
        np = sys.modules["numpy"]
        header = f"{obj.shape}:{obj.dtype}".encode()
        if obj.dtype == object:
            return header + self._nested(obj.tolist())
        if obj.size >= NUMPY_SIZE_LARGE:
            obj = np.random.RandomState(0).choice(obj.flat, size=NUMPY_SAMPLE_SIZE)
        return header + bytes(np.ascontiguousarray(obj).tobytes())

    def _image(self, obj: Any) -> bytes:
        return self._nested((obj.mode, obj.size, obj.tobytes()))


def _is_instance_by_name(obj: Any, name: str) -> bool:
    module = name.split(".", 1)[0]
    if module not in sys.modules:
        return False  # not imported, so obj cannot be one
    return any(f"{c.__module__}.{c.__qualname__}" == name for c in type(obj).__mro__)


_BY_TYPE_NAME: dict[str, Callable[[_Hasher, Any], bytes]] = {
    "pandas.core.frame.DataFrame": _Hasher._frame,
    "pandas.core.series.Series": _Hasher._frame,
    "pandas.core.indexes.base.Index": _Hasher._index,
    "numpy.ndarray": _Hasher._array,
    "PIL.Image.Image": _Hasher._image,
}
