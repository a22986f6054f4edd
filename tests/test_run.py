"""The run loop, driven as the frontend drives it (SPEC §B-§F, §H; DESIGN.md §3)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import errors
from tests.helpers import click, frontend_update, set_value, texts, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


# -- binding (SPEC §B) ------------------------------------------------------------------------
def test_keyed_widget_creates_its_key_with_the_default() -> None:
    seen = {}

    def body() -> None:
        seen["before"] = "name" in st.session_state
        st.text_input("Your name", key="name")
        seen["after"] = st.session_state.name

    make(body)
    assert seen == {"before": False, "after": ""}


def test_incoming_values_are_applied_before_the_body() -> None:
    seen = []

    def body() -> None:
        seen.append(st.session_state.get("step"))
        st.slider("Step", 1, 10, 1, key="step")

    app = make(body)
    set_value(app, "step", 7)
    assert seen == [None, 7]
    assert st.session_state.step == 7


def test_assignment_before_the_call_sets_the_value_and_fires_no_callback() -> None:
    calls = []

    def body() -> None:
        if st.session_state.get("pin"):
            st.session_state.s = 9
        st.slider("S", 0, 10, key="s", on_change=lambda: calls.append("cb"))

    app = make(body)
    st.session_state.pin = True
    app.run()
    assert st.session_state.s == 9
    assert widget(app, "s").view.value == 9  # pushed to the frontend
    st.session_state.pin = False
    app.run()
    assert calls == []


def test_assignment_before_first_creation_overrides_value_and_warns_once() -> None:
    def body() -> None:
        if "s" not in st.session_state:
            st.session_state.s = 7
        st.write(st.slider("S", 0, 10, 3, key="s"))

    with pytest.warns(UserWarning, match="'s'.*default value.*session_state"):
        app = make(body)
    assert st.session_state.s == 7
    assert texts(app) == ["`7`"]


def test_assigning_after_instantiation_raises_and_keeps_state() -> None:
    st.set_option("runner.raiseErrors", True)

    def body() -> None:
        st.slider("My slider", 1, 10, 5, key="my_slider")
        st.session_state.my_slider = 7

    with pytest.raises(errors.WidgetAlreadyInstantiatedError) as info:
        make(body)
    assert "'my_slider'" in str(info.value) and "callback" in str(info.value)
    assert st.session_state.my_slider == 5


def test_assigning_a_button_key_raises_at_creation() -> None:
    st.set_option("runner.raiseErrors", True)

    def body() -> None:
        if "my_button" not in st.session_state:
            st.session_state.my_button = True
        st.button("My button", key="my_button")

    with pytest.raises(errors.ValueAssignmentNotAllowedError) as info:
        make(body)
    assert "'my_button'" in str(info.value) and "different key" in str(info.value)


def test_session_values_are_validated() -> None:
    st.set_option("runner.raiseErrors", True)
    st.session_state.s = 500
    with pytest.raises(errors.ValueAboveMaxError, match="500.*10"):
        make(lambda: st.slider("S", 0, 10, key="s"))
    assert st.session_state.s == 500  # bad input loses no state


def test_unknown_option_from_session_state_falls_back_to_the_default() -> None:
    st.session_state.c = "purple"
    with pytest.warns(UserWarning, match="'c'"):
        make(lambda: st.write(st.selectbox("Color", ["red", "green"], index=1, key="c")))
    assert st.session_state.c == "green"


def test_wrongly_typed_value_raises_typeerror() -> None:
    st.set_option("runner.raiseErrors", True)
    st.session_state.b = "yes"
    with pytest.raises(TypeError, match="'b'.*bool"):
        make(lambda: st.checkbox("B", key="b"))


def test_returned_value_is_a_copy() -> None:
    got = {}

    def body() -> None:
        got["v"] = st.multiselect("M", ["a", "b"], default=["a"], key="m")
        got["v"].append("zzz")

    make(body)
    assert st.session_state.m == ["a"]


def test_pinning_a_key_every_run_overrides_user_edits() -> None:
    def body() -> None:
        st.session_state.s = 2
        st.slider("S", 0, 10, key="s")

    app = make(body)
    set_value(app, "s", 8)
    assert st.session_state.s == 2
    assert widget(app, "s").view.value == 2


def test_delete_before_call_resets_to_default() -> None:
    def body() -> None:
        if st.session_state.get("reset"):
            del st.session_state["s"]
            st.session_state.reset = False
        st.slider("S", 0, 10, 4, key="s")

    app = make(body)
    set_value(app, "s", 9)
    st.session_state.reset = True
    app.run()
    assert st.session_state.s == 4
    assert widget(app, "s").view.value == 4


def test_clear_deletes_keyed_values_and_widgets_return_to_defaults() -> None:
    def body() -> None:
        st.session_state.setdefault("user", 1)
        st.slider("S", 0, 10, 4, key="s")

    app = make(body)
    set_value(app, "s", 9)
    st.session_state.clear()
    assert len(st.session_state) == 0
    app.run()
    assert st.session_state.to_dict() == {"user": 1, "s": 4}


def test_seed_text_input_key_exists() -> None:
    make(lambda: st.text_input("Your name", key="name"))
    assert st.session_state.name == ""


# -- callbacks (SPEC §C) ------------------------------------------------------------------------
def test_callbacks_run_before_the_body_with_args_captured_at_render_time() -> None:
    """The SPEC's verified AppTest example, step by step."""

    def body() -> None:
        st.session_state.setdefault("count", 0)
        st.session_state.setdefault("trace", [])

        def bump(step: int, *, who: str) -> None:
            st.session_state.trace.append(f"cb:{who}:{st.session_state.name!r}")
            st.session_state.count += step

        st.text_input("Name", key="name", on_change=bump, args=(10,), kwargs={"who": "name"})
        clicked = st.button("Add", key="add", on_click=bump, args=(1,), kwargs={"who": "add"})
        st.session_state.trace.append(f"body:clicked={clicked}")

    def dump() -> dict[str, Any]:
        return dict(sorted(st.session_state.to_dict().items()))

    app = make(body)
    assert dump() == {"add": False, "count": 0, "name": "", "trace": ["body:clicked=False"]}
    set_value(app, "name", "Ada")
    assert dump()["count"] == 10
    assert dump()["trace"][1:] == ["cb:name:'Ada'", "body:clicked=False"]
    click(app, "add")
    assert dump()["count"] == 11 and dump()["add"] is False
    assert dump()["trace"][3:] == ["cb:add:'Ada'", "body:clicked=True"]
    app.run()
    assert dump()["trace"][-1] == "body:clicked=False"


