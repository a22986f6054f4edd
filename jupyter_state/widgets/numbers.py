"""Widgets for numbers: ``slider`` (int, float, or a range) and ``number_input``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets

from .._url_bind import check_bind
from ..errors import JupyterStateValueError, ValueAboveMaxError, ValueBelowMinError
from ._binding import register
from ._family import Family, apply_label, check_callback

__all__ = ["number_input", "slider"]

Number = int | float
Callback = Callable[..., Any] | None


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_range(value: Any, lo: Number, hi: Number, key: str | None, kind: str) -> None:
    if not _is_number(value):
        raise TypeError(
            f"st.{kind}{f' with key {key!r}' if key else ''} needs a number, got {value!r} "
            f"({type(value).__name__})."
        )
    if value > hi:
        raise ValueAboveMaxError(value, hi, key)
    if value < lo:
        raise ValueBelowMinError(value, lo, key)


class SliderFamily(Family):
    kind: ClassVar[str] = "slider"
    corrects_input = True
    key_identity: ClassVar[tuple[str, ...]] = ("min_value", "max_value", "step")

    def build(self) -> ipywidgets.DOMWidget:
        # anywidget views (static/slider.js), imported with the first slider: the value sits
        # above the thumb, as Streamlit shows it, which ipywidgets' sliders cannot do
        from ._views import FloatRangeSliderView, FloatSliderView, IntRangeSliderView, IntSliderView

        p = self.params
        is_range = isinstance(p["value"], tuple)
        cls = {
            (False, False): IntSliderView,
            (False, True): IntRangeSliderView,
            (True, False): FloatSliderView,
            (True, True): FloatRangeSliderView,
        }[(p["is_float"], is_range)]
        view = cls(min=p["min_value"], max=p["max_value"], step=p["step"], value=p["value"], format=self.format,
                   **self.common(cls))
        self.configure(view)
        return view

    @property
    def format(self) -> str:
        """Streamlit's printf-style format: ``%d`` for ints and ``%0.2f`` for floats unless given."""
        return self.params.get("format") or ("%0.2f" if self.params["is_float"] else "%d")

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        p = self.params
        apply_label(view, p["label"], p["label_visibility"], p["help"])
        if view.format != self.format:
            view.format = self.format

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        value = view.value
        if isinstance(value, tuple):
            return tuple(self._cast(v) for v in value)
        return self._cast(value)

    def _cast(self, value: Any) -> Any:
        if self.params["is_float"]:
            return round(float(value), _decimals(self.params["step"]) + 6)
        return int(value)

    def validate(self, value: Any, key: str) -> Any:
        p = self.params
        if isinstance(p["value"], tuple):
            if not isinstance(value, (tuple, list)) or len(value) != 2:
                raise TypeError(
                    f"st.session_state[{key!r}] is {value!r}, but this range slider needs a pair (low, high)."
                )
            for v in value:
                check_range(v, p["min_value"], p["max_value"], key, "slider")
            # A reversed pair is accepted and put in order: the slider can only show it so.
            return tuple(sorted(value))
        check_range(value, p["min_value"], p["max_value"], key, "slider")
        return value


def _decimals(step: Number) -> int:
    text = repr(float(step))
    return max(0, len(text.split(".")[1].rstrip("0"))) if "." in text and "e" not in text else 2


def slider(
    label: str,
    min_value: Number | None = None,
    max_value: Number | None = None,
    value: Number | Sequence[Number] | None = None,
    step: Number | None = None,
    format: str | None = None,
    key: str | int | None = None,
    help: str | None = None,
    on_change: Callback = None,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    *,
    disabled: bool = False,
    label_visibility: str = "visible",
    bind: str | None = None,
    persist_state: str | None = None,
) -> Any:
    """Display a slider; return an int, a float, or a ``(low, high)`` pair.

    The type follows the arguments, as in Streamlit: any float among ``min_value``,
    ``max_value``, ``value`` and ``step`` makes a float slider (default range 0.0-1.0,
    step 0.01), otherwise an int slider (0-100, step 1). A pair as ``value`` makes a
    range slider.

    Examples
    --------
    >>> age = st.slider("Age", 0, 130, 25, key="age")  # doctest: +SKIP
    >>> lo, hi = st.slider("Range", 0.0, 1.0, (0.2, 0.8))  # doctest: +SKIP
    """
    is_range = isinstance(value, (list, tuple))
    values = list(value) if is_range else ([] if value is None else [value])  # type: ignore[arg-type]
    given = [v for v in (min_value, max_value, step, *values) if v is not None]
    for v in given:
        if not _is_number(v):
            raise JupyterStateValueError(
                f"st.slider({label!r}): {v!r} is not a number; dates and times are not supported yet."
            )
    if is_range and len(values) != 2:
        raise JupyterStateValueError(f"st.slider({label!r}): a range value must be a pair (low, high), got {value!r}.")
    is_float = any(isinstance(v, float) for v in given)
    lo = min_value if min_value is not None else (0.0 if is_float else 0)
    hi = max_value if max_value is not None else (1.0 if is_float else 100)
    stp = step if step is not None else (0.01 if is_float else 1)
    if is_float:
        lo, hi, stp = float(lo), float(hi), float(stp)
        values = [float(v) for v in values]  # type: ignore[arg-type]
    if lo > hi:
        raise JupyterStateValueError(f"st.slider({label!r}): min_value {lo!r} is greater than max_value {hi!r}.")
    if not values:
        values = [lo]
    for v in values:
        check_range(v, lo, hi, None, "slider")
    default: Any = tuple(sorted(values)) if is_range else values[0]  # as Streamlit: (8, 2) is (2, 8)
    family = SliderFamily(label=label, min_value=lo, max_value=hi, step=stp, value=default, is_float=is_float,
                          format=format, help=help, label_visibility=label_visibility)
    identity = {"label": label, "min_value": lo, "max_value": hi, "step": stp, "value": default, "help": help,
                "format": format}
    return register(family, default=default, key=key, identity=identity, callback=check_callback(on_change), args=args,
                    kwargs=kwargs, disabled=disabled, default_given=value is not None, bind=check_bind(bind, key),
                    persist_state=persist_state)


