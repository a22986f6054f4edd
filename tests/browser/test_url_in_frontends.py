"""The page URL as the app's state: ``bind="query-params"`` and ``st.query_params`` in a browser.

Voilà: a link with ``?x=3`` starts the bound slider at 3, moving it rewrites the URL in
place (no reload, no new history entry), and a reload (a new kernel) starts from that URL.
JupyterLab and Notebook 7: the app reads the page's query string too, and writes it back.
A multipage app's page is in the URL (``?st_page=``), and the dashboard notebook's link
reproduces its submitted filters in another session.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import (
    Server,
    line,
    run_all_cells,
    start_lab,
    start_notebook,
    start_voila,
    tag,
    tagged,
    wait_kernel_idle,
    write_notebook,
)

pytestmark = pytest.mark.browser

T = 20_000

CELLS = [
    "import jupyter_state as st",
    """%%app
x = st.slider("X", 0, 10, 1, key="x", bind="query-params")
fruit = st.selectbox("Fruit", ["apple", "banana", "cherry"], key="fruit", bind="query-params")
st.write(f"x is {x}, fruit is {fruit}")
st.write("params:", ", ".join(f"{k}={v}" for k, v in sorted(st.query_params.to_dict().items())))
""",
]


def _query(url: str) -> dict[str, list[str]]:
    query = parse_qs(urlparse(url).query, keep_blank_values=True)
    query.pop("token", None)
    return query


@pytest.fixture(scope="module")
def voila_url_app(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("voila_url")
    server = start_voila(tmp, write_notebook(tmp / "root" / "url.ipynb", CELLS))
    try:
        yield server
    finally:
        server.stop()


def _move_slider(page: Any, app: Any, key: str, value: int, low: int = 0, high: int = 10) -> None:
    """Click the slider's track where ``value`` is (the nearest thumb moves there, one run)."""
    track = app.locator(f".jupyter-state-key-{key} .jupyter-state-slider-track").bounding_box()
    assert track is not None
    x = track["x"] + track["width"] * (value - low) / (high - low)
    page.mouse.click(x, track["y"] + track["height"] / 2)


