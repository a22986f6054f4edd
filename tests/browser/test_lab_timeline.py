"""The timeline and its Undo button in the side panel and the inline inspector, in a real JupyterLab.

A user moves a slider in an app, opens the Session State panel and sees the run in its
timeline with the change old -> new; Undo puts the slider back, the app reruns (its text
shows the old value) and the timeline shows the undo. The inline ``st.session_state``
view shows the same timeline and undoes too. The built extension of this checkout is put
on ``JUPYTER_PATH`` (``lab_notebook(..., extension=True)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import KernelSide, line

pytestmark = pytest.mark.browser

T = 15_000  # ms

SETUP = """\
import jupyter_state as st
"""

APP = """\
%%app
st.slider("Level", 1, 10, 2, key="level")
st.write(f"Level is {st.session_state.level}")
"""

INSPECT = """\
st.session_state
"""

lab, tab, page, kernel = lab_notebook("timeline.ipynb", [SETUP, APP, INSPECT], apps=1, extension=True)


def app(page: Page) -> Locator:
    return page.locator(".jp-CodeCell").filter(has_text="Level is").locator(".jupyter-state-app")


def move_right(page: Page) -> None:
    page.locator(".jupyter-state-key-level .jupyter-state-slider-thumb").focus()
    page.keyboard.press("ArrowRight")


def newest(timeline: Locator) -> Locator:
    return timeline.locator(".jupyter-state-timeline-run").first


def test_the_panel_shows_the_slider_run_and_undo_puts_it_back(page: Page, kernel: KernelSide,
                                                               screenshot: Callable[..., Any]) -> None:
    expect(line(app(page), "Level is 2")).to_be_visible(timeout=T)
    move_right(page)
    expect(line(app(page), "Level is 3")).to_be_visible(timeout=T)

    page.locator('.jp-SideBar .lm-TabBar-tab[data-id="jupyter-state-session"]').click()
    timeline = page.locator("#jupyter-state-session .jupyter-state-timeline")
    expect(timeline).to_be_visible(timeout=T)
    moved = newest(timeline)
    expect(moved.locator(".jupyter-state-timeline-text")).to_have_text(
        "slider 'Level' (level): 2 → 3 → level: 2 → 3", timeout=T)
    number = moved.get_attribute("data-number")
    moved.locator("summary").click()
    expect(moved.locator(".jupyter-state-timeline-change")).to_have_text(["level: 2 → 3"])
    expect(moved.locator(".jupyter-state-timeline-line").first).to_have_text("started by: slider 'Level' (level): 2 → 3")
    undo = timeline.locator(".jupyter-state-timeline-undo")
    expect(undo).to_be_enabled()
    expect(timeline.locator(".jupyter-state-timeline-reason")).to_have_text(
        f"Undo would undo #{number}: slider 'Level' (level): 2 → 3 → level: 2 → 3")
    screenshot(page.locator("#jupyter-state-session"), "lab_timeline_before_undo")

    undo.click()
    expect(line(app(page), "Level is 2")).to_be_visible(timeout=T)  # the app reran with the old value
    expect(page.locator(".jupyter-state-key-level .jupyter-state-slider-value")).to_have_text("2")
    assert kernel.eval("st.session_state.level") == 2
    expect(newest(timeline).locator(".jupyter-state-timeline-text")).to_have_text(
        f"undo of #{number} → level: 3 → 2", timeout=T)
    expect(timeline.locator(f'.jupyter-state-timeline-run[data-number="{number}"]')).to_have_class(
        "jupyter-state-timeline-run jupyter-state-timeline-undone")
    screenshot(page.locator("#jupyter-state-session"), "lab_timeline_after_undo")

    move_right(page)  # the slider goes on working
    expect(line(app(page), "Level is 3")).to_be_visible(timeout=T)
    expect(newest(timeline).locator(".jupyter-state-timeline-text")).to_have_text(
        "slider 'Level' (level): 2 → 3 → level: 2 → 3", timeout=T)


def test_the_inline_view_shows_the_timeline_and_its_undo_works(page: Page, kernel: KernelSide,
                                                               screenshot: Callable[..., Any]) -> None:
    inline = page.locator(".jp-CodeCell").filter(has_text="st.session_state").last.locator(".jupyter-state-timeline")
    expect(inline).to_be_visible(timeout=T)
    expect(newest(inline).locator(".jupyter-state-timeline-text")).to_have_text(
        "slider 'Level' (level): 2 → 3 → level: 2 → 3", timeout=T)
    inline.locator(".jupyter-state-timeline-undo").click()
    expect(line(app(page), "Level is 2")).to_be_visible(timeout=T)
    assert kernel.eval("st.session_state.level") == 2
    expect(newest(inline).locator(".jupyter-state-timeline-text")).to_contain_text("undo of #", timeout=T)
    # nothing but text was put in the page from the kernel's values
    assert inline.locator("b, script, img").count() == 0
    screenshot(inline, "lab_timeline_inline")
