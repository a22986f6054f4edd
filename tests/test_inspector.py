"""The live session-state inspector and the comm target of the JupyterLab panel, without a kernel.

The inspector widget and the panel's comm are driven with the exact messages a frontend
sends, and the tests assert on what goes back over the comm (STYLE.md principle 10).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import comm
import pytest

import jupyter_state as st
from jupyter_state import _comm, elements, inspector, runtime
from jupyter_state.inspector import MAX_TEXT, SessionStateInspector, StateDiff, describe, entries
from tests.helpers import click, set_value

STATIC = Path(inspector.__file__).parent / "static" / "inspector.js"


def make(body: Any) -> Any:
    return st.app(body, display=False)


def counter() -> None:
    if "count" not in st.session_state:
        st.session_state.count = 0

    def add(n: int) -> None:
        st.session_state.count += n

    st.slider("Step", 1, 10, 1, key="step")
    st.button("Add", key="add", on_click=add, args=(st.session_state.step,))
    st.write("Count:", st.session_state.count)


# -- describing values ----------------------------------------------------------------------
def test_json_values_are_json_and_others_their_repr() -> None:
    assert describe({"a": [1, 2.5, None, True]}) == {
        "type": "dict", "value": '{"a": [1, 2.5, null, true]}', "json": True, "size": 27, "truncated": False, "widget": None,
        "read_by": [],
    }
    day = describe(dt.date(2020, 1, 2), "date_input")
    assert (day["value"], day["json"], day["type"], day["widget"]) == ("datetime.date(2020, 1, 2)", False, "date", "date_input")
    # not exactly JSON: a tuple, a non-str dict key, nan, a nested set
    for value in [(1, 2), {1: "a"}, float("nan"), [1, {2, 3}]]:
        entry = describe(value)
        assert entry["json"] is False and entry["value"] == repr(value)


def test_a_broken_repr_is_shown_not_raised() -> None:
    class BadRepr:
        def __repr__(self) -> str:
            raise RuntimeError("boom")

    assert describe(BadRepr())["value"] == "<repr failed: RuntimeError: boom>"


def test_markup_in_keys_and_values_is_sent_as_text() -> None:
    st.session_state["<b>key</b>"] = "<script>alert(1)</script>"
    [(key, entry)] = entries(runtime.current()).items()
    # the kernel sends raw text; the view puts it in the page with textContent only
    assert key == "<b>key</b>" and entry["value"] == '"<script>alert(1)</script>"'


def test_the_view_never_builds_html_from_strings() -> None:
    source = STATIC.read_text()
    assert not re.search(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write", source)
    assert "textContent" in source
    assert "export default { render }" in source and "export class StateView" in source


def test_long_values_are_cut_before_they_are_sent() -> None:
    entry = describe("x" * (MAX_TEXT * 2))
    assert entry["truncated"] is True
    assert len(entry["value"]) == MAX_TEXT and entry["size"] == MAX_TEXT * 2 + 2
    short = describe("x" * 300)
    assert short["truncated"] is False and len(short["value"]) == 302  # the view cuts at preview_chars


def test_entries_name_the_bound_widget_kind() -> None:
    make(counter)
    found = entries(runtime.current())
    assert list(found) == ["add", "count", "step"]
    assert (found["step"]["widget"], found["add"]["widget"], found["count"]["widget"]) == ("slider", "button", None)
    assert found["step"]["value"] == "1" and found["step"]["type"] == "int"


# -- diffing ----------------------------------------------------------------------------------
def test_the_diff_sends_only_what_changed() -> None:
    session = runtime.current()
    diff = StateDiff()
    st.session_state.a, st.session_state.b = 1, [1, 2]
    assert set(diff.snapshot(session)) == {"a", "b"}
    assert diff.changes(session) == ({}, [])
    st.session_state.b.append(3)  # mutated in place: the repr changed
    st.session_state.c = "new"
    del st.session_state.a
    changed, removed = diff.changes(session)
    assert set(changed) == {"b", "c"} and changed["b"]["value"] == "[1, 2, 3]"
    assert removed == ["a"]
    assert diff.changes(session) == ({}, [])
    st.session_state.c = 1  # "1" -> 1: same text in another type still changes the entry
    st.session_state.c = "1"
    st.session_state.c = 1
    assert diff.changes(session)[0]["c"]["type"] == "int"


def test_the_diff_notices_a_key_becoming_bound() -> None:
    session = runtime.current()
    st.session_state.step = 3
    diff = StateDiff()
    diff.snapshot(session)
    with pytest.warns(UserWarning, match="default value but also had its value set"):
        make(counter)
    changed, _ = diff.changes(session)
    assert changed["step"]["widget"] == "slider" and changed["step"]["value"] == "3"


# -- the inspector widget -------------------------------------------------------------------
class Wire:
    """What one widget sent over its comm: the ``custom`` contents, in order."""

    def __init__(self, widget: Any) -> None:
        self.widget = widget
        self.messages: list[Any] = []
        base = widget.comm.publish_msg

        def publish(msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any) -> None:
            if msg_type == "comm_msg" and data.get("method") == "custom":
                self.messages.append(data["content"])
            base(msg_type, data=data, metadata=metadata, buffers=buffers, **keys)

        widget.comm.publish_msg = publish

    def request(self, content: Any) -> Any:
        """A view's ``model.send(content)``; return the one reply."""
        before = len(self.messages)
        self.widget.comm.handle_msg({"content": {"data": {"method": "custom", "content": content}}, "buffers": []})
        [reply] = self.messages[before:]
        del self.messages[before:]
        return reply

    def take(self) -> list[Any]:
        taken, self.messages[:] = list(self.messages), []
        return taken


