"""``jupyter_state.components``: ``import jupyter_state.components.v1 as components``."""

from . import v1

__all__ = ["v1"]
