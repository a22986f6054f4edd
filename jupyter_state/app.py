"""The app: a cell (``%%app``) or a function (``st.app``) that reruns in place.

An :class:`App` owns its widgets (their ids are per app, like Streamlit's per page), its
body, and its :class:`AppView`: the one container shown in the cell's output area, which
every run re-renders in place.
"""

from __future__ import annotations

import ast
import functools
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets

from .containers import Sidebar
from .output import Block
from .page import Page
from .reactivity import Reads
from .runtime import JupyterState, Outcome, current
from .theme import CSS_CLASS, theme_view

if TYPE_CHECKING:
    from ._fragment_run import Fragment
    from .blocks import Container
    from .forms import Form
    from .runtime import Run
    from .widgets._base import Widget

__all__ = ["App", "AppView", "app", "compile_cell", "remember_source"]

MAGIC_NAME = "__jupyter_state_magic__"


class AppView:
    """The app's container: a box whose children keep their views across runs.

    Its children are the main area's slots (see ``output.py``), and the sidebar's column
    once the app uses one (see ``page.py``).
    """

    def __init__(self) -> None:
        # The theme comes first and stays: the block only appends after it.
        self.box = ipywidgets.VBox((theme_view(),), layout=ipywidgets.Layout(width="100%"))
        self.box.add_class(CSS_CLASS)
        self.block = Block(self.box)
        self.page = Page(self.box)
        #: elements shown last whatever their place in the run (a chat input in the main area)
        self._bottom: dict[Any, None] = {}

    def pin_to_bottom(self, element: Any) -> None:
        """Show ``element`` at the bottom of the app, after everything else."""
        self._bottom[element] = None

    def render(self, elements: list[Any]) -> None:
        sidebar = next((e for e in elements if isinstance(e, Sidebar)), None)
        if self._bottom:  # only apps with a chat input pay for this
            bottom = [e for e in elements if e in self._bottom]
            self._bottom = dict.fromkeys(bottom)
            elements = [e for e in elements if e not in self._bottom] + bottom
        with self.box.hold_sync():
            self.block.render([e for e in elements if not isinstance(e, Sidebar)])
            self.page.show_sidebar(sidebar, len(self.block.shown))

    def configure_page(self, config: dict[str, Any]) -> None:
        """``st.set_page_config``: apply what changed (calls add up)."""
        self.page.configure(config)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.box._repr_mimebundle_(**kwargs)

    def close(self) -> None:
        # The theme view is shared by every app: the block closes its own children only.
        self.box.children = tuple(c for c in self.box.children if c is not theme_view())
        self.page.close()
        self.block.close()


