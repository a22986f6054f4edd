from __future__ import annotations

from collections.abc import Iterator

import pytest

from jupyter_state import _cache_store, runtime


@pytest.fixture(autouse=True)
def session() -> Iterator[runtime.JupyterState]:
    """Every test gets a fresh session (state, apps, options) and empty caches.

    Caches belong to the kernel, not the session: without clearing, the count of
    entries one test clears depends on which tests ran before it.
    """
    _cache_store.caches.clear()
    with runtime.using(runtime.JupyterState()) as s:
        yield s
        for app in list(s.apps):
            app.close()
