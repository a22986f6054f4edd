"""Differential tests for issue 11: values Streamlit accepts or returns, and AppTest parity.

Same harness as tests/test_oracle.py (Streamlit 1.67's AppTest is the oracle); legitimate
differences are scenarios marked ``xfail(strict=True)`` with the reason.
"""

from __future__ import annotations

import datetime as dt
import re
import textwrap
from collections.abc import Callable
from typing import Any

import pytest
from test_oracle import RUN, check, st_logger, st_testing

from jupyter_state.testing import AppTest as OurAppTest

pytestmark = pytest.mark.oracle
st_logger.set_log_level("CRITICAL")

ENUM_APP = '''
from enum import Enum

class Color(Enum):  # redefined by every run
    RED = 1
    GREEN = 2

c = st.selectbox("c", Color)
r = st.radio("r", list(Color))
m = st.multiselect("m", Color, default=[Color.GREEN])
s = st.select_slider("s", list(Color), value=Color.GREEN)
rs = st.select_slider("rs", Color, value=(Color.RED, Color.GREEN))
log("end", c == Color.RED, r == Color.RED, m == [Color.GREEN], s == Color.GREEN, rs == (Color.RED, Color.GREEN), c.name)
'''


def test_enum_options_after_a_rerun_redefined_the_class() -> None:
    snaps = check(ENUM_APP, [RUN, ("selectbox", 0, "select_index", 1), RUN])
    assert snaps[1]["trace"][-1] == "end True True True True True RED"


def test_multiselect_returns_the_order_of_selection() -> None:
    body = '''
    m = st.multiselect("m", ["x", "y", "z"], key="m")
    log("end", m)
    '''
    snaps = check(body, [
        ("multiselect", "m", "select", "z"),
        ("multiselect", "m", "select", "x"),
        RUN,
        [("multiselect", "m", "select", "y"), ("multiselect", "m", "unselect", "z")],
        (None, "m", "set_state", ["z", "y"]),
        RUN,
    ], widgets=[("multiselect", "m")])
    assert snaps[2]["state"] == {"m": ["z", "x"]}


def test_reversed_select_slider_range_and_long_text_from_session_state() -> None:
    body = '''
    a = st.select_slider("a", ["red", "orange", "yellow"], value=("red", "orange"), key="a")
    t = st.text_input("t", max_chars=5, key="t")
    log("end", a, t)
    '''
    check(body, [
        [(None, "a", "set_state", ("yellow", "orange")), (None, "t", "set_state", "abcdefgh")],
        RUN,
        ("text_input", "t", "input", "0123456789"),  # longer than max_chars: ignored
        ("text_input", "t", "input", "hi"),
        ("select_slider", "a", "set_range", ("yellow", "red")),
    ], widgets=[("select_slider", "a"), ("text_input", "t")])


def test_reversed_defaults_and_long_default_text() -> None:
    body = '''
    a = st.select_slider("a", ["red", "orange", "yellow"], value=("yellow", "red"))
    b = st.slider("b", 0, 10, (8, 2))
    t = st.text_input("t", "abcdefgh", max_chars=5)
    log("end", a, b, t)
    '''
    check(body, [RUN])


SLIDER_RANGE_APP = '''
b = st.slider("b", 0, 10, (1, 3), key="b")
log("end", b)
'''


@pytest.mark.xfail(strict=True, reason=(
    "DELIBERATE (the screen shows the state): a reversed pair assigned to a range slider through "
    "session state, (8, 2), is returned as (8, 2) by Streamlit 1.67 (it orders only a reversed value= "
    "default); jupyter_state puts it in order, (2, 8), because its slider can only show an ordered pair "
    "and the key must hold what the slider shows."
))
def test_reversed_slider_range_from_session_state() -> None:
    check(SLIDER_RANGE_APP, [(None, "b", "set_state", (8, 2)), RUN])


@pytest.mark.xfail(strict=True, reason=(
    "DELIBERATE (a browser cannot send it): Streamlit's AppTest sends slider.set_range(9, 4) as given "
    "and the script sees (9, 4); jupyter_state's AppTest orders the pair, (4, 9), as the slider would "
    "show it (select_slider.set_range is ordered by both)."
))
def test_reversed_slider_set_range() -> None:
    check(SLIDER_RANGE_APP, [("slider", "b", "set_range", (9, 4))])


def test_scalar_session_state_keys() -> None:
    body = '''
    ops = {
        "None_in": lambda: None in ss,
        "True_in": lambda: True in ss,
        "float_in": lambda: 1.5 in ss,
        "get_None": lambda: ss.get(None, "dflt"),
        "get_True": lambda: ss.get(True, "dflt"),
        "getitem_None": lambda: ss[None],
        "set_True": lambda: ss.__setitem__(True, 1),
        "True_in_after": lambda: (True in ss, "True" in ss, ss[True]),
        "set_float": lambda: ss.__setitem__(1.5, 2),
        "set_None": lambda: ss.__setitem__(None, 3),
        "keys": lambda: sorted(k for k in ss.keys() if k != "trace"),
        "del_True": lambda: ss.__delitem__(True),
        "del_None": lambda: ss.__delitem__(None),
        "keys_after": lambda: sorted(k for k in ss.keys() if k != "trace"),
    }
    for op, fn in ops.items():
        try:
            log(op, "ok", fn())
        except Exception as e:
            log(op, ename(e), isinstance(e, KeyError))
    '''
    check(body, [RUN])


