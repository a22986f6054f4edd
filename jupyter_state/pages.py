"""``st.Page``: one page of a multipage app (a function, a ``.py`` file or a notebook).

A page is what ``st.navigation`` returns and ``.run()`` runs inside the app's run. Its
title, icon and URL path are inferred as Streamlit infers them (``views/01_sales_report.py``
is "sales report" at ``sales_report``); its hash, in the ids of the widgets it renders,
makes a widget with the same key on another page a different widget (SPEC item 52).

A notebook page (``st.Page("report.ipynb")``) runs that notebook's first ``%%app`` cell in
this kernel, after the code cells above it, which run once per session.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ._cell import MAGIC_NAME, compile_cell
from ._context import current
from ._notebook import load_app_cell, new_namespace
from .elements import magic
from .errors import JupyterStateAPIException, MissingRequiredParameterError

__all__ = ["Page", "PageNotFoundError", "StreamlitPage"]

_FILENAME = re.compile(r"([0-9]*)[_ -]*(.*)\.(py|ipynb)$")


class PageNotFoundError(JupyterStateAPIException, FileNotFoundError):
    """A page's file does not exist, or ``st.switch_page`` names no page of the app."""


def infer_name(path: Path) -> str:
    match = _FILENAME.search(path.name)
    if match is None:
        return ""
    return re.sub(r"[_ ]+", "_", match.group(2)).strip() or match.group(1)


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://"))


def _base_dir() -> Path:
    folder = current().script_dir
    return Path(folder) if folder else Path.cwd()


class StreamlitPage:
    """One page of a multipage app, as ``st.Page`` makes it.

    Examples
    --------
    >>> def home():
    ...     st.title("Home")
    >>> st.Page(home).title, st.Page(home).url_path  # doctest: +SKIP
    ('home', 'home')
    """

    def __init__(
        self,
        page: str | Path | Callable[[], Any],
        *,
        title: str | None = None,
        icon: str | None = None,
        url_path: str | None = None,
        default: bool = False,
        visibility: str = "visible",
    ) -> None:
        if visibility not in ("visible", "hidden"):
            raise JupyterStateAPIException(f"visibility must be 'visible' or 'hidden', got {visibility!r}.")
        self._default = default
        self.visibility = visibility
        self.icon = icon or ""
        self.external_url: str | None = None
        self._can_be_called = False
        if isinstance(page, str) and _is_url(page):
            if not title or not title.strip():
                raise MissingRequiredParameterError.of(
                    "title", f"External URL pages require a non-empty title. Please provide a title for the URL: {page}"
                )
            self.external_url = page
            self._page: Any = page
            self.title = title
            slug = url_path if url_path is not None else re.sub(r"\s+", "_", title.lower())
            self._url_path = slug.strip().strip("/")
            return
        inferred = ""
        if isinstance(page, (str, Path)):
            path = Path(page)
            if not path.is_absolute():
                path = (_base_dir() / path).resolve()
            if not path.is_file():
                raise PageNotFoundError(
                    f"st.Page could not find the page file {str(page)!r} (looked at {path}). A relative path is "
                    "resolved against the app's folder: check the name, or pass a function."
                )
            page = path
            inferred = infer_name(path)
        elif hasattr(page, "__name__"):
            inferred = str(page.__name__)
        elif title is None:
            raise MissingRequiredParameterError.of("title", "jupyter_state cannot infer a title from this callable.")
        self._page = page
        self.title = title or inferred.replace("_", " ")
        if not self.title.strip():
            raise MissingRequiredParameterError.of("title", "It cannot be empty or consist of underscores/spaces only.")
        self._url_path = inferred
        if url_path is not None:
            stripped = url_path.strip().strip("/")
            if not stripped and not default:
                raise MissingRequiredParameterError.of("url_path", "It can only be empty for the default page.")
            if "/" in stripped:
                raise JupyterStateAPIException(
                    f"The url_path {url_path!r} cannot include '/'. Give a single path segment, such as 'sales'."
                )
            self._url_path = stripped

    def __repr__(self) -> str:
        return f"StreamlitPage(title={self.title!r}, url_path={self.url_path!r})"

    @property
    def url_path(self) -> str:
        """The page's path in the URL; ``""`` for the default page, as in Streamlit."""
        return "" if self._default else self._url_path

    @property
    def default(self) -> bool:
        """Whether ``st.navigation`` opens this page first (``default=True``, else the first page)."""
        return bool(self._default)

    @property
    def own_url_path(self) -> str:
        """The page's own path, the default page's too (its identity; ``url_path`` is "" for it)."""
        return str(self._url_path)

    def make_default(self) -> None:
        """Make this the page ``st.navigation`` opens first (its first page, when none says so)."""
        self._default = True

    def allow_run(self) -> None:
        """Let ``run()`` be called once: ``st.navigation`` returned this page."""
        self._can_be_called = True

    @property
    def is_external(self) -> bool:
        """Whether the page is a link to another site."""
        return self.external_url is not None

    @property
    def hash(self) -> str:
        """The page's identity (from its URL path, as Streamlit's page hash)."""
        return hashlib.md5(self._url_path.encode(), usedforsecurity=False).hexdigest()

    def matches(self, target: Any) -> bool:
        """Whether ``target`` (a page, a file path, a URL path or a title) names this page."""
        if isinstance(target, StreamlitPage):
            return target.hash == self.hash
        if callable(target) and not isinstance(target, (str, Path)):
            return target is self._page
        text = str(target)
        if isinstance(self._page, Path):
            candidate = Path(text)
            if not candidate.is_absolute():
                candidate = _base_dir() / candidate
            if candidate.resolve() == self._page:
                return True
        return text.strip("/") == self._url_path

    def run(self) -> None:
        """Run the page (only the page ``st.navigation`` returned, once per run)."""
        if not self._can_be_called:
            raise JupyterStateAPIException(
                "This page cannot be called directly. Only the page returned from st.navigation can be called once."
            )
        self._can_be_called = False
        if self.is_external:
            return
        run = current().run_in_progress
        outer = run.page if run is not None else None
        if run is not None:
            run.page = self.hash
        try:
            self._execute()
        finally:
            if run is not None:
                run.page = outer

    def _execute(self) -> None:
        page = self._page
        if not isinstance(page, Path):
            page()
            return
        if page.suffix == ".ipynb":
            code, namespace = _notebook_page(page)
            exec(code, namespace)
            return
        code = compile_cell(page.read_text(encoding="utf-8"), {})
        exec(code, {"__name__": "__main__", "__file__": str(page), MAGIC_NAME: magic})


#: notebook pages' compiled app cell and namespace, per session and path (setup runs once)
_NOTEBOOKS: dict[tuple[int, Path], tuple[Any, dict[str, Any]]] = {}


def _notebook_page(path: Path) -> tuple[Any, dict[str, Any]]:
    session = current()
    found = _NOTEBOOKS.get((id(session), path))
    if found is None:
        setup, chosen = load_app_cell(path, None)
        namespace = new_namespace()
        namespace["__file__"] = str(path)
        for cell in setup:
            if cell.kind == "code":
                exec(cell.code, namespace)
        found = _NOTEBOOKS[(id(session), path)] = (compile_cell(chosen.code, {}), namespace)
    return found


Page = StreamlitPage
