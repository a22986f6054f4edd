"""Icons drawn as inline SVG: never a font glyph that the reader's machine may lack.

Streamlit draws ``icon=":material/name:"`` with the Material Symbols font, which
jupyter_state does not ship (and a missing font shows an empty box). The Material icons
an alert most often carries are drawn here instead, as small SVGs in the text's own
colour (``currentColor``), so an icon has the contrast of the text next to it in every
theme. An emoji icon stays the character the user gave.
"""

from __future__ import annotations

import html
import unicodedata
from typing import Any

from .errors import JupyterStateAPIException, JupyterStateValueError

__all__ = ["MATERIAL_ICONS", "check_icon", "icon_markup", "material_svg"]

_RING = "<circle cx='12' cy='12' r='9'/>"
_DOT = "<circle cx='12' cy='{y}' r='1.1' fill='currentColor' stroke='none'/>"

#: the Material icon names drawn as SVG: shapes on a 24×24 grid, stroked in currentColor
MATERIAL_ICONS: dict[str, str] = {
    "check": "<path d='M5 12.5l4.5 4.5L19 7.5'/>",
    "check_circle": _RING + "<path d='M8 12.3l2.8 2.8L16.3 9.5'/>",
    "close": "<path d='M6 6l12 12M18 6L6 18'/>",
    "cancel": _RING + "<path d='M9 9l6 6M15 9l-6 6'/>",
    "error": _RING + "<path d='M12 7.5v5.5'/>" + _DOT.format(y=16.3),
    "warning": "<path d='M12 3.8L21.2 19.8H2.8Z'/><path d='M12 9.5v4.8'/>" + _DOT.format(y=17.1),
    "info": _RING + "<path d='M12 11v5.5'/>" + _DOT.format(y=7.9),
    "help": _RING + "<path d='M9.6 9.6a2.5 2.5 0 1 1 3.4 2.3c-.7.3-1 .8-1 1.5v.4'/>" + _DOT.format(y=16.6),
}


def material_svg(name: str) -> str:
    """The inline SVG of the Material icon ``name`` (one of :data:`MATERIAL_ICONS`).

    Examples
    --------
    >>> material_svg("check").startswith("<svg")
    True
    """
    return (
        "<svg class='jupyter-state-icon' viewBox='0 0 24 24' width='20' height='20' fill='none' "
        "stroke='currentColor' stroke-width='2' stroke-linecap='round' stroke-linejoin='round' "
        f"aria-hidden='true' focusable='false' data-icon='{name}'>{MATERIAL_ICONS[name]}</svg>"
    )


def icon_markup(command: str, icon: Any) -> tuple[str, str]:
    """Check an element's ``icon=`` as Streamlit does; return it normalised and its HTML.

    ``None`` or blank is no icon; ``":material/name:"`` is drawn as SVG when ``name`` is
    one of :data:`MATERIAL_ICONS` (any other is refused, saying which are drawn); anything
    else must be one emoji, checked with the wording buttons use.

    Examples
    --------
    >>> icon_markup("st.info", None)
    ('', '')
    >>> icon_markup("st.info", " :material/info: ")[1].startswith("<svg")
    True
    """
    if isinstance(icon, str) and icon.strip().lower().startswith(":material/"):
        text = icon.strip()
        name = text[len(":material/"):-1] if text.endswith(":") else ""
        if name not in MATERIAL_ICONS:
            drawn = ", ".join(f":material/{n}:" for n in MATERIAL_ICONS)
            raise JupyterStateAPIException(
                f"{command}: the Material icon {text!r} is not drawn by jupyter_state (it ships no icon font, "
                f"and draws these as SVG: {drawn}). Use one of them, or a single emoji, like icon=\"🚀\"."
            )
        return text, material_svg(name)
    emoji = check_icon(command, icon)
    return emoji, f"<span class='jupyter-state-icon'>{html.escape(emoji)}</span>" if emoji else ""


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


def check_icon(command: str, value: Any) -> str:
    """An emoji icon (stripped), "" for none; a clear error for anything else (a Material name too)."""
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
