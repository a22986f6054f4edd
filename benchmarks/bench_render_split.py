"""Where a JupyterLab first render goes, and the floors ipywidgets and anywidget set for it.

One JupyterLab (with the server extension) and one notebook per size, of four cells: the
bench instrumentation (``_browser.INSTRUMENT``), the ``%%app`` of ``n`` widgets that
``bench_latency.py`` renders, and two floors of the same ``n``: bare ipywidgets
``IntSlider`` views (one shared ``Layout`` and ``SliderStyle``: ``n`` + 3 models) and bare
anywidget views whose module is one line (``n`` + 2 models). Each is run from a fresh page
(``notebook:run-cell`` → all ``n`` views in the DOM, timed in the page); for the app, the
kernel websocket's frames are timestamped (first and last received), and the kernel reports
its first run and the models it opened.

``--profile`` samples the page's main thread (Chromium's CPU profiler, through CDP) while
the app renders, and prints where its time went, by function (self time).

Run ``.venv/bin/python benchmarks/bench_render_split.py`` (``--sizes 20,100,300``,
``--repeat 3``, ``--profile``; ``--pythonpath DIR`` measures another copy).
"""

from __future__ import annotations

import argparse
import collections
import os
import statistics
import sys
import tempfile
import urllib.request
from pathlib import Path
from typing import Any

import _repo  # noqa: F401  (the repository root on sys.path, for testsupport)
from _browser import INSTRUMENT, RUN_CELL_JS, WS_TIMES_JS, app_source

from testsupport.jupyter_servers import (
    KernelSide,
    Server,
    find_chromium,
    launch_chromium,
    loopback_only,
    start_lab,
    wait_kernel_idle,
    write_notebook,
)

OURS = '[class*="jupyter-state-key-"]'
IPYWIDGETS_FLOOR = '''\
import ipywidgets as _w
_lay, _sty = _w.Layout(), _w.SliderStyle(description_width="initial")
_floor = _w.VBox([_w.IntSlider(50, 0, 100, description=f"Slider {{i}}", layout=_lay, style=_sty) for i in range({n})])
_floor.add_class("bench-floor")
_floor
'''
ANYWIDGET_FLOOR = '''\
import anywidget as _aw, ipywidgets as _w, traitlets as _t
class _Tiny(_aw.AnyWidget):
    _esm = "export default {{ render({{ model, el }}) {{ el.classList.add('tiny'); el.textContent = model.get('value'); }} }};"
    value = _t.Int(50).tag(sync=True)
_tlay = _w.Layout()
_any = _w.VBox([_Tiny(layout=_tlay) for i in range({n})])
_any.add_class("bench-any")
_any
'''
#: Run cell ``index``; resolve with the ms until ``n`` elements match ``selector``.
FLOOR_JS = """
async ({index, n, selector}) => {
  const done = () => document.querySelectorAll(selector).length >= n;
  return await new Promise((resolve) => {
    const mo = new MutationObserver(() => { if (done()) { mo.disconnect(); resolve(performance.now() - t0); } });
    mo.observe(document.body, {subtree: true, childList: true});
    const panel = window.jupyterapp.shell.currentWidget;
    panel.content.activeCellIndex = index;
    const t0 = performance.now();
    window.jupyterapp.commands.execute('notebook:run-cell');
  });
}
"""


def fresh_page(browser: Any, lab: Server, name: str) -> tuple[Any, Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 1200})
    loopback_only(ctx)
    ctx.add_init_script(WS_TIMES_JS)
    page = ctx.new_page()
    page.goto(lab.url(f"/lab/tree/{name}", reset=None))
    wait_kernel_idle(page)
    page.evaluate("() => { const p = window.jupyterapp.shell.currentWidget; p.content.activeCellIndex = 0;"
                  " return window.jupyterapp.commands.execute('notebook:run-cell'); }")
    page.wait_for_timeout(300)
    wait_kernel_idle(page)
    return ctx, page


def shutdown(lab: Server, name: str) -> None:
    for session in lab.get_json("/api/sessions"):
        if session["path"] == name:
            req = urllib.request.Request(f"{lab.base}/api/sessions/{session['id']}", method="DELETE",
                                         headers={"Authorization": f"token {lab.token}"})
            urllib.request.urlopen(req, timeout=30).close()


