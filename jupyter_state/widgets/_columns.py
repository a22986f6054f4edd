"""One ``column_config`` entry applied to a column, shared by ``st.dataframe`` and ``st.data_editor``.

An entry is a label (str), None (hide the column), or a dict: Streamlit's keys (``label``,
``width``, ``help``, ``disabled``, ``required``, ``default``, ``hidden``, and
``type_config`` as ``st.column_config`` builds it). The type's options travel to the grid
as JSON (``Column.config``) to show the values; the editor's limits (a number's range, a
selectbox's options, a text's length and pattern) are checked here again, on the kernel
side, since the browser's state is the user's input.
"""

from __future__ import annotations

import math
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._editing import Column

__all__ = ["accepts", "configured"]

#: column types whose cells are only shown, never edited
READ_ONLY_TYPES = ("progress", "image", "bar_chart", "line_chart", "area_chart", "json", "list", "multiselect",
                   "date", "datetime", "time")
#: what a column type needs its values to be, to be edited in the grid
TYPE_KINDS = {"number": ("integer", "float"), "checkbox": ("boolean",), "text": ("text",), "link": ("text",),
              "selectbox": ("text", "integer", "float")}


def _json_safe(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return str(value)


def configured(column: Column, config: Any, parse: Any, parses: Any) -> Column:
    """Apply one ``column_config`` entry to ``column``; raise a clear TypeError for a bad one."""
    if config is None:
        column.hidden = True
    elif isinstance(config, str):
        column.label = config
    elif isinstance(config, dict):
        if config.get("label") is not None:
            column.label = str(config["label"])
        column.disabled = column.disabled or bool(config.get("disabled"))
        column.hidden = bool(config.get("hidden"))
        column.help = config.get("help")
        column.width = config.get("width")
        column.required = bool(config.get("required"))
        type_config = config.get("type_config") or {}
        if not isinstance(type_config, dict):
            raise TypeError(
                f"column_config[{column.name!r}]['type_config'] must be a dict, got {type(type_config).__name__}."
            )
        column.config = _json_safe(type_config)
        kind = type_config.get("type")
        if kind in READ_ONLY_TYPES or (kind in TYPE_KINDS and column.kind not in TYPE_KINDS[kind]):
            column.disabled = True  # shown by its type, but the grid cannot edit it
        if config.get("default") is not None and parses(column.kind, config["default"]):
            column.default = parse(column.kind, config["default"])
    else:
        raise TypeError(
            f"column_config[{column.name!r}] must be a label (str), None (to hide the column), "
            f"a dict such as {{'label': 'Price', 'disabled': True}} or an st.column_config object, "
            f"got {type(config).__name__}."
        )
    return column


def accepts(column: Column, value: Any) -> bool:
    """Whether an (already parsed) edited value keeps to the column's ``type_config`` limits."""
    config = column.config or {}
    kind = config.get("type")
    if value is None:
        return not column.required
    if kind == "number" and isinstance(value, (int, float)):
        low, high = config.get("min_value"), config.get("max_value")
        return (low is None or value >= low) and (high is None or value <= high)
    if kind == "selectbox" and config.get("options") is not None:
        options = [o["value"] if isinstance(o, dict) else o for o in config["options"]]
        return value in options
    if kind in ("text", "link") and isinstance(value, str):
        max_chars, pattern = config.get("max_chars"), config.get("validate")
        if max_chars is not None and len(value) > max_chars:
            return False
        return pattern is None or re.fullmatch(pattern, value) is not None
    return True
