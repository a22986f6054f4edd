"""Every demo notebook's app in JupyterLab next to the same app under ``streamlit run`` (issue 17).

For each notebook in ``notebooks/`` (the Chinese ones too): open it in a real JupyterLab,
run the cells above one representative ``%%app`` cell and that cell (so the app shows its
first run, the state ``streamlit run`` starts from), screenshot the app's output; write the
same app as a Streamlit script (the notebook's setup cell and the app cell, ``import
streamlit as st`` in place of ``import jupyter_state as st``, IPython magics dropped), run
it with ``streamlit run --server.headless true --server.address 127.0.0.1`` (Streamlit
1.67), screenshot it, and save both side by side as ``artifacts/screenshots/<notebook>-<n>.png``
(``n``: the app's 0-based position among the notebook's ``%%app`` cells), the script beside
it as ``<notebook>-<n>.py``: git ignores ``artifacts/``, CI keeps it as its artefacts.

What is asserted: both screenshots are pictures, not blank boxes; the Streamlit server
answered its health check and ran the script to the end without an exception; the
Streamlit app has as many visible widgets of each kind as the JupyterLab app (sliders,
buttons, inputs, ...) and shows every widget label and button text the JupyterLab app shows.

Budget (about 5 s per notebook): one JupyterLab page for every notebook, the next
notebook's kernel started while the current one runs; one Streamlit server, which serves
every script through ``st.navigation(position="hidden")`` in a host script, one URL path
per app, each page being the standalone script (a fresh page load is a fresh session, as
a new ``streamlit run`` gives). Both servers are stopped by their fixtures. One app per
notebook; :data:`NOT_FIRST` says why an app other than the first represents a notebook.
"""

from __future__ import annotations

import json
import re
import shutil
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest
from conftest import REPO, SCREENSHOTS
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, start_lab, start_streamlit, wait_kernel_idle

pytestmark = pytest.mark.browser

NOTEBOOKS = REPO / "notebooks"
T = 60_000
WIDTH, HEIGHT = 1280, 2200  # tall enough that every app fits: Lab scrolls inside its panel (pitfall 5)

#: apps that are not the notebook's first, and why (the first uses a notebook-only feature)
_SILENT = "app 0 only stores values in st.session_state and shows nothing, in Streamlit as here"
NOT_FIRST = {
    "tutorial/07_serializable_session_state.ipynb": (1, _SILENT),
    "zh/tutorial/07_serializable_session_state.ipynb": (1, _SILENT),
    "tutorial/08_caveats_and_limitations.ipynb": (
        1, "app 0 sets runner.raiseErrors, a jupyter_state option that Streamlit does not have"),
    "zh/tutorial/08_caveats_and_limitations.ipynb": (
        1, "app 0 sets runner.raiseErrors, a jupyter_state option that Streamlit does not have"),
}


@dataclass(frozen=True)
class NotebookApp:
    """One representative app of a demo notebook and its Streamlit script."""

    notebook: str  # relative to notebooks/
    n: int  # the app's position among the notebook's %%app cells
    cell: int  # the app cell's index among all cells (what Lab's DOM counts)
    script: str

    @property
    def name(self) -> str:
        return f"{self.notebook.removesuffix('.ipynb').replace('/', '-')}-{self.n}"

    @property
    def page(self) -> str:  # a URL path Streamlit accepts
        return re.sub(r"[^A-Za-z0-9_-]", "_", self.name)


def _as_streamlit(source: str) -> str:
    lines = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("%", "!"))]
    return "\n".join(lines).replace("import jupyter_state as st", "import streamlit as st")


def notebook_app(notebook: Path) -> NotebookApp:
    """The representative app of ``notebook`` and the script ``streamlit run`` gets for it."""
    rel = notebook.relative_to(NOTEBOOKS).as_posix()
    cells = nbformat.read(notebook, as_version=4).cells
    apps = [i for i, c in enumerate(cells) if c.cell_type == "code" and c.source.lstrip().startswith("%%app")]
    n = NOT_FIRST.get(rel, (0, ""))[0]
    cell = apps[n]
    code = [i for i, c in enumerate(cells) if c.cell_type == "code"]
    setup = [cells[code[0]].source] if code[0] < apps[0] else []  # the imports and data the apps use
    body = cells[cell].source.split("\n", 1)[1]  # without the %%app line
    script = "\n\n".join(["import streamlit as st", *map(_as_streamlit, setup), _as_streamlit(body)]) + "\n"
    return NotebookApp(rel, n, cell, script)


