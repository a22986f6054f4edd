"""JupyterLab in headless Chromium: a user clicks, drags, types and submits; apps rerun in place.

One server, one page and one side-channel kernel client for the module. The notebook
(``app_notebooks.LAB_CELLS``) holds five ``%%app`` cells that share one session, so the
tests run in order and each reads the state it starts from.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import (
    KernelSide,
    Server,
    has_focus,
    line,
    open_and_run,
    tag,
    tagged,
    wait_kernel_idle,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "apps.ipynb"
APPS = 5
T = 15_000  # ms: generous for a busy 2-core machine; a rerun takes about 50 ms
#: the keys of the form members whose values wait for the next submit (read-only peek)
STAGED = ("sorted(w.key for a in __import__('jupyter_state').runtime.current().apps "
          "for f in a.forms.values() for w in f.staged)")


@pytest.fixture(scope="module")
def tab(lab: Server, new_tab: Callable[..., Any]) -> Iterator[Any]:
    tab = new_tab()
    page = tab.page
    open_and_run(page, lab, NOTEBOOK, APPS)
    yield tab
    assert not tab.own_errors(), tab.errors


@pytest.fixture(scope="module")
def page(tab: Any) -> Page:
    return tab.page  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def kernel(lab: Server, tab: Any, kernel_side: Callable[[Server, str], KernelSide]) -> KernelSide:
    """A second client of the notebook's kernel: reads ``st.session_state`` as the app sees it."""
    return kernel_side(lab, lab.kernel_of(NOTEBOOK))


# -- helpers ------------------------------------------------------------------------------------
def cell_of(page: Page, app: str) -> Locator:
    """The notebook cell of an app (app_notebooks: every app counts its runs in ``_runs[app]``)."""
    return page.locator(".jp-CodeCell").filter(has_text=f'_runs["{app}"]')


def app_of(page: Page, app: str) -> Locator:
    """The app's container in its cell's output."""
    return cell_of(page, app).locator(".jupyter-state-app")


def assert_in_place(page: Page) -> None:
    """Each app cell shows one output, the app's one container: no run added output."""
    expect(page.locator(".jupyter-state-app")).to_have_count(APPS)
    cells = page.locator(".jp-CodeCell", has=page.locator(".jupyter-state-app"))
    expect(cells).to_have_count(APPS)
    for i in range(APPS):
        cell = cells.nth(i)
        expect(cell.locator(".jupyter-state-app")).to_have_count(1)
        expect(cell.locator(".jp-Cell-outputArea > .jp-OutputArea-child")).to_have_count(1)


def runs(kernel: KernelSide, app: str) -> int:
    return int(kernel.eval(f"_runs[{app!r}]"))


def state(kernel: KernelSide, *keys: str) -> dict[str, Any]:
    return dict(kernel.eval(f"{{k: st.session_state[k] for k in {keys!r} if k in st.session_state}}"))


def settled_runs(kernel: KernelSide, app: str, before: int, quiet: float = 0.5) -> int:
    """The app's run count once it moved past ``before`` and then stayed put for ``quiet`` s."""
    deadline = time.monotonic() + T / 1000
    last, since = runs(kernel, app), time.monotonic()
    while last == before or time.monotonic() - since < quiet:
        if time.monotonic() > deadline:
            raise AssertionError(f"_runs[{app!r}] is {last}, still moving or never past {before}")
        time.sleep(0.05)
        now = runs(kernel, app)
        if now != last:
            last, since = now, time.monotonic()
    return last


