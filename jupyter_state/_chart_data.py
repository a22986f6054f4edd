"""Built-in charts' data shaping: a frame and ``x``/``y``/``color``/``size`` to an Altair chart.

Streamlit 1.67 (``elements/lib/built_in_chart_utils.py``) decides the behaviour reproduced
here: the index becomes ``x`` when no ``x`` is given, several ``y`` columns are melted from
wide to long form (the column names become the colour series), a ``color`` is either a
column, one colour or a list of colours (one per ``y`` column), bar charts put a discrete
axis on ``x`` (``y`` when horizontal) unless it holds dates, and line charts get a hover
rule with the nearest point highlighted.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from .errors import JupyterStateAPIException, JupyterStateValueError

__all__ = ["CHART_KINDS", "build_chart", "to_frame"]

#: chart kind -> Vega-Lite mark
CHART_KINDS = {"line": "line", "area": "area", "bar": "bar", "scatter": "circle"}

# Streamlit's user-facing titles and the collision-proof names behind them.
_SUFFIX = " -- streamlit-generated"
_INDEX = "index" + _SUFFIX
_VALUE = "value" + _SUFFIX
_SERIES = "color" + _SUFFIX
_MISSING = "DOES_NOT_EXIST" + _SUFFIX  # an axis with no field vanishes; this keeps it
_LEGEND = {"titlePadding": 5, "offset": 5, "orient": "bottom"}
_SIZE_LEGEND = {"titlePadding": 0.5, "offset": 5, "orient": "bottom"}
_STACKS = (None, True, False, "normalize", "center", "layered")


def _altair() -> Any:
    """Altair, untyped: its typed encoding classes would need a cast on every channel."""
    import altair  # Altair only for a chart (an optional extra, slow to import)

    return altair


def to_frame(data: Any) -> Any:
    """Any chartable data (DataFrame, Series, dict, list, NumPy array, None) as a new DataFrame.

    Examples
    --------
    >>> list(to_frame({"a": [1, 2]}).columns)
    ['a']
    """
    import pandas as pd  # pandas only when a value needs it (it takes a second to import)

    if data is None:
        return pd.DataFrame()
    if isinstance(data, pd.DataFrame):
        return data.copy()
    if isinstance(data, pd.Series):
        return data.to_frame()
    if hasattr(data, "to_pandas"):  # polars, pyarrow
        return data.to_pandas()
    scalars = isinstance(data, dict) and data and all(
        not isinstance(v, (list, tuple)) and not hasattr(v, "__len__") for v in data.values()
    )
    if scalars:
        return pd.DataFrame([data])  # one row of scalars
    return pd.DataFrame(data)


def _column_not_found(df: Any, name: Any) -> JupyterStateAPIException:
    available = ", ".join(str(c) for c in df.columns)
    return JupyterStateAPIException(
        f'Data does not have a column named `"{name}"`. Available columns are `{available}`'
    )


def _vega_type(series: Any) -> str:
    from pandas.api.types import infer_dtype  # pandas only when a value needs it (it takes a second to import)

    kind = infer_dtype(series)
    if kind in {"floating", "mixed-integer-float", "integer", "mixed-integer", "complex"}:
        return "quantitative"
    if kind == "categorical" and series.cat.ordered:
        return "ordinal"
    if kind in {"datetime", "datetime64", "timedelta", "timedelta64", "date", "time", "period"}:
        return "temporal"
    return "nominal"


def _holds_dates(df: Any, name: str | None) -> bool:
    return name is not None and df[name].size > 0 and isinstance(df[name].iat[0], date)


def _is_color(value: Any) -> bool:
    if isinstance(value, str):
        return (value.startswith("#") and len(value) in (4, 5, 7, 9)) or value.startswith(("rgb(", "rgba("))
    if isinstance(value, (tuple, list)) and len(value) in (3, 4):
        return all(isinstance(c, (int, float)) and not isinstance(c, bool) for c in value)
    return False


def _css_color(value: Any) -> str:
    """A colour as CSS, as Streamlit writes it: strings as given, tuples as ``rgb()``/``rgba()``.

    Channels are ints 0-255 or floats 0-1; the alpha is a float 0-1 (an int is out of 255).
    """
    if isinstance(value, str):
        return value
    red, green, blue = (min(255, max(int(c * 255) if isinstance(c, float) else c, 0)) for c in value[:3])
    if len(value) == 3:
        return f"rgb({red}, {green}, {blue})"
    alpha = value[3] / 255.0 if isinstance(value[3], int) else value[3]
    return f"rgba({red}, {green}, {blue}, {min(1.0, max(alpha, 0.0))})"


def _y_columns(df: Any, y: str | Sequence[str] | None, x: str | None) -> list[str]:
    if y is None:
        columns = [str(c) for c in df.columns]
    elif isinstance(y, str):
        columns = [y]
    else:
        columns = [str(c) for c in y]
    for name in columns:
        if name not in df.columns:
            raise _column_not_found(df, name)
    if x in columns and (not y or x not in y):  # x is plotted as y only when asked for
        columns.remove(x)
    return columns


def build_chart(
    kind: str,
    data: Any,
    *,
    x: str | None = None,
    y: str | Sequence[str] | None = None,
    x_label: str | None = None,
    y_label: str | None = None,
    color: Any = None,
    size: Any = None,
    stack: Any = None,
    horizontal: bool = False,
    sort: bool | str = True,
    width: Any = None,
    height: Any = None,
) -> Any:
    """The Altair chart Streamlit draws for ``st.<kind>_chart(data, ...)``.

    Examples
    --------
    >>> chart = build_chart("line", {"a": [1, 2, 3]})
    >>> chart.to_dict()["layer"][0]["mark"]["type"]
    'line'
    """
    alt = _altair()

    if stack not in _STACKS:
        raise JupyterStateValueError(
            f"Invalid `stack` value {stack!r}: expected one of True, False, 'normalize', 'center', 'layered' or None."
        )
    df = to_frame(data)
    df.columns = [str(c) for c in df.columns]
    if x is not None and not isinstance(x, str):
        raise JupyterStateAPIException(
            f"x has the type {type(x).__name__}; pass a column name or None to use the data's index."
        )
    if x is not None and x not in df.columns:
        raise _column_not_found(df, x)
    y_columns = _y_columns(df, y, x)
    color_column = color if isinstance(color, str) and color in df.columns else None
    color_value = None if color_column else color
    size_column = size if isinstance(size, str) and size in df.columns else None
    size_value = None if size_column else size
    sort_column = sort.removeprefix("-") if isinstance(sort, str) else None
    if sort_column is not None and sort_column not in df.columns:
        raise _column_not_found(df, sort_column)

    x_column = x
    if x_column is None and y_columns:  # the index is the x axis
        x_column = str(df.index.name) if df.index.name is not None else _INDEX
        df.index.name = x_column
        df = df.reset_index()
    used = (x_column, color_column, size_column, sort_column, *y_columns)
    keep = list(dict.fromkeys(c for c in used if c is not None))
    df = df[keep]
    if (color_column is not None and len(df) and _is_color(df[color_column].iat[0])
            and not isinstance(df[color_column].iat[0], str)):
        df[color_column] = df[color_column].apply(_css_color)

    y_column: str | None = y_columns[0] if len(y_columns) == 1 else None
    if len(y_columns) > 1 and x_column is not None:  # wide to long: one series per column
        import pandas as pd  # pandas only when a value needs it (it takes a second to import)

        still = list(dict.fromkeys(c for c in (x_column, size_column, sort_column) if c is not None))
        df = pd.melt(df, id_vars=still, value_vars=y_columns, var_name=_SERIES, value_name=_VALUE)
        from pandas.api.types import infer_dtype  # pandas only when a value needs it (it takes a second to import)

        if df[_VALUE].dtype == object and infer_dtype(df[_VALUE]) in ("mixed", "mixed-integer"):
            df[_VALUE] = df[_VALUE].astype(str)  # numbers and text melted together: Streamlit shows text
        y_column, color_column = _VALUE, _SERIES

    horizontal_bar = kind == "bar" and horizontal
    x_enc = _axis(alt.X, df, x_column, x, x_label, discrete=kind == "bar" and not horizontal, grid=horizontal_bar)
    y_enc = _axis(alt.Y, df, y_column, y, y_label, discrete=False, grid=not horizontal_bar)
    if horizontal_bar:  # the value goes along x, the categories down y
        x_enc = _axis(alt.X, df, y_column, y, y_label, discrete=False, grid=True)
        y_enc = _axis(alt.Y, df, x_column, x, x_label, discrete=True, grid=False)
    value_enc, category_enc = (x_enc, y_enc) if horizontal_bar else (y_enc, x_enc)
    if stack is not None:
        value_enc["stack"] = False if stack == "layered" else stack
    if kind == "bar":
        if sort is False:
            category_enc["sort"] = None
        elif isinstance(sort, str):
            order = "descending" if sort.startswith("-") else "ascending"
            category_enc["sort"] = alt.SortField(field=sort_column, order=order)

    chart = alt.Chart(df, mark=CHART_KINDS[kind]).encode(x=x_enc, y=y_enc)
    if kind == "bar" and stack is False and color_column is not None:  # grouped bars
        if horizontal:
            offset = {"yOffset": alt.YOffset(field=color_column), "xOffset": alt.XOffset()}
        else:
            offset = {"xOffset": alt.XOffset(field=color_column), "yOffset": alt.YOffset()}
        chart = chart.encode(**offset)
    if color_column is not None and (kind == "area" or stack == "layered"):
        chart = chart.encode(opacity=alt.OpacityValue(0.7))
    color_enc = _color(df, color_value, color_column, y_columns, color)
    if color_enc is not None:
        chart = chart.encode(color=color_enc)
    if kind == "scatter":
        if size_column is not None:
            chart = chart.encode(size=alt.Size(size_column, title=size_column, legend=_SIZE_LEGEND))
        elif size_value is None or isinstance(size_value, (int, float)):
            chart = chart.encode(size=alt.SizeValue(100 if size_value is None else size_value))
        else:
            raise JupyterStateValueError(f"Invalid `size` value {size_value!r}: expected a column name or a number.")
    if x_column is not None and y_column is not None:
        chart = chart.encode(tooltip=_tooltip(x_column, y_column, color_column, color_enc, size_column))
    if kind == "line" and x_column is not None:
        nearest = alt.selection_point(nearest=True, on="mousemove", fields=[x_column], empty=False, clear="mouseleave")
        points = chart.mark_point(opacity=0).add_params(nearest)
        highlight = chart.mark_point(filled=True, size=65).transform_filter(nearest)
        chart = alt.layer(chart, points, highlight).configure_legend(symbolType="stroke")
    size_props: dict[str, Any] = {"height": height if isinstance(height, int) else 350}
    if width is not None:  # None: Vega-Lite's own width ("content")
        size_props["width"] = width
    return chart.properties(**size_props).interactive()


def _axis(channel: Any, df: Any, column: str | None, given: Any, label: str | None, *,
          discrete: bool, grid: bool) -> Any:
    alt = _altair()
    from pandas.api.types import is_integer_dtype  # pandas only when a value needs it (it takes a second to import)

    if column is None:
        field, title, kind = _MISSING, "", "quantitative"
    else:
        field = column
        # Only a column the user named gets a title (Streamlit's behaviour).
        title = "" if column in (_INDEX, _VALUE) or given is None else column
        kind = "ordinal" if discrete and not _holds_dates(df, column) else _vega_type(df[column])
    if label is not None:
        title = label
    integer = column is not None and is_integer_dtype(df[column])
    axis = alt.Axis(tickMinStep=1, grid=grid) if integer else alt.Axis(grid=grid)
    return channel(field=field, title=title, type=kind, scale=alt.Scale(), axis=axis)


def _color(df: Any, value: Any, column: str | None, y_columns: list[str], given: Any) -> Any:
    alt = _altair()

    if value not in (None, [], ()):
        if _is_color(value):
            if len(y_columns) != 1:
                raise _length_mismatch([value], y_columns)
            return alt.ColorValue(_css_color(value))
        if isinstance(value, (list, tuple)) and all(_is_color(c) for c in value):
            if len(value) != len(y_columns):
                raise _length_mismatch(value, y_columns)
            if len(value) == 1:
                return alt.ColorValue(_css_color(value[0]))
            scale = alt.Scale(domain=y_columns, range=[_css_color(c) for c in value])
            return alt.Color(field=column, scale=scale, legend=_LEGEND, type="nominal", title=" ")
        raise JupyterStateAPIException(
            f"This does not look like a valid color argument: `{given}`.\n\nThe color argument can be:\n\n"
            '* A hex string like "#ffaa00" or "#ffaa0088".\n'
            "* An RGB or RGBA tuple with the red, green, blue, and alpha\n"
            "  components specified as ints from 0 to 255 or floats from 0.0 to\n  1.0.\n* The name of a column.\n"
            "* Or a list of colors, matching the number of y columns to draw."
        )
    if column is None:
        return None
    if column == _SERIES:
        return alt.Color(field=column, legend=_LEGEND, type="nominal", title=" ")
    encoding = alt.Color(field=column, legend=_LEGEND, type=_vega_type(df[column]))
    if len(df) and _is_color(df[column].iat[0]):  # the column holds the colours themselves
        encoding["scale"] = alt.Scale(range=[_css_color(c) for c in df[column].unique()])
        encoding["legend"] = None
    return encoding


def _length_mismatch(colors: Any, y_columns: list[str]) -> JupyterStateAPIException:
    return JupyterStateAPIException(
        f"The list of colors `{list(colors)}` must have the same length "
        f"as the list of columns to be colored `{y_columns}`."
    )


def _tooltip(x: str, y: str, color: str | None, color_enc: Any, size: str | None) -> list[Any]:
    alt = _altair()

    tips = [alt.Tooltip(x, title="index") if x == _INDEX else alt.Tooltip(x)]
    tips.append(alt.Tooltip(y, title="value", type="quantitative") if y == _VALUE else alt.Tooltip(y))
    if color is not None and getattr(color_enc, "legend", True) is not None:
        tips.append(alt.Tooltip(color, title="color", type="nominal") if color == _SERIES else alt.Tooltip(color))
    if size is not None:
        tips.append(alt.Tooltip(size))
    return tips
