"""Servers and a browser for the browser tests and the latency benchmark.

Every server (JupyterLab, Notebook 7, Voilà, ``streamlit run``) listens on 127.0.0.1 on a
free port, wants a random token, works in its own temporary root with its own Jupyter
config, runtime and IPython directories, and is stopped by whoever started it (SIGTERM to
its own process id, so jupyter_server shuts its kernels down). Chromium is Debian's
(``/usr/bin/chromium``), driven by Playwright; it is never downloaded.

See /work/shared/E2E.md sections 5-6 (recipe) and 9 (pitfalls 1-3, 6, 19).
"""

from __future__ import annotations

import ast
import json
import os
import queue
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

#: Chromium flags that work headless as root on these machines (E2E.md 5.2).
BROWSER_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
BIN = Path(sys.executable).parent  # the venv's jupyter, voila and streamlit scripts
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


# -- the browser ------------------------------------------------------------------------------
def find_chromium() -> str | None:
    """Debian's chromium, or ``$JUPYTER_STATE_CHROMIUM`` when set; None when there is none."""
    chosen = os.environ.get("JUPYTER_STATE_CHROMIUM")
    candidates = [chosen] if chosen else ["/usr/bin/chromium", shutil.which("chromium"), "/usr/lib/chromium/chromium"]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def launch_chromium(playwright: Any, executable: str) -> Any:
    return playwright.chromium.launch(executable_path=executable, args=BROWSER_ARGS)


def loopback_only(context: Any, blocked: list[str] | None = None) -> list[str]:
    """Abort every request of ``context`` that does not go to this machine; return their list.

    Voilà's template links Font Awesome from a CDN (E2E.md pitfall 6); a test must never
    wait on the network, nor reach it.
    """
    blocked = [] if blocked is None else blocked

    def route(r: Any) -> None:
        url = r.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in LOOPBACK:
            r.continue_()
        else:
            blocked.append(url)
            r.abort()

    context.route("**/*", route)
    return blocked


