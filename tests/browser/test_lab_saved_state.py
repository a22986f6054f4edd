"""``st.remember`` in a real JupyterLab: the side panel marks the remembered keys, and its
"Forget saved state" deletes the snapshot, so after a kernel restart nothing comes back.

The server (and so its kernels) keeps snapshots in a test folder (``JUPYTER_STATE_DATA_DIR``);
jupyter_server tells the kernel its notebook's path. The kernel is restarted through
JupyterLab's own command, and the cells are run again with Run All.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import line, run_all_cells, wait_kernel_idle

pytestmark = pytest.mark.browser

NOTEBOOK = "saved.ipynb"
T = 15_000  # ms

SETUP = """\
import jupyter_state as st
"""

APP = """\
%%app
st.remember("count")
if "count" not in st.session_state:
    st.session_state.count = 0
if st.button("Add", key="add"):
    st.session_state.count += 1
st.session_state.scratch = "not remembered"
st.write(f"Count {st.session_state.count}")
"""


@pytest.fixture(scope="module", autouse=True)
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Where the server's kernels keep snapshots (set before the server starts, which inherits it)."""
    folder = tmp_path_factory.mktemp("saved_state_data")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_STATE_DATA_DIR", str(folder))
        yield folder


lab, tab, page, kernel = lab_notebook(NOTEBOOK, [SETUP, APP], apps=1, extension=True)


def panel(page: Page) -> Locator:
    return page.locator("#jupyter-state-session")


def row(key: str, page: Page) -> Locator:
    return panel(page).locator(f'.jupyter-state-inspector-row[data-key="{key}"]')


def snapshots(data_dir: Path) -> list[Path]:
    folder = data_dir / "snapshots"
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def restart_and_run_all(page: Page) -> None:
    page.evaluate("() => { window.jupyterapp.commands.execute('kernelmenu:restart'); }")
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_be_visible(timeout=T)
    dialog.locator(".jp-mod-accept").click()
    expect(dialog).to_have_count(0, timeout=T)
    wait_kernel_idle(page)
    run_all_cells(page)
    wait_kernel_idle(page)


def test_the_panel_marks_the_remembered_keys(page: Page, data_dir: Path) -> None:
    expect(line(page, "Count 0")).to_be_visible(timeout=T)
    page.locator(".jupyter-state-key-add").click()
    expect(line(page, "Count 1")).to_be_visible(timeout=T)
    page.locator('.jp-SideBar .lm-TabBar-tab[data-id="jupyter-state-session"]').click()
    expect(panel(page)).to_be_visible(timeout=T)
    expect(row("count", page)).to_have_class("jupyter-state-inspector-row jupyter-state-panel-remembered", timeout=T)
    expect(row("count", page).locator(".jupyter-state-inspector-type")).to_have_attribute(
        "title", "remembered across kernel restarts (st.remember)")
    expect(row("scratch", page)).not_to_have_class("jupyter-state-inspector-row jupyter-state-panel-remembered")
    saved_line = panel(page).locator(".jupyter-state-panel-saved")
    expect(saved_line).to_contain_text("1 key remembered across kernel restarts (st.remember), saved in", timeout=T)
    [snapshot] = snapshots(data_dir)
    document = json.loads(snapshot.read_text())
    assert document["keys"] == {"count": 1}
    assert document["notebook"].endswith(f"/root/{NOTEBOOK}")


def test_the_values_come_back_after_a_kernel_restart(page: Page) -> None:
    restart_and_run_all(page)
    expect(line(page, "Count 1")).to_be_visible(timeout=T)
    page.locator(".jupyter-state-key-add").click()
    expect(line(page, "Count 2")).to_be_visible(timeout=T)


def test_forget_saved_state_then_nothing_comes_back(page: Page, data_dir: Path) -> None:
    side = panel(page)
    side.locator(".jupyter-state-panel-refresh").click()
    expect(row("count", page)).to_have_class("jupyter-state-inspector-row jupyter-state-panel-remembered", timeout=T)
    assert json.loads(snapshots(data_dir)[0].read_text())["keys"] == {"count": 2}
    side.locator(".jupyter-state-panel-forget-saved").click()
    expect(side.locator(".jupyter-state-panel-saved")).to_contain_text("Forgot the saved state (deleted ", timeout=T)
    assert snapshots(data_dir) == []
    restart_and_run_all(page)
    expect(line(page, "Count 0")).to_be_visible(timeout=T)  # nothing was restored
