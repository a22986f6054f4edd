"""Execution control: ``st.rerun()`` and ``st.stop()``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NoReturn

from ._context import current
from .errors import (
    InvalidLayoutContextError,
    InvalidParameterTypeError,
    JupyterStateValueError,
    RerunException,
    StopException,
)
from .fragments import rerun_targets

__all__ = ["rerun", "stop"]


def rerun(scope: str | int | Sequence[str | int] = "app") -> None:
    """Rerun the app from the top, or only a fragment of it.

    Inside a run (the body or a callback) this ends the run at once and starts a new one.
    From an ordinary notebook cell it reruns every app of the session.

    Parameters
    ----------
    scope
        ``"app"`` (the default) reruns the whole app. ``"fragment"`` reruns only the
        fragment it is called in, and only during a rerun of that fragment (Streamlit's
        rule). A fragment key (or a list of them), from a callback, reruns those
        fragments (``@st.fragment(key=...)``).

    Examples
    --------
    >>> if st.button("Reset"):
    ...     st.session_state.clear()
    ...     st.rerun()  # doctest: +SKIP
    """
    if isinstance(scope, (bytes, bytearray)) or not isinstance(scope, (str, int, Sequence)) or isinstance(scope, bool):
        raise InvalidParameterTypeError.of("scope", type(scope).__name__, ["str", "int", "list[str | int]"])
    if scope == "" or (not isinstance(scope, (str, int)) and len(scope) == 0):
        valid = ["'app'", "'fragment'", "a fragment key", "a list of keys"]
        raise JupyterStateValueError.invalid("scope", valid, "Got an empty value.")
    session = current()
    run = session.run_in_progress
    if run is None:
        if scope == "fragment":
            raise InvalidLayoutContextError(
                'scope="fragment" can only be specified from `@st.fragment`-decorated functions during fragment reruns.'
            )
        session.request_rerun()
        session.flush()
        return
    targets = rerun_targets(run, scope, in_callback=not run.body_ran)
    if targets is None:
        run.rerun_app = True
    else:
        run.rerun_fragments.update(dict.fromkeys(targets))
    raise RerunException()


def stop() -> NoReturn | None:
    """Stop the current run: nothing below runs; state is kept and widgets are not culled.

    Examples
    --------
    >>> name = st.text_input("Name")
    >>> if not name:
    ...     st.warning("Please enter a name.")
    ...     st.stop()  # doctest: +SKIP
    """
    if current().run_in_progress is not None:
        raise StopException()
    return None
