"""Finding elements in ``AppTest``: in the whole app, or inside one container.

``at.slider``, ``at.sidebar.button``, ``at.columns[0].slider``, ``at.tabs[1].markdown``:
the same accessors on the app and on every block, as in Streamlit's AppTest, each looking
through the block tree of the last run in order (the main area first, then the sidebar).
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
    from .testing import AppTest

__all__ = ["BlockElement", "Finder"]

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
    """The element accessors shared by ``AppTest`` and its blocks."""

    def _harness(self) -> AppTest:
        raise NotImplementedError

    def _roots(self) -> list[Any]:
        """The elements at the top of what this finder searches, in order."""
        raise NotImplementedError

    def _walk(self) -> Iterator[Any]:
        def walk(elements: list[Any]) -> Iterator[Any]:
            for element in elements:
                yield element
                if isinstance(element, Container):
                    yield from walk(element.children())

        yield from walk(self._roots())

    def _widgets(self, kind: str) -> ElementList:
        at = self._harness()
        # As in Streamlit, at.button also lists the forms' submit buttons.
        kinds = (kind, "form_submit_button") if kind == "button" else (kind,)
        return ElementList([widget_element(at, e) for e in self._walk() if isinstance(e, Widget) and e.family.kind in kinds])

    def _outputs(self, *kinds: str) -> ElementList:
        return ElementList([output_element(e) for e in self._walk() if isinstance(e, Element) and e.kind in kinds])

    def _blocks(self, kind: str) -> ElementList:
        at = self._harness()
        return ElementList([BlockElement(at, e) for e in self._walk() if isinstance(e, Container) and e.kind == kind])

    def _live(self, kind: str) -> ElementList:
        return ElementList([e for e in self._walk() if isinstance(e, LiveElement) and e.kind == kind])

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

    def __init__(self, at: AppTest, container: Container | None, elements: list[Any] | None = None, kind: str | None = None) -> None:
        self._at = at
        self._container = container
        self._elements = elements
        self.type = kind or (container.kind if container is not None else "main")

    def _harness(self) -> AppTest:
        return self._at

    def _roots(self) -> list[Any]:
        if self._elements is not None:
            return self._elements
        return self._container.children() if self._container is not None else []

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
        for i, element in enumerate(self._roots()):
            if isinstance(element, Widget):
                out[i] = widget_element(self._at, element)
            elif isinstance(element, Element):
                out[i] = output_element(element)
            elif isinstance(element, Container):
                out[i] = BlockElement(self._at, element)
            elif isinstance(element, LiveElement):
                out[i] = element
        return out

    def __len__(self) -> int:
        return len(self.children)

    def __repr__(self) -> str:
        label = f" {self.label!r}" if self.label is not None else ""
        return f"<{self.type}{label}>"
