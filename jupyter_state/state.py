"""``st.session_state``: the values that live across reruns.

:class:`SessionState` is the storage of one session (one kernel, or one ``AppTest``). User
keys and keyed-widget values live side by side in one dict, as in Streamlit: a keyed widget
*is* its session-state entry. Unkeyed widget values are held by the widgets themselves and
never appear here.

:data:`session_state` (exported as ``st.session_state``) is a proxy to the session that is
current, so that an ``AppTest`` can give each app its own fresh session.
"""

from __future__ import annotations

import contextlib
import pickle
from collections.abc import Callable, Iterator, MutableMapping
from typing import Any

from ._display import session_state_bundle
from .errors import (
    JupyterStateAPIException,
    JupyterStateValueError,
    SessionStateAttributeError,
    SessionStateKeyError,
    UnserializableSessionStateError,
    WidgetAlreadyInstantiatedError,
)

__all__ = ["MISSING", "SessionState", "SessionStateProxy", "check_serializable", "differs", "same", "validate_key"]

RESERVED_PREFIXES = ("$$ID", "$$JUPYTER_STATE")
#: what ``on_change`` gets as the old value of a key that was not there
MISSING = object()


def validate_key(key: Any) -> str:
    """Return ``key`` as the string session state stores it under, or raise.

    As in Streamlit, a key is stored as its ``str()``: ``3`` and ``"3"`` name the same
    entry, and so do ``True`` and ``"True"``. Keys are str, or a scalar (int, bool, float,
    None); the empty string, the reserved prefixes and other types are refused.

    Examples
    --------
    >>> validate_key(3), validate_key(True)
    ('3', 'True')
    """
    if type(key) is str:
        skey = key
    elif key is None or isinstance(key, (str, int, float)):
        skey = str(key)
    else:
        raise JupyterStateValueError(
            f"Invalid session-state key {key!r} of type {type(key).__name__}: "
            f"use a non-empty string (or an int, which is stored as its str())."
        )
    if not skey:
        raise JupyterStateValueError(
            "Invalid session-state key '': use a non-empty string, for example 'count'."
        )
    if skey.startswith(RESERVED_PREFIXES):
        raise JupyterStateAPIException(
            f"Keys beginning with {skey[:4] if skey.startswith('$$ID') else '$$JUPYTER_STATE'}"
            f" are reserved for jupyter_state's own use ({skey!r}). Choose another key."
        )
    return skey


def same(a: Any, b: Any) -> bool:
    """Whether two widget values are the same value; never raises.

    ``a == b`` decides; where it is element-wise (numpy arrays, pandas objects) the values
    are the same when their shapes and every element match; where it raises, only the same
    object is the same value.

    Examples
    --------
    >>> same([1], [1]), same(1, 2)
    (True, False)
    """
    if a is b:
        return True
    try:
        return bool(a == b)
    except Exception:  # "the truth value of an array is ambiguous", a raising __eq__ ...
        pass
    shape = getattr(a, "shape", None)
    if shape is None or shape != getattr(b, "shape", None):
        return False
    try:
        return bool((a == b).all())
    except Exception:
        return False


def index_of(options: list[Any], value: Any) -> int | None:
    """The place of ``value`` among ``options`` (compared with :func:`same`), or None."""
    for i, option in enumerate(options):
        if same(option, value):  # never raises: arrays compare element-wise, else by identity
            return i
    return None


def differs(new: Any, old: Any) -> bool:
    """Whether a widget's value changed: ``not same(new, old)``, so it never raises.

    Examples
    --------
    >>> differs(1, 2), differs([1], [1])
    (True, False)
    """
    return not same(new, old)


class ReadLog(set[str]):
    """The keys a run read; ``everything`` when it read them all (iterated, counted, copied)."""

    everything = False


