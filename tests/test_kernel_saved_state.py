"""``st.remember`` across a real kernel restart, through ``jupyter_client``.

The kernel is told its notebook's path as jupyter_server tells it (``JPY_SESSION_NAME``)
and keeps its snapshots in a test folder (``JUPYTER_STATE_DATA_DIR``). The widget is
changed as the browser changes it (a comm ``update``, a click), the kernel is restarted
as JupyterLab's "Restart Kernel" does (``KernelManager.restart_kernel``), and the same
cell is run again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from testsupport.kernel_helpers import Frontend, running_kernel

pytestmark = pytest.mark.kernel

APP = '''%%app
st.remember("count", "step", "picked")
if "count" not in st.session_state:
    st.session_state.count = 0
step = st.slider("Step", 1, 10, 1, key="step")
picked = st.text_input("Note", key="picked")
if st.button("Add", key="add"):
    st.session_state.count += step
st.write(f"count={st.session_state.count} step={step} picked={picked}")
'''


def _start(fe: Frontend) -> str:
    fe.execute("import jupyter_state as st")
    [box] = fe.execute(APP, cell_id="remember-app").iopub.displayed_models()
    return str(box)


def test_values_come_back_after_a_kernel_restart(tmp_path: Path) -> None:
    notebook = tmp_path / "work" / "shop.ipynb"
    notebook.parent.mkdir()
    data = tmp_path / "data"
    env = {"JPY_SESSION_NAME": str(notebook), "JUPYTER_STATE_DATA_DIR": str(data)}
    with running_kernel(cwd=str(notebook.parent), ipython_dir=str(tmp_path / "ipython"), extra_env=env) as (km, kc):
        fe = Frontend(kc, km)
        box = _start(fe)
        assert fe.texts(box) == ["count=0 step=1 picked="]
        fe.update(fe.keyed("step"), value=4)
        fe.update(fe.keyed("picked"), value="wed")
        fe.click(fe.keyed("add"))
        assert fe.texts(box) == ["count=4 step=4 picked=wed"]
        [snapshot] = (data / "snapshots").iterdir()
        document = json.loads(snapshot.read_text())
        assert document["notebook"] == str(notebook.resolve())
        assert document["keys"] == {"count": 4, "step": 4, "picked": "wed"}
        assert not list(notebook.parent.iterdir())  # nothing beside the notebook

        km.restart_kernel(now=True)
        kc.wait_for_ready(timeout=60)
        fresh = Frontend(kc, km)
        assert fresh.value("'count' in __import__('sys').modules['__main__'].__dict__") is False
        box = _start(fresh)
        assert fresh.texts(box) == ["count=4 step=4 picked=wed"]
        assert fresh.models[fresh.keyed("step")]["value"] == 4  # the widget shows it
        shown = fresh.shown(box)
        assert not [o for o in shown if isinstance(o, dict) and "UserWarning" in json.dumps(o)]

        # Forgotten, then restarted: nothing comes back.
        fresh.execute("assert st.forget_saved_state() is True")
        assert not list((data / "snapshots").iterdir())
        km.restart_kernel(now=True)
        kc.wait_for_ready(timeout=60)
        again = Frontend(kc, km)
        box = _start(again)
        assert again.texts(box) == ["count=0 step=1 picked="]
