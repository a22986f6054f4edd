"""Record what the kernel publishes on widget comms, and tell redundant updates apart.

:class:`CommRecorder` replaces ``comm.create_comm`` inside :meth:`CommRecorder.installed`;
:meth:`CommRecorder.drain` returns the messages published since the last drain as a
:class:`MessageCounts`. Used by the layout tests and the rerun benchmarks (from
``benchmarks/bench_rerun.py``, where it was written).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["CommRecorder", "Message", "MessageCounts"]


def _jsonish(value: Any) -> Any:
    """``value`` as the frontend receives it (tuples become lists, and so on)."""
    return json.loads(json.dumps(value, default=repr))


@dataclass
class Message:
    """One message the kernel published on a widget comm."""

    kind: str  # comm_open, comm_close, update, echo_update, custom...
    comm_id: str
    model: str
    keys: tuple[str, ...] = ()
    #: state keys whose value the frontend already had (an ``update`` that changes nothing)
    same: tuple[str, ...] = ()

    @property
    def redundant(self) -> bool:
        """An ``update`` after which the frontend's state is what it was before."""
        return self.kind == "update" and len(self.same) == len(self.keys)


@dataclass
class MessageCounts:
    """What one interaction made the kernel publish."""

    messages: list[Message] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return sum(m.kind == kind for m in self.messages)

    @property
    def redundant_updates(self) -> int:
        return sum(m.redundant for m in self.messages)

    @property
    def redundant_keys(self) -> int:
        """State keys sent in ``update`` messages whose value the frontend already had."""
        return sum(len(m.same) for m in self.messages if m.kind == "update")


class CommRecorder:
    """Replaces ``comm.create_comm`` so every widget comm records what it publishes.

    It keeps a shadow of the state each frontend model holds (from ``comm_open``, the
    kernel's ``update``/``echo_update`` and the frontend's own messages), so an ``update``
    that changes nothing can be told apart from one that does.
    """

    def __init__(self) -> None:
        self.raw: list[tuple[str, str, Any]] = []
        self.shadow: dict[str, dict[str, Any]] = {}
        self.models: dict[str, str] = {}

    @contextlib.contextmanager
    def installed(self) -> Iterator[CommRecorder]:
        import comm
        from ipywidgets.comm import requires_ipykernel_shim

        if requires_ipykernel_shim():
            raise RuntimeError("ipykernel < 6.18 is imported: ipywidgets would bypass comm.create_comm")
        raw = self.raw

        class RecordingComm(comm.DummyComm):  # type: ignore[misc]
            def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any) -> None:
                raw.append((msg_type, self.comm_id, data))

        saved = comm.create_comm
        comm.create_comm = RecordingComm
        try:
            yield self
        finally:
            comm.create_comm = saved

    def frontend_sent(self, comm_id: str, state: dict[str, Any]) -> None:
        """The frontend changed its model's state (it sent this in an ``update``)."""
        self.shadow.setdefault(comm_id, {}).update(_jsonish(state))

    def drain(self) -> MessageCounts:
        """The messages published since the last drain, classified."""
        out = MessageCounts()
        for msg_type, comm_id, data in self.raw:
            data = data or {}
            if msg_type == "comm_open":
                state = _jsonish(data.get("state", {}))
                self.shadow[comm_id] = dict(state)
                self.models[comm_id] = str(state.get("_model_name", "?"))
                out.messages.append(Message("comm_open", comm_id, self.models[comm_id], tuple(state)))
            elif msg_type == "comm_close":
                self.shadow.pop(comm_id, None)
                out.messages.append(Message("comm_close", comm_id, self.models.get(comm_id, "?")))
            else:
                method = str(data.get("method", msg_type))
                state = _jsonish(data.get("state", {}))
                known = self.shadow.setdefault(comm_id, {})
                same = tuple(k for k, v in state.items() if k in known and known[k] == v)
                known.update(state)
                out.messages.append(Message(method, comm_id, self.models.get(comm_id, "?"), tuple(state), same))
        self.raw.clear()
        return out
