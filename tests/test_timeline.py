"""The timeline of events and undo, driven as the frontend drives widgets (comm messages).

Widgets change through ``update`` / click messages into their comms (tests/helpers.py);
the live inspector and the side panel's comm are asked as their frontends ask, and the
tests assert on what goes back over the wire.
"""

from __future__ import annotations

import gc
import json
import warnings
import weakref
from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import _comm, _timeline, errors, runtime
from jupyter_state.inspector import SessionStateInspector
from tests.helpers import click, set_value, texts, widget
from tests.test_inspector import Wire


def make(body: Any) -> Any:
    return st.app(body, display=False)


def counter() -> None:
    if "count" not in st.session_state:
        st.session_state.count = 0

    def add(n: int) -> None:
        st.session_state.count += n

    st.slider("Step", 1, 10, 1, key="step")
    st.button("Add", key="add", on_click=add, args=(st.session_state.step,))
    st.write(f"Count: {st.session_state.count}")


def events(session: runtime.JupyterState) -> list[dict[str, Any]]:
    return [event.message() for event in session.timeline.events]


def last(session: runtime.JupyterState) -> dict[str, Any]:
    return session.timeline.events[-1].message()


# -- what is recorded -------------------------------------------------------------------------
def test_a_slider_move_records_the_widget_the_keys_the_app_and_the_time(session: runtime.JupyterState) -> None:
    def body() -> None:
        def moved() -> None:
            st.session_state.moves = st.session_state.get("moves", 0) + 1

        st.slider("Step", 1, 10, 1, key="step", on_change=moved)
        st.write("step is", st.session_state.step)

    app = make(body)
    first = last(session)
    assert first["trigger"]["kind"] == "run" and first["apps"] == ["body"]
    assert first["changes"] == [{"key": "step", "old": None, "new": "1"}]

    set_value(app, "step", 4)
    event = last(session)
    assert event["number"] == first["number"] + 1
    assert event["trigger"] == {"kind": "widget", "widget": "slider", "label": "Step", "key": "step",
                                "old": "1", "new": "4", "text": "slider 'Step' (step): 1 → 4"}
    assert event["callbacks"] == ["moved()"]
    assert event["changes"] == [{"key": "step", "old": "1", "new": "4"}, {"key": "moves", "old": None, "new": "1"}]
    assert event["apps"] == ["body"] and event["runs"][0]["outcome"] == "completed"
    assert event["ms"] > 0 and event["ms"] == event["runs"][0]["ms"]
    assert event["summary"] == "slider 'Step' (step): 1 → 4 → step: 1 → 4, moves: (none) → 1"
    assert event["error"] is None and event["undoable"] is True
    json.dumps(events(session))  # what the views get is JSON


def test_a_click_records_the_button_and_its_callback_with_its_args(session: runtime.JupyterState) -> None:
    app = make(counter)
    set_value(app, "step", 3)
    click(app, "add")
    event = last(session)
    assert event["trigger"]["kind"] == "click" and event["trigger"]["text"] == "click on button 'Add' (add)"
    assert event["callbacks"] == ["add(3)"]
    # the button's own key (True in its run, False after) is not a change of state
    assert event["changes"] == [{"key": "count", "old": "0", "new": "3"}]


def test_an_ordinary_cell_writing_a_bound_key_is_one_event_with_the_rerun(
        session: runtime.JupyterState, monkeypatch: pytest.MonkeyPatch) -> None:
    app = make(counter)
    monkeypatch.setattr(_timeline, "shell", lambda: object())
    monkeypatch.setattr(_timeline, "parent_request", lambda _shell: {"header": {"msg_type": "execute_request"}})
    monkeypatch.setattr(_timeline, "cell_number", lambda: 7)
    st.session_state.step = 6  # what a cell does; then the post-cell hook flushes
    st.session_state.note = "hi"
    with pytest.warns(UserWarning, match="the session-state value wins"):  # Streamlit's warning, once
        session.flush()
    event = last(session)
    assert event["trigger"] == {"kind": "cell", "number": 7, "text": "cell In [7]"}
    assert event["changes"] == [{"key": "step", "old": "1", "new": "6"}, {"key": "note", "old": None, "new": "'hi'"}]
    assert event["apps"] == ["counter"]  # the bound key reran its app, in the same event
    assert widget(app, "step").view.value == 6


