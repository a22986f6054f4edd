"""Files and tables in a real JupyterLab: upload a CSV, edit a grid, download the result.

One server, one page and one side-channel kernel client for the module. The notebook holds
one ``%%app`` cell with ``st.file_uploader``, ``st.data_editor`` and ``st.download_button``
(anywidgets, ``jupyter_state/static``); the tests run in order and each reads the state the
one before left.

Here the upload is what a user does: click the drop zone, and answer the file chooser that
opens (test_lab_uploader.py drives the uploader's other ways in).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Locator, Page, expect

from testsupport.jupyter_servers import (
    KernelSide,
    line,
    tag,
    tagged,
)

pytestmark = pytest.mark.browser

NOTEBOOK = "files.ipynb"
T = 15_000  # ms: generous for a busy 2-core machine

SETUP = """\
import jupyter_state as st
_runs = {}
"""

APP = """\
%%app
import csv, io
_runs["files"] = _runs.get("files", 0) + 1

up = st.file_uploader("Data file", type="csv", key="up")
if up is not None:
    rows = list(csv.reader(io.StringIO(up.getvalue().decode("utf-8"))))
    st.write(f"Uploaded {up.name} with {len(rows) - 1} rows and header {' | '.join(rows[0])}")
else:
    st.write("No file yet")

items = [{"item": "apples", "qty": 3}, {"item": "pears", "qty": 5}, {"item": "plums", "qty": 7}]
edited = st.data_editor(items, key="table")
st.write("Total qty:", sum(row["qty"] for row in edited))

out = io.StringIO()
writer = csv.DictWriter(out, ["item", "qty"], lineterminator="\\n")
_ = writer.writeheader()  # a bare call would show its 9 (magic)
writer.writerows(edited)
if st.download_button("Save CSV", out.getvalue(), file_name="edited.csv", mime="text/csv", key="save"):
    st.write("Saved edited.csv")
"""


lab, tab, page, kernel = lab_notebook(
    NOTEBOOK, [SETUP, APP], ready=lambda page: expect(page.locator(".jupyter-state-key-save button")).to_be_visible(timeout=T))


# -- helpers ------------------------------------------------------------------------------------
def app_of(page: Page) -> Locator:
    return page.locator(".jupyter-state-app")


def runs(kernel: KernelSide) -> int:
    return int(kernel.eval("_runs['files']"))


def upload(page: Page, path: Path) -> None:
    """Click the uploader's button and pick ``path`` in the file chooser it opens."""
    with page.expect_file_chooser(timeout=T) as chooser:
        page.locator(".jupyter-state-key-up").click()
    chooser.value.set_files(str(path))


# -- tests --------------------------------------------------------------------------------------
def test_upload_a_csv_then_a_wrong_type(page: Page, kernel: KernelSide, tmp_path: Path) -> None:
    app = app_of(page)
    uploader = page.locator(".jupyter-state-file_uploader.jupyter-state-key-up")
    expect(uploader).to_have_count(1)
    expect(line(app, "No file yet")).to_be_visible()
    expect(line(app, "Total qty: 15")).to_be_visible()
    assert kernel.eval("st.session_state.up") is None
    for name, node in (("app", app), ("uploader", uploader), ("editor", page.locator(".jupyter-state-key-table"))):
        tag(node, name)
    before = runs(kernel)

    sales = tmp_path / "sales.csv"
    sales.write_text("region,amount\nnorth,10\nsouth,20\neast,30\n")
    upload(page, sales)
    expect(line(app, "Uploaded sales.csv with 3 rows and header region | amount")).to_be_visible(timeout=T)
    # the drop zone lists the file it holds (Streamlit's chip: name and size)
    expect(uploader.locator(".jupyter-state-uploader-chip")).to_have_count(1)
    expect(uploader.locator(".jupyter-state-uploader-file-name")).to_have_text("sales.csv")
    assert kernel.eval("(st.session_state.up.name, st.session_state.up.size)") == ("sales.csv", sales.stat().st_size)
    assert kernel.eval("st.session_state.up.getvalue().decode()") == sales.read_text()
    assert runs(kernel) == before + 1  # one upload, one run
    assert tagged(app, "app") and tagged(uploader, "uploader") and tagged(page.locator(".jupyter-state-key-table"), "editor")

    # A .txt file (the file chooser's accept=".csv" is only a hint): the kernel refuses it,
    # the app says why, and the CSV stays the uploader's value.
    notes = tmp_path / "notes.txt"
    notes.write_text("not a table\n")
    upload(page, notes)
    error = app.locator(".jupyter-state-error")
    expect(error).to_contain_text("'notes.txt' is not an allowed file type", timeout=T)
    expect(error).to_contain_text("Allowed: .csv")
    expect(error).to_contain_text("the previous upload is kept")
    expect(line(app, "Uploaded sales.csv with 3 rows and header region | amount")).to_be_visible()
    assert kernel.eval("st.session_state.up.name") == "sales.csv"
    # and the drop zone shows the kept file again, not the refused one
    expect(uploader.locator(".jupyter-state-uploader-file-name")).to_have_text("sales.csv", timeout=T)
    assert tagged(app, "app") and tagged(uploader, "uploader")


