"""User text into Markdown that stays text: no raw HTML, no script links (issue 11).

Jupyter renders the Markdown an app sends *trusted*: JupyterLab, Notebook 7 and Voilà put
the HTML that ``marked`` makes of it into the page without sanitizing it, so an ``<img
onerror>`` in ``st.markdown(text)`` would run. Streamlit's rule is that HTML in Markdown is
shown as text unless the user passes ``unsafe_allow_html=True``; Markdown itself (emphasis,
lists, tables, code, links, math) still works.

The parse happens in the browser, so nothing here may depend on agreeing with its parser
about where code ends. The rules are chosen so that any reading is safe:

* Every ``<`` that could open a tag, a comment or a declaration (``<`` before a letter,
  ``/``, ``!`` or ``?``) becomes ``&lt;``: an entity is text in every Markdown reading.
  Autolinks to web and mail addresses (``<https://...>``) stay, as no reading turns them
  into a tag.
* Only the inside of a fenced code block that starts at the first column keeps its ``<``
  as typed, and only while CommonMark and ``marked`` agree on every fence line; after a
  line they would read differently, everything is escaped. A blank line is put around each
  such block so that JupyterLab's math extraction (``$...$``, which cannot cross a blank
  line) cannot take a fence line away from the parser.
* Link targets whose scheme is ``javascript:``, ``vbscript:`` or ``data:`` (other than a
  raster image) get a zero-width space before their colon, wherever they are: the browser
  then reads a relative address, which runs nothing. The scheme is found as the browser
  would find it (entities decoded, tabs and newlines dropped, backslash escapes removed).

The price: a ``<`` directly before a letter inside inline code or math of ``st.markdown``
shows as ``&lt;``, as it did before this module.
"""

from __future__ import annotations

import bisect
import functools
import html
import re

__all__ = ["code_block", "code_span", "neutralize_links", "safe_markdown"]

ZWSP = "\u200b"

_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# CommonMark autolinks with a scheme that runs nothing, and e-mail autolinks.
_SAFE_AUTOLINK = re.compile(
    r"<(?:(?:https?|ftp|mailto|tel):[^\s<>\x00-\x1f]*"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*)>"
)
# A fence opener at the first column with a plain info string (a language name): one that
# CommonMark, marked and JupyterLab's math extraction all read as an opener.
_FENCE_OPEN = re.compile(r"(`{3,}|~{3,})[ \t]*([\w+#.-]*)[ \t]*")
_FENCE_LIKE = re.compile(r" {0,3}(?:`{3,}|~{3,})")
_LANGUAGE = re.compile(r"[\w+#.-]+")

# What a browser may read differently from how it is typed in a link target: an entity
# (numeric ones without their semicolon too, as attribute values allow), a backslash escape
# (marked drops the backslash before it copies the target into the page), and tabs, which
# the URL parser removes (typed line breaks end a Markdown link target, so they stay).
# Only the named entities that decode to what a scheme is made of need decoding.
_URL_UNIT = re.compile(
    r"&(?:#[0-9]+;?|#[xX][0-9a-fA-F]+;?|(?:Tab|NewLine|colon|period|plus|fjlig);)"
    r"|\\[!-/:-@\[-`{-~]|\t+"
)
_IGNORED_IN_URL = str.maketrans("", "", "\t\n\r")  # the URL parser removes these anywhere
# A scheme that runs script (or shows a page) once the browser has decoded the target.
_DANGEROUS = re.compile(
    r"(?<![A-Za-z0-9+.-])(?:javascript|vbscript|data(?!:image/(?:png|gif|jpe?g|webp|bmp|avif)[;,])):",
    re.IGNORECASE,
)


def _decoded(text: str) -> tuple[str, list[int], list[int], list[bool]]:
    """``text`` as a browser reads a URL in it, and where each decoded piece came from.

    Returns the decoded text, and for each piece its start there, its start in ``text``,
    and whether it is typed text (which maps one to one) or one decoded unit.
    """
    pieces: list[str] = []
    starts: list[int] = []
    sources: list[int] = []
    typed: list[bool] = []

    def add(piece: str, source: int, is_typed: bool) -> None:
        starts.append(sum(map(len, pieces[-1:])) + (starts[-1] if starts else 0))
        pieces.append(piece)
        sources.append(source)
        typed.append(is_typed)

    position = 0
    for match in _URL_UNIT.finditer(text):
        if match.start() > position:
            add(text[position : match.start()], position, True)
        unit = match.group()
        decoded = html.unescape(unit) if unit[0] == "&" else unit[1] if unit[0] == "\\" else ""
        decoded = decoded.translate(_IGNORED_IN_URL)
        if decoded:
            add(decoded, match.start(), False)
        position = match.end()
    add(text[position:], position, True)
    return "".join(pieces), starts, sources, typed


