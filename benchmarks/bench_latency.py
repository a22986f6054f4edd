"""Click to screen, first render and slider drags in a real browser: jupyter_state in JupyterLab
and Voilà, with and without its server extension (TCP_NODELAY), against ``streamlit run``.

One headless Chromium (Debian's, driven by Playwright) opens the same app at each size
(``n`` keyed widgets: the counter's slider ``step`` and button ``add``, ``n - 2`` more
sliders, and three ``st.write`` lines) five ways in the same run:

* a notebook with a ``%%app`` cell in JupyterLab, with the extension (as ``pip install``
  sets it up) and without it (a stock server: ``jpserver_extensions`` turns it off),
* the same notebook in Voilà, with and without (Voilà's ``kernel_websocket_connection_class``),
* the same source under ``streamlit run`` (headless, on 127.0.0.1).

Measured, all in the page (E2E.md 5.4, ``benchmarks/_browser.py``):

* click → DOM: ``performance.now()``, ``button.click()``, a ``MutationObserver`` resolves when
  a ``<p>`` reads ``Count: N``; back to back (the next click as soon as the last one shows)
  and paced (500 ms idle first); the systems take turns in rounds. For the Jupyter pages
  the kernel websocket's frames are timestamped too (a wrapped ``WebSocket``), which splits
  a click into click → first frame sent, sent → first frame received, received → DOM.
* first render: Lab, the app cell's run command → all ``n`` widgets in the DOM; Voilà and
  Streamlit, the navigation start → all ``n`` widgets. The kernel (Lab) counts the widget
  models it opened (``Widget.open``) and times the first run (``JupyterState._run_once``).
* slider drag: mouse down on the step slider's handle, 12 moves to one end, mouse up; the
  time from mouse-up until the app shows ``Step: 1`` or ``Step: 10``, and how many runs the
  drag caused (the app shows its run count).

Run ``.venv/bin/python benchmarks/bench_latency.py`` (``--sizes``, ``--render-sizes``,
``--clicks N`` per system, series and size, ``--gaps 0,500``, ``--drags``; ``--quick`` for a
smoke run). Needs Debian's chromium at /usr/bin/chromium. It takes about ten minutes.
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

import _repo  # noqa: F401  (the repository root on sys.path, for testsupport)
from _browser import BARE, INSTRUMENT, RUN_CELL_JS, WS_TIMES_JS, System, app_source, stats

from testsupport.jupyter_servers import (
    KernelSide,
    Server,
    find_chromium,
    launch_chromium,
    loopback_only,
    start_lab,
    start_streamlit,
    start_voila,
    wait_kernel_idle,
    write_notebook,
)

OURS = '[class*="jupyter-state-key-"]'  # one element per keyed widget
THEIRS = '[class*="st-key-"]'
LAB_HANDLE, LAB_TRACK = ".jupyter-state-key-step .jupyter-state-slider-thumb", ".jupyter-state-key-step .jupyter-state-slider-track"
ST_HANDLE = '.st-key-step div:has(> div > input[type="range"])'  # react-aria's thumb
ST_TRACK = '.st-key-step [role="group"] > div[data-orientation="horizontal"]'


def new_page(browser: Any, height: int = 1200) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": height})
    loopback_only(context)
    context.add_init_script(WS_TIMES_JS)
    return context, context.new_page()


def run_cell(page: Any, index: int) -> None:
    page.evaluate("(i) => { const p = window.jupyterapp.shell.currentWidget; p.content.activeCellIndex = i;"
                  " return window.jupyterapp.commands.execute('notebook:run-cell'); }", index)
    page.wait_for_timeout(200)
    wait_kernel_idle(page)


def load_until(page: Any, url: str, selector: str, n: int) -> float:
    """Navigate; the ms from the navigation start until ``n`` widgets are in the DOM."""
    page.goto(url, wait_until="commit")
    handle = page.wait_for_function("([s, n]) => document.querySelectorAll(s).length >= n ? performance.now() : false",
                                    arg=[selector, n], polling="raf", timeout=300_000)
    return float(handle.json_value())


class Size:
    """Everything measured at one size."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.render: dict[str, float] = {}
        self.opened = 0
        self.first_run_ms = 0.0
        self.systems: list[System] = []
        self.drags: dict[str, list[tuple[float, int, bool]]] = {}
        self.kernel: dict[str, list[float]] = {}


