"""In-page measurements for bench_latency.py: clicks, first renders, slider drags, websocket timing.

Everything is timed inside the page (E2E.md 5.4, pitfall 13): ``performance.now()`` at the
cause (a click, a mouse-up, the run command, the navigation start) and a
``MutationObserver`` or an animation-frame poll at the effect.
"""

from __future__ import annotations

import statistics
from typing import Any

#: The app at ``n`` widgets: the counter (a keyed slider ``step`` and a button ``add``) and
#: ``n - 2`` more keyed sliders; it writes the count, the step and how many runs it made.
APP = '''\
if "count" not in st.session_state:
    st.session_state.count = 0
st.session_state.runs = st.session_state.get("runs", 0) + 1

def add(n):
    st.session_state.count += n

st.slider("Step", 1, 10, 1, key="step")
st.button("Add", key="add", on_click=add, args=(st.session_state.step,))
for i in range({extra}):
    st.slider(f"Slider {{i}}", 0, 100, 50, key=f"w{{i}}")
st.write("Count:", st.session_state.count)
st.write("Step:", st.session_state.step)
st.write("Runs:", st.session_state.runs)
'''


def app_source(n: int) -> str:
    return APP.format(extra=max(0, n - 2))


#: Benchmark notebooks only: time every run and every widget comm message in the kernel,
#: and count the widget models opened.
INSTRUMENT = '''\
import time as _time
import ipywidgets as _ipywidgets
import jupyter_state as st
from jupyter_state import runtime as _runtime
from jupyter_state.widgets import _base as _widgets_base

_bench = {"run": [], "msg": [], "opened": 0}

def _timed(fn, bucket):
    def timed(*args, **kwargs):
        t0 = _time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            _bench[bucket].append(_time.perf_counter() - t0)
    return timed

def _counted(fn):
    def counted(self, *args, **kwargs):
        _bench["opened"] += 1
        return fn(self, *args, **kwargs)
    return counted

_runtime.JupyterState._run_once = _timed(_runtime.JupyterState._run_once, "run")
_widgets_base.Widget._on_comm_msg = _timed(_widgets_base.Widget._on_comm_msg, "msg")
_ipywidgets.Widget.open = _counted(_ipywidgets.Widget.open)
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

#: Every page: record when each kernel websocket frame is sent and received.
WS_TIMES_JS = """
(() => {
  const Native = window.WebSocket;
  window.__ws = [];
  window.WebSocket = function (url, protocols) {
    const ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (String(url).includes('/channels')) {
      const send = ws.send.bind(ws);
      ws.send = (data) => { window.__ws.push([performance.now(), 's']); return send(data); };
      ws.addEventListener('message', () => window.__ws.push([performance.now(), 'r']));
    }
    return ws;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
})();
"""

#: Click, then resolve when a <p> in ``root`` reads ``want``: the time, and the kernel
#: websocket frames in between (ms after the click: sends, receives).
CLICK_JS = """
async ({button, root, want}) => {
  const btn = document.querySelector(button);
  const box = document.querySelector(root);
  const seen = () => Array.from(box.querySelectorAll('p')).some(p => p.textContent.trim() === want);
  const log = window.__ws || [];
  const from = log.length;
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error('timeout waiting for ' + want)); }, 30000);
    const mo = new MutationObserver(() => {
      if (seen()) {
        const dt = performance.now() - t0; clearTimeout(timer); mo.disconnect();
        const frames = log.slice(from).map(([t, d]) => [t - t0, d]).filter(([t]) => t <= dt);
        resolve({ms: dt, frames});
      }
    });
    mo.observe(box, {subtree: true, childList: true, characterData: true});
    const t0 = performance.now();
    btn.click();
  });
}
"""

#: The number of widgets on the page (``selector`` counts one element per widget).
COUNT_JS = "(selector) => document.querySelectorAll(selector).length"

#: Run the notebook's cell ``index`` (Lab), resolve with the ms until ``n`` widgets of a new
#: app are in the DOM.
RUN_CELL_JS = """
async ({index, n, selector}) => {
  const old = new Set(document.querySelectorAll('.jupyter-state-app'));
  const done = () => Array.from(document.querySelectorAll('.jupyter-state-app'))
    .some(app => !old.has(app) && app.querySelectorAll(selector).length >= n);
  return await new Promise((resolve, reject) => {
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error('the app did not show ' + n)); }, 120000);
    const mo = new MutationObserver(() => {
      if (done()) { const dt = performance.now() - t0; clearTimeout(timer); mo.disconnect(); resolve(dt); }
    });
    mo.observe(document.body, {subtree: true, childList: true});
    const panel = window.jupyterapp.shell.currentWidget;
    panel.content.activeCellIndex = index;
    const t0 = performance.now();
    window.jupyterapp.commands.execute('notebook:run-cell');
  });
}
"""

#: Record the last mouse-up, and resolve with the ms from it until a <p> reads ``want``.
ARM_DRAG_JS = """
({root, want}) => {
  window.__drag = new Promise((resolve, reject) => {
    let up = null;
    const box = document.querySelector(root);
    const seen = () => Array.from(box.querySelectorAll('p')).some(p => p.textContent.trim() === want);
    // pointerup, not mouseup: a page that cancels pointerdown (Streamlit's slider) gets no mouse events
    document.addEventListener('pointerup', () => { up = performance.now(); }, {capture: true, once: true});
    const timer = setTimeout(() => { mo.disconnect(); reject(new Error('timeout waiting for ' + want)); }, 30000);
    const mo = new MutationObserver(() => {
      if (up !== null && seen()) { clearTimeout(timer); mo.disconnect(); resolve(performance.now() - up); }
    });
    mo.observe(box, {subtree: true, childList: true, characterData: true});
  });
}
"""


def stats(xs: list[float]) -> tuple[float, float, float, float, float]:
    q1, med, q3 = statistics.quantiles(xs, n=4, method="inclusive") if len(xs) > 1 else (xs[0],) * 3
    return med, q1, q3, min(xs), max(xs)


class System:
    """One way of showing the app: a page, its button, the element to watch, its widgets."""

    def __init__(self, name: str, page: Any, button: str, root: str, widgets: str, count: int = 0) -> None:
        self.name, self.page, self.button, self.root, self.widgets = name, page, button, root, widgets
        self.count = count
        #: timed clicks, by the idle time before each click (ms)
        self.samples: dict[float, list[float]] = {}
        #: per back-to-back click: click -> first frame sent, sent -> first frame received,
        #: first -> last frame received before the DOM change, last frame -> DOM, frames received
        self.split: list[tuple[float, float, float, float, float]] = []

    def click(self, gap_ms: float, record: bool = True) -> None:
        if gap_ms:
            self.page.wait_for_timeout(gap_ms)  # the last run settles, as between a user's clicks
        self.count += 1
        self.page.locator(self.button).first.wait_for(timeout=60_000)
        got = self.page.evaluate(CLICK_JS, {"button": self.button, "root": self.root, "want": f"Count: {self.count}"})
        if not record:
            return
        self.samples.setdefault(gap_ms, []).append(float(got["ms"]))
        sends = [t for t, d in got["frames"] if d == "s"]
        if sends and not gap_ms:
            recvs = [t for t, d in got["frames"] if d == "r" and t >= sends[0]]
            if recvs:
                self.split.append((sends[0], recvs[0] - sends[0], recvs[-1] - recvs[0], got["ms"] - recvs[-1], len(recvs)))

    def visible(self) -> int:
        return int(self.page.evaluate(COUNT_JS, self.widgets))

    def runs(self) -> int:
        """The app's run count, as it shows it."""
        text = self.page.locator(self.root).get_by_text("Runs:", exact=False).last.text_content() or ""
        return int(text.split(":")[1])

    def drag(self, handle: str, track: str, to_right: bool) -> tuple[float, int, str]:
        """Drag the step slider to one end: (mouse-up -> value shown ms, runs it caused, value shown)."""
        want = "Step: 10" if to_right else "Step: 1"
        before = self.runs()
        page = self.page
        page.locator(handle).first.scroll_into_view_if_needed()  # the mouse needs it on screen
        box = page.locator(track).bounding_box()
        grip = page.locator(handle).bounding_box()
        assert box is not None and grip is not None
        y = grip["y"] + grip["height"] / 2
        page.evaluate(ARM_DRAG_JS, {"root": self.root, "want": want})
        page.mouse.move(grip["x"] + grip["width"] / 2, y)
        page.mouse.down()
        end = box["x"] + box["width"] + 40 if to_right else box["x"] - 40
        page.mouse.move(end, y, steps=12)
        page.mouse.up()
        ms = float(page.evaluate("() => window.__drag"))
        page.wait_for_timeout(300)  # a second run, if the drag caused one, shows by now
        return ms, self.runs() - before, want
