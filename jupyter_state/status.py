"""``st.status``: a container for the steps of long work, with a state the app updates.

Its header shows a spinner, a check or a cross (inline SVG) and the label; ``.update()``
changes them at once, mid-run, and what goes into it is shown as it arrives (a live
container, ``live.py``). Used in ``with``, it ends "complete", or "error" when the block
raised, as in Streamlit. The user opens and closes it in the browser; a rerun keeps that
choice unless the code's ``expanded=`` changes.
"""

from __future__ import annotations

from typing import Any

import ipywidgets

from ._context import current
from .blocks import Container, open_container
from .containers import BORDER
from .errors import JupyterStateValueError
from .live import show_run
from .output import close_view

__all__ = ["Status", "status"]

#: Streamlit's icon for each state (AppTest's ``.icon``)
STATE_ICONS = {"running": "spinner", "complete": ":material/check:", "error": ":material/error:"}
TYPES = ("default", "compact", "step")


def _check_state(state: Any) -> str:
    if state not in STATE_ICONS:
        raise JupyterStateValueError.invalid("state", [repr(name) for name in STATE_ICONS])
    return str(state)


class Status(Container):
    """The container ``st.status`` returns: use it in ``with``, call ``.update()`` on it."""

    kind = "status"
    shows_live = True

    def build(self) -> ipywidgets.Box:
        """Make the status a header (icon, label, open toggle) above a pane for its elements, in a bordered box."""
        # anywidget views are imported with the first widget that needs one
        from .widgets._views import StatusHeaderView

        self.header = StatusHeaderView()
        self.header.observe(self._on_toggle, names=["expanded"])
        self.pane = ipywidgets.VBox(layout=ipywidgets.Layout(display="none", padding="0 0.75em 0.5em 2.25em"))
        frame = ipywidgets.Layout(border=BORDER, margin="0.25em 0")
        box = ipywidgets.VBox(children=(self.header, self.pane), layout=frame)
        box.add_class("jupyter-state-status")
        return box

    def content(self) -> ipywidgets.Box:
        """The pane under the header, which shows the elements."""
        return self.pane

    def _on_toggle(self, change: dict[str, Any]) -> None:
        display = None if change["new"] else "none"
        if self.pane.layout.display != display:
            self.pane.layout.display = display

    def configure(self, params: dict[str, Any]) -> None:
        """Show the label and state in the header; open or close it only when the code's ``expanded=`` changed."""
        header = self.header
        with header.hold_sync():
            for name in ("label", "state"):
                if getattr(header, name) != params[name]:
                    setattr(header, name, params[name])
            # The user's choice stands; only a change of expanded= in the code opens or closes it.
            if params["expanded"] != self.params.get("expanded") and header.expanded != params["expanded"]:
                header.expanded = params["expanded"]

    def update(self, *, label: str | None = None, expanded: bool | None = None, state: str | None = None) -> None:
        """Change the label, the open state or the state ("running", "complete", "error").

        Shown at once, while the app keeps running.

        Examples
        --------
        >>> with st.status("Downloading data...", expanded=True) as status:
        ...     st.write("Searching for data...")
        ...     status.update(label="Download complete!", state="complete", expanded=False)  # doctest: +SKIP
        """
        params = dict(self.params)
        if label is not None:
            params["label"] = str(label)
        if state is not None:
            params["state"] = _check_state(state)
            params["icon"] = STATE_ICONS[params["state"]]
        if expanded is not None:
            params["expanded"] = bool(expanded)
        self.configure(params)
        # What is shown now is what the next run compares its parameters with.
        self.params = params
        show_run(self.live_run())

    @property
    def label(self) -> str:
        """The header's text, as ``st.status`` or ``.update()`` last set it."""
        return str(self.params.get("label", ""))

    @property
    def state(self) -> str:
        """The state, ``"running"``, ``"complete"`` or ``"error"``, as last set."""
        return str(self.params.get("state", "running"))

    def __exit__(self, *exc: object) -> None:
        super().__exit__(*exc)
        if self.params.get("state") == "running":
            self.update(state="error" if exc and exc[0] is not None else "complete")

    def close(self) -> None:
        """Close the elements, the header and the status's box."""
        self.block.close()
        close_view(self.header)
        close_view(self.box)


def status(label: str, *, expanded: bool = False, state: str = "running",
           type: str = "default", width: int | str = "stretch") -> Status:
    """Insert a status container for the steps of long work; shown and updated mid-run.

    Parameters
    ----------
    label : str
        The header's text.
    expanded : bool
        Whether it starts open.
    state : "running", "complete" or "error"
        The header's icon: a spinner, a check or a cross.
    type, width
        Streamlit's look options, accepted (``type`` is checked).

    Returns
    -------
    Status
        Use it in ``with`` (it ends "complete", or "error" if the block raised) and call
        ``.update(label=, expanded=, state=)`` on it.

    Examples
    --------
    >>> with st.status("Downloading data...") as status:
    ...     st.write("Searching for data...")
    ...     time.sleep(2)
    ...     st.write("Found URL.")
    ...     status.update(label="Download complete!", state="complete")  # doctest: +SKIP
    """
    if type not in TYPES:
        raise JupyterStateValueError.invalid("type", [repr(name) for name in TYPES])
    checked = _check_state(state)
    params = {"label": str(label or ""), "expanded": bool(expanded), "state": checked, "icon": STATE_ICONS[checked]}
    container = open_container(current().run_in_progress, Status, "status", params)
    if container.current_run is None:  # outside an app: a fresh status, configured here
        container.configure(params)
        container.params = params
    show_run(container.live_run())
    return container
