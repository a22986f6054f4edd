"""The page around the app: ``st.sidebar`` and ``st.set_page_config``.

In a notebook the sidebar is a collapsible column on the left of the app; under Voilà,
where the app is the page, it is the page's sidebar (``page.py`` shows it).
"""

from __future__ import annotations

from typing import Any

from ._context import current
from .blocks import Methods
from .containers import Sidebar
from .errors import JupyterStateAPIException, invalid_value

__all__ = ["set_page_config", "sidebar"]


class _SidebarHandle(Methods):
    """``st.sidebar``: ``with st.sidebar:`` or ``st.sidebar.slider(...)``.

    In a notebook the sidebar is a collapsible column on the left of the app; under Voilà,
    where the app is the page, it is the page's sidebar.
    """

    method_owner = "`st.sidebar`"

    def _container(self) -> Sidebar | None:
        run = current().run_in_progress
        if run is None:
            return None
        bar = run.app.containers.get("sidebar")
        if not isinstance(bar, Sidebar):
            bar = run.app.containers["sidebar"] = Sidebar("sidebar")
        if "sidebar" not in run.container_ids:  # first use in this run: it starts empty
            run.container_ids.add("sidebar")
            bar.begin(run, run.root, {})
            run.root.add(bar)  # the app's view takes it out of the main area
        return bar

    def __enter__(self) -> _SidebarHandle:
        bar = self._container()
        if bar is not None:
            bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        run = current().run_in_progress
        bar = run.app.containers.get("sidebar") if run is not None else None
        if isinstance(bar, Sidebar):
            bar.__exit__()

    def __repr__(self) -> str:
        return "st.sidebar"


sidebar = _SidebarHandle()

_SIDEBAR_STATES = ("auto", "expanded", "collapsed", "locked")


def set_page_config(
    page_title: str | None = None,
    page_icon: str | None = None,
    layout: str | None = None,
    initial_sidebar_state: str | int | None = None,
    menu_items: dict[str, Any] | None = None,
) -> None:
    """Configure the app's page: its title, icon, width and the sidebar's first state.

    ``layout="centered"`` keeps the main area at Streamlit's reading width (736 px);
    ``"wide"`` uses the cell's whole width. Under Voilà the title and icon are the page's.
    Calls add up: a parameter left at None keeps its earlier value.

    Examples
    --------
    >>> st.set_page_config(page_title="Sales", layout="wide",
    ...                    initial_sidebar_state="collapsed")  # doctest: +SKIP
    """
    if layout not in (None, "centered", "wide"):
        raise invalid_value("layout", "'centered', 'wide'", layout)
    state_ok = initial_sidebar_state is None or initial_sidebar_state in _SIDEBAR_STATES
    if isinstance(initial_sidebar_state, int) and not isinstance(initial_sidebar_state, bool):
        state_ok = initial_sidebar_state > 0
    if not state_ok:
        raise invalid_value(
            "initial_sidebar_state", "'auto', 'expanded', 'collapsed', 'locked', a positive integer (width in pixels)",
            initial_sidebar_state,
        )
    if menu_items is not None and not isinstance(menu_items, dict):
        raise JupyterStateAPIException("st.set_page_config: menu_items must be a dict such as {\"About\": \"...\"}.")
    run = current().run_in_progress
    if run is None:
        return  # an ordinary cell has no page to configure
    config = {
        "page_title": page_title, "page_icon": page_icon, "layout": layout,
        "initial_sidebar_state": initial_sidebar_state,
    }
    run.app.view.configure_page({k: v for k, v in config.items() if v is not None})