def test_edit_a_cell_of_the_data_editor(page: Page, kernel: KernelSide) -> None:
    app = app_of(page)
    editor = page.locator(".jupyter-state-data_editor.jupyter-state-key-table")
    uploader, save = page.locator(".jupyter-state-key-up"), page.locator(".jupyter-state-key-save")
    expect(editor.locator("thead th")).to_have_text(["", "item", "qty"])
    for name, node in (("editor-2", editor), ("uploader-2", uploader), ("save", save)):
        tag(node, name)
    before = runs(kernel)

    cell = editor.locator('input[data-cell="r1:qty"]')  # pears
    expect(cell).to_have_value("5")
    cell.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("50")
    page.keyboard.press("Enter")
    expect(line(app, "Total qty: 60")).to_be_visible(timeout=T)
    kernel.wait_for("st.session_state.table", {"edited_rows": {1: {"qty": 50}}, "added_rows": [], "deleted_rows": []})
    assert runs(kernel) == before + 1  # Enter commits once (the blur after it does not again)
    # the grid is the same grid, with the edit and the focus still in the cell
    assert tagged(editor, "editor-2")
    expect(cell).to_have_value("50")
    expect(cell).to_be_focused()
    # the untouched widgets keep their DOM nodes (the download button got new data)
    assert tagged(uploader, "uploader-2") and tagged(save, "save")
    expect(line(app, "Uploaded sales.csv with 3 rows and header region | amount")).to_be_visible()

    cell.blur()
    time.sleep(0.3)  # a second commit would show as a second run
    assert runs(kernel) == before + 1


def test_the_edited_cell_is_highlighted(page: Page) -> None:
    editor = page.locator(".jupyter-state-key-table")
    # The module shares one page: this checks the edit test_edit_a_cell_of_the_data_editor made.
    assert editor.locator('input[data-cell="r1:qty"]').input_value() == "50", "run the module's tests in order"
    edited = editor.locator("td.jupyter-state-data-editor-edited")
    expect(edited).to_have_count(1, timeout=3_000)
    expect(edited.locator("input")).to_have_value("50")


def test_download_the_edited_csv(page: Page, kernel: KernelSide, tmp_path: Path, screenshot: Callable[..., Any]) -> None:
    app = app_of(page)
    save = page.locator(".jupyter-state-download.jupyter-state-key-save")
    button = save.locator("button.jupyter-state-download-button")
    expect(button).to_have_text("Save CSV")
    expect(line(app, "Saved edited.csv")).to_have_count(0)
    tag(save, "save-2")
    tag(page.locator(".jupyter-state-key-table"), "editor-3")
    before = runs(kernel)

    with page.expect_download(timeout=T) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "edited.csv"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_text(encoding="utf-8") == "item,qty\napples,3\npears,50\nplums,7\n"

    # the click is reported after the download, and reruns the app with the button True
    expect(line(app, "Saved edited.csv")).to_be_visible(timeout=T)
    assert runs(kernel) == before + 1
    assert tagged(save, "save-2") and tagged(page.locator(".jupyter-state-key-table"), "editor-3")
    expect(line(app, "Total qty: 60")).to_be_visible()
    expect(page.locator('.jupyter-state-key-table input[data-cell="r1:qty"]')).to_have_value("50")
    screenshot(app, "lab_files_and_data")
