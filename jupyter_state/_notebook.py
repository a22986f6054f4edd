"""Reading a notebook's cells for ``AppTest.from_notebook``, and running them as a kernel would."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._cell import MAGIC_NAME, compile_cell
from ._context import Session
from .app import App
from .elements import magic

__all__ = ["NotebookCell", "app_cell_index", "exec_in", "load_app_cell", "load_cells", "new_namespace", "run_cells"]

_HARMLESS_MAGICS = {"load_ext", "matplotlib", "config", "reload_ext"}
_RAISES = "raises-exception"


class _NotebookShell:
    """Stands in for ``get_ipython()`` in the notebook's ordinary cells: only harmless magics."""

    def run_line_magic(self, name: str, line: str, *args: Any) -> None:
        if name not in _HARMLESS_MAGICS:
            raise RuntimeError(
                f"AppTest.from_notebook cannot run the magic %{name} of a setup cell; "
                "move it out of the notebook's setup cells."
            )

    def run_cell_magic(self, name: str, line: str, cell: str) -> None:
        raise RuntimeError(f"AppTest.from_notebook cannot run the cell magic %%{name} above the app cell.")

    def system(self, cmd: str) -> None:
        raise RuntimeError(f"AppTest.from_notebook does not run shell commands (!{cmd}).")

    getoutput = system


@dataclass(frozen=True)
class NotebookCell:
    """A code cell of a notebook: ordinary code (compiled) or an ``%%app`` cell (its body's source)."""

    index: int
    kind: str  # "code" or "app"
    code: Any
    tags: tuple[str, ...] = ()
    #: ``%%app --static``: the app does not rerun when others change the keys it read
    reactive: bool = True


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _is_app(cell: dict[str, Any]) -> bool:
    return cell.get("cell_type") == "code" and _source(cell).lstrip().startswith("%%app")


def _tags(cell: dict[str, Any]) -> tuple[str, ...]:
    return tuple(cell.get("metadata", {}).get("tags", []))


def app_cell_index(cells: list[tuple[int, tuple[str, ...]]], which: int | str | None, where: str) -> int:
    """The index of the ``%%app`` cell ``which`` (an index or a tag; None: the first) among ``cells``.

    ``cells`` are the app cells as ``(index, tags)``. Raises ValueError naming them.
    """
    if which is None:
        found = cells[0][0] if cells else None
    elif isinstance(which, int):
        found = which if any(index == which for index, _ in cells) else None
    else:
        found = next((index for index, tags in cells if which in tags), None)
    if found is None:
        indexes = [i for i, _ in cells]
        raise ValueError(f"{where}: cell {which!r} is not a %%app cell; the %%app cells are at indexes {indexes}.")
    return found


def load_cells(path: Path) -> list[NotebookCell]:
    """The notebook's code cells in order, with the ``get_ipython()`` stand-in first."""
    from IPython.core.inputtransformer2 import TransformerManager  # IPython only when there is a shell to show it in

    transformer = TransformerManager()
    loaded = [NotebookCell(-1, "code", compile("get_ipython = lambda: _shell", "<setup>", "exec"))]
    for index, cell in enumerate(json.loads(path.read_text(encoding="utf-8"))["cells"]):
        if cell.get("cell_type") != "code":
            continue
        if _is_app(cell):
            first, _, body = _source(cell).lstrip().partition("\n")
            loaded.append(NotebookCell(index, "app", body, _tags(cell), reactive="--static" not in first.split()))
        else:
            code = compile(transformer.transform_cell(_source(cell)), f"{path.name}[{index}]", "exec")
            loaded.append(NotebookCell(index, "code", code, _tags(cell)))
    return loaded


def load_app_cell(path: Path, cell: int | str | None) -> tuple[list[NotebookCell], NotebookCell]:
    """The cells above the chosen ``%%app`` cell, and that cell.

    The cells above tagged ``raises-exception`` are left out: they are there to show an error.
    """
    cells = load_cells(path)
    apps = [c for c in cells if c.kind == "app"]
    index = app_cell_index([(c.index, c.tags) for c in apps], cell, str(path))
    chosen = next(c for c in apps if c.index == index)
    setup = [c for c in cells if c.index < index and _RAISES not in c.tags]
    return setup, chosen


def _run_cell(session: Session, cell: NotebookCell, namespace: dict[str, Any], name: str,
              on_app: Callable[[NotebookCell, App], None] | None, timed: Callable[[Callable[[], Any]], None]) -> None:
    if cell.kind == "code":
        exec(cell.code, namespace)
    else:
        app = App(session, exec_in(compile_cell(cell.code, {}), namespace), f"{name}[{cell.index}]")
        app.reactive = cell.reactive
        if on_app is not None:
            on_app(cell, app)
        timed(app.run)


def _call(fn: Callable[[], Any]) -> None:
    fn()


def new_namespace(path: Path | None = None) -> dict[str, Any]:
    """The notebook's ``__main__`` namespace, as its cells see it.

    With ``path``, ``__session__`` names the notebook, as ipykernel's does in a kernel that
    Jupyter started (``st.remember`` keys its snapshot by it).
    """
    namespace = {"__name__": "__main__", "_shell": SHELL, MAGIC_NAME: magic}
    if path is not None:
        namespace["__session__"] = str(Path(path).resolve())
    return namespace


def run_cells(session: Session, cells: list[NotebookCell], namespace: dict[str, Any], name: str,
              on_app: Callable[[NotebookCell, App], None] | None = None,
              timed: Callable[[Callable[[], Any]], None] = _call) -> None:
    """Run ``cells`` in order in ``session``, as "Run All" does in a kernel.

    Ordinary cells run as code, each ``%%app`` cell as an app of its own (``on_app`` is
    told of it before its first run). After every cell, the session does what the kernel's
    post-cell hook does: the apps that read a key the cell changed rerun. ``timed`` calls
    the runs of apps (AppTest's timeout), not the ordinary cells.

    A cell tagged ``raises-exception`` may raise, as nbclient lets it: its error is left
    there (an app still shows it in itself, with ``runner.raiseErrors`` too).
    """
    for cell in cells:
        try:
            _run_cell(session, cell, namespace, name, on_app, timed)
        except Exception:
            if _RAISES not in cell.tags:
                raise
        if session.run_in_progress is None:
            timed(session.flush)
            session.notify()


def exec_in(code: Any, namespace: dict[str, Any]) -> Callable[[], None]:
    def body() -> None:
        exec(code, namespace)

    return body


SHELL = _NotebookShell()
