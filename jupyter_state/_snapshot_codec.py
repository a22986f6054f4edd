"""The JSON codec of saved session state (``st.remember``): what a snapshot can hold.

A snapshot is JSON. JSON data (str keys, lists, str, finite numbers, bools, None) is stored
as itself; everything else session state commonly holds is a tagged object
``{"$js": tag, ...}``: dates, datetimes (with their UTC offset, and the zone's name when it
is an IANA zone), times, timedeltas, tuples, sets and frozensets (sorted when their items
sort), Decimals, complex numbers, bytes (base64), non-finite floats, dicts whose keys are
not all str, Enum members (by class and name), NumPy scalars and small 1-D arrays, small
pandas DataFrames and Series (their dtypes kept). Containers nest.

Decoding never imports anything and never runs code a snapshot names: an Enum class is
looked up only among the modules already imported and the namespace of the code that
calls ``st.remember``; NumPy and pandas only when they are already imported.

A value that cannot be stored (a lambda, a model object, a frame over the size limit)
raises :class:`Unstorable`, which says why and what to do.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import enum
import math
import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["MAX_CELLS", "TAG", "Undecodable", "Unstorable", "decode", "encode"]

TAG = "$js"
#: the most elements a stored array, Series or DataFrame may have (rows x columns)
MAX_CELLS = 10_000
_DEPTH = 50


class Unstorable(Exception):
    """A value the codec cannot store; the message says why and what to do."""


class Undecodable(Exception):
    """A stored value that cannot be rebuilt here (an Enum class not defined yet, say)."""


def _tagged(tag: str, **fields: Any) -> dict[str, Any]:
    return {TAG: tag, **fields}


def _zone_name(tz: Any) -> str | None:
    key = getattr(tz, "key", None)  # zoneinfo.ZoneInfo
    return key if isinstance(key, str) else None


def _encode_datetime(value: dt.datetime) -> dict[str, Any]:
    fields: dict[str, Any] = {"v": value.isoformat()}
    zone = _zone_name(value.tzinfo)
    if zone is not None:
        fields["zone"] = zone
    if value.fold:
        fields["fold"] = 1
    return _tagged("datetime", **fields)


def _sorted_if_possible(items: list[Any]) -> list[Any]:
    try:
        return sorted(items)
    except TypeError:  # mixed types: kept in iteration order
        return items


def encode(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON data, tagged where JSON has no such type.

    Examples
    --------
    >>> encode((1, "a"))
    {'$js': 'tuple', 'v': [1, 'a']}
    >>> encode({"when": dt.date(2024, 3, 4)})
    {'when': {'$js': 'date', 'v': '2024-03-04'}}
    """
    if depth > _DEPTH:
        raise Unstorable(f"it nests deeper than {_DEPTH} levels (a cycle?)")
    kind = type(value)
    if value is None or kind in (bool, str, int):
        return value
    if kind is float:
        return value if math.isfinite(value) else _tagged("float", v=repr(value))
    if kind is list:
        return [encode(item, depth + 1) for item in value]
    if kind is dict:
        if all(type(k) is str for k in value) and TAG not in value:
            return {k: encode(v, depth + 1) for k, v in value.items()}
        return _tagged("dict", v=[[encode(k, depth + 1), encode(v, depth + 1)] for k, v in value.items()])
    if kind is tuple:
        return _tagged("tuple", v=[encode(item, depth + 1) for item in value])
    if kind in (set, frozenset):
        items = [encode(item, depth + 1) for item in _sorted_if_possible(list(value))]
        return _tagged(kind.__name__, v=items)
    if kind is dt.datetime:
        return _encode_datetime(value)
    if kind is dt.date:
        return _tagged("date", v=value.isoformat())
    if kind is dt.time:
        return _tagged("time", v=value.isoformat(), **({"zone": z} if (z := _zone_name(value.tzinfo)) else {}))
    if kind is dt.timedelta:
        return _tagged("timedelta", v=[value.days, value.seconds, value.microseconds])
    if kind is decimal.Decimal:
        return _tagged("decimal", v=str(value))
    if kind is complex:
        return _tagged("complex", v=[encode(value.real), encode(value.imag)])
    if kind in (bytes, bytearray):
        return _tagged(kind.__name__, v=base64.b64encode(value).decode("ascii"))
    if isinstance(value, enum.Enum):
        return _tagged("enum", module=kind.__module__, cls=kind.__qualname__, name=value.name)
    module = kind.__module__.split(".")[0]
    if module == "numpy":
        return _encode_numpy(value)
    if module == "pandas":
        return _encode_pandas(value, depth)
    raise Unstorable("it is not one of the types a snapshot stores as JSON")


