"""st.file_uploader, st.download_button and st.data_editor, driven as the browser drives them.

Uploads arrive as JupyterLab's FileUpload sends them (one ``update`` whose file contents are
binary buffers listed in ``buffer_paths``), download clicks as the custom ``{"event":
"click"}`` message the anywidget sends, and data edits as an ``update`` of the editor's
``edits`` trait. The second half does the same through AppTest.
"""

from __future__ import annotations

import copy
import io
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ipywidgets.widgets.widget import _remove_buffers

import jupyter_state as st
from jupyter_state import errors
from jupyter_state.testing import AppTest
from jupyter_state.widgets.files import UploadedFile, normalize_types
from tests.helpers import frontend_click, frontend_update, texts, widget

pd = pytest.importorskip("pandas")

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"


def make(body: Any) -> Any:
    return st.app(body, display=False)


def upload(view: Any, *files: tuple[str, str, bytes]) -> None:
    """What JupyterLab's FileUpload sends: metadata in the state, contents as buffers."""
    state = {"value": [{"name": name, "type": mime, "size": len(content), "last_modified": 1_700_000_000_000} for name, mime, content in files]}
    paths = [["value", i, "content"] for i in range(len(files))]
    buffers = [memoryview(content) for _, _, content in files]
    view.comm.handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": paths}}, "buffers": buffers})


def edit(view: Any, edits: dict[str, Any]) -> None:
    """The data editor's browser side saving its editing state (JSON: row keys are strings)."""
    wire = {**edits, "edited_rows": {str(k): v for k, v in edits.get("edited_rows", {}).items()}}
    frontend_update(view, edits=wire)


def errors_shown(app: Any) -> list[str]:
    return [t for t in texts(app) if "st.file_uploader" in t]


# -- st.file_uploader ----------------------------------------------------------------------------
def test_upload_reaches_the_app_as_an_uploaded_file() -> None:
    seen: list[Any] = []
    calls: list[Any] = []

    def body() -> None:
        f = st.file_uploader("Data", type=["csv"], key="up", on_change=lambda tag: calls.append((tag, st.session_state.up.name)), args=("cb",))
        seen.append(f if f is None else (f.name, f.type, f.size, f.read(), f.getvalue()))

    app = make(body)
    assert seen == [None] and st.session_state.up is None and calls == []
    view = widget(app, "up").view
    assert (view.accept, view.multiple, view.description) == (".csv", False, "Data")
    upload(view, ("data.csv", "text/csv", b"a,b\n1,2\n"))
    assert seen[-1] == ("data.csv", "text/csv", 8, b"a,b\n1,2\n", b"a,b\n1,2\n")
    assert calls == [("cb", "data.csv")]
    stored = st.session_state.up
    assert isinstance(stored, UploadedFile) and isinstance(stored, io.BytesIO)
    app.run()  # every run gets the file from its start, although the last one read it
    assert seen[-1][3] == b"a,b\n1,2\n" and calls == [("cb", "data.csv")]


def test_multiple_files_come_as_a_list() -> None:
    seen: list[Any] = []
    app = make(lambda: seen.append([(f.name, f.getvalue()) for f in st.file_uploader("Files", accept_multiple_files=True, key="many")]))
    assert seen == [[]]
    upload(widget(app, "many").view, ("a.txt", "text/plain", b"A"), ("b.bin", "", b"\x00\x01"))
    assert seen[-1] == [("a.txt", b"A"), ("b.bin", b"\x00\x01")]
    assert [f.type for f in st.session_state.many] == ["text/plain", "application/octet-stream"]


