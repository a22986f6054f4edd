"""Check TCP_NODELAY on a real server's kernel websocket, from the server side.

The server is started with this module as an extra server extension (``nodelay_probe``): it
wraps the stock ``KernelWebsocketHandler.on_message`` and appends, for every message a
browser sends, the ``TCP_NODELAY`` option of the accepted socket (read with
``getsockopt``, independently of jupyter_state) to the file ``$NODELAY_PROBE``. A client
here opens a kernel websocket, sends ``kernel_info_request`` and waits for the reply.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import os
import secrets
import socket
import subprocess
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "nodelay_probe"}]


def _load_jupyter_server_extension(serverapp: Any) -> None:
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler

    original = KernelWebsocketHandler.on_message

    def on_message(self: Any, message: Any) -> Any:
        sock = self.ws_connection.stream.socket
        with open(os.environ["NODELAY_PROBE"], "a") as out:
            out.write(f"{sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)}\n")
        return original(self, message)

    KernelWebsocketHandler.on_message = on_message


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """``python -m jupyter_server`` with the probe, in a temporary root; stop() ends it."""

    def __init__(self, python: str | Path, tmp: Path, env: dict[str, str], *args: str) -> None:
        self.tmp, self.port, self.token = tmp, free_port(), secrets.token_hex(16)
        self.probe = tmp / "nodelay.txt"
        self.log = tmp / "server.log"
        env = dict(env, NODELAY_PROBE=str(self.probe), PYTHONPATH=os.pathsep.join(
            p for p in (str(HERE), env.get("PYTHONPATH", "")) if p))
        (tmp / "root").mkdir(parents=True, exist_ok=True)
        cmd = [str(python), "-m", "jupyter_server", "--no-browser", f"--IdentityProvider.token={self.token}",
               "--ServerApp.ip=127.0.0.1", f"--port={self.port}", "--ServerApp.port_retries=0",
               f"--ServerApp.root_dir={tmp / 'root'}", "--ServerApp.jpserver_extensions=nodelay_probe=True",
               *(["--allow-root"] if os.geteuid() == 0 else []), *args]
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(cmd, cwd=tmp, env=env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}:\n{self.log_text()}")
            try:
                self.request("GET", "/api/status")
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(self.log_text()) from None
                time.sleep(0.1)

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def request(self, method: str, path: str) -> Any:
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", method=method, data=b"{}" if method == "POST" else None,
                                     headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=30) as r:
            return json.loads(r.read())

    def kernel_websocket_nodelay(self) -> list[int]:
        """Start a kernel, talk to it over its websocket once; the probe's readings."""
        kernel = self.request("POST", "/api/kernels")["id"]  # shut down with the server (SIGTERM)
        # A thread of its own: pytest-playwright's sync API leaves an event loop running
        # in the main thread once the browser tests have run, and asyncio.run refuses that.
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, self._kernel_info(kernel)).result()
        return [int(x) for x in self.probe.read_text().split()]

    async def _kernel_info(self, kernel: str) -> None:
        from tornado.httpclient import HTTPRequest
        from tornado.websocket import websocket_connect

        url = f"ws://127.0.0.1:{self.port}/api/kernels/{kernel}/channels?session_id={uuid.uuid4().hex}"
        ws = await websocket_connect(HTTPRequest(url, headers={"Authorization": f"token {self.token}"},
                                                 connect_timeout=30))
        msg_id = uuid.uuid4().hex
        ws.write_message(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "kernel_info_request", "username": "", "session": "probe",
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell", "buffers": []}))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            raw = await asyncio.wait_for(ws.read_message(), timeout=60)
            if raw is None:
                raise RuntimeError("the kernel websocket closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") == msg_id and msg["header"]["msg_type"] == "kernel_info_reply":
                ws.close()
                return
        raise TimeoutError("no kernel_info_reply")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
