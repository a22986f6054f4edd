"""Buttons look as Streamlit's: ``type``, ``icon`` and ``width`` on every kind of button.

The views are checked for the classes the theme draws from (never inline colours), and the
arguments are checked against Streamlit's AppTest: what it rejects, we reject.
"""

from __future__ import annotations

import os
from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import errors
from jupyter_state.testing import AppTest as OurAppTest
from jupyter_state.theme import stylesheet
from tests.helpers import texts, widget


def make(body: Any) -> Any:
    return st.app(body, display=False)


def html_outputs(app: Any) -> list[str]:
    return [o["data"]["text/html"] for g in app.view.block.shown for o in getattr(g, "outputs", ()) if "text/html" in o.get("data", {})]


@pytest.mark.parametrize("kind", ["primary", "secondary", "tertiary"])
def test_each_type_gives_its_class_on_button_submit_and_download(kind: str) -> None:
    def body() -> None:
        st.button("Go", key="b", type=kind)
        st.download_button("Save", "x", key="d", type=kind)
        with st.form("f"):
            st.form_submit_button("Send", key="s", type=kind)

    app = make(body)
    for key in ("b", "s"):
        classes = widget(app, key).view._dom_classes
        assert f"jupyter-state-button-{kind}" in classes
        assert [c for c in classes if c.startswith("jupyter-state-button-") and c.endswith(("primary", "secondary", "tertiary"))] == [f"jupyter-state-button-{kind}"]
    assert widget(app, "d").view.button_type == kind
    assert widget(app, "b").view.button_style == ("primary" if kind == "primary" else "")


def test_a_type_change_on_rerun_replaces_the_class() -> None:
    def body() -> None:
        st.button("Go", key="b", type=st.session_state.get("t", "secondary"))

    app = make(body)
    st.session_state.t = "primary"
    app.run()
    classes = widget(app, "b").view._dom_classes
    assert "jupyter-state-button-primary" in classes and "jupyter-state-button-secondary" not in classes


def test_the_theme_draws_each_type_without_inline_styles() -> None:
    css = stylesheet()
    for kind in ("primary", "tertiary"):
        assert f".jupyter-state-app .jupyter-state-button-{kind}.widget-button" in css
    assert "--jupyter-state-accent" in css

    def body() -> None:
        st.link_button("Docs", "https://example.org", type="primary", icon="📚")

    shown = html_outputs(make(body))
    assert len(shown) == 1
    assert "jupyter-state-button-primary" in shown[0] and "style=" not in shown[0] and "📚 Docs" in shown[0]


def test_an_emoji_icon_is_shown_before_the_label() -> None:
    def body() -> None:
        st.button("Launch", key="b", icon=" 🚀 ")
        st.download_button("Save", "x", key="d", icon="💾")
        with st.form("f"):
            st.form_submit_button("Send", key="s", icon="👍🏽")

    app = make(body)
    assert widget(app, "b").view.description == "🚀 Launch"
    assert widget(app, "s").view.description == "👍🏽 Send"
    assert (widget(app, "d").view.icon, widget(app, "d").view.label) == ("💾", "Save")