def test_a_file_of_a_wrong_type_is_refused_with_an_error_and_the_last_upload_kept() -> None:
    seen: list[Any] = []
    calls: list[str] = []

    def body() -> None:
        f = st.file_uploader("Table", type="csv", key="up", on_change=lambda: calls.append("changed"))
        seen.append(None if f is None else f.name)

    app = make(body)
    view = widget(app, "up").view
    upload(view, ("good.csv", "text/csv", b"x\n1\n"))
    upload(view, ("bad.exe", "application/octet-stream", b"MZ"))
    [message] = errors_shown(app)
    assert "'bad.exe'" in message and ".csv" in message and "previous upload is kept" in message
    assert seen[-1] == "good.csv" and st.session_state.up.name == "good.csv"
    assert calls == ["changed"]  # the refused upload changed nothing, so no callback
    upload(view, ("other.CSV", "text/csv", b"y\n2\n"))  # extensions are compared case-insensitively
    assert errors_shown(app) == [] and seen[-1] == "other.CSV" and calls == ["changed", "changed"]


def test_a_file_over_the_upload_limit_is_refused() -> None:
    st.set_option("server.maxUploadSize", 1)
    app = make(lambda: st.file_uploader("Big", key="big"))
    upload(widget(app, "big").view, ("big.bin", "", b"x" * (1024 * 1024 + 1)))
    [message] = errors_shown(app)
    assert "'big.bin'" in message and "1 MB" in message and "server.maxUploadSize" in message
    assert st.session_state.big is None
    upload(widget(app, "big").view, ("small.bin", "", b"x" * 1024))
    assert errors_shown(app) == [] and st.session_state.big.size == 1024

    app2 = make(lambda: st.file_uploader("Bigger", key="bigger", max_upload_size=2))
    upload(widget(app2, "bigger").view, ("ok.bin", "", b"x" * (1024 * 1024 + 1)))
    assert st.session_state.bigger.name == "ok.bin"


def test_the_uploader_key_is_read_only() -> None:
    st.set_option("runner.raiseErrors", True)

    def body() -> None:
        st.session_state.up = "a file"
        st.file_uploader("Data", key="up")

    with pytest.raises(errors.ValueAssignmentNotAllowedError, match="'up'"):
        make(body)


def test_types_are_normalized_as_in_streamlit() -> None:
    assert normalize_types("CSV") == (".csv",)
    assert normalize_types(["jpg", ".PNG", "image", "application/pdf"]) == ("image/*", "application/pdf", ".jpg", ".png", ".jpeg")
    assert normalize_types(None) is None
    app = make(lambda: st.file_uploader("Pic", type=["jpg", "image/png"], key="pic"))
    view = widget(app, "pic").view
    assert view.accept == "image/png,.jpg,.jpeg"
    upload(view, ("p.png", "image/png", b"\x89PNG"))  # allowed by its MIME type
    upload(view, ("p.gif", "image/gif", b"GIF8"))
    assert st.session_state.pic.name == "p.png" and "'p.gif'" in errors_shown(app)[0]


def test_uploaded_files_pickle_and_copy_from_their_start() -> None:
    f = UploadedFile(b"hello", "h.txt", "text/plain")
    f.read(2)
    again = pickle.loads(pickle.dumps(f))
    copied = copy.deepcopy(f)
    assert again == f == copied and hash(again) == hash(f)
    assert (again.read(), copied.read(), again.name, again.size) == (b"hello", b"hello", "h.txt", 5)
    assert f != UploadedFile(b"hello", "h.txt")  # another upload of the same bytes


def test_an_upload_in_a_form_waits_for_the_submit() -> None:
    seen: list[Any] = []

    def body() -> None:
        with st.form("f"):
            f = st.file_uploader("Data", key="up")
            st.form_submit_button("Go", key="go")
        seen.append(None if f is None else f.name)

    app = make(body)
    upload(widget(app, "up").view, ("a.txt", "text/plain", b"A"))
    assert seen == [None]
    frontend_click(widget(app, "go").view)
    assert seen == [None, "a.txt"]


