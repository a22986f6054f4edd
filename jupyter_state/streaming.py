"""``st.write_stream``: text that appears as it arrives, for chat replies and long outputs.

Inside a run the streamed text is one Markdown element that grows in place; every chunk
shows the run so far (``live.show_run``), so the browser sees the reply being written
while the kernel is still busy. In an ordinary cell a display handle is updated instead.
"""

from __future__ import annotations

import asyncio
import inspect
import threading
from collections.abc import AsyncIterator, Iterator
from typing import Any

from ._context import current
from ._kernel import shell
from .elements import markdown_element, write
from .errors import InvalidParameterTypeError, JupyterStateAPIException
from .live import show_run
from .output import Element

__all__ = ["write_stream"]

#: OpenAI Responses API events that carry text
_RESPONSE_TEXT_EVENTS = ("response.output_text.delta", "response.refusal.delta")


def _chunk_text(chunk: Any) -> Any:
    """The text of an LLM library's chunk (OpenAI, LangChain), else the chunk itself.

    Recognised by class name and module, as Streamlit does, so neither library is imported.
    """
    kind, module = type(chunk).__name__, type(chunk).__module__
    if kind == "ChatCompletionChunk" and module.startswith("openai"):
        try:
            choices = chunk.choices
            if not choices or choices[0].delta is None:
                return ""  # Azure's first chunk has no choices
            return choices[0].delta.content or ""
        except AttributeError as exc:
            raise JupyterStateAPIException(
                f"Could not read the text of the OpenAI chunk {chunk!r}: its structure is not "
                "the Chat Completions one (chunk.choices[0].delta.content). Wrap the stream in "
                "a generator that yields the text yourself."
            ) from exc
    if module.startswith("openai") and kind.startswith("Response") and kind.endswith("Event"):
        return (getattr(chunk, "delta", "") or "") if getattr(chunk, "type", None) in _RESPONSE_TEXT_EVENTS else ""
    if kind == "AIMessageChunk" and module.startswith("langchain"):
        return getattr(chunk, "content", "") or ""
    return chunk


def _sync(stream: AsyncIterator[Any]) -> Iterator[Any]:
    """Iterate an async generator from synchronous code.

    The kernel's own event loop is running (it is executing this cell), so the async
    generator runs on an event loop of its own in a helper thread.
    """
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    try:
        while True:
            try:
                yield asyncio.run_coroutine_threadsafe(stream.__anext__(), loop).result()  # type: ignore[arg-type]
            except StopAsyncIteration:
                return
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join()
        loop.close()


def _as_iterator(stream: Any) -> Iterator[Any]:
    if isinstance(stream, str) or type(stream).__name__ in ("DataFrame", "Series"):
        raise InvalidParameterTypeError.of(
            "stream", type(stream).__name__, ["generator", "stream-like object"],
            "Please use `st.write` instead for this data type.",
        )
    if inspect.isgeneratorfunction(stream) or inspect.isasyncgenfunction(stream):
        stream = stream()
    if inspect.isasyncgen(stream):
        return _sync(stream)
    try:
        return iter(stream)
    except TypeError as exc:
        raise JupyterStateAPIException(
            f"The provided input (type: {type(stream)}) cannot be iterated. Please make sure "
            "that it is a generator, generator function or iterable."
        ) from exc


class _Text:
    """The Markdown element being streamed into (inside a run) or a display handle."""

    def __init__(self, cursor: str) -> None:
        self.cursor = cursor
        self.text = ""
        self.element: Element | None = None
        self.handle: Any = None
        self.run = current().run_in_progress

    def add(self, chunk: str) -> None:
        first = not self.text
        self.text += chunk
        self._show(self.text + ("" if first else self.cursor))

    def finish(self) -> str:
        self._show(self.text)
        return self.text

    def _show(self, text: str) -> None:
        element = markdown_element(text)
        if self.run is not None:
            if self.element is None:
                self.element = element
                self.run.add(element)
            else:  # grow in place: the run's tree keeps one element for the whole text
                self.element.value, self.element.output = element.value, element.output
            show_run(self.run, force=True)
            return
        if shell() is None:
            return
        from IPython.display import display  # IPython only when there is a shell to show it in

        data = element.output["data"]
        if self.handle is None:
            self.handle = display(data, raw=True, display_id=True)
        else:
            self.handle.update(data, raw=True)


def write_stream(stream: Any, *, cursor: str | None = None) -> list[Any] | str:
    """Write a generator or stream to the app as it arrives; return what it wrote.

    Text chunks are joined into one Markdown element that grows while the app runs (the
    browser sees each chunk at once). Other chunks are shown with ``st.write``; callables
    are called. OpenAI (Chat Completions and Responses) and LangChain chunks are read as
    their text. Async generators work too.

    Parameters
    ----------
    stream : generator, generator function, iterable or async generator
        What to stream.
    cursor : str, optional
        Shown after the text while it streams (for example ``"▌"``).

    Returns
    -------
    str or list
        The whole text when only text was streamed (``""`` for nothing), else the list of
        everything written, text runs joined.

    Examples
    --------
    >>> def reply():
    ...     for word in "Hello there, how can I help?".split():
    ...         yield word + " "
    ...         time.sleep(0.05)
    >>> text = st.write_stream(reply)   # doctest: +SKIP
    """
    chunks = _as_iterator(stream)
    written: list[Any] = []
    text: _Text | None = None

    def end_text() -> None:
        nonlocal text
        if text is not None:
            written.append(text.finish())
            text = None

    for raw in chunks:
        chunk = _chunk_text(raw)
        if isinstance(chunk, str):
            if chunk:
                if text is None:
                    text = _Text(cursor or "")
                text.add(chunk)
            continue
        end_text()
        if callable(chunk):
            chunk()
        else:
            write(chunk)
            written.append(chunk)
        show_run(current().run_in_progress)
    end_text()
    if not written:
        return ""
    if len(written) == 1 and isinstance(written[0], str):
        return str(written[0])
    return written
