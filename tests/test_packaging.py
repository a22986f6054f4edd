"""The wheel: it ships the prebuilt JupyterLab extension, and a user without Node gets it.

``python -m build --wheel`` runs the build hook (hatch-jupyter-builder, js/hatch_build.py),
which builds js/ with npm unless the built extension is up to date. The wheel is installed
with ``--no-deps`` into a throwaway venv that borrows this venv's packages, and
``jupyter labextension list`` there must show the extension enabled and OK.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import sysconfig
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from labextension import NAME, OUTPUT, ROOT, ensure_built

import jupyter_state

pytestmark = pytest.mark.packaging

SHARE = f"share/jupyter/labextensions/{NAME}"


def test_one_version_everywhere() -> None:
    found = re.search(r'^version = "([^"]+)"', (ROOT / "pyproject.toml").read_text(), re.M)
    assert found is not None
    version = found.group(1)
    assert json.loads((ROOT / "js" / "package.json").read_text())["version"] == version
    assert jupyter_state.__version__ == version
    assert json.loads((ensure_built() / "package.json").read_text())["version"] == version


def test_the_build_hook_explains_what_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from js import hatch_build
    finally:
        sys.path.pop(0)
    monkeypatch.setattr(hatch_build.shutil, "which", lambda name: None)
    with pytest.raises(RuntimeError, match="needs node and npm on PATH.*SKIP_JS_BUILD=1"):
        hatch_build._check_node()
    monkeypatch.setenv("SKIP_JS_BUILD", "1")
    hatch_build.build_labextension("wheel", "standard")  # skipped: no Node needed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    ensure_built()  # npm when needed; a clear failure in CI without Node
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-4000:]
    [built] = out.glob("jupyter_state-*.whl")
    yield built


def test_the_wheel_ships_the_extension_and_install_json(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        data = next(n for n in names if n.endswith(".data/data/" + SHARE + "/package.json")).rsplit("/package.json", 1)[0]
        shipped = {n[len(data) + 1:] for n in names if n.startswith(data + "/")}
        package = json.loads(z.read(f"{data}/package.json"))
        install = json.loads(z.read(f"{data}/install.json"))
    built = {p.relative_to(OUTPUT).as_posix() for p in OUTPUT.rglob("*") if p.is_file()}
    assert shipped == built | {"install.json"}
    assert package["name"] == NAME and "load" in package["jupyterlab"]["_build"]
    assert f"schemas/{NAME}/plugin.json" in shipped and "static/style.js" in shipped
    assert install == {"packageManager": "python", "packageName": "jupyter_state",
                       "uninstallInstructions": install["uninstallInstructions"]}
    assert "jupyter_state/static/inspector.js" in names and "jupyter_state/_comm.py" in names
    # the build output is shipped once, as data: not inside the package, and no node_modules
    assert not [n for n in names if n.startswith("jupyter_state/labextension/") or "node_modules" in n]


def _throwaway_venv(tmp_path: Path, *install: str) -> tuple[Path, dict[str, str]]:
    """A venv with jupyter_state installed by ``pip install --no-deps <install>``, borrowing
    this venv's other packages; and an environment with none of this machine's Jupyter config."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # borrow this venv's packages (jupyterlab...), after the venv's own: the wheel's jupyter_state wins
    # (and the name sorts after an editable install's .pth, whose path then comes first)
    (site / "zz_borrowed.pth").write_text(f"import site; site.addsitedir({sysconfig.get_path('purelib')!r})\n")
    done = subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", *install],
                          capture_output=True, text=True, timeout=600, env={**os.environ, "SKIP_JS_BUILD": "1"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTER_PLATFORM_DIRS="1")
    env.pop("PYTHONPATH", None)
    return venv, env


def test_installed_from_the_wheel_jupyterlab_lists_it_enabled(wheel: Path, tmp_path: Path) -> None:
    venv, env = _throwaway_venv(tmp_path, "--no-index", str(wheel))
    python = venv / "bin" / "python"
    assert (venv / SHARE / "package.json").is_file() and (venv / SHARE / "install.json").is_file()

    where = subprocess.run([str(python), "-c", "import jupyter_state; print(jupyter_state.__file__)"],
                           capture_output=True, text=True, env=env, check=True, cwd=tmp_path).stdout
    assert where.startswith(str(venv)), where
    listing = subprocess.run([str(python), "-m", "jupyterlab.labextensions", "list"],
                             capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    out = listing.stdout + listing.stderr
    line = next((ln for ln in out.splitlines() if NAME in ln), "")
    assert "enabled" in line and "OK" in line and "(python, jupyter_state)" in line, out
    assert str(venv / "share" / "jupyter" / "labextensions") in out, out


def assert_server_extension_active(venv: Path, env: dict[str, str], tmp_path: Path) -> None:
    """``jupyter server extension list`` shows it enabled and OK, from the venv's own config,
    and a real server's kernel websocket has TCP_NODELAY (read on the server side)."""
    from nodelay_probe import Server

    python = venv / "bin" / "python"
    assert json.loads((venv / "etc/jupyter/jupyter_server_config.d/jupyter_state.json").read_text()) == {
        "ServerApp": {"jpserver_extensions": {"jupyter_state": True}}}
    assert "jupyter_state._server.NoDelayConnection" in (venv / "etc/jupyter/voila.json").read_text()
    listing = subprocess.run([str(python), "-m", "jupyter_server.extension.serverextension", "list"],
                             capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    out = re.sub(r"\x1b\[[0-9;]*m", "", listing.stdout + listing.stderr)  # no colours
    assert str(venv / "etc" / "jupyter") in out, out
    assert any(ln.split()[:2] == ["jupyter_state", "enabled"] for ln in out.splitlines()), out
    assert any("jupyter_state" in ln and "OK" in ln for ln in out.splitlines()), out
    server = Server(python, tmp_path / "server", env)
    try:
        readings = server.kernel_websocket_nodelay()
    finally:
        server.stop()
    assert readings and set(readings) == {1}, server.log_text()
    assert "jupyter_state: TCP_NODELAY on kernel websockets (no Nagle" in server.log_text()


def test_installed_from_the_wheel_the_server_extension_sets_tcp_nodelay(wheel: Path, tmp_path: Path) -> None:
    venv, env = _throwaway_venv(tmp_path, "--no-index", str(wheel))
    assert_server_extension_active(venv, env, tmp_path)


def test_an_editable_install_enables_the_server_extension_too(tmp_path: Path) -> None:
    """What scripts/_env.sh does (``pip install -e``): hatchling writes shared data into
    editable wheels as well, so the config that enables the extension is installed."""
    venv, env = _throwaway_venv(tmp_path, "-e", str(ROOT))
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import jupyter_state; print(jupyter_state.__file__)"],
                           capture_output=True, text=True, env=env, check=True, cwd=tmp_path).stdout
    assert where.startswith(str(ROOT)), where
    assert_server_extension_active(venv, env, tmp_path)