# -- st.download_button --------------------------------------------------------------------------
def test_a_download_click_is_true_once_and_runs_on_click_first() -> None:
    seen: list[Any] = []

    def body() -> None:
        clicked = st.download_button("Save", "a,b\n", file_name="t.csv", mime="text/csv", key="dl", on_click=lambda n: seen.append(("cb", n, st.session_state.dl)), args=(7,))
        seen.append(clicked)

    app = make(body)
    view = widget(app, "dl").view
    assert (view.label, view.data, view.file_name, view.mime, view.rerun_on_click) == ("Save", b"a,b\n", "t.csv", "text/csv", True)
    assert seen == [False]
    frontend_click(view)
    assert seen == [False, ("cb", 7, True), True]
    app.run()
    assert seen[-1] is False and st.session_state.dl is False


def test_download_on_click_rerun_by_default_and_ignore_means_no_run() -> None:
    runs: list[Any] = []

    def body() -> None:
        runs.append((st.download_button("Rerun", b"x", key="r"), st.download_button("Quiet", b"y", key="q", on_click="ignore")))

    app = make(body)
    assert widget(app, "q").view.rerun_on_click is False
    frontend_click(widget(app, "r").view)
    assert runs == [(False, False), (True, False)]
    frontend_click(widget(app, "q").view)  # the browser does not even send it; if it did:
    assert len(runs) == 2
    with pytest.raises(errors.JupyterStateValueError, match="'rerun' or 'ignore'"):
        st.set_option("runner.raiseErrors", True)
        make(lambda: st.download_button("Bad", b"", on_click="later"))


@pytest.mark.parametrize(
    ("data", "mime", "content", "file_name"),
    [
        ("héllo", "text/plain", "héllo".encode(), "download.txt"),
        (b"\x00\xff", "application/octet-stream", b"\x00\xff", "download.bin"),
        (bytearray(b"ab"), "application/octet-stream", b"ab", "download.bin"),
        (io.BytesIO(b"from bytes"), "application/octet-stream", b"from bytes", "download.bin"),
        (io.StringIO("from text"), "text/plain", b"from text", "download.txt"),
    ],
)
def test_download_data_encodings(data: Any, mime: str, content: bytes, file_name: str) -> None:
    app = make(lambda: st.download_button("D", data, key="d"))
    view = widget(app, "d").view
    assert (view.data, view.mime, view.file_name) == (content, mime, file_name)
    # The bytes travel as a binary buffer, not as JSON.
    state, paths, buffers = _remove_buffers(view.get_state())
    assert ["data"] in paths and bytes(buffers[paths.index(["data"])]) == content


def test_download_from_an_open_file_and_unsupported_data(tmp_path: Path) -> None:
    path = tmp_path / "report.bin"
    path.write_bytes(b"file bytes")
    with path.open("rb") as handle:
        handle.read(4)
        app = make(lambda: st.download_button("D", handle, file_name="sub/report.bin", key="d"))
    assert widget(app, "d").view.data == b"file bytes"  # read from the start
    assert widget(app, "d").view.file_name == "report.bin"
    st.set_option("runner.raiseErrors", True)
    with pytest.raises(errors.JupyterStateValueError, match=r"str, bytes or a file-like.*to_csv"):
        make(lambda: st.download_button("D", {"a": 1}))


def test_new_data_keeps_the_download_button() -> None:
    runs: list[int] = []

    def body() -> None:
        runs.append(1)
        st.download_button("D", f"run {len(runs)}")

    app = make(body)
    view = widget(app, kind="download_button").view
    app.run()
    assert widget(app, kind="download_button").view is view and view.data == b"run 2"


def test_enabling_a_button_is_not_a_click() -> None:
    """Kernel-side trait changes of a trigger widget (here ``disabled``) are no click."""
    calls: list[str] = []
    runs: list[tuple[bool, bool]] = []

    def body() -> None:
        off = st.session_state.get("off", True)
        runs.append((
            st.button("B", key="b", on_click=lambda: calls.append("button"), disabled=off),
            st.download_button("D", "x", key="d", on_click=lambda: calls.append("download"), disabled=off),
        ))

    app = make(body)
    st.session_state.off = False
    app.run()
    st.session_state.off = True
    app.run()
    assert runs == [(False, False)] * 3 and calls == []


