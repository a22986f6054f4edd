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

What each event did (its trigger, callbacks, runs and changed keys) goes to the session's
timeline (``_timeline.py``, undo in ``_undo.py``) through one-line ``self.timeline`` hooks.
"""

from __future__ import annotations

from typing import Any

from ._context import Run, current, current_state, exists, install_kernel_session, using
from ._kernel import call_later, shell, shell_messages_waiting
from ._listeners import Listeners
from ._options import SessionOptions
from ._outcome import COMPLETED, FAILED, INTERRUPTED, RERUN, STOPPED, Outcome
from ._requests import Requests
from ._undo import TimelineKeeper
from .app import App
from .errors import FragmentHandledException, RerunException, StopException
from .output import Capture, error_output
from .reactivity import Changes, Readers, app_of, due, remember_reads
from .state import SessionState, check_serializable, differs
from .widgets._base import Widget
from .widgets._lifetime import drop_left_pages, outlive

__all__ = ["JupyterState", "Outcome", "Run", "current", "current_state", "exists", "using"]


class JupyterState(Readers, Listeners, Requests, TimelineKeeper, SessionOptions):
    """One session: its state, its apps and the run loop.

    There is one per kernel (and one per ``AppTest``). Its options (``_options.py``) are
    traitlets config, so ``%config JupyterState.enforce_serializable_session_state = True``
    and ``c.JupyterState...`` in ``ipython_config.py`` work; ``st.set_option`` gives the
    Streamlit spelling.
    """

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
        #: the app of the last run and how it ended (what the listeners hear about after it)
        self.last_run: tuple[App, Outcome] | None = None
        #: widgets the frontend changed since their app's last run, in arrival order
        self.pending: dict[Widget, None] = {}
        #: the live widgets bound to each key (several when apps share a key), so a write
        #: from an ordinary cell can rerun their apps
        self.bound: dict[str, dict[Widget, None]] = {}
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
            self.requested[widget.app] = None

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
        if self.run_in_progress is not None or self.held:
            return  # the run in progress (or the holder) picks the requests up
        outermost = self._wave is None
        if outermost:
            self._wave = set()  # one event, one wave
        try:
            with self.timeline.event():  # one entry of the timeline too (_timeline.py)
                while True:
                    while self.requested or self.fragment_requests:
                        if self.requested:
                            self.run(next(iter(self.requested)))
                        else:
                            app = next(iter(self.fragment_requests))
                            self.run(app, tuple(self.fragment_requests.pop(app)))
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
        to_rerun, cycles = due(self.changes, self.readers(), wave, owner=app_of)
        for reader, keys in cycles:
            app_of(reader).warn_cycle(keys)
        whole = {reader for reader, _keys in to_rerun if not isinstance(reader, tuple)}
        for reader, _keys in to_rerun:
            wave.add(reader)
            if isinstance(reader, tuple):
                app, fid = reader
                if app not in whole:
                    self.request_fragment(app, fid)
            else:
                self.requested[reader] = None
        return bool(to_rerun)

    def _on_change(self, key: str, old: Any) -> None:
        self.changes.add(key, self._writer)
        self.timeline.note(key, old)

    def _on_write(self, key: str) -> None:
        # A bound key written or deleted from an ordinary cell reruns its widget's app after
        # the cell; written by another app's run, it reruns the widget's app after that run
        # if reactivity does not already (a static app, or reactivity off), once per wave.
        running = self.run_in_progress
        for widget in self.bound.get(key, ()):
            app = widget.app
            if running is None:
                self.requested[app] = None
            elif app is not running.app and not (app.reactive and self.reactive):
                if self._wave is not None:
                    if app in self._wave:
                        continue
                    self._wave.add(app)
                self.requested[app] = None

    # -- one run ----------------------------------------------------------------------
    def run(self, app: App, fragments: tuple[str, ...] = ()) -> Outcome:
        """Run ``app`` now (steps 1-7), then any follow-up run requested meanwhile.

        With ``fragments``, the run reruns only those fragments of the app (their widgets'
        callbacks, then their functions), as a change inside a fragment does.
        """
        with self.timeline.event():  # it, and the runs it causes, are one entry of the timeline
            return self._run(app, fragments)

    def _run(self, app: App, fragments: tuple[str, ...]) -> Outcome:
        while True:
            self.requested.pop(app, None)
            if not fragments:
                self.fragment_requests.pop(app, None)  # a full run reruns them too
            outcome = self._run_once(app, fragments)
            if outcome is INTERRUPTED:
                # The user asked the kernel to stop: no follow-up run (an st.rerun() loop
                # ends here); what arrived meanwhile waits for the next interaction.
                self.requested.pop(app, None)
                self.fragment_requests.pop(app, None)
                break
            fragments = () if app in self.requested else tuple(self.fragment_requests.pop(app, ()))
            if app not in self.requested and not fragments:
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
        record = self.timeline.run_started(app, fragments)
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
                remember_reads(app, run, reads, since=started)
            self.state.end_run()
            self._writer = None
            app.show(run)
            self.timeline.run_ended(record, outcome, app.last_error)
        if outcome == RERUN:
            if run.rerun_fragments and not run.rerun_app:
                for fid in run.rerun_fragments:
                    self.request_fragment(app, fid)
            else:
                self.requested[app] = None
        self.last_run = (app, outcome)
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
                self.timeline.widget_changed(widget, old, new)
        # As Streamlit: callbacks run in the order their widgets appear, not as they arrived.
        last = len(app.order)
        return sorted(changed, key=lambda w: app.order.get(w.id, last))

    def _run_callbacks(self, changed: list[Widget], run: Run) -> Outcome:
        outcome = COMPLETED
        for widget in changed:
            if widget.callback is None:
                continue
            self.timeline.callback_ran(widget)
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
            outlive(self, widget, run.ids)  # its key goes, stays or passes on (persist_state)
            widget.close()
        drop_left_pages(self, app)
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
def _create_kernel_session() -> JupyterState:
    ipython = shell()
    session = JupyterState(parent=ipython) if ipython is not None else JupyterState()
    if ipython is not None and session not in ipython.configurables:
        ipython.configurables.append(session)
    return session


install_kernel_session(_create_kernel_session)
