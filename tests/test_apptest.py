"""jupyter_state.testing.AppTest: the Streamlit-shaped headless harness."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import jupyter_state as st
from jupyter_state.testing import AppTest

APPS = Path(__file__).parent / "apps"

ALL_WIDGETS = """
import datetime as dt
import jupyter_state as st
st.checkbox("c", key="checkbox")
st.toggle("t", key="toggle")
st.text_input("ti", key="text_input")
st.text_area("ta", key="text_area")
st.number_input("ni", 0, 10, 5, key="number_input")
st.slider("s", 0, 100, key="slider")
st.slider("r", 0, 10, (2, 5), key="range")
st.select_slider("ss", ["a", "b", "c"], key="select_slider")
st.selectbox("sb", ["x", "y", "z"], key="selectbox")
st.radio("ra", ["p", "q"], key="radio")
st.multiselect("ms", ["m", "n", "o"], key="multiselect")
st.color_picker("cp", key="color_picker")
st.date_input("di", dt.date(2024, 1, 2), key="date_input")
st.time_input("tm", dt.time(8, 45), key="time_input")
st.button("b", key="button")
with st.form("f"):
    st.text_input("in form", key="in_form")
    st.form_submit_button("Go", key="go")
"""


def test_from_file_counter() -> None:
    at = AppTest.from_file(APPS / "counter.py").run()
    assert at.markdown[0].value == "Count: `0`"
    at.slider(key="step").set_value(3).run()
    at.button(key="add").click().run()
    assert at.markdown[0].value == "Count: `3`"
    assert at.session_state.count == 3
    assert at.session_state["step"] == 3


def test_from_function_with_args_and_kwargs() -> None:
    def app(start: int, *, label: str) -> None:
        import jupyter_state as st

        st.session_state.setdefault("n", start)
        st.write(label, st.session_state.n)

    at = AppTest.from_function(app, args=(5,), kwargs={"label": "N:"}).run()
    assert at.markdown[0].value == "N: `5`"


def test_every_widget_is_found_by_key_and_index_with_value_label_disabled() -> None:
    at = AppTest.from_string(ALL_WIDGETS).run()
    kinds = ["checkbox", "toggle", "text_input", "text_area", "number_input", "select_slider", "selectbox",
             "radio", "multiselect", "color_picker", "date_input", "time_input", "button"]
    for kind in kinds:
        element = getattr(at, kind)(key=kind)
        assert element is getattr(at, kind)[0] or element.key == getattr(at, kind)[0].key
        assert element.disabled is False
        assert element.label
    assert len(at.slider) == 2
    assert at.form_submit_button(key="go").label == "Go"
    assert at.slider(key="range").value == (2, 5)


def test_actions_stage_and_run_deliver_changes() -> None:
    at = AppTest.from_string(ALL_WIDGETS).run()
    at.checkbox(key="checkbox").check()
    at.toggle(key="toggle").check()
    at.text_input(key="text_input").input("hello")
    at.text_area(key="text_area").input("a\nb")
    at.number_input(key="number_input").increment()
    at.slider(key="slider").set_value(42)
    at.slider(key="range").set_range(1, 9)
    at.select_slider(key="select_slider").set_value("c")
    at.selectbox(key="selectbox").select_index(2)
    at.radio(key="radio").select("q")
    at.multiselect(key="multiselect").select("o").select("m")  # kept in that order (issue 11)
    at.color_picker(key="color_picker").set_value("#ff0000")
    at.date_input(key="date_input").set_value(dt.date(2025, 5, 6))
    at.time_input(key="time_input").set_value(dt.time(9, 30))
    assert at.slider(key="slider").value == 42  # staged value is visible before run
    at.run()
    assert {k: v for k, v in at.session_state.to_dict().items() if k not in ("button", "go", "in_form")} == {
        "checkbox": True, "toggle": True, "text_input": "hello", "text_area": "a\nb", "number_input": 6,
        "slider": 42, "range": (1, 9), "select_slider": "c", "selectbox": "z", "radio": "q",
        "multiselect": ["o", "m"], "color_picker": "#ff0000", "date_input": dt.date(2025, 5, 6),
        "time_input": dt.time(9, 30),
    }
    at.multiselect(key="multiselect").unselect("m").run()
    at.number_input(key="number_input").decrement().decrement().run()
    at.checkbox(key="checkbox").uncheck().run()
    assert at.session_state.multiselect == ["o"]
    assert at.session_state.number_input == 4
    assert at.session_state.checkbox is False


def test_form_members_and_submit_apply_together() -> None:
    at = AppTest.from_string(ALL_WIDGETS).run()
    at.text_input(key="in_form").input("staged")
    at.run()
    assert at.session_state.in_form == ""
    at.text_input(key="in_form").input("sent")
    at.form_submit_button(key="go").click().run()
    assert at.session_state.in_form == "sent"


def test_int_keys_found_as_stored() -> None:
    at = AppTest.from_string('import jupyter_state as st\nst.text_input("x", key=7)').run()
    assert at.text_input(key="7").key == "7"
    assert at.text_input(key=7).value == ""


def test_unknown_key_is_a_clear_error() -> None:
    at = AppTest.from_string('import jupyter_state as st\nst.text_input("x", key="a")').run()
    with pytest.raises(KeyError, match="'b'.*\\['a'\\]"):
        at.text_input(key="b")


def test_session_state_writes_between_runs_are_pre_run_assignments() -> None:
    at = AppTest.from_string('import jupyter_state as st\nst.write(st.slider("s", 0, 10, key="s"))').run()
    at.session_state.s = 9
    at.run()
    assert at.markdown[0].value == "`9`"
    assert at.slider(key="s").value == 9


def test_outputs_in_order() -> None:
    src = """
