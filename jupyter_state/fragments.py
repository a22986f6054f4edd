"""``st.fragment``: a part of an app that reruns alone.

A function decorated with ``@st.fragment`` and called in an app shows its output in a
block of its own. A change to a widget inside it runs that widget's callback and reruns
only the function: the rest of the app's output and widgets stay as they are, and nothing
outside runs (``_fragment_run.py`` has the run's side, ``runtime.py`` the run loop).
``st.rerun(scope="fragment")`` reruns the fragment it is called in; ``run_every=``
reruns it on a timer while the kernel is idle.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any, TypeVar, overload

from ._context import Run, Session, current
from ._fragment_run import Fragment, execute
from ._kernel import shell
from .blocks import open_container
from .containers import Box
from .errors import (
    BadTimeStringError,
    DuplicateElementKey,
    InvalidLayoutContextError,
    JupyterStateAPIException,
    JupyterStateValueError,
)

__all__ = ["fragment", "rerun_targets"]

F = TypeVar("F", bound=Callable[..., Any])


@overload
def fragment(func: F, *, run_every: float | dt.timedelta | str | None = None, key: str | int | None = None) -> F: ...


@overload
def fragment(func: None = None, *, run_every: float | dt.timedelta | str | None = None,
             key: str | int | None = None) -> Callable[[F], F]: ...


def fragment(func: Any = None, *, run_every: float | dt.timedelta | str | None = None,
             key: str | int | None = None) -> Any:
    """Make a function a fragment: a part of the app that reruns on its own.

    Parameters
    ----------
    func
        The function (``@st.fragment``); omitted in ``@st.fragment(run_every=...)``.
    run_every
        Rerun the fragment every so often while the kernel is idle: seconds, a
        ``timedelta`` or a string such as ``"2s"`` or ``"1 min"``. The timer stops when
        the app is closed or a full run no longer calls the fragment.
    key
        A name for the fragment, unique in the app: a callback can rerun it with
        ``st.rerun(scope=key)``.

    Returns
    -------
    The decorated function. Called in an app it shows its output in its own block and
    returns what the function returns; outside an app it returns None, as in Streamlit.

    Examples
    --------
    >>> @st.fragment
    ... def counter():
    ...     if st.button("+1"):
    ...         st.session_state.n = st.session_state.get("n", 0) + 1
    ...     st.write("n =", st.session_state.get("n", 0))   # only this part reruns
    >>> counter()  # doctest: +SKIP
    """
    interval = _seconds(run_every)
    name = None if key is None else str(key)
    if name in ("app", "fragment"):
        raise JupyterStateAPIException(
            f"`{name}` is a reserved name and cannot be used as a fragment key, because "
            "`st.rerun(scope=...)` reads it as a rerun level. Choose a different key for "
            "`@st.fragment(key=...)`."
        )
    if func is None:
        return lambda f: fragment(f, run_every=run_every, key=key)

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        session = current()
        run = session.run_in_progress
        if run is None:
            return None  # outside an app, as Streamlit outside a script run
        return _call(session, run, func, args, kwargs, interval, name)

    return wrapper


def _call(session: Session, run: Run, func: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any],
          interval: float | None, key: str | None) -> Any:
    parent = run.container
    box = open_container(run, Box, f"fragment:{func.__module__}.{func.__qualname__}", {})
    app = run.app
    frag = app.fragments.get(box.id)
    if frag is None:
        frag = app.fragments[box.id] = Fragment(box.id)
    if key is not None:
        if any(f.key == key and f is not frag and f.id in run.fragments_seen for f in app.fragments.values()):
            raise DuplicateElementKey(key)
        frag.key = key
    frag.function, frag.args, frag.kwargs = func, args, kwargs
    frag.parent, frag.parent_fragment = parent, run.fragment
    frag.page = run.page
    frag.run_every = interval
    if interval and frag.timer is None:
        _schedule(session, app, frag)
    return execute(run, frag, box)


def rerun_targets(run: Run, scope: str | int | Sequence[str | int], in_callback: bool) -> tuple[str, ...] | None:
    """The fragments ``st.rerun(scope=scope)`` reruns in ``run``; None for the whole app.

    Raises Streamlit's errors: ``scope="fragment"`` outside a fragment rerun, a fragment
    key outside a callback or one no fragment has.
    """
    if scope == "app":
        return None
    if scope == "fragment":
        if not run.fragment_ids:
            raise InvalidLayoutContextError(
                'scope="fragment" can only be specified from `@st.fragment`-decorated functions '
                "during fragment reruns."
            )
        return (run.fragment,) if run.fragment is not None else run.fragment_ids
    if not in_callback:
        raise JupyterStateAPIException(
            "Passing a fragment key to `st.rerun()` is only allowed from a widget callback "
            "(e.g. `on_change` / `on_click`). Calling it from the main script body or a "
            "fragment body would abort the current run. If you meant to rerun the whole app "
            "or the current fragment, use `scope='app'` or `scope='fragment'`."
        )
    names = [str(scope)] if isinstance(scope, (str, int)) else [str(s) for s in scope]
    by_key = {f.key: f.id for f in run.app.fragments.values() if f.key is not None}
    unknown = [n for n in names if n not in by_key]
    if unknown:
        raise JupyterStateAPIException(
            f"No fragment has the key {unknown[0]!r}: `st.rerun(scope=...)` takes 'app', 'fragment' "
            "or the key of an `@st.fragment(key=...)`."
        )
    return tuple(by_key[n] for n in names)


# -- run_every ------------------------------------------------------------------------------
def _seconds(run_every: Any) -> float | None:
    if run_every is None:
        return None
    if isinstance(run_every, dt.timedelta):
        seconds = run_every.total_seconds()
    elif isinstance(run_every, str):
        import pandas as pd  # pandas only when a value needs it (it takes a second to import)

        try:
            seconds = float(pd.Timedelta(run_every).total_seconds())
        except ValueError:
            raise BadTimeStringError(run_every) from None
        if seconds != seconds:  # NaN: pandas' "not a time"
            raise BadTimeStringError(run_every)
    elif isinstance(run_every, (int, float)) and not isinstance(run_every, bool):
        seconds = float(run_every)
    else:
        raise JupyterStateValueError(
            f"run_every must be a number of seconds, a timedelta or a string such as '2s', got {run_every!r}."
        )
    if seconds <= 0:
        raise JupyterStateValueError(f"run_every must be positive, got {run_every!r}.")
    return seconds


def _schedule(session: Session, app: Any, frag: Fragment) -> None:
    """Rerun ``frag`` after its interval on the kernel's event loop (none in AppTest: no timer).

    The next tick is scheduled when a run ends, so runs never pile up; a tick that finds
    a run going is skipped.
    """
    def tick() -> None:
        frag.timer = None
        if app.closed or app.fragments.get(frag.id) is not frag or not frag.run_every:
            return  # the app was closed, or its last full run did not call the fragment
        if session.run_in_progress is None:
            try:
                name = getattr(frag.function, "__name__", "fragment")
                every = f"run_every of {name}() ({frag.run_every:g} s)"
                with session.timeline.caused_by("timer", every, fragment=name):
                    session.run(app, (frag.id,))
            except Exception:  # raise_errors: shown, never raised into the event loop
                ipython = shell()
                if ipython is not None:
                    ipython.showtraceback()
        if frag.timer is None and not app.closed and app.fragments.get(frag.id) is frag and frag.run_every:
            _schedule(session, app, frag)

    try:
        frag.timer = asyncio.get_running_loop().call_later(frag.run_every or 0, tick)
    except RuntimeError:
        frag.timer = None  # no event loop (AppTest, a plain script): no timed reruns
