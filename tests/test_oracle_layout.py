"""Differential tests for layout: the same script under Streamlit's AppTest and ours.

The harness is test_oracle's (state, trace and exception names after every step); the
scenarios add block-scoped access (``at.sidebar.slider``, ``at.columns[0].number_input``)
compared between the two.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest

from jupyter_state.testing import AppTest as OurAppTest
from tests.test_oracle import RUN, check, st_testing

pytestmark = pytest.mark.oracle


def both(body: str) -> tuple[Any, Any]:
    """The script run once under Streamlit's AppTest and under ours."""
    source = textwrap.dedent(body)
    theirs = st_testing.AppTest.from_string("import streamlit as st\n" + source, default_timeout=10).run()
    ours = OurAppTest.from_string("import jupyter_state as st\n" + source, default_timeout=10).run()
    return theirs, ours


def test_pounds_and_kilograms_linked_in_columns() -> None:
    """Streamlit's session-state docs example: two linked inputs in st.columns([2, 1, 2])."""
    body = '''
    def lbs_to_kg():
        st.session_state.kg = st.session_state.lbs / 2.2046

    def kg_to_lbs():
        st.session_state.lbs = st.session_state.kg * 2.2046

    col1, buff, col2 = st.columns([2, 1, 2])
    with col1:
        pounds = st.number_input("Pounds:", key="lbs", on_change=lbs_to_kg)
    with col2:
        kilogram = st.number_input("Kilograms:", key="kg", on_change=kg_to_lbs)
    log(round(pounds, 4), round(kilogram, 4))
    '''
    snaps = check(
        body,
        [("number_input", "lbs", "set_value", 10.0), ("number_input", "kg", "set_value", 1.0), RUN],
        widgets=[("number_input", "lbs"), ("number_input", "kg")],
    )
    assert snaps[1]["trace"][-1] == "10.0 4.536"
    assert snaps[2]["trace"][-1] == "2.2046 1.0"


def test_sidebar_widgets_and_main_output() -> None:
    body = '''
    kind = st.sidebar.selectbox("Kind", ["a", "b"], key="kind", on_change=lambda: log("cb kind", ss.kind))
    with st.sidebar:
        n = st.slider("N", 1, 5, 2, key="n")
    st.write(f"{kind} x {n}")
    log("body", kind, n)
    '''
    check(body, [("selectbox", "kind", "select", "b"), ("slider", "n", "set_value", 4), RUN], outputs=["markdown"])


def test_tabs_expander_and_popover_keep_their_widgets_values() -> None:
    body = '''
    one, two = st.tabs(["One", "Two"])
    with one:
        a = st.text_input("A", key="a")
    with two:
        b = st.checkbox("B", key="b")
    with st.expander("More"):
        c = st.number_input("C", 0, 10, 1, key="c")
    with st.popover("Pop"):
        d = st.toggle("D", key="d")
    log(a, b, c, d)
    '''
    check(
        body,
        [("text_input", "a", "input", "hi"), ("checkbox", "b", "check", None), ("number_input", "c", "set_value", 5), ("toggle", "d", "set_value", True), RUN],
    )


def test_forms_in_columns_and_columns_in_forms_submit_together() -> None:
    body = '''
    left, right = st.columns(2)
    with left:
        with st.form("f"):
            a, b = st.columns(2)
            x = a.text_input("X", key="x")
            y = b.slider("Y", 0, 9, 1, key="y")
            sent = st.form_submit_button("Send", on_click=lambda: log("submit", ss.x, ss.y))
    right.write(f"{x}-{y}")
    log("body", x, y, sent)
    '''
    check(
        body,
        [[("text_input", "x", "input", "q"), ("slider", "y", "set_value", 7), ("form_submit_button", "FormSubmitter:f-Send", "click", None)], RUN],
        outputs=["markdown"],
    )


def test_empty_and_container_placement_order() -> None:
    body = '''
    box = st.container()
    slot = st.empty()
    st.markdown("after")
    slot.markdown("first")
    slot.markdown("second")
    box.markdown("in box")
    with st.empty().container():
        st.markdown("c1")
        st.markdown("c2")
    '''
    check(body, [RUN], outputs=["markdown"])


