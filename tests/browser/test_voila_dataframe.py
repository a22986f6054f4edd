"""Voilà in headless Chromium: a cached load, a selectable st.dataframe and the st.metric it drives.

The grid is an anywidget view, so it needs nothing from a CDN; the page's requests to
anywhere but this machine are aborted (E2E.md pitfall 6) and the grid still works.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, start_voila, write_notebook

pytestmark = pytest.mark.browser

T = 15_000

CELLS = [
    "import jupyter_state as st\nimport pandas as pd",
    '''%%app
@st.cache_data
def load():
    return pd.DataFrame({"city": ["Lyon", "Oslo", "Kyoto"], "rain_mm": [830, 760, 1490]})

df = load()
event = st.dataframe(df, key="cities", on_select="rerun", selection_mode="single-row", hide_index=True,
                     column_config={"rain_mm": st.column_config.ProgressColumn("Rain", max_value=1500, format="%d mm")})
picked = df.iloc[event.selection.rows]
st.metric("Rain", f"{int(picked.rain_mm.sum())} mm" if len(picked) else "pick a city")
''',
]


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("voila-dataframe")
    server = start_voila(tmp, write_notebook(tmp / "root" / "cities.ipynb", CELLS))
    try:
        yield server
    finally:
        server.stop()


def test_a_row_selection_drives_the_metric_in_voila(voila: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab(width=1000, height=700)
    page = tab.page
    page.goto(voila.url("/"))
    grid = page.locator(".jupyter-state-key-cities")
    expect(grid.locator("tbody tr")).to_have_count(3, timeout=60_000)
    expect(grid.locator(".jupyter-state-data-editor-bar")).to_have_count(3)  # ProgressColumn bars
    expect(grid.locator("tbody tr").nth(2)).to_contain_text("1490 mm")
    metric = page.locator(".jupyter-state-metric-value")
    expect(metric).to_have_text("pick a city")
    grid.locator('tbody tr[data-row="1"] .jupyter-state-data-editor-rowpick').check()
    expect(metric).to_have_text("760 mm", timeout=T)
    grid.locator('tbody tr[data-row="2"] .jupyter-state-data-editor-rowpick').check()  # single-row: replaces
    expect(metric).to_have_text("1490 mm", timeout=T)
    expect(grid.locator("tbody tr.jupyter-state-data-editor-selected")).to_have_count(1)
    screenshot(page.locator(".jupyter-state-app"), "voila_dataframe_metric")
    assert not tab.own_errors(), tab.errors
