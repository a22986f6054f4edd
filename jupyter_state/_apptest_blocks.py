"""Finding elements in ``AppTest``: in the whole app, inside one container, or in one app cell.

``at.slider``, ``at.sidebar.button``, ``at.columns[0].slider``, ``at.tabs[1].markdown``:
the same accessors on the app and on every block, as in Streamlit's AppTest, each looking
through the block tree of the last run in order (the main area first, then the sidebar).
For a whole notebook they look through every app in notebook order, and ``at.cell(i)``
(an :class:`AppCell`) through one; every element found carries ``.cell``, the index of
its app's notebook cell.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from ._apptest_elements import ElementList, widget_element
from ._apptest_outputs import MEDIA_OUTPUT_KINDS, output_element
from .blocks import Container
from .containers import Sidebar
from .live import LiveElement
from .output import Element
from .widgets._base import Widget

if TYPE_CHECKING:
    from .app import App
    from .testing import AppTest

__all__ = ["AppCell", "BlockElement", "Finder", "app_parts", "main_block", "sidebar_block"]

#: what a finder searches: groups of top elements, each with the notebook cell of its app
Parts = list[tuple[int | None, list[Any]]]

WIDGET_KINDS = {
    "button", "checkbox", "toggle", "text_input", "text_area", "number_input", "slider",
    "select_slider", "selectbox", "radio", "multiselect", "color_picker", "date_input",
    "time_input", "form_submit_button", "file_uploader", "download_button", "data_editor",
    "chat_input", "dataframe",
}
OUTPUT_KINDS = {
    "markdown": ("markdown",), "text": ("text",), "json": ("json",), "code": ("code",),
    "title": ("title",), "header": ("header",), "subheader": ("subheader",), "caption": ("caption",),
    "error": ("error",), "warning": ("warning",), "info": ("info",), "success": ("success",),
    "exception": ("exception",), "divider": ("divider",), "stdout": ("stdout",), "stderr": ("stderr",),
    "metric": ("metric",), "table": ("table",),
    **MEDIA_OUTPUT_KINDS,
}
#: AppTest's block lists and the container kinds they hold (a row of columns is no container)
BLOCK_KINDS = {
    "columns": "column", "tabs": "tab", "expander": "expander", "container": "container", "form": "form",
    "popover": "popover", "chat_message": "chat_message", "status": "status",
}
#: live elements are their own AppTest elements (``.value``, ``.text``, ``.icon``: live.py)
LIVE_KINDS = {"progress", "toast"}


class Finder:
    """The element accessors shared by ``AppTest``, its blocks and its app cells."""

    def _harness(self) -> AppTest:
        raise NotImplementedError

    def _parts(self) -> Parts:
        """The elements at the top of what this finder searches, in order, by app cell."""
        raise NotImplementedError

    def _walk(self) -> Iterator[tuple[int | None, Any]]:
        """Every element searched, in order, with the index of its app's cell."""
        def walk(elements: list[Any]) -> Iterator[Any]:
            for element in elements:
                yield element
                if isinstance(element, Container):
                    yield from walk(element.children())

        for cell, roots in self._parts():
            for element in walk(roots):
                yield cell, element

    def _widgets(self, kind: str) -> ElementList:
        at = self._harness()
        # As in Streamlit, at.button also lists the forms' submit buttons.
        kinds = (kind, "form_submit_button") if kind == "button" else (kind,)
        return ElementList([_in(cell, widget_element(at, e)) for cell, e in self._walk()
                            if isinstance(e, Widget) and e.family.kind in kinds])

    def _outputs(self, *kinds: str) -> ElementList:
        return ElementList([_in(cell, output_element(e)) for cell, e in self._walk()
                            if isinstance(e, Element) and e.kind in kinds])

    def _blocks(self, kind: str) -> ElementList:
        at = self._harness()
        return ElementList([BlockElement(at, e, cell=cell) for cell, e in self._walk()
                            if isinstance(e, Container) and e.kind == kind])

    def _live(self, kind: str) -> ElementList:
        return ElementList([_in(cell, e) for cell, e in self._walk() if isinstance(e, LiveElement) and e.kind == kind])

    def get(self, element_type: str) -> ElementList:
        """The widgets, outputs or blocks of one type, e.g. ``at.get("slider")``."""
        if element_type in BLOCK_KINDS.values():
            return self._blocks(element_type)
        widgets = self._widgets(element_type)
        return widgets if len(widgets) else self._outputs(element_type)

    def __getattr__(self, name: str) -> ElementList:
        if name in WIDGET_KINDS:
            return self._widgets(name)
        if name in OUTPUT_KINDS:
            return self._outputs(*OUTPUT_KINDS[name])
        if name in BLOCK_KINDS:
            return self._blocks(BLOCK_KINDS[name])
        if name in LIVE_KINDS:
            return self._live(name)
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")


def _in(cell: int | None, element: Any) -> Any:
    """``element``, marked with the index of its app's notebook cell."""
    element.cell = cell
    return element


def split_sidebar(elements: list[Any]) -> tuple[list[Any], Sidebar | None]:
    """The main area's elements and the sidebar (the run keeps it among the root's)."""
    main = [e for e in elements if not isinstance(e, Sidebar)]
    sidebar = next((e for e in elements if isinstance(e, Sidebar)), None)
    return main, sidebar


