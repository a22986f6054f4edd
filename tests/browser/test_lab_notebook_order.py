"""The apps a change reruns run in notebook order, as JupyterLab shows the cells: moving a
reader's cell above another's changes the order their apps rerun in after a click (the
extension tells the kernel the cells' order)."""

from __future__ import annotations

from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import KernelSide, line

pytestmark = pytest.mark.browser

NOTEBOOK = "order.ipynb"
T = 15_000  # ms: generous for a busy 2-core machine

SETUP = """\
import jupyter_state as st
_order = []
"""

CONTROLS = """\
%%app
if st.button("Add", key="add"):
    st.session_state.n = st.session_state.get("n", 0) + 1
"""


def reader(name: str) -> str:
    return f'%%app\n_order.append("{name}")\nst.write("{name} sees", st.session_state.get("n", 0))\n'


lab, tab, page, kernel = lab_notebook(NOTEBOOK, [SETUP, CONTROLS, reader("first"), reader("second")], apps=3, extension=True)


def app_of(page: Page, name: str) -> Any:
    return page.locator(".jp-CodeCell").filter(has_text=f'_order.append("{name}")').locator(".jupyter-state-app")


def reruns_after_a_click(page: Page, kernel: KernelSide, n: int) -> list[str]:
    kernel.execute("_order.clear()")
    page.locator(".jupyter-state-key-add").click()
    expect(line(app_of(page, "first"), f"first sees {n}")).to_be_visible(timeout=T)
    expect(line(app_of(page, "second"), f"second sees {n}")).to_be_visible(timeout=T)
    return list(kernel.eval("_order"))


def test_moving_a_cell_changes_the_order_its_app_reruns_in(page: Page, kernel: KernelSide) -> None:
    assert reruns_after_a_click(page, kernel, 1) == ["first", "second"]
    # select the "second" reader's cell and move it up, above "first"
    page.evaluate("""() => {
      const panel = window.jupyterapp.shell.currentWidget;
      panel.content.activeCellIndex = 3;
      return window.jupyterapp.commands.execute('notebook:move-cell-up');
    }""")
    expect(page.locator(".jp-CodeCell").nth(2)).to_contain_text('_order.append("second")', timeout=T)
    # the apps, in the order they first ran: the controls, "first", "second"
    moved = ("(lambda s: s.cell_order.get(s.apps[2].cell_id, -1) < s.cell_order.get(s.apps[1].cell_id, -1))"
             "(__import__('jupyter_state.runtime').runtime.current())")
    kernel.wait_for(moved, True)  # the extension sent the new order
    assert reruns_after_a_click(page, kernel, 2) == ["second", "first"]
