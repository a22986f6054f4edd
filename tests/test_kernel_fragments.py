"""Fragments in a real ipykernel: a change inside one reruns it alone, a key it read reruns
it alone from another cell, and ``run_every`` ticks while the kernel is idle, stops with
its app and never piles runs up."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from testsupport.kernel_helpers import Frontend, jupyter_state_kernel

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel")) as fe:
        yield fe


@pytest.fixture
def fe(kernel: Frontend) -> Iterator[Frontend]:
    kernel.execute("_runs = {}")
    yield kernel
    kernel.execute("_jupyter_state_test_reset()")


def count(name: str) -> str:
    return f'_runs["{name}"] = _runs.get("{name}", 0) + 1\n'


PARTS = f'''%%app
{count("body")}
st.slider("Outside", 0, 10, key="out")

@st.fragment
def part():
    {count("part")}
    st.slider("Inside", 0, 10, key="inside")
    st.write("part sees", st.session_state.get("n", 0), "and", st.session_state.inside)

part()
'''


def test_a_change_inside_a_fragment_reruns_it_alone(fe: Frontend) -> None:
    [box] = fe.execute(PARTS, cell_id="parts").iopub.displayed_models()
    outside = fe.keyed("out")
    fe.update(fe.keyed("inside"), value=4)
    assert fe.value("_runs") == {"body": 1, "part": 2}
    assert any("part sees `0` and `4`" in t for t in fe.texts_deep(box)), fe.texts_deep(box)
    assert fe.keyed("out") == outside  # the slider outside is the same model, untouched


def test_a_key_read_in_a_fragment_reruns_only_the_fragment_from_another_cell(fe: Frontend) -> None:
    [box] = fe.execute(PARTS, cell_id="parts").iopub.displayed_models()
    fe.execute(f'%%app\n{count("A")}\nif st.button("Add", key="add"):\n    st.session_state.n = st.session_state.get("n", 0) + 1\n',
               cell_id="controls")
    fe.click(fe.keyed("add"))
    assert fe.value("_runs") == {"body": 1, "part": 2, "A": 2}
    assert any("part sees `1`" in t for t in fe.texts_deep(box)), fe.texts_deep(box)
    fe.execute("st.session_state.n = 5")  # an ordinary cell: A's last run read n too
    assert fe.value("_runs") == {"body": 1, "part": 3, "A": 3}


TICKING = f'''%%app
{count("body")}

@st.fragment(run_every=0.2)
def clock():
    {count("tick")}
    if _runs.get("inside"):
        _runs["overlap"] = True
    _runs["inside"] = True
    time.sleep({{sleep}})
    _runs["inside"] = False
    st.write("tick", _runs["tick"])

clock()
'''


def ticks(fe: Frontend) -> int:
    return int(fe.value('_runs.get("tick", 0)'))


def test_run_every_ticks_while_idle_and_stops_when_the_cell_is_run_again(fe: Frontend) -> None:
    fe.execute("import time")
    fe.execute(TICKING.format(sleep=0), cell_id="clock")
    time.sleep(1.5)  # the kernel is idle: the timer reruns the fragment alone
    first = ticks(fe)
    assert first >= 4, first
    assert fe.value('_runs["body"]') == 1
    fe.execute('%%app\nst.write("the clock is gone")', cell_id="clock")  # the same cell, new code
    stopped = ticks(fe)
    time.sleep(1.0)
    assert ticks(fe) == stopped  # the old app's timer stopped with it


def test_run_every_never_piles_runs_up(fe: Frontend) -> None:
    fe.execute("import time")
    fe.execute(TICKING.format(sleep=0.5), cell_id="slow")  # slower than its interval
    started = time.monotonic()
    time.sleep(2.0)
    n = ticks(fe)
    elapsed = time.monotonic() - started
    # each tick waits for the last to end: at most one per (run + interval), plus the first run
    assert 2 <= n <= elapsed / 0.7 + 1.5, (n, elapsed)
    assert "overlap" not in fe.value("_runs")
    fe.execute("_jupyter_state_test_reset()")  # closes the app
    stopped = ticks(fe)
    time.sleep(1.0)
    assert ticks(fe) == stopped
