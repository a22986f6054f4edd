"""Issue 11 in a real ipykernel: interrupts, raising reprs, refused values, leaks.

The interrupt is the one JupyterLab's stop button sends (``KernelManager.interrupt_kernel``:
SIGINT, which ipykernel turns into a ``KeyboardInterrupt`` wherever the kernel is while it
handles a message). The app touches a marker file just before it sleeps, so the interrupt
lands in the sleep, where a user's slow code would be.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from testsupport.kernel_helpers import Frontend, Messages, jupyter_state_kernel, ref_id

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def kernel_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("kernel")


@pytest.fixture(scope="module")
def frontend(kernel_dir: Path) -> Iterator[Frontend]:
    with jupyter_state_kernel(kernel_dir) as fe:
        yield fe


@pytest.fixture
def fe(frontend: Frontend) -> Iterator[Frontend]:
    yield frontend
    frontend.execute("_jupyter_state_test_reset()")


def app_box(fe: Frontend, source: str, cell_id: str) -> tuple[str, Messages]:
    reply = fe.execute(source, cell_id=cell_id)
    [box] = reply.iopub.displayed_models()
    return box, reply.iopub


def errors_shown(fe: Frontend, box: str) -> list[str]:
    return [f"{o['ename']}: {o['evalue']}" for o in fe.shown(box) if isinstance(o, dict) and o["output_type"] == "error"]


def leaked(messages: Messages) -> list[str]:
    """What reached the cell's output area (or the error channel) instead of the app."""
    return [m["msg_type"] for m in messages if m["msg_type"] in ("stream", "error", "display_data", "execute_result")]


# --static: setting the flag from a cell must not rerun it (it reads the flag), so the
# interrupt lands in the run the widget update starts
SLEEPY = '''%%app --static
import pathlib, time

def slid():
    if st.session_state.get("flag") == "callback":
        pathlib.Path("interrupt.mark").touch()
        time.sleep(60)

st.slider("S", 0, 10, key="s", on_change=slid)
if st.session_state.get("flag") == "body":
    pathlib.Path("interrupt.mark").touch()
    time.sleep(60)
st.text_input("T", key="t")
if st.session_state.get("flag") == "loop":
    st.session_state.loops = st.session_state.get("loops", 0) + 1
    pathlib.Path("interrupt.mark").touch()
    time.sleep(0.3)
    st.rerun()
'''


def interrupted(fe: Frontend, comm_id: str, marker: Path, **state: Any) -> Messages:
    """Send an update as the browser does, interrupt once the app sleeps, wait for idle."""
    marker.unlink(missing_ok=True)
    fe.models[comm_id].update(state)
    msg_id = fe.post(comm_id, {"method": "update", "state": state, "buffer_paths": []})
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert time.monotonic() < deadline, "the app never reached its sleep"
        time.sleep(0.05)
    time.sleep(0.1)
    assert fe.km is not None
    fe.km.interrupt_kernel()
    return fe.drain(msg_id)


@pytest.mark.parametrize("where", ["body", "callback", "loop"])
def test_an_interrupt_keeps_every_widget_and_state_and_shows_in_the_app(fe: Frontend, kernel_dir: Path, where: str) -> None:
    box, _ = app_box(fe, SLEEPY, f"sleepy-{where}")
    text = fe.keyed("t")
    fe.update(text, value="typed text")
    fe.execute(f"st.session_state.flag = {where!r}")  # from an ordinary cell
    messages = interrupted(fe, fe.keyed("s"), kernel_dir / "interrupt.mark", value=4)
    assert leaked(messages) == []  # ipykernel never saw the interrupt: the run loop took it
    assert text not in fe.closed and fe.models[text]["value"] == "typed text"
    state = fe.value("st.session_state.to_dict()")
    assert state["t"] == "typed text" and state["s"] == 4
    assert errors_shown(fe, box) == ["KeyboardInterrupt: "]
    if where == "loop":
        assert state["loops"] >= 1
    fe.execute("st.session_state.flag = None")
    after = fe.update(fe.keyed("s"), value=6)  # the next interaction is normal
    assert leaked(after) == [] and errors_shown(fe, box) == []
    assert ("TextModel", text) in fe.shown(box) and fe.value("st.session_state.t") == "typed text"


def test_a_raising_rich_repr_is_shown_in_the_app_and_nothing_reaches_the_cell(fe: Frontend) -> None:
    source = '''%%app
class Bad:
    def _repr_html_(self):
        raise ValueError("bad repr")

st.slider("S", 0, 10, key="s")
st.write(Bad())
print("printed")
'''
    box, first = app_box(fe, source, "bad-repr")
    assert [m["msg_type"] for m in first if m["msg_type"] in ("stream", "error")] == []
    assert errors_shown(fe, box) == ["ValueError: bad repr"]
    rerun = fe.update(fe.keyed("s"), value=3)
    assert leaked(rerun) == []
    assert errors_shown(fe, box) == ["ValueError: bad repr"]
    assert any(o.get("text") == "printed\n" for o in fe.shown(box) if isinstance(o, dict))


def test_a_refused_value_is_sent_back_and_reported_in_the_app(fe: Frontend) -> None:
    box, _ = app_box(fe, "%%app\nst.slider('Age', 0, 130, 25, key='age')\nst.text_input('Code', max_chars=3, key='code')", "refused")
    age = fe.keyed("age")
    messages = fe.update(age, value="not a number")
    assert messages.errors() == []  # not only a traceback on iopub: an answer and a warning
    assert fe.models[age]["value"] == 25 and fe.value("st.session_state.age") == 25
    [warning] = [t for t in fe.texts(box) if "refused" in t]
    assert warning.startswith("WARNING: st.slider('Age', key='age') refused a value from the frontend")
    code = fe.keyed("code")
    fe.update(code, value="abcdef")
    assert fe.models[code]["value"] == "abc" and fe.value("st.session_state.code") == "abc"
    assert not [t for t in fe.texts(box) if "refused" in t]  # the warning lasts until the next run


COUNTS = (
    "(len(__import__('ipywidgets').widgets.widget._instances), "
    "len(__import__('comm').get_comm_manager().comms), "
    "len(__import__('jupyter_state').runtime.current()._listeners))"
)


def test_rerunning_a_bare_session_state_cell_leaks_no_model_comm_or_listener(fe: Frontend) -> None:
    app_box(fe, "%%app\nst.slider('S', 0, 10, key='s')", "leak-app")
    for _ in range(3):
        fe.execute("st.session_state", cell_id="inspect")
    before = fe.value(COUNTS)
    for _ in range(50):
        fe.execute("st.session_state", cell_id="inspect")
    assert fe.value(COUNTS) == before


def test_the_inspector_of_a_deleted_cell_closes_every_model_it_opened(fe: Frontend) -> None:
    baseline = fe.value(COUNTS)
    [bundle] = fe.execute("st.session_state", cell_id="doomed").iopub.results()
    model = bundle["application/vnd.jupyter.widget-view+json"]["model_id"]
    layout = ref_id(fe.models[model]["layout"])
    assert fe.value(COUNTS) == (baseline[0] + 2, baseline[1] + 2, baseline[2] + 1)
    closed = fe.execute("1 + 1", cell_id="another", deleted_cells=["doomed"]).iopub.closed_ids()
    assert {model, layout} <= closed
    assert fe.value(COUNTS) == baseline
