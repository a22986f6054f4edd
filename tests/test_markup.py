"""No user text becomes markup (issue 11, Security), and st.write's formatting (Streamlit's).

What an element emits is rendered here the way a browser would get it: its ``text/markdown``
through a Markdown parser that lets raw HTML through (mistune, as trusted Jupyter output
does with ``marked``), its ``text/html`` as is. Then the HTML is parsed and every tag and
attribute checked: markup may only come from Markdown, no event handler, no script link.
The browser test (tests/browser/test_lab_security.py) renders the same payloads in
JupyterLab itself.
"""

from __future__ import annotations

import html.parser
import textwrap
from typing import Any

import mistune
import pytest

import jupyter_state as st
from jupyter_state._markup import ZWSP, code_block, neutralize_links, safe_markdown
from jupyter_state.errors import JupyterStateValueError
from jupyter_state.testing import AppTest

PWN = "window.__pwned=1"
IMG = f'<img src=x onerror="{PWN}">'
SCRIPT = f"<script>{PWN}</script>"
BREAKOUT = f"x = 1\n```\n{IMG}\n{SCRIPT}\n```\n{IMG}"
JS_LINK = f"[click me](javascript:{PWN})"
PAYLOADS = [
    BREAKOUT,
    IMG + SCRIPT,
    JS_LINK,
    f"[x](JaVa&#115;cript:{PWN})",
    f"[x](java&Tab;script&colon;{PWN})",
    f"[x](&#106avascript:{PWN})",
    f"[x](<java\tscript:{PWN}>)",
    f"[x](javascript\\:{PWN})",
    f"<javascript:{PWN}>",
    f"[x]\n\n[x]: javascript:{PWN}",
    f"![x](javascript:{PWN})",
    "[x](vbscript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=)",
    f"<!-- {IMG} -->",
    f"  ```\n{IMG}\n```\n{IMG}",
    f"```\n{IMG}\n```~\n{IMG}",
    f"```{{python}}\n{IMG}\n```\n{IMG}",
    f"1. item\n\n   ```\n   {IMG}\n{IMG}\n```",
    f"$x\n```\n$ {IMG}",
    f"`{IMG}`",
    f"http://x\\{IMG}",
    f"> ```\n{IMG}",
]
MARKDOWN_TAGS = {
    "p", "em", "strong", "code", "pre", "a", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
    "blockquote", "hr", "br", "del", "img", "table", "thead", "tbody", "tr", "th", "td",
    # our own HTML: alerts, captions, the session-state view
    "div", "small", "details", "summary", "span",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href"}


def _url_scheme(url: str) -> str:
    """The scheme a browser reads from ``url`` (it drops tabs and newlines, leading spaces)."""
    url = "".join(c for c in url if c not in "\t\n\r").lstrip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10 ")
    head, sep, _ = url.partition(":")
    if not sep or not head or not all(c.isascii() and (c.isalnum() or c in "+.-") for c in head):
        return ""
    return head.lower()


class _Audit(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in MARKDOWN_TAGS:
            self.problems.append(f"<{tag}> tag")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name} handler on <{tag}>")
            if name in URL_ATTRIBUTES and value is not None:
                scheme = _url_scheme(value)
                image = tag == "img" and value.lower().startswith(("data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"))
                if scheme in ("javascript", "vbscript") or (scheme == "data" and not image):
                    self.problems.append(f"live {scheme}: {name} on <{tag}>: {value!r}")


class _TrustingRenderer(mistune.HTMLRenderer):  # type: ignore[misc]
    """mistune's HTML renderer without its own link check, as ``marked`` renders trusted output."""

    def sanitize_url(self, url: str) -> str:
        return url


_render = mistune.create_markdown(renderer=_TrustingRenderer(escape=False), plugins=["strikethrough", "table", "url"])


def audit(bundle: dict[str, Any]) -> list[str]:
    """Every way the bundle's markup could run code once a trusting frontend renders it."""
    audit = _Audit()
    if "text/markdown" in bundle:
        audit.feed(str(_render(bundle["text/markdown"])))
    if "text/html" in bundle:
        audit.feed(bundle["text/html"])
    return audit.problems


def bundles(body: Any) -> list[dict[str, Any]]:
    app = st.app(body, display=False)
    return [o["data"] for view in app.view.block.shown for o in getattr(view, "outputs", ()) if "data" in o]


def test_the_audit_catches_what_it_looks_for() -> None:
    assert audit({"text/markdown": BREAKOUT}) != []  # the st.code markdown, unescaped
    assert audit({"text/markdown": f"```python\n{BREAKOUT}\n```"}) != []
    assert audit({"text/markdown": JS_LINK}) == ["live javascript: href on <a>: 'javascript:window.__pwned=1'"]
    assert audit({"text/markdown": "[x](&fjlig;avascript:1)"}) == []  # "fjavascript": harmless
    assert audit({"text/markdown": "[x](java&#115;cript:1)"}) != []
    assert audit({"text/html": "<div onclick='x'>"}) == ["onclick handler on <div>"]
    assert audit({"text/markdown": "**ok** [x](https://example.org) ![i](data:image/png;base64,AA)"}) == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_st_code_shows_the_body_and_nothing_runs(payload: str) -> None:
    [bundle] = bundles(lambda: st.code(payload))
    assert audit(bundle) == []
    rendered = str(_render(bundle["text/markdown"]))
    assert rendered.count("<pre>") == 1 and bundle["text/plain"] == payload  # one block: the whole body


@pytest.mark.parametrize("payload", PAYLOADS)
@pytest.mark.parametrize("element", ["markdown", "write", "title", "header", "subheader", "caption", "text", "error", "warning", "info", "success", "json"])
def test_text_elements_escape_html_and_break_script_links(element: str, payload: str) -> None:
    for bundle in bundles(lambda: getattr(st, element)(payload)):
        assert audit(bundle) == [], bundle


@pytest.mark.parametrize("payload", PAYLOADS)
def test_write_with_several_arguments_and_values(payload: str) -> None:
    class Shown:
        def __str__(self) -> str:
            return payload

    for bundle in bundles(lambda: st.write(payload, 1, Shown(), payload.splitlines())):
        assert audit(bundle) == [], bundle


def test_alert_icon_and_exception_text_are_escaped() -> None:
    found = bundles(lambda: (st.error(IMG, icon="🚨"), st.exception(ValueError(IMG))))
    assert audit(found[0]) == [] and "&lt;img" in found[0]["text/html"]
    with pytest.raises(JupyterStateValueError, match="not a valid icon"):  # markup is no icon, as in Streamlit
        st.error("e", icon=IMG)
    app = st.app(lambda: st.exception(ValueError(IMG)), display=False)
    [error] = [o for view in app.view.block.shown for o in getattr(view, "outputs", ()) if o["output_type"] == "error"]
    assert error["evalue"] == IMG  # an error output is text: frontends escape it


def test_unsafe_allow_html_is_the_opt_in() -> None:
    [bundle] = bundles(lambda: st.markdown(IMG, unsafe_allow_html=True))
    assert bundle["text/markdown"] == IMG
    [bundle] = bundles(lambda: st.write(IMG, unsafe_allow_html=True))
    assert bundle["text/markdown"] == IMG


def test_markdown_stays_markdown() -> None:
    text = "**bold** _it_ `a < b` <https://example.org> [docs](https://docs.streamlit.io) ![i](data:image/png;base64,AA)"
    assert safe_markdown(text) == text
    assert safe_markdown("> quote\n\n- a\n- b\n\n| a | b |\n|---|---|\n| 1 | 2 |") == "> quote\n\n- a\n- b\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert safe_markdown("```html\n<b>shown as code</b>\n```") == "```html\n<b>shown as code</b>\n```"
    assert safe_markdown("See:\n```\n<b>\n```\nend") == "See:\n\n```\n<b>\n```\n\nend"  # blank lines keep math off fences
    assert safe_markdown("Metadata: 1, data: 2") == "Metadata: 1, data" + ZWSP + ": 2"
    [bundle] = bundles(lambda: st.markdown("Count: **3**"))
    assert bundle == {"text/markdown": "Count: **3**", "text/plain": "Count: **3**"}


def test_script_schemes_get_a_zero_width_space_before_their_colon() -> None:
    assert neutralize_links(JS_LINK) == f"[click me](javascript{ZWSP}:{PWN})"
    assert neutralize_links("[x](java&#115;cript&#58;1)") == f"[x](java&#115;cript{ZWSP}&#58;1)"
    assert neutralize_links("&#106;" + "&Tab;" * 10 + "avascript:1").count(ZWSP) == 1
    assert neutralize_links("x" * 70 + "&#106;avascript:1") == "x" * 70 + "&#106;avascript:1"  # scheme xx...javascript
    assert neutralize_links("&#40javascript:1") == f"&#40javascript{ZWSP}:1"  # "(" + javascript
    assert neutralize_links("&#106;" + "&Tab;" * 500 + "avascript:1").count(ZWSP) == 1
    assert neutralize_links("https://a.b/c xjavascript:1 ![i](data:image/gif;base64,R0)") == "https://a.b/c xjavascript:1 ![i](data:image/gif;base64,R0)"


def test_code_fence_is_longer_than_any_backtick_run_and_language_is_a_name() -> None:
    assert code_block("a ```` b", "python") == "`````python\na ```` b\n`````"
    assert code_block("x", "python\n<script>") == "```\nx\n```"
    assert code_block("graph TD; A-->B", "mermaid") == "```\ngraph TD; A-->B\n```"  # shown as code, not drawn


def test_ten_megabytes_of_markup_is_escaped_quickly() -> None:
    import time

    start = time.perf_counter()
    out = safe_markdown("a: <b> [x](javascript:1)\n" * 200_000)
    assert time.perf_counter() - start < 10
    assert "<b>" not in out and out.count(ZWSP) == 200_000


# -- st.write's formatting: Streamlit 1.67 is the oracle ----------------------------------
WRITES = """
import datetime, decimal, io
st.write("Celsius", -100.0)
st.write(3)
st.write(True)
st.write("a", "b", 1, None)
st.write("x`y", "a`b``c")
st.write("one", ("t", 1))
st.write(datetime.time(14, 45))
st.write("multi", "line1\\nline2")
class Lines:
    def __str__(self):
        return "line1\\nline2 ``` x"
st.write("obj", Lines())
st.write(decimal.Decimal("1.5"), 2 + 3j)
st.write("s", {1, 2})
st.write(b"bytes")
st.write("<b>x</b>", 1)
st.write("Count:", 3, "and", 2.5)
st.write(io.StringIO("from *StringIO*"))
class Tick:
    def __str__(self):
        return "`"
st.write("a tick", Tick())
"""


def test_write_formats_as_streamlit_does() -> None:
    from tests.test_oracle import st_testing as testing  # skips locally without Streamlit, fails in CI
    theirs = testing.AppTest.from_string("import streamlit as st\n" + textwrap.dedent(WRITES)).run()
    ours = AppTest.from_string("import jupyter_state as st\n" + textwrap.dedent(WRITES)).run()
    assert not theirs.exception and not ours.exception
    expected = [m.value for m in theirs.markdown]
    assert expected[:2] == ["Celsius `-100.0`", "`3`"]  # the example, as Streamlit 1.67 has it
    assert [m.value for m in ours.markdown][:-1] == expected[:-1]
    # Streamlit writes "`" as "`````" (no code span); ours pads it into readable inline code.
    assert expected[-1] == "a tick `````" and ours.markdown[-1].value == "a tick `` ` ``"


def test_write_keeps_rich_displays_dicts_and_errors_on_their_own() -> None:
    class Card:
        def _repr_html_(self) -> str:
            return "<b>card</b>"

    found = bundles(lambda: st.write("a", Card(), {"k": 1}, "b", 2))
    assert [sorted(b) for b in found] == [["text/markdown", "text/plain"], ["text/html", "text/plain"], ["application/json", "text/plain"], ["text/markdown", "text/plain"]]
    assert found[0]["text/markdown"] == "a" and found[1]["text/html"] == "<b>card</b>" and found[3]["text/markdown"] == "b `2`"


def test_apptest_values_are_what_the_user_wrote() -> None:
    at = AppTest.from_string(f"import jupyter_state as st\nst.markdown({JS_LINK!r})\nst.code({BREAKOUT!r})\nst.title({IMG!r})").run()
    assert at.markdown[0].value == JS_LINK and at.code[0].value == BREAKOUT and at.title[0].value == IMG
