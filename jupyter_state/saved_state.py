"""``st.remember``: session state that survives a kernel restart (beyond Streamlit).

``st.remember("city", "days")`` (in an app cell or an ordinary cell) says: save these keys
after each completed run, and bring them back when the kernel starts again and the call
runs again. ``st.remember()`` with no keys remembers every key of the session. The keys
are per notebook; calling it again adds keys.

Restoring happens at the first ``st.remember`` call of a session: every saved key that is
not in session state yet is put back before the code below reads it, so a keyed widget
below starts from its saved value (as a value it had itself: no "default value and
session state" warning). Keys restored count as remembered. Put the call at the top.

Saving happens after every run that completed (or stopped with ``st.stop()``), and after
an ordinary cell; a run that failed saves nothing. The file is written only when what it
would hold changed. A value the codec cannot store (``_snapshot_codec.py``) is named in one
warning for that run, with why and what to do; the other keys are still saved.

Where it goes, and why it can be trusted: ``_snapshot_store.py`` (a signed file per
notebook in the user's data folder); under Voilà, the visitor's browser
(``_snapshot_browser.py``). ``st.forget_saved_state()`` deletes the notebook's snapshot;
``st.trust_saved_state()`` loads one that was refused.
"""

from __future__ import annotations

import base64
import pickle
import sys
import weakref
from pathlib import Path
from typing import Any

from ._context import Session, current, is_kernel_session
from ._kernel import notebook_path, shell
from ._outcome import COMPLETED, STOPPED
from ._snapshot_browser import BrowserStore
from ._snapshot_codec import Undecodable, Unstorable, decode, encode
from ._snapshot_store import PICKLE_ENV, Refused, Snapshot, SnapshotFile, pickles_allowed
from .errors import JupyterStateAPIException
from .page import under_voila
from .state import validate_key
from .widgets._binding import show_warning

__all__ = [
    "SavedState", "describe", "forget_for", "forget_saved_state", "remember", "saved_state_of", "trust_saved_state",
]


