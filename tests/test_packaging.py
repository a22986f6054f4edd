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


def test_installed_from_the_wheel_jupyterlab_lists_it_enabled(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                               capture_output=True, text=True, check=True).stdout.strip())
    # borrow this venv's packages (jupyterlab...), after the venv's own: the wheel's jupyter_state wins
    (site / "_borrowed.pth").write_text(f"import site; site.addsitedir({sysconfig.get_path('purelib')!r})\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index",
                    "-q", str(wheel)], check=True, capture_output=True, timeout=300)
    assert (venv / SHARE / "package.json").is_file() and (venv / SHARE / "install.json").is_file()

    env = {k: v for k, v in os.environ.items() if not k.startswith("JUPYTER")}
    env.update(JUPYTER_CONFIG_DIR=str(tmp_path / "config"), JUPYTER_DATA_DIR=str(tmp_path / "data"),
               JUPYTER_PLATFORM_DIRS="1")
    env.pop("PYTHONPATH", None)
    where = subprocess.run([str(python), "-c", "import jupyter_state; print(jupyter_state.__file__)"],
                           capture_output=True, text=True, env=env, check=True, cwd=tmp_path).stdout
    assert where.startswith(str(venv)), where
    listing = subprocess.run([str(python), "-m", "jupyterlab.labextensions", "list"],
                             capture_output=True, text=True, env=env, timeout=120, cwd=tmp_path)
    out = listing.stdout + listing.stderr
    line = next((ln for ln in out.splitlines() if NAME in ln), "")
    assert "enabled" in line and "OK" in line and "(python, jupyter_state)" in line, out
    assert str(venv / "share" / "jupyter" / "labextensions") in out, out
