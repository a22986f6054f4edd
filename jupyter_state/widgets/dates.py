"""Widgets for dates and times: ``date_input`` and ``time_input``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, ClassVar

import ipywidgets
from ipywidgets.widgets.trait_types import Time, time_from_json

from .._url_bind import check_bind
from ..errors import JupyterStateValueError, ValueAboveMaxError, ValueBelowMinError
from ._binding import register
from ._family import Family, apply_label, check_callback
from .numbers import check_range

__all__ = ["date_input", "time_input"]

Callback = Callable[..., Any] | None


class DateFamily(Family):
    kind: ClassVar[str] = "date_input"
    key_identity: ClassVar[tuple[str, ...]] = ("format",)

    def build(self) -> ipywidgets.DOMWidget:
        p = self.params
        view = ipywidgets.DatePicker(value=p["value"], min=p["min_value"], max=p["max_value"],
                                     **self.common(ipywidgets.DatePicker))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        apply_label(view, self.params["label"], self.params["label_visibility"], self.params["help"])

    def validate(self, value: Any, key: str) -> Any:
        if isinstance(value, dt.datetime):
            value = value.date()
        if value is not None and not isinstance(value, dt.date):
            raise TypeError(f"st.session_state[{key!r}] is {value!r}, but st.date_input needs a datetime.date.")
        if value is not None:
            lo, hi = self.params["min_value"], self.params["max_value"]
            _check_range_dates(value, lo, hi, key)
        return value


def _check_range_dates(value: dt.date, lo: dt.date | None, hi: dt.date | None, key: str | None) -> None:
    if hi is not None and value > hi:
        raise ValueAboveMaxError(value, hi, key)
    if lo is not None and value < lo:
        raise ValueBelowMinError(value, lo, key)


def _as_date(value: Any, name: str) -> dt.date | None:
    if value is None:
        return None
    if value == "today":
        return dt.date.today()
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise JupyterStateValueError(
        f"st.date_input: {name}={value!r} is not a date; pass a datetime.date, 'today' or an ISO string 'YYYY-MM-DD'."
    )


def date_input(label: str, value: Any = "today", min_value: Any = None, max_value: Any = None,
               key: str | int | None = None, help: str | None = None,
               on_change: Callback = None, args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None,
               *, format: str = "YYYY/MM/DD", disabled: bool = False,
               label_visibility: str = "visible", bind: str | None = None,
               persist_state: str | None = None) -> dt.date | None:
    """Display a date picker; return a ``datetime.date`` (or None if ``value=None``).

    Examples
    --------
    >>> import datetime
    >>> day = st.date_input("Start", datetime.date(2024, 1, 1))  # doctest: +SKIP
    """
    if isinstance(value, (list, tuple)):
        raise JupyterStateValueError(
            "st.date_input: date ranges (a pair as value) are not supported; use two date inputs."
        )
    start = _as_date(value, "value")
    lo, hi = _as_date(min_value, "min_value"), _as_date(max_value, "max_value")
    if start is not None:
        _check_range_dates(start, lo, hi, None)
    fam = DateFamily(label=label, value=start, min_value=lo, max_value=hi, format=format,
                     help=help, label_visibility=label_visibility)
    identity = {"label": label, "value": str(value), "min_value": lo, "max_value": hi, "format": format, "help": help}
    callback = check_callback(on_change)
    result: dt.date | None = register(fam, default=start, key=key, identity=identity, callback=callback,
                                      args=args, kwargs=kwargs, disabled=disabled, default_given=value != "today",
                                      bind=check_bind(bind, key), persist_state=persist_state)
    return result


def _time_to_json(value: dt.time | None, widget: Any) -> dict[str, int] | None:
    # ipywidgets sends milliseconds as microsecond / 1000, a float: the browser then builds
    # "14:45:33.123.456", which <input type=time> refuses, and the box shows --:--.
    if value is None:
        return None
    return {"hours": value.hour, "minutes": value.minute, "seconds": value.second,
            "milliseconds": value.microsecond // 1000}


class TimeView(ipywidgets.TimePicker):  # type: ignore[misc]
    """``ipywidgets.TimePicker`` that shows every ``datetime.time``, microseconds included."""

    value = Time(None, allow_none=True).tag(sync=True, to_json=_time_to_json, from_json=time_from_json)


class TimeFamily(Family):
    kind: ClassVar[str] = "time_input"
    key_identity: ClassVar[tuple[str, ...]] = ("step",)

    def build(self) -> ipywidgets.DOMWidget:
        view = TimeView(value=self.params["value"], step=self.params["step"], **self.common(TimeView))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        apply_label(view, self.params["label"], self.params["label_visibility"], self.params["help"])

    def validate(self, value: Any, key: str) -> Any:
        if isinstance(value, dt.datetime):
            value = value.time()
        if value is not None and not isinstance(value, dt.time):
            raise TypeError(f"st.session_state[{key!r}] is {value!r}, but st.time_input needs a datetime.time.")
        return value


def time_input(label: str, value: Any = "now", key: str | int | None = None, help: str | None = None,
               on_change: Callback = None, args: Sequence[Any] | None = None, kwargs: dict[str, Any] | None = None,
               *, disabled: bool = False, label_visibility: str = "visible",
               step: int | dt.timedelta = 900, bind: str | None = None,
               persist_state: str | None = None) -> dt.time | None:
    """Display a time picker; return a ``datetime.time``.

    Examples
    --------
    >>> import datetime
    >>> t = st.time_input("Alarm", datetime.time(8, 45))  # doctest: +SKIP
    """
    seconds = step.total_seconds() if isinstance(step, dt.timedelta) else step
    check_range(seconds, 1, 23 * 3600, None, "time_input step")
    if value == "now":
        now = dt.datetime.now()
        start: dt.time | None = dt.time(now.hour, now.minute)
    elif isinstance(value, dt.datetime):
        start = value.time()
    elif value is None or isinstance(value, dt.time):
        start = value
    elif isinstance(value, str):
        try:
            start = dt.time.fromisoformat(value)
        except ValueError:
            raise JupyterStateValueError(
                f"st.time_input: value={value!r} is not a time; pass a datetime.time, 'now' or 'HH:MM'."
            ) from None
    else:
        raise JupyterStateValueError(
            f"st.time_input: value={value!r} is not a time; pass a datetime.time, 'now' or 'HH:MM'."
        )
    if start is not None:
        # As Streamlit: a minute step edits hours and minutes, so seconds are dropped (the
        # widget's identity stays stable for value=datetime.now().time()).
        start = start.replace(second=0, microsecond=0) if seconds % 60 == 0 else start
    fam = TimeFamily(label=label, value=start, step=seconds, help=help, label_visibility=label_visibility)
    shown = str(start) if isinstance(value, (dt.time, dt.datetime)) else str(value)
    identity = {"label": label, "value": shown, "step": seconds, "help": help}
    callback = check_callback(on_change)
    result: dt.time | None = register(fam, default=start, key=key, identity=identity, callback=callback,
                                      args=args, kwargs=kwargs, disabled=disabled, default_given=value != "now",
                                      bind=check_bind(bind, key), persist_state=persist_state)
    return result
