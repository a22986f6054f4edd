"""A real ipykernel, driven by the messages JupyterLab sends (DESIGN.md §5, E2E.md §4).

One kernel per module. Every test runs its cells and widget interactions through
:class:`kernel_helpers.Frontend`, which also keeps the browser's copy of every widget model,
so a test checks both the messages one interaction caused and what the browser shows
afterwards. Between tests every app is closed and the session state is cleared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from testsupport.kernel_helpers import Frontend, Messages, Reply, jupyter_state_kernel, ref_id

pytestmark = pytest.mark.kernel

@pytest.fixture(scope="module")
def frontend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    """One kernel for the module, with ``import jupyter_state as st`` already run."""
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel")) as fe:
        yield fe


@pytest.fixture
def kernel(frontend: Frontend) -> Iterator[Frontend]:
    """The module's kernel; afterwards no app is left and the session state is empty."""
    yield frontend
    frontend.execute("_jupyter_state_test_reset()")


# -- helpers ------------------------------------------------------------------------------------
def app_cell(fe: Frontend, source: str, cell_id: str) -> tuple[str, Reply]:
    """Run a ``%%app`` cell; return its container's comm id and the cell's reply."""
    reply = fe.execute(source, cell_id=cell_id)
    [box] = reply.iopub.displayed_models()  # the cell shows one thing: the app's container
    assert "jupyter-state-app" in fe.models[box]["_dom_classes"]
    return box, reply


def state(fe: Frontend) -> dict[str, Any]:
    return dict(fe.value("st.session_state.to_dict()"))


def widgets_shown(fe: Frontend, box: str) -> list[str]:
    return [item[1] for item in fe.shown(box) if isinstance(item, tuple)]


def outputs_shown(fe: Frontend, box: str) -> list[dict[str, Any]]:
    return [item for item in fe.shown(box) if isinstance(item, dict)]


def errors_shown(fe: Frontend, box: str) -> list[dict[str, Any]]:
    return [o for o in outputs_shown(fe, box) if o["output_type"] == "error"]


def assert_stayed_in_app(messages: Messages) -> None:
    """A rerun's output went into widget state: nothing reached the cell's output area."""
    leaked = [m["msg_type"] for m in messages if m["msg_type"] in ("stream", "display_data", "execute_result", "error", "clear_output")]
    assert leaked == []


def plain(lines: list[str]) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(lines))


COUNTER = '''%%app
if "count" not in st.session_state:
    st.session_state.count = 0

def add(n):
    st.session_state.count += n

st.slider("Step", 1, 10, 1, key="step")
st.button("Add", on_click=add, args=(st.session_state.step,))
st.write("Count:", st.session_state.count)
'''


# -- issue "foundation" ----------------------------------------------------------------------
def test_session_state_lives_across_cells(kernel: Frontend) -> None:
    kernel.execute("st.session_state.greeting = 'hello'")
    assert kernel.execute("print(st.session_state['greeting'])").iopub.streams() == "hello\n"
    assert kernel.value("st.session_state.greeting") == "hello"
    kernel.execute("del st.session_state.greeting")
    assert kernel.value("'greeting' in st.session_state") is False
    reply = kernel.execute("st.session_state.greeting", allow_error=True)
    assert (reply.content["status"], reply.content["ename"]) == ("error", "SessionStateAttributeError")
    assert "st.session_state.greeting = ..." in reply.content["evalue"]


def test_bare_session_state_displays_text_json_and_escaped_html(kernel: Frontend) -> None:
    kernel.execute("st.session_state.name = '<script>alert(1)</script>'\nst.session_state.n = 1")
    [result] = kernel.execute("st.session_state").iopub.of_type("execute_result")
    bundle = result["content"]["data"]
    assert {"text/plain", "application/json", "text/html"} <= set(bundle)
    assert bundle["application/json"] == {"n": 1, "name": "<script>alert(1)</script>"}
    assert "<script>" not in bundle["text/html"]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in bundle["text/html"]
    assert "'name': '<script>alert(1)</script>'" in bundle["text/plain"]
    [shown] = kernel.execute("display(st.session_state)").iopub.of_type("display_data")
    # each display is a live inspector of its own (test_kernel_inspector.py), over the same fallback
    view = "application/vnd.jupyter.widget-view+json"
    data = dict(shown["content"]["data"])
    assert data.pop(view) != bundle.pop(view) and data == bundle