class App:
    """One app of a session: a body that reruns, the widgets it renders, and its view."""

    def __init__(self, session: JupyterState, body: Callable[[], Any], name: str) -> None:
        self.session = session
        self.body = body
        self.name = name
        self.view = AppView()
        self.widgets: dict[str, Widget] = {}
        self.forms: dict[str, Form] = {}
        #: the containers of the last runs, by their place in the tree (see blocks.py)
        self.containers: dict[str, Container] = {}
        #: the elements of the last run, in order (forms hold their own)
        self.elements: list[Any] = []
        #: the elements of the last run whose body ran (the widgets and output it made)
        self.shown: list[Any] = []
        #: what the container shows now
        self.on_screen: list[Any] = []
        #: widget id -> its position in the last run whose body ran (callbacks run in it)
        self.order: dict[str, int] = {}
        self.closed = False
        self.last_error: BaseException | None = None
        #: rerun when a key its last run read changes (``%%app --static``: no)
        self.reactive = True
        #: the keys its last completed run read (``reactivity.py``); None before one
        self.reads: Reads | None = None
        #: views of live elements (progress bars...) by kind, reused run after run
        self.live_views: dict[str, list[Any]] = {}
        #: its fragments (``@st.fragment``) by id, in the order they were first called
        self.fragments: dict[str, Fragment] = {}
        #: the name the user gave it (``%%app name``, ``st.app``'s function); None for a bare
        #: ``%%app`` cell, whose ``name`` is its cell id
        self.given_name: str | None = name
        #: the execution count of the cell that last defined it (its ``In [3]`` prompt), if any
        self.cell_number: int | None = None
        #: the id of the notebook cell that defines it (JupyterLab sends it), if known
        self.cell_id: str | None = None
        #: the hash of the page the user is on (``navigation.py``); None before st.navigation
        self.page: str | None = None
        #: the pages its last st.navigation call declared (st.switch_page looks them up)
        self.pages: list[Any] = []
        #: whether the user expanded a collapsed navigation menu ("View N more")
        self.navigation_expanded = False
        session.apps.append(self)

    def __repr__(self) -> str:
        return f"<jupyter_state App {self.name!r} with {len(self.widgets)} widgets>"

    @property
    def label(self) -> str:
        """How the inspector and the side panel name the app: as the notebook shows its cell.

        The cell's prompt (``In [3]``, the execution count of the cell that last defined
        the app; reruns do not change it, as they do not change the prompt), after the name
        the user gave, if any; the bare name outside IPython.

        Examples
        --------
        >>> app.label  # doctest: +SKIP
        'In [3]'
        >>> named.label  # ``%%app counter`` in the cell run as [5]  # doctest: +SKIP
        'counter (In [5])'
        """
        prompt = f"In [{self.cell_number}]" if self.cell_number is not None else None
        if self.given_name is None:
            return prompt or self.name
        return f"{self.given_name} ({prompt})" if prompt else self.given_name

    def run(self) -> Outcome:
        """Run the app now; return how the run ended (an :class:`~jupyter_state.runtime.Outcome`)."""
        return self.session.run(self)

    def show(self, run: Run) -> None:
        """Show what ``run`` made; remember its widgets' order (callbacks run in it)."""
        self.elements = run.elements
        if run.fragment_ids:
            # A fragment run: the last run's tree, with the fragments' blocks refilled in
            # place (and what its callbacks showed below it, until the next run).
            self.shown = run.elements[: run.kept]
            self.order.update({wid: i for i, wid in enumerate(run.ids)})
            self.render(run.elements)
        elif run.body_ran:
            self.shown = run.elements
            self.order = {wid: i for i, wid in enumerate(run.ids)}
            self.render(run.elements)
        else:
            # A callback failed or stopped, so the body did not run (SPEC items 35-36).
            # Keep the last widgets on screen below it: a notebook has no other way
            # for the user to carry on.
            kept = [e for e in self.shown if getattr(e, "kind", None) != "exception"]
            self.render(run.elements + kept)

    def render(self, elements: list[Any]) -> None:
        """Show ``elements`` in the container, in place."""
        self.on_screen = elements
        self.view.render(elements)

    def notice(self, element: Any) -> None:
        """Show ``element`` (a warning) below what the app shows, until its next run."""
        self.view.render([*self.on_screen, element])

    def warn_cycle(self, keys: list[str]) -> None:
        """Say that the app was not rerun again: apps keep changing what the others read."""
        from .elements import alert_element

        names = ", ".join(repr(k) for k in keys)
        self.notice(alert_element(
            "warning",
            f"This app was not rerun for the latest change of {names}: it already reran once for this "
            "interaction, and apps that write what each other read would rerun each other forever. "
            "It shows the values of its last run; the next interaction runs it again.",
        ))

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.view._repr_mimebundle_(**kwargs)

    def cull_containers(self, rendered: set[str], may_cull: Callable[[Any], bool] | None = None) -> None:
        """Close the containers a completed run did not render (as widgets are culled)."""
        for cid in [cid for cid, c in self.containers.items() if cid not in rendered and (may_cull is None or may_cull(c))]:
            self.containers.pop(cid).close()

    def close(self) -> None:
        """Close the app's widgets and view and forget it."""
        self.closed = True
        for fragment in self.fragments.values():  # its run_every timers stop
            if fragment.timer is not None:
                fragment.timer.cancel()
                fragment.timer = None
        for widget in list(self.widgets.values()):
            self.session.unbind(widget)
            widget.close()
        self.widgets.clear()
        self.cull_containers(set())
        from .output import close_view

        for views in self.live_views.values():
            for view in views:
                close_view(view)
        self.view.close()
        if self in self.session.apps:
            self.session.apps.remove(self)


def app(fn: Callable[[], Any] | None = None, *, name: str | None = None, display: bool = True,
        reactive: bool = True) -> Any:
    """Run ``fn`` as an app: now, and again after every widget interaction.

    Usable as ``st.app(fn)`` or as the ``@st.app`` decorator. Returns the :class:`App`,
    whose container is displayed in the cell's output when ``display`` is true. With
    ``reactive=False`` it does not rerun when another app or a cell changes a key it read
    (its own widgets still follow their keys).

    Examples
    --------
    >>> @st.app
    ... def counter():
    ...     if st.button("Add"):
    ...         st.session_state.count = st.session_state.get("count", 0) + 1
    ...     st.write("Count:", st.session_state.get("count", 0))  # doctest: +SKIP
    """
    if fn is None:
        return lambda f: app(f, name=name, display=display, reactive=reactive)
    the_app = App(current(), fn, name or str(getattr(fn, "__name__", "app")))
    the_app.reactive = reactive
    the_app.cell_number = _cell_number()
    if display:
        _display(the_app)
    the_app.run()
    return the_app


def _display(the_app: App) -> None:
    from .runtime import _get_ipython

    if _get_ipython() is not None:
        from IPython.display import display

        display(the_app.view.box)


