"""What every widget shares: its identity, its binding to a key, its callback.

A widget function (``st.slider`` ...) describes itself with a :class:`Family` (how to build
the ipywidget, read and write its value, validate a value) and calls :func:`register`,
which is step 4 of the run for one widget: find or create the :class:`Widget` by its id,
decide its value (session state, the frontend, or the default), bind its key, and put it
in the run's output.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ClassVar

import ipywidgets
from ipywidgets.widgets.widget import _put_buffers

from .._caching import in_cached_function
from .._models import shared_parts
from ..errors import (
    CachedWidgetWarning,
    DuplicateElementId,
    DuplicateElementKey,
    InvalidFormCallbackError,
    JupyterStateAPIException,
    ValueAssignmentNotAllowedError,
)
from ..output import error_output
from ..runtime import current
from ..state import _safe_repr, differs, validate_key
from ._values import decide_value

__all__ = ["Family", "Widget", "register"]

_IMMUTABLE = (bool, int, float, str, type(None), tuple)


class Family:
    """How one kind of widget maps Streamlit values onto an ipywidget.

    Subclasses set ``kind`` and implement :meth:`build`, :meth:`configure`, :meth:`read`
    and :meth:`write`; :meth:`validate` checks a value that came from session state.
    """

    kind: ClassVar[str] = "widget"
    #: value traits the frontend changes
    traits: ClassVar[tuple[str, ...]] = ("value",)
    #: True only in the run a click caused (buttons)
    trigger: ClassVar[bool] = False
    #: its key cannot be assigned through session state
    readonly: ClassVar[bool] = False
    #: parameters that stay part of a *keyed* widget's identity
    key_identity: ClassVar[tuple[str, ...]] = ()
    #: :meth:`read` may correct what the frontend sent (a text cut at ``max_chars``, a
    #: rounded float): the kept value is then sent back, so the screen shows it
    corrects_input: ClassVar[bool] = False
    #: a trigger's value between the runs its clicks cause
    resting: ClassVar[Any] = False
    #: False when the view is a container's (a stateful ``st.tabs``): the container shows
    #: and closes it, and changes it makes itself (new tabs) are no user change
    owns_view: ClassVar[bool] = True

    def __init__(self, **params: Any) -> None:
        self.params = params
        self.classes: tuple[str, ...] = ()

    def common(self, view_class: type | None = None) -> dict[str, Any]:
        """Constructor arguments of every view, so its ``comm_open`` already carries them.

        With the ``view_class`` to build, the view gets the layout and style models that
        views of its class share (``_models.py``: two models fewer per widget).
        """
        p = self.params
        visible = p.get("label_visibility", "visible") == "visible"
        style = {"description_width": "initial"}
        return {
            "description": str(p.get("label", "")) if visible else "",
            "tooltip": p.get("help"),
            "_dom_classes": self.classes,
            **(shared_parts(current(), view_class, style) if view_class is not None else {"style": style}),
        }

    def build(self) -> ipywidgets.DOMWidget:
        raise NotImplementedError

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        """Update the view's non-value traits in place (label, options, limits...)."""

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        return view.value

    def read_change(self, view: ipywidgets.DOMWidget, previous: Any) -> Any:
        """The value the frontend sent, given the value it replaces (a multiselect's order)."""
        return self.read(view)

    def trait_values(self, value: Any) -> dict[str, Any]:
        """The view's trait values that show ``value`` (what the frontend would send)."""
        return {self.traits[0]: value}

    def write(self, view: ipywidgets.DOMWidget, value: Any) -> None:
        for name, trait_value in self.trait_values(value).items():
            setattr(view, name, trait_value)

    def validate(self, value: Any, key: str) -> Any:
        """Return the value to use for a session-state value, or raise a clear error."""
        return value

    def fits(self, view: ipywidgets.DOMWidget) -> bool:
        """Whether last run's widget, with ``view``, can be this call's (a container's may not)."""
        return True

    def place(self, run: Any, widget: Widget) -> None:
        """Put the widget in the run's output (a stateful container is there already)."""
        run.add(widget)

    def click_value(self, view: ipywidgets.DOMWidget) -> Any:
        """A trigger's value in the run its click (or submit) causes."""
        return True

    def click_message(self, value: Any) -> dict[str, Any]:
        """The custom message a browser sends for a click that gives a trigger ``value``."""
        return {"event": "click"}


