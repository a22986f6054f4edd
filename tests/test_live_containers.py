"""Live containers through the comm path: st.status and st.empty placeholders mid-run.

Uses the recording comm of ``wire.py``: what the browser had received at each mark.
"""

from __future__ import annotations

import pytest
from helpers import set_value
from wire import Wire, wire_fixture  # noqa: F401

import jupyter_state as st
from jupyter_state import errors
from jupyter_state.app import App
from jupyter_state.runtime import current
from jupyter_state.status import Status
from jupyter_state.testing import AppTest


def make_app(body: object) -> App:
    return st.app(body, display=False)


# -- st.status --------------------------------------------------------------------------------
def test_status_shows_its_steps_and_updates_as_they_happen(wire: Wire) -> None:
    def body() -> None:
        with st.status("Downloading data...", expanded=True) as status:
            st.write("Searching for data...")
            wire.mark("searching")
            st.write("Found URL.")
            wire.mark("found")
            status.update(label="Almost there")
            wire.mark("updated")
        wire.mark("done")

    app = make_app(body)
    assert "Searching for data..." in str(wire.outputs_sent(wire.before("searching")))
    assert "Found URL." in str(wire.outputs_sent(wire.before("found")))
    labels = [d["state"]["label"] for k, _, d in wire.before("updated") if k in ("comm_open", "comm_msg") and "label" in (d or {}).get("state", {})]
    assert labels[-1] == "Almost there"
    states = [d["state"]["state"] for k, _, d in wire.before("done") if k in ("comm_open", "comm_msg") and "state" in (d or {}).get("state", {}) and isinstance(d["state"]["state"], str)]
    assert states[0] == "running" and states[-1] == "complete"
    [status] = [e for e in app.elements if isinstance(e, Status)]
    assert status.pane.layout.display is None  # expanded


def test_status_ends_in_error_when_its_block_raises() -> None:
    at = AppTest.from_string(
        """
import jupyter_state as st
with st.status("Working") as s:
    st.write("step")
    raise ValueError("broken")
"""
    ).run()
    assert at.status[0].state == "error" and at.status[0].icon == ":material/error:"
    assert at.exception[0].message == "broken"


def test_status_in_apptest_and_the_users_open_state_is_kept() -> None:
    from helpers import frontend_update

    def body() -> None:
        st.session_state.setdefault("runs", 0)
        st.session_state.runs += 1
        with st.status("Loading"):
            st.write("inside")
        st.slider("x", 0, 10, 1, key="x")

    app = make_app(body)
    [status] = [e for e in app.elements if getattr(e, "kind", "") == "status"]
    assert status.header.expanded is False and status.pane.layout.display == "none"
    frontend_update(status.header, expanded=True)  # the user opens it: no rerun, the pane shows
    assert status.pane.layout.display is None and current().state["runs"] == 1
    set_value(app, "x", 3)
    assert status.header.expanded is True and status.state == "complete" and status.label == "Loading"

    at = AppTest.from_string(
        """
import jupyter_state as st
with st.status("Downloading", expanded=True) as s:
    st.write("one")
    s.update(label="Done!", state="complete", expanded=False)
"""
    ).run()
    [found] = at.status
    assert (found.label, found.state, found.icon) == ("Done!", "complete", ":material/check:")
    assert found.markdown[0].value == "one"


def test_status_errors() -> None:
    with pytest.raises(errors.JupyterStateValueError, match="Invalid `state` value. Supported values: 'running', 'complete', 'error'."):
        st.status("x", state="done")
    with pytest.raises(errors.JupyterStateValueError, match="Invalid `type` value"):
        st.status("x", type="fancy")


# -- st.empty: a placeholder updated in a loop ------------------------------------------------
def test_a_placeholder_updated_in_a_loop_shows_each_update(wire: Wire) -> None:
    def body() -> None:
        placeholder = st.empty()
        for i in range(3):
            placeholder.text(f"tick {i}")
            wire.mark(("tick", i))
        for i in range(2):
            with placeholder.container():
                st.write(f"line a{i}")
                st.write(f"line b{i}")
                wire.mark(("box", i))

    app = make_app(body)
    for i in range(3):
        assert f"tick {i}" in str(wire.outputs_sent(wire.before(("tick", i)))[-1])
    for i in range(2):
        last = str(wire.outputs_sent(wire.before(("box", i)))[-1])
        assert f"line a{i}" in last and f"line b{i}" in last
    assert [e.kind for e in app.elements] == ["empty"]


def test_a_live_element_replaced_in_a_placeholder_keeps_one_view(wire: Wire) -> None:
    def body() -> None:
        placeholder = st.empty()
        for i in range(5):
            placeholder.progress(i * 20, text=f"{i}")
            wire.mark(i)

    app = make_app(body)
    assert len(app.live_views["progress"]) == 1 and wire.count("comm_open") > 0
    for i in range(5):
        assert f"width:{i * 20}%" in wire.html_values(wire.before(i))[-1]
    wire.clear()
    app.run()
    assert wire.count("comm_open") == 0


def test_a_rerun_of_a_chat_sends_nothing_for_its_unchanged_messages(wire: Wire) -> None:
    def body() -> None:
        for i in range(5):
            with st.chat_message("user" if i % 2 else "assistant"):
                st.markdown(f"message {i}")
        with st.status("Done", state="complete"):
            st.write("details")
        st.slider("x", 0, 10, 1, key="x")
        st.chat_input("Say", key="prompt")

    app = make_app(body)
    wire.clear()
    set_value(app, "x", 2)
    sent = [(kind, (data or {}).get("method"), (data or {}).get("state")) for kind, _, data in wire.log]
    assert sent == [("comm_msg", "echo_update", {"value": 2})], sent  # ipywidgets' echo of the move, nothing else
