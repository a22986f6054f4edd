"""What the benchmarks share: apps of any size, generic drivers, statistics, the machine.

The reference app, the comm recorder and the statistics come from ``bench_rerun`` (imported,
not copied). This module adds:

* :func:`mixed_app_source`: an app of ``n`` keyed widgets of six kinds (slider, checkbox,
  text input, selectbox, number input, button with ``on_click``) and an ``st.write`` of a
  click counter. The same source runs under jupyter_state and Streamlit (only ``st`` differs).
* :func:`dashboard_app_source`: a dashboard-shaped app of the same widget kinds, placed in a
  sidebar (10 widgets), 3 columns, 2 tabs and an expander.
* :func:`mixed_plan` / :func:`reference_plan`: interactions as ``(kind, key, value)`` steps,
  each one a real change (a new value, or a click).
* :class:`OursDriver` / :class:`AppTestSourceDriver`: ``bench_rerun``'s drivers for any
  source and any widget kind. Ours sends what the browser sends into the widget's comm
  (``Widget.frontend_update`` builds the ``update``, a click is the ``custom`` message).
* :func:`machine`, :func:`rss_kb`, :class:`CountingComm` (message counts, nothing stored).

The helpers the benchmarks share with the tests (the kernel driver, the servers, the comm
recorder) are in the ``testsupport`` package; importing this module makes it importable.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as dt
import hashlib
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from importlib.metadata import PackageNotFoundError, version
from typing import Any

import bench_rerun
from _repo import REPO  # and the repository root on sys.path, for testsupport
from bench_rerun import APP_SOURCE, N_SLIDERS, SLIDER_START, Stats

from testsupport.comm_recorder import CommRecorder, MessageCounts

__all__ = [
    "APP_SOURCE", "AppTestSourceDriver", "CommRecorder", "CountingComm", "DASHBOARD_WIDGETS", "KINDS", "MessageCounts",
    "OursDriver", "Stats", "Step", "fmt_row", "machine", "mixed_app_source", "mixed_plan",
    "reference_plan", "rss_kb", "timed", "dashboard_app_source",
]

#: One interaction: (kind, key, value). kind is a widget kind; a button's value is None.
Step = tuple[str, str, Any]

KINDS = ("slider", "checkbox", "text_input", "selectbox", "number_input", "button")
OPTIONS = ["red", "green", "blue", "yellow"]


def mixed_app_source(n: int) -> str:
    """An app of ``n`` keyed widgets ``w0 .. w{n-1}`` cycling through :data:`KINDS`."""
    return f'''
if "count" not in st.session_state:
    st.session_state.count = 0


def bump():
    st.session_state.count += 1


OPTIONS = {OPTIONS!r}
for i in range({n}):
    kind = i % 6
    if kind == 0:
        st.slider(f"Slider {{i}}", 0, 100, 50, key=f"w{{i}}")
    elif kind == 1:
        st.checkbox(f"Check {{i}}", key=f"w{{i}}")
    elif kind == 2:
        st.text_input(f"Text {{i}}", "", key=f"w{{i}}")
    elif kind == 3:
        st.selectbox(f"Select {{i}}", OPTIONS, key=f"w{{i}}")
    elif kind == 4:
        st.number_input(f"Number {{i}}", 0, 1000, 0, key=f"w{{i}}")
    else:
        st.button(f"Button {{i}}", key=f"w{{i}}", on_click=bump)
st.write("Count:", st.session_state.count)
'''


#: Where each widget ``w<i>`` of the dashboard goes (its kind is ``KINDS[i % 6]``, as in the
#: mixed app, so :func:`mixed_plan` drives it): 10 in the sidebar, 3 in each of 3 columns,
#: 4 in each of 2 tabs, 3 in an expander.
DASHBOARD_PLACES = ["sidebar"] * 10 + ["col0", "col1", "col2"] * 3 + ["tab0"] * 4 + ["tab1"] * 4 + ["expander"] * 3
DASHBOARD_WIDGETS = len(DASHBOARD_PLACES)


def dashboard_app_source() -> str:
    """A dashboard: keyed widgets in a sidebar, columns, tabs and an expander; a click counter."""
    return f'''
if "count" not in st.session_state:
    st.session_state.count = 0


def bump():
    st.session_state.count += 1


OPTIONS = {OPTIONS!r}
col0, col1, col2 = st.columns(3)
tab0, tab1 = st.tabs(["Overview", "Details"])
places = {{"sidebar": st.sidebar, "col0": col0, "col1": col1, "col2": col2, "tab0": tab0, "tab1": tab1,
          "expander": st.expander("More", expanded=True)}}
for i, where in enumerate({DASHBOARD_PLACES!r}):
    box = places[where]
    kind = i % 6
    if kind == 0:
        box.slider(f"Slider {{i}}", 0, 100, 50, key=f"w{{i}}")
    elif kind == 1:
        box.checkbox(f"Check {{i}}", key=f"w{{i}}")
    elif kind == 2:
        box.text_input(f"Text {{i}}", "", key=f"w{{i}}")
    elif kind == 3:
        box.selectbox(f"Select {{i}}", OPTIONS, key=f"w{{i}}")
    elif kind == 4:
        box.number_input(f"Number {{i}}", 0, 1000, 0, key=f"w{{i}}")
    else:
        box.button(f"Button {{i}}", key=f"w{{i}}", on_click=bump)
st.write("Count:", st.session_state.count)
'''


def _initial(kind: str) -> Any:
    return {"slider": 50, "checkbox": False, "text_input": "", "selectbox": OPTIONS[0], "number_input": 0, "button": None}[kind]


def _next(kind: str, value: Any, j: int) -> Any:
    if kind == "slider":
        return (value + 37) % 101
    if kind == "checkbox":
        return not value
    if kind == "text_input":
        return f"text {j}"
    if kind == "selectbox":
        return OPTIONS[(OPTIONS.index(value) + 1) % len(OPTIONS)]
    if kind == "number_input":
        return (value + 37) % 1001
    return None


def mixed_plan(n_widgets: int, steps: int, stride: int = 7) -> list[Step]:
    """``steps`` interactions with the mixed app, spread over its widgets, every kind in turn.

    Widget ``(j * stride) % n`` is used at step ``j``: with a stride prime to 6 and to ``n``
    the kinds alternate and every widget is reached. Each step is a real change.
    """
    values: dict[int, Any] = {}
    plan: list[Step] = []
    for j in range(steps):
        i = (j * stride) % n_widgets
        kind = KINDS[i % 6]
        values[i] = _next(kind, values.get(i, _initial(kind)), j)
        plan.append((kind, f"w{i}", values[i]))
    return plan


def reference_plan(steps: int) -> list[Step]:
    """``bench_rerun.make_plan`` as generic steps: move slider ``s<i>``, click ``add``."""
    return [("slider", f"s{i}", v) if kind == "slider" else ("button", "add", None) for kind, i, v in bench_rerun.make_plan(steps)]


def expected_count(plan: list[Step]) -> int:
    return sum(kind == "button" for kind, _, _ in plan)


# -- drivers ------------------------------------------------------------------------------------
_CLICK = {"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []}


class OursDriver(bench_rerun.JupyterStateDriver):
    """jupyter_state running ``source``, driven through the widget comms with generic steps."""

    def __init__(self, recorder: CommRecorder, source: str, name: str = "app") -> None:
        super().__init__(recorder, source=source, name=name)
        self.by_key = {w.key: w for w in self.app.widgets.values()}

    def current(self) -> contextlib.AbstractContextManager[Any]:
        """Make this driver's session the current one (needed when several drivers are alive:
        a run does not make its own session current, the last one created is)."""
        from jupyter_state import runtime

        return runtime.using(self.session)

    def message(self, step: Step) -> tuple[Any, dict[str, Any]]:
        """The widget comm and the message the browser sends for ``step``."""
        kind, key, value = step
        widget = self.by_key[key]
        comm = widget.view.comm
        if kind == "button":
            return comm, _CLICK
        data = widget.frontend_update(value)
        self.recorder.frontend_sent(comm.comm_id, data["state"])
        return comm, {"content": {"data": data}, "buffers": []}

    def prepare(self, step: Step) -> Callable[[], object]:  # type: ignore[override]
        comm, msg = self.message(step)
        return lambda: comm.handle_msg(msg)


class AppTestSourceDriver(bench_rerun.AppTestDriver):
    """Streamlit's AppTest running ``"import streamlit as st\\n" + source``, generic steps."""

    def prepare(self, step: Step) -> Callable[[], object]:  # type: ignore[override]
        kind, key, value = step
        element = getattr(self.at, kind)(key=key)
        if kind == "button":
            return lambda: element.click().run()
        return lambda: element.set_value(value).run()