class TriggerFamily(Family):
    """A button-like widget: ``True`` only in the run its click caused; its key is read-only."""

    traits: ClassVar[tuple[str, ...]] = ()
    trigger = True
    readonly = True

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        return False

    def trait_values(self, value: Any) -> dict[str, Any]:
        return {}


class Widget:
    """One widget of an app, alive from its first render until a run leaves it out."""

    def __init__(self, app: Any, wid: str, key: str | None, family: Family, value: Any) -> None:
        self.app = app
        self.id = wid
        self.key = key
        self.family = family
        self.value = value  # the value of the last run (the callback's "old" value)
        self.default = value
        self.callback: Callable[..., Any] | None = None
        self.args: Sequence[Any] = ()
        self.kwargs: dict[str, Any] = {}
        self.form: Any = None
        #: "rerun" (a change runs the app) or "ignore" (the next run gets the value)
        self.mode = "rerun"
        #: the fragment it was rendered in (a change reruns only that fragment), if any
        self.fragment: str | None = None
        self.clicked: Any = family.resting
        self.closed = False
        self._writing = False
        family.classes = (f"jupyter-state-{family.kind}",) + ((f"jupyter-state-key-{_css(key)}",) if key is not None else ())
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
            shell = _shell()
            if shell is None:
                raise
            shell.showtraceback()

    def _refused(self, state: dict[str, Any], exc: Exception) -> None:
        """The kernel refused what the frontend sent: show the kept value again, and say so.

        ipywidgets has already echoed the refused value to every frontend, so without the
        re-send the screen would show a value the kernel does not have.
        """
        from ..elements import alert_element

        names = [name for name in state if name in self.view.keys]
        if names:
            self.view.send_state(names)
        label = self.family.params.get("label", "")
        what = f"st.{self.family.kind}({str(label)!r}{f', key={self.key!r}' if self.key is not None else ''})"
        sent = _cut(", ".join(f"{name}={state[name]!r}" for name in names))
        reason = _cut(f"{exc}")
        self.app.notice(alert_element("warning", f"{what} refused a value from the frontend ({sent}): {reason} It keeps {_cut(_safe_repr(self.value))}."))

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
        return self.view

    def close(self) -> None:
        from ..output import close_view

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


def _shell() -> Any:
    from ..runtime import _get_ipython

    return _get_ipython()


