"""The real-kernel floor: an ``update`` message to kernel idle, bare ipywidgets vs a ``%%app``.

A real ipykernel (this venv's interpreter) is driven through ``jupyter_client`` by
``testsupport/kernel_helpers.Frontend``, which sends what JupyterLab sends (a shell ``comm_msg``
``update`` with the new value) and waits for the kernel's ``idle`` status for it, applying
every widget message it sees to its copy of the models, as the browser does.

(a) the floor: a bare ``ipywidgets.IntSlider`` with an empty ``observe`` callback;
(b) the reference app of ``bench_rerun`` (20 keyed sliders, a button, ``st.write``) as a
    ``%%app`` cell; one of its sliders is moved (a real change every time).

(a) and (b) alternate message by message in the same kernel, so each pair shares the
machine's state; the report gives both medians, (b) - (a), and the median of the pairwise
differences. Target: (b) - (a) <= 2 ms (median).

Then the messages of one rerun (item 3 of the issue): the iopub messages the kernel sends for
one slider change and for one click, by type, and, for ``comm_msg``, by method and by the
model they address. Target: no ``comm_open``, no ``update`` for a widget that did not change,
one ``echo_update`` (for the moved slider), and only the outputs that changed (none for a
slider move, since the app writes only the counter; one for a click). The same facts are
checked over every timed message.

Finally, for reference, the kernel-side time of one run (``JupyterState._run_once``) and of
the whole comm handler, measured by wrapping them in the kernel after the timed part.

Run ``.venv/bin/python benchmarks/bench_kernel_floor.py`` (``--quick`` for 40 messages each;
``--messages N``; ``--pythonpath DIR`` puts DIR first on the kernel's ``PYTHONPATH``, to
measure another copy of ``jupyter_state``).
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field

from _common import APP_SOURCE, SLIDER_START, Stats, fmt_row, header_row, kernel_env, machine

from testsupport.kernel_helpers import Frontend, Messages, kernel_python, running_kernel

TARGET_MS = 2.0

BARE = """\
import ipywidgets
_bench_bare = ipywidgets.IntSlider(min=0, max=100, value=50)
_bench_bare.observe(lambda change: None, names="value")
display(_bench_bare)
"""

INSTRUMENT = """\
import time as _t
from jupyter_state import runtime as _rt
_bench_times = {"run": [], "comm": []}
_orig_run_once = _rt.JupyterState._run_once
def _timed_run_once(self, app, *args):
    t = _t.perf_counter()
    try:
        return _orig_run_once(self, app, *args)
    finally:
        _bench_times["run"].append(_t.perf_counter() - t)
def _timed_handler(handler):
    def timed(msg):
        t = _t.perf_counter()
        try:
            return handler(msg)
        finally:
            _bench_times["comm"].append(_t.perf_counter() - t)
    timed.original = handler
    return timed
_rt.JupyterState._run_once = _timed_run_once
for _app in _rt.current().apps:
    for _w in _app.widgets.values():
        _w.view.comm._msg_callback = _timed_handler(_w.view.comm._msg_callback)
"""

UNINSTRUMENT = """\
_rt.JupyterState._run_once = _orig_run_once
for _app in _rt.current().apps:
    for _w in _app.widgets.values():
        _w.view.comm._msg_callback = getattr(_w.view.comm._msg_callback, "original", _w.view.comm._msg_callback)
