"""Issue 17: errors look like Streamlit's, with our words.

A misuse of the API shows its message first and then only the user's lines (no frame of
jupyter_state); ``st.exception(e)`` points at the line that raised; the duplication
warning is a warning element in the app; a Streamlit name we lack says so.
"""

from __future__ import annotations

import re
import warnings
from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import errors
from tests.helpers import texts


def make(body: Any) -> Any:
    return st.app(body, display=False)


def error_outputs(app: Any) -> list[dict[str, Any]]:
    return [o for group in app.view.block.shown for o in getattr(group, "outputs", ()) if o["output_type"] == "error"]


def plain(lines: list[str]) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(lines))


def test_a_misuse_error_shows_its_message_then_only_the_users_line() -> None:
    def misuse() -> None:
        st.session_state.b = True
        st.button("B", key="b")  # the user's line: a button's key cannot be set

    app = make(misuse)
    [error] = error_outputs(app)
    assert error["ename"] == "ValueAssignmentNotAllowedError"
    shown = plain(error["traceback"])
    first, *rest = shown.splitlines()
    assert first == f"ValueAssignmentNotAllowedError: {error['evalue']}"  # the message first
    assert "in misuse()" in shown and 'st.button("B", key="b")' in shown
    assert "jupyter_state" not in shown and "register" not in shown  # no library frame
    assert "Traceback (most recent call last)" not in shown  # compact, as Streamlit's box


def test_a_misuse_error_hides_the_chain_its_message_already_explains() -> None:
    st.set_option("runner.enforceSerializableSessionState", True)
    try:
        app = make(lambda: st.session_state.__setitem__("f", lambda: 1))
    finally:
        st.set_option("runner.enforceSerializableSessionState", False)
    [error] = error_outputs(app)
    shown = plain(error["traceback"])
    assert error["ename"] == "UnserializableSessionStateError" and "pickle" in error["evalue"]
    # No user frame raised it (the check runs after the body) and no chain: the message alone.
    assert shown == f"UnserializableSessionStateError: {error['evalue']}"


def test_other_errors_keep_the_frames_below_the_user_and_their_cause() -> None:
    def body() -> None:
        try:
            {}["missing"]
        except KeyError as exc:
            raise RuntimeError("wrapped") from exc

    [error] = error_outputs(make(body))
    shown = plain(error["traceback"])
    assert shown.startswith("RuntimeError: wrapped")
    assert shown.index("Caused by:") < shown.index("KeyError: 'missing'")
    assert 'raise RuntimeError("wrapped") from exc' in shown and '{}["missing"]' in shown


def test_st_exception_points_at_the_line_that_raised() -> None:
    def body() -> None:
        try:
            1 / 0  # noqa: B018 (the line that raised)
        except ZeroDivisionError as exc:
            st.exception(exc)

    [error] = error_outputs(make(body))
    shown = plain(error["traceback"])
    assert "1 / 0  # noqa: B018 (the line that raised)" in shown and "st.exception(exc)" not in shown


def test_the_duplication_warning_is_a_warning_element_where_the_widget_is(monkeypatch: pytest.MonkeyPatch) -> None:
    # pytest records warnings for every test; outside that (a notebook) the warning is an
    # element. Restoring the default channel here is what a kernel has.
    from jupyter_state.widgets import _binding as _values

    monkeypatch.setattr(_values, "_warnings_recorded", lambda: False)
    from jupyter_state import runtime

    runtime.current().warned_duplication = False

    def body() -> None:
        if "s" not in st.session_state:
            st.session_state.s = 7
        st.slider("S", 0, 10, 3, key="s")
        st.write("after")

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no Python warning is issued at all
        app = make(body)
    warning, after = texts(app)
    assert warning.startswith("UserWarning: The widget with key 's' was created with a default value")
    assert after == "after"
    [element] = [e for e in app.elements if getattr(e, "kind", None) == "python_warning"]
    html = element.output["data"]["text/html"]
    assert "jupyter-state-warning" in html and "/tmp" not in html and ".py:" not in html
    assert not [e for e in app.elements if getattr(e, "kind", None) == "stderr"]
    app.run()
    assert texts(app) == ["after"]  # once per session, as before


def test_the_duplication_warning_stays_a_python_warning_for_tests() -> None:
    from jupyter_state import runtime

    runtime.current().warned_duplication = False
    st.session_state.s2 = 7
    with pytest.warns(UserWarning, match="default value but also had its value set"):
        app = make(lambda: st.slider("S", 0, 10, 3, key="s2"))
    assert texts(app) == []


@pytest.mark.parametrize("name", ["map", "pydeck_chart", "graphviz_chart", "user"])
def test_a_streamlit_name_we_lack_says_so(name: str) -> None:
    with pytest.raises(errors.NotProvidedError) as caught:
        getattr(st, name)
    assert str(caught.value).startswith(f"st.{name} is a ")
    assert "that jupyter_state does not provide yet" in str(caught.value)
    assert isinstance(caught.value, AttributeError) and not hasattr(st, name)


def test_a_name_streamlit_does_not_have_either_is_a_plain_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'jupyter_state' has no attribute 'colums'") as caught:
        st.colums  # noqa: B018
    assert not isinstance(caught.value, errors.NotProvidedError)


def test_a_form_says_which_container_methods_it_lacks() -> None:
    form = st.form("f")
    with pytest.raises(errors.NotProvidedError, match=r"`map` is a Streamlit function that jupyter_state does not provide yet \(called on a form\)"):
        form.map  # noqa: B018
    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        form.nope  # noqa: B018


def test_calling_a_missing_function_in_an_app_shows_the_users_line() -> None:
    def body() -> None:
        st.map([(0, 0)])

    [error] = error_outputs(make(body))
    shown = plain(error["traceback"])
    assert shown.startswith("NotProvidedError: st.map is a Streamlit function that jupyter_state does not provide yet.")
    assert "st.map([(0, 0)])" in shown and "__init__" not in shown
