"""Progress mid-run in a real JupyterLab and Voilà: the page shows each step as it happens.

A click starts a run that sleeps between progress steps. A MutationObserver in the page
records, with the page's clock, every value the progress bar shows; the test then checks
that every step was on screen, in order, well apart in time and before the run ended, that
the lines written into an ``st.status`` showed as they were written, that the widgets the
run had not reached yet kept their DOM node, that the spinner shows during its block and
goes, and that the toast shows at the top right.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import Server, line, open_and_run, start_lab, start_voila, tag, tagged, write_notebook

pytestmark = pytest.mark.browser

T = 20_000
PAUSE = 0.7  # seconds between steps: long enough to tell "as it happened" from "all at the end"
NOTEBOOK = "live.ipynb"

SETUP = """\
import jupyter_state as st
_runs = {}
"""

APP = f"""\
%%app
import time
_runs["live"] = _runs.get("live", 0) + 1
go = st.button("Start", key="start")
bar = st.progress(0, text="Idle")
if go:
    with st.status("Working", expanded=True) as status:
        for step in (25, 50, 75, 100):
            time.sleep({PAUSE})
            bar.progress(step, text=f"Step {{step}}")
            st.write(f"Did step {{step}}")
        status.update(label="All steps done")
    with st.spinner("Crunching"):
        time.sleep({PAUSE * 2})
    st.write("Finished")
    st.toast("Finished!")
st.text_input("Notes", key="notes")
"""

# Records every value the bar shows (the bar's HTML is replaced at each step) and when the
# "Finished" line appeared, on the page's own clock.
RECORD = """(app) => {
  window.__progress = [];
  window.__finished = null;
  window.__step50 = null;
  const t0 = performance.now();
  const look = () => {
    const bar = app.querySelector('.jupyter-state-progress-bar');
    const value = bar ? Number(bar.getAttribute('aria-valuenow')) : null;
    const seen = window.__progress;
    if (value !== null && (seen.length === 0 || seen[seen.length - 1].value !== value)) {
      seen.push({ value, t: performance.now() - t0 });
    }
    const lines = [...app.querySelectorAll('.jp-RenderedMarkdown')].map(e => e.textContent.trim());
    if (window.__finished === null && lines.includes('Finished')) window.__finished = performance.now() - t0;
    if (window.__step50 === null && lines.includes('Did step 50')) window.__step50 = performance.now() - t0;
  };
  new MutationObserver(look).observe(app, { subtree: true, childList: true, attributes: true, characterData: true });
  look();
}"""


@pytest.fixture(scope="module")
def notebook(tmp_path_factory: pytest.TempPathFactory) -> Any:
    tmp = tmp_path_factory.mktemp("live")
    return tmp, write_notebook(tmp / "root" / NOTEBOOK, [SETUP, APP])


@pytest.fixture(scope="module")
def live_lab(notebook: Any, chromium_executable: str) -> Iterator[Server]:
    tmp, path = notebook
    server = start_lab(tmp / "lab", [path])
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def live_voila(notebook: Any, chromium_executable: str) -> Iterator[Server]:
    tmp, path = notebook
    server = start_voila(tmp / "voila", path)
    try:
        yield server
    finally:
        server.stop()


def check_each_step_is_shown(page: Page, app: Locator, screenshot: Callable[..., Any], name: str) -> None:
    expect(app.locator(".jupyter-state-progress-bar")).to_have_count(1, timeout=T)
    button, notes = app.locator(".jupyter-state-key-start"), app.locator(".jupyter-state-key-notes input")
    tag(button, "button")
    tag(notes, "notes")
    app.evaluate(RECORD)
    button.click()
    # The spinner shows (after its half-second delay) while its block runs, then goes.
    page.wait_for_function(
        """(app) => [...app.querySelectorAll('.jupyter-state-spinner-body')].some(
             e => e.offsetParent !== null && getComputedStyle(e).opacity === '1')""",
        arg=app.element_handle(), timeout=T, polling=50,
    )
    expect(line(app, "Finished")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-spinner-body")).to_be_hidden()
    steps = page.evaluate("window.__progress")
    finished = page.evaluate("window.__finished")
    values = [s["value"] for s in steps]
    assert values[-4:] == [25, 50, 75, 100], steps
    times = [s["t"] for s in steps[-4:]]
    for earlier, later in zip(times, times[1:]):
        assert later - earlier > PAUSE * 1000 * 0.6, f"steps shown together, not as they happened: {steps}"
    assert finished - times[-1] > PAUSE * 1000 * 0.6, (steps, finished)  # all seen while the run went on
    assert tagged(button, "button") and tagged(notes, "notes")  # untouched widgets kept their node
    step50 = page.evaluate("window.__step50")
    assert step50 is not None and finished - step50 > PAUSE * 1000 * 1.2, (step50, finished)  # written in the status mid-run
    status = app.locator(".jupyter-state-status")
    expect(status.locator(".jupyter-state-status-label")).to_have_text("All steps done")
    expect(status.locator("[data-state=complete]")).to_have_count(1)  # the check icon, after the spinner
    toast = page.locator(".jupyter-state-toast-body")
    expect(toast).to_be_visible()
    box, viewport = toast.bounding_box(), page.viewport_size
    assert box is not None and viewport is not None
    assert box["x"] + box["width"] > viewport["width"] * 0.7 and box["y"] < viewport["height"] * 0.3, box  # top right
    expect(app.locator(".jupyter-state-progress-bar").get_by_text("Step 100")).to_be_visible()
    screenshot(app, name)


def test_jupyterlab_shows_each_progress_step(live_lab: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab()
    open_and_run(tab.page, live_lab, NOTEBOOK, 1)
    check_each_step_is_shown(tab.page, tab.page.locator(".jupyter-state-app"), screenshot, "lab_progress")
    assert not tab.own_errors(), tab.errors


def test_voila_shows_each_progress_step(live_voila: Server, new_tab: Callable[..., Any], screenshot: Callable[..., Any]) -> None:
    tab = new_tab(width=1000, height=800)
    tab.page.goto(live_voila.url("/"))
    app = tab.page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    check_each_step_is_shown(tab.page, app, screenshot, "voila_progress")
    assert not tab.own_errors(), tab.errors
