"""Whatever ``st.dataframe`` and ``st.table`` are given, as a pandas DataFrame.

Streamlit accepts DataFrames, Series, NumPy arrays, lists, tuples, sets, dicts and None,
and shows each as a table; this module makes the same tables, with the same column names
(``value`` for a list or dict of scalars, ``0, 1, ...`` for a list of rows).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

__all__ = ["has_column_names", "to_frame"]


def _pandas() -> Any:
    try:
        import pandas as pd  # pandas only when a value needs it (it takes a second to import)
    except ImportError:  # pragma: no cover - pandas is a dependency
        raise ImportError("st.dataframe and st.table need pandas: pip install pandas") from None
    return pd


def _scalar(value: Any) -> bool:
    return not isinstance(value, (list, tuple, dict, set, Mapping)) and not hasattr(value, "__array__")


def to_frame(data: Any, what: str = "st.dataframe") -> Any:
    """``data`` as a DataFrame, or a TypeError that names what is accepted.

    Examples
    --------
    >>> to_frame({"a": 1, "b": 2}).to_dict()
    {'value': {'a': 1, 'b': 2}}
    >>> list(to_frame([[1, 2], [3, 4]]).columns)
    [0, 1]
    """
    pd = _pandas()
    if data is None:
        return pd.DataFrame()
    if isinstance(data, pd.DataFrame):
        return data
    if isinstance(data, pd.Series):
        return data.to_frame()
    if isinstance(data, pd.Index):
        return data.to_frame(index=False)
    styler = sys.modules.get("pandas.io.formats.style")
    if styler is not None and isinstance(data, styler.Styler):
        return data.data
    numpy = sys.modules.get("numpy")
    if numpy is not None and isinstance(data, numpy.ndarray):
        return pd.DataFrame(data if data.ndim else [data.item()])
    if isinstance(data, Mapping):
        values = list(data.values())
        if values and all(_scalar(v) for v in values):
            return pd.DataFrame({"value": values}, index=list(data.keys()))
        return pd.DataFrame(dict(data))
    if isinstance(data, (list, tuple, set, frozenset)):
        rows = list(data)
        if rows and all(_scalar(v) for v in rows):
            return pd.DataFrame({"value": rows})
        return pd.DataFrame(rows)
    to_pandas = getattr(data, "to_pandas", None)  # polars, pyarrow and friends
    if callable(to_pandas):
        return to_pandas()
    raise TypeError(
        f"{what} cannot show a {type(data).__module__}.{type(data).__qualname__}: pass a pandas DataFrame or Series, "
        "a NumPy array, a list (of values, rows or dicts), a dict, or an object with .to_pandas()."
    )


def has_column_names(data: Any) -> bool:
    """Whether ``data`` names its columns (Streamlit's ``st.table`` hides a made-up header).

    A dict of scalars, a list, tuple or set of values or of rows, and a NumPy array have no
    column names of their own; a DataFrame, a dict of columns and a list of dicts have.

    Examples
    --------
    >>> has_column_names({"apples": 3}), has_column_names([{"a": 1}]), has_column_names([[1, 2]])
    (False, True, False)
    """
    if isinstance(data, Mapping):
        return not (data and all(_scalar(v) for v in data.values()))
    if isinstance(data, (list, tuple, set, frozenset)):
        return any(isinstance(row, Mapping) for row in data)
    numpy = sys.modules.get("numpy")
    return not (numpy is not None and isinstance(data, numpy.ndarray))
