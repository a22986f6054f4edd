"""Smoke test of the performance scripts in benchmarks/: each main() with tiny counts.

No timing is asserted, only the facts each script relies on: final values are the last
ones sent, a rerun opens no comm, widget and comm counts stay constant, culled widgets are
freed, both systems end in the same state.
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).resolve().parents[1] / "benchmarks").glob("bench_*.py"))


@pytest.mark.oracle
def test_bench_large() -> None:
    import bench_large
    from _common import mixed_plan

    ref, large = bench_large.main(["--widgets", "13", "--ref-interactions", "4", "--large-interactions", "13", "--warmup", "2"])
    for r in (ref, large):
        assert r.unexpected == [] and r.redundant_updates == 0
        assert r.totals.get("comm_open", 0) == 0 and r.totals.get("comm_close", 0) == 0
        assert r.shown["jupyter_state"] == r.shown["AppTest"]
        assert math.isfinite(r.ratio()) and r.ratio() > 0
    assert large.widgets == 13 and set(large.kinds) == {"slider", "checkbox", "text_input", "selectbox", "number_input", "button"}
    # 13 timed interactions, each one message: an echo for a value change, an output update for a click
    assert large.totals == {"echo_update": 11, "update": 2}
    last_sent = {key: value for kind, key, value in mixed_plan(13, 2 + 13) if kind != "button"}
    assert {k: large.final_state[k] for k in last_sent} == last_sent


@pytest.mark.oracle
def test_bench_large_dashboard() -> None:
    """The dashboard app: one message per interaction, nothing for the containers, the same
    state and text as AppTest, and a rerun with no change sends nothing."""
    import bench_large

    (dash,) = bench_large.main(["--only-dashboard", "--dashboard", "12", "--warmup", "2"])
    assert dash.widgets == 30 and dash.unexpected == [] and dash.redundant_updates == 0
    assert dash.totals.get("comm_open", 0) == 0 and dash.totals.get("comm_close", 0) == 0
    assert dash.shown["jupyter_state"] == dash.shown["AppTest"]
    assert dash.plain_rerun.messages == []
    assert sum(dash.totals.values()) == 12


@pytest.mark.oracle
def test_bench_reactive() -> None:
    """A slider move reruns its cell and the 2 that read its key (every cell when all read
    it, only its own when none does), with one echo and one output update per cell showing x."""
    import bench_reactive

    r = bench_reactive.main(["--apps", "5", "--interactions", "6", "--warmup", "2"])
    assert r.problems == []
    assert r.runs == {"reactive": {(0, 1, 2): 6}, "rerun all": {(0, 1, 2, 3, 4): 6}, "no reader": {(0,): 6}}
    assert r.totals["reactive"] == r.totals["rerun all"] == {"echo_update": 6, "update": 18}
    assert r.totals["no reader"] == {"echo_update": 6, "update": 6}
    assert all(r.stats(s).n == 6 for s in bench_reactive.SYSTEMS)
    assert math.isfinite(r.ratio("reactive", "rerun all")) and math.isfinite(r.ratio("reactive", "AppTest"))
    assert r.final_state["x"] == bench_reactive.plan(8)[-1][2]


@pytest.mark.kernel
def test_bench_kernel_floor() -> None:
    import bench_kernel_floor as floor

    r = floor.main(["--messages", "6", "--warmup", "1"])
    assert len(r.bare) == len(r.app) == 6
    assert floor.problems_of(r.slider_msgs, click=False) == []
    assert floor.problems_of(r.click_msgs, click=True) == []
    assert r.slider_msgs.by_type.get("comm_open", 0) == 0
    assert r.slider_msgs.get("echo_update", "the changed widget") == 1
    assert r.timed_problems == [] and r.timed_by_type.get("comm_open", 0) == 0
    assert r.final_value == r.frontend_value == r.expected_value
    assert r.kernel_run and r.kernel_comm


@pytest.mark.kernel
def test_bench_burst() -> None:
    import bench_burst

    [(bare, app)] = bench_burst.main(["--messages", "30", "--rounds", "1"])
    assert bare.kernel_value == bare.browser_value == 1000
    assert app.settled
    assert app.kernel_value == app.widget_value == app.browser_value == app.last_sent == 1000
    assert app.runs is not None and 1 <= app.runs <= 30
    assert app.messages.get("comm_open", 0) == 0
    assert app.messages["comm_msg echo_update"] == 30


def test_bench_scale() -> None:
    import bench_scale

    r = bench_scale.main(["--sizes", "6,12,24", "--interactions", "6", "--keys", "2000", "--number", "500"])
    assert sorted(r.sizes.times) == [6, 12, 24] and all(len(t) == 6 for t in r.sizes.times.values())
    assert {o.name for o in r.ops} >= {"get  ss[k]", "set  ss[k] = v", "in   k in ss"}
    assert all(math.isfinite(o.proxy_ns) and math.isfinite(o.dict_ns) for o in r.ops)
    assert len(r.keys[0]) == len(r.keys[2000]) == 6


def test_bench_leaks() -> None:
    import bench_leaks

    reference, show_hide = bench_leaks.main(["--reruns", "40", "--toggles", "20"])
    assert reference.constant and show_hide.constant
    assert reference.messages.get("comm_open", 0) == 0 and reference.messages.get("comm_close", 0) == 0
    assert reference.final["count"] == (4 + 40) // 2  # warmup 4, then 40 reruns; every other one a click
    # 10 hides after the warmup, 5 widgets: Widget, view, layout, style; the anywidget views
    # (the number input, the two sliders) have no style model, so they cull 3
    assert show_hide.culled == 10 * (2 * 4 + 3 * 3)
    assert show_hide.culled_alive == 0
    assert show_hide.final == {"show": True, "runs": 2 + 20 + 1}  # warmup 2, 20 toggles, the first run


def test_bench_live() -> None:
    import bench_live

    results = bench_live.main(["--sizes", "5,10", "--steps", "12", "--reruns", "2"])
    for r in results:
        assert len(r.own_view_ms) == len(r.grown_ms) == 12 and len(r.chunk_ms) == 11
        assert r.own_view_messages == {"update": 11}  # one update per step, none for the repeated 0
        assert r.chunk_messages.get("comm_open", 0) == 0 and r.chunk_messages["update"] == 12
        assert all(math.isfinite(t) for t in r.ordinary_rerun_ms)


def test_bench_first_run() -> None:
    import bench_first_run

    rows = bench_first_run.main(["--quick"])
    assert [n for n, _, _ in rows] == [5, 20]
    for n, ms, opened in rows:
        assert math.isfinite(ms) and ms > 0
        # each slider and its slot; the box and its layout, the output group and its slot, the
        # block's slot and output layouts, the sliders' shared layout (an anywidget: no style)
        assert opened == 2 * n + 7


def test_bench_first_run_in_a_kernel() -> None:
    import bench_first_run

    rows = bench_first_run.main(["--quick", "--kernel"])
    assert [n for n, _, _ in rows] == [5, 20]
    for n, ms, opened in rows:
        assert math.isfinite(ms) and ms > 0
        # two more than outside a kernel (2N + 9 before and after the shared slider module)
        assert opened == 2 * n + 9


def test_bench_roundtrip_splits_a_click_by_its_stamps() -> None:
    import bench_roundtrip

    # epoch ms: the page's click and frames, the server's stamps, the kernel's handler
    click = {"click": 100.0, "returned": 100.5, "dom": 112.0,
             "frames": [[100.2, "s"], [104.0, "r"], [109.0, "r"]]}
    server = [(90.0, "out"), (100.9, "in"), (103.5, "out"), (108.0, "out"), (130.0, "out")]
    kernel = [(50.0, 51.0), (102.7, 103.8)]
    t = bench_roundtrip.split(click, server, kernel)
    assert t is not None
    stages = {label: t[b] - t[a] for label, a, b in bench_roundtrip.STAGES}
    assert stages["frame sent -> at the server"] == pytest.approx(0.7)
    assert stages["at the server -> kernel handler starts"] == pytest.approx(1.8)
    assert stages["handler ends -> last reply at the server"] == pytest.approx(4.2)
    assert stages["last reply at the server -> received in the page"] == pytest.approx(1.0)
    assert stages["click -> DOM (total)"] == pytest.approx(12.0)
    assert bench_roundtrip.split({**click, "frames": []}, server, kernel) is None  # nothing sent


@pytest.mark.parametrize("script", SCRIPTS, ids=[p.name for p in SCRIPTS])
def test_each_benchmark_script_starts_as_the_readme_runs_it(script: Path, tmp_path: Path) -> None:
    """``python benchmarks/<name>.py``, from anywhere and with no PYTHONPATH: the script finds
    its siblings and testsupport by itself (benchmarks/_repo.py). An editable install of this
    checkout puts the root on sys.path anyway; a wheel install or a second checkout does not."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    done = subprocess.run([sys.executable, str(script), "--help"], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "usage:" in done.stdout


def test_bench_remember(monkeypatch: pytest.MonkeyPatch) -> None:
    """Both variants end in the same state, and only the remembering one wrote a snapshot."""
    monkeypatch.setenv("JUPYTER_STATE_DATA_DIR", "/nonexistent/left alone")
    import bench_remember

    times = bench_remember.run(8, warmup=2, block=4)
    assert [len(t) for t in times.values()] == [8, 8]
    assert os.environ["JUPYTER_STATE_DATA_DIR"] == "/nonexistent/left alone"  # its own folder, then put back
