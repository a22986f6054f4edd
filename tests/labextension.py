"""The built JupyterLab extension (js/), for the packaging and browser tests.

:func:`ensure_built` builds it with npm when ``jupyter_state/labextension`` is missing or
older than its sources, exactly as the wheel's build hook does (``js/hatch_build.py``).
Without a usable Node.js the caller's test skips locally and fails when ``CI=true``: the
extension must be tested in CI (``.ci/run`` installs Node when it is missing).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JS = ROOT / "js"
OUTPUT = ROOT / "jupyter_state" / "labextension"
NAME = json.loads((JS / "package.json").read_text())["name"]
BIN = Path(sys.executable).parent


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")


def _hook() -> object:
    sys.path.insert(0, str(ROOT))
    try:
        from js import hatch_build
    finally:
        sys.path.pop(0)
    return hatch_build


def ensure_built() -> Path:
    """The built extension, built now with ``npm ci`` + ``npm run build`` if needed."""
    hook = _hook()
    if hook.up_to_date():  # type: ignore[attr-defined]
        return OUTPUT
    try:
        hook._check_node()  # type: ignore[attr-defined]
    except RuntimeError as exc:
        if in_ci():
            pytest.fail(f"CI=true and the JupyterLab extension cannot be built: {exc}", pytrace=False)
        pytest.skip(f"the JupyterLab extension is not built and cannot be: {exc}")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}"}  # jupyter-builder
    for step in hook.BUILD_COMMANDS:  # type: ignore[attr-defined]
        done = subprocess.run(step, cwd=JS, env=env, capture_output=True, text=True, timeout=600)
        if done.returncode != 0:
            raise AssertionError(f"`{' '.join(step)}` in js/ failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
    assert hook.up_to_date(), "npm run build did not write jupyter_state/labextension"  # type: ignore[attr-defined]
    return OUTPUT


def install_into(data_dir: Path) -> Path:
    """Put the built extension into ``data_dir`` as a wheel installs it (for ``JUPYTER_PATH``)."""
    target = data_dir / "labextensions" / NAME
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(ensure_built(), target)
    shutil.copy(ROOT / "install.json", target / "install.json")
    return target