def profile_report(profile: dict[str, Any], top: int = 25) -> str:
    nodes = {node["id"]: node["callFrame"] for node in profile["nodes"]}
    self_ms: collections.Counter[str] = collections.Counter()
    for sample, delta in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[sample]
        where = frame["url"].rsplit("/", 1)[-1].split("?")[0][:32] or "(native)"
        self_ms[f"{frame['functionName'] or '(anonymous)'}  {where}:{frame['lineNumber']}"] += delta / 1000
    lines = [f"  main thread sampled {sum(self_ms.values()):.0f} ms; self time by function:"]
    lines += [f"  {ms:8.1f} ms  {name}" for name, ms in self_ms.most_common(top)]
    return "\n".join(lines)


def measure(browser: Any, lab: Server, n: int, profile: bool) -> tuple[list[float], str]:
    name = f"split_{n}.ipynb"
    ctx, page = fresh_page(browser, lab, name)
    report = ""
    try:
        page.evaluate("() => { window.__ws.length = 0; }")
        cdp = None
        if profile:
            cdp = ctx.new_cdp_session(page)
            cdp.send("Profiler.enable")
            cdp.send("Profiler.setSamplingInterval", {"interval": 200})
            cdp.send("Profiler.start")
        started = float(page.evaluate("() => performance.now()"))
        total = float(page.evaluate(RUN_CELL_JS, {"index": 1, "n": n, "selector": OURS}))
        if cdp is not None:
            report = profile_report(cdp.send("Profiler.stop")["profile"])
        wait_kernel_idle(page)
        page.wait_for_timeout(500)
        received = [t - started for t, kind in page.evaluate("() => window.__ws") if kind == "r"]
        kernel = KernelSide(lab, lab.kernel_of(name))
        try:
            run_ms = 1000 * float(kernel.eval("_bench['run'][-1]"))
            opened = int(kernel.eval("_bench['opened']"))
        finally:
            kernel.close()
        floor = float(page.evaluate(FLOOR_JS, {"index": 2, "n": n, "selector": ".bench-floor .widget-slider"}))
        wait_kernel_idle(page)
        tiny = float(page.evaluate(FLOOR_JS, {"index": 3, "n": n, "selector": ".bench-any .tiny"}))
        wait_kernel_idle(page)
        return [total, received[0], received[-1], len(received), run_ms, opened, floor, tiny], report
    finally:
        ctx.close()
        shutdown(lab, name)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="20,100,300")
    parser.add_argument("--repeat", type=int, default=3, help="fresh pages per size (medians shown)")
    parser.add_argument("--profile", action="store_true", help="CPU profile of the page for the last size's last page")
    parser.add_argument("--pythonpath", help="measure another copy of jupyter_state")
    args = parser.parse_args(argv)
    if args.pythonpath:
        os.environ["PYTHONPATH"] = os.path.abspath(args.pythonpath)
    chromium = find_chromium()
    if chromium is None:
        sys.exit("bench_render_split needs Debian's chromium (/usr/bin/chromium, or set JUPYTER_STATE_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    sizes = [int(x) for x in args.sizes.split(",")]
    print(f"bench_render_split: JupyterLab + extension, medians of {args.repeat} fresh pages; "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(f"{'widgets':>8}{'run->all':>10}{'->1st frame':>13}{'->last frame':>14}{'frames':>8}"
          f"{'kernel run':>12}{'models':>8}{'ipywidgets floor':>18}{'anywidget floor':>17}")
    with tempfile.TemporaryDirectory(prefix="bench_split_") as tmpdir:
        tmp = Path(tmpdir)
        notebooks = [write_notebook(tmp / "nb" / f"split_{n}.ipynb",
                                    [INSTRUMENT, "%%app\n" + app_source(n), IPYWIDGETS_FLOOR.format(n=n),
                                     ANYWIDGET_FLOOR.format(n=n)]) for n in sizes]
        tracker = tmp / "lab" / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
        tracker.parent.mkdir(parents=True, exist_ok=True)
        tracker.write_text('{"windowingMode": "none"}')  # every output stays in the DOM
        lab = start_lab(tmp / "lab", notebooks)
        try:
            with sync_playwright() as p:
                browser = launch_chromium(p, chromium)
                for n in sizes:
                    rows, report = [], ""
                    for i in range(args.repeat):
                        row, report_i = measure(browser, lab, n, args.profile and n == sizes[-1] and i == args.repeat - 1)
                        rows.append(row)
                        report = report_i or report
                    m = [statistics.median(col) for col in zip(*rows)]
                    print(f"{n:8d}{m[0]:10.0f}{m[1]:13.0f}{m[2]:14.0f}{m[3]:8.0f}{m[4]:12.0f}{m[5]:8.0f}{m[6]:18.0f}{m[7]:17.0f}",
                          flush=True)
                    if report:
                        print(f"\nthe app's render at {n} widgets, last page:\n{report}")
                browser.close()
        finally:
            lab.stop()


if __name__ == "__main__":
    main()
