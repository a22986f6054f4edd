"""The IPython side: the ``%%app`` cell magic and the hooks that rerun after a cell."""

from __future__ import annotations

from typing import Any

__all__ = ["register"]


def register(shell: Any) -> None:
    """Register ``%%app``, the post-cell hook and the inspector comm target on ``shell`` (once)."""
    if getattr(shell, "_jupyter_state_registered", False):
        return
    shell._jupyter_state_registered = True

    def app(line: str, cell: str) -> None:
        """Run this cell as a jupyter_state app: now, and again after every interaction.

        ``%%app [name] [--static]``: widgets created in the cell keep their values across
        reruns, keyed widgets are bound to ``st.session_state``, and callbacks run on
        change. The app also reruns when another app or a cell changes a session-state key
        its last run read, unless ``--static`` is given.
        """
        from .app import run_app_cell

        words = line.split()
        unknown = [w for w in words if w.startswith("-") and w != "--static"]
        if unknown:
            raise UsageError(f"%%app: unknown option {unknown[0]!r}. Usage: %%app [name] [--static]")
        names = [w for w in words if not w.startswith("-")]
        if len(names) > 1:
            raise UsageError(f"%%app takes one name, got {len(names)}: {' '.join(names)}. Usage: %%app [name] [--static]")
        run_app_cell(cell, name=names[0] if names else None, reactive="--static" not in words)

    from IPython.core.error import UsageError

    shell.register_magic_function(app, magic_kind="cell", magic_name="app")
    shell.events.register("post_run_cell", _after_cell)
    # The JupyterLab panel's way in (js/); nothing opens it unless the extension is there.
    from ._comm import register_target

    register_target(shell)


def _after_cell(result: Any = None) -> None:
    # A bound key written (or st.rerun() asked) from an ordinary cell: rerun its app now.
    import sys

    from .runtime import _get_ipython, current

    inspector = sys.modules.get("jupyter_state.inspector")  # never imported just for this
    if inspector is not None:
        inspector.forget_deleted_cells(_get_ipython())  # their views are gone with the cells
    session = current()
    if session.run_in_progress is None:
        session.flush()
        session.notify()