def timed(call: Callable[[], object]) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


WIDTH = 42


def fmt_row(label: str, s: Stats, unit: str = "ms", digits: int = 3) -> str:
    return f"{label:<{WIDTH}}{s.median:>11.{digits}f}{s.q1:>11.{digits}f}{s.q3:>11.{digits}f}{s.n:>7}  {unit}"


def header_row(title: str = "") -> str:
    return f"{title:<{WIDTH}}{'median':>11}{'q1':>11}{'q3':>11}{'n':>7}"


# -- counting what the kernel publishes, storing nothing --------------------------------------
class CountingComm:
    """Replaces ``comm.create_comm`` with a DummyComm that only counts what it publishes.

    ``counts`` maps ``comm_open`` / ``comm_close`` / ``update`` / ``echo_update`` /
    ``custom`` to a number; no message is kept, so a long run does not grow the harness.
    """

    def __init__(self) -> None:
        self.counts: collections.Counter[str] = collections.Counter()

    @contextlib.contextmanager
    def installed(self) -> Iterator[CountingComm]:
        import comm

        counts = self.counts

        class _Counting(comm.DummyComm):  # type: ignore[misc]
            def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any) -> None:
                counts[msg_type if msg_type != "comm_msg" else str((data or {}).get("method", msg_type))] += 1

        saved = comm.create_comm
        comm.create_comm = _Counting
        try:
            yield self
        finally:
            comm.create_comm = saved

    def take(self) -> dict[str, int]:
        out = dict(self.counts)
        self.counts.clear()
        return out

    # what the drivers call on a CommRecorder
    def drain(self) -> MessageCounts:
        self.counts.clear()
        return MessageCounts()

    def frontend_sent(self, comm_id: str, state: dict[str, Any]) -> None:
        pass


