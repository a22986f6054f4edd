"""Files and data in a real ipykernel, with the messages JupyterLab sends (E2E.md §4.2).

An upload is what the uploader's view sends (as ipywidgets' FileUpload view does): one
``update`` whose state lists the files without their contents, with each content as a
binary zmq frame whose place is named in ``buffer_paths``. The download button's bytes reach the browser the same way, in the
``comm_open`` of its anywidget model; its click and the data editor's edits are a custom
message and an ``update``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from testsupport.kernel_helpers import Frontend, KernelError, Messages, jupyter_state_kernel

pytestmark = pytest.mark.kernel

APP = '''%%app
f = st.file_uploader("CSV", type="csv", key="up")
st.write("file:", "none" if f is None else f"{f.name} {f.type} {f.size} {f.getvalue().decode()}")
if st.download_button("Save", b"\\x00\\x01binary", file_name="b.bin", key="save"):
    st.write("saved")
rows = st.data_editor([{"n": 1}, {"n": 2}], key="table")
st.write("sum:", sum(r["n"] for r in rows))
'''


@pytest.fixture(scope="module")
def frontend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    """One kernel for the module, with ``import jupyter_state as st`` already run."""
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel-files")) as fe:
        yield fe


@pytest.fixture
def kernel(frontend: Frontend) -> Iterator[Frontend]:
    yield frontend
    frontend.execute("_jupyter_state_test_reset()")


def app_cell(fe: Frontend, source: str, cell_id: str) -> tuple[str, Messages]:
    reply = fe.execute(source, cell_id=cell_id)
    [box] = reply.iopub.displayed_models()
    return box, reply.iopub


def send_with_buffers(fe: Frontend, comm_id: str, data: dict[str, Any], buffers: list[bytes]) -> Messages:
    """A shell ``comm_msg`` with binary frames, as JupyterLab's kernel connection sends it."""
    msg = fe.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
    msg["metadata"] = {}
    fe.kc.session.send(fe.kc.shell_channel.socket, msg, buffers=buffers)
    iopub = fe.drain(msg["header"]["msg_id"])
    if iopub.errors():
        raise KernelError("; ".join(f"{e['ename']}: {e['evalue']}" for e in iopub.errors()))
    return iopub


def upload(fe: Frontend, comm_id: str, *files: tuple[str, str, bytes]) -> Messages:
    """What the uploader's view sends after reading the files: ``model.set({value}); save_changes()``."""
    value = [{"name": name, "type": mime, "size": len(content), "last_modified": 1_717_171_717_171} for name, mime, content in files]
    data = {"method": "update", "state": {"value": value}, "buffer_paths": [["value", i, "content"] for i in range(len(files))]}
    return send_with_buffers(fe, comm_id, data, [content for _, _, content in files])


def test_an_upload_with_binary_buffers_reaches_the_app(kernel: Frontend) -> None:
    box, _ = app_cell(kernel, APP, "files")
    assert kernel.texts(box)[0] == "file: none"
    up = kernel.keyed("up")
    assert kernel.models[up]["_model_name"] == "AnyModel"  # the drop zone (static/file_uploader.js)
    assert (kernel.models[up]["accept"], kernel.models[up]["multiple"]) == (".csv", False)

    sent = upload(kernel, up, ("data.csv", "text/csv", b"x,y"))
    assert kernel.texts(box)[0] == "file: data.csv text/csv 3 x,y"
    assert kernel.eval("st.session_state.up.name") == "'data.csv'"
    # The value has echo_update=False (as FileUpload's): the bytes are not sent back.
    assert sent.comm_data("echo_update", up) == []

    refused = upload(kernel, up, ("notes.txt", "text/plain", b"hello"))
    shown = " ".join(kernel.texts(box))
    assert "'notes.txt'" in shown and ".csv" in shown
    assert "file: data.csv text/csv 3 x,y" in kernel.texts(box)  # the last good upload is kept
    assert refused.errors() == []
    assert kernel.eval("st.session_state.up.getvalue()") == "b'x,y'"


def test_download_bytes_travel_as_a_buffer_and_a_click_reruns(kernel: Frontend) -> None:
    box, opened = app_cell(kernel, APP, "download")
    [model] = [m for m in opened.comm_opens("AnyModel") if "jupyter-state-key-save" in m["content"]["data"]["state"]["_dom_classes"]]
    paths = model["content"]["data"]["buffer_paths"]
    assert ["data"] in paths
    assert bytes(model["buffers"][paths.index(["data"])]) == b"\x00\x01binary"
    state = model["content"]["data"]["state"]
    assert (state["file_name"], state["mime"], state["label"]) == ("b.bin", "application/octet-stream", "Save")
    assert "export default" in state["_esm"]

    save = kernel.keyed("save")
    kernel.comm_msg(save, {"method": "custom", "content": {"event": "click"}})
    assert "saved" in kernel.texts(box)
    kernel.execute("pass")
    assert kernel.value("st.session_state.save") is False


def test_data_editor_edits_arrive_as_an_update(kernel: Frontend) -> None:
    box, _ = app_cell(kernel, APP, "editor")
    table = kernel.keyed("table")
    assert kernel.models[table]["rows"] == [[1], [2]]
    assert kernel.texts(box)[-1] == "sum: `3`"
    kernel.update(table, edits={"edited_rows": {"1": {"n": 40}}, "added_rows": [], "deleted_rows": []})
    assert kernel.texts(box)[-1] == "sum: `41`"
    assert kernel.value("st.session_state.table") == {"edited_rows": {1: {"n": 40}}, "added_rows": [], "deleted_rows": []}