# -- issue "app cell" -----------------------------------------------------------------------
def test_app_cell_reruns_in_place_through_the_widget_comm(kernel: Frontend) -> None:
    box, first = app_cell(kernel, COUNTER, "counter")
    assert first.iopub.streams() == "" and first.iopub.of_type("execute_result") == []
    assert kernel.texts(box) == ["Count: `0`"]
    assert state(kernel) == {"count": 0, "step": 1}
    slider = kernel.keyed("step")
    button = kernel.find("jupyter-state-button", "ButtonModel")
    assert kernel.models[slider]["_model_name"] == "AnyModel"
    # its module is the sliders' library, opened once per kernel (widgets/_shared_esm.py)
    library = kernel.models[kernel.models[slider]["_library"].removeprefix("IPY_MODEL_")]
    assert "jupyter-state-slider" in library["_esm"] and len(kernel.models[slider]["_esm"]) < 1500
    assert widgets_shown(kernel, box) == [slider, button]

    moved = kernel.update(slider, value=3)
    assert moved.comm_data("echo_update", slider) == [{"method": "echo_update", "state": {"value": 3}, "buffer_paths": []}]
    assert state(kernel) == {"count": 0, "step": 3}
    assert moved.comm_opens() == []  # the rerun reused every widget and every output
    assert moved.updated_ids() == set()  # and nothing the browser shows changed
    assert_stayed_in_app(moved)

    clicked = kernel.click(button)
    assert state(kernel) == {"count": 3, "step": 3}  # args=(step,) as rendered after the move
    assert clicked.comm_opens() == []
    [output] = clicked.updated_ids()  # only the output changed: not the slider, not the button
    assert kernel.models[output]["_model_name"] == "OutputModel"
    assert clicked.updates(output) == [{"outputs": [{"output_type": "display_data", "data": {"text/markdown": "Count: `3`", "text/plain": "Count: `3`"}, "metadata": {}}]}]
    assert_stayed_in_app(clicked)
    assert kernel.texts(box) == ["Count: `3`"]

    kernel.click(button)
    assert kernel.value("st.session_state.count") == 6
    assert kernel.texts(box) == ["Count: `6`"]


def test_a_reloaded_page_gets_the_app_and_its_output_from_the_kernel(kernel: Frontend) -> None:
    box, _ = app_cell(kernel, COUNTER, "reload")
    kernel.update(kernel.keyed("step"), value=2)
    kernel.click(kernel.find("jupyter-state-button", "ButtonModel"))
    states = kernel.request_states()

    def tree(cid: str) -> set[str]:
        found = {cid}
        for value in states[cid].values():
            for item in value if isinstance(value, list) else [value]:
                if isinstance(item, str) and item.startswith("IPY_MODEL_"):
                    found |= tree(ref_id(item))
        return found

    assert tree(box) <= set(states)  # the whole app can be rebuilt from the kernel alone
    assert states[kernel.keyed("step")]["value"] == 2
    # The output was captured in the kernel, so the restored Output is filled.
    assert [s["outputs"] for cid, s in states.items() if cid in tree(box) and s["_model_name"] == "OutputModel"] == [
        [{"output_type": "display_data", "data": {"text/markdown": "Count: `2`", "text/plain": "Count: `2`"}, "metadata": {}}]
    ]


