"""Layout and style models shared by the views that have the same ones.

Every ipywidgets view has a ``Layout`` model, and most a style model: two more comms, two
more ``comm_open`` messages and two more models for the browser to build, per widget. But
ipywidgets lets many views point at one ``Layout`` (or style), so views of one class with
the same layout (or style) traits, in one scope (a session: an ``AppTest`` next to the
kernel's session shares nothing with it), share one model here, counted by its users. The last
user's :func:`release` closes it, so a culled widget leaves no model behind, as before.

A shared model must never be changed in place (that would change every view using it):
:func:`use_layout` points a view at the shared model with the traits it needs instead.

Examples
--------
>>> import ipywidgets
>>> a = shared(None, ipywidgets.IntSlider, ipywidgets.Layout)
>>> a is shared(None, ipywidgets.IntSlider, ipywidgets.Layout)
True
>>> release(a), release(a)
(True, True)
"""

from __future__ import annotations

from typing import Any, cast

import ipywidgets

__all__ = ["release", "shared", "shared_parts", "use_layout"]

#: (scope, view class, model class, traits) -> the shared model
_pool: dict[tuple[Any, ...], ipywidgets.Widget] = {}
#: shared model -> (its key in the pool, how many views use it)
_users: dict[ipywidgets.Widget, tuple[tuple[Any, ...], int]] = {}


def shared(scope: Any, owner: type, model_class: type, **traits: Any) -> Any:
    """The ``model_class`` model with ``traits`` that views of class ``owner`` in ``scope`` share (one more user).

    Examples
    --------
    >>> import ipywidgets
    >>> layout = shared(None, ipywidgets.Button, ipywidgets.Layout, width="100%")
    >>> layout.width, release(layout)
    ('100%', True)
    """
    key = _key(scope, owner, model_class, traits)
    model = _pool.get(key)
    if model is None or model.comm is None:  # a shared model closed by someone else is replaced
        model = model_class(**traits)
        _pool[key] = model
        _users[model] = (key, 0)
    _users[model] = (key, _users[model][1] + 1)
    return model


def _key(scope: Any, owner: type, model_class: type, traits: dict[str, Any]) -> tuple[Any, ...]:
    if model_class is ipywidgets.Layout:  # every layout trait defaults to None: width=None is no width
        traits = {k: v for k, v in traits.items() if v is not None}
    return (scope, owner, model_class, tuple(sorted(traits.items())))


def release(model: Any) -> bool:
    """Give up one use of ``model``; False when it is not a shared model (the caller owns it).

    Examples
    --------
    >>> import ipywidgets
    >>> release(ipywidgets.Layout())
    False
    """
    entry = _users.get(model)
    if entry is None:
        return False
    key, count = entry
    if count > 1:
        _users[model] = (key, count - 1)
        return True
    del _users[model]
    if _pool.get(key) is model:
        del _pool[key]
    model.close()
    return True


def shared_parts(scope: Any, view_class: type, style: dict[str, Any] | None = None, **layout: Any) -> dict[str, Any]:
    """Constructor arguments that give a new ``view_class`` view the shared layout and style.

    ``style`` keeps only the traits ``view_class``'s style has (a button's has no
    ``description_width``).

    Examples
    --------
    >>> import ipywidgets
    >>> parts = shared_parts(None, ipywidgets.IntSlider, {"description_width": "initial"})
    >>> view = ipywidgets.IntSlider(**parts)
    >>> view.style is parts["style"], view.style.description_width
    (True, 'initial')
    """
    traits = cast(Any, view_class).class_traits()
    parts: dict[str, Any] = {}
    if "layout" in traits:
        parts["layout"] = shared(scope, view_class, ipywidgets.Layout, **layout)
    style_class = getattr(traits.get("style"), "klass", None)
    if isinstance(style_class, type):
        names = cast(Any, style_class).class_trait_names()
        style_traits = {k: v for k, v in (style or {}).items() if k in names}
        parts["style"] = shared(scope, view_class, style_class, **style_traits)
    return parts


def use_layout(view: Any, **traits: Any) -> None:
    """Point ``view`` at the shared layout with ``traits`` (when it is not already there), in its layout's scope.

    Examples
    --------
    >>> import ipywidgets
    >>> view = ipywidgets.Button(**shared_parts(None, ipywidgets.Button))
    >>> use_layout(view, width="100%")
    >>> view.layout.width
    '100%'
    """
    old = view.layout
    scope = _users[old][0][0] if old in _users else None
    if old in _users and _users[old][0] == _key(scope, type(view), ipywidgets.Layout, traits):
        return
    view.layout = shared(scope, type(view), ipywidgets.Layout, **traits)
    if getattr(view, "_holding_sync", False):
        # The browser must get the new layout before the old one's comm_close.
        view.send_state("layout")
        view._states_to_send.discard("layout")
    if not release(old):
        old.close()