class BlockElement(Finder):
    """A container of the last run: find the elements inside it as on the ``AppTest``.

    ``type`` is Streamlit's block type ("column", "tab", "expander", "container", "form",
    "popover", "main", "sidebar"); ``label``, ``icon``, ``weight`` and ``gap`` are its
    parameters where it has them.
    """

    def __init__(self, at: AppTest, container: Container | None, *, kind: str | None = None,
                 cell: int | None = None, parts: Parts | None = None) -> None:
        self._at = at
        self._container = container
        self._given = parts
        self.type = kind or (container.kind if container is not None else "main")
        #: the index of the notebook cell of the block's app (None when not from a notebook,
        #: or for ``at.main``/``at.sidebar`` of several apps)
        self.cell = cell

    def _harness(self) -> AppTest:
        return self._at

    def _parts(self) -> Parts:
        if self._given is not None:
            return self._given
        return [(self.cell, self._container.children() if self._container is not None else [])]

    def _param(self, name: str) -> Any:
        return self._container.params.get(name) if self._container is not None else None

    @property
    def key(self) -> str | None:
        key = self._param("key")
        return None if key is None else str(key)

    @property
    def label(self) -> str | None:
        label = self._param("label")
        return None if label is None else str(label)

    @property
    def icon(self) -> str:
        return str(self._param("icon") or "")

    @property
    def name(self) -> str | None:
        """A chat message's name ("user", "assistant"...)."""
        value = self._param("name")
        return None if value is None else str(value)

    @property
    def avatar(self) -> str | None:
        """A chat message's avatar as Streamlit gives it: "user", "assistant", an emoji, a URL."""
        value = self._param("avatar")
        return None if value is None else str(value)

    @property
    def state(self) -> str | None:
        """A status container's state: "running", "complete" or "error"."""
        value = self._param("state")
        return None if value is None else str(value)

    @property
    def weight(self) -> float | None:
        weight = self._param("weight")
        return None if weight is None else float(weight)

    @property
    def gap(self) -> Any:
        return self._param("gap")

    @property
    def children(self) -> dict[int, Any]:
        """The direct children, by position (widgets and outputs as ``at`` hands them out)."""
        out: dict[int, Any] = {}
        elements = [(cell, element) for cell, roots in self._parts() for element in roots]
        for i, (cell, element) in enumerate(elements):
            if isinstance(element, Widget):
                out[i] = _in(cell, widget_element(self._at, element))
            elif isinstance(element, Element):
                out[i] = _in(cell, output_element(element))
            elif isinstance(element, Container):
                out[i] = BlockElement(self._at, element, cell=cell)
            elif isinstance(element, LiveElement):
                out[i] = _in(cell, element)
        return out

    def __len__(self) -> int:
        return len(self.children)

    def __repr__(self) -> str:
        label = f" {self.label!r}" if self.label is not None else ""
        return f"<{self.type}{label}>"


# -- the apps of a notebook -------------------------------------------------------------------
def app_parts(apps: list[tuple[int | None, App]]) -> Parts:
    """What a finder over ``apps`` searches: each app's main area, then its sidebar."""
    parts: Parts = []
    for cell, app in apps:
        main, sidebar = split_sidebar(app.elements)
        parts.append((cell, main + ([sidebar] if sidebar is not None else [])))
    return parts


def main_block(at: AppTest, apps: list[tuple[int | None, App]]) -> BlockElement:
    """The main areas of ``apps``, as one block."""
    parts: Parts = [(cell, split_sidebar(app.elements)[0]) for cell, app in apps]
    return BlockElement(at, None, kind="main", cell=_one_cell(apps), parts=parts)


def sidebar_block(at: AppTest, apps: list[tuple[int | None, App]]) -> BlockElement:
    """The sidebars of ``apps``, as one block (empty when none has one)."""
    bars = [(cell, split_sidebar(app.elements)[1]) for cell, app in apps]
    parts: Parts = [(cell, bar.children()) for cell, bar in bars if bar is not None]
    return BlockElement(at, None, kind="sidebar", cell=_one_cell(apps), parts=parts)


def _one_cell(apps: list[tuple[int | None, App]]) -> int | None:
    return apps[0][0] if len(apps) == 1 else None


class AppCell(Finder):
    """One ``%%app`` cell of a notebook under ``AppTest``: its app's elements, as on ``at``.

    ``at.cell(3)`` or ``at.cell("totals")`` (a tag); ``at.app_cells`` lists them all.
    ``index`` is the cell's index in the notebook, ``tags`` its tags. Before the first
    ``at.run()`` (or when the app is not shown) it finds nothing.

    Examples
    --------
    >>> at = AppTest.from_notebook("shop.ipynb").run()  # doctest: +SKIP
    >>> totals = at.cell("totals")  # doctest: +SKIP
    >>> totals.markdown[0].value, totals.exception  # doctest: +SKIP
    ('Total: 0', ElementList([]))
    """

    def __init__(self, at: AppTest, index: int, tags: tuple[str, ...]) -> None:
        self._at = at
        self.index = index
        self.tags = list(tags)

    def _harness(self) -> AppTest:
        return self._at

    def _apps(self) -> list[tuple[int | None, App]]:
        app = self._at.app_at(self.index)
        return [(self.index, app)] if app is not None else []

    def _parts(self) -> Parts:
        return app_parts(self._apps())

    @property
    def main(self) -> BlockElement:
        """The app's main area."""
        return main_block(self._at, self._apps())

    @property
    def sidebar(self) -> BlockElement:
        """The app's sidebar (empty when it has none)."""
        return sidebar_block(self._at, self._apps())

    def run(self, *, timeout: float | None = None) -> AppTest:
        """``at.run()``, and this app reruns even if no staged change is its."""
        app = self._at.app_at(self.index)
        return self._at.run_app(app, timeout)

    def __repr__(self) -> str:
        return f"<AppCell {self.index} tags={self.tags}>"
