"""st.file_uploader's drop zone (static/file_uploader.js), driven by the messages it sends.

The view sends its ``value`` as one ``update``: the new files with their bytes as binary
buffers (``buffer_paths``), each with the ``file_id`` the browser gave it, and the files the
kernel already holds as their ``file_id`` without bytes (a second upload of a multi-file
uploader, a removal). These tests send exactly that, and read what the kernel sends back.
"""

from __future__ import annotations

from typing import Any

import pytest

import jupyter_state as st
from jupyter_state.widgets.files import UploadedFile, normalize_types, type_names
from tests.helpers import recorded_comms, texts, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def send(view: Any, *files: dict[str, Any]) -> None:
    """What the view's ``send()`` posts: ``model.set("value", files); save_changes()``.

    A file with ``content`` (bytes) is new; one without is a reference to a held file.
    """
    state: dict[str, Any] = {"value": []}
    paths, buffers = [], []
    for i, f in enumerate(files):
        entry = {"file_id": f["file_id"], "name": f["name"], "type": f.get("type", "text/plain"),
                 "size": f.get("size", len(f.get("content") or b"")), "last_modified": 1_717_171_717_171}
        if f.get("content") is not None:
            paths.append(["value", i, "content"])
            buffers.append(memoryview(f["content"]))
        else:
            entry["content"] = None
        state["value"].append(entry)
    view.comm.handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": paths}}, "buffers": buffers})


def new(file_id: str, name: str, content: bytes, mime: str = "text/plain") -> dict[str, Any]:
    return {"file_id": file_id, "name": name, "content": content, "type": mime}


def held(file_id: str, name: str, size: int, mime: str = "text/plain") -> dict[str, Any]:
    return {"file_id": file_id, "name": name, "size": size, "type": mime}


def value_updates(sent: Any, view: Any) -> list[Any]:
    """The ``value`` updates the kernel sent to ``view``'s browser side."""
    return [data for kind, cid, data in sent if kind == "update" and cid == view.comm.comm_id and "value" in data["state"]]


def test_the_view_says_label_hint_limit_and_types() -> None:
    app = make(lambda: (
        st.file_uploader("Pictures", type=["png", "jpg", "image/webp"], accept_multiple_files=True, key="pics", help="Holiday ones"),
        st.file_uploader("Anything", key="any", max_upload_size=5, label_visibility="collapsed", disabled=True),
    ))
    pics, anything = widget(app, "pics").view, widget(app, "any").view
    assert (pics.description, pics.label_visibility, pics.tooltip) == ("Pictures", "visible", "Holiday ones")
    assert (pics.accept, pics.multiple, pics.max_upload_size) == ("image/webp,.png,.jpg,.jpeg", True, 200)
    assert pics.hint_types == "image/webp, PNG, JPG"  # Streamlit's "200MB per file • image/webp, PNG, JPG"
    assert (anything.description, anything.label_visibility, anything.disabled) == ("Anything", "collapsed", True)
    assert (anything.max_upload_size, anything.hint_types, anything.accept) == (5, "", "")
    assert "jupyter-state-file_uploader" in pics._dom_classes and "jupyter-state-key-pics" in pics._dom_classes
    assert "render" in pics._esm and ".jupyter-state-uploader" in pics._css


def test_type_names_are_streamlits() -> None:
    assert type_names(normalize_types("csv")) == "CSV"
    assert type_names(normalize_types(["jpeg", "TIFF", ".htm"])) == "JPG, TIF, HTML"  # a pair is named once
    assert type_names(normalize_types(["image", "audio/*", "application/pdf"])) == "image, audio, application/pdf"
    assert type_names(None) == ""


def test_a_label_change_updates_the_same_view() -> None:
    label = {"text": "First"}
    app = make(lambda: st.file_uploader(label["text"], key="up", type="csv"))
    view = widget(app, "up").view
    label["text"] = "Second"
    app.run()
    assert widget(app, "up").view is view and view.description == "Second" and view.hint_types == "CSV"


def test_files_keep_the_browsers_ids_and_nothing_is_sent_back() -> None:
    seen: list[Any] = []
    with recorded_comms() as sent:
        app = make(lambda: seen.append([(f.name, f.getvalue()) for f in st.file_uploader("Files", accept_multiple_files=True, key="files")]))
        view = widget(app, "files").view
        send(view, new("id-a", "a.txt", b"A"), new("id-b", "b.csv", b"B,1", "text/csv"))
    assert seen[-1] == [("a.txt", b"A"), ("b.csv", b"B,1")]
    assert [f.file_id for f in st.session_state.files] == ["id-a", "id-b"]
    assert value_updates(sent, view) == []  # the browser shows what it sent: no bytes travel back


