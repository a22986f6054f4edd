"""Output elements: ``st.write``, ``st.markdown``, ``st.json``, alerts and friends.

Inside a run an element is added to the run's output; outside one (an ordinary cell) it is
displayed as ordinary cell output, so the functions are useful everywhere.
"""

from __future__ import annotations

import html
import json as _json
from typing import Any

from .output import Element, display_element, error_output
from .runtime import current
from .state import SessionStateProxy, json_safe, state_mimebundle

__all__ = [
    "caption", "code", "divider", "error", "exception", "header", "info", "json", "markdown",
    "subheader", "success", "text", "title", "warning", "write",
]

#: Streamlit shows no icon unless ``icon=`` is given; the colours are the theme's
#: (static/theme.css, from JupyterLab's variables), so they follow a dark theme
_ALERT_KINDS = ("error", "warning", "info", "success")


def _emit(element: Element) -> None:
    run = current().run_in_progress
    if run is not None:
        run.add(element)
        return
    from .runtime import _get_ipython

    if _get_ipython() is None:  # plain Python: text is all there is
        print(element.output.get("data", {}).get("text/plain", element.value))
        return
    from IPython.display import publish_display_data

    output = element.output
    if output["output_type"] == "display_data":
        publish_display_data(output["data"], output.get("metadata") or {})
    else:
        print(element.value if isinstance(element.value, str) else element.output)


def markdown(body: Any, *, unsafe_allow_html: bool = False, help: str | None = None) -> None:
    """Display Markdown text.

    Examples
    --------
    >>> st.markdown("**Bold** and _italic_")  # doctest: +SKIP
    """
    text = str(body)
    if not unsafe_allow_html:
        text = html.escape(text, quote=False)
    _emit(display_element("markdown", str(body), {"text/markdown": text, "text/plain": str(body)}))


def _heading(level: int, kind: str, body: Any) -> None:
    text = str(body)
    _emit(display_element(kind, text, {"text/markdown": f"{'#' * level} {html.escape(text, quote=False)}", "text/plain": text}))


def title(body: Any) -> None:
    """Display a title (a level-1 heading)."""
    _heading(1, "title", body)


def header(body: Any) -> None:
    """Display a header (a level-2 heading)."""
    _heading(2, "header", body)


def subheader(body: Any) -> None:
    """Display a subheader (a level-3 heading)."""
    _heading(3, "subheader", body)


def caption(body: Any) -> None:
    """Display small, muted text."""
    text = str(body)
    _emit(display_element("caption", text, {"text/html": f"<small style='opacity:.7'>{html.escape(text)}</small>", "text/plain": text}))


def text(body: Any) -> None:
    """Display fixed-width, preformatted text."""
    value = str(body)
    _emit(display_element("text", value, {"text/plain": value}))


def code(body: str, language: str | None = "python") -> None:
    """Display a block of code."""
    _emit(display_element("code", body, {"text/markdown": f"```{language or ''}\n{body}\n```", "text/plain": body}))


def divider() -> None:
    """Display a horizontal rule."""
    _emit(display_element("divider", None, {"text/html": "<hr>", "text/plain": "---"}))


def json(body: Any, *, expanded: bool = True) -> None:
    """Display an object as pretty-printed, collapsible JSON.

    Values that are not JSON are shown as their repr.
    """
    if isinstance(body, str):
        try:
            body = _json.loads(body)
        except ValueError:
            pass
    if isinstance(body, SessionStateProxy):
        values = body.to_dict()
        bundle = state_mimebundle(values)
        if current().run_in_progress is None:  # an app's run shows the state as of that run
            from .inspector import live_bundle

            bundle.update(live_bundle() or {})
        _emit(display_element("json", values, bundle))
        return
    data = json_safe(body)
    _emit(display_element("json", data, {"application/json": data, "text/plain": _json.dumps(data, indent=2, ensure_ascii=False)}, {"application/json": {"expanded": expanded}}))


def _alert(kind: str, body: Any, icon: str | None) -> None:
    _emit(alert_element(kind, body, icon))


def alert_element(kind: str, body: Any, icon: str | None = None) -> Element:
    """The element ``st.error``/``warning``/``info``/``success`` shows (``kind``), not emitted.

    Examples
    --------
    >>> alert_element("warning", "Careful").output["data"]["text/plain"]
    'WARNING: Careful'
    """
    text = str(body)
    if kind not in _ALERT_KINDS:
        raise ValueError(f"alert kind must be one of {_ALERT_KINDS}, got {kind!r}.")
    mark = f"<span class='jupyter-state-alert-icon'>{html.escape(icon)}</span>" if icon else ""
    view = f"<div class='jupyter-state-alert jupyter-state-{kind}' role='alert'>{mark}<div>{html.escape(text)}</div></div>"
    return display_element(kind, text, {"text/html": view, "text/plain": f"{kind.upper()}: {text}"}, {"jupyter_state": {"icon": icon or ""}})


def error(body: Any, *, icon: str | None = None) -> None:
    """Display an error message."""
    _alert("error", body, icon)


def warning(body: Any, *, icon: str | None = None) -> None:
    """Display a warning message."""
    _alert("warning", body, icon)


def info(body: Any, *, icon: str | None = None) -> None:
    """Display an informational message."""
    _alert("info", body, icon)


def success(body: Any, *, icon: str | None = None) -> None:
    """Display a success message."""
    _alert("success", body, icon)


def exception(exc: BaseException) -> None:
    """Display an exception with its traceback."""
    _emit(error_output(exc))


def write(*args: Any, unsafe_allow_html: bool = False) -> None:
    """Write anything: text as Markdown, dicts and lists as JSON, objects by their rich repr.

    Consecutive strings and numbers are joined with spaces into one Markdown line, so
    ``st.write("Count:", 3)`` shows ``Count: 3``. ``st.write(st.session_state)`` shows the
    session state as collapsible JSON in an app, and as a live inspector elsewhere.

    Examples
    --------
    >>> st.write("Count:", st.session_state.count)  # doctest: +SKIP
    """
    words: list[str] = []

    def flush() -> None:
        if words:
            markdown(" ".join(words), unsafe_allow_html=unsafe_allow_html)
            words.clear()

    for arg in args:
        if isinstance(arg, (str, int, float)):  # bools too: st.write(True) shows True
            words.append(str(arg))
            continue
        flush()
        if isinstance(arg, SessionStateProxy) or isinstance(arg, (dict, list)):
            json(arg)
        elif isinstance(arg, BaseException):
            exception(arg)
        else:
            _write_object(arg)
    flush()


def _write_object(obj: Any) -> None:
    try:
        from IPython import get_ipython
        from IPython.core.formatters import DisplayFormatter

        shell = get_ipython()
        formatter = shell.display_formatter if shell is not None else DisplayFormatter()
        data, metadata = formatter.format(obj)
    except Exception:  # a broken repr still shows something
        data, metadata = {"text/plain": f"<{type(obj).__name__} object>"}, {}
    if not data:
        data = {"text/plain": repr(obj)}
    if "application/vnd.jupyter.widget-view+json" in data:
        kind = "widget"
    else:
        kind = "object"
    _emit(display_element(kind, obj, data, metadata))


def magic(value: Any) -> None:
    """Display the value of a bare expression in an app cell, as Streamlit's magic does."""
    if value is None:
        return
    if isinstance(value, str):
        markdown(value)
    else:
        write(value)
