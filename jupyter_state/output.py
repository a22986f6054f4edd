"""Where a run's output goes: captured in the kernel, rendered into the app's container.

DESIGN.md §2.1: ``ipywidgets.Output`` captures in the browser, so a headless run would see
nothing. Instead a run swaps ``sys.stdout``/``sys.stderr`` and IPython's display publisher
for its own, and every output becomes an :class:`Element` in the run's element list. After
the run, :class:`Block` writes those elements into ipywidgets state directly.

The container is built so that unchanged parts keep their browser views (DESIGN.md §2.4):
a ``Box`` re-creates every child view after the first changed position of its
``children``. So the app's box only ever *appends* children ("slots", one small box per
element), and a slot's content changes only when its element does. The visual order comes
from the CSS ``order`` of each slot, so a widget that appears or disappears costs no other
widget its view (no flicker, no lost focus).

Why a slot per element and not the views themselves as the box's children: a culled
widget's model is closed, and a closed model cannot stay in ``children`` (the browser can
no longer resolve it), so taking it out would shift, and re-create, every view after it.
The slot is the one indirection that keeps them. It is cheap: it is created with its child
(one ``comm_open``, no update), slots share their layout models (``_models.py``), and the
new slots of a run are appended to the box in one assignment, so a first render is O(N)
and costs two models per widget (the widget and its slot) plus a constant.
"""

from __future__ import annotations

import sys
import traceback
from typing import TYPE_CHECKING, Any, ClassVar

import ipywidgets

from ._kernel import shell
from ._models import release
from ._traceback import format_traceback, is_misuse, user_traceback

if TYPE_CHECKING:
    from ._context import Run

__all__ = ["Block", "Capture", "Element", "error_output"]

class Element:
    """One output of a run: what it is (``kind``), its value, and its nbformat output."""

    __slots__ = ("kind", "output", "value")

    def __init__(self, kind: str, value: Any, output: dict[str, Any]) -> None:
        self.kind = kind
        self.value = value
        self.output = output

    def __repr__(self) -> str:
        return f"Element({self.kind!r}, {self.value!r})"


def display_element(kind: str, value: Any, data: dict[str, Any], metadata: dict[str, Any] | None = None) -> Element:
    return Element(kind, value, {"output_type": "display_data", "data": data, "metadata": metadata or {}})


def error_output(exc: BaseException) -> Element:
    """An error element: the message first, then the user's frames (see :mod:`._traceback`)."""
    tb = user_traceback(exc)
    chain = not is_misuse(exc)  # a misuse error's message already says what caused it
    plain = "".join(traceback.format_exception(type(exc), exc, tb, chain=chain))
    output = {
        "output_type": "error",
        "ename": type(exc).__name__,
        "evalue": str(exc),
        "traceback": format_traceback(exc, shell()),
    }
    data = {"type": type(exc).__name__, "message": str(exc), "stack_trace": plain, "exception": exc}
    return Element("exception", data, output)


class _RunStream:
    """A text stream (stdout or stderr) that appends to the run's elements."""

    encoding = "utf-8"
    errors = "strict"

    def __init__(self, run: Run, name: str) -> None:
        self.run = run
        self.name = name

    def write(self, text: str) -> int:
        if not text:
            return 0
        target = self.run.target
        last = target[-1] if target else None
        if isinstance(last, Element) and last.kind == self.name:
            last.value += text
            last.output = {"output_type": "stream", "name": self.name, "text": last.value}
        else:
            target.append(Element(self.name, text, {"output_type": "stream", "name": self.name, "text": text}))
        return len(text)

    def writelines(self, lines: list[str]) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False


class _RunDisplayPublisher:
    """Stands in for IPython's display publisher during a run: ``display()`` lands here."""

    is_publishing = False

    def __init__(self, run: Run, original: Any) -> None:
        self.run = run
        self.original = original

    def publish(
        self,
        data: dict[str, Any],
        metadata: dict[str, Any] | None = None,
        source: Any = None,
        *,
        transient: Any = None,
        update: bool = False,
        **kwargs: Any,
    ) -> None:
        self.run.add(display_element("display", data, data, metadata))

    def clear_output(self, wait: bool = False) -> None:
        self.run.target[:] = [e for e in self.run.target if not isinstance(e, Element)]

    def __getattr__(self, name: str) -> Any:
        return getattr(self.original, name)


