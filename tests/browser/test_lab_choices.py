"""Choosing in a real JupyterLab (issue 11): a multiselect keeps the order the user picked in,
and an Enum selectbox compares equal to the current run's member.

The multiselect is the chips view (static/multiselect.js): the user types to filter and
picks from its dropdown, and the chips keep the order the user picked in. The Enum
class is redefined by every run of the cell, as in a script.
"""

from __future__ import annotations

from typing import Any

import pytest
from lab_notebook import lab_notebook
from playwright.sync_api import Page, expect

from testsupport.jupyter_servers import KernelSide, line, tag, tagged

pytestmark = pytest.mark.browser

NOTEBOOK = "choices.ipynb"
T = 15_000  # ms: generous for a busy 2-core machine

SETUP = """\
import jupyter_state as st
_runs = {}
"""

APP = """\
%%app
from enum import Enum

class Size(Enum):
    S = 1
    M = 2
    L = 3

_runs["choices"] = _runs.get("choices", 0) + 1
picked = st.multiselect("Toppings", ["ham", "olives", "pineapple"], key="toppings")
st.write("Toppings: " + (", ".join(picked) or "none"))
size = st.selectbox("Size", Size, key="size")
st.write("Large pizza" if size == Size.L else f"Size {size.name}")
"""


lab, tab, page, kernel = lab_notebook(NOTEBOOK, [SETUP, APP])


def test_multiselect_keeps_the_order_of_picking(tab: Any, kernel: KernelSide) -> None:
    page: Page = tab.page
    app = page.locator(".jupyter-state-app")
    box = page.locator(".jupyter-state-key-toppings")
    search = box.locator("input")
    expect(line(app, "Toppings: none")).to_be_visible(timeout=T)
    tag(box, "toppings")

    search.click()
    box.locator(".jupyter-state-ms-option", has_text="pineapple").click()  # from the dropdown
    expect(line(app, "Toppings: pineapple")).to_be_visible(timeout=T)
    search.fill("ha")  # then ham too, typed
    search.press("Enter")
    expect(line(app, "Toppings: pineapple, ham")).to_be_visible(timeout=T)
    kernel.wait_for("st.session_state.toppings", ["pineapple", "ham"])
    search.click()
    box.locator(".jupyter-state-ms-option", has_text="olives").click()
    expect(line(app, "Toppings: pineapple, ham, olives")).to_be_visible(timeout=T)
    expect(box.locator(".jupyter-state-ms-chip")).to_have_text(["pineapple×", "ham×", "olives×"])
    assert tagged(box, "toppings")  # chosen in place: the same view


def test_enum_selectbox_equals_the_current_runs_member(tab: Any, kernel: KernelSide) -> None:
    page: Page = tab.page
    app = page.locator(".jupyter-state-app")
    expect(line(app, "Size S")).to_be_visible(timeout=T)
    runs = kernel.eval("_runs['choices']")
    page.locator(".jupyter-state-key-size select").select_option(label="Size.L")
    expect(line(app, "Large pizza")).to_be_visible(timeout=T)
    assert kernel.eval("_runs['choices']") == runs + 1
    assert kernel.eval("st.session_state.size.name") == "L"
