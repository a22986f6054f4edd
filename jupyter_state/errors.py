"""The errors jupyter_state raises.

Every class carries the name a Streamlit user knows, without the ``Streamlit`` prefix, and
all of them derive from :class:`JupyterStateAPIException`, so ``except
st.errors.JupyterStateAPIException`` catches any misuse of the API. Messages say what went
wrong, for which key, and what to do instead.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DuplicateElementId",
    "DuplicateElementKey",
    "DuplicateWidgetID",
    "InvalidFormCallbackError",
    "InvalidLayoutContextError",
    "JupyterStateAPIException",
    "JupyterStateValueError",
    "NotProvidedError",
    "RerunException",
    "SelectionCountExceedsMaxError",
    "SessionStateAttributeError",
    "SessionStateKeyError",
    "StopException",
    "UnserializableSessionStateError",
    "ValueAboveMaxError",
    "ValueAssignmentNotAllowedError",
    "ValueBelowMinError",
    "WidgetAlreadyInstantiatedError",
]

_INIT_HINT = (
    "Initialize it first, for example:\n\n"
    "    if {key!r} not in st.session_state:\n"
    "        st.session_state[{key!r}] = ..."
)
_FORMS_DOC = (
    "\n\nA form collects the values of the widgets inside it and sends them together when "
    "one of its st.form_submit_button() is clicked."
)


class JupyterStateAPIException(Exception):
    """Base class of every error raised for misuse of the jupyter_state API."""


class JupyterStateValueError(JupyterStateAPIException, ValueError):
    """An argument has a value the API cannot accept."""


class NotProvidedError(JupyterStateAPIException, AttributeError):
    """A Streamlit function or object that jupyter_state does not have (yet): ``st.columns``.

    An ``AttributeError``, so ``hasattr(st, "columns")`` stays False.
    """


class SessionStateKeyError(KeyError):
    """A key was read or deleted from ``st.session_state`` before it was set."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"st.session_state has no key {key!r}. Did you forget to initialize it? "
            + _INIT_HINT.format(key=key)
        )

    def __str__(self) -> str:
        return str(self.args[0])


class SessionStateAttributeError(AttributeError):
    """An attribute was read or deleted from ``st.session_state`` before it was set."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"st.session_state has no attribute {key!r}. Did you forget to initialize it? "
            f"Initialize it first, for example:\n\n"
            f"    if {key!r} not in st.session_state:\n"
            f"        st.session_state.{key} = ..."
        )


class WidgetAlreadyInstantiatedError(JupyterStateAPIException):
    """A widget's key was assigned after the widget was created in the same run."""

    def __init__(self, key: str, what: str = "widget") -> None:
        self.key = key
        super().__init__(
            f"st.session_state[{key!r}] cannot be modified after the {what} with that key "
            f"was created in this run. Assign st.session_state[{key!r}] before creating the "
            f"{what}, or change it from an on_change/on_click callback, which runs before "
            f"any widget is created."
        )


class ValueAssignmentNotAllowedError(JupyterStateAPIException):
    """The key of a read-only widget (buttons, forms, uploads) was set via session state."""

    def __init__(self, key: str, what: str = "widget") -> None:
        self.key = key
        super().__init__(
            f"st.session_state[{key!r}] belongs to a {what}, whose value cannot be set "
            f"through st.session_state. Store your value under a different key, for example "
            f"st.session_state[{key + '_value'!r}]."
        )


class DuplicateWidgetID(JupyterStateAPIException):
    """Two elements of one run have the same identity."""


class DuplicateElementKey(DuplicateWidgetID):
    """Two elements of one run were given the same ``key``."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(
            f"There are multiple elements with the same key={key!r} in this run. "
            f"Give each element a unique key."
        )


class DuplicateElementId(DuplicateWidgetID):
    """Two unkeyed widgets of one run have the same type and parameters."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(
            f"There are multiple st.{kind} widgets with the same parameters in this run, so "
            f"they cannot be told apart. Pass a unique key= to each st.{kind}."
        )


class InvalidFormCallbackError(JupyterStateAPIException):
    """A widget inside a form was given a callback."""

    def __init__(self, kind: str = "widget", form: str | None = None) -> None:
        where = f"form {form!r}" if form else "a form"
        super().__init__(
            f"st.{kind} inside {where} cannot have a callback: inside a form only "
            f"st.form_submit_button may have on_click. Move the callback to the form's "
            f"submit button, or move the widget out of the form." + _FORMS_DOC
        )


class InvalidLayoutContextError(JupyterStateAPIException):
    """An element was used where the layout does not allow it (forms)."""

    @classmethod
    def with_forms_doc(cls, message: str) -> InvalidLayoutContextError:
        return cls(message + _FORMS_DOC)


class ValueAboveMaxError(JupyterStateValueError):
    """A widget value is greater than its ``max_value``."""

    def __init__(self, value: Any, max_value: Any, key: str | None = None) -> None:
        where = f" of the widget with key {key!r}" if key else ""
        super().__init__(
            f"The value {value!r}{where} is greater than max_value {max_value!r}. "
            f"Set a value within [min_value, max_value], or raise max_value."
        )


class ValueBelowMinError(JupyterStateValueError):
    """A widget value is less than its ``min_value``."""

    def __init__(self, value: Any, min_value: Any, key: str | None = None) -> None:
        where = f" of the widget with key {key!r}" if key else ""
        super().__init__(
            f"The value {value!r}{where} is less than min_value {min_value!r}. "
            f"Set a value within [min_value, max_value], or lower min_value."
        )


class SelectionCountExceedsMaxError(JupyterStateAPIException):
    """A multiselect holds more options than its ``max_selections``."""


class UnserializableSessionStateError(JupyterStateAPIException):
    """A session-state value cannot be pickled while enforcement is on."""

    def __init__(self, key: str, value: Any, reason: BaseException | None = None) -> None:
        self.key = key
        detail = f" ({type(reason).__name__}: {reason})" if reason else ""
        super().__init__(
            f"Cannot serialize the value of type {type(value)!r} stored at "
            f"st.session_state[{key!r}]{detail}. The option "
            f"runner.enforceSerializableSessionState is on, so every value must be "
            f"pickle-serializable. Store a picklable value instead (for example plain data "
            f"rather than a lambda, generator or open file), or turn the option off with "
            f"st.set_option('runner.enforceSerializableSessionState', False)."
        )


class RerunException(BaseException):
    """Raised by ``st.rerun()`` to end the current run and start a new one.

    It derives from ``BaseException`` so ``except Exception`` in user code does not swallow it.
    """


class StopException(BaseException):
    """Raised by ``st.stop()`` to end the current run quietly."""
