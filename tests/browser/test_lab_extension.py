"""The JupyterLab extension (js/) and the inline inspector in a real JupyterLab.

Two app cells: the panel's app (a slider, a button) and a reader that reads ``step``, and
``remembered`` only while the step is above 3, so the cells that read a key change.

The prebuilt extension is put into a data directory on ``JUPYTER_PATH``, as a wheel puts
it into ``<prefix>/share/jupyter/labextensions`` (E2E.md §7). One server, one page and one
side-channel kernel client for the module; the tests run in order and share the session.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from typing import Any

import pytest
from lab_notebook import lab_notebook
from labextension import NAME
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import KernelSide, Server, line, wait_kernel_idle

pytestmark = pytest.mark.browser

NOTEBOOK = "panel.ipynb"
T = 15_000  # ms

SETUP = """\
import jupyter_state as st
_runs = {}
"""

APP = """\
%%app
_runs["panel"] = _runs.get("panel", 0) + 1
st.slider("Step", 1, 10, 1, key="step")
if st.button("Remember", key="remember"):
    st.session_state.remembered = st.session_state.get("remembered", 0) + st.session_state.step
st.write("Remembered", st.session_state.get("remembered", 0))
"""

READER = """\
%%app
_runs["reader"] = _runs.get("reader", 0) + 1
if st.session_state.get("step", 1) > 3:
    st.write("Big step; remembered", st.session_state.get("remembered", 0))
else:
    st.write("Small step")
