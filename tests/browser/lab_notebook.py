"""The fixtures of a browser module that serves one notebook in JupyterLab.

Most JupyterLab modules need the same four module-scoped fixtures: a server with their
notebook (and, for the side panel, the built extension on ``JUPYTER_PATH``), a tab that
opened it and ran every cell, that tab's page, and a second client of the notebook's
kernel. :func:`lab_notebook` makes them, so a module says only what it serves::

    lab, tab, page, kernel = lab_notebook("files.ipynb", [SETUP, APP], extension=True)

pytest finds the fixtures under the names they are assigned to; the tab fixture also
checks, when the module ends, that the page logged no error of ours.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import Any

import pytest
from labextension import install_into

from testsupport.jupyter_servers import KernelSide, Server, open_and_run, start_lab, write_notebook

#: the cells to serve, or a function of the module's ``request`` that makes them (for cells
#: that depend on another fixture's value, such as a temporary path)
Cells = Sequence[str] | Callable[[pytest.FixtureRequest], Sequence[str]]


def lab_notebook(notebook: str, cells: Cells, *, apps: int = 1, extension: bool = False,
                 ready: Callable[[Any], None] | None = None) -> tuple[Any, Any, Any, Any]:
    """Fixtures ``(lab, tab, page, kernel)`` for a module serving ``notebook`` in JupyterLab.

    Parameters
    ----------
    notebook
        The notebook's file name (``"files.ipynb"``), written from ``cells``.
    cells
        The code cells, or a function of the fixture request returning them.
    apps
        How many ``%%app`` outputs Run All must show before the tab is ready.
    extension
        Put the built JupyterLab extension (the side panel) on the server's ``JUPYTER_PATH``.
    ready
        A further wait on the page after Run All (e.g. for a widget the tests start from).

    Examples
    --------
    >>> lab, tab, page, kernel = lab_notebook("choices.ipynb", [SETUP, APP])  # doctest: +SKIP
    """

    @pytest.fixture(scope="module")
    def lab(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str,
            request: pytest.FixtureRequest) -> Iterator[Server]:
        tmp = tmp_path_factory.mktemp(notebook.removesuffix(".ipynb"))
        path = write_notebook(tmp / "root" / notebook, cells(request) if callable(cells) else cells)
        with pytest.MonkeyPatch.context() as mp:
            if extension:
                data = tmp / "data"
                install_into(data)
                mp.setenv("JUPYTER_PATH", str(data))  # the server inherits it (jupyter_servers._isolated_env)
            server = start_lab(tmp, [path])
        try:
            yield server
        finally:
            server.stop()

    @pytest.fixture(scope="module")
    def tab(lab: Server, new_tab: Callable[..., Any]) -> Iterator[Any]:
        tab = new_tab()
        open_and_run(tab.page, lab, notebook, apps)
        if ready is not None:
            ready(tab.page)
        yield tab
        assert not tab.own_errors(), tab.errors

    @pytest.fixture(scope="module")
    def page(tab: Any) -> Any:
        return tab.page

    @pytest.fixture(scope="module")
    def kernel(lab: Server, tab: Any, kernel_side: Callable[[Server, str], KernelSide]) -> KernelSide:
        """A second client of the notebook's kernel: reads ``st.session_state`` as the app sees it."""
        return kernel_side(lab, lab.kernel_of(notebook))

    return lab, tab, page, kernel
