"""What the timeline costs per interaction: bench_rerun's app, with the timeline's hooks on and off.

The reference app of ``bench_rerun.py`` (20 keyed sliders, a button with ``on_click``, a
``st.write``) is driven through the widget comm in one process. Blocks of interactions
alternate between the real timeline (``jupyter_state/_timeline.py``) and one whose hooks do
nothing (its methods replaced by no-ops), so both see the same machine noise. The
difference of the medians is what recording the events costs.

Run ``python benchmarks/bench_timeline.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _repo  # noqa: E402,F401  (the repository root on sys.path, for testsupport)
import bench_rerun  # noqa: E402  (the reference app and its driver, next to this file)

HOOKS = ("note", "widget_changed", "callback_ran", "run_started", "run_ended", "end")
OFF: dict[str, Any] = {
    "note": lambda self, key, old: None, "widget_changed": lambda self, widget, old, new: None,
    "callback_ran": lambda self, widget: None, "run_started": lambda self, app, fragments: {"t0": 0.0},
    "run_ended": lambda self, record, outcome, error: None, "end": lambda self: None,
}


def run(interactions: int = 2000, block: int = 50) -> dict[str, list[float]]:
    """Median-ready timings (ms) of ``interactions`` per mode, in alternating blocks."""
    from jupyter_state import _timeline  # the environment's jupyter_state, as bench_rerun measures it

    real = {name: getattr(_timeline.Timeline, name) for name in HOOKS}
    recorder = bench_rerun.CommRecorder()
    plan = bench_rerun.make_plan(2 * interactions + 20)
    times: dict[str, list[float]] = {"on": [], "off": []}
    with recorder.installed():
        driver = bench_rerun.JupyterStateDriver(recorder)
        try:
            for step in plan[:20]:
                driver.prepare(step)()
            at = 20
            while len(times["off"]) < interactions:
                for mode in ("on", "off"):
                    for name in HOOKS:
                        setattr(_timeline.Timeline, name, real[name] if mode == "on" else OFF[name])
                    for step in plan[at:at + block]:
                        call = driver.prepare(step)
                        start = time.perf_counter()
                        call()
                        times[mode].append((time.perf_counter() - start) * 1000)
                    at += block
        finally:
            for name in HOOKS:
                setattr(_timeline.Timeline, name, real[name])
            driver.close()
    return times


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Print and return the medians and their difference."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 interactions per mode")
    parser.add_argument("--interactions", type=int, default=None, help="per mode (default 1000)")
    args = parser.parse_args(argv)
    n = args.interactions or (200 if args.quick else 1000)
    times = run(n)
    on, off = statistics.median(times["on"]), statistics.median(times["off"])
    print(f"bench_timeline: bench_rerun's app, {n} interactions per mode, alternating blocks of 50")
    print(f"timeline on   median {on:.3f} ms")
    print(f"timeline off  median {off:.3f} ms")
    print(f"cost          {1000 * (on - off):.0f} us per interaction ({100 * (on - off) / off:.1f}%)")
    return {"on": on, "off": off}


if __name__ == "__main__":
    main()
