"""Reactive apps: one slider move in a notebook of 10 app cells, of which 2 read its key.

The notebook has ``--apps`` (default 10) app cells sharing one session state, each with 4
keyed widgets and 4 text elements (a subheader, ``st.write``, ``st.markdown``, ``st.caption``):

* cell 0 has the slider with key ``"x"`` (and shows x);
* cells 1 and 2 read ``st.session_state["x"]`` and show values computed from it;
* the others read only their own widgets' keys.

One interaction moves the slider to a new value, as the browser does: an ``update`` comm
message into the slider's comm (``Widget.frontend_update`` builds it). Four systems get the
same interactions, in interleaved blocks; the timer covers the interaction and every run
it causes, before the call returns (outside a kernel, the runs happen inside ``handle_msg``):

* (a) **reactive**: jupyter_state as it is. Cell 0 reruns for its slider, then cells 1 and
  2, whose last runs read ``x`` (README, "Apps that react to the keys they read"): 3 runs.
* (b) **rerun all**: the same cells, except that the 7 others also read ``x`` (one
  ``st.session_state["x"]`` whose value they do not show), so every cell reruns: 10 runs,
  and the same messages as (a) since what the 7 show does not change.
* (c) **AppTest**: Streamlit's ``AppTest`` running the 10 parts concatenated as one script,
  ``at.slider(key="x").set_value(v).run()``: the whole script reruns.
* (d) **no reader**: the same cells, except that cells 1 and 2 show a constant instead of
  reading ``x``: only cell 0 runs. It is the fixed cost of a move, which (a) and (b) pay too,
  so (a-d)/(b-d) compares the reruns alone: 2 against 9.

Every timed interaction is checked: the apps that ran (a: cells 0-2, b: all, d: cell 0), and
what the kernel published (``CommRecorder``: the moved slider's ``echo_update`` and one
``update`` of the outputs of each cell whose text changed, the 3 that show x, only cell 0
in d; nothing opens or closes). At the end all four hold the same session state, and the
cells that read x show its last value.

Run ``.venv/bin/python benchmarks/bench_reactive.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import sys
from dataclasses import dataclass, field
from typing import Any

from _common import (
    OPTIONS,
    AppTestSourceDriver,
    CommRecorder,
    MessageCounts,
    Stats,
    Step,
    machine,
    timed,
)

READERS = (1, 2)
#: what reactivity should cost against rerunning every cell: the share of the cells that run
#: (3 of 10), with some slack for the fixed cost of an interaction
TARGET_SLACK = 1.25


def cell_source(i: int, readers: str = "two") -> str:
    """The code of app cell ``i``: with ``readers`` "two" cells 1-2 read ``x``, "all" every
    cell does (the others without showing it), "none" no cell but 0 (1-2 show a constant)."""
    if i == 0:
        return f'''
st.subheader("Cell 0: controls")
st.slider("x", 0, 100, 50, key="x")
st.selectbox("Colour", {OPTIONS!r}, key="c0_colour")
st.checkbox("Details", key="c0_details")
st.number_input("Step", 0, 10, 1, key="c0_step")
st.write("x is", st.session_state["x"])
st.markdown(f"Colour: **{{st.session_state.c0_colour}}**")
st.caption(f"step {{st.session_state.c0_step}}, details {{st.session_state.c0_details}}")
'''
    if i in READERS:
        read = "x = 50  # not read" if readers == "none" else 'x = st.session_state["x"]'
        return f'''
st.subheader("Cell {i}: reads x")
{read}
scale = st.slider("Scale {i}", 1, 10, {i + 1}, key="c{i}_scale")
unit = st.selectbox("Unit {i}", ["m", "km", "mi"], key="c{i}_unit")
rounded = st.checkbox("Round {i}", key="c{i}_round")
note = st.text_input("Note {i}", "", key="c{i}_note")
value = x * scale / 3
st.write(f"x scaled: {{round(value) if rounded else round(value, 2)}} {{unit}}")
st.markdown(f"**{{note or 'no note'}}**: x = {{x}}")
st.caption(f"scale {{scale}}, {{len(note)}} characters")
'''
    extra = '_ = st.session_state["x"]  # read, not shown\n' if readers == "all" else ""
    return f'''
st.subheader("Cell {i}")
{extra}level = st.slider("Level {i}", 0, 100, {(10 * i) % 100}, key="c{i}_level")
colour = st.selectbox("Colour {i}", {OPTIONS!r}, key="c{i}_colour")
on = st.checkbox("On {i}", key="c{i}_on")
count = st.number_input("Count {i}", 0, 100, {i}, key="c{i}_count")
st.write(f"Level {i}: {{level}}, {{'on' if on else 'off'}}")
st.markdown(f"Colour **{{colour}}**, count {{count}}")
st.caption(f"total {{level * count}}")
'''


def notebook(apps: int, readers: str = "two") -> list[str]:
    """The cells of the notebook: (a) as described, (b) with every cell reading ``x``, (d) with none."""
    return [cell_source(i, readers) for i in range(apps)]


def plan(steps: int) -> list[Step]:
    """``steps`` moves of the slider ``x``, each to a new value."""
    values, value = [], 50
    for _ in range(steps):
        value = (value + 37) % 101
        values.append(("slider", "x", value))
    return values


# -- the systems --------------------------------------------------------------------------------
class NotebookDriver:
    """The cells as apps of one jupyter_state session, driven through the slider's comm."""

    def __init__(self, recorder: CommRecorder, cells: list[str], name: str) -> None:
        import jupyter_state as st
        from jupyter_state import runtime

        self.recorder = recorder
        self.session = runtime.JupyterState(raise_errors=True)
        #: app runs, by cell index
        self.runs: collections.Counter[int] = collections.Counter()
        with self.current():
            self.apps = [st.app(self._body(i, code, name), name=f"{name} cell {i}", display=False) for i, code in enumerate(cells)]
        self.first_run = recorder.drain()
        self.slider = next(w for w in self.apps[0].widgets.values() if w.key == "x")

    def _body(self, i: int, source: str, name: str) -> Any:
        import jupyter_state as st

        code = compile(source, f"<{name} cell {i}>", "exec")
        runs = self.runs

        def body() -> None:
            runs[i] += 1
            exec(code, {"st": st, "__name__": "__main__"})

        return body

    def current(self) -> Any:
        """Make this session current (the apps' ``st`` calls resolve through it)."""
        from jupyter_state import runtime

        return runtime.using(self.session)

    def prepare(self, step: Step) -> Any:
        _, _, value = step
        comm = self.slider.view.comm
        data = self.slider.frontend_update(value)
        self.recorder.frontend_sent(comm.comm_id, data["state"])
        msg = {"content": {"data": data}, "buffers": []}
        return lambda: comm.handle_msg(msg)

    def take_runs(self) -> list[int]:
        """The cells that ran since the last call, in order of their index."""
        ran = sorted(self.runs.elements())
        self.runs.clear()
        return ran

    def output_comms(self) -> dict[str, int]:
        """The comm id of every output group of every cell -> the cell's index."""
        return {out.comm.comm_id: i for i, app in enumerate(self.apps) for out in app.view.block._outputs}

    def state(self) -> dict[str, Any]:
        return dict(self.session.state.to_dict())

    def texts(self, i: int) -> list[str]:
        """What cell ``i`` shows, as text (without the backticks around numbers)."""
        out = []
        for group in self.apps[i].view.block.shown:
            for o in getattr(group, "outputs", ()):
                out.append(str(o.get("data", {}).get("text/plain", o.get("text", ""))).replace("`", ""))
        return out

    def close(self) -> None:
        for app in self.apps:
            app.close()


