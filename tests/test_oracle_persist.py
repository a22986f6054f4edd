"""``persist_state`` under Streamlit 1.67's AppTest and ours: the same scripts, state after every step.

The one-page scenarios go through ``tests/test_oracle.py``'s harness (session state, the trace
and what each widget shows, compared after every step). The multipage app
(``tests/apps/persist``) has a ``persist_state="page"`` toggle in the entrypoint, a first page
whose checkbox hides a "page", a "session", an unpersisted and a URL-bound widget, and a
second page with a "session" number input and a "page" slider on the same keys.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from jupyter_state.testing import AppTest as OurAppTest
from tests.test_oracle import RUN, check, st_testing

pytestmark = pytest.mark.oracle

APP = Path(__file__).parent / "apps" / "persist"

HIDE = ("checkbox", "show", "uncheck", None)
SHOW = ("checkbox", "show", "check", None)

SCOPES = '''
show = st.checkbox("Show", value=True, key="show")
if show:
    p = st.slider("Page", 0, 10, 1, key="p", persist_state="page")
    s = st.select_slider("Session", ["a", "b", "c"], "a", key="s", persist_state="session")
    n = st.slider("Plain", 0, 10, 3, key="n")
    log("shown", p, s, n)
log("end", sorted(k for k in ss.keys() if k != "trace"))
'''

SHOWN = (("slider", "p"), ("select_slider", "s"), ("slider", "n"))


def test_a_hidden_persisted_widget_keeps_its_key_and_starts_from_it_when_shown_again() -> None:
    snaps = check(SCOPES, [
        [("slider", "p", "set_value", 7), ("select_slider", "s", "set_value", "c"), ("slider", "n", "set_value", 9)],
        HIDE, RUN, RUN, SHOW, RUN,
    ], widgets=SHOWN)
    hidden = snaps[2]["state"]
    assert hidden == {"p": 7, "s": "c", "show": False}  # the unpersisted slider's key is culled
    assert snaps[4]["state"] == hidden
    assert snaps[5]["state"] == {"n": 3, "p": 7, "s": "c", "show": True}
    assert snaps[5]["trace"][-2] == "shown 7 c 3"


def test_a_key_deleted_or_assigned_while_its_persisted_widget_is_hidden() -> None:
    check(SCOPES, [
        [("slider", "p", "set_value", 7), ("select_slider", "s", "set_value", "c")],
        HIDE, ("slider", "p", "set_state", 4), RUN, SHOW, RUN,
    ], widgets=SHOWN)


def test_every_widget_streamlit_has_it_on_keeps_its_key_when_hidden() -> None:
    body = '''
    import datetime as dt
    if st.checkbox("Show", value=True, key="show"):
        st.checkbox("C", key="c", persist_state="session")
        st.toggle("T", key="t", persist_state="session")
        st.text_input("TI", key="ti", persist_state="page")
        st.text_area("TA", key="ta", persist_state="page")
        st.number_input("NI", 0, 10, key="ni", persist_state="session")
        st.selectbox("SB", ["x", "y"], key="sb", persist_state="page")
        st.radio("R", ["x", "y"], key="r", persist_state="session")
        st.multiselect("M", ["x", "y"], key="m", persist_state="page")
        st.color_picker("CP", "#000000", key="cp", persist_state="session")
        st.date_input("D", dt.date(2024, 1, 1), key="d", persist_state="page")
        st.time_input("TM", dt.time(8, 0), key="tm", persist_state="session")
        st.button("B", key="btn")
    '''
    snaps = check(body, [
        [("checkbox", "c", "check", None), ("toggle", "t", "set_value", True), ("text_input", "ti", "input", "hi"),
         ("text_area", "ta", "input", "there"), ("number_input", "ni", "set_value", 5),
         ("selectbox", "sb", "select", "y"), ("radio", "r", "set_value", "y"), ("multiselect", "m", "select", "y"),
         ("color_picker", "cp", "set_value", "#ff0000"), ("date_input", "d", "set_value", dt.date(2024, 2, 3)),
         ("time_input", "tm", "set_value", dt.time(11, 45))],
        HIDE, RUN, SHOW,
    ], widgets=(("text_input", "ti"), ("multiselect", "m"), ("time_input", "tm"), ("color_picker", "cp")))
    assert set(snaps[2]["state"]) == {"c", "t", "ti", "ta", "ni", "sb", "r", "m", "cp", "d", "tm", "show"}


def test_the_missing_key_and_a_bad_value_raise_streamlits_errors() -> None:
    body = '''
    attempts = {
        "no key": lambda: st.slider("A", persist_state="page"),
        "no key, session": lambda: st.text_input("B", persist_state="session"),
        "bad value": lambda: st.checkbox("C", key="c", persist_state="app"),
        "none": lambda: st.toggle("D", key="d", persist_state=None),
    }
    for name, attempt in attempts.items():
        try:
            log(name, "ok", attempt())
        except Exception as e:
            log(name, ename(e), str(e))
    st.radio("E", ["x"], persist_state="session")
    '''
    snaps = check(body, [RUN])
    assert snaps[0]["exceptions"] == ["MissingRequiredParameterError"]
    assert snaps[0]["trace"][0] == (
        "no key MissingRequiredParameterError The `key` parameter is required. When using persist_state, the "
        "widget must have a unique 'key' parameter specified so its value can be preserved across reruns and "
        "page switches."
    )
    assert snaps[0]["trace"][2] == (
        "bad value ValueError Invalid `persist_state` value. Supported values: 'page', 'session', None."
    )


# -- the multipage app -------------------------------------------------------------------------
_KEYS = ("runs", "wide", "show", "p", "s", "n", "b")


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    return _copies_of(APP, tmp_path)


def _snapshot(at: Any) -> dict[str, Any]:
    shown = {f"{kind}[{w.key}]": w.value for kind in ("slider", "number_input", "text_input", "toggle")
             for w in getattr(at, kind)}
    return {
        "titles": [t.value for t in at.title],
        "state": {k: at.session_state[k] for k in _KEYS if k in at.session_state},
        "shown": shown,
        "exceptions": len(at.exception),
    }


def _both(tmp_path: Path) -> tuple[Any, Any]:
    theirs_path, ours_path = _copies(tmp_path)
    return (st_testing.AppTest.from_file(str(theirs_path), default_timeout=10),
            OurAppTest.from_file(str(ours_path), default_timeout=10))


def _step(theirs: Any, ours: Any, action: Any) -> dict[str, Any]:
    for at in (theirs, ours):
        action(at)
        at.run()
    expected, got = _snapshot(theirs), _snapshot(ours)
    assert got == expected
    return got


def test_page_scope_is_dropped_on_a_page_switch_session_scope_kept(tmp_path: Path) -> None:
    theirs, ours = _both(tmp_path)
    _step(theirs, ours, lambda at: None)

    def edit(at: Any) -> None:
        at.slider(key="p").set_value(7)
        at.slider(key="s").set_value(8)
        at.slider(key="n").set_value(9)
        at.text_input(key="b").input("y")
        at.toggle(key="wide").set_value(True)

    _step(theirs, ours, edit)
    hidden = _step(theirs, ours, lambda at: at.checkbox(key="show").uncheck())
    assert hidden["state"] == {"runs": 3, "wide": True, "show": False, "p": 7, "s": 8, "b": "y"}
    _step(theirs, ours, lambda at: None)
    second = _step(theirs, ours, lambda at: at.switch_page("views/second.py"))
    # "page" is dropped on the switch (the second page's "page" slider starts at its default);
    # "session" is kept (the second page's number input starts from it); the URL binding wins
    # over "page"; the entrypoint's "page" toggle is rendered on every page, so it stays
    assert second["state"] == {"runs": 5, "wide": True, "show": False, "p": 5, "s": 8, "b": "y"}
    assert second["shown"]["number_input[s]"] == 8
    _step(theirs, ours, lambda at: at.number_input(key="s").set_value(2))
    back = _step(theirs, ours, lambda at: at.switch_page("views/first.py"))
    assert back["state"] == {"runs": 7, "wide": True, "show": False, "s": 2, "b": "y"}
    again = _step(theirs, ours, lambda at: at.checkbox(key="show").check())
    assert again["shown"]["slider[p]"] == 1 and again["shown"]["slider[s]"] == 2
    assert again["shown"]["slider[n]"] == 3 and again["shown"]["text_input[b]"] == "y"


def test_a_visible_page_scoped_widget_is_dropped_when_its_page_is_left(tmp_path: Path) -> None:
    theirs, ours = _both(tmp_path)
    _step(theirs, ours, lambda at: None)
    _step(theirs, ours, lambda at: at.slider(key="p").set_value(6))
    left = _step(theirs, ours, lambda at: at.switch_page("views/second.py"))
    assert "p" not in left["state"] and left["state"]["s"] == 2
    back = _step(theirs, ours, lambda at: at.switch_page("views/first.py"))
    assert back["shown"]["slider[p]"] == 1


def test_a_hidden_page_scoped_key_goes_when_the_app_switches_to_a_page_without_it(tmp_path: Path) -> None:
    theirs, ours = _both(tmp_path)
    _step(theirs, ours, lambda at: None)
    _step(theirs, ours, lambda at: at.slider(key="p").set_value(6))
    _step(theirs, ours, lambda at: at.checkbox(key="show").uncheck())
    left = _step(theirs, ours, lambda at: at.switch_page("views/second.py"))  # "wide" is off: no "p" there
    assert "p" not in left["state"] and left["state"]["show"] is False
    back = _step(theirs, ours, lambda at: at.switch_page("views/first.py"))
    assert "p" not in back["state"]
    assert _step(theirs, ours, lambda at: at.checkbox(key="show").check())["shown"]["slider[p]"] == 1


def test_the_entrypoints_page_scoped_widget_hidden_goes_on_a_page_switch(tmp_path: Path) -> None:
    theirs, ours = _both(tmp_path)
    _step(theirs, ours, lambda at: None)
    _step(theirs, ours, lambda at: at.toggle(key="wide").set_value(True))

    def hide(at: Any) -> None:
        at.session_state["entry"] = False

    assert _step(theirs, ours, hide)["state"]["wide"] is True  # hidden, on the page it was rendered on
    assert "wide" not in _step(theirs, ours, lambda at: at.switch_page("views/second.py"))["state"]


def test_a_persisted_form_member_hidden_keeps_its_submitted_value() -> None:
    body = '''
    if st.checkbox("Show", value=True, key="show"):
        with st.form("f"):
            st.text_input("Name", key="name", persist_state="session")
            st.slider("Plain", 0, 10, 3, key="plain")
            st.form_submit_button("Go", key="go")
    log("end", ss.get("name"), ss.get("plain"))
    '''
    snaps = check(body, [
        [("text_input", "name", "input", "Ada"), ("slider", "plain", "set_value", 8), ("button", "go", "click", None)],
        HIDE, RUN, SHOW,
    ], widgets=(("text_input", "name"), ("slider", "plain")))
    assert snaps[2]["state"] == {"name": "Ada", "show": False}
    assert snaps[4]["text_input['name'].value"] == "Ada" and snaps[4]["slider['plain'].value"] == 3


_SCOPES = ("None", "'page'", "'session'")
_QUIRK = pytest.mark.xfail(strict=True, reason=(
    "STREAMLIT QUIRK: back on the first page its 'session' slider returns the kept 7, then the cleanup "
    "drops the key for the second page's 'page' number input (mark_page_switch_drops pops the user key), "
    "so st.session_state has no 's' after a run that showed 7; jupyter_state keeps 7"))


@pytest.mark.parametrize(("first", "second"), [
    pytest.param(a, b, marks=[_QUIRK] if (a, b) == ("'session'", "'page'") else []) for a in _SCOPES for b in _SCOPES
])
def test_the_same_key_on_two_pages(tmp_path: Path, first: str, second: str) -> None:
    """A page's widget and another page's with the same key: what each starts from after a switch."""
    app = tmp_path / "app"
    (app / "views").mkdir(parents=True)
    (app / "app.py").write_text(
        "import streamlit as st\n"
        "pg = st.navigation([st.Page('views/one.py', default=True), st.Page('views/two.py')])\npg.run()\n")
    (app / "views" / "one.py").write_text(
        "import streamlit as st\nst.session_state.setdefault('log', [])\n"
        f"st.session_state.log.append(('one', st.slider('S', 0, 10, 2, key='s', persist_state={first})))\n")
    (app / "views" / "two.py").write_text(
        "import streamlit as st\nst.session_state.setdefault('log', [])\n"
        f"st.session_state.log.append(('two', st.number_input('N', 0, 10, 4, key='s', persist_state={second})))\n")
    theirs_path, ours_path = _copies_of(app, tmp_path)
    results = []
    for at in (st_testing.AppTest.from_file(str(theirs_path), default_timeout=10),
               OurAppTest.from_file(str(ours_path), default_timeout=10)):
        at.run()
        at.slider(key="s").set_value(7).run()
        seen = []
        for page in ("views/two.py", None, "views/one.py", None):
            if page is not None:
                at.switch_page(page)
            at.run()
            seen.append((at.session_state["s"] if "s" in at.session_state else None, at.session_state["log"][-1]))
        results.append(seen)
    theirs, ours = results
    assert ours == theirs


def _copies_of(app: Path, tmp_path: Path) -> tuple[Path, Path]:
    theirs, ours = tmp_path / "theirs", tmp_path / "ours"
    shutil.copytree(app, theirs)
    shutil.copytree(app, ours)
    for path in ours.rglob("*.py"):
        path.write_text(path.read_text().replace("import streamlit as st", "import jupyter_state as st"))
    return theirs / "app.py", ours / "app.py"


@pytest.mark.parametrize("persist", ["None", "'page'", "'session'"])
def test_a_keyed_slider_whose_bounds_change(persist: str) -> None:
    """A bound change makes a new widget (SPEC item 51), which starts at its default; a persisted
    old one passes its value on at the end of the run, as Streamlit's cleanup copies it."""
    body = f'''
    hi = st.number_input("Max", 1, 30, 10, key="hi")
    log("slider", st.slider("S", 0, hi, 2, key="s", persist_state={persist}))
    '''
    check(body, [("slider", "s", "set_value", 7), ("number_input", "hi", "set_value", 20), RUN,
                 ("number_input", "hi", "set_value", 5), RUN, ("number_input", "hi", "set_value", 8), RUN],
          widgets=(("slider", "s"),))


@pytest.mark.parametrize("opened_on", [None, "views/second.py"])
def test_the_entrypoints_page_scoped_widget_hidden_after_the_first_run(tmp_path: Path, opened_on: str | None) -> None:
    """The entrypoint's widget rendered before st.navigation chose a page in the app's first run
    belongs to no page yet, in Streamlit too (the entrypoint's hash): hidden next, it goes."""
    theirs, ours = _both(tmp_path)
    if opened_on is not None:
        for at in (theirs, ours):
            at.switch_page(opened_on)
    _step(theirs, ours, lambda at: None)

    def hide(at: Any) -> None:
        at.toggle(key="wide").set_value(True)
        at.session_state["entry"] = False

    hidden = _step(theirs, ours, hide)
    assert ("wide" in hidden["state"]) is (opened_on is not None)
    _step(theirs, ours, lambda at: None)
