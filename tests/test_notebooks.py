"""Every notebook under notebooks/ runs from top to bottom, as "Run All" would (DESIGN.md §4).

Each notebook is executed once with nbclient in a real ipykernel, keeping the widget state
the kernel sent (``nb.metadata.widgets``), which is what a saved notebook holds. Then:

* no cell raised, except cells tagged ``raises-exception``, and those did raise;
* every ``%%app`` cell displayed exactly one widget view: the app's container;
* the stored widget state holds the container and every model it refers to, and the app
  shows an error exactly when its cell is tagged ``raises-exception`` (errors in an app
  are shown in the app, so nbclient cannot see them).

The quickstart gets a few checks of what it teaches on top.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbclient import NotebookClient
from nbformat import NotebookNode

pytestmark = pytest.mark.kernel

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
REF = "IPY_MODEL_"
RAISES = "raises-exception"


def notebook_paths() -> list[Path]:
    return sorted(p for p in NOTEBOOKS.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


PATHS = notebook_paths()


# -- running a notebook ---------------------------------------------------------------------
def kernel_env(ipython_dir: Path) -> dict[str, str]:
    """The kernel's environment: without jupyter_state's switches, with a private profile.

    ``JUPYTER_STATE_RAISE_ERRORS`` would turn errors shown in an app into cell errors, and a
    user's IPython profile could change what the cells do.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_STATE_")}
    env.update(IPYTHONDIR=str(ipython_dir), PYDEVD_DISABLE_FILE_VALIDATION="1", JUPYTER_PLATFORM_DIRS="1")
    return env


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[[Path], NotebookNode]]:
    """Execute a notebook (once per module) and return it with outputs and widget state."""
    cache: dict[Path, NotebookNode] = {}
    ipython_dir = tmp_path_factory.mktemp("ipython")

    def run(path: Path) -> NotebookNode:
        if path not in cache:
            nb = nbformat.read(path, as_version=4)
            client = NotebookClient(
                nb,
                timeout=120,
                kernel_name="python3",
                store_widget_state=True,
                resources={"metadata": {"path": str(path.parent)}},
            )
            client.execute(env=kernel_env(ipython_dir))  # raises CellExecutionError on an error
            cache[path] = nb
        return cache[path]

    yield run


# -- reading the stored widget state --------------------------------------------------------
def widget_state(nb: NotebookNode) -> dict[str, Any]:
    widgets = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    assert widgets is not None, "the notebook stored no widget state (nb.metadata.widgets)"
    return dict(widgets["state"])