def test_args_are_those_of_the_previous_run() -> None:
    seen = []

    def body() -> None:
        st.slider("Step", 1, 10, 1, key="step")
        st.button("Add", key="add", on_click=seen.append, args=(st.session_state.step,))

    app = make(body)
    set_value(app, "step", 5)
    click(app, "add")
    assert seen == [5]


def test_no_callback_on_first_render_or_unchanged_value() -> None:
    calls = []
    app = make(lambda: st.slider("S", 0, 10, 3, key="s", on_change=lambda: calls.append(1)))
    assert calls == []
    set_value(app, "s", 3)
    assert calls == []
    set_value(app, "s", 4)
    assert calls == [1]


def test_callback_may_write_any_key_including_its_own() -> None:
    def clear() -> None:
        st.session_state.log = st.session_state.get("log", []) + [st.session_state.msg]
        st.session_state.msg = ""

    app = make(lambda: st.text_input("Message", key="msg", on_change=clear))
    set_value(app, "msg", "hello")
    assert st.session_state.msg == ""
    assert st.session_state.log == ["hello"]
    assert widget(app, "msg").view.value == ""


def test_callback_writing_a_widget_key_updates_that_widget() -> None:
    def link() -> None:
        st.session_state.celsius = round((st.session_state.fahrenheit - 32) * 5 / 9)

    def body() -> None:
        st.number_input("Celsius", -100, 100, 0, key="celsius")
        st.number_input("Fahrenheit", -200, 300, 32, key="fahrenheit", on_change=link)

    app = make(body)
    with pytest.warns(UserWarning, match="'celsius'"):  # value=0 given and the key assigned
        set_value(app, "fahrenheit", 212)
    assert st.session_state.celsius == 100
    assert widget(app, "celsius").view.value == 100


