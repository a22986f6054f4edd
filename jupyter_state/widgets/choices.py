"""Widgets that choose among options: selectbox, radio, multiselect, select_slider.

Options are handed to ipywidgets as ``(label, index)`` pairs, so any Python object can be
an option (unhashable ones too) and ``format_func`` only changes what is shown.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, ClassVar, cast

import ipywidgets

from .._url_bind import check_bind
from ..errors import JupyterStateValueError, SelectionCountExceedsMaxError
from ..state import index_of
from ._binding import register
from ._enums import coerce_enums
from ._family import Family, apply_label, check_callback

__all__ = ["multiselect", "radio", "select_slider", "selectbox"]

Callback = Callable[..., Any] | None


class OptionsFamily(Family):
    """One choice among ``options``; the ipywidget holds the chosen index."""

    view_class: ClassVar[type[ipywidgets.DOMWidget]] = ipywidgets.Dropdown
    kind: ClassVar[str] = "selectbox"
    traits: ClassVar[tuple[str, ...]] = ("index",)  # ipywidgets' selection views sync the index

    def __init__(self, **params: Any) -> None:
        super().__init__(**params)
        self.options: list[Any] = params["options"]
        fmt = params["format_func"]
        self.labels = [(str(fmt(o)), i) for i, o in enumerate(self.options)]

    def build(self) -> ipywidgets.DOMWidget:
        view = self.view_class(options=self.labels, value=self.params["index"], **self.common(self.view_class))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        if view.options != tuple(self.labels):
            index = view.value
            view.options = self.labels
            view.value = index if index is not None and index < len(self.labels) else self.params["index"]
        apply_label(view, self.params["label"], self.params["label_visibility"], self.params["help"])

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        return None if view.value is None else self.options[view.value]

    def trait_values(self, value: Any) -> dict[str, Any]:
        return {"index": None if value is None else index_of(self.options, value)}

    def validate(self, value: Any, key: str) -> Any:
        if value is None or index_of(self.options, value) is not None:
            return value
        # As Streamlit: an unknown option falls back to the default (and the key follows).
        index = self.params["index"]
        return None if index is None else self.options[index]


class RadioFamily(OptionsFamily):
    kind: ClassVar[str] = "radio"
    view_class = ipywidgets.RadioButtons

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        super().configure(view)
        orientation = "horizontal" if self.params.get("horizontal") else "vertical"
        if view.orientation != orientation:
            view.orientation = orientation


class SelectSliderFamily(OptionsFamily):
    """One option on a slider (``static/slider.js``): the thumb shows its label above it."""

    kind: ClassVar[str] = "select_slider"

    def build(self) -> ipywidgets.DOMWidget:
        from ._views import SelectionSliderView  # anywidget, with the first select_slider

        view = self._view(SelectionSliderView)
        self.configure(view)
        return view

    def _view(self, cls: type[ipywidgets.DOMWidget]) -> ipywidgets.DOMWidget:
        return cls(options=[label for label, _ in self.labels], index=self.params["index"], max=len(self.labels) - 1,
                   **self.common(cls))

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        labels = [label for label, _ in self.labels]
        if list(view.options) != labels:
            with view.hold_trait_notifications():
                view.options = labels
                view.max = len(labels) - 1
                view.index = self.params["index"]
        apply_label(view, self.params["label"], self.params["label_visibility"], self.params["help"])

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        return self.options[view.index]

    def validate(self, value: Any, key: str) -> Any:
        if index_of(self.options, value) is None:
            raise JupyterStateValueError(
                f"st.session_state[{key!r}] is {value!r}, which is not one of the options of "
                f"st.select_slider ({self.options!r}). Assign one of the options."
            )
        return value


class RangeSelectSliderFamily(SelectSliderFamily):
    """A range of options on a slider: each thumb shows its option's label above it."""

    def build(self) -> ipywidgets.DOMWidget:
        from ._views import SelectionRangeSliderView  # anywidget, with the first range select_slider

        view = self._view(SelectionRangeSliderView)
        self.configure(view)
        return view

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        lo, hi = sorted(view.index)
        return (self.options[lo], self.options[hi])

    def trait_values(self, value: Any) -> dict[str, Any]:
        return {"index": (index_of(self.options, value[0]), index_of(self.options, value[1]))}

    def validate(self, value: Any, key: str) -> Any:
        pair = isinstance(value, (tuple, list)) and len(value) == 2
        if not pair or any(index_of(self.options, v) is None for v in value):
            raise JupyterStateValueError(
                f"st.session_state[{key!r}] is {value!r}, but this st.select_slider needs a "
                f"pair of its options ({self.options!r}). Assign (low, high)."
            )
        # As Streamlit: a reversed pair is accepted and put in the options' order.
        lo, hi = sorted(cast(list[int], [index_of(self.options, v) for v in value]))
        return (self.options[lo], self.options[hi])


