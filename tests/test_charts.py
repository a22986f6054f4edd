"""Charts: the built-in charts' Vega-Lite against Streamlit's, the output the frontends render,
altair/vega_lite sizing, pyplot, and the errors (Streamlit's wording, the extra to install)."""

from __future__ import annotations

import json
import re
import sys
from typing import Any

import pandas as pd
import pytest

import jupyter_state as st
from jupyter_state.charts import STRETCH_WIDTH, VEGALITE_MIMETYPE
from jupyter_state.testing import AppTest

DATA = 'df = pd.DataFrame({"a": [1, 2, 3], "b": [4, 5, 6], "c": [7.0, 8, 9], "k": ["x", "y", "z"]})\n'
CALLS = [
    "st.line_chart(df)",
    'st.line_chart(df, x="a", y=["b", "c"], color=["#ff0000", "#0000ff"])',
    'st.bar_chart(df, x="a", y="b", horizontal=True)',
    'st.bar_chart(df, x="k", y=["b", "c"], stack=False)',
    'st.bar_chart(df, x="k", y="b", sort="-b", x_label="K", y_label="B")',
    'st.area_chart(df, x="a", stack="normalize")',
    'st.scatter_chart(df, x="a", y="b", size="c", color="k")',
    'st.scatter_chart(df, x="a", y="b", color=(255, 0, 0), size=30)',
    'st.bar_chart(df, x="a", y="b", sort=False, horizontal=True, stack="layered", color="k")',
]


def ours(call: str, prelude: str = DATA) -> AppTest:
    at = AppTest.from_string(f"import jupyter_state as st\nimport pandas as pd\n{prelude}{call}\n", default_timeout=30).run()
    assert not at.exception, at.exception[0].message if at.exception else ""
    return at


def shape(spec: dict[str, Any]) -> Any:
    """A spec without its data, size and the generated names (Altair numbers them differently)."""
    spec = {k: v for k, v in spec.items() if k not in ("$schema", "data", "datasets", "config", "width", "height", "autosize", "padding")}
    text = re.sub(r'"(param|view)_?\w*"', '"name"', json.dumps(spec, sort_keys=True))
    return json.loads(text)


@pytest.mark.oracle
@pytest.mark.parametrize("call", CALLS)
def test_builtin_chart_encodings_are_streamlits(call: str) -> None:
    from tests.test_oracle import st_testing  # skips locally without Streamlit, fails in CI
    theirs = st_testing.AppTest.from_string(f"import streamlit as st\nimport pandas as pd\n{DATA}{call}\n", default_timeout=30).run()
    assert not theirs.exception
    [their_chart] = theirs.get("vega_lite_chart")
    [our_chart] = ours(call).get("vega_lite_chart")
    assert shape(our_chart.spec) == shape(json.loads(their_chart.proto.spec))


@pytest.mark.oracle
@pytest.mark.parametrize("call", [
    'st.line_chart(df, x="nope")',
    'st.line_chart(df, y=["b", "zzz"])',
    'st.line_chart(df, y=["b", "c"], color="#ff0000")',
    'st.line_chart(df, y="b", color="not a colour")',
    'st.bar_chart(df, stack="sideways")',
])
def test_chart_errors_say_what_streamlit_says(call: str) -> None:
    from tests.test_oracle import st_testing  # skips locally without Streamlit, fails in CI
    theirs = st_testing.AppTest.from_string(f"import streamlit as st\nimport pandas as pd\n{DATA}{call}\n", default_timeout=30).run()
    at = AppTest.from_string(f"import jupyter_state as st\nimport pandas as pd\n{DATA}{call}\n", default_timeout=30).run()
    [theirs_error], [our_error] = theirs.exception, at.exception
    if "stack" in call:  # Streamlit's StreamlitValueError lists the options in its own words
        assert "stack" in our_error.message and "normalize" in our_error.message
    else:
        assert our_error.message.strip() == theirs_error.message.strip()


