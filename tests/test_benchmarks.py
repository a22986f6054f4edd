"""Smoke test of benchmarks/bench_rerun.py: tiny counts, real numbers, real message counts.

No timing is asserted. The message counts are: one slider change sends only the echo of
the moved slider, one click only the new output; nothing opens, nothing is resent.
"""

from __future__ import annotations

import importlib
import math
from types import ModuleType

import ipywidgets
import pytest

pytestmark = pytest.mark.oracle


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    # benchmarks/ is on pytest's pythonpath (pyproject.toml), as on a script's sys.path
    return importlib.import_module("bench_rerun")


def test_bench_rerun_measures_both_and_counts_messages(bench: ModuleType) -> None:
    # plan: 2 warmup + 6 timed + 2 counted steps, alternating slider / click
    r = bench.run_benchmark(interactions=6, warmup=2, block=2)
    for system in bench.SYSTEMS:
        for kind in ("slider", "click"):
            s = r.stats(system, kind)
            assert s.n == 3
            assert math.isfinite(s.median) and s.median > 0
            assert s.q1 <= s.median <= s.q3
    assert math.isfinite(r.ratio()) and r.ratio() > 0
    assert r.final_state["count"] == 5
    assert r.final_state["s4"] == (bench.SLIDER_START + 37) % 101

    slider = r.slider_messages
    assert slider.count("comm_open") == 0
    assert slider.count("comm_close") == 0
    assert slider.redundant_updates == 0
    assert [(m.kind, m.keys) for m in slider.messages] == [("echo_update", ("value",))]
    assert r.slider_described == ["echo_update slider 's4' {value}"]

    click = r.click_messages
    assert click.count("comm_open") == 0
    assert click.redundant_updates == 0
    assert [(m.kind, m.keys) for m in click.messages] == [("update", ("outputs",))]
    assert r.click_described == ["update      output group #0 {outputs}"]

    assert r.timed_totals == {"echo_update": 3, "update": 3}
    assert r.timed_redundant_updates == 0
    assert r.first_run.count("comm_open") > 0  # the recorder saw the widgets being created

    text = bench.report(r)
    assert "ratio jupyter_state/AppTest (medians)" in text
    assert "one slider change: comm_open 0" in text


def test_recorder_flags_an_update_that_changes_nothing(bench: ModuleType) -> None:
    recorder = bench.CommRecorder()
    with recorder.installed():
        slider = ipywidgets.IntSlider(value=3)
        opened = recorder.drain()
        slider.send_state("value")  # the frontend already has 3
        slider.value = 4
        counts = recorder.drain()
        slider.close()
        closed = recorder.drain()
    assert [m.kind for m in opened.messages if m.comm_id == slider._model_id] == ["comm_open"]
    assert [(m.kind, m.redundant) for m in counts.messages] == [("update", True), ("update", False)]
    assert counts.redundant_updates == 1
    assert [m.kind for m in closed.messages] == ["comm_close"]


def test_main_prints_the_table(bench: ModuleType, capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--interactions", "4", "--warmup", "0"]) == 0
    out = capsys.readouterr().out
    for line in ("jupyter_state  slider", "AppTest        click", "bare comm      all", "one button click:  comm_open 0"):
        assert line in out
