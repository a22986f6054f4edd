"""``AppTest``'s view of the outputs of a run (text, alerts, metrics, charts, media, HTML), as Streamlit's.

Streamlit's AppTest has ``Image`` (``.value`` the image URLs, ``.captions``), ``Html``,
``Latex`` and ``LinkButton`` classes; charts, audio, video and iframes are its
``UnknownElement`` (``.value`` None, the data in ``.proto``). Here those get a useful
``.value``: a chart's Vega-Lite spec, a player's URL, an iframe's HTML or address.
"""

from __future__ import annotations

import json
from typing import Any

from ._display import json_safe
from .output import Element

__all__ = ["MEDIA_OUTPUT_KINDS", "MetricElement", "OutputElement", "output_element"]

_MARKDOWN_KINDS = ("markdown", "caption", "divider")
_ALERT_KINDS = ("error", "warning", "info", "success")


class OutputElement:
    """An output of the last run: ``.value`` is what it shows (text, data...).

    As in Streamlit: a JSON element's value is the JSON text, a divider's is ``"---"``,
    markdown-like elements say ``is_caption``, alerts carry their ``icon`` (``""`` when
    none was given) and exceptions ``is_markdown``. ``cell`` is the index of the notebook
    cell of its app (``AppTest.from_notebook``), else None.
    """

    cell: int | None = None

    def __init__(self, element: Element) -> None:
        self.type = element.kind
        self.key: str | None = None
        self.value = element.value if element.kind != "exception" else element.value["message"]
        self.proto = element.output
        if element.kind == "json":
            self.value = json.dumps(json_safe(element.value), ensure_ascii=False)
        elif element.kind == "divider":
            self.value = "---"
        if element.kind in _MARKDOWN_KINDS:
            self.is_caption = element.kind == "caption"
        if element.kind in _ALERT_KINDS:
            metadata = element.output.get("metadata") or {}
            self.icon = str((metadata.get("jupyter_state") or {}).get("icon") or "")
        if element.kind == "exception":
            info = element.value
            self.type = info["type"]  # the exception's class name
            self.message = info["message"]
            self.stack_trace = info["stack_trace"].splitlines()
            self.is_markdown = False  # our messages are plain text

    def __repr__(self) -> str:
        return f"<{self.type} {self.value!r}>"

    @property
    def expanded(self) -> bool:
        """For ``st.json``: whether it was shown expanded."""
        return bool(self.proto.get("metadata", {}).get("application/json", {}).get("expanded", True))


class MetricElement(OutputElement):
    """An ``st.metric``: ``.label``, and ``.value``/``.delta`` as the strings shown (Streamlit's AppTest)."""

    def __init__(self, element: Element) -> None:
        super().__init__(element)
        info = element.value
        self.label: str = info["label"]
        self.value = info["value"]
        self.delta: str = info["delta"]
        self.help: str = info["help"]
        self.color: str = info["color"]
        self.direction: str = info["direction"]
        self.border: bool = info["border"]

#: AppTest attributes for these elements (``at.image``...); ``at.get(type)`` finds them all.
MEDIA_OUTPUT_KINDS = {"html": ("html",), "image": ("image",), "latex": ("latex",), "link_button": ("link_button",)}


class Image(OutputElement):
    """``st.image`` (and ``st.pyplot``): ``.value`` is the list of image URLs (``data:`` URLs)."""

    def __init__(self, element: Element) -> None:
        super().__init__(element)
        self.value = list(element.value["urls"])
        self.captions: list[str] = list(element.value["captions"])


class LinkButton(OutputElement):
    """``st.link_button``: ``.value`` is the label, as in Streamlit."""

    def __init__(self, element: Element) -> None:
        super().__init__(element)
        info = element.value
        self.value = info["label"]
        self.label: str = info["label"]
        self.url: str = info["url"]
        self.key: str | None = info["key"]
        self.disabled: bool = info["disabled"]
        self.help: str = info["help"]


class VegaLiteChart(OutputElement):
    """A Vega-Lite chart (built-in charts, ``altair_chart``, ``vega_lite_chart``): ``.value`` is the spec."""

    @property
    def spec(self) -> dict[str, Any]:
        """The Vega-Lite spec as a dict."""
        spec: dict[str, Any] = self.value
        return spec


class Iframe(OutputElement):
    """``components.html`` / ``components.iframe``: ``.value`` is the HTML (or the address)."""

    def __init__(self, element: Element) -> None:
        super().__init__(element)
        info = element.value
        self.src: str = info["src"]
        self.srcdoc: str = info["srcdoc"]
        self.height: int | None = info["height"]
        self.width: int | None = info["width"]
        self.scrolling: bool = info["scrolling"]
        self.value = self.srcdoc or self.src


_CLASSES: dict[str, type[OutputElement]] = {
    "metric": MetricElement, "image": Image, "link_button": LinkButton, "vega_lite_chart": VegaLiteChart,
    "iframe": Iframe,
}


def output_element(element: Element) -> OutputElement:
    """The AppTest element for an output of the last run."""
    kind = _CLASSES.get(element.kind)
    return kind(element) if kind is not None else OutputElement(element)