# -- the %%app cell ---------------------------------------------------------------------------
class _Magic(ast.NodeTransformer):
    """Display bare expressions like Streamlit's magic: ``x`` on its own line shows ``x``.

    Calls of this package's functions (``st.slider(...)`` on its own line) are left alone,
    as Streamlit does, so a widget's return value is not echoed; so are its functions called
    as methods of a container (``col.button(...)``, ``placeholder.text(...)``). Function
    and class bodies are not touched.
    """

    def __init__(self, st_names: set[str]) -> None:
        self.st_names = st_names

    def visit_FunctionDef(self, node: ast.AST) -> ast.AST:
        return node

    visit_AsyncFunctionDef = visit_FunctionDef
    visit_ClassDef = visit_FunctionDef

    def visit_Expr(self, node: ast.Expr) -> ast.AST:
        value = node.value
        if isinstance(value, (ast.Await, ast.Yield, ast.YieldFrom)):
            return node
        if isinstance(value, ast.Call) and self._is_st_call(value):
            return node
        call = ast.Call(func=ast.Name(id=MAGIC_NAME, ctx=ast.Load()), args=[value], keywords=[])
        return ast.copy_location(ast.Expr(value=call), node)

    def _is_st_call(self, call: ast.Call) -> bool:
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr in _container_methods():
            return True
        while isinstance(func, ast.Attribute):
            func = func.value
        return isinstance(func, ast.Name) and func.id in self.st_names


@functools.lru_cache(maxsize=1)
def _container_methods() -> frozenset[str]:
    """The package's functions, which containers also have as methods (``col.button``)."""
    import jupyter_state

    return frozenset(name for name in jupyter_state.__all__ if callable(getattr(jupyter_state, name, None)))


def compile_cell(source: str, namespace: dict[str, Any], shell: Any = None) -> Any:
    """Compile an app cell's source once, with IPython's transforms and the magic display."""
    import jupyter_state

    transformed = shell.transform_cell(source) if shell is not None else source
    if shell is not None:
        transformed = "\n" + transformed  # line 1 of the cell is the %%app line
    tree = ast.parse(transformed)
    st_names = {name for name, value in namespace.items() if value is jupyter_state}
    st_names |= {"st", "jupyter_state", "streamlit"}
    body = tree.body
    first = body[0] if body else None
    is_docstring = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str)
    docstring = body[:1] if is_docstring else []
    tree.body = docstring + [_Magic(st_names).visit(node) for node in body[len(docstring):]]
    ast.fix_missing_locations(tree)
    if shell is not None:
        filename = shell.compile.cache(transformed, _running_cell_number(shell), raw_code=source)
    else:
        filename = f"<app-{hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()[:12]}>"
        remember_source(filename, transformed)
    return compile(tree, filename, "exec")


def remember_source(filename: str, source: str) -> None:
    """Put an app's source in ``linecache`` (as IPython does for cells): ``st.echo`` and tracebacks read it."""
    import linecache

    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)


def _running_cell_number(shell: Any) -> int:
    """The execution count of the cell running now (the one with ``%%app``).

    Found from the stack, since IPython versions differ in when they increment the count.
    """
    import sys

    numbers = getattr(shell.compile, "_filename_map", {})
    frame: Any = sys._getframe(1)
    found = None
    while frame is not None:
        found = numbers.get(frame.f_code.co_filename, found)
        frame = frame.f_back
    return int(found) if found is not None else int(shell.execution_count)


def _cell_number() -> int | None:
    """The execution count of the cell running now, or None outside IPython."""
    from .runtime import _get_ipython

    shell = _get_ipython()
    if shell is None or getattr(shell, "compile", None) is None:
        return None
    try:
        return _running_cell_number(shell)
    except (AttributeError, TypeError, ValueError):  # a shell that is not IPython's
        return None


_cell_apps: dict[str, App] = {}


def run_app_cell(source: str, name: str | None = None, reactive: bool = True) -> App:
    """What ``%%app`` does: define (or replace) the cell's app, display it and run it."""
    from IPython import get_ipython

    from . import elements

    shell = get_ipython()
    session = current()
    code = compile_cell(source, shell.user_ns, shell)
    shell.user_ns_hidden[MAGIC_NAME] = elements.magic
    shell.user_ns[MAGIC_NAME] = elements.magic

    def body() -> None:
        exec(code, shell.user_global_ns, shell.user_ns)

    cell = name or _cell_id(shell) or hashlib.md5(source.encode(), usedforsecurity=False).hexdigest()
    existing = _cell_apps.get(cell)
    if existing is not None and not existing.closed and existing.session is session:
        existing.body = body  # the same cell run again: same widgets, same container
        the_app = existing
    else:
        the_app = App(session, body, cell)
        _cell_apps[cell] = the_app
    the_app.given_name = name
    the_app.cell_number = _running_cell_number(shell)  # the prompt the cell shows now
    the_app.reactive = reactive
    the_app.cell_id = _cell_id(shell)
    _display(the_app)
    the_app.run()
    return the_app


def _cell_id(shell: Any) -> str | None:
    kernel = getattr(shell, "kernel", None)
    try:
        parent = kernel.get_parent("shell") if kernel is not None else getattr(shell, "parent_header", {})
    except Exception:
        return None
    metadata = (parent or {}).get("metadata") or {}
    cell_id = metadata.get("cellId")
    return str(cell_id) if cell_id else None
