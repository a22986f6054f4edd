"""Live elements in a real ipykernel: their updates leave the kernel while the cell is busy.

The kernel is executing the ``%%app`` cell (or the run a widget message caused) the whole
time; a browser can only see the progress if the comm messages reach iopub as each step
happens. The test reads iopub continuously while the cell runs and checks, for each step,
that it arrived while the kernel had not yet replied to the cell.
"""

from __future__ import annotations

import queue
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from testsupport.kernel_helpers import Frontend, jupyter_state_kernel

pytestmark = pytest.mark.kernel

PAUSE = 0.4

SLOW = f'''%%app
import time
st.title("Slow work")
bar = st.progress(0, text="Starting")
for step in (33, 66, 100):
    time.sleep({PAUSE})
    bar.progress(step, text=f"Step {{step}}")
time.sleep({PAUSE})
st.write("Done")
'''

CHAT = f'''%%app
import time
st.session_state.setdefault("messages", [])
for message in st.session_state.messages:
    st.markdown(message)
def reply(prompt):
    for word in ("You", " said", ": ", prompt):
        time.sleep({PAUSE / 2})
        yield word
if prompt := st.chat_input("Say", key="prompt"):
    st.session_state.messages.append(prompt)
    st.markdown(prompt)
    st.session_state.messages.append(st.write_stream(reply(prompt)))
'''


@pytest.fixture(scope="module")
def frontend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel_live")) as fe:
        yield fe


@pytest.fixture
def kernel(frontend: Frontend) -> Iterator[Frontend]:
    yield frontend
    frontend.execute("_jupyter_state_test_reset()")


class Arrival:
    """One iopub message, with when it arrived and whether the kernel had replied yet."""

    def __init__(self, msg: dict[str, Any], at: float, replied: bool) -> None:
        self.msg, self.at, self.replied = msg, at, replied


def watch(fe: Frontend, msg_id: str, *, expect_reply: bool) -> list[Arrival]:
    """Read iopub as messages arrive until the kernel is idle for ``msg_id``.

    ``replied`` is whether the shell reply to ``msg_id`` had already arrived (for an
    ``execute_request``; a ``comm_msg`` gets none, so its busy time ends at idle).
    """
    arrivals: list[Arrival] = []
    replied = False
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if expect_reply and not replied and fe.kc.shell_channel.msg_ready():
            reply = fe.kc.get_shell_msg(timeout=1)
            replied = reply["parent_header"].get("msg_id") == msg_id
        try:
            msg = fe.kc.get_iopub_msg(timeout=0.01)
        except queue.Empty:
            continue
        fe._absorb(msg)
        arrivals.append(Arrival(msg, time.monotonic(), replied))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            if expect_reply and not replied:
                fe.kc.get_shell_msg(timeout=5)
            return arrivals
    raise TimeoutError("the cell did not finish")


def execute(fe: Frontend, code: str) -> tuple[str, list[Arrival]]:
    msg = fe.kc.session.msg("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": True,
    }, metadata={"cellId": str(uuid.uuid4())})
    fe.kc.shell_channel.send(msg)
    return msg["header"]["msg_id"], watch(fe, msg["header"]["msg_id"], expect_reply=True)


def first_arrival(arrivals: list[Arrival], needle: str) -> Arrival:
    """The first comm message whose state mentions ``needle``."""
    for arrival in arrivals:
        if arrival.msg["msg_type"] in ("comm_msg", "comm_open") and needle in str(arrival.msg["content"]["data"].get("state", {})):
            return arrival
    raise AssertionError(f"no comm message with {needle!r}")


def idle_time(arrivals: list[Arrival], msg_id: str) -> float:
    return next(a.at for a in arrivals if a.msg["parent_header"].get("msg_id") == msg_id and a.msg["msg_type"] == "status" and a.msg["content"]["execution_state"] == "idle")


def test_progress_steps_reach_iopub_while_the_cell_is_still_busy(kernel: Frontend) -> None:
    msg_id, arrivals = execute(kernel, SLOW)
    idle = idle_time(arrivals, msg_id)
    steps = [first_arrival(arrivals, f"width:{step}%") for step in (0, 33, 66, 100)]
    title = first_arrival(arrivals, "Slow work")
    assert title.at < steps[1].at and not title.replied  # the run so far came with the bar
    placed = first_arrival(arrivals, "IPY_MODEL_" + kernel.find("jupyter-state-progress"))
    assert placed.at < steps[1].at and not placed.replied  # the bar is in the app, not just opened
    for earlier, later in zip(steps, steps[1:]):
        assert later.at - earlier.at > PAUSE * 0.6, "steps arrived together, not as they happened"
    for step in steps:
        assert not step.replied and idle - step.at > PAUSE * 0.6
    assert first_arrival(arrivals, "Done").at > steps[-1].at
    mine = [a.msg for a in arrivals if a.msg["parent_header"].get("msg_id") == msg_id]
    assert [m["msg_type"] for m in mine if m["msg_type"] in ("display_data", "stream", "execute_result", "error")] == ["display_data"]  # only the app's container


def test_a_streamed_chat_reply_reaches_iopub_word_by_word(kernel: Frontend) -> None:
    execute(kernel, CHAT)
    chat = kernel.find("jupyter-state-chat_input")
    msg = kernel.kc.session.msg("comm_msg", {"comm_id": chat, "data": {"method": "custom", "content": {"event": "send", "text": "hi"}}})
    msg["metadata"] = {}
    kernel.kc.session.send(kernel.kc.shell_channel.socket, msg, buffers=[])
    arrivals = watch(kernel, msg["header"]["msg_id"], expect_reply=False)
    idle = idle_time(arrivals, msg["header"]["msg_id"])
    partial = first_arrival(arrivals, "You said")
    whole = first_arrival(arrivals, "You said: hi")
    assert idle - partial.at > PAUSE * 0.6  # seen while the reply was still being written
    assert whole.at > partial.at
    assert kernel.value("st.session_state.messages") == ["hi", "You said: hi"]
