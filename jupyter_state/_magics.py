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

        ``%%app [name]``: widgets created in the cell keep their values across reruns,
        keyed widgets are bound to ``st.session_state``, and callbacks run on change.
        """
        from .app import run_app_cell

        run_app_cell(cell, name=line.strip() or None)

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