#: jupyter_state's variants: name -> (which cells read x, the cells that run per move)
OURS = {"reactive": "two", "rerun all": "all", "no reader": "none"}
SYSTEMS = (*OURS, "AppTest")


def expected_runs(system: str, apps: int) -> list[int]:
    return {"reactive": [0, *READERS], "rerun all": list(range(apps)), "no reader": [0]}[system]


def expected_updates(system: str) -> list[int]:
    """The cells whose text changes: those showing x."""
    return [0] if system == "no reader" else [0, *READERS]


@dataclass
class Result:
    apps: int
    interactions: int
    warmup: int
    times: dict[str, list[float]]
    #: jupyter_state's systems -> Counter of the cells that ran, per timed move
    runs: dict[str, collections.Counter[tuple[int, ...]]]
    #: jupyter_state's systems -> message kind -> total over the timed moves
    totals: dict[str, dict[str, int]]
    #: jupyter_state's systems -> Counter of the cells whose outputs were updated, per timed move
    updated: dict[str, collections.Counter[tuple[int, ...]]]
    problems: list[str]
    final_state: dict[str, Any]
    first_run: dict[str, MessageCounts] = field(default_factory=dict)

    def stats(self, system: str) -> Stats:
        return Stats.of(self.times[system])

    def ratio(self, system: str, peer: str) -> float:
        return self.stats(system).median / self.stats(peer).median

    @property
    def run_share(self) -> float:
        """The share of the cells that (a) runs: 3 of 10."""
        return (1 + len(READERS)) / self.apps

    def per_message(self, system: str) -> dict[str, float]:
        return {k: v / self.interactions for k, v in sorted(self.totals[system].items())}


