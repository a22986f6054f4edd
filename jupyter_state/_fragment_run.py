"""What a run knows about fragments: which one is executing, which ones it reruns alone.

A *fragment* (``@st.fragment``, :mod:`jupyter_state.fragments`) is a function of the app
whose output is one block of the app's tree (a container, see ``blocks.py``). A change
to a widget inside it reruns only that block: the run copies the last run's tree, empties
the fragment's container and calls the function in it again; everything else in the tree
is the same object as before, so it sends nothing to the browser.

This module is below the run loop: :class:`FragmentScope` is the part of
:class:`~jupyter_state.runtime.Run` that answers "is this widget or container the running
fragment's?" (only those are culled, SPEC item 47) and "where does a write to a container
created outside the fragment go?" (into a slot of that container reserved by the last full
run, as Streamlit 1.67 does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .blocks import Container, Root, open_container
from .containers import Box
from .errors import FragmentHandledException, InvalidLayoutContextError, RerunException, StopException
from .output import error_output

if TYPE_CHECKING:
    from ._context import Run
    from .app import App
    from .reactivity import Reads
    from .state import ReadLog

__all__ = ["Fragment", "FragmentScope", "execute"]


class Fragment:
    """One fragment of an app: its function, the arguments of its last call, its place.

    Its ``id`` is the id of its container (where it was called: its parent block, and how
    many fragments of the same function came before it there), so the same call in the
    next run is the same fragment.
    """

    def __init__(self, fid: str) -> None:
        self.id = fid
        self.function: Callable[..., Any] = lambda: None
        self.args: tuple[Any, ...] = ()
        self.kwargs: dict[str, Any] = {}
        #: the block it was called in (its container's parent) and the fragment around it
        self.parent: Root | Container | None = None
        self.parent_fragment: str | None = None
        #: seconds between timed reruns (``run_every=``), or None
        self.run_every: float | None = None
        self.key: str | None = None
        #: the pending timer of ``run_every`` (an ``asyncio.TimerHandle``), if any
        self.timer: Any = None
        #: what its last completed run read: a change to one of these keys by someone else
        #: reruns the fragment alone (key-level reactivity, ``reactivity.py``)
        self.reads: Reads | None = None
        #: the page it was called on (``pages.py``): its widgets' ids carry it
        self.page: str | None = None

    def __repr__(self) -> str:
        return f"<jupyter_state Fragment {self.id!r}>"

    def rerun(self, run: Run) -> None:
        """Run the fragment alone, in its container of the last run (a fragment rerun)."""
        app = run.app
        box = app.containers.get(self.id)
        if box is None or self.parent is None:
            return  # culled since: nothing to rerun
        for slot in app.containers.values():  # its writes outside start empty again
            if slot.fragment == self.id and getattr(slot, "slot", False):
                slot.elements = []
        run.fragment = self.parent_fragment
        run.page = self.page
        box.begin(run, self.parent, box.params)
        run.container_ids.add(box.id)
        execute(run, self, box)


def execute(run: Run, fragment: Fragment, box: Container) -> Any:
    """Call ``fragment``'s function with its elements going into ``box``.

    An error is shown inside the fragment (as Streamlit does) and ends the run.
    """
    outer, run.fragment = run.fragment, fragment.id
    run.fragments_seen[fragment.id] = None
    run.stack.append(box)
    try:
        with run.app.session.state.recording_reads() as reads:
            run.fragment_reads[fragment.id] = reads
            return fragment.function(*fragment.args, **fragment.kwargs)
    except (RerunException, StopException):
        raise
    except Exception as exc:
        box.add(error_output(exc))
        raise FragmentHandledException(exc) from exc
    finally:
        run.exit(box)
        run.fragment = outer


class FragmentScope:
    """The fragment side of a run (a base of :class:`~jupyter_state.runtime.Run`)."""

    app: App
    elements: list[Any]
    stack: list[Container]
    container_ids: set[str]

    def init_fragments(self) -> None:
        #: the fragment executing now, if any
        self.fragment: str | None = None
        #: the fragments this run reruns alone; empty for a run of the whole app
        self.fragment_ids: tuple[str, ...] = ()
        #: the fragments this run called (the others are forgotten after a full run)
        self.fragments_seen: dict[str, None] = {}
        #: how many of ``elements`` are the last run's tree (a fragment run's copy)
        self.kept = 0
        #: what ``st.rerun()`` asked for: the whole app, or these fragments
        self.rerun_app = False
        self.rerun_fragments: dict[str, None] = {}
        #: the keys each fragment read in this run (a fragment's reads are not the app's)
        self.fragment_reads: dict[str, ReadLog] = {}
        self._slots: dict[tuple[str, str], Container] = {}

    def rerun_only(self, fragment_ids: tuple[str, ...], shown: list[Any]) -> None:
        """Make this run a rerun of ``fragment_ids`` alone, over the last run's tree ``shown``."""
        self.fragment_ids = fragment_ids
        self.elements.extend(shown)
        self.kept = len(shown)

    def widen_to_app(self) -> None:
        """A callback asked for ``st.rerun()`` (scope "app"): this run becomes a full one."""
        del self.elements[: self.kept]
        self.fragment_ids, self.kept = (), 0

    def may_cull(self, item: Any) -> bool:
        """Whether a widget or container this run did not render may be closed (SPEC item 47).

        A full run may cull anything; a fragment run only what belongs to the fragments
        it reran (never their slots outside, which only the next full run can place).
        """
        if not self.fragment_ids:
            return True
        return getattr(item, "fragment", None) in self.fragment_ids and not getattr(item, "slot", False)

    def forget_fragments(self) -> None:
        """After a completed full run: the fragments it did not call are gone."""
        if not self.fragment_ids:
            for fid in [f for f in self.app.fragments if f not in self.fragments_seen]:
                del self.app.fragments[fid]

    def slot_for(self, container: Container) -> Container:
        """Where writes to ``container`` go: a slot of it when a fragment writes from outside.

        As in Streamlit 1.67, a fragment that writes to a container created outside it gets
        a place of its own in that container, reserved by the full run; a fragment rerun
        replaces what is in that place. A rerun with no reserved place raises Streamlit's
        error.
        """
        fid = self.fragment
        if fid is None or container.id == fid or container.fragment == fid or getattr(container, "slot", False):
            return container
        slot = self._slots.get((fid, container.id))
        if slot is not None:
            return slot
        cid = f"{container.id}/slot:{fid}#0"
        if self.fragment_ids and container.id not in self.container_ids:
            found = self.app.containers.get(cid)
            if found is None:
                raise InvalidLayoutContextError(
                    "A fragment tried to write to a container created outside it, but the fragment "
                    "did not write to that container during the last full app run, so there is no "
                    "stable position for it. Inside the fragment function, write to the container "
                    "on every full app run (e.g. `outside_container.empty()` or `with "
                    "outside_container: st.empty()`), then fill it during fragment reruns."
                )
            found.begin(self, container, {})  # type: ignore[arg-type]
            self.container_ids.add(cid)
            slot = found
        else:
            slot = open_container(self, Box, f"slot:{fid}", {}, parent=container)  # type: ignore[arg-type]
        marked: Any = slot
        marked.slot = True
        marked.outer = container  # ``Tree.exit`` leaves it by its container
        self._slots[(fid, container.id)] = slot
        return slot

    def running_fragment_ids(self) -> tuple[str, ...]:
        """The fragments to rerun, in the app's order, leaving out those inside another."""
        wanted = set(self.fragment_ids)
        fragments = self.app.fragments
        ordered = []
        for fid in fragments:
            if fid not in wanted:
                continue
            parent = fragments[fid].parent_fragment
            while parent is not None and parent not in wanted:
                parent = fragments[parent].parent_fragment if parent in fragments else None
            if parent is None:
                ordered.append(fid)
        return tuple(ordered)
