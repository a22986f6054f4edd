"""``bind="query-params"``: a keyed widget whose value is also a parameter of the page URL.

As in Streamlit 1.67, the key is the parameter's name. A bound widget starts from the
URL's value when it is first rendered (the URL wins then, even over a value assigned in
``st.session_state``), and again when the page reports a URL the kernel did not have (a
link opened, a reload); a value the widget cannot take (not a number, not an option, out
of range) is ignored and its parameter removed. From then on the parameter follows the
widget: each run writes the widget's value into the URL, and its default removes the
parameter, so the URL always reproduces what the user selected. The parameter leaves the
URL when the widget is no longer rendered.

The URL forms are Streamlit's: numbers as written (``5`` for ``5.0``), booleans as
``true``/``false``, options by their label (``format_func``), a range or a multiselect as
a repeated parameter (``?r=2&r=8``), dates ``YYYY-MM-DD``, times ``HH:MM``, colors
``#rrggbb``; an empty multiselect is ``?m=``. A value the widget takes in another form
(``2024/03/04``, ``11:45:30``, ``3`` for a float, more options than ``max_selections``
allows) is corrected in the URL.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import TYPE_CHECKING, Any, TypeVar

from ._query_params import EMBED_KEYS, PAGE_KEY, TOKEN_KEY
from ._url import url_of
from .errors import JupyterStateAPIException, JupyterStateValueError, MissingRequiredParameterError
from .state import differs, index_of

if TYPE_CHECKING:
    from .widgets._base import Widget
    from .widgets._family import Family

__all__ = ["bind_to_url", "check_bind", "page_from_url"]

_Page = TypeVar("_Page")
_HEX = re.compile(r"^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$")


def check_bind(bind: Any, key: Any) -> str | None:
    """Check ``bind=`` as Streamlit does; return it (None or ``"query-params"``).

    Examples
    --------
    >>> check_bind(None, None), check_bind("query-params", "x")
    (None, 'query-params')
    """
    if bind is None:
        return None
    if bind != "query-params":
        raise JupyterStateValueError(f"Invalid `bind` value {bind!r}. Supported values: 'query-params', None.")
    if key is None:
        raise MissingRequiredParameterError.of(
            "key",
            "When using bind='query-params', the widget must have a unique 'key' parameter "
            "specified. This 'key' will be used as the name of the query parameter.",
        )
    if str(key).lower() in EMBED_KEYS or str(key) in (TOKEN_KEY, PAGE_KEY):
        raise JupyterStateAPIException(
            f"Cannot bind to reserved query parameter '{key}'. 'embed' and 'embed_options' "
            "are used internally for embedding, 'token' by the Jupyter server, 'st_page' by st.navigation."
        )
    return "query-params"


def bind_to_url(session: Any, widget: Widget, key: str, value: Any) -> Any:
    """Step 4 for a bound widget, after its value was decided: the URL's say, then the URL.

    Returns the widget's value in this run.
    """
    url = url_of(session)
    run = session.run_in_progress
    url.note_run(run)
    url.attach(widget.app)
    params = url.params
    params.bound[key] = widget.id
    if url.seeded.get(widget) != url.epoch and widget not in session.pending:
        url.seeded[widget] = url.epoch
        raw = url.at_run_start(run).get(key)
        if raw is not None:
            values = list(raw) if isinstance(raw, list) else [raw]
            try:
                seeded = widget.family.validate(from_url(widget.family, values), key)
            except Exception:
                seeded = None
                params.discard(key)  # a value the widget cannot take: ignored, and removed
            else:
                if differs(seeded, value):
                    widget.push(seeded)
                    widget.value = value = seeded
                    session.state.set_widget_value(key, seeded)
    if differs(value, widget.default):
        params.put(key, to_url(widget.family, value))
    else:
        params.discard(key)
    return value


def page_from_url(session: Any, pages: list[_Page], default: _Page, chosen: _Page) -> _Page:
    """The page ``st.navigation`` shows, with the URL's ``st_page`` say; the URL follows it.

    On the app's first run, and when the page reported a URL the kernel did not have, the
    URL's page wins (a page's ``url_path``; an unknown one is ignored and removed). The
    default page has no parameter, as it has no path in Streamlit.
    """
    run = session.run_in_progress
    url = url_of(session)
    url.note_run(run)
    app = run.app
    url.attach(app)
    if url.page_epoch.get(app) != url.epoch:
        url.page_epoch[app] = url.epoch
        wanted = url.at_run_start(run).get(PAGE_KEY)
        if isinstance(wanted, list):
            wanted = wanted[-1] if wanted else None
        if wanted is not None:
            found = next((p for p in pages if getattr(p, "_url_path", None) == wanted.strip("/")), None)
            if found is not None:
                chosen = found
    if chosen is default:
        url.params.discard(PAGE_KEY)
    else:
        url.params.put(PAGE_KEY, [str(getattr(chosen, "_url_path", ""))])
    return chosen


# -- the URL form of each widget's value ------------------------------------------------------
def _number(text: str, is_float: bool) -> int | float:
    number = float(text)
    if not math.isfinite(number):
        raise ValueError(f"{text!r} is not a finite number")
    if is_float:
        return number
    if not number.is_integer():
        raise ValueError(f"{text!r} is not an integer")
    return int(number)


def _number_text(value: Any) -> str:
    if isinstance(value, float) and math.isfinite(value) and value.is_integer():
        return str(int(value))
    return str(value)


def _in_range(value: Any, lo: Any, hi: Any) -> Any:
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise ValueError(f"{value!r} is out of range")
    return value


def _label_index(family: Family, label: str) -> int:
    for text, index in family.labels:  # type: ignore[attr-defined]
        if text == label:
            return int(index)
    raise ValueError(f"{label!r} is not an option")


def from_url(family: Family, values: list[str]) -> Any:
    """The widget value the URL's ``values`` of its parameter stand for; ValueError if none."""
    kind, p = family.kind, family.params
    last = values[-1] if values else ""
    if kind == "tabs":
        if last not in p["labels"]:
            raise ValueError(f"{last!r} is not a tab's label")
        return last
    if kind in ("checkbox", "toggle", "expander"):
        if last.lower() not in ("true", "false"):
            raise ValueError(f"{last!r} is not true or false")
        return last.lower() == "true"
    if kind == "slider":
        if isinstance(p["value"], tuple):
            if len(values) != 2:
                raise ValueError("a range needs two values")
            pair = sorted(_in_range(_number(v, p["is_float"]), p["min_value"], p["max_value"]) for v in values)
            return tuple(pair)
        return _in_range(_number(last, p["is_float"]), p["min_value"], p["max_value"])
    if kind == "number_input":
        return _in_range(_number(last, p["is_float"]), p["min_value"], p["max_value"])
    if kind in ("text_input", "text_area"):
        limit = p.get("max_chars")
        return last if limit is None else last[:limit]
    if kind in ("selectbox", "radio"):
        return family.options[_label_index(family, last)]  # type: ignore[attr-defined]
    if kind == "select_slider":
        if isinstance(p["index"], tuple):
            if len(values) != 2:
                raise ValueError("a range needs two options")
            lo, hi = sorted(_label_index(family, v) for v in values)
            return (family.options[lo], family.options[hi])  # type: ignore[attr-defined]
        return family.options[_label_index(family, last)]  # type: ignore[attr-defined]
    if kind == "multiselect":
        chosen: list[int] = []
        for text in values:
            if text == "":
                continue
            try:
                index = _label_index(family, text)
            except ValueError:
                continue  # an unknown option is dropped (and the URL corrected)
            if index not in chosen:
                chosen.append(index)
        if not chosen and any(v != "" for v in values):
            raise ValueError("none of the values is an option")
        limit = p.get("max_selections")
        return [family.options[i] for i in (chosen[:limit] if limit else chosen)]  # type: ignore[attr-defined]
    if kind == "color_picker":
        match = _HEX.match(last)
        if match is None:
            raise ValueError(f"{last!r} is not a hex color")
        digits = match.group(1)
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return f"#{digits.lower()}"
    if kind == "date_input":
        day = dt.date.fromisoformat(last.replace("/", "-"))  # 2024/03/04 is corrected to 2024-03-04
        return _in_range(day, p.get("min_value"), p.get("max_value"))
    if kind == "time_input":
        moment = dt.time.fromisoformat(last)
        if moment.tzinfo is not None:
            raise ValueError(f"{last!r} has a time zone")
        return moment.replace(second=0, microsecond=0)  # as Streamlit: to the minute
    raise ValueError(f"st.{kind} cannot be bound to the URL")


def to_url(family: Family, value: Any) -> list[str]:
    """The URL's values for ``value`` (several for a repeated parameter)."""
    kind = family.kind
    if value is None:
        return [""]
    if kind in ("checkbox", "toggle", "expander"):
        return ["true" if value else "false"]
    if kind in ("slider", "number_input"):
        if isinstance(value, (tuple, list)):
            return [_number_text(v) for v in value]
        return [_number_text(value)]
    if kind in ("selectbox", "radio", "select_slider", "multiselect"):
        labels = {i: text for text, i in family.labels}  # type: ignore[attr-defined]
        def label(option: Any) -> str:
            index = index_of(family.options, option)  # type: ignore[attr-defined]
            return labels[index] if index is not None else str(option)

        if kind == "multiselect":
            return [label(v) for v in value] or [""]
        if isinstance(value, tuple):
            return [label(v) for v in value]
        return [label(value)]
    if kind == "date_input":
        return [value.isoformat()]
    if kind == "time_input":
        return [value.strftime("%H:%M")]
    return [str(value)]