def _check(driver: NotebookDriver, system: str, counts: MessageCounts, ran: list[int], result: Result) -> list[str]:
    """What was wrong with one move: cells that ran, or messages, other than expected."""
    expected = expected_runs(system, result.apps)
    problems = [] if ran == expected else [f"{system}: cells {ran} ran, expected {expected}"]
    result.runs[system][tuple(ran)] += 1
    totals = result.totals[system]
    outputs = driver.output_comms()
    slider = driver.slider.view.comm.comm_id
    cells = []
    for m in counts.messages:
        totals[m.kind] = totals.get(m.kind, 0) + 1
        if m.kind == "echo_update" and m.comm_id == slider:
            continue
        if m.kind == "update" and m.comm_id in outputs and m.keys == ("outputs",) and not m.redundant:
            cells.append(outputs[m.comm_id])
            continue
        problems.append(f"{system}: {m.kind} on {m.model} {{{', '.join(m.keys)}}}{' (changes nothing)' if m.redundant else ''}")
    cells.sort()
    result.updated[system][tuple(cells)] += 1
    if cells != expected_updates(system):
        problems.append(f"{system}: the outputs of cells {cells} were updated, expected {expected_updates(system)}")
    return problems


def run_benchmark(apps: int = 10, interactions: int = 300, warmup: int = 10, block: int = 10) -> Result:
    """Time ``interactions`` slider moves in each system, after ``warmup`` untimed ones."""
    if apps < 1 + len(READERS):
        raise ValueError(f"--apps must be at least {1 + len(READERS)}")
    recorder = CommRecorder()
    steps = plan(warmup + interactions)
    result = Result(apps, interactions, warmup, times={s: [] for s in SYSTEMS},
                    runs={s: collections.Counter() for s in OURS}, totals={s: {} for s in OURS},
                    updated={s: collections.Counter() for s in OURS}, problems=[], final_state={})
    ours: dict[str, NotebookDriver] = {}
    with recorder.installed():
        try:
            for system, readers in OURS.items():
                ours[system] = NotebookDriver(recorder, notebook(apps, readers), system)
                result.first_run[system] = ours[system].first_run
            theirs = AppTestSourceDriver("\n".join(notebook(apps)))

            def move(system: str, step: Step, check: bool) -> None:
                if system == "AppTest":
                    result.times[system].append(timed(theirs.prepare(step)))
                    return
                driver = ours[system]
                result.times[system].append(timed(driver.prepare(step)))
                ran, counts = driver.take_runs(), recorder.drain()
                if check:
                    result.problems.extend(_check(driver, system, counts, ran, result))

            for b, start in enumerate(range(0, len(steps), block)):
                order = SYSTEMS[b % len(SYSTEMS):] + SYSTEMS[:b % len(SYSTEMS)]
                for system in order:
                    with ours[system].current() if system in ours else contextlib.nullcontext():
                        for j in range(start, min(start + block, len(steps))):
                            move(system, steps[j], check=j >= warmup)
            for system in SYSTEMS:
                result.times[system] = result.times[system][warmup:]
            _check_final(result, ours, theirs)
            return result
        finally:
            for d in ours.values():
                d.close()


def _check_final(result: Result, ours: dict[str, NotebookDriver], theirs: AppTestSourceDriver) -> None:
    """All systems hold the same state; the cells reading x show its last value."""
    final = result.final_state = ours["reactive"].state()
    drivers: dict[str, Any] = {**ours, "AppTest": theirs}
    for system, driver in drivers.items():
        state = driver.state()
        if state != final:
            diff = {k: (final.get(k), state.get(k)) for k in set(final) | set(state) if final.get(k) != state.get(k)}
            raise AssertionError(f"{system} ended in a different state than reactive: {diff}")
    shown = f"x = {final['x']}"
    for system, driver in ours.items():
        for i in READERS:
            if (system != "no reader") != any(shown in t for t in driver.texts(i)):
                raise AssertionError(f"{system}: cell {i} shows {driver.texts(i)!r}")
    if sum(shown in m.value for m in theirs.at.markdown) != len(READERS):
        raise AssertionError(f"AppTest does not show {shown!r} in the {len(READERS)} parts that read x")


