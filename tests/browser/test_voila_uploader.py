"""st.file_uploader under Voilà in headless Chromium: choose, drop and remove files.

The drop zone is an anywidget view (``static/file_uploader.js``), so Voilà needs nothing
from a CDN for it; the page's requests to anywhere but this machine are aborted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from testsupport.jupyter_servers import Server, line, start_voila, write_notebook

pytestmark = pytest.mark.browser

T = 15_000

CELLS = [
    "import jupyter_state as st",
    '''%%app
files = st.file_uploader("Your files", type=["txt", "md"], accept_multiple_files=True, key="files")
st.write("Got: " + (", ".join(f"{f.name}:{f.getvalue().decode()}" for f in files) or "nothing"))
''',
]

DROP = """(zone, [name, text]) => {
  const data = new DataTransfer();
  data.items.add(new File([text], name, { type: "text/plain" }));
  for (const type of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  }
}"""


@pytest.fixture(scope="module")
def voila(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Server]:
    tmp = tmp_path_factory.mktemp("voila-uploader")
    server = start_voila(tmp, write_notebook(tmp / "root" / "uploader.ipynb", CELLS))
    try:
        yield server
    finally:
        server.stop()


def test_choose_drop_and_remove_files_in_voila(voila: Server, new_tab: Callable[..., Any], tmp_path: Path,
                                               screenshot: Callable[..., Any]) -> None:
    page = new_tab(width=1000, height=700).page
    page.goto(voila.url("/"))
    up = page.locator(".jupyter-state-file_uploader.jupyter-state-key-files")
    expect(up.locator(".jupyter-state-uploader-hint")).to_have_text("200MB per file • TXT, MD", timeout=60_000)
    expect(up.locator(".jupyter-state-uploader-label")).to_have_text("Your files")
    app = page.locator(".jupyter-state-app")
    expect(line(app, "Got: nothing")).to_be_visible()

    (tmp_path / "a.txt").write_text("alpha")
    up.locator("input[type=file]").set_input_files(tmp_path / "a.txt")
    expect(line(app, "Got: a.txt:alpha")).to_be_visible(timeout=T)
    up.locator(".jupyter-state-uploader-dropzone").evaluate(DROP, ["b.md", "beta"])
    expect(line(app, "Got: a.txt:alpha, b.md:beta")).to_be_visible(timeout=T)
    expect(up.locator(".jupyter-state-uploader-file-name")).to_have_text(["a.txt", "b.md"])
    screenshot(up, "voila_uploader_files")

    up.locator('button[aria-label="Remove a.txt"]').click()
    expect(line(app, "Got: b.md:beta")).to_be_visible(timeout=T)
    expect(up.locator(".jupyter-state-uploader-file-name")).to_have_text(["b.md"])
