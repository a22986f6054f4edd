"""``AppTest``: test an app headless in pytest, as with ``streamlit.testing.v1.AppTest``.

A Streamlit test ports by changing two imports::

    from jupyter_state.testing import AppTest   # was: from streamlit.testing.v1 import AppTest
    import jupyter_state as st                  # was: import streamlit as st (in the app)

The harness drives the real thing: the same run loop and the same ipywidgets a notebook
uses, each staged change delivered as the frontend delivers it (a comm ``update`` or click
message). Every ``AppTest`` has its own fresh session state.

``AppTest.from_notebook(path)`` tests a whole notebook: its ``%%app`` cells are apps of one
session that rerun when another changes a key they read, as in a kernel. Elements span the
apps in notebook order and say their ``.cell``; ``at.cell(i)`` is one app.

Examples
--------
>>> from jupyter_state.testing import AppTest
>>> def app():
...     import jupyter_state as st
...     st.session_state.setdefault("count", 0)
...     if st.button("Add", key="add"):
...         st.session_state.count += 1
...     st.write("Count:", st.session_state.count)
>>> at = AppTest.from_function(app).run()
>>> at.button(key="add").click().run().markdown[0].value
'Count: 1'
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import signal
import sys
import textwrap
import threading
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ipywidgets.widgets.widget import _remove_buffers

from ._apptest_blocks import AppCell, BlockElement, Finder, app_parts, main_block, sidebar_block
from ._apptest_elements import ElementList, Staging, WidgetElement
from ._cell import compile_cell, remember_source
from ._notebook import app_cell_index, exec_in, load_app_cell, load_cells, new_namespace, run_cells
from ._query_params import encode_query, parse_query
from ._url import url_of
from .app import App
from .config import OPTIONS, get_option, set_option
from .elements import magic
from .pages import infer_name
from .runtime import JupyterState, current, using
from .state import SessionStateProxy
from .widgets._base import Widget

__all__ = ["AppCell", "AppTest", "ElementList", "WidgetElement", "patch_config_options"]

_OPTION_TRAITS = tuple(OPTIONS.values())


class _Timeout(BaseException):
    """Raised into a run that exceeds its timeout (a BaseException: the run loop lets it pass)."""


class AppTest(Finder):
    """Drive an app headless: stage widget changes, ``run()``, inspect state and output."""

    def __init__(self, body_factory: Callable[[], Callable[[], Any]] | None, *, default_timeout: float = 3,
                 name: str = "app") -> None:
        self.default_timeout = default_timeout
        self.session = JupyterState()
        self._copy_options()
        self._body_factory = body_factory
        self._name = name
        #: what the first run does: run the app (or, for a whole notebook, the notebook)
        self._first_run: Callable[[], None] = self._run_app_first
        self._started = False
        self._timeout: float | None = None
        #: the apps whose elements this harness shows, with the index of their notebook
        #: cell (None when not from a notebook), in notebook order
        self._shown: list[tuple[int | None, App]] = []
        #: the notebook's %%app cells this harness tests, as (index, tags)
        self._app_cells: list[tuple[int, tuple[str, ...]]] = []
        self._app_cell: int | None = None
        self._reactive = True
        #: the values set on widgets since the last run, and the clicks the last run delivered
        self.staging = Staging()
        #: the page the first run runs (``switch_page`` before it), by its hash
        self._first_page: str | None = None
        self.session_state = SessionStateProxy(lambda: self.session.state)
        #: secrets for the app; when not empty, ``st.secrets`` reads these instead of secrets.toml
        self.secrets: dict[str, Any] = {}
        #: the URL's query parameters the next run sees (a str, or a list of str for a
        #: repeated one); after a run, the URL as the app left it (``_query_params.py``)
        self.query_params: dict[str, Any] = {}

    # -- constructors -----------------------------------------------------------------------
    @classmethod
    def from_string(cls, script: str, *, default_timeout: float = 3) -> AppTest:
        """An app from the source of a script (Streamlit's magic applies to bare expressions)."""
        code = compile_cell(textwrap.dedent(script), {})
        return cls(lambda: _exec_fresh(code), default_timeout=default_timeout, name="<string>")

    @classmethod
    def from_file(cls, script_path: str | Path, *, default_timeout: float = 3) -> AppTest:
        """An app from a ``.py`` script.

        As in Streamlit, a relative path is resolved against the folder of the file that
        calls ``from_file`` (the test file), not the current directory.

        Raises
        ------
        FileNotFoundError
            When there is no such file.
        """
        path = Path(script_path)
        if not path.is_absolute():
            caller = sys._getframe(1).f_code.co_filename
            path = Path(caller).parent / path
        if not path.is_file():
            raise FileNotFoundError(
                f"AppTest script not found at {path.resolve()}. A relative path is resolved "
                f"against the folder of the file that calls AppTest.from_file()."
            )
        code = compile_cell(path.read_text(encoding="utf-8"), {})
        at = cls(lambda: _exec_fresh(code, str(path)), default_timeout=default_timeout, name=path.name)
        at.session.script_dir = str(path.resolve().parent)
        return at

    @classmethod
    def from_function(cls, script: Callable[..., Any], *, default_timeout: float = 3,
                      args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None) -> AppTest:
        """An app from a function: its body is the script (imports belong inside it)."""
        source = textwrap.dedent(inspect.getsource(script))
        call = f"\n{script.__name__}(*__args, **__kwargs)\n"
        remember_source(f"<{script.__name__}>", source + call)
        code = compile(source + call, f"<{script.__name__}>", "exec")
        extra = {"__args": tuple(args or ()), "__kwargs": dict(kwargs or {})}
        return cls(lambda: _exec_fresh(code, extra=extra), default_timeout=default_timeout, name=script.__name__)

    @classmethod
    def from_notebook(cls, path: str | Path, cell: int | str | None = None, *, default_timeout: float = 3) -> AppTest:
        """A notebook's apps: every ``%%app`` cell, or the one ``cell`` names.

        Without ``cell``, the whole notebook runs in order in one session, as "Run All" in
        a kernel: ordinary cells as code, every ``%%app`` cell as an app of its own. The
        apps share ``at.session_state`` and react to the keys they read, so a click in one
        app that writes a key another app read reruns that app. Element lists span the
        apps in notebook order, each element's ``.cell`` is the index of its app's cell,
        and ``at.cell(i)`` narrows to one app (``at.app_cells`` lists them).

        With ``cell`` (an index in the notebook or one of the cell's tags), only that app is
        tested: the code cells above it run first, once (earlier apps run as apps).

        Examples
        --------
        >>> at = AppTest.from_notebook("shop.ipynb").run()  # doctest: +SKIP
        >>> at.button(key="add").click().run()  # doctest: +SKIP
        >>> at.cell("totals").markdown[0].value  # doctest: +SKIP
        'Total: 1'
        """
        path = Path(path)
        namespace = new_namespace(path)
        if cell is None:
            cells = load_cells(path)
            at = cls(None, default_timeout=default_timeout, name=str(path))
            at._app_cells = [(c.index, c.tags) for c in cells if c.kind == "app"]

            def run_notebook() -> None:
                run_cells(at.session, cells, namespace, path.name, lambda c, app: at._shown.append((c.index, app)),
                          timed=lambda fn: at._with_timeout(fn, at._timeout))

            at._first_run = run_notebook
        else:
            setup, chosen = load_app_cell(path, cell)
            app_code = compile_cell(chosen.code, {})

            def setup_then_body() -> Callable[[], None]:
                # The cells above run once, in order, in the app's session, as when a user
                # runs the notebook: ordinary cells as code, earlier apps as apps (run once).
                run_cells(current(), setup, namespace, path.name)
                return exec_in(app_code, namespace)

            at = cls(setup_then_body, default_timeout=default_timeout, name=str(path))
            at._app_cells = [(chosen.index, chosen.tags)]
            at._app_cell, at._reactive = chosen.index, chosen.reactive
        at.session.script_dir = str(path.resolve().parent)
        return at

    # -- running -----------------------------------------------------------------------------
    def run(self, *, timeout: float | None = None) -> AppTest:
        """Run the app once, with every staged change delivered as the frontend would.

        For a whole notebook (``from_notebook`` without ``cell``) the first ``run()`` runs
        the notebook. After it, each staged change goes to its app, which reruns, and then,
        as in a kernel, the apps that read a key those runs changed; with nothing staged,
        every app reruns. ``timeout`` is per run of an app (with the reruns it causes).
        """
        return self.run_app(None, timeout)

    def run_app(self, also: App | None, timeout: float | None) -> AppTest:
        """``run()``, rerunning ``also`` too."""
        self._copy_options()
        self.session.test_secrets = self.secrets
        # (a disabled button takes no click: its script sees False)
        staged = self.staging.values.items()
        self.staging.clicked = {w for w, value in staged if w.family.trigger and value and not w.view.disabled}
        self._timeout = timeout
        url = url_of(self.session)
        url.params.replace(parse_query(encode_query(self.query_params)))  # as a URL carries them
        try:
            return self._run_with_url(also, timeout)
        finally:
            self.query_params = url.params.raw()

    def _run_with_url(self, also: App | None, timeout: float | None) -> AppTest:
        with using(self.session):
            if not self._started:
                self._started = True
                self._first_run()
                self.staging.values.clear()
                return self
            # the apps the staged changes go to rerun even when a change is only staged in
            # a form (as Streamlit's run() always reruns its script)
            targets = list(dict.fromkeys(w.app for w in self.staging.values))
            with self.session.hold():
                for widget, value in list(self.staging.values.items()):
                    if widget.closed:
                        continue
                    widget.view.comm.handle_msg(_frontend_message(widget, value))
            self.staging.values.clear()
            # As in a browser: a change inside a fragment reruns only it; anything else (or
            # no change at all) reruns the whole app.
            for app in [*targets, *([also] if also is not None else [])] or [app for _, app in self._shown]:
                if app is also or not self.session.fragment_requested(app):
                    self.session.request_rerun(app)
            self._with_timeout(self.session.flush, timeout)
        return self

    def _run_app_first(self) -> None:
        assert self._body_factory is not None
        app = App(self.session, self._body_factory(), self._name)
        app.reactive = self._reactive
        app.page = self._first_page
        self._shown.append((self._app_cell, app))
        self._with_timeout(app.run, self._timeout)

    def _with_timeout(self, fn: Callable[[], Any], timeout: float | None) -> None:
        seconds = self.default_timeout if timeout is None else timeout
        if threading.current_thread() is not threading.main_thread() or not seconds:
            fn()
            return

        def expire(signum: int, frame: Any) -> None:
            raise _Timeout()

        previous = signal.signal(signal.SIGALRM, expire)
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            fn()
        except _Timeout:
            raise RuntimeError(f"AppTest script run timed out after {seconds}(s)") from None
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def _copy_options(self) -> None:
        outer = current()
        if outer is not self.session:
            for name in _OPTION_TRAITS:
                setattr(self.session, name, getattr(outer, name))

    def switch_page(self, page_path: str) -> AppTest:
        """Run ``page_path`` (relative to the main script's folder) on the next ``run()``.

        Raises
        ------
        ValueError
            When there is no such file, or the app's ``st.navigation`` has no such page.
        """
        folder = Path(self.session.script_dir or ".")
        full = folder / page_path
        if not full.is_file():
            raise ValueError(
                f"Could not find page {page_path!r} relative to the main script's folder {str(folder)!r}. "
                f"Resolved page path: {str(full.resolve())!r}."
            )
        if not self._shown:  # before the first run: the page its file's name gives
            self._first_page = _page_hash_of(full)
        for _cell, app in self._shown:
            with using(self.session):
                page = next((p for p in app.pages if p.matches(full.resolve())), None)
            if app.pages and page is None:
                raise ValueError(f"{page_path!r} is not one of the pages the app passed to st.navigation.")
            if page is not None:
                app.page = page.hash
        return self

    # -- reading (the accessors are Finder's) ------------------------------------------------
    def _harness(self) -> AppTest:
        return self

    def _parts(self) -> list[tuple[int | None, list[Any]]]:
        return app_parts(self._shown)

    @property
    def main(self) -> BlockElement:
        """The main area: ``at.main.button[0]`` (of every app, for a whole notebook)."""
        return main_block(self, self._shown)

    @property
    def sidebar(self) -> BlockElement:
        """The sidebar: ``at.sidebar.slider[0]`` (empty when the app has none)."""
        return sidebar_block(self, self._shown)

    def cell(self, cell: int | str) -> AppCell:
        """One app of the notebook: the ``%%app`` cell at index ``cell``, or the one tagged ``cell``.

        It has the element accessors of ``at`` (``at.cell(3).markdown``, ``.exception``,
        ``.main``, ``.sidebar``) for that app alone, and ``.run()``, which also reruns it.

        Raises
        ------
        ValueError
            When ``cell`` is no ``%%app`` cell this AppTest tests.

        Examples
        --------
        >>> at = AppTest.from_notebook("shop.ipynb").run()  # doctest: +SKIP
        >>> at.cell("totals").markdown[0].value  # doctest: +SKIP
        'Total: 0'
        """
        where = f"AppTest {self._name!r}" + ("" if self._app_cells else " (not from a notebook)")
        index = app_cell_index(self._app_cells, cell, where)
        return AppCell(self, index, dict(self._app_cells)[index])

    @property
    def app_cells(self) -> list[AppCell]:
        """The apps of the notebook, one per ``%%app`` cell, in notebook order (``.index``, ``.tags``)."""
        return [AppCell(self, index, tags) for index, tags in self._app_cells]

    def app_at(self, index: int) -> App | None:
        """The app of the notebook's cell ``index`` (``AppTest.from_notebook``), once it ran."""
        return next((app for cell, app in self._shown if cell == index), None)

    def __repr__(self) -> str:
        return f"<AppTest {self._name!r} ran={self._started}>"


@contextlib.contextmanager
def patch_config_options(config_overrides: dict[str, Any]) -> Iterator[None]:
    """Set options (by their Streamlit names) for the block, then restore them.

    The counterpart of ``streamlit.testing.v1.util.patch_config_options``; it also works
    as a decorator. ``AppTest`` runs inside the block use the patched values.

    Examples
    --------
    >>> from jupyter_state.testing import patch_config_options
    >>> with patch_config_options({"runner.enumCoercion": "off"}):
    ...     AppTest.from_file("app.py").run()  # doctest: +SKIP
    """
    saved = {name: get_option(name) for name in config_overrides}  # unknown names raise here
    try:
        for name, value in config_overrides.items():
            set_option(name, value)
        yield
    finally:
        for name, value in saved.items():
            set_option(name, value)


def _frontend_message(widget: Widget, value: Any) -> dict[str, Any]:
    """The comm message a browser sends for a staged change: a click, or an ``update``.

    Binary values (an upload's file contents) travel as the browser sends them: taken out
    of the state into the message's buffers, their places listed in ``buffer_paths``.
    """
    if widget.family.trigger:
        click = widget.family.click_message(value)
        return {"content": {"data": {"method": "custom", "content": click}}, "buffers": []}
    data = widget.frontend_update(value)
    state, buffer_paths, buffers = _remove_buffers(data["state"])
    return {"content": {"data": {**data, "state": state, "buffer_paths": buffer_paths}}, "buffers": buffers}


def _page_hash_of(path: Path) -> str:
    return hashlib.md5(infer_name(path).encode(), usedforsecurity=False).hexdigest()


def _exec_fresh(code: Any, filename: str = "<app>", extra: dict[str, Any] | None = None) -> Callable[[], None]:
    def body() -> None:
        namespace: dict[str, Any] = {"__name__": "__main__", "__file__": filename, "__jupyter_state_magic__": magic}
        namespace.update(extra or {})
        exec(code, namespace)

    return body
