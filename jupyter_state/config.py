"""``st.set_option`` / ``st.get_option``: Streamlit's option names over our traitlets config.

The options live as configurable traits on :class:`~jupyter_state.runtime.JupyterState`
(so ``%config`` and ``ipython_config.py`` work, and environment variables seed them); this
module only maps Streamlit's dotted names onto those traits.
"""

from __future__ import annotations

from typing import Any

from ._context import current
from .errors import JupyterStateAPIException

__all__ = ["OPTIONS", "get_option", "set_option"]

#: Streamlit's option name -> the JupyterState trait that holds it
OPTIONS = {
    "runner.enforceSerializableSessionState": "enforce_serializable_session_state",
    "global.disableWidgetStateDuplicationWarning": "disable_widget_state_duplication_warning",
    "runner.raiseErrors": "raise_errors",
    "server.maxUploadSize": "max_upload_size",
    "runner.enumCoercion": "enum_coercion",
    "cache.persistPickles": "cache_persist_pickles",
    "runner.reactive": "reactive",
}


def _trait(name: str) -> str:
    try:
        return OPTIONS[name]
    except KeyError:
        known = ", ".join(sorted(OPTIONS))
        raise JupyterStateAPIException(
            f"Unknown option {name!r}. The options jupyter_state knows are: {known}."
        ) from None


def set_option(name: str, value: Any) -> None:
    """Set an option for this session, by its Streamlit name.

    Examples
    --------
    >>> st.set_option("runner.enforceSerializableSessionState", True)  # doctest: +SKIP
    """
    setattr(current(), _trait(name), value)


def get_option(name: str) -> Any:
    """Return the current value of an option, by its Streamlit name."""
    return getattr(current(), _trait(name))
