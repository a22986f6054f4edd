"""The errors jupyter_state raises.

Every class carries the name a Streamlit user knows, without the ``Streamlit`` prefix, and
all of them derive from :class:`JupyterStateAPIException`, so ``except
st.errors.JupyterStateAPIException`` catches any misuse of the API. Messages say what went
wrong, for which key, and what to do instead.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BadTimeStringError",
    "CachedWidgetWarning",
    "DuplicateElementId",
    "DuplicateElementKey",
    "DuplicateWidgetID",
    "InvalidColumnSpecError",
    "InvalidFormCallbackError",
    "InvalidHeightError",
    "InvalidLayoutContextError",
    "InvalidParameterTypeError",
    "InvalidWidthError",
    "JupyterStateAPIException",
    "JupyterStateValueError",
    "MissingRequiredParameterError",
    "NotProvidedError",
    "RerunException",
    "SecretNotFoundError",
    "SelectionCountExceedsMaxError",
    "SessionStateAttributeError",
    "SessionStateKeyError",
    "StopException",
    "UnhashableParamError",
    "UnsafePersistError",
    "UnserializableReturnValueError",
    "UnserializableSessionStateError",
    "ValueAboveMaxError",
    "ValueAssignmentNotAllowedError",
    "ValueBelowMinError",
    "ValueOutOfRangeError",
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

    @classmethod
    def invalid(cls, parameter: str, valid: list[str], detail: str = "") -> JupyterStateValueError:
        """Streamlit's wording for a value outside a known set: the values it takes."""
        message = f"Invalid `{parameter}` value. Supported values: {', '.join(valid)}."
        return cls(f"{message} {detail}" if detail else message)


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
        """The error with ``message``, followed by a note on what forms do."""
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


# -- layout arguments (st.columns, st.tabs, st.container...) ------------------------------------
class InvalidColumnSpecError(JupyterStateValueError):
    """``st.columns`` got no width, or a width that is not positive."""


class InvalidParameterTypeError(JupyterStateValueError):
    """An argument has a type the function does not take (``st.columns("ab")``)."""

    @classmethod
    def of(cls, parameter: str, provided: str, expected: list[str], detail: str = "") -> InvalidParameterTypeError:
        """Streamlit's wording: which parameter, the types it takes, the type it got."""
        message = f"Invalid `{parameter}` type. Expected one of: {', '.join(expected)}. Provided type: {provided}."
        return cls(f"{message} {detail}" if detail else message)


class MissingRequiredParameterError(JupyterStateValueError):
    """A required argument is missing or empty (``st.tabs([])``)."""

    @classmethod
    def of(cls, parameter: str, detail: str = "") -> MissingRequiredParameterError:
        """Streamlit's wording: "The `body` parameter is required." and what to do."""
        message = f"The `{parameter}` parameter is required."
        return cls(f"{message} {detail}" if detail else message)


class InvalidHeightError(JupyterStateValueError):
    """A ``height`` that is neither a positive number of pixels, "stretch" nor "content"."""


class InvalidWidthError(JupyterStateValueError):
    """A ``width`` that is neither a positive number of pixels, "stretch" nor "content"."""


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


class BadTimeStringError(JupyterStateAPIException):
    """A ``ttl`` string that is not a duration."""

    def __init__(self, text: str) -> None:
        super().__init__(
            f"Bad time string {text!r}: use a number of seconds, a timedelta, "
            "or a duration such as '1h', '30m' or '2 days'."
        )


class UnhashableParamError(JupyterStateAPIException):
    """An argument of a cached function cannot be hashed to look its value up."""

    def __init__(self, api: str, func: Any, arg_name: str | None, arg_value: Any,
                 reason: BaseException | None = None) -> None:
        name = getattr(func, "__name__", "unknown")
        shown = arg_name if arg_name is not None else "(unnamed)"
        value_type = f"{type(arg_value).__module__}.{type(arg_value).__qualname__}"
        replacement = f"_{arg_name}" if arg_name is not None else "_arg"
        super().__init__(
            f"Cannot hash argument {shown!r} (of type {value_type}) in {name!r}"
            + (f" ({reason})" if reason else "")
            + f". To not hash it, add a leading underscore to its name:\n\n"
            f"    @st.{api}\n    def {name}({replacement}, ...):\n        ...\n\n"
            f"or tell the cache how to hash it: @st.{api}(hash_funcs={{{value_type!r}: lambda v: ...}})."
        )


class UnserializableReturnValueError(JupyterStateAPIException):
    """A ``cache_data`` function returned a value that cannot be pickled (so not copied)."""

    def __init__(self, func: Any, value: Any) -> None:
        name = getattr(func, "__name__", "unknown")
        value_type = f"{type(value).__module__}.{type(value).__qualname__}"
        super().__init__(
            f"Cannot serialize the return value (of type {value_type}) of {name}(). st.cache_data pickles "
            f"the value to give every caller its own copy. Return a picklable value, or use "
            f"st.cache_resource to cache an object such as a database connection or a model, shared as it is."
        )


class UnsafePersistError(JupyterStateAPIException):
    """``persist="disk"`` was asked to store a value that is not JSON data."""

    def __init__(self, name: str, value: Any) -> None:
        value_type = f"{type(value).__module__}.{type(value).__qualname__}"
        super().__init__(
            f"{name}() returned a {value_type}, which st.cache_data(persist='disk') can only store as a pickle. "
            f"Loading a pickle runs code, so whoever can write the cache folder could run code in this kernel; "
            f"jupyter_state persists JSON data (dicts, lists, str, numbers, bools, None) only. Return JSON data "
            f"(e.g. df.to_dict('records')), drop persist='disk', or, if you trust the cache folder, opt in "
            f"with st.set_option('cache.persistPickles', True)."
        )


class CachedWidgetWarning(JupyterStateAPIException, UserWarning):
    """A widget was created inside a cached function: it only exists on a cache miss."""

    def __init__(self) -> None:
        super().__init__(
            "Your app uses a widget in a cached function (one decorated with @st.cache_data or "
            "@st.cache_resource). That code only runs on a cache miss, so the widget will be missing on "
            "later runs. Move all widget calls out of the cached function."
        )


class SecretNotFoundError(JupyterStateAPIException, FileNotFoundError):
    """No ``secrets.toml`` was found, or one could not be parsed."""


class RerunException(BaseException):
    """Raised by ``st.rerun()`` to end the current run and start a new one.

    It derives from ``BaseException`` so ``except Exception`` in user code does not swallow it.
    """


class FragmentHandledException(Exception):
    """An error in a fragment, already shown inside it; it ends the run (internal).

    ``error`` is the user's exception.
    """

    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


class StopException(BaseException):
    """Raised by ``st.stop()`` to end the current run quietly."""


class ValueOutOfRangeError(JupyterStateValueError):
    """A parameter is outside its closed range (``st.progress(150)``)."""

    def __init__(self, parameter: str, value: Any, min_value: Any, max_value: Any) -> None:
        super().__init__(
            f"The `{parameter}` parameter, set to {value!r}, is outside the required range "
            f"[{min_value}, {max_value}]."
        )


def invalid_value(parameter: str, supported: str, got: Any) -> JupyterStateValueError:
    """The error for a parameter given a value it does not take, listing the ones it does."""
    return JupyterStateValueError(f"Invalid `{parameter}` value {got!r}. Supported values: {supported}.")
