"""Apps in different cells react to the keys they read, in a real JupyterLab: a click in the
controls cell's app updates the chart cell's app below it, and a slider in the second app
feeds a third; the cells in between keep their DOM."""

from __future__ import annotations

from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import KernelSide, line, tag, tagged

pytestmark = pytest.mark.browser

NOTEBOOK = "reactive.ipynb"
T = 15_000  # ms: generous for a busy 2-core machine

SETUP = """\
import jupyter_state as st
_runs = {}
"""

CONTROLS = """\
%%app
_runs["controls"] = _runs.get("controls", 0) + 1
def add():
    st.session_state.clicks = st.session_state.get("clicks", 0) + 1
st.button("Add one", key="add", on_click=add)
"""

VIEW = """\
%%app
_runs["view"] = _runs.get("view", 0) + 1
st.write("Clicks so far:", st.session_state.get("clicks", 0))
st.slider("Scale", 1, 10, 2, key="scale")
"""

RESULT = """\
%%app
_runs["result"] = _runs.get("result", 0) + 1
st.write("Scaled:", st.session_state.get("clicks", 0) * st.session_state.get("scale", 1))
"""

lab, tab, page, kernel = lab_notebook(NOTEBOOK, [SETUP, CONTROLS, VIEW, RESULT], apps=3)


def app_of(page: Page, name: str) -> Any:
    return page.locator(".jp-CodeCell").filter(has_text=f'_runs["{name}"]').locator(".jupyter-state-app")


def test_a_click_in_one_cell_updates_the_apps_below(page: Page, kernel: KernelSide) -> None:
    view, result = app_of(page, "view"), app_of(page, "result")
    expect(line(view, "Clicks so far: 0")).to_be_visible(timeout=T)
    tag(view.locator(".jupyter-state-key-scale"), "scale")
    for _ in range(2):
        app_of(page, "controls").get_by_role("button", name="Add one").click()
    expect(line(view, "Clicks so far: 2")).to_be_visible(timeout=T)
    expect(line(result, "Scaled: 4")).to_be_visible(timeout=T)
    assert tagged(view.locator(".jupyter-state-key-scale"), "scale")  # the slider kept its node
    kernel.wait_for("_runs", {"controls": 3, "view": 3, "result": 3})


def test_a_widget_in_the_middle_app_feeds_the_last(page: Page, kernel: KernelSide) -> None:
    before = kernel.eval("_runs")
    kernel.execute("st.session_state.scale = 5")  # as the side panel or a cell would
    expect(line(app_of(page, "result"), "Scaled: 10")).to_be_visible(timeout=T)
    expect(app_of(page, "view").locator(".jupyter-state-key-scale .jupyter-state-slider-value")).to_have_text("5", timeout=T)
    after = kernel.eval("_runs")
    assert after["controls"] == before["controls"]  # it read neither key
