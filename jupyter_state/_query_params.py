"""``st.query_params``: the page URL's query string, as Streamlit 1.67 has it.

The mapping follows Streamlit's rules: keys and values are strings (anything else is
stored as its ``str()``), an iterable value sets a repeated parameter (``?tag=a&tag=b``),
reading a repeated one gives its last value and ``get_all`` gives them all; ``embed`` and
``embed_options`` (in any case) are hidden, cannot be set or deleted, and survive
``clear()`` (so are Jupyter's login ``token`` and ``st_page``, the page ``st.navigation``
shows, which Streamlit keeps in the URL's path); a parameter bound to a widget
(``bind="query-params"``) cannot be set or
deleted directly.
The session's URL, and the view that keeps the page's in step, are in ``_url.py``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, MutableMapping
from typing import Any
from urllib import parse

from .errors import JupyterStateAPIException

__all__ = ["QueryParamDictValueError", "QueryParams", "encode_query", "missing_message", "parse_query"]

#: parameters Streamlit keeps for embedding; hidden from the mapping (compared in lower case)
EMBED_KEYS = ("embed", "embed_options")
#: the Jupyter server's login token (Voilà's ``?token=``): hidden and kept, as the embed ones
TOKEN_KEY = "token"
#: the page of ``st.navigation`` the app shows (Streamlit puts it in the URL's path; a
#: notebook's URL is the notebook's, so here it is this parameter): hidden and kept too
PAGE_KEY = "st_page"
#: Streamlit ignores a query string longer than this, or with more parameters than that
MAX_QUERY_LENGTH = 512 * 1024
MAX_QUERY_FIELDS = 1000


class QueryParamDictValueError(JupyterStateAPIException):
    """A dict given as a query parameter's value (Streamlit's ``StreamlitQueryParamDictValueError``)."""

    def __init__(self, key: str) -> None:
        super().__init__(
            f"Query param value for `{key}` cannot be set to a dictionary. "
            "Provide a string or iterable of strings instead."
        )


def _is_embed(key: str) -> bool:
    """Whether ``key`` is hidden from the mapping and kept by ``clear()`` (embed, the token)."""
    return key.lower() in EMBED_KEYS or key in (TOKEN_KEY, PAGE_KEY)


def missing_message(key: str) -> str:
    """What reading a parameter that is not there says."""
    return f'st.query_params has no key "{key}".'


def _bound_error(key: str, verb: str) -> JupyterStateAPIException:
    return JupyterStateAPIException(
        f"Cannot directly {verb} query parameter '{key}' - it is bound to a widget. "
        "Modify the widget value instead."
    )


def _as_stored(key: str, value: Any) -> str | list[str]:
    """``value`` as the mapping stores it: a string, or a list of strings (a repeated key)."""
    if isinstance(value, dict):
        raise QueryParamDictValueError(key)
    if key == TOKEN_KEY:
        raise JupyterStateAPIException(
            "Query param token is the Jupyter server's login token; it cannot be set programmatically."
        )
    if key == PAGE_KEY:
        raise JupyterStateAPIException(
            f"Query param {PAGE_KEY} holds the page st.navigation shows; it cannot be set programmatically. "
            "Use st.switch_page(page) to change pages."
        )
    if _is_embed(key):
        raise JupyterStateAPIException(
            "Query param embed and embed_options (case-insensitive) cannot be set programmatically."
        )
    if isinstance(value, Iterable) and not isinstance(value, str):
        return [str(item) for item in value]
    return str(value)


def parse_query(query: str) -> dict[str, str | list[str]]:
    """A query string (without ``?``) as the mapping stores it; one value is a plain string.

    Examples
    --------
    >>> parse_query("x=3&tag=a&tag=b&empty=")
    {'x': '3', 'tag': ['a', 'b'], 'empty': ''}
    >>> parse_query("a=1&" * 1001)
    {}
    """
    if not query or len(query) > MAX_QUERY_LENGTH or query.count("&") + 1 > MAX_QUERY_FIELDS:
        return {}
    parsed = parse.parse_qs(query, keep_blank_values=True)
    return {k: (v[0] if len(v) == 1 else v) for k, v in parsed.items()}


def encode_query(params: Mapping[str, str | list[str]]) -> str:
    """The query string (without ``?``) of ``params``, as Streamlit writes it.

    Examples
    --------
    >>> encode_query({"x": "3", "tag": ["a", "b"], "q": "a b&c"})
    'x=3&tag=a&tag=b&q=a+b%26c'
    """
    return parse.urlencode(params, doseq=True)


class QueryParams(MutableMapping[str, str]):
    """The query parameters of one session (Streamlit's ``QueryParams``).

    ``on_change`` is called after every change, with no argument.
    """

    def __init__(self, params: Mapping[str, str | list[str]] | None = None) -> None:
        self._params: dict[str, str | list[str]] = dict(params or {})
        #: parameter -> the id of the widget bound to it
        self.bound: dict[str, str] = {}
        self.on_change: Any = None

    # -- the mapping -----------------------------------------------------------------------
    def __iter__(self) -> Iterator[str]:
        return iter([k for k in self._params if not _is_embed(k)])

    def __len__(self) -> int:
        return sum(1 for k in self._params if not _is_embed(k))

    def __getitem__(self, key: str) -> str:
        if _is_embed(key) or key not in self._params:
            raise KeyError(missing_message(key))
        value = self._params[key]
        if isinstance(value, list):
            return value[-1] if value else ""
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._params and not _is_embed(key)

    def __setitem__(self, key: str, value: Any) -> None:
        if key in self.bound:
            raise _bound_error(key, "set")
        self._params[key] = _as_stored(key, value)
        self._changed()

    def __delitem__(self, key: str) -> None:
        if _is_embed(key):
            raise KeyError(missing_message(key))
        if key in self.bound:
            raise _bound_error(key, "delete")
        if key not in self._params:
            raise KeyError(missing_message(key))
        del self._params[key]
        self._changed()

    def __str__(self) -> str:
        return str(self._params)

    def __repr__(self) -> str:
        return f"QueryParams({self._params!r})"

    def update(self, other: Any = (), /, **kwds: Any) -> None:  # type: ignore[override]
        """Set several parameters (a mapping or pairs, then keywords) with one URL change."""
        if hasattr(other, "keys"):
            pairs = [(k, other[k]) for k in list(other.keys())]
        else:
            pairs = list(other)
        pairs.extend(kwds.items())
        for key, _ in pairs:
            if key in self.bound:
                raise _bound_error(key, "set")
        for key, value in pairs:
            self._params[key] = _as_stored(key, value)
        self._changed()

    def get_all(self, key: str) -> list[str]:
        """Every value of ``key`` (a repeated parameter), ``[]`` when it is absent."""
        if key not in self._params or _is_embed(key):
            return []
        value = self._params[key]
        return list(value) if isinstance(value, list) else [value]

    def clear(self) -> None:
        """Remove every parameter but ``embed`` and ``embed_options``."""
        bound = [k for k in self._params if k in self.bound]
        if bound:
            raise JupyterStateAPIException(
                "Cannot clear query parameters - the following are bound to widgets: "
                f"{', '.join(repr(k) for k in bound)}. Modify the widget values instead, "
                "or remove the bind parameter."
            )
        self._params = {k: v for k, v in self._params.items() if _is_embed(k)}
        self._changed()

    def to_dict(self) -> dict[str, str]:
        """The parameters as a dict; a repeated one gives its last value."""
        return {k: self[k] for k in self._params if not _is_embed(k)}

    def from_dict(self, params: Any) -> None:
        """Replace every parameter (but the embed ones) by ``params``; nothing changes on error.

        As in Streamlit, pairs with a repeated key are not merged: the last pair wins.
        """
        kept = dict(self._params)
        self._params = {k: v for k, v in self._params.items() if _is_embed(k)}
        try:
            self.update(params)
        except Exception:
            self._params = kept
            raise

    # -- what the session does ---------------------------------------------------------------
    def raw(self) -> dict[str, str | list[str]]:
        """Every parameter, embed ones too, as stored (a copy)."""
        return {k: (list(v) if isinstance(v, list) else v) for k, v in self._params.items()}

    def replace(self, params: Mapping[str, str | list[str]]) -> None:
        """Take the URL's parameters as they are (the page's URL, an AppTest's)."""
        params = dict(params)
        if params != self._params:
            self._params = params
            self._changed()

    def values_of(self, key: str) -> list[str] | None:
        """The raw values of ``key`` (None when absent), for a bound widget."""
        if key not in self._params:
            return None
        value = self._params[key]
        return list(value) if isinstance(value, list) else [value]

    def put(self, key: str, values: list[str]) -> None:
        """Set a bound widget's parameter (one value is stored as a string)."""
        stored: str | list[str] = values[0] if len(values) == 1 else list(values)
        if self._params.get(key) != stored:
            self._params[key] = stored
            self._changed()

    def discard(self, key: str) -> None:
        """Remove a parameter whatever binds it (a bound widget at its default, or gone)."""
        if key in self._params:
            del self._params[key]
            self._changed()

    def query_string(self) -> str:
        return encode_query(self._params)

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()