def test_wide_data_is_melted_into_one_series_per_column() -> None:
    [chart] = ours('st.line_chart(df, x="a", y=["b", "c"])').get("vega_lite_chart")
    spec = chart.spec
    rows = next(iter(spec["datasets"].values()))
    assert [(r["a"], r["color -- streamlit-generated"], r["value -- streamlit-generated"]) for r in rows] == [
        (1, "b", 4), (2, "b", 5), (3, "b", 6), (1, "c", 7.0), (2, "c", 8.0), (3, "c", 9.0)]
    line, hover, highlight = spec["layer"]  # the line, the nearest-point detector, the highlight
    assert line["mark"]["type"] == "line" and highlight["mark"] == {"type": "point", "filled": True, "size": 65}


def test_index_is_x_when_no_x_is_given() -> None:
    at = ours("st.bar_chart(pd.Series([3, 1, 2], index=pd.Index(['p', 'q', 'r'], name='item'), name='n'))", prelude="")
    spec = at.get("vega_lite_chart")[0].spec
    assert spec["encoding"]["x"]["field"] == "item" and spec["encoding"]["x"]["type"] == "ordinal"
    assert [r["item"] for r in next(iter(spec["datasets"].values()))] == ["p", "q", "r"]


def test_chart_output_is_vegalite_v5_the_frontends_render() -> None:
    at = ours("st.line_chart(df, height=200)")
    element = next(e for _, e in at._walk() if getattr(e, "kind", None) == "vega_lite_chart")
    data = element.output["data"]
    assert set(data) == {VEGALITE_MIMETYPE, "text/plain"}
    spec = data[VEGALITE_MIMETYPE]
    assert spec["$schema"] == "https://vega.github.io/schema/vega-lite/v5.json"
    # "stretch" is a fixed width: width "container" freezes Jupyter's output areas (charts.py)
    assert spec["width"] == STRETCH_WIDTH and spec["height"] == 200
    assert "config" not in spec or "view" not in spec.get("config", {})  # Altair's default theme is off
    json.dumps(spec, allow_nan=False)  # it travels as JSON in the Output widget's state


def test_unchanged_chart_gives_the_same_output_so_a_rerun_sends_nothing() -> None:
    at = ours("st.line_chart(df)\nst.scatter_chart(df, x='a', y='b')")
    first = [e.output for _, e in at._walk() if getattr(e, "kind", None) == "vega_lite_chart"]
    at.run()
    again = [e.output for _, e in at._walk() if getattr(e, "kind", None) == "vega_lite_chart"]
    assert first == again


def test_width_and_use_container_width() -> None:
    at = ours('st.bar_chart(df, x="k", y="b", width=300)\nst.bar_chart(df, x="k", y="b", width="content")\n'
              'st.bar_chart(df, x="k", y="b", width=300, use_container_width=True)')
    widths = [c.spec.get("width") for c in at.get("vega_lite_chart")]
    assert widths == [300, None, STRETCH_WIDTH]
    at = AppTest.from_string("import jupyter_state as st\nst.line_chart({'a': [1, 2]}, width='wide')\n").run()
    assert "Width must be either an integer (pixels), 'stretch', or 'content'" in at.exception[0].message