class SavedState:
    """What one session remembers, and its snapshot file."""

    def __init__(self, session: Session, file: SnapshotFile | BrowserStore) -> None:
        self.session_ref = weakref.ref(session)
        #: where the snapshot is: a signed file, or under Voilà the visitor's browser
        self.file = file
        #: the namespace of the code that called st.remember (Enum classes are looked up there)
        self.namespace: Any = None
        #: the keys remembered (``every``: all of them)
        self.keys: dict[str, None] = {}
        self.every = False
        #: whether the first call has looked for a snapshot to restore
        self.restored = False
        #: saved entries not restored (a class not defined yet): kept in the file, not lost
        self.unrestored: dict[str, Any] = {}
        #: the last run the listener saved after (a new one is told from a cell's notice)
        self.seen_run: Any = None
        #: the last save's unstorable keys -> why (the side panel shows them)
        self.problems: dict[str, str] = {}
        #: what the last warning after a cell said (a cell repeats a warning only when it changed)
        self.warned: dict[str, str] = {}
        #: a refused snapshot: kept as it is (nothing saved over it) until trusted or forgotten
        self.refused: Refused | None = None

    def remembered(self) -> list[str]:
        """The remembered keys that are in session state now, in its order."""
        session = self.session_ref()
        if session is None:
            return []
        state = session.state
        if self.every:
            return [k for k in state.to_dict()]
        return [k for k in self.keys if state.holds(k)]

    # -- restoring -------------------------------------------------------------------------
    def restore(self, namespace: Any, *, run: Any = None, replace: bool = False) -> list[str]:
        """Put back the saved keys not in session state (``replace``: all); return them. Refusals are warned."""
        self.restored = True
        try:
            snapshot = self.file.read()
        except Refused as refused:
            self.refused = refused
            show_warning(f"{refused} Until then nothing is saved over it; st.forget_saved_state() deletes it.", run)
            return []
        self.refused = None
        return self.put_back(snapshot, namespace, run=run, replace=replace) if snapshot is not None else []

    def put_back(self, snapshot: Snapshot, namespace: Any, *, run: Any = None, app: Any = None,
                 replace: bool = False) -> list[str]:
        """Put ``snapshot``'s keys into session state (``replace``: also those there already)."""
        session = self.session_ref()
        if session is None:
            return []
        state = session.state
        back: list[str] = []
        failures: list[str] = []
        for key, stored in snapshot.keys.items():
            if state.holds(key) and not replace:
                continue
            try:
                value = _unpickle(stored) if snapshot.codec == "pickle" else decode(stored, namespace)
            except Undecodable as exc:
                self.unrestored[key] = stored
                failures.append(f"{key!r}: {exc}")
                continue
            except Exception as exc:  # a damaged entry: the others still come back
                failures.append(f"{key!r}: it could not be read back ({type(exc).__name__}: {exc})")
                continue
            state.set_widget_value(key, value)  # as a widget's own value: no duplication warning
            self.keys[key] = None
            back.append(key)
        if failures:
            show_warning(
                f"st.remember could not restore {len(failures)} saved key(s) from {self.file.path}; the others "
                f"were restored: " + "; ".join(failures) + ". They stay saved until the key is set again.", run, app)
        return back

    def from_browser(self, snapshot: Snapshot | None, problem: str | None) -> None:
        """Under Voilà: the page sent the visitor's copy; put it back and rerun the apps."""
        session = self.session_ref()
        if session is None:
            return
        app = next((a for a in session.apps if not a.closed), None)
        if problem is not None:
            show_warning(f"The session state saved in {self.file.path} was not loaded: {problem}. "
                         "It is replaced at the next save.", app=app)
        if snapshot is None:
            self.save(app)  # what the first run left, now that the page can keep it
            return
        # The first run went by before the page answered: the visitor's values replace the
        # ones it started with, as a widget's own values (no duplication warning).
        if self.put_back(snapshot, self.namespace, app=app, replace=True):
            session.request_rerun()
            session.after_frontend_message()

    # -- saving ----------------------------------------------------------------------------
    def collect(self) -> Snapshot:
        """The snapshot of the remembered keys now; the values that cannot be stored go to ``problems``."""
        session = self.session_ref()
        pickled = pickles_allowed() and not isinstance(self.file, BrowserStore)
        stored: dict[str, Any] = {}
        self.problems = {}
        state = session.state if session is not None else None
        for key in self.remembered():
            value = state.peek(key) if state is not None else None
            try:
                stored[key] = _pickle(value) if pickled else encode(value)
            except Unstorable as exc:
                self.problems[key] = f"{_type_name(value)}: {exc}"
            except Exception as exc:  # pickle raises many types
                self.problems[key] = f"{_type_name(value)}: it does not pickle ({type(exc).__name__}: {exc})"
        for key, entry in self.unrestored.items():
            if state is not None and not state.holds(key):
                stored.setdefault(key, entry)
        return Snapshot("pickle" if pickled else "json", stored)

    def save(self, app: Any = None) -> bool:
        """Write the snapshot if it changed; warn about the values that cannot be stored."""
        if self.session_ref() is None or self.refused is not None:
            return False
        written = self.file.write(self.collect())
        if self.problems and (app is not None or self.problems != self.warned):
            show_warning(self.problem_message(), app=app)
        self.warned = dict(self.problems)
        return written

    def problem_message(self) -> str:
        """The one warning that names the values this run could not save."""
        names = "; ".join(f"{key!r} ({why})" for key, why in self.problems.items())
        return (
            f"st.remember could not save {len(self.problems)} session-state key(s); the others were saved. "
            f"{names}. They will be missing after a kernel restart. Store something a snapshot holds instead "
            "(numbers, text, dates, lists, dicts, small DataFrames; the settings that rebuild an object "
            "rather than the object), remember only the keys you need with st.remember('a', 'b'), or, for "
            f"a folder only you use, allow pickles with {PICKLE_ENV}=1 in the kernel's environment."
        )

    def forget(self) -> bool:
        """Delete the snapshot file; True when there was one. The next change is saved again."""
        self.unrestored.clear()
        self.refused = None
        gone = self.file.delete()
        self.file.forgot(self.collect())  # what is forgotten is not written back by the next save
        return gone


def _type_name(value: Any) -> str:
    kind = type(value)
    return kind.__qualname__ if kind.__module__ == "builtins" else f"{kind.__module__}.{kind.__qualname__}"


def _pickle(value: Any) -> str:
    return base64.b64encode(pickle.dumps(value)).decode("ascii")


def _unpickle(stored: Any) -> Any:
    # Only reached for a file whose signature is this user's, with pickles allowed (the store checks).
    return pickle.loads(base64.b64decode(stored))  # noqa: S301


# -- which notebook --------------------------------------------------------------------------
_saved: weakref.WeakKeyDictionary[Any, SavedState] = weakref.WeakKeyDictionary()


def _where(session: Session, namespace: Any) -> str:
    """The absolute path whose snapshot this session uses, or a clear error."""
    if is_kernel_session(session):
        name = notebook_path()
        if name:
            return str(Path(name).expanduser().resolve())
        raise JupyterStateAPIException(
            "st.remember needs to know which notebook this is, and this kernel was not told: it is not a "
            "notebook kernel started by Jupyter (JupyterLab, Notebook 7, Voilà or VS Code set its path). "
            "In plain IPython or a script nothing is remembered; in a test, use AppTest.from_file."
        )
    for name in ("__file__", "__session__"):  # AppTest.from_file's script, from_notebook's notebook
        script = namespace.get(name) if namespace is not None else None
        if isinstance(script, str) and Path(script).is_file():
            return str(Path(script).resolve())
    raise JupyterStateAPIException(
        "st.remember in an AppTest keeps state per script or notebook file: use AppTest.from_file(path) "
        "or AppTest.from_notebook(path) (from_string and from_function have no file to key it by)."
    )


