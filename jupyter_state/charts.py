"""Charts: the built-in charts, ``st.altair_chart``, ``st.vega_lite_chart``, ``st.pyplot``, ``st.plotly_chart``.

Every Vega-Lite chart is one ``application/vnd.vegalite.v5+json`` output: JupyterLab,
Notebook 7 and Voilà render it with the Vega bundled in the page, so nothing is fetched
from the network. The spec is built with Altair, as Streamlit builds it (Altair 6 writes
Vega-Lite 6 specs; the simple specs charts make read the same in the frontends' Vega-Lite
5, so the ``$schema`` is set to the version the renderer has).
"""

from __future__ import annotations

import contextlib
import io
import json
from collections.abc import Sequence
from typing import Any

from ._chart_data import build_chart, to_frame
from ._extras import require
from .elements import emit
from .errors import JupyterStateAPIException, JupyterStateValueError
from .media import image
from .output import display_element

__all__ = [
    "altair_chart", "area_chart", "bar_chart", "line_chart", "plotly_chart", "pyplot",
    "scatter_chart", "vega_lite_chart",
]

VEGALITE_MIMETYPE = "application/vnd.vegalite.v5+json"
_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
#: The width "stretch" (Streamlit's default) draws at. Vega-Lite's ``width: "container"``
#: would fill the output area, but in Jupyter's output areas the container's width follows
#: the chart's, and the resize loop that starts freezes the page (seen in JupyterLab).
STRETCH_WIDTH = 640
def _chart_width(width: Any, use_container_width: bool | None) -> int | None:
    """Streamlit's ``width``/``use_container_width`` as a Vega-Lite width (None: the spec's own)."""
    if use_container_width is not None:
        if use_container_width:
            return STRETCH_WIDTH
        return width if isinstance(width, int) and not isinstance(width, bool) else None
    if width == "stretch":
        return STRETCH_WIDTH
    if width == "content" or width is None:
        return None
    if isinstance(width, int) and not isinstance(width, bool) and width > 0:
        return width
    raise JupyterStateValueError(
        f"Invalid width value: {width!r}. Width must be either an integer (pixels), 'stretch', or 'content'."
    )


def _check_height(height: Any) -> int | None:
    if height in ("content", "stretch"):
        return None
    if isinstance(height, int) and not isinstance(height, bool) and height > 0:
        return height
    raise JupyterStateValueError(
        f"Invalid height value: {height!r}. Height must be either an integer (pixels), 'stretch', or 'content'."
    )


def _emit_spec(spec: dict[str, Any], kind: str) -> None:
    spec = {**spec, "$schema": _SCHEMA}
    mark = spec.get("mark")
    label = mark.get("type") if isinstance(mark, dict) else mark
    text = f"<{kind} (Vega-Lite {label or 'chart'})>"
    emit(display_element("vega_lite_chart", spec, {VEGALITE_MIMETYPE: spec, "text/plain": text}))


def _altair_spec(chart: Any, *, validate: bool = True) -> dict[str, Any]:
    alt = require("altair", "st.altair_chart")
    # Altair's default theme would fix the chart's size in its config; Streamlit turns it
    # off too. Inline data of any size, as Streamlit sends it (Altair stops at 5,000 rows).
    theme = alt.theme.enable("none") if alt.theme.active == "default" else contextlib.nullcontext()
    with theme, alt.data_transformers.disable_max_rows():
        spec: dict[str, Any] = chart.to_dict(validate=validate)
    return spec


def _builtin(kind: str, command: str, data: Any, *,
             width: Any, height: Any, use_container_width: bool | None, **options: Any) -> None:
    require("altair", command)
    require("pandas", command)
    chart_width = _chart_width(width, use_container_width)
    chart = build_chart(kind, data, width=chart_width, height=_check_height(height), **options)
    _emit_spec(_altair_spec(chart, validate=False), command)


def line_chart(
    data: Any = None, *, x: str | None = None, y: str | Sequence[str] | None = None, x_label: str | None = None,
    y_label: str | None = None, color: Any = None, width: Any = "stretch", height: Any = "content",
    use_container_width: bool | None = None,
) -> None:
    """Display a line chart of ``data`` (a DataFrame, Series, dict, list or NumPy array).

    Without ``x`` the index is the x axis; without ``y`` every other column is a line.
    ``color`` is a column name, a colour (``"#ffaa00"``, an RGB(A) tuple) or one colour per
    ``y`` column.

    Examples
    --------
    >>> st.line_chart({"sales": [3, 5, 4]})  # doctest: +SKIP
    >>> st.line_chart(df, x="day", y=["min", "max"], color=["#1f77b4", "#d62728"])  # doctest: +SKIP
    """
    _builtin("line", "st.line_chart", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
             width=width, height=height, use_container_width=use_container_width)


