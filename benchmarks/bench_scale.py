"""How costs grow: rerun time against the number of widgets, and session-state operations.

1. Reruns at 10, 100, 1000 and 3000 widgets (``--sizes``; 3000 is there to tell a cache
   effect from super-linear growth): the mixed app of ``bench_large`` (six kinds of keyed
   widgets in turn, and an ``st.write`` of a click counter), one interaction at a time
   through the widget comm, as the browser sends it. The sizes run in interleaved blocks.
   Reported: the median per interaction, the cost per widget, the slope between
   consecutive sizes, and a least-squares line ``a + b * n``; the growth is linear when the
   slopes agree (their ratio is near 1) and the line fits.
2. ``st.session_state`` against a plain ``dict``: ``ss[k]``, ``ss.k``, ``ss.get(k)``,
   ``ss[k] = v`` and ``k in ss`` (outside a run, in a fresh session), each timed with
   ``timeit`` in repeated rounds; the empty loop is subtracted. Also the underlying
   ``SessionState`` without the proxy, to tell the two layers apart. Target: ratio <= 3.
3. The same operations with 100,000 keys in the state against 10 keys (per operation),
   and a rerun of the reference app with 100,000 unrelated keys in the state against none.

Run ``.venv/bin/python benchmarks/bench_scale.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from dataclasses import dataclass
from typing import Any

from _common import (
    APP_SOURCE,
    CommRecorder,
    OursDriver,
    Stats,
    expected_count,
    fmt_row,
    header_row,
    machine,
    mixed_app_source,
    mixed_plan,
    reference_plan,
    timed,
)

TARGET_RATIO = 3.0

#: (name, statement on st.session_state, the same on a dict)
OPS = (
    ("get  ss[k]", "ss[k]", "d[k]"),
    ("get  ss.k (attribute)", "ss.key5", "d[k]"),
    ("get  ss.get(k)", "ss.get(k)", "d.get(k)"),
    ("set  ss[k] = v", "ss[k] = v", "d[k] = v"),
    ("in   k in ss", "k in ss", "k in d"),
    ("in   missing in ss", "m in ss", "m in d"),
)


# -- 1. reruns against size ---------------------------------------------------------------------
@dataclass
class SizeResult:
    sizes: list[int]
    times: dict[int, list[float]]

    def median_ms(self, n: int) -> float:
        return Stats.of(self.times[n]).median

    def slopes(self) -> list[tuple[int, int, float]]:
        """(n1, n2, ms per added widget) between consecutive sizes."""
        return [(a, b, (self.median_ms(b) - self.median_ms(a)) / (b - a)) for a, b in zip(self.sizes, self.sizes[1:])]

    def fit(self) -> tuple[float, float, float]:
        """Least squares ``ms = a + b * n`` over the medians; returns (a, b, largest residual in ms)."""
        xs = [float(n) for n in self.sizes]
        ys = [self.median_ms(n) for n in self.sizes]
        mx, my = statistics.fmean(xs), statistics.fmean(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        a = my - b * mx
        worst = max(abs(y - (a + b * x)) for x, y in zip(xs, ys))
        return a, b, worst


def run_sizes(sizes: list[int], interactions: int = 200, warmup: int = 10, block: int = 10) -> SizeResult:
    recorder = CommRecorder()
    drivers: dict[int, OursDriver] = {}
    plans = {n: mixed_plan(n, warmup + interactions) for n in sizes}
    times: dict[int, list[float]] = {n: [] for n in sizes}
    with recorder.installed():
        try:
            for n in sizes:
                drivers[n] = OursDriver(recorder, mixed_app_source(n), f"scale{n}")
                recorder.drain()
            for n in sizes:
                with drivers[n].current():
                    for step in plans[n][:warmup]:
                        drivers[n].prepare(step)()
                        recorder.raw.clear()
            for b, start in enumerate(range(warmup, warmup + interactions, block)):
                order = sizes[b % len(sizes):] + sizes[:b % len(sizes)]
                for n in order:
                    with drivers[n].current():
                        for step in plans[n][start:start + block]:
                            times[n].append(timed(drivers[n].prepare(step)))
                            opened = sum(kind == "comm_open" for kind, _, _ in recorder.raw)
                            recorder.raw.clear()
                            if opened:
                                raise AssertionError(f"{n} widgets: a rerun opened {opened} comms")
            for n in sizes:
                state = drivers[n].state()
                if state["count"] != expected_count(plans[n]):
                    raise AssertionError(f"{n} widgets: count {state['count']}, expected {expected_count(plans[n])}")
                last = {key: value for _, key, value in plans[n] if value is not None}
                wrong = {k: (state[k], v) for k, v in last.items() if state[k] != v}
                if wrong:
                    raise AssertionError(f"{n} widgets: final values differ from the last sent: {wrong}")
        finally:
            for d in reversed(list(drivers.values())):
                d.close()
    return SizeResult(sizes, times)


# -- 2-3. session state -------------------------------------------------------------------------
@dataclass
class OpResult:
    """ns per operation, one value per round, for each variant of one operation."""

    name: str
    rounds: dict[str, list[float]]  # "dict", "proxy", "state" (10 keys), "proxy_big" (many keys)

    def ns(self, variant: str) -> float:
        return statistics.median(self.rounds[variant])

    def quartiles(self, variant: str) -> tuple[float, float]:
        q1, _, q3 = statistics.quantiles(self.rounds[variant], n=4, method="inclusive")
        return q1, q3

    @property
    def dict_ns(self) -> float:
        return self.ns("dict")

    @property
    def proxy_ns(self) -> float:
        return self.ns("proxy")

    @property
    def state_ns(self) -> float:
        return self.ns("state")

    @property
    def proxy_big_ns(self) -> float:
        return self.ns("proxy_big")

    @property
    def ratio(self) -> float:
        return self.proxy_ns / self.dict_ns

    @property
    def big_ratio(self) -> float:
        return self.proxy_big_ns / self.proxy_ns


def _round_ns(stmt: str, ns: dict[str, Any], number: int) -> float:
    """One round: ns per operation of ``stmt``, the empty loop (timed right after) subtracted."""
    op = timeit.Timer(stmt, globals=ns).timeit(number)
    empty = timeit.Timer("pass", globals=ns).timeit(number)
    return max(op - empty, 0.0) / number * 1e9


def run_state_ops(small: int = 10, big: int = 100_000, number: int = 200_000, repeat: int = 9) -> list[OpResult]:
    """Every variant of every operation once per round, rounds repeated: slow spells hit all."""
    import jupyter_state as st
    from jupyter_state import runtime

    sessions = {}
    for size in (small, big):
        session = runtime.JupyterState()
        for i in range(size):
            session.state[f"key{i}"] = i
        session.state.end_run()
        sessions[size] = session
    plain = {f"key{i}": i for i in range(small)}
    base = {"ss": st.session_state, "d": plain, "k": "key5", "m": "missing", "v": 7}
    results = [OpResult(name, {"dict": [], "proxy": [], "state": [], "proxy_big": []}) for name, _, _ in OPS]
    for _ in range(repeat):
        for result, (_, on_ss, on_dict) in zip(results, OPS):
            on_state = on_ss.replace("ss.key5", "state['key5']").replace("ss", "state")
            with runtime.using(sessions[small]):
                ns = {**base, "state": sessions[small].state}
                result.rounds["dict"].append(_round_ns(on_dict, ns, number))
                result.rounds["proxy"].append(_round_ns(on_ss, ns, number))
                result.rounds["state"].append(_round_ns(on_state, ns, number))
            with runtime.using(sessions[big]):
                result.rounds["proxy_big"].append(_round_ns(on_ss, base, number))
    for size, session in sessions.items():
        if session.state["key5"] != 7 or len(session.state) != size:
            raise AssertionError("the set did not land in the session")
    return results


def run_rerun_with_keys(keys: int = 100_000, interactions: int = 100, block: int = 10) -> dict[int, list[float]]:
    """Reruns of the reference app with ``keys`` unrelated keys in session state, and with none."""
    recorder = CommRecorder()
    times: dict[int, list[float]] = {0: [], keys: []}
    plan = reference_plan(10 + interactions)
    drivers: dict[int, OursDriver] = {}
    with recorder.installed():
        try:
            for n in (0, keys):
                drivers[n] = OursDriver(recorder, APP_SOURCE, f"keys{n}")
                for i in range(n):
                    drivers[n].session.state[f"extra{i}"] = i
                drivers[n].session.state.end_run()
            for n in (0, keys):
                with drivers[n].current():
                    for step in plan[:10]:
                        drivers[n].prepare(step)()
                recorder.raw.clear()
            for b, start in enumerate(range(10, 10 + interactions, block)):
                for n in ((0, keys) if b % 2 == 0 else (keys, 0)):
                    with drivers[n].current():
                        for step in plan[start:start + block]:
                            times[n].append(timed(drivers[n].prepare(step)))
                            recorder.raw.clear()
            for n in (0, keys):
                if len(drivers[n].session.state) != n + 22:  # count, 20 sliders, the button
                    raise AssertionError(f"{len(drivers[n].session.state)} keys in the state, expected {n + 22}")
        finally:
            for d in reversed(list(drivers.values())):
                d.close()
    return times


# -- report -------------------------------------------------------------------------------------
def report(sizes: SizeResult, ops: list[OpResult], keys: dict[int, list[float]]) -> str:
    lines = [machine(), "", f"== rerun time against size (mixed app; interaction + rerun through the comm; {len(sizes.times[sizes.sizes[0]])} interactions per size, interleaved)"]
    lines.append(header_row("widgets"))
    for n in sizes.sizes:
        s = Stats.of(sizes.times[n])
        lines.append(fmt_row(f"  {n:>5}   ({s.median / n * 1e3:.2f} us per widget)", s))
    for a, b, slope in sizes.slopes():
        lines.append(f"slope {a} -> {b}: {slope * 1e3:.2f} us per added widget")
    if len(sizes.sizes) > 2:
        sl = [x[2] for x in sizes.slopes()]
        lines.append(f"slope ratio, last / first: {sl[-1] / sl[0]:.2f}; last / second to last: {sl[-1] / sl[-2]:.2f}  (1.0 = linear; > 1 grows faster than linear)")
    a, b, worst = sizes.fit()
    lines.append(f"least squares: {a:.3f} ms + {b * 1e3:.2f} us x widgets; largest residual {worst:.3f} ms")
    lines += ["", "== st.session_state vs a plain dict: ns per operation, median [q1-q3] over interleaved rounds, empty loop subtracted; 10 keys",
              f"{'':<24}{'dict':>18}{'st.session_state':>22}{'ratio':>7}{'SessionState (no proxy)':>26}{'ratio':>7}"]

    def cell(r: OpResult, variant: str) -> str:
        q1, q3 = r.quartiles(variant)
        return f"{r.ns(variant):.0f} [{q1:.0f}-{q3:.0f}]"

    for r in ops:
        ok = "" if r.ratio <= TARGET_RATIO else "  > target"
        lines.append(f"{r.name:<24}{cell(r, 'dict'):>18}{cell(r, 'proxy'):>22}{r.ratio:>7.1f}{cell(r, 'state'):>26}{r.state_ns / r.dict_ns:>7.1f}{ok}")
    worst_ratio = max(r.ratio for r in ops)
    best_ratio = min(r.ratio for r in ops)
    lines.append(f"ratio st.session_state / dict: {best_ratio:.1f} to {worst_ratio:.1f}  [{'meets' if worst_ratio <= TARGET_RATIO else 'MISSES'} target <= {TARGET_RATIO:.0f}]")
    big_keys = max(keys)
    lines += ["", f"== st.session_state with {big_keys:,} keys vs 10 keys: ns per operation, median [q1-q3]",
              f"{'':<24}{'10 keys':>18}{f'{big_keys:,} keys':>22}{'ratio':>7}"]
    for r in ops:
        lines.append(f"{r.name:<24}{cell(r, 'proxy'):>18}{cell(r, 'proxy_big'):>22}{r.big_ratio:>7.2f}")
    big = max(keys)
    s0, s1 = Stats.of(keys[0]), Stats.of(keys[big])
    lines += [
        "",
        f"== reference app rerun (interaction + rerun) with {big:,} unrelated keys in session state vs none",
        header_row(),
        fmt_row("  no extra keys", s0),
        fmt_row(f"  {big:,} extra keys", s1),
        f"ratio {s1.median / s0.median:.2f}",
    ]
    return "\n".join(lines)


@dataclass
class ScaleResults:
    sizes: SizeResult
    ops: list[OpResult]
    keys: dict[int, list[float]]


def main(argv: list[str] | None = None) -> ScaleResults:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--sizes", default="10,100,1000,3000", help="comma-separated widget counts (default 10,100,1000,3000)")
    parser.add_argument("--interactions", type=int, default=None, help="per size, and per case of the many-keys rerun (default 200)")
    parser.add_argument("--keys", type=int, default=100_000, help="keys for the many-keys measurements (default 100000)")
    parser.add_argument("--number", type=int, default=None, help="operations per timeit round (default 200000)")
    args = parser.parse_args(argv)
    sizes = [int(x) for x in args.sizes.split(",")]
    interactions = args.interactions or (30 if args.quick else 200)
    number = args.number or (20_000 if args.quick else 200_000)
    result = ScaleResults(
        run_sizes(sizes, interactions, warmup=4 if args.quick else 10, block=5 if args.quick else 10),
        run_state_ops(10, args.keys, number, repeat=5 if args.quick else 15),
        run_rerun_with_keys(args.keys, interactions, block=5 if args.quick else 10),
    )
    print(report(result.sizes, result.ops, result.keys))
    sys.stdout.flush()
    return result


if __name__ == "__main__":
    main()
