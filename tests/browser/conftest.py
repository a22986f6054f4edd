"""Browser tests: a real JupyterLab / Notebook 7 / Voilà, a real kernel, headless Chromium.

One browser for the whole session; one server per test module (started and stopped by the
module's fixture), usually one page per module. Every browser context aborts requests that
leave this machine. Screenshots of the apps go to ``artifacts/screenshots/``.

Without Chromium (or Playwright) the tests skip locally, and fail when ``CI=true``.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import app_notebooks
import pytest

from testsupport.jupyter_servers import (
    KernelSide,
    Server,
    find_chromium,
    in_ci,
    launch_chromium,
    loopback_only,
    start_lab,
    start_notebook,
    start_voila,
)

try:
    import playwright.sync_api  # noqa: F401
except ImportError:
    if in_ci():
        raise  # CI must run the browser tests: without Playwright the run fails here
    collect_ignore_glob = ["test_*.py"]
    warnings.warn("browser tests not collected: the playwright package is missing (pip install -e '.[test]')", stacklevel=1)

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("JUPYTER_STATE_SCREENSHOTS", REPO / "artifacts" / "screenshots"))

#: Page errors that are not ours: Notebook 7.6's keyboard-shortcuts settings handler throws
#: this on a fresh page (with no jupyter_state code run at all).
FOREIGN_PAGE_ERRORS = ("Cannot read properties of undefined (reading 'schema')",)


def _unavailable(reason: str) -> None:
    if in_ci():
        pytest.fail(f"CI=true and {reason}: the browser tests must run in CI (install Debian's chromium).", pytrace=False)
    pytest.skip(f"{reason}; install Debian's chromium (apt-get install chromium) to run the browser tests")


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    path = find_chromium()
    if path is None:
        _unavailable("no chromium found (looked at $JUPYTER_STATE_CHROMIUM, /usr/bin/chromium, PATH)")
    assert path is not None
    return path


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Any]:
    """One headless Chromium for every browser test."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p, chromium_executable)
        yield b
        b.close()


class Tab:
    """A browser context with one page, its page errors and the requests it blocked."""

    def __init__(self, browser: Any, width: int = 1280, height: int = 1600) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": height})
        self.blocked = loopback_only(self.context)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def own_errors(self) -> list[str]:
        return [e for e in self.errors if not any(f in e for f in FOREIGN_PAGE_ERRORS)]

    def close(self) -> None:
        self.context.close()


@pytest.fixture(scope="module")
def new_tab(browser: Any) -> Iterator[Callable[..., Tab]]:
    """Make browser contexts (each with one page) that close with the module."""
    tabs: list[Tab] = []

    def make(**kwargs: Any) -> Tab:
        tab = Tab(browser, **kwargs)
        tabs.append(tab)
        return tab

    yield make
    for tab in tabs:
        tab.close()


def _serve(tmp_path_factory: pytest.TempPathFactory, name: str, start: Callable[..., Server], cells: list[str],
           notebook: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp(name)
    path = app_notebooks.write(tmp / "root" / notebook, cells)
    server = start(tmp, path) if start is start_voila else start(tmp, [path])
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    """JupyterLab serving ``apps.ipynb`` (every test app in one notebook)."""
    yield from _serve(tmp_path_factory, "lab", start_lab, app_notebooks.LAB_CELLS, "apps.ipynb")


@pytest.fixture(scope="module")
def notebook7(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    """Notebook 7 serving ``counter.ipynb``."""
    yield from _serve(tmp_path_factory, "notebook7", start_notebook, app_notebooks.COUNTER_CELLS, "counter.ipynb")


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    """Voilà serving ``counter.ipynb``: every page load is a kernel, a session of its own."""
    yield from _serve(tmp_path_factory, "voila", start_voila, app_notebooks.COUNTER_CELLS, "counter.ipynb")


@pytest.fixture(scope="module")
def kernel_side() -> Iterator[Callable[[Server, str | Path], KernelSide]]:
    """Attach side-channel clients to kernels; they are closed with the module."""
    clients: list[KernelSide] = []

    def attach(server: Server, kernel: str | Path) -> KernelSide:
        client = KernelSide(server, kernel)
        clients.append(client)
        return client

    yield attach
    for client in clients:
        client.close()


@pytest.fixture(scope="session")
def screenshot() -> Callable[[Any, str], Path]:
    """``screenshot(locator, name)``: save a picture of ``locator`` as a test artifact."""

    def take(locator: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        locator.screenshot(path=str(path), animations="disabled")
        assert path.stat().st_size > 1000
        return path

    return take