def area_chart(
    data: Any = None, *, x: str | None = None, y: str | Sequence[str] | None = None, x_label: str | None = None,
    y_label: str | None = None, color: Any = None, stack: bool | str | None = None, width: Any = "stretch",
    height: Any = "content", use_container_width: bool | None = None,
) -> None:
    """Display an area chart; ``stack`` is True, False, ``"normalize"``, ``"center"`` or None.

    Examples
    --------
    >>> st.area_chart(df, x="day", y=["a", "b"], stack="normalize")  # doctest: +SKIP
    """
    _builtin("area", "st.area_chart", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color, stack=stack,
             width=width, height=height, use_container_width=use_container_width)


def bar_chart(
    data: Any = None, *, x: str | None = None, y: str | Sequence[str] | None = None, x_label: str | None = None,
    y_label: str | None = None, color: Any = None, horizontal: bool = False, sort: bool | str = True,
    stack: bool | str | None = None, width: Any = "stretch", height: Any = "content",
    use_container_width: bool | None = None,
) -> None:
    """Display a bar chart (``horizontal=True`` for bars along x; ``stack=False`` for grouped bars).

    ``sort`` orders the bars: True (by the category), False (data order) or a column name,
    ``"-name"`` for descending.

    Examples
    --------
    >>> st.bar_chart(df, x="fruit", y="count", horizontal=True)  # doctest: +SKIP
    """
    _builtin("bar", "st.bar_chart", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color,
             horizontal=horizontal, sort=sort, stack=stack,
             width=width, height=height, use_container_width=use_container_width)


def scatter_chart(
    data: Any = None, *, x: str | None = None, y: str | Sequence[str] | None = None, x_label: str | None = None,
    y_label: str | None = None, color: Any = None, size: str | float | None = None, width: Any = "stretch",
    height: Any = "content", use_container_width: bool | None = None,
) -> None:
    """Display a scatter chart; ``size`` is a column name or the points' size.

    Examples
    --------
    >>> st.scatter_chart(df, x="height", y="weight", color="species", size="age")  # doctest: +SKIP
    """
    _builtin("scatter", "st.scatter_chart", data, x=x, y=y, x_label=x_label, y_label=y_label, color=color, size=size,
             width=width, height=height, use_container_width=use_container_width)


def _check_selection(on_select: Any, theme: Any) -> None:
    if theme not in ("streamlit", None):
        raise JupyterStateValueError(f"Invalid `theme` value {theme!r}: expected 'streamlit' or None.")
    if on_select != "ignore":
        raise JupyterStateAPIException(
            "Chart selections (on_select) are not supported yet: charts here are display only."
        )


def _sized(spec: dict[str, Any], width: Any, height: Any, use_container_width: bool | None) -> dict[str, Any]:
    spec = dict(spec)
    if not spec:
        raise JupyterStateAPIException("Vega-Lite charts require a non-empty spec dict.")
    composed = (any(k in spec for k in ("facet", "hconcat", "vconcat", "concat", "repeat"))
                or any(k in spec.get("encoding", {}) for k in ("row", "column", "facet")))
    if spec.get("width") == "container":  # see STRETCH_WIDTH: it would freeze the page
        spec["width"] = STRETCH_WIDTH
    asked = width is not None or bool(use_container_width)
    wanted = _chart_width(width if width is not None else "content" if composed else "stretch", use_container_width)
    if wanted is not None and not composed and (asked or "width" not in spec):
        spec["width"] = wanted
    checked = _check_height(height)
    if checked is not None:
        spec["height"] = checked
    return spec


def altair_chart(
    altair_chart: Any, *, width: Any = None, height: Any = "content", use_container_width: bool | None = None,
    theme: str | None = "streamlit", key: str | None = None, on_select: Any = "ignore",
    selection_mode: Any = None,
) -> None:
    """Display an Altair chart, drawn by the frontend's own Vega (nothing fetched).

    Examples
    --------
    >>> import altair as alt  # doctest: +SKIP
    >>> st.altair_chart(alt.Chart(df).mark_bar().encode(x="a", y="b"))  # doctest: +SKIP
    """
    _check_selection(on_select, theme)
    _emit_spec(_sized(_altair_spec(altair_chart), width, height, use_container_width), "st.altair_chart")


