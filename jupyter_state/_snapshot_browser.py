"""Under Voilà, ``st.remember`` keeps each visitor's state in their own browser.

A Voilà kernel serves one visitor, and a reload gets a new kernel. A file on the server
would be shared by every visitor of the dashboard (all their kernels run as the same
user), so under Voilà nothing is written on the server: the snapshot lives in the
visitor's ``localStorage``, keyed by the page's path, through a hidden view in the app
(``SavedStateView``, ``static/saved_state.js``), as the URL binding does for the query string
(``_url.py``).

How the kernel knows it is under Voilà: Voilà sets ``VOILA_BASE_URL`` (and
``SERVER_SOFTWARE=voila/...``) in its kernels' environment (:func:`jupyter_state.page.under_voila`).

The order of things: the first run of the app has no copy yet (the page has not answered);
when the view is shown it sends the browser's copy, the kernel decodes it (the JSON codec
only, never a pickle: the copy comes from a browser), puts the values back and reruns the
apps. From then on every completed run that changed what is remembered sends the new copy.
A browser copy is not signed: it can only change its own visitor's session, and decoding
JSON runs no code.
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import ipywidgets

from ._snapshot_store import FORMAT, VERSION, Snapshot

if TYPE_CHECKING:
    from .app import App

__all__ = ["BrowserStore"]

WHERE = "this browser's local storage"


class BrowserStore:
    """The visitor's copy of the snapshot, in their browser (same methods as ``SnapshotFile``)."""

    #: a copy from a browser is decoded as JSON, never unpickled, and written as JSON
    json_only = True

    def __init__(self, notebook: str) -> None:
        self.notebook = notebook
        self.path = WHERE
        #: the hidden views that talk to the page, one per app that called st.remember
        self.views: weakref.WeakKeyDictionary[App, Any] = weakref.WeakKeyDictionary()
        #: whether the page has sent its copy (nothing is sent before: it would replace it)
        self.ready = False
        self.last_written: str | None = None
        #: called with the browser's copy (a Snapshot, None, or a reason it is unusable)
        self.on_stored: Callable[[Snapshot | None, str | None], None] | None = None
        #: what the page said when it could not store a copy (quota full, storage off)
        self.error: str | None = None

    def attach(self, app: App) -> None:
        """Give ``app`` the hidden view that reads and writes the browser's copy (once)."""
        if app in self.views or app.closed:
            return
        from .widgets._views import SavedStateView  # anywidget, with the first app that remembers

        view = SavedStateView(layout=ipywidgets.Layout(display="none"))
        view.on_msg(self._on_view_msg)
        self.views[app] = view
        app.add_hidden_view(view)

    def _on_view_msg(self, view: Any, content: Any, buffers: Any) -> None:
        if not isinstance(content, dict):
            return
        if content.get("event") == "error":
            self.error = str(content.get("error"))
            return
        if content.get("event") != "stored" or self.ready:
            return  # the first view shown answers for the session
        self.ready = True
        if content.get("storage") is False:
            self.error = "this browser does not let the page use local storage"
        snapshot, problem = _parse(content.get("snapshot"))
        if snapshot is not None:
            self.last_written = _body(self.notebook, snapshot)
        if self.on_stored is not None:
            self.on_stored(snapshot, problem)

    # -- what SavedState asks of a store ------------------------------------------------------
    def exists(self) -> bool:
        return bool(self.last_written)

    def read(self) -> Snapshot | None:
        return None  # the page sends its copy when the view is shown (``on_stored``)

    def write(self, snapshot: Snapshot) -> bool:
        """Send ``snapshot`` to the page if it changed; False before the page answered."""
        if not self.ready:
            return False
        body = _body(self.notebook, snapshot)
        if body == self.last_written:
            return False
        self._send({"event": "save", "snapshot": body})
        self.last_written = body
        return True

    def delete(self) -> bool:
        had = self.exists()
        self._send({"event": "forget"})
        self.last_written = None
        return had

    def forgot(self, snapshot: Snapshot) -> None:
        self.last_written = _body(self.notebook, snapshot)

    def trust(self) -> bool:
        return False  # a browser's copy is never signed, and never needs to be

    def _send(self, message: dict[str, Any]) -> None:
        for app, view in list(self.views.items()):
            if not app.closed and view.comm is not None:
                view.send(message)
                return


def _body(notebook: str, snapshot: Snapshot) -> str:
    document = {"format": FORMAT, "version": VERSION, "notebook": notebook, "codec": "json", "keys": snapshot.keys}
    return json.dumps(document, sort_keys=True, separators=(",", ":"))


def _parse(text: Any) -> tuple[Snapshot | None, str | None]:
    """The browser's copy as a Snapshot, or why it cannot be used."""
    if text is None:
        return None, None
    try:
        document = json.loads(text) if isinstance(text, str) else None
    except ValueError as exc:
        return None, f"it is not JSON ({exc})"
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        return None, "it is not a jupyter_state snapshot"
    if document.get("codec") != "json" or not isinstance(document.get("keys"), dict):
        return None, "it is not a JSON snapshot (a browser's copy is never unpickled)"
    return Snapshot("json", document["keys"]), None
