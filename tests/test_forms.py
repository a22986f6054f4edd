"""Forms through the comm path (SPEC §G, the seed's "Forms and Callbacks" and caveats)."""

from __future__ import annotations

from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import errors
from tests.helpers import click, frontend_update, set_value, texts, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def submit(app: Any, form_key: str, label: str = "Submit") -> None:
    click(app, f"FormSubmitter:{form_key}-{label}")


def test_seed_form_example_callback_sees_submitted_values() -> None:
    """The seed page's example: the submit callback writes the submitted values."""
    runs = []

    def body() -> None:
        runs.append(1)

        def form_callback() -> None:
            st.write(st.session_state.my_slider)
            st.write(st.session_state.my_checkbox)

        with st.form(key="my_form"):
            st.slider("My slider", 0, 10, 5, key="my_slider")
            st.checkbox("Yes or No", key="my_checkbox")
            st.form_submit_button(label="Submit", on_click=form_callback)

    app = make(body)
    set_value(app, "my_slider", 8)
    set_value(app, "my_checkbox", True)
    assert len(runs) == 1  # members never trigger a run
    assert st.session_state.my_slider == 5 and st.session_state.my_checkbox is False
    submit(app, "my_form")
    assert len(runs) == 2
    assert texts(app)[:2] == ["`8`", "`True`"]
    assert st.session_state.my_slider == 8 and st.session_state.my_checkbox is True


def test_submit_button_true_only_in_its_run_and_implicit_key() -> None:
    seen = []

    def body() -> None:
        with st.form("f"):
            st.text_input("Name", key="name")
            seen.append(st.form_submit_button("Go"))

    app = make(body)
    assert st.session_state["FormSubmitter:f-Go"] is False
    click(app, "FormSubmitter:f-Go")
    app.run()
    assert seen == [False, True, False]


def test_several_submit_buttons_only_the_clicked_one_is_true() -> None:
    seen = []

    def body() -> None:
        with st.form("f"):
            a = st.form_submit_button("A")
            b = st.form_submit_button("B")
            seen.append((a, b))

    app = make(body)
    click(app, "FormSubmitter:f-B")
    assert seen[-1] == (False, True)


def test_form_object_methods_place_widgets_in_the_form() -> None:
    def body() -> None:
        f = st.form("f")
        f.slider("S", 0, 10, key="s")
        f.form_submit_button("Submit")

    app = make(body)
    set_value(app, "s", 4)
    assert st.session_state.s == 0
    submit(app, "f")
    assert st.session_state.s == 4
    assert widget(app, "s").form is app.forms["f"]


def test_runs_from_outside_the_form_do_not_apply_staged_values() -> None:
    def body() -> None:
        st.checkbox("Outside", key="out")
        with st.form("f"):
            st.slider("S", 0, 10, key="s")
            st.form_submit_button("Submit")

    app = make(body)
    set_value(app, "s", 7)
    set_value(app, "out", True)
    assert st.session_state.s == 0
    assert widget(app, "s").view.value == 7  # still staged in the UI
    submit(app, "f")
    assert st.session_state.s == 7


def test_submit_callback_args_and_order() -> None:
    trace = []

    def body() -> None:
        with st.form("f"):
            st.number_input("N", 0, 100, key="n")
            st.form_submit_button("Submit", on_click=lambda tag, *, k: trace.append((tag, k, st.session_state.n)), args=("cb",), kwargs={"k": 1})
        trace.append(("body", st.session_state.n))

    app = make(body)
    set_value(app, "n", 42)
    submit(app, "f")
    assert trace == [("body", 0), ("cb", 1, 42), ("body", 42)]


def test_clear_on_submit_shows_defaults_but_state_keeps_submitted_values() -> None:
    seen = []

    def body() -> None:
        with st.form("f", clear_on_submit=True):
            seen.append(st.text_input("Name", "anon", key="name"))
            st.form_submit_button("Submit")
        st.checkbox("Other", key="other")

    app = make(body)
    set_value(app, "name", "Ada")
    submit(app, "f")
    assert seen[-1] == "Ada"
    assert widget(app, "name").view.value == "anon"  # the UI is reset
    set_value(app, "other", True)  # a run from outside the form
    assert st.session_state.name == "Ada"
    submit(app, "f")  # the next submit sends the reset value
    assert st.session_state.name == "anon"


