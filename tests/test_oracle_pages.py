"""Multipage apps under Streamlit's AppTest and ours: the same files, state after every step.

The app (``tests/apps/multipage``) keeps a text input in the entrypoint and has three
pages in ``views/`` (Streamlit's AppTest treats a ``pages/`` folder as the old multipage
layout, so the pages live elsewhere). Our copy is the same files with the import changed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from jupyter_state.testing import AppTest as OurAppTest
from tests.test_oracle import st_testing

pytestmark = pytest.mark.oracle

APP = Path(__file__).parent / "apps" / "multipage"


def _copies(tmp_path: Path) -> tuple[Path, Path]:
    theirs, ours = tmp_path / "theirs", tmp_path / "ours"
    shutil.copytree(APP, theirs)
    shutil.copytree(APP, ours)
    for path in ours.rglob("*.py"):
        path.write_text(path.read_text().replace("import streamlit as st", "import jupyter_state as st"))
    return theirs / "app.py", ours / "app.py"


def _state(at: Any) -> dict[str, Any]:
    return {k: at.session_state[k] for k in sorted(at.session_state._state._keys() if hasattr(at.session_state, "_state") else at.session_state)}


def _keys(at: Any) -> dict[str, Any]:
    keys = [k for k in ("name", "count", "mode", "target", "visits", "saved_mode") if k in at.session_state]
    return {k: at.session_state[k] for k in keys}


def _titles(at: Any) -> list[str]:
    return [t.value for t in at.title]


def both(tmp_path: Path) -> tuple[Any, Any]:
    theirs_path, ours_path = _copies(tmp_path)
    return (st_testing.AppTest.from_file(str(theirs_path), default_timeout=10),
            OurAppTest.from_file(str(ours_path), default_timeout=10))


def same(theirs: Any, ours: Any) -> None:
    assert _titles(ours) == _titles(theirs)
    assert _keys(ours) == _keys(theirs)


def test_default_page_then_switch_and_back(tmp_path: Path) -> None:
    theirs, ours = both(tmp_path)
    for at in (theirs, ours):
        at.run()
    same(theirs, ours)
    assert _titles(ours) == ["Home"]
    for at in (theirs, ours):
        at.text_input(key="name").input("Ada").run()
        at.slider(key="count").set_value(7).run()
    same(theirs, ours)
    for at in (theirs, ours):
        at.switch_page("views/settings.py").run()
    same(theirs, ours)
    # the home page's slider key was dropped; the entrypoint's input kept its value
    assert "count" in ours.session_state and ours.session_state["count"] is False
    assert ours.session_state["name"] == "Ada"
    for at in (theirs, ours):
        at.selectbox(key="mode").select("dark").run()
        at.switch_page("views/home.py").run()
    same(theirs, ours)
    assert ours.session_state["count"] == 3  # the slider starts over at its default


def test_switch_page_from_a_button(tmp_path: Path) -> None:
    theirs, ours = both(tmp_path)
    for at in (theirs, ours):
        at.run()
        at.button(key="go").click().run()
    same(theirs, ours)
    assert _titles(ours) == ["Settings"]


def test_page_from_a_file_name_with_a_number(tmp_path: Path) -> None:
    theirs, ours = both(tmp_path)
    for at in (theirs, ours):
        at.run()
        at.switch_page("views/02_sales_report.py").run()
        at.number_input(key="target").set_value(9).run()
    same(theirs, ours)
    assert _titles(ours) == ["Sales report"]


def test_switch_page_before_the_first_run(tmp_path: Path) -> None:
    theirs, ours = both(tmp_path)
    for at in (theirs, ours):
        at.switch_page("views/settings.py").run()
    same(theirs, ours)
    assert _titles(ours) == ["Settings"]