@pytest.fixture
def live(session: runtime.JupyterState) -> Iterator[tuple[SessionStateInspector, Wire]]:
    widget = SessionStateInspector(session)
    yield widget, Wire(widget)
    widget.close()


def test_inspector_answers_a_snapshot_then_sends_changes_only(live: tuple[SessionStateInspector, Wire]) -> None:
    widget, wire = live
    st.session_state.name = "Ada"
    reply = wire.request({"type": "snapshot", "id": "v1"})
    assert reply["type"] == "snapshot" and reply["id"] == "v1" and reply["ok"] is True
    assert list(reply["entries"]) == ["name"]

    app = make(counter)  # a run: the new keys, and only those
    [changed] = wire.take()
    assert changed["type"] == "changed" and set(changed["entries"]) == {"add", "count", "step"}
    assert changed["removed"] == []
    json.dumps(changed)  # what goes over the wire is JSON

    set_value(app, "step", 4)  # the user moved the slider: its app reran
    [changed] = wire.take()
    assert changed["entries"] == {"step": describe(4, "slider", read_by=["counter"])}
    click(app, "add")
    assert [m["entries"] for m in wire.take()] == [{"count": describe(4, read_by=["counter"])}]

    runtime.current().notify()  # nothing changed: nothing is sent
    assert wire.take() == []
    del st.session_state.name
    runtime.current().notify()
    assert wire.take() == [{"type": "changed", "entries": {}, "removed": ["name"]}]


def test_inspector_refuses_other_requests(live: tuple[SessionStateInspector, Wire]) -> None:
    _, wire = live
    reply = wire.request({"type": "set", "id": 7, "key": "a", "json": "1"})
    assert reply["ok"] is False and reply["id"] == 7 and "snapshot" in reply["error"]
    assert "a" not in st.session_state


def test_closing_the_inspector_unsubscribes(session: runtime.JupyterState) -> None:
    before = len(session._listeners)
    widget = SessionStateInspector(session)
    assert len(session._listeners) == before + 1
    widget.close()
    assert len(session._listeners) == before


def test_outside_a_kernel_the_display_stays_static() -> None:
    st.session_state.a = 1
    assert inspector.live_bundle() is None
    assert set(st.session_state._repr_mimebundle_()) == {"text/plain", "application/json", "text/html"}


