"""st.session_state as a mapping (SPEC §A, the seed's Initialize / Read / Delete sections)."""

from __future__ import annotations

import json
import pickle

import pytest

import jupyter_state as st
from jupyter_state import errors
from jupyter_state.state import check_serializable


def test_initialize_with_item_and_attribute_syntax() -> None:
    if "key" not in st.session_state:
        st.session_state["key"] = "value"
    assert st.session_state.key == "value"
    if "other" not in st.session_state:
        st.session_state.other = "value"
    assert st.session_state["other"] == "value"


def test_read_update_delete_both_syntaxes() -> None:
    st.session_state.key = "value"
    st.session_state.key = "value2"
    assert st.session_state["key"] == "value2"
    st.session_state["key"] = "value3"
    assert st.session_state.key == "value3"
    del st.session_state.key
    assert "key" not in st.session_state
    st.session_state["k2"] = 1
    del st.session_state["k2"]
    assert len(st.session_state) == 0


def test_missing_item_raises_keyerror_that_says_how_to_initialize() -> None:
    with pytest.raises(KeyError) as info:
        st.session_state["value"]
    assert isinstance(info.value, errors.SessionStateKeyError)
    message = str(info.value)
    assert "'value'" in message and "initialize" in message.lower()
    assert "if 'value' not in st.session_state" in message
    with pytest.raises(KeyError):
        del st.session_state["value"]


def test_missing_attribute_raises_attributeerror_that_says_how_to_initialize() -> None:
    with pytest.raises(AttributeError) as info:
        st.session_state.value  # noqa: B018
    assert isinstance(info.value, errors.SessionStateAttributeError)
    assert "st.session_state.value = ..." in str(info.value)
    with pytest.raises(AttributeError):
        del st.session_state.value


def test_int_keys_are_stored_as_str() -> None:
    st.session_state[3] = "three"
    assert st.session_state["3"] == "three"
    assert 3 in st.session_state
    assert list(st.session_state) == ["3"]


@pytest.mark.parametrize("bad", ["", "$$ID-abc-x", "$$JUPYTER_STATE_x"])
def test_empty_and_reserved_keys_are_rejected(bad: str) -> None:
    with pytest.raises(errors.JupyterStateAPIException) as info:
        st.session_state[bad] = 1
    assert repr(bad) in str(info.value) or bad == ""
    with pytest.raises(errors.JupyterStateAPIException):
        bad in st.session_state  # noqa: B015
    assert len(st.session_state) == 0


def test_non_str_keys_are_rejected_with_a_clear_error() -> None:
    with pytest.raises(errors.JupyterStateValueError, match="non-empty string"):
        st.session_state[(1, 2)] = 1  # type: ignore[index]


def test_mapping_methods() -> None:
    st.session_state.update({"a": 1, "b": 2})
    assert sorted(st.session_state.keys()) == ["a", "b"]
    assert sorted(st.session_state.values()) == [1, 2]
    assert sorted(st.session_state.items()) == [("a", 1), ("b", 2)]
    assert st.session_state.get("missing", 9) == 9
    assert st.session_state.setdefault("c", 3) == 3
    assert st.session_state.setdefault("c", 4) == 3
    assert st.session_state.pop("c") == 3
    assert st.session_state == {"a": 1, "b": 2}
    assert st.session_state.to_dict() == {"a": 1, "b": 2}
    key, value = st.session_state.popitem()
    assert key in ("a", "b") and len(st.session_state) == 1
    st.session_state.clear()
    assert len(st.session_state) == 0


def test_delete_all_items_with_the_seed_loop() -> None:
    st.session_state.update({"a": 1, "b": 2})
    for key in st.session_state.keys():
        del st.session_state[key]
    assert st.session_state.to_dict() == {}


def test_no_copy_method_and_method_names_need_brackets() -> None:
    with pytest.raises(AttributeError):
        st.session_state.copy  # noqa: B018
    st.session_state["keys"] = 1
    assert callable(st.session_state.keys)
    assert st.session_state["keys"] == 1


def test_str_shows_contents() -> None:
    st.session_state.a = 1
    assert str(st.session_state) == "{'a': 1}"


def test_display_bundle_is_json_text_and_escaped_html() -> None:
    import datetime

    class BadRepr:
        def __repr__(self) -> str:
            raise RuntimeError("boom")

    st.session_state.name = "<script>alert(1)</script>"
    st.session_state.day = datetime.date(2020, 1, 2)
    st.session_state.bad = BadRepr()
    st.session_state.n = 1
    bundle = st.session_state._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "application/json", "text/html"}
    data = bundle["application/json"]
    json.dumps(data)  # all JSON
    assert data["day"] == "datetime.date(2020, 1, 2)"
    assert data["n"] == 1
    assert "repr failed: RuntimeError: boom" in data["bad"]
    assert "<script>" not in bundle["text/html"]
    assert "&lt;script&gt;" in bundle["text/html"]
    assert "<details" in bundle["text/html"]
    assert "repr failed" in bundle["text/plain"]


def test_write_session_state_outside_an_app_displays_the_bundle(capsys: pytest.CaptureFixture[str]) -> None:
    st.session_state.a = 1
    st.write(st.session_state)  # outside IPython: falls back to printing
    assert "a" in capsys.readouterr().out


def test_check_serializable_names_key_and_type() -> None:
    st.session_state.fine = [1, 2]
    check_serializable(st.session_state)
    st.session_state.fn = lambda x: x
    with pytest.raises(errors.UnserializableSessionStateError) as info:
        check_serializable(st.session_state)
    message = str(info.value)
    assert "'fn'" in message and "function" in message and "pickle" in message
    assert "runner.enforceSerializableSessionState" in message
    assert isinstance(info.value, errors.JupyterStateAPIException)


def test_values_are_never_unpickled() -> None:
    class Loud:
        def __reduce__(self) -> tuple[object, tuple[()]]:
            return (dict, ())

    st.session_state.x = Loud()
    check_serializable(st.session_state)
    assert isinstance(st.session_state.x, Loud)  # the original object, untouched
    pickle.dumps(st.session_state.to_dict())


def test_options_by_streamlit_name_and_unknown_names() -> None:
    assert st.get_option("runner.enforceSerializableSessionState") is False
    st.set_option("runner.enforceSerializableSessionState", True)
    assert st.get_option("runner.enforceSerializableSessionState") is True
    with pytest.raises(errors.JupyterStateAPIException) as info:
        st.set_option("runner.nope", 1)
    assert "runner.enforceSerializableSessionState" in str(info.value)


def test_option_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_state.runtime import JupyterState

    monkeypatch.setenv("JUPYTER_STATE_ENFORCE_SERIALIZABLE_SESSION_STATE", "1")
    assert JupyterState().enforce_serializable_session_state is True


def test_options_are_traitlets_config() -> None:
    from traitlets.config import Config

    from jupyter_state.runtime import JupyterState

    config = Config()
    config.JupyterState.enforce_serializable_session_state = True
    assert JupyterState(config=config).enforce_serializable_session_state is True


def test_version_comes_from_package_metadata() -> None:
    from importlib.metadata import version

    assert st.__version__ == version("jupyter_state")
