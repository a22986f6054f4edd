"""The public names of Streamlit 1.67, to say which of them jupyter_state lacks.

Taken from ``dir(streamlit)`` (modules left out, except the user-facing ``column_config``
and ``components``) and ``dir(DeltaGenerator)``, the methods of containers and forms.
Only the names are kept: jupyter_state does not import Streamlit.
"""

from __future__ import annotations

from .errors import NotProvidedError

__all__ = ["CONTAINER_METHODS", "FUNCTIONS", "OBJECTS", "not_provided"]

#: ``st.<name>`` that are called
FUNCTIONS = frozenset((
    'App', 'Page', 'altair_chart', 'area_chart', 'audio', 'audio_input', 'badge',
    'balloons', 'bar_chart', 'button', 'cache_data', 'cache_resource', 'camera_input',
    'caption', 'chat_input', 'chat_message', 'checkbox', 'code', 'color_picker', 'columns',
    'connection', 'container', 'data_editor', 'dataframe', 'date_input', 'datetime_input',
    'dialog', 'divider', 'download_button', 'echarts_chart', 'echo', 'empty', 'error',
    'exception', 'expander', 'feedback', 'file_uploader', 'form', 'form_submit_button',
    'fragment', 'get_option', 'graphviz_chart', 'grid', 'header', 'help', 'html', 'iframe',
    'image', 'info', 'json', 'latex', 'line_chart', 'link_button', 'login', 'logo',
    'logout', 'map', 'markdown', 'menu_button', 'mermaid_chart', 'metric', 'multiselect',
    'navigation', 'number_input', 'page_link', 'pagination', 'pdf', 'pills', 'plotly_chart',
    'popover', 'progress', 'pydeck_chart', 'pyplot', 'radio', 'rerun', 'scatter_chart',
    'segmented_control', 'select_slider', 'selectbox', 'set_option', 'set_page_config',
    'skeleton', 'slider', 'snow', 'space', 'spinner', 'status', 'stop', 'subheader',
    'success', 'switch_page', 'table', 'tabs', 'text', 'text_area', 'text_input',
    'time_input', 'title', 'toast', 'toggle', 'vega_lite_chart', 'video', 'warning',
    'write', 'write_stream',
))

#: ``st.<name>`` that are objects or namespaces (``st.sidebar``, ``st.secrets``)
OBJECTS = frozenset((
    'bottom', 'column_config', 'components', 'context', 'query_params', 'secrets',
    'session_state', 'sidebar', 'user',
))

#: the methods of Streamlit's containers (``form.<name>``, ``column.<name>``)
CONTAINER_METHODS = frozenset((
    'altair_chart', 'area_chart', 'audio', 'audio_input', 'badge', 'balloons', 'bar_chart',
    'button', 'camera_input', 'caption', 'chat_input', 'chat_message', 'checkbox', 'code',
    'color_picker', 'columns', 'container', 'data_editor', 'dataframe', 'date_input',
    'datetime_input', 'divider', 'download_button', 'echarts_chart', 'empty', 'error',
    'exception', 'expander', 'feedback', 'file_uploader', 'form', 'form_submit_button',
    'graphviz_chart', 'grid', 'header', 'help', 'html', 'iframe', 'image', 'info', 'json',
    'latex', 'line_chart', 'link_button', 'map', 'markdown', 'menu_button', 'mermaid_chart',
    'metric', 'multiselect', 'number_input', 'page_link', 'pagination', 'pdf', 'pills',
    'plotly_chart', 'popover', 'progress', 'pydeck_chart', 'pyplot', 'radio',
    'scatter_chart', 'segmented_control', 'select_slider', 'selectbox', 'skeleton',
    'slider', 'snow', 'space', 'spinner', 'status', 'subheader', 'success', 'table', 'tabs',
    'text', 'text_area', 'text_input', 'time_input', 'title', 'toast', 'toggle',
    'vega_lite_chart', 'video', 'warning', 'write', 'write_stream',
))


def not_provided(owner: str, name: str) -> AttributeError:
    """The error for ``owner.name`` (``st.columns``), an AttributeError that says why.

    Examples
    --------
    >>> str(not_provided("st", "columns")).startswith("st.columns is a Streamlit function")
    True
    >>> type(not_provided("st", "no_such_thing")).__name__
    'AttributeError'
    """
    if owner == "st" and name in FUNCTIONS or owner != "st" and name in CONTAINER_METHODS:
        return NotProvidedError(f"{owner}.{name} is a Streamlit function that jupyter_state does not provide yet.")
    if owner == "st" and name in OBJECTS:
        return NotProvidedError(f"st.{name} is a part of Streamlit that jupyter_state does not provide yet.")
    where = "module 'jupyter_state'" if owner == "st" else owner
    return AttributeError(f"{where} has no attribute {name!r}")
