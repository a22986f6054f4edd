"""The pages notebook in Voilà, clicked through as its text tells a visitor to.

``notebooks/pages.ipynb``: two pages in one ``%%app`` cell. The Orders page's filters are
bound to the URL; the Notes page's note has ``persist_state="session"`` and its Draft box has
none; the name in the sidebar is the entrypoint's. Checked in the browser: the URL follows
the filters and the page, a page link and ``st.switch_page`` move between the pages, the
note survives the trip, the Draft box is cleaned up, and a reload (a new kernel, as a link
opened by someone else) opens the same page with the same filters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, start_voila, tag, tagged

pytestmark = pytest.mark.browser

T = 20_000
PAGES = Path(__file__).parents[2] / "notebooks" / "pages.ipynb"
PARAMS_JS = "() => Object.fromEntries([...new URLSearchParams(location.search)].filter(([k]) => k !== 'token'))"


@pytest.fixture(scope="module")
def voila_pages_notebook(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_voila(tmp_path_factory.mktemp("pages_notebook"), PAGES)
    try:
        yield server
    finally:
        server.stop()


def _params(page: Any) -> dict[str, str]:
    return dict(page.evaluate(PARAMS_JS))


def _wait_params(page: Any, expected: dict[str, str]) -> None:
    page.wait_for_function(f"want => JSON.stringify(({PARAMS_JS})()) === JSON.stringify(want)", arg=expected,
                           timeout=T)


def _click_track(page: Any, app: Any, key: str, fraction: float) -> None:
    track = app.locator(f".jupyter-state-key-{key} .jupyter-state-slider-track").bounding_box()
    assert track is not None
    page.mouse.click(track["x"] + track["width"] * fraction, track["y"] + track["height"] / 2)


def test_voila_two_pages_the_url_and_the_lifetime_of_their_widgets(voila_pages_notebook: Server,
                                                                    new_tab: Callable[..., Any]) -> None:
    tab = new_tab(width=1200, height=900)
    page = tab.page
    page.goto(voila_pages_notebook.url("/"))
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(app.get_by_role("heading", name="Orders")).to_be_visible(timeout=T)
    tag(app, "app")

    app.locator(".jupyter-state-key-user input").fill("Ada")
    app.locator(".jupyter-state-key-user input").press("Enter")
    expect(app.get_by_text("Ada is on the Orders page.")).to_be_visible(timeout=T)
    app.locator(".jupyter-state-key-region select").select_option(label="South")
    _click_track(page, app, "min_units", 0.3)
    expect(app.locator(".jupyter-state-key-min_units .jupyter-state-slider-value")).to_have_text("30", timeout=T)
    _wait_params(page, {"region": "South", "min_units": "30"})
    orders = app.locator("table").first.inner_text()

    app.get_by_role("button", name="Write a note about these orders").click()  # st.page_link
    expect(app.get_by_role("heading", name="Notes")).to_be_visible(timeout=T)
    _wait_params(page, {"st_page": "notes"})
    note = app.locator(".jupyter-state-key-note textarea")
    note.fill("North is quiet")
    app.locator(".jupyter-state-key-draft input").click()  # the text area commits as it loses focus
    expect(app.locator(".jupyter-state-key-draft input")).to_be_checked(timeout=T)

    app.get_by_role("button", name="Back to the orders").click()  # st.switch_page
    expect(app.get_by_role("heading", name="Orders")).to_be_visible(timeout=T)
    expect(app.get_by_text("Ada is on the Orders page.")).to_be_visible(timeout=T)
    _wait_params(page, {"region": "South", "min_units": "30"})
    expect(app.locator(".jupyter-state-key-min_units .jupyter-state-slider-value")).to_have_text("30")

    app.get_by_role("button", name="Notes", exact=False).first.click()  # the menu in the sidebar
    expect(app.get_by_role("heading", name="Notes")).to_be_visible(timeout=T)
    expect(note).to_have_value("North is quiet", timeout=T)  # persist_state="session"
    expect(app.locator(".jupyter-state-key-draft input")).not_to_be_checked()  # cleaned up on leaving
    assert tagged(app, "app")  # every step updated the page in place

    app.get_by_role("button", name="Orders", exact=False).first.click()
    _wait_params(page, {"region": "South", "min_units": "30"})
    page.reload()  # a new kernel: the link alone brings back the page and the filters
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(app.get_by_role("heading", name="Orders")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-key-min_units .jupyter-state-slider-value")).to_have_text("30", timeout=T)
    expect(app.locator(".jupyter-state-key-region select")).to_have_value("South")
    assert app.locator("table").first.inner_text() == orders
    assert _params(page) == {"region": "South", "min_units": "30"}
    assert not tab.own_errors(), tab.errors
