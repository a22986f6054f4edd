"""Enum options across reruns: Streamlit's ``runner.enumCoercion``.

A script that defines an Enum makes a new class on every run, so the member a user chose
in one run is not ``==`` to the next run's member of the same name. The selection widgets
(radio, selectbox, multiselect, select_slider) return their values through
:func:`coerce_enums`, which maps such members onto the current run's class.
"""

from __future__ import annotations

from enum import Enum, EnumMeta
from typing import Any

from .._context import current

__all__ = ["coerce_enums"]


def coerce_enums(value: Any, options: Any, opts: list[Any]) -> Any:
    """Return ``value`` with its Enum members taken from this run's Enum class.

    A rerun that redefines an Enum makes new members; the member chosen in an earlier run
    would no longer equal ``Color.RED``. As Streamlit's ``runner.enumCoercion`` (default
    ``"nameOnly"``), a member of a class with the same qualified name and member names
    (``"nameAndValue"``: and values) becomes the current class's member of that name.

    Parameters
    ----------
    value
        What the widget returns: an option, or a list or pair of options.
    options
        The ``options`` argument as the user passed it (an Enum class is the target).
    opts
        The options as a list; when every one is of one Enum class, that is the target.

    Examples
    --------
    >>> from enum import Enum
    >>> Old = Enum("Color", "RED GREEN")
    >>> New = Enum("Color", "RED GREEN")
    >>> coerce_enums(Old.RED, New, list(New)) is New.RED
    True
    """
    members = list(value) if isinstance(value, (list, tuple)) else [value]
    if not members or not all(isinstance(m, Enum) for m in members):
        return value  # the common case, decided before reading the option
    mode = current().enum_coercion
    if mode == "off":
        return value
    target = options if isinstance(options, EnumMeta) else _common_class(opts)
    if not isinstance(target, EnumMeta):
        return value

    def coerce(member: Enum) -> Enum:
        source = type(member)
        if isinstance(member, target) or source.__qualname__ != target.__qualname__:
            return member
        if mode == "nameOnly" and set(source._member_names_) != set(target._member_names_):
            return member
        if mode == "nameAndValue" and set(source._value2member_map_) != set(target._value2member_map_):
            return member
        coerced: Enum = target[member._name_]
        return coerced

    coerced = [coerce(m) for m in members]
    return type(value)(coerced) if isinstance(value, (list, tuple)) else coerced[0]


def _common_class(opts: list[Any]) -> type | None:
    """The one class every option is an instance of exactly, or None."""
    classes = {type(o) for o in opts}
    return classes.pop() if len(classes) == 1 else None