class MultiselectFamily(OptionsFamily):
    kind: ClassVar[str] = "multiselect"
    key_identity: ClassVar[tuple[str, ...]] = ("max_selections",)

    def build(self) -> ipywidgets.DOMWidget:
        from ._views import MultiselectView  # anywidget is imported with the first multiselect

        p = self.params
        view = MultiselectView(
            options=[label for label, _ in self.labels],
            index=tuple(p["index"]),
            max_selections=p["max_selections"] or 0,
            placeholder=p.get("placeholder") or "",
            tooltip=p.get("help"),
            _dom_classes=self.classes,
        )
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        p = self.params
        labels = [label for label, _ in self.labels]
        if view.options != labels:
            view.options = labels
            view.index = tuple(p["index"])
        if view.max_selections != (p["max_selections"] or 0):
            view.max_selections = p["max_selections"] or 0
        if view.placeholder != (p.get("placeholder") or ""):
            view.placeholder = p.get("placeholder") or ""
        apply_label(view, p["label"], p["label_visibility"], p["help"])

    def read(self, view: ipywidgets.DOMWidget) -> Any:
        return self.read_change(view, [])

    def read_change(self, view: ipywidgets.DOMWidget, previous: Any) -> Any:
        """The selection in the order it was made, as Streamlit returns it.

        The chips view sends the order of choosing; a client that sends the chosen indexes
        in option order (a list box) gets its order from the previous selection: what stays
        keeps its place, what is new goes last. An order that is not ascending (``AppTest``
        sends ``["z", "x"]``) is taken at its word.
        """
        sent = list(view.index)
        if sent == sorted(sent):
            kept = [i for i in (index_of(self.options, v) for v in previous or ()) if i is not None and i in sent]
            sent = kept + [i for i in sent if i not in kept]
        chosen = [self.options[i] for i in sent]
        limit = self.params["max_selections"]
        return chosen[:limit] if limit else chosen

    def trait_values(self, value: Any) -> dict[str, Any]:
        return {"index": tuple(index_of(self.options, v) for v in value)}

    def validate(self, value: Any, key: str) -> Any:
        if not isinstance(value, (list, tuple)):
            if index_of(self.options, value) is None:
                raise TypeError(f"st.session_state[{key!r}] is {value!r}, but st.multiselect needs a list of options.")
            value = [value]  # as Streamlit: one option is a one-item selection
        missing = [v for v in value if index_of(self.options, v) is None]
        if missing:
            raise JupyterStateValueError(
                f"st.session_state[{key!r}] holds {missing!r}, which are not among the options "
                f"of st.multiselect ({self.options!r}). Assign a list of its options."
            )
        limit = self.params["max_selections"]
        if limit and len(value) > limit:
            raise SelectionCountExceedsMaxError(
                f"st.multiselect with key {key!r} allows at most {limit} selections, but "
                f"st.session_state[{key!r}] has {len(value)} (you manipulated the widget's state "
                f"through st.session_state). Assign at most {limit} options."
            )
        return list(value)


