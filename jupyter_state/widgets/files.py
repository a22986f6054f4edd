"""``st.file_uploader``: files from the user's computer, as :class:`UploadedFile` objects.

The uploader is Streamlit's drop zone (an anywidget, ``static/file_uploader.js``): an
"Upload" button, drag and drop, the limit hint, and the files as chips with a remove
button. The browser sends the files' bytes as binary buffers of one ``update`` message (as
ipywidgets' ``FileUpload`` does), and the kernel checks them (type and size) before they
become the widget's value. A refused upload changes nothing: the app shows an error that
names the file, the previous files stay, and the drop zone shows them again. Removing a
file is a change like an upload: its callback runs, and the app reruns.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import io
import mimetypes
import uuid
from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Literal

import ipywidgets

from .._context import current
from ..elements import error
from ..errors import JupyterStateValueError
from ._binding import register
from ._family import Family, check_callback

__all__ = ["UploadedFile", "file_uploader", "normalize_types"]

Callback = Callable[..., Any] | None

#: Extensions that name the same kind of file (as Streamlit pairs them).
_TYPE_PAIRS = [(".jpg", ".jpeg"), (".mpg", ".mpeg"), (".mp4", ".mpeg4"), (".tif", ".tiff"), (".htm", ".html")]
_SHORTCUTS = ("image", "audio", "video", "text")
#: the extension Streamlit's hint names for each of a pair (JPEG files are "JPG")
_CANONICAL_EXTENSION = {"jpeg": "jpg", "tiff": "tif", "htm": "html", "mpeg": "mpg", "mpeg4": "mp4"}
_MB = 1024 * 1024


class UploadedFile(io.BytesIO):
    """A file the user uploaded: a ``BytesIO`` with ``name``, ``type`` (MIME) and ``size``.

    Pass it wherever a binary file is accepted (``pd.read_csv(file)``). ``getvalue()``
    returns all the bytes whatever the position; every run gets the file from its start.
    Two ``UploadedFile`` are equal when they come from the same upload (``file_id``).

    Examples
    --------
    >>> f = UploadedFile(b"name,qty;pears,3", "data.csv", "text/csv")
    >>> f.name, f.type, f.size, f.read(3)
    ('data.csv', 'text/csv', 16, b'nam')
    """

    def __init__(self, data: bytes, name: str, type: str = "application/octet-stream", *, file_id: str | None = None,
                 last_modified: int | None = None) -> None:
        super().__init__(data)
        self.file_id = file_id or uuid.uuid4().hex
        self.name = name
        self.type = type
        self.size = len(data)
        #: milliseconds since the epoch, as the browser reports it
        self.last_modified = last_modified

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, UploadedFile):
            return NotImplemented
        return self.file_id == other.file_id

    def __hash__(self) -> int:
        return hash(self.file_id)

    def __repr__(self) -> str:
        return f"UploadedFile(file_id={self.file_id!r}, name={self.name!r}, type={self.type!r}, size={self.size})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Used by pickle and deepcopy: a copy starts at the beginning of the file.
        return (_restore_file, (self.getvalue(), self.name, self.type, self.file_id, self.last_modified))


def _restore_file(data: bytes, name: str, type: str, file_id: str, last_modified: int | None) -> UploadedFile:
    return UploadedFile(data, name, type, file_id=file_id, last_modified=last_modified)


def normalize_types(type: str | Sequence[str] | None) -> tuple[str, ...] | None:
    """Streamlit's spelling of allowed types: ``"CSV"`` -> ``(".csv",)``, ``"image"`` -> ``("image/*",)``."""
    if type is None:
        return None
    entries = [type] if isinstance(type, str) else list(type)
    mimes: list[str] = []
    extensions: list[str] = []
    for raw in entries:
        entry = str(raw).strip().lower()
        if not entry:
            continue
        if entry in _SHORTCUTS:
            mimes.append(f"{entry}/*")
        elif "/" in entry:
            mimes.append(entry)
        else:
            extensions.append(entry if entry.startswith(".") else f".{entry}")
    for a, b in _TYPE_PAIRS:
        if a in extensions and b not in extensions:
            extensions.append(b)
        if b in extensions and a not in extensions:
            extensions.append(a)
    return tuple(mimes + extensions) or None


def _type_allowed(name: str, mime: str, allowed: tuple[str, ...]) -> bool:
    lowered = name.lower()
    for pattern in allowed:
        if pattern.startswith("."):
            if lowered.endswith(pattern):
                return True
        elif mime and fnmatch.fnmatch(mime.lower(), pattern):
            return True
    return False


def _size_text(size: int) -> str:
    return f"{size / _MB:.1f} MB" if size >= _MB // 10 else f"{size / 1024:.1f} KB"