def test_a_second_upload_adds_to_the_held_files_without_their_bytes() -> None:
    calls: list[list[str]] = []

    def body() -> None:
        files = st.file_uploader("Files", accept_multiple_files=True, key="files", on_change=lambda: calls.append([f.name for f in st.session_state.files]))
        st.write("names: " + ",".join(f.name for f in files))

    with recorded_comms() as sent:
        app = make(body)
        view = widget(app, "files").view
        send(view, new("id-a", "a.txt", b"A"))
        first = st.session_state.files[0]
        send(view, held("id-a", "a.txt", 1), new("id-b", "b.txt", b"BB"))
    files = st.session_state.files
    assert [(f.name, f.getvalue()) for f in files] == [("a.txt", b"A"), ("b.txt", b"BB")]
    assert files[0] == first and files[0].file_id == "id-a"  # the same upload, its bytes from the kernel
    assert calls == [["a.txt"], ["a.txt", "b.txt"]] and "names: a.txt,b.txt" in texts(app)
    assert value_updates(sent, view) == []


def test_removing_a_file_updates_session_state_runs_the_callback_and_reruns() -> None:
    runs: list[list[str]] = []
    calls: list[list[str]] = []

    def body() -> None:
        files = st.file_uploader("Files", accept_multiple_files=True, key="files", on_change=lambda: calls.append([f.name for f in st.session_state.files]))
        runs.append([f.name for f in files])

    app = make(body)
    view = widget(app, "files").view
    send(view, new("id-a", "a.txt", b"A"), new("id-b", "b.txt", b"B"), new("id-c", "c.txt", b"C"))
    send(view, held("id-a", "a.txt", 1), held("id-c", "c.txt", 1))  # "×" on b.txt
    assert runs == [[], ["a.txt", "b.txt", "c.txt"], ["a.txt", "c.txt"]]
    assert calls[-1] == ["a.txt", "c.txt"]
    assert [f.getvalue() for f in st.session_state.files] == [b"A", b"C"]
    send(view, held("id-a", "a.txt", 1))
    send(view)  # the last one removed: an empty list, as in Streamlit
    assert st.session_state.files == [] and runs[-1] == [] and calls[-1] == []


def test_removing_the_file_of_a_single_uploader_gives_none() -> None:
    seen: list[Any] = []
    app = make(lambda: seen.append(st.file_uploader("One", key="one")))
    view = widget(app, "one").view
    send(view, new("id-1", "one.txt", b"1"))
    assert isinstance(seen[-1], UploadedFile) and seen[-1].name == "one.txt"
    send(view, new("id-2", "two.txt", b"2"))  # a new file replaces it
    assert st.session_state.one.file_id == "id-2"
    send(view)
    assert seen[-1] is None and st.session_state.one is None and len(seen) == 4


def test_an_unknown_file_without_bytes_is_left_out() -> None:
    app = make(lambda: st.file_uploader("Files", accept_multiple_files=True, key="files"))
    send(widget(app, "files").view, held("never-sent", "ghost.txt", 5), new("id-n", "n.txt", b"N"))
    assert [f.name for f in st.session_state.files] == ["n.txt"]


def test_a_refused_upload_shows_the_kept_files_again() -> None:
    with recorded_comms() as sent:
        app = make(lambda: st.file_uploader("Table", type="csv", accept_multiple_files=True, key="t"))
        view = widget(app, "t").view
        send(view, new("id-good", "good.csv", b"x\n1\n", "text/csv"))
        assert value_updates(sent, view) == []
        send(view, held("id-good", "good.csv", 4, "text/csv"), new("id-bad", "bad.exe", b"MZ", "application/octet-stream"))
    assert [f.name for f in st.session_state.t] == ["good.csv"]
    assert any("'bad.exe' is not an allowed file type" in t for t in texts(app))
    [correction] = value_updates(sent, view)  # the drop zone is told to show good.csv only
    assert [(e["file_id"], e["name"], e["content"]) for e in correction["state"]["value"]] == [("id-good", "good.csv", None)]
    assert correction["buffer_paths"] == []  # by name: its bytes do not travel back
    assert view.accepted == st.session_state.t


def test_one_file_too_many_for_a_single_uploader_is_dropped_and_the_view_corrected() -> None:
    with recorded_comms() as sent:
        app = make(lambda: st.file_uploader("One", key="one"))
        view = widget(app, "one").view
        send(view, new("id-1", "1.txt", b"1"), new("id-2", "2.txt", b"2"))
    assert st.session_state.one.file_id == "id-1"
    [correction] = value_updates(sent, view)
    assert [e["name"] for e in correction["state"]["value"]] == ["1.txt"]


def test_a_disabled_uploader_takes_no_file() -> None:
    seen: list[Any] = []
    app = make(lambda: seen.append(st.file_uploader("Off", key="off", disabled=True)))
    view = widget(app, "off").view
    send(view, new("id-x", "x.txt", b"X"))
    assert st.session_state.off is None and all(s is None for s in seen)
    assert view.value == ()  # the browser is told it holds nothing