# -- servers ----------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    """One server process we started, and how to reach it."""

    name: str
    proc: subprocess.Popen[bytes]
    base: str
    token: str
    root: Path
    runtime_dir: Path
    log: Path
    startup_s: float
    extra: dict[str, Any] = field(default_factory=dict)

    def url(self, path: str, **query: str | None) -> str:
        q = {"token": self.token, **query}
        return f"{self.base}{path}?" + "&".join(k if v is None else f"{k}={v}" for k, v in q.items())

    def get_json(self, path: str) -> Any:
        req = urllib.request.Request(self.base + path, headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(req, timeout=10) as r:
            return json.loads(r.read())

    def kernel_ids(self) -> list[str]:
        """The ids of the kernels this server runs now."""
        return [k["id"] for k in self.get_json("/api/kernels")]

    def kernel_of(self, notebook: str) -> str:
        """The id of the kernel of the session whose path is ``notebook``."""
        ids = [s["kernel"]["id"] for s in self.get_json("/api/sessions") if s["path"] == notebook]
        if len(ids) != 1:
            raise AssertionError(f"expected one session for {notebook}, got {ids}")
        return ids[0]

    def kernel_files(self) -> list[Path]:
        """The connection files of the kernels this server runs, read from the kernels' command
        lines (Voilà keeps them in a private temporary directory and forbids ``/api/kernels``)."""
        files = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                if ppid != self.proc.pid:
                    continue
                argv = (stat.parent / "cmdline").read_bytes().decode().split("\0")
            except (OSError, ValueError, IndexError):
                continue  # gone meanwhile
            if "-f" in argv[:-1]:
                files.append(Path(argv[argv.index("-f") + 1]))
        return sorted(files)

    def log_tail(self, n: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-n:]

    def stop(self) -> None:
        """Stop our own process (by its id): SIGTERM, so jupyter_server shuts its kernels down."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def _isolated_env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        JUPYTER_CONFIG_DIR=str(tmp / "config"),
        JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
        IPYTHONDIR=str(tmp / "ipython"),
        JUPYTER_PLATFORM_DIRS="1",
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        PYTHONUNBUFFERED="1",
    )
    for name in ("JUPYTER_STATE_RAISE_ERRORS", "JUPYTER_STATE_ENFORCE_SERIALIZABLE_SESSION_STATE"):
        env.pop(name, None)  # the kernels behave as a user's would
    return env


def _wait_http(proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{url}: the server exited with rc={proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except Exception:
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not answer 200 within {timeout}s:\n{log.read_text(errors='replace')[-3000:]}")


REPO = Path(__file__).resolve().parents[1]
STOCK_CONNECTION = "jupyter_server.services.kernels.connection.channels.ZMQChannelsWebsocketConnection"


def _server_config(config: Path, nodelay: bool) -> None:
    """The config ``pip install jupyter_state`` installs (the TCP_NODELAY extension, Voilà's
    connection class), or with ``nodelay=False`` a stock server's, in the server's own
    config directory: the first on its config path, so it wins whatever this venv has."""
    server = config / "jupyter_server_config.d" / "jupyter_state.json"
    server.parent.mkdir(parents=True, exist_ok=True)
    if nodelay:
        shutil.copy(REPO / "jupyter-config" / "jupyter_server_config.d" / "jupyter_state.json", server)
        shutil.copy(REPO / "jupyter-config" / "voila.json", config / "voila.json")
    else:
        server.write_text(json.dumps({"ServerApp": {"jpserver_extensions": {"jupyter_state": False}}}))
        (config / "voila.json").write_text(json.dumps({"Voila": {"kernel_websocket_connection_class": STOCK_CONNECTION}}))


#: how a server started with ``nodelay=False`` turns the extension off: on the command line,
#: because a ``jupyter_server_config.d`` file cannot (the server merges those with the lower
#: priority paths last, so this venv's enabling file would win)
STOCK_SERVER = ["--ServerApp.jpserver_extensions=jupyter_state=False"]


def _prepare(tmp: Path, files: Iterable[Path], nodelay: bool = True) -> tuple[Path, Path]:
    tmp = Path(tmp).resolve()  # the server runs with cwd=root: no relative paths (pitfall 19)
    root = tmp / "root"
    root.mkdir(parents=True, exist_ok=True)
    _server_config(tmp / "config", nodelay)
    for f in files:
        f = Path(f)
        if f.resolve().parent != root:
            shutil.copy(f, root / f.name)
    # Silence the "get notified about Jupyter news?" toast, which can cover outputs (pitfall 3).
    settings = tmp / "settings" / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    settings.parent.mkdir(parents=True, exist_ok=True)
    settings.write_text('{"fetchNews": "false", "checkForUpdates": false, "doNotDisturbMode": true}')
    return tmp, root


def _spawn(name: str, cmd: Sequence[str], tmp: Path, root: Path, ready_path: str, port: int, token: str,
           timeout: float, env: dict[str, str] | None = None) -> Server:
    log = tmp / f"{name}.log"
    t0 = time.perf_counter()
    with log.open("wb") as out:  # the child keeps its own copy of the file
        proc = subprocess.Popen(list(cmd), cwd=root, env=env or _isolated_env(tmp), stdout=out,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    server = Server(name, proc, base, token, root, tmp / "runtime", log, 0.0)
    try:
        _wait_http(proc, base + ready_path, log, timeout)
    except BaseException:
        server.stop()
        raise
    server.startup_s = time.perf_counter() - t0
    return server


def _jupyter_args(app: str, tmp: Path, root: Path, port: int, token: str) -> list[str]:
    return [
        str(BIN / "jupyter"), app, "--no-browser",
        f"--IdentityProvider.token={token}",  # --ServerApp.token is deprecated (pitfall 2)
        "--ServerApp.ip=127.0.0.1", f"--port={port}", "--ServerApp.port_retries=0",
        *(["--allow-root"] if os.geteuid() == 0 else []),  # pitfall 1
        f"--ServerApp.root_dir={root}",
    ]


def start_lab(tmp: Path, notebooks: Iterable[Path] = (), timeout: float = 90, nodelay: bool = True) -> Server:
    """JupyterLab on 127.0.0.1 (E2E.md 5.1); ``window.jupyterapp`` is exposed.

    ``nodelay``: with jupyter_state's server extension (TCP_NODELAY), as installed by pip.
    """
    tmp, root = _prepare(tmp, notebooks, nodelay)
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        *_jupyter_args("lab", tmp, root, port, token),
        "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
        f"--LabApp.user_settings_dir={tmp / 'settings'}", f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
        "--LabApp.expose_app_in_browser=True",
        *([] if nodelay else STOCK_SERVER),
    ]
    return _spawn("lab", cmd, tmp, root, f"/api/status?token={token}", port, token, timeout)


def start_notebook(tmp: Path, notebooks: Iterable[Path] = (), timeout: float = 90, nodelay: bool = True) -> Server:
    """Notebook 7 (``jupyter notebook``) on 127.0.0.1; open ``/notebooks/<name>.ipynb``."""
    tmp, root = _prepare(tmp, notebooks, nodelay)
    port, token = free_port(), secrets.token_hex(16)
    cmd = [
        *_jupyter_args("notebook", tmp, root, port, token),
        f"--JupyterNotebookApp.user_settings_dir={tmp / 'settings'}",
        f"--JupyterNotebookApp.workspaces_dir={tmp / 'workspaces'}",
        "--JupyterNotebookApp.expose_app_in_browser=True",
        *([] if nodelay else STOCK_SERVER),
    ]
    return _spawn("notebook", cmd, tmp, root, f"/api/status?token={token}", port, token, timeout)


def start_voila(tmp: Path, notebook: Path, timeout: float = 90, nodelay: bool = True) -> Server:
    """Voilà serving one notebook on 127.0.0.1 (E2E.md 6): every page load gets its own kernel."""
    tmp, root = _prepare(tmp, [notebook], nodelay)
    port, token = free_port(), secrets.token_hex(16)
    cmd = [str(BIN / "voila"), "--no-browser", f"--port={port}", "--Voila.ip=127.0.0.1", f"--token={token}",
           "--VoilaConfiguration.show_tracebacks=True", Path(notebook).name,
           *([] if nodelay else [f"--Voila.kernel_websocket_connection_class={STOCK_CONNECTION}"])]
    # Voilà has no /api/status: poll a static file that needs no kernel.
    return _spawn("voila", cmd, tmp, root, f"/voila/static/voila.js?token={token}", port, token, timeout)


def start_streamlit(tmp: Path, script: Path, timeout: float = 90) -> Server:
    """``streamlit run`` (headless) on 127.0.0.1; it has no token, so ``token`` is empty."""
    tmp, root = _prepare(tmp, [script])
    port = free_port()
    cmd = [str(BIN / "streamlit"), "run", Path(script).name, "--server.headless", "true", "--server.port", str(port),
           "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"]
    env = _isolated_env(tmp)
    env["HOME"] = str(tmp)  # ~/.streamlit (credentials prompt, config) stays in the temporary root
    return _spawn("streamlit", cmd, tmp, root, "/_stcore/health", port, "", timeout, env)


# -- notebooks --------------------------------------------------------------------------------
def write_notebook(path: Path, cells: Sequence[str]) -> Path:
    """Write a notebook of code cells (with the python3 kernelspec) to ``path``."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(path))
    return path


# -- a side-channel kernel client ---------------------------------------------------------------
class KernelSide:
    """A second client of a server's kernel (E2E.md 5.3 step 5): read and change kernel state
    while the browser is attached. It uses the connection *file* (pitfall 10)."""

    def __init__(self, server: Server, kernel: str | Path) -> None:
        """Attach to ``kernel``: a kernel id of ``server``, or a connection file."""
        from jupyter_client.blocking.client import BlockingKernelClient

        path = kernel if isinstance(kernel, Path) else server.runtime_dir / f"kernel-{kernel}.json"
        self.kc = BlockingKernelClient()
        self.kc.load_connection_file(str(path))
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=30)

    def close(self) -> None:
        self.kc.stop_channels()

    def execute(self, code: str, user_expressions: dict[str, str] | None = None, timeout: float = 30) -> dict[str, Any]:
        """Run ``code``; return the execute_reply content (raise on an error)."""
        kc = self.kc
        msg_id = kc.execute(code, user_expressions=user_expressions or {}, allow_stdin=False, store_history=False)
        deadline = time.monotonic() + timeout
        while True:
            reply = kc.get_shell_msg(timeout=max(0.1, deadline - time.monotonic()))
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        # wait for idle, so that a rerun this code caused (post_run_cell) has been published
        while time.monotonic() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                continue
            if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status"
                    and msg["content"]["execution_state"] == "idle"):
                break
        content: dict[str, Any] = reply["content"]
        if content["status"] != "ok":
            raise AssertionError(f"{content.get('ename')}: {content.get('evalue')}")
        return content

    def eval(self, expr: str) -> Any:
        """The value of ``expr`` in the kernel (its repr must be a Python literal)."""
        content = self.execute("", user_expressions={"x": expr})
        result = content["user_expressions"]["x"]
        if result["status"] != "ok":
            raise AssertionError(f"{expr}: {result['ename']}: {result['evalue']}")
        return ast.literal_eval(result["data"]["text/plain"])

    def wait_for(self, expr: str, expected: Any, timeout: float = 15) -> None:
        """Poll ``expr`` until it equals ``expected`` (a run the browser caused may still be going)."""
        deadline = time.monotonic() + timeout
        while (value := self.eval(expr)) != expected:
            if time.monotonic() > deadline:
                raise AssertionError(f"{expr} is {value!r}, expected {expected!r}")
            time.sleep(0.05)