import jupyter_state as st
st.title("T"); st.header("H"); st.subheader("S"); st.caption("C")
st.markdown("**m**"); st.text("t"); st.json({"a": 1}); st.code("x = 1")
st.error("e"); st.warning("w"); st.info("i"); st.success("s")
st.write("written", 1)
"bare string"
print("out")
"""
    at = AppTest.from_string(src).run()
    assert at.title[0].value == "T" and at.header[0].value == "H" and at.subheader[0].value == "S"
    assert at.caption[0].value == "C" and at.text[0].value == "t" and at.code[0].value == "x = 1"
    assert at.markdown.values == ["**m**", "written `1`", "bare string"]
    assert json.loads(at.json[0].value) == {"a": 1}  # as Streamlit: the value is the JSON text
    assert [at.error[0].value, at.warning[0].value, at.info[0].value, at.success[0].value] == ["e", "w", "i", "s"]
    assert at.stdout[0].value == "out\n"


def test_exceptions_are_recorded_with_type_message_and_stack() -> None:
    src = """
import jupyter_state as st
def boom():
    raise ValueError("callback broke")
st.button("b", key="b", on_click=boom)
raise RuntimeError("body broke")
"""
    at = AppTest.from_string(src).run()
    exc = at.exception[0]
    assert (exc.type, exc.message) == ("RuntimeError", "body broke")
    assert any("body broke" in line for line in exc.stack_trace)
    at.button(key="b").click().run()
    assert [(e.type, e.message) for e in at.exception] == [("ValueError", "callback broke")]


def test_raise_errors_option_makes_the_test_raise() -> None:
    st.set_option("runner.raiseErrors", True)
    at = AppTest.from_string("raise KeyError('k')")
    with pytest.raises(KeyError):
        at.run()


def test_options_apply_to_apps_run_by_apptest() -> None:
    st.set_option("runner.enforceSerializableSessionState", True)
    at = AppTest.from_string('import jupyter_state as st\nst.session_state.f = lambda: 1').run()
    assert at.exception[0].type == "UnserializableSessionStateError"


def test_each_apptest_has_a_fresh_session() -> None:
    src = 'import jupyter_state as st\nst.session_state.n = st.session_state.get("n", 0) + 1'
    a = AppTest.from_string(src).run().run()
    b = AppTest.from_string(src).run()
    assert a.session_state.n == 2 and b.session_state.n == 1
    assert "n" not in st.session_state


def test_timeout() -> None:
    at = AppTest.from_string("import time\ntime.sleep(2)", default_timeout=0.2)
    with pytest.raises(RuntimeError, match="timed out"):
        at.run()


def test_from_notebook_runs_the_cells_above_first(tmp_path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("%load_ext jupyter_state\nimport jupyter_state as st\nGREETING = 'hi'"),
        nbformat.v4.new_code_cell("%%app\nst.write(GREETING, st.text_input('Name', key='name'))", metadata={"tags": ["main-app"]}),
    ]
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps(nb))
    for cell in (None, 1, "main-app"):
        at = AppTest.from_notebook(path, cell=cell).run()
        at.text_input(key="name").input("Ada").run()
        assert at.markdown[0].value == "hi Ada"
    with pytest.raises(ValueError, match="not a %%app cell"):
        AppTest.from_notebook(path, cell=0)


def test_seed_examples_under_apptest() -> None:
    seed = """
import jupyter_state as st
if 'key' not in st.session_state:
    st.session_state['key'] = 'value'
st.write(st.session_state.key)
st.text_input("Your name", key="name")
def form_callback():
    st.write(st.session_state.my_slider)
    st.write(st.session_state.my_checkbox)
with st.form(key='my_form'):
    slider_input = st.slider('My slider', 0, 10, 5, key='my_slider')
    checkbox_input = st.checkbox('Yes or No', key='my_checkbox')
    submit_button = st.form_submit_button(label='Submit', on_click=form_callback)
"""
    at = AppTest.from_string(seed).run()
    assert at.markdown[0].value == "value"
    assert at.session_state.name == ""
    at.slider(key="my_slider").set_value(9)
    at.checkbox(key="my_checkbox").check()
    at.form_submit_button[0].click().run()
    assert at.markdown.values[:2] == ["`9`", "`True`"]
