"""``st.cache_data`` and ``st.cache_resource``: kernel-wide caches of a function's results.

A cache belongs to the *function*, found by its module, qualified name and source
(:func:`~jupyter_state._hashing.function_key`), not to the function object: the next run
of an app, or the ``%%app`` cell executed again, defines the function anew and still finds
its cache. The caches live as long as the kernel, shared by every app and ``AppTest``
(Streamlit's are shared by every session of the server).

``cache_data`` keeps each value pickled and gives every caller a copy; ``cache_resource``
keeps the object itself and gives everyone the same one. As in Streamlit, output elements
(``st.write``...) a cached function shows are shown again on a cache hit, and a widget in a
cached function shows a :class:`~jupyter_state.errors.CachedWidgetWarning`: it only
exists on a miss.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import math
import pickle
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from ._hashing import HashFuncs, UnhashableTypeError, function_key, hash_value, new_hasher
from ._persist import DiskStore
from .errors import BadTimeStringError, JupyterStateAPIException, UnhashableParamError, UnserializableReturnValueError
from .output import Element, display_element
from .runtime import current

__all__ = ["CacheDataAPI", "CacheResourceAPI", "CachedFunc", "cache_data", "cache_resource", "clear_all", "in_cached_function"]

_STREAMS = ("stdout", "stderr")


class _Entry:
    """One cached value, when it was stored, and the elements to show again on a hit."""

    __slots__ = ("elements", "size", "stored", "value")

    def __init__(self, value: Any, elements: list[Element], size: int = 0) -> None:
        self.value = value
        self.elements = elements
        self.size = size
        self.stored = time.monotonic()


class FunctionCache:
    """The values of one cached function: least recently used first, with its limits."""

    def __init__(self, kind: str, key: str, name: str, *, ttl: float | None, max_entries: int | None, max_size: int | None,
                 persist: DiskStore | None, on_release: Callable[[Any], Any] | None) -> None:
        self.kind, self.key, self.name = kind, key, name
        self.ttl, self.max_entries, self.max_size = ttl, max_entries, max_size
        self.persist = persist
        self.on_release = on_release
        self.entries: OrderedDict[str, _Entry] = OrderedDict()

    def limits(self) -> tuple[Any, ...]:
        return (self.ttl, self.max_entries, self.max_size, self.persist is not None)

    def get(self, value_key: str) -> _Entry | None:
        entry = self.entries.get(value_key)
        if entry is not None and self.ttl is not None and time.monotonic() - entry.stored >= self.ttl:
            self._drop(value_key)
            entry = None
        if entry is None and self.persist is not None:
            stored = self.persist.read(value_key)
            if stored is not None:
                entry = _Entry(stored[0], [])
                self.entries[value_key] = entry
        if entry is not None:
            self.entries.move_to_end(value_key)
        return entry

    def put(self, value_key: str, entry: _Entry) -> None:
        self.entries[value_key] = entry
        self.entries.move_to_end(value_key)
        if self.persist is not None:
            self.persist.write(value_key, entry.value)
        while self.max_entries is not None and len(self.entries) > self.max_entries:
            self._drop(next(iter(self.entries)))
        while self.max_size is not None and len(self.entries) > 1 and sum(e.size for e in self.entries.values()) > self.max_size:
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
_caches: dict[tuple[str, str], FunctionCache] = {}
#: the cached functions being called now (innermost last)
_calling: list[CachedFunc] = []


def in_cached_function() -> bool:
    """Whether a cached function is computing its value right now (a cache miss)."""
    return bool(_calling)


def clear_all(kind: str | None = None) -> int:
    """Clear every cache of ``kind`` ("data" or "resource"; both when None); return how many."""
    cleared = 0
    for (cache_kind, _), cache in list(_caches.items()):
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
            import pandas as pd

            seconds = float(pd.Timedelta(ttl).total_seconds())
        except (ImportError, ValueError):
            raise BadTimeStringError(ttl) from None
        if math.isnan(seconds):
            raise BadTimeStringError(ttl)
        return seconds
    if isinstance(ttl, bool) or not isinstance(ttl, (int, float)):
        raise JupyterStateAPIException(f"ttl must be a number of seconds, a timedelta or a string such as '1h', got {ttl!r}.")
    return float(ttl)


_SIZE_UNITS = {"": 1, "b": 1, "kb": 1024, "kib": 1024, "mb": 1024**2, "mib": 1024**2, "gb": 1024**3, "gib": 1024**3, "tb": 1024**4, "tib": 1024**4}


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
        raise JupyterStateAPIException(f"max_size must be a number of bytes or a string with a unit such as '500MB' or '1.5GiB', got {size!r}.") from None


class CachedFunc:
    """A function wrapped by ``st.cache_data`` or ``st.cache_resource``: call it, or ``.clear()`` it."""

    def __init__(self, api: _CacheAPI, func: Callable[..., Any], options: dict[str, Any]) -> None:
        if inspect.iscoroutinefunction(func):
            raise JupyterStateAPIException(f"st.{api.name} cannot cache the async function {func.__name__}() yet; cache a regular function.")
        self._api = api
        self._func = func
        self._options = options
        self._key = function_key(api.kind, func)
        self._cache = self._find_cache()
        functools.update_wrapper(self, func)

    def __repr__(self) -> str:
        return f"<CachedFunc st.{self._api.name} of {self._func.__qualname__}>"

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        if instance is None:
            return self
        return _BoundCachedFunc(self, instance)

    def _find_cache(self) -> FunctionCache:
        o = self._options
        persist = DiskStore(self._key, self._func.__qualname__) if o.get("persist") else None
        cache = FunctionCache(self._api.kind, self._key, self._func.__qualname__, ttl=None if persist else o["ttl"], max_entries=o["max_entries"],
                              max_size=o.get("max_size"), persist=persist, on_release=o.get("on_release"))
        existing = _caches.get((self._api.kind, self._key))
        if existing is not None and existing.limits() == cache.limits():
            existing.on_release = cache.on_release
            return existing  # the same function defined again: its values are still there
        _caches[(self._api.kind, self._key)] = cache
        return cache

    # -- calling -------------------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        value_key = self._value_key(args, kwargs)
        cache = self._find_cache() if _caches.get((self._api.kind, self._key)) is not self._cache else self._cache
        self._cache = cache
        entry = cache.get(value_key)
        if entry is not None and self._api.valid(self, entry):
            _replay(entry.elements)
            return self._api.unpack(self, entry)
        if entry is not None:
            cache.clear(value_key)  # validate() said the resource is no good any more
        with self._spinner(args, kwargs):
            value, elements = self._compute(args, kwargs)
        cache.put(value_key, self._api.pack(self, value, elements))
        return value

    def _compute(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, list[Element]]:
        run = current().run_in_progress
        target = run.target if run is not None else None
        start = len(target) if target is not None else 0
        _calling.append(self)
        try:
            value = self._func(*args, **kwargs)
        finally:
            _calling.pop()
        elements: list[Element] = []
        if run is not None and run.target is target and target is not None:
            elements = [e for e in target[start:] if isinstance(e, Element) and e.kind not in _STREAMS]
        return value, elements

    def _value_key(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> str:
        names = _positional_names(self._func)
        pairs = [(names[i] if i < len(names) else None, value) for i, value in enumerate(args)] + list(kwargs.items())
        hasher = new_hasher()
        if self._options.get("scope") == "session":
            hasher.update(f"session:{id(current())}".encode())
        for name, value in pairs:
            if name is not None and name.startswith("_"):
                continue  # as Streamlit: a leading underscore means "do not hash me"
            hasher.update(repr(name).encode())
            try:
                hash_value(hasher, value, self._options.get("hash_funcs"))
            except UnhashableTypeError as exc:
                raise UnhashableParamError(self._api.name, self._func, name, value, exc) from exc
        return hasher.hexdigest()  # type: ignore[no-any-return]

    @contextlib.contextmanager
    def _spinner(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Iterator[None]:
        show = self._options["show_spinner"]
        run = current().run_in_progress
        if not show or run is None or getattr(getattr(_shell(), "kernel", None), "session", None) is None:
            yield  # nothing to see: AppTest, or outside an app
            return
        text = show if isinstance(show, str) else f"Running `{self._func.__qualname__}({'...' if args or kwargs else ''})`."
        spinner = display_element("spinner", text, {"text/plain": f"⏳ {text}", "text/markdown": f"⏳ {_escape(text)}"})
        target = run.target
        target.append(spinner)
        run.app.view.render(run.elements)  # shown while the function runs; the run's end replaces it
        try:
            yield
        finally:
            if spinner in target:
                target.remove(spinner)

    # -- clearing ------------------------------------------------------------------------
    def clear(self, *args: Any, **kwargs: Any) -> None:
        """Clear this function's cached values (only the one for these arguments, if given).

        Examples
        --------
        >>> load.clear()              # doctest: +SKIP
        >>> load.clear("data.csv")    # doctest: +SKIP
        """
        self._cache.clear(self._value_key(args, kwargs) if args or kwargs else None)


class _BoundCachedFunc:
    """A cached method bound to its instance (``self`` is hashed unless named ``_self``)."""

    def __init__(self, cached: CachedFunc, instance: Any) -> None:
        self._cached, self._instance = cached, instance

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._cached(self._instance, *args, **kwargs)

    def clear(self, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:
            self._cached.clear(self._instance, *args, **kwargs)
        else:
            self._cached.clear()


def _positional_names(func: Callable[..., Any]) -> list[str]:
    try:
        parameters = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]


def _replay(elements: list[Element]) -> None:
    run = current().run_in_progress
    if run is not None:
        for element in elements:
            run.add(element)


def _escape(text: str) -> str:
    import html

    return html.escape(text, quote=False)


def _shell() -> Any:
    from .runtime import _get_ipython

    return _get_ipython()


# -- the decorators ------------------------------------------------------------------------
class _CacheAPI:
    kind = ""
    name = ""

    def valid(self, cached: CachedFunc, entry: _Entry) -> bool:
        return True

    def pack(self, cached: CachedFunc, value: Any, elements: list[Element]) -> _Entry:
        return _Entry(value, elements)

    def unpack(self, cached: CachedFunc, entry: _Entry) -> Any:
        return entry.value

    def _wrap(self, func: Callable[..., Any] | None, options: dict[str, Any]) -> Any:
        options["ttl"] = time_to_seconds(options.get("ttl"))
        max_entries = options.get("max_entries")
        if max_entries is not None and (isinstance(max_entries, bool) or not isinstance(max_entries, int) or max_entries < 1):
            raise JupyterStateAPIException(f"max_entries must be a positive int or None, got {max_entries!r}.")
        if options.get("scope", "global") not in ("global", "session"):
            raise JupyterStateAPIException(f"scope must be 'global' or 'session', got {options['scope']!r}.")
        if options.get("refresh_mode", "foreground") != "foreground":
            raise JupyterStateAPIException(
                f"refresh_mode={options['refresh_mode']!r} is not supported by jupyter_state yet: a kernel has no "
                "background thread to refresh values in. Use refresh_mode='foreground' (the default)."
            )
        if func is None:
            return lambda f: CachedFunc(self, f, options)
        if not callable(func):
            raise TypeError(f"st.{self.name} decorates a function; got {func!r}. Use @st.{self.name} or @st.{self.name}(ttl=...).")
        return CachedFunc(self, func, options)

    def clear(self) -> None:
        """Clear every function's values in this cache (kernel-wide)."""
        clear_all(self.kind)


