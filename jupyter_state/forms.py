"""Forms: ``st.form`` batches the input of the widgets inside it until a submit.

Widgets inside a form never start a run. What the user enters is *staged* (the ipywidget
holds it, so a page reload keeps it) and applied together, before the submit button's
callback, when a ``st.form_submit_button`` is clicked (or Enter is pressed in a text
input of the form).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import ipywidgets

from ._context import Run, current
from .blocks import Container
from .errors import (
    DuplicateElementKey,
    InvalidLayoutContextError,
    ValueAssignmentNotAllowedError,
)
from .output import display_element
from .state import validate_key
from .widgets.buttons import ButtonFamily, register_button

if TYPE_CHECKING:
    from .widgets._base import Widget

__all__ = ["Form", "form", "form_submit_button"]

_MISSING_SUBMIT = (
    "**Missing Submit Button**\n\nThis form has no submit button, so what is entered in it "
    "will never reach your app. Add one with `st.form_submit_button()` inside the form."
)


class Form(Container):
    """A form of an app: a container whose members' values are staged for the next submit.

    Use it as a context manager, or call widget functions on it (``f.slider(...)``).
    """

    kind = "form"
    method_owner = "a form"

    def __init__(self, key: str) -> None:
        super().__init__(f"form:{key}")
        self.key = key
        #: members whose frontend value awaits the next submit, in arrival order
        self.staged: dict[Widget, None] = {}
        self.submitted = False
        # set anew by every run that renders the form
        self.submitters: list[Widget] = []
        self.clear_on_submit = False
        self.enter_to_submit = True

    def __repr__(self) -> str:
        return f"<jupyter_state Form {self.key!r}>"

    # -- the run side ------------------------------------------------------------------
    def begin(self, run: Run, parent: Any, params: dict[str, Any]) -> None:
        """Start this run's life of the form: it collects this run's submit buttons and takes its options."""
        super().begin(run, parent, params)
        self.form = self  # its elements, and those of containers inside it, are its members
        self.submitters = []
        self.clear_on_submit = params["clear_on_submit"]
        self.enter_to_submit = params["enter_to_submit"]

    def configure(self, params: dict[str, Any]) -> None:
        """Draw or remove the form's border, as ``border`` says."""
        border = params["border"]
        border_css = "1px solid rgba(128, 128, 128, 0.35)" if border else None
        if self.box.layout.border != border_css:
            self.box.layout.border = border_css
            self.box.layout.padding = "0.5em 0.75em" if border else None
            self.box.layout.margin = "0.25em 0"

    def __enter__(self) -> Form:
        run = self.live_run()
        if run is None:
            return self  # bare mode, or a stale handle: widgets fall back to their defaults
        if run.form is not None and run.form is not self:
            raise InvalidLayoutContextError(
                "Forms cannot be nested in other forms: close the outer `with st.form(...)` block first."
            )
        run.enter(self)
        return self

    def render_view(self) -> ipywidgets.Box:
        """Show the form's elements, with an error in place of a missing submit button."""
        elements = self.elements
        if not self.submitters:
            mimes = {"text/markdown": _MISSING_SUBMIT, "text/plain": _MISSING_SUBMIT}
            elements = [*elements, display_element("error", _MISSING_SUBMIT, mimes)]
        self.block.render(elements)
        return self.box

    # -- the frontend side --------------------------------------------------------------
    def stage(self, widget: Widget) -> None:
        """Hold a member's new value until the next submit."""
        self.staged[widget] = None

    def take_staged(self) -> list[Widget]:
        """The staged members, for a submit: they are applied before the submit button."""
        self.submitted = True
        staged, self.staged = list(self.staged), {}
        return staged

    def after_submit(self, members: list[Widget]) -> None:
        """After a submit run: with ``clear_on_submit``, show the defaults again.

        The defaults are staged, so they reach session state at the next submit, while
        session state keeps the submitted values until then (as in Streamlit).
        """
        self.submitted = False
        if not self.clear_on_submit:
            return
        for widget in members:
            if not widget.family.trigger and not widget.closed:
                widget.push(widget.default)
                self.staged[widget] = None

    def submit_by_enter(self) -> None:
        """Enter in a text input of the form: the same as clicking its first submit button."""
        if not self.enter_to_submit or not self.submitters:
            return
        first = self.submitters[0]
        if first.closed or first.view.disabled:
            return
        first.clicked = True
        first.app.session.note_change(first)


