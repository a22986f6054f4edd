"""What live elements cost: updates shown mid-run, against the size of the app.

1. ``bar.progress(i)`` with nothing new in the run since the last update: the bar's own
   view is updated (one ``update`` message), the app is not re-rendered.
2. ``st.write(...)`` then ``bar.progress(i)``: the run grew, so the run so far is rendered
   into the app's container (``live.show_run``).
3. ``st.write_stream`` in a chat of ``N`` messages: each chunk re-renders the run so far.
4. An ordinary rerun of the same app without live elements, for reference (the fast path:
   it renders once, at the end).

Each is measured inside the app's body around the calls, at two app sizes (``--sizes``),
with the messages each step publishes counted by a counting comm. No browser, no kernel:
the comm messages are what would leave the kernel on iopub at that moment.

Run ``.venv/bin/python benchmarks/bench_live.py`` (``--quick`` for a short run).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from dataclasses import dataclass, field
from typing import Any

from _common import CountingComm, machine


@dataclass
class SizeResult:
    size: int
    own_view_ms: list[float] = field(default_factory=list)
    own_view_messages: dict[str, int] = field(default_factory=dict)
    grown_ms: list[float] = field(default_factory=list)
    chunk_ms: list[float] = field(default_factory=list)
    chunk_messages: dict[str, int] = field(default_factory=dict)
    ordinary_rerun_ms: list[float] = field(default_factory=list)


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def measure(size: int, steps: int, reruns: int) -> SizeResult:
    import jupyter_state as st
    from jupyter_state import runtime

    result = SizeResult(size)
    counter = CountingComm()
    with counter.installed(), runtime.using(runtime.JupyterState()):

        def progress_app() -> None:
            for i in range(size):
                st.slider(f"Slider {i}", 0, 10, 1, key=f"s{i}")
            bar = st.progress(0)
            counter.take()
            for i in range(steps):
                t = time.perf_counter()
                bar.progress(i % 100)
                result.own_view_ms.append((time.perf_counter() - t) * 1000)
            result.own_view_messages = counter.take()
            for i in range(steps):
                t = time.perf_counter()
                st.write(f"line {i}")
                bar.progress(i % 100)
                result.grown_ms.append((time.perf_counter() - t) * 1000)

        def chat_app() -> None:
            for i in range(size):
                with st.chat_message("user" if i % 2 else "assistant"):
                    st.markdown(f"message {i}")
            st.chat_input("Say", key="prompt")
            with st.chat_message("assistant"):
                last = [time.perf_counter()]
                counter.take()

                def chunks() -> Any:
                    for i in range(steps):
                        yield f"w{i} "
                        now = time.perf_counter()
                        result.chunk_ms.append((now - last[0]) * 1000)
                        last[0] = now

                st.write_stream(chunks())
                result.chunk_messages = counter.take()

        def plain_app() -> None:
            for i in range(size):
                st.slider(f"Slider {i}", 0, 10, 1, key=f"s{i}")
            st.write("no live element")

        progress = st.app(progress_app, display=False)
        result.own_view_ms.clear()
        result.grown_ms.clear()
        progress.run()  # measured on a rerun: the views exist, as after the first run
        chat = st.app(chat_app, display=False)
        result.chunk_ms.clear()
        chat.run()
        result.chunk_ms = result.chunk_ms[1:]  # the first includes the time to the first chunk
        plain = st.app(plain_app, display=False)
        for _ in range(reruns):
            t = time.perf_counter()
            plain.run()
            result.ordinary_rerun_ms.append((time.perf_counter() - t) * 1000)
        for app in (progress, chat, plain):
            app.close()
    return result


def main(argv: list[str] | None = None) -> list[SizeResult]:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="20,200", help="widgets (or chat messages) in the app")
    parser.add_argument("--steps", type=int, default=100, help="updates (or chunks) per measurement")
    parser.add_argument("--reruns", type=int, default=30)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    if args.quick:
        args.steps, args.reruns = 20, 5
    results = [measure(int(n), args.steps, args.reruns) for n in args.sizes.split(",")]
    print(machine())
    print(f"medians in ms; {args.steps} updates per row")
    print(f"{'app size':>9} {'progress, own view':>19} {'write+progress':>15} {'stream chunk':>13} {'ordinary rerun':>15}")
    for r in results:
        print(f"{r.size:>9} {_median(r.own_view_ms):>19.3f} {_median(r.grown_ms):>15.3f} {_median(r.chunk_ms):>13.3f} {_median(r.ordinary_rerun_ms):>15.3f}")
    for r in results:
        print(f"messages at size {r.size}: {args.steps} progress steps {r.own_view_messages}; {args.steps} stream chunks {r.chunk_messages}")
    return results


if __name__ == "__main__":
    main(sys.argv[1:])