@pytest.mark.parametrize(
    ("args", "layout_width", "size_class"),
    [
        ({}, None, "jupyter-state-button-content"),
        ({"use_container_width": True}, "100%", "jupyter-state-button-stretch"),
        ({"width": "stretch"}, "100%", "jupyter-state-button-stretch"),
        ({"width": "stretch", "use_container_width": False}, None, "jupyter-state-button-content"),
        ({"width": 240}, "240px", "jupyter-state-button-content"),
    ],
)
def test_width_and_use_container_width_give_the_layout(args: dict[str, Any], layout_width: str | None, size_class: str) -> None:
    def body() -> None:
        st.button("Go", key="b", **args)
        st.download_button("Save", "x", key="d", **args)

    app = make(body)
    view = widget(app, "b").view
    assert view.layout.width == layout_width and size_class in view._dom_classes
    download = widget(app, "d").view
    assert download.full_width == (size_class == "jupyter-state-button-stretch")
    assert download.layout.width == layout_width


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: st.button("Go", type="danger"), "Invalid `type` value. Supported values: 'primary', 'secondary', 'tertiary'."),
        (lambda: st.download_button("Save", "x", type="big"), "st.download_button: Invalid `type` value."),
        (lambda: st.link_button("Docs", "https://example.org", type="link"), "st.link_button: Invalid `type` value."),
        (lambda: st.button("Go", icon="rocket"), 'The value "rocket" is not a valid icon. Please use a single emoji'),
        (lambda: st.button("Go", icon="🚀🚀🚀"), 'The value "🚀🚀🚀" is not a valid icon.'),
        (lambda: st.button("Go", icon=":smile:"), 'The value ":smile:" is not a valid icon. Emoji shortcodes are not supported.'),
        (lambda: st.button("Go", icon=3), "Invalid `icon` type. Expected one of: str, None. Provided type: int."),
        (lambda: st.button("Go", width="wide"), "Invalid width value: 'wide'. Width must be either a positive integer (pixels), 'stretch', or 'content'."),
        (lambda: st.button("Go", width=0), "Invalid width value: 0."),
    ],
)
def test_invalid_arguments_raise_clear_errors(call: Any, message: str) -> None:
    errs: list[BaseException] = []

    def body() -> None:
        try:
            call()
        except errors.JupyterStateAPIException as exc:
            errs.append(exc)

    make(body)
    assert len(errs) == 1 and message in str(errs[0]) and isinstance(errs[0], errors.JupyterStateValueError)


def test_a_material_icon_is_refused_as_not_supported_yet_not_shown_as_its_name() -> None:
    def body() -> None:
        st.button("Like", key="b", icon=":material/thumb_up:")

    app = make(body)
    shown = " ".join(texts(app))
    assert "Material icons such as ':material/thumb_up:' are not supported yet" in shown and 'icon="🚀"' in shown
    assert not [w for w in app.widgets.values() if w.key == "b"]


# -- the oracle: Streamlit's AppTest accepts and rejects the same arguments ---------------------
def _streamlit_apptest() -> Any:
    try:
        from streamlit.testing.v1 import AppTest
    except ImportError as exc:  # pragma: no cover - the oracle is a test dependency
        if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
            pytest.fail(f"CI=true and streamlit cannot be imported ({exc}): the oracle tests must run in CI")
        pytest.skip(f"streamlit cannot be imported ({exc}); pip install -e '.[test]' to run the oracle tests")
    return AppTest


ORACLE_CALLS = [
    ('st.button("Go", type="primary")', True),
    ('st.button("Go", type="tertiary", icon="🚀", width=200)', True),
    ('st.button("Go", use_container_width=True, width="stretch")', True),
    ('st.button("Go", type="danger")', False),
    ('st.button("Go", icon="rocket")', False),
    ('st.button("Go", icon=":smile:")', False),
    ('st.button("Go", width="wide")', False),
    ('st.download_button("Save", "x", type="primary", icon="💾", width="stretch")', True),
    ('st.download_button("Save", "x", type="big")', False),
    ('st.link_button("Docs", "https://example.org", type="tertiary", icon="📚")', True),
    ('st.link_button("Docs", "https://example.org", type="link")', False),
    ('st.link_button("Docs", "https://example.org", icon="docs")', False),
    ('with st.form("f"):\n    st.form_submit_button("Send", type="primary", icon="👍")', True),
    ('with st.form("f"):\n    st.form_submit_button("Send", type="huge")', False),
]


@pytest.mark.oracle
@pytest.mark.parametrize(("call", "accepted"), ORACLE_CALLS)
def test_oracle_accepts_and_rejects_the_same_arguments(call: str, accepted: bool) -> None:
    streamlit_at = _streamlit_apptest().from_string(f"import streamlit as st\n{call}\n", default_timeout=10).run()
    ours = OurAppTest.from_string(f"import jupyter_state as st\n{call}\n", default_timeout=10).run()
    assert (not streamlit_at.exception) is accepted, streamlit_at.exception
    assert (not ours.exception) is accepted, ours.exception
    if not accepted:  # the same words as Streamlit's, up to its hint (it names Material icons)
        theirs = streamlit_at.exception[0].message.replace("\u200b", "").split(" Please use")[0]
        assert theirs in ours.exception[0].message