APPS = [notebook_app(p) for p in sorted(NOTEBOOKS.rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts]


def test_every_notebook_has_an_app_and_only_listed_reasons_skip_the_first() -> None:
    assert len(APPS) >= 20 and all(a.script.startswith("import streamlit as st\n") for a in APPS)
    assert not any("jupyter_state" in ln and "import" in ln for a in APPS for ln in a.script.splitlines())
    assert set(NOT_FIRST) <= {a.notebook for a in APPS}
    assert len({a.page for a in APPS}) == len(APPS)


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("lab-screens")
    shutil.copytree(NOTEBOOKS, tmp / "root", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    server = start_lab(tmp)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def streamlit(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("streamlit-screens")
    root = tmp / "root"
    (root / "apps").mkdir(parents=True)
    for app in APPS:
        (root / "apps" / f"{app.page}.py").write_text(app.script, encoding="utf-8")
    pages = ",\n    ".join(f"st.Page('apps/{a.page}.py', url_path={a.page!r})" for a in APPS)
    host = root / "host.py"
    host.write_text(f"import streamlit as st\n\nst.navigation([\n    st.Page(lambda: None, title='index', default=True),\n"
                    f"    {pages},\n], position='hidden').run()\n")
    server = start_streamlit(tmp, host)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def lab_tab(lab: Server, new_tab: Callable[..., Any]) -> Any:
    """One JupyterLab page for every notebook (each is opened in it, then closed)."""
    tab = new_tab(width=WIDTH, height=HEIGHT)
    _prestart(lab, APPS[0].notebook)
    tab.page.goto(lab.url("/lab", reset=None))
    tab.page.wait_for_function("() => !!(window.jupyterapp && window.jupyterapp.shell)", timeout=T)
    expect(tab.page.locator(".jp-DirListing-content")).to_be_visible(timeout=T)
    return tab


@pytest.fixture(scope="module")
def streamlit_tab(new_tab: Callable[..., Any]) -> Any:
    return new_tab(width=WIDTH, height=HEIGHT)


_OPEN_JS = "p => window.jupyterapp.commands.execute('docmanager:open', {path: p}).then(() => true)"
_OPENED_JS = """p => {
  const w = window.jupyterapp.shell.currentWidget;
  const k = w && w.context && w.context.path === p && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && k.connectionStatus === 'connected';
}"""
#: run the cells above the app, then the app: it shows as the notebook's first run leaves it,
#: the state a fresh ``streamlit run`` starts from (the cells after it may change that state)
_RUN_UP_TO_JS = """i => {
  const app = window.jupyterapp;
  app.shell.currentWidget.content.activeCellIndex = i;
  return app.commands.execute('notebook:run-all-above').then(() => app.commands.execute('notebook:run-cell')).then(() => true);
}"""
_RUNNING_JS = "() => ![...document.querySelectorAll('.jp-InputPrompt')].some(p => p.textContent.includes('*'))"

#: what a user reads as a widget's name: its label, or a button's text
_LAB_LABELS = (".jupyter-state-widget-label, .widget-label, .jupyter-state-button-primary, "
               ".jupyter-state-button-secondary, .jupyter-state-button-tertiary")


def _request(server: Server, method: str, path: str, body: Any = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{server.base}{path}", data=data, method=method,
                                 headers={"Authorization": f"token {server.token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read() or b"null")


def _prestart(server: Server, notebook: str) -> None:
    """Start the kernel of ``notebook``'s session now, while the previous notebook runs: Lab
    connects to a session that exists for the path it opens, as after a page reload."""
    _request(server, "POST", "/api/sessions", {"path": notebook, "name": Path(notebook).name, "type": "notebook",
                                              "kernel": {"name": "python3"}})


def _shut_down(server: Server, notebook: str) -> None:
    """Stop the kernel this notebook ran in (one per notebook would pile up)."""
    for session in _request(server, "GET", "/api/sessions"):
        if session["path"] == notebook:
            _request(server, "DELETE", f"/api/sessions/{session['id']}")


#: each widget's element under Streamlit (its data-testid) for the CSS class jupyter_state
#: gives the widget's root (``jupyter-state-<kind>``)
STREAMLIT_WIDGETS = {
    "button": "stButton", "form_submit_button": "stFormSubmitButton", "download_button": "stDownloadButton",
    "checkbox": "stCheckbox", "toggle": "stCheckbox", "radio": "stRadio", "selectbox": "stSelectbox",
    "multiselect": "stMultiSelect", "slider": "stSlider", "select_slider": "stSlider",
    "text_input": "stTextInput", "text_area": "stTextArea", "number_input": "stNumberInput",
    "date_input": "stDateInput", "time_input": "stTimeInput", "color_picker": "stColorPicker",
    "file_uploader": "stFileUploader", "chat_input": "stChatInput",
}


_OUTERMOST_JS = "(els, sel) => els.filter(e => e.checkVisibility() && !(e.parentElement && e.parentElement.closest(sel))).length"


def _widget_counts(root: Any, selectors: dict[str, str]) -> dict[str, int]:
    """How many visible widgets of each Streamlit kind ``root`` holds (``selectors``: the
    CSS selector of each kind); an element inside another of its kind counts once."""
    counts = {name: int(root.locator(sel).evaluate_all(_OUTERMOST_JS, sel)) for name, sel in selectors.items()}
    return {k: v for k, v in counts.items() if v}


#: the same kinds, found by jupyter_state's classes and by Streamlit's data-testid
LAB_WIDGETS = {name: ", ".join(f".jupyter-state-{k}" for k, n in STREAMLIT_WIDGETS.items() if n == name)
               for name in dict.fromkeys(STREAMLIT_WIDGETS.values())}
ST_WIDGETS = {name: f"[data-testid={name}]" for name in LAB_WIDGETS}


def _texts(locator: Any) -> list[str]:
    found = locator.evaluate_all("els => els.filter(e => e.offsetParent !== null).map(e => e.innerText)")
    return [t for t in (" ".join(str(x).split()) for x in found) if t]


def _lab_shot(page: Any, lab: Server, app: NotebookApp, path: Path, after: NotebookApp | None) -> tuple[list[str], dict[str, int]]:
    page.evaluate(_OPEN_JS, app.notebook)
    page.wait_for_function(_OPENED_JS, arg=app.notebook, timeout=T, polling=100)
    if after is not None:
        _prestart(lab, after.notebook)
    page.evaluate(_RUN_UP_TO_JS, app.cell)
    cell = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell").nth(app.cell)
    shown = cell.locator(".jupyter-state-app")
    expect(shown).to_be_visible(timeout=T)
    page.wait_for_function(_RUNNING_JS, timeout=T, polling=100)  # every cell queued has run
    wait_kernel_idle(page)
    page.wait_for_timeout(300)  # the last widget views settle
    labels = _texts(shown.locator(_LAB_LABELS))
    widgets = _widget_counts(shown, LAB_WIDGETS)
    shown.screenshot(path=str(path), animations="disabled")
    page.evaluate("() => window.jupyterapp.shell.currentWidget.dispose()")  # closed unsaved: the copy is a temporary one
    _shut_down(lab, app.notebook)
    return labels, widgets


#: images are fetched and charts drawn after the script's run ends
_MEDIA_DRAWN_JS = """() => {
  const main = document.querySelector('[data-testid=stAppViewContainer]');
  return !main.querySelector('[data-testid=stSkeleton]')
    && [...main.querySelectorAll('img')].every(i => i.complete && i.naturalWidth > 0)
    && [...main.querySelectorAll('[data-testid=stVegaLiteChart]')].every(c => c.querySelector('canvas, svg'));
}"""


def _streamlit_shot(page: Any, server: Server, app: NotebookApp, path: Path) -> tuple[str, dict[str, int]]:
    with urllib.request.urlopen(f"{server.base}/_stcore/health", timeout=10) as r:
        assert (r.status, r.read()) == (200, b"ok")
    page.goto(f"{server.base}/{app.page}")
    root = page.locator("[data-testid=stApp]")
    expect(root).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=T)
    main = page.locator("[data-testid=stMainBlockContainer]")
    expect(main.locator("[data-testid=stElementContainer]").first).to_be_visible(timeout=T)
    expect(root).to_have_attribute("data-test-script-state", "notRunning", timeout=T)
    page.wait_for_function(_MEDIA_DRAWN_JS, timeout=T, polling=100)
    if "st.navigation(" in app.script:
        # A multipage app's own st.navigation replaces the host's pages, so Streamlit says the
        # host's URL path is not one of them and shows the app's default page under a
        # "Page not found" dialog: that default page is what JupyterLab shows too.
        dialog = page.get_by_role("dialog")
        if dialog.count():
            page.keyboard.press("Escape")
            expect(dialog).to_have_count(0, timeout=T)
    page.wait_for_timeout(300)  # fonts and the last elements settle
    expect(page.locator("[data-testid=stException]")).to_have_count(0)
    boxes = [main.locator("[data-testid=stVerticalBlock]").first.bounding_box()]
    sidebar = page.locator("[data-testid=stSidebar][aria-expanded=true]")
    if sidebar.count():
        boxes.append(sidebar.bounding_box())
    margin = 8
    left, top = min(b["x"] for b in boxes if b) - margin, max(0, min(b["y"] for b in boxes if b) - margin)
    right = max(b["x"] + b["width"] for b in boxes if b) + margin
    bottom = max(b["y"] + b["height"] for b in boxes if b) + margin
    page.screenshot(path=str(path), clip={"x": left, "y": top, "width": right - left, "height": min(bottom, HEIGHT) - top},
                    animations="disabled")
    bottom_block = page.locator("[data-testid=stBottomBlockContainer]")  # st.chat_input, pinned to the window's foot
    if bottom_block.count() and bottom_block.is_visible():
        foot = path.with_suffix(".foot.png")
        bottom_block.screenshot(path=str(foot), animations="disabled")
        _stack(path, foot)
    view = page.locator("[data-testid=stAppViewContainer]")
    widgets = _widget_counts(view, ST_WIDGETS)
    return str(view.inner_text()), widgets


def _stack(path: Path, foot: Path) -> None:
    from PIL import Image

    top, bottom = Image.open(path).convert("RGB"), Image.open(foot).convert("RGB")
    out = Image.new("RGB", (max(top.width, bottom.width), top.height + bottom.height), "white")
    out.paste(top, (0, 0))
    out.paste(bottom, (0, top.height))
    out.save(path)


def _not_blank(path: Path) -> Any:
    from PIL import Image, ImageStat

    image = Image.open(path).convert("RGB")
    grey = image.convert("L")
    low, high = grey.getextrema()
    assert image.width >= 200 and image.height >= 40, (path, image.size)
    assert high - low >= 100 and ImageStat.Stat(grey).stddev[0] >= 6, (path, low, high)  # text on a background
    background = int(grey.getpixel((1, 1)))  # type: ignore[arg-type]
    ink = grey.point(lambda v: 255 if abs(v - background) > 40 else 0).histogram()[255]  # pixels that are not background
    assert ink >= 0.003 * image.width * image.height, (path, ink)
    return image


def _side_by_side(left: Any, right: Any, path: Path) -> None:
    from PIL import Image, ImageDraw

    gap, head = 24, 28
    out = Image.new("RGB", (left.width + gap + right.width, head + max(left.height, right.height)), "white")
    out.paste(left, (0, head))
    out.paste(right, (left.width + gap, head))
    draw = ImageDraw.Draw(out)
    draw.text((4, 8), "jupyter_state in JupyterLab", fill="black")
    draw.text((left.width + gap + 4, 8), "streamlit run (Streamlit 1.67)", fill="black")
    draw.line([(left.width + gap // 2, 0), (left.width + gap // 2, out.height)], fill=(200, 200, 200), width=1)
    out.save(path)


@pytest.mark.parametrize("app", APPS, ids=[a.name for a in APPS])
def test_notebook_app_next_to_streamlit(app: NotebookApp, lab: Server, streamlit: Server, lab_tab: Any,
                                        streamlit_tab: Any, tmp_path: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / f"{app.name}.py").write_text(app.script, encoding="utf-8")
    ours, theirs = tmp_path / "lab.png", tmp_path / "streamlit.png"
    t0 = time.perf_counter()
    after = APPS[APPS.index(app) + 1] if app is not APPS[-1] else None
    labels, widgets = _lab_shot(lab_tab.page, lab, app, ours, after)
    t1 = time.perf_counter()
    text, their_widgets = _streamlit_shot(streamlit_tab.page, streamlit, app, theirs)
    text = " ".join(text.split())
    t2 = time.perf_counter()
    assert widgets == their_widgets, f"{app.notebook}: widgets in JupyterLab {widgets}, under Streamlit {their_widgets}"
    missing = [label for label in labels if label not in text]
    assert not missing, f"{app.notebook}: shown in JupyterLab but not by Streamlit: {missing}\n{text[:2000]}"
    _side_by_side(_not_blank(ours), _not_blank(theirs), SCREENSHOTS / f"{app.name}.png")
    assert not lab_tab.own_errors(), lab_tab.errors
    print(json.dumps({"app": app.name, "labels": len(labels), "widgets": widgets, "lab_s": round(t1 - t0, 1), "streamlit_s": round(t2 - t1, 1)}))
