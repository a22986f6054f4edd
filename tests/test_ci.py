"""What CI relies on: a suite that cannot run its oracle fails instead of skipping quietly."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _collect_oracle_without_streamlit(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    blocked = tmp_path / "blocked" / "streamlit"
    blocked.mkdir(parents=True)
    (blocked / "__init__.py").write_text('raise ImportError("streamlit is blocked by this test")\n')
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = os.pathsep.join([str(blocked.parent), str(ROOT)])
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--collect-only", "tests/test_oracle.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )


@pytest.mark.parametrize("ci", ["true", "1"])
def test_the_oracle_tests_fail_in_ci_without_streamlit(tmp_path: Path, ci: str) -> None:
    done = _collect_oracle_without_streamlit(tmp_path, ci)
    assert done.returncode != 0, done.stdout
    assert "CI=true and streamlit.testing.v1 cannot be imported" in done.stdout + done.stderr


def test_the_oracle_tests_skip_locally_without_streamlit(tmp_path: Path) -> None:
    done = _collect_oracle_without_streamlit(tmp_path, None)
    assert done.returncode == 5, done.stdout  # pytest's "no tests collected"
    assert "SKIPPED" in done.stdout and "streamlit is blocked" in done.stdout


def test_every_test_module_has_its_own_name() -> None:
    """pytest imports test files by their basename (rootdir mode): two files with one name,
    in tests/ and tests/browser/, stop the whole run at collection ("import file mismatch")."""
    names: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    assert {n: p for n, p in names.items() if len(p) > 1} == {}
