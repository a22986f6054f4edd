from __future__ import annotations

from collections.abc import Iterator

import pytest

from jupyter_state import runtime


@pytest.fixture(autouse=True)
def session() -> Iterator[runtime.JupyterState]:
    """Every test gets a fresh session (state, apps, options)."""
    with runtime.using(runtime.JupyterState()) as s:
        yield s
        for app in list(s.apps):
            app.close()
