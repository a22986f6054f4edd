"""The kinds of container: how each looks, as ipywidgets, and what it holds.

Every kind is a :class:`~jupyter_state.blocks.Container`; ``layout.py`` has the ``st.*``
functions that create them. A container's parameters are applied only when they change
(:meth:`configure`), so a rerun of an unchanged layout sends no message. What the user
does to a container in the browser (the tab they opened, an expander they toggled) lives
in the view's synced traits and is never reset by a rerun, unless the container is
stateful (``on_change="rerun"`` or a callable): then that trait is the value of a widget
(``widgets/stateful.py``) held in ``state``, and session state can set it.
"""

from __future__ import annotations

from typing import Any

import ipywidgets

from .blocks import Container
from .live import show_run
from .output import close_view

__all__ = ["Box", "Column", "Columns", "Empty", "Expander", "Popover", "Sidebar", "Tab", "Tabs"]

#: Streamlit's gap sizes (its theme's spacing), in rem
GAPS = {"xxsmall": 0.25, "xsmall": 0.5, "small": 1.0, "medium": 2.0, "large": 4.0, "xlarge": 6.0, "xxlarge": 8.0}
BORDER = "1px solid rgba(128, 128, 128, 0.35)"


def gap_css(gap: Any) -> str | None:
    """The CSS length of a (validated) Streamlit gap: a size name, pixels or None."""
    if gap is None:
        return "0"
    if isinstance(gap, int):
        return f"{gap}px"
    return f"{GAPS[gap.lower()]}rem"


def _set(layout: Any, **values: Any) -> None:
    """Set only the layout traits that differ: an unchanged value sends nothing."""
    for name, value in values.items():
        if getattr(layout, name) != value:
            setattr(layout, name, value)


class Box(Container):
    """``st.container``: a block of elements, with a border or a fixed, scrolling height."""

    kind = "container"

    def configure(self, params: dict[str, Any]) -> None:
        """Draw the border, the fixed (scrolling) height, the width and the row layout ``st.container`` was given."""
        height, border = params.get("height"), params.get("border")
        fixed = isinstance(height, int)
        framed = border if border is not None else fixed  # a fixed height has a border by default
        width = params.get("width", "stretch")
        _set(
            self.box.layout,
            border=BORDER if framed else None,
            padding="0.5em 0.75em" if framed else None,
            height=f"{height}px" if fixed else None,
            overflow="auto" if fixed else None,
            width=f"{width}px" if isinstance(width, int) else ("fit-content" if width == "content" else None),
            flex_flow="row wrap" if params.get("horizontal") else None,
        )
        key = params.get("key")
        if key is not None:
            self.box.add_class(f"jupyter-state-key-{_css(key)}")


class Empty(Container):
    """``st.empty``: a placeholder holding one element; each new element replaces it."""

    kind = "empty"
    shows_live = True  # a placeholder updated in a loop shows each update (live.py)

    def add(self, element: Any) -> None:
        """Replace what the placeholder shows with ``element``, and show it at once, mid-run."""
        self.elements[:] = [element]
        show_run(self.current_run, force=True)


class Column(Container):
    """One column of ``st.columns``."""

    kind = "column"

    def configure(self, params: dict[str, Any]) -> None:
        """Align the column's elements vertically, and draw its border if it has one."""
        align = {"top": "flex-start", "center": "center", "bottom": "flex-end"}[params["vertical_alignment"]]
        _set(
            self.box.layout,
            justify_content=align,
            min_width="0",
            border=BORDER if params["border"] else None,
            padding="0.5em 0.75em" if params["border"] else None,
        )

    @property
    def weight(self) -> float:
        """The column's share of the row's width, as given to ``st.columns``."""
        return float(self.params.get("weight", 1.0))


class Columns(Container):
    """The row of ``st.columns``: a grid whose tracks are the columns' widths."""

    kind = "columns"

    def build(self) -> ipywidgets.Box:
        """Make the row a grid box, one track per column."""
        box = ipywidgets.GridBox()
        box.add_class("jupyter-state-columns")
        return box

    def configure(self, params: dict[str, Any]) -> None:
        """Size the grid's tracks in proportion to the columns' weights, with the gap between them."""
        weights = params["weights"]
        total = sum(weights)
        _set(
            self.box.layout,
            grid_template_columns=" ".join(f"minmax(0, {w / total:.6g}fr)" for w in weights),
            grid_gap=gap_css(params["gap"]),
            width="100%",
        )

    def render_view(self) -> ipywidgets.Box:
        """Render each column and put the columns side by side in the grid."""
        views = tuple(column.render_view() for column in self.elements)
        if self.box.children != views:
            self.box.children = views
        return self.box

    def close(self) -> None:
        """Close the grid's widget (and its layout) in the browser."""
        close_view(self.box)


class Tab(Container):
    """One tab of ``st.tabs``."""

    kind = "tab"
    #: whether it is the open tab, when the tabs are stateful (None: the browser's to know)
    open: bool | None = None

    @property
    def label(self) -> str:
        """The tab's title, as given to ``st.tabs``."""
        return str(self.params.get("label", ""))


