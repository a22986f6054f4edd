"""The timeline and undo in a real ipykernel, driven as JupyterLab drives it.

The side panel's comm (``jupyter_state.inspector``) asks for the timeline, then hears one
``timeline_run`` push per event: the app cell run, a slider drag, a click, an ordinary
cell. Its undo request, ``st.undo()`` in a cell, and the inline inspector's Undo undo
them in turn; the widgets' models in the "browser" follow.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.test_kernel_inspector import COUNTER, WIDGET_VIEW, Panel
from testsupport.kernel_helpers import Frontend, Messages, jupyter_state_kernel

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def fe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel-timeline")) as frontend:
        yield frontend


def runs_pushed(panel: Panel, iopub: Messages) -> list[dict[str, Any]]:
    return [d for d in panel.mine(iopub) if d.get("type") == "timeline_run"]


def test_the_panel_follows_the_timeline_and_undoes(fe: Frontend) -> None:
    fe.execute("_jupyter_state_test_reset(); _runs = []")
    reply = fe.execute(COUNTER, cell_id="counter-cell")
    [box] = reply.iopub.displayed_models()
    prompt = int(reply.content["execution_count"])
    panel = Panel(fe)
    timeline, _ = panel.request(type="timeline")
    assert timeline["ok"] is True and timeline["keep"] == 100
    [first] = timeline["runs"]
    assert first["trigger"] == {"kind": "app cell", "text": f"app cell In [{prompt}] run", "number": prompt}
    assert first["apps"] == [f"In [{prompt}]"] and {c["key"] for c in first["changes"]} == {"count", "step"}

    [moved] = runs_pushed(panel, fe.update(fe.keyed("step"), value=3))
    assert moved["run"]["trigger"]["text"] == "slider 'Step' (step): 1 → 3"
    assert moved["run"]["changes"] == [{"key": "step", "old": "1", "new": "3"}] and moved["run"]["ms"] > 0
    [clicked] = runs_pushed(panel, fe.click(fe.keyed("add")))
    assert clicked["run"]["callbacks"] == ["add(3)"]
    assert clicked["run"]["changes"] == [{"key": "count", "old": "0", "new": "3"}]

    cell = fe.execute("st.session_state.count = 40")
    [written] = runs_pushed(panel, cell.iopub)
    number = int(cell.content["execution_count"])
    assert written["run"]["trigger"] == {"kind": "cell", "number": number, "text": f"cell In [{number}]"}
    assert written["run"]["apps"] == [f"In [{prompt}]"]  # the app read count: it reran
    assert fe.texts(box) == ["Count: `40`"] and written["undo"]["of"] == written["run"]["number"]

    reply, _ = panel.request(type="undo")
    assert reply["ok"] is True and reply["keys"] == ["count"]
    assert fe.value("st.session_state.count") == 3 and fe.texts(box) == ["Count: `3`"]

    reply, _ = panel.request(type="undo")  # the click
    assert fe.value("st.session_state.count") == 0 and fe.texts(box) == ["Count: `0`"]

    undone = fe.execute("st.undo()")  # the slider, from a cell
    assert fe.models[fe.keyed("step")]["value"] == 1 and fe.value("st.session_state.step") == 1
    [pushed] = runs_pushed(panel, undone.iopub)
    assert pushed["run"]["trigger"] == {"kind": "undo", "text": f"undo of #{moved['run']['number']}",
                                        "of": moved["run"]["number"]}
    assert pushed["undone"] == [moved["run"]["number"]]

    reply, _ = panel.request(type="undo")  # the app cell's first run: its keys go
    reply, _ = panel.request(type="undo")
    assert reply["ok"] is False and reply["error"] == "Nothing to undo: no earlier change to session state is left to put back."
    assert reply["undo"]["can"] is False
    panel.close()


def test_the_inline_inspector_shows_the_timeline_and_its_undo_button_works(fe: Frontend) -> None:
    fe.execute("_jupyter_state_test_reset()")
    fe.execute(COUNTER, cell_id="counter-cell-2")
    [bundle] = fe.execute("st.session_state", cell_id="inspect-cell").iopub.results()
    model = bundle[WIDGET_VIEW]["model_id"]

    def custom(iopub: Messages) -> list[dict[str, Any]]:
        return [d["content"] for d in iopub.comm_data("custom", model)]

    [timeline] = custom(fe.comm_msg(model, {"method": "custom", "content": {"type": "timeline", "id": "t"}}))
    assert timeline["ok"] is True and timeline["runs"][0]["trigger"]["kind"] == "app cell"
    pushed = [m for m in custom(fe.update(fe.keyed("step"), value=8)) if m["type"] == "timeline_run"]
    assert [m["run"]["trigger"].get("key") for m in pushed] == ["step"]
    sent = custom(fe.comm_msg(model, {"method": "custom", "content": {"type": "undo", "id": "u"}}))
    assert sorted(m["type"] for m in sent) == ["changed", "timeline_run", "undo"]
    [reply] = [m for m in sent if m["type"] == "undo"]
    assert reply["ok"] is True and reply["id"] == "u" and reply["keys"] == ["step"]
    assert fe.models[fe.keyed("step")]["value"] == 1