def vega_lite_chart(
    data: Any = None, spec: dict[str, Any] | None = None, *, width: Any = None, height: Any = "content",
    use_container_width: bool | None = None, theme: str | None = "streamlit", key: str | None = None,
    on_select: Any = "ignore", selection_mode: Any = None, **kwargs: Any,
) -> None:
    """Display a chart from a Vega-Lite spec (a dict); ``data`` fills the spec's ``data``.

    Examples
    --------
    >>> spec = {"mark": "bar", "encoding": {"x": {"field": "a"}, "y": {"field": "b"}}}
    >>> st.vega_lite_chart(df, spec)  # doctest: +SKIP
    """
    _check_selection(on_select, theme)
    if isinstance(data, dict) and spec is None:
        data, spec = None, data
    spec = {**(spec or {}), **kwargs}
    if data is not None:
        require("altair", "st.vega_lite_chart")
        from altair.utils.data import to_values  # Altair only for a chart (an optional extra, slow to import)

        spec["data"] = to_values(to_frame(data))
    _emit_spec(_sized(spec, width, height, use_container_width), "st.vega_lite_chart")


def pyplot(fig: Any = None, clear_figure: bool | None = None, *, width: Any = "stretch",
           use_container_width: bool | None = None, **kwargs: Any) -> None:
    """Display a Matplotlib figure as an image (``kwargs`` go to ``fig.savefig``).

    Examples
    --------
    >>> import matplotlib.pyplot as plt  # doctest: +SKIP
    >>> fig, ax = plt.subplots(); ax.plot([1, 3, 2])  # doctest: +SKIP
    >>> st.pyplot(fig)  # doctest: +SKIP
    """
    plt = require("matplotlib.pyplot", "st.pyplot")
    if clear_figure is None:  # Streamlit clears the global figure it drew, not a figure given
        clear_figure = fig is None
    if fig is None:
        fig = plt.gcf()
    options = {"bbox_inches": "tight", "dpi": 200, "format": "png", **kwargs}
    buffer = io.BytesIO()
    fig.savefig(buffer, **options)
    if clear_figure:
        fig.clf()
    # The inline backend shows every open pyplot figure after a run; this one is shown
    # here, so it leaves pyplot's list (the Figure object itself stays usable).
    if plt.fignum_exists(getattr(fig, "number", -1)):
        plt.close(fig)
    image(buffer.getvalue(), width=width, use_container_width=use_container_width, output_format="PNG")


def plotly_chart(
    figure_or_data: Any, use_container_width: bool | None = None, *, width: Any = "stretch", height: Any = "content",
    theme: str | None = "streamlit", key: str | None = None, on_select: Any = "ignore", selection_mode: Any = None,
    config: dict[str, Any] | None = None, **kwargs: Any,
) -> None:
    """Display a Plotly figure with Plotly's own renderer (its mimetype, plotly.js inline).

    Examples
    --------
    >>> import plotly.express as px  # doctest: +SKIP
    >>> st.plotly_chart(px.line(x=[1, 2, 3], y=[3, 1, 2]))  # doctest: +SKIP
    """
    _check_selection(on_select, theme)
    go = require("plotly.graph_objects", "st.plotly_chart")
    pio = require("plotly.io", "st.plotly_chart")
    figure = figure_or_data if isinstance(figure_or_data, go.Figure) else go.Figure(figure_or_data)
    if _check_height(height) is not None:
        figure = go.Figure(figure).update_layout(height=height)
    spec = figure.to_plotly_json()
    data = {
        "application/vnd.plotly.v1+json": {**_json_safe_plotly(pio, figure), "config": config or {}},
        # Frontends without Plotly's extension show the HTML, plotly.js embedded (no CDN).
        "text/html": pio.to_html(figure, include_plotlyjs=True, full_html=False, config=config or {},
                                 default_width="100%" if width == "stretch" or use_container_width else None),
        "text/plain": f"<Plotly figure with {len(spec.get('data', []))} traces>",
    }
    emit(display_element("plotly_chart", spec, data))


def _json_safe_plotly(pio: Any, figure: Any) -> dict[str, Any]:
    safe: dict[str, Any] = json.loads(pio.to_json(figure))
    return safe