def test_voila_link_starts_the_bound_slider_and_moving_it_rewrites_the_url(
        voila_url_app: Server, new_tab: Callable[..., Any]) -> None:
    tab = new_tab(width=1000, height=800)
    page = tab.page
    page.goto(voila_url_app.url("/", x="3", other="kept"))
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(line(app, "x is 3, fruit is apple")).to_be_visible(timeout=T)
    expect(line(app, "params: other=kept, x=3")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-key-x .jupyter-state-slider-value")).to_have_text("3")
    tag(app, "app")
    history = page.evaluate("history.length")

    _move_slider(page, app, "x", 7)
    expect(line(app, "x is 7, fruit is apple")).to_be_visible(timeout=T)
    page.wait_for_function("() => new URLSearchParams(location.search).get('x') === '7'", timeout=T)
    assert _query(page.url) == {"x": ["7"], "other": ["kept"]}
    assert page.evaluate("history.length") == history  # replaced, not pushed
    assert tagged(app, "app")  # no reload

    # An option by its label; the default removes its parameter.
    app.locator(".jupyter-state-key-fruit select").select_option(label="cherry")
    page.wait_for_function("() => new URLSearchParams(location.search).get('fruit') === 'cherry'", timeout=T)
    _move_slider(page, app, "x", 1)
    expect(line(app, "x is 1, fruit is cherry")).to_be_visible(timeout=T)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('x')", timeout=T)
    assert _query(page.url) == {"other": ["kept"], "fruit": ["cherry"]}
    _move_slider(page, app, "x", 4)
    page.wait_for_function("() => new URLSearchParams(location.search).get('x') === '4'", timeout=T)

    # A reload is a new kernel, a new session: it starts from the URL.
    page.reload()
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(line(app, "x is 4, fruit is cherry")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-key-x .jupyter-state-slider-value")).to_have_text("4")
    assert _query(page.url) == {"other": ["kept"], "fruit": ["cherry"], "x": ["4"]}
    assert not tab.own_errors(), tab.errors


def test_voila_an_invalid_value_is_ignored_and_removed(voila_url_app: Server, new_tab: Callable[..., Any]) -> None:
    tab = new_tab(width=1000, height=800)
    page = tab.page
    page.goto(voila_url_app.url("/", x="eleven", fruit="durian"))
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(line(app, "x is 1, fruit is apple")).to_be_visible(timeout=T)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('x') && !new URLSearchParams(location.search).has('fruit')", timeout=T)
    assert _query(page.url) == {}
    assert not tab.own_errors(), tab.errors


@pytest.fixture(scope="module")
def lab_url_app(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[tuple[Server, Path]]:
    tmp = tmp_path_factory.mktemp("lab_url")
    path = write_notebook(tmp / "root" / "url.ipynb", CELLS)
    server = start_lab(tmp, [path])
    try:
        yield server, path
    finally:
        server.stop()


def test_lab_reads_and_writes_the_query_string(lab_url_app: tuple[Server, Path], new_tab: Callable[..., Any]) -> None:
    server, path = lab_url_app
    tab = new_tab(width=1200, height=900)
    page = tab.page
    page.goto(server.url(f"/lab/tree/{path.name}", reset=None, x="6", fruit="banana"))
    wait_kernel_idle(page)
    # JupyterLab's router has dropped the query string from the location (the page's
    # navigation entry keeps it, and the app's URL view reads it there)
    assert urlparse(page.url).query == ""
    run_all_cells(page)
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    # The first run had no URL; the view reported it when shown and the app ran again.
    expect(line(app, "x is 6, fruit is banana")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-key-x .jupyter-state-slider-value")).to_have_text("6")
    _move_slider(page, app, "x", 9)
    expect(line(app, "x is 9, fruit is banana")).to_be_visible(timeout=T)
    page.wait_for_function("() => new URLSearchParams(location.search).get('x') === '9'", timeout=T)
    # the app wrote its URL back, without Lab's own parameters (the token, reset)
    assert parse_qs(urlparse(page.url).query, keep_blank_values=True) == {"x": ["9"], "fruit": ["banana"]}
    assert urlparse(page.url).path.endswith("url.ipynb")  # Lab's own route is kept
    assert not tab.own_errors(), tab.errors


DASHBOARD = Path(__file__).parents[2] / "notebooks" / "dashboard.ipynb"


@pytest.fixture(scope="module")
def voila_dashboard(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    server = start_voila(tmp_path_factory.mktemp("url_dashboard"), DASHBOARD)
    try:
        yield server
    finally:
        server.stop()


def test_voila_dashboard_link_reproduces_the_submitted_filters(voila_dashboard: Server, new_tab: Callable[..., Any]) -> None:
    tab = new_tab(width=1100, height=1400)
    page = tab.page
    page.goto(voila_dashboard.url("/"))
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    chart_title = app.locator("svg text").first
    expect(chart_title).to_have_text("Revenue by product", timeout=T)
    assert _query(page.url) == {}  # every filter at its default: nothing in the URL
    form = app.locator(".jupyter-state-form")
    form.locator(".jupyter-state-key-group_by").get_by_text("region", exact=True).click()
    form.locator(".jupyter-state-key-measure").get_by_text("units", exact=True).click()
    page.wait_for_timeout(300)
    assert _query(page.url) == {}  # form members reach the URL on submit, with the state
    form.get_by_role("button", name="Apply filters").click()
    expect(chart_title).to_have_text("Units by region", timeout=T)
    page.wait_for_function("() => new URLSearchParams(location.search).get('measure') === 'units'", timeout=T)
    assert _query(page.url) == {"group_by": ["region"], "measure": ["units"]}

    # The link, opened by someone else: a kernel of their own, the same dashboard.
    other = new_tab(width=1100, height=1400)
    other.page.goto(page.url)
    other_app = other.page.locator(".jupyter-state-app")
    expect(other_app).to_have_count(1, timeout=60_000)
    expect(other_app.locator("svg text").first).to_have_text("Units by region", timeout=T)
    expect(other_app.get_by_text("Filters applied 0 times", exact=False)).to_be_visible(timeout=T)

    # Reset clears the state: the filters go back to their defaults and leave the URL.
    app.get_by_role("button", name="Reset dashboard").click()
    expect(chart_title).to_have_text("Revenue by product", timeout=T)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('measure')", timeout=T)
    assert _query(page.url) == {}
    assert not tab.own_errors() and not other.own_errors(), (tab.errors, other.errors)


PAGES = [
    "import jupyter_state as st",
    """%%app
def home():
    st.title("Home page")

def report():
    st.title("Report page")
    st.slider("Level", 0, 10, 2, key="level", bind="query-params")

pg = st.navigation([st.Page(home), st.Page(report)])
pg.run()
""",
]


@pytest.fixture(scope="module")
def voila_pages(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("voila_pages")
    server = start_voila(tmp, write_notebook(tmp / "root" / "pages.ipynb", PAGES))
    try:
        yield server
    finally:
        server.stop()


def test_voila_the_page_is_in_the_url(voila_pages: Server, new_tab: Callable[..., Any]) -> None:
    tab = new_tab(width=1100, height=800)
    page = tab.page
    page.goto(voila_pages.url("/", st_page="report", level="6"))
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(app.get_by_role("heading", name="Report page")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-key-level .jupyter-state-slider-value")).to_have_text("6")

    # Leaving the page: its parameter and its widget's leave the URL. Coming back, the bound
    # slider has the value it kept (a bound widget keeps its key while hidden, as Streamlit's
    # does: SPEC item 48), and the URL has it again.
    app.get_by_role("button", name="home").click()
    expect(app.get_by_role("heading", name="Home page")).to_be_visible(timeout=T)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('st_page')", timeout=T)
    assert _query(page.url) == {}
    app.get_by_role("button", name="report").click()
    expect(app.get_by_role("heading", name="Report page")).to_be_visible(timeout=T)
    page.wait_for_function("() => new URLSearchParams(location.search).get('st_page') === 'report'", timeout=T)
    expect(app.locator(".jupyter-state-key-level .jupyter-state-slider-value")).to_have_text("6")
    page.wait_for_function("() => new URLSearchParams(location.search).get('level') === '6'", timeout=T)
    assert _query(page.url) == {"st_page": ["report"], "level": ["6"]}
    _move_slider(page, app, "level", 9)
    page.wait_for_function("() => new URLSearchParams(location.search).get('level') === '9'", timeout=T)

    page.reload()  # a new session, on the page and with the level of the URL
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(app.get_by_role("heading", name="Report page")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-key-level .jupyter-state-slider-value")).to_have_text("9")
    assert not tab.own_errors(), tab.errors


def test_notebook7_reads_and_writes_the_query_string(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str,
                                                      new_tab: Callable[..., Any]) -> None:
    tmp = tmp_path_factory.mktemp("nb7_url")
    path = write_notebook(tmp / "root" / "url.ipynb", CELLS)
    server = start_notebook(tmp, [path])
    try:
        tab = new_tab(width=1200, height=900)
        page = tab.page
        page.goto(server.url(f"/notebooks/{path.name}", x="2", fruit="cherry"))
        wait_kernel_idle(page)
        run_all_cells(page)
        app = page.locator(".jupyter-state-app")
        expect(app).to_have_count(1, timeout=60_000)
        expect(line(app, "x is 2, fruit is cherry")).to_be_visible(timeout=T)
        app.locator(".jupyter-state-key-fruit select").select_option(label="banana")
        expect(line(app, "x is 2, fruit is banana")).to_be_visible(timeout=T)
        page.wait_for_function("() => new URLSearchParams(location.search).get('fruit') === 'banana'", timeout=T)
        assert _query(page.url) == {"x": ["2"], "fruit": ["banana"]}
        assert not tab.own_errors(), tab.errors
    finally:
        server.stop()


BOUND_CONTAINERS = [
    "import jupyter_state as st",
    """%%app
chart, data = st.tabs(["Chart", "Data"], key="view", bind="query-params")
more = st.expander("More", key="more", bind="query-params")
more.write("the details")
st.write(f"view is {st.session_state.view}, more is {'open' if more.open else 'closed'}")
""",
]


@pytest.fixture(scope="module")
def voila_bound_containers(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("voila_containers")
    server = start_voila(tmp, write_notebook(tmp / "root" / "containers.ipynb", BOUND_CONTAINERS))
    try:
        yield server
    finally:
        server.stop()


def test_voila_a_bound_tab_and_expander_are_in_the_url(voila_bound_containers: Server,
                                                       new_tab: Callable[..., Any]) -> None:
    tab = new_tab(width=1000, height=800)
    page = tab.page
    page.goto(voila_bound_containers.url("/", view="Data"))
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(line(app, "view is Data, more is closed")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-tabs .lm-TabBar-tab.lm-mod-current")).to_have_text("Data")
    tag(app, "app")

    app.locator(".jupyter-state-tabs .lm-TabBar-tab", has_text="Chart").click()  # the default: no parameter
    expect(line(app, "view is Chart, more is closed")).to_be_visible(timeout=T)
    page.wait_for_function("() => !new URLSearchParams(location.search).has('view')", timeout=T)
    app.locator(".jupyter-state-expander .jupyter-widget-Collapse-header").click()
    expect(line(app, "view is Chart, more is open")).to_be_visible(timeout=T)
    page.wait_for_function("() => new URLSearchParams(location.search).get('more') === 'true'", timeout=T)
    app.locator(".jupyter-state-tabs .lm-TabBar-tab", has_text="Data").click()
    page.wait_for_function("() => new URLSearchParams(location.search).get('view') === 'Data'", timeout=T)
    assert _query(page.url) == {"more": ["true"], "view": ["Data"]}
    assert tagged(app, "app")

    page.reload()  # a new kernel: the same tab open, the expander open
    app = page.locator(".jupyter-state-app")
    expect(app).to_have_count(1, timeout=60_000)
    expect(line(app, "view is Data, more is open")).to_be_visible(timeout=T)
    expect(app.locator(".jupyter-state-tabs .lm-TabBar-tab.lm-mod-current")).to_have_text("Data")
    expect(app.get_by_text("the details")).to_be_visible()
    assert not tab.own_errors(), tab.errors
