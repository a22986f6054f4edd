"""The Voilà dashboard demo (notebooks/dashboard.ipynb) as a visitor uses it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, start_voila, tag, tagged

pytestmark = pytest.mark.browser

T = 20_000
DASHBOARD = Path(__file__).parents[2] / "notebooks" / "dashboard.ipynb"


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_voila(tmp_path_factory.mktemp("dashboard"), DASHBOARD)
    try:
        yield server
    finally:
        server.stop()


def open_dashboard(server: Server, new_tab: Callable[..., Any]) -> Any:
    tab = new_tab(width=1100, height=1400)
    tab.page.goto(server.url("/"))
    app = tab.page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(app.get_by_text("Filters applied 0 times", exact=False)).to_be_visible(timeout=T)
    return tab


def test_filters_submit_count_and_reset(dashboard: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = open_dashboard(dashboard, new_tab)
    page = tab.page
    app = page.locator(".jupyter-state-app")
    form = app.locator(".jupyter-state-form")
    chart_title = app.locator("svg text").first
    expect(chart_title).to_have_text("Revenue by product", timeout=T)
    tag(form, "form")

    # Choosing in the form changes nothing until the filters are applied.
    form.locator(".jupyter-state-key-group_by").get_by_text("region", exact=True).click()
    form.locator(".jupyter-state-key-measure").get_by_text("units", exact=True).click()
    page.wait_for_timeout(300)
    expect(chart_title).to_have_text("Revenue by product")
    form.get_by_role("button", name="Apply filters").click()
    expect(app.get_by_text("Filters applied 1 time ", exact=False)).to_be_visible(timeout=T)
    expect(chart_title).to_have_text("Units by region", timeout=T)
    assert tagged(form, "form")  # the form was updated in place, not rebuilt
    screenshot(app, "voila_dashboard")

    # A second visitor has a session of their own.
    other = open_dashboard(dashboard, new_tab)
    expect(other.page.locator(".jupyter-state-app svg text").first).to_have_text("Revenue by product")

    # Reset clears the session state: the counter and the filters start over.
    app.get_by_role("button", name="Reset dashboard").click()
    expect(app.get_by_text("Filters applied 0 times", exact=False)).to_be_visible(timeout=T)
    expect(chart_title).to_have_text("Revenue by product", timeout=T)
    assert not tab.own_errors() and not other.own_errors(), (tab.errors, other.errors)
