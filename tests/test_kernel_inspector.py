"""The inspector and the panel's comm target in a real ipykernel, opened as JupyterLab opens them.

The panel (js/src/index.js) opens a comm to ``jupyter_state.inspector`` with a shell
``comm_open`` and sends its requests as shell ``comm_msg``; the kernel answers on iopub.
The inline inspector is an anywidget whose view asks for a snapshot with ``model.send``.
"""

from __future__ import annotations

import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import jupyter_state
from testsupport.kernel_helpers import Frontend, Messages, kernel_python, running_kernel

pytestmark = pytest.mark.kernel

TARGET = "jupyter_state.inspector"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

COUNTER = """%%app
_runs.append("counter")
if "count" not in st.session_state:
    st.session_state.count = 0

def add(n):
    st.session_state.count += n

st.slider("Step", 1, 10, 1, key="step")
st.button("Add", key="add", on_click=add, args=(st.session_state.step,))
st.write("Count:", st.session_state.count)
"""


class Panel:
    """The kernel end of the Session State panel, as the extension drives it."""

    def __init__(self, fe: Frontend) -> None:
        self.fe = fe
        self.comm_id = uuid.uuid4().hex
        self.next_id = 0
        msg = fe.kc.session.msg("comm_open", {"comm_id": self.comm_id, "target_name": TARGET, "data": {}})
        fe.kc.shell_channel.send(msg)
        self.opened = fe.drain(msg["header"]["msg_id"])

    @property
    def refused(self) -> bool:
        """Whether the kernel closed the comm at once (no such target)."""
        return self.comm_id in {m["content"]["comm_id"] for m in self.opened.of_type("comm_close")}

    def mine(self, iopub: Messages) -> list[dict[str, Any]]:
        return [m["content"]["data"] for m in iopub.of_type("comm_msg") if m["content"]["comm_id"] == self.comm_id]

    def request(self, **request: Any) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """Send one request; return its reply and the ``changed`` pushes that came with it."""
        self.next_id += 1
        msg = self.fe.kc.session.msg("comm_msg", {"comm_id": self.comm_id, "data": {**request, "id": self.next_id}})
        msg["metadata"] = {}
        self.fe.kc.shell_channel.send(msg)
        sent = self.mine(self.fe.drain(msg["header"]["msg_id"]))
        [reply] = [d for d in sent if d.get("id") == self.next_id]
        assert reply["type"] == request["type"]
        return reply, [d for d in sent if d.get("type") == "changed"]

    def close(self) -> None:
        msg = self.fe.kc.session.msg("comm_close", {"comm_id": self.comm_id, "data": {}})
        self.fe.kc.shell_channel.send(msg)
        self.fe.drain(msg["header"]["msg_id"])


@pytest.fixture(scope="module")
def fe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    """One kernel for the module; jupyter_state is *not* imported yet."""
    tmp = tmp_path_factory.mktemp("kernel-inspector")
    with running_kernel(cwd=str(tmp), ipython_dir=str(tmp / "ipython")) as (_km, kc):
        frontend = Frontend(kc)
        yield frontend


def test_the_target_exists_once_jupyter_state_is_imported(fe: Frontend) -> None:
    assert Panel(fe).refused  # what the panel shows as "jupyter_state is not loaded"
    fe.execute("import jupyter_state as st")
    assert kernel_python(fe) == (sys.executable, jupyter_state.__file__)
    panel = Panel(fe)
    assert not panel.refused
    reply, _ = panel.request(type="snapshot")
    assert reply["ok"] is True and reply["entries"] == {} and reply["apps"] == 0
    panel.close()


def app_cell(fe: Frontend, cell_id: str) -> tuple[str, int]:
    """Run the counter cell; its app's box and the cell's execution count (its prompt)."""
    fe.execute("_runs = []")
    reply = fe.execute(COUNTER, cell_id=cell_id)
    [box] = reply.iopub.displayed_models()
    return box, int(reply.content["execution_count"])


def app_box(fe: Frontend, cell_id: str) -> str:
    return app_cell(fe, cell_id)[0]


def test_snapshot_set_delete_and_pushes_after_a_click(fe: Frontend) -> None:
    box, prompt = app_cell(fe, "counter-cell")
    panel = Panel(fe)
    reply, _ = panel.request(type="snapshot")
    assert set(reply["entries"]) == {"add", "count", "step"} and reply["apps"] == 1
    assert reply["entries"]["step"]["widget"] == "slider"

    # a user drags the slider: the app reruns, and the panel hears about that key only
    step = fe.keyed("step")
    pushes = panel.mine(fe.update(step, value=3))
    assert [p["entries"] for p in pushes] == [{"step": {"type": "int", "value": "3", "json": True, "size": 1,
                                                          "truncated": False, "widget": "slider",
                                                          "read_by": [f"In [{prompt}]"]}}]
    pushes = panel.mine(fe.click(fe.keyed("add")))
    assert [set(p["entries"]) for p in pushes] == [{"count"}]
    assert fe.texts(box) == ["Count: `3`"]

    # an edit goes through st.session_state: the bound slider's app reruns and shows it
    reply, pushes = panel.request(type="set", key="step", json="6")
    assert reply == {"type": "set", "id": panel.next_id, "ok": True}
    assert fe.models[step]["value"] == 6 and fe.value("st.session_state.step") == 6
    assert [p["entries"]["step"]["value"] for p in pushes] == ["6"]
    # a refused value comes back as an error and changes nothing
    for bad, expected in [("{oops", "Not valid JSON"), ("0", "ValueBelowMinError"), ('"six"', "Error")]:
        reply, pushes = panel.request(type="set", key="step", json=bad)
        assert reply["ok"] is False and expected in reply["error"] and pushes == []
    assert fe.value("st.session_state.step") == 6

    reply, pushes = panel.request(type="set", key="note", json='{"a": [1, null]}')
    assert fe.value("st.session_state.note") == {"a": [1, None]}
    reply, pushes = panel.request(type="delete", key="note")
    assert reply["ok"] is True and pushes == [{"type": "changed", "entries": {}, "removed": ["note"]}]
    reply, _ = panel.request(type="delete", key="note")
    assert reply["ok"] is False and "note" in reply["error"]

    # an ordinary cell that changes the state: pushed after the cell
    assert [p["entries"]["count"]["value"] for p in panel.mine(fe.execute("st.session_state.count = 40").iopub)] == ["40"]
    panel.close()


