"""``st.remember`` across a real kernel restart, through ``jupyter_client``.

The kernel is told its notebook's path as jupyter_server tells it (``JPY_SESSION_NAME``)
and keeps its snapshots in a test folder (``JUPYTER_STATE_DATA_DIR``). The widget is
changed as the browser changes it (a comm ``update``, a click), the kernel is restarted
as JupyterLab's "Restart Kernel" does (``KernelManager.restart_kernel``), and the same
cell is run again.
"""

from __future__ import annotations

import base64
import json
import pickle
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


STORED = {"format": "jupyter_state.snapshot", "version": 1, "notebook": "voila", "codec": "json",
          "keys": {"count": 7, "step": 3, "picked": "tue"}}


def test_under_voila_the_copy_comes_from_the_page_and_goes_back_to_it(tmp_path: Path) -> None:
    """Voilà's kernel environment (VOILA_BASE_URL): no file; the hidden view carries the copy."""
    data = tmp_path / "data"
    env = {"VOILA_BASE_URL": "/", "JUPYTER_STATE_DATA_DIR": str(data)}
    with running_kernel(cwd=str(tmp_path), ipython_dir=str(tmp_path / "ipython"), extra_env=env) as (km, kc):
        fe = Frontend(kc, km)
        box = _start(fe)
        assert fe.texts(box) == ["count=0 step=1 picked="]
        view = _saved_state_view(fe)
        # The page sends the copy this visitor's browser kept: the app reruns with it.
        fe.comm_msg(view, {"method": "custom", "content": {"event": "stored", "snapshot": json.dumps(STORED),
                                                           "storage": True}})
        assert fe.texts(box) == ["count=7 step=3 picked=tue"]
        assert fe.models[fe.keyed("step")]["value"] == 3
        # A change goes back to the page, as JSON, and never into a file on the server.
        sent = fe.click(fe.keyed("add"))
        assert fe.texts(box) == ["count=10 step=3 picked=tue"]
        [save] = [d["content"] for d in sent.comm_data("custom", view)]
        assert save["event"] == "save" and json.loads(save["snapshot"])["keys"] == {"count": 10, "step": 3,
                                                                                    "picked": "tue"}
        assert not data.exists()
        forgot = fe.execute("st.forget_saved_state()")
        assert [d["content"] for d in forgot.iopub.comm_data("custom", view)] == [{"event": "forget"}]


def test_under_voila_a_pickled_copy_from_a_browser_is_refused(tmp_path: Path) -> None:
    env = {"VOILA_BASE_URL": "/", "JUPYTER_STATE_DATA_DIR": str(tmp_path / "data"), "JUPYTER_STATE_SNAPSHOT_PICKLE": "1"}
    with running_kernel(cwd=str(tmp_path), ipython_dir=str(tmp_path / "ipython"), extra_env=env) as (km, kc):
        fe = Frontend(kc, km)
        box = _start(fe)
        view = _saved_state_view(fe)
        marker = tmp_path / "unpickled"
        evil = {**STORED, "codec": "pickle", "keys": {"count": _pickle_that_creates(marker)}}
        fe.comm_msg(view, {"method": "custom", "content": {"event": "stored", "snapshot": json.dumps(evil)}})
        assert fe.texts(box)[0] == "count=0 step=1 picked="
        assert "a browser's copy is never unpickled" in json.dumps(fe.shown(box))
        assert not marker.exists()


class _Creates:
    def __init__(self, path: Path) -> None:
        self.path = path

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.path), "w"))


def _pickle_that_creates(path: Path) -> str:
    return base64.b64encode(pickle.dumps(_Creates(path))).decode("ascii")


def _saved_state_view(fe: Frontend) -> str:
    """The hidden view that carries the copy (``static/saved_state.js``, inlined as its _esm)."""
    [view] = [cid for cid, s in fe.live().items()
              if s.get("_model_name") == "AnyModel" and "jupyter_state.snapshot:" in str(s.get("_esm", ""))]
    return view


def test_in_a_kernel_that_knows_no_notebook_the_error_says_so(tmp_path: Path) -> None:
    env = {"JUPYTER_STATE_DATA_DIR": str(tmp_path / "data")}
    with running_kernel(cwd=str(tmp_path), ipython_dir=str(tmp_path / "ipython"), extra_env=env) as (km, kc):
        fe = Frontend(kc, km)
        fe.execute("import os; os.environ.pop('JPY_SESSION_NAME', None); import jupyter_state as st")
        reply = fe.execute("st.remember('a')", allow_error=True)
        assert reply.content["ename"] == "JupyterStateAPIException"
        assert "st.remember needs to know which notebook this is" in reply.content["evalue"]
        assert not (tmp_path / "data").exists()


def test_a_foreign_snapshot_is_refused_in_the_app_then_trusted_from_a_cell(tmp_path: Path) -> None:
    notebook = tmp_path / "work" / "shop.ipynb"
    notebook.parent.mkdir()
    data = tmp_path / "data"
    env = {"JPY_SESSION_NAME": str(notebook), "JUPYTER_STATE_DATA_DIR": str(data)}
    with running_kernel(cwd=str(notebook.parent), ipython_dir=str(tmp_path / "ipython"), extra_env=env) as (km, kc):
        fe = Frontend(kc, km)
        box = _start(fe)
        fe.click(fe.keyed("add"))
        assert fe.texts(box) == ["count=1 step=1 picked="]
        [snapshot] = (data / "snapshots").iterdir()
        (data / "snapshot_secret").write_text("a secret from another machine")  # the file is now foreign

        km.restart_kernel(now=True)
        kc.wait_for_ready(timeout=60)
        fresh = Frontend(kc, km)
        box = _start(fresh)
        shown = json.dumps(fresh.shown(box))
        assert "signed by another user or on another machine" in shown and "st.trust_saved_state()" in shown
        assert fresh.texts(box)[-1] == "count=0 step=1 picked="
        before = snapshot.read_bytes()
        fresh.click(fresh.keyed("add"))
        fresh.click(fresh.keyed("add"))
        assert fresh.texts(box)[-1] == "count=2 step=1 picked="
        assert snapshot.read_bytes() == before  # nothing saved over the refused file

        trusted = fresh.execute("print(st.trust_saved_state())")
        assert trusted.iopub.streams().strip() == "['count', 'picked', 'step']"
        assert fresh.texts(box) == ["count=1 step=1 picked="]  # the saved values, and the app reran with them
        assert "another machine" not in json.dumps(fresh.shown(box))
