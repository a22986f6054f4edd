"""``st.query_params`` and ``bind="query-params"`` under Streamlit's AppTest and ours.

The same app runs under both with the same ``at.query_params``; each compares the trace the
app keeps (results and errors of the mapping's operations), its state, its widgets' values
and ``at.query_params`` after the run. Where ours differs on purpose (a bound widget's
change writes the URL here, as Streamlit's browser does, while Streamlit's AppTest has no
browser to do it), the test says so and checks our rule.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from jupyter_state.testing import AppTest as OurAppTest
from tests.test_oracle import PRELUDE, _exception_name, st_testing, st_util

pytestmark = [pytest.mark.oracle, pytest.mark.filterwarnings("ignore:The widget with key")]

# Each operation appends what it gave, or the error's normalised class name and message.
TRY = '''
def attempt(label, fn):
    try:
        result = fn()
    except Exception as e:
        log(label, "!", ename(e), str(e).replace("StreamlitAPIException", "APIException"))
    else:
        log(label, "=", repr(result))
'''


def _apps(body: str) -> tuple[Any, Any]:
    src = PRELUDE + TRY + textwrap.dedent(body)
    theirs = st_testing.AppTest.from_string("import streamlit as st\n" + src, default_timeout=10)
    ours = OurAppTest.from_string("import jupyter_state as st\n" + src, default_timeout=10)
    return theirs, ours


def _run(at: Any) -> Any:
    with st_util.patch_config_options({"logger.level": "critical"}):
        return at.run()


def _snapshot(at: Any, ours: bool, widgets: tuple[tuple[str, str], ...] = ()) -> dict[str, Any]:
    state = dict(sorted(at.session_state.to_dict().items()))
    return {
        "trace": list(state.pop("trace", [])),
        "state": state,
        "query_params": dict(at.query_params),
        "exceptions": [(_exception_name(e.type if ours else e.proto.type), e.value if ours else e.message) for e in at.exception],
        **{f"{kind}[{key}]": getattr(at, kind)(key=key).value for kind, key in widgets},
    }


def both(body: str, params: dict[str, Any], widgets: tuple[tuple[str, str], ...] = ()) -> tuple[Any, Any]:
    theirs, ours = _apps(body)
    for at in (theirs, ours):
        at.query_params.update(params)
        _run(at)
    expected, got = _snapshot(theirs, False, widgets), _snapshot(ours, True, widgets)
    assert got == expected
    return theirs, ours


MAPPING = '''
qp = st.query_params
attempt("read x", lambda: qp["x"])
attempt("attr x", lambda: qp.x)
attempt("read tag (repeated)", lambda: qp["tag"])
attempt("get_all tag", lambda: qp.get_all("tag"))
attempt("get_all missing", lambda: qp.get_all("missing"))
attempt("get_all embed", lambda: qp.get_all("embed"))
attempt("in embed", lambda: "embed" in qp)
attempt("read embed", lambda: qp["embed"])
attempt("read EMBED_OPTIONS", lambda: qp["EMBED_OPTIONS"])
attempt("len", lambda: len(qp))
attempt("keys", lambda: sorted(qp.keys()))
attempt("to_dict", lambda: qp.to_dict())
attempt("get missing", lambda: qp.get("missing", "d"))
attempt("read missing", lambda: qp["missing"])
attempt("attr missing", lambda: qp.missing)
attempt("empty value", lambda: qp["empty"])
def sets():
    qp["n"] = 3
    qp.flag = True
    qp["many"] = [1, "two", 3.5]
    qp["t"] = ("a",)
    return qp.to_dict(), qp.get_all("many"), qp.get_all("t")
attempt("set str/int/list", sets)
attempt("set dict", lambda: qp.__setitem__("bad", {"a": 1}))
attempt("set embed", lambda: qp.__setitem__("Embed", "true"))
attempt("del embed", lambda: qp.__delitem__("embed"))
attempt("del missing", lambda: qp.__delitem__("missing"))
attempt("delattr missing", lambda: delattr(qp, "missing"))
def deletes():
    del qp["n"]
    del qp.flag
    return sorted(qp.keys())
attempt("del", deletes)
attempt("update", lambda: (qp.update({"u": "1"}, v=["2", "3"]), qp.to_dict())[1])
attempt("update pairs", lambda: (qp.update([("p", "1"), ("p", "2")]), qp.get_all("p"))[1])
attempt("from_dict dict error", lambda: qp.from_dict({"ok": "1", "bad": {"x": 1}}))
attempt("after failed from_dict", lambda: sorted(qp.keys()))
attempt("from_dict", lambda: (qp.from_dict({"a": "1", "b": ["2", "3"]}), qp.to_dict(), qp.get_all("b"))[1:])
attempt("from_dict pairs", lambda: (qp.from_dict([("k", "1"), ("k", "2")]), qp.get_all("k"))[1])
attempt("eq", lambda: qp == {"k": "2"})
attempt("clear", lambda: (qp.clear(), len(qp), qp.to_dict())[1:])
attempt("set after clear", lambda: (qp.__setitem__("final", "yes"), qp.to_dict())[1])
'''


def test_the_mapping_rules_match_streamlit() -> None:
    params = {"x": "3", "tag": ["a", "b"], "embed": "true", "embed_options": "light_theme", "empty": ""}
    theirs, ours = both(MAPPING, params)
    # the embed parameters survive clear() and from_dict(), hidden from the mapping
    assert ours.query_params == {"embed": "true", "embed_options": "light_theme", "final": "yes"}
    trace = ours.session_state.trace
    assert "read tag (repeated) = 'b'" in trace
    assert "get_all tag = ['a', 'b']" in trace
    assert 'read missing ! KeyError \'st.query_params has no key "missing".\'' in trace
    assert 'attr missing ! AttributeError st.query_params has no attribute "missing".' in trace
    assert any(t.startswith("set dict ! QueryParamDictValueError Query param value for `bad` cannot be set") for t in trace)


def test_the_app_sets_the_url_the_test_reads_after_the_run() -> None:
    body = '''
    st.query_params["page"] = "2"
    st.query_params.tags = ["x", "y"]
    if "drop" in st.query_params:
        del st.query_params["drop"]
    log("saw", st.query_params.to_dict())
    '''
    theirs, ours = both(body, {"drop": "1", "keep": "k"})
    assert ours.query_params == {"keep": "k", "page": "2", "tags": ["x", "y"]}
    # a second run starts from what the first one left
    for at in (theirs, ours):
        _run(at)
    assert _snapshot(ours, True) == _snapshot(theirs, False)


BOUND = '''
import datetime
attempt("slider", lambda: st.slider("Slider", 0, 10, 1, key="x", bind="query-params"))
attempt("range", lambda: st.slider("Range", 0, 10, (2, 8), key="r", bind="query-params"))
attempt("float", lambda: st.slider("Float", 0.0, 1.0, 0.5, key="f", bind="query-params"))
attempt("number", lambda: st.number_input("Number", 0, 100, 5, key="n", bind="query-params"))
attempt("checkbox", lambda: st.checkbox("Check", key="c", bind="query-params"))
attempt("toggle", lambda: st.toggle("Toggle", True, key="tg", bind="query-params"))
attempt("selectbox", lambda: st.selectbox("Select", ["apple", "banana", "cherry"], key="s", bind="query-params"))
attempt("radio", lambda: st.radio("Radio", [1, 2, 3], format_func=lambda v: f"n{v}", key="rd", bind="query-params"))
attempt("multiselect", lambda: st.multiselect("Multi", ["a", "b", "c"], key="m", bind="query-params"))
attempt("text", lambda: st.text_input("Text", key="t", bind="query-params"))
attempt("area", lambda: st.text_area("Area", "hello", key="ta", bind="query-params"))
attempt("select_slider", lambda: st.select_slider("Size", ["S", "M", "L"], value="M", key="ss", bind="query-params"))
attempt("color", lambda: st.color_picker("Color", "#ff0000", key="col", bind="query-params"))
attempt("date", lambda: st.date_input("Day", datetime.date(2024, 1, 2), key="d", bind="query-params"))
attempt("time", lambda: st.time_input("Time", datetime.time(10, 30), key="tm", bind="query-params"))
attempt("float number", lambda: st.number_input("Amount", 0.0, 10.0, 1.5, key="amt", bind="query-params"))
attempt("one of", lambda: st.multiselect("One", ["a", "b", "c"], key="one", max_selections=1, bind="query-params"))
log("url", sorted(st.query_params.to_dict().items()))
'''



@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="no-url"),
        pytest.param({"x": "3", "r": ["1", "9"], "f": "0.25", "n": "42", "c": "true", "tg": "false", "s": "banana",
                      "rd": "n3", "m": ["c", "a"], "t": "hi there", "ta": "bye", "ss": "L", "col": "#00ff00"}, id="valid"),
        pytest.param({"x": "1", "r": ["2", "8"], "c": "FALSE", "s": "apple", "ta": "hello", "ss": "M"}, id="defaults"),
        pytest.param({"x": "abc", "r": "5", "f": "2.5", "n": "1000", "c": "maybe", "s": "durian", "rd": "2",
                      "m": ["zz"], "ss": "XL", "col": "red"}, id="invalid"),
        pytest.param({"m": ["b", "zz", "a"], "other": "kept"}, id="some-options-invalid"),
        pytest.param({"m": "", "t": ""}, id="empty"),
        pytest.param({"d": "2024-03-04", "tm": "11:45", "amt": "2.25", "one": ["b", "c"]}, id="dates-and-limits"),
        pytest.param({"d": "2024/03/04", "tm": "11:45:30", "amt": "3"}, id="corrected"),
        pytest.param({"d": "March", "tm": "25:00", "amt": "11", "one": "zz"}, id="invalid-dates-and-limits"),
    ],
)
def test_bound_widgets_start_from_the_url_as_in_streamlit(params: dict[str, Any]) -> None:
    widgets = (("slider", "x"), ("slider", "r"), ("slider", "f"), ("number_input", "n"), ("checkbox", "c"),
               ("toggle", "tg"), ("selectbox", "s"), ("radio", "rd"), ("multiselect", "m"), ("text_input", "t"),
               ("text_area", "ta"), ("select_slider", "ss"), ("color_picker", "col"), ("date_input", "d"),
               ("time_input", "tm"), ("number_input", "amt"), ("multiselect", "one"))
    both(BOUND, params, widgets)


def test_a_bound_parameter_cannot_be_set_deleted_or_cleared() -> None:
    body = '''
    st.slider("Slider", 0, 10, 1, key="x", bind="query-params")
    attempt("set bound", lambda: st.query_params.__setitem__("x", "4"))
    attempt("update bound", lambda: st.query_params.update(x="4"))
    attempt("del bound", lambda: st.query_params.__delitem__("x"))
    attempt("clear", lambda: st.query_params.clear())
    attempt("from_dict", lambda: st.query_params.from_dict({"y": "1"}))
    log("after", st.query_params.to_dict())
    '''
    both(body, {"x": "6", "y": "0"})


def test_bind_needs_a_key_and_takes_only_query_params() -> None:
    body = '''
    attempt("no key", lambda: st.slider("A", 0, 10, key=None, bind="query-params"))
    attempt("bad bind", lambda: st.checkbox("B", key="b", bind="url"))
    '''
    theirs, ours = _apps(body)
    for at in (theirs, ours):
        _run(at)
    got, expected = ours.session_state.trace, theirs.session_state.trace
    # same class names; our messages say the same in our words
    assert [t.split(" ! ")[1].split(" ")[0] for t in got] == [t.split(" ! ")[1].split(" ")[0] for t in expected]
    assert "'key' parameter" in got[0]
    assert "'query-params'" in got[1]


def test_a_bound_widget_change_writes_the_url_here_and_its_default_removes_it() -> None:
    """What Streamlit's browser does (its AppTest has no browser, so its URL stays put)."""
    body = '''
    v = st.slider("Slider", 0, 10, 1, key="x", bind="query-params")
    m = st.multiselect("Multi", ["a", "b", "c"], ["a"], key="m", bind="query-params")
    log("run", v, m, st.query_params.to_dict())
    '''
    at = OurAppTest.from_string("import jupyter_state as st\n" + PRELUDE + textwrap.dedent(body), default_timeout=10)
    at.query_params["x"] = "3"
    at.run()
    assert at.query_params == {"x": "3"}
    at.slider(key="x").set_value(7).run()
    assert at.query_params == {"x": "7"}
    at.multiselect(key="m").set_value([]).run()
    assert at.query_params == {"x": "7", "m": ""}  # an empty selection that is not the default
    at.multiselect(key="m").set_value(["c", "a"]).run()
    assert at.query_params == {"x": "7", "m": ["c", "a"]}
    at.slider(key="x").set_value(1)
    at.multiselect(key="m").set_value(["a"]).run()
    assert at.query_params == {}
    # the next run sees the URL the last one left
    assert at.session_state.trace[-1] == "run 1 ['a'] {}"


