"""Drive a real ipykernel the way JupyterLab does, and keep a frontend's copy of the widgets.

Everything goes through ``jupyter_client``: no browser, no server. :class:`Frontend` sends
the messages JupyterLab 4 sends (``execute_request`` with the cell id in its metadata,
shell ``comm_msg`` ``update`` / ``custom`` for widget interactions; E2E.md §4.2), waits for
the kernel's ``idle`` status for each, and applies every widget message it sees
(``comm_open``, ``update``, ``echo_update``, ``comm_close``) to its own model store, as the
widget manager in the browser does. A test can then ask what the browser would show
(:meth:`Frontend.shown`) as well as which messages one interaction caused (:class:`Messages`).
"""

from __future__ import annotations

import ast
import os
import queue
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager, start_new_kernel

WIDGET_TARGET = "jupyter.widget"
REF = "IPY_MODEL_"
TIMEOUT = 30.0


class KernelError(AssertionError):
    """The kernel reported an error where none was expected."""


# -- starting the kernel ------------------------------------------------------------------
@contextmanager
def running_kernel(cwd: str, ipython_dir: str,
                   extra_env: dict[str, str] | None = None) -> Iterator[tuple[KernelManager, BlockingKernelClient]]:
    """A real ipykernel from the ``python3`` kernelspec, shut down on exit.

    The spec's ``python`` is replaced by ``sys.executable`` in jupyter_client, so the kernel
    runs this interpreter (the project's venv); the caller checks that it did. The
    environment drops jupyter_state's own switches (errors must show in the app, not raise)
    and uses a private IPython directory, so a user's profile cannot change the results.
    ``extra_env`` is added after that (a test's own switches, the notebook's path).
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER_STATE_")}
    env.update(extra_env or {})
    env["IPYTHONDIR"] = ipython_dir
    env["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silences debugpy's frozen-modules note on stderr
    km, kc = start_new_kernel(kernel_name="python3", startup_timeout=60, cwd=cwd, env=env)
    try:
        yield km, kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


# -- what one request caused ----------------------------------------------------------------
class Messages(list[dict[str, Any]]):
    """The iopub messages whose parent is one request, up to its ``idle`` status."""

    def of_type(self, msg_type: str) -> list[dict[str, Any]]:
        return [m for m in self if m["msg_type"] == msg_type]

    def comm_opens(self, model_name: str | None = None) -> list[dict[str, Any]]:
        return [
            m for m in self.of_type("comm_open")
            if m["content"]["target_name"] == WIDGET_TARGET
            and (model_name is None or m["content"]["data"]["state"]["_model_name"] == model_name)
        ]

    def opened_ids(self, model_name: str | None = None) -> set[str]:
        return {m["content"]["comm_id"] for m in self.comm_opens(model_name)}

    def comm_data(self, method: str, comm_id: str | None = None) -> list[dict[str, Any]]:
        """The ``data`` of every kernel ``comm_msg`` with this method (to ``comm_id``)."""
        return [
            m["content"]["data"] for m in self.of_type("comm_msg")
            if m["content"]["data"].get("method") == method and comm_id in (None, m["content"]["comm_id"])
        ]

    def updates(self, comm_id: str | None = None) -> list[dict[str, Any]]:
        """The ``state`` of every kernel-side ``update`` (to ``comm_id``)."""
        return [d["state"] for d in self.comm_data("update", comm_id)]

    def updated_ids(self) -> set[str]:
        return {m["content"]["comm_id"] for m in self.of_type("comm_msg") if m["content"]["data"].get("method") == "update"}

    def closed_ids(self) -> set[str]:
        return {m["content"]["comm_id"] for m in self.of_type("comm_close")}

    def streams(self) -> str:
        return "".join(m["content"]["text"] for m in self.of_type("stream"))

    def errors(self) -> list[dict[str, Any]]:
        return [m["content"] for m in self.of_type("error")]

    def results(self) -> list[dict[str, Any]]:
        """The ``data`` of every ``execute_result`` and ``display_data``: the cell's output."""
        return [m["content"]["data"] for m in self if m["msg_type"] in ("execute_result", "display_data")]

    def displayed_models(self) -> list[str]:
        return [d["application/vnd.jupyter.widget-view+json"]["model_id"] for d in self.results() if "application/vnd.jupyter.widget-view+json" in d]


