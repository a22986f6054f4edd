"""Fragments as a JupyterLab user sees them: a slider inside a fragment reruns only the
fragment (the slider outside keeps its DOM node and the app's other text stays), a key read
only inside a fragment reruns it alone from another cell, and ``run_every`` ticks on screen
while the kernel is idle."""

from __future__ import annotations

from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import KernelSide, line, tag, tagged

pytestmark = pytest.mark.browser

NOTEBOOK = "fragments.ipynb"
T = 15_000  # ms: generous for a busy 2-core machine

SETUP = """\
import jupyter_state as st
_runs = {}
"""

APP = """\
%%app
_runs["body"] = _runs.get("body", 0) + 1
st.slider("Outside", 0, 10, 1, key="out")
st.write("Body runs:", _runs["body"])

@st.fragment
def part():
    _runs["part"] = _runs.get("part", 0) + 1
    v = st.slider("Inside", 0, 10, 2, key="inside")
    st.write(f"Inside {v}, n {st.session_state.get('n', 0)}")

part()

@st.fragment(run_every=0.5)
def clock():
    _runs["tick"] = _runs.get("tick", 0) + 1
    st.write("Tick", _runs["tick"])

clock()
"""

CONTROLS = """\
%%app
if st.button("Bump n", key="bump"):
    st.session_state.n = st.session_state.get("n", 0) + 1
"""

lab, tab, page, kernel = lab_notebook(NOTEBOOK, [SETUP, APP, CONTROLS], apps=2)


def app_of(page: Page, text: str) -> Any:
    return page.locator(".jp-CodeCell").filter(has_text=text).locator(".jupyter-state-app")


def test_a_slider_in_a_fragment_reruns_only_the_fragment(page: Page, kernel: KernelSide) -> None:
    app = app_of(page, '_runs["body"]')
    expect(line(app, "Inside 2, n 0")).to_be_visible(timeout=T)
    tag(app.locator(".jupyter-state-key-out"), "outside")
    body = kernel.eval('_runs["body"]')
    handle = app.locator(".jupyter-state-key-inside .jupyter-state-slider-thumb")
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(line(app, "Inside 3, n 0")).to_be_visible(timeout=T)
    assert kernel.eval('_runs["body"]') == body  # nothing outside the fragment ran
    expect(line(app, f"Body runs: {body}")).to_be_visible()
    assert tagged(app.locator(".jupyter-state-key-out"), "outside")  # the slider outside kept its node


def test_a_click_in_another_cell_reruns_the_fragment_that_read_the_key(page: Page, kernel: KernelSide) -> None:
    app = app_of(page, '_runs["body"]')
    body, part = kernel.eval('_runs["body"]'), kernel.eval('_runs["part"]')
    app_of(page, "Bump n").get_by_role("button", name="Bump n").click()
    expect(line(app, "Inside 3, n 1")).to_be_visible(timeout=T)
    assert kernel.eval('_runs["body"]') == body and kernel.eval('_runs["part"]') == part + 1


def test_run_every_ticks_on_screen_while_the_kernel_is_idle(page: Page, kernel: KernelSide) -> None:
    app = app_of(page, '_runs["body"]')
    ticks = kernel.eval('_runs["tick"]')
    expect(line(app, f"Tick {ticks + 2}")).to_be_visible(timeout=T)  # two more ticks, nothing clicked
