"""The app: a cell (``%%app``) or a function (``st.app``) that reruns in place.

An :class:`App` owns its widgets (their ids are per app, like Streamlit's per page), its
body, and its :class:`AppView`: the one container shown in the cell's output area, which
every run re-renders in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets

from ._context import Run, Session, current
from ._kernel import cell_number, shell
from ._outcome import Outcome
from .containers import Sidebar
from .elements import alert_element
from .output import Block, close_view
from .page import Page
from .reactivity import Reads
from .theme import CSS_CLASS, theme_view

if TYPE_CHECKING:
    from ._fragment_run import Fragment
    from .blocks import Container
    from .forms import Form
    from .widgets._base import Widget

__all__ = ["App", "AppView", "app", "display_app"]


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
        """Show a run's elements: the main area's in the box, the sidebar's beside it."""
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
        """Close the app's view: its page, its slots and their outputs (the shared theme stays)."""
        # The theme view is shared by every app: the block closes its own children only.
        self.box.children = tuple(c for c in self.box.children if c is not theme_view())
        self.page.close()
        self.block.close()


class App:
    """One app of a session: a body that reruns, the widgets it renders, and its view."""

    def __init__(self, session: Session, body: Callable[[], Any], name: str) -> None:
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
        #: keys kept by ``persist_state="page"`` while their widget is not rendered -> its page
        self.kept: dict[str, str | None] = {}
        #: the value of a persisted widget culled while another widget had its key (``_lifetime.py``)
        self.preserved: dict[str, Any] = {}
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

    def add_hidden_view(self, view: ipywidgets.DOMWidget) -> None:
        """Put ``view``, a page helper that shows nothing (the URL's, the saved state's), in the app's box."""
        box = self.view.box
        box.children = (*box.children, view)

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
        unrendered = [cid for cid, c in self.containers.items()
                      if cid not in rendered and (may_cull is None or may_cull(c))]
        for cid in unrendered:
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
    the_app.cell_number = cell_number()
    if display:
        display_app(the_app)
    the_app.run()
    return the_app


def display_app(the_app: App) -> None:
    """Show the app's container as the cell's output (in IPython; nothing in plain Python)."""
    if shell() is not None:
        from IPython.display import display  # IPython is loaded: shell() said so

        display(the_app.view.box)
