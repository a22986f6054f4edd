"""``components.html`` and ``components.iframe``, as ``streamlit.components.v1`` has them.

``import jupyter_state.components.v1 as components`` works like
``import streamlit.components.v1 as components``. The HTML runs in a sandboxed iframe: its
scripts run, but in an opaque origin (no ``allow-same-origin``), so they cannot reach the
notebook page, its cookies or its kernel.
"""

from __future__ import annotations

import html as _html
from typing import Any

from ..elements import emit
from ..errors import JupyterStateAPIException, JupyterStateValueError
from ..output import display_element

__all__ = ["declare_component", "html", "iframe"]

#: Streamlit's list without allow-same-origin, which with allow-scripts would undo the sandbox.
SANDBOX = "allow-scripts allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-downloads"
_DEFAULT_HEIGHT = 150  # Streamlit's iframe height when none is given


def _frame(kind: str, source_attr: str, value: str,
           width: int | None, height: int | None, scrolling: bool, tab_index: int | None) -> None:
    for name, size in (("width", width), ("height", height)):
        if size is not None and (not isinstance(size, int) or isinstance(size, bool) or size < 0):
            raise JupyterStateValueError(f"Invalid {name} {size!r}: expected a number of pixels.")
    if tab_index is not None and (not isinstance(tab_index, int) or tab_index < -1):
        raise JupyterStateAPIException(f"tab_index must be None, -1, or a non-negative integer; got {tab_index!r}.")
    shown_width = f"{width}px" if width is not None else "100%"
    style = f"width:{shown_width};height:{height if height is not None else _DEFAULT_HEIGHT}px;border:none"
    tab = f" tabindex='{tab_index}'" if tab_index is not None else ""
    view = (
        f"<iframe class='jupyter-state-iframe' sandbox='{SANDBOX}' {source_attr}='{_html.escape(value, quote=True)}'"
        f" scrolling='{'yes' if scrolling else 'no'}' style='{style}'{tab}></iframe>"
    )
    info = {"src": value if source_attr == "src" else "", "srcdoc": value if source_attr == "srcdoc" else "",
            "width": width, "height": height, "scrolling": scrolling}
    emit(display_element("iframe", info, {"text/html": view, "text/plain": f"<{kind} {value[:60]!r}>"}))


def html(html: str, width: int | None = None, height: int | None = None, scrolling: bool = False, *,
         tab_index: int | None = None) -> None:
    """Display HTML (scripts included) in a sandboxed iframe ``height`` pixels tall (150 by default).

    Examples
    --------
    >>> import jupyter_state.components.v1 as components
    >>> components.html("<button onclick='this.textContent=1'>0</button>", height=60)  # doctest: +SKIP
    """
    _frame("components.html", "srcdoc", str(html), width, height, scrolling, tab_index)


def iframe(src: str, width: int | None = None, height: int | None = None, scrolling: bool = False, *,
           tab_index: int | None = None) -> None:
    """Display the page at ``src`` in a sandboxed iframe (the browser loads it, the kernel does not).

    Examples
    --------
    >>> components.iframe("https://example.com", height=300)  # doctest: +SKIP
    """
    _frame("components.iframe", "src", str(src), width, height, scrolling, tab_index)


def declare_component(name: str, path: str | None = None, url: str | None = None) -> Any:
    """Not supported: custom components need Streamlit's frontend protocol.

    Examples
    --------
    >>> components.declare_component("my_component", path="frontend/build")  # doctest: +SKIP
    Traceback (most recent call last):
    JupyterStateAPIException: ...
    """
    raise JupyterStateAPIException(
        f"components.declare_component({name!r}) is not supported: custom components talk to Streamlit's "
        "own frontend. Use components.html(...) for self-contained HTML and JavaScript, or an anywidget."
    )