def saved_state_of(session: Session | None = None) -> SavedState | None:
    """The session's :class:`SavedState` (None before its first ``st.remember``)."""
    return _saved.get(session if session is not None else current())


def _saved_for(session: Session, namespace: Any) -> SavedState:
    saved = _saved.get(session)
    if saved is None:
        if under_voila() and is_kernel_session(session):
            # Each visitor's state stays in their browser, never in a file other visitors' kernels read.
            browser = BrowserStore(notebook_path() or "voila")
            saved = _saved[session] = SavedState(session, browser)
            browser.on_stored = saved.from_browser
        else:
            saved = _saved[session] = SavedState(session, SnapshotFile(_where(session, namespace)))
        session.subscribe(_after_run)
    return saved


def _after_run(session: Any) -> None:
    """After a run (or a cell): save what the session remembers."""
    saved = _saved.get(session)
    if saved is None or session.run_in_progress is not None or not (saved.keys or saved.every or saved.unrestored):
        return
    last = session.last_run
    if last is not None and last is not saved.seen_run:
        saved.seen_run = last
        app, outcome = last
        if isinstance(saved.file, BrowserStore):
            saved.file.attach(app)  # (once per app) the page sends its copy when it shows the view
        if outcome not in (COMPLETED, STOPPED):
            return  # a failed run (or one that reruns at once) leaves nothing to save
        saved.save(app if not app.closed else None)
    else:
        saved.save()  # an ordinary cell (or the side panel) may have changed a remembered key


def _caller_namespace() -> Any:
    frame: Any = sys._getframe(2)
    return frame.f_globals if frame is not None else None


# -- the API ----------------------------------------------------------------------------------
def remember(*keys: Any) -> None:
    """Keep these session-state keys across kernel restarts (every key when none are given).

    After each completed run (and each ordinary cell) the keys' values are saved for this
    notebook, in your Jupyter data folder, signed so that only a snapshot you saved is
    loaded. When the kernel starts again, the first ``st.remember`` call puts the saved
    values back before the code below it runs: call it at the top of the app cell. A value
    that cannot be stored (a model, a function) is named in a warning; the rest is saved.
    Under Voilà each visitor's values are kept in their own browser instead, and come back
    when they reload the page.

    Parameters
    ----------
    *keys : str
        The session-state keys to remember; none: every key of the session.

    Examples
    --------
    >>> st.remember("city", "days")  # doctest: +SKIP
    >>> city = st.selectbox("City", ["Paris", "Oslo"], key="city")  # doctest: +SKIP
    """
    names = [validate_key(key) for key in keys]
    session = current()
    namespace = _caller_namespace()
    saved = _saved_for(session, namespace)
    saved.namespace = namespace
    if names:
        saved.keys.update(dict.fromkeys(names))
    else:
        saved.every = True
    if not saved.restored:
        saved.restore(namespace, run=session.run_in_progress)


def forget_saved_state() -> bool:
    """Delete this notebook's saved session state; True when there was a snapshot.

    The session state itself is not changed, and the keys stay remembered: the next
    change to one of them is saved again. After this and a kernel restart (with no change
    in between) nothing is restored.

    Examples
    --------
    >>> st.forget_saved_state()  # doctest: +SKIP
    True
    """
    return forget_for(current(), _caller_namespace())


def forget_for(session: Session, namespace: Any = None) -> bool:
    """``st.forget_saved_state()`` for ``session`` (the side panel's "Forget saved state")."""
    saved = _saved.get(session)
    if saved is None:
        if under_voila() and is_kernel_session(session):
            return False  # the visitor's copy is reached through the app that calls st.remember
        saved = SavedState(session, SnapshotFile(_where(session, namespace)))
    return saved.forget()


def describe(session: Session) -> dict[str, Any]:
    """What the side panel shows: the keys remembered now, the file, the values not saved."""
    saved = _saved.get(session)
    if saved is None:
        return {"remembered": [], "every": False, "file": None, "saved": False, "unsaved": {}}
    return {"remembered": saved.remembered(), "every": saved.every, "file": str(saved.file.path),
            "saved": saved.file.exists(), "unsaved": dict(saved.problems)}


def trust_saved_state() -> list[str]:
    """Sign this notebook's snapshot as yours and load it: only after you looked at the file.

    A snapshot that is unsigned, was changed, or was signed by another user is not loaded
    (a warning names the file). This signs it with your secret and loads it: the saved
    values replace the ones the keys have now, and the apps rerun. Returns the keys restored.

    Examples
    --------
    >>> st.trust_saved_state()  # doctest: +SKIP
    ['city', 'days']
    """
    session = current()
    namespace = _caller_namespace()
    saved = _saved_for(session, namespace)
    if not saved.file.trust():
        raise JupyterStateAPIException(f"There is no saved session state to trust at {saved.file.path}.")
    back = saved.restore(namespace, run=session.run_in_progress, replace=True)
    if session.run_in_progress is None and shell() is not None:
        session.request_rerun()  # the apps show the restored values after the cell
    return back
