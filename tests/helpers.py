"""Drive widgets the way the frontend does: comm messages into the widget's comm."""

from __future__ import annotations

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


__all__ = ["tree_texts", "click", "frontend_click", "frontend_update", "set_value", "st", "texts", "widget"]
