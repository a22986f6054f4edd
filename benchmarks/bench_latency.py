"""Click to screen, in a real browser: jupyter_state in JupyterLab and Voilà against ``streamlit run``.

One headless Chromium (Debian's, driven by Playwright) opens the same counter app three
ways in the same run:

* a notebook with a ``%%app`` cell in JupyterLab,
* the same notebook in Voilà,
* the same source under ``streamlit run`` (headless, on 127.0.0.1).

The app: a keyed slider ``step``, a button ``add`` whose ``on_click`` adds the step to
``count`` in session state, and ``st.write("Count:", count)``. One measurement is timed in
the page (E2E.md 5.4): ``t0 = performance.now()``, ``button.click()``, and a
``MutationObserver`` on the app resolves when a ``<p>`` reads ``Count: N``. That covers the
browser, the server's websocket, the kernel (or Streamlit's script thread), the way back
and the render. The systems take turns in rounds so that a slow spell of the machine hits
all of them.

Two series, because the spacing of the clicks decides the result on a stock Jupyter server
(E2E.md pitfall 12: its kernel websocket leaves Nagle's algorithm on): clicks back to back
(the next one as soon as the last one shows) pay about 40 ms of Nagle plus delayed ACK;
user-paced clicks (500 ms apart) mostly do not.

Also measured, for reference: the floor of the stock Jupyter stack, a bare ipywidgets
``Button`` whose ``on_click`` sets an ``HTML`` widget (no jupyter_state) in the same Lab
page; and the kernel-side time per click, recorded by instrumentation that the benchmark
notebook (only) wraps around ``JupyterState._run_once`` (one run: apply the value, the
callback, the body, the render) and ``Widget._on_comm_msg`` (the whole comm message,
including ipywidgets' own handling), read back through a side-channel kernel client.

Run ``.venv/bin/python benchmarks/bench_latency.py`` (``--clicks N`` per system and series,
default 30; ``--gaps 0,500`` the idle ms before each click, one series each; ``--quick`` for a
smoke run). Needs Debian's chromium at /usr/bin/chromium. It takes about a minute and a half.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "browser"))

from jupyter_servers import (  # noqa: E402
    KernelSide,
    Server,
    find_chromium,
    launch_chromium,
    loopback_only,
    run_all_cells,
    start_lab,
    start_streamlit,
    start_voila,
    wait_kernel_idle,
    write_notebook,
)

APP_BODY = '''\
if "count" not in st.session_state:
    st.session_state.count = 0

def add(n):
    st.session_state.count += n

st.slider("Step", 1, 10, 1, key="step")
st.button("Add", key="add", on_click=add, args=(st.session_state.step,))
st.write("Count:", st.session_state.count)
'''

#: Benchmark notebook only: time every run and every widget comm message in the kernel.
INSTRUMENT = '''\
import time as _time
import jupyter_state as st
from jupyter_state import runtime as _runtime
from jupyter_state.widgets import _base as _widgets_base

_bench = {"run": [], "msg": []}

def _timed(fn, bucket):
    def timed(*args, **kwargs):
        t0 = _time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _bench[bucket].append(_time.perf_counter() - t0)
    return timed

_runtime.JupyterState._run_once = _timed(_runtime.JupyterState._run_once, "run")
_widgets_base.Widget._on_comm_msg = _timed(_widgets_base.Widget._on_comm_msg, "msg")
'''

BARE = '''\
import ipywidgets as _w
_bare_count = 0
_bare_out = _w.HTML("<p>Count: 0</p>")
_bare_button = _w.Button(description="Add (bare ipywidgets)")

def _bare_click(_):
    global _bare_count
    _bare_count += 1
    _bare_out.value = f"<p>Count: {_bare_count}</p>"

_bare_button.on_click(_bare_click)
_bare = _w.VBox([_bare_button, _bare_out])
_bare.add_class("bench-bare")
_bare
'''

#: Click, then resolve with the milliseconds until a <p> in ``root`` reads ``want``.
CLICK_JS = """
async ({button, root, want}) => {
  const btn = document.querySelector(button);
  const box = document.querySelector(root);
  const seen = () => Array.from(box.querySelectorAll('p')).some(p => p.textContent.trim() === want);
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error('timeout waiting for ' + want)); }, 15000);
    const mo = new MutationObserver(() => {
      if (seen()) { const dt = performance.now() - t0; clearTimeout(timer); mo.disconnect(); resolve(dt); }
    });
    mo.observe(box, {subtree: true, childList: true, characterData: true});
    const t0 = performance.now();
    btn.click();
  });
}
"""


class System:
    """One way of showing the app: a page, its button and the element to watch."""

    def __init__(self, name: str, page: Any, button: str, root: str, count: int = 0) -> None:
        self.name, self.page, self.button, self.root, self.count = name, page, button, root, count
        #: timed clicks, by the idle time before each click (ms)
        self.samples: dict[float, list[float]] = {}

    def click(self, gap_ms: float, record: bool = True) -> None:
        if gap_ms:
            self.page.wait_for_timeout(gap_ms)  # the last run settles, as between a user's clicks
        self.count += 1
        ms = self.page.evaluate(CLICK_JS, {"button": self.button, "root": self.root, "want": f"Count: {self.count}"})
        if record:
            self.samples.setdefault(gap_ms, []).append(float(ms))


def stats(xs: list[float]) -> tuple[float, float, float, float, float]:
    q1, med, q3 = statistics.quantiles(xs, n=4, method="inclusive") if len(xs) > 1 else (xs[0],) * 3
    return med, q1, q3, min(xs), max(xs)


def open_lab(lab: Server, browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1200})
    loopback_only(context)
    page = context.new_page()
    page.goto(lab.url("/lab/tree/bench.ipynb", reset=None))
    wait_kernel_idle(page)
    run_all_cells(page)
    page.locator(".jupyter-state-app .jupyter-state-key-add").wait_for(timeout=60_000)
    page.locator(".bench-bare button").wait_for(timeout=60_000)
    wait_kernel_idle(page)
    return context, page


def open_page(browser: Any, url: str, ready: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    loopback_only(context)
    page = context.new_page()
    page.goto(url)
    page.locator(ready).wait_for(timeout=60_000)
    return context, page


def kernel_ms(kernel: KernelSide, since: dict[str, int]) -> dict[str, list[float]]:
    return {k: [1000 * x for x in kernel.eval(f"_bench[{k!r}][{since[k]}:]")] for k in ("run", "msg")}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=30, help="timed clicks per system (default 30)")
    parser.add_argument("--rounds", type=int, default=3, help="turns the systems take (default 3)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed clicks per system first (default 3)")
    parser.add_argument("--gaps", default="0,500",
                        help="idle times before each click, ms, one series each (default 0,500: back to back, user-paced)")
    parser.add_argument("--quick", action="store_true", help="5 clicks per system, 1 round: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.clicks, args.rounds, args.warmup = 5, 1, 1
    if args.clicks < 1 or args.rounds < 1:
        parser.error("--clicks and --rounds must be positive")
    args.gaps = [float(g) for g in str(args.gaps).split(",")]

    chromium = find_chromium()
    if chromium is None:
        sys.exit("bench_latency needs Debian's chromium (/usr/bin/chromium, or set JUPYTER_STATE_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    stop: list[Callable[[], None]] = []
    with tempfile.TemporaryDirectory(prefix="bench_latency_") as tmpdir:
        tmp = Path(tmpdir)
        nb = write_notebook(tmp / "nb" / "bench.ipynb", [INSTRUMENT, "%%app\n" + APP_BODY, BARE])
        script = tmp / "st" / "bench_app.py"
        script.parent.mkdir(parents=True)
        script.write_text("import streamlit as st\n\n" + APP_BODY)
        try:
            lab = start_lab(tmp / "lab", [nb])
            stop.append(lab.stop)
            voila = start_voila(tmp / "voila", nb)
            stop.append(voila.stop)
            streamlit = start_streamlit(tmp / "streamlit", script)
            stop.append(streamlit.stop)
            with sync_playwright() as p:
                browser = launch_chromium(p, chromium)
                lab_ctx, lab_page = open_lab(lab, browser)
                voila_ctx, voila_page = open_page(browser, voila.url("/"), ".jupyter-state-app .jupyter-state-key-add")
                st_ctx, st_page = open_page(browser, streamlit.base + "/", ".st-key-add button")
                st_page.get_by_text("Count: 0", exact=True).wait_for(timeout=30_000)
                systems = [
                    System("jupyter_state  JupyterLab", lab_page, ".jupyter-state-key-add", ".jupyter-state-app"),
                    System("jupyter_state  Voila", voila_page, ".jupyter-state-key-add", ".jupyter-state-app"),
                    System("Streamlit      streamlit run", st_page, ".st-key-add button", "body"),
                    System("bare ipywidgets JupyterLab", lab_page, ".bench-bare button", ".bench-bare"),
                ]
                lab_kernel = KernelSide(lab, lab.kernel_of("bench.ipynb"))
                [voila_file] = voila.kernel_files()
                voila_kernel = KernelSide(voila, voila_file)
                for system in systems:
                    for _ in range(args.warmup):
                        system.click(args.gaps[0], record=False)
                since = {name: {k: len(kernel.eval(f"_bench[{k!r}]")) for k in ("run", "msg")}
                         for name, kernel in (("lab", lab_kernel), ("voila", voila_kernel))}
                per_round = [args.clicks // args.rounds + (i < args.clicks % args.rounds) for i in range(args.rounds)]
                for gap in args.gaps:
                    for n in per_round:
                        for system in systems:
                            for _ in range(n):
                                system.click(gap)
                kernel_times = {"JupyterLab": kernel_ms(lab_kernel, since["lab"]),
                                "Voila": kernel_ms(voila_kernel, since["voila"])}
                assert lab_kernel.eval("st.session_state.count") == systems[0].count
                assert voila_kernel.eval("st.session_state.count") == systems[1].count
                lab_kernel.close()
                voila_kernel.close()
                versions = {"chromium": browser.version}
                for ctx in (lab_ctx, voila_ctx, st_ctx):
                    ctx.close()
                browser.close()
        finally:
            for fn in reversed(stop):
                fn()
    report(systems, kernel_times, versions, args)


def report(systems: list[System], kernel_times: dict[str, dict[str, list[float]]], versions: dict[str, str],
           args: argparse.Namespace) -> None:
    from importlib.metadata import version

    for pkg in ("jupyterlab", "voila", "ipywidgets", "ipykernel", "streamlit"):
        versions[pkg] = version(pkg)
    print(f"bench_latency: click -> the app's 'Count: N' line in the DOM, timed in the page (MutationObserver); "
          f"{args.clicks} timed clicks per system and series in {args.rounds} rounds, warmup {args.warmup}")
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {dt.date.today().isoformat()}, "
          + ", ".join(f"{k} {v}" for k, v in versions.items()))
    for gap in args.gaps:
        print()
        what = "back to back (the next click as soon as the last one shows)" if not gap else f"{gap:g} ms idle before each click"
        print(f"series: {what}")
        print(f"{'click -> DOM, ms':34}{'median':>9}{'q1':>9}{'q3':>9}{'min':>9}{'max':>9}{'n':>6}")
        for s in systems:
            med, q1, q3, lo, hi = stats(s.samples[gap])
            print(f"{s.name:34}{med:9.1f}{q1:9.1f}{q3:9.1f}{lo:9.1f}{hi:9.1f}{len(s.samples[gap]):6d}")
        med = {s.name: statistics.median(s.samples[gap]) for s in systems}
        lab_, voila_, streamlit, bare = (med[s.name] for s in systems)
        print(f"ratio to Streamlit (medians): JupyterLab {lab_ / streamlit:.2f}, Voila {voila_ / streamlit:.2f}, "
              f"bare ipywidgets in JupyterLab {bare / streamlit:.2f}")
        print(f"ratio to bare ipywidgets in JupyterLab (medians): JupyterLab {lab_ / bare:.2f}, Voila {voila_ / bare:.2f}")
    print()
    print(f"{'kernel side per click (all series), ms':56}{'median':>9}{'q1':>9}{'q3':>9}{'max':>9}{'n':>6}")
    for where, times in kernel_times.items():
        for bucket, label in (("run", "one run (JupyterState._run_once)"), ("msg", "whole comm message (Widget._on_comm_msg)")):
            xs = times[bucket]
            if xs:
                m, q1, q3, _lo, hi = stats(xs)
                print(f"{where + ': ' + label:56}{m:9.2f}{q1:9.2f}{q3:9.2f}{hi:9.2f}{len(xs):6d}")


if __name__ == "__main__":
    main()
