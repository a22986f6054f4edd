"""Caching, st.dataframe and st.metric in a real JupyterLab with the extension.

A cached load stays cached across reruns, "Clear cache" (palette and side panel) empties it,
"Clear cache and rerun" empties it and reruns the app; a dataframe renders its rows (escaped,
formatted by column_config), sorts by a header click, and a row selection made in the grid
reaches session state and the metric it drives. One server, one page, one side-channel
kernel client for the module; the tests run in order and share the session.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import KernelSide

pytestmark = pytest.mark.browser

NOTEBOOK = "cache_frame.ipynb"
T = 15_000  # ms

SETUP = """\
import jupyter_state as st
import pandas as pd
_loads = []
"""

APP = """\
%%app
@st.cache_data
def load():
    _loads.append(1)
    return pd.DataFrame({"fruit": ["apples", "<b>pears</b>", "plums"], "kg": [3, 5, 7], "price": [1.5, 2.25, 0.5]})

df = load()
event = st.dataframe(df, key="grid", on_select="rerun",
                     column_config={"price": st.column_config.NumberColumn("Price", format="$%.2f")})
st.metric("Selected kg", int(df.iloc[event.selection.rows]["kg"].sum()))
st.write("loads:", len(_loads))
"""


lab, tab, page, kernel = lab_notebook(NOTEBOOK, [SETUP, APP], extension=True)


CACHED_VALUES = "sum(len(c.entries) for c in __import__('jupyter_state._cache_store', fromlist=['caches']).caches.values())"


def grid(page: Page) -> Locator:
    return page.locator(".jupyter-state-key-grid")


def loads_line(page: Page, n: int) -> Locator:
    return page.locator(".jupyter-state-app .jp-RenderedMarkdown").get_by_text(f"loads: {n}", exact=True)


def metric_value(page: Page) -> Locator:
    return page.locator(".jupyter-state-app .jupyter-state-metric-value")


def test_the_dataframe_renders_escaped_and_formatted(page: Page, screenshot: Callable[..., Any]) -> None:
    table = grid(page)
    expect(table.locator("tbody tr")).to_have_count(3, timeout=T)
    expect(table.locator("thead")).to_contain_text("Price")
    expect(table.locator("tbody tr").nth(1)).to_contain_text("<b>pears</b>")  # text, not markup
    expect(table.locator("tbody b")).to_have_count(0)
    expect(table.locator("tbody tr").nth(1)).to_contain_text("$2.25")
    expect(metric_value(page)).to_have_text("0")
    expect(loads_line(page, 1)).to_be_visible()
    screenshot(table, "lab_dataframe")


def test_a_header_click_sorts_in_the_browser_only(page: Page, kernel: KernelSide) -> None:
    table = grid(page)
    table.locator("thead .jupyter-state-data-editor-sort", has_text="kg").click()  # ascending
    table.locator("thead .jupyter-state-data-editor-sort", has_text="kg").click()  # descending
    expect(table.locator("tbody tr").first).to_contain_text("plums")
    expect(table.locator("thead")).to_contain_text("kg ▼")
    assert kernel.eval("len(_loads)") == 1


def test_a_row_selection_reaches_session_state_and_the_metric(page: Page, kernel: KernelSide) -> None:
    table = grid(page)
    table.locator('tbody tr[data-row="0"] .jupyter-state-data-editor-rowpick').check()
    expect(metric_value(page)).to_have_text("3", timeout=T)
    table.locator('tbody tr[data-row="2"] .jupyter-state-data-editor-rowpick').check()
    expect(metric_value(page)).to_have_text("10", timeout=T)
    assert kernel.eval("st.session_state.grid.selection.rows") == [0, 2]
    expect(table.locator("tbody tr.jupyter-state-data-editor-selected")).to_have_count(2)
    expect(loads_line(page, 1)).to_be_visible()  # every rerun hit the cache


def test_clear_cache_then_clear_cache_and_rerun(page: Page, kernel: KernelSide) -> None:
    for command in ("jupyter-state:clear-cache", "jupyter-state:clear-cache-and-rerun"):
        assert page.evaluate("c => window.jupyterapp.commands.hasCommand(c)", command), command
    reply = page.evaluate("() => window.jupyterapp.commands.execute('jupyter-state:clear-cache')")
    assert reply["ok"] is True and reply["cleared"] >= 1
    assert kernel.eval(CACHED_VALUES) == 0
    assert kernel.eval("len(_loads)") == 1  # nothing reran
    expect(loads_line(page, 1)).to_be_visible()
    # the side panel's button: cleared, and the app reran, so the load ran again
    page.locator('.jp-SideBar .lm-TabBar-tab[data-id="jupyter-state-session"]').click()
    panel = page.locator("#jupyter-state-session")
    expect(panel).to_be_visible(timeout=T)
    panel.locator(".jupyter-state-panel-clear-cache-rerun").click()
    expect(loads_line(page, 2)).to_be_visible(timeout=T)
    kernel.wait_for("len(_loads)", 2)
    expect(metric_value(page)).to_have_text("10")  # the selection is session state: kept
    panel.locator(".jupyter-state-panel-clear-cache").click()
    kernel.wait_for(CACHED_VALUES, 0)  # the click's request reached the kernel
    kernel.execute("st.rerun()")  # from an ordinary cell: every app reruns, and misses
    expect(loads_line(page, 3)).to_be_visible(timeout=T)