# -- callbacks --------------------------------------------------------------------------------
TRACE = '''%%app
if "trace" not in st.session_state:
    st.session_state.trace = []

def note(name, rendered_with):
    st.session_state.trace.append((name, rendered_with, st.session_state[name]))

a = st.slider("A", 0, 10, 0, key="a", on_change=note, args=("a", st.session_state.get("a")))
b = st.slider("B", 0, 10, 0, key="b", on_change=note, kwargs={"name": "b", "rendered_with": st.session_state.get("b")})
go = st.button("Go", key="go", on_click=note, args=("go", a))
st.session_state.trace.append(("body", a, b, go))
'''


def test_callbacks_run_before_the_body_with_args_from_the_previous_render(kernel: Frontend) -> None:
    app_cell(kernel, TRACE, "trace")
    a, b, go = kernel.keyed("a"), kernel.keyed("b"), kernel.keyed("go")

    def trace_since(start: int) -> list[tuple[Any, ...]]:
        return list(kernel.value(f"st.session_state.trace[{start}:]"))

    assert trace_since(0) == [("body", 0, 0, False)]  # no callback on the first render

    # Each callback gets the args its widget was rendered with in the previous run (the first
    # run rendered A before it had a value), sees the new value in session state, and runs
    # before the body.
    kernel.update(a, value=4)
    assert trace_since(1) == [("a", None, 4), ("body", 4, 0, False)]
    kernel.update(a, value=6)
    assert trace_since(3) == [("a", 4, 6), ("body", 6, 0, False)]

    # A click: the button is True in its callback and in the body of that run only.
    kernel.click(go)
    assert trace_since(5) == [("go", 6, True), ("body", 6, 0, True)]
    assert state(kernel)["go"] is False

    # A burst as a browser sends it, without waiting in between: in one run when the second
    # message was already queued (coalesced), whose callbacks then run in the order the
    # widgets appear, as in Streamlit (issue 11), else in two runs, in arrival order.
    first = kernel.post(b, {"method": "update", "state": {"value": 2}, "buffer_paths": []})
    second = kernel.post(a, {"method": "update", "state": {"value": 9}, "buffer_paths": []})
    assert_stayed_in_app(kernel.drain(first))
    assert_stayed_in_app(kernel.drain(second))
    assert trace_since(7) in (
        [("a", 6, 9), ("b", 0, 2), ("body", 9, 2, False)],
        [("b", 0, 2), ("body", 6, 2, False), ("a", 6, 9), ("body", 9, 2, False)],
    )
    assert (state(kernel)["a"], state(kernel)["b"]) == (9, 2)

    # The same value sent again changes nothing: no callback, no run, no message but the echo.
    seen = len(kernel.value("st.session_state.trace"))
    again = kernel.update(a, value=9)
    assert [m["msg_type"] for m in again if m["msg_type"] != "status"] == ["comm_msg"]
    assert again.comm_data("echo_update", a) != []
    assert trace_since(seen) == []


# -- errors -----------------------------------------------------------------------------------
ERRORS = '''%%app
if "runs" not in st.session_state:
    st.session_state.runs = 0

def boom():
    st.session_state.before_raise = True
    raise ValueError("callback exploded")

st.session_state.runs += 1
st.button("Boom", on_click=boom, key="boom")
if st.checkbox("Fail", key="fail"):
    raise RuntimeError("body exploded")
st.write("ok", st.session_state.runs)
'''