def test_a_failing_run_records_its_error(session: runtime.JupyterState) -> None:
    def body() -> None:
        st.number_input("n", 0, 10, 1, key="n")
        if st.session_state.n == 0:
            raise ZeroDivisionError("the n is zero")

    app = make(body)
    set_value(app, "n", 0)
    event = last(session)
    assert event["runs"][0]["outcome"] == "failed"
    assert event["error"] == "body: ZeroDivisionError: the n is zero"
    assert event["changes"] == [{"key": "n", "old": "1", "new": "0"}]


def test_long_values_are_cut_and_broken_reprs_shown(session: runtime.JupyterState) -> None:
    class Broken:
        def __repr__(self) -> str:
            raise RuntimeError("no repr")

    st.session_state.big = list(range(10_000))
    st.session_state.text = "x" * 1000
    st.session_state.broken = Broken()
    session.flush()
    changes = {c["key"]: c["new"] for c in last(session)["changes"]}
    assert changes["big"] == "[0, 1, 2, 3, 4, 5, 6, 7, ...]"
    assert len(changes["text"]) <= _timeline.TEXT and "..." in changes["text"]
    assert changes["broken"].startswith("<Broken instance at 0x")  # reprlib says so when repr() raises


def test_the_history_is_bounded_and_old_values_are_let_go(session: runtime.JupyterState) -> None:
    class Value:
        pass

    first = Value()
    st.session_state.v = first
    session.flush()
    ref = weakref.ref(first)
    del first
    for i in range(_timeline.KEEP + 5):
        st.session_state.v = i
        session.flush()
    assert len(session.timeline.events) == _timeline.KEEP
    assert session.timeline.events[0].number == 7
    kept = [e for e in session.timeline.events if e.olds]
    assert len(kept) == _timeline.UNDO_DEPTH  # only the newest keep what undo needs
    gc.collect()
    assert ref() is None  # the object replaced long ago is not kept alive by the timeline
    for _ in range(_timeline.UNDO_DEPTH):
        st.undo()
    with pytest.raises(errors.JupyterStateAPIException, match="old values were let go"):
        st.undo()
    assert session.timeline.undo_status()["can"] is False


def test_a_value_too_large_to_keep_blocks_its_undo(session: runtime.JupyterState, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_timeline, "VALUE_BYTES", 1000)
    st.session_state.data = bytes(5000)
    session.flush()
    st.session_state.data = b""
    session.flush()
    status = session.timeline.undo_status()
    assert status["can"] is False and "'data'" in status["reason"] and "too large" in status["reason"]
    with pytest.raises(errors.JupyterStateAPIException, match="too large to keep"):
        st.undo()
    assert st.session_state.data == b""  # nothing was changed


