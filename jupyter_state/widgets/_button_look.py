"""What every kind of button accepts for its look: ``type``, ``icon`` and ``width``.

Checked as Streamlit checks them (the same wording), so an app that Streamlit rejects is
rejected here too. The look itself is drawn by the theme from the CSS classes
:func:`button_classes` names, never by inline styles.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from ..errors import JupyterStateAPIException, JupyterStateValueError

__all__ = ["BUTTON_TYPES", "button_classes", "check_button_look", "css_width"]

BUTTON_TYPES = ("primary", "secondary", "tertiary")

_ICON_HINT = (
    "Please use a single emoji, like \"🚀\" (Streamlit also takes Material icon shortcodes like "
    "`:material/thumb_up:`, which jupyter_state does not support yet)."
)
# characters an emoji sequence may hold besides its pictographs: ZWJ, variation selectors,
# the keycap mark, skin-tone modifiers (category Sk) and regional indicators / tags (So)
_JOINERS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def _is_emoji(text: str) -> bool:
    """Whether ``text`` is one emoji (a pictograph, possibly with modifiers and joiners)."""
    if not text or len(text) > 16:
        return False
    pictographs = [c for c in text if c not in _JOINERS and not ("\U000e0020" <= c <= "\U000e007f")]
    symbols = all(unicodedata.category(c) in ("So", "Sk") or c.isdigit() or c in "#*" for c in pictographs)
    if not pictographs or not symbols:
        return False
    if any(c.isascii() for c in pictographs) and "\u20e3" not in text:  # "1" alone is not an emoji, "1️⃣" is
        return False
    return "\u200d" in text or len(pictographs) <= 2  # a flag is two regional indicators


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
    return type, _check_icon(command, icon), width


def _check_icon(command: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise JupyterStateValueError(
            f"{command}: Invalid `icon` type. Expected one of: str, None. Provided type: {value.__class__.__name__}."
        )
    icon: str = value.strip()
    if not icon:
        return ""
    if icon.lower().startswith(":material"):
        raise JupyterStateAPIException(
            f"{command}: Material icons such as {icon!r} are not supported yet (they need the Material Symbols "
            "font, which jupyter_state does not ship). Use a single emoji as the icon instead, like icon=\"🚀\"."
        )
    shortcode = icon[1:-1].replace("_", "").replace("-", "")
    if icon.startswith(":") and icon.endswith(":") and len(icon) > 2 and shortcode.isalnum():
        raise JupyterStateValueError(
            f"{command}: The value \"{icon}\" is not a valid icon. Emoji shortcodes are not supported. {_ICON_HINT}"
        )
    if not _is_emoji(icon):
        raise JupyterStateValueError(f"{command}: The value \"{icon}\" is not a valid icon. {_ICON_HINT}")
    return icon


def button_classes(type: str, width: Any) -> tuple[str, ...]:
    """The CSS classes the theme draws a button's type and width from."""
    sized = "jupyter-state-button-stretch" if width == "stretch" else "jupyter-state-button-content"
    return (f"jupyter-state-button-{type}", sized)


def css_width(width: Any) -> str | None:
    """The layout width of a button: ``None`` (the theme's, as wide as the label) for ``"content"``."""
    return f"{width}px" if isinstance(width, int) else "100%" if width == "stretch" else None