# -- report -------------------------------------------------------------------------------------
def _runs(counter: collections.Counter[tuple[int, ...]]) -> str:
    return "; ".join(f"{len(cells)} runs (cells {', '.join(map(str, cells))}) x{n}" for cells, n in counter.most_common())


LABELS = {
    "reactive": "(a) jupyter_state, cells 1-2 read x",
    "rerun all": "(b) jupyter_state, every cell reads x",
    "AppTest": "(c) AppTest, the parts as one script",
    "no reader": "(d) jupyter_state, no cell reads x",
}


def report(r: Result) -> str:
    share = r.run_share
    a, b, d = (r.stats(s).median for s in ("reactive", "rerun all", "no reader"))
    ab = a / b
    ok = "meets" if ab <= share * TARGET_SLACK else "MISSES"
    lines = [
        machine(),
        "",
        f"{r.apps} app cells in one session; cell 0 has the slider x, cells {', '.join(map(str, READERS))} read x; "
        f"every cell has 4 widgets and 4 text elements. {r.interactions} timed slider moves per system "
        f"(after {r.warmup} untimed), interleaved blocks. Time: one move and every run it causes.",
        "",
        "| system | median ms | q1 | q3 | n | app runs per move | messages per move |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for system in ("reactive", "rerun all", "AppTest", "no reader"):
        s = r.stats(system)
        if system in r.runs:
            runs = ", ".join(str(len(c)) for c in r.runs[system])
            msgs = ", ".join(f"{k} {v:g}" for k, v in r.per_message(system).items())
        else:
            runs, msgs = f"1 script of {r.apps} parts", "-"
        lines.append(f"| {LABELS[system]} | {s.median:.3f} | {s.q1:.3f} | {s.q3:.3f} | {s.n} | {runs} | {msgs} |")
    others = r.apps - 1 - len(READERS)
    lines += [
        "",
        f"ratio a/b (medians): {ab:.3f}   [{ok} target: about {share:.2f}, the share of the cells that run, "
        f"<= {share * TARGET_SLACK:.2f} with slack]",
        f"ratio (a-d)/(b-d) (medians): {(a - d) / (b - d):.3f}   [the reruns the move causes, {len(READERS)} against {r.apps - 1}: "
        f"about {len(READERS) / (r.apps - 1):.2f}]",
        f"ratio a/c (medians): {r.ratio('reactive', 'AppTest'):.4f}",
        f"ratio b/c (medians): {r.ratio('rerun all', 'AppTest'):.4f}",
        f"where it goes (medians): the move and cell 0's run (d) {d:.3f} ms; each reader's rerun (a-d)/{len(READERS)} "
        f"{(a - d) / len(READERS):.3f} ms; each other cell's rerun (b-a)/{others} {(b - a) / others:.3f} ms",
        "",
        *(f"{system}: cells that ran per move: {_runs(r.runs[system])}" for system in r.runs),
        *(f"{system}: cells whose outputs were updated per move: {_runs(r.updated[system]).replace(' runs', '')}" for system in r.updated),
        f"unexpected runs or messages over all timed moves: {len(r.problems)}",
        *(f"    {p}" for p in r.problems[:10]),
        "first run of the notebook: " + "; ".join(f"{s} comm_open {m.count('comm_open')}" for s, m in r.first_run.items()),
        f"final state identical in the {len(SYSTEMS)} systems ({len(r.final_state)} keys), x = {r.final_state['x']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> Result:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a short run (30 moves per system)")
    parser.add_argument("--apps", type=int, default=10, help="app cells in the notebook (default 10)")
    parser.add_argument("--interactions", type=int, default=None, help="timed slider moves per system (default 300)")
    parser.add_argument("--warmup", type=int, default=None, help="untimed moves first (default 10)")
    args = parser.parse_args(argv)
    interactions = args.interactions or (30 if args.quick else 300)
    warmup = args.warmup if args.warmup is not None else (3 if args.quick else 10)
    result = run_benchmark(args.apps, interactions, warmup, block=5 if args.quick else 10)
    print(report(result))
    sys.stdout.flush()
    return result


if __name__ == "__main__":
    main()