@contextlib.contextmanager
def kernel_env(pythonpath: str | None) -> Iterator[None]:
    """Start kernels inside this block with ``pythonpath`` first on their ``PYTHONPATH``."""
    saved = os.environ.get("PYTHONPATH")
    if pythonpath:
        os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (os.path.abspath(pythonpath), saved) if p)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PYTHONPATH", None)
        else:
            os.environ["PYTHONPATH"] = saved


# -- the machine --------------------------------------------------------------------------------
def rss_kb() -> int:
    """This process's resident set size (VmRSS), in kB."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS in /proc/self/status")


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "?"


def _loadavg() -> str:
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


def _commit() -> str:
    """HEAD, and a digest of uncommitted changes to jupyter_state/ if there are any (read-only git)."""
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True, timeout=5)
        diff = subprocess.run(["git", "-C", str(REPO), "diff", "--no-ext-diff", "HEAD", "--", "jupyter_state"], capture_output=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return "?"
    note = f" + uncommitted changes to jupyter_state/ (diff sha1 {hashlib.sha1(diff.stdout).hexdigest()[:10]})" if diff.stdout.strip() else ""
    return head.stdout.strip() + note


def machine(command: str | None = None) -> str:
    """Date, command, machine and versions, as the first lines of a report.

    The commit describes the working tree; a kernel script started with ``--pythonpath``
    says which ``jupyter_state`` its kernel imported in its own report.
    """
    cmd = command or ".venv/bin/python " + " ".join([os.path.relpath(sys.argv[0], REPO) if sys.argv[0] else "?", *sys.argv[1:]])
    if os.environ.get("PYTHONPATH"):
        cmd = f"PYTHONPATH={os.environ['PYTHONPATH']} {cmd}"
    import jupyter_state

    package = os.path.dirname(os.path.abspath(jupyter_state.__file__))
    where = "the working tree" if package == str(REPO / "jupyter_state") else f"{package} (not the working tree)"
    return "\n".join([
        f"command: {cmd}",
        f"date: {dt.datetime.now().isoformat(timespec='seconds')}; working tree at commit {_commit()}; jupyter_state imported from {where}",
        f"machine: {os.cpu_count()} CPUs ({_cpu_model()}), {platform.system()} {platform.release()}; "
        f"python {platform.python_version()}; load average at the end {_loadavg()}",
        "versions: " + ", ".join(f"{p} {_version(p)}" for p in ("ipywidgets", "comm", "traitlets", "ipykernel", "jupyter_client", "streamlit")),
    ])


__all__ += ["N_SLIDERS", "OPTIONS", "SLIDER_START", "expected_count", "header_row", "kernel_env"]
