"""jupyter_state: Streamlit's session-state model in Jupyter notebooks.

>>> %load_ext jupyter_state      # doctest: +SKIP
>>> import jupyter_state as st   # doctest: +SKIP

Mark a cell with ``%%app``: its widgets keep their values across reruns, keyed widgets are
bound to ``st.session_state[key]``, callbacks run on change, and the cell reruns in place.
"""

from __future__ import annotations

from typing import Any

from . import column_config, components, errors, runtime
from ._caching import cache_data, cache_resource
from ._context import current_state as _current_state
from ._kernel import shell as _shell
from ._magics import register as _register_magics
from ._secrets import secrets
from ._streamlit_names import not_provided as _not_provided
from ._undo import undo
from ._url import QueryParamsProxy as _QueryParamsProxy
from ._version import __version__
from .app import App, app
from .blocks import provide_methods as _provide_methods
from .charts import (
    altair_chart,
    area_chart,
    bar_chart,
    line_chart,
    plotly_chart,
    pyplot,
    scatter_chart,
    vega_lite_chart,
)
from .chat import chat_message
from .commands import rerun, stop
from .config import get_option, set_option
from .data_elements import metric, table
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
from .feedback import progress, spinner, toast
from .forms import Form, form, form_submit_button
from .fragments import fragment
from .layout import columns, container, empty, expander, popover, tabs
from .markup import echo, html, latex, link_button
from .media import audio, image, video
from .navigation import navigation, page_link, switch_page
from .pages import Page
from .saved_state import forget_saved_state, remember, trust_saved_state
from .sidebar import set_page_config, sidebar
from .state import SessionStateProxy
from .status import status
from .streaming import write_stream
from .widgets import (
    button,
    chat_input,
    checkbox,
    color_picker,
    data_editor,
    dataframe,
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

#: The session state of the current session: a mapping with attribute access.
session_state = SessionStateProxy(_current_state)
#: The page URL's query parameters (``_query_params.py``): a mapping with attribute access.
query_params = _QueryParamsProxy()

__all__ = [
    # the app, its session and its runs
    "App", "__version__", "app", "load_ipython_extension", "errors", "runtime", "session_state", "secrets",
    "get_option", "set_option", "rerun", "stop", "undo", "cache_data", "cache_resource", "fragment",
    # text and data (elements.py, data_elements.py)
    "caption", "code", "divider", "error", "exception", "header", "info", "json", "markdown", "metric",
    "subheader", "success", "table", "text", "title", "warning", "write",
    # layout and forms (layout.py, forms.py)
    "columns", "container", "empty", "expander", "popover", "set_page_config", "sidebar", "tabs",
    "Form", "form", "form_submit_button",
    # widgets (widgets/, column_config.py)
    "button", "checkbox", "color_picker", "column_config", "data_editor", "dataframe", "date_input",
    "download_button", "file_uploader", "multiselect", "number_input", "radio", "select_slider", "selectbox",
    "slider", "text_area", "text_input", "time_input", "toggle",
    # charts, media, HTML (charts.py, media.py, markup.py, components/)
    "altair_chart", "area_chart", "audio", "bar_chart", "components", "echo", "html", "image", "latex",
    "line_chart", "link_button", "plotly_chart", "pyplot", "scatter_chart", "vega_lite_chart", "video",
    # live elements and chat (live.py, feedback.py, streaming.py, chat.py)
    "chat_input", "chat_message", "progress", "spinner", "status", "toast", "write_stream",
    # multipage apps (pages.py, navigation.py)
    "Page", "navigation", "page_link", "switch_page",
    # the URL (_query_params.py, _url_bind.py)
    "query_params",
    # state that survives a restart (saved_state.py)
    "forget_saved_state", "remember", "trust_saved_state",
]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where the built JupyterLab extension is (``jupyter labextension develop .`` uses it)."""
    return [{"src": "labextension", "dest": "jupyter-state-labextension"}]


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    # TCP_NODELAY on kernel websockets (see _server.py); enabled by the installed config.
    return [{"module": "jupyter_state._server"}]


def load_ipython_extension(ipython: Any) -> None:
    """Register ``%%app`` (``%load_ext jupyter_state``)."""
    _register_magics(ipython)


_REMOVED = {"cache": "st.cache_data (for data) or st.cache_resource (for shared objects)",
            "experimental_memo": "st.cache_data", "experimental_singleton": "st.cache_resource"}


def __getattr__(name: str) -> Any:
    # Streamlit removed these before 1.67; an old script gets told what replaced them. The
    # Streamlit names we lack say so (``st.map``), not with a bare AttributeError.
    if name in _REMOVED:
        raise AttributeError(
            f"st.{name} was removed from Streamlit (and is not in jupyter_state): use {_REMOVED[name]}."
        )
    if name.startswith("_"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    raise _not_provided("st", name)


def _register_if_in_ipython() -> None:
    shell = _shell()
    if shell is not None:
        load_ipython_extension(shell)


# Containers have the public functions as methods (``col.button``), except the ones that are not.
_provide_methods({name: value for name, value in list(globals().items())
                  if not name.startswith("_") and callable(value) and not isinstance(value, type)})
_register_if_in_ipython()
