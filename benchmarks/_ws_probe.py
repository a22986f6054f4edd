"""A server extension for bench_roundtrip.py: when the server saw each kernel websocket message.

Loaded as ``jpserver_extensions = {"_ws_probe": True}`` with this folder on the server's
``PYTHONPATH``. It appends ``<epoch seconds> in`` when a browser frame reaches the server
(``handle_incoming_message``) and ``<epoch seconds> out`` when a kernel message reaches it
from ZeroMQ, before it is written to the websocket (``_on_zmq_reply``), to ``$WS_PROBE``.
"""

from __future__ import annotations

import os
import time
from typing import Any


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "_ws_probe"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection as C

    path = os.environ["WS_PROBE"]

    def stamp(what: str) -> None:
        with open(path, "a") as f:
            f.write(f"{time.time():.6f} {what}\n")

    incoming, reply = C.handle_incoming_message, C._on_zmq_reply

    def handle_incoming_message(self: Any, msg: Any) -> None:
        stamp("in")
        incoming(self, msg)

    def _on_zmq_reply(self: Any, stream: Any, msg_list: Any) -> None:
        stamp("out")
        reply(self, stream, msg_list)

    C.handle_incoming_message = handle_incoming_message  # type: ignore[method-assign]
    C._on_zmq_reply = _on_zmq_reply  # type: ignore[method-assign]
    serverapp.log.info("_ws_probe: stamping kernel websocket messages into %s", path)
