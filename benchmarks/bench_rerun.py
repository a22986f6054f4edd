"""Interaction + rerun: jupyter_state against Streamlit's AppTest, in one process and run.

The reference app has 20 keyed sliders, a button whose ``on_click`` callback increments a
counter in session state, and an ``st.write`` of the counter. Both systems run the same
source (only the ``st`` module differs) and get the same interactions, alternating: move
one slider to a new value, click the button.

* jupyter_state is driven as the frontend drives it: a comm message into the widget's comm
  (``update`` for the slider, the ``custom`` click for the button), which runs the app
  synchronously. It runs outside a kernel, so ipywidgets uses ``comm``'s DummyComm; that
  comm is replaced by one that records what the kernel publishes (``comm_open``,
  ``comm_msg`` ``update``/``echo_update`` with their state keys, ``comm_close``), so the
  messages one rerun sends to the frontend can be counted.
* Streamlit: ``at.slider(key=k).set_value(v).run()`` / ``at.button(key=k).click().run()``.
* "bare comm", the floor: the same sliders and button as plain ipywidgets, no app.

The timed region is the interaction plus the rerun it causes; finding the widget (and, for
jupyter_state, building the message dict) happens before the clock starts. The two systems
run in interleaved blocks so that a noisy machine's slow spells hit both.

Run ``python benchmarks/bench_rerun.py`` (``--quick`` for a short run, ``--profile`` for
a cProfile of jupyter_state's reruns).
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import datetime as dt
import io
import os
import platform
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import _repo  # noqa: F401  (the repository root on sys.path, for testsupport)

from testsupport.comm_recorder import CommRecorder, Message, MessageCounts

N_SLIDERS = 20
SLIDER_START = 50

#: The app body; ``st`` is ``jupyter_state`` or ``streamlit``.
APP_SOURCE = f'''
if "count" not in st.session_state:
    st.session_state.count = 0


def bump():
    st.session_state.count += 1


for i in range({N_SLIDERS}):
    st.slider(f"Slider {{i}}", 0, 100, {SLIDER_START}, key=f"s{{i}}")
st.button("Add", key="add", on_click=bump)
st.write("Count:", st.session_state.count)
'''

Step = tuple[str, int, int]  # ("slider", index, value) or ("click", -1, -1)


def make_plan(n: int) -> list[Step]:
    """``n`` interactions, alternating: move a slider to a new value, click the button."""
    values = [SLIDER_START] * N_SLIDERS
    steps: list[Step] = []
    for j in range(n):
        if j % 2 == 0:
            i = (j // 2) % N_SLIDERS
            values[i] = (values[i] + 37) % 101  # always a different value, within 0-100
            steps.append(("slider", i, values[i]))
        else:
            steps.append(("click", -1, -1))
    return steps


# -- the systems ------------------------------------------------------------------------------
class JupyterStateDriver:
    """The reference app (or another ``source``) under jupyter_state, driven through the widget comms."""

    name = "jupyter_state"

    def __init__(self, recorder: CommRecorder, source: str = APP_SOURCE, name: str = "bench_rerun") -> None:
        import jupyter_state as st
        from jupyter_state import runtime

        self.recorder = recorder
        self._stack = contextlib.ExitStack()
        self.session = self._stack.enter_context(runtime.using(runtime.JupyterState(raise_errors=True)))
        code = compile(source, f"<{name} app>", "exec")

        def body() -> None:
            exec(code, {"st": st, "__name__": "__main__"})

        self.app = st.app(body, name=name, display=False)
        self.first_run = recorder.drain()
        self.views = {w.key: w.view for w in self.app.widgets.values()}

    def close(self) -> None:
        self.app.close()
        self._stack.close()

    def prepare(self, step: Step) -> Callable[[], object]:
        """The interaction as a no-argument call (everything before the clock starts)."""
        kind, i, value = step
        if kind == "slider":
            comm = self.views[f"s{i}"].comm
            msg = {"content": {"data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}, "buffers": []}
            self.recorder.frontend_sent(comm.comm_id, {"value": value})
            return lambda: comm.handle_msg(msg)
        comm = self.views["add"].comm
        click = {"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []}
        return lambda: comm.handle_msg(click)

    def state(self) -> dict[str, Any]:
        return dict(self.session.state.to_dict())

    def shown_text(self) -> list[str]:
        """The text of every output shown, inside containers too (in DOM order)."""
        texts = []

        def walk(view: Any) -> None:
            for output in getattr(view, "outputs", ()):
                texts.append(output.get("data", {}).get("text/plain", output.get("text", "")).replace("`", ""))
            for child in getattr(view, "children", ()):
                walk(child)

        for view in self.app.view.block.shown:
            walk(view)
        return texts  # without the backticks st.write puts around numbers, as AppTest's below

    def output_comms(self) -> set[str]:
        """The comm ids of the app's output groups, in the main area and in every container."""
        blocks = [self.app.view.block, *(c.block for c in self.app.containers.values())]
        return {out.comm.comm_id for block in blocks for out in block._outputs}

    def describe(self, message: Message) -> str:
        """Which part of the app a comm belongs to."""
        for w in self.app.widgets.values():
            view = w.view
            where = f"{w.family.kind} {w.key!r}"
            for part, obj in (("", view), (" layout", getattr(view, "layout", None)), (" style", getattr(view, "style", None))):
                if obj is not None and getattr(obj, "_model_id", None) == message.comm_id:
                    return f"{where}{part}"
        block = self.app.view.block
        for i, out in enumerate(block._outputs):
            if out._model_id == message.comm_id:
                return f"output group #{i}"
            if out.layout._model_id == message.comm_id:
                return f"output group #{i} layout"
        if block.box._model_id == message.comm_id:
            return "app box"
        if block.box.layout._model_id == message.comm_id:
            return "app box layout"
        for slot in block.box.children:
            if slot._model_id == message.comm_id:
                return "slot"
            if slot.layout._model_id == message.comm_id:
                return "slot layout"
        return message.model


