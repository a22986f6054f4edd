"""Layout: columns, containers, tabs, expanders, popovers, placeholders, the sidebar, the page.

``st.columns``, ``st.container``, ``st.tabs``, ``st.expander``, ``st.popover``,
``st.empty``, ``st.sidebar`` and ``st.set_page_config``.

Each function validates its arguments as Streamlit 1.67 does (same conditions, our
wording), then opens a container of ``containers.py`` at the current place of the run's
tree (``blocks.open_container``). Outside an app they return unattached containers, so
the code runs, and elements called on them are shown as ordinary cell output. With
``on_change="rerun"`` or a callable, ``st.tabs``, ``st.expander`` and ``st.popover`` also
register their open state as a widget (``widgets/stateful.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from numbers import Integral, Real
from typing import Any

from ._context import current
from .blocks import open_container
from .containers import GAPS, Box, Column, Columns, Empty, Expander, Popover, Tab, Tabs
from .errors import (
    InvalidColumnSpecError,
    InvalidHeightError,
    InvalidParameterTypeError,
    InvalidWidthError,
    JupyterStateValueError,
    MissingRequiredParameterError,
    invalid_value,
)
from .widgets.stateful import ExpanderFamily, PopoverFamily, TabsFamily, check_bind, check_on_change, track

__all__ = ["columns", "container", "empty", "expander", "popover", "tabs"]

_GAP_VALUES = ("'xxsmall', 'xsmall', 'small', 'medium', 'large', 'xlarge', 'xxlarge', None, "
               "a non-negative integer (pixels)")


def _check_gap(gap: Any) -> Any:
    if gap is None or (isinstance(gap, int) and not isinstance(gap, bool) and gap >= 0):
        return gap
    if isinstance(gap, str) and gap.lower() in GAPS:
        return gap.lower()
    raise invalid_value("gap", _GAP_VALUES, gap)


def _check_size(name: str, value: Any, allow_content: bool = True) -> Any:
    named = ("stretch", "content") if allow_content else ("stretch",)
    if value in named or (isinstance(value, int) and not isinstance(value, bool) and value > 0):
        return value
    valid = ("a positive integer (pixels), 'stretch', or 'content'" if allow_content
             else "a positive integer (pixels) or 'stretch'")
    error = InvalidHeightError if name == "height" else InvalidWidthError
    raise error(f"Invalid {name} value: {value!r}. The {name} must be {valid}.")


def _check_label(function: str, label: Any) -> str:
    if label is None:
        raise MissingRequiredParameterError(
            f"st.{function} needs a label: pass the text to show, for example st.{function}(\"Details\")."
        )
    return str(label)


def container(
    *,
    border: bool | None = None,
    key: str | int | None = None,
    width: int | str = "stretch",
    height: int | str = "content",
    horizontal: bool = False,
    gap: str | int | None = "small",
) -> Box:
    """Insert a container that groups elements; add to it in ``with`` or by its methods.

    Parameters
    ----------
    border : bool or None
        Draw a border (by default only when ``height`` is fixed).
    key : str, int or None
        Gives the container the CSS class ``jupyter-state-key-<key>``.
    width, height : int or "stretch" or "content"
        A fixed ``height`` in pixels makes the container scroll.
    horizontal : bool
        Lay the elements out in a row (wrapping).
    gap : str, int or None
        The space between elements (validated as in Streamlit).

    Examples
    --------
    >>> with st.container(border=True):
    ...     st.write("Inside")
    >>> c = st.container(height=300)
    >>> c.write("Scrolls when long")  # doctest: +SKIP
    """
    _check_gap(gap)
    _check_size("width", width)
    _check_size("height", height)
    descriptor = f"container:{key}" if key is not None else "container"
    params = {"border": border, "key": None if key is None else str(key), "width": width, "height": height,
              "horizontal": horizontal}
    return open_container(current().run_in_progress, Box, descriptor, params)


def columns(
    spec: int | Sequence[float],
    *,
    gap: str | int | None = "small",
    vertical_alignment: str = "top",
    border: bool = False,
    width: int | str = "stretch",
) -> list[Column]:
    """Insert side-by-side columns; return one container per column.

    Parameters
    ----------
    spec : int or sequence of numbers
        How many equal columns, or their relative widths (``[2, 1, 2]``).
    gap : str, int or None
        The space between columns: ``"xxsmall"`` ... ``"xxlarge"``, pixels, or None.
    vertical_alignment : {"top", "center", "bottom"}
        Where the columns' elements sit vertically.
    border : bool
        Draw a border around each column.
    width : int or "stretch"
        The row's width.

    Examples
    --------
    >>> left, right = st.columns([2, 1])
    >>> with left:
    ...     st.write("Wide")
    >>> right.button("Narrow")  # doctest: +SKIP
    """
    weights: Any = (1,) * int(spec) if isinstance(spec, Integral) and not isinstance(spec, bool) else spec
    try:
        invalid = len(weights) == 0 or any(w <= 0 for w in weights)
        numbers = all(isinstance(w, Real) and not isinstance(w, bool) for w in weights)
    except TypeError:
        numbers = False
    if not numbers or isinstance(spec, (str, bool)):
        raise InvalidParameterTypeError(
            f"Invalid `spec` type {type(spec).__name__}: st.columns takes an int (how many columns) "
            "or a sequence of numbers (their relative widths)."
        )
    if invalid:
        raise InvalidColumnSpecError(
            "The `spec` argument to `st.columns` must be a positive integer (how many columns) or a "
            f"list of positive numbers (their relative widths); got {spec!r}."
        )
    if vertical_alignment not in ("top", "center", "bottom"):
        raise invalid_value("vertical_alignment", "'top', 'center', 'bottom'", vertical_alignment)
    gap = _check_gap(gap)
    _check_size("width", width, allow_content=False)
    run = current().run_in_progress
    row = open_container(run, Columns, f"columns{len(weights)}", {"weights": [float(w) for w in weights], "gap": gap})
    total = float(sum(weights))
    result = []
    for i, w in enumerate(weights):
        params = {"weight": float(w) / total, "gap": gap, "vertical_alignment": vertical_alignment, "border": border}
        result.append(open_container(run, Column, f"column{i}", params, parent=row if run is not None else None))
    return result


def tabs(
    tabs: Sequence[str],
    *,
    width: int | str = "stretch",
    default: str | None = None,
    key: str | int | None = None,
    on_change: str | Callable[..., Any] = "ignore",
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    bind: str | None = None,
) -> tuple[Tab, ...]:
    """Insert tabs; return one container per tab.

    Parameters
    ----------
    tabs : sequence of str
        One label per tab.
    default : str or None
        The tab open first (the first tab when None).
    key : str, int or None
        With a stateful ``on_change``, ``st.session_state[key]`` is the open tab's label
        (assign it before the call to open a tab).
    on_change : "ignore", "rerun" or callable
        ``"ignore"`` (the default): switching tabs runs nothing, the tab the user opened
        stays open across reruns, and each tab's ``.open`` is None. ``"rerun"``: switching
        tabs reruns the app, and ``.open`` says whether a tab is the open one. A callable
        is called with ``args`` and ``kwargs`` first, then the app reruns.
    bind : "query-params" or None
        With ``"query-params"`` (a key is required: it is the parameter's name), the open
        tab's label is in the page URL: a link opens that tab, switching tabs rewrites the
        URL and reruns the app (as ``on_change="rerun"``), the default tab removes the
        parameter, and a label no tab has is ignored and removed. Labels must be non-empty
        and unique.

    Examples
    --------
    >>> chart, data = st.tabs(["Chart", "Data"])
    >>> with data:
    ...     st.write("The numbers")  # doctest: +SKIP
    >>> cat, dog = st.tabs(["Cat", "Dog"], key="animal", on_change="rerun")
    >>> if dog.open:
    ...     dog.write("Only computed while the Dog tab is open")  # doctest: +SKIP
    """
    if not tabs:
        raise MissingRequiredParameterError(
            "st.tabs needs at least one tab label, for example st.tabs([\"Chart\", \"Data\"])."
        )
    labels = list(tabs)
    for label in labels:
        if not isinstance(label, str):
            raise InvalidParameterTypeError(
                f"Invalid tab label {label!r} of type {type(label).__name__}: st.tabs takes a string for each tab."
            )
    if default is not None and default not in labels:
        raise JupyterStateValueError(f"st.tabs: default={default!r} is not one of the tab labels {labels}.")
    on_change = check_on_change(on_change)
    bind = check_bind("tabs", bind, key, labels)
    _check_size("width", width, allow_content=False)
    stateful = on_change != "ignore" or bind is not None
    run = current().run_in_progress
    descriptor = f"tabs:{key}" if key is not None else f"tabs{labels!r}"
    bar = open_container(run, Tabs, descriptor, {"labels": labels, "default": default})
    parent = bar if run is not None else None
    result = tuple(open_container(run, Tab, f"tab{i}", {"label": label}, parent=parent)
                   for i, label in enumerate(labels))
    opened = None
    if stateful:
        first = default or labels[0]
        family = TabsFamily(bar, labels=labels, default=first, width=width)
        identity = {"labels": tuple(labels), "width": width, "default": default}
        opened = track(family, default=first, key=key, identity=identity, on_change=on_change, args=args, kwargs=kwargs,
                       bind=bind)
    for tab, label in zip(result, labels):
        tab.open = None if opened is None else label == opened
    return result


def expander(
    label: str,
    expanded: bool = False,
    *,
    key: str | int | None = None,
    icon: str | None = None,
    width: int | str = "stretch",
    on_change: str | Callable[..., Any] = "ignore",
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
    bind: str | None = None,
) -> Expander:
    """Insert a block the user can open and close; it starts open with ``expanded=True``.

    Parameters
    ----------
    label : str
        Its title.
    expanded : bool
        Whether it starts open.
    key : str, int or None
        With a stateful ``on_change``, ``st.session_state[key]`` is whether it is open
        (assign it before the call to open or close it).
    on_change : "ignore", "rerun" or callable
        ``"ignore"`` (the default): opening or closing it runs nothing, the user's choice
        stays across reruns, and ``.open`` is None. ``"rerun"``: opening or closing it
        reruns the app, and ``.open`` says whether it is open. A callable is called with
        ``args`` and ``kwargs`` first, then the app reruns.
    bind : "query-params" or None
        With ``"query-params"`` (a key is required: it is the parameter's name), whether it
        is open is in the page URL (``true``/``false``): opening or closing it rewrites the
        URL and reruns the app (as ``on_change="rerun"``), and its default state removes
        the parameter.

    Examples
    --------
    >>> with st.expander("See explanation"):
    ...     st.write("The details")  # doctest: +SKIP
    >>> details = st.expander("Details", key="details", on_change="rerun")
    >>> if details.open:
    ...     details.write("Only computed while it is open")  # doctest: +SKIP
    """
    text = _check_label("expander", label)
    on_change = check_on_change(on_change)
    bind = check_bind("expander", bind, key)
    _check_size("width", width, allow_content=False)
    stateful = on_change != "ignore" or bind is not None
    descriptor = f"expander:{key}" if key is not None else f"expander:{text}"
    params = {"label": text, "expanded": bool(expanded), "icon": icon, "stateful": stateful}
    box = open_container(current().run_in_progress, Expander, descriptor, params)
    box.open = None
    if stateful:
        family = ExpanderFamily(box, label=text, expanded=bool(expanded), icon=icon, width=width)
        identity = {"label": text, "expanded": bool(expanded), "icon": icon, "width": width}
        box.open = track(family, default=bool(expanded), key=key, identity=identity, on_change=on_change,
                         args=args, kwargs=kwargs, bind=bind)
    return box


def popover(
    label: str,
    *,
    type: str = "secondary",
    help: str | None = None,
    icon: str | None = None,
    disabled: bool = False,
    use_container_width: bool | None = None,
    width: int | str = "content",
    key: str | int | None = None,
    on_change: str | Callable[..., Any] = "ignore",
    args: Sequence[Any] | None = None,
    kwargs: dict[str, Any] | None = None,
) -> Popover:
    """Insert a button that shows a panel of elements when clicked.

    With ``on_change="ignore"`` (the default) opening it runs nothing and ``.open`` is
    None. With ``"rerun"`` or a callable (called with ``args`` and ``kwargs``) opening or
    closing it reruns the app, ``.open`` says whether it is open, and with a ``key``,
    ``st.session_state[key]`` is that bool (assign it before the call to open it).

    Examples
    --------
    >>> with st.popover("Settings"):
    ...     st.checkbox("Dark mode")  # doctest: +SKIP
    >>> with st.popover("Filters", key="filters", on_change="rerun") as pop:
    ...     st.write("open" if pop.open else "closed")  # doctest: +SKIP
    """
    text = _check_label("popover", label)
    if type not in ("primary", "secondary", "tertiary"):
        raise invalid_value("type", "'primary', 'secondary', 'tertiary'", type)
    on_change = check_on_change(on_change)
    if use_container_width is not None:
        width = "stretch" if use_container_width else "content"
    _check_size("width", width)
    descriptor = f"popover:{key}" if key is not None else f"popover:{text}"
    params = {"label": text, "help": help, "icon": icon, "disabled": disabled}
    box = open_container(current().run_in_progress, Popover, descriptor, params)
    box.open = None
    if on_change != "ignore":
        family = PopoverFamily(box, label=text, type=type, help=help, icon=icon, disabled=disabled, width=width)
        identity = {"label": text, "type": type, "help": help, "icon": icon, "disabled": disabled, "width": width}
        box.open = track(family, default=False, key=key, identity=identity, on_change=on_change,
                         args=args, kwargs=kwargs, disabled=disabled)
    return box


def empty() -> Empty:
    """Insert a placeholder that holds one element: each new element replaces the last.

    Examples
    --------
    >>> placeholder = st.empty()
    >>> placeholder.text("Waiting...")
    >>> placeholder.success("Done")       # replaces the text
    >>> with placeholder.container():     # several elements in its place
    ...     st.write("a")
    ...     st.write("b")  # doctest: +SKIP
    """
    return open_container(current().run_in_progress, Empty, "empty")
