"""Layout in a real ipykernel: what depends on the kernel (inline matplotlib figures, the
cell's own output area) and the messages a rerun of a laid-out app sends."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from testsupport.kernel_helpers import Frontend, jupyter_state_kernel, ref_id

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel")) as fe:
        yield fe


def tree(fe: Frontend, model_id: str) -> list[Any]:
    """What a browser shows inside a model, containers opened, in DOM order:
    outputs as nbformat dicts, other widgets as their model name."""
    state = fe.models[model_id]
    if state["_model_name"] == "OutputModel":
        return list(state["outputs"])
    layout = fe.models[ref_id(state["layout"])] if "layout" in state else {}
    if layout.get("display") == "none":
        return []
    if "children" not in state:
        return [state["_model_name"]]
    return [item for ref in state["children"] for item in tree(fe, ref_id(ref))]


def app_box(fe: Frontend, source: str, cell_id: str) -> str:
    reply = fe.execute(source, cell_id=cell_id)
    [box] = reply.iopub.displayed_models()
    return box


def test_a_figure_drawn_in_a_column_is_shown_in_it(kernel: Frontend) -> None:
    pytest.importorskip("matplotlib")
    kernel.execute("%matplotlib inline")
    box = app_box(kernel, '%%app\nimport matplotlib.pyplot as plt\nleft, right = st.columns(2)\nwith left:\n    _ = plt.plot([1, 2, 3])\nright.write("right")\nst.write("below")\n', "plot-in-column")
    shown = [("png" if "image/png" in o.get("data", {}) else o["data"]["text/plain"]) for o in tree(kernel, box) if isinstance(o, dict)]
    assert shown == ["png", "right", "below"]


def test_a_click_in_a_column_sends_only_the_changed_output(kernel: Frontend) -> None:
    box = app_box(kernel, '''%%app
st.session_state.setdefault("n", 0)
def bump():
    st.session_state.n += 1
with st.sidebar:
    st.slider("Level", 0, 9, 3, key="level")
a, b = st.columns(2)
a.button("Bump", key="bump", on_click=bump)
with b:
    st.write("n =", st.session_state.n)
one, two = st.tabs(["One", "Two"])
two.checkbox("Flag", key="flag")
with st.expander("More"):
    st.text_input("Name", key="name")
''', "click-in-column")
    messages = kernel.click(kernel.keyed("bump"))
    assert messages.of_type("comm_open") == []
    updates = messages.updates()
    assert [sorted(u) for u in updates] == [["outputs"]], updates
    assert "n = `1`" in str(tree(kernel, box))
