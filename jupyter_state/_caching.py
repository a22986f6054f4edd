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
import pickle
import uuid
import weakref
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from ._cache_store import Entry, FunctionCache, caches, clear_all, size_to_bytes, time_to_seconds
from ._context import current
from ._hashing import HashFuncs, UnhashableTypeError, function_key, hash_value, new_hasher
from ._persist import DiskStore
from .errors import JupyterStateAPIException, UnhashableParamError, UnserializableReturnValueError
from .feedback import spinner
from .output import Element

__all__ = ["CacheDataAPI", "CacheResourceAPI", "CachedFunc", "cache_data", "cache_resource", "clear_all",
           "in_cached_function", "size_to_bytes", "time_to_seconds"]

_STREAMS = ("stdout", "stderr")


#: the cached functions being called now (innermost last)
_calling: list[CachedFunc] = []


def in_cached_function() -> bool:
    """Whether a cached function is computing its value right now (a cache miss)."""
    return bool(_calling)


class CachedFunc:
    """A function wrapped by ``st.cache_data`` or ``st.cache_resource``: call it, or ``.clear()`` it."""

    def __init__(self, api: _CacheAPI, func: Callable[..., Any], options: dict[str, Any]) -> None:
        if inspect.iscoroutinefunction(func):
            raise JupyterStateAPIException(
                f"st.{api.name} cannot cache the async function {func.__name__}() yet; cache a regular function."
            )
        self._api = api
        self._func = func
        self._options = options
        self._key = function_key(api.kind, func)
        self._names = _positional_names(func)  # to name positional arguments (a leading _ skips one)
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
        cache = FunctionCache(self._api.kind, self._key, self._func.__qualname__,
                              ttl=None if persist else o["ttl"], max_entries=o["max_entries"],
                              max_size=o.get("max_size"), persist=persist, on_release=o.get("on_release"))
        existing = caches.get((self._api.kind, self._key))
        if existing is not None and existing.limits() == cache.limits():
            existing.on_release = cache.on_release
            return existing  # the same function defined again: its values are still there
        caches[(self._api.kind, self._key)] = cache
        return cache

    # -- calling -------------------------------------------------------------------------
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        value_key = self._value_key(args, kwargs)
        cache = self._find_cache() if caches.get((self._api.kind, self._key)) is not self._cache else self._cache
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
        names = self._names
        pairs = [(names[i] if i < len(names) else None, value) for i, value in enumerate(args)] + list(kwargs.items())
        hasher = new_hasher()
        if self._options.get("scope") == "session":
            hasher.update(f"session:{_session_token(current())}".encode())
        for name, value in pairs:
            if name is not None and name.startswith("_"):
                continue  # as Streamlit: a leading underscore means "do not hash me"
            hasher.update(repr(name).encode())
            try:
                hash_value(hasher, value, self._options.get("hash_funcs"))
            except UnhashableTypeError as exc:
                raise UnhashableParamError(self._api.name, self._func, name, value, exc) from exc
        return hasher.hexdigest()  # type: ignore[no-any-return]

    def _spinner(self, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """``st.spinner`` with Streamlit's text ("Running `f(...)`.") while a miss computes."""
        show = self._options["show_spinner"]
        if not show:
            return contextlib.nullcontext()
        dots = "..." if args or kwargs else ""
        text = show if isinstance(show, str) else f"Running `{self._func.__qualname__}({dots})`."
        return spinner(text)

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


#: a token per session for scope="session" (an id() could be reused by a later session)
_tokens: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()


def _session_token(session: Any) -> str:
    token = _tokens.get(session)
    if token is None:
        token = _tokens[session] = uuid.uuid4().hex
    return token


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


# -- the decorators ------------------------------------------------------------------------
class _CacheAPI:
    kind = ""
    name = ""

    def valid(self, cached: CachedFunc, entry: Entry) -> bool:
        return True

    def pack(self, cached: CachedFunc, value: Any, elements: list[Element]) -> Entry:
        return Entry(value, elements)

    def unpack(self, cached: CachedFunc, entry: Entry) -> Any:
        return entry.value

    def _wrap(self, func: Callable[..., Any] | None, options: dict[str, Any]) -> Any:
        options["ttl"] = time_to_seconds(options.get("ttl"))
        max_entries = options.get("max_entries")
        positive_int = isinstance(max_entries, int) and not isinstance(max_entries, bool) and max_entries >= 1
        if max_entries is not None and not positive_int:
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
            raise TypeError(
                f"st.{self.name} decorates a function; got {func!r}. Use @st.{self.name} or @st.{self.name}(ttl=...)."
            )
        return CachedFunc(self, func, options)

    def clear(self) -> None:
        """Clear every function's values in this cache (kernel-wide)."""
        clear_all(self.kind)

    def __repr__(self) -> str:
        return f"<st.{self.name}>"


class CacheDataAPI(_CacheAPI):
    """``st.cache_data``: cache what a function returns; every caller gets a copy."""

    kind, name = "data", "cache_data"

    def __call__(self, func: Callable[..., Any] | None = None, *,
                 ttl: float | timedelta | str | None = None, max_entries: int | None = None,
                 max_size: int | str | None = None, show_spinner: bool | str = True, show_time: bool = False,
                 persist: str | bool | None = None,
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
            How long a value stays, in seconds or as ``"1h"``, ``"2 days"``... (ignored
            with ``persist``, as in Streamlit).
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
            raise JupyterStateAPIException(
                f"Unsupported persist option {persist!r}. Valid values are 'disk' (or True) and None (or False)."
            )
        if not isinstance(show_spinner, (bool, str)):
            raise JupyterStateAPIException(f"show_spinner must be a bool or a str, got {show_spinner!r}.")
        options = {"ttl": ttl, "max_entries": max_entries, "max_size": size_to_bytes(max_size),
                   "show_spinner": show_spinner, "persist": bool(persist), "hash_funcs": hash_funcs, "scope": scope,
                   "refresh_mode": refresh_mode}
        return self._wrap(func, options)

    def pack(self, cached: CachedFunc, value: Any, elements: list[Element]) -> Entry:
        try:
            pickled = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            raise UnserializableReturnValueError(cached._func, value) from exc
        if cached._cache.persist is not None:
            cached._cache.persist.check(value)
            return Entry(value if cached._cache.persist.as_json(value) else pickled, elements, len(pickled))
        return Entry(pickled, elements, len(pickled))

    def unpack(self, cached: CachedFunc, entry: Entry) -> Any:
        if isinstance(entry.value, bytes):
            return pickle.loads(entry.value)  # noqa: S301 - our own pickle, made in this kernel
        return pickle.loads(pickle.dumps(entry.value))  # noqa: S301 - a JSON value: a copy


class CacheResourceAPI(_CacheAPI):
    """``st.cache_resource``: cache one shared object (a model, a connection) per arguments."""

    kind, name = "resource", "cache_resource"

    def __call__(self, func: Callable[..., Any] | None = None, *,
                 ttl: float | timedelta | str | None = None, max_entries: int | None = None,
                 show_spinner: bool | str = True, show_time: bool = False,
                 validate: Callable[[Any], bool] | None = None, hash_funcs: HashFuncs | None = None,
                 on_release: Callable[[Any], Any] | None = None, scope: str = "global",
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

    def valid(self, cached: CachedFunc, entry: Entry) -> bool:
        validate = cached._options.get("validate")
        return validate is None or bool(validate(entry.value))


cache_data = CacheDataAPI()
cache_resource = CacheResourceAPI()
