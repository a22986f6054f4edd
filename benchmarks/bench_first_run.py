"""The kernel's first run at 20 to 1000 widgets: time per widget and the models it opens.

An app of ``n`` keyed sliders and one ``st.write`` line is created and run once (its first
render: every widget, slot and output is new), in a fresh session each time, outside a
kernel: ``comm.create_comm`` is replaced by a comm that counts the ``comm_open`` messages
and publishes nothing (no serialisation). Target: the time per widget flat from 20 to 1000,
at most 2N + c models.

With ``--kernel`` the same first runs happen in a real ipykernel (``testsupport/kernel_helpers``):
every ``comm_open`` is serialised, signed and sent through the kernel's IOPub thread, as in
JupyterLab; the messages' count and bytes are what the frontend receives. ``--profile`` adds
a cProfile of the largest size's first run (in the kernel).

Run ``.venv/bin/python benchmarks/bench_first_run.py`` (``--sizes``, ``--repeat``;
``--pythonpath DIR`` measures another copy of jupyter_state, e.g. a ``git archive`` of an
older commit; ``--quick`` for a smoke run).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from typing import Any


def main(argv: list[str] | None = None) -> list[tuple[int, float, int]]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,50,100,300,1000")
    parser.add_argument("--repeat", type=int, default=7, help="first runs per size (the median is shown)")
    parser.add_argument("--pythonpath", help="import jupyter_state from this directory")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--kernel", action="store_true", help="in a real ipykernel (messages serialised and sent)")
    parser.add_argument("--profile", action="store_true", help="with --kernel: cProfile the largest size's first run")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "5,20", 2
    if args.kernel:
        return in_kernel(args)
    if args.pythonpath:
        sys.path.insert(0, os.path.abspath(args.pythonpath))
    import comm

    import jupyter_state as st
    from jupyter_state import runtime

    opened = [0]

    class CountingComm(comm.DummyComm):  # type: ignore[misc]
        def publish_msg(self, msg_type: str, *a: Any, **k: Any) -> None:
            opened[0] += msg_type == "comm_open"

    def app_of(n: int) -> Any:
        def body() -> None:
            for i in range(n):
                st.slider(f"Slider {i}", 0, 100, 50, key=f"w{i}")
            st.write("done")
        return body

    saved = comm.create_comm
    comm.create_comm = CountingComm
    rows = []
    try:
        print(f"bench_first_run: jupyter_state from {os.path.dirname(st.__file__)}; python {platform.python_version()}, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; median of {args.repeat} first runs")
        print(f"{'widgets':>8}{'first run ms':>14}{'us/widget':>11}{'comm_open':>11}{'(2N + c) c':>12}")
        for n in [int(x) for x in args.sizes.split(",")]:
            times = []
            for _ in range(args.repeat):
                gc.collect()
                opened[0] = 0
                with runtime.using(runtime.JupyterState()):
                    t0 = time.perf_counter()
                    app = st.app(app_of(n), display=False)
                    times.append(time.perf_counter() - t0)
                    count = opened[0]
                    app.close()
            ms = 1000 * statistics.median(times)
            rows.append((n, ms, count))
            print(f"{n:8d}{ms:14.1f}{1000 * ms / n:11.0f}{count:11d}{count - 2 * n:12d}")
    finally:
        comm.create_comm = saved
    return rows


#: In the kernel: the bench's app (the counter's slider and button, n - 2 more sliders, a line)
#: run once in a fresh session; the time of ``st.app`` (its first run, every model opened).
KERNEL_SETUP = '''
import cProfile, gc, io, pstats, time
import jupyter_state as st
from jupyter_state import runtime as _rt

def _app_of(n):
    def body():
        st.slider("Step", 1, 10, 1, key="step")
        st.button("Add", key="add")
        for i in range(n - 2):
            st.slider(f"Slider {i}", 0, 100, 50, key=f"w{i}")
        st.write("Count:", 0)
    return body

def _first(n, profile=False):
    gc.collect()
    with _rt.using(_rt.JupyterState()):
        pr = cProfile.Profile() if profile else None
        t0 = time.perf_counter()
        if pr:
            pr.enable()
        app = st.app(_app_of(n), display=False)
        if pr:
            pr.disable()
        took = time.perf_counter() - t0
        app.close()
    if pr:
        out = io.StringIO()
        pstats.Stats(pr, stream=out).sort_stats("cumulative").print_stats(30)
        pstats.Stats(pr, stream=out).sort_stats("tottime").print_stats(20)
        return took, out.getvalue()
    return took, ""

_first(5)  # imports (anywidget, the views) are not the first run's
'''


def in_kernel(args: argparse.Namespace) -> list[tuple[int, float, int]]:
    import json
    import tempfile

    import _repo  # noqa: F401  (the repository root on sys.path, for testsupport)

    from testsupport.kernel_helpers import Frontend, running_kernel

    if args.pythonpath:
        os.environ["PYTHONPATH"] = os.path.abspath(args.pythonpath)  # the kernel imports that copy
    rows = []
    with tempfile.TemporaryDirectory() as tmp, running_kernel(tmp, tmp) as (km, kc):
        fe = Frontend(kc, km)
        fe.execute(KERNEL_SETUP)
        where = fe.value("__import__('os').path.dirname(st.__file__)")
        print(f"bench_first_run --kernel: jupyter_state from {where}; python {platform.python_version()}, "
              f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}; median of {args.repeat} first runs in an ipykernel")
        print(f"{'widgets':>8}{'first run ms':>14}{'us/widget':>11}{'comm_open':>11}{'KB sent':>10}{'KB/widget':>11}")
        sizes = [int(x) for x in args.sizes.split(",")]
        for n in sizes:
            times, opened, sent = [], 0, 0
            for _ in range(args.repeat):
                reply = fe.execute(f"_took, _ = _first({n})")
                times.append(float(fe.eval("_took")))
                opens = reply.iopub.comm_opens()
                opened, sent = len(opens), sum(len(json.dumps(m["content"])) for m in opens)
            ms = 1000 * statistics.median(times)
            rows.append((n, ms, opened))
            print(f"{n:8d}{ms:14.1f}{1000 * ms / n:11.0f}{opened:11d}{sent / 1024:10.0f}{sent / 1024 / n:11.1f}", flush=True)
        if args.profile:
            fe.execute(f"_, _prof = _first({sizes[-1]}, profile=True)")
            print(f"\ncProfile of one first run at {sizes[-1]} widgets, in the kernel:\n" + fe.value("_prof"))
    return rows


if __name__ == "__main__":
    main()
