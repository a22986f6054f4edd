"""The app's output as a tree of blocks: containers are elements that hold elements.

A run's output is a tree. Its root is the run's element list; a *container* (a form, a
column, a tab, an expander, ``st.container``, ``st.empty``, the sidebar) is an element of
its parent that holds its own children, and :class:`~jupyter_state.runtime.Run` keeps the
stack of containers the next element goes into (``with col:`` pushes, the block's end
pops; ``col.button(...)`` is ``with col: st.button(...)``).

Each container renders its children with a :class:`~jupyter_state.output.Block` of its
own, so a run that changes nothing inside a container sends nothing for it, and a change
in one container costs no other container its browser views (DESIGN.md §2.4). Containers
outlive a run the way widgets do: a container is found again by its place in the tree
(its parent, its kind and how many of that kind came before it in the parent), so the same
``st.tabs`` in the next run is the same ipywidget, and the user's open tab stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import ipywidgets

from ._streamlit_names import CONTAINER_METHODS
from .errors import JupyterStateAPIException, NotProvidedError
from .live import show_run
from .output import Block, flush_figures

if TYPE_CHECKING:
    from ._context import Run
    from .forms import Form

__all__ = ["Container", "Methods", "Root", "Tree", "open_container"]

C = TypeVar("C", bound="Container")

#: names of the package that are not elements, so not methods of a container (Streamlit
#: raises for ``st.sidebar.echo()`` the same way)
#: the package's public functions by name, which containers have as methods (``col.button``);
#: the package fills it in when it is imported (it is above this module: see ``provide_methods``)
METHODS: dict[str, Any] = {}


def provide_methods(functions: dict[str, Any]) -> None:
    """Make the package's public functions the methods of containers (``__init__`` calls it)."""
    METHODS.update(functions)


_NOT_METHODS = frozenset({
    "app", "errors", "get_option", "set_option", "rerun", "stop", "session_state", "set_page_config",
    "load_ipython_extension", "sidebar", "App", "Form", "cache_data", "cache_resource", "fragment",
})


class Methods:
    """Every ``st.*`` element and widget function as a method: ``col.button(...)``.

    ``obj.name(...)`` is ``with obj: st.name(...)``; writing it once here is what keeps
    the containers, ``st.sidebar`` and forms alike.
    """

    #: how error messages call this kind of object
    method_owner = "a container"

    def __enter__(self) -> Any:
        raise NotImplementedError

    def __exit__(self, *exc: object) -> None:
        raise NotImplementedError

    def __getattr__(self, name: str) -> Callable[..., Any]:
        function = METHODS.get(name)
        if name.startswith("_") or not callable(function) or isinstance(function, type):
            if name in CONTAINER_METHODS and function is None:
                raise NotProvidedError(f"`{name}` is a Streamlit function that jupyter_state does not provide yet "
                                       f"(called on {self.method_owner}).")
            hint = "" if name.startswith("_") else f": `{name}` is not a jupyter_state element or widget"
            raise AttributeError(f"{self.method_owner} has no attribute {name!r}{hint}")
        if name in _NOT_METHODS:
            raise JupyterStateAPIException(
                f"`{name}()` is not a method of {self.method_owner}: call `st.{name}()` instead."
            )

        def inside(*args: Any, **kwargs: Any) -> Any:
            with self:
                return function(*args, **kwargs)

        inside.__name__ = name
        inside.__doc__ = function.__doc__
        return inside


class Root:
    """The top of a run's tree: the main area's element list."""

    id = "main"
    form: Form | None = None
    in_sidebar = False

    def __init__(self, elements: list[Any]) -> None:
        self.elements = elements

    def add(self, element: Any) -> None:
        """Put ``element`` at the end of the main area."""
        self.elements.append(element)


class Tree:
    """A run's output as a tree: the root's elements and the stack of containers entered.

    :class:`~jupyter_state.runtime.Run` is one; containers and output streams ask it where
    the next element goes.
    """

    def __init__(self, elements: list[Any]) -> None:
        self.root = Root(elements)
        self.stack: list[Container] = []
        #: the containers this run rendered, and how many of each kind each parent has had
        self.container_ids: set[str] = set()
        self._counts: dict[tuple[str, str], int] = {}

    @property
    def container(self) -> Root | Container:
        """The block the next element goes into."""
        return self.stack[-1] if self.stack else self.root

    @property
    def target(self) -> list[Any]:
        """The element list of the current block (output streams append to it)."""
        return self.container.elements

    @property
    def form(self) -> Form | None:
        """The form the next widget goes into, if any."""
        return self.container.form

    @property
    def in_sidebar(self) -> bool:
        """Whether the next element goes into the sidebar."""
        return self.container.in_sidebar

    def add(self, element: Any) -> None:
        """Put ``element`` into the block the next element goes into."""
        self.container.add(element)

    def enter(self, container: Container) -> None:
        """``with container:``: elements go into it until :meth:`exit`."""
        self.stack.append(self.slot_for(container))

    def slot_for(self, container: Container) -> Container:
        """Where writes to ``container`` go (a fragment's own place in it: ``_fragment_run.py``)."""
        return container

    def exit(self, container: Container) -> None:
        """End a ``with container:`` block: elements go where they went before it."""
        # Blocks are left in the order entered; a stale or repeated exit changes nothing.
        container = next((c for c in reversed(self.stack) if getattr(c, "outer", None) is container), container)
        if container in self.stack:
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(container):]

    def container_id(self, parent: Root | Container, descriptor: str) -> str:
        """The id of the next container ``descriptor`` in ``parent``: the same place, the same id."""
        count = self._counts.get((parent.id, descriptor), 0)
        self._counts[(parent.id, descriptor)] = count + 1
        cid = f"{parent.id}/{descriptor}#{count}"
        self.container_ids.add(cid)
        return cid