def test_a_bound_widget_that_is_no_longer_rendered_leaves_the_url() -> None:
    body = '''
    if st.checkbox("Show", True, key="show"):
        st.slider("Slider", 0, 10, 1, key="x", bind="query-params")
    '''
    at = OurAppTest.from_string("import jupyter_state as st\n" + PRELUDE + textwrap.dedent(body), default_timeout=10)
    at.query_params.update({"x": "4", "other": "o"})
    at.run()
    assert at.query_params == {"x": "4", "other": "o"}
    at.checkbox(key="show").uncheck().run()
    assert at.query_params == {"other": "o"}
    # As Streamlit 1.67 (_remove_stale_widgets): the parameter leaves the URL, the key stays
    # (a bound widget's value outlives it, as with persist_state; tests/test_oracle_persist.py)
    assert at.session_state["x"] == 4


def test_the_url_wins_over_a_session_state_value_on_the_first_run() -> None:
    body = '''
    if "x" not in st.session_state:
        st.session_state.x = 9
    v = st.slider("Slider", 0, 10, 1, key="x", bind="query-params")
    log("value", v)
    '''
    both(body, {"x": "2"}, (("slider", "x"),))
    theirs, ours = _apps(body)
    for at in (theirs, ours):
        _run(at)
    assert ours.session_state.trace == theirs.session_state.trace == ["value 9"]
    # Streamlit's AppTest leaves the URL empty (no browser); here the URL always holds what
    # a bound widget shows when it is not its default, so a link reproduces it.
    assert theirs.query_params == {} and ours.query_params == {"x": "9"}


