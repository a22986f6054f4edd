"""Differential tests for stateful containers (Streamlit 1.67 ``on_change`` on layouts).

Streamlit's AppTest cannot switch a tab or open an expander (its ``Tab`` and ``Expander``
have no setter), so the scenarios drive the state the way the docs' examples do: through
session state, from a button's callback or before a run, and compare ``.open`` and the
keys after every step.
"""

from __future__ import annotations

import pytest

from tests.test_oracle import RUN, check, run_ours, run_streamlit

pytestmark = pytest.mark.oracle


def test_tabs_expander_and_popover_follow_session_state() -> None:
    body = '''
    def switch(tab):
        ss.animal = tab

    def flip():
        ss.more = not ss.more
        ss.drawer = not ss.drawer

    cat, dog, owl = st.tabs(["Cat", "Dog", "Owl"], key="animal", on_change="rerun")
    more = st.expander("More", key="more", on_change=lambda: log("never"))
    drawer = st.popover("Drawer", key="drawer", on_change="rerun")
    plain = st.tabs(["X", "Y"], key="plain")
    log(cat.open, dog.open, owl.open, more.open, drawer.open, [t.open for t in plain])
    st.button("Dog", key="to_dog", on_click=switch, args=("Dog",))
    st.button("Flip", key="flip", on_click=flip)
    '''
    snaps = check(
        body,
        [
            ("button", "to_dog", "click", None),
            ("button", "flip", "click", None),
            ("", "animal", "set_state", "Owl"),
            ("", "animal", "set_state", "Nope"),  # no such tab: the default, and the key follows
            RUN,
        ],
    )
    assert snaps[1]["trace"][-1] == "False True False False False [None, None]"
    assert snaps[2]["trace"][-1] == "False True False True True [None, None]"
    assert snaps[4]["state"]["animal"] == "Cat"


def test_unkeyed_stateful_tabs_and_the_default_tab() -> None:
    body = '''
    tabs = st.tabs(["A", "B", "C"], default="C", on_change="rerun")
    box = st.expander("E", expanded=True, on_change="rerun")
    log([t.open for t in tabs], box.open)
    '''
    snaps = check(body, [RUN])
    assert snaps[0]["trace"] == ["[False, False, True] True"]


@pytest.mark.parametrize(
    "call",
    [
        "st.tabs(['A'], on_change=None)",
        "st.expander('E', on_change=5)",
        "st.popover('P', on_change='submit')",
        "st.tabs(['A'], bind='url')",
        "st.expander('E', bind='url')",
        "st.tabs(['A', 'B'], on_change='rerun')\nst.tabs(['A', 'B'], on_change='rerun')",
        "st.expander('E', key='k', on_change='rerun')\nst.checkbox('C', key='k')",
        "st.tabs(['A', 'B'], key='t', on_change='rerun')\nss.t = 'B'",
        "with st.form('f'):\n    st.expander('E', on_change=lambda: None)\n    st.form_submit_button()",
    ],
)
def test_misuse_raises_the_same_error(call: str) -> None:
    snaps = check(f"log('before')\n{call}\nlog('after')\n", [])
    assert snaps[0]["exceptions"] and snaps[0]["trace"] == ["before"]


@pytest.mark.parametrize(
    ("call", "shared"),
    [
        ("st.tabs(['A'], on_change=None)", ["Invalid `on_change` value", "Supported values: 'rerun', 'ignore', a callback function."]),
        ("st.expander('E', bind='url')", ["Invalid `bind` value", "Supported values:"]),
        ("st.popover('P', on_change=print)\nst.popover('P', on_change=print)", ["multiple", "popover", "key"]),
        ("st.expander('E', key='e', on_change='rerun')\nss.e = True", ["st.session_state['e']", "cannot be modified after the widget with that key"]),
    ],
)
def test_the_messages_say_what_streamlits_say(call: str, shared: list[str]) -> None:
    """Our wording is our own (DESIGN.md 2.3), but it names what Streamlit's names."""
    indented = call.replace("\n", "\n    ")
    body = f"try:\n    {indented}\nexcept Exception as e:\n    log(ename(e), str(e))\n"
    theirs, ours = run_streamlit(body, [], outputs=(), widgets=()), run_ours(body, [], outputs=(), widgets=())
    assert ours[0]["trace"][0].split()[0] == theirs[0]["trace"][0].split()[0]  # the same exception
    for part in shared:
        assert part in theirs[0]["trace"][0] and part in ours[0]["trace"][0]
