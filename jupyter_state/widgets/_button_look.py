"""What every kind of button accepts for its look: ``type``, ``icon`` and ``width``.

Checked as Streamlit checks them (the same wording), so an app that Streamlit rejects is
rejected here too. The look itself is drawn by the theme from the CSS classes
:func:`button_classes` names, never by inline styles.
"""

from __future__ import annotations

from typing import Any

from .._icons import check_icon
from ..errors import JupyterStateValueError

__all__ = ["BUTTON_TYPES", "button_classes", "check_button_look", "css_width"]

BUTTON_TYPES = ("primary", "secondary", "tertiary")

def check_button_look(
    command: str, type: Any, icon: Any, width: Any, use_container_width: bool | None
) -> tuple[str, str, Any]:
    """Check a button's ``type``, ``icon`` and width; return them normalised.

    ``use_container_width``, when given, decides ``width``, as in Streamlit.

    Examples
    --------
    >>> check_button_look("st.button", "primary", " 🚀 ", "content", True)
    ('primary', '🚀', 'stretch')
    """
    if use_container_width is not None:
        width = "stretch" if use_container_width else "content"
    if type not in BUTTON_TYPES:
        raise JupyterStateValueError(
            f"{command}: Invalid `type` value. Supported values: 'primary', 'secondary', 'tertiary'. Got {type!r}."
        )
    if isinstance(width, bool) or not (width in ("content", "stretch") or (isinstance(width, int) and width > 0)):
        raise JupyterStateValueError(
            f"{command}: Invalid width value: {width!r}. "
            "Width must be either a positive integer (pixels), 'stretch', or 'content'."
        )
    return type, check_icon(command, icon), width


def button_classes(type: str, width: Any) -> tuple[str, ...]:
    """The CSS classes the theme draws a button's type and width from."""
    sized = "jupyter-state-button-stretch" if width == "stretch" else "jupyter-state-button-content"
    return (f"jupyter-state-button-{type}", sized)


def css_width(width: Any) -> str | None:
    """The layout width of a button: ``None`` (the theme's, as wide as the label) for ``"content"``."""
    return f"{width}px" if isinstance(width, int) else "100%" if width == "stretch" else None
