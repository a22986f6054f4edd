"""The optional extras: import a library for a command, or say which extra installs it.

Charts, Plotly and media need libraries that are optional (``pip install
'jupyter_state[charts]'``); a command that needs a missing one fails with a message naming
the extra to install.
"""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["require"]

_EXTRAS = {
    "altair": "charts", "pandas": "charts", "matplotlib": "charts",
    "plotly": "plotly", "PIL": "media", "numpy": "media",
}


def require(module: str, command: str) -> Any:
    """Import ``module`` for ``command``, or say which extra to install.

    Examples
    --------
    >>> require("json", "st.json").dumps(1)
    '1'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        package = module.split(".")[0]
        extra = _EXTRAS.get(package, "charts")
        name = "pillow" if package == "PIL" else package
        raise ModuleNotFoundError(
            f"{command} needs the {name} package, which is not installed. "
            f"Install it with: pip install 'jupyter_state[{extra}]'"
        ) from exc