@pytest.mark.parametrize(
    "call",
    [
        "st.columns(0)", "st.columns([1, -1])", "st.columns('ab')", "st.columns(2, gap='huge')",
        "st.columns(2, vertical_alignment='middle')", "st.tabs([])", "st.tabs([1, 2])",
        "st.container(height=-1)", "st.set_page_config(layout='huge')",
        "st.set_page_config(initial_sidebar_state='x')",
        # the columns are not part of an unkeyed widget's id: the same button twice is a duplicate
        "c1, c2 = st.columns(2)\nc1.button('Go')\nc2.button('Go')",
    ],
)
def test_misuse_raises_the_same_error(call: str) -> None:
    snaps = check(f"log('before')\n{call}\nlog('after')\n", [])
    assert snaps[0]["exceptions"] and snaps[0]["trace"] == ["before"]


def test_unlimited_nesting_as_in_streamlit_1_67() -> None:
    """1.67 has no nesting limit for columns, expanders or a sidebar inside a container."""
    body = '''
    a, = st.columns(1)
    with a:
        b, = st.columns(1)
        with b:
            c, = st.columns(1)
            with c:
                with st.expander("outer"):
                    with st.expander("inner"):
                        with st.container():
                            with st.sidebar:
                                st.markdown("side")
                            st.markdown("deep")
    '''
    check(body, [RUN], outputs=["markdown"])


def test_block_accessors_find_the_same_elements() -> None:
    theirs, ours = both('''
    st.sidebar.slider("S", 0, 10, 3, key="s")
    st.sidebar.markdown("side text")
    left, right = st.columns([3, 1])
    left.number_input("N", key="n")
    with right:
        st.markdown("right text")
    t1, t2 = st.tabs(["First", "Second"])
    t2.checkbox("C", key="c")
    with st.expander("Exp", icon="🔥"):
        st.markdown("in expander")
    with st.container():
        st.markdown("in container")
    with st.form("f"):
        st.text_input("T", key="t")
        st.form_submit_button()
    ''')
    for at in (theirs, ours):
        assert at.sidebar.slider[0].value == 3 and at.sidebar.markdown[0].value == "side text"
        assert len(at.main.slider) == 0 and [m.value for m in at.main.markdown][:1] == ["right text"]
        assert len(at.columns) == 2 and at.columns[0].number_input[0].key == "n"
        assert round(at.columns[0].weight, 3) == 0.75 and at.columns[1].markdown[0].value == "right text"
        assert [t.label for t in at.tabs] == ["First", "Second"] and at.tabs[1].checkbox[0].key == "c"
        assert len(at.tabs[0].checkbox) == 0
        assert at.expander[0].label == "Exp" and at.expander[0].icon == "🔥"
        assert at.expander[0].markdown[0].value == "in expander"
        assert [c.markdown[0].value for c in at.container] == ["in container"]
        assert at.get("form")[0].text_input[0].key == "t" if at is ours else True


def test_a_block_accessor_drives_a_widget() -> None:
    source = '''
    with st.sidebar:
        n = st.slider("N", 0, 10, 3, key="n")
    left, right = st.columns(2)
    flag = right.checkbox("Flag", key="flag")
    left.markdown(f"n={n} flag={flag}")
    '''
    theirs, ours = both(source)
    for at in (theirs, ours):
        at.sidebar.slider[0].set_value(7).run()
        at.columns[1].checkbox[0].check().run()
        assert at.columns[0].markdown[0].value == "n=7 flag=True"


def test_the_same_unkeyed_widget_in_the_sidebar_and_the_main_area_is_no_duplicate() -> None:
    snaps = check("st.sidebar.button('Go')\nst.button('Go')\nst.sidebar.checkbox('On')\nst.checkbox('On')\nlog('done')\n", [RUN])
    assert snaps[-1]["exceptions"] == [] and snaps[-1]["trace"] == ["done", "done"]
