"""The session's options: traitlets config, with Streamlit's spelling through ``st.set_option``.

``%config JupyterState.enforce_serializable_session_state = True`` and ``c.JupyterState...``
in ``ipython_config.py`` set them (the run loop's session class inherits them); some also
read an environment variable.
"""

from __future__ import annotations

import os

from traitlets import Bool, CaselessStrEnum, Int, default
from traitlets.config import LoggingConfigurable

__all__ = ["SessionOptions"]


def _env_flag(name: str) -> bool | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")


class SessionOptions(LoggingConfigurable):
    """The options of a session (the run loop reads them; ``st.get_option`` shows them)."""

    enforce_serializable_session_state = Bool(
        help="Check after every completed run that every session-state value pickles "
        "(Streamlit's runner.enforceSerializableSessionState). "
        "Env: JUPYTER_STATE_ENFORCE_SERIALIZABLE_SESSION_STATE=1."
    ).tag(config=True)
    disable_widget_state_duplication_warning = Bool(
        False,
        help="Do not warn when a keyed widget gets both value= and a session-state value "
        "(Streamlit's global.disableWidgetStateDuplicationWarning).",
    ).tag(config=True)
    raise_errors = Bool(
        help="Re-raise exceptions from callbacks and app bodies instead of only showing "
        "them in the app (useful in tests). Env: JUPYTER_STATE_RAISE_ERRORS=1."
    ).tag(config=True)
    max_upload_size = Int(200, help="Largest accepted upload, in MB.").tag(config=True)
    enum_coercion = CaselessStrEnum(
        ("off", "nameOnly", "nameAndValue"),
        "nameOnly",
        help="How radio, selectbox, multiselect and select_slider return Enum members when "
        "a rerun redefined the Enum class (Streamlit's runner.enumCoercion): 'nameOnly' "
        "returns the current class's member of the same name, 'nameAndValue' also needs "
        "the values to match, 'off' returns the member as it was chosen.",
    ).tag(config=True)
    cache_persist_pickles = Bool(
        help="Let st.cache_data(persist='disk') store values that are not JSON as pickles "
        "(loading a pickle runs code: only for a cache folder you trust). "
        "Env: JUPYTER_STATE_CACHE_PERSIST_PICKLES=1."
    ).tag(config=True)

    reactive = Bool(
        True,
        help="Rerun the other apps whose last run read a session-state key that changed "
        "(key-level reactivity across app cells); off, only widgets bound to the key "
        "follow it. Per app: %%app --static or st.app(fn, reactive=False).",
    ).tag(config=True)

    @default("enforce_serializable_session_state")
    def _enforce_serializable_session_state_default(self) -> bool:
        return bool(_env_flag("JUPYTER_STATE_ENFORCE_SERIALIZABLE_SESSION_STATE"))

    @default("cache_persist_pickles")
    def _cache_persist_pickles_default(self) -> bool:
        return bool(_env_flag("JUPYTER_STATE_CACHE_PERSIST_PICKLES"))

    @default("raise_errors")
    def _raise_errors_default(self) -> bool:
        return bool(_env_flag("JUPYTER_STATE_RAISE_ERRORS"))