class NumberInputFamily(Family):
    kind: ClassVar[str] = "number_input"
    corrects_input = True

    def build(self) -> ipywidgets.DOMWidget:
        from ._views import FloatInputView, IntInputView  # anywidget, with the first number input

        p = self.params
        cls = FloatInputView if p["is_float"] else IntInputView
        view = cls(min=p["bounds"][0], max=p["bounds"][1], step=p["step"], value=p["value"], tooltip=p["help"],
                   _dom_classes=self.classes)
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        p = self.params
        apply_label(view, p["label"], p["label_visibility"], p["help"])
        if (view.min, view.max) != p["bounds"]:
            view.min, view.max = p["bounds"]
        for name in ("format", "placeholder"):
            if getattr(view, name) != (p[name] or ""):
                setattr(view, name, p[name] or "")

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        return float(view.value) if self.params["is_float"] else int(view.value)

    def validate(self, value: Any, key: str) -> Any:
        p = self.params
        lo = p["min_value"] if p["min_value"] is not None else float("-inf")
        hi = p["max_value"] if p["max_value"] is not None else float("inf")
        check_range(value, lo, hi, key, "number_input")
        return value  # as Streamlit: not coerced (an int stays an int in a float input)


def number_input(
    label: str,
    min_value: Number | None = None,
    max_value: Number | None = None,
    value: Number | str = "min",
    step: Number | None = None,
    format: str | None = None,
    key: str | int | None = None,
    help: str | None = None,
    on_change: Callback = None,
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    *,
    placeholder: str | None = None,
    disabled: bool = False,
    label_visibility: str = "visible",
    bind: str | None = None,
    persist_state: str | None = None,
) -> Number:
    """Display a numeric input; return an int or a float.

    ``value="min"`` (the default) starts at ``min_value``, or at ``0.0`` without one. The
    type follows the arguments: all ints make an int input, any float a float input.

    Examples
    --------
    >>> n = st.number_input("Count", min_value=0, max_value=10, value=3, key="n")  # doctest: +SKIP
    """
    if value is None:
        raise JupyterStateValueError(
            f"st.number_input({label!r}): value=None (an empty input) is not supported; pass a number or 'min'."
        )
    start = (min_value if min_value is not None else 0.0) if value == "min" else value
    given = [v for v in (min_value, max_value, step, start) if v is not None]
    for v in given:
        if not _is_number(v):
            raise JupyterStateValueError(f"st.number_input({label!r}): {v!r} is not a number.")
    is_float = any(isinstance(v, float) for v in given)
    stp = step if step is not None else (0.01 if is_float else 1)
    big = 1e308 if is_float else 2**53
    bounds = (min_value if min_value is not None else -big, max_value if max_value is not None else big)
    if is_float:
        bounds = (float(bounds[0]), float(bounds[1]))
        start = float(start)
    check_range(start, bounds[0], bounds[1], None, "number_input")
    family = NumberInputFamily(label=label, min_value=min_value, max_value=max_value, bounds=bounds, step=stp,
                               value=start, is_float=is_float, help=help, label_visibility=label_visibility,
                               format=format, placeholder=placeholder)
    identity = {"label": label, "min_value": min_value, "max_value": max_value, "value": value, "step": stp,
                "help": help, "format": format, "placeholder": placeholder}
    result: Number = register(family, default=start, key=key, identity=identity, callback=check_callback(on_change),
                              args=args, kwargs=kwargs, disabled=disabled, default_given=value != "min",
                              bind=check_bind(bind, key), persist_state=persist_state)
    return result
