"""st.image/audio/video, st.html (sanitised), st.latex, st.echo, st.link_button and
components.v1: what the page gets, and what AppTest sees (Streamlit's names and values)."""

from __future__ import annotations

import base64
import io
import textwrap
import wave

import numpy as np
import pytest

import jupyter_state as st
import jupyter_state.components.v1 as components
from jupyter_state._sanitize import sanitize_html
from jupyter_state.testing import AppTest


def run(script: str) -> AppTest:
    return AppTest.from_string("import jupyter_state as st\nimport numpy as np\n" + textwrap.dedent(script), default_timeout=30).run()


def html_of(at: AppTest, kind: str, index: int = 0) -> str:
    elements = [e for _, e in at._walk() if getattr(e, "kind", None) == kind]
    return str(elements[index].output["data"]["text/html"])


def decoded(url: str) -> bytes:
    head, data = url.split(",", 1)
    assert head.endswith(";base64")
    return base64.b64decode(data)


def test_numpy_images_become_pngs_with_the_same_pixels() -> None:
    pil = pytest.importorskip("PIL.Image")
    at = run("""
        rgb = np.arange(2 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3) * 10
        st.image([rgb, rgb[:, :, ::-1].copy(), np.linspace(0, 1, 6).reshape(2, 3)], caption=["a", "b <i>", "c"], channels="RGB", width=120)
        st.image(rgb, channels="BGR")
    """)
    first, second = at.image
    assert first.captions == ["a", "b <i>", "c"]
    rgb = np.arange(18, dtype=np.uint8).reshape(2, 3, 3) * 10
    pictures = [np.asarray(pil.open(io.BytesIO(decoded(url)))) for url in first.value]
    assert (pictures[0] == rgb).all() and (pictures[1] == rgb[:, :, ::-1]).all()
    assert (pictures[2] == (np.linspace(0, 1, 6).reshape(2, 3) * 255).astype(np.uint8)).all()
    assert (np.asarray(pil.open(io.BytesIO(decoded(second.value[0])))) == rgb[:, :, ::-1]).all()
    view = html_of(at, "image")
    assert view.count("<img ") == 3 and "width:120px" in view
    assert "b &lt;i&gt;" in view and "<i>" not in view  # captions are text


def test_bytes_paths_pil_and_svg(tmp_path: pytest.TempPathFactory) -> None:
    pil = pytest.importorskip("PIL.Image")
    png = io.BytesIO()
    pil.new("RGB", (4, 2), "red").save(png, format="PNG")
    path = tmp_path / "pic.png"  # type: ignore[operator]
    path.write_bytes(png.getvalue())
    at = AppTest.from_function(_images, args=(png.getvalue(), str(path)), default_timeout=30).run()
    urls = [i.value[0] for i in at.image]
    assert urls[0].startswith("data:image/png;base64,") and decoded(urls[0]) == png.getvalue()
    assert decoded(urls[1]) == png.getvalue()
    assert urls[2].startswith("data:image/png;base64,")  # a PIL image in PNG (RGBA: PNG)
    assert urls[3].startswith("data:image/jpeg;base64,")  # output_format="JPEG"
    assert urls[4].startswith("data:image/svg+xml;base64,")


def _images(data: bytes, path: str) -> None:
    import PIL.Image

    import jupyter_state as st

    st.image(data)
    st.image(path)
    st.image(PIL.Image.new("RGBA", (3, 3)))
    st.image(PIL.Image.new("RGB", (3, 3)), output_format="JPEG")
    st.image("<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'></svg>")


def test_a_web_url_is_a_link_never_loaded() -> None:
    at = run("st.image('https://example.com/cat.png', caption='A cat')\nst.video('https://example.com/v.mp4')")
    assert at.image[0].value == ["https://example.com/cat.png"]
    view = html_of(at, "image")
    assert "<img" not in view and "href='https://example.com/cat.png'" in view and "A cat" in view
    assert "<video" not in html_of(at, "video") and "href='https://example.com/v.mp4'" in html_of(at, "video")


