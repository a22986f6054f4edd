"""Feedback while a run works: ``st.progress``, ``st.spinner`` and ``st.toast``.

Each is a live element (``live.py``): it shows the run so far as soon as it appears, and
its updates (``bar.progress(50)``) go to the browser at once, while the kernel is still
busy running the app. Their views are ``ipywidgets.HTML``; text is always escaped.
"""

from __future__ import annotations

import contextlib
import html
import math
import time
from collections.abc import Iterator
from typing import Any

import ipywidgets

from ._context import Run, current
from .errors import (
    InvalidParameterTypeError,
    JupyterStateValueError,
    MissingRequiredParameterError,
    ValueOutOfRangeError,
)
from .live import LiveElement, display_outside_run, show_run, take_view

__all__ = ["Progress", "Toast", "progress", "spinner", "toast"]

_PRIMARY = "#ff4b4b"  # Streamlit's primary colour
_SPINNER_DELAY = 0.5  # seconds before a spinner shows (Streamlit's DELAY_SECS)
# An SVG spinner animated by SMIL, so it needs no stylesheet and no icon font.
_SPINNER_SVG = (
    "<svg width='16' height='16' viewBox='0 0 16 16' aria-hidden='true' style='vertical-align:-3px'>"
    "<circle cx='8' cy='8' r='6.5' fill='none' stroke='rgba(128,128,128,.3)' stroke-width='2'/>"
    f"<path d='M8 1.5a6.5 6.5 0 0 1 6.5 6.5' fill='none' stroke='{_PRIMARY}' stroke-width='2' stroke-linecap='round'>"
    "<animateTransform attributeName='transform' type='rotate' from='0 8 8' to='360 8 8' dur='0.8s' "
    "repeatCount='indefinite'/></path></svg>"
)


def _html_view(css_class: str) -> ipywidgets.HTML:
    return ipywidgets.HTML(layout=ipywidgets.Layout(width="100%"), _dom_classes=(css_class,))


def _set(view: ipywidgets.HTML, value: str) -> None:
    if view.value != value:
        view.value = value


