"""One copy of a widget family's ESM per page, not one per widget (issue 18).

anywidget sends a view's ``_esm`` (its whole module: 14 KB for a slider) in every widget's
``comm_open``, and the page imports it once per widget: 300 sliders were 4.7 MB of messages
and 300 module imports at first render. Here a family's module is sent once per kernel, as
the ``_esm`` of a hidden :class:`EsmLibrary` model; each view sends ``static/shared_view.js``
(a few hundred bytes) and the library's id, and renders with the library's ``render`` once
the page has loaded it (``static/library.js`` registers it in the page).

A :class:`SharedCodeView` is also cheaper to build: anywidget's ``__init__`` gives every
instance a class of its own (``add_traits`` for ``_anywidget_id``); here that trait and
``_esm`` are class traits, so the class is built once. These views define no anywidget
commands (``anywidget.experimental.command``), which that ``__init__`` would register.

Imported with the first such view (it imports anywidget).
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any, ClassVar

import anywidget
import ipywidgets
from traitlets import Unicode

__all__ = ["EsmLibrary", "SharedCodeView", "library_of"]

STATIC = Path(__file__).resolve().parent.parent / "static"


def _source(*names: str) -> str:
    return "\n".join((STATIC / name).read_text(encoding="utf-8") for name in names)


def _without_comments(text: str) -> str:
    """``text`` without its ``/** ... */`` blocks and whole-line ``//`` comments (sent once per widget).

    For shared_view.js, whose strings and code hold no ``/**`` nor a line starting ``//``.
    """
    text = re.sub(r"/\*\*.*?\*/", "", text, flags=re.S)
    return "\n".join(line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("//"))


class EsmLibrary(anywidget.AnyWidget):
    """A family's module, sent once per kernel; never displayed (its views import it in the page)."""

    _esm = Unicode("").tag(sync=True)
    #: the key the page registers the module under: the files and a hash of their text
    key = Unicode("").tag(sync=True)


#: the family's files -> its library in this kernel
_libraries: dict[tuple[str, ...], EsmLibrary] = {}


def library_of(files: tuple[str, ...]) -> EsmLibrary:
    """The open library of the module made of ``files`` (made on first use, or anew if closed)."""
    library = _libraries.get(files)
    if library is None or library.comm is None:  # closed (a test's widget cleanup): make it anew
        text = _source(*files)
        key = f"{'+'.join(files)}@{hashlib.sha256(text.encode()).hexdigest()[:16]}"
        esm = f"const LIBRARY_KEY = {json.dumps(key)};\n{text}\n{_source('library.js')}"
        library = _libraries[files] = EsmLibrary(_esm=esm, key=key)
    return library


class SharedCodeView(anywidget.AnyWidget):
    """An anywidget view whose module (``esm_files``) is its family's library, sent once per kernel."""

    _esm = Unicode(_without_comments(_source("shared_view.js"))).tag(sync=True)
    _anywidget_id = Unicode("jupyter_state.shared_view").tag(sync=True)
    #: "IPY_MODEL_<id>" of the library
    _library = Unicode("").tag(sync=True)
    _library_key = Unicode("").tag(sync=True)
    #: the family's ESM files, joined into one module in this order
    esm_files: ClassVar[tuple[str, ...]] = ()

    def __init__(self, **kwargs: Any) -> None:
        library = library_of(self.esm_files)
        # Not anywidget's __init__: every trait it would add is a class trait here (module docstring).
        ipywidgets.DOMWidget.__init__(self, _library=f"IPY_MODEL_{library.model_id}", _library_key=library.key,
                                      **kwargs)
