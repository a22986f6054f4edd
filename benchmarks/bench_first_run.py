"""The kernel's first run at 20 to 1000 widgets: time per widget and the models it opens.

An app of ``n`` keyed sliders and one ``st.write`` line is created and run once (its first
render: every widget, slot and output is new), in a fresh session each time, outside a
kernel: ``comm.create_comm`` is replaced by a comm that counts the ``comm_open`` messages
and publishes nothing (no serialisation). Target: the time per widget flat from 20 to 1000,
at most 2N + c models.

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
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.repeat = "5,20", 2
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


if __name__ == "__main__":
    main()