@pytest.mark.xfail(strict=True, reason=(
    "DELIBERATE (misuse is loud): Streamlit stores any key as its str(), so ss[(1, 2)] = 3 creates the "
    "key '(1, 2)'; jupyter_state accepts str and scalar keys (int, bool, float, None) and refuses "
    "containers with a clear error (tests/test_session_state.py)."
))
def test_tuple_session_state_key() -> None:
    body = '''
    try:
        ss[(1, 2)] = 3
        log("set", "ok", "(1, 2)" in ss)
    except Exception as e:
        log("set", ename(e))
    '''
    check(body, [RUN])


# -- the AppTest API itself -------------------------------------------------------------------------
APPTEST_APP = '''
import datetime as dt
st.error("e"); st.warning("w", icon="⚠️")
st.json({"a": 1, "b": [1, 2]})
st.divider(); st.caption("c"); st.markdown("m")
b = st.button("B", key="b")
st.write(f"clicked {b}")
st.selectbox("s", ["a", "b"], key="s")
st.radio("r", ["a", "b"], index=None, key="r")
st.time_input("tm", dt.time(8, 45), key="tm")
with st.form("f"):
    st.form_submit_button("Go", key="go")
'''


def _attributes(at: Any, raises: Callable[[Callable[[], Any]], str]) -> dict[str, Any]:
    at.run()
    seen: dict[str, Any] = {
        "icons": [at.error[0].icon, at.warning[0].icon],
        "json": at.json[0].value,
        "divider": at.divider[0].value,
        "is_caption": [at.caption[0].is_caption, at.markdown[0].is_caption],
        "markdown.len": at.markdown.len,
        "buttons": [b.key for b in at.button],
        "button.value": at.button[0].value,
        "index": [at.selectbox[0].index, at.radio[0].index],
        "id": bool(re.fullmatch(r"\$\$ID-[0-9a-f]{32}-b", at.button[0].id)),
    }
    at.button[0].click().run()
    seen["button.value after click"] = at.button[0].value
    seen["state after click"] = at.session_state["b"]
    at.run()
    seen["button.value next run"] = at.button[0].value
    at.time_input[0].increment().run()
    seen["increment"] = at.time_input[0].value
    at.time_input[0].decrement().decrement().run()
    seen["decrement"] = at.time_input[0].value
    at.radio[0].set_value("b").run()
    seen["radio.index"] = at.radio[0].index
    seen["select not an option"] = raises(lambda: at.selectbox[0].select("zz").run())
    return seen


def _raised(fn: Callable[[], Any]) -> str:
    try:
        fn()
    except Exception as exc:  # the type is what is compared
        return type(exc).__name__
    return "no error"


def test_apptest_element_attributes() -> None:
    prelude = "import {} as st\n"
    theirs = _attributes(st_testing.AppTest.from_string(prelude.format("streamlit") + APPTEST_APP), _raised)
    ours = _attributes(OurAppTest.from_string(prelude.format("jupyter_state") + textwrap.dedent(APPTEST_APP)), _raised)
    assert ours == theirs
    assert theirs["increment"] == dt.time(9, 0) and theirs["select not an option"] == "ValueError"


def test_apptest_exception_is_markdown() -> None:
    theirs = st_testing.AppTest.from_string("import streamlit as st\nraise ValueError('x')").run()
    ours = OurAppTest.from_string("raise ValueError('x')").run()
    assert ours.exception[0].is_markdown == theirs.exception[0].is_markdown


# -- values Streamlit accepts from session state ---------------------------------------------------
NORMALISED_APP = '''
a = st.select_slider("a", ["red", "orange", "yellow"], value=("red", "orange"), key="a")
t = st.text_input("t", max_chars=5, key="t")
ms = st.multiselect("ms", ["x", "y"], key="ms")
log("end", a, t, ms)
'''


def test_single_option_for_a_multiselect() -> None:
    """One option assigned to a multiselect's key is a one-item selection."""
    snaps = check(NORMALISED_APP, [(None, "ms", "set_state", "y"), RUN], widgets=[("multiselect", "ms")])
    assert snaps[1]["state"]["ms"] == ["y"]


@pytest.mark.filterwarnings("ignore:The widget with key")
@pytest.mark.xfail(strict=True, reason=(
    "DELIBERATE (one value per run, not two): a value assigned in the script before its widget "
    "(('yellow', 'orange'), 'abcdefgh', 'y') is returned raw by Streamlit in the run that assigned it "
    "and normalised (('orange', 'yellow'), 'abcde', ['y']) from the next run on, when the frontend "
    "sends it back; jupyter_state normalises it at once, so the app never sees the raw value."
))
def test_value_assigned_in_the_script_is_normalised_at_once() -> None:
    body = '''
    if st.checkbox("Assign", key="go"):
        ss.a, ss.t, ss.ms = ("yellow", "orange"), "abcdefgh", "y"
    ''' + textwrap.dedent(NORMALISED_APP)
    check(body, [("checkbox", "go", "check", None)])