class CacheDataAPI(_CacheAPI):
    """``st.cache_data``: cache what a function returns; every caller gets a copy."""

    kind, name = "data", "cache_data"

    def __call__(self, func: Callable[..., Any] | None = None, *, ttl: float | timedelta | str | None = None, max_entries: int | None = None,
                 max_size: int | str | None = None, show_spinner: bool | str = True, show_time: bool = False, persist: str | bool | None = None,
                 hash_funcs: HashFuncs | None = None, scope: str = "global", refresh_mode: str = "foreground") -> Any:
        """Cache the data a function returns, by its arguments and source code.

        The values are kept as pickles and each call returns a fresh copy, so a caller
        mutating the result does not change the cache. Arguments are hashed by content
        (DataFrames and NumPy arrays too); an argument whose name starts with ``_`` is not
        hashed. The cache is kernel-wide: it survives reruns and re-running the ``%%app``
        cell. ``persist="disk"`` also keeps values in ``~/.streamlit/cache`` as JSON (only
        JSON values, unless ``st.set_option("cache.persistPickles", True)``: loading a
        pickle runs code, so a pickle on disk is only safe when you trust that folder).

        Parameters
        ----------
        func : callable
            The function to cache (``@st.cache_data``), or None with options
            (``@st.cache_data(ttl=60)``).
        ttl : float, timedelta or str, optional
            How long a value stays, in seconds or as ``"1h"``, ``"2 days"``...
        max_entries : int, optional
            How many values to keep (the least recently used goes first).
        max_size : int or str, optional
            How many pickled bytes to keep, e.g. ``"500MB"``.
        show_spinner : bool or str
            Show "Running `f(...)`." (or this text) in the app while a value is computed.
        show_time : bool
            Accepted for Streamlit compatibility.
        persist : "disk", bool or None
            Also keep the values on disk, across kernels.
        hash_funcs : dict, optional
            ``{type or "module.Type": function}``: how to hash arguments of that type.
        scope : {"global", "session"}
            "session": values are not shared with other sessions (AppTests).
        refresh_mode : "foreground"
            Only "foreground" is supported.

        Examples
        --------
        >>> @st.cache_data(ttl="1h")  # doctest: +SKIP
        ... def load(path):
        ...     return pd.read_csv(path)
        >>> df = load("data.csv")      # doctest: +SKIP
        """
        if persist not in (None, False, True, "disk"):
            raise JupyterStateAPIException(f"Unsupported persist option {persist!r}. Valid values are 'disk' (or True) and None (or False).")
        if not isinstance(show_spinner, (bool, str)):
            raise JupyterStateAPIException(f"show_spinner must be a bool or a str, got {show_spinner!r}.")
        options = {"ttl": ttl, "max_entries": max_entries, "max_size": size_to_bytes(max_size), "show_spinner": show_spinner,
                   "persist": bool(persist), "hash_funcs": hash_funcs, "scope": scope, "refresh_mode": refresh_mode}
        return self._wrap(func, options)

    def pack(self, cached: CachedFunc, value: Any, elements: list[Element]) -> _Entry:
        try:
            pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            raise UnserializableReturnValueError(cached._func, value) from exc
        if cached._cache.persist is not None:
            cached._cache.persist.check(value)
            return _Entry(value if cached._cache.persist.as_json(value) else pickled, elements, len(pickled))
        return _Entry(pickled, elements, len(pickled))

    def unpack(self, cached: CachedFunc, entry: _Entry) -> Any:
        if isinstance(entry.value, bytes):
            return pickle.loads(entry.value)  # noqa: S301 - our own pickle, made in this kernel
        return pickle.loads(pickle.dumps(entry.value))  # noqa: S301 - a JSON value: a copy