# -- st.progress ---------------------------------------------------------------------------
def _percent(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidParameterTypeError.of("value", type(value).__name__, ["int", "float"])
    if isinstance(value, int):
        if not 0 <= value <= 100:
            raise ValueOutOfRangeError("value", value, 0, 100)
        return value
    close = math.isclose(value, 0.0, abs_tol=1e-9) or math.isclose(value, 1.0, abs_tol=1e-9)
    if not (0.0 <= value <= 1.0 or close):
        raise ValueOutOfRangeError("value", value, 0.0, 1.0)
    return int(min(max(value, 0.0), 1.0) * 100)


def _text(text: Any) -> str | None:
    if text is None or isinstance(text, str):
        return text
    raise InvalidParameterTypeError.of("text", type(text).__name__, ["str"])


class Progress(LiveElement):
    """A progress bar; ``.progress(value, text)`` moves it at once, mid-run.

    ``value`` is an int percentage (0-100) or a float fraction (0.0-1.0), as in Streamlit.
    """

    kind = "progress"

    def __init__(self, run: Run | None, view: ipywidgets.HTML, value: int, text: str | None) -> None:
        super().__init__(run, view)
        self.value = value
        self.text = text or ""
        self._draw()

    def _draw(self) -> None:
        label = f"<div style='margin-bottom:.25em'>{html.escape(self.text)}</div>" if self.text else ""
        _set(self.view, (
            f"<div class='jupyter-state-progress-bar' role='progressbar' aria-valuenow='{self.value}' "
            f"aria-valuemin='0' aria-valuemax='100'>{label}"
            "<div style='height:.5rem;border-radius:.25rem;background:rgba(128,128,128,.22);overflow:hidden'>"
            f"<div style='width:{self.value}%;height:100%;background:{_PRIMARY};transition:width .1s'></div>"
            "</div></div>"
        ))

    def progress(self, value: float, text: str | None = None) -> Progress:
        """Move the bar to ``value`` (and show ``text`` above it); shown immediately."""
        self.value = _percent(value)
        self.text = _text(text) or ""
        self._draw()
        show_run(self.run)
        return self

    def empty(self) -> None:
        """Remove the bar (Streamlit's ``bar.empty()``)."""
        self.hide()


def progress(value: float, text: str | None = None, width: str | int = "stretch") -> Progress:
    """Display a progress bar that updates while the app is still running.

    Parameters
    ----------
    value : int or float
        0 to 100 for an int, 0.0 to 1.0 for a float.
    text : str, optional
        A message above the bar (plain text).
    width : "stretch" or int
        The bar's width: the container's, or pixels.

    Returns
    -------
    Progress
        Call ``.progress(value, text=...)`` on it to move the bar; the browser shows each
        step at once, even though the kernel is busy.

    Examples
    --------
    >>> bar = st.progress(0, text="Working...")       # doctest: +SKIP
    >>> for percent in range(100):
    ...     time.sleep(0.01)
    ...     bar.progress(percent + 1, text="Working...")  # doctest: +SKIP
    """
    percent, label = _percent(value), _text(text)
    run = current().run_in_progress
    css_class = "jupyter-state-progress"
    view = take_view(run, "progress", lambda: _html_view(css_class)) if run is not None else _html_view(css_class)
    width_css = f"{width}px" if isinstance(width, int) else "100%"
    if view.layout.width != width_css:
        view.layout.width = width_css
    bar = Progress(run, view, percent, label)
    if run is None:
        display_outside_run(view)
    bar.add_to_run()
    return bar


# -- st.spinner -----------------------------------------------------------------------------
class _Spinner(LiveElement):
    kind = "spinner"


@contextlib.contextmanager
def spinner(text: str = "In progress...", *, show_time: bool = False, width: str | int = "content") -> Iterator[None]:
    """Show a spinner with ``text`` while the block inside runs.

    A context manager, and (as in Streamlit) a decorator: ``@st.spinner("Loading...")``.
    As in Streamlit, the spinner shows only once the block has run for half a second, and
    goes away when the block ends. ``show_time`` and ``width`` are accepted for
    Streamlit's signature; the elapsed time is not shown.

    Examples
    --------
    >>> with st.spinner("Wait for it..."):
    ...     time.sleep(2)                # doctest: +SKIP
    >>> st.success("Done!")              # doctest: +SKIP
    """
    run = current().run_in_progress
    if run is None:
        yield  # Streamlit shows nothing outside a script run either
        return
    view = take_view(run, "spinner", lambda: _html_view("jupyter-state-spinner"))
    # Shown after half a second, as Streamlit does, so a quick block does not flicker: a CSS
    # animation delay, where Streamlit uses a timer thread.
    _set(view, (
        "<style>@keyframes jupyter-state-spinner-in{to{opacity:1}}</style>"
        "<div class='jupyter-state-spinner-body' style='display:flex;gap:.5em;align-items:center;opacity:0;"
        f"animation:jupyter-state-spinner-in 0s linear {_SPINNER_DELAY}s forwards'>"
        f"{_SPINNER_SVG}<span>{html.escape(str(text))}</span></div>"
    ))
    element = _Spinner(run, view)
    target = run.target
    element.add_to_run()
    try:
        yield
    finally:
        if element in target:
            target.remove(element)  # transient, as in Streamlit: not part of the run's output
        element.hide()


# -- st.toast -------------------------------------------------------------------------------
_DURATIONS = {"short": 4, "long": 10, "infinite": 0}


class Toast(LiveElement):
    """A short notification at the top right; ``.toast(body)`` changes it in place."""

    kind = "toast"

    def __init__(self, run: Run | None, view: ipywidgets.HTML, body: str, icon: str | None, seconds: int) -> None:
        super().__init__(run, view)
        self.value, self.icon, self.seconds = body, icon or "", seconds
        self._draw()

    def _draw(self) -> None:
        fade = (
            f"animation:jupyter-state-toast-out .3s ease-in {self.seconds}s forwards;"
            if self.seconds else ""
        )
        # Material icons need Streamlit's icon font: not shown here (emoji are).
        shown = self.icon and not self.icon.startswith(":material/")
        icon = f"<span aria-hidden='true'>{html.escape(self.icon)}</span> " if shown else ""
        nonce = time.monotonic_ns()  # a new toast each call, even with the same text
        _set(self.view, (
            "<style>@keyframes jupyter-state-toast-out{to{opacity:0;visibility:hidden}}</style>"
            f"<div class='jupyter-state-toast-body' data-shown='{nonce}' role='status' style='position:fixed;"
            "top:4rem;right:1.5rem;z-index:1000;max-width:22rem;padding:.75rem 1rem;border-radius:.5rem;"
            "background:var(--jp-layout-color1,#fff);color:var(--jp-ui-font-color1,#31333f);"
            f"box-shadow:0 4px 16px rgba(0,0,0,.18);{fade}'>{icon}{html.escape(self.value)}</div>"
        ))

    def toast(self, body: Any, *, icon: str | None = None, duration: str | int = "short") -> Toast:
        """Replace the toast's text (and icon) in place."""
        self.value, self.icon, self.seconds = _toast_body(body), icon or "", _seconds(duration)
        self._draw()
        show_run(self.run)
        return self


def _toast_body(body: Any) -> str:
    text = str(body) if body is not None else ""
    if text == "":
        raise MissingRequiredParameterError.of("body", "Please provide a message.")
    return text


def _seconds(duration: Any) -> int:
    if isinstance(duration, str) and duration in _DURATIONS:
        return _DURATIONS[duration]
    if isinstance(duration, int) and not isinstance(duration, bool) and duration > 0:
        return duration
    raise JupyterStateValueError.invalid("duration", ["'short'", "'long'", "'infinite'", "a positive integer"])


def toast(body: Any, *, icon: str | None = None, duration: str | int = "short") -> Toast:
    """Show a short notification at the top right of the page, for a few seconds.

    Parameters
    ----------
    body : str
        The message (plain text).
    icon : str, optional
        A single emoji shown before the message.
    duration : "short", "long", "infinite" or int
        4 seconds, 10 seconds, until the next run, or that many seconds.

    Examples
    --------
    >>> msg = st.toast("Gathering ingredients...")   # doctest: +SKIP
    >>> msg.toast("Ready!", icon="🥞")                 # doctest: +SKIP
    """
    text, seconds = _toast_body(body), _seconds(duration)
    run = current().run_in_progress
    css_class = "jupyter-state-toast"
    view = take_view(run, "toast", lambda: _html_view(css_class)) if run is not None else _html_view(css_class)
    element = Toast(run, view, text, icon, seconds)
    if run is None:
        display_outside_run(view)
    element.add_to_run()
    return element