def test_clear_and_rerun_and_rerun(fe: Frontend) -> None:
    box = app_box(fe, "counter-cell")
    panel = Panel(fe)
    panel.request(type="snapshot")
    fe.execute("st.session_state.extra = 'x'")
    reply, pushes = panel.request(type="clear_and_rerun")
    assert reply["ok"] is True and reply["apps"] == ["counter-cell"]
    assert fe.value("st.session_state.to_dict()") == {"count": 0, "step": 1, "add": False}
    [push] = pushes
    assert "extra" in push["removed"] and fe.texts(box) == ["Count: `0`"]
    assert fe.models[fe.keyed("step")]["value"] == 1

    runs = fe.value("len(_runs)")
    reply, _ = panel.request(type="rerun", app="counter-cell")
    assert reply["ok"] is True and reply["apps"] == ["counter-cell"]
    reply, _ = panel.request(type="rerun", app="not-an-app-cell")
    assert reply["apps"] == ["counter-cell"]  # every app
    assert fe.value("len(_runs)") == runs + 2
    panel.close()


def test_the_inline_inspector_is_live_and_replaced_when_its_cell_reruns(fe: Frontend) -> None:
    app_box(fe, "counter-cell")
    shown = fe.execute("st.session_state", cell_id="inspect-cell").iopub.results()
    [bundle] = shown
    assert {WIDGET_VIEW, "text/html", "application/json", "text/plain"} <= set(bundle)
    model = bundle[WIDGET_VIEW]["model_id"]
    assert fe.models[model]["_model_name"] == "AnyModel" and "export default { render }" in fe.models[model]["_esm"]

    def custom(iopub: Messages) -> list[dict[str, Any]]:
        return [d["content"] for d in iopub.comm_data("custom", model)]

    [snapshot] = custom(fe.comm_msg(model, {"method": "custom", "content": {"type": "snapshot", "id": "view-1"}}))
    assert snapshot["ok"] is True and snapshot["id"] == "view-1" and "step" in snapshot["entries"]
    [changed] = custom(fe.update(fe.keyed("step"), value=9))
    assert changed["type"] == "changed" and set(changed["entries"]) == {"step"}

    # st.write(st.session_state) outside an app is live too
    [written] = fe.execute("st.write(st.session_state)", cell_id="write-cell").iopub.results()
    assert WIDGET_VIEW in written
    # running the inspecting cell again closes the inspector it showed before
    again = fe.execute("st.session_state", cell_id="inspect-cell").iopub
    assert model in again.closed_ids()
    assert custom(fe.update(fe.keyed("step"), value=2)) == []


def test_inside_an_app_the_state_is_shown_static(fe: Frontend) -> None:
    reply = fe.execute("%%app\nst.slider('S', 0, 5, key='s')\nst.write(st.session_state)", cell_id="static-cell")
    [box] = reply.iopub.displayed_models()
    outputs = [item for item in fe.shown(box) if isinstance(item, dict)]
    [state] = [o["data"] for o in outputs if "application/json" in o.get("data", {})]
    assert WIDGET_VIEW not in state and state["application/json"]["s"] == 0


def test_the_readers_of_a_key_are_named_by_their_cells_prompts(fe: Frontend) -> None:
    # the apps of the earlier tests are gone (one of them read every key)
    fe.execute("from jupyter_state import runtime as _rt\nfor _a in list(_rt.current().apps):\n    _a.close()")
    writer = fe.execute("%%app\nif st.button('Add', key='more'):\n    st.session_state.n = st.session_state.get('n', 0) + 1",
                        cell_id="writer-cell")
    reader = fe.execute("%%app shown\nst.write('n is', st.session_state.get('n', 0))", cell_id="reader-cell")
    first, second = (int(r.content["execution_count"]) for r in (writer, reader))
    panel = Panel(fe)
    reply, _ = panel.request(type="snapshot")
    assert reply["entries"]["more"]["read_by"] == [f"In [{first}]"]
    # the first click sets n: the writer read it, and the reader (named) follows it
    pushes = panel.mine(fe.click(fe.keyed("more")))
    [n] = [p["entries"]["n"] for p in pushes if "n" in p["entries"]]
    assert n["value"] == "1" and n["read_by"] == [f"In [{first}]", f"shown (In [{second}])"]
    # running the reader's cell again gives it a new prompt: the entry follows
    again = int(fe.execute("%%app shown\nst.write('n is', st.session_state.get('n', 0))",
                           cell_id="reader-cell").content["execution_count"])
    reply, _ = panel.request(type="snapshot")
    assert reply["entries"]["n"]["read_by"] == [f"In [{first}]", f"shown (In [{again}])"]
    panel.close()
