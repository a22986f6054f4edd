"""``st.download_button``: a button that saves data as a file in the browser.

The button is an anywidget (``static/download.js``). The data reaches the browser as a
binary buffer when it changes, so a click needs no round trip: the browser saves the file,
then reports the click as a ``Button`` does, and the click counts as a trigger (``True`` for
the run it causes).
"""

from __future__ import annotations

import io
import mimetypes
import os
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._context import current
from .._models import use_layout
from ..errors import InvalidLayoutContextError, JupyterStateValueError
from ._binding import register
from ._button_look import check_button_look, css_width
from ._family import TriggerFamily, check_callback

__all__ = ["download_button"]


def _download_bytes(data: Any) -> tuple[bytes, str]:
    """The bytes to download and the MIME type they suggest."""
    if isinstance(data, str):
        return data.encode("utf-8"), "text/plain"
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data), "application/octet-stream"
    if isinstance(data, (io.BytesIO, io.StringIO)):
        return _download_bytes(data.getvalue())
    if hasattr(data, "read"):
        if getattr(data, "seekable", lambda: False)():
            data.seek(0)
        return _download_bytes(data.read())
    raise JupyterStateValueError(
        f"st.download_button: data must be str, bytes or a file-like object, got {type(data).__name__}. "
        "Convert it first, for example df.to_csv(index=False) for a DataFrame."
    )


class DownloadFamily(TriggerFamily):
    kind: ClassVar[str] = "download_button"

    def build(self) -> ipywidgets.DOMWidget:
        from ._views import DownloadView  # anywidget views are imported with the first widget that needs one

        view = DownloadView(_dom_classes=self.classes, **self.view_traits())  # all in its comm_open
        use_layout(view, width=css_width(self.params["width"]))
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        super().configure(view)  # the changed view traits
        use_layout(view, width=css_width(self.params["width"]))

    def view_traits(self) -> dict[str, Any]:
        p = self.params
        return {
            "label": str(p["label"]),
            "data": p["data"],
            "file_name": p["file_name"],
            "mime": p["mime"],
            "button_type": p["type"],
            "icon": p["icon"],  # an emoji (checked: Material icons are refused)
            "tooltip": p["help"],
            "full_width": p["width"] == "stretch",
            "rerun_on_click": p["rerun_on_click"],
        }


def download_button(
    label: str,
    data: Any,
    file_name: str | None = None,
    mime: str | None = None,
    key: str | int | None = None,
    help: str | None = None,
    on_click: Callable[..., Any] | str | None = "rerun",
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    *,
    type: str = "secondary",
    icon: str | None = None,
    disabled: bool = False,
    use_container_width: bool | None = None,
    width: int | str = "content",
) -> bool:
    """Display a button that downloads ``data`` as a file; return ``True`` in the run its click caused.

    The download happens in the browser, with no round trip; then the click reruns the app
    (``on_click="rerun"``, the default), runs a callback first (a function), or is not
    reported at all (``on_click="ignore"``: the button always returns ``False``).

    Parameters
    ----------
    label : str
        The text on the button.
    data : str, bytes or file-like
        What to download; text is encoded as UTF-8.
    file_name : str, optional
        The name the browser saves the file under (default ``download`` plus an extension
        that suits ``mime``).
    mime : str, optional
        The MIME type (default ``text/plain`` for text, ``application/octet-stream`` otherwise).
    key : str or int, optional
        Names the button in ``st.session_state`` (read-only: it cannot be assigned).
    help : str, optional
        A tooltip.
    on_click : callable, "rerun" or "ignore"
        What a click does besides the download.
    args, kwargs
        Arguments for an ``on_click`` callback.
    type : {"primary", "secondary", "tertiary"}
        The emphasis of the button.
    icon : str, optional
        An emoji shown before the label.
    disabled : bool
        Whether the button can be clicked.
    use_container_width : bool, optional
        Deprecated in Streamlit: ``True`` is ``width="stretch"``, ``False`` is ``width="content"``.
    width : "content", "stretch" or int
        As wide as the label, as the column, or a number of pixels.

    Examples
    --------
    >>> csv = df.to_csv(index=False)  # doctest: +SKIP
    >>> st.download_button("Download CSV", csv, file_name="data.csv", mime="text/csv")  # doctest: +SKIP
    """
    run = current().run_in_progress
    if run is not None and run.form is not None:
        raise InvalidLayoutContextError.with_forms_doc(
            f"st.download_button({label!r}) can't be used inside st.form({run.form.key!r}). "
            "Move the download button out of the form."
        )
    if isinstance(on_click, str) and on_click not in ("rerun", "ignore"):
        raise JupyterStateValueError(
            f"st.download_button: on_click must be a function, 'rerun' or 'ignore', got {on_click!r}."
        )
    callback = None if isinstance(on_click, str) else check_callback(on_click, "on_click")
    type, icon, width = check_button_look("st.download_button", type, icon, width, use_container_width)
    content, default_mime = _download_bytes(data)
    save_as = mime or default_mime
    if file_name:
        name = os.path.basename(file_name)
    else:
        extension = ".txt" if save_as == "text/plain" else (mimetypes.guess_extension(save_as) or "")
        name = f"download{extension}"
    family = DownloadFamily(
        label=label, data=content, file_name=name, mime=save_as, help=help, type=type, icon=icon,
        width=width, rerun_on_click=on_click != "ignore",
    )
    # As in Streamlit, the data is not part of the identity: new data keeps the button.
    identity = {"label": label, "help": help, "type": type, "icon": icon, "file_name": file_name, "mime": mime}
    return bool(register(family, default=False, key=key, identity=identity,
                         callback=callback, args=args, kwargs=kwargs, disabled=disabled))