def refs(value: Any) -> Iterator[str]:
    """The model ids a widget state value refers to (children, layout, style, ...)."""
    if isinstance(value, str) and value.startswith(REF):
        yield value[len(REF):]
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from refs(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from refs(item)


def walk(state: dict[str, Any], root: str) -> tuple[list[str], list[str]]:
    """The models reachable from ``root``: those stored, and those the stored state lacks."""
    found: list[str] = []
    missing: list[str] = []
    todo = [root]
    while todo:
        model_id = todo.pop()
        if model_id in found or model_id in missing:
            continue
        if model_id not in state:
            missing.append(model_id)
            continue
        found.append(model_id)
        todo.extend(refs(state[model_id]["state"]))
    return found, missing


def models_of(state: dict[str, Any], root: str, model_name: str) -> list[dict[str, Any]]:
    """The state of every stored model of one kind reachable from ``root``."""
    return [state[m]["state"] for m in walk(state, root)[0] if state[m]["model_name"] == model_name]


def shown_outputs(state: dict[str, Any], model_id: str) -> list[dict[str, Any]]:
    """The outputs a browser shows inside a container, in the order it shows them.

    A slot that is not shown has no children, and the slots' visual order is their CSS
    ``order`` (the container only ever appends slots; see ``jupyter_state/output.py``).
    """
    model = state[model_id]
    if model["model_name"] == "OutputModel":
        return list(model["state"]["outputs"])

    def order(child_ref: str) -> int:
        layout_ref = state[child_ref[len(REF):]]["state"].get("layout", "")
        layout = state.get(layout_ref[len(REF):], {}).get("state", {})
        return int(layout.get("order") or 0)

    outputs = []
    for child in sorted(model["state"].get("children", []), key=order):
        outputs.extend(shown_outputs(state, child[len(REF):]))
    return outputs


def output_text(output: dict[str, Any]) -> str:
    if output["output_type"] == "stream":
        return str(output["text"])
    if output["output_type"] == "error":
        return f"{output['ename']}: {output['evalue']}"
    return str(output.get("data", {}).get("text/plain", ""))


def is_app_cell(cell: NotebookNode) -> bool:
    return cell.cell_type == "code" and cell.source.lstrip().startswith("%%app")


def tagged_raises(cell: NotebookNode) -> bool:
    return RAISES in cell.get("metadata", {}).get("tags", [])


def app_root(cell: NotebookNode) -> str:
    """The model id of the one widget view an ``%%app`` cell displayed."""
    views = [o["data"][WIDGET_VIEW]["model_id"] for o in cell.outputs if WIDGET_VIEW in o.get("data", {})]
    assert len(views) == 1, f"%%app cell {cell.get('id')!r} displayed {len(views)} widget views, not 1"
    return str(views[0])


def cell_by_id(nb: NotebookNode, cell_id: str) -> NotebookNode:
    for cell in nb.cells:
        if cell.get("id") == cell_id:
            return cell
    raise LookupError(f"no cell with id {cell_id!r} in the notebook")


# -- every notebook -------------------------------------------------------------------------
def test_the_teaching_notebooks_exist() -> None:
    names = {p.relative_to(NOTEBOOKS).as_posix() for p in PATHS}
    assert {"quickstart.ipynb", "forms.ipynb"} <= names


@pytest.mark.parametrize("path", PATHS, ids=[p.relative_to(NOTEBOOKS).as_posix() for p in PATHS])
def test_notebook_runs(path: Path, executed: Callable[[Path], NotebookNode]) -> None:
    nb = executed(path)
    app_cells = [c for c in nb.cells if is_app_cell(c)]
    state = widget_state(nb) if app_cells else {}

    for cell in app_cells:
        root = app_root(cell)
        assert root in state, f"the app of cell {cell.get('id')!r} is not in the stored widget state"
        assert "jupyter-state-app" in state[root]["state"].get("_dom_classes", [])
        assert walk(state, root)[1] == [], "models of the app are missing from the stored state"
        errors = [output_text(o) for o in shown_outputs(state, root) if o["output_type"] == "error"]
        if tagged_raises(cell):
            assert errors, f"app cell {cell.get('id')!r} is tagged {RAISES!r} but shows no error"
        else:
            assert errors == [], f"app cell {cell.get('id')!r} shows an error; tag it {RAISES!r} if that is on purpose"

    for cell in nb.cells:
        if cell.cell_type == "code" and tagged_raises(cell) and not is_app_cell(cell):
            errors = [o for o in cell.outputs if o["output_type"] == "error"]
            assert errors, f"cell {cell.get('id')!r} is tagged {RAISES!r} but did not raise"


# -- what the quickstart teaches ------------------------------------------------------------
QUICKSTART = NOTEBOOKS / "quickstart.ipynb"


def test_quickstart_counter_is_driven_from_ordinary_cells(executed: Callable[[Path], NotebookNode]) -> None:
    nb = executed(QUICKSTART)
    state = widget_state(nb)
    root = app_root(cell_by_id(nb, "counter"))
    # `st.session_state.count = 100; st.rerun()` in an ordinary cell reran the app in place.
    assert [output_text(o) for o in shown_outputs(state, root)] == ["Count: `100`"]
    # `st.session_state.step = 5` moved the slider bound to "step".
    anywidgets = models_of(state, root, "AnyModel")
    sliders = [m for m in anywidgets if "_library_key" in m]  # static/slider.js, through shared_view.js
    assert [s["description"] for s in sliders] == ["Step"]
    # the sliders' module (the slider's _library) is saved with it: a static render finds it
    assert [m["key"] for m in anywidgets if m not in sliders] == [sliders[0]["_library_key"]]
    assert sliders[0]["value"] == 5


def test_quickstart_hidden_widget_loses_its_state_unless_reassigned(executed: Callable[[Path], NotebookNode]) -> None:
    nb = executed(QUICKSTART)
    [result] = cell_by_id(nb, "hidden-check").outputs
    assert result["data"]["text/plain"] == "{'nickname': '<gone>', 'city': 'Lisbon'}"
    state = widget_state(nb)
    root = app_root(cell_by_id(nb, "hidden"))
    shown = {m["description"]: m["value"] for m in models_of(state, root, "TextModel")}
    assert shown == {"Nickname (forgotten while hidden)": "", "City (kept while hidden)": "Lisbon"}



# -- what the widgets-with-keys tutorial teaches -----------------------------------------------
WIDGETS_WITH_KEYS = [NOTEBOOKS / "tutorial" / "04_widgets_with_keys.ipynb", NOTEBOOKS / "zh" / "tutorial" / "04_widgets_with_keys.ipynb"]


@pytest.mark.parametrize("path", WIDGETS_WITH_KEYS, ids=["en", "zh"])
def test_an_ordinary_cell_write_reruns_the_apps_that_read_the_key(path: Path, executed: Callable[[Path], NotebookNode]) -> None:
    nb = executed(path)
    state = widget_state(nb)
    # `st.session_state.n = 10` in an ordinary cell reran B, which reads n, and A, which does too.
    assert [output_text(o) for o in shown_outputs(state, app_root(cell_by_id(nb, "react-b")))] == ["B sees `10`"]
    assert [output_text(o) for o in shown_outputs(state, app_root(cell_by_id(nb, "react-a")))] == ["A set n to `10`"]
    assert "%%app --static" in cell_by_id(nb, "react-static").source