@pytest.mark.oracle
@pytest.mark.parametrize("call", [
    "st.image(np.full((2, 2), 1.5))",
    "st.image(np.zeros((2, 2, 5)))",
    "st.image([np.zeros((2, 2))] * 2, caption=['one'])",
])
def test_image_errors_are_streamlits(call: str) -> None:
    st_testing = pytest.importorskip("streamlit.testing.v1")
    theirs = st_testing.AppTest.from_string(f"import streamlit as st\nimport numpy as np\n{call}\n", default_timeout=30).run()
    ours = run(call)
    assert len(theirs.exception) == len(ours.exception) == 1
    if "(2, 2, 5)" in call or "zeros((2, 2, 5))" in call:
        assert "shape" in ours.exception[0].message.lower()
    else:
        assert ours.exception[0].message == theirs.exception[0].message


def test_audio_from_samples_is_a_wav_and_video_gets_subtitles(tmp_path: pytest.TempPathFactory) -> None:
    at = run("""
        t = np.linspace(0, 1, 800)
        st.audio(np.sin(2 * np.pi * 5 * t), sample_rate=800, start_time=0.5, loop=True)
        st.video(b"not really a video", subtitles="1\\n00:00:01,000 --> 00:00:02,000\\nHello\\n", muted=True)
    """)
    [audio] = at.get("audio")
    with wave.open(io.BytesIO(decoded(audio.value))) as wav:
        assert (wav.getframerate(), wav.getnchannels(), wav.getnframes()) == (800, 1, 800)
    assert "#t=0.5'" in html_of(at, "audio") and " loop " in html_of(at, "audio")
    video = html_of(at, "video")
    assert "muted" in video and "<track kind='captions'" in video
    track = video.split("<track", 1)[1].split("src='", 1)[1].split("'", 1)[0]
    assert decoded(track).decode() == "WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nHello\n"
    failed = run("st.audio(np.zeros(10))")
    assert failed.exception[0].message == "`sample_rate` must be specified when `data` is a numpy array."


@pytest.mark.oracle
def test_html_latex_echo_link_button_values_are_streamlits() -> None:
    st_testing = pytest.importorskip("streamlit.testing.v1")
    script = textwrap.dedent('''
        st.html("<b>bold</b><script>alert(1)</script>")
        st.latex(r"e^{i\\pi} + 1 = 0")
        with st.echo():
            total = sum(range(4))
            st.write(f"total {total}")
        with st.echo("below"):
            st.write("after")
        st.link_button("Docs", "https://docs.streamlit.io", help="Read them")
    ''')
    theirs = st_testing.AppTest.from_string("import streamlit as st\n" + script, default_timeout=30).run()
    ours = AppTest.from_string("import jupyter_state as st\n" + script, default_timeout=30).run()
    assert [h.value for h in ours.html] == [h.value for h in theirs.html]
    assert [x.value for x in ours.latex] == [x.value for x in theirs.latex]
    assert [c.value for c in ours.code] == [c.value for c in theirs.code] == ['total = sum(range(4))\nst.write(f"total {total}")', 'st.write("after")']
    assert [m.value for m in ours.markdown] == [m.value for m in theirs.markdown]
    ours_button, theirs_button = ours.link_button[0], theirs.link_button[0]
    assert (ours_button.value, ours_button.url, ours_button.help) == (theirs_button.value, theirs_button.url, theirs_button.help)


def test_echo_shows_code_where_it_stands() -> None:
    at = run("""
        st.write("first")
        with st.echo(code_location="below"):
            x = 2  # the comment is part of the code shown
        st.write("x is", x)
    """)
    kinds = [e.kind for _, e in at._walk() if hasattr(e, "kind")]
    assert kinds == ["markdown", "code", "markdown"]
    assert at.code[0].value == "x = 2  # the comment is part of the code shown"


def test_html_is_sanitised_for_the_page_but_kept_for_apptest() -> None:
    at = run("""
        st.html("<div onclick='steal()'><a href='javascript:alert(1)'>x</a><img src=x onerror=alert(1)><style>p{color:red}</style>ok</div><iframe src='https://evil'></iframe>")
        st.html("<script>window.ran = 1</script>", unsafe_allow_javascript=True)
    """)
    page = html_of(at, "html")
    assert page == "<div class='jupyter-state-html'><div><a>x</a><img src=\"x\"><style>p{color:red}</style>ok</div></div>"
    assert at.html[0].value.startswith("<div onclick=")
    assert "<script>" in html_of(at, "html", 1)  # the user opted in


