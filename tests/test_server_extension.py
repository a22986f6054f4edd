"""The server extension (jupyter_state/_server.py): TCP_NODELAY on kernel websockets.

Which class it chooses, with every setup it must step aside for, on a real ``ServerApp``
object; and on a real server (started from this venv, the extension enabled by the config
the wheel installs), the accepted kernel websocket seen from the server side.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_server.gateway.gateway_client import GatewayClient
from jupyter_server.serverapp import ServerApp
from nodelay_probe import Server
from traitlets.config import Config

from jupyter_state import _server

pytestmark = pytest.mark.kernel
ROOT = Path(__file__).resolve().parents[1]


class Custom(_server.STOCK):
    pass


def linked(config: Config, caplog: pytest.LogCaptureFixture, configured: bool = False) -> tuple[type, str]:
    """Link the extension into a ServerApp as the server does: before its configurables
    (``configured=False``), or, to check the other branch, after them."""
    app = ServerApp(config=config)
    if configured:
        app.gateway_config = GatewayClient(parent=app)  # as ServerApp.init_configurables does
    app.log = logging.getLogger("test-server-extension")
    with caplog.at_level(logging.INFO, logger="test-server-extension"):
        _server._link_jupyter_server_extension(app)
    if not configured:
        app.gateway_config = GatewayClient(parent=app)  # so the trait's default can be read
    return app.kernel_websocket_connection_class, caplog.text


@pytest.mark.parametrize("configured", [False, True], ids=["at-link-time", "after-init-configurables"])
def test_the_stock_class_is_replaced(caplog: pytest.LogCaptureFixture, configured: bool) -> None:
    chosen, log = linked(Config(), caplog, configured)
    assert chosen is _server.NoDelayConnection and issubclass(chosen, _server.STOCK)
    assert "TCP_NODELAY on kernel websockets" in log


def test_switched_off_by_config(caplog: pytest.LogCaptureFixture) -> None:
    config = Config()
    config.JupyterStateServer.tcp_nodelay = False
    chosen, log = linked(config, caplog)
    assert chosen is _server.STOCK and "is off" in log


@pytest.mark.parametrize("configured", [False, True], ids=["at-link-time", "after-init-configurables"])
def test_a_users_own_class_is_left_alone_with_a_log_line(caplog: pytest.LogCaptureFixture, configured: bool) -> None:
    config = Config()
    config.ServerApp.kernel_websocket_connection_class = Custom
    chosen, log = linked(config, caplog, configured)
    assert chosen is Custom
    assert "Custom, not the stock class" in log and "NoDelayMixin" in log


def test_the_stock_class_named_in_the_users_config_is_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    config = Config()
    config.ServerApp.kernel_websocket_connection_class = "jupyter_server.services.kernels.connection.channels.ZMQChannelsWebsocketConnection"
    chosen, log = linked(config, caplog)
    assert chosen is _server.STOCK and "left as it is" in log


def test_a_gateway_is_left_alone(caplog: pytest.LogCaptureFixture) -> None:
    config = Config()
    config.GatewayClient.url = "http://127.0.0.1:1"
    chosen, log = linked(config, caplog)
    assert chosen.__name__ == "GatewayWebSocketConnection" and "gateway" in log


def test_a_class_with_the_mixin_is_kept(caplog: pytest.LogCaptureFixture) -> None:
    class Both(_server.NoDelayMixin, Custom):
        pass

    config = Config()
    config.ServerApp.kernel_websocket_connection_class = Both
    chosen, log = linked(config, caplog)
    assert chosen is Both and "has it" in log


def test_an_error_never_stops_the_server(caplog: pytest.LogCaptureFixture) -> None:
    class Broken:
        log = logging.getLogger("test-server-extension")
        config = Config()

        @property
        def gateway_config(self) -> object:
            raise RuntimeError("boom")

    with caplog.at_level(logging.INFO, logger="test-server-extension"):
        _server._link_jupyter_server_extension(Broken())
    assert "left the kernel websockets as they are: boom" in caplog.text


# -- a real server ----------------------------------------------------------------------------
@pytest.fixture
def config_dir(tmp_path: Path) -> Iterator[dict[str, str]]:
    """An environment whose only Jupyter config is the one the wheel installs (and the probe)."""
    config = tmp_path / "config"
    (config / "jupyter_server_config.d").mkdir(parents=True)
    shutil.copy(ROOT / "jupyter-config" / "jupyter_server_config.d" / "jupyter_state.json",
                config / "jupyter_server_config.d" / "jupyter_state.json")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(config), JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_DATA_DIR=str(tmp_path / "data"), JUPYTER_PLATFORM_DIRS="1", IPYTHONDIR=str(tmp_path / "ipython"))
    yield env


@pytest.mark.parametrize("off", [False, True], ids=["enabled", "switched-off"])
def test_a_real_kernel_websocket_has_tcp_nodelay(config_dir: dict[str, str], tmp_path: Path, off: bool) -> None:
    args = ["--JupyterStateServer.tcp_nodelay=False"] if off else []
    server = Server(sys.executable, tmp_path, config_dir, *args)
    try:
        readings = server.kernel_websocket_nodelay()
    finally:
        server.stop()
    assert readings and set(readings) == ({0} if off else {1}), server.log_text()
    assert ("is off" if off else "TCP_NODELAY on kernel websockets (no Nagle") in server.log_text()


def test_the_installed_config_enables_the_extension_and_voila_gets_the_class() -> None:
    server = json.loads((ROOT / "jupyter-config" / "jupyter_server_config.d" / "jupyter_state.json").read_text())
    assert server == {"ServerApp": {"jpserver_extensions": {"jupyter_state": True}}}
    voila = json.loads((ROOT / "jupyter-config" / "voila.json").read_text())
    name = voila["Voila"]["kernel_websocket_connection_class"]
    module, _, attr = name.rpartition(".")
    assert getattr(sys.modules.get(module) or __import__(module, fromlist=[attr]), attr) is _server.NoDelayConnection
