"""Notebook 7 (``jupyter notebook``) on the real quickstart notebook, run as a reader runs it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, line, run_all_cells, start_notebook, tag, tagged, wait_kernel_idle

pytestmark = pytest.mark.browser

T = 20_000
QUICKSTART = Path(__file__).parents[2] / "notebooks" / "quickstart.ipynb"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    started = start_notebook(tmp_path_factory.mktemp("nb7-quickstart"), [QUICKSTART])
    try:
        yield started
    finally:
        started.stop()


def test_quickstart_counter_in_notebook7(server: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab(height=1200)
    page = tab.page
    page.goto(server.url(f"/notebooks/{QUICKSTART.name}"))
    wait_kernel_idle(page)
    run_all_cells(page)  # the cell tagged raises-exception does not stop Run All
    apps = page.locator(".jupyter-state-app")
    expect(apps).to_have_count(4, timeout=60_000)  # counter, converter, hide/show, survey
    counter = page.locator(".jupyter-state-app", has=page.locator(".jupyter-state-key-step"))
    # The cells below the counter set the step to 5 and the count to 100 from ordinary cells.
    expect(line(counter, "Count: 100")).to_be_visible(timeout=T)
    add = counter.get_by_role("button", name="Add")
    tag(counter, "counter")
    add.click()
    expect(line(counter, "Count: 105")).to_be_visible(timeout=T)
    add.click()
    expect(line(counter, "Count: 110")).to_be_visible(timeout=T)
    assert tagged(counter, "counter")  # updated in place
    screenshot(counter, "notebook7_quickstart_counter")
    assert not tab.own_errors(), tab.errors
