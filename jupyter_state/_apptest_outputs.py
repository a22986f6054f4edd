"""``AppTest``'s view of charts, media, HTML and link buttons, with Streamlit's attribute names.

Streamlit's AppTest has ``Image`` (``.value`` the image URLs, ``.captions``), ``Html``,
``Latex`` and ``LinkButton`` classes; charts, audio, video and iframes are its
``UnknownElement`` (``.value`` None, the data in ``.proto``). Here those get a useful
``.value``: a chart's Vega-Lite spec, a player's URL, an iframe's HTML or address.
"""

from __future__ import annotations

from typing import Any

from ._apptest_elements import OutputElement
from ._apptest_elements import output_element as _other_output_element
from .output import Element

__all__ = ["MEDIA_OUTPUT_KINDS", "output_element"]

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
    "image": Image, "link_button": LinkButton, "vega_lite_chart": VegaLiteChart, "iframe": Iframe,
}


def output_element(element: Element) -> OutputElement:
    """The AppTest element for an output of the last run."""
    kind = _CLASSES.get(element.kind)
    return kind(element) if kind is not None else _other_output_element(element)
