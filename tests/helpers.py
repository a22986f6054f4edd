"""Drive widgets the way the frontend does: comm messages into the widget's comm."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import jupyter_state as st
from jupyter_state.app import App


def frontend_update(view: Any, **state: Any) -> None:
    """The message JupyterLab sends when the user changes a widget (protocol 2.x)."""
    view.comm.handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": []}}, "buffers": []})


def frontend_click(view: Any) -> None:
    """The message a Button view sends on click."""
    view.comm.handle_msg({"content": {"data": {"method": "custom", "content": {"event": "click"}}}, "buffers": []})


def widget(app: App, key: str | None = None, kind: str | None = None, index: int = 0) -> Any:
    """Find a live widget of ``app`` by key, or the index-th of a kind."""
    if key is not None:
        for w in app.widgets.values():
            if w.key == key:
                return w
        raise LookupError(f"no widget with key {key!r}: {list(app.widgets.values())}")
    found = [w for w in app.widgets.values() if w.family.kind == kind]
    return found[index]


def set_value(app: App, key: str, value: Any) -> None:
    """Change a keyed widget as a user would: the frontend's ``update`` message."""
    w = widget(app, key)
    w.view.comm.handle_msg({"content": {"data": w.frontend_update(value)}, "buffers": []})


def click(app: App, key: str) -> None:
    frontend_click(widget(app, key).view)


def texts(app: App) -> list[str]:
    """The text of every output the app shows, in order."""
    out = []
    for group in app.view.block.shown:
        for o in getattr(group, "outputs", ()):
            if o["output_type"] == "stream":
                out.append(o["text"])
            elif o["output_type"] == "error":
                out.append(f"{o['ename']}: {o['evalue']}")
            else:
                out.append(o["data"].get("text/plain", ""))
    return out


class Sent(list[tuple[str, str, Any]]):
    """What the kernel published on widget comms: ``(msg_type or method, comm_id, data)``."""

    def methods(self, comm_id: str | None = None) -> list[tuple[str, Any]]:
        """``(method, state)`` of every ``comm_msg`` (to ``comm_id``)."""
        return [(kind, (data or {}).get("state")) for kind, cid, data in self if comm_id in (None, cid)]


@contextlib.contextmanager
def recorded_comms() -> Iterator[Sent]:
    """Record every message of the widgets created inside the block (``comm.create_comm``)."""
    import comm

    sent = Sent()

    class RecordingComm(comm.DummyComm):  # type: ignore[misc]
        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any) -> None:
            kind = (data or {}).get("method", msg_type) if msg_type == "comm_msg" else msg_type
            sent.append((kind, self.comm_id, data))

    saved = comm.create_comm
    comm.create_comm = RecordingComm
    try:
        yield sent
    finally:
        comm.create_comm = saved


def tree_texts(view: Any) -> list[str]:
    """The text of every output inside ``view`` (an app's box or a container's), in order,
    looking into nested boxes (columns, tabs, expanders...)."""
    out: list[str] = []
    for o in getattr(view, "outputs", ()):
        if o["output_type"] == "stream":
            out.append(o["text"])
        elif o["output_type"] == "error":
            out.append(f"{o['ename']}: {o['evalue']}")
        else:
            out.append(o["data"].get("text/plain", ""))
    children = getattr(view, "children", ())
    if children and getattr(getattr(view, "layout", None), "display", None) != "none":
        for child in sorted(children, key=lambda c: int(c.layout.order or 0) if hasattr(c, "layout") else 0):
            out.extend(tree_texts(child))
    return out


__all__ = ["Sent", "recorded_comms", "tree_texts", "click", "frontend_click", "frontend_update", "set_value", "st", "texts", "widget"]
