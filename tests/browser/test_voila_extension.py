"""Issue 17: inside Voilà the JupyterLab extension stays out of the way.

Voilà loads every federated extension of the environment, ours too, but provides no
notebook tracker. The extension is put on ``JUPYTER_PATH`` as a wheel installs it; the
page must show the app with no console error from our plugin.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import app_notebooks
import pytest
from labextension import install_into
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, line, start_voila

pytestmark = pytest.mark.browser

T = 15_000


@pytest.fixture(scope="module")
def voila_with_extension(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("voila-extension")
    data = tmp / "data"
    install_into(data)
    notebook = app_notebooks.write(tmp / "root" / "counter.ipynb", app_notebooks.COUNTER_CELLS)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(data))  # the server inherits it
        server = start_voila(tmp, notebook)
    try:
        yield server
    finally:
        server.stop()


def test_the_extension_loads_in_voila_without_an_error(voila_with_extension: Server, new_tab: Callable[..., Any]) -> None:
    tab = new_tab(width=1000, height=700)
    page = tab.page
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(voila_with_extension.url("/"))
    expect(line(page.locator(".jupyter-state-app"), "Count: 0")).to_be_visible(timeout=60_000)
    page.locator(".jupyter-state-key-add").click()
    expect(line(page.locator(".jupyter-state-app"), "Count: 1")).to_be_visible(timeout=T)
    # our extension was offered to Voilà (else this test would prove nothing) ...
    assert any("jupyter-state-labextension" in url for url in requested), requested
    # ... and it said nothing: no failed activation, no missing provider
    ours = [m for m in console if "jupyter-state" in m or "INotebookTracker" in m]
    assert ours == [], ours
    assert not tab.own_errors(), tab.errors
    # it added no side panel where there is no notebook to follow
    expect(page.locator("#jupyter-state-session")).to_have_count(0)