def measure(n: int, clicks: bool, args: argparse.Namespace, tmp: Path, labs: dict[bool, Server],
            notebooks: dict[int, Path], browser: Any) -> Size:
    size = Size(n)
    script = tmp / "st" / f"bench_{n}.py"
    script.parent.mkdir(parents=True, exist_ok=True)
    script.write_text("import streamlit as st\n\n" + app_source(n))
    stop: list[Callable[[], None]] = []
    contexts: list[Any] = []
    try:
        voilas = {on: start_voila(tmp / f"voila-{n}-{on}", notebooks[n], nodelay=on) for on in (True, False)}
        stop.extend(v.stop for v in voilas.values())
        streamlit = start_streamlit(tmp / f"streamlit-{n}", script)
        stop.append(streamlit.stop)
        pages: dict[str, Any] = {}
        for on in (True, False):
            ctx, page = new_page(browser)
            contexts.append(ctx)
            page.goto(labs[on].url(f"/lab/tree/bench_{n}.ipynb", reset=None))
            wait_kernel_idle(page)
            run_cell(page, 0)  # the instrumentation
            name = f"JupyterLab {'+ extension' if on else 'stock server'}"
            size.render[name] = float(page.evaluate(RUN_CELL_JS, {"index": 1, "n": n, "selector": OURS}))
            wait_kernel_idle(page)
            kernel = KernelSide(labs[on], labs[on].kernel_of(f"bench_{n}.ipynb"))
            if on:
                size.opened = int(kernel.eval("_bench['opened']"))
                size.first_run_ms = 1000 * float(kernel.eval("_bench['run'][0]"))
            kernel.close()
            pages[name] = page
        for on in (True, False):
            ctx, page = new_page(browser)
            contexts.append(ctx)
            name = f"Voila {'+ extension' if on else 'stock server'}"
            size.render[name] = load_until(page, voilas[on].url("/"), OURS, n)
            pages[name] = page
        ctx, page = new_page(browser)
        contexts.append(ctx)
        size.render["streamlit run"] = load_until(page, streamlit.base + "/", THEIRS, n)
        page.get_by_text("Count: 0", exact=True).wait_for(timeout=60_000)
        pages["streamlit run"] = page
        if not clicks:
            return size
        systems = [System(name, page, ".jupyter-state-key-add", ".jupyter-state-app", OURS)
                   for name, page in pages.items() if name != "streamlit run"]
        systems.append(System("streamlit run", pages["streamlit run"], ".st-key-add button", "body", THEIRS))
        if n == min(args.sizes):
            lab_page = pages["JupyterLab + extension"]
            run_cell(lab_page, 2)
            lab_page.locator(".bench-bare button").wait_for(timeout=60_000)
            systems.append(System("bare ipywidgets, Lab + ext.", lab_page, ".bench-bare button", ".bench-bare", ""))
        for system in systems:
            for _ in range(args.warmup):
                system.click(args.gaps[0], record=False)
        since = {on: len(_kernel_eval(labs[on], n, "_bench['msg']")) for on in (True, False)}
        per_round = [args.clicks // args.rounds + (i < args.clicks % args.rounds) for i in range(args.rounds)]
        for gap in args.gaps:
            for k in per_round:
                for system in systems:
                    for _ in range(k):
                        system.click(gap)
        for on in (True, False):
            where = f"JupyterLab {'+ extension' if on else 'stock server'}"
            size.kernel[where] = [1000 * x for x in _kernel_eval(labs[on], n, "_bench['msg']")[since[on]:]]
        size.systems = systems
        for name, handle, track in (("JupyterLab + extension", LAB_HANDLE, LAB_TRACK),
                                    ("Voila + extension", LAB_HANDLE, LAB_TRACK),
                                    ("streamlit run", ST_HANDLE, ST_TRACK)):
            system = next(s for s in systems if s.name == name)
            for i in range(args.drags):
                try:
                    ms, runs, want = system.drag(handle, track, to_right=i % 2 == 0)
                except Exception as exc:  # reported as a drag whose value never showed
                    print(f"{name}, {n} widgets, drag {i}: {str(exc).splitlines()[0]}", file=sys.stderr)
                    size.drags.setdefault(name, []).append((float("nan"), -1, False))
                    continue
                shown = system.page.locator(system.root).get_by_text(want, exact=True).count() == 1
                size.drags.setdefault(name, []).append((ms, runs, shown))
        return size
    finally:
        for ctx in contexts:
            ctx.close()
        for fn in reversed(stop):
            fn()
        for on in (True, False):
            _shutdown(labs[on], f"bench_{n}.ipynb")


def _kernel_eval(lab: Server, n: int, expr: str) -> Any:
    kernel = KernelSide(lab, lab.kernel_of(f"bench_{n}.ipynb"))
    try:
        return kernel.eval(expr)
    finally:
        kernel.close()


def _shutdown(lab: Server, notebook: str) -> None:
    import urllib.request

    for session in lab.get_json("/api/sessions"):
        if session["path"] == notebook:
            req = urllib.request.Request(f"{lab.base}/api/sessions/{session['id']}", method="DELETE",
                                         headers={"Authorization": f"token {lab.token}"})
            urllib.request.urlopen(req, timeout=30).close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100,300", help="widget counts for clicks and drags (default 20,100,300)")
    parser.add_argument("--render-sizes", default="20,100,300,1000", help="widget counts for the first render")
    parser.add_argument("--clicks", type=int, default=20, help="timed clicks per system, series and size (default 20)")
    parser.add_argument("--rounds", type=int, default=2, help="turns the systems take (default 2)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed clicks per system first (default 2)")
    parser.add_argument("--gaps", default="0,500",
                        help="idle times before each click, ms, one series each (default 0,500: back to back, user-paced)")
    parser.add_argument("--drags", type=int, default=6, help="slider drags per system and size (default 6)")
    parser.add_argument("--quick", action="store_true", help="one size of 20, 4 clicks, 2 drags: a smoke run")
    parser.add_argument("--pythonpath", help="measure another copy of jupyter_state (its servers' and kernels' import path)")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.render_sizes, args.clicks, args.rounds, args.warmup, args.drags = "20", "20", 4, 1, 1, 2
    args.sizes = [int(x) for x in str(args.sizes).split(",") if x]  # "" for first renders only
    args.render_sizes = [int(x) for x in str(args.render_sizes).split(",") if x]
    args.gaps = [float(g) for g in str(args.gaps).split(",")]
    if args.clicks < 1 or args.rounds < 1 or min(args.sizes + args.render_sizes, default=0) < 2:
        parser.error("--clicks and --rounds must be positive, sizes at least 2")
    if args.pythonpath:
        os.environ["PYTHONPATH"] = os.path.abspath(args.pythonpath)  # the servers pass it on to their kernels

    chromium = find_chromium()
    if chromium is None:
        sys.exit("bench_latency needs Debian's chromium (/usr/bin/chromium, or set JUPYTER_STATE_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    sizes: list[Size] = []
    with tempfile.TemporaryDirectory(prefix="bench_latency_") as tmpdir:
        tmp = Path(tmpdir)
        every = sorted(set(args.sizes) | set(args.render_sizes))
        notebooks = {n: write_notebook(tmp / "nb" / f"bench_{n}.ipynb", [INSTRUMENT, "%%app\n" + app_source(n), BARE])
                     for n in every}
        labs: dict[bool, Server] = {}
        try:
            for on in (True, False):
                # Lab 4 windows long notebooks: keep every output in the DOM (clicks, counts)
                tracker = tmp / f"lab-{on}" / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
                tracker.parent.mkdir(parents=True, exist_ok=True)
                tracker.write_text('{"windowingMode": "none"}')
                labs[on] = start_lab(tmp / f"lab-{on}", list(notebooks.values()), nodelay=on)
            with sync_playwright() as p:
                browser = launch_chromium(p, chromium)
                for n in every:
                    sizes.append(measure(n, n in args.sizes, args, tmp, labs, notebooks, browser))
                    print(f"size {n} done", file=sys.stderr, flush=True)
                versions = {"chromium": browser.version}
                browser.close()
            logs = {on: labs[on].log.read_text(errors="replace") for on in (True, False)}
        finally:
            for lab in labs.values():
                lab.stop()
    if not args.pythonpath:  # another copy may have no server extension
        assert "TCP_NODELAY on kernel websockets (no Nagle" in logs[True] and "jupyter_state: TCP_NODELAY" not in logs[False]
    report(sizes, versions, args)


def _row(name: str, xs: list[float], width: int = 34) -> str:
    med, q1, q3, lo, hi = stats(xs)
    return f"{name:{width}}{med:9.1f}{q1:9.1f}{q3:9.1f}{lo:9.1f}{hi:9.1f}{len(xs):6d}"


def report(sizes: list[Size], versions: dict[str, str], args: argparse.Namespace) -> None:
    from importlib.metadata import version

    for pkg in ("jupyterlab", "voila", "ipywidgets", "ipykernel", "jupyter_server", "tornado", "streamlit"):
        versions[pkg] = version(pkg)
    print(f"bench_latency: {args.clicks} timed clicks per system, series and size in {args.rounds} rounds (warmup "
          f"{args.warmup}); {args.drags} drags per system and size; one first render per system and size")
    import jupyter_state

    print(f"jupyter_state from {os.environ.get('PYTHONPATH') or os.path.dirname(jupyter_state.__file__)}")
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {dt.datetime.now().isoformat(timespec='minutes')}, "
          f"load {os.getloadavg()[0]:.1f}, " + ", ".join(f"{k} {v}" for k, v in versions.items()))
    header = f"{'ms':34}{'median':>9}{'q1':>9}{'q3':>9}{'min':>9}{'max':>9}{'n':>6}"
    for size in [s for s in sizes if s.systems]:
        for gap in args.gaps:
            what = "back to back" if not gap else f"{gap:g} ms idle before each click"
            print(f"\n== {size.n} widgets: click -> DOM, {what}\n{header}")
            for s in size.systems:
                print(_row(s.name, s.samples[gap]))
            med = {s.name: statistics.median(s.samples[gap]) for s in size.systems}
            ref = med["streamlit run"]
            print("ratio to streamlit run (medians): " + ", ".join(
                f"{k} {v / ref:.2f}" for k, v in med.items() if k != "streamlit run"))
        print(f"\n== {size.n} widgets: where a back-to-back click goes (kernel websocket frames), medians ms")
        print(f"{'':34}{'click->send':>12}{'send->recv':>12}{'1st->last':>12}{'last->DOM':>12}{'frames':>8}{'kernel msg':>12}")
        for s in size.systems:
            if s.split:
                cols = [statistics.median(c) for c in zip(*s.split)]
                k = size.kernel.get(s.name)
                print(f"{s.name:34}" + "".join(f"{c:12.1f}" for c in cols[:4]) + f"{cols[4]:8.0f}"
                      + (f"{statistics.median(k):12.2f}" if k else ""))
        print(f"\n== {size.n} widgets: slider drag (mouse-up -> value shown), ms; runs per drag; final value shown")
        print(header)
        for name, drags in size.drags.items():
            done = [d[0] for d in drags if d[2]] or [float("nan")]
            print(_row(name, done) + f"   runs {sorted({d[1] for d in drags})}, "
                  f"shown {sum(d[2] for d in drags)}/{len(drags)}")
    print("\n== first render, ms (Lab: run-cell -> all widgets in the DOM; Voila, Streamlit: navigation -> all widgets)")
    names = list(sizes[0].render)
    print(f"{'widgets':>8}" + "".join(f"{k:>24}" for k in names) + f"{'ours/st (Lab)':>15}{'models':>8}{'first run':>11}")
    for size in sizes:
        print(f"{size.n:8d}" + "".join(f"{size.render[k]:24.0f}" for k in names)
              + f"{size.render[names[0]] / size.render['streamlit run']:15.2f}{size.opened:8d}{size.first_run_ms:9.1f}ms")


if __name__ == "__main__":
    main()
