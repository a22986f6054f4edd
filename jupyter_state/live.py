"""Showing a run while it is still going: the base of the live elements.

An ordinary run is rendered once, when it ends (``runtime.py``). A live element (a
progress bar, a spinner, a toast, streamed text, a status container) cannot wait: the user
needs to see it while the kernel is busy running the app. Comm messages on iopub leave the
kernel at once even while it executes a cell, so a live element renders the run *so far*
into the app's container (:func:`show_run`), then updates its own view in place.

What the browser sees mid-run is what Streamlit shows: the elements the run has reached,
followed by the previous run's elements it has not reached yet (stale, until the run gets
there or ends). Views the partial run leaves out are hidden in their slots, not freed
(``Block.keeping``), so a widget keeps its DOM node when the run reaches it (DESIGN.md
§2.4). Runs without a live element never come here: the fast path pays nothing.

A live element's view is taken from a per-app pool by kind and position in the run, so a
rerun reuses the views of the last one and opens no comm.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets

from ._kernel import shell
from .output import Block, Element

if TYPE_CHECKING:
    from ._context import Run

__all__ = ["LiveElement", "display_outside_run", "show_run", "take_view"]


class _LiveRun:
    """What the live elements of one run showed so far."""

    __slots__ = ("counts", "signature")

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.signature: tuple[Any, ...] | None = None


def _live(run: Run) -> _LiveRun:
    live = run.live
    if live is None:
        live = run.live = _LiveRun()
    return live  # type: ignore[no-any-return]


def take_view(run: Run, kind: str, build: Callable[[], ipywidgets.DOMWidget]) -> ipywidgets.DOMWidget:
    """The view for the next live element of ``kind`` in ``run``: the last run's, or a new one.

    In a placeholder (``st.empty``) that holds a live element of the same kind, the new one
    takes its view: ``placeholder.progress(i)`` in a loop updates one bar.
    """
    container = run.container
    if getattr(container, "kind", None) == "empty" and container.elements:
        replaced = container.elements[-1]
        if isinstance(replaced, LiveElement) and replaced.kind == kind:
            return replaced.view
    live = _live(run)
    index = live.counts.get(kind, 0)
    live.counts[kind] = index + 1
    pool = run.app.live_views.setdefault(kind, [])
    if index < len(pool):
        view: ipywidgets.DOMWidget = pool[index]
        if view.layout.display is not None:
            view.layout.display = None  # hidden by the last run's .empty() or spinner end
        return view
    view = build()
    pool.append(view)
    return view


def _children(element: Any) -> list[Any] | None:
    children = getattr(element, "elements", None)
    return children if isinstance(children, list) else None


def _signature(run: Run) -> tuple[Any, ...]:
    """Changes when the run's tree of elements has grown (or its last text has)."""
    count = 0
    stack = [run.elements]
    while stack:
        items = stack.pop()
        count += len(items)
        for element in items:
            if not isinstance(element, Element):
                children = _children(element)
                if children is not None:
                    stack.append(children)
    target = run.target
    last = target[-1] if target else None
    tail = len(last.value) if isinstance(last, Element) and isinstance(last.value, str) else 0
    return (count, id(target), id(last), tail)


def show_run(run: Run | None, *, force: bool = False) -> None:
    """Render ``run`` as far as it got into its app's container, now.

    Does nothing when the run's tree has not changed since the last time (the element
    that called has already updated its own view), unless ``force``: a text element
    that grew in place.
    """
    if run is None or run.app.session.run_in_progress is not run:
        return  # a handle kept from an earlier run: its view was updated, that is all
    live = _live(run)
    signature = _signature(run)
    if not force and signature == live.signature:
        return
    live.signature = signature
    app = run.app
    so_far = run.elements
    reached = {id(e) for e in so_far}
    stale = [
        e for position, e in enumerate(app.shown)
        if id(e) not in reached and not isinstance(e, LiveElement)
        and (position >= len(so_far) or not isinstance(e, Element))
    ]
    Block.keeping = True
    try:
        app.view.render(so_far + stale)
    finally:
        Block.keeping = False


class LiveElement:
    """An element of a run with a view of its own, updated while the run goes on."""

    kind: ClassVar[str] = "live"
    #: as in Streamlit's AppTest, elements that are not widgets have no key
    key: ClassVar[None] = None
    #: the index of the notebook cell of its app, as AppTest finds it (``from_notebook``)
    cell: int | None = None

    def __init__(self, run: Run | None, view: ipywidgets.DOMWidget) -> None:
        self.run = run
        self.view = view

    @property
    def type(self) -> str:
        """The element's type, as AppTest names it (``"progress"``...)."""
        return self.kind

    def render_view(self) -> ipywidgets.DOMWidget:
        """The element's own view, which the run updates in place."""
        return self.view

    def add_to_run(self) -> None:
        """Put the element in its run's current container and show the run so far."""
        if self.run is not None:
            self.run.add(self)
            show_run(self.run)

    def hide(self) -> None:
        """Hide the element's view (it stays, to be shown again by a later step)."""
        if self.view.layout.display != "none":
            self.view.layout.display = "none"

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def display_outside_run(view: ipywidgets.DOMWidget) -> None:
    """Show a live element's view as ordinary cell output (used outside a run)."""
    if shell() is not None:
        from IPython.display import display  # IPython only when there is a shell to show it in

        display(view)
