"""Output elements: ``st.write``, ``st.markdown``, ``st.json``, alerts and friends.

Inside a run an element is added to the run's output; outside one (an ordinary cell) it is
displayed as ordinary cell output, so the functions are useful everywhere.
"""

from __future__ import annotations

import html
import io
import json as _json
import re
import textwrap
from typing import Any

from ._context import current
from ._display import json_safe, session_state_bundle
from ._icons import icon_markup
from ._kernel import shell
from ._markup import code_block, code_span, safe_markdown
from .output import Element, display_element, error_output
from .state import SessionStateProxy

__all__ = [
    "caption", "code", "divider", "error", "exception", "header", "info", "json", "markdown",
    "subheader", "success", "text", "title", "warning", "write",
]

#: Streamlit shows no icon unless ``icon=`` is given; the colours are the theme's
#: (static/theme.css, from JupyterLab's variables), so they follow a dark theme
_ALERT_KINDS = ("error", "warning", "info", "success")


def emit(element: Element) -> None:
    run = current().run_in_progress
    if run is not None:
        run.add(element)
        return
    if shell() is None:  # plain Python: text is all there is
        print(element.output.get("data", {}).get("text/plain", element.value))
        return
    from IPython.display import publish_display_data  # IPython only when there is a shell to show it in

    output = element.output
    if output["output_type"] == "display_data":
        publish_display_data(output["data"], output.get("metadata") or {})
    else:
        print(element.value if isinstance(element.value, str) else element.output)


def markdown_element(body: Any, unsafe_allow_html: bool = False) -> Element:
    """The element ``st.markdown(body)`` shows (``st.write_stream`` updates one in place).

    The text is dedented and stripped first, as Streamlit's ``clean_text`` does.
    """
    plain = textwrap.dedent(str(body)).strip()
    shown = plain if unsafe_allow_html else safe_markdown(plain)  # HTML in it shows as text
    return display_element("markdown", plain, {"text/markdown": shown, "text/plain": plain})


def markdown(body: Any, *, unsafe_allow_html: bool = False, help: str | None = None) -> None:
    """Display Markdown text.

    Examples
    --------
    >>> st.markdown("**Bold** and _italic_")  # doctest: +SKIP
    """
    emit(markdown_element(body, unsafe_allow_html))


def _heading(level: int, kind: str, body: Any) -> None:
    text = str(body)
    # Escaped with its "#" in front: a fence on the first line is no fence once prefixed.
    emit(display_element(kind, text, {"text/markdown": safe_markdown(f"{'#' * level} {text}"), "text/plain": text}))


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
    shown = f"<small style='opacity:.7'>{html.escape(text)}</small>"
    emit(display_element("caption", text, {"text/html": shown, "text/plain": text}))


def text(body: Any) -> None:
    """Display fixed-width, preformatted text."""
    value = str(body)
    emit(display_element("text", value, {"text/plain": value}))


def code(body: str, language: str | None = "python") -> None:
    """Display a block of code, exactly as written (nothing in it becomes markup).

    Examples
    --------
    >>> st.code("print('hi')", language="python")  # doctest: +SKIP
    """
    body = str(body)
    emit(display_element("code", body, {"text/markdown": code_block(body, language), "text/plain": body}))


def divider() -> None:
    """Display a horizontal rule."""
    emit(display_element("divider", None, {"text/html": "<hr>", "text/plain": "---"}))


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
        emit(display_element("json", values, session_state_bundle(values)))
        return
    data = json_safe(body)
    text = _json.dumps(data, indent=2, ensure_ascii=False)
    emit(display_element("json", data, {"application/json": data, "text/plain": text},
                         {"application/json": {"expanded": expanded}}))


def _alert(kind: str, body: Any, icon: str | None) -> None:
    emit(alert_element(kind, body, icon))


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
    icon, mark = icon_markup(f"st.{kind}", icon)
    view = (f"<div class='jupyter-state-alert jupyter-state-{kind}' role='alert'>{mark}"
            f"<div>{html.escape(text)}</div></div>")
    return display_element(kind, text, {"text/html": view, "text/plain": f"{kind.upper()}: {text}"},
                           {"jupyter_state": {"icon": icon}})


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
    emit(error_output(exc))


def write(*args: Any, unsafe_allow_html: bool = False) -> None:
    """Write anything: text as Markdown, dicts and lists as JSON, objects by their rich repr.

    As in Streamlit, strings are Markdown, and strings and plain values next to each other
    are joined with spaces into one Markdown line, the values in code style:
    ``st.write("Count:", 3)`` shows ``Count: `3```. A value that has a rich display (a
    DataFrame, a figure, a widget), a dict or list (JSON) or an exception is shown on its
    own. ``st.write(st.session_state)`` shows the session state as collapsible JSON in an
    app, and as a live inspector elsewhere.

    Examples
    --------
    >>> st.write("Count:", st.session_state.count)  # doctest: +SKIP
    """
    if len(args) == 1 and isinstance(args[0], str):
        markdown(args[0], unsafe_allow_html=unsafe_allow_html)
        return
    words: list[str] = []

    def flush() -> None:
        if words:
            markdown(" ".join(words), unsafe_allow_html=unsafe_allow_html)
            words.clear()

    for arg in args:
        if isinstance(arg, str):
            words.append(arg)
            continue
        if isinstance(arg, (bool, int, float)):  # the common case needs no formatter
            words.append(_as_code(str(arg)))
            continue
        if isinstance(arg, io.StringIO):
            flush()
            markdown(arg.getvalue(), unsafe_allow_html=unsafe_allow_html)
        elif isinstance(arg, SessionStateProxy) or isinstance(arg, (dict, list)):
            flush()
            json(arg)
        elif isinstance(arg, BaseException):
            flush()
            exception(arg)
        else:
            data, metadata = _format(arg)
            text = None if set(data) - {"text/plain"} else _str(arg)
            if text is None or _MEMORY_ADDRESS.match(text):
                flush()  # a rich display, or a bare object: shown by its repr on its own
                _emit_object(arg, data, metadata)
            else:
                words.append(_as_code(text))
    flush()


# What str() gives an object with no __str__ of its own: Streamlit shows its help instead.
_MEMORY_ADDRESS = re.compile(r"^<.* at 0x[0-9a-fA-F]+>$", re.DOTALL)


def _str(obj: Any) -> str:
    try:
        return str(obj)
    except Exception:  # a broken __str__ still shows something
        return f"<{type(obj).__name__} object>"


def _as_code(text: str) -> str:
    """A value written among strings: inline code, or a code block when it has lines."""
    return code_block(text) if "\n" in text else code_span(text)


def _format(obj: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        from IPython.core.formatters import DisplayFormatter  # IPython only when a value is shown

        ipython = shell()
        formatter = ipython.display_formatter if ipython is not None else DisplayFormatter()
        data, metadata = formatter.format(obj)
    except Exception:  # a broken repr still shows something
        data, metadata = {"text/plain": f"<{type(obj).__name__} object>"}, {}
    return (data or {"text/plain": repr(obj)}), metadata


def _emit_object(obj: Any, data: dict[str, Any], metadata: dict[str, Any]) -> None:
    kind = "widget" if "application/vnd.jupyter.widget-view+json" in data else "object"
    emit(display_element(kind, obj, data, metadata))


def magic(value: Any) -> None:
    """Display the value of a bare expression in an app cell, as Streamlit's magic does."""
    if value is None:
        return
    if isinstance(value, str):
        markdown(value)
    else:
        write(value)
