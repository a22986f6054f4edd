"""The anywidget views for what ipywidgets lacks: downloads, editors, chat, chips, steppers.

The download button, the data editor, the chat input, the multiselect, the number input
and the sliders.

Each view is one Python class over one self-contained ESM file in ``jupyter_state/static``
(DESIGN.md §2.6). The sliders', number inputs' and multiselects' modules are sent once per kernel, not
once per widget (``_shared_esm.py``: their views are ``SharedCodeView``). This module is
imported only when such a widget is first built, so ``import jupyter_state`` does not pay
for importing anywidget.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import ipywidgets
from traitlets import Any as AnyTrait
from traitlets import Bool, Bytes, CFloat, CInt, Dict, Float, Int, List, TraitError, Tuple, Unicode, validate

from ._shared_esm import SharedCodeView

__all__ = [
    "ChatInputView", "DataEditorView", "DownloadView", "FloatInputView", "FloatRangeSliderView", "FloatSliderView",
    "IntInputView", "IntRangeSliderView", "IntSliderView", "MultiselectView", "PageView", "SelectionRangeSliderView",
    "SavedStateView", "SelectionSliderView", "StatusHeaderView", "UrlView",
]

STATIC = Path(__file__).resolve().parent.parent / "static"


def static_source(*names: str) -> str:
    """An ESM file's text (several files' texts, joined: one module), for ``_esm``.

    A ``Path`` as ``_esm`` makes anywidget connect every instance to a file watcher that
    keeps it alive after ``close()``: a widget shown, hidden and shown again would leak one
    view per hide (benchmarks/bench_leaks.py).
    """
    return "\n".join((STATIC / name).read_text(encoding="utf-8") for name in names)


def _bytes_from_json(value: Any, widget: Any) -> bytes:
    # Binary buffers arrive as memoryview (E2E.md pitfall 9).
    return bytes(value) if value is not None else b""


class DownloadView(anywidget.AnyWidget):
    """A button that downloads ``data`` in the browser, then reports the click.

    The bytes travel once, as a binary buffer, when they change; the click itself is a
    custom ``{"event": "click"}`` message, as an ipywidgets ``Button`` sends, so
    :meth:`on_click` has the ``Button`` signature.
    """

    _esm = static_source("download.js")
    label = Unicode("").tag(sync=True)
    data = Bytes(b"").tag(sync=True, from_json=_bytes_from_json)
    file_name = Unicode("download").tag(sync=True)
    mime = Unicode("application/octet-stream").tag(sync=True)
    button_type = Unicode("secondary").tag(sync=True)
    icon = Unicode("").tag(sync=True)
    full_width = Bool(False).tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    #: False for ``on_click="ignore"``: the browser downloads and tells the kernel nothing
    rerun_on_click = Bool(True).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._click_handlers = ipywidgets.CallbackDispatcher()
        self.on_msg(self._handle_click_msg)

    def on_click(self, callback: Callable[[Any], Any], remove: bool = False) -> None:
        """Call ``callback(view)`` on every click, as ``ipywidgets.Button.on_click`` does."""
        self._click_handlers.register_callback(callback, remove=remove)

    def _handle_click_msg(self, _view: Any, content: Any, buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "click" and self.rerun_on_click:
            self._click_handlers(self)


class DataEditorView(anywidget.AnyWidget):
    """An editable table; the user's edits come back as one synced trait, ``edits``.

    With ``mode="dataframe"`` (``st.dataframe``) the same table is read-only, sortable,
    and reports the user's ``selection`` (``{"rows", "columns", "cells"}``) instead, in the
    ``selection_modes`` it allows.

    ``columns`` describes every column (name, label, kind, disabled, hidden), ``rows`` holds
    the source data as JSON values (one list per row, in the order of ``columns``) and
    ``index`` the row labels. ``edits`` is Streamlit's editing state, with row positions as
    strings (JSON keys): ``{"edited_rows": {"0": {"col": value}}, "added_rows": [{...}],
    "deleted_rows": [1]}``.
    """

    _esm = static_source("data_editor.js")
    columns = List(Dict()).tag(sync=True)
    rows = List(List()).tag(sync=True)
    index = List(AnyTrait()).tag(sync=True)
    index_label = Unicode("").tag(sync=True)
    #: added rows need an index value typed by the user (the index cannot count on)
    index_required = Bool(False).tag(sync=True)
    hide_index = Bool(False).tag(sync=True)
    num_rows = Unicode("fixed").tag(sync=True)
    full_width = Bool(False).tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    edits = Dict().tag(sync=True)
    #: "editor" (st.data_editor) or "dataframe" (st.dataframe)
    mode = Unicode("editor").tag(sync=True)
    selection = Dict().tag(sync=True)
    selection_modes = List(Unicode()).tag(sync=True)
    #: the columns to show, in order (empty: all of them)
    column_order = List(Unicode()).tag(sync=True)
    width_px = Int(0).tag(sync=True)
    height_px = Int(0).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: set by the family when it dropped part of an edit (a disabled column, say)
        self.needs_correction = False


class ChatInputView(anywidget.AnyWidget):
    """A message box with a send button; a sent message is an event, never state.

    The browser sends ``{"event": "send", "text": ...}`` and empties the box, so
    :meth:`on_click` (the ``Button`` signature, as for :class:`DownloadView`) is called
    with the text in :attr:`submitted`. ``draft`` puts text into the box from the kernel
    (``draft_seq`` counts the drafts, so the same one can be set twice).
    """

    _esm = static_source("chat_input.js")
    placeholder = Unicode("Your message").tag(sync=True)
    max_chars = AnyTrait(None).tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    pinned = Bool(False).tag(sync=True)
    draft = Unicode("").tag(sync=True)
    draft_seq = Int(0).tag(sync=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        #: the text of the last message sent
        self.submitted: str | None = None
        self._click_handlers = ipywidgets.CallbackDispatcher()
        self.on_msg(self._handle_send_msg)

    def on_click(self, callback: Callable[[Any], Any], remove: bool = False) -> None:
        """Call ``callback(view)`` for every message sent."""
        self._click_handlers.register_callback(callback, remove=remove)

    def show_draft(self, text: str) -> None:
        """Put ``text`` into the box, as if the user had typed it (not sent)."""
        with self.hold_sync():
            self.draft = text
            self.draft_seq += 1

    def _handle_send_msg(self, _view: Any, content: Any, buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "send" and isinstance(content.get("text"), str):
            self.submitted = content["text"]
            self._click_handlers(self)


class StatusHeaderView(anywidget.AnyWidget):
    """The header of ``st.status``: a state icon (inline SVG), the label, a chevron.

    A click flips ``expanded`` in the browser; the container shows or hides its pane.
    """

    _esm = static_source("status.js")
    label = Unicode("").tag(sync=True)
    state = Unicode("running").tag(sync=True)
    expanded = Bool(False).tag(sync=True)


class PageView(anywidget.AnyWidget):
    """Under Voilà, what the page needs from the browser: its title, icon and sidebar CSS.

    ``st.set_page_config`` sets the title and icon; its CSS fixes ``st.sidebar`` on the
    left of the window.
    """

    _esm = static_source("page.js")
    _css = static_source("page.css")
    title = Unicode("").tag(sync=True)
    icon = Unicode("").tag(sync=True)


class MultiselectView(SharedCodeView):
    """Chips with a remove "×" and a search-as-you-type dropdown (``static/multiselect.js``).

    ``index`` holds the chosen positions in ``options`` in the order they were chosen, the
    one value trait the view sends, like ipywidgets' ``SelectMultiple``; the view never
    lets the user choose more than ``max_selections`` (0: no limit). Its module is sent
    once per kernel (``_shared_esm.py``), not in every multiselect's ``comm_open``.
    """

    esm_files = ("multiselect.js",)
    options = List(Unicode()).tag(sync=True)
    index = Tuple().tag(sync=True)
    max_selections = Int(0).tag(sync=True)
    placeholder = Unicode("").tag(sync=True)
    description = Unicode("").tag(sync=True)
    disabled = Bool(False).tag(sync=True)

    @validate("index")
    def _validate_index(self, proposal: Any) -> tuple[int, ...]:
        index = tuple(proposal["value"])
        if any(not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(self.options) for i in index):
            raise TraitError(f"index {index!r} holds a position that is not one of the {len(self.options)} options.")
        if len(set(index)) != len(index):
            raise TraitError(f"index {index!r} chooses an option twice.")
        return index


class _NumberInputView(SharedCodeView):
    """A number box in Streamlit's ``format`` with −/+ steppers (``static/number_input.js``).

    Like ipywidgets' bounded number views, a value outside ``[min, max]`` is clamped into
    it (the family then sends the kept value back) and a value that is not a number is
    refused.
    """

    esm_files = ("printf.js", "number_input.js")
    min = Float(0.0).tag(sync=True)
    max = Float(0.0).tag(sync=True)
    step = Float(1.0).tag(sync=True)
    format = Unicode("").tag(sync=True)
    placeholder = Unicode("").tag(sync=True)
    description = Unicode("").tag(sync=True)
    disabled = Bool(False).tag(sync=True)
    is_float = Bool(False).tag(sync=True)

    @validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        value = proposal["value"]
        if value != value:  # NaN: no browser sends it, another client may (JSON "NaN")
            raise TraitError("NaN is not a value this widget takes.")
        return min(max(value, type(value)(self.min)), type(value)(self.max))


class FloatInputView(_NumberInputView):
    """``st.number_input`` of floats."""

    value = CFloat(0.0).tag(sync=True)
    is_float = Bool(True).tag(sync=True)


class IntInputView(_NumberInputView):
    """``st.number_input`` of ints."""

    value = CInt(0).tag(sync=True)


class UrlView(anywidget.AnyWidget):
    """The page URL's query string, for ``st.query_params`` and ``bind="query-params"``.

    Hidden. When first shown it sends ``{"event": "location", "search": ...}`` (the page's
    query string); then it writes ``query`` into the page's URL with
    ``history.replaceState`` whenever the kernel changes it (``_query_params.py``).
    """

    _esm = static_source("url.js")
    query = Unicode("").tag(sync=True)


class SavedStateView(anywidget.AnyWidget):
    """Under Voilà, the visitor's saved session state in their browser (``static/saved_state.js``).

    Hidden. When first shown it sends ``{"event": "stored", "snapshot": ...}`` (the copy the
    browser keeps, or null); the kernel sends ``{"event": "save", "snapshot"}`` and
    ``{"event": "forget"}`` (``_snapshot_browser.py``).
    """

    _esm = static_source("saved_state.js")


# -- sliders ---------------------------------------------------------------------------------
def _refuse_nan(value: Any) -> None:
    # A browser cannot send NaN; another client can (JSON "NaN"): refuse it like any bad value.
    if isinstance(value, float) and value != value:
        raise TraitError("NaN is not a value this widget takes.")


class _SliderView(SharedCodeView):
    """A track with one thumb or two, each thumb's value above it (``static/slider.js``).

    The browser sends ``value`` (or ``index``, for options) once per drag or key press.
    As ipywidgets' sliders do, the kernel clamps a value into ``[min, max]``; a range whose
    low end is above its high end is refused.
    """

    esm_files = ("printf.js", "slider.js")
    min = Float(0.0).tag(sync=True)
    max = Float(100.0).tag(sync=True)
    step = Float(1.0).tag(sync=True)
    #: Streamlit's printf-style ``format`` ("%d", "%0.2f", "%.1f%%")
    format = Unicode("%d").tag(sync=True)
    #: a select_slider's option labels (the thumbs then move over their positions)
    options = List(Unicode()).tag(sync=True)
    description = Unicode("").tag(sync=True)
    tooltip = Unicode(None, allow_none=True).tag(sync=True)
    disabled = Bool(False).tag(sync=True)

    def _clamp(self, value: Any) -> Any:
        _refuse_nan(value)
        return min(max(value, type(value)(self.min)), type(value)(self.max))

    def _clamp_range(self, value: Any) -> tuple[Any, Any]:
        lower, upper = value
        if upper < lower:
            raise TraitError("setting lower > upper")
        return self._clamp(lower), self._clamp(upper)


class IntSliderView(_SliderView):
    """``st.slider`` of ints."""

    value = CInt(0).tag(sync=True)

    @validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        return self._clamp(proposal["value"])


class FloatSliderView(_SliderView):
    """``st.slider`` of floats."""

    value = CFloat(0.0).tag(sync=True)
    format = Unicode("%0.2f").tag(sync=True)

    @validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        return self._clamp(proposal["value"])


class IntRangeSliderView(_SliderView):
    """``st.slider`` of a ``(low, high)`` pair of ints."""

    value = Tuple(CInt(), CInt(), default_value=(0, 1)).tag(sync=True)

    @validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        return self._clamp_range(proposal["value"])


class FloatRangeSliderView(_SliderView):
    """``st.slider`` of a ``(low, high)`` pair of floats."""

    value = Tuple(CFloat(), CFloat(), default_value=(0.0, 1.0)).tag(sync=True)
    format = Unicode("%0.2f").tag(sync=True)

    @validate("value")
    def _validate_value(self, proposal: Any) -> Any:
        return self._clamp_range(proposal["value"])


class _SelectionSliderView(_SliderView):
    """``st.select_slider``: the thumbs move over the positions of ``options``."""

    format = Unicode("").tag(sync=True)

    def _position(self, i: Any) -> int:
        if not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < len(self.options):
            raise TraitError(f"index {i!r} is not a position of the {len(self.options)} options.")
        return i


class SelectionSliderView(_SelectionSliderView):
    """``st.select_slider`` of one option; ``index`` is its position."""

    index = Int(0).tag(sync=True)

    @validate("index")
    def _validate_index(self, proposal: Any) -> int:
        return self._position(proposal["value"])


class SelectionRangeSliderView(_SelectionSliderView):
    """``st.select_slider`` of a range; ``index`` is the pair of positions of its ends."""

    index = Tuple(Int(), Int(), default_value=(0, 0)).tag(sync=True)

    @validate("index")
    def _validate_index(self, proposal: Any) -> tuple[int, int]:
        # a reversed pair is kept as sent, as ipywidgets' SelectionRangeSlider keeps it: the
        # family reads it in order
        lower, upper = (self._position(i) for i in proposal["value"])
        return lower, upper