class FakeKernelShell:
    """Just enough of ipykernel's shell for live_bundle: a kernel with the request's parent."""

    def __init__(self) -> None:
        self.parent: dict[str, Any] = {"header": {"msg_id": "m1"}, "metadata": {"cellId": "cell-1"}}
        self.kernel = self

    def get_parent(self, channel: str) -> dict[str, Any]:
        return self.parent


def test_in_a_kernel_the_display_is_live_and_keeps_the_static_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    shell = FakeKernelShell()
    monkeypatch.setattr(inspector, "shell", lambda: shell)
    st.session_state.a = 1
    bundle = st.session_state._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "application/json", "text/html", inspector.WIDGET_VIEW}
    first = bundle[inspector.WIDGET_VIEW]["model_id"]
    assert bundle["application/json"] == {"a": 1}
    # the same execution may show several; running the cell again closes the earlier ones
    second = st.session_state._repr_mimebundle_()[inspector.WIDGET_VIEW]["model_id"]
    shown = inspector._by_cell["cell-1"][1]
    assert [w.model_id for w in shown] == [first, second] and all(w.comm is not None for w in shown)
    shell.parent = {"header": {"msg_id": "m2"}, "metadata": {"cellId": "cell-1"}}
    st.session_state._repr_mimebundle_()
    assert all(w.comm is None for w in shown)
    assert len(runtime.current()._listeners) == 1
    inspector._by_cell.pop("cell-1")[1][0].close()


def test_write_session_state_is_live_outside_an_app_and_static_inside(monkeypatch: pytest.MonkeyPatch) -> None:
    shell = FakeKernelShell()
    monkeypatch.setattr(inspector, "shell", lambda: shell)
    monkeypatch.setattr(elements, "shell", lambda: shell)
    published: list[dict[str, Any]] = []
    import IPython.display

    monkeypatch.setattr(IPython.display, "publish_display_data", lambda data, metadata=None: published.append(data))
    st.write(st.session_state)
    assert inspector.WIDGET_VIEW in published[-1]

    seen = []

    def body() -> None:
        st.write(st.session_state)
        seen.append(runtime.current().run_in_progress.elements[-1].output["data"])  # type: ignore[union-attr]

    make(body)
    assert inspector.WIDGET_VIEW not in seen[-1] and "application/json" in seen[-1]
    for _, shown in inspector._by_cell.values():
        for widget in shown:
            widget.close()
    inspector._by_cell.clear()


# -- the apps that read each key -------------------------------------------------------------
def two_readers(reads_b: dict[str, bool]) -> tuple[Any, Any]:
    """App "left" reads ``a`` and has a slider keyed ``s``; app "right" reads ``a``, and ``b``
    while ``reads_b["b"]`` is true (a rerun with it false stops reading ``b``)."""
    st.session_state.a, st.session_state.b, st.session_state.c = 1, 2, 3

    def left() -> None:
        st.write("a is", st.session_state.a)
        st.slider("S", 0, 10, 5, key="s")

    def right() -> None:
        st.write("a is", st.session_state["a"])
        if reads_b["b"]:
            st.write("b is", st.session_state.get("b"))
        st.button("Go", key="go")

    return st.app(left, name="left", display=False), st.app(right, name="right", display=False)


def test_entries_name_the_apps_that_read_each_key() -> None:
    two_readers({"b": True})
    found = entries(runtime.current())
    assert {key: entry["read_by"] for key, entry in found.items()} == {
        "a": ["left", "right"],  # in the order the apps were first run
        "b": ["right"],
        "c": [],  # nobody read it
        "go": ["right"],  # a widget's key is read by its app
        "s": ["left"],
    }
    assert (found["s"]["widget"], found["s"]["read_by"]) == ("slider", ["left"])


def test_a_rerun_that_stops_reading_a_key_updates_the_view(live: tuple[SessionStateInspector, Wire]) -> None:
    _, wire = live
    reads_b = {"b": True}
    _, right = two_readers(reads_b)
    assert wire.request({"type": "snapshot", "id": 1})["entries"]["b"]["read_by"] == ["right"]
    wire.take()  # what the first runs pushed
    reads_b["b"] = False
    click(right, "go")  # the app reruns and no longer reads b; b's value did not change
    assert [m["entries"] for m in wire.take()] == [{"b": describe(2)}]
    reads_b["b"] = True
    click(right, "go")
    assert [m["entries"] for m in wire.take()] == [{"b": describe(2, read_by=["right"])}]