class Tabs(Container):
    """The tab bar of ``st.tabs``; the open tab is the user's (``selected_index``)."""

    kind = "tabs"
    #: the widget its open tab is the value of, when stateful (``widgets/stateful.py``)
    state: Any = None
    #: the tab the kernel opens, once the tabs exist (a ``Tab`` with none selects none)
    wanted: int | None = None

    def select(self, index: int) -> None:
        """Open tab ``index`` (shown at the next render, when the tabs are there)."""
        self.wanted = index

    def build(self) -> ipywidgets.Box:
        """Make the tab bar an ipywidgets ``Tab``."""
        box = ipywidgets.Tab()
        box.add_class("jupyter-state-tabs")
        return box

    def configure(self, params: dict[str, Any]) -> None:
        """Set the tab titles, if the labels changed."""
        titles = tuple(params["labels"])
        if tuple(self.box.titles) != titles:
            self.box.titles = titles

    def render_view(self) -> ipywidgets.Box:
        """Render each tab into its page; open ``default`` the first time, and the tab :meth:`select` asked for."""
        views = tuple(tab.render_view() for tab in self.elements)
        if self.box.children != views:
            first = not self.box.children
            with self.box.hold_sync():
                self.box.children = views  # (ipywidgets opens the first tab when there was none)
                self.box.titles = tuple(self.params["labels"])
                default = self.params.get("default")
                if first and default is not None:
                    self.box.selected_index = self.params["labels"].index(default)
        if self.wanted is not None and self.wanted < len(self.box.children):
            self.box.selected_index, self.wanted = self.wanted, None
        return self.box

    def close(self) -> None:
        """Close the tab bar's widget (and its layout) in the browser."""
        close_view(self.box)


class Expander(Container):
    """``st.expander``: a titled block the user opens and closes in the browser."""

    kind = "expander"
    state: Any = None
    #: whether it is open, when stateful (None: the browser's to know)
    open: bool | None = None

    def build(self) -> ipywidgets.Box:
        """Make the expander an ipywidgets ``Accordion`` with one pane for its elements."""
        self.pane = ipywidgets.VBox()
        box = ipywidgets.Accordion(children=(self.pane,))
        box.add_class("jupyter-state-expander")
        return box

    def content(self) -> ipywidgets.Box:
        """The pane inside the accordion, which shows the elements."""
        return self.pane

    def configure(self, params: dict[str, Any]) -> None:
        """Set the title (icon and label); open or close it only when the code's ``expanded=`` changed."""
        icon = params.get("icon")
        title = f"{icon} {params['label']}" if icon else str(params["label"])
        if tuple(self.box.titles) != (title,):
            self.box.titles = (title,)
        # The user's choice stands; only a change of expanded= in the code opens or closes it
        # (stateful, its widget decides).
        if not params.get("stateful") and params.get("expanded") != self.params.get("expanded"):
            self.box.selected_index = 0 if params.get("expanded") else None

    def render_view(self) -> ipywidgets.Box:
        """Render the elements into the pane."""
        self.block.render(self.elements)
        return self.box

    @property
    def label(self) -> str:
        """The expander's label, as given to ``st.expander``."""
        return str(self.params.get("label", ""))

    def close(self) -> None:
        """Close the elements and the accordion's widget."""
        self.block.close()
        close_view(self.box)


class Popover(Container):
    """``st.popover``: a button that shows or hides a panel of elements, without a rerun."""

    kind = "popover"
    state: Any = None
    #: whether it is open, when stateful (None: the browser's to know)
    open: bool | None = None

    def build(self) -> ipywidgets.Box:
        """Make the popover a toggle button above a panel that the button shows and hides in the browser."""
        self.toggle = ipywidgets.ToggleButton(value=False)
        self.pane = ipywidgets.VBox(layout=ipywidgets.Layout(display="none", border=BORDER, padding="0.5em 0.75em"))
        self.pane.add_class("jupyter-state-popover-panel")
        self.toggle.observe(self._on_toggle, names=["value"])
        box = ipywidgets.VBox(children=(self.toggle, self.pane))
        box.add_class("jupyter-state-popover")
        return box

    def content(self) -> ipywidgets.Box:
        """The panel under the button, which shows the elements."""
        return self.pane

    def _on_toggle(self, change: dict[str, Any]) -> None:
        self.pane.layout.display = None if change["new"] else "none"

    def configure(self, params: dict[str, Any]) -> None:
        """Set the button's label (with its icon), tooltip and disabled state, where they changed."""
        icon = params.get("icon")
        description = f"{icon} {params['label']}" if icon else str(params["label"])
        traits = {"description": description, "tooltip": params.get("help"), "disabled": bool(params.get("disabled"))}
        for name, value in traits.items():
            if getattr(self.toggle, name) != value:
                setattr(self.toggle, name, value)

    @property
    def label(self) -> str:
        """The popover's label, as given to ``st.popover``."""
        return str(self.params.get("label", ""))

    def close(self) -> None:
        """Close the elements, the button and the panel's widget."""
        self.block.close()
        close_view(self.toggle)
        close_view(self.box)


class Sidebar(Container):
    """The sidebar: a column on the left of the app, of its own root (no form reaches in)."""

    kind = "sidebar"

    def begin(self, run: Any, parent: Any, params: dict[str, Any]) -> None:
        """Start this run's sidebar like any container, but in no form, and marked as in the sidebar."""
        super().begin(run, parent, params)
        self.form = None
        self.in_sidebar = True


def _css(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in key)