def test_callback_output_appears_first() -> None:
    app = make(lambda: (st.write("body"), st.button("B", key="b", on_click=lambda: st.write("from callback"))))
    click(app, "b")
    assert texts(app) == ["from callback", "body"]
    app.run()
    assert texts(app) == ["body"]


def test_exception_in_callback_shows_in_app_skips_body_and_keeps_state() -> None:
    ran = []

    def bad() -> None:
        st.session_state.partial = True
        raise ValueError("callback broke")

    def body() -> None:
        ran.append(1)
        st.slider("S", 0, 10, key="s", on_change=bad)

    app = make(body)
    set_value(app, "s", 5)
    assert len(ran) == 1
    assert texts(app) == ["ValueError: callback broke"]
    assert st.session_state.s == 5 and st.session_state.partial is True
    assert widget(app, "s").view.value == 5
    set_value(app, "s", 6)  # the next interaction: callback raises again, but the app lives
    app.run()
    assert len(ran) == 2 and texts(app) == []


def test_exception_in_body_is_shown_and_strict_mode_reraises() -> None:
    def body() -> None:
        st.session_state.before = 1
        st.slider("S", 0, 10, key="s")
        raise RuntimeError("body broke")

    app = make(body)
    assert texts(app)[-1] == "RuntimeError: body broke"
    assert st.session_state.before == 1
    st.set_option("runner.raiseErrors", True)
    with pytest.raises(RuntimeError, match="body broke"):
        app.run()


def test_stop_in_callback_skips_the_body() -> None:
    ran = []

    def body() -> None:
        ran.append(1)
        st.button("B", key="b", on_click=st.stop)

    app = make(body)
    click(app, "b")
    assert ran == [1]
    app.run()
    assert ran == [1, 1]


def test_rerun_in_callback_runs_the_body_once_with_button_false() -> None:
    seen = []

    def body() -> None:
        seen.append(st.button("B", key="b", on_click=st.rerun))

    app = make(body)
    click(app, "b")
    assert seen == [False, False]


# -- buttons, stop, rerun, cleanup (SPEC §D, §E, §H) ------------------------------------------
def test_button_true_only_in_the_click_run() -> None:
    seen = []
    app = make(lambda: seen.append(st.button("Go", key="go")))
    click(app, "go")
    app.run()
    assert seen == [False, True, False]
    assert st.session_state.go is False


def test_unkeyed_button_click() -> None:
    seen = []
    app = make(lambda: seen.append(st.button("Go")))
    click_view = widget(app, kind="button").view
    from tests.helpers import frontend_click

    frontend_click(click_view)
    assert seen == [False, True]


def test_rerun_in_body_restarts_and_skips_cleanup() -> None:
    seen = []

    def body() -> None:
        st.session_state.n = st.session_state.get("n", 0) + 1
        seen.append(st.session_state.n)
        if st.session_state.n == 2:
            st.rerun()
        st.slider("S", 0, 10, key="s")

    app = make(body)
    set_value(app, "s", 6)
    assert seen == [1, 2, 3]
    assert st.session_state.s == 6  # not culled by the interrupted run


def test_stop_in_body_keeps_widgets_below() -> None:
    def body() -> None:
        if st.checkbox("Stop", key="stop"):
            st.stop()
        st.slider("S", 0, 10, key="s")

    app = make(body)
    set_value(app, "s", 3)
    set_value(app, "stop", True)
    assert st.session_state.s == 3
    set_value(app, "stop", False)
    assert st.session_state.s == 3


def test_hidden_widget_is_culled_and_starts_over_when_shown() -> None:
    seen = []

    def body() -> None:
        if st.checkbox("Show", True, key="show"):
            st.slider("S", 0, 10, 2, key="s")
        seen.append("s" in st.session_state)

    app = make(body)
    old_view = widget(app, "s").view
    set_value(app, "s", 8)
    set_value(app, "show", False)
    assert seen[-1] is True  # still readable in the run that skips it
    assert "s" not in st.session_state
    assert old_view.comm is None  # closed
    set_value(app, "show", True)
    assert st.session_state.s == 2


