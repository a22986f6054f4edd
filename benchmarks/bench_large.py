"""Interaction + rerun at size: the reference app and a 500-widget app, jupyter_state vs AppTest.

Two apps, each run by both systems from the same source (only ``st`` differs):

* the reference app of ``bench_rerun`` (20 keyed sliders, a button with ``on_click``, an
  ``st.write`` of the counter);
* a large app (``--widgets``, default 500) of keyed widgets of six kinds in turn: slider,
  checkbox, text input, selectbox, number input, button with ``on_click`` (see
  ``_common.mixed_app_source``).

Every interaction is a real change: a slider, number, text, option or checkbox set to a new
value, or a click. jupyter_state gets it as the browser sends it, a comm message into the
widget's comm (``update`` built by ``Widget.frontend_update``, or the ``custom`` click), which
runs the app synchronously; AppTest gets ``.set_value(v).run()`` / ``.click().run()``. The
timer covers the interaction and the rerun only. The systems run in interleaved blocks.

After the run both systems must hold the same session state and show the same text. For
jupyter_state every published message of every timed interaction is checked: a value change
must publish exactly one ``echo_update`` (to the changed widget), a click exactly one
``update`` (the ``outputs`` of the output showing the counter), and nothing else (no
``comm_open``, no ``comm_close``, no update of an unchanged widget).

With ``--dashboard N`` a third app is timed too (N interactions): the same kinds of widget
laid out as a dashboard, 10 in ``st.sidebar``, 9 in ``st.columns(3)``, 8 in two
``st.tabs`` and 3 in an ``st.expander`` (``_common.dashboard_app_source``), with the same
checks: one message per interaction, none for the containers.

Run ``.venv/bin/python benchmarks/bench_large.py`` (``--quick`` for a short run,
``--profile`` for a profile of the large app's reruns: pyinstrument if installed, else cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from _common import (
    APP_SOURCE,
    DASHBOARD_WIDGETS,
    AppTestSourceDriver,
    CommRecorder,
    CountingComm,
    MessageCounts,
    OursDriver,
    Stats,
    Step,
    dashboard_app_source,
    expected_count,
    fmt_row,
    header_row,
    machine,
    mixed_app_source,
    mixed_plan,
    reference_plan,
    timed,
)

SYSTEMS = ("jupyter_state", "AppTest")
TARGET_RATIO = 0.25


@dataclass
class AppResult:
    name: str
    widgets: int
    interactions: int
    warmup: int
    #: times[system][kind] = seconds per interaction
    times: dict[str, dict[str, list[float]]]
    #: jupyter_state, over all timed interactions: message kind -> total
    totals: dict[str, int]
    #: jupyter_state messages that are not the one expected message of their interaction
    unexpected: list[str]
    redundant_updates: int
    final_state: dict[str, Any]
    shown: dict[str, list[str]]
    first_run: MessageCounts
    #: what a rerun with no change (st.rerun(), the cell run again) sends
    plain_rerun: MessageCounts = field(default_factory=MessageCounts)
    first_run_ms: dict[str, float] = field(default_factory=dict)

    def stats(self, system: str, kind: str | None = None) -> Stats:
        by_kind = self.times[system]
        data = by_kind[kind] if kind is not None else [t for ts in by_kind.values() for t in ts]
        return Stats.of(data)

    def ratio(self, kind: str | None = None) -> float:
        return self.stats("jupyter_state", kind).median / self.stats("AppTest", kind).median

    @property
    def kinds(self) -> list[str]:
        return [k for k, ts in self.times["jupyter_state"].items() if ts]


def _check_messages(ours: OursDriver, step: Step, counts: MessageCounts) -> list[str]:
    """What ``step`` published beyond its one expected message, described."""
    kind, key, _ = step
    view = ours.by_key[key].view
    expected_kind, expected_comm = ("echo_update", view.comm.comm_id) if kind != "button" else ("update", None)
    outputs = ours.output_comms()
    found = []
    extra = []
    for m in counts.messages:
        is_expected = m.kind == expected_kind and (
            m.comm_id == expected_comm if expected_comm else (m.comm_id in outputs and m.keys == ("outputs",))
        )
        (found if is_expected and not found else extra).append(m)
    problems = [f"{kind} {key}: {m.kind} {ours.describe(m)} {{{', '.join(m.keys)}}}" for m in extra]
    if not found:
        problems.append(f"{kind} {key}: no {expected_kind}")
    return problems


def run_app(name: str, source: str, plan: list[Step], warmup: int, block: int) -> AppResult:
    """Time ``plan[warmup:]`` under both systems (after ``plan[:warmup]`` untimed)."""
    recorder = CommRecorder()
    timed_plan = plan[warmup:]
    times: dict[str, dict[str, list[float]]] = {s: {} for s in SYSTEMS}
    totals: dict[str, int] = {}
    unexpected: list[str] = []
    redundant = 0
    drivers: dict[str, Any] = {}
    with recorder.installed():
        ours = drivers["jupyter_state"] = OursDriver(recorder, source, name)
        try:
            drivers["AppTest"] = AppTestSourceDriver(source)
            for step in plan[:warmup]:
                for system in SYSTEMS:
                    drivers[system].prepare(step)()
            recorder.drain()
            for b, start in enumerate(range(0, len(timed_plan), block)):
                order = SYSTEMS[b % 2:] + SYSTEMS[:b % 2]
                for system in order:
                    driver = drivers[system]
                    for step in timed_plan[start:start + block]:
                        call = driver.prepare(step)
                        times[system].setdefault(step[0], []).append(timed(call))
                        if driver is ours:
                            counts = recorder.drain()
                            redundant += counts.redundant_updates
                            unexpected += _check_messages(ours, step, counts)
                            for m in counts.messages:
                                totals[m.kind] = totals.get(m.kind, 0) + 1
            final = ours.state()
            recorder.drain()
            ours.app.run()
            plain_rerun = recorder.drain()
            shown = {s: drivers[s].shown_text() for s in SYSTEMS}
            theirs = drivers["AppTest"].state()
            if theirs != final:
                diff = {k: (final.get(k), theirs.get(k)) for k in set(final) | set(theirs) if final.get(k) != theirs.get(k)}
                raise AssertionError(f"{name}: AppTest ended in a different state (ours, theirs): {diff}")
            if final["count"] != expected_count(plan):
                raise AssertionError(f"{name}: count is {final['count']}, {expected_count(plan)} clicks were sent")
            for system, texts in shown.items():
                if texts[-1:] != [f"Count: {final['count']}"]:
                    raise AssertionError(f"{name}: {system} shows {texts!r}")
            return AppResult(
                name=name,
                widgets=len(ours.app.widgets),
                interactions=len(timed_plan),
                warmup=warmup,
                times=times,
                totals=totals,
                unexpected=unexpected,
                redundant_updates=redundant,
                final_state=final,
                shown=shown,
                first_run=ours.first_run,
                plain_rerun=plain_rerun,
            )
        finally:
            for driver in reversed(list(drivers.values())):
                driver.close()


def run_benchmark(widgets: int = 500, ref_interactions: int = 400, large_interactions: int = 200, warmup: int = 12, block: int = 12,
                  dashboard_interactions: int = 0) -> list[AppResult]:
    results = []
    apps = [
        ("reference", APP_SOURCE, reference_plan(warmup + ref_interactions)),
        (f"large ({widgets} widgets)", mixed_app_source(widgets), mixed_plan(widgets, warmup + large_interactions)),
    ]
    for name, source, plan in apps:
        results.append(run_app(name, source, plan, warmup, block))
        results[-1].first_run_ms = first_run_ms(source)
    if dashboard_interactions:
        results.append(run_dashboard(dashboard_interactions, warmup, block))
    return results


def run_dashboard(interactions: int = 200, warmup: int = 12, block: int = 12) -> AppResult:
    """The dashboard app: the mixed widgets in a sidebar, 3 columns, 2 tabs and an expander."""
    name = f"dashboard ({DASHBOARD_WIDGETS} widgets: sidebar 10, 3 columns, 2 tabs, an expander)"
    source = dashboard_app_source()
    result = run_app(name, source, mixed_plan(DASHBOARD_WIDGETS, warmup + interactions), warmup, block)
    result.first_run_ms = first_run_ms(source)
    return result


# -- profile ------------------------------------------------------------------------------------
def profile_large(widgets: int = 500, reruns: int = 200, top: int = 25) -> str:
    """Profiles of jupyter_state's interactions + reruns of the large app (no AppTest).

    pyinstrument (if installed; a sampling profiler, so little distortion) as a call tree,
    then cProfile (deterministic, but it inflates the cost of small Python calls) by own and
    by cumulative time.
    """
    recorder = CommRecorder()
    plan = mixed_plan(widgets, 12 + 2 * reruns)
    with recorder.installed():
        ours = OursDriver(recorder, mixed_app_source(widgets), "large")
        try:
            for step in plan[:12]:
                ours.prepare(step)()
                recorder.drain()

            def go(messages: list[tuple[Any, dict[str, Any]]]) -> None:
                for comm, msg in messages:
                    comm.handle_msg(msg)  # one call site, so the profiles do not split by kind
                    recorder.raw.clear()

            out = io.StringIO()
            try:
                from pyinstrument import Profiler
            except ImportError:
                out.write("(pyinstrument is not installed: cProfile only)\n")
            else:
                messages = [ours.message(step) for step in plan[12:12 + reruns]]
                profiler = Profiler(interval=0.0002)
                profiler.start()
                go(messages)
                profiler.stop()
                out.write(profiler.output_text(unicode=False, color=False, time="percent_of_total"))
            messages = [ours.message(step) for step in plan[12 + reruns:]]
            prof = cProfile.Profile()
            prof.enable()
            go(messages)
            prof.disable()
            for order in ("tottime", "cumulative"):
                out.write(f"\n-- cProfile, {reruns} reruns, by {order}\n")
                pstats.Stats(prof, stream=out).strip_dirs().sort_stats(order).print_stats(top)
            return out.getvalue()
        finally:
            ours.close()


def first_run_ms(source: str, repeat: int = 3) -> dict[str, float]:
    """Median time of an app's first run (creating every widget), each system, fresh each time.

    jupyter_state's comms only count (no message is stored or classified); AppTest's time is
    ``AppTest.from_string(...).run()``.
    """
    import logging

    from streamlit.testing.v1 import AppTest

    import jupyter_state as st
    from jupyter_state import runtime

    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
    code = compile(source, "<first run>", "exec")
    ours, theirs = [], []
    counter = CountingComm()
    for _ in range(repeat):
        with counter.installed(), runtime.using(runtime.JupyterState(raise_errors=True)):
            start = time.perf_counter()
            app = st.app(lambda: exec(code, {"st": st, "__name__": "__main__"}), display=False)
            ours.append(time.perf_counter() - start)
            app.close()
        start = time.perf_counter()
        AppTest.from_string("import streamlit as st\n" + source, default_timeout=60).run()
        theirs.append(time.perf_counter() - start)
    return {"jupyter_state": statistics.median(ours) * 1e3, "AppTest": statistics.median(theirs) * 1e3}


# -- report -------------------------------------------------------------------------------------
def report(results: list[AppResult]) -> str:
    lines = [machine(), ""]
    for r in results:
        lines += [
            f"== {r.name}: {r.widgets} widgets, {r.interactions} timed interactions per system (warmup {r.warmup}), interleaved blocks",
            f"first run (median of 3, fresh app each): jupyter_state {r.first_run_ms['jupyter_state']:.1f} ms, "
            f"AppTest {r.first_run_ms['AppTest']:.1f} ms, ratio {r.first_run_ms['jupyter_state'] / r.first_run_ms['AppTest']:.2f} (no target)",
            header_row("interaction + rerun"),
        ]
        for kind in [*r.kinds, None]:
            for system in SYSTEMS:
                lines.append(fmt_row(f"  {system:<14}{kind or 'all'}", r.stats(system, kind)))
        ratios = ", ".join(f"{kind or 'ALL'} {r.ratio(kind):.4f}" for kind in [*r.kinds, None])
        ok = "meets" if r.ratio() <= TARGET_RATIO else "MISSES"
        lines += [
            f"ratio jupyter_state/AppTest (medians): {ratios}   [{ok} target <= {TARGET_RATIO}]",
            f"jupyter_state messages over {r.interactions} timed interactions: "
            + ", ".join(f"{k} {v}" for k, v in sorted(r.totals.items()))
            + f"; updates that change nothing {r.redundant_updates}; messages beyond the one expected per interaction: {len(r.unexpected)}",
            *(f"    {u}" for u in r.unexpected[:10]),
            f"a rerun with no change sends {len(r.plain_rerun.messages)} messages "
            f"(comm_open {r.plain_rerun.count('comm_open')}, update {r.plain_rerun.count('update')})",
            f"final state identical in both systems ({len(r.final_state)} keys), count {r.final_state['count']}, both show {r.shown['jupyter_state'][-1]!r}",
            "",
        ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[AppResult]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (40 + 24 interactions)")
    parser.add_argument("--widgets", type=int, default=500, help="widgets in the large app (default 500)")
    parser.add_argument("--ref-interactions", type=int, default=None, help="timed interactions with the reference app (default 400)")
    parser.add_argument("--large-interactions", type=int, default=None, help="timed interactions with the large app (default 200)")
    parser.add_argument("--warmup", type=int, default=None)
    parser.add_argument("--dashboard", type=int, default=0, metavar="N",
                        help="also time N interactions with the dashboard app (sidebar, columns, tabs, expander)")
    parser.add_argument("--only-dashboard", action="store_true", help="time the dashboard app only")
    parser.add_argument("--profile", action="store_true", help="also profile the large app's reruns")
    parser.add_argument("--profile-only", action="store_true", help="only the profile")
    args = parser.parse_args(argv)
    ref = args.ref_interactions or (40 if args.quick else 400)
    large = args.large_interactions or (24 if args.quick else 200)
    warmup = args.warmup if args.warmup is not None else (6 if args.quick else 12)
    results: list[AppResult] = []
    if not args.profile_only:
        if args.only_dashboard:
            results = [run_dashboard(args.dashboard or (24 if args.quick else 200), warmup, block=6 if args.quick else 12)]
        else:
            results = run_benchmark(args.widgets, ref, large, warmup, block=6 if args.quick else 12, dashboard_interactions=args.dashboard)
        print(report(results))
    if args.profile or args.profile_only:
        if args.profile_only:
            print(machine())
        print(f"== profile: {args.widgets}-widget app, jupyter_state interaction + rerun")
        print(profile_large(args.widgets, reruns=40 if args.quick else 200))
    sys.stdout.flush()
    return results


if __name__ == "__main__":
    main()