def _options_identity(options: list[Any], key: Any) -> str | None:
    """The options as part of an unkeyed widget's identity; a keyed one's does not use them."""
    return repr(options) if key is None else None


def _options(options: Any) -> list[Any]:
    if hasattr(options, "tolist") and not isinstance(options, (list, tuple)):
        options = options.tolist()  # numpy arrays, pandas Series/Index
    elif hasattr(options, "columns") and not isinstance(options, (list, tuple)):
        options = list(options.iloc[:, 0]) if len(options.columns) else []  # a DataFrame's first column
    return list(options)


def _check_index(index: int | None, options: list[Any], kind: str) -> None:
    if index is None:
        return
    if not isinstance(index, int) or isinstance(index, bool):
        raise TypeError(f"st.{kind}: index must be an int or None, got {index!r}.")
    if options and not 0 <= index < len(options):
        raise JupyterStateValueError(
            f"st.{kind}: index {index} is out of range for {len(options)} options; "
            f"use 0..{len(options) - 1}, or None for no selection."
        )


def _select(family: type[OptionsFamily], label: str, options: Iterable[Any], index: int | None,
            format_func: Callable[[Any], Any], key: Any, help: str | None, on_change: Callback, args: Any, kwargs: Any,
            disabled: bool, label_visibility: str, bind: str | None = None,
            persist_state: str | None = None, **extra: Any) -> Any:
    opts = _options(options)
    _check_index(index, opts, family.kind)
    if not opts:
        index = None
    fam = family(label=label, options=opts, index=index, format_func=format_func, help=help,
                 label_visibility=label_visibility, **extra)
    default = None if index is None else opts[index]
    identity = {"label": label, "options": _options_identity(opts, key), "index": index, "help": help,
                **{k: v for k, v in extra.items() if k == "placeholder"}}
    value = register(fam, default=default, key=key, identity=identity, callback=check_callback(on_change), args=args,
                     kwargs=kwargs, disabled=disabled, default_given=bool(index), bind=check_bind(bind, key),
                     persist_state=persist_state)
    return coerce_enums(value, options, opts)


def selectbox(label: str, options: Iterable[Any], index: int | None = 0, format_func: Callable[[Any], Any] = str,
              key: str | int | None = None, help: str | None = None, on_change: Callback = None,
              args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None, *,
              placeholder: str | None = None, disabled: bool = False, label_visibility: str = "visible",
              bind: str | None = None,
              persist_state: str | None = None) -> Any:
    """Display a drop-down; return the chosen option (``None`` if ``index=None`` and nothing chosen).

    Examples
    --------
    >>> color = st.selectbox("Color", ["red", "green"], key="color")  # doctest: +SKIP
    """
    return _select(OptionsFamily, label, options, index, format_func, key, help, on_change, args, kwargs, disabled,
                   label_visibility, bind, persist_state=persist_state, placeholder=placeholder)


def radio(label: str, options: Iterable[Any], index: int | None = 0, format_func: Callable[[Any], Any] = str,
          key: str | int | None = None, help: str | None = None, on_change: Callback = None,
          args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None, *, disabled: bool = False,
          horizontal: bool = False, label_visibility: str = "visible", bind: str | None = None,
          persist_state: str | None = None) -> Any:
    """Display radio buttons; return the chosen option.

    Examples
    --------
    >>> size = st.radio("Size", ["S", "M", "L"], horizontal=True)  # doctest: +SKIP
    """
    return _select(RadioFamily, label, options, index, format_func, key, help, on_change, args, kwargs, disabled,
                   label_visibility, bind, persist_state=persist_state, horizontal=horizontal)