# -- pages ------------------------------------------------------------------------------------
#: True once the current notebook's kernel is connected and idle (Lab and Notebook 7,
#: which both expose ``window.jupyterapp``).
KERNEL_IDLE_JS = """() => {
  const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
  const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle' && k.connectionStatus === 'connected';
}"""


def wait_kernel_idle(page: Any, timeout: float = 60_000) -> None:
    """Wait until the open notebook's kernel is up; running cells earlier does nothing."""
    page.wait_for_function(KERNEL_IDLE_JS, timeout=timeout, polling=100)


def run_all_cells(page: Any) -> None:
    """Run > Run All Cells, through the real menu (E2E.md 5.3 step 3)."""
    page.locator(".lm-MenuBar-item", has_text="Run").click()
    page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()


def open_and_run(page: Any, server: Server, notebook: str, apps: int) -> None:
    """Open ``notebook`` in Lab (ignoring a saved workspace), Run All, wait for its ``apps``."""
    from playwright.sync_api import expect

    page.goto(server.url(f"/lab/tree/{notebook}", reset=None))
    wait_kernel_idle(page)
    run_all_cells(page)
    expect(page.locator(".jupyter-state-app")).to_have_count(apps, timeout=60_000)
    wait_kernel_idle(page)


def tag(locator: Any, name: str) -> None:
    """Mark the DOM node behind ``locator`` with a JS property (gone if the node is replaced)."""
    locator.evaluate("(el, n) => { el.__jupyterStateTag = n; }", name)


def tagged(locator: Any, name: str) -> bool:
    """Whether the node behind ``locator`` is still the one :func:`tag` marked."""
    return bool(locator.evaluate("(el, n) => el.__jupyterStateTag === n", name))


def has_focus(locator: Any) -> bool:
    """Whether the keyboard focus is in the node behind ``locator``."""
    return bool(locator.evaluate("el => el.contains(document.activeElement)"))


def line(container: Any, text: str) -> Any:
    """The Markdown output line in ``container`` whose whole text is ``text`` (``st.write``)."""
    return container.locator(".jp-RenderedMarkdown").get_by_text(text, exact=True)