class Capture:
    """Route stdout, stderr, ``display()`` and IPython's tracebacks into a run's elements.

    IPython shows some errors itself, outside any ``try`` of ours: a rich repr that raises
    (``_repr_html_`` of a value given to ``st.write``) is reported by the formatter through
    ``shell.showtraceback()``, which ipykernel publishes straight to the cell. During a run
    that traceback becomes an error element of the run, like every other output.
    """

    def __init__(self, run: Run) -> None:
        self.run = run
        self.shell = shell()
        self._saved: tuple[Any, ...] = ()

    def __enter__(self) -> Capture:
        self._saved = (sys.stdout, sys.stderr)
        sys.stdout = _RunStream(self.run, "stdout")  # type: ignore[assignment]
        sys.stderr = _RunStream(self.run, "stderr")  # type: ignore[assignment]
        if self.shell is not None:
            self._publisher = self.shell.display_pub
            self.shell.display_pub = _RunDisplayPublisher(self.run, self._publisher)
            self._own_showtraceback = "_showtraceback" in vars(self.shell)
            self._saved_showtraceback = vars(self.shell).get("_showtraceback")
            self.shell._showtraceback = self._showtraceback
        return self

    def _showtraceback(self, etype: type[BaseException], evalue: BaseException, stb: list[str]) -> None:
        plain = "".join(traceback.format_exception(etype, evalue, evalue.__traceback__))
        output = {"output_type": "error", "ename": etype.__name__, "evalue": str(evalue), "traceback": list(stb)}
        value = {"type": etype.__name__, "message": str(evalue), "stack_trace": plain, "exception": evalue}
        self.run.add(Element("exception", value, output))

    def __exit__(self, *exc: object) -> None:
        try:
            if self.shell is not None:
                # Inline matplotlib figures are flushed on post_execute, as after a cell.
                try:
                    self.shell.events.trigger("post_execute")
                finally:
                    self.shell.display_pub = self._publisher
                    if self._own_showtraceback:
                        self.shell._showtraceback = self._saved_showtraceback
                    else:
                        del self.shell._showtraceback
        finally:
            sys.stdout, sys.stderr = self._saved


def flush_figures() -> None:
    """Show the figures drawn so far with matplotlib's inline backend, where output goes now.

    The backend shows them after the cell (``post_execute``); a container calls this as its
    ``with`` block ends, so a figure drawn inside a column is shown in that column.
    """
    backend = sys.modules.get("matplotlib_inline.backend_inline")
    if backend is not None:
        backend.flush_figures()  # shows only figures drawn since its last flush


def close_view(view: ipywidgets.Widget) -> None:
    """Close a widget and the layout and style models it owns (no orphan models left).

    A shared layout or style loses one user, and is closed with its last one.
    """
    for name in ("layout", "style"):
        owned = getattr(view, name, None)
        if isinstance(owned, ipywidgets.Widget) and not release(owned):
            owned.close()
    view.close()


