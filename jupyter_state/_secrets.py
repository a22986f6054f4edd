"""``st.secrets``: the values of ``.streamlit/secrets.toml``, read-only, as Streamlit's.

The files are read in Streamlit's order, later ones winning key by key:
``~/.streamlit/secrets.toml``, then the working directory's ``.streamlit/secrets.toml``,
then the one beside the notebook (or the ``AppTest`` script). A Jupyter kernel usually
runs in the notebook's folder, so beside the notebook and the working directory are
mostly the same file. A file is read again when it changes.

Top-level values that are str, int or float are also set as environment variables, as
Streamlit does, so libraries that read credentials from the environment find them.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, NoReturn

from ._context import current
from ._kernel import notebook_path
from .errors import SecretNotFoundError

__all__ = ["AttrDict", "Secrets", "secret_paths", "secrets"]

_HINT = ("Did you forget to add it to secrets.toml (in .streamlit/ beside the notebook, in the working directory, "
         "or in ~/.streamlit)?")


def _missing_key(key: str) -> KeyError:
    return KeyError(f'st.secrets has no key "{key}". {_HINT}')


def _missing_attr(key: str) -> AttributeError:
    return AttributeError(f'st.secrets has no attribute "{key}". {_HINT}')


def _notebook_dir() -> Path | None:
    name = notebook_path()
    if not name:
        return None
    path = Path(name)
    return path.parent if path.suffix == ".ipynb" else None


def secret_paths() -> list[Path]:
    """The ``secrets.toml`` files looked for, first to last (later ones win)."""
    paths = [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]
    script_dir = current().script_dir or _notebook_dir()
    if script_dir is not None:
        beside = Path(script_dir) / ".streamlit" / "secrets.toml"
        if beside.resolve() not in {p.resolve() for p in paths}:
            paths.append(beside)
    return paths


def _load_toml(text: str) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib  # only when a secrets file is read
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib  # only when a secrets file is read
    return tomllib.loads(text)


class AttrDict(Mapping[str, Any]):
    """A table of secrets: item and attribute access, read-only."""

    def __init__(self, values: Mapping[str, Any]) -> None:
        self.__dict__["_values"] = dict(values)

    def __getitem__(self, key: str) -> Any:
        try:
            return _wrap(self._values[key])
        except KeyError:
            raise _missing_key(key) from None

    def __getattr__(self, key: str) -> Any:
        try:
            return _wrap(self.__dict__["_values"][key])
        except KeyError:
            raise _missing_attr(key) from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return repr(self._values)

    def __setitem__(self, key: str, value: Any) -> NoReturn:
        raise TypeError("Secrets does not support item assignment.")

    def __setattr__(self, key: str, value: Any) -> NoReturn:
        raise TypeError("Secrets does not support attribute assignment.")

    def __delitem__(self, key: str) -> NoReturn:
        raise TypeError("Secrets does not support item deletion.")

    def to_dict(self) -> dict[str, Any]:
        """The table as a plain (nested) dict."""
        return _plain(self._values)


def _wrap(value: Any) -> Any:
    return AttrDict(value) if isinstance(value, Mapping) else value


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _plain(v) if isinstance(v, Mapping) else v for k, v in values.items()}


class Secrets(AttrDict):
    """``st.secrets``: the merged ``secrets.toml`` files (or an ``AppTest``'s ``at.secrets``).

    Examples
    --------
    >>> st.secrets["db_password"]       # doctest: +SKIP
    >>> st.secrets.database.user        # doctest: +SKIP
    """

    def __init__(self) -> None:
        super().__init__({})
        self.__dict__["_stamp"] = None

    @property
    def _values(self) -> dict[str, Any]:  # type: ignore[override]
        return self._load()

    def _load(self) -> dict[str, Any]:
        given = current().test_secrets
        if given:  # an AppTest's at.secrets, as Streamlit's AppTest
            return dict(given)
        paths = secret_paths()
        stamp = tuple((str(p), (p.stat().st_mtime_ns, p.stat().st_size) if p.is_file() else None) for p in paths)
        if stamp == self.__dict__["_stamp"]:
            return self.__dict__["_cached"]  # type: ignore[no-any-return]
        merged: dict[str, Any] = {}
        found = False
        for path in paths:
            if not path.is_file():
                continue
            found = True
            try:
                merged.update(_load_toml(path.read_text(encoding="utf-8")))
            except ValueError as exc:  # tomllib.TOMLDecodeError is a ValueError
                raise SecretNotFoundError(f"Error parsing secrets file at {path}: {exc}") from exc
        if not found:
            where = ", ".join(map(str, paths))
            raise SecretNotFoundError(f"No secrets found. Valid paths for a secrets.toml file are: {where}")
        for key, value in merged.items():
            if type(value) in (str, int, float):
                os.environ[key] = str(value)
        self.__dict__["_cached"] = merged
        self.__dict__["_stamp"] = stamp
        return merged

    def __getattr__(self, key: str) -> Any:
        try:
            return _wrap(self._load()[key])
        except (KeyError, FileNotFoundError):
            raise _missing_attr(key) from None

    def __repr__(self) -> str:
        try:
            return repr(self._load())
        except SecretNotFoundError:
            return "Secrets"

    def has_key(self, key: str) -> bool:
        """Whether ``key`` is a secret (False when there is no secrets file)."""
        try:
            return key in self._load()
        except SecretNotFoundError:
            return False


secrets = Secrets()