def test_enter_in_a_text_input_submits_through_the_first_button() -> None:
    seen = []

    def body() -> None:
        with st.form("f"):
            st.text_input("Query", key="q")
            seen.append((st.form_submit_button("First"), st.form_submit_button("Second")))

    app = make(body)
    set_value(app, "q", "cats")
    view = widget(app, "q").view
    view.comm.handle_msg({"content": {"data": {"method": "custom", "content": {"event": "submit"}}}, "buffers": []})
    assert seen[-1] == (True, False)
    assert st.session_state.q == "cats"


def test_enter_to_submit_false_does_nothing() -> None:
    runs = []

    def body() -> None:
        runs.append(1)
        with st.form("f", enter_to_submit=False):
            st.text_input("Query", key="q")
            st.form_submit_button("Go")

    app = make(body)
    view = widget(app, "q").view
    frontend_update(view, value="x")
    view.comm.handle_msg({"content": {"data": {"method": "custom", "content": {"event": "submit"}}}, "buffers": []})
    assert runs == [1]


# -- the rules ------------------------------------------------------------------------------
@pytest.fixture
def strict() -> None:
    st.set_option("runner.raiseErrors", True)


def test_callback_on_a_form_member_is_an_error(strict: None) -> None:
    def body() -> None:
        with st.form("f"):
            st.slider("S", on_change=lambda: None)
            st.form_submit_button()

    with pytest.raises(errors.InvalidFormCallbackError) as info:
        make(body)
    assert "'f'" in str(info.value) and "form_submit_button" in str(info.value)


def test_button_in_form_and_submit_button_outside_form(strict: None) -> None:
    def button_inside() -> None:
        with st.form("f"):
            st.button("B")

    with pytest.raises(errors.InvalidLayoutContextError, match="form_submit_button"):
        make(button_inside)
    with pytest.raises(errors.InvalidLayoutContextError, match="inside an st.form"):
        make(lambda: st.form_submit_button("Go"))


def test_nested_forms(strict: None) -> None:
    def body() -> None:
        with st.form("outer"):
            with st.form("inner"):
                pass

    with pytest.raises(errors.InvalidLayoutContextError, match="nested"):
        make(body)


def test_duplicate_form_keys_and_separate_namespace(strict: None) -> None:
    def dup() -> None:
        st.form("f")
        st.form("f")

    with pytest.raises(errors.DuplicateElementKey, match="'f'"):
        make(dup)

    def same_key_as_widget() -> None:
        with st.form("f"):
            st.form_submit_button()
        st.slider("S", key="f")

    make(same_key_as_widget)  # no error: forms and widgets have separate keys


def test_form_key_cannot_be_assigned(strict: None) -> None:
    def before() -> None:
        st.session_state.f = 1
        st.form("f")

    with pytest.raises(errors.ValueAssignmentNotAllowedError):
        make(before)

    def after() -> None:
        st.form("g")
        st.session_state.g = 1

    with pytest.raises(errors.WidgetAlreadyInstantiatedError):
        make(after)


def test_submit_button_key_cannot_be_assigned(strict: None) -> None:
    def body() -> None:
        st.session_state["FormSubmitter:f-Go"] = True
        with st.form("f"):
            st.form_submit_button("Go")

    with pytest.raises(errors.ValueAssignmentNotAllowedError):
        make(body)


def test_form_without_submit_button_shows_an_error_in_the_app() -> None:
    def body() -> None:
        with st.form("f"):
            st.slider("S")

    app = make(body)
    form_view = app.forms["f"].block
    shown = [o["data"]["text/plain"] for v in form_view.shown for o in getattr(v, "outputs", ())]
    assert any("Missing Submit Button" in t for t in shown)


def test_duplicate_default_submit_buttons(strict: None) -> None:
    def body() -> None:
        with st.form("f"):
            st.form_submit_button("Go")
            st.form_submit_button("Go")

    with pytest.raises(errors.DuplicateElementKey, match="FormSubmitter:f-Go"):
        make(body)
