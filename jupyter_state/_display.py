"""Display of values, pure: a value as text, as JSON, and a session state's bundle.

Nothing here stores or runs anything. Whether ``st.session_state`` shows as a live view or
a static table is decided in one place, :func:`session_state_bundle`: the static bundle
always, plus the live inspector's view when one fits (the inspector registers it with
:func:`register_live_view`; it answers None inside a run and outside a kernel).
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from typing import Any

__all__ = ["is_json", "json_safe", "register_live_view", "safe_repr", "session_state_bundle", "state_mimebundle"]

_live_views: list[Callable[[], dict[str, Any] | None]] = []


def safe_repr(value: Any) -> str:
    """``repr(value)``, or a note saying how the repr failed (a broken one never breaks a view)."""
    try:
        return repr(value)
    except Exception as exc:  # a broken __repr__ must not break the display of the rest
        return f"<repr failed: {type(exc).__name__}: {exc}>"


def json_safe(value: Any, _depth: int = 0) -> Any:
    """Return ``value`` as JSON-compatible data; what is not JSON becomes its repr."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else repr(value)
    if _depth < 20 and isinstance(value, (list, tuple)):
        return [json_safe(v, _depth + 1) for v in value]
    if _depth < 20 and isinstance(value, dict) and all(isinstance(k, str) for k in value):
        return {k: json_safe(v, _depth + 1) for k, v in value.items()}
    return safe_repr(value)


def _state_row(key: str, safe: Any, value: Any) -> str:
    """One key's row of the session state table: its key, its value's type and the value as JSON."""
    shown = safe if isinstance(safe, str) and not isinstance(value, str) else json.dumps(safe, ensure_ascii=False)
    return (
        f"<tr><td><code>{html.escape(key)}</code></td>"
        f"<td><code>{html.escape(type(value).__name__)}</code></td>"
        f"<td><pre style='margin:0'>{html.escape(shown)}</pre></td></tr>"
    )


def state_mimebundle(values: dict[str, Any]) -> dict[str, Any]:
    """The display bundle of a session state: text, JSON and a collapsible HTML table."""
    data = {k: json_safe(v) for k, v in sorted(values.items())}
    rows = "".join(_state_row(k, v, values[k]) for k, v in data.items())
    count = len(data)
    html_view = (
        "<details open class='jupyter-state-session'>"
        f"<summary>st.session_state ({count} key{'s' if count != 1 else ''})</summary>"
        "<table><thead><tr><th>key</th><th>type</th><th>value</th></tr></thead>"
        f"<tbody>{rows}</tbody></table></details>"
    )
    text = "{" + ", ".join(f"{k!r}: {safe_repr(values[k])}" for k in sorted(values)) + "}"
    return {"text/plain": text, "application/json": data, "text/html": html_view}


def is_json(value: Any, depth: int = 0) -> bool:
    """Whether ``value`` survives a JSON round trip unchanged (exact types only)."""
    kind = type(value)
    if value is None or kind in (str, bool, int):
        return True
    if kind is float:
        return bool(value == value and value not in (float("inf"), float("-inf")))
    if depth >= 20:
        return False
    if kind is list:
        return all(is_json(v, depth + 1) for v in value)
    if kind is dict:
        return all(type(k) is str and is_json(v, depth + 1) for k, v in value.items())
    return False


def register_live_view(bundle: Callable[[], dict[str, Any] | None]) -> None:
    """Say how to add a live view to a session state's display (the inspector does)."""
    _live_views[:] = [bundle]


def session_state_bundle(values: dict[str, Any]) -> dict[str, Any]:
    """How ``st.session_state`` displays: the static bundle, with the live view where one fits.

    The static bundle stays as the fallback for frontends without widgets and for saved
    notebooks; inside an app's run, the state shows as of that run (no live view).
    """
    bundle = state_mimebundle(values)
    live = _live_views[0]() if _live_views else None
    return {**bundle, **live} if live else bundle
