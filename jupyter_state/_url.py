"""The session's URL: where ``st.query_params`` comes from and goes to.

Where the URL comes from: one :class:`Url` per session. Under Voilà the kernel starts with
the page's query string in ``QUERY_STRING``, so the first run already sees it. In any
frontend, an app that uses the URL gets a hidden view (``static/url.js``) in its output:
when it is first shown it reports the page's query string (in JupyterLab, the top
window's), and the kernel reruns the apps that use the URL if it is not the one they saw;
every change the kernel makes is written back with ``history.replaceState`` (no reload, no
new history entry). Widgets bound to the URL are in ``_url_bind.py``.
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator, Mapping, MutableMapping
from typing import TYPE_CHECKING, Any

import ipywidgets

from ._context import Session, current, is_kernel_session
from ._query_params import QueryParams, missing_message, parse_query
from .page import under_voila

if TYPE_CHECKING:
    from .app import App

__all__ = ["QueryParamsProxy", "Url", "url_of"]


class Url:
    """The URL of one session: its parameters and the views that show it in the page."""

    def __init__(self, session: Session, params: Mapping[str, str | list[str]] | None = None) -> None:
        self.session_ref = weakref.ref(session)
        self.params = QueryParams(params)
        self.params.on_change = self._push
        #: the apps that use the URL, with their view
        self.views: weakref.WeakKeyDictionary[App, Any] = weakref.WeakKeyDictionary()
        #: how many times the page reported a URL the kernel did not have (a bound widget
        #: takes the URL's value once per epoch)
        self.epoch = 0
        #: the epoch each bound widget last took its value from the URL in
        self.seeded: weakref.WeakKeyDictionary[Any, int] = weakref.WeakKeyDictionary()
        #: the epoch each app last took its page (``st_page``) from the URL in
        self.page_epoch: weakref.WeakKeyDictionary[App, int] = weakref.WeakKeyDictionary()
        #: the run the bound widgets are seeded in, and the parameters when it began
        self._run: Any = None
        self._at_start: dict[str, str | list[str]] = {}

    # -- the parameters when the run began (what bound widgets start from) -------------------
    def at_run_start(self, run: Any) -> dict[str, str | list[str]]:
        if run is not self._run:
            self._run = run
            self._at_start = self.params.raw()
        return self._at_start

    def note_run(self, run: Any) -> None:
        """Remember the parameters the run ``run`` began with (called at its first URL use)."""
        self.at_run_start(run)

    # -- the views ---------------------------------------------------------------------------
    def attach(self, app: App) -> None:
        """Give ``app`` the hidden view that reads and writes the page's URL (once)."""
        if app in self.views or app.closed:
            return
        from .widgets._views import UrlView  # anywidget, with the first app that uses the URL

        view = UrlView(query=self.params.query_string(), layout=ipywidgets.Layout(display="none"))
        view.on_msg(self._on_view_msg)
        self.views[app] = view
        app.add_hidden_view(view)

    def _push(self) -> None:
        query = self.params.query_string()
        for app, view in list(self.views.items()):
            if app.closed or view.comm is None:
                continue
            if view.query != query:
                view.query = query

    def _on_view_msg(self, view: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict) or content.get("event") != "location":
            return
        query = content.get("search")
        if not isinstance(query, str):
            return
        query = query[1:] if query.startswith("?") else query
        reported = parse_query(query)
        session = self.session_ref()
        if session is None:
            return
        if reported != self.params.raw():
            # The page's URL is not the one the apps ran with (a link, a reload): it wins,
            # as a page load does in Streamlit, and the apps that use it run again.
            self.epoch += 1
            self.params.replace(reported)
            for app in list(self.views):
                session.request_rerun(app)
            with session.timeline.caused_by("url", f"the page's URL: ?{query}" if query else "the page's URL"):
                session.after_frontend_message()
        # Whatever happened, the page shows the kernel's URL from now on.
        view.send({"event": "apply", "query": self.params.query_string()})


_urls: weakref.WeakKeyDictionary[Any, Url] = weakref.WeakKeyDictionary()


def url_of(session: Session) -> Url:
    """The session's URL, made on first use (under Voilà, from the page's query string)."""
    url = _urls.get(session)
    if url is None:
        start = parse_query(os.environ.get("QUERY_STRING", "")) if under_voila() and is_kernel_session(session) else {}
        url = _urls[session] = Url(session, start)
        session.subscribe(_after_run)
    return url


def _after_run(session: Session) -> None:
    """After a run (or a cell): parameters of bound widgets that are gone leave the URL."""
    url = _urls.get(session)
    if url is None or not url.params.bound:
        return
    live = {w.id: w for app in session.apps for w in app.widgets.values()}
    for key, wid in list(url.params.bound.items()):
        widget = live.get(wid)
        if widget is None or widget.closed:
            del url.params.bound[key]
            url.params.discard(key)


def _using_url() -> QueryParams:
    """The current session's parameters; inside a run, its app gets the URL view."""
    session = current()
    url = url_of(session)
    run = session.run_in_progress
    if run is not None:
        url.note_run(run)
        url.attach(run.app)
    return url.params


class QueryParamsProxy(MutableMapping[str, str]):
    """``st.query_params``: the current session's :class:`QueryParams`, with attribute access.

    Examples
    --------
    >>> st.query_params["page"] = "2"  # doctest: +SKIP
    >>> st.query_params.page  # doctest: +SKIP
    '2'
    """

    def __iter__(self) -> Iterator[str]:
        return iter(_using_url())

    def __len__(self) -> int:
        return len(_using_url())

    def __str__(self) -> str:
        return str(_using_url())

    def __repr__(self) -> str:
        return repr(_using_url().to_dict())

    def __contains__(self, key: object) -> bool:
        return key in _using_url()

    def __getitem__(self, key: str) -> str:
        return _using_url()[key]

    def __setitem__(self, key: str, value: Any) -> None:
        _using_url()[key] = value

    def __delitem__(self, key: str) -> None:
        _using_url().__delitem__(key)

    def __getattr__(self, key: str) -> str:
        if key.startswith("__"):
            raise AttributeError(key)
        try:
            return _using_url()[key]
        except KeyError:
            raise AttributeError(f'st.query_params has no attribute "{key}".') from None

    def __setattr__(self, key: str, value: Any) -> None:
        _using_url()[key] = value

    def __delattr__(self, key: str) -> None:
        try:
            del _using_url()[key]
        except KeyError:
            raise AttributeError(missing_message(key)) from None

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self.to_dict() == dict(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def update(self, params: Any = (), /, **kwds: Any) -> None:  # type: ignore[override]
        """Set several parameters at once: a mapping or ``(key, value)`` pairs, then keywords."""
        _using_url().update(params, **kwds)

    def get_all(self, key: str) -> list[str]:
        """Every value of a repeated parameter (``?tag=a&tag=b``); ``[]`` when absent."""
        return _using_url().get_all(key)

    def clear(self) -> None:
        """Remove every query parameter from the page's URL."""
        _using_url().clear()

    def to_dict(self) -> dict[str, str]:
        """The parameters as a dict (a repeated one gives its last value)."""
        return _using_url().to_dict()

    def from_dict(self, params: Any) -> None:
        """Replace all parameters by ``params`` (a mapping or pairs; a list repeats a key)."""
        _using_url().from_dict(params)
