"""Multipage apps: ``st.navigation``, ``st.switch_page`` and ``st.page_link``.

The app's body is the entrypoint: ``st.navigation(pages)`` in it draws the menu (in the
sidebar, along the top, or nowhere) and returns the page the user is on, which
``pg.run()`` runs inside the same run. The page the user is on belongs to the app
(``App.page``); a menu entry or a page link is a trigger widget whose click selects its
page before the next run, as a click in Streamlit's menu asks for a rerun of that page.

Session state is shared by every page. Widgets of the page the user left are not rendered
in the new page's run, so that run's cull closes them and drops their keys (unless the run
re-assigned the key itself), as Streamlit drops them on a page switch. Widgets the
entrypoint renders, outside ``pg.run()``, keep their ids on every page and so their state.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import ipywidgets

from ._context import current
from ._url_bind import page_from_url
from .errors import JupyterStateAPIException, JupyterStateValueError, MissingRequiredParameterError, RerunException
from .layout import container
from .output import display_element
from .pages import PageNotFoundError, StreamlitPage
from .sidebar import sidebar
from .widgets._binding import register
from .widgets._family import TriggerFamily

__all__ = ["navigation", "page_link", "switch_page"]

#: Streamlit's default: a collapsed menu shows ten pages when there are more than twelve
_VISIBLE = 10


class PageLinkFamily(TriggerFamily):
    """A menu entry or an ``st.page_link``: a link-like button that selects its page."""

    kind: ClassVar[str] = "page_link"

    def build(self) -> ipywidgets.Button:
        view = ipywidgets.Button(**self.common(ipywidgets.Button))
        self.configure(view)
        return view

    def configure(self, view: ipywidgets.DOMWidget) -> None:
        p = self.params
        label = str(p["label"])
        icon = p.get("icon") or ""
        text = f"{icon} {label}" if icon and not icon.startswith(":material/") else label
        if view.description != text:
            view.description = text
        if view.tooltip != (p.get("help") or None):
            view.tooltip = p.get("help") or None
        current_page = bool(p.get("current"))
        if current_page != ("jupyter-state-page-link-current" in view._dom_classes):
            (view.add_class if current_page else view.remove_class)("jupyter-state-page-link-current")


def _pages_of(pages: Any) -> dict[str, list[StreamlitPage]]:
    def convert(page: Any) -> StreamlitPage:
        if isinstance(page, StreamlitPage):
            return page
        if isinstance(page, (str, Path)) or callable(page):
            return StreamlitPage(page)
        raise JupyterStateValueError(
            "Invalid `pages` type. Expected one of: str, Path, callable, st.Page. "
            f"Provided type: {type(page).__name__}."
        )

    if isinstance(pages, Mapping):
        return {str(section): [convert(p) for p in group] for section, group in pages.items()}
    if isinstance(pages, Sequence) and not isinstance(pages, str):
        return {"": [convert(p) for p in pages]}
    raise JupyterStateValueError(
        f"st.navigation takes a list of pages or a dict of sections to lists of pages, got {type(pages).__name__}."
    )


def navigation(pages: Any, *, position: str = "sidebar", expanded: bool | int = False) -> StreamlitPage:
    """Declare the app's pages; draw the menu; return the page the user is on (run it with ``.run()``).

    Parameters
    ----------
    pages : list of page-like, or dict of section name to list of page-like
        ``st.Page`` objects, functions or ``.py``/``.ipynb`` paths.
    position : {"sidebar", "top", "hidden"}
        Where the menu goes; ``"hidden"`` draws none (use ``st.page_link`` or ``st.switch_page``).
    expanded : bool or int
        ``False``: more than twelve pages collapse to ten and a "View N more" entry;
        an int: collapse to that many when at least three more; ``True``: always all.

    Examples
    --------
    >>> pg = st.navigation([st.Page(home), st.Page("views/report.py")])  # doctest: +SKIP
    >>> pg.run()  # doctest: +SKIP
    """
    if position not in ("sidebar", "top", "hidden"):
        raise JupyterStateValueError("Invalid `position` value. Expected one of: 'sidebar', 'hidden', 'top'.")
    if isinstance(expanded, bool):
        limit = None if expanded else _VISIBLE
    elif isinstance(expanded, int):
        if expanded < 0:
            raise JupyterStateValueError(
                "Invalid `expanded` value. Expected one of: True, False, a non-negative integer. "
                f"Provided value: {expanded!r}."
            )
        limit = expanded or _VISIBLE
    else:
        raise JupyterStateValueError(
            f"Invalid `expanded` type. Expected one of: bool, int. Provided type: {type(expanded).__name__}."
        )
    sections = _pages_of(pages)
    page_list = [p for group in sections.values() for p in group]
    if not page_list:
        raise MissingRequiredParameterError.of("pages", "Provide at least one `st.Page`.")
    defaults = [p for p in page_list if p.default]
    if len(defaults) > 1:
        raise JupyterStateAPIException(
            "Multiple Pages specified with `default=True`. At most one Page can be set to default."
        )
    internal = [p for p in page_list if not p.is_external]
    if not internal:
        raise JupyterStateAPIException(
            "At least one non-external page is required. External URL pages cannot be the default page."
        )
    default = defaults[0] if defaults else internal[0]
    default.make_default()
    seen: dict[str, StreamlitPage] = {}
    for page in page_list:
        if page.hash in seen:
            raise JupyterStateAPIException(
                f"Two pages resolve to the URL pathname `/{page.own_url_path}`: {seen[page.hash].title!r} and "
                f"{page.title!r}. Each page passed to `st.navigation` needs a unique URL pathname: give one of "
                "them another `url_path`."
            )
        seen[page.hash] = page
    run = current().run_in_progress
    if run is None:
        default.allow_run()
        return default
    app = run.app
    chosen = next((p for p in internal if p.hash == app.page), None)
    if chosen is None:
        chosen = default
    chosen = page_from_url(current(), internal, default, chosen)  # ?st_page= (_query_params.py)
    app.page = chosen.hash
    app.pages = internal
    chosen.allow_run()
    if position != "hidden":
        _menu(run, sections, chosen, position, limit)
    return chosen


def _menu(run: Any, sections: dict[str, list[StreamlitPage]], chosen: StreamlitPage,
          position: str, limit: int | None) -> None:
    visible = {name: [p for p in group if p.visibility == "visible"] for name, group in sections.items()}
    total = sum(len(group) for group in visible.values())
    if position == "sidebar" and total < 2:
        return  # as Streamlit: a single page draws no menu
    app = run.app
    collapsed = limit is not None and total >= limit + 3 and not app.navigation_expanded
    where = sidebar if position == "sidebar" else container(horizontal=True)
    with where:
        shown = 0
        for name, group in visible.items():
            if name:
                run.add(display_element("navigation_section", name, {
                    "text/html": f"<div class='jupyter-state-nav-section'>{html.escape(name)}</div>",
                    "text/plain": name,
                }))
            for page in group:
                if collapsed and shown >= (limit or 0):
                    break
                shown += 1
                _link(page, page.title, page.icon, None, current_page=page is chosen, menu=True)
        if collapsed or (limit is not None and total >= limit + 3):
            more = total - (limit or 0)
            label = f"View {more} more" if collapsed else "View less"
            _toggle(label)


def _toggle(label: str) -> None:
    def flip() -> None:
        run = current().run_in_progress
        if run is not None:
            run.app.navigation_expanded = not run.app.navigation_expanded

    register(PageLinkFamily(label=label, help=None, icon=None, current=False), default=False, key=None,
             identity={"label": "navigation-more"}, callback=flip, args=None, kwargs=None, disabled=False)


def _select(target: Any, query_params: Any = None) -> StreamlitPage | None:
    """Make ``target`` the app's page for its next run; the page it names, or None for an external one."""
    run = current().run_in_progress
    if run is None:
        return None
    app = run.app
    pages: list[StreamlitPage] = app.pages
    if not pages:
        raise JupyterStateAPIException(
            "st.switch_page and st.page_link need the app's pages: call st.navigation([...]) in the app first."
        )
    if isinstance(target, StreamlitPage) and target.is_external:
        return None
    page = next((p for p in pages if p.matches(target)), None)
    if page is None:
        names = ", ".join(repr(p.title) for p in pages)
        what = target.title if isinstance(target, StreamlitPage) else getattr(target, "__name__", target)
        raise PageNotFoundError(
            f"Could not find page: {str(what)!r}. It must be one of the pages "
            f"passed to st.navigation ({names}): pass one of those st.Page objects, or its file's path."
        )
    app.page = page.hash
    return page


