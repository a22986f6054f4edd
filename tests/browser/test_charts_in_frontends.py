"""The charts demo notebook (notebooks/charts_and_data.ipynb) in JupyterLab and Voilà: its
Vega charts are drawn, its image has a size, and picking a table row updates the metric."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, open_and_run, start_lab, start_voila

pytestmark = pytest.mark.browser

T = 30_000
NOTEBOOK = Path(__file__).parents[2] / "notebooks" / "charts_and_data.ipynb"


def check_dashboard(tab: Any) -> None:
    page = tab.page
    app = page.locator(".jupyter-state-app")
    charts = app.locator(".vega-embed")
    expect(charts).to_have_count(2, timeout=T)
    for i in range(2):
        drawn = charts.nth(i).locator("svg.marks, canvas.marks")
        expect(drawn).to_have_count(1, timeout=T)
        box = drawn.bounding_box()
        assert box is not None and box["width"] > 200 and box["height"] > 100, box
    strip = app.locator("figure.jupyter-state-image img")
    strip.evaluate("img => img.decode()")
    assert strip.evaluate("img => [img.naturalWidth, img.naturalHeight]") == [240, 60]
    box = strip.bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    metric = app.locator(".jupyter-state-metric-value:visible")  # (a run that misses the cache shows a spinner mid-run)
    expect(metric).to_have_count(1, timeout=T)
    expect(metric).to_have_text("11,129", timeout=T)
    grid = app.locator(".jupyter-state-key-regions")
    grid.locator('tbody tr[data-row="1"] .jupyter-state-data-editor-rowpick').check()
    expect(app.locator(".jupyter-state-metric-value:visible", has_text="3,119")).to_have_count(1, timeout=T)
    expect(metric).to_have_count(1, timeout=T)  # the run's metric replaced the last one
    assert [u for u in tab.blocked if "fontawesome" not in u and "font-awesome" not in u] == [], tab.blocked
    assert not tab.own_errors(), tab.errors


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_lab(tmp_path_factory.mktemp("charts-lab"), [NOTEBOOK])
    try:
        yield server
    finally:
        server.stop()


def test_lab(lab: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab()
    open_and_run(tab.page, lab, NOTEBOOK.name, 1)
    check_dashboard(tab)
    screenshot(tab.page.locator(".jupyter-state-app"), "lab_charts_notebook")


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_voila(tmp_path_factory.mktemp("charts-voila"), NOTEBOOK)
    try:
        yield server
    finally:
        server.stop()


def test_voila(voila: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab(width=1100, height=1400)
    tab.page.goto(voila.url("/"))
    expect(tab.page.locator(".jupyter-state-app")).to_have_count(1, timeout=60_000)
    check_dashboard(tab)
    screenshot(tab.page.locator(".jupyter-state-app"), "voila_charts_notebook")
