"""The view of ``st.file_uploader``: Streamlit's drop zone (``static/file_uploader.js``).

A labelled drop zone with an "Upload" button and the limit hint ("200MB per file • CSV");
files come from the button's file chooser or a drop, and show as chips with a remove
button. Imported only when an uploader is first built (it imports anywidget).

The value trait has the shape of ipywidgets' ``FileUpload`` value, so the kernel reads an
upload as it always did: one ``update`` whose file contents are binary buffers. Each entry
also carries a ``file_id``: the browser sends the files it keeps (a second upload of a
multi-file uploader, a removal) as ``file_id`` without ``content``, and the kernel finds
their bytes in the files it already holds.

A Jupyter server takes websocket messages of at most 10 MiB (tornado's
``websocket_max_message_size``): a bigger message closes the kernel connection. So the
``update`` carries at most :data:`PIECE` bytes of contents; the browser sends a bigger
file first, in pieces of that size (custom ``{"event": "piece", "file_id", "offset"}``
messages, one binary buffer each), and the ``update`` then names it without ``content``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import anywidget
from traitlets import Bool, Int, Tuple, Unicode

from ._views import static_source

__all__ = ["PIECE", "FileUploaderView", "entry_from_json"]

#: the most file bytes the browser puts in one message (static/file_uploader.js)
PIECE = 4 * 1024 * 1024


def entry_from_json(js: Any) -> dict[str, Any]:
    """One file of the value as the kernel keeps it.

    Its ``file_id``, ``name``, ``type``, ``size``, ``content`` (bytes, or None for a file
    the kernel holds) and ``last_modified`` (milliseconds since the epoch).
    """
    content = js.get("content")
    modified = js.get("last_modified")
    return {
        "file_id": str(js["file_id"]) if js.get("file_id") else None,
        "name": str(js.get("name", "")),
        "type": str(js.get("type") or ""),
        "size": int(js.get("size") or 0),
        "content": bytes(content) if content is not None else None,  # buffers arrive as memoryview
        "last_modified": (int(modified) if isinstance(modified, (int, float)) and not isinstance(modified, bool)
                          else None),
    }


def _value_from_json(js: Any, _widget: Any) -> tuple[dict[str, Any], ...]:
    return tuple(entry_from_json(entry) for entry in js or ())


def _value_to_json(value: Any, widget: Any) -> list[dict[str, Any]]:
    # The kernel's files go to the browser without their bytes: it shows only their names
    # and sizes, and names them by file_id when it sends them back. (A file the kernel does
    # not hold keeps its bytes: AppTest's simulated browser sends files this way.)
    accepted = getattr(widget, "accepted", None)
    held = {getattr(f, "file_id", None) for f in (accepted if isinstance(accepted, list) else [accepted])} - {None}
    return [{**entry, "content": None} if entry.get("file_id") in held else dict(entry) for entry in value]


class FileUploaderView(anywidget.AnyWidget):
    """Streamlit's file uploader, plus the kernel's verdict on the last upload.

    ``accept`` and ``multiple`` are the file chooser's (as in ``FileUpload``);
    ``max_upload_size`` (MB) and ``hint_types`` ("CSV, TXT") make the hint, and files over
    the limit are refused in the browser (as Streamlit does) before any byte is sent.
    """

    _esm = static_source("file_uploader.js")
    _css = static_source("file_uploader.css")
    description = Unicode("").tag(sync=True)
    label_visibility = Unicode("visible").tag(sync=True)
    accept = Unicode("").tag(sync=True)
    multiple = Bool(False).tag(sync=True)
    #: accept_multiple_files="directory": the chooser picks folders
    directory = Bool(False).tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    max_upload_size = Int(200).tag(sync=True)
    hint_types = Unicode("").tag(sync=True)
    # As FileUpload's: the bytes the browser sent are not echoed back to it.
    value = Tuple().tag(sync=True, echo_update=False, from_json=_value_from_json, to_json=_value_to_json)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: the value of the last upload that passed the checks
        self.accepted: Any = None
        #: why the last upload was refused (shown in the app), or None
        self.rejection: str | None = None
        #: the bytes of files the browser sent that the kernel has not read yet, by file_id
        #: (what a later update may name without content: pieces, a form's staged upload)
        self.received: dict[str, bytearray] = {}
        self.on_msg(self._on_piece)

    def set_state(self, sync_data: dict[str, Any]) -> None:
        super().set_state(sync_data)
        if "value" in sync_data:
            for entry in self.value:
                if entry["file_id"] and entry["content"] is not None:
                    self.received[entry["file_id"]] = bytearray(entry["content"])

    def _on_piece(self, _view: Any, content: Any, buffers: Sequence[Any] | None) -> None:
        if not (isinstance(content, dict) and content.get("event") == "piece" and buffers):
            return
        file_id, offset = str(content.get("file_id") or ""), content.get("offset")
        if not file_id or not isinstance(offset, int):
            return
        held = self.received.setdefault(file_id, bytearray())
        if offset != len(held) or offset + len(buffers[0]) > self.max_upload_size * 1024 * 1024 + PIECE:
            del self.received[file_id]  # out of order, or more than a file may hold: dropped
            return
        held += bytes(buffers[0])

    def take(self, file_id: str | None, size: int) -> bytes | None:
        """The bytes the browser sent for ``file_id``, if all ``size`` of them arrived."""
        data = self.received.get(file_id) if file_id else None
        return bytes(data) if data is not None and len(data) == size else None
