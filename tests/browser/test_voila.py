"""Voilà in headless Chromium: the counter app works, and every visitor is a session of its own."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import KernelSide, Server, line, tag, tagged

pytestmark = pytest.mark.browser

T = 15_000


def open_app(voila: Server, new_tab: Callable[..., Any]) -> Any:
    tab = new_tab(width=1000, height=700)
    tab.page.goto(voila.url("/"))
    expect(tab.page.locator(".jupyter-state-app")).to_have_count(1, timeout=60_000)
    expect(line(tab.page.locator(".jupyter-state-app"), "Count: 0")).to_be_visible(timeout=T)
    return tab


def test_counter_and_independent_sessions(voila: Server, new_tab: Callable[..., Any],
                                          kernel_side: Callable[[Server, Path], KernelSide],
                                          screenshot: Callable[..., Any]) -> None:
    first = open_app(voila, new_tab)
    page: Page = first.page
    assert page.locator("text=_runs").count() == 0  # Voilà hides the code
    app = page.locator(".jupyter-state-app")
    slider, button = page.locator(".jupyter-state-key-step"), page.locator(".jupyter-state-key-add")
    for name, node in (("app", app), ("slider", slider), ("button", button)):
        tag(node, name)

    button.click()
    expect(line(app, "Count: 1")).to_be_visible(timeout=T)
    thumb, value = slider.locator(".jupyter-state-slider-thumb"), slider.locator(".jupyter-state-slider-value")
    thumb.focus()
    page.keyboard.press("ArrowRight")
    expect(line(app, "Step is 2")).to_be_visible(timeout=T)
    # the theme comes with the app: the value above its thumb, a track across the column
    expect(value).to_have_text("2")
    v, t = value.bounding_box(), thumb.bounding_box()
    track, column = slider.locator(".jupyter-state-slider-track").bounding_box(), app.bounding_box()
    assert v and t and track and column
    assert v["y"] + v["height"] <= t["y"] + 1 and v["x"] <= t["x"] + t["width"] / 2 <= v["x"] + v["width"], (v, t)
    assert track["width"] >= 0.6 * column["width"], (track, column)
    button.click()
    expect(line(app, "Count: 3")).to_be_visible(timeout=T)
    expect(page.locator(".jupyter-state-app")).to_have_count(1)
    assert tagged(app, "app") and tagged(slider, "slider") and tagged(button, "button")
    screenshot(app, "voila_counter")

    # A second visitor (another browser context) gets a kernel, so a session, of their own.
    second = open_app(voila, new_tab)
    app2 = second.page.locator(".jupyter-state-app")
    expect(line(app2, "Step is 1")).to_be_visible()
    second.page.locator(".jupyter-state-key-add").click()
    expect(line(app2, "Count: 1")).to_be_visible(timeout=T)
    page.locator(".jupyter-state-key-add").click()
    expect(line(app, "Count: 5")).to_be_visible(timeout=T)
    expect(line(app2, "Count: 1")).to_be_visible()
    expect(line(app, "Step is 2")).to_be_visible()
    expect(line(app2, "Step is 1")).to_be_visible()

    # and in the kernels: two of them, each with its own st.session_state
    files = voila.kernel_files()
    assert len(files) == 2, files
    states = []
    for f in files:
        kernel = kernel_side(voila, f)
        states.append(kernel.eval("{k: st.session_state[k] for k in ('count', 'step')}"))
    assert sorted(states, key=json.dumps) == sorted([{"count": 5, "step": 2}, {"count": 1, "step": 1}], key=json.dumps)
    assert not first.own_errors() and not second.own_errors(), (first.errors, second.errors)