def test_download_button_in_a_form_is_a_layout_error() -> None:
    st.set_option("runner.raiseErrors", True)

    def body() -> None:
        with st.form("f"):
            st.download_button("Save", "x")
            st.form_submit_button()

    with pytest.raises(errors.InvalidLayoutContextError, match=r"st\.download_button\('Save'\) can't be used inside st\.form\('f'\)"):
        make(body)


def test_download_key_is_read_only_and_a_disabled_button_ignores_clicks() -> None:
    seen: list[bool] = []
    app = make(lambda: seen.append(st.download_button("D", "x", key="d", disabled=True)))
    frontend_click(widget(app, "d").view)  # a disabled button sends none; if it did:
    assert seen == [False]
    st.set_option("runner.raiseErrors", True)

    def body() -> None:
        st.session_state.d2 = True
        st.download_button("D", "x", key="d2")

    with pytest.raises(errors.ValueAssignmentNotAllowedError, match="'d2'"):
        make(body)


# -- st.data_editor ------------------------------------------------------------------------------
def frame() -> Any:
    return pd.DataFrame({"item": ["apples", "pears", "plums"], "qty": [3, 5, 7], "price": [1.5, 2.0, 0.5], "organic": [True, False, True]})


def test_editing_a_cell_returns_a_dataframe_with_dtypes_kept() -> None:
    out: list[Any] = []
    app = make(lambda: out.append(st.data_editor(frame(), key="ed")))
    assert out[0].equals(frame())
    assert st.session_state.ed == {"edited_rows": {}, "added_rows": [], "deleted_rows": []}
    view = widget(app, "ed").view
    assert [c["kind"] for c in view.columns] == ["text", "integer", "float", "boolean"]
    assert view.rows[0] == ["apples", 3, 1.5, True] and view.index == [0, 1, 2]
    edit(view, {"edited_rows": {1: {"qty": 50, "organic": True}, 2: {"item": "figs", "price": 4}}})
    result = out[-1]
    assert isinstance(result, pd.DataFrame)
    assert result["qty"].tolist() == [3, 50, 7] and result["item"].tolist() == ["apples", "pears", "figs"]
    assert result["price"].tolist() == [1.5, 2.0, 4.0] and result["organic"].tolist() == [True, True, True]
    assert result.dtypes.equals(frame().dtypes)
    assert st.session_state.ed == {"edited_rows": {1: {"qty": 50, "organic": True}, 2: {"item": "figs", "price": 4}}, "added_rows": [], "deleted_rows": []}


def test_adding_and_deleting_rows_with_dynamic_rows() -> None:
    out: list[Any] = []
    app = make(lambda: out.append(st.data_editor(frame(), key="ed", num_rows="dynamic")))
    view = widget(app, "ed").view
    assert view.hide_index is True  # a counting index is hidden when rows can be added
    edit(view, {"edited_rows": {0: {"qty": 4}}, "added_rows": [{"item": "kiwis", "qty": 9, "price": 1.0, "organic": False}], "deleted_rows": [1]})
    result = out[-1]
    assert result["item"].tolist() == ["apples", "plums", "kiwis"]
    assert result.index.tolist() == [0, 2, 3]
    assert result["qty"].tolist() == [4, 7, 9] and result.dtypes.equals(frame().dtypes)
    edit(view, {"added_rows": [{"item": "half"}]})  # missing cells: the int column becomes float
    result = out[-1]
    assert len(result) == 4 and result["qty"].dtype == "float64" and pd.isna(result["qty"].iloc[-1])
    assert result["organic"].iloc[-1] is None or pd.isna(result["organic"].iloc[-1])