@dataclass
class Reply:
    """An ``execute_reply`` with the iopub messages of its request."""

    content: dict[str, Any]
    iopub: Messages = field(default_factory=Messages)

    def expression(self, name: str) -> str:
        res = self.content["user_expressions"][name]
        if res["status"] != "ok":
            raise KernelError(f"{res['ename']}: {res['evalue']}")
        return str(res["data"]["text/plain"])


# -- the frontend ----------------------------------------------------------------------------
class Frontend:
    """One notebook tab in JupyterLab, as far as the kernel can tell, plus its widget store."""

    def __init__(self, kc: BlockingKernelClient, km: KernelManager | None = None) -> None:
        self.kc = kc
        #: the kernel's manager, to interrupt it as JupyterLab's stop button does
        self.km = km
        #: comm id -> the model's state as the browser holds it
        self.models: dict[str, dict[str, Any]] = {}
        self.closed: set[str] = set()

    # -- sending ------------------------------------------------------------------------
    def execute(self, code: str, *, cell_id: str | None = None, user_expressions: dict[str, str] | None = None, allow_error: bool = False, deleted_cells: list[str] | None = None) -> Reply:
        """Run a cell as JupyterLab does (its id in the request's metadata); wait for idle.

        ``deleted_cells`` are the ids of cells deleted since the last request, which
        JupyterLab lists in the request's metadata.
        """
        content = {
            "code": code,
            "silent": False,
            "store_history": True,
            "user_expressions": user_expressions or {},
            "allow_stdin": False,
            "stop_on_error": True,
        }
        metadata = {"deletedCells": deleted_cells or [], "recordTiming": False, "cellId": cell_id or str(uuid.uuid4())}
        msg = self.kc.session.msg("execute_request", content, metadata=metadata)
        self.kc.shell_channel.send(msg)
        msg_id = msg["header"]["msg_id"]
        reply = self._shell_reply(msg_id)
        iopub = self.drain(msg_id)
        if reply["status"] != "ok" and not allow_error:
            raise KernelError(f"{reply.get('ename')}: {reply.get('evalue')}\n" + "\n".join(reply.get("traceback", [])))
        return Reply(reply, iopub)

    def eval(self, expr: str) -> str:
        """The ``text/plain`` repr of ``expr`` in the kernel (through ``user_expressions``)."""
        return self.execute("", user_expressions={"x": expr}).expression("x")

    def value(self, expr: str) -> Any:
        """``expr`` evaluated in the kernel, as a Python literal."""
        return ast.literal_eval(self.eval(expr))

    def comm_msg(self, comm_id: str, data: dict[str, Any], *, allow_error: bool = False) -> Messages:
        """Send a shell ``comm_msg`` exactly as JupyterLab's widget manager does; wait for idle.

        There is no shell reply to a ``comm_msg``: the kernel's ``idle`` status for it is the
        sign that it was handled, with everything it caused.
        """
        iopub = self.drain(self.post(comm_id, data))
        if iopub.errors() and not allow_error:
            raise KernelError("; ".join(f"{e['ename']}: {e['evalue']}" for e in iopub.errors()))
        return iopub

    def post(self, comm_id: str, data: dict[str, Any]) -> str:
        """Send a ``comm_msg`` without waiting (a browser does not wait); return its msg id."""
        assert comm_id in self.models and comm_id not in self.closed, f"no live model {comm_id}"
        msg = self.kc.session.msg("comm_msg", {"comm_id": comm_id, "data": data})
        msg["metadata"] = {}  # what JupyterLab 4 sends (E2E.md §4.2)
        self.kc.session.send(self.kc.shell_channel.socket, msg, buffers=[])
        return str(msg["header"]["msg_id"])

    def update(self, comm_id: str, **state: Any) -> Messages:
        """The user changed a widget (a slider moved, a box was ticked)."""
        self.models[comm_id].update(state)  # the browser's model changes first
        return self.comm_msg(comm_id, {"method": "update", "state": state, "buffer_paths": []})

    def click(self, comm_id: str) -> Messages:
        """The user clicked a Button."""
        return self.comm_msg(comm_id, {"method": "custom", "content": {"event": "click"}})

    def request_states(self) -> dict[str, Any]:
        """What a reloaded page asks for: the state of every live model, from the kernel.

        JupyterLab opens a ``jupyter.widget.control`` comm and sends ``request_states``; the
        kernel answers with ``update_states`` (E2E.md §4.2).
        """
        control = uuid.uuid4().hex
        opened = self.kc.session.msg("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}})
        opened["metadata"] = {"version": "1.0.0"}
        self.kc.shell_channel.send(opened)
        self.drain(opened["header"]["msg_id"])
        asked = self.kc.session.msg("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
        asked["metadata"] = {}
        self.kc.shell_channel.send(asked)
        [answer] = self.drain(asked["header"]["msg_id"]).comm_data("update_states")
        closed = self.kc.session.msg("comm_close", {"comm_id": control, "data": {}})
        self.kc.shell_channel.send(closed)
        self.drain(closed["header"]["msg_id"])
        return {cid: entry["state"] for cid, entry in answer["states"].items()}

    # -- receiving ------------------------------------------------------------------------
    def _shell_reply(self, msg_id: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self.kc.get_shell_msg(timeout=max(deadline - time.monotonic(), 0.01))
            if reply["parent_header"].get("msg_id") == msg_id:
                return dict(reply["content"])

    def drain(self, parent_id: str) -> Messages:
        """Apply every iopub message to the store until the kernel is idle for ``parent_id``."""
        mine = Messages()
        deadline = time.monotonic() + TIMEOUT
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no idle status for {parent_id}; got {[m['msg_type'] for m in mine]}")
            try:
                msg = self.kc.get_iopub_msg(timeout=remaining)
            except queue.Empty:
                continue
            self._absorb(msg)
            if msg["parent_header"].get("msg_id") != parent_id:
                continue
            mine.append(msg)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return mine

    def _absorb(self, msg: dict[str, Any]) -> None:
        content = msg["content"]
        if msg["msg_type"] == "comm_open" and content.get("target_name") == WIDGET_TARGET:
            self.models[content["comm_id"]] = dict(content["data"]["state"])
        elif msg["msg_type"] == "comm_msg" and content["comm_id"] in self.models:
            data = content["data"]
            if data.get("method") in ("update", "echo_update"):
                self.models[content["comm_id"]].update(data["state"])
        elif msg["msg_type"] == "comm_close":
            self.closed.add(content["comm_id"])

    # -- the store ------------------------------------------------------------------------
    def live(self) -> dict[str, dict[str, Any]]:
        return {cid: state for cid, state in self.models.items() if cid not in self.closed}

    def find(self, dom_class: str, model_name: str | None = None) -> str:
        """The comm id of the one live model with ``dom_class`` (and ``model_name``)."""
        found = [
            cid for cid, s in self.live().items()
            if dom_class in s.get("_dom_classes", ()) and model_name in (None, s["_model_name"])
        ]
        assert len(found) == 1, f"{len(found)} live models with class {dom_class!r}: {found}"
        return found[0]

    def keyed(self, key: str) -> str:
        """The comm id of the widget bound to ``st.session_state[key]``."""
        return self.find(f"jupyter-state-key-{key}")

    def shown(self, box_id: str) -> list[Any]:
        """What the browser shows in an app's container, top to bottom.

        The container's slots are placed by their layout's CSS ``order`` and hidden by
        ``display: none``, as the browser lays them out. An Output shows as its outputs (the
        nbformat dicts), any other widget as ``(model_name, comm_id)``.
        """
        slots = []
        for dom_index, ref in enumerate(self.models[box_id]["children"]):
            slot = self.models[ref_id(ref)]
            layout = self.models[ref_id(slot["layout"])]
            if layout.get("display") == "none" or not slot["children"]:
                continue
            # CSS: no order means 0; equal orders keep the DOM order.
            slots.append((int(layout.get("order") or 0), dom_index, ref_id(slot["children"][0])))
        shown: list[Any] = []
        for _, _, cid in sorted(slots):
            assert cid not in self.closed, f"a closed model {cid} is still shown"
            state = self.models[cid]
            if state["_model_name"] == "OutputModel":
                shown.extend(state["outputs"])
            else:
                shown.append((state["_model_name"], cid))
        return shown

    def texts(self, box_id: str) -> list[str]:
        """The text of every output the app shows (widgets left out), like tests/helpers.texts."""
        out = []
        for item in self.shown(box_id):
            if isinstance(item, tuple):
                continue
            if item["output_type"] == "stream":
                out.append(item["text"])
            elif item["output_type"] == "error":
                out.append(f"{item['ename']}: {item['evalue']}")
            else:
                data = item["data"]
                out.append(data.get("text/markdown", data.get("text/plain", "")))
        return out

    def texts_deep(self, model_id: str) -> list[str]:
        """The text of every output anywhere inside a model (nested containers too), in DOM
        order, leaving out what is hidden."""
        state = self.models[model_id]
        if model_id in self.closed:
            return []
        layout = self.models.get(ref_id(state.get("layout", "")), {}) if state.get("layout") else {}
        if layout.get("display") == "none":
            return []
        if state["_model_name"] == "OutputModel":
            out = []
            for item in state["outputs"]:
                if item["output_type"] == "stream":
                    out.append(item["text"])
                elif item["output_type"] != "error":
                    out.append(item["data"].get("text/markdown", item["data"].get("text/plain", "")))
            return out
        return [t for ref in state.get("children", ()) for t in self.texts_deep(ref_id(ref))]


def ref_id(value: str) -> str:
    """The comm id in an ``IPY_MODEL_<id>`` reference."""
    assert value.startswith(REF), value
    return value[len(REF):]


def kernel_python(fe: Frontend) -> tuple[str, str]:
    """The kernel's interpreter and the jupyter_state it imports."""
    return fe.value("__import__('sys').executable"), fe.value("__import__('jupyter_state').__file__")


__all__ = ["Frontend", "KernelError", "Messages", "Reply", "kernel_python", "ref_id", "running_kernel"]


# -- a kernel with jupyter_state loaded --------------------------------------------------------
RESET = """
def _jupyter_state_test_reset():
    from jupyter_state import inspector, runtime
    session = runtime.current()
    for app in list(session.apps):
        app.close()
    session.pending.clear()
    session.requested.clear()
    session.warned_duplication = False
    st.session_state.clear()
    inspector.close_all()  # live st.session_state views shown by earlier tests
"""


@contextmanager
def jupyter_state_kernel(tmp: Path) -> Iterator[Frontend]:
    """A kernel of this venv with this checkout's jupyter_state imported as ``st``.

    Call ``_jupyter_state_test_reset()`` in it between tests: no app is left and the
    session state is empty.
    """
    with running_kernel(cwd=str(tmp), ipython_dir=str(tmp / "ipython")) as (km, kc):
        fe = Frontend(kc, km)
        import jupyter_state

        assert kernel_python(fe) == (sys.executable, jupyter_state.__file__)
        fe.execute("import jupyter_state as st")
        fe.execute(RESET)
        yield fe
