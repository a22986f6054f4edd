"""Caching in a real ipykernel: kernel-wide across reruns and re-executed %%app cells, with the
spinner shown while a miss computes (E2E.md §4: the messages JupyterLab sends)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testsupport.kernel_helpers import Frontend, jupyter_state_kernel, ref_id

pytestmark = pytest.mark.kernel

APP = '''%%app
@st.cache_data(show_spinner="Loading rows...")
def load(n):
    _loads.append(n)
    return list(range(n))

rows = load(st.slider("Rows", 1, 5, 2, key="rows"))
st.write("rows:", len(rows), "loads:", len(_loads))
st.checkbox("Below the cached call", key="below")
'''


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel-cache")) as fe:
        fe.execute("_loads = []")
        yield fe


def test_the_cache_is_kernel_wide_and_a_miss_shows_the_spinner(kernel: Frontend) -> None:
    first = kernel.execute(APP, cell_id="cached")
    [box] = first.iopub.displayed_models()
    assert kernel.texts(box) == ["rows: `2` loads: `1`"]
    spinner = kernel.find("jupyter-state-spinner")  # st.spinner's view, with the text asked for
    assert "Loading rows..." in kernel.models[spinner]["value"]
    spinner_layout = ref_id(kernel.models[spinner]["layout"])

    slider = kernel.keyed("rows")
    kernel.update(slider, value=2)  # the same value: a rerun that hits
    again = kernel.execute(APP, cell_id="cached")  # the cell executed again: a new function object
    [box] = again.iopub.displayed_models()
    assert kernel.texts(box) == ["rows: `2` loads: `1`"]
    assert kernel.value("_loads") == [2]

    slider, below = kernel.keyed("rows"), kernel.keyed("below")
    slots = [m for m, state in kernel.models.items() if state.get("children") in ([f"IPY_MODEL_{slider}"], [f"IPY_MODEL_{below}"])]
    assert len(slots) == 2
    moved = kernel.update(slider, value=4)  # a miss: the spinner, then the result
    assert moved.updates(spinner_layout) == [{"display": None}, {"display": "none"}]  # shown mid-run, then hidden
    assert kernel.texts(box) == ["rows: `4` loads: `2`"]  # the spinner is gone after the run
    # the widgets kept their views throughout, the one below the cached call too
    assert all("children" not in u for slot in slots for u in moved.updates(slot))

    hit = kernel.update(kernel.keyed("rows"), value=2)
    assert hit.updates(spinner_layout) == [] and kernel.value("_loads") == [2, 4]  # a hit: no spinner


def test_runtime_exists_in_a_kernel_only_inside_the_app(kernel: Frontend) -> None:
    assert kernel.value("st.runtime.exists()") is False
    kernel.execute("%%app\nfrom jupyter_state import runtime\n_seen = runtime.exists()\n", cell_id="exists")
    assert kernel.value("_seen") is True