class SessionState(MutableMapping[str, Any]):
    """The storage and the rules of one session's state.

    Besides the values it tracks which keys were assigned since the last run ended (an
    assignment made before a widget's call becomes the widget's value) and which keys
    belong to widgets already created in the current run (those may not be assigned).
    """

    def __init__(self) -> None:
        self._values: dict[str, Any] = {}
        #: keys assigned through the API since the last run ended
        self._assigned: set[str] = set()
        #: key -> what was created with it in the current run ("widget", "form")
        self._frozen: dict[str, str] = {}
        #: called with the key after every assignment or deletion made through the API
        self.on_write: Callable[[str], None] | None = None
        #: called with the key and its old value (MISSING: none) whenever a value really
        #: changes (assigned a different value, deleted, a widget's new value): what
        #: reactivity across apps follows, and the timeline records
        self.on_change: Callable[[str, Any], None] | None = None
        #: the keys read while an app (or a fragment) runs; None: nobody is recording
        self.reads: ReadLog | None = None

    # -- the mapping ------------------------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        try:
            value = self._values[key]  # the fast path: reserved keys are never stored
        except (KeyError, TypeError):  # not stored as given: look it up by its str()
            skey = validate_key(key)
        else:
            if self.reads is not None:
                self.reads.add(key)
            return value
        if self.reads is not None:
            self.reads.add(skey)  # a missing key read (``get(k, 0)``) is a read too
        try:
            return self._values[skey]  # an int key, stored as its str()
        except KeyError:
            raise SessionStateKeyError(skey) from None

    def __setitem__(self, key: Any, value: Any) -> None:
        skey = key if type(key) is str and key and key[0] != "$" else validate_key(key)
        if skey in self._frozen:
            raise WidgetAlreadyInstantiatedError(skey, self._frozen[skey])
        old = self._values.get(skey, MISSING)
        self._values[skey] = value
        self._assigned.add(skey)
        if self.on_change is not None and (old is MISSING or not same(old, value)):
            self.on_change(skey, old)
        if self.on_write is not None:
            self.on_write(skey)

    def __delitem__(self, key: Any) -> None:
        skey = validate_key(key)
        try:
            old = self._values.pop(skey)
        except KeyError:
            raise SessionStateKeyError(skey) from None
        self._assigned.discard(skey)
        if self.on_change is not None:
            self.on_change(skey, old)
        if self.on_write is not None:
            self.on_write(skey)

    def __contains__(self, key: object) -> bool:
        try:
            if key in self._values:
                if self.reads is not None:
                    self.reads.add(key)  # type: ignore[arg-type]
                return True
        except TypeError:  # unhashable: never a stored key
            return False
        if key is not None and not isinstance(key, (str, int, float)):
            return False  # a key of a type session state refuses is never in it
        skey = validate_key(key)
        if self.reads is not None:
            self.reads.add(skey)  # ``if "k" not in st.session_state`` depends on k
        return skey in self._values

    def __iter__(self) -> Iterator[str]:
        self._read_all()
        return iter(list(self._values))

    def __len__(self) -> int:
        self._read_all()
        return len(self._values)

    def to_dict(self) -> dict[str, Any]:
        """Return a shallow copy of the state as a plain ``dict``."""
        self._read_all()
        return dict(self._values)

    def _read_all(self) -> None:
        if self.reads is not None:
            self.reads.everything = True

    @contextlib.contextmanager
    def recording_reads(self) -> Iterator[ReadLog]:
        """Record the keys read inside the block (an app's run) into the log it yields.

        Blocks nest: the keys read in an inner block (a fragment) go to its log only, and
        the outer recording goes on after it.

        Examples
        --------
        >>> state = SessionState()
        >>> with state.recording_reads() as outer:
        ...     _ = state.get("n", 0)
        ...     with state.recording_reads() as inner:
        ...         _ = list(state)
        >>> sorted(outer), outer.everything, inner.everything
        (['n'], False, True)
        """
        outer, self.reads = self.reads, ReadLog()
        try:
            yield self.reads
        finally:
            self.reads = outer

    # -- what the run loop needs ------------------------------------------------------
    def was_assigned(self, key: str) -> bool:
        """Whether ``key`` was assigned through the API since the last run ended."""
        return key in self._assigned

    def set_widget_value(self, key: str, value: Any) -> None:
        """Store a widget's value: not a user assignment, so no rule applies."""
        old = self._values.get(key, MISSING)
        self._values[key] = value
        if self.on_change is not None and (old is MISSING or not same(old, value)):
            self.on_change(key, old)

    def forget_widget_value(self, key: str) -> None:
        """Drop a culled widget's value (its key goes with it, as in Streamlit)."""
        old = self._values.pop(key, MISSING)
        if old is not MISSING and self.on_change is not None:
            self.on_change(key, old)

    def peek(self, key: str, default: Any = None) -> Any:
        """``key``'s value, or ``default``, without counting as the running app's read."""
        return self._values.get(key, default)

    def holds(self, key: str) -> bool:
        """Whether ``key`` has a value, without counting as the running app's read."""
        return key in self._values

    def freeze(self, key: str, what: str) -> None:
        """Forbid assigning ``key`` for the rest of this run (its widget now exists)."""
        self._frozen[key] = what

    def end_run(self) -> None:
        """Forget this run's assignments and frozen keys."""
        self._assigned.clear()
        self._frozen.clear()


def check_serializable(state: MutableMapping[str, Any], extra: dict[str, Any] | None = None) -> None:
    """Pickle every value of ``state`` (and ``extra``); raise on the first that fails.

    This is the check behind ``runner.enforceSerializableSessionState``. Nothing is ever
    unpickled.

    Raises
    ------
    UnserializableSessionStateError
        Naming the key and the value's type.
    """
    items = list(state.items()) + list((extra or {}).items())
    for key, value in items:
        try:
            pickle.dumps(value)
        except Exception as exc:  # pickle raises many types (PicklingError, TypeError, ...)
            raise UnserializableSessionStateError(key, value, exc) from exc


class SessionStateProxy(MutableMapping[str, Any]):
    """``st.session_state``: a mapping with attribute access over the current session.

    Examples
    --------
    >>> import jupyter_state as st
    >>> if "count" not in st.session_state:
    ...     st.session_state.count = 0
    >>> st.session_state["count"] += 1
    >>> st.session_state.count
    1
    """

    __slots__ = ("_resolve",)

    def __init__(self, resolve: Callable[[], SessionState]) -> None:
        object.__setattr__(self, "_resolve", resolve)

    def __getitem__(self, key: Any) -> Any:
        return self._resolve()[key]

    def __setitem__(self, key: Any, value: Any) -> None:
        self._resolve()[key] = value

    def __delitem__(self, key: Any) -> None:
        del self._resolve()[key]

    def __contains__(self, key: object) -> bool:
        return key in self._resolve()

    def __iter__(self) -> Iterator[str]:
        return iter(self._resolve())

    def __len__(self) -> int:
        return len(self._resolve())

    def __getattr__(self, key: str) -> Any:
        try:
            return self._resolve()[key]
        except KeyError:
            raise SessionStateAttributeError(key) from None

    def __setattr__(self, key: str, value: Any) -> None:
        self._resolve()[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del self._resolve()[key]
        except KeyError:
            raise SessionStateAttributeError(key) from None

    def to_dict(self) -> dict[str, Any]:
        """Return a shallow copy of the state as a plain ``dict``."""
        result: dict[str, Any] = self._resolve().to_dict()
        return result

    def __str__(self) -> str:
        return str(self._resolve().to_dict())

    def __repr__(self) -> str:
        return f"<jupyter_state SessionStateProxy {self._resolve().to_dict()!r}>"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return session_state_bundle(self._resolve().to_dict())