def multiselect(label: str, options: Iterable[Any], default: Any = None, format_func: Callable[[Any], Any] = str,
                key: str | int | None = None, help: str | None = None, on_change: Callback = None,
                args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None, *,
                max_selections: int | None = None, placeholder: str | None = None, disabled: bool = False,
                label_visibility: str = "visible", bind: str | None = None,
                persist_state: str | None = None) -> list[Any]:
    """Display a multiple choice; return the list of chosen options, in the order chosen.

    Examples
    --------
    >>> tags = st.multiselect("Tags", ["a", "b", "c"], default=["a"])  # doctest: +SKIP
    """
    opts = _options(options)
    chosen = [] if default is None else ([default] if not isinstance(default, (list, tuple)) else list(default))
    indexes = []
    for value in chosen:
        i = index_of(opts, value)
        if i is None:
            raise JupyterStateValueError(f"st.multiselect: the default {value!r} is not one of the options {opts!r}.")
        indexes.append(i)
    if max_selections and len(indexes) > max_selections:
        raise JupyterStateValueError(
            f"st.multiselect: {len(indexes)} defaults given but max_selections is {max_selections}."
        )
    fam = MultiselectFamily(label=label, options=opts, index=indexes, format_func=format_func, help=help,
                            label_visibility=label_visibility, max_selections=max_selections, placeholder=placeholder)
    identity = {"label": label, "options": _options_identity(opts, key), "default": repr(chosen), "help": help,
                "max_selections": max_selections, "placeholder": placeholder}
    value = register(fam, default=chosen, key=key, identity=identity, callback=check_callback(on_change), args=args,
                     kwargs=kwargs, disabled=disabled, default_given=bool(chosen), bind=check_bind(bind, key),
                     persist_state=persist_state)
    return list(coerce_enums(value, options, opts))


def select_slider(label: str, options: Iterable[Any] = (), value: Any = None, format_func: Callable[[Any], Any] = str,
                  key: str | int | None = None, help: str | None = None, on_change: Callback = None,
                  args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None, *, disabled: bool = False,
                  label_visibility: str = "visible", bind: str | None = None,
                  persist_state: str | None = None) -> Any:
    """Display a slider over ``options``; return the chosen option, or a pair for a range.

    Examples
    --------
    >>> level = st.select_slider("Level", ["low", "mid", "high"], value="mid")  # doctest: +SKIP
    >>> lo, hi = st.select_slider("Range", [1, 2, 3, 4], value=(2, 3))  # doctest: +SKIP
    """
    opts = _options(options)
    if not opts:
        raise JupyterStateValueError("st.select_slider needs at least one option.")
    identity = {"label": label, "options": _options_identity(opts, key), "value": repr(value), "help": help}
    callback = check_callback(on_change)
    if isinstance(value, (list, tuple)) and len(value) == 2:
        idx = [index_of(opts, v) for v in value]
        if None in idx:
            raise JupyterStateValueError(
                f"st.select_slider: the value {value!r} is not a pair of its options {opts!r}."
            )
        lo, hi = sorted(cast(list[int], idx))  # as Streamlit: a reversed pair is put in order
        fam: OptionsFamily = RangeSelectSliderFamily(label=label, options=opts, index=(lo, hi), format_func=format_func,
                                                     help=help, label_visibility=label_visibility)
        pair = register(fam, default=(opts[lo], opts[hi]), key=key, identity=identity, callback=callback, args=args,
                        kwargs=kwargs, disabled=disabled, default_given=True, bind=check_bind(bind, key),
                        persist_state=persist_state)
        return coerce_enums(pair, options, opts)
    index = 0 if value is None else index_of(opts, value)
    if index is None:
        raise JupyterStateValueError(f"st.select_slider: the value {value!r} is not one of its options {opts!r}.")
    fam = SelectSliderFamily(label=label, options=opts, index=index, format_func=format_func, help=help,
                             label_visibility=label_visibility)
    chosen = register(fam, default=opts[index], key=key, identity=identity, callback=callback, args=args, kwargs=kwargs,
                      disabled=disabled, default_given=value is not None, bind=check_bind(bind, key),
                      persist_state=persist_state)
    return coerce_enums(chosen, options, opts)