def _as_files(value: Any) -> list[UploadedFile]:
    """Files from what a test or the kernel hands over: files, ``(name, data[, mime])``, None."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) and not _is_pair(value) else [value]
    files = []
    for item in items:
        if isinstance(item, UploadedFile):
            files.append(item)
            continue
        name, data, *rest = item
        mime = rest[0] if rest and rest[0] else (mimetypes.guess_type(name)[0] or "application/octet-stream")
        content = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        files.append(UploadedFile(content, str(name), mime))
    return files


def _is_pair(value: Any) -> bool:
    return (isinstance(value, tuple) and len(value) in (2, 3) and isinstance(value[0], str)
            and isinstance(value[1], (bytes, bytearray, memoryview, str)))


class FileUploaderFamily(Family):
    kind: ClassVar[str] = "file_uploader"
    readonly = True
    key_identity: ClassVar[tuple[str, ...]] = ("type", "accept_multiple_files", "max_upload_size")
    # A refused upload (or one file too many) is answered with the files the kernel kept.
    corrects_input = True

    def build(self) -> ipywidgets.DOMWidget:
        from ._upload_view import FileUploaderView  # anywidget, with the first uploader

        view = FileUploaderView(_dom_classes=self.classes, **self.view_traits())  # all in its comm_open
        view.accepted = self.empty()
        return view

    def view_traits(self) -> dict[str, Any]:
        p = self.params
        return {
            "description": str(p["label"]),
            "label_visibility": p["label_visibility"],
            "tooltip": p["help"],
            "accept": ",".join(p["type"] or ()),
            "multiple": bool(p["accept_multiple_files"]),
            "directory": bool(p.get("directory")),
            "max_upload_size": int(p["max_upload_size"]),
            "hint_types": type_names(p["type"]),
        }

    def empty(self) -> Any:
        return [] if self.params["accept_multiple_files"] else None

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        """The files the browser sent, if they pass the checks; else the last that did."""
        held = {f.file_id: f for f in _as_files(view.accepted)}
        files = []
        for entry in view.value:
            f = _from_frontend(entry, held, view.take(entry.get("file_id"), entry.get("size", 0)))
            if f is not None:
                files.append(f)
        view.received.clear()  # every byte sent so far is in these files, or not wanted
        if not self.params["accept_multiple_files"]:
            files = files[:1]
        problem = self.check(files)
        if problem is not None:
            view.rejection = problem
            return view.accepted
        view.rejection = None
        view.accepted = files if self.params["accept_multiple_files"] else (files[0] if files else None)
        return view.accepted

    def check(self, files: list[UploadedFile]) -> str | None:
        """Why these files cannot be accepted, or None."""
        p = self.params
        label = p["label"]
        kept = "Nothing was uploaded; the previous upload is kept."
        for f in files:
            if "\0" in f.name:
                return f"st.file_uploader({label!r}): the file name {f.name!r} contains a null byte. {kept}"
            if p["type"] is not None and not _type_allowed(f.name, f.type, p["type"]):
                allowed = ", ".join(p["type"])
                return (f"st.file_uploader({label!r}): {f.name!r} is not an allowed file type. "
                        f"Allowed: {allowed}. {kept}")
            limit = p["max_upload_size"]
            if f.size > limit * _MB:
                return (
                    f"st.file_uploader({label!r}): {f.name!r} is {_size_text(f.size)}, larger than the "
                    f"upload limit of {limit} MB (max_upload_size=, or the option server.maxUploadSize). {kept}"
                )
        return None

    def trait_values(self, value: Any) -> dict[str, Any]:
        now = int(dt.datetime.now(dt.timezone.utc).timestamp() * 1000)
        entries = []
        for f in _as_files(value):
            entries.append({
                "file_id": f.file_id,
                "name": f.name,
                "type": f.type,
                "size": f.size,
                "content": f.getvalue(),
                "last_modified": f.last_modified if f.last_modified is not None else now,
            })
        return {"value": tuple(entries)}

    def write(self, view: ipywidgets.DOMWidget, value: Any) -> None:
        if value != view.accepted:  # (not the kept files shown again after a refusal)
            view.rejection = None
        view.accepted = value
        view.received.clear()
        # The kernel holds these files now: the view names them without a copy of their bytes.
        entries = tuple({**e, "content": None} for e in self.trait_values(value)["value"])
        if [_shown(e) for e in view.value] == [_shown(e) for e in entries]:
            return  # the browser shows these files (it sent the kept ones without their bytes)
        view.value = entries


def _shown(entry: Any) -> tuple[Any, ...]:
    """What the browser shows of a file, and knows it by."""
    return (entry.get("file_id"), entry.get("name"), entry.get("size"))


def _from_frontend(entry: Any, held: dict[str, UploadedFile], sent: bytes | None = None) -> UploadedFile | None:
    """The file an entry of the view's value names.

    One the kernel holds (by ``file_id``), or a new one with the bytes the browser sent
    (in the entry, or earlier: ``sent``); None for an unknown file without its bytes.
    """
    file_id = entry.get("file_id")
    if file_id is not None and file_id in held:
        return held[file_id]
    content = entry.get("content")
    if content is None:
        content = sent
    if content is None:
        return None
    modified = entry.get("last_modified")
    if isinstance(modified, dt.datetime):
        modified = int(modified.timestamp() * 1000)
    mime = str(entry.get("type") or "application/octet-stream")
    return UploadedFile(bytes(content), str(entry["name"]), mime, file_id=file_id, last_modified=modified)


def type_names(types: Sequence[str] | None) -> str:
    """The allowed types as Streamlit's hint names them ("200MB per file • CSV").

    ``(".csv",)`` -> ``"CSV"``, ``("image/*", ".jpg", ".jpeg")`` -> ``"image, JPG"``: a
    pair of extensions is named once.

    Examples
    --------
    >>> type_names(normalize_types(["png", "jpg", "application/pdf"]))
    'application/pdf, PNG, JPG'
    """
    seen: set[str] = set()
    names = []
    for entry in types or ():
        if "/" not in entry:
            bare = entry.lstrip(".").lower()
            entry = "." + _CANONICAL_EXTENSION.get(bare, bare)
        folded = entry.lower().lstrip(".")
        if folded in seen:
            continue
        seen.add(folded)
        if entry.endswith("/*"):
            names.append(entry[:-2])
        elif "/" in entry:
            names.append(entry)
        else:
            names.append(entry.lstrip(".").upper())
    return ", ".join(names)


def file_uploader(
    label: str,
    type: str | Sequence[str] | None = None,
    accept_multiple_files: bool | Literal["directory"] = False,
    key: str | int | None = None,
    help: str | None = None,
    on_change: Callback = None,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    *,
    max_upload_size: int | None = None,
    disabled: bool = False,
    label_visibility: str = "visible",
) -> Any:
    """Display a file uploader; return the uploaded file (``None`` before an upload).

    With ``accept_multiple_files=True`` it returns a list of files (``[]`` before an
    upload). Each file is an :class:`UploadedFile`, a ``BytesIO`` with ``name``, ``type``
    and ``size``. Its key is read-only in ``st.session_state``.

    Parameters
    ----------
    label : str
        The label above the drop zone.
    type : str or list of str, optional
        Allowed extensions (``"csv"``, ``[".png", "jpg"]``), MIME types or ``"image"``-like
        shortcuts. The browser offers only these, and the kernel refuses other files with
        an error shown in the app.
    accept_multiple_files : bool or "directory"
        Whether the user may upload several files (each upload adds to the list; the
        chips' remove buttons take files out). Without it a new upload replaces the file.
        ``"directory"``: the user picks (or drops) folders, and gets the files in them,
        each named by its path in the folder; files of other types than ``type`` are
        refused in the browser.
    key : str or int, optional
        Names the widget in ``st.session_state`` (read-only: it cannot be assigned).
    help : str, optional
        A tooltip.
    on_change : callable, optional
        Called as ``on_change(*args, **kwargs)`` after an accepted upload, before the rerun.
    args, kwargs
        Arguments for ``on_change``.
    max_upload_size : int, optional
        The largest file in MB; by default the option ``server.maxUploadSize`` (200).
    disabled : bool
        Whether the uploader can be used.
    label_visibility : {"visible", "hidden", "collapsed"}
        Whether the label shows ("hidden" keeps its space, "collapsed" gives it up).

    Examples
    --------
    >>> uploaded = st.file_uploader("Choose a CSV file", type="csv")  # doctest: +SKIP
    >>> if uploaded is not None:
    ...     df = pd.read_csv(uploaded)  # doctest: +SKIP
    """
    if label_visibility not in ("visible", "hidden", "collapsed"):
        raise JupyterStateValueError(
            f"label_visibility must be 'visible', 'hidden' or 'collapsed', got {label_visibility!r}."
        )
    bad_size = isinstance(max_upload_size, bool) or not isinstance(max_upload_size, int) or max_upload_size < 1
    if max_upload_size is not None and bad_size:
        raise JupyterStateValueError(
            f"st.file_uploader({label!r}): max_upload_size must be a whole number of MB of at least 1, "
            f"got {max_upload_size!r}. "
            "Pass None to use the option server.maxUploadSize."
        )
    types = normalize_types(type)
    multiple = bool(accept_multiple_files)
    session = current()
    limit = max_upload_size if max_upload_size is not None else int(session.max_upload_size)
    family = FileUploaderFamily(
        label=label, type=types, accept_multiple_files=multiple, directory=accept_multiple_files == "directory",
        help=help, max_upload_size=limit, label_visibility=label_visibility,
    )
    many = "directory" if accept_multiple_files == "directory" else multiple
    identity = {"label": label, "type": types, "accept_multiple_files": many, "help": help,
                "max_upload_size": max_upload_size}
    value = register(family, default=family.empty(), key=key, identity=identity, callback=check_callback(on_change),
                     args=args, kwargs=kwargs, disabled=disabled)
    run = session.run_in_progress
    if run is not None:
        rejection = run.target[-1].view.rejection  # register() has just added the widget
        if rejection:
            error(rejection)
    return value