def test_errors_in_callbacks_and_body_show_in_the_app_and_keep_state(kernel: Frontend) -> None:
    box, _ = app_cell(kernel, ERRORS, "errors")
    boom, fail = kernel.keyed("boom"), kernel.keyed("fail")
    assert kernel.texts(box) == ["ok `1`"]

    # A callback raises: the error is an `error` output in the app's Output; the body does
    # not run (SPEC 36); the callback's writes persist; nothing reaches the cell's output.
    clicked = kernel.click(boom)
    assert_stayed_in_app(clicked)
    [error] = errors_shown(kernel, box)
    assert (error["ename"], error["evalue"]) == ("ValueError", "callback exploded")
    assert [u["outputs"][0]["output_type"] for u in clicked.updates() if "outputs" in u][0] == "error"
    traceback = plain(error["traceback"])
    assert "in boom()" in traceback and 'raise ValueError("callback exploded")' in traceback
    assert "jupyter_state" not in traceback  # only the user's frames
    # As Streamlit (issue 11): the failed run leaves the button True until the next run.
    assert state(kernel) == {"runs": 1, "before_raise": True, "boom": True, "fail": False}
    assert clicked.closed_ids() == set()  # a failed run culls nothing
    # The body did not run; the last run's widgets stay on screen below the error, so the
    # user can carry on (a notebook has no rerun key).
    assert widgets_shown(kernel, box) == [boom, fail]
    assert kernel.texts(box)[-1] == "ok `1`"

    # The next run is normal.
    assert_stayed_in_app(kernel.execute("st.rerun()").iopub)
    assert errors_shown(kernel, box) == []
    assert kernel.texts(box) == ["ok `2`"]
    assert widgets_shown(kernel, box) == [boom, fail]
    assert state(kernel)["boom"] is False  # the next run started by resetting it

    # The body raises: the error shows below what the run rendered before it.
    ticked = kernel.update(fail, value=True)
    assert_stayed_in_app(ticked)
    [error] = errors_shown(kernel, box)
    assert (error["ename"], error["evalue"]) == ("RuntimeError", "body exploded")
    assert widgets_shown(kernel, box) == [boom, fail]
    assert state(kernel)["runs"] == 3 and state(kernel)["fail"] is True

    # The next interaction runs normally.
    assert_stayed_in_app(kernel.update(fail, value=False))
    assert errors_shown(kernel, box) == []
    assert kernel.texts(box) == ["ok `4`"]


def test_an_app_traceback_names_the_cell_by_its_execution_count(kernel: Frontend) -> None:
    box, cell = app_cell(kernel, "%%app\nx = 1\n1 / 0\n", "traceback-label")
    [error] = errors_shown(kernel, box)
    assert f"Cell In[{cell.content['execution_count']}], line 3" in plain(error["traceback"])


# -- lifecycle --------------------------------------------------------------------------------
SHOW_HIDE = '''%%app
if st.checkbox("Show", value=True, key="show"):
    st.slider("Level", 0, 10, 2, key="level")
st.write(f"level in state: {'level' in st.session_state}")
'''


def test_hidden_widget_is_culled_and_comes_back_at_its_default(kernel: Frontend) -> None:
    box, _ = app_cell(kernel, SHOW_HIDE, "show-hide")
    show, level = kernel.keyed("show"), kernel.keyed("level")
    kernel.update(level, value=7)
    assert state(kernel) == {"show": True, "level": 7}
    slots = list(kernel.models[box]["children"])

    hidden = kernel.update(show, value=False)
    assert_stayed_in_app(hidden)
    # During the run that skipped it the key was still readable (SPEC 41); afterwards not.
    assert kernel.texts(box) == ["level in state: True"]
    assert state(kernel) == {"show": False}
    assert level in hidden.closed_ids()  # the culled widget's comm is closed
    assert widgets_shown(kernel, box) == [show]
    # The container's children were not rewritten: no view of the checkbox was re-created.
    assert hidden.updates(box) == []

    shown = kernel.update(show, value=True)
    assert state(kernel) == {"show": True, "level": 2}  # a new widget, at its default (SPEC 42)
    [new_level] = shown.opened_ids("AnyModel")  # the slider (static/slider.js)
    assert new_level != level and kernel.keyed("level") == new_level
    assert kernel.models[new_level]["value"] == 2
    assert widgets_shown(kernel, box) == [show, new_level]
    assert kernel.models[box]["children"][: len(slots)] == slots  # slots are only ever appended