def _encode_numpy(value: Any) -> dict[str, Any]:
    import numpy as np  # already imported: the value is NumPy's

    if isinstance(value, np.generic):
        if value.dtype.kind not in "biufcUSMm":
            raise Unstorable(f"a NumPy scalar of dtype {value.dtype} is not stored")
        return _tagged("np.scalar", dtype=value.dtype.str, v=_numpy_item(value))
    if isinstance(value, np.ndarray):
        if value.ndim != 1:
            raise Unstorable(f"a {value.ndim}-D NumPy array is not stored (only 1-D arrays are)")
        if value.size > MAX_CELLS:
            raise Unstorable(f"a NumPy array of {value.size} elements is over the limit of {MAX_CELLS}")
        if value.dtype.kind not in "biufcUSMm":
            raise Unstorable(f"a NumPy array of dtype {value.dtype} is not stored")
        return _tagged("np.array", dtype=value.dtype.str, v=[_numpy_item(item) for item in value])
    raise Unstorable("it is not one of the NumPy types a snapshot stores")


def _numpy_item(item: Any) -> Any:
    kind = item.dtype.kind
    if kind in "Mm":
        return str(item.astype("int64"))  # its count of units, as the dtype says
    if kind == "S":
        return base64.b64encode(item.tobytes()).decode("ascii")
    return encode(item.item())


def _encode_pandas(value: Any, depth: int) -> dict[str, Any]:
    import pandas as pd  # already imported: the value is pandas'

    if isinstance(value, pd.Timestamp):
        return _tagged("pd.Timestamp", v=value.isoformat(), **({"zone": str(value.tz)} if value.tz else {}))
    if isinstance(value, pd.DataFrame):
        cells = value.shape[0] * value.shape[1]
        if cells > MAX_CELLS:
            raise Unstorable(f"a DataFrame of {value.shape[0]} x {value.shape[1]} = {cells} cells is over "
                             f"the limit of {MAX_CELLS}")
        return _tagged(
            "pd.DataFrame",
            columns=[encode(c, depth + 1) for c in value.columns],
            dtypes=[str(t) for t in value.dtypes],
            index=_encode_index(value.index, depth),
            data=[[encode(_plain(v), depth + 1) for v in value.iloc[:, i].tolist()] for i in range(value.shape[1])],
        )
    if isinstance(value, pd.Series):
        if len(value) > MAX_CELLS:
            raise Unstorable(f"a Series of {len(value)} values is over the limit of {MAX_CELLS}")
        return _tagged(
            "pd.Series", name=encode(value.name, depth + 1), dtype=str(value.dtype),
            index=_encode_index(value.index, depth), data=[encode(_plain(v), depth + 1) for v in value.tolist()],
        )
    raise Unstorable("it is not one of the pandas types a snapshot stores")


def _encode_index(index: Any, depth: int) -> dict[str, Any]:
    import pandas as pd  # already imported: the index is pandas'

    if isinstance(index, pd.RangeIndex):
        return {"range": [index.start, index.stop, index.step], "name": encode(index.name, depth + 1)}
    if isinstance(index, pd.MultiIndex):
        raise Unstorable("a pandas MultiIndex is not stored")
    return {"dtype": str(index.dtype), "name": encode(index.name, depth + 1),
            "v": [encode(_plain(v), depth + 1) for v in index.tolist()]}


def _plain(value: Any) -> Any:
    """A pandas cell as a plain value: missing values (NaN, NaT, NA) become None."""
    import pandas as pd  # already imported: the cell is pandas'

    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # a list in a cell
        pass
    if isinstance(value, pd.Timedelta):
        return value.to_pytimedelta()
    return value


# -- decoding -----------------------------------------------------------------------------
def decode(data: Any, namespace: Mapping[str, Any] | None = None) -> Any:
    """Rebuild a value :func:`encode` stored; ``namespace`` is where Enum classes may also be.

    Raises :class:`Undecodable` when a needed class or library is not there (yet).

    Examples
    --------
    >>> decode(encode({3: (dt.time(9, 30),)}))
    {3: (datetime.time(9, 30),)}
    """
    if isinstance(data, list):
        return [decode(item, namespace) for item in data]
    if not isinstance(data, dict):
        return data
    tag = data.get(TAG)
    if tag is None:
        return {k: decode(v, namespace) for k, v in data.items()}
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise Undecodable(f"it was stored with the tag {tag!r}, which this version of jupyter_state does not know")
    return decoder(data, namespace)


def _decode_datetime(data: dict[str, Any], namespace: Any) -> dt.datetime:
    value = dt.datetime.fromisoformat(data["v"])
    zone = data.get("zone")
    if zone is not None and value.tzinfo is not None:
        try:
            from zoneinfo import ZoneInfo  # the standard library's, for a zone-aware value only

            value = value.astimezone(ZoneInfo(zone))
        except Exception:
            pass  # the zone is unknown here: the value keeps its UTC offset
    return value.replace(fold=data.get("fold", 0))


def _decode_time(data: dict[str, Any], namespace: Any) -> dt.time:
    value = dt.time.fromisoformat(data["v"])
    zone = data.get("zone")
    if zone is not None:
        try:
            from zoneinfo import ZoneInfo  # the standard library's, for a zone-aware value only

            value = value.replace(tzinfo=ZoneInfo(zone))
        except Exception:
            pass
    return value