def test_keeping_state_across_hide_by_reassigning_the_key() -> None:
    def body() -> None:
        if "s" in st.session_state:
            st.session_state.s = st.session_state.s
        if st.checkbox("Show", True, key="show"):
            st.slider("S", 0, 10, 2, key="s")

    app = make(body)
    with pytest.warns(UserWarning, match="'s'"):  # value=2 given and the key re-assigned
        set_value(app, "s", 8)
    set_value(app, "show", False)
    assert st.session_state.s == 8


def test_serializable_check_after_completed_runs() -> None:
    st.set_option("runner.enforceSerializableSessionState", True)

    def body() -> None:
        st.write("visible")
        if st.session_state.get("bad"):
            st.session_state.fn = lambda: None

    app = make(body)
    assert texts(app) == ["visible"]
    st.session_state.bad = True
    app.run()
    assert texts(app)[0] == "visible"
    assert texts(app)[-1].startswith("UnserializableSessionStateError")


# -- identity (SPEC §F) --------------------------------------------------------------------------
def test_duplicate_key_and_duplicate_unkeyed_widget() -> None:
    st.set_option("runner.raiseErrors", True)
    with pytest.raises(errors.DuplicateElementKey, match="'x'"):
        make(lambda: (st.slider("A", key="x"), st.checkbox("B", key="x")))
    with pytest.raises(errors.DuplicateElementId, match="text_input"):
        make(lambda: (st.text_input("Name"), st.text_input("Name")))


def test_keyed_widget_keeps_its_value_and_view_when_the_label_changes() -> None:
    def body() -> None:
        label = "Pick" if st.session_state.get("n", 0) < 1 else "Pick again"
        st.slider(label, 0, 10, key="s")

    app = make(body)
    view = widget(app, "s").view
    set_value(app, "s", 4)
    st.session_state.n = 1
    app.run()
    assert widget(app, "s").view is view
    assert view.description == "Pick again"
    assert st.session_state.s == 4


def test_unkeyed_widget_resets_when_its_label_changes() -> None:
    got = []

    def body() -> None:
        got.append(st.slider("Pick" if st.session_state.get("n", 0) < 1 else "Other", 0, 10, 1))

    app = make(body)
    frontend_update(widget(app, kind="slider").view, value=5)
    st.session_state.n = 1
    app.run()
    assert got == [1, 5, 1]


def test_same_widget_is_reused_across_runs() -> None:
    app = make(lambda: st.slider("S", 0, 10, key="s"))
    view = widget(app, "s").view
    app.run()
    app.run()
    assert widget(app, "s").view is view


# -- families --------------------------------------------------------------------------------------
def test_every_widget_returns_streamlit_types() -> None:
    got: dict[str, Any] = {}

    def body() -> None:
        got["checkbox"] = st.checkbox("c", key="checkbox")
        got["toggle"] = st.toggle("t", key="toggle")
        got["text_input"] = st.text_input("ti", key="text_input")
        got["text_area"] = st.text_area("ta", key="text_area")
        got["number_input"] = st.number_input("ni", key="number_input")
        got["int_input"] = st.number_input("ii", 0, 10, 5, key="int_input")
        got["slider"] = st.slider("s", key="slider")
        got["fslider"] = st.slider("fs", 0.0, 1.0, 0.5, key="fslider")
        got["range"] = st.slider("r", 0, 10, (2, 5), key="range")
        got["select_slider"] = st.select_slider("ss", ["a", "b", "c"], value="b", key="select_slider")
        got["srange"] = st.select_slider("sr", [1, 2, 3, 4], value=(2, 3), key="srange")
        got["selectbox"] = st.selectbox("sb", ["x", "y"], key="selectbox")
        got["radio"] = st.radio("ra", ["p", "q"], index=1, key="radio")
        got["multiselect"] = st.multiselect("ms", ["m", "n", "o"], default=["n"], key="multiselect")
        got["color_picker"] = st.color_picker("cp", key="color_picker")
        got["date_input"] = st.date_input("di", dt.date(2024, 1, 2), key="date_input")
        got["time_input"] = st.time_input("tm", dt.time(8, 45), key="time_input")

    app = make(body)
    assert got == {
        "checkbox": False, "toggle": False, "text_input": "", "text_area": "", "number_input": 0.0,
        "int_input": 5, "slider": 0, "fslider": 0.5, "range": (2, 5), "select_slider": "b",
        "srange": (2, 3), "selectbox": "x", "radio": "q", "multiselect": ["n"], "color_picker": "#000000",
        "date_input": dt.date(2024, 1, 2), "time_input": dt.time(8, 45),
    }
    assert isinstance(got["number_input"], float) and isinstance(got["int_input"], int)
    changes = {
        "checkbox": True, "toggle": True, "text_input": "hi", "text_area": "a\nb", "number_input": 2.5,
        "int_input": 7, "slider": 42, "fslider": 0.25, "range": (3, 9), "select_slider": "c",
        "selectbox": "y", "radio": "p", "multiselect": ["m", "o"], "color_picker": "#ff0000",
        "date_input": dt.date(2025, 5, 6), "time_input": dt.time(9, 30),
    }
    for key, value in changes.items():
        set_value(app, key, value)
    widget_srange = widget(app, "srange")
    frontend_update(widget_srange.view, index=[0, 3])
    expected = dict(got, **changes, srange=(1, 4))
    assert got == expected
    assert {k: st.session_state[k] for k in expected} == expected


