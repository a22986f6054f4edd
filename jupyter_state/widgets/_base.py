"""The widget record: one widget of an app, from its first render until a run leaves it out.

A :class:`Widget` holds its identity (id, key), its :class:`~jupyter_state.widgets._family.Family`
(the adapter to its ipywidget view), its callback, and the plumbing of its comm: what the
frontend sends becomes a change the session is told about (``note_change``); what the
kernel decides is pushed back. ``_binding.py`` creates widgets and decides their values.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets
from ipywidgets.widgets.widget import _put_buffers

from .._display import safe_repr
from .._kernel import shell
from ..app import App
from ..elements import alert_element
from ..output import close_view
from ..state import differs
from ._family import Family

if TYPE_CHECKING:
    from ..forms import Form

__all__ = ["Widget"]


class Widget:
    """One widget of an app, alive from its first render until a run leaves it out."""

    def __init__(self, app: App, wid: str, key: str | None, family: Family, value: Any) -> None:
        self.app = app
        self.id = wid
        self.key = key
        self.family = family
        self.value = value  # the value of the last run (the callback's "old" value)
        self.default = value
        self.callback: Callable[..., Any] | None = None
        self.args: Sequence[Any] = ()
        self.kwargs: dict[str, Any] = {}
        self.form: Form | None = None
        #: "rerun" (a change runs the app) or "ignore" (the next run gets the value)
        self.mode = "rerun"
        #: the fragment it was rendered in (a change reruns only that fragment), if any
        self.fragment: str | None = None
        #: ``persist_state``: None, "page" or "session" (what a run that leaves it out keeps)
        self.persist: str | None = None
        #: whether it is bound to the URL (``bind="query-params"``: its key outlives it too)
        self.url_bound = False
        #: the app's page when it was last rendered (``App.page``)
        self.page: str | None = None
        self.clicked: Any = family.resting
        self.closed = False
        self._writing = False
        key_class = (f"jupyter-state-key-{_css(key)}",) if key is not None else ()
        family.classes = (f"jupyter-state-{family.kind}",) + key_class
        self.view = family.build()
        if family.traits:  # traitlets reads names=[] as "every trait" (a button has none)
            self.view.observe(self._on_frontend_change, names=list(family.traits))
        if family.trigger:
            self.view.on_click(self._on_click)
        else:
            self.view.on_msg(self._on_custom_msg)
        comm = getattr(self.view, "comm", None)
        if comm is not None:
            # Run the app once the whole message is handled, not inside ipywidgets' set_state.
            comm.on_msg(self._on_comm_msg)

    def __repr__(self) -> str:
        return f"<Widget {self.family.kind} key={self.key!r} value={self.value!r}>"

    # -- the frontend side ------------------------------------------------------------
    def _on_comm_msg(self, msg: dict[str, Any]) -> None:
        data = (msg.get("content") or {}).get("data") or {}
        if data.get("method") == "update" and isinstance(data.get("state"), dict):
            # ipywidgets' own handler only logs a refused value (or shows it on iopub, which
            # JupyterLab never shows), so the update is applied here, where it can be answered.
            try:
                if "buffer_paths" in data:
                    _put_buffers(data["state"], data["buffer_paths"], msg.get("buffers") or [])
                self.view.set_state(data["state"])
            except Exception as exc:  # a wrong type, NaN...: the widget keeps its value
                self._refused(data["state"], exc)
        else:
            self.view._handle_msg(msg)
        try:
            # Enter in a form's text input: the browser sends the value right after it.
            self.app.session.after_frontend_message(expect_more=_is_submit(msg))
        except Exception:
            # ipykernel only logs errors raised in comm handlers; show them instead.
            ipython = shell()
            if ipython is None:
                raise
            ipython.showtraceback()

    def _refused(self, state: dict[str, Any], exc: Exception) -> None:
        """The kernel refused what the frontend sent: show the kept value again, and say so.

        ipywidgets has already echoed the refused value to every frontend, so without the
        re-send the screen would show a value the kernel does not have.
        """
        names = [name for name in state if name in self.view.keys]
        if names:
            self.view.send_state(names)
        label = self.family.params.get("label", "")
        what = f"st.{self.family.kind}({str(label)!r}{f', key={self.key!r}' if self.key is not None else ''})"
        sent = _cut(", ".join(f"{name}={state[name]!r}" for name in names))
        reason = _cut(f"{exc}")
        kept = _cut(safe_repr(self.value))
        message = f"{what} refused a value from the frontend ({sent}): {reason} It keeps {kept}."
        self.app.notice(alert_element("warning", message))

    def _on_frontend_change(self, change: dict[str, Any]) -> None:
        if self._writing or self.closed:
            return
        if not self.family.owns_view and change["name"] not in self.view._property_lock:
            return  # its container changed it (ipywidgets locks what a comm update sets)
        self.app.session.note_change(self)

    def _on_custom_msg(self, _view: Any, content: Any, buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit" and self.form is not None:
            self.form.submit_by_enter()

    def _on_click(self, _view: Any) -> None:
        if not self.closed and not self.view.disabled:
            self.clicked = self.family.click_value(self.view)
            self.app.session.note_change(self)

    def frontend_update(self, value: Any) -> dict[str, Any]:
        """The ``update`` message a frontend sends when the user sets ``value``."""
        view = self.view
        state = {}
        for name, trait_value in self.family.trait_values(value).items():
            to_json = view.trait_metadata(name, "to_json", view._trait_to_json)
            state[name] = _as_browser_json(to_json(trait_value, view))
        return {"method": "update", "state": state, "buffer_paths": []}

    def read_frontend(self) -> Any:
        """The value the frontend holds now, as the widget function returns it."""
        if self.family.trigger:
            return self.clicked
        return self.family.read_change(self.view, self.value)

    # -- the kernel side --------------------------------------------------------------
    def commit(self, value: Any) -> None:
        """Make ``value`` the widget's value (and its key's) without pushing it."""
        if self.family.trigger:
            self.clicked = value
        self.value = value
        if self.key is not None and self in self.app.session.bound.get(self.key, ()):
            self.app.session.state.set_widget_value(self.key, value)

    @contextlib.contextmanager
    def kernel_side(self) -> Iterator[None]:
        """Writes to the view inside this block are the kernel's, never a user change."""
        self._writing = True
        try:
            with self.view.hold_sync():
                yield
        finally:
            self._writing = False

    def push(self, value: Any) -> None:
        """Show ``value`` in the frontend."""
        with self.kernel_side():
            self.family.write(self.view, value)

    def show_kept(self) -> None:
        """Re-send the kept value when the view holds another (an input rounded or cut)."""
        if not self.family.corrects_input:
            return
        wanted = self.family.trait_values(self.value)
        if any(differs(getattr(self.view, name), value) for name, value in wanted.items()):
            self.push(self.value)

    def reset_trigger(self) -> None:
        """End a click: the trigger reads ``False`` again; a key the run deleted stays deleted."""
        self.clicked = self.value = self.family.resting
        state = self.app.session.state
        if self.key is not None and state.holds(self.key) and self in self.app.session.bound.get(self.key, ()):
            state.set_widget_value(self.key, self.family.resting)

    def render_view(self) -> ipywidgets.DOMWidget:
        """The view the app shows for the widget."""
        return self.view

    def close(self) -> None:
        """Close the widget: its view, unless a container owns it."""
        self.closed = True
        if self.family.owns_view:
            close_view(self.view)
            return
        # The container keeps its view: it only stops being a widget.
        self.view.unobserve(self._on_frontend_change, names=list(self.family.traits))
        self.view.on_msg(self._on_custom_msg, remove=True)
        comm = getattr(self.view, "comm", None)
        if comm is not None and getattr(comm, "_msg_callback", None) == self._on_comm_msg:
            comm.on_msg(self.view._handle_msg)  # (unless a newer widget of the container has it)


def _as_browser_json(value: Any) -> Any:
    """JSON as a browser writes it: JavaScript has one number type, so 2.0 is sent as 2."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _as_browser_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_as_browser_json(v) for v in value]
    return value


def _is_submit(msg: dict[str, Any]) -> bool:
    data = msg.get("content", {}).get("data", {})
    return data.get("method") == "custom" and (data.get("content") or {}).get("event") == "submit"


def _cut(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _css(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