def test_altair_and_vega_lite_charts() -> None:
    at = ours(
        "import altair as alt\n"
        "st.altair_chart(alt.Chart(df).mark_bar().encode(x='k', y='b'))\n"
        "st.altair_chart(alt.Chart(df).mark_point().encode(x='a', y='b').properties(width=250), height=120)\n"
        "st.altair_chart(alt.Chart(df).mark_point().encode(x='a', y='b').properties(width='container'))\n"
        "st.altair_chart(alt.hconcat(alt.Chart(df).mark_bar().encode(x='k', y='b'), alt.Chart(df).mark_bar().encode(x='k', y='c')))\n"
        "st.vega_lite_chart(df, {'mark': 'bar', 'encoding': {'x': {'field': 'k'}, 'y': {'field': 'b', 'type': 'quantitative'}}}, width=333)\n"
        "st.vega_lite_chart({'data': {'values': [{'v': 1}]}, 'mark': 'tick', 'encoding': {'x': {'field': 'v'}}})\n"
    )
    specs = [c.spec for c in at.get("vega_lite_chart")]
    assert [s.get("width") for s in specs] == [STRETCH_WIDTH, 250, STRETCH_WIDTH, None, 333, STRETCH_WIDTH]
    assert specs[1]["height"] == 120 and "hconcat" in specs[3]
    assert specs[4]["data"]["values"] == [{"a": 1, "b": 4, "c": 7.0, "k": "x"}, {"a": 2, "b": 5, "c": 8.0, "k": "y"}, {"a": 3, "b": 6, "c": 9.0, "k": "z"}]
    assert specs[5]["mark"] == "tick"
    at = AppTest.from_string("import jupyter_state as st\nst.vega_lite_chart({})\n").run()
    assert at.exception[0].message == "Vega-Lite charts require a non-empty spec dict."
    at = AppTest.from_string("import jupyter_state as st\nst.vega_lite_chart({'mark': 'bar'}, theme='dark')\n").run()
    assert "theme" in at.exception[0].message


def test_large_data_is_not_cut_at_altairs_5000_rows() -> None:
    at = ours("st.line_chart(pd.DataFrame({'v': range(6000)}))", prelude="")
    assert len(next(iter(at.get("vega_lite_chart")[0].spec["datasets"].values()))) == 6000


def test_pyplot_shows_the_figure_once_as_a_png() -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("agg")
    at = ours("import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\n_ = ax.plot([1, 3, 2])\nst.pyplot(fig)\nst.write(plt.fignum_exists(fig.number), len(fig.axes))", prelude="")
    [image] = at.image
    assert image.value[0].startswith("data:image/png;base64,")
    # left pyplot's list, so the inline backend does not show it a second time; not cleared
    assert at.markdown[0].value == "`False` `1`"
    at = ours("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nst.pyplot()\nst.write(len(plt.gcf().axes))", prelude="")
    assert len(at.image) == 1 and at.markdown[0].value == "`0`"  # the global figure is cleared, as Streamlit does


def test_a_missing_library_says_which_extra_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "altair", None)
    with pytest.raises(ModuleNotFoundError, match=r"st.line_chart needs the altair package.*pip install 'jupyter_state\[charts\]'"):
        st.line_chart({"a": [1, 2]})
    if "plotly" not in sys.modules:
        monkeypatch.setitem(sys.modules, "plotly", None)
    monkeypatch.setitem(sys.modules, "plotly.graph_objects", None)
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'jupyter_state\[plotly\]'"):
        st.plotly_chart({"data": []})


def test_selections_are_refused_clearly() -> None:
    at = AppTest.from_string("import jupyter_state as st\nimport altair as alt\nst.altair_chart(alt.Chart().mark_bar(), on_select='rerun')\n").run()
    assert "not supported yet" in at.exception[0].message


def test_outside_an_app_a_chart_is_ordinary_output(capsys: pytest.CaptureFixture[str]) -> None:
    st.bar_chart(pd.DataFrame({"n": [1, 2]}))  # no IPython here: the text shows
    assert "st.bar_chart (Vega-Lite bar)" in capsys.readouterr().out


def test_plotly_chart_uses_plotlys_mimetype_with_plotly_js_inlined() -> None:
    pytest.importorskip("plotly")
    at = ours("import plotly.graph_objects as go\nst.plotly_chart(go.Figure(go.Bar(x=['a'], y=[1])), height=300, config={'displayModeBar': False})", prelude="")
    [chart] = at.get("plotly_chart")
    assert chart.value["data"][0]["type"] == "bar"
    element = next(e for _, e in at._walk() if getattr(e, "kind", None) == "plotly_chart")
    data = element.output["data"]
    figure = data["application/vnd.plotly.v1+json"]
    assert figure["layout"]["height"] == 300 and figure["config"]["displayModeBar"] is False
    assert "<script src=" not in data["text/html"] and "Plotly.newPlot" in data["text/html"]  # plotly.js inline, no CDN