class AppTestDriver:
    """The reference app (or another ``source``) under Streamlit's ``AppTest``."""

    name = "AppTest"

    def __init__(self, source: str = APP_SOURCE) -> None:
        import logging

        from streamlit.testing.v1 import AppTest

        # "missing ScriptRunContext ... can be ignored when running in bare mode"
        logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").setLevel(logging.ERROR)
        self.at = AppTest.from_string("import streamlit as st\n" + source, default_timeout=30)
        self.at.run()
        self._check()

    def close(self) -> None:
        pass

    def _check(self) -> None:
        if self.at.exception:
            raise RuntimeError(f"the app raised under AppTest: {self.at.exception[0].value}")

    def prepare(self, step: Step) -> Callable[[], object]:
        kind, i, value = step
        if kind == "slider":
            slider = self.at.slider(key=f"s{i}")
            return lambda: slider.set_value(value).run()
        button = self.at.button(key="add")
        return lambda: button.click().run()

    def state(self) -> dict[str, Any]:
        self._check()
        return dict(self.at.session_state.to_dict())

    def shown_text(self) -> list[str]:
        return [m.value.replace("`", "") for m in self.at.markdown]  # st.write puts numbers in backticks


class BareCommDriver:
    """The floor: the same 20 sliders and a button as bare ipywidgets, no app, no rerun.

    A slider update only sets the trait (and echoes it); a click runs an ``on_click`` that
    increments a counter. This is what the comm path costs before any app code runs.
    """

    name = "bare comm"

    def __init__(self) -> None:
        import ipywidgets

        self.count = 0
        self.sliders = [ipywidgets.IntSlider(description=f"Slider {i}", min=0, max=100, value=SLIDER_START) for i in range(N_SLIDERS)]
        self.button = ipywidgets.Button(description="Add")
        self.button.on_click(self._bump)

    def _bump(self, _button: Any) -> None:
        self.count += 1

    def close(self) -> None:
        for w in [*self.sliders, self.button]:
            w.close()

    def prepare(self, step: Step) -> Callable[[], object]:
        kind, i, value = step
        if kind == "slider":
            comm = self.sliders[i].comm
            msg = {"content": {"data": {"method": "update", "state": {"value": value}, "buffer_paths": []}}, "buffers": []}
            return lambda: comm.handle_msg(msg)
        comm = self.button.comm
        click = {"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []}
        return lambda: comm.handle_msg(click)


SYSTEMS = ("jupyter_state", "AppTest", "bare comm")


# -- measuring --------------------------------------------------------------------------------
@dataclass
class Stats:
    n: int
    median: float
    q1: float
    q3: float

    @classmethod
    def of(cls, seconds: list[float]) -> Stats:
        ms = [s * 1e3 for s in seconds]
        if len(ms) < 2:
            return cls(len(ms), ms[0], ms[0], ms[0]) if ms else cls(0, float("nan"), float("nan"), float("nan"))
        q1, median, q3 = statistics.quantiles(ms, n=4, method="inclusive")
        return cls(len(ms), median, q1, q3)


@dataclass
class Results:
    interactions: int
    warmup: int
    #: times[system][kind] = seconds per interaction ("slider", "click")
    times: dict[str, dict[str, list[float]]]
    slider_messages: MessageCounts
    click_messages: MessageCounts
    slider_described: list[str]
    click_described: list[str]
    first_run: MessageCounts
    #: over every timed jupyter_state interaction: message kind -> total
    timed_totals: dict[str, int]
    timed_redundant_updates: int
    final_state: dict[str, Any]

    def stats(self, system: str, kind: str | None = None) -> Stats:
        by_kind = self.times[system]
        data = by_kind[kind] if kind is not None else by_kind["slider"] + by_kind["click"]
        return Stats.of(data)

    def ratio(self, kind: str | None = None, peer: str = "AppTest") -> float:
        """Median of jupyter_state over the median of ``peer``."""
        return self.stats("jupyter_state", kind).median / self.stats(peer, kind).median


def _time(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def _one_counted(driver: JupyterStateDriver, step: Step) -> MessageCounts:
    driver.recorder.drain()
    driver.prepare(step)()
    return driver.recorder.drain()


def run_benchmark(interactions: int = 400, warmup: int = 20, block: int = 20, systems: tuple[str, ...] = SYSTEMS) -> Results:
    """Run the systems through the same plan; return timings and message counts.

    ``systems`` must start with "jupyter_state" (the one whose messages are counted).
    """
    if systems[:1] != ("jupyter_state",):
        raise ValueError(f"systems must start with 'jupyter_state', got {systems!r}")
    recorder = CommRecorder()
    plan = make_plan(warmup + interactions + 2)  # the last two steps are counted, not timed
    times: dict[str, dict[str, list[float]]] = {s: {"slider": [], "click": []} for s in systems}
    totals: dict[str, int] = {}
    redundant = 0
    with recorder.installed():
        ours = JupyterStateDriver(recorder)
        drivers: dict[str, Any] = {"jupyter_state": ours}
        if "AppTest" in systems:
            drivers["AppTest"] = AppTestDriver()
        if "bare comm" in systems:
            drivers["bare comm"] = BareCommDriver()
        try:
            for step in plan[:warmup]:
                for name in systems:
                    drivers[name].prepare(step)()
            recorder.drain()
            timed = plan[warmup:warmup + interactions]
            for b, start in enumerate(range(0, len(timed), block)):
                order = systems[b % len(systems):] + systems[:b % len(systems)]  # rotate who goes first
                for name in order:
                    driver = drivers[name]
                    for step in timed[start:start + block]:
                        call = driver.prepare(step)
                        times[name][step[0]].append(_time(call))
                        counts = recorder.drain()  # the bare comm's widgets record too
                        if driver is ours:
                            redundant += counts.redundant_updates
                            for m in counts.messages:
                                totals[m.kind] = totals.get(m.kind, 0) + 1
            slider_step, click_step = plan[warmup + interactions:]
            slider_messages = _one_counted(ours, slider_step)
            click_messages = _one_counted(ours, click_step)
            for name in systems:
                if name != "jupyter_state":
                    drivers[name].prepare(slider_step)()
                    drivers[name].prepare(click_step)()
            final = ours.state()
            if "bare comm" in drivers and drivers["bare comm"].count != final["count"]:
                raise AssertionError(f"bare comm counted {drivers['bare comm'].count} clicks, jupyter_state {final['count']}")
            for name in systems:
                if name not in ("jupyter_state", "AppTest"):
                    continue
                if drivers[name].state() != final:
                    raise AssertionError(f"{name} ended in a different state:\n{drivers[name].state()}\nvs jupyter_state\n{final}")
                if drivers[name].shown_text()[-1:] != [f"Count: {final['count']}"]:
                    raise AssertionError(f"{name} shows {drivers[name].shown_text()!r}, expected 'Count: {final['count']}' last")
            return Results(
                interactions=interactions,
                warmup=warmup,
                times=times,
                slider_messages=slider_messages,
                click_messages=click_messages,
                slider_described=[_describe(ours, m) for m in slider_messages.messages],
                click_described=[_describe(ours, m) for m in click_messages.messages],
                first_run=ours.first_run,
                timed_totals=totals,
                timed_redundant_updates=redundant,
                final_state=final,
            )
        finally:
            for driver in reversed(list(drivers.values())):
                driver.close()


def _describe(driver: JupyterStateDriver, m: Message) -> str:
    keys = f" {{{', '.join(m.keys)}}}" if m.keys else ""
    flag = "  (changes nothing)" if m.redundant else ""
    return f"{m.kind:<11} {driver.describe(m)}{keys}{flag}"


def profile_ours(interactions: int = 400, top: int = 10) -> str:
    """A cProfile of jupyter_state's interaction + rerun; the top costs, by own time and cumulative."""
    recorder = CommRecorder()
    plan = make_plan(interactions + 20)
    with recorder.installed():
        ours = JupyterStateDriver(recorder)
        try:
            for step in plan[:20]:
                ours.prepare(step)()
            calls = [ours.prepare(step) for step in plan[20:]]
            profiler = cProfile.Profile()
            profiler.enable()
            for call in calls:
                call()
            profiler.disable()
        finally:
            ours.close()
    out = io.StringIO()
    for order in ("tottime", "cumulative"):
        pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(top)
    return out.getvalue()


# -- reporting --------------------------------------------------------------------------------
def _summary(counts: MessageCounts) -> str:
    return (
        f"comm_open {counts.count('comm_open')}, comm_close {counts.count('comm_close')}, "
        f"update {counts.count('update')}, echo_update {counts.count('echo_update')}, "
        f"update that changes nothing {counts.redundant_updates} "
        f"(unchanged keys sent in updates: {counts.redundant_keys})"
    )


def report(r: Results) -> str:
    lines = [
        f"bench_rerun: {N_SLIDERS} keyed sliders + button with on_click + st.write; "
        f"{r.interactions} timed interactions per system (half slider moves, half clicks), warmup {r.warmup}",
        f"python {platform.python_version()}, {os.cpu_count()} CPUs, {dt.date.today().isoformat()}",
        "",
        "interaction + rerun, ms       median        q1        q3      n",
    ]
    for kind in ("slider", "click", None):
        for system in r.times:
            s = r.stats(system, kind)
            lines.append(f"{system:<15}{kind or 'all':<8}{s.median:>12.3f}{s.q1:>10.3f}{s.q3:>10.3f}{s.n:>7}")
    lines.append("")
    for peer in r.times:
        if peer != "jupyter_state":
            ratios = ", ".join(f"{kind or 'all'} {r.ratio(kind, peer):.4f}" for kind in ("slider", "click", None))
            lines.append(f"ratio jupyter_state/{peer} (medians): {ratios}")
    lines += [
        "",
        "messages jupyter_state sends to the frontend",
        f"  one slider change: {_summary(r.slider_messages)}",
        *(f"      {d}" for d in r.slider_described),
        f"  one button click:  {_summary(r.click_messages)}",
        *(f"      {d}" for d in r.click_described),
        f"  all {r.interactions} timed interactions: "
        + ", ".join(f"{k} {v}" for k, v in sorted(r.timed_totals.items()))
        + f"; updates that change nothing {r.timed_redundant_updates}",
        f"  first run (for reference): {_summary(r.first_run)}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="a short run (40 interactions per system)")
    parser.add_argument("--interactions", type=int, default=None, help="timed interactions per system (default 400)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed interactions first (default 20)")
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of jupyter_state's reruns")
    args = parser.parse_args(argv)
    interactions = args.interactions or (40 if args.quick else 400)
    warmup = args.warmup if args.warmup is not None else (4 if args.quick else 20)
    print(report(run_benchmark(interactions=interactions, warmup=warmup, block=10 if args.quick else 20)))
    if args.profile:
        print()
        print(profile_ours(interactions))
    return 0


if __name__ == "__main__":
    sys.exit(main())