def form(key: str, clear_on_submit: bool = False, *, enter_to_submit: bool = True, border: bool = True) -> Form:
    """Create a form that batches its widgets' input until a submit button is clicked.

    Parameters
    ----------
    key : str
        Identifies the form; unique in the app. It is not an entry of ``st.session_state``.
    clear_on_submit : bool
        Show the widgets' defaults again after each submit.
    enter_to_submit : bool
        Pressing Enter in a text input of the form submits it.
    border : bool
        Draw a border around the form.

    Examples
    --------
    >>> def form_callback():
    ...     st.write(st.session_state.my_slider, st.session_state.my_checkbox)
    >>> with st.form(key="my_form"):
    ...     st.slider("My slider", 0, 10, 5, key="my_slider")
    ...     st.checkbox("Yes or No", key="my_checkbox")
    ...     st.form_submit_button("Submit", on_click=form_callback)  # doctest: +SKIP
    """
    session = current()
    run = session.run_in_progress
    skey = validate_key(key)
    if run is None:
        return Form(skey)  # bare mode
    if run.form is not None:
        raise InvalidLayoutContextError(
            "Forms cannot be nested in other forms: close the outer `with st.form(...)` block first."
        )
    if skey in run.form_keys:
        raise DuplicateElementKey(skey)
    if session.state.was_assigned(skey):
        raise ValueAssignmentNotAllowedError(skey, "st.form")
    run.form_keys.add(skey)
    the_form = run.app.forms.get(skey)
    if the_form is None:
        the_form = run.app.forms[skey] = Form(skey)
    parent = run.container
    params = {"clear_on_submit": clear_on_submit, "enter_to_submit": enter_to_submit, "border": border}
    the_form.begin(run, parent, params)
    parent.add(the_form)
    session.state.freeze(skey, "form")
    return the_form


class SubmitFamily(ButtonFamily):
    kind = "form_submit_button"


def form_submit_button(
    label: str = "Submit",
    help: str | None = None,
    on_click: Callable[..., Any] | None = None,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    *,
    key: str | int | None = None,
    type: str = "secondary",
    icon: str | None = None,
    disabled: bool = False,
    use_container_width: bool | None = None,
    width: int | str = "content",
) -> bool:
    """Display a form's submit button; return ``True`` only in the run its click caused.

    A click applies every value entered in the form, runs ``on_click(*args, **kwargs)``
    (which sees the submitted values in ``st.session_state``), then reruns the app.
    Without ``key`` the button's key is ``"FormSubmitter:{form_key}-{label}"``.

    Examples
    --------
    >>> with st.form("search"):
    ...     query = st.text_input("Query")
    ...     if st.form_submit_button("Search"):
    ...         st.write("Searching for", query)  # doctest: +SKIP
    """
    run = current().run_in_progress
    if run is None:
        return False
    the_form = run.form
    if the_form is None:
        raise InvalidLayoutContextError.with_forms_doc(
            f"st.form_submit_button({label!r}) must be used inside an st.form(): put it in a "
            "`with st.form(key):` block, or use st.button() outside forms."
        )
    if key is None:
        key = f"FormSubmitter:{the_form.key}-{label}"
    clicked = register_button(SubmitFamily, label, key, help, on_click, args, kwargs, type, icon, disabled,
                              use_container_width, width)
    the_form.submitters.append(_last_widget(run))
    return bool(clicked)


def _last_widget(run: Run) -> Widget:
    button: Widget = run.target[-1]  # register() has just added it to the form's elements
    return button