def _cut(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _css(key: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "_" for c in key)


def _widget_id(kind: str, key: str | None, identity: tuple[Any, ...], form: Any) -> str:
    digest = hashlib.md5(repr((kind, key, identity, form)).encode(), usedforsecurity=False)
    return f"$$ID-{digest.hexdigest()}-{key}"


def register(
    family: Family,
    *,
    default: Any,
    key: Any,
    identity: dict[str, Any],
    callback: Callable[..., Any] | str | None,
    args: Sequence[Any] | None,
    kwargs: dict[str, Any] | None,
    disabled: bool,
    default_given: bool = False,
    bind: str | None = None,
) -> Any:
    """Register one widget call of the current run and return its value.

    Parameters
    ----------
    family
        The widget's kind and parameters.
    default
        Its value when neither the frontend nor session state says otherwise.
    key
        The user's key, or None.
    identity
        The parameters that make an unkeyed widget what it is (a change makes a new one).
    callback, args, kwargs
        Called as ``callback(*args, **kwargs)`` before the next run's body when the
        user changed the widget; ``"ignore"`` (from :func:`check_callback`) means a
        change starts no run.
    disabled
        Whether the user may change it.
    default_given
        Whether the caller passed a non-default ``value=``/``index=`` (for the warning
        about setting a value both ways).
    bind
        ``"query-params"``: the value is also the URL's parameter named by the key
        (``_url_bind.py``).
    """
    session = current()
    run = session.run_in_progress
    skey = validate_key(key) if key is not None else None
    if run is None:
        return default  # bare mode: outside an app, widgets return their default
    if in_cached_function():
        run.add(error_output(CachedWidgetWarning()))  # as Streamlit: shown, and the widget still works
    form = run.form
    if form is not None and callback is not None and not family.trigger:
        raise InvalidFormCallbackError(family.kind, form.key)
    if skey is not None:
        ident = tuple(identity.get(name) for name in family.key_identity)
        # As in Streamlit, the page is part of a widget's id (SPEC item 52): None outside pages.
        wid = _widget_id(family.kind, skey, ident, run.page)
        if skey in run.keys:
            raise DuplicateElementKey(skey)
    else:
        # As in Streamlit, an unkeyed widget's place (its form, the sidebar) is part of it.
        place: Any = form.key if form else None
        if run.in_sidebar:
            place = ("sidebar", place)
        if run.page is not None:
            place = ("page", run.page, place)
        wid = _widget_id(family.kind, None, tuple(sorted(identity.items(), key=lambda kv: kv[0])), place)
    if wid in run.ids:
        raise DuplicateElementId(family.kind)
    state = session.state
    if skey is not None and family.readonly and state.was_assigned(skey):
        raise ValueAssignmentNotAllowedError(skey, f"st.{family.kind}")
    run.ids[wid] = None
    if skey is not None:
        run.keys.add(skey)

    app = run.app
    widget = app.widgets.get(wid)
    if widget is not None and not family.fits(widget.view):
        # A stateful container made anew (moved in the tree): its state follows it.
        del app.widgets[wid]
        session.unbind(widget)
        session.pending.pop(widget, None)
        widget.close()
        widget = None
    new = widget is None
    if widget is None:
        widget = Widget(app, wid, skey, family, default)
        app.widgets[wid] = widget
    else:
        previous, widget.family = widget.family, family
        if differs(previous.params, family.params):  # label, options, limits... changed: update in place
            with widget.kernel_side():
                family.configure(widget.view)
    widget.default = default
    widget.mode = "ignore" if callback == "ignore" else "rerun"
    widget.callback = None if isinstance(callback, str) else callback
    widget.fragment = run.fragment
    widget.args = tuple(args) if args is not None else ()
    widget.kwargs = dict(kwargs) if kwargs is not None else {}
    widget.form = form
    if getattr(widget.view, "disabled", disabled) != disabled:  # (st.tabs' view has none)
        widget.view.disabled = disabled

    value = decide_value(session, widget, skey, default, new, default_given)
    if bind is not None and skey is not None:  # the URL's say (_query_params.py)
        from .._url_bind import bind_to_url

        value = bind_to_url(session, widget, skey, value)
    if skey is not None:
        state.freeze(skey, "widget")
    family.place(run, widget)
    return value if isinstance(value, _IMMUTABLE) else copy.deepcopy(value)


def check_callback(callback: Any, name: str = "on_change") -> Callable[..., Any] | str | None:
    """Return ``callback`` if it is callable or None, ``"ignore"`` for that mode; else raise.

    ``on_change`` takes Streamlit 1.67's modes too (SPEC item 27): ``"rerun"`` (the default,
    the same as None) and ``"ignore"`` (the new value waits for the next run). ``on_click``
    and ``on_submit`` take no mode.

    Examples
    --------
    >>> check_callback("ignore"), check_callback("rerun"), check_callback(None)
    ('ignore', None, None)
    """
    if callback is None or callable(callback):
        return callback  # type: ignore[no-any-return]
    if isinstance(callback, str) and callback in ("rerun", "ignore"):
        if name == "on_change":
            return None if callback == "rerun" else callback
        raise UnsupportedModeError(
            f'`{name}="{callback}"` is not supported on this widget: {name} must be a function '
            f"(or None). Pass a callback, or omit `{name}`."
        )
    raise TypeError(
        f"{name} must be a function (or None), got {callback!r} of type "
        f"{type(callback).__name__}. Pass the function itself, for example {name}=my_callback, "
        f"and its arguments with args=(...) and kwargs={{...}}."
    )


class UnsupportedModeError(JupyterStateAPIException, TypeError):
    """A mode string (``"rerun"``, ``"ignore"``) given to a callback that takes none."""


def apply_label(view: ipywidgets.DOMWidget, label: str, label_visibility: str, help: str | None) -> None:
    """Set a view's label and tooltip the way Streamlit's ``label_visibility`` asks."""
    if label_visibility not in ("visible", "hidden", "collapsed"):
        raise ValueError(
            f"label_visibility must be 'visible', 'hidden' or 'collapsed', got {label_visibility!r}."
        )
    description = str(label) if label_visibility == "visible" else ""
    if view.description != description:
        view.description = description
    # "hidden" keeps the label's space (the theme draws it), "collapsed" gives it up.
    hidden = label_visibility == "hidden"
    if hidden != ("jupyter-state-label-hidden" in view._dom_classes):
        (view.add_class if hidden else view.remove_class)("jupyter-state-label-hidden")
    if "tooltip" in view.trait_names() and view.tooltip != help:
        view.tooltip = help
    if "style" in view.trait_names() and hasattr(view.style, "description_width"):
        if view.style.description_width != "initial":
            view.style.description_width = "initial"
