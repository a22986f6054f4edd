"""A multipage app in a real JupyterLab (issue 16): the menu switches pages in place.

The sidebar menu lists the pages, a click shows the other page in the same output, and
the entrypoint's widget keeps its value while the page's own widget starts over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, open_and_run, start_lab, write_notebook

pytestmark = pytest.mark.browser

NOTEBOOK = "pages.ipynb"
T = 20_000

SETUP = "import jupyter_state as st\n"

APP = """\
%%app
def home():
    st.title("Home page")
    st.text_input("Note", key="note")

def profile():
    st.title("Profile page")
    st.write("note kept:", "note" in st.session_state)

st.text_input("Name", key="name")
st.navigation([st.Page(home), st.Page(profile)]).run()
"""


@pytest.fixture(scope="module")
def pages_lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("lab-pages")
    server = start_lab(tmp, [write_notebook(tmp / "root" / NOTEBOOK, [SETUP, APP])])
    try:
        yield server
    finally:
        server.stop()


def test_menu_switches_pages_and_keeps_entrypoint_state(pages_lab: Server, new_tab: Callable[..., Any]) -> None:
    page = new_tab().page
    open_and_run(page, pages_lab, NOTEBOOK, 1)
    app = page.locator(".jupyter-state-app").first
    expect(app.get_by_text("Home page")).to_be_visible(timeout=T)
    menu = app.locator(".jupyter-state-page_link")
    expect(menu).to_have_count(2, timeout=T)
    expect(app.locator(".jupyter-state-page-link-current")).to_have_text("home", timeout=T)
    name = app.locator(".jupyter-state-key-name input")
    name.fill("Ada")
    name.press("Enter")
    note = app.locator(".jupyter-state-key-note input")
    note.fill("hello")
    note.press("Enter")
    page.wait_for_timeout(500)
    menu.nth(1).click()
    expect(app.get_by_text("Profile page")).to_be_visible(timeout=T)
    expect(app.get_by_text("Home page")).to_have_count(0, timeout=T)
    expect(app.locator(".jupyter-state-page-link-current")).to_have_text("profile", timeout=T)
    # As in Streamlit (SPEC item 69), the left page's key is still readable in the new page's
    # first run and gone after it: back on home, its input starts over.
    expect(app.get_by_text("note kept:")).to_contain_text("True", timeout=T)
    expect(app.locator(".jupyter-state-key-name input")).to_have_value("Ada", timeout=T)
    menu.nth(0).click()
    expect(app.locator(".jupyter-state-key-note input")).to_have_value("", timeout=T)
    expect(app.locator(".jupyter-state-key-name input")).to_have_value("Ada", timeout=T)
