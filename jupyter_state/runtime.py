"""The run loop: how one run of an app happens, and when runs happen.

A *run* is one execution of an app's body (the ``%%app`` cell). :meth:`JupyterState.run`
reads top to bottom as the seven steps of DESIGN.md §3:

1. apply the widget values the frontend sent since the last run;
2. compute which widgets changed against the previous run;
3. run their callbacks, in the order the widgets appear in the app, with the
   ``args``/``kwargs`` captured when they were rendered;
4. execute the body (widget calls register themselves and bind their keys);
5. reset trigger widgets (buttons) to ``False``, unless the run stopped or raised (then
   they stay ``True`` until the next run starts, which resets them first, as in Streamlit);
6. unless the run stopped or raised, close the widgets it did not render;
7. if enforcement is on and the run completed, check every value pickles.

Every run ends with an :class:`Outcome`. Whatever goes wrong in it, in the user's code or
in ours (applying a value, comparing one), and a kernel interrupt too, ends it as a failed
run: the error is shown in the app, no widget is closed, no state is lost.

Runs are started by a frontend message that changed a widget (:meth:`flush`), by running
the ``%%app`` cell, by ``st.rerun()``, by an ``AppTest``, and by a change to a key another
app read (``reactivity.py``: after the runs an event asked for, the apps whose last
completed run read a key someone else changed rerun, each at most once per event). A run
requested while another is in progress is coalesced into one follow-up run.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from traitlets import Bool, CaselessStrEnum, Int, default
from traitlets.config import LoggingConfigurable

from ._context import Run, current, current_state, exists, install_kernel_session, using
from ._kernel import call_later, shell, shell_messages_waiting
from ._outcome import COMPLETED, FAILED, INTERRUPTED, RERUN, STOPPED, Outcome
from .app import App
from .errors import FragmentHandledException, RerunException, StopException
from .output import Capture, error_output
from .reactivity import Changes, Reads, due
from .state import SessionState, check_serializable, differs
from .widgets._base import Widget

__all__ = ["JupyterState", "Outcome", "Run", "current", "current_state", "exists", "using"]


def _env_flag(name: str) -> bool | None:
    value = os.environ.get(name)
    if value is None:
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")


class JupyterState(LoggingConfigurable):
    """One session: its state, its apps and the run loop.

    There is one per kernel (and one per ``AppTest``). Its options are traitlets config,
    so ``%config JupyterState.enforce_serializable_session_state = True`` and
    ``c.JupyterState...`` in ``ipython_config.py`` work; ``st.set_option`` gives the
    Streamlit spelling.
    """

    enforce_serializable_session_state = Bool(
        help="Check after every completed run that every session-state value pickles "
        "(Streamlit's runner.enforceSerializableSessionState). "
        "Env: JUPYTER_STATE_ENFORCE_SERIALIZABLE_SESSION_STATE=1."
    ).tag(config=True)
    disable_widget_state_duplication_warning = Bool(
        False,
        help="Do not warn when a keyed widget gets both value= and a session-state value "
        "(Streamlit's global.disableWidgetStateDuplicationWarning).",
    ).tag(config=True)
    raise_errors = Bool(
        help="Re-raise exceptions from callbacks and app bodies instead of only showing "
        "them in the app (useful in tests). Env: JUPYTER_STATE_RAISE_ERRORS=1."
    ).tag(config=True)
    max_upload_size = Int(200, help="Largest accepted upload, in MB.").tag(config=True)
    enum_coercion = CaselessStrEnum(
        ("off", "nameOnly", "nameAndValue"),
        "nameOnly",
        help="How radio, selectbox, multiselect and select_slider return Enum members when "
        "a rerun redefined the Enum class (Streamlit's runner.enumCoercion): 'nameOnly' "
        "returns the current class's member of the same name, 'nameAndValue' also needs "
        "the values to match, 'off' returns the member as it was chosen.",
    ).tag(config=True)
    cache_persist_pickles = Bool(
        help="Let st.cache_data(persist='disk') store values that are not JSON as pickles "
        "(loading a pickle runs code: only for a cache folder you trust). "
        "Env: JUPYTER_STATE_CACHE_PERSIST_PICKLES=1."
    ).tag(config=True)

    reactive = Bool(
        True,
        help="Rerun the other apps whose last run read a session-state key that changed "
        "(key-level reactivity across app cells); off, only widgets bound to the key "
        "follow it. Per app: %%app --static or st.app(fn, reactive=False).",
    ).tag(config=True)

    @default("enforce_serializable_session_state")
    def _enforce_serializable_session_state_default(self) -> bool:
        return bool(_env_flag("JUPYTER_STATE_ENFORCE_SERIALIZABLE_SESSION_STATE"))

    @default("cache_persist_pickles")
    def _cache_persist_pickles_default(self) -> bool:
        return bool(_env_flag("JUPYTER_STATE_CACHE_PERSIST_PICKLES"))

    @default("raise_errors")
    def _raise_errors_default(self) -> bool:
        return bool(_env_flag("JUPYTER_STATE_RAISE_ERRORS"))

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.state = SessionState()
        self.state.on_write = self._on_write
        self.state.on_change = self._on_change
        #: keys that really changed since the run loop last looked, and who changed them
        self.changes = Changes()
        #: the apps rerun because of others' writes in the event being handled (None: idle)
        self._wave: set[App] | None = None
        #: the app whose run changes keys now, from its first step to its triggers' reset
        #: and cull (None: a cell, the side panel)
        self._writer: App | None = None
        self.apps: list[App] = []
        #: the notebook's cell ids and their places, top to bottom (``set_cell_order``)
        self.cell_order: dict[str, int] = {}
        self.run_in_progress: Run | None = None
        #: widgets the frontend changed since their app's last run, in arrival order
        self.pending: dict[Widget, None] = {}
        #: the live widgets bound to each key (several when apps share a key), so a write
        #: from an ordinary cell can rerun their apps
        self.bound: dict[str, dict[Widget, None]] = {}
        self._requested: dict[App, None] = {}
        #: fragments asked to rerun alone (a change inside one, a timer, st.rerun(scope=...))
        self._fragment_requests: dict[App, dict[str, None]] = {}
        self._held = 0
        self._listeners: list[Callable[[JupyterState], None]] = []
        self.warned_duplication = False
        #: what an AppTest gives its app: ``at.secrets``, and the script's folder
        #: (where ``.streamlit/secrets.toml`` is looked for)
        self.test_secrets: dict[str, Any] | None = None
        self.script_dir: str | None = None

    # -- scheduling -------------------------------------------------------------------
    def note_change(self, widget: Widget) -> None:
        """Record a change the frontend made to ``widget`` (a trait change or a click)."""
        if widget.form is not None and not widget.family.trigger:
            widget.form.stage(widget)  # form members wait for their submit button
            return
        self.pending[widget] = None
        if widget.mode == "ignore":
            return  # on_change="ignore": no run now; the next run applies the value
        if widget.fragment is not None and widget.fragment in widget.app.fragments:
            self.request_fragment(widget.app, widget.fragment)  # only its fragment reruns
        else:
            self._requested[widget.app] = None

    def subscribe(self, listener: Callable[[JupyterState], None]) -> Callable[[], None]:
        """Call ``listener(session)`` whenever the state may have changed; return the unsubscribe.

        That is after every run and after every ordinary cell (the session-state inspector
        uses it). Errors in a listener are shown, never raised into the run loop.
        """
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    def notify(self) -> None:
        """Tell the listeners the state may have changed."""
        for listener in list(self._listeners):
            try:
                listener(self)
            except Exception:
                ipython = shell()
                if ipython is None:
                    raise
                ipython.showtraceback()

    def after_frontend_message(self, *, expect_more: bool = False) -> None:
        """A frontend message was handled: run now, unless more input is on its way.

        Bursts coalesce: while further shell messages wait in the kernel's queue, the run is
        left to the last of them, so the last value wins with one run. A timer makes sure
        the run happens even if none of the waiting messages is a widget's.
        """
        kernel = getattr(shell(), "kernel", None)
        if kernel is not None and (expect_more or shell_messages_waiting(kernel)) and call_later(0.05, self.flush):
            return
        self.flush()

    def flush(self) -> None:
        """Run the apps with a pending change or a rerun request, then those it concerns.

        Those are the apps whose last run read a key that these runs (or the cell, or the
        panel) changed; all of it is one wave (``reactivity.py``).
        """
        if self.run_in_progress is not None or self._held:
            return  # the run in progress (or the holder) picks the requests up
        outermost = self._wave is None
        if outermost:
            self._wave = set()  # one event, one wave
        try:
            while True:
                while self._requested or self._fragment_requests:
                    if self._requested:
                        self.run(next(iter(self._requested)))
                    else:
                        app = next(iter(self._fragment_requests))
                        self.run(app, tuple(self._fragment_requests.pop(app)))
                if not self._react():
                    break
        finally:
            if outermost:
                self._wave = None

    def _react(self) -> bool:
        """Request the reruns the changed keys call for; True if there are any.

        A reader is an app, or one of its fragments as ``(app, fragment id)``: a key read
        only inside a fragment reruns that fragment alone.
        """
        if not self.changes:
            return False
        if not self.reactive:
            self.changes.take()
            return False
        wave = self._wave if self._wave is not None else set()
        to_rerun, cycles = due(self.changes, self._readers(), wave, owner=_app_of)
        for reader, keys in cycles:
            _app_of(reader).warn_cycle(keys)
        whole = {reader for reader, _keys in to_rerun if not isinstance(reader, tuple)}
        for reader, _keys in to_rerun:
            wave.add(reader)
            if isinstance(reader, tuple):
                app, fid = reader
                if app not in whole:
                    self.request_fragment(app, fid)
            else:
                self._requested[reader] = None
        return bool(to_rerun)

    def set_cell_order(self, cell_ids: list[str]) -> None:
        """The notebook's cells, top to bottom: apps a change reruns run in this order.

        The JupyterLab extension sends it (``_comm.py``); without it, or for an app whose
        cell is not in it, apps run in the order they were first run.
        """
        self.cell_order = {cid: i for i, cid in enumerate(cell_ids)}

    def in_notebook_order(self) -> list[App]:
        """The apps, in the notebook's order where it is known, else the order of their first run."""
        if not self.cell_order:
            return list(self.apps)
        last = len(self.cell_order)
        return sorted(self.apps, key=lambda app: self.cell_order.get(app.cell_id or "", last))  # stable

    def _readers(self, reacting: bool = True) -> list[tuple[Any, Reads]]:
        """Every app and fragment (that reacts), with what its last completed run read."""
        readers: list[tuple[Any, Reads]] = []
        for app in self.in_notebook_order():
            if app.closed or (reacting and not app.reactive):
                continue
            if app.reads is not None:
                readers.append((app, app.reads))
            readers.extend(((app, fid), frag.reads) for fid, frag in app.fragments.items() if frag.reads is not None)
        return readers

    def _on_change(self, key: str) -> None:
        self.changes.add(key, self._writer)

    def readers_of(self, key: str) -> list[App]:
        """The apps whose last completed run read ``key``, in it or in a fragment of it."""
        return self.readers_of_keys([key])[key]

    def readers_of_keys(self, keys: Iterable[str]) -> dict[str, list[App]]:
        """:meth:`readers_of` for several keys, the readers gathered once (the inspector)."""
        readers = self._readers(reacting=False)
        return {key: list(dict.fromkeys(_app_of(reader) for reader, reads in readers if key in reads)) for key in keys}

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Deliver several frontend messages inside this block; they start one run after it."""
        self._held += 1
        try:
            yield
        finally:
            self._held -= 1

    def request_rerun(self, app: App | None = None) -> None:
        """Ask for a rerun of ``app`` (of every app when None) at the next :meth:`flush`."""
        for target in [app] if app is not None else list(self.apps):
            if target is not None and not target.closed:
                self._requested[target] = None

    def request_fragment(self, app: App, fragment_id: str) -> None:
        """Ask for a rerun of one fragment of ``app`` alone at the next :meth:`flush`."""
        if not app.closed:
            self._fragment_requests.setdefault(app, {})[fragment_id] = None

    def fragment_requested(self, app: App) -> bool:
        """Whether a rerun of some fragments of ``app`` alone is waiting."""
        return bool(self._fragment_requests.get(app))

    def _on_write(self, key: str) -> None:
        # A bound key written or deleted from an ordinary cell reruns its widget's app after
        # the cell; written by another app's run, it reruns the widget's app after that run
        # if reactivity does not already (a static app, or reactivity off), once per wave.
        running = self.run_in_progress
        for widget in self.bound.get(key, ()):
            app = widget.app
            if running is None:
                self._requested[app] = None
            elif app is not running.app and not (app.reactive and self.reactive):
                if self._wave is not None:
                    if app in self._wave:
                        continue
                    self._wave.add(app)
                self._requested[app] = None

    # -- one run ----------------------------------------------------------------------
    def run(self, app: App, fragments: tuple[str, ...] = ()) -> Outcome:
        """Run ``app`` now (steps 1-7), then any follow-up run requested meanwhile.

        With ``fragments``, the run reruns only those fragments of the app (their widgets'
        callbacks, then their functions), as a change inside a fragment does.
        """
        while True:
            self._requested.pop(app, None)
            if not fragments:
                self._fragment_requests.pop(app, None)  # a full run reruns them too
            outcome = self._run_once(app, fragments)
            if outcome is INTERRUPTED:
                # The user asked the kernel to stop: no follow-up run (an st.rerun() loop
                # ends here); what arrived meanwhile waits for the next interaction.
                self._requested.pop(app, None)
                self._fragment_requests.pop(app, None)
                break
            fragments = () if app in self._requested else tuple(self._fragment_requests.pop(app, ()))
            if app not in self._requested and not fragments:
                break
        if outcome in (FAILED, INTERRUPTED) and self.raise_errors and app.last_error is not None:
            error, app.last_error = app.last_error, None
            raise error
        if outcome is not INTERRUPTED:
            self.flush()  # runs other apps asked for meanwhile
        return outcome

    def _run_once(self, app: App, fragments: tuple[str, ...] = ()) -> Outcome:
        run = Run(app)
        fragments = tuple(f for f in fragments if f in app.fragments)
        if fragments:
            run.rerun_only(fragments, app.shown)
        self.run_in_progress = run
        self._writer = app
        started = self.changes.count  # changes before this point are this run's to see
        outcome = FAILED  # until a step says otherwise: no path leaves a run's outcome unset
        try:
            with Capture(run), self.state.recording_reads() as reads:
                try:
                    # A run that ended early left its triggers True; this run starts by
                    # resetting them (clicks that arrived since are kept).
                    self._reset_triggers(app, keep=self.pending)
                    # 1-2. apply the frontend's values; the changed ones are the callbacks' cue.
                    changed = self._apply_pending(app)
                    # 3. callbacks, before the body, with the args captured at render time.
                    outcome = self._run_callbacks(changed, run)
                    # 4. the body.
                    if outcome in (COMPLETED, RERUN):
                        if outcome == RERUN:  # st.rerun() in a callback: one body run
                            if run.rerun_app and run.fragment_ids:
                                run.widen_to_app()
                            run.rerun_app, run.rerun_fragments = False, {}
                            self._reset_triggers(app)
                            self._after_submits(app)
                        outcome = self._run_body(app, run)
                    # 7. (before rendering, so the error shows below the run's output)
                    if outcome == COMPLETED and self.enforce_serializable_session_state:
                        outcome = self._check_serializable(app, run)
                except (Exception, KeyboardInterrupt) as exc:
                    outcome = self._failed(run, exc)  # ours failed, or an interrupt between steps
        finally:
            self.run_in_progress = None
            # 5. triggers are True only in the run their click caused.
            if not outcome.ended_early:
                self._reset_triggers(app)
            self._after_submits(app)
            # 6. widgets this run did not render are gone, unless it ended early.
            if outcome == COMPLETED:
                self._cull(app, run)
                run.forget_fragments()
                # what the next change of a key is checked against (a widget's key counts:
                # its widget shows the key's value), the app's and each fragment's that ran
                bound: dict[str | None, set[str]] = {}
                for w in app.widgets.values():
                    if w.key is not None:
                        bound.setdefault(w.fragment, set()).add(w.key)
                if not run.fragment_ids:
                    app.reads = Reads(frozenset(reads | bound.get(None, set())), reads.everything, since=started)
                for fid, log in run.fragment_reads.items():
                    if fid in app.fragments:
                        app.fragments[fid].reads = Reads(frozenset(log | bound.get(fid, set())), log.everything, since=started)
            self.state.end_run()
            self._writer = None
            app.show(run)
        if outcome == RERUN:
            if run.rerun_fragments and not run.rerun_app:
                for fid in run.rerun_fragments:
                    self.request_fragment(app, fid)
            else:
                self._requested[app] = None
        self.notify()
        return outcome

    def _apply_pending(self, app: App) -> list[Widget]:
        arrived: list[Widget] = []
        for widget in [w for w in self.pending if w.app is app]:
            del self.pending[widget]
            if widget.form is not None and widget.family.trigger:
                arrived.extend(widget.form.take_staged())  # a submit applies the whole form
            arrived.append(widget)
        changed = []
        for widget in arrived:
            if widget.closed:
                continue
            if getattr(widget.view, "disabled", False):
                widget.push(widget.value)  # a disabled widget takes no input (SPEC item 37)
                continue
            old = widget.value
            try:
                new = widget.read_frontend()
                widget.commit(new)
            except BaseException:
                widget.push(old)  # the browser shows the value the kernel kept
                raise
            widget.show_kept()  # a value the family corrected (rounded, cut) is shown as kept
            if widget.family.trigger or differs(new, old):
                changed.append(widget)
        # As Streamlit: callbacks run in the order their widgets appear, not as they arrived.
        last = len(app.order)
        return sorted(changed, key=lambda w: app.order.get(w.id, last))

    def _run_callbacks(self, changed: list[Widget], run: Run) -> Outcome:
        outcome = COMPLETED
        for widget in changed:
            if widget.callback is None:
                continue
            try:
                widget.callback(*widget.args, **widget.kwargs)
            except RerunException:
                outcome = RERUN
            except StopException:
                return STOPPED
            except (Exception, KeyboardInterrupt) as exc:
                return self._failed(run, exc)
        return outcome

    def _run_body(self, app: App, run: Run) -> Outcome:
        run.body_ran = True
        try:
            if run.fragment_ids:
                for fid in run.running_fragment_ids():
                    app.fragments[fid].rerun(run)
            else:
                app.body()
        except RerunException:
            return RERUN
        except StopException:
            return STOPPED
        except (Exception, KeyboardInterrupt) as exc:
            return self._failed(run, exc)
        return COMPLETED

    def _check_serializable(self, app: App, run: Run) -> Outcome:
        unkeyed = {w.id: w.value for a in self.apps for w in a.widgets.values() if w.key is None}
        try:
            check_serializable(self.state, unkeyed)
        except Exception as exc:
            return self._failed(run, exc)
        return COMPLETED

    def _failed(self, run: Run, exc: BaseException) -> Outcome:
        """Show ``exc`` in the app; a failed run (an interrupted one for KeyboardInterrupt)."""
        if isinstance(exc, FragmentHandledException):
            exc = exc.error  # already shown inside its fragment
        else:
            run.elements.append(error_output(exc))
        run.app.last_error = exc
        return INTERRUPTED if isinstance(exc, KeyboardInterrupt) else FAILED

    def _reset_triggers(self, app: App, keep: dict[Widget, None] | None = None) -> None:
        for widget in app.widgets.values():
            if widget.family.trigger and widget.value and widget not in (keep or ()):
                widget.reset_trigger()

    def _after_submits(self, app: App) -> None:
        for form in app.forms.values():
            if form.submitted:
                form.after_submit([w for w in app.widgets.values() if w.form is form])

    def _cull(self, app: App, run: Run) -> None:
        # A fragment run culls only its fragments' widgets (SPEC item 47).
        for wid in [wid for wid, w in app.widgets.items() if wid not in run.ids and run.may_cull(w)]:
            widget = app.widgets.pop(wid)
            self.pending.pop(widget, None)
            # A key the run assigned itself stays, as a plain key: re-assigning a key to
            # itself every run is how state survives hiding its widget (SPEC item 43).
            if self.unbind(widget) and not self.state.was_assigned(widget.key):  # type: ignore[arg-type]
                self.state.forget_widget_value(widget.key)  # type: ignore[arg-type]
            widget.close()
        app.cull_containers(run.container_ids, run.may_cull)

    def unbind(self, widget: Widget) -> bool:
        """Forget ``widget``'s binding; True when it was the last widget bound to its key."""
        widgets = self.bound.get(widget.key, {}) if widget.key is not None else {}
        if widget not in widgets:
            return False
        del widgets[widget]
        if widgets:
            return False
        del self.bound[widget.key]  # type: ignore[arg-type]
        return True


# -- the kernel's session ------------------------------------------------------------------
def _app_of(reader: Any) -> Any:
    """The app a reader of ``JupyterState._readers`` belongs to (it, or a fragment's app)."""
    return reader[0] if isinstance(reader, tuple) else reader


def _create_kernel_session() -> JupyterState:
    ipython = shell()
    session = JupyterState(parent=ipython) if ipython is not None else JupyterState()
    if ipython is not None and session not in ipython.configurables:
        ipython.configurables.append(session)
    return session


install_kernel_session(_create_kernel_session)