def test_fixed_rows_ignore_additions_and_deletions_and_disabled_columns_ignore_edits() -> None:
    out: list[Any] = []
    app = make(lambda: out.append(st.data_editor(frame(), key="ed", disabled=["price"], column_config={"item": {"disabled": True}})))
    view = widget(app, "ed").view
    assert [c["disabled"] for c in view.columns] == [True, False, True, False]
    edit(view, {"edited_rows": {0: {"price": 99, "item": "x", "qty": 1}}, "added_rows": [{"qty": 1}], "deleted_rows": [0]})
    assert st.session_state.ed == {"edited_rows": {0: {"qty": 1}}, "added_rows": [], "deleted_rows": []}
    assert out[-1]["price"].tolist() == [1.5, 2.0, 0.5] and out[-1]["item"].tolist() == ["apples", "pears", "plums"]
    assert out[-1]["qty"].tolist() == [1, 5, 7]
    # The browser is told what the kernel kept.
    assert view.edits == {"edited_rows": {"0": {"qty": 1}}, "added_rows": [], "deleted_rows": []}


def test_values_that_do_not_fit_their_column_are_dropped() -> None:
    out: list[Any] = []
    app = make(lambda: out.append(st.data_editor(frame(), key="ed")))
    edit(widget(app, "ed").view, {"edited_rows": {0: {"qty": 2.5, "organic": "maybe", "price": "7"}, 9: {"qty": 1}}})
    assert st.session_state.ed["edited_rows"] == {0: {"price": "7"}}
    assert out[-1]["price"].tolist() == [7.0, 2.0, 0.5] and out[-1]["qty"].tolist() == [3, 5, 7]


def test_a_fully_disabled_editor_takes_no_edits() -> None:
    out: list[Any] = []
    app = make(lambda: out.append(st.data_editor(frame(), key="ed", disabled=True)))
    edit(widget(app, "ed").view, {"edited_rows": {0: {"qty": 1}}})
    assert out[-1].equals(frame()) and st.session_state.ed["edited_rows"] == {}


def test_a_list_of_dicts_comes_back_as_a_list_of_dicts() -> None:
    rows = [{"name": "a", "n": 1, "ok": True}, {"name": "b", "n": 2, "ok": False, "note": "x"}]
    out: list[Any] = []
    app = make(lambda: out.append(st.data_editor(rows, key="ed", num_rows="dynamic")))
    view = widget(app, "ed").view
    assert [(c["name"], c["kind"]) for c in view.columns] == [("name", "text"), ("n", "integer"), ("ok", "boolean"), ("note", "text")]
    edit(view, {"edited_rows": {0: {"n": 10}}, "added_rows": [{"name": "c", "n": 3}], "deleted_rows": [1]})
    assert out[-1] == [{"name": "a", "n": 10, "ok": True}, {"name": "c", "n": 3, "ok": None, "note": None}]
    assert rows[0]["n"] == 1  # the data given is not changed


