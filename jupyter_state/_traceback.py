"""Tracebacks as a Streamlit user expects them: the message first, then the user's lines.

A misuse of the API (any error from :mod:`jupyter_state.errors`) is raised deep inside
the library, but what the user can change is their own line: its traceback keeps only
the user's frames. Any other error keeps the frames below the user's first one (a bug
of ours, or of a library the user called, needs them), without the run loop's frames
above it. Lines are those the exception was raised at (``tb_lineno``), not where a
caught exception's frame is now, so ``st.exception(e)`` points at the line that raised.
"""

from __future__ import annotations

import os
import traceback
import types
from typing import Any

from . import errors

__all__ = ["format_traceback", "user_traceback"]

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))
_RED, _GREEN, _CYAN, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[36m", "\x1b[0m"
_CHAIN_LIMIT = 5  # chains longer than this are cut: the last causes say enough


def is_misuse(exc: BaseException) -> bool:
    """Whether ``exc`` is one of jupyter_state's API errors (its frames are not the user's)."""
    return type(exc).__module__ == errors.__name__


def _ours(tb: types.TracebackType) -> bool:
    return tb.tb_frame.f_code.co_filename.startswith(_PACKAGE_DIR)


def user_traceback(exc: BaseException) -> types.TracebackType | None:
    """``exc``'s traceback without the library's frames a user cannot act on.

    Examples
    --------
    >>> try:
    ...     1 / 0
    ... except ZeroDivisionError as e:
    ...     user_traceback(e) is e.__traceback__   # no frame of ours to drop
    True
    """
    tb = exc.__traceback__
    while tb is not None and _ours(tb):
        tb = tb.tb_next
    if tb is None or not is_misuse(exc):
        return tb
    frames = []
    while tb is not None:
        if not _ours(tb):
            frames.append(tb)
        tb = tb.tb_next
    rebuilt: types.TracebackType | None = None
    for frame in reversed(frames):  # a new chain of the same frames, innermost last
        rebuilt = types.TracebackType(rebuilt, frame.tb_frame, frame.tb_lasti, frame.tb_lineno)
    return rebuilt


def _location(summary: traceback.FrameSummary, shell: Any) -> str:
    cells = getattr(getattr(shell, "compile", None), "_filename_map", {}) if shell is not None else {}
    where = f"Cell In[{cells[summary.filename]}]" if summary.filename in cells else f"File {summary.filename}"
    func = "" if summary.name == "<module>" else f", in {summary.name}()"
    return f"{_GREEN}{where}, line {summary.lineno}{func}{_RESET}"


def _one(exc: BaseException, tb: types.TracebackType | None, shell: Any) -> list[str]:
    message = str(exc)
    lines = [f"{_RED}{type(exc).__name__}{_RESET}: {message}" if message else f"{_RED}{type(exc).__name__}{_RESET}"]
    for summary in traceback.extract_tb(tb):
        lines += ["", _location(summary, shell)]
        if summary.line:
            lines.append(f"{_CYAN}---->{_RESET} {summary.lineno} {summary.line}")
    return lines


def format_traceback(exc: BaseException, shell: Any = None) -> list[str]:
    r"""The lines of ``exc``'s traceback, message first, in the style of IPython's colours.

    A misuse error shows no chain (its message already names the cause); other errors
    show what caused them, as Python does.

    Examples
    --------
    >>> [line.replace("\x1b[31m", "").replace("\x1b[0m", "") for line in format_traceback(ValueError("bad"))]
    ['ValueError: bad']
    """
    lines = _one(exc, user_traceback(exc), shell)
    seen = {id(exc)}
    current = exc
    for _ in range(_CHAIN_LIMIT):
        if is_misuse(exc):
            break
        if current.__cause__ is not None:
            cause, link = current.__cause__, "Caused by:"
        elif current.__context__ is not None and not current.__suppress_context__:
            cause, link = current.__context__, "Raised while handling:"
        else:
            break
        if id(cause) in seen:
            break
        seen.add(id(cause))
        lines += ["", link, *_one(cause, user_traceback(cause), shell)]
        current = cause
    return lines

