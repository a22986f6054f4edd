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
    """Change a keyed widget as a user would (the view's value trait, from the frontend)."""
    w = widget(app, key)
    frontend_update(w.view, **{w.family.traits[0]: _to_json(w, value)})


def _to_json(w: Any, value: Any) -> Any:
    import datetime as dt

    from ipywidgets.widgets.trait_types import date_to_json

    if isinstance(value, dt.date):
        return date_to_json(value, None)
    if isinstance(value, dt.time):
        return {"hours": value.hour, "minutes": value.minute, "seconds": value.second, "milliseconds": value.microsecond // 1000}
    if hasattr(w.family, "options") and w.family.kind != "slider":
        from jupyter_state.widgets.choices import _index_of

        if w.family.kind == "multiselect":
            return [_index_of(w.family.options, v) for v in value]
        return _index_of(w.family.options, value)
    return list(value) if isinstance(value, tuple) else value


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


__all__ = ["click", "frontend_click", "frontend_update", "set_value", "st", "texts", "widget"]
