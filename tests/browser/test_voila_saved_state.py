"""``st.remember`` under Voilà: each visitor's state is kept in their own browser.

Two visitors (two browser contexts, so two localStorages and two kernels) of the same
dashboard each change it, reload (a new kernel each), and each gets their own values
back. Nothing is written on the server: the data folder the kernels would use stays empty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import Server, line, start_voila, write_notebook

pytestmark = pytest.mark.browser

T = 15_000

SETUP = """\
import jupyter_state as st
"""

APP = """\
%%app
st.remember("count", "step")
if "count" not in st.session_state:
    st.session_state.count = 0
step = st.slider("Step", 1, 10, 1, key="step")
if st.button("Add", key="add"):
    st.session_state.count += step
st.write(f"Count {st.session_state.count}, step {step}")
"""

STORED_JS = """() => Object.keys(localStorage)
  .filter(k => k.startsWith('jupyter_state.snapshot:'))
  .map(k => [k, JSON.parse(localStorage.getItem(k)).keys])"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("voila_saved_state_data")


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str, data_dir: Path) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("voila_saved_state")
    path = write_notebook(tmp / "root" / "dashboard.ipynb", [SETUP, APP])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_STATE_DATA_DIR", str(data_dir))  # where a server-side file would go: it must not
        server = start_voila(tmp, path)
    try:
        yield server
    finally:
        server.stop()


def _open(page: Page, voila: Server, text: str) -> None:
    page.goto(voila.url("/"))
    expect(page.locator(".jupyter-state-app")).to_have_count(1, timeout=60_000)
    expect(line(page, text)).to_be_visible(timeout=T)


def _stored(page: Page, count: int, step: int) -> list[Any]:
    page.wait_for_function(f"() => ({STORED_JS})().some(([, k]) => k.count === {count} && k.step === {step})",
                           timeout=T, polling=100)
    return list(page.evaluate(STORED_JS))


def _step_up(page: Page) -> None:
    page.locator(".jupyter-state-key-step .jupyter-state-slider-thumb").focus()
    page.keyboard.press("ArrowRight")


def test_two_visitors_each_get_their_own_state_back_after_a_reload(
        voila: Server, new_tab: Callable[..., Any], data_dir: Path) -> None:
    first, second = new_tab(width=1000, height=700), new_tab(width=1000, height=700)
    a, b = first.page, second.page
    _open(a, voila, "Count 0, step 1")
    _step_up(a)
    expect(line(a, "Count 0, step 2")).to_be_visible(timeout=T)
    a.locator(".jupyter-state-key-add").click()
    expect(line(a, "Count 2, step 2")).to_be_visible(timeout=T)
    [(key, keys)] = _stored(a, 2, 2)
    assert key == "jupyter_state.snapshot:" + a.evaluate("() => location.pathname")
    assert keys == {"count": 2, "step": 2}

    _open(b, voila, "Count 0, step 1")  # the second visitor starts fresh: a's copy is in a's browser
    b.locator(".jupyter-state-key-add").click()
    expect(line(b, "Count 1, step 1")).to_be_visible(timeout=T)
    _stored(b, 1, 1)

    a.reload()  # a new kernel for each: the state comes back from each one's own browser
    expect(line(a, "Count 2, step 2")).to_be_visible(timeout=60_000)
    expect(a.locator(".jupyter-state-key-step .jupyter-state-slider-value")).to_have_text("2")
    b.reload()
    expect(line(b, "Count 1, step 1")).to_be_visible(timeout=60_000)
    a.locator(".jupyter-state-key-add").click()
    expect(line(a, "Count 4, step 2")).to_be_visible(timeout=T)
    assert [keys for _, keys in _stored(a, 4, 2)] == [{"count": 4, "step": 2}]
    assert [keys for _, keys in _stored(b, 1, 1)] == [{"count": 1, "step": 1}]

    assert list(data_dir.iterdir()) == []  # no snapshot, not even a secret, on the server
    assert not list(Path(voila.root).rglob("*.json")), "nothing written beside the notebook"
    assert not first.own_errors() and not second.own_errors(), (first.errors, second.errors)