def test_list_of_dicts_without_pandas() -> None:
    code = (
        "import sys; sys.modules['pandas'] = None\n"
        "import jupyter_state as st\n"
        "from jupyter_state.testing import AppTest\n"
        "at = AppTest.from_string('import jupyter_state as st\\nst.session_state.out = st.data_editor([{\"a\": 1}, {\"a\": 2}], key=\"ed\")').run()\n"
        "at.data_editor(key='ed').edit(1, 'a', 5).run()\n"
        "print(at.session_state.out, 'anywidget' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[{'a': 1}, {'a': 5}] True"


def test_on_change_fires_on_edits_only_and_the_key_is_read_only() -> None:
    calls: list[Any] = []
    app = make(lambda: st.data_editor(frame(), key="ed", on_change=lambda tag: calls.append((tag, st.session_state.ed["edited_rows"])), args=("t",)))
    assert calls == []
    edit(widget(app, "ed").view, {"edited_rows": {0: {"qty": 1}}})
    assert calls == [("t", {0: {"qty": 1}})]
    app.run()
    assert len(calls) == 1
    st.set_option("runner.raiseErrors", True)

    def body() -> None:
        st.session_state.ed2 = {"edited_rows": {}}
        st.data_editor(frame(), key="ed2")

    with pytest.raises(errors.ValueAssignmentNotAllowedError, match="'ed2'"):
        make(body)


def test_column_config_labels_hides_and_defaults() -> None:
    out: list[Any] = []
    config = {"item": "Fruit", "price": None, "qty": {"label": "Quantity", "help": "how many", "default": 1}, "_index": {"label": "#"}}
    app = make(lambda: out.append(st.data_editor(frame(), key="ed", column_config=config, num_rows="add", hide_index=False)))
    view = widget(app, "ed").view
    labels = {c["name"]: (c["label"], c["hidden"]) for c in view.columns}
    assert labels == {"item": ("Fruit", False), "qty": ("Quantity", False), "price": ("price", True), "organic": ("organic", False)}
    assert view.index_label == "#" and view.hide_index is False
    edit(view, {"added_rows": [{"item": "figs"}]})
    assert out[-1]["qty"].tolist() == [3, 5, 7, 1] and len(out[-1].columns) == 4  # hidden columns stay in the data


def test_new_data_resets_an_unkeyed_editor_but_a_keyed_fixed_one_keeps_its_edits() -> None:
    prices = {"p": [1.0, 2.0]}
    out: dict[str, Any] = {}

    def body() -> None:
        df = pd.DataFrame({"price": prices["p"]})
        out["keyed"] = st.data_editor(df, key="ed")
        out["unkeyed"] = st.data_editor(df)

    app = make(body)
    edit(widget(app, "ed").view, {"edited_rows": {0: {"price": 9}}})
    edit(widget(app, kind="data_editor", index=1).view, {"edited_rows": {1: {"price": 8}}})
    assert out["keyed"]["price"].tolist() == [9.0, 2.0] and out["unkeyed"]["price"].tolist() == [1.0, 8.0]
    prices["p"] = [1.0, 3.0]
    app.run()
    assert out["keyed"]["price"].tolist() == [9.0, 3.0]
    assert out["unkeyed"]["price"].tolist() == [1.0, 3.0]


def test_data_editor_rejects_what_it_cannot_edit() -> None:
    st.set_option("runner.raiseErrors", True)
    with pytest.raises(TypeError, match="DataFrame or a list of dicts"):
        make(lambda: st.data_editor({"a": [1, 2]}))
    with pytest.raises(errors.JupyterStateValueError, match="num_rows"):
        make(lambda: st.data_editor([], num_rows="many"))


def test_other_columns_are_read_only_and_shown_as_text() -> None:
    df = pd.DataFrame({"when": pd.to_datetime(["2024-01-02", None]), "n": [1, 2]}, index=pd.Index(["x", "y"], name="id"))
    out: list[Any] = []
    app = make(lambda: out.append(st.data_editor(df, key="ed", num_rows="dynamic")))
    view = widget(app, "ed").view
    assert view.columns[0]["kind"] == "other" and view.columns[0]["disabled"] is True
    assert view.rows == [["2024-01-02T00:00:00", 1], [None, 2]] and view.index == ["x", "y"] and view.index_label == "id"
    assert view.index_required is True and view.hide_index is False
    edit(view, {"edited_rows": {0: {"when": "2020-01-01"}}, "added_rows": [{"_index": "z", "n": 3}, {"n": 4}]})
    assert out[-1].index.tolist() == ["x", "y", "z"] and out[-1]["n"].tolist() == [1, 2, 3]  # no label, no row


# -- AppTest ---------------------------------------------------------------------------------------
APP = """
import jupyter_state as st
import pandas as pd

def changed(what):
    st.session_state.log = st.session_state.get("log", []) + [what]

up = st.file_uploader("CSV", type="csv", key="csv", on_change=changed, args=("upload",))
df = pd.read_csv(up) if up is not None else pd.DataFrame({"x": [1, 2]})
edited = st.data_editor(df, key="table", num_rows="dynamic", on_change=changed, args=("edit",))
st.write("sum", int(edited["x"].sum()))
if st.download_button("Save", edited.to_csv(index=False), file_name="out.csv", key="save", on_click=changed, args=("save",)):
    st.write("saved")
st.download_button("Quiet", "q", key="quiet", on_click="ignore")
"""


def test_apptest_upload_edit_download() -> None:
    at = AppTest.from_string(APP).run()
    assert at.markdown[0].value == "sum `3`"
    at.file_uploader(key="csv").upload("data.csv", "x\n10\n20\n").run()
    assert at.markdown[0].value == "sum `30`" and at.session_state.csv.name == "data.csv"
    at.data_editor(key="table").edit(0, "x", 11).run()
    assert at.markdown[0].value == "sum `31`"
    at.data_editor(key="table").add_row({"x": 5}).run()
    at.data_editor(key="table").delete_row(1).run()
    assert at.markdown[0].value == "sum `16`"
    assert at.session_state.table == {"edited_rows": {0: {"x": 11}}, "added_rows": [{"x": 5}], "deleted_rows": [1]}
    at.download_button(key="save").click().run()
    assert [m.value for m in at.markdown] == ["sum `16`", "saved"]
    at.run()
    assert [m.value for m in at.markdown] == ["sum `16`"]
    at.download_button(key="quiet").click().run()
    assert at.session_state.log == ["upload", "edit", "edit", "edit", "save"]
    assert at.session_state.quiet is False
    assert len(at.download_button) == 2 and at.download_button[0].label == "Save"


def test_apptest_wrong_type_and_too_large() -> None:
    at = AppTest.from_string(APP).run()
    at.file_uploader(key="csv").upload("data.csv", "x\n1\n").run()
    at.file_uploader(key="csv").upload("notes.txt", "hello").run()
    assert "'notes.txt'" in at.error[0].value and ".csv" in at.error[0].value
    assert at.session_state.csv.name == "data.csv" and at.session_state.log == ["upload"]
    st.set_option("server.maxUploadSize", 1)  # the limit of the uploader as rendered: run first
    at.run()
    at.file_uploader(key="csv").set_value([("huge.csv", b"x\n" + b"1\n" * 600_000)]).run()
    assert "'huge.csv'" in at.error[0].value and "1 MB" in at.error[0].value


def test_apptest_multiple_uploads_and_set_value_pairs() -> None:
    def app() -> None:
        import jupyter_state as st

        files = st.file_uploader("Files", accept_multiple_files=True, key="files")
        st.write(", ".join(f"{f.name}={f.getvalue().decode()}" for f in files) or "none")

    at = AppTest.from_function(app).run()
    assert at.markdown[0].value == "none"
    at.file_uploader(key="files").upload("a.txt", "A").upload("b.txt", b"B").run()
    assert at.markdown[0].value == "a.txt=A, b.txt=B"
    at.file_uploader(key="files").set_value([("c.txt", b"C")]).run()
    assert at.markdown[0].value == "c.txt=C"
    at.file_uploader(key="files").clear().run()
    assert at.markdown[0].value == "none"


def test_the_notebook_app() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "files_and_data.ipynb").run()
    assert not at.exception
    at.data_editor(key="table").edit(0, "qty", 10).run()
    assert at.session_state.table["edited_rows"] == {0: {"qty": 10}}
    at.file_uploader(key="csv").upload("fruit.csv", "item,qty,organic\nfigs,2,True\n").run()
    assert not at.exception and not at.error
    assert at.download_button[0].label == "Download the edited CSV"
