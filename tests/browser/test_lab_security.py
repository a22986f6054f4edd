"""Issue 11's payloads in a real JupyterLab: no user text runs as markup, no script link.

JupyterLab renders output it produced in this session as *trusted*: the HTML that
``marked`` makes of a ``text/markdown`` output, and any ``text/html``, go into the page
without its sanitizer, and its ``<script>`` tags are run. So every payload here would run
if an element let it through; the opt-in cell proves it (its handler does run).

The payloads set ``window.__pwned``; the test asserts it stays undefined after every
element showed them (st.code fence breakout, st.markdown, st.write in the app and in an
ordinary cell, headings, alerts, captions, widget labels and help, the inline inspector,
the side panel, data_editor, download names), and that no ``<a>`` in the page has a
``javascript:``, ``vbscript:`` or ``data:`` address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import KernelSide, wait_kernel_idle

pytestmark = pytest.mark.browser

NOTEBOOK = "payloads.ipynb"
T = 15_000  # ms

SETUP = '''\
import jupyter_state as st
PWN = "window.__pwned = (window.__pwned || []).concat(document.currentScript ? 'script' : 'handler')"
IMG = f'<img src=x onerror="{PWN}">'
SCRIPT = f"<script>{PWN}</script>"
BREAKOUT = f"x = 1\\n```\\n{IMG}\\n{SCRIPT}\\n```\\n{IMG}{SCRIPT}"
LINKS = (
    "[js](javascript:window.__pwned='link') [js2](JaVa&#115;cript&colon;window.__pwned='link') "
    "<javascript:window.__pwned='autolink'> [vb](vbscript:msgbox) "
    "[page](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==) [ok](https://example.org)"
)
st.session_state[IMG] = BREAKOUT
'''

APP = '''\
%%app
st.code(BREAKOUT)
st.code(BREAKOUT, language="html\\n<img src=x onerror=\\"window.__pwned='lang'\\">")
st.markdown(BREAKOUT)
st.markdown(LINKS)
st.write("write", BREAKOUT, 1, LINKS)
st.title(BREAKOUT)
st.header(IMG + LINKS)
st.caption(IMG)
st.error(IMG, icon="🚨")
st.info(LINKS)
st.json({IMG: SCRIPT})
st.text(IMG)
st.exception(ValueError(IMG + SCRIPT))
st.text_input(IMG, key="name", help=IMG)
st.selectbox(IMG, [IMG, "b"], key="pick", help=IMG)
st.radio(IMG, [IMG, "b"], key="radio")
st.checkbox(IMG, key="check", help=IMG)
st.button(IMG, key="button", help=IMG)
st.download_button(IMG, b"x", file_name=IMG, key="download")
st.data_editor([{IMG: IMG, "n": 1}], key="editor")
st.write(st.session_state)
st.write("app-done")
'''

ORDINARY = '''\
st.write(LINKS)
st.markdown(BREAKOUT)
st.code(BREAKOUT)
st.write("cell", 2, IMG)
'''

OPT_IN = '''\
st.markdown('<img src=x onerror="window.__optin = 1">', unsafe_allow_html=True)
'''

INSPECT = "st.session_state\n"


lab, tab, page, kernel = lab_notebook(NOTEBOOK, [SETUP, APP, ORDINARY, OPT_IN, INSPECT], extension=True)


LIVE_SCRIPT_LINKS = """() => [...document.querySelectorAll('a[href], area[href], iframe[src], embed[src], object[data]')]
  .map(el => el.getAttribute('href') ?? el.getAttribute('src') ?? el.getAttribute('data'))
  .filter(url => { try { return ['javascript:', 'vbscript:', 'data:'].includes(new URL(url, document.baseURI).protocol); }
                   catch { return false; } })"""


def assert_nothing_ran(page: Page) -> None:
    page.wait_for_timeout(500)  # image errors fire asynchronously
    ran, links = page.evaluate("() => window.__pwned"), page.evaluate(LIVE_SCRIPT_LINKS)
    assert (ran, links) == (None, [])


def test_the_opt_in_runs_so_the_payloads_would_too(page: Page) -> None:
    # Trusted output runs its HTML: what keeps the payloads inert is our escaping alone.
    page.wait_for_function("() => window.__optin === 1", timeout=T)


def test_app_elements_show_the_payloads_as_text(page: Page, screenshot: Callable[..., Any]) -> None:
    app = page.locator(".jupyter-state-app")
    expect(app.get_by_text("app-done", exact=True)).to_be_visible(timeout=T)
    codes = app.locator(".jp-RenderedMarkdown pre")
    expect(codes.first).to_contain_text("```", timeout=T)
    # the whole body is one code block, the breakout and the tags in it as text
    assert "<img src=x onerror=" in codes.first.inner_text() and "<script>" in codes.first.inner_text()
    expect(app.get_by_text("<img src=x onerror=").first).to_be_visible()
    for link in ("js", "js2", "vb", "page"):  # shown as links, leading nowhere
        expect(app.locator(".jp-RenderedMarkdown a", has_text=link).first).to_be_visible()
    expect(app.locator(".jp-RenderedMarkdown a[href='https://example.org']").first).to_be_visible()
    expect(app.locator("label", has_text="<img src=x").first).to_be_visible()
    expect(app.locator(".jupyter-state-download-button", has_text="<img src=x")).to_be_visible()
    expect(app.locator(".jupyter-state-data-editor th", has_text="<img src=x").first).to_be_visible()
    screenshot(app, "security-app")
    assert_nothing_ran(page)


def test_an_ordinary_cell_shows_the_payloads_as_text(page: Page) -> None:
    cell = page.locator(".jp-CodeCell").filter(has_text="st.write(LINKS)")
    expect(cell.locator(".jp-RenderedMarkdown a", has_text="js2")).to_be_visible(timeout=T)
    expect(cell.get_by_text("<img src=x onerror=").first).to_be_visible()
    assert_nothing_ran(page)


def test_the_inspectors_show_keys_and_values_as_text(page: Page, kernel: KernelSide) -> None:
    inline = page.locator(".jp-CodeCell").filter(has_text="st.session_state").last.locator(".jupyter-state-inspector")
    row = inline.locator(".jupyter-state-inspector-row").filter(has_text="<img src=x")
    expect(row.first).to_be_visible(timeout=T)
    page.evaluate("() => window.jupyterapp.commands.execute('jupyter-state:open-panel')")
    side = page.locator("#jupyter-state-session")
    expect(side.locator(".jupyter-state-inspector-row").filter(has_text="<img src=x").first).to_be_visible(timeout=T)
    # a change after the first view arrives as a diff, and is text too
    kernel.execute("st.session_state['later'] = SCRIPT + LINKS")
    expect(inline.locator(".jupyter-state-inspector-row[data-key='later']")).to_contain_text("<script>", timeout=T)
    expect(side.locator(".jupyter-state-inspector-row[data-key='later']")).to_contain_text("<script>", timeout=T)
    wait_kernel_idle(page)
    assert_nothing_ran(page)


def test_typing_a_payload_into_a_widget_runs_nothing(page: Page, kernel: KernelSide) -> None:
    name = page.locator(".jupyter-state-key-name input")
    name.fill('<img src=x onerror="window.__pwned=1">')
    name.press("Enter")
    for _ in range(150):  # the browser's update reaches the kernel asynchronously
        if kernel.eval("st.session_state.name").startswith("<img"):
            break
        page.wait_for_timeout(100)
    assert kernel.eval("st.session_state.name") == '<img src=x onerror="window.__pwned=1">'
    wait_kernel_idle(page)
    assert_nothing_ran(page)
