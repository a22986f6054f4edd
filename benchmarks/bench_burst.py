"""A burst of slider updates in a real kernel: how many runs, is the last value kept, how long.

A browser does not wait for the kernel: dragging a slider (or a script, or a fast user)
can queue many ``update`` messages. Here 1,000 (``--messages``) ``comm_msg`` ``update``
messages for one slider are posted back to back on the shell channel, without waiting for
idle in between, exactly as JupyterLab sends them; then every iopub message is read until
the kernel's ``idle`` status for the last one (``testsupport/kernel_helpers.Frontend`` keeps the
browser's copy of the models meanwhile).

The app counts its own runs in session state::

    %%app
    if "runs" not in st.session_state:
        st.session_state.runs = 0
    st.session_state.runs += 1
    st.slider("X", 0, 1000, 0, key="x")
    st.write("runs:", st.session_state.runs)

Reported: app runs executed for the burst (``runs`` after minus before), the final value
in the kernel, in the widget and in the browser's model (it must be the last one sent), the
messages the kernel published up to the last idle and those that came after it (a run
deferred past the last idle publishes then; read for 0.3 s), the time from the first post
to the last idle and to the burst's last message. The kernel's state is then polled until
it holds the last value (a failure is reported). The bursts alternate, bare then app, for
``--rounds`` rounds (default 3) in one kernel. For comparison, the same burst to a bare ``IntSlider`` with
an empty observer in the same kernel.

Without coalescing every message runs the app (about 1,000 runs); with coalescing
(DESIGN.md §3: "changes that arrive while a run is in progress produce one follow-up run,
and the last value always wins") there should be far fewer, and the last value must still win.

Run ``.venv/bin/python benchmarks/bench_burst.py`` (``--quick`` for 100 messages, one round;
``--pythonpath DIR`` puts DIR first on the kernel's ``PYTHONPATH``, to measure another copy
of ``jupyter_state``).
"""

from __future__ import annotations

import argparse
import collections
import os
import queue
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from typing import Any

from _common import kernel_env, machine

from testsupport.kernel_helpers import Frontend, kernel_python, running_kernel

APP = """%%app
if "runs" not in st.session_state:
    st.session_state.runs = 0
st.session_state.runs += 1
st.slider("X", 0, 1000, 0, key="x")
st.write("runs:", st.session_state.runs)
"""

BARE = """\
import ipywidgets
_bench_bare = ipywidgets.IntSlider(min=0, max=1000, value=0)
_bench_bare.observe(lambda change: None, names="value")
display(_bench_bare)
"""

SETTLE_TIMEOUT = 10.0


@dataclass
class Burst:
    sent: int
    last_sent: int
    seconds_to_idle: float
    #: iopub messages (comm_msg by method) from the first post to the last idle
    messages: dict[str, int]
    kernel_value: Any
    widget_value: Any
    browser_value: Any
    #: iopub messages of the burst that came after the last idle
    late: dict[str, int] | None = None
    runs: int | None = None
    shown: list[str] | None = None
    seconds_to_last_message: float | None = None
    settled: bool = True
    #: the jupyter_state package the kernel imported
    package: str = ""


def _values(n: int) -> list[int]:
    """``n`` values for a 0-1000 slider, each different from the one before, ending at 1000."""
    return [1000 - (n - 1 - i) % 1000 for i in range(n)]


def post_burst(fe: Frontend, comm_id: str, values: list[int], linger: float = 0.3) -> tuple[float, float, dict[str, int], dict[str, int]]:
    """Post every update, then read iopub until the idle of the last one.

    Returns the seconds from the first post to that idle and to the burst's last message,
    the iopub messages of the burst up to the idle, and those that came after it (within
    ``linger`` seconds): a run deferred past the last idle publishes then.
    """
    start = time.perf_counter()
    ids = [fe.post(comm_id, {"method": "update", "state": {"value": v}, "buffer_paths": []}) for v in values]
    fe.models[comm_id]["value"] = values[-1]  # the browser's model took the user's last value
    mine = set(ids)
    counts: collections.Counter[str] = collections.Counter()
    late: collections.Counter[str] = collections.Counter()
    deadline = time.monotonic() + 120
    idle_at: float | None = None
    seconds = last = 0.0
    while True:
        now = time.monotonic()
        if idle_at is not None and now >= idle_at + linger:
            return seconds, last, dict(counts), dict(late)
        until = idle_at + linger if idle_at is not None else deadline
        try:
            msg = fe.kc.get_iopub_msg(timeout=max(until - now, 0.005))
        except queue.Empty:
            if idle_at is None:
                raise TimeoutError(f"no idle for the last message; got {dict(counts)}") from None
            continue
        fe._absorb(msg)
        parent = msg["parent_header"].get("msg_id")
        if parent not in mine:
            continue
        kind = msg["msg_type"]
        if kind == "comm_msg":
            kind = f"comm_msg {msg['content']['data'].get('method', '?')}"
        elif kind == "status":
            kind = f"status {msg['content']['execution_state']}"
        (late if idle_at is not None else counts)[kind] += 1
        last = time.perf_counter() - start
        if idle_at is None and parent == ids[-1] and kind == "status idle":
            seconds = time.perf_counter() - start
            idle_at = time.monotonic()