# -- tests --------------------------------------------------------------------------------------
def test_run_all_renders_each_app_once(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    assert_in_place(page)
    assert kernel.eval("_runs") == {"counter": 1, "text": 1, "form": 1, "boom": 1, "hide": 1}
    counter = app_of(page, "counter")
    expect(line(counter, "Count: 0")).to_be_visible()
    expect(line(counter, "Step is 1")).to_be_visible()
    # every widget view carries its kind and its key
    expect(page.locator(".jupyter-state-slider.jupyter-state-key-step")).to_have_count(1)
    expect(page.locator(".jupyter-state-button.jupyter-state-key-add")).to_have_count(1)
    expect(page.locator(".jupyter-state-form")).to_have_count(1)
    assert state(kernel, "count", "step") == {"count": 0, "step": 1}
    screenshot(counter, "lab_counter_initial")


def test_button_click_reruns_in_place(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    counter = app_of(page, "counter")
    slider, button = page.locator(".jupyter-state-key-step"), page.locator(".jupyter-state-key-add")
    for name, node in (("app", counter), ("slider", slider), ("button", button)):
        tag(node, name)
    before = runs(kernel, "counter")

    button.click()
    expect(line(counter, "Count: 1")).to_be_visible(timeout=T)
    assert_in_place(page)
    # the run updated the app in place: the untouched slider, the button and the container
    # are the very DOM nodes they were before the click
    assert tagged(counter, "app") and tagged(slider, "slider") and tagged(button, "button")
    assert state(kernel, "count") == {"count": 1}
    assert runs(kernel, "counter") == before + 1  # one click, one run

    button.click()
    expect(line(counter, "Count: 2")).to_be_visible(timeout=T)
    button.click()
    expect(line(counter, "Count: 3")).to_be_visible(timeout=T)
    assert state(kernel, "count") == {"count": 3}
    screenshot(counter, "lab_counter_after_clicks")


def test_slider_keyboard_and_readout(page: Page, kernel: KernelSide) -> None:
    counter = app_of(page, "counter")
    slider, button = page.locator(".jupyter-state-key-step"), page.locator(".jupyter-state-key-add")
    tag(button, "button-2")
    start = state(kernel, "count")["count"]

    handle = slider.locator(".jupyter-state-slider-thumb")
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(line(counter, "Step is 2")).to_be_visible(timeout=T)
    assert state(kernel, "step") == {"step": 2}

    # a click on the track moves the nearest thumb there (1..10: 5 is at 4/9 of the track)
    readout = slider.locator(".jupyter-state-slider-value")
    track = slider.locator(".jupyter-state-slider-track").bounding_box()
    assert track is not None
    page.mouse.click(track["x"] + track["width"] * 4 / 9, track["y"] + track["height"] / 2)
    expect(line(counter, "Step is 5")).to_be_visible(timeout=T)
    expect(readout).to_have_text("5")
    assert state(kernel, "step") == {"step": 5}
    assert tagged(button, "button-2")

    # the button's on_click got args=(step,) captured in the run the slider caused
    button.click()
    expect(line(counter, f"Count: {start + 5}")).to_be_visible(timeout=T)
    assert state(kernel, "count", "step") == {"count": start + 5, "step": 5}
    assert_in_place(page)


def test_slider_drag_and_a_burst_of_clicks(page: Page, kernel: KernelSide) -> None:
    counter = app_of(page, "counter")
    slider = page.locator(".jupyter-state-key-step")
    handle = slider.locator(".jupyter-state-slider-thumb")
    box, track = handle.bounding_box(), slider.locator(".jupyter-state-slider-track").bounding_box()
    assert box is not None and track is not None
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.down()
    page.mouse.move(track["x"] + track["width"] + 40, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    expect(line(counter, "Step is 10")).to_be_visible(timeout=T)  # the last value wins
    assert state(kernel, "step") == {"step": 10}

    # Five clicks in one go. Bursts coalesce (DESIGN.md 3; Streamlit turns the same burst
    # into one on_click): at least one run and at most five, every run the burst caused
    # ran on_click once (no run for nothing), and the screen shows the kernel's final state.
    start, runs_before = state(kernel, "count")["count"], runs(kernel, "counter")
    page.locator(".jupyter-state-key-add").evaluate("b => { for (let i = 0; i < 5; i++) b.click(); }")
    burst_runs = settled_runs(kernel, "counter", runs_before) - runs_before
    assert 1 <= burst_runs <= 5
    assert state(kernel, "count") == {"count": start + 10 * burst_runs}
    expect(line(counter, f"Count: {start + 10 * burst_runs}")).to_be_visible(timeout=T)
    assert_in_place(page)


def test_text_input_on_change_and_focus_while_typing(page: Page, kernel: KernelSide) -> None:
    app = app_of(page, "text")
    name, city = page.locator(".jupyter-state-key-name"), page.locator(".jupyter-state-key-city")
    tag(name, "name")
    tag(city, "city")

    name.locator("input").click()
    page.keyboard.type("Ada")
    page.keyboard.press("Tab")  # commits "Ada" (blur) and moves to City, where the user goes on typing
    page.keyboard.type("P")
    expect(line(app, "Hello Ada from nowhere")).to_be_visible(timeout=T)  # the run happened mid-typing
    page.keyboard.type("aris")
    expect(line(app, "on_change ran 1 times")).to_be_visible()
    # the rerun cost the user nothing: same nodes, focus still in City, every key typed is there
    assert tagged(name, "name") and tagged(city, "city")
    assert has_focus(city)
    expect(city.locator("input")).to_have_value("Paris")
    assert state(kernel, "name", "city", "greetings") == {"name": "Ada", "city": "", "greetings": 1}

    page.keyboard.press("Enter")
    expect(line(app, "Hello Ada from Paris")).to_be_visible(timeout=T)
    assert has_focus(city)
    expect(line(app, "on_change ran 1 times")).to_be_visible()  # City has no on_change
    assert state(kernel, "name", "city", "greetings") == {"name": "Ada", "city": "Paris", "greetings": 1}
    assert_in_place(page)


def test_form_waits_for_submit(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    app = app_of(page, "form")
    form = app.locator(".jupyter-state-form")
    before = runs(kernel, "form")

    page.locator(".jupyter-state-key-nick input").click()
    page.keyboard.type("Bob")
    page.keyboard.press("Tab")  # to the Age slider's handle: the browser sends "Bob" now
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.locator(".jupyter-state-key-age .jupyter-state-slider-value")).to_have_text("32")
    # the values reached the kernel, staged: no run, nothing applied yet
    kernel.wait_for(STAGED, ["age", "nick"])
    assert runs(kernel, "form") == before
    assert state(kernel, "nick", "age") == {"nick": "", "age": 30}
    expect(line(app, "Waiting nick - age 30")).to_be_visible()

    form.get_by_role("button", name="Sign up").click()
    expect(line(app, "Submitted nick Bob age 32")).to_be_visible(timeout=T)
    assert runs(kernel, "form") == before + 1
    assert state(kernel, "nick", "age") == {"nick": "Bob", "age": 32}
    expect(page.locator(".jupyter-state-key-nick input")).to_have_value("Bob")
    assert_in_place(page)
    screenshot(app, "lab_form_submitted")

    # Enter in a text input of the form submits it, with the text just typed
    page.locator(".jupyter-state-key-nick input").click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Cy")
    page.keyboard.press("Enter")
    expect(line(app, "Submitted nick Cy age 32")).to_be_visible(timeout=T)
    assert runs(kernel, "form") == before + 2
    assert state(kernel, "nick", "age") == {"nick": "Cy", "age": 32}
    assert_in_place(page)


def test_callback_error_shows_traceback_in_the_app(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    app = app_of(page, "boom")
    cell = cell_of(page, "boom")
    before = runs(kernel, "boom")
    tag(app, "boom-app")

    page.locator(".jupyter-state-key-boom").click()
    expect(app).to_contain_text("kaboom from the on_click callback", timeout=T)
    expect(app).to_contain_text("ValueError")
    expect(app).to_contain_text("explode")  # the user's frame is in the traceback
    assert tagged(app, "boom-app")
    # the traceback is inside the app's container, not a second output of the cell
    expect(cell.locator(".jupyter-state-app")).to_have_count(1)
    expect(cell.locator(".jp-Cell-outputArea > .jp-OutputArea-child")).to_have_count(1)
    expect(cell.locator(".jp-Cell-outputArea > .jp-OutputArea-child .jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']")).to_have_count(1)
    assert runs(kernel, "boom") == before  # a failing callback skips the body
    screenshot(app, "lab_callback_error")

    # running the cell again brings the app back, in the same single container
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Control+Enter")
    expect(cell.locator(".jupyter-state-key-boom")).to_be_visible(timeout=T)
    expect(app).not_to_contain_text("ValueError")
    expect(line(app, "The boom app body ran")).to_be_visible()
    expect(cell.locator(".jupyter-state-app")).to_have_count(1)
    expect(cell.locator(".jp-Cell-outputArea > .jp-OutputArea-child")).to_have_count(1)
    assert runs(kernel, "boom") == before + 1
    wait_kernel_idle(page)
    assert_in_place(page)


def test_checkbox_hides_a_widget_without_touching_the_others(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    app = app_of(page, "hide")
    below = page.locator(".jupyter-state-key-below")
    checkbox = page.locator(".jupyter-state-key-show_extra")
    expect(page.locator(".jupyter-state-key-extra")).to_be_visible()
    tag(below, "below")
    tag(checkbox, "checkbox")

    checkbox.locator("input").click()
    expect(page.locator(".jupyter-state-key-extra")).to_have_count(0, timeout=T)
    assert tagged(below, "below") and tagged(checkbox, "checkbox")
    assert state(kernel, "show_extra", "extra") == {"show_extra": False}
    screenshot(app, "lab_hidden_widget")

    # The user types in Below (not committed yet) while a kernel-side change shows Extra
    # again *above* it: Below keeps its node, the focus and the text being typed.
    below.locator("input").click()
    page.keyboard.type("draft")
    kernel.execute("st.session_state.show_extra = True")
    expect(page.locator(".jupyter-state-key-extra")).to_be_visible(timeout=T)
    expect(checkbox.locator("input")).to_be_checked()
    assert tagged(below, "below")
    assert has_focus(below)
    expect(below.locator("input")).to_have_value("draft")
    page.keyboard.press("Enter")
    expect(line(app, "Below is draft")).to_be_visible(timeout=T)
    assert state(kernel, "show_extra", "below") == {"show_extra": True, "below": "draft"}
    assert_in_place(page)


def test_reload_keeps_the_apps_and_their_state(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    counter_state = state(kernel, "count", "step")
    count, step = counter_state["count"], counter_state["step"]
    before = kernel.eval("_runs")
    page.evaluate("() => window.jupyterapp.commands.execute('docmanager:save')")

    page.reload()
    wait_kernel_idle(page)
    expect(page.locator(".jupyter-state-app")).to_have_count(APPS, timeout=60_000)
    counter = app_of(page, "counter")
    # the kernel is the session: the views re-render from its state, and no app reran
    expect(line(counter, f"Count: {count}")).to_be_visible(timeout=T)
    expect(page.locator(".jupyter-state-key-step .jupyter-state-slider-value")).to_have_text(str(step))
    expect(page.locator(".jupyter-state-key-city input")).to_have_value("Paris")
    expect(line(app_of(page, "form"), "Submitted nick Cy age 32")).to_be_visible()
    assert kernel.eval("_runs") == before
    assert_in_place(page)
    screenshot(counter, "lab_counter_after_reload")

    # and the app still works
    page.locator(".jupyter-state-key-add").click()
    expect(line(counter, f"Count: {count + step}")).to_be_visible(timeout=T)
    assert state(kernel, "count") == {"count": count + step}
    assert_in_place(page)


def test_session_state_from_an_ordinary_cell_reruns_the_app(page: Page, kernel: KernelSide) -> None:
    counter = app_of(page, "counter")
    before = runs(kernel, "counter")
    kernel.execute("st.session_state.step = 7")
    expect(line(counter, "Step is 7")).to_be_visible(timeout=T)
    expect(page.locator(".jupyter-state-key-step .jupyter-state-slider-value")).to_have_text("7")
    assert runs(kernel, "counter") == before + 1
    assert_in_place(page)