@pytest.mark.parametrize(("body", "clean"), [
    ("<b onmouseover=x()>hi</b><script>alert(1)</script>", "<b>hi</b>"),
    ("<a href=' JaVa&#x09;script:alert(1)'>y</a>", "<a>y</a>"),
    ("<svg><use href='data:image/svg+xml,...'/></svg><p>after</p>", "<svg></svg><p>after</p>"),
    ("<noscript><p title='</noscript><img src=x onerror=alert(1)>'></noscript>", ""),
    ("<p style='background:url(javascript:alert(1))'>s</p>", "<p>s</p>"),
    ("<a href='https://x.org' target='_blank'>k</a>", '<a href="https://x.org" rel="noopener noreferrer" target="_blank">k</a>'),
    ("<style>a{}</style><p>&lt;b&gt; 1 < 2</p>", "<style>a{}</style><p>&lt;b&gt; 1 &lt; 2</p>"),
    ("<div><p>never closed", "<div><p>never closed</p></div>"),
])
def test_sanitiser(body: str, clean: str) -> None:
    assert sanitize_html(body) == clean


def test_components_html_runs_in_a_sandbox_without_the_notebooks_origin() -> None:
    at = run("""
        import jupyter_state.components.v1 as components
        components.html("<p id='x'>hi</p><script>document.title='set'</script>", height=90, scrolling=True)
        components.iframe("https://example.com/page?a=1&b=2", width=300)
        st.components.v1.html("<b>through st</b>")
    """)
    first, second, third = at.get("iframe")
    assert (first.value, first.height, first.scrolling) == ("<p id='x'>hi</p><script>document.title='set'</script>", 90, True)
    assert second.value == second.src == "https://example.com/page?a=1&b=2" and third.value == "<b>through st</b>"
    view = html_of(at, "iframe")
    assert "sandbox='allow-scripts allow-forms allow-modals allow-popups allow-popups-to-escape-sandbox allow-downloads'" in view
    assert "allow-same-origin" not in view
    assert "srcdoc='&lt;p id=&#x27;x&#x27;&gt;hi&lt;/p&gt;&lt;script&gt;" in view  # escaped into the attribute
    assert "height:90px" in view and "scrolling='yes'" in view
    assert "src='https://example.com/page?a=1&amp;b=2'" in html_of(at, "iframe", 1)
    with pytest.raises(st.errors.JupyterStateAPIException, match="declare_component"):
        components.declare_component("my_component", path="build")


def test_link_button_is_a_link_and_refuses_script_urls() -> None:
    at = run("""
        st.link_button("Go <now>", "https://example.com/?q=1&r=2", type="primary", icon="🚀")
        st.link_button("Bad", "javascript:alert(1)")
        st.link_button("Off", "https://example.com", disabled=True)
    """)
    assert [b.value for b in at.link_button] == ["Go <now>", "Bad", "Off"]
    good = html_of(at, "link_button")
    assert "href='https://example.com/?q=1&amp;r=2'" in good and "target='_blank' rel='noopener noreferrer'" in good
    assert "🚀 Go &lt;now&gt;" in good
    assert "<a " not in html_of(at, "link_button", 1) and "<a " not in html_of(at, "link_button", 2)
    failed = run("st.link_button('x', 'https://e.com', on_click='rerun')")
    assert "not supported yet" in failed.exception[0].message


def test_apptest_get_finds_every_new_element_type() -> None:
    at = run("""
        import jupyter_state.components.v1 as components
        st.line_chart({"a": [1, 2]})
        st.image(np.zeros((2, 2), dtype=np.uint8))
        st.audio(b"RIFF", format="audio/wav")
        st.video(b"...")
        st.latex("x")
        st.html("<p>h</p>")
        components.html("<p>c</p>")
        st.link_button("l", "https://e.com")
    """)
    for kind in ("vega_lite_chart", "image", "audio", "video", "latex", "html", "iframe", "link_button"):
        assert len(at.get(kind)) == 1, kind
    assert at.get("vega_lite_chart")[0].value["layer"][0]["mark"]["type"] == "line"
    assert at.get("video")[0].value.startswith("data:video/mp4;base64,")