def _decode_enum(data: dict[str, Any], namespace: Any) -> enum.Enum:
    module_name, qualname, name = data["module"], data["cls"], data["name"]
    places: list[Any] = []
    if module_name in sys.modules:  # never imported for a snapshot
        places.append(sys.modules[module_name])
    if namespace is not None and module_name == namespace.get("__name__", "__main__"):
        places.insert(0, namespace)
    for place in places:
        found: Any = place
        for part in qualname.split("."):
            found = found.get(part) if isinstance(found, Mapping) else getattr(found, part, None)
            if found is None:
                break
        if isinstance(found, type) and issubclass(found, enum.Enum):
            try:
                return found[name]
            except KeyError:
                raise Undecodable(f"the Enum {qualname} has no member {name!r} now") from None
    raise Undecodable(
        f"it is a member of the Enum {module_name}.{qualname}, which is not defined yet: define (or import) "
        f"it before the st.remember call"
    )


def _library(name: str) -> Any:
    module = sys.modules.get(name)
    if module is None:
        raise Undecodable(f"it needs {name}, which is not imported: import {name} before the st.remember call")
    return module


def _decode_np_scalar(data: dict[str, Any], namespace: Any) -> Any:
    np = _library("numpy")
    dtype = np.dtype(data["dtype"])
    return np.array([_numpy_value(np, dtype, data["v"], namespace)], dtype=dtype)[0]


def _numpy_value(np: Any, dtype: Any, item: Any, namespace: Any) -> Any:
    if dtype.kind in "Mm":
        return np.array(int(item), dtype="int64").view(dtype)
    if dtype.kind == "S":
        return base64.b64decode(item)
    return decode(item, namespace)


def _decode_np_array(data: dict[str, Any], namespace: Any) -> Any:
    np = _library("numpy")
    dtype = np.dtype(data["dtype"])
    if dtype.kind in "Mm":
        return np.array([int(item) for item in data["v"]], dtype="int64").view(dtype)
    return np.array([_numpy_value(np, dtype, item, namespace) for item in data["v"]], dtype=dtype)


def _decode_index(pd: Any, data: dict[str, Any], namespace: Any) -> Any:
    name = decode(data.get("name"), namespace)
    if "range" in data:
        return pd.RangeIndex(*data["range"], name=name)
    return pd.Index(decode(data["v"], namespace), dtype=data["dtype"], name=name)


def _decode_frame(data: dict[str, Any], namespace: Any) -> Any:
    pd = _library("pandas")
    index = _decode_index(pd, data["index"], namespace)
    columns = [decode(c, namespace) for c in data["columns"]]
    frame = pd.DataFrame({i: pd.Series(decode(col, namespace), index=index, dtype=object)
                          for i, col in enumerate(data["data"])}, index=index)
    frame = frame.astype(dict(enumerate(data["dtypes"])))
    frame.columns = pd.Index(columns) if columns else frame.columns
    return frame


def _decode_series(data: dict[str, Any], namespace: Any) -> Any:
    pd = _library("pandas")
    index = _decode_index(pd, data["index"], namespace)
    values = pd.Series(decode(data["data"], namespace), index=index, dtype=object)
    return values.astype(data["dtype"]).rename(decode(data["name"], namespace))


def _decode_timestamp(data: dict[str, Any], namespace: Any) -> Any:
    pd = _library("pandas")
    value = pd.Timestamp(data["v"])
    return value.tz_convert(data["zone"]) if data.get("zone") else value


_DECODERS: dict[str, Any] = {
    "float": lambda d, ns: float(d["v"]),
    "dict": lambda d, ns: {decode(k, ns): decode(v, ns) for k, v in d["v"]},
    "tuple": lambda d, ns: tuple(decode(d["v"], ns)),
    "set": lambda d, ns: set(decode(d["v"], ns)),
    "frozenset": lambda d, ns: frozenset(decode(d["v"], ns)),
    "datetime": _decode_datetime,
    "date": lambda d, ns: dt.date.fromisoformat(d["v"]),
    "time": _decode_time,
    "timedelta": lambda d, ns: dt.timedelta(days=d["v"][0], seconds=d["v"][1], microseconds=d["v"][2]),
    "decimal": lambda d, ns: decimal.Decimal(d["v"]),
    "complex": lambda d, ns: complex(decode(d["v"][0]), decode(d["v"][1])),
    "bytes": lambda d, ns: base64.b64decode(d["v"]),
    "bytearray": lambda d, ns: bytearray(base64.b64decode(d["v"])),
    "enum": _decode_enum,
    "np.scalar": _decode_np_scalar,
    "np.array": _decode_np_array,
    "pd.DataFrame": _decode_frame,
    "pd.Series": _decode_series,
    "pd.Timestamp": _decode_timestamp,
}