# -- undo ---------------------------------------------------------------------------------------
def test_undo_restores_values_and_widgets_and_reruns_the_apps_that_read_them(session: runtime.JupyterState) -> None:
    app = make(counter)

    def reader() -> None:
        st.write(f"reader sees {st.session_state.get('count')}")

    other = make(reader)
    seen: list[Any] = []
    st.app(lambda: seen.append(st.session_state.get("count")), display=False, reactive=False, name="static")
    set_value(app, "step", 3)
    click(app, "add")
    assert st.session_state.count == 3 and "reader sees 3" in " ".join(texts(other))
    assert seen == [0]  # a static app does not follow others' changes

    keys = st.undo()  # the click: count back to 0, and the reader reran
    assert keys == ["count"] and st.session_state.count == 0 and st.session_state.step == 3
    assert "reader sees 0" in " ".join(texts(other)) and "Count: 0" in " ".join(texts(app))
    assert seen == [0, 0]  # undo reruns every app that read a restored key, static ones too
    undo = last(session)
    assert undo["trigger"]["kind"] == "undo" and undo["trigger"]["of"] == undo["number"] - 1
    assert undo["changes"] == [{"key": "count", "old": "3", "new": "0"}]
    assert set(undo["apps"]) == {"counter", "reader", "static"} and undo["undoable"] is False

    with warnings.catch_warnings(record=True) as warned:  # a restored widget key is no misuse: no warning
        warnings.simplefilter("always")
        st.undo()  # again: one event further back, the slider
    assert [str(w.message) for w in warned] == []
    assert st.session_state.step == 1 and widget(app, "step").view.value == 1
    assert widget(app, "step").value == 1
    set_value(app, "step", 5)  # the widget goes on working as before
    assert st.session_state.step == 5


def test_undo_removes_an_added_key_and_brings_back_a_removed_one(session: runtime.JupyterState) -> None:
    st.session_state.keep = [1, 2]
    session.flush()
    st.session_state.added = "new"
    session.flush()
    del st.session_state.keep
    session.flush()
    st.undo()
    assert st.session_state.keep == [1, 2] and st.session_state.added == "new"
    st.undo()
    assert "added" not in st.session_state and st.session_state.keep == [1, 2]
    st.undo()
    assert "keep" not in st.session_state
    with pytest.raises(errors.JupyterStateAPIException, match="Nothing to undo"):
        st.undo()


def test_undo_in_a_callback_is_done_after_the_run(session: runtime.JupyterState) -> None:
    def body() -> None:
        st.slider("Level", 0, 10, 2, key="level")
        st.button("Undo", key="undo", on_click=st.undo)
        st.write(f"level {st.session_state.level}")

    app = make(body)
    set_value(app, "level", 7)
    click(app, "undo")
    assert st.session_state.level == 2 and widget(app, "level").view.value == 2
    assert "level 2" in " ".join(texts(app))
    click_event, undo = events(session)[-2:]
    assert click_event["trigger"]["text"] == "click on button 'Undo' (undo)" and click_event["changes"] == []
    assert undo["trigger"]["kind"] == "undo" and undo["changes"] == [{"key": "level", "old": "7", "new": "2"}]


def test_undo_leaves_a_forms_staged_edits_staged(session: runtime.JupyterState) -> None:
    def body() -> None:
        st.slider("Outside", 0, 10, 1, key="outside")
        with st.form("f"):
            st.slider("Inside", 0, 10, 1, key="inside")
            st.form_submit_button("Submit")
        st.write("inside", st.session_state.inside)

    app = make(body)
    set_value(app, "outside", 4)
    set_value(app, "inside", 9)  # staged, not submitted
    st.undo()
    assert st.session_state.outside == 1 and st.session_state.inside == 1
    assert widget(app, "inside").view.value == 9  # still the user's unsent edit
    click(app, "FormSubmitter:f-Submit")
    assert st.session_state.inside == 9


def test_undo_of_a_data_editor_key_is_refused_with_the_reason(session: runtime.JupyterState) -> None:
    import pandas as pd

    from tests.test_files_and_data import edit

    app = make(lambda: st.data_editor(pd.DataFrame({"a": [1, 2]}), key="grid"))
    edit(widget(app, "grid").view, {"edited_rows": {0: {"a": 5}}})
    assert st.session_state.grid["edited_rows"] == {0: {"a": 5}}
    status = session.timeline.undo_status()
    assert status["can"] is False and "st.data_editor" in status["reason"] and "'grid'" in status["reason"]