"""


@dataclass
class Breakdown:
    """The iopub messages one request caused, classified."""

    by_type: dict[str, int]
    #: (method, what the comm is) -> count, for comm_msg
    comm: dict[tuple[str, str], int]

    def get(self, method: str, what: str) -> int:
        return self.comm.get((method, what), 0)

    def comm_total(self, method: str) -> int:
        return sum(n for (m, _), n in self.comm.items() if m == method)


@dataclass
class FloorResult:
    messages: int
    bare: list[float]
    app: list[float]
    slider_msgs: Breakdown
    click_msgs: Breakdown
    #: over all timed app messages: iopub type -> total, and comm_msg problems
    timed_by_type: dict[str, int]
    timed_problems: list[str]
    kernel_run: list[float] = field(default_factory=list)
    kernel_comm: list[float] = field(default_factory=list)
    final_value: int = 0
    expected_value: int = 0
    frontend_value: int = 0
    #: the jupyter_state package the kernel imported
    package: str = ""

    @property
    def diff_ms(self) -> float:
        return Stats.of(self.app).median - Stats.of(self.bare).median

    @property
    def paired_diff_ms(self) -> float:
        return statistics.median((b - a) * 1e3 for a, b in zip(self.bare, self.app))


def _describe(fe: Frontend, comm_id: str, changed: str, outputs: set[str]) -> str:
    if comm_id == changed:
        return "the changed widget"
    if comm_id in outputs:
        return "an output"
    state = fe.models.get(comm_id, {})
    return f"other {state.get('_model_name', '?')}"


def classify(fe: Frontend, iopub: Messages, changed: str, outputs: set[str]) -> Breakdown:
    by_type = collections.Counter(m["msg_type"] for m in iopub)
    comm: collections.Counter[tuple[str, str]] = collections.Counter()
    for m in iopub.of_type("comm_msg"):
        comm[(m["content"]["data"].get("method", "?"), _describe(fe, m["content"]["comm_id"], changed, outputs))] += 1
    return Breakdown(dict(by_type), dict(comm))


def problems_of(b: Breakdown, click: bool) -> list[str]:
    """How ``b`` differs from the target for one slider change (or one click)."""
    out = []
    if b.by_type.get("comm_open", 0):
        out.append(f"{b.by_type['comm_open']} comm_open")
    if b.by_type.get("comm_close", 0):
        out.append(f"{b.by_type['comm_close']} comm_close")
    others = {k: n for k, n in b.comm.items() if k[1].startswith("other")}
    if others:
        out.append(f"messages to unchanged widgets: {others}")
    if not click and b.get("echo_update", "the changed widget") != 1:
        out.append(f"{b.get('echo_update', 'the changed widget')} echo_update for the moved slider")
    if not click and b.get("update", "the changed widget"):
        out.append("an update sent back to the moved slider")
    expected_outputs = 1 if click else 0
    if b.get("update", "an output") != expected_outputs:
        out.append(f"{b.get('update', 'an output')} output updates (expected {expected_outputs})")
    for kind in ("error", "stream", "display_data", "execute_result"):
        if b.by_type.get(kind):
            out.append(f"{b.by_type[kind]} {kind} in the cell")
    return out


def output_ids(fe: Frontend) -> set[str]:
    return {cid for cid, s in fe.live().items() if s.get("_model_name") == "OutputModel"}


def app_text(fe: Frontend, box: str) -> list[str]:
    return fe.texts(box)


def run_benchmark(messages: int = 200, warmup: int = 20, pythonpath: str | None = None) -> FloorResult:
    with kernel_env(pythonpath), tempfile.TemporaryDirectory() as tmp, running_kernel(cwd=tmp, ipython_dir=os.path.join(tmp, "ipython")) as (_km, kc):
        fe = Frontend(kc)
        fe.execute("import jupyter_state as st")
        package = os.path.dirname(kernel_python(fe)[1])
        bare_reply = fe.execute(BARE)
        [bare_id] = bare_reply.iopub.displayed_models()
        app_reply = fe.execute("%%app\n" + APP_SOURCE, cell_id="bench-kernel-floor")
        [box] = app_reply.iopub.displayed_models()
        slider = fe.keyed("s3")
        button = fe.keyed("add")
        bare_value = app_value = SLIDER_START

        def next_values() -> tuple[int, int]:
            nonlocal bare_value, app_value
            bare_value = (bare_value + 37) % 101
            app_value = (app_value + 37) % 101
            return bare_value, app_value

        for _ in range(warmup):
            a, b = next_values()
            fe.update(bare_id, value=a)
            fe.update(slider, value=b)
        bare_times: list[float] = []
        app_times: list[float] = []
        totals: collections.Counter[str] = collections.Counter()
        problems: list[str] = []
        outputs = output_ids(fe)
        for i in range(messages):
            a, b = next_values()
            pair = [(bare_id, a, bare_times), (slider, b, app_times)]
            for comm_id, value, times in pair if i % 2 == 0 else pair[::-1]:
                start = time.perf_counter()
                iopub = fe.update(comm_id, value=value)
                times.append(time.perf_counter() - start)
                if comm_id == slider:
                    totals.update(m["msg_type"] for m in iopub)
                    problems += problems_of(classify(fe, iopub, slider, outputs), click=False)
        # One rerun's messages, slider then click (item 3).
        a, b = next_values()
        slider_msgs = classify(fe, fe.update(slider, value=b), slider, outputs)
        click_msgs = classify(fe, fe.click(button), button, outputs)
        last_sent, final, frontend_value = b, fe.value("st.session_state.s3"), fe.models[slider]["value"]
        shown = app_text(fe, box)
        if final != last_sent or frontend_value != last_sent:  # the browser's model took the echo
            raise AssertionError(f"the kernel holds {final}, the browser {frontend_value}; {last_sent} was sent last")
        if shown[-1:] != ["Count: `1`"]:  # st.write puts the number in code style, as Streamlit
            raise AssertionError(f"the app shows {shown!r} after one click")
        # Kernel-side time of one run and of the comm handler, for reference.
        fe.execute(INSTRUMENT)
        for _ in range(min(messages, 100)):
            a, b = next_values()
            fe.update(slider, value=b)
        kernel_times = fe.value("{k: list(v) for k, v in _bench_times.items()}")
        fe.execute(UNINSTRUMENT)
        return FloorResult(
            messages=messages,
            bare=bare_times,
            app=app_times,
            slider_msgs=slider_msgs,
            click_msgs=click_msgs,
            timed_by_type=dict(totals),
            timed_problems=problems,
            kernel_run=kernel_times["run"],
            kernel_comm=kernel_times["comm"],
            final_value=final,
            expected_value=last_sent,
            frontend_value=frontend_value,
            package=package,
        )


def _breakdown_lines(title: str, b: Breakdown, click: bool) -> list[str]:
    problems = problems_of(b, click)
    lines = [
        f"  {title}: iopub " + ", ".join(f"{k} {v}" for k, v in sorted(b.by_type.items())),
        "      comm_msg: " + (", ".join(f"{m} -> {what}: {n}" for (m, what), n in sorted(b.comm.items())) or "none"),
        "      " + ("meets the target" if not problems else "MISSES the target: " + "; ".join(problems)),
    ]
    return lines


def report(r: FloorResult) -> str:
    bare, app = Stats.of(r.bare), Stats.of(r.app)
    ok = "meets" if r.diff_ms <= TARGET_MS else "MISSES"
    lines = [
        machine(),
        f"the kernel's jupyter_state: {r.package}",
        "",
        f"== update message -> kernel idle, {r.messages} messages each, alternating (a) and (b) in one kernel",
        header_row(),
        fmt_row("(a) bare IntSlider + empty observer", bare),
        fmt_row("(b) %%app reference app, one slider", app),
        f"(b) - (a): difference of medians {r.diff_ms:.3f} ms, median of pairwise differences {r.paired_diff_ms:.3f} ms   "
        f"[{ok} target <= {TARGET_MS} ms]; ratio of medians (b)/(a) {app.median / bare.median:.2f}",
    ]
    if r.kernel_run:
        lines += [
            "kernel side, measured inside the kernel afterwards (wrapped functions), for reference:",
            fmt_row("  Widget._on_comm_msg (whole handler)", Stats.of(r.kernel_comm)),
            fmt_row("  JupyterState._run_once (one run)", Stats.of(r.kernel_run)),
        ]
    lines += [
        "",
        "== messages per rerun (the iopub messages of one request, up to its idle)",
        *_breakdown_lines("one slider change", r.slider_msgs, click=False),
        *_breakdown_lines("one button click ", r.click_msgs, click=True),
        f"  over all {r.messages} timed slider changes: iopub " + ", ".join(f"{k} {v}" for k, v in sorted(r.timed_by_type.items()))
        + f"; departures from the target: {len(r.timed_problems)}",
        *(f"      {p}" for p in r.timed_problems[:10]),
        f"  final value: kernel {r.final_value}, browser model {r.frontend_value}, last value sent {r.expected_value}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> FloorResult:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="40 messages each")
    parser.add_argument("--messages", type=int, default=None, help="timed messages for each of (a) and (b) (default 300)")
    parser.add_argument("--warmup", type=int, default=None)
    parser.add_argument("--pythonpath", default=None, help="put this first on the kernel's PYTHONPATH")
    args = parser.parse_args(argv)
    messages = args.messages or (40 if args.quick else 300)
    warmup = args.warmup if args.warmup is not None else (5 if args.quick else 20)
    result = run_benchmark(messages, warmup, args.pythonpath)
    print(report(result))
    sys.stdout.flush()
    return result


if __name__ == "__main__":
    main()

