"""The pages notebook (``notebooks/pages.ipynb`` and its Chinese twin) does what its text says.

Driven as a user would through our AppTest: the filters of the Orders page are in the URL,
the note on the Notes page (``persist_state="session"``) survives a trip to Orders and back,
the Draft checkbox (no ``persist_state``) is cleaned up when its page is left, the name in
the sidebar (the entrypoint's widget) keeps its value on every page, and the page is in the
URL too. The same rules are compared with Streamlit's AppTest in ``test_oracle_pages`` and
``test_oracle_persist``; the browser test ``tests/browser/test_voila_pages_notebook.py`` clicks them
in Voilà.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from jupyter_state.testing import AppTest

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
#: (notebook, the Notes page's menu title, the link's label, the region picked, its orders)
CASES = [
    ("pages.ipynb", "Notes", "Write a note about these orders", "South"),
    ("zh/pages.ipynb", "笔记", "为这些订单写一条笔记", "华南"),
]


def _link(at: AppTest, label: str):
    return next(w for w in at.get("page_link") if w.label == label)


@pytest.mark.parametrize(("notebook", "notes", "link", "region"), CASES, ids=["en", "zh"])
def test_two_pages_share_state_and_keep_what_the_text_says(notebook: str, notes: str, link: str, region: str) -> None:
    at = AppTest.from_notebook(NOTEBOOKS / notebook).run()
    assert not at.exception
    assert len(at.header) == 1 and "region" in at.session_state
    at.sidebar.text_input(key="user").input("Ada").run()
    at.selectbox(key="region").select(region).run()
    at.slider(key="min_units").set_value(30).run()
    assert at.query_params == {"region": region, "min_units": "30"}
    shown = int(at.metric[0].value)
    assert 0 < shown < 60

    _link(at, link).click().run()  # to Notes
    assert not at.exception and "note" in at.session_state
    assert at.query_params.get("st_page") == "notes"
    # the Orders page is hidden, but its URL-bound filters keep their keys (as in Streamlit)
    assert at.session_state["region"] == region and at.session_state["min_units"] == 30
    at.text_area(key="note").input("North is quiet").run()
    at.checkbox(key="draft").check().run()
    assert at.session_state["draft"] is True

    at.button[0].click().run()  # "Back to the orders": st.switch_page
    assert "draft" not in at.session_state  # a widget of the page left is cleaned up
    assert at.session_state["note"] == "North is quiet"  # persist_state="session"
    assert at.session_state["user"] == "Ada"  # the entrypoint's widget, on every page
    assert int(at.metric[0].value) == shown and at.selectbox(key="region").value == region

    menu = [w for w in at.sidebar.get("page_link") if w.label == notes]
    menu[0].click().run()  # back to Notes through the menu
    assert at.text_area(key="note").value == "North is quiet"
    assert at.checkbox(key="draft").value is False  # it starts over, unticked


def test_the_page_and_the_filters_come_from_the_url() -> None:
    """A copied link (Voilà's URL) opens the same page with the same filters."""
    at = AppTest.from_notebook(NOTEBOOKS / "pages.ipynb")
    at.query_params["region"] = "West"
    at.query_params["min_units"] = "50"
    at.run()
    assert at.selectbox(key="region").value == "West" and at.slider(key="min_units").value == 50
    at = AppTest.from_notebook(NOTEBOOKS / "pages.ipynb")
    at.query_params["st_page"] = "notes"
    at.run()
    assert [h.value for h in at.header] == ["Notes"]