# -- the page of st.navigation in the URL (ours: ?st_page=; Streamlit: the URL's path) --------
def test_the_page_is_in_the_url_and_a_link_with_it_opens_that_page(tmp_path: Any) -> None:
    import shutil
    from pathlib import Path

    app = tmp_path / "multipage"
    shutil.copytree(Path(__file__).parent / "apps" / "multipage", app)
    for path in app.rglob("*.py"):
        path.write_text(path.read_text().replace("import streamlit as st", "import jupyter_state as st"))
    at = OurAppTest.from_file(str(app / "app.py"), default_timeout=10)
    at.query_params.update({"st_page": "settings", "other": "1"})
    at.run()
    assert [t.value for t in at.title] == ["Settings"]
    assert at.query_params == {"st_page": "settings", "other": "1"}
    at.switch_page("views/02_sales_report.py").run()
    assert at.query_params == {"st_page": "sales_report", "other": "1"}
    at.switch_page("views/home.py").run()  # the default page has no parameter (no path)
    assert at.query_params == {"other": "1"}
    assert [t.value for t in at.title] == ["Home"]

    # an unknown page is ignored and removed; st_page is not one of the app's parameters
    at = OurAppTest.from_file(str(app / "app.py"), default_timeout=10)
    at.query_params["st_page"] = "nowhere"
    at.run()
    assert [t.value for t in at.title] == ["Home"]
    assert at.query_params == {}
    body = '''
    attempt("set st_page", lambda: st.query_params.__setitem__("st_page", "x"))
    attempt("bind st_page", lambda: st.slider("S", key="st_page", bind="query-params"))
    attempt("hidden", lambda: st.query_params.to_dict())
    '''
    at = OurAppTest.from_string("import jupyter_state as st\n" + PRELUDE + TRY + textwrap.dedent(body))
    at.query_params["st_page"] = "kept"
    at.run()
    assert at.session_state.trace[0].startswith("set st_page ! APIException Query param st_page holds the page")
    assert at.session_state.trace[1].startswith("bind st_page ! APIException Cannot bind to reserved query parameter 'st_page'")
    assert at.session_state.trace[2] == "hidden = {}"
    assert at.query_params == {"st_page": "kept"}


