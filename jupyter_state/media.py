"""Media elements: ``st.image``, ``st.audio``, ``st.video``.

The bytes travel inside the output as ``data:`` URLs (a notebook has no media server), so
a saved notebook keeps them and nothing is fetched. A web URL is shown as a link, never
loaded: the kernel does not fetch it and the page does not either.
"""

from __future__ import annotations

import base64
import html
import importlib.util
import io
import mimetypes
import os
import re
import struct
import wave
import zlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ._extras import require
from .elements import emit
from .errors import JupyterStateAPIException
from .output import display_element

__all__ = ["audio", "image", "video"]

_WEB_URL = re.compile(r"^(https?:)?//", re.IGNORECASE)
_SIGNATURES = ((b"\x89PNG", "image/png"), (b"\xff\xd8", "image/jpeg"), (b"GIF8", "image/gif"), (b"RIFF", "image/webp"),
               (b"<svg", "image/svg+xml"), (b"<?xml", "image/svg+xml"))


def _data_url(data: bytes, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def _read(data: Any) -> bytes | None:
    """Bytes from bytes, a file-like object or a local path; None for anything else."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, io.IOBase) or hasattr(data, "read"):
        if hasattr(data, "seek"):
            data.seek(0)
        content = data.read()
        return content.encode() if isinstance(content, str) else bytes(content)
    if isinstance(data, Path) or (isinstance(data, str) and os.path.isfile(data)):
        return Path(data).read_bytes()
    return None


def _sniff(data: bytes, default: str) -> str:
    head = data[:16].lstrip()
    return next((mime for sig, mime in _SIGNATURES if head.startswith(sig)), default)


def _array_pixels(array: Any, clamp: bool, channels: str) -> Any:
    """A NumPy image (grayscale, RGB or RGBA; floats in 0-1) as uint8 pixels, checked as Streamlit checks."""
    np = _need("numpy", "st.image")
    array = np.asarray(array)
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[:, :, 0]
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[-1] not in (3, 4)):
        raise JupyterStateAPIException(
            f"Invalid image shape {array.shape}: expected (height, width), (height, width, 3) or (height, width, 4)."
        )
    if array.dtype.kind == "f":
        if clamp:
            array = np.clip(array, 0.0, 1.0)
        elif array.size and (array.min() < 0.0 or array.max() > 1.0):
            raise JupyterStateAPIException("Data is outside [0.0, 1.0] and clamp is not set.")
        array = array * 255
    elif clamp:
        array = np.clip(array, 0, 255)
    elif array.size and (array.min() < 0 or array.max() > 255):
        raise JupyterStateAPIException("Data is outside [0, 255] and clamp is not set.")
    array = array.astype(np.uint8)
    if channels == "BGR" and array.ndim == 3:
        array = array[:, :, [2, 1, 0, 3][: array.shape[-1]]]
    return array


def _png(pixels: Any) -> bytes:
    """uint8 pixels as a PNG, with zlib alone: an array needs no Pillow to be shown."""
    height, width = pixels.shape[:2]
    color_type = {2: 0, 3: 2, 4: 6}[pixels.ndim if pixels.ndim == 2 else pixels.shape[2]]
    rows = b"".join(b"\x00" + pixels[y].tobytes() for y in range(height))  # filter 0 on each row

    def chunk(tag: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + tag + body + struct.pack(">I", zlib.crc32(tag + body) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, color_type, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")


def _need(module: str, command: str) -> Any:
    return require(module, command)


def _image_source(obj: Any, clamp: bool, channels: str, output_format: str) -> tuple[str, bool]:
    """One image as (url, is_link): a ``data:`` URL, or a web URL to show as a link."""
    if channels not in ("RGB", "BGR"):
        raise JupyterStateAPIException(f'Invalid channels value {channels!r}: expected "RGB" or "BGR".')
    if isinstance(obj, str):
        text = obj.strip()
        if _WEB_URL.match(text):
            return text, True
        if text.startswith("data:image/"):
            return text, False
        if text.startswith("<svg"):
            return _data_url(text.encode(), "image/svg+xml"), False
    raw = _read(obj)
    if raw is not None:
        if isinstance(obj, (str, Path)) and str(obj).lower().endswith(".svg"):
            return _data_url(raw, "image/svg+xml"), False
        return _data_url(raw, _sniff(raw, "image/png")), False
    if isinstance(obj, str):
        raise JupyterStateAPIException(f"st.image could not find the file {obj!r} (and it is not a web URL).")
    if type(obj).__module__.startswith("matplotlib"):
        raise JupyterStateAPIException("st.image takes an image, not a Matplotlib figure: use st.pyplot(fig).")
    fmt = output_format.upper()
    if fmt == "JPG":
        fmt = "JPEG"
    if hasattr(obj, "save") and hasattr(obj, "mode"):
        picture = obj
    else:
        pixels = _array_pixels(obj, clamp, channels)
        if fmt != "JPEG" or importlib.util.find_spec("PIL") is None:  # PNG is lossless and needs no Pillow
            return _data_url(_png(pixels), "image/png"), False
        picture = _need("PIL.Image", "st.image").fromarray(pixels)
    if fmt == "AUTO":
        given = getattr(picture, "format", None)
        fmt = given if given in ("PNG", "JPEG", "GIF") else "PNG" if picture.mode in ("RGBA", "LA", "P") else "JPEG"
    if fmt == "JPEG" and picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    buffer = io.BytesIO()
    picture.save(buffer, format=fmt)
    return _data_url(buffer.getvalue(), f"image/{fmt.lower()}"), False


def _width_style(width: Any, use_container_width: bool | None, default: str) -> str:
    if use_container_width is not None:
        width = "stretch" if use_container_width else (width if isinstance(width, int) else "content")
    if width == "stretch":
        return "width:100%"
    if width == "content" or width is None:
        return "max-width:100%" if default == "content" else "width:100%"
    if isinstance(width, int) and not isinstance(width, bool) and width > 0:
        return f"width:{width}px;max-width:100%"
    raise JupyterStateAPIException(
        f"Invalid width value: {width!r}. Width must be either an integer (pixels), 'stretch', or 'content'."
    )


def image(
    image: Any, caption: str | Sequence[str] | None = None, width: Any = "content", clamp: bool = False,
    channels: str = "RGB", output_format: str = "auto", *, use_container_width: bool | None = None,
    link: str | None = None, use_column_width: Any = None, alt: str | Sequence[str | None] | None = None,
) -> None:
    """Display an image or a list of images, each with an optional caption.

    ``image`` is a PIL image, a NumPy array (grayscale, RGB or RGBA; floats in 0-1), bytes,
    a file path, an SVG string, or a list of those. A web URL is shown as a link (nothing is
    fetched).

    Examples
    --------
    >>> st.image(np.zeros((20, 40, 3), dtype=np.uint8), caption="Black", width=200)  # doctest: +SKIP
    """
    is_list = isinstance(image, (list, tuple)) or (hasattr(image, "ndim") and getattr(image, "ndim", 0) == 4)
    images = list(image) if is_list else [image]
    captions: list[str | None]
    if caption is None:
        captions = [None] * len(images)
    elif isinstance(caption, str):
        captions = [caption]
    else:
        captions = [None if c is None else str(c) for c in caption]
    if len(captions) != len(images):
        raise JupyterStateAPIException(f"Cannot pair {len(captions)} captions with {len(images)} images.")
    alts: list[Any] = list(alt) if isinstance(alt, (list, tuple)) else [alt] * len(images)
    style = _width_style(width, use_container_width, "content")
    urls: list[str] = []
    figures: list[str] = []
    for picture, text, alt_text in zip(images, captions, alts):
        url, is_link = _image_source(picture, clamp, channels, output_format)
        urls.append(url)
        label = html.escape((text or alt_text or url) if is_link else (alt_text or text or ""), quote=True)
        if is_link:  # shown as a link: the page never loads it
            body = f"<a href='{html.escape(url, quote=True)}' target='_blank' rel='noopener noreferrer'>🖼 {label}</a>"
        else:
            body = f"<img src='{url}' alt='{label}' style='{style};height:auto;display:block'>"
            if link is not None:
                body = f"<a href='{html.escape(link, quote=True)}' target='_blank' rel='noopener noreferrer'>{body}</a>"
        caption_style = "opacity:.7;font-size:.85em;text-align:center"
        cap = f"<figcaption style='{caption_style}'>{html.escape(text)}</figcaption>" if text else ""
        figures.append(f"<figure class='jupyter-state-image' style='margin:0'>{body}{cap}</figure>")
    view = f"<div class='jupyter-state-images' style='display:flex;flex-wrap:wrap;gap:.5em'>{''.join(figures)}</div>"
    plain = ", ".join(f"<image {c}>" if c else "<image>" for c in captions)
    info = {"urls": urls, "captions": [c or "" for c in captions]}
    emit(display_element("image", info, {"text/html": view, "text/plain": plain}))


def _wav(data: Any, sample_rate: int | None) -> bytes:
    """A NumPy array of samples (one row per channel) as 16-bit WAV, scaled as Streamlit scales."""
    np = _need("numpy", "st.audio")
    if sample_rate is None:
        raise JupyterStateAPIException("`sample_rate` must be specified when `data` is a numpy array.")
    samples = np.asarray(data, dtype=float)
    if samples.ndim == 1:
        samples = samples[np.newaxis, :]
    if samples.ndim != 2:
        raise JupyterStateAPIException("Numpy array audio input must be a 1D or 2D array.")
    peak = np.max(np.abs(samples)) if samples.size else 0
    scaled = (samples / peak * 32767) if peak else samples
    frames = scaled.T.astype("<i2").tobytes()  # interleave the channels
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(samples.shape[0])
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(frames)
    return buffer.getvalue()


def _seconds(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    if hasattr(value, "total_seconds"):
        return float(value.total_seconds())
    raise JupyterStateAPIException(f"Invalid {name} {value!r}: expected seconds as a number or a timedelta.")


def _media(kind: str, data: Any, fmt: str, start_time: Any, end_time: Any, attrs: list[str],
           sample_rate: int | None = None, extra: str = "", width: Any = "stretch") -> None:
    if isinstance(data, str) and _WEB_URL.match(data.strip()):
        url = data.strip()
        view = (f"<a href='{html.escape(url, quote=True)}' target='_blank' rel='noopener noreferrer'>"
                f"▶ {html.escape(url)}</a>")
        emit(display_element(kind, url, {"text/html": view, "text/plain": url}))
        return
    read = _wav(data, sample_rate) if hasattr(data, "dtype") and hasattr(data, "shape") else _read(data)
    if read is None:
        raise JupyterStateAPIException(
            f"st.{kind} could not read {type(data).__name__} data: pass bytes, a file, a path or a URL."
        )
    raw: bytes = read
    if hasattr(data, "dtype"):
        fmt = "audio/wav"
    elif isinstance(data, (str, Path)):
        fmt = mimetypes.guess_type(str(data))[0] or fmt
    start, end = _seconds(start_time, "start_time") or 0.0, _seconds(end_time, "end_time")
    url = _data_url(raw, fmt)
    fragment = f"#t={start:g}" + (f",{end:g}" if end is not None else "") if start or end is not None else ""
    style = _width_style(width, None, "stretch")
    view = (f"<{kind} class='jupyter-state-{kind}' controls {' '.join(attrs)} style='{style}' src='{url}{fragment}'>"
            f"{extra}</{kind}>")
    emit(display_element(kind, url, {"text/html": view, "text/plain": f"<{kind} {fmt}, {len(raw)} bytes>"}))


def audio(
    data: Any, format: str = "audio/wav", start_time: Any = 0, *, sample_rate: int | None = None,
    end_time: Any = None, loop: bool = False, autoplay: bool = False, alt: str | None = None,
    width: Any = "stretch",
) -> None:
    """Display an audio player for bytes, a file, a path, or a NumPy array of samples.

    Examples
    --------
    >>> st.audio(np.sin(np.linspace(0, 440 * 6.28, 44100)), sample_rate=44100)  # doctest: +SKIP
    """
    attrs = [a for a, on in (("loop", loop), ("autoplay", autoplay)) if on]
    if alt:
        attrs.append(f"aria-label='{html.escape(alt, quote=True)}'")
    _media("audio", data, format, start_time, end_time, attrs, sample_rate=sample_rate, width=width)


def _subtitle_tracks(subtitles: Any) -> str:
    if subtitles is None:
        return ""
    tracks = subtitles if isinstance(subtitles, dict) else {"default": subtitles}
    out = []
    for i, (label, source) in enumerate(tracks.items()):
        raw = _read(source)
        text = raw.decode("utf-8") if raw is not None else str(source)
        if not text.lstrip().startswith("WEBVTT"):  # SRT: a header and dots in the times
            text = "WEBVTT\n\n" + re.sub(r"(\d\d:\d\d:\d\d),(\d\d\d)", r"\1.\2", text)
        default = " default" if i == 0 else ""
        src = _data_url(text.encode(), "text/vtt")
        out.append(f"<track kind='captions' label='{html.escape(str(label), quote=True)}' src='{src}'{default}>")
    return "".join(out)


def video(
    data: Any, format: str = "video/mp4", start_time: Any = 0, *, subtitles: Any = None, end_time: Any = None,
    loop: bool = False, autoplay: bool = False, muted: bool = False, alt: str | None = None,
    width: Any = "stretch",
) -> None:
    """Display a video player for bytes, a file or a path (a web URL is shown as a link).

    ``subtitles`` is WebVTT or SRT text, a file with it, or a dict of label to subtitles.

    Examples
    --------
    >>> st.video("clip.mp4", start_time=3, muted=True)  # doctest: +SKIP
    """
    attrs = [a for a, on in (("loop", loop), ("autoplay", autoplay), ("muted", muted)) if on]
    if alt:
        attrs.append(f"aria-label='{html.escape(alt, quote=True)}'")
    _media("video", data, format, start_time, end_time, attrs, extra=_subtitle_tracks(subtitles), width=width)