def switch_page(page: Any) -> None:
    """Switch to another page of the app: the run ends and the app runs again on ``page``.

    ``page`` is an ``st.Page`` given to ``st.navigation``, or a page file's path.

    Examples
    --------
    >>> if st.button("Go to the report"):
    ...     st.switch_page("views/report.py")  # doctest: +SKIP
    """
    if current().run_in_progress is None:
        return
    _select(page)
    raise RerunException()


def _link(page: StreamlitPage, label: str, icon: str | None, help: str | None, *, current_page: bool, menu: bool,
          disabled: bool = False) -> None:
    family = PageLinkFamily(label=label, help=help, icon=icon, current=current_page, url=page.external_url)
    identity = {"label": label, "page": page.hash, "menu": menu, "icon": icon}
    register(family, default=False, key=None, identity=identity, callback=_select, args=(page,), kwargs=None,
             disabled=disabled)


def page_link(page: Any, *, label: str | None = None, icon: str | None = None, help: str | None = None,
              disabled: bool = False) -> None:
    """A link to a page of the app (or to another site); clicking it switches to that page.

    Examples
    --------
    >>> st.page_link("views/report.py", label="The report", icon="📊")  # doctest: +SKIP
    """
    run = current().run_in_progress
    if run is None:
        return
    if isinstance(page, str) and page.startswith(("http://", "https://")):
        if not label:
            raise MissingRequiredParameterError.of("label", "An external page link needs a label.")
        run.add(display_element("page_link", page, {
            "text/html": f"<a class='jupyter-state-page-link' href='{html.escape(page, quote=True)}' target='_blank' "
                         f"rel='noopener'>{html.escape((icon + ' ') if icon else '')}{html.escape(label)}</a>",
            "text/plain": label,
        }))
        return
    target = page if isinstance(page, StreamlitPage) else next((p for p in run.app.pages if p.matches(page)), None)
    if target is None:
        _select(page)  # raises the clear error
        return
    _link(target, label or target.title, icon if icon is not None else target.icon, help,
          current_page=target.hash == run.app.page, menu=False, disabled=disabled)
