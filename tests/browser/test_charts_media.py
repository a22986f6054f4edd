"""Charts, images and HTML in JupyterLab, Notebook 7 and Voilà: drawn by the page's own Vega
(an ``<svg>``/``<canvas>``), images as ``<img>`` with a size, scripts of ``st.html`` never run,
``components.html`` in a sandboxed iframe, and nothing fetched from the network."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from testsupport.jupyter_servers import (
    Server,
    open_and_run,
    start_lab,
    start_notebook,
    start_voila,
    tag,
    tagged,
    wait_kernel_idle,
    write_notebook,
)

pytestmark = pytest.mark.browser

T = 30_000

SETUP = """\
import jupyter_state as st
import jupyter_state.components.v1 as components
import numpy as np
import pandas as pd
"""

APP = """\
%%app
df = pd.DataFrame({"a": [1, 3, 2, 4], "b": [2, 1, 3, 2]})
st.line_chart(df)
st.bar_chart(df, x="a", y="b", horizontal=True)
gradient = np.linspace(0, 1, 60 * 80).reshape(60, 80)
st.image(gradient, caption="A gradient", width=160)
st.latex(r"\\int_0^1 x^2\\,dx = \\tfrac{1}{3}")
st.html("<p class='user-html'>Hello <b>HTML</b></p><script>window.__jupyterStateHtmlRan = true</script>")
components.html("<p id='inside'>in the frame</p><script>document.getElementById('inside').textContent = 'script ran'</script>", height=80)
st.link_button("Docs", "https://docs.streamlit.io")
n = st.slider("Points", 2, 10, 4, key="points")
st.scatter_chart(pd.DataFrame({"x": range(n), "y": range(n)}), x="x", y="y")
import plotly.graph_objects as go
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), height=300)
"""

CELLS = [SETUP, APP]


@pytest.fixture(scope="module")
def notebook_dir(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("charts")
    return tmp, write_notebook(tmp / "root" / "charts.ipynb", CELLS)


def _serve(start: Callable[..., Server], tmp: Any, path: Any) -> Iterator[Server]:
    server = start(tmp, path) if start is start_voila else start(tmp, [path])
    try:
        yield server
    finally:
        server.stop()


def _picture(locator: Any) -> bytes | None:
    """A screenshot, or None while Vega swaps the element it draws on for a new one."""
    try:
        return locator.screenshot()
    except PlaywrightError as e:
        if "not attached" in str(e):
            return None
        raise


def check_app(tab: Any) -> None:
    page = tab.page
    app = page.locator(".jupyter-state-app")
    charts = app.locator(".vega-embed")
    expect(charts).to_have_count(3, timeout=T)
    for i in range(3):  # each chart drawn: an svg or a canvas with a real size
        drawn = charts.nth(i).locator("svg.marks, canvas.marks")
        expect(drawn).to_have_count(1, timeout=T)
        box = drawn.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100, box
    image = app.locator("figure.jupyter-state-image img")
    expect(image).to_have_count(1)
    image.evaluate("img => img.decode()")
    assert image.evaluate("img => img.naturalWidth") == 80
    assert image.bounding_box()["width"] == pytest.approx(160, abs=1)  # type: ignore[index]
    expect(app.locator("figcaption")).to_have_text("A gradient")
    expect(app.locator(".user-html")).to_have_text("Hello HTML")
    expect(app.locator("mjx-container, .MathJax").first).to_be_visible(timeout=T)  # typeset, not raw TeX
    frame = app.locator("iframe.jupyter-state-iframe")
    expect(frame).to_have_attribute("sandbox", "allow-scripts allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-downloads")
    expect(page.frame_locator("iframe.jupyter-state-iframe").locator("#inside")).to_have_text("script ran", timeout=T)
    link = app.get_by_role("link", name="Docs")
    expect(link).to_have_attribute("href", "https://docs.streamlit.io")
    expect(link).to_have_attribute("target", "_blank")
    assert page.evaluate("window.__jupyterStateHtmlRan === undefined")  # st.html's script never ran
    # A rerun redraws the chart whose data changed (4 points, then 5), and only that one.
    scatter = charts.nth(2).locator(".marks")
    tag(charts.nth(0).locator(".marks"), "line")
    before = scatter.screenshot()
    readout = app.locator(".jupyter-state-key-points .jupyter-state-slider-value")
    app.locator(".jupyter-state-key-points .jupyter-state-slider-thumb").focus()
    page.keyboard.press("ArrowRight")  # the slider keeps its keys from the notebook's shortcuts
    expect(readout).to_have_text("5", timeout=T)
    page.wait_for_function("() => true", polling=100)  # let Vega draw the new data
    for _ in range(50):
        if _picture(scatter) not in (before, None):
            break
        page.wait_for_timeout(200)
    assert _picture(scatter) not in (before, None)
    assert tagged(charts.nth(0).locator(".marks"), "line")  # the unchanged line chart kept its drawing
    # Plotly draws with its own renderer (the extension's mimetype, or plotly.js inlined): 3 bars
    expect(app.locator(".js-plotly-plot .bars path")).to_have_count(3, timeout=T)
    # nothing tried to leave this machine (a CDN would show up here)
    assert [u for u in tab.blocked if "fontawesome" not in u and "font-awesome" not in u] == [], tab.blocked
    assert not tab.own_errors(), tab.errors


@pytest.fixture(scope="module")
def lab(notebook_dir: Any, chromium_executable: str) -> Iterator[Server]:
    yield from _serve(start_lab, *notebook_dir)


def test_lab(lab: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab()
    open_and_run(tab.page, lab, "charts.ipynb", 1)
    check_app(tab)
    screenshot(tab.page.locator(".jupyter-state-app"), "lab_charts_media")


@pytest.fixture(scope="module")
def notebook7(notebook_dir: Any, chromium_executable: str) -> Iterator[Server]:
    yield from _serve(start_notebook, *notebook_dir)


def test_notebook7(notebook7: Server, new_tab: Callable[..., Any]) -> None:
    tab = new_tab()
    page = tab.page
    page.goto(notebook7.url("/notebooks/charts.ipynb"))
    wait_kernel_idle(page)
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    expect(page.locator(".jupyter-state-app")).to_have_count(1, timeout=60_000)
    check_app(tab)


@pytest.fixture(scope="module")
def voila(notebook_dir: Any, chromium_executable: str) -> Iterator[Server]:
    yield from _serve(start_voila, *notebook_dir)


def test_voila(voila: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab()
    tab.page.goto(voila.url("/"))
    expect(tab.page.locator(".jupyter-state-app")).to_have_count(1, timeout=60_000)
    check_app(tab)
    screenshot(tab.page.locator(".jupyter-state-app"), "voila_charts_media")
