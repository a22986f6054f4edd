"""``st.query_params`` and the URL view, without Streamlit (the oracle tests compare with it).

What only this implementation has: where the URL comes from (Voilà's ``QUERY_STRING``, the
view's report), when an app gets the view, and the URL forms of bound widgets' values.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import _query_params as qp_module
from jupyter_state import _url
from jupyter_state._url_bind import from_url, to_url
from jupyter_state.runtime import JupyterState, using
from jupyter_state.testing import AppTest


def _url_views(at: AppTest) -> list[Any]:
    from jupyter_state.widgets._views import UrlView

    return [c for _cell, app in at._shown for c in app.view.box.children if isinstance(c, UrlView)]


def test_an_app_that_never_uses_the_url_gets_no_view() -> None:
    def app() -> None:
        import jupyter_state as st

        st.slider("S", 0, 10, key="s")

    at = AppTest.from_function(app).run()
    assert _url_views(at) == []


def test_an_app_that_reads_the_url_gets_one_view_whatever_it_does() -> None:
    def app() -> None:
        import jupyter_state as st

        st.write(st.query_params.get("a", "-"))
        st.slider("S", 0, 10, key="s", bind="query-params")
        st.query_params["b"] = "1"

    at = AppTest.from_function(app)
    at.query_params["a"] = "x"
    at.run().run()
    [view] = _url_views(at)
    assert view.query == "a=x&b=1"
    at.slider(key="s").set_value(4).run()
    assert view.query == "a=x&b=1&s=4"


def test_the_report_of_another_url_reruns_the_apps_that_use_it() -> None:
    def app() -> None:
        import jupyter_state as st

        st.session_state.setdefault("runs", 0)
        st.session_state.runs += 1
        st.write(st.slider("S", 0, 10, 2, key="s", bind="query-params"))

    at = AppTest.from_function(app).run()
    [view] = _url_views(at)
    sent: list[Any] = []
    view.send = sent.append  # what goes to the browser
    url = _url.url_of(at.session)
    with using(at.session):
        url._on_view_msg(view, {"event": "location", "search": "?s=7&z=1"}, [])
    assert at.session_state.runs == 2
    assert at.slider(key="s").value == 7
    assert sent == [{"event": "apply", "query": "s=7&z=1"}]
    with using(at.session):  # the same URL again: nothing runs
        url._on_view_msg(view, {"event": "location", "search": "?s=7&z=1"}, [])
    assert at.session_state.runs == 2
    with using(at.session):  # not a location report: ignored
        url._on_view_msg(view, {"event": "other"}, [])
        url._on_view_msg(view, {"event": "location", "search": 3}, [])
    assert at.session_state.runs == 2


def test_under_voila_the_kernel_session_starts_from_the_page_query_string(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    monkeypatch.setenv("QUERY_STRING", "token=secret&x=3&tag=a&tag=b")
    session = JupyterState()
    monkeypatch.setattr("jupyter_state._context._sessions", [session])
    params = _url.url_of(session).params
    assert params.to_dict() == {"x": "3", "tag": "b"}
    assert "token" not in params and params.raw()["token"] == "secret"  # hidden, and kept
    params.clear()
    assert params.query_string() == "token=secret"
    # an AppTest's session (not the kernel's) never reads the environment
    assert _url.url_of(JupyterState()).params.raw() == {}


def test_outside_an_app_the_kernel_session_has_the_mapping() -> None:
    st.query_params.from_dict({"q": "1"})
    try:
        assert st.query_params.q == "1" and dict(st.query_params) == {"q": "1"}
        assert st.query_params == {"q": "1"} and "q=1" not in repr(st.query_params)
        with pytest.raises(AttributeError, match='has no attribute "nope"'):
            _ = st.query_params.nope
    finally:
        st.query_params.clear()
    assert len(st.query_params) == 0


def test_a_query_string_beyond_streamlit_limits_is_ignored() -> None:
    assert qp_module.parse_query("a=1&" * 1000) == {}
    assert qp_module.parse_query("a=" + "x" * (512 * 1024)) == {}
    assert qp_module.parse_query("a=1&b=%20c+d") == {"a": "1", "b": " c d"}


class _Fam:
    def __init__(self, kind: str, **params: Any) -> None:
        self.kind, self.params = kind, params
        self.options = params.get("options", [])
        self.labels = [(str(params.get("format_func", str)(o)), i) for i, o in enumerate(self.options)]


@pytest.mark.parametrize(
    ("family", "values", "expected", "url"),
    [
        (_Fam("slider", value=1, min_value=0, max_value=10, is_float=False), ["3"], 3, ["3"]),
        (_Fam("slider", value=1, min_value=0, max_value=10, is_float=False), ["3.0"], 3, ["3"]),
        (_Fam("slider", value=(1, 2), min_value=0, max_value=10, is_float=False), ["8", "2"], (2, 8), ["2", "8"]),
        (_Fam("slider", value=0.5, min_value=0.0, max_value=1.0, is_float=True), ["1"], 1.0, ["1"]),
        (_Fam("checkbox"), ["TRUE"], True, ["true"]),
        (_Fam("selectbox", options=[1, 2], format_func=lambda v: f"n{v}"), ["n2"], 2, ["n2"]),
        (_Fam("multiselect", options=["a", "b"], max_selections=None), ["b", "b", "zz", "a"], ["b", "a"], ["b", "a"]),
        (_Fam("multiselect", options=["a", "b"], max_selections=None), [""], [], [""]),
        (_Fam("select_slider", options=["S", "M", "L"], index=(0, 1)), ["L", "S"], ("S", "L"), ["S", "L"]),
        (_Fam("color_picker"), ["ABC"], "#aabbcc", ["#aabbcc"]),
        (_Fam("date_input", min_value=None, max_value=None), ["2024/3/4".replace("3/4", "03/04")], dt.date(2024, 3, 4), ["2024-03-04"]),
        (_Fam("time_input"), ["11:45:30"], dt.time(11, 45), ["11:45"]),
        (_Fam("text_input", max_chars=3), ["abcdef"], "abc", ["abc"]),
    ],
)
def test_url_forms(family: Any, values: list[str], expected: Any, url: list[str]) -> None:
    value = from_url(family, values)
    assert value == expected and type(value) is type(expected)
    assert to_url(family, value) == url


@pytest.mark.parametrize(
    ("family", "values"),
    [
        (_Fam("slider", value=1, min_value=0, max_value=10, is_float=False), ["11"]),
        (_Fam("slider", value=1, min_value=0, max_value=10, is_float=False), ["2.5"]),
        (_Fam("slider", value=1, min_value=0, max_value=10, is_float=False), ["nan"]),
        (_Fam("slider", value=(1, 2), min_value=0, max_value=10, is_float=False), ["3"]),
        (_Fam("checkbox"), ["yes"]),
        (_Fam("selectbox", options=["a"]), ["b"]),
        (_Fam("multiselect", options=["a"], max_selections=None), ["zz"]),
        (_Fam("color_picker"), ["#12345"]),
        (_Fam("date_input", min_value=dt.date(2024, 1, 1), max_value=None), ["2023-12-31"]),
        (_Fam("time_input"), ["10:00+02:00"]),
        (_Fam("file_uploader"), ["x"]),
    ],
)
def test_values_a_widget_cannot_take(family: Any, values: list[str]) -> None:
    with pytest.raises(ValueError):
        from_url(family, values)
