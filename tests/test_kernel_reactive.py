"""Apps in different cells that react to the keys they read, in a real ipykernel: a click in
one app's cell, a write from an ordinary cell, ``%%app --static``, a cycle."""

from __future__ import annotations

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


CONTROLS = '''%%app
_runs["A"] = _runs.get("A", 0) + 1
def add():
    st.session_state.n = st.session_state.get("n", 0) + 1
st.button("Add", key="add", on_click=add)
'''

VIEWER = '''%%app{flags}
_runs["{name}"] = _runs.get("{name}", 0) + 1
st.write("{name} sees", st.session_state.get("n", 0))
'''


def app_box(fe: Frontend, source: str, cell_id: str) -> str:
    [box] = fe.execute(source, cell_id=cell_id).iopub.displayed_models()
    return box


def test_a_click_in_one_cell_updates_the_app_of_another(fe: Frontend) -> None:
    app_box(fe, CONTROLS, "controls")
    viewer = app_box(fe, VIEWER.format(name="B", flags=""), "viewer")
    other = app_box(fe, '%%app\n_runs["C"] = _runs.get("C", 0) + 1\nst.write("C reads nothing")\n', "other")
    assert fe.texts(viewer) == ["B sees `0`"]
    messages = fe.click(fe.keyed("add"))
    # B's rerun was part of handling the click: its output came before the kernel went idle
    assert any("B sees `1`" in str(u) for u in messages.updates()), messages.updates()
    fe.click(fe.keyed("add"))
    assert fe.texts(viewer) == ["B sees `2`"] and fe.texts(other) == ["C reads nothing"]
    assert fe.value("_runs") == {"A": 3, "B": 3, "C": 1}


def test_a_write_from_an_ordinary_cell_reruns_the_readers_and_an_equal_one_nobody(fe: Frontend) -> None:
    viewer = app_box(fe, VIEWER.format(name="B", flags=""), "viewer")
    fe.execute("st.session_state.n = 10")
    assert fe.texts(viewer) == ["B sees `10`"]
    reply = fe.execute("st.session_state.n = 10")  # the same value: no change
    assert reply.iopub.updates() == [] and fe.value("_runs") == {"B": 2}


def test_a_static_app_is_left_alone(fe: Frontend) -> None:
    app_box(fe, CONTROLS, "controls")
    static = app_box(fe, VIEWER.format(name="S", flags=" --static"), "static")
    fe.click(fe.keyed("add"))
    assert fe.texts(static) == ["S sees `0`"] and fe.value("_runs")["S"] == 1
    reply = fe.execute("%%app --statik\nst.write('x')", allow_error=True)
    assert reply.content["ename"] == "UsageError" and "unknown option '--statik'" in reply.content["evalue"]


def test_apps_that_write_what_each_other_read_stop_and_say_so(fe: Frontend) -> None:
    ping = app_box(fe, '''%%app
_runs["ping"] = _runs.get("ping", 0) + 1
st.session_state.x = st.session_state.get("y", 0) + 1
st.button("Go", key="go")
''', "ping")
    pong = app_box(fe, '''%%app
_runs["pong"] = _runs.get("pong", 0) + 1
st.session_state.y = st.session_state.get("x", 0) + 1
''', "pong")
    before = fe.value("_runs")
    fe.click(fe.keyed("go"))  # returns: the kernel is idle again
    after = fe.value("_runs")
    assert after["ping"] - before["ping"] == 2 and after["pong"] - before["pong"] == 1
    assert any("was not rerun for the latest change of 'x'" in t for t in fe.texts(pong)), fe.texts(pong)
    assert fe.texts(ping) == []
