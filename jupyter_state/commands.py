"""Execution control: ``st.rerun()`` and ``st.stop()``."""

from __future__ import annotations

from typing import NoReturn

from .errors import InvalidLayoutContextError, RerunException, StopException
from .runtime import current

__all__ = ["rerun", "stop"]


def rerun(*, scope: str = "app") -> None:
    """Rerun the app from the top.

    Inside a run (the body or a callback) this ends the run at once and starts a new one.
    From an ordinary notebook cell it reruns every app of the session.

    Examples
    --------
    >>> if st.button("Reset"):
    ...     st.session_state.clear()
    ...     st.rerun()  # doctest: +SKIP
    """
    if scope not in ("app", "fragment"):
        raise ValueError(f"st.rerun: scope must be 'app' or 'fragment', got {scope!r}.")
    if scope == "fragment":
        raise InvalidLayoutContextError("st.rerun(scope='fragment') must be called inside a fragment, and this app has none. Use st.rerun().")
    session = current()
    if session.run_in_progress is not None:
        raise RerunException()
    session.request_rerun()
    session.flush()


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