"""

INSPECT = """\
st.session_state
"""


lab, tab, page, kernel = lab_notebook(NOTEBOOK, [SETUP, APP, READER, INSPECT], apps=2, extension=True)


# -- helpers ------------------------------------------------------------------------------------
def panel(page: Page) -> Locator:
    return page.locator("#jupyter-state-session")


def row(scope: Locator, key: str) -> Locator:
    return scope.locator(f'.jupyter-state-inspector-row[data-key="{key}"]')


def value_of(scope: Locator, key: str) -> Locator:
    return row(scope, key).locator(".jupyter-state-inspector-value")


def state(kernel: KernelSide) -> dict[str, Any]:
    return dict(kernel.eval("st.session_state.to_dict()"))


def runs(kernel: KernelSide) -> int:
    return int(kernel.eval('_runs["panel"]'))


def side_status(page: Page) -> Locator:
    return panel(page).locator(".jupyter-state-panel-status")


def app(page: Page) -> Locator:
    return page.locator(".jp-CodeCell").filter(has_text='_runs["panel"]').locator(".jupyter-state-app")


def read_by(scope: Locator, key: str) -> Locator:
    return row(scope, key).locator(".jupyter-state-inspector-read-by")


def prompt(page: Page, marker: str) -> str:
    """How the inspector names the app cell containing ``marker``: by the prompt it shows."""
    shown = page.locator(".jp-CodeCell").filter(has_text=marker).locator(".jp-InputPrompt").inner_text()
    found = re.search(r"\d+", shown)
    assert found is not None, shown
    return f"In [{found.group()}]"


def remember(page: Page) -> None:
    page.locator(".jupyter-state-key-remember").click()


# -- tests --------------------------------------------------------------------------------------
def test_the_extension_is_loaded_from_the_data_dir(page: Page) -> None:
    expect(page.locator("body[data-jupyter-state-labextension='active']")).to_have_count(1)
    for command in ("jupyter-state:rerun-app", "jupyter-state:clear-and-rerun", "jupyter-state:open-panel"):
        assert page.evaluate("c => window.jupyterapp.commands.hasCommand(c)", command), command
    assert page.evaluate("() => window.jupyterapp.commands.label('jupyter-state:rerun-app')") == "jupyter_state: Rerun app"
    # Accel Shift R runs our rerun in notebooks and nothing of JupyterLab's own
    bound = page.evaluate(
        "() => window.jupyterapp.commands.keyBindings"
        ".filter(b => b.keys.join(' ') === 'Ctrl Shift R' || b.keys.join(' ') === 'Accel Shift R')"
        ".map(b => [b.command, b.selector])"
    )
    assert bound == [["jupyter-state:rerun-app", ".jp-Notebook"]]
    assert NAME == "jupyter-state-labextension"


def test_the_inline_inspector_is_live(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    inline = page.locator(".jp-CodeCell").filter(has_text="st.session_state").last.locator(".jupyter-state-inspector")
    expect(inline).to_be_visible(timeout=T)
    expect(value_of(inline, "step")).to_have_text("1")
    expect(row(inline, "step").locator(".jupyter-state-inspector-widget")).to_have_text("slider")
    panel_cell, reader_cell = prompt(page, '_runs["panel"]'), prompt(page, '_runs["reader"]')
    expect(read_by(inline, "step")).to_have_text(f"{panel_cell}, {reader_cell}")
    expect(read_by(inline, "remember")).to_have_text(panel_cell)
    expect(row(inline, "remembered")).to_have_count(0)
    remember(page)
    expect(value_of(inline, "remembered")).to_have_text("1", timeout=T)  # no cell ran: pushed by the kernel
    expect(read_by(inline, "remembered")).to_have_text(panel_cell)  # the reader reads it above step 3 only
    expect(row(inline, "remembered").locator(".jupyter-state-inspector-type")).to_have_text("int")
    screenshot(inline, "lab_inline_inspector")


def test_the_panel_opens_and_follows_clicks_live(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    page.locator('.jp-SideBar .lm-TabBar-tab[data-id="jupyter-state-session"]').click()
    side = panel(page)
    expect(side).to_be_visible(timeout=T)
    expect(side.locator(".jupyter-state-panel-status")).to_contain_text("2 apps", timeout=T)
    expect(value_of(side, "remembered")).to_have_text("1", timeout=T)
    expect(row(side, "remember").locator(".jupyter-state-inspector-widget")).to_have_text("button")

    kernel.execute("st.session_state.fresh = {'html': '<b>bold</b>'}")  # an ordinary cell elsewhere
    expect(value_of(side, "fresh")).to_have_text('{"html": "<b>bold</b>"}', timeout=T)  # as text, not HTML
    expect(side.locator("b")).to_have_count(0)

    # a long value: the first 200 characters, and a toggle for the rest
    kernel.execute("st.session_state.long = 'x' * 500")
    long, more = value_of(side, "long"), row(side, "long").locator(".jupyter-state-inspector-more")
    expect(long).to_have_text('"' + "x" * 199 + "…", timeout=T)
    more.click()
    expect(long).to_have_text('"' + "x" * 500 + '"')
    expect(more).to_have_text("show less")
    more.click()
    expect(long).to_have_text('"' + "x" * 199 + "…")

    remember(page)
    expect(value_of(side, "remembered")).to_have_text("2", timeout=T)
    assert state(kernel)["remembered"] == 2
    screenshot(side, "lab_session_state_panel")


def test_edit_a_value_and_a_bad_one_changes_nothing(page: Page, kernel: KernelSide) -> None:
    side = panel(page)
    before = runs(kernel)
    row(side, "step").locator(".jupyter-state-panel-edit").click()
    editor = row(side, "step").locator(".jupyter-state-panel-json")
    expect(editor).to_have_value("1")

    editor.fill("{oops")
    row(side, "step").locator(".jupyter-state-panel-save").click()
    expect(row(side, "step").locator(".jupyter-state-panel-editor-error")).to_contain_text("Not valid JSON", timeout=T)
    editor.fill("99")  # above the slider's max: the widget refuses it before anything changes
    row(side, "step").locator(".jupyter-state-panel-save").click()
    expect(row(side, "step").locator(".jupyter-state-panel-editor-error")).to_contain_text("ValueAboveMaxError", timeout=T)
    assert state(kernel)["step"] == 1 and runs(kernel) == before

    editor.fill("4")
    row(side, "step").locator(".jupyter-state-panel-save").click()
    expect(value_of(side, "step")).to_have_text("4", timeout=T)
    expect(row(side, "step").locator(".jupyter-state-panel-editor")).to_have_count(0)
    # through st.session_state: the bound slider's app reran and shows the new value
    expect(page.locator(".jupyter-state-key-step .jupyter-state-slider-value")).to_have_text("4", timeout=T)
    assert state(kernel)["step"] == 4 and runs(kernel) == before + 1


def test_the_panel_shows_which_cells_read_each_key(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    side = panel(page)
    inline = page.locator(".jp-CodeCell").filter(has_text="st.session_state").last.locator(".jupyter-state-inspector")
    panel_cell, reader_cell = prompt(page, '_runs["panel"]'), prompt(page, '_runs["reader"]')
    assert panel_cell != reader_cell
    expect(read_by(side, "step")).to_have_text(f"{panel_cell}, {reader_cell}")
    expect(read_by(side, "remember")).to_have_text(panel_cell)
    expect(read_by(side, "fresh")).to_have_text("")  # set from a cell, read by no app
    expect(read_by(side, "fresh")).to_be_hidden()
    # the edit above made the step 4: the reader reran and reads "remembered" now
    expect(read_by(side, "remembered")).to_have_text(f"{panel_cell}, {reader_cell}", timeout=T)
    expect(read_by(inline, "remembered")).to_have_text(f"{panel_cell}, {reader_cell}", timeout=T)
    screenshot(side, "lab_session_state_panel_read_by")

    # step 2: the reader's rerun stops reading "remembered", whose value did not change
    row(side, "step").locator(".jupyter-state-panel-edit").click()
    row(side, "step").locator(".jupyter-state-panel-json").fill("2")
    row(side, "step").locator(".jupyter-state-panel-save").click()
    expect(value_of(side, "step")).to_have_text("2", timeout=T)
    expect(read_by(side, "remembered")).to_have_text(panel_cell, timeout=T)
    expect(read_by(inline, "remembered")).to_have_text(panel_cell, timeout=T)
    expect(value_of(side, "remembered")).to_have_text("2")
    expect(line(reader_app(page), "Small step")).to_be_visible()


def reader_app(page: Page) -> Locator:
    return page.locator(".jp-CodeCell").filter(has_text='_runs["reader"]').locator(".jupyter-state-app")


def test_set_a_new_key_and_delete_it(page: Page, kernel: KernelSide) -> None:
    side = panel(page)
    side.locator(".jupyter-state-panel-add-key").fill("note")
    side.locator(".jupyter-state-panel-add-json").fill('"hello"')
    side.locator(".jupyter-state-panel-add-submit").click()
    expect(value_of(side, "note")).to_have_text('"hello"', timeout=T)
    assert state(kernel)["note"] == "hello"
    row(side, "note").locator(".jupyter-state-panel-delete").click()
    expect(row(side, "note")).to_have_count(0, timeout=T)
    assert "note" not in state(kernel)
    row(side, "remember").locator(".jupyter-state-panel-delete").click()  # a bound key: its app reruns
    kernel.wait_for("st.session_state.get('remember')", False)


def test_the_rerun_shortcut_reruns_the_app(page: Page, kernel: KernelSide) -> None:
    before = runs(kernel)
    page.locator(".jp-CodeCell").filter(has_text='_runs["panel"]').locator(".jp-InputPrompt").click()  # command mode
    page.keyboard.press("Control+Shift+R")
    kernel.wait_for('_runs["panel"]', before + 1)
    assert page.evaluate("() => document.readyState") == "complete"
    page.evaluate("() => window.jupyterapp.commands.execute('jupyter-state:rerun-app')")
    kernel.wait_for('_runs["panel"]', before + 2)


LONG_KEY = "a_session_state_key_whose_name_is_far_too_long_for_the_side_bar"


def test_at_the_default_width_long_keys_are_ellipsised_and_no_button_clips(page: Page, kernel: KernelSide,
                                                                           screenshot: Callable[..., Any]) -> None:
    side = panel(page)
    kernel.execute(f"st.session_state[{LONG_KEY!r}] = 1")
    key = row(side, LONG_KEY).locator(".jupyter-state-inspector-key")
    expect(key).to_have_attribute("title", LONG_KEY, timeout=T)  # the full name on hover
    assert key.evaluate("n => n.scrollWidth > n.clientWidth"), "the long key is not cut"
    assert key.evaluate("n => getComputedStyle(n).textOverflow") == "ellipsis"
    box = side.bounding_box()
    assert box is not None and box["width"] < 400  # JupyterLab's default side bar width
    buttons = side.locator(".jupyter-state-panel-toolbar button, .jupyter-state-inspector-actions button")
    assert buttons.count() >= 3 + 2 * side.locator(".jupyter-state-inspector-row").count()
    for i in range(buttons.count()):
        button = buttons.nth(i)
        label = button.get_attribute("aria-label") or button.inner_text()
        b = button.bounding_box()
        assert b is not None and box["x"] <= b["x"] and b["x"] + b["width"] <= box["x"] + box["width"] + 0.5, label
        assert button.evaluate("n => n.scrollWidth <= n.clientWidth"), f"{label} is clipped"
        assert button.get_attribute("title") == label and label  # an icon, named on hover
    toolbar = side.locator(".jupyter-state-panel-toolbar").bounding_box()
    first = buttons.nth(0).bounding_box()
    assert toolbar is not None and first is not None and toolbar["height"] < 2 * first["height"]  # one row
    screenshot(side, "lab_panel_long_key_icon_buttons")
    kernel.execute(f"del st.session_state[{LONG_KEY!r}]")
    expect(row(side, LONG_KEY)).to_have_count(0, timeout=T)


def test_the_editor_of_a_key_low_in_the_list_is_scrolled_into_view(page: Page, kernel: KernelSide) -> None:
    side = panel(page)
    kernel.execute("for _i in range(40): st.session_state[f'filler_{_i:02}'] = _i")
    last = row(side, "filler_39")
    expect(last).to_have_count(1, timeout=T)
    side.evaluate("n => { n.scrollTop = 0; }")
    last.locator(".jupyter-state-panel-edit").click()
    editor = last.locator(".jupyter-state-panel-editor")
    expect(editor).to_be_visible()
    page.wait_for_function(
        """n => { const p = n.getBoundingClientRect(), s = n.closest('.jupyter-state-panel').getBoundingClientRect();
                  return p.top >= s.top - 1 && p.bottom <= s.bottom + 1; }""",
        arg=editor.element_handle(), timeout=T)
    last.locator(".jupyter-state-panel-cancel").click()
    kernel.execute("for _i in range(40): del st.session_state[f'filler_{_i:02}']")
    expect(row(side, "filler_39")).to_have_count(0, timeout=T)


def test_clear_session_state_and_rerun_from_the_panel(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    side = panel(page)
    before = runs(kernel)
    assert state(kernel)["remembered"] == 2
    # It asks first: Cancel changes nothing.
    side.locator(".jupyter-state-panel-clear").click()
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_contain_text("Clear session state?", timeout=T)
    dialog.locator(".jp-mod-reject").click()
    expect(dialog).to_have_count(0)
    assert state(kernel)["remembered"] == 2 and runs(kernel) == before
    side.locator(".jupyter-state-panel-clear").click()
    page.locator(".jp-Dialog .jp-mod-warn.jp-mod-accept").click()
    expect(row(side, "remembered")).to_have_count(0, timeout=T)
    expect(row(side, "fresh")).to_have_count(0)
    expect(row(side, "long")).to_have_count(0)
    expect(value_of(side, "step")).to_have_text("1")  # the app's first run again
    assert state(kernel) == {"step": 1, "remember": False}
    assert runs(kernel) == before + 1
    expect(app(page).locator(".jp-RenderedMarkdown").get_by_text("Remembered 0", exact=True)).to_be_visible(timeout=T)
    expect(page.locator(".jupyter-state-key-step .jupyter-state-slider-value")).to_have_text("1")
    # the command does the same from the palette
    remember(page)
    expect(value_of(side, "remembered")).to_have_text("1", timeout=T)
    # not awaited: the command waits for the dialog's answer, which the next line gives
    page.evaluate("() => { void window.jupyterapp.commands.execute('jupyter-state:clear-and-rerun'); }")
    page.locator(".jp-Dialog .jp-mod-accept").click()  # the palette command asks too
    expect(row(side, "remembered")).to_have_count(0, timeout=T)
    screenshot(side, "lab_session_state_panel_cleared")


def test_without_jupyter_state_the_panel_says_what_to_do(page: Page, lab: Server) -> None:
    assert os.environ.get("JUPYTER_PATH") != str(lab.root)  # the test process itself is untouched
    page.evaluate("() => { window.jupyterapp.commands.execute('kernelmenu:restart'); }")
    dialog = page.locator(".jp-Dialog")
    expect(dialog).to_be_visible(timeout=T)
    dialog.locator(".jp-mod-accept").click()
    expect(side_status(page)).to_contain_text("restarted", timeout=T)  # the panel noticed
    wait_kernel_idle(page)
    side = panel(page)
    side.locator(".jupyter-state-panel-refresh").click()
    expect(side_status(page)).to_contain_text("import jupyter_state", timeout=T)
    expect(side.locator(".jupyter-state-inspector-row")).to_have_count(0)