# -- what the views get -------------------------------------------------------------------------
def test_the_live_view_gets_a_snapshot_then_each_new_event_alone(session: runtime.JupyterState) -> None:
    app = make(counter)
    view = SessionStateInspector(session)
    wire = Wire(view)
    try:
        reply = wire.request({"type": "timeline", "id": "t1"})
        assert reply["ok"] is True and reply["id"] == "t1" and reply["keep"] == _timeline.KEEP
        assert [r["apps"] for r in reply["runs"]] == [["counter"]]
        assert reply["undo"]["can"] is True

        set_value(app, "step", 2)
        pushed = [m for m in wire.take() if m["type"] == "timeline_run"]
        assert len(pushed) == 1 and pushed[0]["run"]["trigger"]["key"] == "step"
        assert pushed[0]["undo"] == {"can": True, "reason": "", "of": pushed[0]["run"]["number"],
                                     "text": pushed[0]["run"]["summary"]}

        before = len(wire.messages)
        view.comm.handle_msg({"content": {"data": {"method": "custom", "content": {"type": "undo", "id": 2}}},
                              "buffers": []})
        sent = wire.messages[before:]
        [undo_push] = [m for m in sent if m["type"] == "timeline_run"]
        [reply] = [m for m in sent if m["type"] == "undo"]
        assert reply["ok"] is True and reply["keys"] == ["step"]
        assert undo_push["undone"] == [pushed[0]["run"]["number"]]
        assert undo_push["run"]["changes"] == [{"key": "step", "old": "2", "new": "1"}]
    finally:
        view.close()
    assert session.timeline.listeners == []


def test_a_view_is_told_why_undo_cannot_be_done(session: runtime.JupyterState) -> None:
    view = SessionStateInspector(session)
    try:
        reply = Wire(view).request({"type": "undo", "id": 9})
        assert reply == {"type": "undo", "id": 9, "ok": False,
                         "error": "Nothing to undo: no earlier change to session state is left to put back.",
                         "undo": {"can": False, "reason": "Nothing to undo: no earlier change to session state is left to put back.",
                                  "of": None, "text": None}}
    finally:
        view.close()


class FakeComm:
    def __init__(self) -> None:
        self.sent: list[Any] = []

    def send(self, data: Any) -> None:
        self.sent.append(data)

    def on_msg(self, handler: Any) -> None:
        self.handler = handler

    def on_close(self, handler: Any) -> None:
        self.closer = handler


def test_the_panels_edits_are_events_and_it_can_undo_them(session: runtime.JupyterState) -> None:
    app = make(counter)
    comm = FakeComm()
    channel = _comm.InspectorChannel(comm, session)
    assert channel.handle({"type": "timeline", "id": 1})["ok"] is True
    with pytest.warns(UserWarning, match="the session-state value wins"):
        assert channel.handle({"type": "set", "id": 2, "key": "step", "json": "8"})["ok"] is True
    event = last(session)
    assert event["trigger"] == {"kind": "panel", "text": "side panel: set 'step'", "action": "set"}
    assert event["apps"] == ["counter"] and widget(app, "step").view.value == 8
    assert [m["run"]["number"] for m in comm.sent if m.get("type") == "timeline_run"] == [event["number"]]
    assert channel.handle({"type": "snapshot", "id": 3})["ok"] is True
    assert last(session)["number"] == event["number"]  # looking is no event
    reply = channel.handle({"type": "undo", "id": 4})
    assert reply["ok"] is True and st.session_state.step == 1 and widget(app, "step").view.value == 1
    comm.closer()
    assert session.timeline.listeners == []