class Container(Methods):
    """A block of the app that holds elements of its own; use it in ``with`` or call methods.

    Subclasses say how their box looks (:meth:`build`, :meth:`configure`). A container
    is created by :func:`open_container`, which finds last run's container at the same
    place in the tree.
    """

    kind = "container"
    #: whatever goes into it is shown at once, mid-run (``st.empty``, ``st.status``); so is
    #: what goes into the containers inside it (``live.py``)
    shows_live = False

    def __init__(self, cid: str) -> None:
        self.id = cid
        self.box = self.build()
        self.block = Block(self.content())
        #: this run's children, in order
        self.elements: list[Any] = []
        #: the form the container is in (its elements belong to it), if any
        self.form: Form | None = None
        self.in_sidebar = False
        self.live = self.shows_live
        self.params: dict[str, Any] = {}
        #: the fragment whose run created it (None: the app's body)
        self.fragment: str | None = None
        self.current_run: Run | None = None

    def __repr__(self) -> str:
        return f"<jupyter_state {type(self).__name__} {self.id!r}>"

    # -- how it looks ---------------------------------------------------------------------
    def build(self) -> ipywidgets.Box:
        """Make the container's box: a column with its kind's CSS class, which the theme draws."""
        box = ipywidgets.VBox()
        box.add_class(f"jupyter-state-{self.kind}")
        return box

    def content(self) -> ipywidgets.Box:
        """The box that shows the children (the box itself, or a pane inside it)."""
        return self.box

    def configure(self, params: dict[str, Any]) -> None:
        """Show this run's parameters (only what changed is sent)."""

    # -- the run side ---------------------------------------------------------------------
    def begin(self, run: Run, parent: Any, params: dict[str, Any]) -> None:
        """Start this run's life of the container, as a child of ``parent``."""
        self.current_run = run
        self.elements = []
        self.form = parent.form
        self.in_sidebar = parent.in_sidebar
        self.live = self.shows_live or getattr(parent, "live", False)
        self.fragment = run.fragment
        if params != self.params:
            self.configure(params)
            self.params = params

    def add(self, element: Any) -> None:
        """Put ``element`` at the end of the container (shown at once if it shows live)."""
        self.elements.append(element)
        if self.live:
            show_run(self.current_run)

    def live_run(self) -> Run | None:
        """The run this container belongs to, if it is the one in progress."""
        run = self.current_run
        if run is None:
            return None  # outside an app
        now = run.app.session.run_in_progress
        if now is not run:
            # A handle kept from an earlier run: only a fragment rerun of the same app
            # writes to it again (into the fragment's slot in it).
            live: Run | None = now if now is not None and now.app is run.app and now.fragment_ids else None
            return live
        return run

    def __enter__(self: C) -> C:
        run = self.live_run()
        if run is not None:
            run.enter(self)
        return self

    def __exit__(self, *exc: object) -> None:
        run = self.live_run()
        if run is not None:
            flush_figures()  # figures drawn inside the block belong in it
            run.exit(self)

    def render_view(self) -> ipywidgets.Box:
        """Show this run's elements in the container's box, and return the box."""
        self.block.render(self.elements)
        return self.box

    def children(self) -> list[Any]:
        """The elements shown inside (AppTest walks these)."""
        return self.elements

    def close(self) -> None:
        """Close the box that shows the children, with its slots and outputs."""
        self.block.close()


def open_container(
    run: Run | None,
    cls: type[C],
    descriptor: str,
    params: dict[str, Any] | None = None,
    parent: Any = None,
) -> C:
    """Add a container of type ``cls`` to the current container of ``run``.

    ``descriptor`` names what makes it this container (its kind and, say, its label):
    with its parent and how many alike came before it there, it finds last run's.
    Outside a run (``run`` is None) the container is a fresh, unattached one.
    """
    if run is None:
        return cls(descriptor)
    where = parent if parent is not None else run.container
    cid = run.container_id(where, descriptor)
    container = run.app.containers.get(cid)
    if not isinstance(container, cls) or type(container) is not cls:
        container = cls(cid)
        run.app.containers[cid] = container
    container.begin(run, where, dict(params or {}))
    where.add(container)
    return container