def test_a_culled_widget_leaves_no_models_behind(kernel: Frontend) -> None:
    app_cell(kernel, SHOW_HIDE, "leak")
    level = kernel.keyed("level")
    # its layout (an anywidget slider has no style model; ipywidgets' views have one)
    parts = {ref_id(kernel.models[level][name]) for name in ("layout", "style") if name in kernel.models[level]}
    assert parts
    hidden = kernel.update(kernel.keyed("show"), value=False)
    assert parts | {level} <= hidden.closed_ids()


# -- ordinary cells ---------------------------------------------------------------------------
COUNTED = COUNTER + '''st.session_state.runs = st.session_state.get("runs", 0) + 1
st.write("Runs:", st.session_state.runs)
'''


def test_ordinary_cell_writes_a_bound_key_and_reruns_the_app(kernel: Frontend) -> None:
    box, _ = app_cell(kernel, COUNTED, "counter-writes")
    slider = kernel.keyed("step")
    assert kernel.texts(box) == ["Count: `0`", "Runs: `1`"]

    # A key no widget is bound to: no rerun, no message.
    quiet = kernel.execute("st.session_state.unrelated = 1")
    assert quiet.iopub.of_type("comm_msg") == [] and kernel.texts(box) == ["Count: `0`", "Runs: `1`"]

    written = kernel.execute("st.session_state.step = 5")
    assert written.iopub.updates(slider) == [{"value": 5}]
    assert kernel.models[slider]["value"] == 5
    assert written.iopub.opened_ids("AnyModel") == written.iopub.opened_ids("ButtonModel") == set()
    assert_stayed_in_app(written.iopub)
    # The slider was also given value=1, so the run warns once, inside the app (SPEC 19).
    warning, *rest = kernel.texts(box)
    assert "UserWarning" in warning and "'step'" in warning and "the session-state value wins" in warning
    assert rest == ["Count: `0`", "Runs: `2`"]
    assert state(kernel)["step"] == 5

    # The written value is what the button's args were rendered with.
    kernel.click(kernel.find("jupyter-state-button", "ButtonModel"))
    assert kernel.texts(box) == ["Count: `5`", "Runs: `3`"]

    rerun = kernel.execute("st.rerun()")
    assert_stayed_in_app(rerun.iopub)
    assert rerun.iopub.comm_opens() == []
    assert slider not in rerun.iopub.updated_ids()
    assert kernel.texts(box) == ["Count: `5`", "Runs: `4`"]


def test_running_the_app_cell_again_keeps_state_and_widgets(kernel: Frontend) -> None:
    box, _ = app_cell(kernel, COUNTER, "again")
    slider = kernel.keyed("step")
    kernel.update(slider, value=4)
    kernel.click(kernel.find("jupyter-state-button", "ButtonModel"))
    assert state(kernel) == {"count": 4, "step": 4}

    box2, again = app_cell(kernel, COUNTER, "again")
    assert box2 == box  # the same container, displayed again
    assert state(kernel) == {"count": 4, "step": 4}
    assert again.iopub.comm_opens() == []  # the same widgets: no comm for any of them
    assert kernel.keyed("step") == slider and kernel.models[slider]["value"] == 4
    assert kernel.texts(box) == ["Count: `4`"]

    # Edited and run again (the same cell id): still the same app, widgets and state.
    box3, edited = app_cell(kernel, COUNTER.replace('"Count:"', '"Total:"'), "again")
    assert box3 == box and kernel.keyed("step") == slider
    assert edited.iopub.opened_ids("AnyModel") == set()
    assert kernel.texts(box) == ["Total: `4`"]
    assert state(kernel) == {"count": 4, "step": 4}


# -- output -----------------------------------------------------------------------------------
OUTPUTS = '''%%app
import sys

class Card:
    def __init__(self, n):
        self.n = n

    def _repr_html_(self):
        return f"<b>card {self.n}</b>"

def more():
    print("from callback")
    st.session_state.clicks += 1

clicks = st.session_state.setdefault("clicks", 0)
print("printed", clicks)
print("warned", clicks, file=sys.stderr)
display({"clicks": clicks})
display(Card(clicks))
Card(clicks)
st.button("More", on_click=more)
'''


