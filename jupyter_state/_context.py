"""The session context: what the things a run runs may ask of the session, and which one is current.

Widgets, forms, elements, containers and apps sit *below* the run loop: they never import
``runtime.py``. They ask the ambient session for the run in progress (:func:`current`) and
speak to it through :class:`Session`, the contract written down here. The run loop
(:class:`jupyter_state.runtime.JupyterState`) implements it and installs the kernel's
session factory at import (:func:`install_kernel_session`), as marimo's runtime context does.

An ``AppTest`` makes its own session current inside :func:`using`; everything else runs in
the kernel's.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from ._fragment_run import FragmentScope
from .blocks import Tree

if TYPE_CHECKING:
    from ._outcome import Outcome
    from .app import App
    from .state import SessionState
    from .widgets._base import Widget

__all__ = ["Run", "Session", "current", "current_state", "exists", "install_kernel_session", "using"]


class Run(FragmentScope, Tree):
    """What one run collects: its tree of output elements and the ids and keys it rendered.

    ``elements`` is the root of the tree (the main area); the next element goes into the
    innermost container entered (see :class:`~jupyter_state.blocks.Tree`).
    """

    def __init__(self, app: App) -> None:
        self.app = app
        self.elements: list[Any] = []
        super().__init__(self.elements)
        #: the ids of the widgets rendered, in the order they appear
        self.ids: dict[str, None] = {}
        self.keys: set[str] = set()
        self.form_keys: set[str] = set()
        self.body_ran = False
        #: what the live elements of this run showed so far (``live.py``); None until one does
        self.live: Any = None
        #: the hash of the page ``pg.run()`` is running (``pages.py``); None in the entrypoint
        self.page: str | None = None
        self.init_fragments()


class Session(Protocol):
    """What widgets, forms, elements and apps may ask of the session that runs them."""

    #: ``st.session_state``'s storage
    state: SessionState
    #: the apps of the session, in the order of their first run
    apps: list[App]
    #: the run going on now, if any
    run_in_progress: Run | None
    #: the app of the last run and how it ended
    last_run: tuple[App, Outcome] | None
    #: widgets the frontend changed since their app's last run
    pending: dict[Widget, None]
    #: the live widgets bound to each key
    bound: dict[str, dict[Widget, None]]
    #: the duplication warning (``value=`` plus session state) was shown once
    warned_duplication: bool
    #: what an AppTest gives its app: ``at.secrets``, and the script's folder
    test_secrets: dict[str, Any] | None
    script_dir: str | None
    # options (``st.set_option``; traitlets config on the run loop)
    enforce_serializable_session_state: bool
    disable_widget_state_duplication_warning: bool
    raise_errors: bool
    max_upload_size: int
    enum_coercion: str
    cache_persist_pickles: bool
    reactive: bool

    def note_change(self, widget: Widget) -> None:
        """Record a change the frontend made to ``widget``."""

    def after_frontend_message(self, *, expect_more: bool = False) -> None:
        """A frontend message was handled: run now, unless more input is on its way."""

    def request_rerun(self, app: App | None = None) -> None:
        """Ask for a rerun of ``app`` (every app when None) at the next flush."""

    def request_fragment(self, app: App, fragment_id: str) -> None:
        """Ask for a rerun of one fragment of ``app`` alone."""

    def fragment_requested(self, app: App) -> bool:
        """Whether a rerun of some fragments of ``app`` alone is waiting."""

    def run(self, app: App, fragments: tuple[str, ...] = ()) -> Outcome:
        """Run ``app`` now."""

    def flush(self) -> None:
        """Run what was requested."""

    def hold(self) -> contextlib.AbstractContextManager[None]:
        """Deliver several frontend messages inside the block; they start one run after it."""

    def unbind(self, widget: Widget) -> bool:
        """Forget ``widget``'s binding; True when it was the last widget bound to its key."""

    def subscribe(self, listener: Callable[[Any], None]) -> Callable[[], None]:
        """Call ``listener(session)`` whenever the state may have changed."""

    def notify(self) -> None:
        """Tell the listeners the state may have changed."""

    def readers_of_keys(self, keys: Iterable[str]) -> dict[str, list[App]]:
        """The apps whose last completed run read each key."""

    def set_cell_order(self, cell_ids: list[str]) -> None:
        """The notebook's cells, top to bottom."""

    #: what each event did, for the inspector and undo (``_timeline.Timeline``)
    timeline: Any

    def undo(self) -> list[str] | None:
        """Undo the newest event that changed session state (``_undo.py``)."""


_sessions: list[Session] = []
_kernel_session: list[Callable[[], Session]] = []


def install_kernel_session(factory: Callable[[], Session]) -> None:
    """Say how the kernel's session is made (the run loop does, when it is imported)."""
    _kernel_session[:] = [factory]


def current() -> Session:
    """The session that is current: an AppTest's while it runs, else the kernel's."""
    if not _sessions:
        if not _kernel_session:  # importing the package imports the run loop, which installs it
            raise RuntimeError("jupyter_state's run loop is not loaded: import jupyter_state first.")
        _sessions.append(_kernel_session[0]())
    return _sessions[-1]


def exists() -> bool:
    """True inside an app run (callbacks and body, AppTest too), as ``streamlit.runtime.exists()``.

    Examples
    --------
    >>> from jupyter_state import runtime
    >>> runtime.exists()  # in an ordinary cell
    False
    """
    return bool(_sessions) and _sessions[-1].run_in_progress is not None


def is_kernel_session(session: Session) -> bool:
    """Whether ``session`` is the kernel's (not an AppTest's)."""
    return bool(_sessions) and _sessions[0] is session


def current_state() -> SessionState:
    """The state of the current session (``st.session_state`` resolves through this)."""
    return (_sessions[-1] if _sessions else current()).state


S = TypeVar("S", bound=Session)


@contextlib.contextmanager
def using(session: S) -> Iterator[S]:
    """Make ``session`` current inside the block (AppTest uses this)."""
    current()  # the kernel's session stays at the bottom
    _sessions.append(session)
    try:
        yield session
    finally:
        _sessions.pop()
