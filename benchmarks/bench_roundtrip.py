"""Where a click's round trip goes, JupyterLab against Voilà, on one server with the extension.

bench_latency.py finds a back-to-back click about 6 ms slower in JupyterLab than in Voilà
(both with TCP_NODELAY). This script splits one click into stages by timestamps taken in
three processes on the same clock (epoch time):

* the page (``performance.timeOrigin + performance.now()``): the click, the return of
  ``button.click()`` (every synchronous click listener has run), each kernel websocket
  frame sent and received (a wrapped ``WebSocket``), the DOM showing the new count;
* the server (``_ws_probe.py``, a server extension): each browser frame arriving
  (``handle_incoming_message``) and each kernel message arriving from ZeroMQ before it is
  written to the websocket (``_on_zmq_reply``);
* the kernel (the notebook's first cell): the widget comm message handled
  (``Widget._on_comm_msg``, start and end).

The same notebook is opened twice in one JupyterLab server: as a notebook in Lab, and
rendered by Voilà as a server extension (``/voila/render/...``), so the server, its
websocket connection class and the kernel are alike and only the page differs. The two
pages take turns, clicks back to back.

Run ``.venv/bin/python benchmarks/bench_roundtrip.py`` (``--clicks``, ``--widgets``;
``--quick`` for a smoke run). Needs Debian's chromium.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from _browser import WS_TIMES_JS, app_source
from _repo import REPO  # and the repository root on sys.path, for testsupport

from testsupport.jupyter_servers import (
    find_chromium,
    launch_chromium,
    loopback_only,
    start_lab,
    wait_kernel_idle,
    write_notebook,
)

HERE = Path(__file__).resolve().parent

#: the kernel's stamps: each widget comm message, start and end, appended to $WS_PROBE.kernel
KERNEL_PROBE = '''\
import os as _os, time as _time
import jupyter_state as st
from jupyter_state.widgets import _base as _widgets_base

_probe_path = _os.environ["WS_PROBE"] + ".kernel"
_on_comm_msg = _widgets_base.Widget._on_comm_msg

def _stamped(self, *args, **kwargs):
    t0 = _time.time()
    try:
        return _on_comm_msg(self, *args, **kwargs)
    finally:
        with open(_probe_path, "a") as _f:
            _f.write(f"{t0:.6f} {_time.time():.6f}\\n")

_widgets_base.Widget._on_comm_msg = _stamped
'''

#: One click: epoch ms of the click, of click() returning, of the frames, of the DOM change.
CLICK_JS = """
async ({button, root, want}) => {
  const epoch = (t) => performance.timeOrigin + t;
  const btn = document.querySelector(button);
  const box = document.querySelector(root);
  const seen = () => Array.from(box.querySelectorAll('p')).some(p => p.textContent.trim() === want);
  const log = window.__ws || [];
  const from = log.length;
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error('timeout waiting for ' + want)); }, 30000);
    let returned = null;
    const mo = new MutationObserver(() => {
      if (seen()) {
        const t = performance.now(); clearTimeout(timer); mo.disconnect();
        const frames = log.slice(from).filter(([ft]) => ft <= t).map(([ft, d]) => [epoch(ft), d]);
        resolve({click: epoch(t0), returned: epoch(returned), dom: epoch(t), frames});
      }
    });
    mo.observe(box, {subtree: true, childList: true, characterData: true});
    const t0 = performance.now();
    btn.click();
    returned = performance.now();
  });
}
"""

STAGES = [
    ("click -> click() returned (synchronous listeners)", "click", "returned"),
    ("click -> frame sent", "click", "sent"),
    ("frame sent -> at the server", "sent", "server_in"),
    ("at the server -> kernel handler starts", "server_in", "kernel_start"),
    ("kernel handler (Widget._on_comm_msg)", "kernel_start", "kernel_end"),
    ("handler ends -> last reply at the server", "kernel_end", "server_out"),
    ("last reply at the server -> received in the page", "server_out", "received"),
    ("received -> DOM shows the count", "received", "dom"),
    ("click -> DOM (total)", "click", "dom"),
]


def _stamps(path: Path) -> list[tuple[float, str]]:
    if not path.exists():
        return []
    return [(float(t) * 1000, what) for t, what in (line.split() for line in path.read_text().splitlines())]


def _kernel_stamps(path: Path) -> list[tuple[float, float]]:
    if not path.exists():
        return []
    return [(float(a) * 1000, float(b) * 1000) for a, b in (line.split() for line in path.read_text().splitlines())]


def split(click: dict[str, Any], server: list[tuple[float, str]], kernel: list[tuple[float, float]]) -> dict[str, float] | None:
    """One click's stage times (epoch ms), matched by order in time; None if a stamp is missing."""
    sent = [t for t, d in click["frames"] if d == "s"]
    got = [t for t, d in click["frames"] if d == "r"]
    if not sent or not got:
        return None
    t: dict[str, float] = {"click": click["click"], "returned": click["returned"], "sent": sent[0], "dom": click["dom"]}
    ins = [s for s, what in server if what == "in" and s >= t["click"] - 1]
    handled = [k for k in kernel if k[0] >= t["click"] - 1]
    if not ins or not handled:
        return None
    t["server_in"] = ins[0]
    t["kernel_start"], t["kernel_end"] = handled[0]
    t["received"] = got[-1]  # the frame after which the DOM changed
    outs = [s for s, what in server if what == "out" and t["kernel_start"] <= s <= t["received"] + 1]
    if not outs:
        return None
    t["server_out"] = outs[-1]
    return t


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=40, help="timed clicks per page (default 40)")
    parser.add_argument("--widgets", type=int, default=20, help="widgets in the app (default 20)")
    parser.add_argument("--quick", action="store_true", help="6 clicks: a smoke run")
    args = parser.parse_args(argv)
    if args.quick:
        args.clicks = 6
    chromium = find_chromium()
    if chromium is None:
        sys.exit("bench_roundtrip needs Debian's chromium (/usr/bin/chromium, or set JUPYTER_STATE_CHROMIUM)")
    from playwright.sync_api import sync_playwright

    results: dict[str, list[dict[str, float]]] = {"JupyterLab": [], "Voila (server extension)": []}
    with tempfile.TemporaryDirectory(prefix="bench_roundtrip_") as tmpdir:
        tmp = Path(tmpdir)
        probe = tmp / "ws_probe"
        os.environ["WS_PROBE"] = str(probe)
        os.environ["PYTHONPATH"] = os.pathsep.join([str(REPO), str(HERE), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
        config = tmp / "lab" / "config"
        config.mkdir(parents=True)
        (config / "jupyter_server_config.json").write_text(json.dumps({"ServerApp": {"jpserver_extensions": {"_ws_probe": True}}}))
        tracker = tmp / "lab" / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
        tracker.parent.mkdir(parents=True)
        tracker.write_text('{"windowingMode": "none"}')
        nb = write_notebook(tmp / "nb" / "roundtrip.ipynb", [KERNEL_PROBE, "%%app\n" + app_source(args.widgets)])
        lab = start_lab(tmp / "lab", [nb])
        try:
            assert "_ws_probe: stamping" in lab.log.read_text(errors="replace"), lab.log.read_text(errors="replace")[-2000:]
            with sync_playwright() as p:
                browser = launch_chromium(p, chromium)
                pages: dict[str, Any] = {}
                for name in results:
                    context = browser.new_context(viewport={"width": 1280, "height": 1200})
                    loopback_only(context)
                    context.add_init_script(WS_TIMES_JS)
                    page = context.new_page()
                    if name == "JupyterLab":
                        page.goto(lab.url("/lab/tree/roundtrip.ipynb", reset=None))
                        wait_kernel_idle(page)
                        page.evaluate("() => window.jupyterapp.commands.execute('notebook:run-all-cells')")
                    else:
                        page.goto(lab.url("/voila/render/roundtrip.ipynb"))
                    page.locator(".jupyter-state-key-add button, button.jupyter-state-key-add").first.wait_for(timeout=120_000)
                    page.wait_for_timeout(1000)
                    pages[name] = page
                counts = dict.fromkeys(results, 0)
                for i in range(args.clicks + 2):  # two warmup clicks each
                    for name, page in pages.items():
                        counts[name] += 1
                        click = page.evaluate(CLICK_JS, {"button": ".jupyter-state-key-add", "root": ".jupyter-state-app",
                                                         "want": f"Count: {counts[name]}"})
                        page.wait_for_timeout(50)  # the last frames (idle status) are in before the next
                        if i < 2:
                            continue
                        server, kernel = _stamps(probe), _kernel_stamps(Path(str(probe) + ".kernel"))
                        stages = split(click, server, kernel)
                        if stages is not None:
                            results[name].append(stages)
                versions = {"chromium": browser.version}
                browser.close()
        finally:
            lab.stop()
    report(results, versions, args)


def report(results: dict[str, list[dict[str, float]]], versions: dict[str, str], args: argparse.Namespace) -> None:
    import ipykernel
    import jupyter_server
    import jupyterlab
    import voila

    print(f"bench_roundtrip: one click split by timestamps in the page, the server and the kernel; "
          f"{args.widgets} widgets, {args.clicks} clicks per page, back to back (50 ms apart), pages alternating")
    print(f"python {platform.python_version()}, {os.cpu_count()} CPUs, {dt.datetime.now().isoformat(timespec='minutes')}, "
          f"load {os.getloadavg()[0]:.1f}, chromium {versions['chromium']}, jupyterlab {jupyterlab.__version__}, "
          f"voila {voila.__version__}, jupyter_server {jupyter_server.__version__}, ipykernel {ipykernel.__version__}")
    names = list(results)
    print()
    print(f"{'median ms (n clicks matched)':52}" + "".join(f"{n:>26}" for n in names))
    print(f"{'':52}" + "".join(f"{'(' + str(len(results[n])) + ')':>26}" for n in names))
    for label, a, b in STAGES:
        row = f"{label:52}"
        for n in names:
            xs = [t[b] - t[a] for t in results[n]]
            row += f"{statistics.median(xs):26.1f}" if xs else f"{'-':>26}"
        print(row)


if __name__ == "__main__":
    main()
