"""Reading an app out of a notebook, for ``AppTest.from_notebook``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["load_app_cell"]

_HARMLESS_MAGICS = {"load_ext", "matplotlib", "config", "reload_ext"}


class _NotebookShell:
    """Stands in for ``get_ipython()`` in the cells above the app: only harmless magics."""

    def run_line_magic(self, name: str, line: str, *args: Any) -> None:
        if name not in _HARMLESS_MAGICS:
            raise RuntimeError(f"AppTest.from_notebook cannot run the magic %{name} of a setup cell; move it out of the notebook's setup cells.")

    def run_cell_magic(self, name: str, line: str, cell: str) -> None:
        raise RuntimeError(f"AppTest.from_notebook cannot run the cell magic %%{name} above the app cell.")

    def system(self, cmd: str) -> None:
        raise RuntimeError(f"AppTest.from_notebook does not run shell commands (!{cmd}).")

    getoutput = system


def _source(cell: dict[str, Any]) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _is_app(cell: dict[str, Any]) -> bool:
    return cell.get("cell_type") == "code" and _source(cell).lstrip().startswith("%%app")


def load_app_cell(path: Path, cell: int | str | None) -> tuple[list[tuple[str, Any]], str]:
    """Return the cells above the chosen ``%%app`` cell and that cell's body.

    The cells above come as ``("code", compiled)`` or, for earlier apps, ``("app", body)``.
    """
    from IPython.core.inputtransformer2 import TransformerManager

    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    if cell is None:
        index = next((i for i, c in enumerate(cells) if _is_app(c)), None)
    elif isinstance(cell, int):
        index = cell
    else:
        index = next((i for i, c in enumerate(cells) if cell in c.get("metadata", {}).get("tags", [])), None)
    if index is None or not 0 <= index < len(cells) or not _is_app(cells[index]):
        apps = [i for i, c in enumerate(cells) if _is_app(c)]
        raise ValueError(f"{path}: cell {cell!r} is not a %%app cell; the %%app cells are at indexes {apps}.")
    transformer = TransformerManager()
    setup: list[tuple[str, Any]] = [("code", compile("get_ipython = lambda: _shell", "<setup>", "exec"))]
    for c in cells[:index]:
        if c.get("cell_type") != "code" or "raises-exception" in c.get("metadata", {}).get("tags", []):
            continue
        if _is_app(c):
            setup.append(("app", _body(c)))
        else:
            setup.append(("code", compile(transformer.transform_cell(_source(c)), f"{path.name}[setup]", "exec")))
    return setup, _body(cells[index])


def _body(cell: dict[str, Any]) -> str:
    lines = _source(cell).lstrip().split("\n", 1)
    return lines[1] if len(lines) > 1 else ""


SHELL = _NotebookShell()