class Block:
    """A container whose children are kept in place across runs (see the module docs)."""

    #: True while a run in progress is shown (a live update): views a partial run has not
    #: rendered yet stay in their slots, as they were (stale, as in Streamlit), instead of
    #: being freed, so when the run reaches them they keep their DOM node and nothing is
    #: sent for them (DESIGN.md §2.4). The kernel renders on one thread.
    keeping: ClassVar[bool] = False

    def __init__(self, box: ipywidgets.Box) -> None:
        self.box = box
        self._slot_of: dict[Any, ipywidgets.Box] = {}
        self._free: list[ipywidgets.Box] = []
        self._outputs: list[ipywidgets.Output] = []
        #: the slots in the box, in DOM order, and each one's index there
        self._dom: list[ipywidgets.Box] = list(box.children)
        self._dom_index: dict[ipywidgets.Box, int] = {slot: i for i, slot in enumerate(self._dom)}
        #: each slot's CSS order and whether it is hidden (the traits of its shared layout)
        self._look: dict[ipywidgets.Box, tuple[str | None, bool]] = {}
        #: the views shown now, in order
        self.shown: list[ipywidgets.DOMWidget] = []
        #: views a live update left in their slots (see ``keeping``)
        self._kept: set[Any] = set()
        # One layout for all its slots that need no CSS order, one for all its outputs: the
        # block's own (ipywidgets lets many views share one), closed with it.
        self._slot_layout = ipywidgets.Layout(overflow="visible")
        self._output_layout = ipywidgets.Layout()

    def render(self, elements: list[Any]) -> None:
        """Show ``elements`` (outputs and widgets, in order) in the container."""
        views: list[ipywidgets.DOMWidget] = []
        group: list[dict[str, Any]] = []
        groups = 0
        for element in elements:
            if isinstance(element, Element):
                group.append(element.output)
                continue
            if group:
                views.append(self._output_view(groups, group))
                groups, group = groups + 1, []
            views.append(element.render_view())
        if group:
            views.append(self._output_view(groups, group))
        self._place(views)

    def _output_view(self, index: int, outputs: list[dict[str, Any]]) -> ipywidgets.Output:
        new = tuple(outputs)
        while len(self._outputs) <= index:
            # Created with its outputs, so its comm_open carries them (no update after).
            self._outputs.append(ipywidgets.Output(outputs=new if len(self._outputs) == index else (),
                                                   layout=self._output_layout))
        view = self._outputs[index]
        if view.outputs != new:
            view.outputs = new
        return view

    def _place(self, views: list[ipywidgets.DOMWidget]) -> None:
        if views == self.shown and (Block.keeping or not self._kept):
            return  # the same elements in the same order: nothing to move
        self.shown = views
        shown = set(views)
        slots = []
        added: list[ipywidgets.Box] = []
        for view in views:
            slot = self._slot_of.get(view)
            if slot is None:
                if self._free:
                    slot = self._free.pop(0)  # the first freed in DOM order: fewer CSS orders
                    slot.children = (view,)
                else:
                    slot = self._new_slot(view)
                    added.append(slot)
                self._slot_of[view] = slot
            slots.append(slot)
        if added:  # one assignment per run: validating the children once is O(N), not O(N^2)
            for slot in added:
                self._dom_index[slot] = len(self._dom)
                self._dom.append(slot)
            # appended after whatever else the box holds (the app's sidebar column and page
            # view are children of its box too, placed by page.py)
            self.box.children = (*self.box.children, *added)
        # The CSS order is needed only where the slots' DOM order is not the order to show.
        dom_index = self._dom_index
        in_dom_order = all(dom_index[a] < dom_index[b] for a, b in zip(slots, slots[1:]))
        for position, slot in enumerate(slots):
            self._set_look(slot, None if in_dom_order else str(position), hidden=False)
        if self._kept:
            self._kept.difference_update(shown)  # the run has reached them
        for view in [v for v in self._slot_of if v not in shown]:
            if Block.keeping:
                self._kept.add(view)
                continue
            self._kept.discard(view)
            slot = self._slot_of.pop(view)
            slot.children = ()
            self._set_look(slot, self._look[slot][0], hidden=True)
            self._free.append(slot)
        self._free.sort(key=dom_index.__getitem__)

    def _new_slot(self, view: ipywidgets.DOMWidget) -> ipywidgets.Box:
        # Created with its child and the shared slot layout: one comm_open, no update after.
        slot = ipywidgets.VBox(children=(view,), layout=self._slot_layout, _dom_classes=("jupyter-state-slot",))
        self._look[slot] = (None, False)
        return slot

    def _set_look(self, slot: ipywidgets.Box, order: str | None, hidden: bool) -> None:
        """Set ``slot``'s CSS order and display; a slot that ever needs one gets its own layout.

        Its own, kept from then on: a shared model is never changed in place, and swapping
        shared ones would open and close layout models as the order changes.
        """
        if self._look.get(slot) == (order, hidden):
            return
        self._look[slot] = (order, hidden)
        display = "none" if hidden else None
        if slot.layout is self._slot_layout:  # the shared one: this is the slot's first order or hiding
            slot.layout = ipywidgets.Layout(overflow="visible", order=order, display=display)
            return
        with slot.layout.hold_sync():
            slot.layout.order = order
            slot.layout.display = display

    def close(self) -> None:
        """Close the block's slots, outputs and layouts, and its box."""
        for slot in self.box.children:
            if slot.layout is not self._slot_layout:
                slot.layout.close()
            slot.close()
        for out in self._outputs:
            out.close()
        for layout in (self._slot_layout, self._output_layout):
            layout.close()
        close_view(self.box)
