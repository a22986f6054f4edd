"""A Jupyter server extension: kernel websockets without the Nagle delay.

A stock jupyter_server never calls ``set_nodelay`` on its kernel websockets, so a small
message (a widget's ``update``, the kernel's reply) waits for the ACK of the previous one:
Nagle's algorithm plus the browser's delayed ACK cost about 40 ms on every back-to-back
interaction (E2E.md pitfall 12). ``pip install jupyter_state`` enables this extension
(``etc/jupyter/jupyter_server_config.d/jupyter_state.json``) and sets Voilà's connection
class (``etc/jupyter/voila.json``); the extension swaps the stock kernel websocket
connection class for :class:`NoDelayConnection`, which sets ``TCP_NODELAY`` once the
websocket is open.

It never replaces a class someone else chose: with a gateway, or with a
``ServerApp.kernel_websocket_connection_class`` set in the user's config, it logs why and
leaves the server as it is (add :class:`NoDelayMixin` to your own class to have both).
Switch it off with ``c.JupyterStateServer.tcp_nodelay = False`` (or ``jupyter server
extension disable jupyter_state``).
"""

from __future__ import annotations

import socket
from typing import Any

from jupyter_server.services.kernels.connection.channels import ZMQChannelsWebsocketConnection
from traitlets import Bool
from traitlets.config import Configurable

__all__ = ["JupyterStateServer", "NoDelayConnection", "NoDelayMixin", "nodelay_of"]

STOCK = ZMQChannelsWebsocketConnection


class JupyterStateServer(Configurable):
    """jupyter_state's server-side options (``c.JupyterStateServer.<name>``)."""

    tcp_nodelay = Bool(
        True,
        config=True,
        help="Set TCP_NODELAY on kernel websockets (no Nagle delay on small widget messages).",
    )


def enabled(config: Any) -> bool:
    """Whether ``config`` (a traitlets ``Config``) leaves ``tcp_nodelay`` on."""
    return bool(JupyterStateServer(config=config).tcp_nodelay)


def nodelay_of(handler: Any) -> bool | None:
    """Whether the TCP socket behind a websocket handler has ``TCP_NODELAY`` set (None: no socket).

    Examples
    --------
    >>> nodelay_of(None) is None
    True
    """
    stream = getattr(getattr(handler, "ws_connection", None), "stream", None)
    sock = getattr(stream, "socket", None)
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return None  # a Unix socket (``--sock``) has no Nagle to switch off
    return bool(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))


class NoDelayMixin:
    """Set ``TCP_NODELAY`` on the websocket before the connection starts relaying messages.

    Put it first in the bases of your own kernel websocket connection class to combine both:
    ``class Mine(NoDelayMixin, ZMQChannelsWebsocketConnection): ...``.
    """

    websocket_handler: Any
    config: Any
    log: Any

    def connect(self) -> Any:
        # connect() runs in the handler's open(), the first moment the stream exists; a
        # failure here must never cost the user their kernel connection.
        try:
            if enabled(self.config) and nodelay_of(self.websocket_handler) is False:
                self.websocket_handler.set_nodelay(True)
        except Exception as exc:
            self.log.warning("jupyter_state: could not set TCP_NODELAY on a kernel websocket: %s", exc)
        return super().connect()  # type: ignore[misc]


class NoDelayConnection(NoDelayMixin, ZMQChannelsWebsocketConnection):
    """The stock kernel websocket connection, with ``TCP_NODELAY`` on."""


def choose(current: Any, gateway: bool, config: Any) -> tuple[type, str]:
    """The connection class to use instead of ``current``, and the line to log about it.

    ``current`` is left alone when the config switches the extension off, when a gateway
    serves the kernels, and when the user's config names a class (even the stock one).

    Examples
    --------
    >>> from traitlets.config import Config
    >>> choose(STOCK, False, Config())[0].__name__
    'NoDelayConnection'
    """
    if not enabled(config):
        return current, ("jupyter_state: TCP_NODELAY on kernel websockets is off "
                         "(JupyterStateServer.tcp_nodelay = False).")
    if gateway:
        return current, ("jupyter_state: kernels come from a gateway; its websocket connection class is left as it is "
                         "(no TCP_NODELAY from jupyter_state).")
    if isinstance(current, type) and issubclass(current, NoDelayMixin):
        return current, f"jupyter_state: TCP_NODELAY on kernel websockets ({current.__qualname__} has it)."
    if current is not STOCK or "kernel_websocket_connection_class" in config.get("ServerApp", {}):
        name = f"{getattr(current, '__module__', '?')}.{getattr(current, '__qualname__', current)}"
        return current, (f"jupyter_state: ServerApp.kernel_websocket_connection_class is {name}, not the stock class; "
                         "it is left as it is (no TCP_NODELAY from jupyter_state). Add "
                         "jupyter_state._server.NoDelayMixin to its bases to have both.")
    return NoDelayConnection, "jupyter_state: TCP_NODELAY on kernel websockets (no Nagle delay on widget messages)."


def _link_jupyter_server_extension(serverapp: Any) -> None:
    # Linking runs before the server builds its web application, which reads the class
    # (and before it has its gateway_config, which the class's default needs).
    try:
        gateway = _gateway_enabled(serverapp)
        current = _current_class(serverapp, gateway)
        chosen, line = choose(current, gateway, serverapp.config)
        if chosen is not current:
            serverapp.kernel_websocket_connection_class = chosen
        serverapp.log.info(line)
    except Exception as exc:  # an extension must never stop the server from starting
        serverapp.log.warning("jupyter_state: left the kernel websockets as they are: %s", exc)


def _gateway_enabled(serverapp: Any) -> bool:
    gateway = getattr(serverapp, "gateway_config", None)
    if gateway is None:
        # the server's gateway client only when the server runs with one
        from jupyter_server.gateway.gateway_client import GatewayClient

        gateway = GatewayClient(parent=serverapp)  # type: ignore[no-untyped-call]  # same config, not the singleton
    return bool(gateway.gateway_enabled)


def _current_class(serverapp: Any, gateway: bool) -> Any:
    if getattr(serverapp, "gateway_config", None) is not None:
        return serverapp.kernel_websocket_connection_class
    configured = serverapp.config.get("ServerApp", {}).get("kernel_websocket_connection_class")
    if configured is None:
        return "gateway" if gateway else STOCK
    if isinstance(configured, str):
        from traitlets.utils.importstring import import_item  # only for a class named in the server's config

        return import_item(configured)
    return configured


def _load_jupyter_server_extension(serverapp: Any) -> None:
    """Nothing to load: the work is done when the extension is linked."""
