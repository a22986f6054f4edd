"""Notebook 7 (``jupyter notebook``) in headless Chromium: the counter app works as in Lab."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import KernelSide, Server, line, run_all_cells, tag, tagged, wait_kernel_idle

pytestmark = pytest.mark.browser

NOTEBOOK = "counter.ipynb"
T = 15_000


@pytest.fixture(scope="module")
def tab(notebook7: Server, new_tab: Callable[..., Any]) -> Iterator[Any]:
    tab = new_tab(height=1000)
    page = tab.page
    page.goto(notebook7.url(f"/notebooks/{NOTEBOOK}"))
    wait_kernel_idle(page)
    run_all_cells(page)
    expect(page.locator(".jupyter-state-app")).to_have_count(1, timeout=60_000)
    yield tab
    assert not tab.own_errors(), tab.errors


def test_counter_in_notebook7(tab: Any, notebook7: Server, kernel_side: Callable[[Server, str], KernelSide],
                              screenshot: Callable[..., Any]) -> None:
    page: Page = tab.page
    kernel = kernel_side(notebook7, notebook7.kernel_of(NOTEBOOK))
    app = page.locator(".jupyter-state-app")
    slider, button = page.locator(".jupyter-state-key-step"), page.locator(".jupyter-state-key-add")
    expect(line(app, "Count: 0")).to_be_visible()
    for name, node in (("app", app), ("slider", slider), ("button", button)):
        tag(node, name)

    button.click()
    expect(line(app, "Count: 1")).to_be_visible(timeout=T)
    # (ArrowRight on a plain ipywidgets slider handle does nothing in Notebook 7.6: its
    # shortcuts take the key; jupyter_state's slider keeps it)
    slider.locator(".jupyter-state-slider-thumb").focus()
    page.keyboard.press("ArrowRight")
    expect(line(app, "Step is 2")).to_be_visible(timeout=T)
    button.click()
    expect(line(app, "Count: 3")).to_be_visible(timeout=T)

    # in place: one container in the cell's one output, and the same DOM nodes as before
    cell = page.locator(".jp-CodeCell", has=app)
    expect(cell.locator(".jupyter-state-app")).to_have_count(1)
    expect(cell.locator(".jp-Cell-outputArea > .jp-OutputArea-child")).to_have_count(1)
    assert tagged(app, "app") and tagged(slider, "slider") and tagged(button, "button")
    assert kernel.eval("{k: st.session_state[k] for k in ('count', 'step')}") == {"count": 3, "step": 2}
    assert kernel.eval("_runs") == {"counter": 4}  # the first run and one per interaction
    screenshot(app, "notebook7_counter")
