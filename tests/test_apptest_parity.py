"""AppTest parity (issue 11): what a test written for Streamlit's AppTest relies on."""

from __future__ import annotations

import datetime as dt
import json
import re
from enum import Enum
from pathlib import Path

import pytest

import jupyter_state as st
from jupyter_state.testing import AppTest, patch_config_options

ELEMENTS = """
import datetime as dt
import jupyter_state as st
st.error("e"); st.warning("w", icon="⚠️")
st.json({"a": 1, "b": [1, 2]})
st.divider(); st.caption("c"); st.markdown("m")
b = st.button("B", key="b")
st.write(f"clicked {b}")
st.selectbox("s", ["a", "b"], key="s")
st.radio("r", ["a", "b"], index=None, key="r")
st.multiselect("m", ["a", "b"], key="m")
st.select_slider("ss", ["lo", "mid", "hi"], value=("lo", "mid"), key="ss")
st.slider("sl", 0, 10, (1, 3), key="sl")
st.text_input("t", max_chars=5, key="t")
st.time_input("tm", dt.time(8, 45), key="tm")
with st.form("f"):
    st.form_submit_button("Go", key="go")
"""


def test_from_file_resolves_a_relative_path_against_the_test_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # not where the script is
    at = AppTest.from_file("apps/counter.py").run()
    assert at.markdown[0].value == "Count: `0`"
    with pytest.raises(FileNotFoundError, match="relative path is resolved against"):
        AppTest.from_file("apps/no_such_app.py")


def test_output_attributes_as_streamlit() -> None:
    at = AppTest.from_string(ELEMENTS).run()
    assert (at.error[0].icon, at.warning[0].icon) == ("", "⚠️")
    assert at.json[0].value == '{"a": 1, "b": [1, 2]}' and json.loads(at.json[0].value) == {"a": 1, "b": [1, 2]}
    assert at.divider[0].value == "---"
    assert (at.caption[0].is_caption, at.markdown[0].is_caption) == (True, False)
    assert at.markdown.len == len(at.markdown) == 2
    assert isinstance(at.markdown[:1], type(at.markdown)) and at.markdown[:1].len == 1


def test_exception_is_markdown() -> None:
    at = AppTest.from_string("raise ValueError('x')").run()
    assert at.exception[0].is_markdown is False


def test_widget_id_and_index() -> None:
    at = AppTest.from_string(ELEMENTS).run()
    assert re.fullmatch(r"\$\$ID-[0-9a-f]{32}-b", at.button[0].id)
    assert (at.selectbox[0].index, at.radio[0].index) == (0, None)
    at.radio[0].set_value("b")
    assert at.radio[0].index == 1  # the staged choice
    at.run()
    assert at.radio[0].index == 1


def test_button_lists_submit_buttons_and_reads_true_after_its_click() -> None:
    at = AppTest.from_string(ELEMENTS).run()
    assert [b.key for b in at.button] == ["b", "go"]
    assert at.button[0].value is False
    at.button[0].click().run()
    assert at.button[0].value is True and at.markdown[1].value == "clicked True"
    assert at.session_state.b is False  # the trigger was reset after the run
    at.run()
    assert at.button[0].value is False


def test_input_longer_than_max_chars_is_ignored() -> None:
    at = AppTest.from_string(ELEMENTS).run()
    at.text_input(key="t").input("hello").run()
    at.text_input(key="t").input("0123456789").run()
    assert at.session_state.t == "hello"


def test_select_not_an_option_raises_value_error() -> None:
    at = AppTest.from_string(ELEMENTS).run()
    for element in (at.selectbox[0], at.radio[0], at.multiselect[0]):
        with pytest.raises(ValueError, match="not one of the options"):
            element.select("zz")
    with pytest.raises(ValueError, match="not one of the options"):
        at.select_slider[0].set_range("lo", "zz")
    at.radio[0].set_value(None)  # None is "no choice", not an unknown option
    at.multiselect[0].set_value("b").run()  # one option: a one-item selection
    assert at.session_state.m == ["b"]


def test_set_range_orders_the_pair() -> None:
    at = AppTest.from_string(ELEMENTS).run()
    at.select_slider(key="ss").set_range("hi", "lo")
    at.slider(key="sl").set_range(9, 4).run()
    assert (at.session_state.ss, at.session_state.sl) == (("lo", "hi"), (4, 9))
    assert not at.exception


def test_time_input_increment_and_decrement() -> None:
    at = AppTest.from_string(ELEMENTS).run()
    at.time_input(key="tm").increment().run()
    assert at.session_state.tm == dt.time(9, 0)
    at.time_input(key="tm").decrement().decrement().run()
    assert at.session_state.tm == dt.time(8, 30)


def test_secrets_is_a_dict_handed_to_the_session() -> None:
    at = AppTest.from_string("import jupyter_state as st")
    assert at.secrets == {}
    at.secrets["token"] = "s3cret"
    at.run()
    assert at.session.test_secrets == {"token": "s3cret"}
    at.secrets = {"other": 1}
    at.run()
    assert at.session.test_secrets == {"other": 1}


def test_patch_config_options_changes_options_for_the_block() -> None:
    src = """
import jupyter_state as st
from enum import Enum
Color = Enum("Color", "RED GREEN")
st.write(f"{st.selectbox('c', Color) is Color.RED}")
"""
    at = AppTest.from_string(src).run()
    with patch_config_options({"runner.enumCoercion": "off", "runner.raiseErrors": True}):
        assert st.get_option("runner.enumCoercion") == "off"
        at.run()
        assert at.markdown[0].value == "False"
    assert (st.get_option("runner.enumCoercion"), st.get_option("runner.raiseErrors")) == ("nameOnly", False)
    at.run()
    assert at.markdown[0].value == "True"

    @patch_config_options({"runner.enforceSerializableSessionState": True})
    def decorated() -> bool:
        return bool(st.get_option("runner.enforceSerializableSessionState"))

    assert decorated() is True and st.get_option("runner.enforceSerializableSessionState") is False
    with pytest.raises(Exception, match="Unknown option"), patch_config_options({"no.suchOption": 1}):
        pass


class Color(Enum):  # the test's own class, like the one the script defines every run
    RED = 1
    GREEN = 2


def test_staging_an_enum_member_of_the_tests_class() -> None:
    src = """
import jupyter_state as st
from enum import Enum
class Color(Enum):
    RED = 1
    GREEN = 2
c = st.selectbox("c", Color, key="c")
m = st.multiselect("m", Color, key="m")
st.write(f"{c == Color.GREEN} {m == [Color.GREEN, Color.RED]}")
"""
    at = AppTest.from_string(src).run()
    at.selectbox(key="c").set_value(Color.GREEN)
    at.multiselect(key="m").select(Color.GREEN).select(Color.RED).run()
    assert at.markdown[0].value == "True True"
    assert at.selectbox(key="c").index == 1


def test_a_disabled_buttons_click_is_not_seen() -> None:
    src = 'import jupyter_state as st\nst.write(f"seen {st.button(\'B\', key=\'b\', disabled=True)}")'
    at = AppTest.from_string(src).run()
    at.button[0].click().run()
    assert at.button[0].value is False and at.markdown[0].value == "seen False"
