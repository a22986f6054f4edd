"""``st.html``, ``st.latex``, ``st.echo`` and ``st.link_button``."""

from __future__ import annotations

import contextlib
import html as _html
import linecache
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ._sanitize import safe_url, sanitize_html
from .elements import code, emit
from .errors import JupyterStateAPIException, JupyterStateValueError
from .output import display_element
from .widgets._button_look import button_classes, check_button_look

__all__ = ["echo", "html", "latex", "link_button"]


def html(body: Any, *, width: Any = "stretch", unsafe_allow_javascript: bool = False) -> None:
    """Insert HTML, sanitised as Streamlit sanitises it: scripts never run.

    ``body`` is a string, a path to an ``.html`` or ``.css`` file (CSS is wrapped in
    ``<style>``), or an object with ``_repr_html_``. Scripts, frames and event handlers are
    removed unless ``unsafe_allow_javascript=True``.

    Examples
    --------
    >>> st.html("<p style='color:teal'>Hello</p>")  # doctest: +SKIP
    """
    if hasattr(body, "_repr_html_"):
        text = str(body._repr_html_())
    elif isinstance(body, Path) or (isinstance(body, str) and len(body) < 4096 and "\n" not in body
                                    and body.endswith((".html", ".htm", ".css")) and Path(body).is_file()):
        path = Path(body)
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".css":
            text = f"<style>{text}</style>"
    else:
        text = str(body)
    if not isinstance(width, int) and width not in ("stretch", "content"):
        raise JupyterStateValueError(
            f"Invalid width value: {width!r}. Width must be either an integer (pixels), 'stretch', or 'content'."
        )
    shown = text if unsafe_allow_javascript else sanitize_html(text)
    view = f"<div class='jupyter-state-html'>{shown}</div>"
    emit(display_element("html", text, {"text/html": view, "text/plain": text}))


def latex(body: Any, *, help: str | None = None, width: Any = "stretch") -> None:
    r"""Display a LaTeX expression (typeset by the frontend's MathJax, bundled, no CDN).

    A SymPy expression is converted with ``sympy.latex``.

    Examples
    --------
    >>> st.latex(r"a + ar + ar^2 = \sum_{k=0}^{n-1} ar^k")  # doctest: +SKIP
    """
    if type(body).__module__.startswith("sympy"):
        body = __import__("sympy").latex(body)
    text = f"$$\n{body}\n$$"
    emit(display_element("latex", text, {"text/latex": text, "text/plain": str(body)}))


def _block_source(filename: str, lineno: int, namespace: dict[str, Any]) -> str:
    """The lines of the ``with`` block that starts at ``lineno`` of ``filename``, dedented.

    An app cell is registered in IPython's cell cache (``linecache``) under its filename,
    which is how the source of an exec'd cell can be found at all.
    """
    lines = linecache.getlines(filename, namespace)
    if not lines or lineno > len(lines):
        return ""
    head = lines[lineno - 1]
    indent = len(head) - len(head.lstrip())
    if not head.split("#", 1)[0].rstrip().endswith(":") and "):" in head:  # with st.echo(): x = 1
        return head.split("):", 1)[1].strip()
    block: list[str] = []
    for line in lines[lineno:]:
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        block.append(line)
    while block and not block[-1].strip():
        block.pop()
    return textwrap.dedent("".join(block)).rstrip("\n")


@contextlib.contextmanager
def echo(code_location: str = "above") -> Iterator[None]:
    """Show the code of the ``with`` block, then run it (``code_location="below"`` shows it after).

    Examples
    --------
    >>> with st.echo():  # doctest: +SKIP
    ...     total = sum(range(10))
    ...     st.write(total)
    """
    if code_location not in ("above", "below"):
        raise JupyterStateValueError(f"Invalid code_location {code_location!r}: expected 'above' or 'below'.")
    frame = sys._getframe(2)  # the frame with the ``with`` statement (past contextmanager)
    source = _block_source(frame.f_code.co_filename, frame.f_lineno, frame.f_globals)
    if code_location == "above":
        code(source, "python")
    try:
        yield
    finally:
        if code_location == "below":
            code(source, "python")


def link_button(
    label: str, url: str, *, key: str | None = None, on_click: Any = "ignore", args: Any = None, kwargs: Any = None,
    help: str | None = None, type: str = "secondary", icon: str | None = None, icon_position: str = "left",
    disabled: bool = False, use_container_width: bool | None = None, width: Any = "content",
    shortcut: str | None = None, wrap: bool | None = None,
) -> None:
    """Display a link styled as a button; it opens ``url`` in a new tab.

    Examples
    --------
    >>> st.link_button("Docs", "https://docs.streamlit.io")  # doctest: +SKIP
    """
    if on_click != "ignore":
        raise JupyterStateAPIException(
            "st.link_button's on_click (a rerun or a callback on click) is not supported yet; "
            "use on_click='ignore' (the default)."
        )
    type, icon, width = check_button_look("st.link_button", type, icon, width, use_container_width)

    text = _html.escape(str(label))
    if icon:
        text = f"{_html.escape(icon)} {text}" if icon_position == "left" else f"{text} {_html.escape(icon)}"
    classes = " ".join(("jupyter-state-link-button", *button_classes(type, width)))
    size = f" style='width:{width}px'" if isinstance(width, int) else ""  # a number: no class can say it
    title = f" title='{_html.escape(help, quote=True)}'" if help else ""
    if disabled or not safe_url(str(url), "a"):  # a javascript: URL would run in the page
        view = f"<span class='{classes}' aria-disabled='true'{title}{size}>{text}</span>"
    else:
        href = _html.escape(str(url), quote=True)
        view = f"<a class='{classes}' href='{href}' target='_blank' rel='noopener noreferrer'{title}{size}>{text}</a>"
    info = {"label": str(label), "url": str(url), "key": key, "disabled": disabled, "help": help or "", "type": type}
    emit(display_element("link_button", info, {"text/html": view, "text/plain": f"{label} <{url}>"}))
