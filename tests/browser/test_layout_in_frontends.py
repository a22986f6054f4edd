"""Layout in the browser: JupyterLab, Notebook 7 and Voilà show the same dashboard.

The app (``app_notebooks.LAYOUT``) has a sidebar, three columns, two tabs and an
expander. In each frontend the columns stand side by side (same top, left to right), the
sidebar is left of the main area, and the user's open tab and expander stay open across
reruns while every widget keeps its DOM node. Switching a tab or opening the expander
runs nothing, unless they are stateful (``on_change="rerun"`` or a callable): then, in
JupyterLab, a click on a tab reruns the app and the text shown follows the open tab.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import app_notebooks
import pytest
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import (
    KernelSide,
    Server,
    line,
    open_and_run,
    run_all_cells,
    start_lab,
    start_notebook,
    start_voila,
    tag,
    tagged,
    wait_kernel_idle,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "layout.ipynb"
STATEFUL = "stateful.ipynb"
T = 15_000


def _serve(tmp_path_factory: pytest.TempPathFactory, name: str, start: Callable[..., Server]) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp(name)
    path = app_notebooks.write(tmp / "root" / NOTEBOOK, app_notebooks.LAYOUT_CELLS)
    notebooks = [path]
    if start is start_lab:  # the stateful containers are tested in JupyterLab only
        notebooks.append(app_notebooks.write(tmp / "root" / STATEFUL, app_notebooks.STATEFUL_CELLS))
    server = start(tmp, path) if start is start_voila else start(tmp, notebooks)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    yield from _serve(tmp_path_factory, "layout-lab", start_lab)


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    yield from _serve(tmp_path_factory, "layout-nb7", start_notebook)


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    yield from _serve(tmp_path_factory, "layout-voila", start_voila)


def box(locator: Locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not visible"
    return found  # type: ignore[no-any-return]


def until(kernel: KernelSide, expr: str, expected: Any, timeout: float = T / 1000) -> None:
    """Wait until ``expr`` evaluates to ``expected`` in the kernel."""
    deadline = time.monotonic() + timeout
    while (got := kernel.eval(expr)) != expected:
        assert time.monotonic() < deadline, f"{expr} is {got!r}, not {expected!r}"
        time.sleep(0.1)


def check_dashboard(page: Page, kernel: KernelSide, screenshot: Callable[..., Any], name: str, *, voila: bool = False) -> None:
    app = page.locator(".jupyter-state-app")
    expect(line(app, "Level is 2")).to_be_visible(timeout=T)
    runs = kernel.eval("_runs['layout']")

    # Three columns side by side: the same top, left to right, not overlapping.
    columns = app.locator(".jupyter-state-columns > .jupyter-state-column")
    expect(columns).to_have_count(3)
    boxes = [box(columns.nth(i)) for i in range(3)]
    assert max(b["y"] for b in boxes) - min(b["y"] for b in boxes) < 2, boxes
    assert boxes[0]["x"] + boxes[0]["width"] <= boxes[1]["x"] + 1 and boxes[1]["x"] + boxes[1]["width"] <= boxes[2]["x"] + 1, boxes

    # The sidebar is left of the main area (under Voilà, at the window's left edge).
    sidebar = app.locator(".jupyter-state-sidebar")
    expect(sidebar.locator(".jupyter-state-key-level")).to_be_visible()
    side = box(sidebar)
    assert side["x"] + side["width"] <= boxes[0]["x"] + 1, (side, boxes[0])
    # and the rest of the main area is right of it too (the sidebar spans every row)
    for selector in (".jupyter-state-tabs", ".jupyter-state-expander"):
        assert box(app.locator(selector))["x"] >= side["x"] + side["width"] - 1, selector
    expect(app.locator(".jp-RenderedMarkdown", has_text="False")).to_have_count(0)  # no magic echo
    if voila:
        assert side["x"] < 40, side
        assert page.title() == "Layout demo"
        favicon = page.locator("link[rel~='icon']").first.get_attribute("href") or ""
        assert favicon.startswith("data:image/svg+xml") and "%F0%9F%93%8A" in favicon.upper(), favicon
    else:
        assert abs(side["y"] - boxes[0]["y"]) < 60, (side, boxes[0])  # beside the main area, not above it

    nodes = {
        "bump": app.locator(".jupyter-state-key-bump"),
        "name": app.locator(".jupyter-state-key-name"),
        "level": app.locator(".jupyter-state-key-level"),
        "tabs": app.locator(".jupyter-state-tabs"),
        "expander": app.locator(".jupyter-state-expander"),
        "shout": app.locator(".jupyter-state-key-shout"),
    }
    for key, node in nodes.items():
        tag(node, key)

    # The user opens the second tab and the expander: no run.
    app.locator(".jupyter-state-tabs .lm-TabBar-tab", has_text="Words").click()
    expect(nodes["shout"]).to_be_visible(timeout=T)
    app.locator(".jupyter-state-expander .jupyter-widget-Collapse-header").click()
    expect(app.get_by_text("Hidden details", exact=True)).to_be_visible(timeout=T)
    nodes["shout"].locator("input").check()
    until(kernel, "st.session_state.shout", True)
    assert kernel.eval("_runs['layout']") == runs + 1  # the checkbox ran the app; tab and expander did not

    # Reruns from the columns keep the open tab, the open expander and every DOM node.
    nodes["bump"].click()
    expect(nodes["bump"]).to_be_visible()
    nodes["name"].locator("input").fill("Ada")
    nodes["name"].locator("input").press("Enter")
    until(kernel, "(st.session_state.get('bumps'), st.session_state.name, st.session_state.shout)", (1, "Ada", True))
    expect(nodes["shout"]).to_be_visible()
    expect(app.get_by_text("Hidden details", exact=True)).to_be_visible()
    for key, node in nodes.items():
        assert tagged(node, key), f"the {key} node was re-created by a rerun"

    # Back to the first tab: it shows what the reruns wrote.
    app.locator(".jupyter-state-tabs .lm-TabBar-tab", has_text="Numbers").click()
    expect(line(app, "Bumps: 1")).to_be_visible(timeout=T)
    screenshot(app, f"layout_{name}")
    # Nothing moved: the columns and the main area are where they were (no sideways scroll).
    assert [box(columns.nth(i))["x"] for i in range(3)] == [b["x"] for b in boxes]
    assert box(app.locator(".jupyter-state-tabs"))["x"] >= box(sidebar)["x"] + box(sidebar)["width"] - 1
    if voila:
        screenshot(page.locator("body"), f"layout_{name}_page")


def test_dashboard_in_jupyterlab(lab: Server, new_tab: Callable[..., Any],
                                 kernel_side: Callable[[Server, str], KernelSide], screenshot: Callable[..., Any]) -> None:
    tab = new_tab(width=1400, height=1200)
    open_and_run(tab.page, lab, NOTEBOOK, 1)
    check_dashboard(tab.page, kernel_side(lab, lab.kernel_of(NOTEBOOK)), screenshot, "lab")
    assert not tab.own_errors(), tab.errors


def test_dashboard_in_notebook7(notebook7: Server, new_tab: Callable[..., Any],
                                kernel_side: Callable[[Server, str], KernelSide], screenshot: Callable[..., Any]) -> None:
    tab = new_tab(width=1400, height=1200)
    page = tab.page
    page.goto(notebook7.url(f"/notebooks/{NOTEBOOK}"))
    wait_kernel_idle(page)
    run_all_cells(page)
    expect(page.locator(".jupyter-state-app")).to_have_count(1, timeout=60_000)
    check_dashboard(page, kernel_side(notebook7, notebook7.kernel_of(NOTEBOOK)), screenshot, "notebook7")
    assert not tab.own_errors(), tab.errors


def test_dashboard_in_voila(voila: Server, new_tab: Callable[..., Any],
                            kernel_side: Callable[[Server, Path], KernelSide], screenshot: Callable[..., Any]) -> None:
    tab = new_tab(width=1400, height=1000)
    tab.page.goto(voila.url("/"))
    expect(tab.page.locator(".jupyter-state-app")).to_have_count(1, timeout=60_000)
    (kernel_file,) = voila.kernel_files()
    check_dashboard(tab.page, kernel_side(voila, kernel_file), screenshot, "voila", voila=True)
    assert not tab.own_errors(), tab.errors


def test_stateful_tabs_and_expander_rerun_in_jupyterlab(lab: Server, new_tab: Callable[..., Any],
                                                        kernel_side: Callable[[Server, str], KernelSide]) -> None:
    tab = new_tab(width=1200, height=900)
    page = tab.page
    open_and_run(page, lab, STATEFUL, 1)
    kernel = kernel_side(lab, lab.kernel_of(STATEFUL))
    app = page.locator(".jupyter-state-app")
    expect(line(app, "Meow")).to_be_visible(timeout=T)
    expect(line(app, "More is closed")).to_be_visible()
    runs = kernel.eval("_runs['stateful']")
    tabs = app.locator(".jupyter-state-tabs")
    tag(tabs, "tabs")

    # A click on the Dog tab: the callback, then a rerun that writes only the Dog tab.
    app.locator(".jupyter-state-tabs .lm-TabBar-tab", has_text="Dog").click()
    expect(line(app, "Woof")).to_be_visible(timeout=T)
    until(kernel, "(st.session_state.pet, st.session_state.switches, _runs['stateful'])", ("Dog", ["Dog"], runs + 1))
    expect(line(app, "Meow")).to_have_count(0)
    assert tagged(tabs, "tabs"), "the rerun re-created the tabs"

    # Opening the expander reruns too: the text below it follows.
    app.locator(".jupyter-state-expander .jupyter-widget-Collapse-header").click()
    expect(line(app, "More is open")).to_be_visible(timeout=T)
    until(kernel, "(st.session_state.more, _runs['stateful'])", (True, runs + 2))

    # Session state set from an ordinary cell opens the Cat tab again.
    kernel.execute("st.session_state.pet = 'Cat'")
    expect(line(app, "Meow")).to_be_visible(timeout=T)
    assert tagged(tabs, "tabs")
    assert not tab.own_errors(), tab.errors
