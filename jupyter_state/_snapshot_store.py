"""Where saved session state lives (``st.remember``), and why a snapshot can be trusted.

One file per notebook, in the user's data folder, never beside the notebook::

    <jupyter data dir>/jupyter_state/snapshots/<sha256 of the notebook's absolute path>.json

(``$JUPYTER_STATE_DATA_DIR`` replaces ``<jupyter data dir>/jupyter_state``). A file that
came with a notebook (copied, downloaded, in a repository) is never where we look.

Every snapshot is signed with HMAC-SHA256 under a per-user secret, made on first use in
that folder with mode 0600, as nbformat signs trusted notebooks. A snapshot is loaded only
when its signature is this user's and it names this notebook; an unsigned, changed or
foreign one is refused with a message that says which file, why, and that
``st.trust_saved_state()`` loads it after the user has looked at it.

Values are JSON (``_snapshot_codec.py``). Pickles (base64, one per key) are written and
read only when the user says so outside any notebook, with
``JUPYTER_STATE_SNAPSHOT_PICKLE=1`` in the kernel's environment, and are unpickled only
when the file's signature is this user's.
Writes are atomic: a temporary file in the same folder, then a rename.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FORMAT", "Refused", "Snapshot", "SnapshotFile", "data_dir", "pickles_allowed"]

FORMAT = "jupyter_state.snapshot"
VERSION = 1
PICKLE_ENV = "JUPYTER_STATE_SNAPSHOT_PICKLE"


def data_dir() -> Path:
    """The folder of the secret and the snapshots."""
    configured = os.environ.get("JUPYTER_STATE_DATA_DIR")
    if configured:
        return Path(configured)
    from jupyter_core.paths import jupyter_data_dir  # the Jupyter data folder, only when a snapshot is used

    return Path(jupyter_data_dir()) / "jupyter_state"


def pickles_allowed() -> bool:
    """Whether the user allowed pickled snapshots (in the kernel's environment, not a notebook)."""
    return os.environ.get(PICKLE_ENV, "").strip().lower() in ("1", "true", "yes", "on")


#: the secret last read, by its file: (size, mtime) -> secret (a run's save reads no file)
_secret_cache: dict[Path, tuple[tuple[int, int], bytes]] = {}


def _secret() -> bytes:
    """The signing secret of the user running the kernel, made (mode 0600) on first use."""
    path = data_dir() / "snapshot_secret"
    try:
        info = path.stat()
    except FileNotFoundError:
        return _new_secret(path)
    stamp = (info.st_size, info.st_mtime_ns)
    cached = _secret_cache.get(path)
    if cached is not None and cached[0] == stamp:
        return cached[1]
    secret = path.read_bytes()
    _secret_cache[path] = (stamp, secret)
    return secret


def _new_secret(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another kernel made it meanwhile
        return path.read_bytes()
    secret = secrets.token_hex(32).encode("ascii")
    with os.fdopen(fd, "wb") as file:
        file.write(secret)
    return secret


def _signer(secret: bytes) -> str:
    """A public name of the secret: tells "signed by someone else" from "changed"."""
    return hashlib.sha256(b"jupyter_state signer\0" + secret).hexdigest()[:16]


def _canonical(document: dict[str, Any]) -> bytes:
    unsigned = {k: v for k, v in document.items() if k != "signature"}
    return json.dumps(unsigned, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode("ascii")


def _sign(document: dict[str, Any], secret: bytes) -> dict[str, Any]:
    document = {**document, "signer": _signer(secret)}
    document["signature"] = hmac.new(secret, _canonical(document), hashlib.sha256).hexdigest()
    return document


class Refused(Exception):
    """A snapshot that is not loaded; the message says which file, why and what to do."""

    def __init__(self, path: Path, why: str, *, trustable: bool = True) -> None:
        then = (" If you know where it came from and want it, look at it, then run "
                "st.trust_saved_state() in a cell: it signs the file as yours and loads it."
                if trustable else "")
        super().__init__(f"Saved session state not loaded from {path}: {why}.{then}")
        self.path = path
        self.why = why


@dataclass
class Snapshot:
    """What a snapshot file holds: key -> encoded value (JSON codec) or base64 pickle (pickle codec)."""

    codec: str
    keys: dict[str, Any]


class SnapshotFile:
    """The snapshot file of one notebook (or one AppTest script)."""

    def __init__(self, notebook: str) -> None:
        self.notebook = notebook
        digest = hashlib.sha256(notebook.encode("utf-8")).hexdigest()
        self.path = data_dir() / "snapshots" / f"{digest}.json"
        #: what was last written or read, encoded: a write that changes nothing is skipped
        self.last_written: bytes | None = None

    def exists(self) -> bool:
        return self.path.is_file()

    # -- writing ---------------------------------------------------------------------------
    def document(self, snapshot: Snapshot) -> dict[str, Any]:
        """The unsigned document of ``snapshot``."""
        return {"format": FORMAT, "version": VERSION, "notebook": self.notebook, "codec": snapshot.codec,
                "keys": snapshot.keys}

    def write(self, snapshot: Snapshot) -> bool:
        """Sign and write ``snapshot`` if it differs from the last one; True when written."""
        body = self._body(snapshot)
        if body == self.last_written:
            return False
        signed = _sign(self.document(snapshot), _secret())
        self._replace(json.dumps(signed, sort_keys=True, indent=1).encode("utf-8"))
        self.last_written = body
        return True

    def _body(self, snapshot: Snapshot) -> bytes:
        return json.dumps(self.document(snapshot), sort_keys=True).encode("utf-8")

    def forgot(self, snapshot: Snapshot) -> None:
        """The file was deleted while the state was ``snapshot``: write again only when it changes."""
        self.last_written = self._body(snapshot)

    def _replace(self, data: bytes) -> None:
        folder = self.path.parent
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, temp = tempfile.mkstemp(prefix=".snapshot-", suffix=".tmp", dir=folder)
        try:
            # No fsync: the rename keeps readers from ever seeing half a file, and a file cut
            # short by a power cut is refused as unreadable (never loaded); an fsync per run
            # would cost milliseconds.
            with os.fdopen(fd, "wb") as file:
                file.write(data)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def delete(self) -> bool:
        """Delete the file; True when there was one."""
        try:
            self.path.unlink()
        except FileNotFoundError:
            return False
        return True

    # -- reading ---------------------------------------------------------------------------
    def _load_document(self) -> dict[str, Any]:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise Refused(self.path, f"it cannot be read as JSON ({exc})", trustable=False) from None
        if not isinstance(document, dict) or document.get("format") != FORMAT:
            raise Refused(self.path, "it is not a jupyter_state snapshot", trustable=False)
        return document

    def read(self) -> Snapshot | None:
        """The snapshot, if there is one and it is this user's, for this notebook; else None.

        Raises :class:`Refused` for a file that is there but may not be loaded.
        """
        if not self.exists():
            return None
        document = self._load_document()
        signature = document.get("signature")
        if not isinstance(signature, str):
            raise Refused(self.path, "it is not signed, so nothing says who wrote it")
        secret = _secret()
        if document.get("signer") != _signer(secret):
            raise Refused(self.path, "it was signed by another user or on another machine (a foreign snapshot)")
        expected = hmac.new(secret, _canonical(document), hashlib.sha256).hexdigest()
        if not hmac.compare_digest(expected, signature):
            raise Refused(self.path, "it was changed after it was saved (its signature does not match)")
        if document.get("notebook") != self.notebook:
            raise Refused(self.path, f"it was saved for another notebook, {document.get('notebook')!r}")
        return self._snapshot(document)

    def _snapshot(self, document: dict[str, Any]) -> Snapshot:
        codec, keys = document.get("codec"), document.get("keys")
        if codec not in ("json", "pickle") or not isinstance(keys, dict):
            raise Refused(self.path, f"its codec {codec!r} is not one jupyter_state reads", trustable=False)
        if codec == "pickle" and not pickles_allowed():
            raise Refused(self.path, f"it holds pickles, and pickled snapshots are off; set {PICKLE_ENV}=1 in "
                          "the environment the kernel starts in to allow them", trustable=False)
        snapshot = Snapshot(codec, keys)
        self.last_written = self._body(snapshot)
        return snapshot

    def trust(self) -> bool:
        """Sign the file as this user's, for this notebook, after the user looked; False if none."""
        if not self.exists():
            return False
        document = self._load_document()
        document = {k: v for k, v in document.items() if k not in ("signature", "signer")}
        document["notebook"] = self.notebook
        self._replace(json.dumps(_sign(document, _secret()), sort_keys=True, indent=1).encode("utf-8"))
        self.last_written = None
        return True