def test_selectbox_with_index_none_and_format_func() -> None:
    got = []
    app = make(lambda: got.append(st.selectbox("Pick", [{"id": 1}, {"id": 2}], index=None, format_func=lambda o: f"#{o['id']}", key="p")))
    assert got == [None]
    assert [label for label, _ in widget(app, "p").view.options] == ["#1", "#2"]
    set_value(app, "p", {"id": 2})
    assert got[-1] == {"id": 2}


def test_bare_mode_returns_defaults() -> None:
    assert st.slider("S", 0, 10, 3) == 3
    assert st.button("B") is False
    assert "S" not in st.session_state


def test_non_callable_callback_is_a_clear_error() -> None:
    st.set_option("runner.raiseErrors", True)
    with pytest.raises(TypeError, match="on_change must be a function"):
        make(lambda: st.slider("S", on_change="nope"))  # type: ignore[arg-type]


def test_deleting_a_bound_key_from_an_ordinary_cell_reruns_its_app(session: Any) -> None:
    shown = []
    app = make(lambda: shown.append(st.slider("S", 0, 10, 2, key="s")))
    set_value(app, "s", 8)
    del st.session_state["s"]  # an ordinary cell; its post-run hook flushes
    session.flush()
    assert shown[-1] == 2 and st.session_state.s == 2
    assert widget(app, "s").view.value == 2


def test_two_apps_sharing_a_key_both_follow_it() -> None:
    a = make(lambda: st.slider("A", 0, 10, key="s"))
    b = make(lambda: st.slider("B", 0, 10, key="s"))
    set_value(a, "s", 8)
    assert st.session_state.s == 8 and widget(a, "s").view.value == 8
    b.run()
    assert widget(b, "s").view.value == 8
    b.close()
    assert st.session_state.s == 8  # still bound to a's slider
    set_value(a, "s", 3)
    assert st.session_state.s == 3


def test_radio_horizontal() -> None:
    app = make(lambda: st.radio("R", ["a", "b"], horizontal=True, key="r"))
    assert widget(app, "r").view.orientation == "horizontal"


def test_changes_arriving_during_a_run_coalesce_into_one_follow_up_run() -> None:
    """A frontend message handled while a run is in progress (the body let the kernel process
    messages): no nested run; one follow-up run applies the last value."""
    seen = []

    def body() -> None:
        value = st.slider("S", 0, 10, key="s")
        seen.append(value)
        if len(seen) == 2:  # the run caused by the first change: more arrive meanwhile
            view = widget(app, "s").view
            for v in (3, 4, 5):
                frontend_update(view, value=v)

    app = make(body)
    set_value(app, "s", 1)
    assert seen == [0, 1, 5]
    assert st.session_state.s == 5


def test_listeners_hear_about_every_run_and_can_unsubscribe(session: Any) -> None:
    heard = []
    unsubscribe = session.subscribe(lambda s: heard.append(dict(s.state)))
    app = make(lambda: st.slider("S", 0, 10, key="s"))
    set_value(app, "s", 4)
    assert heard == [{"s": 0}, {"s": 4}]
    unsubscribe()
    app.run()
    assert len(heard) == 2
