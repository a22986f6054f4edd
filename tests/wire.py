"""A recording comm for the live-element tests: what the browser had received, and when.

Every comm message a widget publishes is kept in order, together with marks the app body
writes between its steps (``wire.mark(label)``), so a test can tell what had been sent at
each point of a run. Use the ``wire`` fixture: ``from wire import Wire, wire_fixture``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import comm
import pytest


class Wire:
    """Every comm message published, in order, with the app's marks between them."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str, Any]] = []

    def mark(self, label: Any) -> None:
        self.log.append(("mark", "", label))

    def before(self, label: Any) -> list[tuple[str, str, Any]]:
        """The messages published before the mark ``label``."""
        end = next(i for i, (kind, _, data) in enumerate(self.log) if kind == "mark" and data == label)
        return self.log[:end]

    def html_values(self, entries: list[tuple[str, str, Any]] | None = None) -> list[str]:
        """The ``value`` of every HTML view as sent (opened or updated), in order."""
        out = []
        for kind, _, data in self.log if entries is None else entries:
            state = (data or {}).get("state", {}) if kind in ("comm_open", "comm_msg") else {}
            if isinstance(state.get("value"), str):
                out.append(state["value"])
        return out

    def outputs_sent(self, entries: list[tuple[str, str, Any]] | None = None) -> list[Any]:
        out = []
        for kind, _, data in self.log if entries is None else entries:
            state = (data or {}).get("state", {}) if kind in ("comm_open", "comm_msg") else {}
            if "outputs" in state:
                out.append(state["outputs"])
        return out

    def count(self, msg_type: str) -> int:
        return sum(1 for kind, _, _ in self.log if kind == msg_type)

    def clear(self) -> None:
        self.log.clear()


@pytest.fixture(name="wire")
def wire_fixture() -> Iterator[Wire]:
    recorder = Wire()
    log = recorder.log

    class RecordingComm(comm.DummyComm):  # type: ignore[misc]
        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any) -> None:
            log.append((msg_type, self.comm_id, data))

    saved = comm.create_comm
    comm.create_comm = RecordingComm
    try:
        yield recorder
    finally:
        comm.create_comm = saved
