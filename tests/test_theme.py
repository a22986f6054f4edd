"""The theme and the widget views (issue 17), kernel-side: what the views are sent.

What the browser makes of it (geometry, contrast) is in tests/browser/test_lab_theme.py.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import ipywidgets
import pytest

import jupyter_state as st
from jupyter_state._icons import MATERIAL_ICONS
from jupyter_state.elements import alert_element
from jupyter_state.errors import JupyterStateAPIException, JupyterStateValueError
from jupyter_state.theme import CSS_CLASS, stylesheet, theme_view
from tests.helpers import frontend_update, set_value, texts, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def test_every_app_carries_the_theme_as_its_first_child_and_shares_one_model() -> None:
    def body() -> None:
        st.slider("How useful was this quickstart?", 0, 10, 5, key="s")

    one, two = make(body), make(body)
    for app in (one, two):
        assert CSS_CLASS in app.view.box._dom_classes
        assert app.view.box.children[0] is theme_view()
    assert "<style>" in theme_view().value and ".jupyter-state-app" in theme_view().value
    assert theme_view().layout.display == "none"  # a style element, nothing to see
    one.close()
    assert theme_view().comm is not None  # the other app still shows it
    assert two.view.box.children[0] is theme_view()


def test_the_stylesheet_is_scoped_to_the_app_and_uses_jupyterlab_colours() -> None:
    css = re.sub(r"/\*.*?\*/", "", stylesheet(), flags=re.S)
    selectors = [s.strip() for block in css.split("}") if "{" in block for s in block.split("{")[0].split(",")]
    assert len(selectors) > 30
    assert all(s.startswith((f".{CSS_CLASS}", ".jupyter-state-alert")) for s in selectors), selectors
    # no hard-coded colour outside a var() fallback: the page's theme decides
    bare = re.sub(r"var\(--[\w-]+,\s*[^()]*(\([^()]*\))?[^()]*\)", "", css)
    assert not re.search(r"#[0-9a-fA-F]{3,6}\b|rgba?\(", bare)


def test_alerts_have_no_icon_unless_given_and_no_inline_colours() -> None:
    plain = alert_element("success", "Saved <b>")
    html = plain.output["data"]["text/html"]
    assert "jupyter-state-success" in html and "style=" not in html
    assert "✅" not in html and "&lt;b&gt;" in html
    marked = alert_element("warning", "Careful", icon="⚠️")
    assert "⚠️" in marked.output["data"]["text/html"]
    with pytest.raises(ValueError, match="alert kind"):
        alert_element("danger", "x")


@pytest.mark.parametrize("name", sorted(MATERIAL_ICONS))
def test_material_icons_are_inline_svg_in_the_text_colour(name: str) -> None:
    element = alert_element("info", "Note", icon=f" :material/{name}: ")
    view = element.output["data"]["text/html"]
    assert view.count("<svg") == 1 and f"data-icon='{name}'" in view and "currentColor" in view
    assert "material" not in view.split("<svg")[0] and ":material" not in re.sub(r"<svg.*?</svg>", "", view)
    assert element.output["metadata"]["jupyter_state"]["icon"] == f":material/{name}:"


def test_an_icon_is_checked_as_streamlit_checks_it() -> None:
    with pytest.raises(JupyterStateAPIException, match=r"st\.warning: the Material icon ':material/rocket_launch:' is not drawn.*:material/check:"):
        alert_element("warning", "x", icon=":material/rocket_launch:")
    with pytest.raises(JupyterStateValueError, match=r'st\.success: The value "ok" is not a valid icon'):
        alert_element("success", "x", icon="ok")
    with pytest.raises(JupyterStateValueError, match="Invalid `icon` type"):
        alert_element("error", "x", icon=3)  # type: ignore[arg-type]
    assert alert_element("error", "x", icon="  ").output["metadata"]["jupyter_state"]["icon"] == ""


def test_time_input_shows_a_time_with_seconds_and_microseconds() -> None:
    now = dt.time(14, 45, 33, 123456)
    got: dict[str, Any] = {}

    def body() -> None:
        got["minute"] = st.time_input("t", value=now, key="t")
        got["second"] = st.time_input("u", value=now, step=1, key="u")

    app = make(body)
    # As Streamlit: a minute step drops the seconds; a sub-minute step keeps them.
    assert got == {"minute": dt.time(14, 45), "second": now}
    state = widget(app, "u").view.get_state()["value"]
    # whole milliseconds: ipywidgets' float milliseconds make the browser's box empty
    assert state == {"hours": 14, "minutes": 45, "seconds": 33, "milliseconds": 123}
    st.session_state.pop("t")
    frontend_update(widget(app, "t").view, value={"hours": 9, "minutes": 30, "seconds": 0, "milliseconds": 0})
    assert got["minute"] == dt.time(9, 30) and st.session_state.t == dt.time(9, 30)


def test_time_input_of_the_current_time_is_one_widget_across_runs() -> None:
    def body() -> None:
        st.time_input("t", value=dt.datetime.now().time())

    app = make(body)
    first = widget(app, kind="time_input")
    app.run()
    assert widget(app, kind="time_input") is first or first.value.second == 0


def test_label_visibility_hidden_keeps_the_space_collapsed_does_not() -> None:
    def body() -> None:
        st.text_input("a", key="a", label_visibility=st.session_state.get("vis", "visible"))

    app = make(body)
    view = widget(app, "a").view
    assert view.description == "a" and "jupyter-state-label-hidden" not in view._dom_classes
    for vis, hidden in (("hidden", True), ("collapsed", False), ("visible", False)):
        st.session_state.vis = vis
        app.run()
        assert ("jupyter-state-label-hidden" in view._dom_classes) is hidden
        assert view.description == ("a" if vis == "visible" else "")


def test_toggle_is_a_checkbox_the_theme_draws_as_a_switch() -> None:
    got: dict[str, Any] = {}

    def body() -> None:
        got["on"] = st.toggle("Dark mode", key="dark")

    app = make(body)
    view = widget(app, "dark").view
    assert isinstance(view, ipywidgets.Checkbox) and "jupyter-state-toggle" in view._dom_classes
    set_value(app, "dark", True)
    assert got["on"] is True and st.session_state.dark is True


def test_multiselect_view_sends_the_order_of_choosing_through_the_comm() -> None:
    from jupyter_state.widgets._views import MultiselectView

    got: list[Any] = []

    def body() -> None:
        got.append(st.multiselect("Toppings", ["ham", "olives", "pineapple"], key="t", max_selections=2, placeholder="Pick"))

    app = make(body)
    view = widget(app, "t").view
    assert isinstance(view, MultiselectView) and "jupyter-state-key-t" in view._dom_classes
    assert (view.options, view.index, view.max_selections, view.placeholder, view.description) == (["ham", "olives", "pineapple"], (), 2, "Pick", "Toppings")
    frontend_update(view, index=[2])
    frontend_update(view, index=[2, 0])  # the chips' order: pineapple first
    assert got[-1] == ["pineapple", "ham"] and st.session_state.t == ["pineapple", "ham"]
    frontend_update(view, index=[0])  # the "×" of pineapple
    assert got[-1] == ["ham"]
    # a third choice (the view does not send one) is cut to max_selections, as Streamlit
    frontend_update(view, index=[0, 1, 2])
    assert got[-1] == ["ham", "olives"]


@pytest.mark.parametrize("bad", [[5], [0, 0], ["ham"], [-1]])
def test_multiselect_view_refuses_positions_that_are_not_options(bad: list[Any]) -> None:
    got: list[Any] = []
    app = make(lambda: got.append(st.multiselect("m", ["a", "b"], default=["b"], key="m")))
    view = widget(app, "m").view
    frontend_update(view, index=bad)
    assert view.index == (1,) and st.session_state.m == ["b"] and got[-1] == ["b"]
    assert any("refused a value" in t for t in texts(app))


def test_number_input_view_carries_format_and_clamps_and_refuses_nan() -> None:
    from jupyter_state.widgets._views import FloatInputView, IntInputView

    got: dict[str, Any] = {}

    def body() -> None:
        got["f"] = st.number_input("Celsius", value=20.0, max_value=50.0, key="f")
        got["i"] = st.number_input("Count", 0, 10, 5, key="i", format="%03d")

    app = make(body)
    fview, iview = widget(app, "f").view, widget(app, "i").view
    assert isinstance(fview, FloatInputView) and isinstance(iview, IntInputView)
    assert (fview.format, fview.is_float, iview.format, iview.is_float) == ("", True, "%03d", False)
    frontend_update(fview, value=21.5)  # the + stepper or a typed value
    assert got["f"] == 21.5 and isinstance(got["f"], float)
    frontend_update(fview, value=99)  # above max_value: clamped, and the kept value shown
    assert got["f"] == 50.0 and fview.value == 50.0
    frontend_update(iview, value=7)
    assert got["i"] == 7 and isinstance(got["i"], int)
    fview.comm.handle_msg({"content": {"data": {"method": "update", "state": {"value": float("nan")}, "buffer_paths": []}}, "buffers": []})
    assert got["f"] == 50.0 and any("refused a value" in t for t in texts(app))


def test_slider_views_carry_streamlit_format_and_option_labels_and_clamp() -> None:
    from jupyter_state.widgets._views import (
        FloatRangeSliderView,
        FloatSliderView,
        IntSliderView,
        SelectionRangeSliderView,
        SelectionSliderView,
    )

    got: dict[str, Any] = {}

    def body() -> None:
        got["i"] = st.slider("Age", 0, 130, 25, key="i")
        got["f"] = st.slider("Ratio", 0.0, 1.0, 0.5, key="f")
        got["p"] = st.slider("Share", 0.0, 100.0, (10.0, 40.0), format="%.1f%%", key="p")
        got["c"] = st.select_slider("Color", ["red", "green", "blue"], value="green", format_func=str.upper, key="c")
        got["q"] = st.select_slider("Quarter", ["Jan", "Feb", "Mar"], value=("Jan", "Feb"), key="q")

    app = make(body)
    views = {k: widget(app, k).view for k in "ifpcq"}
    classes = [IntSliderView, FloatSliderView, FloatRangeSliderView, SelectionSliderView, SelectionRangeSliderView]
    assert all(isinstance(views[k], cls) for k, cls in zip("ifpcq", classes, strict=True))
    # Streamlit's defaults, "%d" and "%0.2f", unless format= is given; options show as labels
    assert [views[k].format for k in "ifp"] == ["%d", "%0.2f", "%.1f%%"]
    assert (views["c"].options, views["c"].index, views["q"].index) == (["RED", "GREEN", "BLUE"], 1, (0, 1))
    frontend_update(views["i"], value=200)  # past max_value: clamped, as ipywidgets' sliders do
    assert got["i"] == 130 and views["i"].value == 130
    frontend_update(views["p"], value=[20.0, 30.0])
    assert got["p"] == (20.0, 30.0)
    frontend_update(views["c"], index=2)  # the browser sends a position; the app gets the option
    frontend_update(views["q"], index=[1, 2])
    assert (got["c"], got["q"], st.session_state.q) == ("blue", ("Feb", "Mar"), ("Feb", "Mar"))
    frontend_update(views["c"], index=3)  # not a position of the options: refused, kept
    assert got["c"] == "blue" and views["c"].index == 2 and any("refused a value" in t for t in texts(app))