def test_a_failed_run_keeps_the_readers_of_the_last_completed_one(live: tuple[SessionStateInspector, Wire]) -> None:
    _, wire = live
    fail = {"now": False}

    def body() -> None:
        st.button("Go", key="go")
        if fail["now"]:
            raise RuntimeError("boom")
        st.write(st.session_state.get("x"))

    app = st.app(body, name="flaky", display=False)
    st.session_state.x = 1
    wire.request({"type": "snapshot", "id": 1})
    wire.take()
    fail["now"] = True
    click(app, "go")  # the run raised before reading x: its last completed run still counts
    assert entries(runtime.current())["x"]["read_by"] == ["flaky"]
    assert all("x" not in m["entries"] for m in wire.take())


def test_a_closed_app_reads_nothing(live: tuple[SessionStateInspector, Wire]) -> None:
    _, wire = live
    left, _ = two_readers({"b": True})
    wire.request({"type": "snapshot", "id": 1})
    wire.take()
    left.close()
    runtime.current().notify()  # as after the cell that closed it
    [changed] = wire.take()
    assert changed["entries"] == {"a": describe(1, read_by=["right"]), "s": describe(5)}  # s: a plain key now


def test_an_app_is_named_as_its_cell_shows() -> None:
    from jupyter_state.app import App

    session = runtime.current()
    unnamed = App(session, lambda: None, "3f1c-cell-id")
    unnamed.given_name = None  # a bare %%app cell: its name is the cell id, which nobody sees
    assert unnamed.label == "3f1c-cell-id"  # no prompt to show (outside IPython)
    unnamed.cell_number = 3
    assert unnamed.label == "In [3]"
    named = App(session, lambda: None, "counter")
    assert named.label == "counter"
    named.cell_number = 5
    assert named.label == "counter (In [5])"


# -- the panel's comm target -----------------------------------------------------------------
class PanelComm(comm.base_comm.BaseComm):  # type: ignore[misc]
    """The kernel end of a comm the panel opened; keeps what the kernel sent."""

    sent: list[Any]

    def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any) -> None:
        if not hasattr(self, "sent"):
            self.sent = []
        self.sent.append((msg_type, data))


