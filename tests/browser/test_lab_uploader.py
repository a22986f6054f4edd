"""st.file_uploader in a real JupyterLab, as Streamlit 1.67 shows it and as a user drives it.

The drop zone (``static/file_uploader.js``): the label above it, an "Upload" button and the
hint ("200MB per file • CSV, TXT"); files chosen through the file input
(Playwright's ``set_input_files``, what the chooser the button opens hands over) or dropped
on the zone (a synthetic ``DataTransfer`` drop); chips with a remove button that takes the
file out of session state and reruns; ``label_visibility`` and ``disabled``.

One server, one page and one side-channel kernel client for the module; the tests run in
order and each reads the state the one before left.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Locator, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from testsupport.jupyter_servers import KernelSide, line, tag, tagged

pytestmark = pytest.mark.browser

NOTEBOOK = "uploader.ipynb"
T = 15_000  # ms: generous for a busy 2-core machine

SETUP = """\
import jupyter_state as st
_runs = {}
_changes = []
"""

APP = """\
%%app
_runs["app"] = _runs.get("app", 0) + 1

def changed():
    _changes.append([f.name for f in st.session_state.many])

many = st.file_uploader("Many files", type=["csv", "txt"], accept_multiple_files=True, key="many", on_change=changed)
st.write("Files: " + (", ".join(f"{f.name}={f.getvalue().decode()}" for f in many) or "none"))
one = st.file_uploader("One file", key="one", help="Any file will do")
st.write("One: " + ("none" if one is None else f"{one.name}={one.getvalue().decode() if one.size < 100 else one.size}"))
st.file_uploader("Switched off", key="off", disabled=True)
st.file_uploader("Hidden label", key="hidden", label_visibility="hidden")
st.file_uploader("Collapsed label", key="small", label_visibility="collapsed", max_upload_size=1)
folder = st.file_uploader("A folder", type="csv", accept_multiple_files="directory", key="folder")
st.write("Folder: " + (", ".join(sorted(f.name for f in folder)) or "empty"))
left, _, _ = st.columns(3)
left.file_uploader("Narrow", key="narrow")
"""

lab, tab, page, kernel = lab_notebook(
    NOTEBOOK, [SETUP, APP], ready=lambda page: expect(page.locator(".jupyter-state-key-small .jupyter-state-uploader-hint")).to_be_visible(timeout=T))


# -- helpers ------------------------------------------------------------------------------------
def uploader(page: Page, key: str) -> Locator:
    return page.locator(f".jupyter-state-file_uploader.jupyter-state-key-{key}")


def runs(kernel: KernelSide) -> int:
    return int(kernel.eval("_runs['app']"))


def names(node: Locator) -> list[str]:
    return node.locator(".jupyter-state-uploader-file-name").all_inner_texts()


DRAG = """(zone, [type, files]) => {
  const data = new DataTransfer();
  for (const [name, text, mime] of files) data.items.add(new File([text], name, { type: mime }));
  const event = new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true });
  zone.dispatchEvent(event);
  return event.defaultPrevented;
}"""


def drag(zone: Locator, kind: str, *files: tuple[str, str, str]) -> bool:
    """Dispatch a synthetic drag event carrying ``files`` (name, text, MIME) on ``zone``."""
    return bool(zone.evaluate(DRAG, [kind, [list(f) for f in files]]))


# -- tests --------------------------------------------------------------------------------------
def test_the_drop_zone_looks_as_in_streamlit(page: Page, screenshot: Callable[..., Any]) -> None:
    many = uploader(page, "many")
    label = many.locator(".jupyter-state-uploader-label")
    zone = many.locator(".jupyter-state-uploader-dropzone")
    expect(label).to_have_text("Many files")
    expect(zone.locator(".jupyter-state-uploader-button")).to_have_text("Upload")
    expect(zone.locator(".jupyter-state-uploader-hint")).to_have_text("200MB per file • CSV, TXT")
    expect(zone).to_have_attribute("aria-label", "Many files")
    label_box, zone_box = label.bounding_box(), zone.bounding_box()
    assert label_box and zone_box and label_box["y"] + label_box["height"] <= zone_box["y"] + 1  # the label is above
    assert zone_box["width"] > 400 and 60 <= zone_box["height"] <= 90  # a wide, 68px-high zone
    expect(many.locator("input[type=file]")).to_have_attribute("accept", ".csv,.txt")
    assert many.locator("input[type=file]").evaluate("i => i.multiple") is True

    one = uploader(page, "one")
    expect(one.locator(".jupyter-state-uploader-hint")).to_have_text("200MB per file")  # any type
    expect(one.locator(".jupyter-state-uploader-label")).to_have_attribute("title", "Any file will do")
    assert one.locator("input[type=file]").evaluate("i => i.multiple") is False

    off = uploader(page, "off")
    expect(off.locator(".jupyter-state-uploader-button")).to_be_disabled()
    expect(off.locator("input[type=file]")).to_be_disabled()
    expect(off.locator(".jupyter-state-uploader-dropzone")).to_have_attribute("aria-disabled", "true")

    # "hidden" keeps the label's space, "collapsed" gives it up; the hint says the option's limit
    hidden_label = uploader(page, "hidden").locator(".jupyter-state-uploader-label")
    expect(hidden_label).to_be_hidden()
    hidden_box = hidden_label.bounding_box()
    assert hidden_box is not None and hidden_box["height"] > 10
    small = uploader(page, "small")
    expect(small.locator(".jupyter-state-uploader-label")).to_be_hidden()
    assert small.locator(".jupyter-state-uploader-label").bounding_box() is None
    expect(small.locator(".jupyter-state-uploader-hint")).to_have_text("1MB per file")
    small_box, zone_of_small = small.bounding_box(), small.locator(".jupyter-state-uploader-dropzone").bounding_box()
    assert small_box and zone_of_small and abs(small_box["y"] - zone_of_small["y"]) < 1
    screenshot(page.locator(".jupyter-state-app"), "lab_uploader_empty")


def test_browse_adds_files_to_a_multiple_uploader(page: Page, kernel: KernelSide, tmp_path: Path, screenshot: Callable[..., Any]) -> None:
    app, many = page.locator(".jupyter-state-app"), uploader(page, "many")
    tag(many, "many")
    before = runs(kernel)
    (tmp_path / "a.csv").write_text("x,y")
    (tmp_path / "b.txt").write_text("bee")
    many.locator("input[type=file]").set_input_files([tmp_path / "a.csv", tmp_path / "b.txt"])
    expect(line(app, "Files: a.csv=x,y, b.txt=bee")).to_be_visible(timeout=T)
    assert runs(kernel) == before + 1
    assert kernel.eval("[(f.name, f.type, f.size) for f in st.session_state.many]") == [("a.csv", "text/csv", 3), ("b.txt", "text/plain", 3)]
    assert names(many) == ["a.csv", "b.txt"]
    expect(many.locator(".jupyter-state-uploader-file-size")).to_have_text(["3.0B", "3.0B"])
    expect(many.locator(".jupyter-state-uploader-button")).to_have_count(0)  # the chips replace it
    expect(many.locator('button[aria-label="Add files"]')).to_be_visible()
    ids = kernel.eval("[f.file_id for f in st.session_state.many]")

    # a second choice adds to the list; the files already there keep their identity
    (tmp_path / "c.csv").write_text("see")
    many.locator("input[type=file]").set_input_files(tmp_path / "c.csv")
    expect(line(app, "Files: a.csv=x,y, b.txt=bee, c.csv=see")).to_be_visible(timeout=T)
    assert kernel.eval("[f.file_id for f in st.session_state.many][:2]") == ids
    assert kernel.eval("_changes") == [["a.csv", "b.txt"], ["a.csv", "b.txt", "c.csv"]]
    assert names(many) == ["a.csv", "b.txt", "c.csv"]
    assert tagged(many, "many")  # the same view, updated in place
    screenshot(many, "lab_uploader_files")


def test_a_dropped_file_is_uploaded(page: Page, kernel: KernelSide) -> None:
    app, many = page.locator(".jupyter-state-app"), uploader(page, "many")
    zone = many.locator(".jupyter-state-uploader-dropzone")
    overlay = zone.locator(".jupyter-state-uploader-overlay")
    before = runs(kernel)
    expect(overlay).to_be_hidden()
    assert drag(zone, "dragenter", ("d.txt", "dropped", "text/plain"))  # taken: JupyterLab must not open it
    expect(overlay).to_have_text("Drag and drop files here")
    expect(overlay).to_be_visible()
    assert drag(zone, "dragover", ("d.txt", "dropped", "text/plain"))
    assert drag(zone, "drop", ("d.txt", "dropped", "text/plain"))
    expect(overlay).to_be_hidden()
    expect(line(app, "Files: a.csv=x,y, b.txt=bee, c.csv=see, d.txt=dropped")).to_be_visible(timeout=T)
    assert runs(kernel) == before + 1
    assert kernel.eval("st.session_state.many[-1].name") == "d.txt"

    # a drag that leaves again uploads nothing
    drag(zone, "dragenter", ("e.txt", "e", "text/plain"))
    expect(overlay).to_be_visible()
    drag(zone, "dragleave", ("e.txt", "e", "text/plain"))
    expect(overlay).to_be_hidden()

    # a drop on a disabled uploader does nothing
    off_zone = uploader(page, "off").locator(".jupyter-state-uploader-dropzone")
    drag(off_zone, "dragenter", ("f.txt", "f", "text/plain"))
    expect(off_zone.locator(".jupyter-state-uploader-overlay")).to_be_hidden()
    drag(off_zone, "drop", ("f.txt", "f", "text/plain"))
    page.wait_for_timeout(300)
    expect(uploader(page, "off").locator(".jupyter-state-uploader-chip")).to_have_count(0)
    assert kernel.eval("st.session_state.off") is None and runs(kernel) == before + 1


def test_the_remove_button_takes_a_file_out_and_reruns(page: Page, kernel: KernelSide) -> None:
    app, many = page.locator(".jupyter-state-app"), uploader(page, "many")
    before = runs(kernel)
    choosers: list[Any] = []

    def opened(chooser: Any) -> None:
        choosers.append(chooser)

    page.on("filechooser", opened)
    try:
        remove = many.locator('button[aria-label="Remove b.txt"]')
        expect(remove).to_have_count(1)
        remove.click()
        expect(line(app, "Files: a.csv=x,y, c.csv=see, d.txt=dropped")).to_be_visible(timeout=T)
        assert runs(kernel) == before + 1
        assert kernel.eval("[f.name for f in st.session_state.many]") == ["a.csv", "c.csv", "d.txt"]
        assert kernel.eval("_changes[-1]") == ["a.csv", "c.csv", "d.txt"]  # on_change ran for the removal
        assert names(many) == ["a.csv", "c.csv", "d.txt"]
        for name in ("a.csv", "c.csv", "d.txt"):
            many.locator(f'button[aria-label="Remove {name}"]').click()
        expect(line(app, "Files: none")).to_be_visible(timeout=T)
        kernel.wait_for("st.session_state.many", [])
        # empty again: the Upload button and the hint are back
        expect(many.locator(".jupyter-state-uploader-hint")).to_have_text("200MB per file • CSV, TXT")
        page.wait_for_timeout(200)
        assert choosers == []  # a remove is not a click on the zone
    finally:
        page.remove_listener("filechooser", opened)


def test_a_single_file_uploader_replaces_its_file(page: Page, kernel: KernelSide, tmp_path: Path) -> None:
    app, one = page.locator(".jupyter-state-app"), uploader(page, "one")
    (tmp_path / "first.txt").write_text("1st")
    (tmp_path / "second.bin").write_bytes(b"2nd")
    with page.expect_file_chooser(timeout=T) as chooser:
        one.locator(".jupyter-state-uploader-button").click()  # the button opens the chooser
    chooser.value.set_files(tmp_path / "first.txt")
    expect(line(app, "One: first.txt=1st")).to_be_visible(timeout=T)
    # the keyboard too: Enter on the focused "+" (Add files) button opens the chooser. The
    # kernel's answer to the first upload may redraw the chips just as the key goes down (the
    # focus then moves to the new "+"), so the key is pressed again, at most three times.
    add = one.locator(".jupyter-state-uploader-add")
    for attempt in range(3):
        add.focus()
        expect(add).to_be_focused()
        try:
            with page.expect_file_chooser(timeout=5_000) as chooser:
                page.keyboard.press("Enter")
            break
        except PlaywrightTimeoutError:
            if attempt == 2:
                raise
    chooser.value.set_files(tmp_path / "second.bin")
    expect(line(app, "One: second.bin=2nd")).to_be_visible(timeout=T)
    assert kernel.eval("(st.session_state.one.name, st.session_state.one.type)") == ("second.bin", "application/octet-stream")
    assert names(one) == ["second.bin"]
    before = runs(kernel)
    one.locator('button[aria-label="Remove second.bin"]').click()
    expect(line(app, "One: none")).to_be_visible(timeout=T)
    assert kernel.eval("st.session_state.one") is None and runs(kernel) == before + 1


def test_a_file_over_the_limit_is_refused_in_the_browser(page: Page, kernel: KernelSide, screenshot: Callable[..., Any]) -> None:
    small = uploader(page, "small")
    before = runs(kernel)
    big = {"name": "big.csv", "mimeType": "text/csv", "buffer": b"x" * 1_100_000}
    small.locator("input[type=file]").set_input_files(big)
    chip = small.locator(".jupyter-state-uploader-chip-error")
    expect(chip).to_have_count(1, timeout=T)
    expect(chip).to_have_attribute("title", "File must be 1.0MB or smaller.")
    expect(chip.locator(".jupyter-state-uploader-file-name")).to_have_text("big.csv")
    expect(chip.locator("[role=alert]")).to_have_text("Error: File must be 1.0MB or smaller.")
    page.wait_for_timeout(300)
    assert kernel.eval("st.session_state.small") is None and runs(kernel) == before  # nothing was sent
    screenshot(small, "lab_uploader_refused")
    chip.locator('button[aria-label="Remove big.csv"]').click()
    expect(chip).to_have_count(0)
    expect(small.locator(".jupyter-state-uploader-hint")).to_have_text("1MB per file")


def test_a_file_larger_than_a_websocket_message_arrives_whole(page: Page, kernel: KernelSide, tmp_path: Path) -> None:
    # Jupyter's kernel websocket takes messages of at most 10 MiB (tornado's default): the
    # view sends a bigger file in pieces, then the update that names it.
    app, one = page.locator(".jupyter-state-app"), uploader(page, "one")
    big = tmp_path / "big.bin"
    big.write_bytes(bytes(range(256)) * 48_000 + b"end")  # 12.3 MB
    size = big.stat().st_size
    one.locator("input[type=file]").set_input_files(big)
    expect(line(app, f"One: big.bin={size}")).to_be_visible(timeout=60_000)
    assert kernel.eval(f"st.session_state.one.getvalue() == open({str(big)!r}, 'rb').read()") is True
    expect(one.locator(".jupyter-state-uploader-file-size")).to_have_text("12.3MB")


def test_a_directory_uploader_takes_the_files_of_a_folder(page: Page, kernel: KernelSide, tmp_path: Path) -> None:
    app, folder = page.locator(".jupyter-state-app"), uploader(page, "folder")
    expect(folder.locator(".jupyter-state-uploader-button")).to_have_text("Upload directories")
    assert folder.locator("input[type=file]").evaluate("i => i.webkitdirectory") is True
    root = tmp_path / "trip"
    (root / "days").mkdir(parents=True)
    (root / "costs.csv").write_text("a,1")
    (root / "days" / "monday.csv").write_text("b,2")
    (root / "notes.txt").write_text("not a table")
    folder.locator("input[type=file]").set_input_files(root)
    expect(line(app, "Folder: trip/costs.csv, trip/days/monday.csv")).to_be_visible(timeout=T)
    assert sorted(kernel.eval("[f.name for f in st.session_state.folder]")) == ["trip/costs.csv", "trip/days/monday.csv"]
    # the .txt file is refused in the browser, as Streamlit refuses it: an error chip
    refused = folder.locator(".jupyter-state-uploader-chip-error")
    expect(refused).to_have_count(1)
    expect(refused).to_have_attribute("title", "text/plain files are not allowed.")
    expect(refused.locator(".jupyter-state-uploader-file-name")).to_have_text("trip/notes.txt")


def test_a_narrow_uploader_stacks_its_button_over_the_hint(page: Page, screenshot: Callable[..., Any]) -> None:
    narrow = uploader(page, "narrow")
    button, hint = narrow.locator(".jupyter-state-uploader-button"), narrow.locator(".jupyter-state-uploader-hint")
    expect(hint).to_have_text("200MB per file")
    button_box, hint_box, wide_box = button.bounding_box(), hint.bounding_box(), uploader(page, "hidden").locator(".jupyter-state-uploader-button").bounding_box()
    assert button_box and hint_box and wide_box
    assert hint_box["y"] >= button_box["y"] + button_box["height"]  # below it, not beside it
    assert button_box["width"] > wide_box["width"]  # the button takes the column's width
    screenshot(narrow, "lab_uploader_narrow")