@pytest.mark.parametrize("visibility", ["visible", "hidden", "collapsed"])
def test_label_visibility_reaches_the_view(visibility: str) -> None:
    app = make(lambda: st.file_uploader("Data", key="up", label_visibility=visibility))
    view = widget(app, "up").view
    assert view.label_visibility == visibility and view.description == "Data"


def test_apptest_uploads_still_reach_the_app_through_the_view() -> None:
    from jupyter_state.testing import AppTest

    def script() -> None:
        import jupyter_state as st

        files = st.file_uploader("Files", accept_multiple_files=True, key="files")
        st.write("n:", len(files))

    at = AppTest.from_function(script).run()
    at.file_uploader(key="files").upload("a.txt", "A").upload("b.txt", b"B").run()
    assert [f.name for f in at.session_state.files] == ["a.txt", "b.txt"]
    at.file_uploader(key="files").clear().run()
    assert at.session_state.files == []


def piece(view: Any, file_id: str, offset: int, data: bytes) -> None:
    """One piece of a big file, as the view sends it before the update that names it."""
    content = {"event": "piece", "file_id": file_id, "offset": offset}
    view.comm.handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": [memoryview(data)]})


def test_a_big_file_arrives_in_pieces_before_the_update_that_names_it() -> None:
    from jupyter_state.widgets._upload_view import PIECE

    runs: list[Any] = []
    app = make(lambda: runs.append(st.file_uploader("Big", key="big")))
    view = widget(app, "big").view
    data = bytes(range(256)) * (PIECE // 256) + b"tail"  # one piece and a bit
    piece(view, "id-big", 0, data[:PIECE])
    piece(view, "id-big", PIECE, data[PIECE:])
    assert len(runs) == 1  # pieces are no change: nothing runs
    send(view, held("id-big", "big.bin", len(data), "application/octet-stream"))
    assert len(runs) == 2 and st.session_state.big.getvalue() == data and st.session_state.big.file_id == "id-big"
    assert view.received == {}  # read: the kernel keeps the file, not the pieces


def test_pieces_out_of_order_or_incomplete_give_no_file() -> None:
    app = make(lambda: st.file_uploader("Big", key="big", accept_multiple_files=True))
    view = widget(app, "big").view
    piece(view, "id-x", 5, b"later")  # no piece at offset 0 first: dropped
    piece(view, "id-y", 0, b"half")
    send(view, held("id-x", "x.bin", 5), held("id-y", "y.bin", 8), new("id-z", "z.txt", b"Z"))
    assert [f.name for f in st.session_state.big] == ["z.txt"]


def test_a_second_upload_in_a_form_keeps_the_first_until_the_submit() -> None:
    seen: list[Any] = []

    def body() -> None:
        with st.form("f"):
            files = st.file_uploader("Files", accept_multiple_files=True, key="files")
            st.form_submit_button("Go", key="go")
        seen.append([f.name for f in files])

    app = make(body)
    view = widget(app, "files").view
    send(view, new("id-a", "a.txt", b"A"))
    send(view, held("id-a", "a.txt", 1), new("id-b", "b.txt", b"B"))  # a.txt only staged so far
    assert seen == [[]]
    from tests.helpers import frontend_click

    frontend_click(widget(app, "go").view)
    assert seen[-1] == ["a.txt", "b.txt"] and [f.getvalue() for f in st.session_state.files] == [b"A", b"B"]


def test_a_reloaded_page_gets_the_files_by_name_without_their_bytes() -> None:
    app = make(lambda: st.file_uploader("Files", accept_multiple_files=True, key="files"))
    view = widget(app, "files").view
    send(view, new("id-a", "a.txt", b"A" * 1000))
    state = view.get_state()  # what request_states answers a reloaded page with
    assert [(e["file_id"], e["name"], e["size"], e["content"]) for e in state["value"]] == [("id-a", "a.txt", 1000, None)]


def test_a_directory_uploader_is_a_multiple_one_whose_chooser_picks_folders() -> None:
    seen: list[Any] = []
    app = make(lambda: seen.append(st.file_uploader("Folder", type="csv", accept_multiple_files="directory", key="dir")))
    view = widget(app, "dir").view
    assert (view.multiple, view.directory, view.accept) == (True, True, ".csv")
    assert seen == [[]]
    send(view, new("id-1", "trip/a.csv", b"a", "text/csv"), new("id-2", "trip/days/b.csv", b"b", "text/csv"))
    assert [f.name for f in st.session_state.dir] == ["trip/a.csv", "trip/days/b.csv"]
    plain = make(lambda: st.file_uploader("Files", accept_multiple_files=True, key="plain"))
    assert widget(plain, "plain").view.directory is False
