"""An allowlist HTML sanitiser for ``st.html``: what Streamlit's DOMPurify step does, kernel side.

JupyterLab runs the scripts of a trusted HTML output (and an app's outputs are trusted), so
the HTML is cleaned before it leaves the kernel: scripts, frames, plugins and event
handlers go, ``javascript:`` URLs go, styles and ordinary markup stay. The result is
written anew from the parse (every tag, attribute and text escaped by us), so the
browser never sees markup this parser read differently.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

__all__ = ["sanitize_html"]

# Dropped with everything inside them.
_DROP_WITH_CONTENT = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "noscript", "noembed", "template",
    "title", "base", "meta", "link", "xmp", "plaintext", "use", "foreignobject", "animate", "set", "handler",
}
_ALLOWED = set(
    "a abbr address article aside audio b bdi bdo blockquote br button caption center cite code col colgroup "
    "data dd del details dfn div dl dt em fieldset figcaption figure font footer form h1 h2 h3 h4 h5 h6 header hr "
    "i img input ins kbd label legend li main mark menu meter nav ol optgroup option output p picture pre progress "
    "q rp rt ruby s samp section select small source span strike strong style sub summary sup table tbody td "
    "textarea tfoot th thead time tr track tt u ul var video wbr "
    "svg g path circle ellipse line polyline polygon rect text tspan defs lineargradient radialgradient stop "
    "clippath mask pattern symbol marker desc filter fegaussianblur feoffset feblend fecolormatrix math mi mn mo "
    "mrow msup msub mfrac msqrt mtext".split()
)
_VOID = {"area", "br", "col", "hr", "img", "input", "source", "track", "wbr"}
_URL_ATTRS = {"href", "src", "action", "formaction", "poster", "background", "cite", "xlink:href", "srcset", "data"}
_SAFE_NAME = re.compile(r"^[a-zA-Z_][-a-zA-Z0-9_:.]*$")
_SCHEME = re.compile(r"^\s*([a-zA-Z][a-zA-Z0-9+.-]*):")
_SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
_BAD_CSS = re.compile(r"expression\s*\(|javascript:|behavior\s*:|-moz-binding", re.IGNORECASE)


def safe_url(value: str, tag: str) -> bool:
    compact = re.sub(r"[\x00-\x20]+", "", value)  # browsers ignore these inside a scheme
    match = _SCHEME.match(compact)
    if match is None:
        return True  # relative URLs and fragments
    scheme = match.group(1).lower()
    if scheme == "data":
        media_tag = tag in ("img", "source", "audio", "video", "track")
        return media_tag and compact.lower().startswith(("data:image/", "data:audio/", "data:video/", "data:text/vtt"))
    return scheme in _SAFE_SCHEMES


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.dropping: list[str] = []  # the open tags whose content is being dropped
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping:
            if tag == self.dropping[-1] and tag not in _VOID:
                self.dropping.append(tag)
            return
        if tag in _DROP_WITH_CONTENT:
            if tag not in _VOID and tag not in ("base", "meta", "link"):
                self.dropping.append(tag)
            return
        if tag not in _ALLOWED:
            return  # unknown tags go, their content stays (DOMPurify's KEEP_CONTENT)
        kept = []
        for name, value in attrs:
            name = name.lower()
            if not _SAFE_NAME.match(name) or name.startswith("on") or name in ("srcdoc", "is"):
                continue
            value = value or ""
            urls = [part.strip().split(" ")[0] for part in value.split(",")] if name == "srcset" else [value]
            if name in _URL_ATTRS and not all(safe_url(url, tag) for url in urls):
                continue
            if name == "style" and _BAD_CSS.search(value):
                continue
            if name == "target" and value == "_blank":
                kept.append(' rel="noopener noreferrer"')
            kept.append(f' {name}="{html.escape(value, quote=True)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.dropping or tag in _DROP_WITH_CONTENT:
            return  # ``<use/>`` has no content to drop: nothing may stay open
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and self.open and self.open[-1] == tag and not self.dropping:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.dropping:
            if tag == self.dropping[-1]:
                self.dropping.pop()
            return
        if tag in self.open:
            while self.open:  # close what the author left open inside it, as a browser would
                inner = self.open.pop()
                self.out.append(f"</{inner}>")
                if inner == tag:
                    break

    def handle_data(self, data: str) -> None:
        if self.dropping:
            return
        if self.open and self.open[-1] == "style":
            # Raw text: only "</style" could end it early, and "<" never appears here.
            if not _BAD_CSS.search(data):
                self.out.append(data.replace("<", "\\3c "))
            return
        self.out.append(html.escape(data, quote=False))

    def close_all(self) -> str:
        self.close()
        self.out.extend(f"</{tag}>" for tag in reversed(self.open))
        return "".join(self.out)


def sanitize_html(body: str) -> str:
    """``body`` without scripts, frames, event handlers or ``javascript:`` URLs.

    Examples
    --------
    >>> sanitize_html("<b onclick='x()'>hi</b><script>alert(1)</script>")
    '<b>hi</b>'
    """
    cleaner = _Cleaner()
    cleaner.feed(body)
    return cleaner.close_all()
