"""Issue 11 as a JupyterLab user sees it: the stop button during a run, a text cut at max_chars.

One server, one page and one side-channel kernel client for the module; the notebook holds
one ``%%app`` cell. The app touches a marker file just before it sleeps, so the test presses
the stop button while the kernel is in the user's slow code.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import KernelSide, line, wait_kernel_idle

pytestmark = pytest.mark.browser

NOTEBOOK = "errors.ipynb"
T = 15_000  # ms: generous for a busy 2-core machine

SETUP = "import jupyter_state as st\n"

# --static: the ordinary cell that sets `flag` must not rerun the app itself (it reads the
# key); the slider's next move does, and that run is the one the stop button interrupts.
APP = """\
%%app --static
import pathlib, time

s = st.slider("Speed", 0, 10, key="s")
if st.session_state.get("flag"):
    pathlib.Path({marker!r}).touch()
    time.sleep(60)
code = st.text_input("Code", max_chars=3, key="code")
st.text_input("Notes", key="t")
st.write(f"Speed {{s}}, code {{code}}")
"""


@pytest.fixture(scope="module")
def marker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("marker") / "sleeping"


lab, tab, page, kernel = lab_notebook(
    NOTEBOOK, lambda request: [SETUP, APP.format(marker=str(request.getfixturevalue("marker")))])


def test_a_text_cut_at_max_chars_shows_as_kept(page: Page, kernel: KernelSide) -> None:
    app = page.locator(".jupyter-state-app")
    field = page.locator(".jupyter-state-key-code input")
    field.click()
    page.keyboard.type("abcdef")
    page.keyboard.press("Enter")
    expect(line(app, "Speed 0, code abc")).to_be_visible(timeout=T)
    expect(field).to_have_value("abc", timeout=T)  # the screen shows what the kernel kept
    assert kernel.eval("st.session_state.code") == "abc"


def test_the_stop_button_during_a_run_keeps_the_app_and_its_state(page: Page, kernel: KernelSide, marker: Path) -> None:
    app = page.locator(".jupyter-state-app")
    notes = page.locator(".jupyter-state-key-t input")
    notes.click()
    page.keyboard.type("typed text")
    page.keyboard.press("Enter")
    kernel.wait_for("st.session_state.t", "typed text")
    kernel.execute("st.session_state.flag = True")  # from an ordinary cell

    page.locator(".jupyter-state-key-s .jupyter-state-slider-thumb").focus()
    page.keyboard.press("ArrowRight")
    deadline = time.monotonic() + T / 1000
    while not marker.exists():
        assert time.monotonic() < deadline, "the app never reached its sleep"
        time.sleep(0.05)
    page.locator('[data-command="notebook:interrupt-kernel"]').first.click()  # the stop button

    expect(app.locator(".jp-OutputArea-output").filter(has_text="KeyboardInterrupt")).to_be_visible(timeout=T)
    wait_kernel_idle(page)
    assert kernel.eval("{k: st.session_state[k] for k in ('s', 't', 'code')}") == {"s": 1, "t": "typed text", "code": "abc"}
    # nothing went to the cell outside the app: its one output is still the app
    expect(page.locator(".jp-Cell-outputArea > .jp-OutputArea-child").filter(has=app)).to_have_count(1)
    stderr = '[data-mime-type="application/vnd.jupyter.stderr"]'
    expect(app.locator(stderr).filter(has_text="KeyboardInterrupt")).to_have_count(1)
    expect(page.locator(stderr).filter(has_text="KeyboardInterrupt")).to_have_count(1)

    kernel.execute("st.session_state.flag = False")
    page.locator(".jupyter-state-key-s .jupyter-state-slider-thumb").focus()
    page.keyboard.press("ArrowRight")  # the next interaction is normal
    expect(line(app, "Speed 2, code abc")).to_be_visible(timeout=T)
    expect(app.locator(".jp-OutputArea-output").filter(has_text="KeyboardInterrupt")).to_have_count(0)
    expect(notes).to_have_value("typed text")  # the text input and its key survived
