"""jupyter_state: Streamlit's session-state model in Jupyter notebooks.

>>> %load_ext jupyter_state      # doctest: +SKIP
>>> import jupyter_state as st   # doctest: +SKIP

Mark a cell with ``%%app``: its widgets keep their values across reruns, keyed widgets are
bound to ``st.session_state[key]``, callbacks run on change, and the cell reruns in place.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as _version
from typing import Any

from . import errors
from .app import App, app
from .commands import rerun, stop
from .config import get_option, set_option
from .elements import (
    caption,
    code,
    divider,
    error,
    exception,
    header,
    info,
    json,
    markdown,
    subheader,
    success,
    text,
    title,
    warning,
    write,
)
from .forms import Form, form, form_submit_button
from .runtime import current_state as _current_state
from .state import SessionStateProxy
from .widgets import (
    button,
    checkbox,
    color_picker,
    data_editor,
    date_input,
    download_button,
    file_uploader,
    multiselect,
    number_input,
    radio,
    select_slider,
    selectbox,
    slider,
    text_area,
    text_input,
    time_input,
    toggle,
)

try:
    __version__ = _version("jupyter_state")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0+unknown"

#: The session state of the current session: a mapping with attribute access.
session_state = SessionStateProxy(_current_state)

__all__ = [
    "App", "__version__", "app", "button", "caption", "checkbox", "code", "color_picker",
    "data_editor", "date_input", "divider", "download_button", "error", "errors", "exception",
    "file_uploader", "Form", "form", "form_submit_button",
    "get_option", "header", "info",
    "json", "load_ipython_extension", "markdown", "multiselect", "number_input", "radio",
    "rerun", "select_slider", "selectbox", "session_state", "set_option", "slider", "stop",
    "subheader", "success", "text", "text_area", "text_input", "time_input", "title", "toggle",
    "warning", "write",
]


def __getattr__(name: str) -> Any:
    # ``st.columns`` and the other Streamlit names we lack: say so, not a bare AttributeError.
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from ._streamlit_names import not_provided

    raise not_provided("st", name)


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the built JupyterLab extension is (``jupyter labextension develop .`` uses it)."""
    return [{"src": "labextension", "dest": "jupyter-state-labextension"}]


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%app`` (``%load_ext jupyter_state``)."""
    from ._magics import register

    register(ipython)


def _register_if_in_ipython() -> None:
    import sys

    if "IPython" not in sys.modules:
        return
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        load_ipython_extension(shell)


_register_if_in_ipython()