def neutralize_links(text: str) -> str:
    """Break every ``javascript:``, ``vbscript:`` and non-image ``data:`` scheme in ``text``.

    A zero-width space goes before the colon, so a link to it is a relative address that
    runs nothing, while the text reads the same.

    Examples
    --------
    >>> neutralize_links("[x](javascript:alert(1))") == "[x](javascript" + ZWSP + ":alert(1))"
    True
    >>> neutralize_links("![logo](data:image/png;base64,AAAA)")
    '![logo](data:image/png;base64,AAAA)'
    """
    if ":" not in text and "&" not in text:
        return text
    if "&" not in text and "\\" not in text and "\t" not in text:  # read as typed: no decoding needed
        cuts = [match.end() - 1 for match in _DANGEROUS.finditer(text)]
    else:
        decoded, starts, sources, typed = _decoded(text)
        cuts = []
        for match in _DANGEROUS.finditer(decoded):
            colon = match.end() - 1
            piece = bisect.bisect_right(starts, colon) - 1
            cuts.append(sources[piece] + (colon - starts[piece] if typed[piece] else 0))
    if not cuts:
        return text
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    return ZWSP.join(pieces)


def _escape_tags(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        autolink = _SAFE_AUTOLINK.match(text, match.start())
        return "<" if autolink is not None else "&lt;"

    return _TAG_START.sub(replace, text)


def _escape_text(lines: list[str]) -> list[str]:
    if not lines:
        return []
    text = "\n".join(lines)
    if "<" not in text and ":" not in text and "&" not in text:
        return lines
    return _escape_tags(neutralize_links(text)).split("\n")


@functools.lru_cache(maxsize=64)
def _closers(char: str, length: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """How CommonMark and marked recognise the closer of a fence of ``length`` ``char``."""
    commonmark = re.compile(rf" {{0,3}}{re.escape(char)}{{{length},}}[ \t]*")
    marked = re.compile(rf" {{0,3}}{re.escape(char * length)}[~`]* *")
    return commonmark, marked


def _closes(line: str, char: str, length: int) -> bool | None:
    """Whether ``line`` closes a fence of ``length`` ``char``: None when the parsers disagree.

    CommonMark allows only more of the fence character after it, marked any ``~`` or backtick.
    """
    if not line.lstrip(" ").startswith(char):
        return False  # most lines: code, in every reading
    commonmark, marked = (pattern.fullmatch(line) is not None for pattern in _closers(char, length))
    return commonmark if commonmark == marked else None


def safe_markdown(text: str) -> str:
    r"""``text`` as Markdown in which no HTML and no script link can appear.

    Markdown stays Markdown; HTML tags show as the text they are, and ``javascript:``
    links lead nowhere (see the module docs for the rules and why they hold in any parser).

    Parameters
    ----------
    text
        Markdown written by the user, or text that may contain anything.

    Examples
    --------
    >>> safe_markdown("**Hi** <b>you</b>")
    '**Hi** &lt;b>you&lt;/b>'
    >>> safe_markdown("```html\n<b>code</b>\n```").splitlines()
    ['```html', '<b>code</b>', '```']
    """
    if "<" not in text and ":" not in text and "&" not in text:
        return text  # nothing here can become a tag or a link scheme
    if "```" not in text and "~~~" not in text:  # no fence: one piece of text
        return _escape_tags(neutralize_links(re.sub(r"\r\n?", "\n", text) if "\r" in text else text))
    lines = re.sub(r"\r\n?", "\n", text).split("\n")
    out: list[str] = []
    pending: list[str] = []  # text lines not yet escaped
    i = 0
    while i < len(lines):
        opener = _FENCE_OPEN.fullmatch(lines[i])
        if opener is None:
            if _FENCE_LIKE.match(lines[i]) and not lines[i].startswith(("    ", "\t")):
                # A fence we do not read as the parsers do (indented, an unusual info
                # string): its closer could look like an opener to us. Escape the rest.
                pending.extend(lines[i:])
                break
            pending.append(lines[i])
            i += 1
            continue
        char, length = opener.group(1)[0], len(opener.group(1))
        end, unsure = i + 1, False
        while end < len(lines):
            closes = _closes(lines[end], char, length)
            if closes is None:
                unsure = True
                break
            if closes:
                break
            end += 1
        if unsure:  # the parsers part ways inside this block: escape from its opener on
            pending.extend(lines[i:])
            break
        out.extend(_escape_text(pending))
        if out and out[-1].strip():
            out.append("")
        out.extend(lines[i : end + 1])  # the opener, the code, the closer (if any)
        pending = []
        i = end + 1
        if i < len(lines) and lines[i].strip():
            out.append("")
    out.extend(_escape_text(pending))
    return "\n".join(out)


def _longest_run(text: str, char: str) -> int:
    runs = re.findall(f"{re.escape(char)}+", text)
    return max(map(len, runs), default=0)


def code_block(body: str, language: str | None = None) -> str:
    """A fenced code block that shows ``body`` as it is, whatever it contains.

    The fence is longer than any run of backticks in ``body``, so nothing in it can close
    the block; a language name that is not one (spaces, quotes, markup) is left out.

    Examples
    --------
    >>> print(code_block("x = '```'", "python"))
    ````python
    x = '```'
    ````
    """
    fence = "`" * max(3, _longest_run(body, "`") + 1)
    info = language if language and _LANGUAGE.fullmatch(language) and language != "mermaid" else ""
    return f"{fence}{info}\n{body}\n{fence}"


def code_span(text: str) -> str:
    """``text`` as inline code, delimited by more backticks than it contains.

    Examples
    --------
    >>> code_span("a`b")
    '``a`b``'
    """
    fence = "`" * (_longest_run(text, "`") + 1)
    if text.startswith("`") or text.endswith("`"):
        return f"{fence} {text} {fence}"  # the spaces keep its backticks off the fence
    return f"{fence}{text}{fence}"