@pytest.fixture
def panel(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """Open the comm target as the extension does (a ``comm_open`` to the target)."""
    manager = comm.get_comm_manager()  # outside a kernel: the comm package's own
    create = comm.create_comm
    monkeypatch.setattr(comm, "create_comm", lambda **kw: PanelComm(**kw) if kw.get("target_name") == _comm.TARGET else create(**kw))
    _comm.register_target(FakeKernelShell())
    assert _comm.TARGET in manager.targets
    manager.comm_open(None, None, {"content": {"comm_id": "panel-1", "target_name": _comm.TARGET, "data": {}}})
    opened = manager.comms["panel-1"]

    class Panel:
        comm = opened

        @staticmethod
        def request(data: Any) -> Any:
            """Send one request; return the reply (the last message the kernel sent)."""
            before = len(getattr(opened, "sent", []))
            manager.comm_msg(None, None, {"content": {"comm_id": "panel-1", "data": data}})
            sent = [d for t, d in opened.sent[before:] if t == "comm_msg"]
            assert sent and sent[-1].get("type") != "changed"
            return sent[-1]

        @staticmethod
        def pushed() -> list[Any]:
            found = [d for t, d in getattr(opened, "sent", []) if t == "comm_msg" and d.get("type") == "changed"]
            opened.sent = [(t, d) for t, d in getattr(opened, "sent", []) if not (t == "comm_msg" and d.get("type") == "changed")]
            return found

    yield Panel
    if "panel-1" in manager.comms:
        manager.comm_close(None, None, {"content": {"comm_id": "panel-1", "data": {}}})
    manager.unregister_target(_comm.TARGET, manager.targets[_comm.TARGET])


def test_no_kernel_no_target(monkeypatch: pytest.MonkeyPatch) -> None:
    manager = comm.base_comm.CommManager()
    monkeypatch.setattr(comm, "get_comm_manager", lambda: manager)
    _comm.register_target(object())
    assert manager.targets == {}


def test_snapshot_then_pushes_after_runs_and_cells(panel: Any) -> None:
    st.session_state.a = 1
    runtime.current().notify()
    assert panel.pushed() == []  # nothing is pushed before the first snapshot
    reply = panel.request({"type": "snapshot", "id": 1})
    assert reply["ok"] is True and reply["id"] == 1 and reply["type"] == "snapshot"
    assert reply["entries"] == {"a": describe(1)} and reply["apps"] == 0 and reply["version"] == st.__version__
    app = make(counter)
    [changed] = panel.pushed()
    assert set(changed["entries"]) == {"add", "count", "step"}
    set_value(app, "step", 3)
    assert [m["entries"] for m in panel.pushed()] == [{"step": describe(3, "slider", read_by=["counter"])}]


def test_set_goes_through_session_state_and_reruns_the_bound_app(panel: Any) -> None:
    app = make(counter)
    panel.request({"type": "snapshot", "id": 0})
    with pytest.warns(UserWarning, match="default value but also had its value set"):  # as from a cell
        reply = panel.request({"type": "set", "id": 1, "key": "step", "json": "7"})
    assert reply == {"type": "set", "id": 1, "ok": True}
    assert st.session_state.step == 7
    assert next(w for w in app.widgets.values() if w.key == "step").view.value == 7  # the app reran
    assert [m["entries"] for m in panel.pushed()] == [{"step": describe(7, "slider", read_by=["counter"])}]
    # a plain key, any JSON
    panel.request({"type": "set", "id": 2, "key": "notes", "json": '{"a": [1, "<i>"]}'})
    assert st.session_state.notes == {"a": [1, "<i>"]}


def test_a_bad_request_changes_nothing_and_says_why(panel: Any) -> None:
    make(counter)
    before = st.session_state.to_dict()
    cases = {
        "json": ({"type": "set", "id": 1, "key": "count", "json": "{oops"}, "Not valid JSON"),
        "range": ({"type": "set", "id": 2, "key": "step", "json": "99"}, "ValueAboveMaxError"),
        "button": ({"type": "set", "id": 3, "key": "add", "json": "true"}, "ValueAssignmentNotAllowedError"),
        "missing": ({"type": "delete", "id": 4, "key": "nope"}, "nope"),
        "no key": ({"type": "set", "id": 5, "json": "1"}, "needs a 'key'"),
        "bad key": ({"type": "delete", "id": 6, "key": "$$ID-x"}, "reserved"),
        "unknown": ({"type": "explode", "id": 7}, "Unknown request type 'explode'"),
        "no text": ({"type": "set", "id": 8, "key": "count", "value": 3}, "as JSON text"),
    }
    for name, (request, expected) in cases.items():
        reply = panel.request(request)
        assert reply["ok"] is False and reply["id"] == request["id"] and reply["type"] == request["type"], name
        assert expected in reply["error"], (name, reply["error"])
    assert panel.request("not an object")["ok"] is False
    assert st.session_state.to_dict() == before


def test_set_during_a_run_is_the_api_error(panel: Any) -> None:
    replies = []

    def body() -> None:
        st.slider("Step", 1, 10, 1, key="step")
        if not replies:
            replies.append(panel.request({"type": "set", "id": 1, "key": "step", "json": "2"}))

    make(body)
    assert replies[0]["ok"] is False and replies[0]["error"].startswith("WidgetAlreadyInstantiatedError")


def test_delete_and_clear_and_rerun(panel: Any) -> None:
    app = make(counter)
    click(app, "add")
    assert st.session_state.count == 1
    panel.request({"type": "snapshot", "id": 0})
    assert panel.request({"type": "delete", "id": 1, "key": "count"})["ok"] is True
    # as `del st.session_state.count` in a cell: the app read it, so it reruns, and
    # initialises it again
    assert st.session_state.count == 0
    assert [m["entries"] for m in panel.pushed()] == [{"count": describe(0, read_by=["counter"])}]
    panel.request({"type": "rerun", "id": 2})
    assert st.session_state.count == 0 and panel.pushed() == []  # nothing changed
    set_value(app, "step", 5)
    st.session_state.extra = "x"
    runtime.current().notify()  # as after the cell that set it
    assert [m["entries"] for m in panel.pushed()] == [{"step": describe(5, "slider", read_by=["counter"])}, {"extra": describe("x")}]
    reply = panel.request({"type": "clear_and_rerun", "id": 3})
    assert reply["ok"] is True and reply["apps"] == [app.name]
    assert st.session_state.to_dict() == {"count": 0, "step": 1, "add": False}  # the app's first run again
    [changed] = panel.pushed()
    assert changed["removed"] == ["extra"] and set(changed["entries"]) == {"step"}


def test_the_panel_hears_when_the_readers_of_a_key_change(panel: Any) -> None:
    reads_b = {"b": True}
    _, right = two_readers(reads_b)
    reply = panel.request({"type": "snapshot", "id": 1})
    assert {key: entry["read_by"] for key, entry in reply["entries"].items()} == {
        "a": ["left", "right"], "b": ["right"], "c": [], "go": ["right"], "s": ["left"],
    }
    reads_b["b"] = False
    click(right, "go")
    assert [m["entries"] for m in panel.pushed()] == [{"b": describe(2)}]


def test_rerun_the_active_cells_app_or_every_app(panel: Any) -> None:
    runs = {"a": 0, "b": 0}

    def one(name: str) -> Any:
        def body() -> None:
            runs[name] += 1

        return st.app(body, name=name, display=False)

    assert "No app has run" in panel.request({"type": "rerun", "id": 1})["error"]
    one("a"), one("b")
    assert panel.request({"type": "rerun", "id": 2, "app": "b"})["apps"] == ["b"]
    assert runs == {"a": 1, "b": 2}
    assert panel.request({"type": "rerun", "id": 3, "app": "an ordinary cell"})["apps"] == ["a", "b"]
    assert runs == {"a": 2, "b": 3}


def test_closing_the_panel_comm_unsubscribes(panel: Any, session: runtime.JupyterState) -> None:
    assert len(session._listeners) == 1
    panel.comm.handle_close({"content": {"data": {}}})
    assert session._listeners == []


def test_clear_cache_and_clear_cache_and_rerun(panel: Any) -> None:
    from jupyter_state import _cache_store

    calls: list[int] = []

    @st.cache_data
    def load() -> int:
        calls.append(1)
        return len(calls)

    @st.cache_resource
    def resource() -> object:
        return object()

    runs = {"n": 0}

    def body() -> None:
        runs["n"] += 1
        st.session_state.loaded = load()

    try:
        make(body)
        shared = resource()
        assert st.session_state.loaded == 1 and calls == [1]
        reply = panel.request({"type": "clear_cache", "id": 1})
        assert reply == {"type": "clear_cache", "id": 1, "ok": True, "cleared": 2}
        assert runs["n"] == 1  # clearing alone reruns nothing
        assert resource() is not shared  # the resource cache was cleared too
        reply = panel.request({"type": "clear_cache_and_rerun", "id": 2})
        assert reply["ok"] is True and len(reply["apps"]) == 1
        assert runs["n"] == 2 and calls == [1, 1]  # the rerun missed the emptied cache
        assert st.session_state.loaded == 2
    finally:
        _cache_store.caches.clear()


def test_the_panel_tells_the_kernel_the_cells_order(panel: Any) -> None:
    reply = panel.request({"type": "cell_order", "id": 9, "ids": ["c1", "c2"]})
    assert reply == {"type": "cell_order", "id": 9, "ok": True}
    assert runtime.current().cell_order == {"c1": 0, "c2": 1}
    bad = panel.request({"type": "cell_order", "id": 10, "ids": "c1"})
    assert bad["ok"] is False and "list of strings" in bad["error"]
    assert runtime.current().cell_order == {"c1": 0, "c2": 1}  # a bad request changes nothing
