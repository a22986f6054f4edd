"""What ``st.remember`` costs per rerun: bench_rerun's app with and without it, in one process.

The app is bench_rerun's (20 keyed sliders, a button with ``on_click``, an ``st.write``),
driven the same way (a comm message into the widget's comm, which runs the app). The
"remember" variant starts with ``st.remember()`` (every key: the 20 sliders, the button,
the counter), so every completed run encodes the whole session state and writes the
signed snapshot when it changed, which each of these interactions does (a slider moves,
the counter goes up). The two variants run in alternating blocks of 20 interactions, each
block in a fresh session after 20 warm-up interactions.

Run ``python benchmarks/bench_remember.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
from pathlib import Path

import _repo  # noqa: F401  (the repository root on sys.path, for testsupport)
from bench_rerun import APP_SOURCE, JupyterStateDriver, _time, make_plan

from testsupport.comm_recorder import CommRecorder


def run(interactions: int, warmup: int = 20, block: int = 20) -> dict[str, list[float]]:
    """Time ``interactions`` per variant; the snapshots go to a temporary folder."""
    before = os.environ.get("JUPYTER_STATE_DATA_DIR")
    try:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["JUPYTER_STATE_DATA_DIR"] = str(Path(folder) / "data")
            return _run(Path(folder), interactions, warmup, block)
    finally:
        if before is None:
            os.environ.pop("JUPYTER_STATE_DATA_DIR", None)
        else:
            os.environ["JUPYTER_STATE_DATA_DIR"] = before


def _run(folder: Path, interactions: int, warmup: int, block: int) -> dict[str, list[float]]:
    script = folder / "app.py"
    script.write_text(APP_SOURCE, encoding="utf-8")
    sources = {"without st.remember": APP_SOURCE,
               "with st.remember()": f"__file__ = {str(script)!r}\nst.remember()\n" + APP_SOURCE}
    snapshots = folder / "data" / "snapshots"
    times: dict[str, list[float]] = {name: [] for name in sources}
    plan = make_plan(warmup + block)
    recorder = CommRecorder()
    with recorder.installed():
        # One session is current at a time, so the variants take turns, a fresh session each
        # (its snapshot deleted first: every block starts from the same state).
        for b in range(interactions // block):
            for name in list(sources)[b % 2:] + list(sources)[:b % 2]:
                for old in snapshots.glob("*.json"):
                    old.unlink()
                driver = JupyterStateDriver(recorder, sources[name], name="bench_remember")
                try:
                    for step in plan[:warmup]:
                        driver.prepare(step)()
                    for step in plan[warmup:]:
                        call = driver.prepare(step)
                        times[name].append(_time(call))
                        recorder.drain()
                    assert driver.state()["count"] == (warmup + block) // 2
                    saved = list(snapshots.glob("*.json"))
                    assert len(saved) == (name != "without st.remember"), saved
                finally:
                    driver.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100 interactions instead of 400")
    args = parser.parse_args()
    n = 100 if args.quick else 400
    times = run(n)
    print(f"bench_remember: bench_rerun's app, {n} timed interactions per variant (half slider moves, half clicks)")
    print(f"{'interaction + rerun, ms':<28}{'median':>8}{'q1':>8}{'q3':>8}")
    for name, seconds in times.items():
        q1, median, q3 = statistics.quantiles([s * 1000 for s in seconds], n=4)
        print(f"{name:<28}{median:8.2f}{q1:8.2f}{q3:8.2f}")
    base, with_it = (statistics.median(s) * 1000 for s in times.values())
    print(f"st.remember() adds {with_it - base:.2f} ms per rerun ({with_it / base:.2f}x)")


if __name__ == "__main__":
    main()
