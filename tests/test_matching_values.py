"""Values Streamlit accepts or returns, matched (issue 11): Enum members after a rerun,
the multiselect's order, reversed ranges, over-long texts, session-state key types.

Widgets are driven as the frontend drives them (comm ``update`` messages, tests/helpers.py).
"""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest

import jupyter_state as st
from tests.helpers import frontend_update, set_value, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


# -- Enum options (runner.enumCoercion) ----------------------------------------------------------
def _enum_app(seen: list[dict[str, Any]]) -> Any:
    def body() -> None:
        class Color(Enum):  # redefined by every run, as in a script
            RED = 1
            GREEN = 2

        seen.append({
            "selectbox": st.selectbox("c", Color, key="c") == Color.RED,
            "radio": st.radio("r", list(Color)) == Color.RED,
            "multiselect": st.multiselect("m", Color, default=[Color.GREEN], key="m") == [Color.GREEN],
            "select_slider": st.select_slider("s", list(Color), value=Color.GREEN) == Color.GREEN,
            "range": st.select_slider("rs", Color, value=(Color.RED, Color.GREEN)) == (Color.RED, Color.GREEN),
            "state": st.session_state.c == Color.RED,
        })

    return make(body)


def test_enum_options_return_the_current_runs_member_after_a_rerun() -> None:
    seen: list[dict[str, Any]] = []
    app = _enum_app(seen)
    app.run()
    assert seen[-1] == {"selectbox": True, "radio": True, "multiselect": True, "select_slider": True, "range": True,
                        "state": False}  # as Streamlit: session state keeps the member that was chosen
    frontend_update(widget(app, "c").view, index=1)
    assert seen[-1]["selectbox"] is False and seen[-1]["multiselect"] is True


@pytest.mark.parametrize("mode", ["off", "nameAndValue"])
def test_enum_coercion_option(mode: str) -> None:
    st.set_option("runner.enumCoercion", mode)
    assert st.get_option("runner.enumCoercion") == mode
    seen: list[dict[str, Any]] = []
    _enum_app(seen).run()
    assert seen[-1]["selectbox"] is (mode != "off")


def test_enum_coercion_needs_the_same_member_names() -> None:
    seen = []
    names = iter(["RED GREEN", "RED BLUE"])

    def body() -> None:
        color = Enum("Color", next(names))  # type: ignore[misc]
        seen.append(st.selectbox("c", color, key="c") is color.RED)  # keyed: the same widget both runs

    app = make(body)
    app.run()
    assert seen == [True, False]  # other member names: the member is returned as chosen


def test_enum_coercion_rejects_an_unknown_mode() -> None:
    with pytest.raises(Exception, match="nameOnly"):
        st.set_option("runner.enumCoercion", "always")


# -- multiselect order -------------------------------------------------------------------------
def test_multiselect_keeps_the_order_of_selection_from_a_browser() -> None:
    """A browser's list box sends the chosen indexes in option order: the order comes from the clicks."""
    seen = []

    def body() -> None:
        seen.append(st.multiselect("m", ["x", "y", "z"], key="m"))

    app = make(body)
    view = widget(app, "m").view
    frontend_update(view, index=[2])
    frontend_update(view, index=[0, 2])
    assert seen[-1] == ["z", "x"] and st.session_state.m == ["z", "x"]
    frontend_update(view, index=[0, 1, 2])
    assert seen[-1] == ["z", "x", "y"]
    frontend_update(view, index=[1, 2])
    assert seen[-1] == ["z", "y"]


def test_multiselect_order_set_through_session_state_is_kept() -> None:
    seen = []

    def body() -> None:
        seen.append(st.multiselect("m", ["x", "y", "z"], key="m"))

    app = make(body)
    st.session_state.m = ["z", "x"]
    app.run()
    assert seen[-1] == ["z", "x"]
    assert widget(app, "m").view.index == (2, 0)
    set_value(app, "m", ["y", "x"])  # a client that sends an order of its own
    assert seen[-1] == ["y", "x"]


# -- reversed ranges, long texts -------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:The widget with key")
def test_reversed_ranges_from_session_state_are_put_in_order() -> None:
    seen = []

    def body() -> None:
        seen.append((
            st.select_slider("a", ["red", "orange", "yellow"], value=("red", "orange"), key="a"),
            st.slider("b", 0, 10, (1, 3), key="b"),
        ))

    app = make(body)
    st.session_state.a = ("yellow", "orange")  # (the duplication warning is checked elsewhere)
    st.session_state.b = (8, 2)
    app.run()
    assert seen[-1] == (("orange", "yellow"), (2, 8))
    assert st.session_state.a == ("orange", "yellow") and st.session_state.b == (2, 8)
    assert widget(app, "a").view.index == (1, 2) and widget(app, "b").view.value == (2, 8)


def test_reversed_range_defaults_are_put_in_order() -> None:
    seen = []

    def body() -> None:
        seen.append((st.select_slider("a", ["red", "orange", "yellow"], value=("yellow", "red")), st.slider("b", 0, 10, (8, 2))))

    make(body)
    assert seen == [(("red", "yellow"), (2, 8))]


def test_text_longer_than_max_chars_is_cut_not_refused() -> None:
    seen = []

    def body() -> None:
        seen.append((st.text_input("t", max_chars=5, key="t"), st.text_area("d", "abcdefgh", max_chars=3)))

    app = make(body)
    st.session_state.t = "abcdefgh"
    app.run()
    assert seen[-1] == ("abcde", "abc")
    assert st.session_state.t == "abcde" and widget(app, "t").view.value == "abcde"
    assert not app.last_error


# -- session-state keys -------------------------------------------------------------------------
def test_scalar_keys_are_looked_up_and_stored_as_their_str() -> None:
    ss = st.session_state
    assert (None in ss, True in ss, 1.5 in ss) == (False, False, False)
    assert ss.get(None, "d") == "d" and ss.get(True) is None and ss.get(1.5, 0) == 0
    ss[True] = 1
    ss[1.5] = 2
    assert ss.to_dict() == {"True": 1, "1.5": 2}
    assert True in ss and ss["True"] == 1 and ss[1.5] == 2
    del ss[True]
    assert "True" not in ss
    assert [1, 2] not in ss  # unhashable: never a key


def test_one_option_assigned_to_a_multiselect_is_a_one_item_selection() -> None:
    seen = []

    def body() -> None:
        seen.append(st.multiselect("m", ["x", "y"], key="m"))

    app = make(body)
    st.session_state.m = "y"
    app.run()
    assert seen[-1] == ["y"] and st.session_state.m == ["y"] and widget(app, "m").view.index == (1,)
    st.session_state.m = "nope"  # not an option: still a clear error
    app.run()
    assert isinstance(app.last_error, TypeError)


def test_a_reversed_pair_from_a_client_is_read_in_order() -> None:
    seen = []

    def body() -> None:
        seen.append(st.select_slider("a", ["red", "orange", "yellow"], value=("red", "orange"), key="a"))

    app = make(body)
    frontend_update(widget(app, "a").view, index=[2, 0])  # a browser never sends it; another client may
    assert seen[-1] == ("red", "yellow") and st.session_state.a == ("red", "yellow")
