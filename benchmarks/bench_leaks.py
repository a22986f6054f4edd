"""Leaks over many reruns: widget count, comms, freed widgets, process memory.

1. The reference app of ``bench_rerun`` (20 keyed sliders, a button with ``on_click``,
   ``st.write``), 10,000 reruns (``--reruns``), alternating a slider move and a click,
   each sent through the widget comm as the browser sends it.
2. A show/hide app: a checkbox that shows or hides five widgets (three keyed, two unkeyed,
   of four kinds), toggled 2,000 times (``--toggles``). Every hide culls five widgets
   (their comms close) and every show creates five new ones.

Checked at checkpoints after a warmup (each after ``gc.collect()``): the number of live ipywidgets (``Widget.widgets``,
read as ``ipywidgets.widgets.widget._instances`` to avoid its deprecation warning) and of
registered comms (``comm.get_comm_manager().comms``) stay constant; for the show/hide app,
every culled widget (the ipywidget view and jupyter_state's ``Widget``) is really freed
(weak references to them are dead after ``gc.collect()``; how many were already freed by
reference counting alone is reported too); the process's resident memory (VmRSS from
``/proc/self/status``) grows by less than 5 MB after the warmup. ``sys.getallocatedblocks()``
is shown beside it: flat blocks under a growing RSS mean allocator arenas, not live objects. The comms are counting
``DummyComm``\\ s that keep no message, so the harness itself does not grow.

``--kernel`` also runs part 1 in a real ipykernel (the app as a ``%%app`` cell, driven by
``testsupport/kernel_helpers.Frontend``), reading the kernel's own VmRSS and counts, after the same
number of messages to a bare ``IntSlider`` in the same kernel as a control (the kernel grows
by itself: jupyter_client's ``Session.digest_history`` keeps every message signature, up to
65,536).

Run ``.venv/bin/python benchmarks/bench_leaks.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from _common import (
    APP_SOURCE,
    CommRecorder,
    CountingComm,
    OursDriver,
    Step,
    expected_count,
    machine,
    reference_plan,
    rss_kb,
)

TARGET_RSS_KB = 5 * 1024

SHOW_HIDE_SOURCE = '''
if "runs" not in st.session_state:
    st.session_state.runs = 0
st.session_state.runs += 1
show = st.checkbox("Show details", value=True, key="show")
if show:
    st.slider("Detail slider", 0, 10, 3, key="d_slider")
    st.text_input("Detail text", "hello", key="d_text")
    st.selectbox("Detail choice", ["a", "b", "c"], key="d_choice")
    st.number_input("Detail number (unkeyed)", 0, 100, 5)
    st.slider("Detail slider (unkeyed)", 0, 10, 7)
st.write("shown" if show else "hidden")
'''


def live_widgets() -> int:
    from ipywidgets.widgets import widget

    return len(widget._instances)


def live_comms() -> int:
    import comm

    return len(comm.get_comm_manager().comms)


def widget_objects() -> int:
    """ipywidgets objects that exist at all (open or closed), after a full collection."""
    import ipywidgets

    gc.collect()
    return sum(isinstance(o, ipywidgets.Widget) for o in gc.get_objects())


@dataclass
class Checkpoint:
    reruns: int
    widgets: int
    comms: int
    objects: int
    rss_kb: int
    #: memory blocks the interpreter has allocated (sys.getallocatedblocks), after gc
    blocks: int = -1


@dataclass
class LeakResult:
    name: str
    warmup: int
    checkpoints: list[Checkpoint]
    messages: dict[str, int]
    final: dict[str, Any]
    #: show/hide only: culled widgets tracked, alive after gc, freed without gc
    culled: int = 0
    culled_alive: int = 0
    freed_without_gc: int = 0
    #: show/hide only: what one hide and one show publish, described
    one_toggle: dict[str, list[str]] = field(default_factory=dict)

    @property
    def rss_growth_kb(self) -> int:
        return self.checkpoints[-1].rss_kb - self.checkpoints[0].rss_kb

    @property
    def constant(self) -> bool:
        first = self.checkpoints[0]
        return all((c.widgets, c.comms, c.objects) == (first.widgets, first.comms, first.objects) for c in self.checkpoints)


def _checkpoint(n: int, objects: bool = True) -> Checkpoint:
    gc.collect()
    objs = widget_objects() if objects else -1
    return Checkpoint(n, live_widgets(), live_comms(), objs, rss_kb(), sys.getallocatedblocks())


def _drive(driver: OursDriver, plan: list[Step], warmup: int, every: int, on_step: Callable[[int, Step], None] | None = None,
           on_checkpoint: Callable[[], None] | None = None) -> list[Checkpoint]:
    """Send ``plan``; a checkpoint before step ``warmup + k * every`` and after the last step."""
    points = []

    def checkpoint(j: int) -> None:
        if on_checkpoint is not None:
            on_checkpoint()
        points.append(_checkpoint(j))

    for j, step in enumerate(plan):
        if j >= warmup and (j - warmup) % every == 0:
            checkpoint(j)
        if on_step is not None:
            on_step(j, step)
        driver.prepare(step)()
    checkpoint(len(plan))
    return points


def run_reference(reruns: int = 10_000, warmup: int = 500, every: int = 1000) -> LeakResult:
    counter = CountingComm()
    plan = reference_plan(warmup + reruns)
    with counter.installed():
        driver = OursDriver(counter, APP_SOURCE, "leaks")
        try:
            counter.take()
            points = _drive(driver, plan, warmup, every)
            messages = counter.take()
            final = driver.state()
        finally:
            driver.close()
    if final["count"] != expected_count(plan):
        raise AssertionError(f"count {final['count']}, {expected_count(plan)} clicks sent")
    last = {key: value for kind, key, value in plan if kind == "slider"}
    if any(final[k] != v for k, v in last.items()):
        raise AssertionError("a slider does not hold the last value sent")
    return LeakResult("reference app", warmup, points, messages, {"count": final["count"]})


def run_show_hide(toggles: int = 2000, warmup: int = 100, every: int = 200) -> LeakResult:
    counter = CountingComm()
    plan: list[Step] = [("checkbox", "show", j % 2 == 1) for j in range(warmup + toggles)]  # hide, show, hide...
    # Weak references to what each hide culls; dead ones are dropped at every checkpoint, so
    # the harness itself does not grow (a list of every reference would, by ~1.5 kB a toggle).
    tracked: list[weakref.ref[Any]] = []
    culled = 0
    freed_early = 0
    tracked_before_gc: list[weakref.ref[Any]] = []

    def sweep() -> None:
        gc.collect()
        tracked[:] = [r for r in tracked if r() is not None]

    with counter.installed():
        driver = OursDriver(counter, SHOW_HIDE_SOURCE, "show_hide")

        def track(j: int, step: Step) -> None:
            nonlocal freed_early, culled
            # Count what the last hide culled that is already gone without a collection.
            freed_early += sum(r() is None for r in tracked_before_gc)
            tracked_before_gc.clear()
            if j >= warmup and step[2] is False:  # this step hides: remember what it will cull
                for w in [w for w in driver.app.widgets.values() if w.key != "show"]:
                    for obj in (w, w.view, w.view.layout, getattr(w.view, "style", None)):
                        if obj is not None:
                            ref = weakref.ref(obj)
                            culled += 1
                            tracked.append(ref)
                            tracked_before_gc.append(ref)

        try:
            counter.take()
            points = _drive(driver, plan, warmup, every, on_step=track, on_checkpoint=sweep)
            messages = counter.take()
            final = driver.state()
            runs = final["runs"]
        finally:
            driver.close()
    sweep()
    alive = len(tracked)
    if final["show"] is not (plan[-1][2]):
        raise AssertionError(f"show is {final['show']}, the last value sent was {plan[-1][2]}")
    # One run per toggle, after the first run: runs == toggles + warmup + 1.
    if runs != len(plan) + 1:
        raise AssertionError(f"{runs} runs for {len(plan)} toggles")
    return LeakResult("show/hide app", warmup, points, messages, {"show": final["show"], "runs": runs},
                      culled=culled, culled_alive=alive, freed_without_gc=freed_early, one_toggle=one_toggle_messages())


def one_toggle_messages() -> dict[str, list[str]]:
    """What one hide and one show publish, each message described (bench_rerun's recorder)."""
    from bench_rerun import _describe

    recorder = CommRecorder()
    out: dict[str, list[str]] = {}
    with recorder.installed():
        driver = OursDriver(recorder, SHOW_HIDE_SOURCE, "show_hide_messages")
        try:
            for name, value in (("hide", False), ("show", True), ("hide again", False), ("show again", True)):
                recorder.drain()
                driver.prepare(("checkbox", "show", value))()
                out[name] = [_describe(driver, m) for m in recorder.drain().messages]
        finally:
            driver.close()
    return out


# -- in a real kernel ---------------------------------------------------------------------------
KERNEL_PROBE = """(
    len(__import__('ipywidgets').widgets.widget._instances),
    len(__import__('comm').get_comm_manager().comms),
    [int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmRSS:')][0],
    len(get_ipython().kernel.session.digest_history),
    __import__('sys').getallocatedblocks(),
)"""

BARE_SLIDER = """\
import ipywidgets
_bench_bare = ipywidgets.IntSlider(min=0, max=100, value=50)
_bench_bare.observe(lambda change: None, names="value")
display(_bench_bare)
"""


def run_in_kernel(reruns: int = 10_000, warmup: int = 500, every: int = 1000) -> list[LeakResult]:
    """Part 1 in a real kernel, after the same number of messages to a bare IntSlider.

    The bare phase is the control: the kernel's own growth per message (jupyter_client's
    ``Session.digest_history`` keeps the signature of every message received, up to 65,536
    of them, as replay protection).
    """
    from testsupport.kernel_helpers import Frontend, running_kernel

    plan = reference_plan(warmup + reruns)
    results = []
    with tempfile.TemporaryDirectory() as tmp, running_kernel(cwd=tmp, ipython_dir=os.path.join(tmp, "ipython")) as (_km, kc):
        fe = Frontend(kc)
        fe.execute("import jupyter_state as st, gc")
        [bare] = fe.execute(BARE_SLIDER).iopub.displayed_models()
        fe.execute("%%app\n" + APP_SOURCE, cell_id="bench-leaks")
        ids = {key: fe.keyed(key) for _, key, _ in plan[:2 * 20]}
        digests: list[int] = []

        def probe(n: int) -> Checkpoint:
            fe.execute("gc.collect()")
            widgets, comms, rss, digest, blocks = fe.value(KERNEL_PROBE)
            digests.append(digest)
            return Checkpoint(n, widgets, comms, -1, rss, blocks)

        for name, steps in (
            ("bare IntSlider in a real kernel (control)", [("slider", "bare", v) for _, _, v in reference_plan(2 * (warmup + reruns))[::2]]),
            ("reference app in a real kernel", plan),
        ):
            points: list[Checkpoint] = []
            totals: dict[str, int] = {}
            digests.clear()
            for j, (kind, key, value) in enumerate(steps):
                if j >= warmup and (j - warmup) % every == 0:
                    points.append(probe(j))
                target = bare if key == "bare" else ids[key]
                iopub = fe.update(target, value=value) if kind == "slider" else fe.click(target)
                if j >= warmup:
                    for m in iopub:
                        kind_ = m["msg_type"] if m["msg_type"] != "comm_msg" else m["content"]["data"].get("method", "?")
                        totals[kind_] = totals.get(kind_, 0) + 1
            points.append(probe(len(steps)))
            final = {"count": fe.value("st.session_state.count")} if key != "bare" else {"value": fe.value("_bench_bare.value")}
            final["Session.digest_history"] = f"{digests[0]} -> {digests[-1]}"
            results.append(LeakResult(name, warmup, points, totals, final))
    count = results[-1].final["count"]
    if count != expected_count(plan):
        raise AssertionError(f"count {count}, {expected_count(plan)} clicks sent")
    return results


# -- report -------------------------------------------------------------------------------------
def report(results: list[LeakResult]) -> str:
    lines = [machine(), ""]
    for r in results:
        growth = r.rss_growth_kb
        lines += [
            f"== {r.name}: {r.checkpoints[-1].reruns - r.warmup} reruns after {r.warmup} warmup",
            f"{'reruns':>8}{'widgets':>9}{'comms':>7}{'objects':>9}{'VmRSS kB':>10}{'blocks':>10}",
            *(f"{c.reruns:>8}{c.widgets:>9}{c.comms:>7}{c.objects:>9}{c.rss_kb:>10}{c.blocks:>10}" for c in r.checkpoints),
            f"widgets (open ipywidgets), comms (registered) and objects (ipywidgets alive, after gc) "
            f"{'constant' if r.constant else 'NOT CONSTANT'}",
            f"VmRSS growth after warmup: {growth} kB  [{'meets' if growth < TARGET_RSS_KB else 'MISSES'} target < {TARGET_RSS_KB} kB]; "
            f"allocated blocks (sys.getallocatedblocks, after gc): {r.checkpoints[-1].blocks - r.checkpoints[0].blocks:+d}",
            "messages published after warmup: " + ", ".join(f"{k} {v}" for k, v in sorted(r.messages.items())),
            f"final: {r.final}",
        ]
        if r.culled:
            lines.append(
                f"culled objects tracked (Widget, view, layout, style): {r.culled}; alive after gc.collect(): {r.culled_alive}; "
                f"freed by reference counting alone (before any collection): {r.freed_without_gc}"
            )
        for name, described in r.one_toggle.items():
            lines.append(f"one {name}: {len(described)} messages")
            lines += [f"    {d}" for d in described]
        lines.append("")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[LeakResult]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1,000 reruns and 200 toggles")
    parser.add_argument("--reruns", type=int, default=None, help="reruns of the reference app (default 10000)")
    parser.add_argument("--toggles", type=int, default=None, help="toggles of the show/hide app (default 2000)")
    parser.add_argument("--kernel", action="store_true", help="also run the reference app in a real kernel")
    args = parser.parse_args(argv)
    reruns = args.reruns or (1000 if args.quick else 10_000)
    toggles = args.toggles or (200 if args.quick else 2000)
    warmup = min(500, max(reruns // 10, 2))
    results = [
        run_reference(reruns, warmup, every=max(reruns // 10, 1)),
        run_show_hide(toggles, warmup=min(100, max(toggles // 10, 2)), every=max(toggles // 10, 1)),
    ]
    if args.kernel:
        results += run_in_kernel(reruns, warmup, every=max(reruns // 10, 1))
    print(report(results))
    sys.stdout.flush()
    return results


if __name__ == "__main__":
    main()
