"""Import this first: it puts the repository root on ``sys.path``, for ``testsupport``.

A benchmark runs as a script (``python benchmarks/bench_rerun.py``), so Python puts only
``benchmarks/`` on ``sys.path``; the helpers it shares with the tests are in the
``testsupport`` package at the repository root. The root goes last, so that it adds only
what nothing else provides: the jupyter_state measured is still the one the environment
imports (``_common.machine`` reports which), as before.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

if str(REPO) not in sys.path:
    sys.path.append(str(REPO))