def test_a_run_every_timer_is_the_trigger_of_its_fragments_runs(session: runtime.JupyterState) -> None:
    import asyncio

    async def main() -> None:
        def body() -> None:
            @st.fragment(run_every=0.01)
            def ticker() -> None:
                st.session_state.ticks = st.session_state.get("ticks", 0) + 1

            ticker()

        app = make(body)
        await asyncio.sleep(0.1)
        app.close()

    from concurrent.futures import ThreadPoolExecutor

    # a thread of its own: after the browser tests the main thread has a running loop already
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, main()).result()
    timed = [e for e in events(session) if e["trigger"]["kind"] == "timer"]
    assert timed and timed[0]["trigger"] == {"kind": "timer", "text": "run_every of ticker() (0.01 s)", "fragment": "ticker"}
    assert timed[0]["runs"][0]["fragments"] and timed[0]["changes"][0]["key"] == "ticks"


def test_undo_of_a_url_bound_widget_puts_the_url_back_and_a_url_report_is_a_trigger(session: runtime.JupyterState) -> None:
    from jupyter_state import _url

    def body() -> None:
        st.slider("S", 0, 10, 2, key="s", bind="query-params")
        st.write(f"s is {st.session_state.s}")

    app = make(body)
    set_value(app, "s", 6)
    assert st.query_params.to_dict() == {"s": "6"}
    st.undo()
    assert st.session_state.s == 2 and st.query_params.to_dict() == {}  # the default leaves the URL
    assert widget(app, "s").view.value == 2

    url = _url.url_of(session)
    view = url.views[app]
    view.send = lambda _content: None  # what goes to the browser
    url._on_view_msg(view, {"event": "location", "search": "?s=9"}, [])
    event = last(session)
    assert event["trigger"] == {"kind": "url", "text": "the page's URL: ?s=9"}
    assert event["changes"] == [{"key": "s", "old": "2", "new": "9"}]
    st.undo()
    assert st.session_state.s == 2 and st.query_params.to_dict() == {}


def test_undo_in_the_cell_that_changed_a_key_undoes_that_change(session: runtime.JupyterState) -> None:
    st.session_state.x = 1
    session.flush()  # the end of that cell
    st.session_state.x = 5  # the next cell, which then undoes
    assert st.undo() == ["x"] and st.session_state.x == 1


@pytest.mark.parametrize("persist", [None, "session"])
def test_undo_of_hiding_a_widget_shows_it_again_with_its_value(session: runtime.JupyterState, persist: str | None) -> None:
    def body() -> None:
        if st.session_state.get("show", True):
            st.slider("S", 0, 10, 2, key="k", persist_state=persist)

    app = make(body)
    set_value(app, "k", 8)
    st.session_state.show = False  # a cell hides the widget: without persist_state its key goes
    session.flush()
    assert ("k" in st.session_state) is (persist is not None) and not app.widgets
    hidden = last(session)
    assert [c["key"] for c in hidden["changes"]] == (["show", "k"] if persist is None else ["show"])
    st.undo()  # shown again, with the value the user had set
    assert "show" not in st.session_state and st.session_state.k == 8 and widget(app, "k").view.value == 8
    st.undo()  # and the slider's move
    assert st.session_state.k == 2 and widget(app, "k").view.value == 2


def test_a_page_switch_from_the_menu_is_the_trigger_and_undo_brings_back_the_pages_keys(
        session: runtime.JupyterState) -> None:
    from tests.helpers import frontend_click

    def first() -> None:
        st.slider("Level", 0, 5, 1, key="level")

    def second() -> None:
        st.write("the second page")

    def body() -> None:
        st.navigation([st.Page(first, title="First"), st.Page(second, title="Second")]).run()

    app = make(body)
    set_value(app, "level", 4)
    [entry] = [w for w in app.widgets.values() if w.family.kind == "page_link" and w.family.params["label"] == "Second"]
    frontend_click(entry.view)
    event = last(session)
    assert event["trigger"]["text"] == "page switch: 'Second'"
    assert event["changes"] == [{"key": "level", "old": "4", "new": None}]  # the page's widget went with it
    assert "level" not in st.session_state
    st.undo()  # its key comes back; the page shown is the app's, not session state
    assert st.session_state.level == 4
