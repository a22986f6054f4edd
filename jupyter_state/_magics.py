"""The IPython side: the ``%%app`` cell magic and the hooks that rerun after a cell."""

from __future__ import annotations

import sys
import weakref
from typing import Any

from IPython.core.error import UsageError

from ._cell import run_app_cell
from ._comm import register_target
from ._context import current
from ._kernel import shell as ipython_shell

__all__ = ["register"]

#: the shells ``%%app`` is registered on (each once)
_registered: weakref.WeakSet[Any] = weakref.WeakSet()


def register(shell: Any) -> None:
    """Register ``%%app``, the post-cell hook and the inspector comm target on ``shell`` (once)."""
    if shell in _registered:
        return
    _registered.add(shell)

    def app(line: str, cell: str) -> None:
        """Run this cell as a jupyter_state app: now, and again after every interaction.

        ``%%app [name] [--static]``: widgets created in the cell keep their values across
        reruns, keyed widgets are bound to ``st.session_state``, and callbacks run on
        change. The app also reruns when another app or a cell changes a session-state key
        its last run read, unless ``--static`` is given.
        """
        words = line.split()
        unknown = [w for w in words if w.startswith("-") and w != "--static"]
        if unknown:
            raise UsageError(f"%%app: unknown option {unknown[0]!r}. Usage: %%app [name] [--static]")
        names = [w for w in words if not w.startswith("-")]
        if len(names) > 1:
            raise UsageError(
                f"%%app takes one name, got {len(names)}: {' '.join(names)}. Usage: %%app [name] [--static]"
            )
        run_app_cell(cell, name=names[0] if names else None, reactive="--static" not in words)

    shell.register_magic_function(app, magic_kind="cell", magic_name="app")
    shell.events.register("post_run_cell", _after_cell)
    # The JupyterLab panel's way in (js/); nothing opens it unless the extension is there.
    register_target(shell)


def _after_cell(result: Any = None) -> None:
    # A bound key written (or st.rerun() asked) from an ordinary cell: rerun its app now.
    inspector = sys.modules.get("jupyter_state.inspector")  # never imported just for this
    if inspector is not None:
        inspector.forget_deleted_cells(ipython_shell())  # their views are gone with the cells
    session = current()
    if session.run_in_progress is None:
        session.flush()
        session.notify()
