"""The app's page: the sidebar column and ``st.set_page_config``.

In a notebook the app is one output of a cell, so its "page" is that output: the sidebar
is a collapsible column on the left of the main area, ``layout="centered"`` keeps the main
area at Streamlit's reading width (736 px) and ``"wide"`` gives it the cell's width. Under
Voilà the app *is* the page: the sidebar is fixed on the left of the window and the title
and icon become the page's (a small anywidget, ``static/page.js``, does what the kernel
cannot: set ``document.title`` and the favicon, and add the page-sidebar CSS).

Nothing here exists until the app asks for it, so an app without a sidebar or page config
costs no extra widget.
"""

from __future__ import annotations

import os
from typing import Any

import ipywidgets

from .containers import Sidebar
from .output import close_view

__all__ = ["CENTERED_WIDTH", "Page", "under_voila"]

#: Streamlit's reading width for ``layout="centered"`` (46rem)
CENTERED_WIDTH = "736px"
SIDEBAR_WIDTH = 300


def under_voila() -> bool:
    """Whether this kernel serves a Voilà page (Voilà sets these in its kernels' environment)."""
    return "VOILA_BASE_URL" in os.environ or os.environ.get("SERVER_SOFTWARE", "").startswith("voila")


class Page:
    """The parts of the app's view outside the main area's elements.

    The sidebar's column is appended to the app's box after the main area's slots (so they
    keep their views) and shown first by its CSS order. In a notebook the box then becomes
    a two-column grid: the column spans every row the main area's slots fill, plus a last
    flexible row that takes any extra height of a tall sidebar, so the main area's
    elements stay packed at the top. Under Voilà the column is fixed to the window
    (``static/page.css``) and the main area keeps a margin beside it.
    """

    def __init__(self, root: ipywidgets.Box) -> None:
        self.root = root
        self.config: dict[str, Any] = {}
        self.column: ipywidgets.VBox | None = None
        self.toggle: ipywidgets.ToggleButton | None = None
        self.sidebar: Sidebar | None = None
        self.view: Any = None
        self.rows = 0

    # -- the sidebar ---------------------------------------------------------------------
    def show_sidebar(self, sidebar: Sidebar | None, rows: int) -> None:
        """Show the run's sidebar beside ``rows`` main-area slots (None: the run used none)."""
        self.rows = rows
        if sidebar is None:
            if self.column is not None and self.column.layout.display != "none":
                self.column.layout.display = "none"
                # (a completed run without a sidebar has closed it: keep no closed model shown)
                self.column.children = (self.toggle,)  # type: ignore[assignment]
                self.sidebar = None
            self._arrange()
            return
        column = self._column()
        sidebar.render_view()
        if self.sidebar is not sidebar:
            self.sidebar = sidebar
            column.children = (self.toggle, sidebar.box)  # type: ignore[assignment]
        if column.layout.display is not None:
            column.layout.display = None
        self._arrange()

    def _column(self) -> ipywidgets.VBox:
        if self.column is not None:
            return self.column
        expanded = self.config.get("initial_sidebar_state", "auto") != "collapsed"
        self.toggle = ipywidgets.ToggleButton(
            value=expanded, description="«" if expanded else "»", tooltip="Show or hide the sidebar",
            layout=ipywidgets.Layout(width="2.2em", align_self="flex-end"),
        )
        self.toggle.add_class("jupyter-state-sidebar-toggle")
        self.toggle.observe(self._on_toggle, names=["value"])
        # (grid_area, not grid_row/grid_column: the frontend clears the grid-area shorthand
        # when grid_area is None, which clears grid-row and grid-column with it)
        self.column = ipywidgets.VBox(layout=ipywidgets.Layout(
            order="-1", grid_area="1 / 1 / -1 / 2", overflow="auto",
            border_right="1px solid rgba(128, 128, 128, 0.25)", padding="0 0.75em 0 0",
        ))
        self.column.add_class("jupyter-state-sidebar-column")
        self.root.children = (*self.root.children, self.column)
        if under_voila():
            self._page_view()  # it brings the page sidebar's CSS
            self.root.add_class("jupyter-state-page")
        return self.column

    def _expanded(self) -> bool:
        return self.toggle is not None and bool(self.toggle.value)

    def _width(self) -> str:
        if not self._expanded():
            return "2.6em"
        state = self.config.get("initial_sidebar_state")
        return f"{state if isinstance(state, int) else SIDEBAR_WIDTH}px"

    def _arrange(self) -> None:
        """Lay out the app's box for the sidebar as it is now (only changed traits are sent)."""
        shown = self.column is not None and self.column.layout.display != "none"
        voila = under_voila()
        layout = self.root.layout
        grid = shown and not voila
        centered = self.config.get("layout") == "centered"
        width = self._width()
        values: dict[str, Any] = {
            "display": "grid" if grid else None,
            "grid_template_columns": f"{width} minmax(0, 1fr)" if grid else None,
            "grid_template_rows": f"repeat({self.rows}, auto) 1fr" if grid and self.rows else ("1fr" if grid else None),
            "grid_gap": "0 1rem" if grid else None,
            "align_content": "flex-start" if grid else None,
            "max_width": (f"calc({CENTERED_WIDTH} + {width} + 1rem)" if grid else CENTERED_WIDTH) if centered else None,
            "margin": (f"0 0 0 calc({width} + 2.5rem)" if shown and voila
                       else ("0 auto" if centered and not voila else None)),
            # (beside a fixed sidebar, 100% plus the margin would be wider than the window)
            "width": "auto" if shown and voila else "100%",
        }
        for name, value in values.items():
            if getattr(layout, name) != value:
                setattr(layout, name, value)
        if self.column is not None:
            if self.column.layout.width != width:
                self.column.layout.width = width
            if self.sidebar is not None:
                display = None if self._expanded() else "none"
                if self.sidebar.box.layout.display != display:
                    self.sidebar.box.layout.display = display

    def _on_toggle(self, change: dict[str, Any]) -> None:
        # The user's choice, in the browser: no rerun, and no rerun resets it.
        assert self.toggle is not None
        with self.root.hold_sync():
            self.toggle.description = "«" if change["new"] else "»"
            self._arrange()

    # -- st.set_page_config ----------------------------------------------------------------
    def configure(self, config: dict[str, Any]) -> None:
        """Apply ``st.set_page_config``: the layout and sidebar state, and under Voilà the page's title and icon."""
        changed = {k: v for k, v in config.items() if self.config.get(k) != v}
        if not changed:
            return
        self.config.update(changed)
        if "layout" in changed or "initial_sidebar_state" in changed:
            self._arrange()
        if ("page_title" in changed or "page_icon" in changed) and under_voila():
            view = self._page_view()
            view.title = str(self.config.get("page_title") or "")
            view.icon = str(self.config.get("page_icon") or "")

    def _page_view(self) -> Any:
        if self.view is None:
            from .widgets._views import PageView  # anywidget is imported only when needed

            self.view = PageView(layout=ipywidgets.Layout(display="none"))
            self.root.children = (*self.root.children, self.view)
        return self.view

    def close(self) -> None:
        """Close the sidebar's toggle and column and the page view, when the app's view goes away."""
        for view in (self.toggle, self.column, self.view):
            if view is not None:
                close_view(view)
