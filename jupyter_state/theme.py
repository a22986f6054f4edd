"""The app's theme: one stylesheet, shipped inside the app's container.

The look has to come with the app, not with the JupyterLab extension: apps also run in
Notebook 7, Voila and VS Code (DESIGN.md §2.6). So the container's first child is a small
HTML view holding a ``<style>`` element (``static/theme.css``). Its rules are scoped to
``.jupyter-state-app`` and built on JupyterLab's ``--jp-*`` variables, so the page's light,
dark or high-contrast theme applies.

One view model per kernel is shared by every app (a model may have many views), so a new
app costs no extra model and a rerun sends nothing.
"""

from __future__ import annotations

from pathlib import Path

import ipywidgets

__all__ = ["CSS_CLASS", "stylesheet", "theme_view"]

#: the class of every app's container, the scope of every rule of the theme
CSS_CLASS = "jupyter-state-app"

_STATIC = Path(__file__).resolve().parent / "static"
_view: ipywidgets.HTML | None = None


def stylesheet() -> str:
    """The theme's CSS text.

    Examples
    --------
    >>> ".jupyter-state-app" in stylesheet()
    True
    """
    return (_STATIC / "theme.css").read_text(encoding="utf-8")


def theme_view() -> ipywidgets.HTML:
    """The view that carries the theme into the page (one per kernel, made on first use).

    Examples
    --------
    >>> theme_view() is theme_view()
    True
    """
    global _view
    if _view is None or _view.comm is None:  # closed (a test's widget cleanup): make it anew
        _view = ipywidgets.HTML(
            value=f"<style>{stylesheet()}</style>",
            layout=ipywidgets.Layout(display="none"),
            _dom_classes=("jupyter-state-theme",),
        )
    return _view