def run_benchmark(messages: int = 1000, rounds: int = 3, pythonpath: str | None = None) -> list[tuple[Burst, Burst]]:
    """``rounds`` times: a burst to the bare slider, then one to the app's slider (one kernel)."""
    values = _values(messages)
    out = []
    with kernel_env(pythonpath), tempfile.TemporaryDirectory() as tmp, running_kernel(cwd=tmp, ipython_dir=os.path.join(tmp, "ipython")) as (_km, kc):
        fe = Frontend(kc)
        fe.execute("import jupyter_state as st")
        package = os.path.dirname(kernel_python(fe)[1])
        [bare_id] = fe.execute(BARE).iopub.displayed_models()
        [box] = fe.execute(APP, cell_id="bench-burst").iopub.displayed_models()
        slider = fe.keyed("x")
        # one ordinary interaction each first (warm caches)
        fe.update(bare_id, value=500)
        fe.update(slider, value=500)
        probe = "(st.session_state.runs, st.session_state.x, [w.view.value for a in __import__('jupyter_state').runtime.current().apps for w in a.widgets.values() if w.key == 'x'][0])"
        for _ in range(rounds):
            seconds, _, counts, late = post_burst(fe, bare_id, values)
            bare = Burst(messages, values[-1], seconds, counts, fe.value("_bench_bare.value"), fe.value("_bench_bare.value"), fe.models[bare_id]["value"], late=late)

            runs_before = fe.value("st.session_state.runs")
            seconds, last, counts, late = post_burst(fe, slider, values)
            runs, x, view_value = fe.value(probe)
            settled = x == values[-1] and view_value == values[-1]
            waited = time.perf_counter()
            while not settled and time.perf_counter() - waited < SETTLE_TIMEOUT:
                time.sleep(0.02)
                runs, x, view_value = fe.value(probe)
                settled = x == values[-1] and view_value == values[-1]
            app = Burst(messages, values[-1], seconds, counts, x, view_value, fe.models[slider]["value"],
                        late=late, runs=runs - runs_before, shown=fe.texts(box), seconds_to_last_message=last, settled=settled, package=package)
            out.append((bare, app))
    return out


def _counts(counts: dict[str, int] | None) -> str:
    return ", ".join(f"{k} {v}" for k, v in sorted((counts or {}).items())) or "none"


def report(rounds: list[tuple[Burst, Burst]]) -> str:
    first_app = rounds[0][1]
    lines = [
        machine(),
        f"the kernel's jupyter_state: {first_app.package}",
        "",
        f"== {first_app.sent} slider updates posted back to back, then drained to the last idle; {len(rounds)} rounds (bare, then app) in one kernel",
    ]
    for i, (bare, app) in enumerate(rounds, 1):
        ok = app.kernel_value == app.last_sent and app.widget_value == app.last_sent and app.browser_value == app.last_sent
        lines += [
            f"round {i}",
            f"  bare IntSlider: {bare.seconds_to_idle * 1e3:8.1f} ms to the last idle ({bare.seconds_to_idle / bare.sent * 1e3:.3f} ms per message); "
            f"final value {bare.kernel_value} (browser {bare.browser_value}, last sent {bare.last_sent})",
            f"      iopub: {_counts(bare.messages)}; after the last idle: {_counts(bare.late)}",
            f"  %%app:          {app.seconds_to_idle * 1e3:8.1f} ms to the last idle ({app.seconds_to_idle / app.sent * 1e3:.3f} ms per message); "
            f"the burst's last message at {(app.seconds_to_last_message or float('nan')) * 1e3:.1f} ms"
            + ("" if app.settled else f" -- the state did NOT SETTLE on the last value within {SETTLE_TIMEOUT} s"),
            f"      app runs executed for {app.sent} messages: {app.runs}",
            f"      final value: session_state.x {app.kernel_value}, widget {app.widget_value}, browser model {app.browser_value}; "
            f"last sent {app.last_sent} [{'correct' if ok else 'WRONG'}]; the app shows {app.shown}",
            f"      iopub up to the last idle: {_counts(app.messages)}",
            f"      iopub of the burst after the last idle (read for 0.3 s): {_counts(app.late)}",
        ]
    bare_t = statistics.median(b.seconds_to_idle for b, _ in rounds)
    app_t = statistics.median(a.seconds_to_idle for _, a in rounds)
    lines += [
        f"median over rounds: bare {bare_t * 1e3:.1f} ms, app {app_t * 1e3:.1f} ms to the last idle (ratio app / bare {app_t / bare_t:.2f}); "
        f"app runs per burst {[a.runs for _, a in rounds]}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> list[tuple[Burst, Burst]]:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 messages, one round")
    parser.add_argument("--messages", type=int, default=None, help="updates in the burst (default 1000)")
    parser.add_argument("--rounds", type=int, default=None, help="bursts to each slider, alternating (default 3)")
    parser.add_argument("--pythonpath", default=None, help="put this first on the kernel's PYTHONPATH")
    args = parser.parse_args(argv)
    messages = args.messages or (100 if args.quick else 1000)
    rounds = args.rounds or (1 if args.quick else 3)
    result = run_benchmark(messages, rounds, args.pythonpath)
    print(report(result))
    sys.stdout.flush()
    return result


if __name__ == "__main__":
    main()
