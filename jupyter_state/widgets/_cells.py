"""A cell's value in the editing grid: its column's kind, what the browser may send, what it shows.

Columns are of a kind: "integer", "float", "boolean", "text", or "other" (dates, objects...),
which is read-only. :func:`parse` reads a JSON value from the browser as a cell of a kind;
:func:`json_value` is a cell as the grid shows it.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import sys
from typing import TYPE_CHECKING, Any

from ._columns import accepts

if TYPE_CHECKING:
    from ._editing import Column

__all__ = ["fits", "frame_kind", "json_value", "parse", "parses", "records_kind"]

#: what pandas infers for an object column, as a kind
_INFERRED_KINDS = {
    "string": "text", "empty": "text", "boolean": "boolean", "integer": "integer", "floating": "float",
    "mixed-integer-float": "float",
}


def _pandas() -> Any:
    return sys.modules.get("pandas")  # only when the data is a DataFrame, so pandas is imported


def parse(kind: str, value: Any) -> Any:
    """A JSON value from the browser as a cell of a column of ``kind``; ValueError if it is not one."""
    if value is None:
        return None
    if kind == "integer":
        if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError(f"{value!r} is not a whole number")
        return int(value)
    if kind == "float":
        if isinstance(value, bool):
            raise ValueError(f"{value!r} is not a number")
        return float(value)
    if kind == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        if value in (0, 1):
            return bool(value)
        raise ValueError(f"{value!r} is not True or False")
    if kind == "text":
        if isinstance(value, (dict, list)):
            raise ValueError(f"{value!r} is not text")
        return str(value)
    raise ValueError("this column cannot be edited")


def fits(column: Column, value: Any) -> bool:
    """Whether an edit is a value of the column, within its column_config limits."""
    return parses(column.kind, value) and accepts(column, parse(column.kind, value))


def parses(kind: str, value: Any) -> bool:
    """Whether ``value`` from the browser is a cell of a column of ``kind``."""
    try:
        parse(kind, value)
    except (TypeError, ValueError, OverflowError):
        return False
    return True


def json_value(value: Any) -> Any:
    """A cell as the grid shows it: a JSON value (NaN and missing values are null)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    pd = _pandas()
    if pd is not None and (value is pd.NA or value is pd.NaT):
        return None
    if type(value).__module__ == "numpy" and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value)


def records_kind(values: list[Any]) -> str:
    """The kind of a column of a list of dicts, from the values it holds."""
    present = [v for v in values if v is not None]
    if not present:
        return "text"
    if all(isinstance(v, bool) for v in present):
        return "boolean"
    if all(isinstance(v, numbers.Integral) and not isinstance(v, bool) for v in present):
        return "integer"
    if all(isinstance(v, numbers.Real) and not isinstance(v, bool) for v in present):
        return "float"
    if all(isinstance(v, str) for v in present):
        return "text"
    return "other"


def frame_kind(series: Any) -> str:
    """The kind of a DataFrame's column, from its dtype (what pandas infers for objects)."""
    pd = _pandas()
    types = pd.api.types
    dtype = series.dtype
    if types.is_bool_dtype(dtype):
        return "boolean"
    if types.is_integer_dtype(dtype):
        return "integer"
    if types.is_float_dtype(dtype):
        return "float"
    if isinstance(dtype, pd.CategoricalDtype):
        return "other"
    if types.is_object_dtype(dtype) or types.is_string_dtype(dtype):
        inferred = types.infer_dtype(series, skipna=True)
        return _INFERRED_KINDS.get(inferred, "other")
    return "other"