class CacheResourceAPI(_CacheAPI):
    """``st.cache_resource``: cache one shared object (a model, a connection) per arguments."""

    kind, name = "resource", "cache_resource"

    def __call__(self, func: Callable[..., Any] | None = None, *, ttl: float | timedelta | str | None = None, max_entries: int | None = None,
                 show_spinner: bool | str = True, show_time: bool = False, validate: Callable[[Any], bool] | None = None,
                 hash_funcs: HashFuncs | None = None, on_release: Callable[[Any], Any] | None = None, scope: str = "global",
                 refresh_mode: str = "foreground") -> Any:
        """Cache a shared resource: every caller gets the same object, never a copy.

        Parameters
        ----------
        func : callable
            The function that creates the resource.
        ttl, max_entries, show_spinner, show_time, hash_funcs, scope, refresh_mode
            As for ``st.cache_data``.
        validate : callable, optional
            ``validate(resource) -> bool``, called on every hit; False creates it again.
        on_release : callable, optional
            ``on_release(resource)``, called when the resource leaves the cache (cleared,
            expired or evicted), e.g. to close a connection.

        Examples
        --------
        >>> @st.cache_resource(validate=lambda conn: conn.is_open())  # doctest: +SKIP
        ... def connect(url):
        ...     return Connection(url)
        """
        options = {"ttl": ttl, "max_entries": max_entries, "show_spinner": show_spinner, "validate": validate,
                   "hash_funcs": hash_funcs, "on_release": on_release, "scope": scope, "refresh_mode": refresh_mode}
        return self._wrap(func, options)

    def valid(self, cached: CachedFunc, entry: _Entry) -> bool:
        validate = cached._options.get("validate")
        return validate is None or bool(validate(entry.value))


cache_data = CacheDataAPI()
cache_resource = CacheResourceAPI()
