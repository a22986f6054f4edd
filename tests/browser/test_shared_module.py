"""Sliders, number inputs and multiselects share one copy of their module per page (issue 18).

anywidget imports every view's ``_esm`` as a blob, once per model. A slider's module used
to come with each slider (14 KB each); now one hidden library model carries it
(``widgets/_shared_esm.py``) and each view's own module is a 1.1 KB stub. Watched in the
page: every blob anywidget makes (``URL.createObjectURL`` wrapped before the page loads),
in JupyterLab, after a reload, and in Voilà; and every widget still works (drag by key, type
a number, the app reruns).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, open_and_run, start_lab, start_voila, wait_kernel_idle, write_notebook

pytestmark = pytest.mark.browser

NOTEBOOK = "shared.ipynb"
T = 30_000
N = 40
SETUP = "import jupyter_state as st\n"
APP = f"""\
%%app
total = sum(st.slider(f"Slider {{i}}", 0, 100, 50, key=f"s{{i}}") for i in range({N}))
amount = st.number_input("Amount", value=2.5, key="amount")
count = st.number_input("Count", value=3, key="count")
fruit = st.multiselect("Fruit", ["apple", "banana", "cherry"], key="fruit")
veg = st.multiselect("Vegetables", ["leek", "pea"], ["pea"], key="veg")
st.write(f"Total: {{total}}, amount: {{amount}}, count: {{count}}")
st.write(f"Picked: {{', '.join(fruit + veg)}}")
"""

#: Every blob the page makes, with its size and the first bytes of its text.
BLOBS_JS = """
(() => {
  window.__blobs = [];
  const make = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (blob) => {
    const url = make(blob);
    if (blob instanceof Blob && blob.type === 'text/javascript') {
      const entry = {size: blob.size, library: false};
      window.__blobs.push(entry);
      blob.text().then((text) => { entry.library = text.startsWith('const LIBRARY_KEY'); });
    }
    return url;
  };
})();
"""


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("shared")
    return write_notebook(tmp / "root" / NOTEBOOK, [SETUP, APP])


@pytest.fixture(scope="module")
def lab(notebook: Path, tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_lab(tmp_path_factory.mktemp("shared-lab"), [notebook])
    try:
        yield server
    finally:
        server.stop()


def _blobs(page: Any) -> list[dict[str, Any]]:
    page.wait_for_timeout(300)  # blob.text() resolves asynchronously
    return list(page.evaluate("() => window.__blobs"))


def _one_library_per_family(page: Any) -> None:
    blobs = _blobs(page)
    libraries = [b for b in blobs if b["library"]]
    # the sliders', the number inputs' and the multiselects' modules, each once, however many views
    assert len(libraries) == 3, blobs
    assert all(b["size"] > 3000 for b in libraries)
    stubs = [b for b in blobs if not b["library"] and b["size"] < 1500]
    assert len(stubs) >= N + 4, blobs  # every slider, number input and multiselect: the stub only
    assert [b for b in blobs if not b["library"] and b["size"] >= 10_000] == []  # no slider module per view


def _works(page: Any, total: int, amount: str, count: str) -> None:
    app = page.locator(".jupyter-state-app")
    expect(app.locator(".jupyter-state-slider-view")).to_have_count(N, timeout=T)
    expect(app.get_by_text(f"Total: {total}, amount: {amount}, count: {count}", exact=True)).to_be_visible(timeout=T)
    # every slider shows its value, above its thumb (placed by the one resize observer)
    values = app.locator(".jupyter-state-slider-value")
    assert values.count() == N
    last = app.locator(f".jupyter-state-key-s{N - 1}")
    expect(last.locator(".jupyter-state-slider-value")).to_have_text("50", timeout=T)
    text = last.locator(".jupyter-state-slider-value").bounding_box()
    thumb = last.locator(".jupyter-state-slider-thumb").bounding_box()
    assert text is not None and thumb is not None
    assert abs((text["x"] + text["width"] / 2) - (thumb["x"] + thumb["width"] / 2)) < 2
    assert text["y"] + text["height"] <= thumb["y"] + 1


def test_lab_imports_each_module_once_and_the_widgets_work(lab: Server, new_tab: Callable[..., Any]) -> None:
    tab = new_tab()
    tab.context.add_init_script(BLOBS_JS)
    page = tab.page
    open_and_run(page, lab, NOTEBOOK, 1)
    _works(page, 50 * N, "2.5", "3")
    _one_library_per_family(page)
    thumb = page.locator(".jupyter-state-key-s0 .jupyter-state-slider-thumb")
    thumb.focus()
    page.keyboard.press("ArrowRight")
    _works(page, 50 * N + 1, "2.5", "3")
    amount = page.locator(".jupyter-state-key-amount input")
    amount.fill("4.25")
    amount.press("Enter")
    _works(page, 50 * N + 1, "4.25", "3")
    expect(page.get_by_text("Picked: pea", exact=True)).to_be_visible(timeout=T)
    fruit = page.locator(".jupyter-state-key-fruit")
    fruit.locator("input").click()
    fruit.locator(".jupyter-state-ms-option", has_text="cherry").click()
    expect(page.get_by_text("Picked: cherry, pea", exact=True)).to_be_visible(timeout=T)
    # a reload rebuilds every view from the kernel's models: the library comes again, once
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")
    page.wait_for_timeout(500)
    page.reload()
    wait_kernel_idle(page)
    _works(page, 50 * N + 1, "4.25", "3")
    expect(page.locator(".jupyter-state-key-fruit .jupyter-state-ms-chip")).to_have_text(["cherry×"])
    _one_library_per_family(page)
    assert tab.own_errors() == []


def test_voila_imports_each_module_once(notebook: Path, tmp_path_factory: pytest.TempPathFactory,
                                        new_tab: Callable[..., Any], chromium_executable: str) -> None:
    server = start_voila(tmp_path_factory.mktemp("shared-voila"), notebook)
    try:
        tab = new_tab()
        tab.context.add_init_script(BLOBS_JS)
        tab.page.goto(server.url("/"))
        _works(tab.page, 50 * N, "2.5", "3")
        _one_library_per_family(tab.page)
        assert tab.own_errors() == []
    finally:
        server.stop()