CONTAINERS = '''
def bound_tabs():
    tabs = st.tabs(["Chart", "Data", "Notes"], key="tab", bind="query-params")
    return [t.open for t in tabs]
def bound_expander():
    return st.expander("More", key="more", bind="query-params").open
def bound_open_expander():
    return st.expander("Open", True, key="opened", bind="query-params").open
attempt("tabs", bound_tabs)
attempt("expander", bound_expander)
attempt("open expander", bound_open_expander)
attempt("tabs no key", lambda: st.tabs(["A"], bind="query-params"))
attempt("expander no key", lambda: st.expander("E", bind="query-params"))
attempt("tabs bad bind", lambda: st.tabs(["A"], key="a", bind="url"))
attempt("tabs duplicate labels", lambda: st.tabs(["A", "A"], key="dup", bind="query-params"))
attempt("tabs empty label", lambda: st.tabs(["A", ""], key="empty", bind="query-params"))
log("url", sorted(st.query_params.to_dict().items()))
'''


@pytest.mark.parametrize(
    "params",
    [
        pytest.param({}, id="no-url"),
        pytest.param({"tab": "Notes", "more": "true", "opened": "false"}, id="valid"),
        pytest.param({"tab": "Chart", "more": "false", "opened": "TRUE"}, id="defaults"),
        pytest.param({"tab": "Graph", "more": "yes", "opened": "0"}, id="invalid"),
    ],
)
def test_bound_tabs_and_expanders_start_from_the_url_as_in_streamlit(params: dict[str, Any]) -> None:
    theirs, ours = _apps(CONTAINERS)
    for at in (theirs, ours):
        at.query_params.update(params)
        _run(at)
    got, expected = _snapshot(ours, True), _snapshot(theirs, False)
    # the misuse lines: the same error classes; our messages say the same in our words
    errors = ("no key", "bad bind", "duplicate", "empty label")
    for snapshot in (got, expected):
        snapshot["errors"] = [t.split(" ! ")[1].split(" ")[0] for t in snapshot["trace"] if t.startswith(
            tuple(f"tabs {e}" for e in errors) + ("expander no key",))]
        snapshot["trace"] = [t for t in snapshot["trace"] if not t.startswith(("tabs no", "tabs bad", "tabs dup", "tabs empty",
                                                                                "expander no"))]
    assert got == expected


def test_a_bound_tab_switch_writes_the_url_here_and_the_default_removes_it() -> None:
    body = '''
    tabs = st.tabs(["Chart", "Data"], key="tab", bind="query-params")
    more = st.expander("More", key="more", bind="query-params")
    log("run", [t.open for t in tabs], more.open)
    '''
    at = OurAppTest.from_string("import jupyter_state as st\n" + PRELUDE + textwrap.dedent(body), default_timeout=10)
    at.query_params["tab"] = "Data"
    at.run()
    assert at.session_state.trace[-1] == "run [False, True] False"
    at.session_state["tab"] = "Chart"
    at.session_state["more"] = True
    at.run()
    assert at.query_params == {"more": "true"}
    at.session_state["more"] = False
    at.run()
    assert at.query_params == {}