def test_print_display_and_rich_reprs_land_in_the_app(kernel: Frontend) -> None:
    box, first = app_cell(kernel, OUTPUTS, "outputs")
    assert first.iopub.streams() == "" and first.iopub.of_type("execute_result") == []
    assert len(first.iopub.of_type("display_data")) == 1  # only the app's container
    outputs = outputs_shown(kernel, box)
    assert [o["output_type"] for o in outputs] == ["stream", "stream", "display_data", "display_data", "display_data"]
    assert (outputs[0]["name"], outputs[0]["text"]) == ("stdout", "printed 0\n")
    assert (outputs[1]["name"], outputs[1]["text"]) == ("stderr", "warned 0\n")
    assert outputs[2]["data"]["text/plain"] == "{'clicks': 0}"
    assert outputs[3]["data"]["text/html"] == "<b>card 0</b>"
    assert outputs[4]["data"]["text/html"] == "<b>card 0</b>"  # a bare expression: Streamlit's magic

    clicked = kernel.click(kernel.find("jupyter-state-button", "ButtonModel"))
    assert_stayed_in_app(clicked)
    assert clicked.comm_opens() == []
    outputs = outputs_shown(kernel, box)
    # What a callback prints comes first and lasts one run (SPEC 33).
    assert outputs[0]["text"] == "from callback\nprinted 1\n"
    assert outputs[3]["data"]["text/html"] == "<b>card 1</b>"

    assert_stayed_in_app(kernel.execute("st.rerun()").iopub)
    assert outputs_shown(kernel, box)[0]["text"] == "printed 1\n"


# -- matplotlib ---------------------------------------------------------------------------------
def test_inline_matplotlib_figures_land_in_the_app(kernel: Frontend) -> None:
    pytest.importorskip("matplotlib")
    kernel.execute("%matplotlib inline")
    box, reply = app_cell(kernel, '%%app\nimport matplotlib.pyplot as plt\nn = st.slider("N", 1, 5, 2, key="n")\nplt.plot(range(n))\nplt.title(f"n={n}")\n', "plot")
    assert len(reply.iopub.displayed_models()) == 1  # the app's container, and not the figure
    assert [m for m in reply.iopub if m["msg_type"] == "display_data" and "image/png" in m["content"]["data"]] == []
    pngs = [o for o in outputs_shown(kernel, box) if "image/png" in o.get("data", {})]
    assert len(pngs) == 1
    first = pngs[0]["data"]["image/png"]
    assert_stayed_in_app(kernel.update(kernel.keyed("n"), value=4))
    pngs = [o for o in outputs_shown(kernel, box) if "image/png" in o.get("data", {})]
    assert len(pngs) == 1 and pngs[0]["data"]["image/png"] != first


# -- bursts -------------------------------------------------------------------------------------
def test_a_burst_of_updates_coalesces_and_the_last_value_wins(kernel: Frontend) -> None:
    app_cell(kernel, '%%app\nimport time\nst.session_state.runs = st.session_state.get("runs", 0) + 1\nst.write("value", st.slider("S", 0, 1000, key="s"))\ntime.sleep(0.01)\n', "burst")
    s = kernel.keyed("s")
    posted = [kernel.post(s, {"method": "update", "state": {"value": v}, "buffer_paths": []}) for v in range(1, 101)]
    last = kernel.drain(posted[-1])  # the browser does not wait between messages; we wait for the last
    # The last message runs the app before the kernel reports idle: its output came with it.
    assert any("value `100`" in str(update.get("outputs")) for update in last.updates())
    runs, value = kernel.value("(st.session_state.runs, st.session_state.s)")
    assert value == 100
    assert 2 <= runs <= 50  # 100 changes, far fewer runs: queued changes wait for the last one
