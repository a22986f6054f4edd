"""AppTest over a whole notebook: every app cell in one session, reacting to the keys they read."""

from __future__ import annotations

import json
import sys
import types
from pathlib import Path

import nbformat
import pytest

from jupyter_state.testing import AppTest

#: the apps append their name to this list at every run (the setup cell imports it)
RUNS: list[str] = []
SETUP = "%load_ext jupyter_state\nimport jupyter_state as st\nfrom apptest_notebook_runs import RUNS as runs"
COUNTER = """%%app
runs.append("A")
if st.button("Add", key="add"):
    st.session_state.n = st.session_state.get("n", 0) + 1
"""
SHOWS_N = """%%app
runs.append("B")
st.write("B sees", st.session_state.get("n", 0))
"""
READS_NOTHING = """%%app
runs.append("C")
st.write("no state")
st.slider("Level", 0, 10, 5, key="level")
"""


def notebook(tmp_path: Path, *sources: str, tags: dict[int, list[str]] | None = None) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Apps")]
    for i, source in enumerate(sources, start=1):
        nb.cells.append(nbformat.v4.new_code_cell(source, metadata={"tags": (tags or {}).get(i, [])}))
    path = tmp_path / "apps.ipynb"
    path.write_text(json.dumps(nb))
    return path


@pytest.fixture(autouse=True)
def no_runs_yet(monkeypatch: pytest.MonkeyPatch) -> None:
    RUNS.clear()
    module = types.ModuleType("apptest_notebook_runs")
    module.RUNS = RUNS  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, module.__name__, module)


@pytest.fixture
def path(tmp_path: Path) -> Path:
    # cells: 0 markdown, 1 setup, 2 A, 3 B, 4 C, 5 an ordinary cell below the apps
    return notebook(tmp_path, SETUP, COUNTER, SHOWS_N, READS_NOTHING, "st.session_state.n = 10",
                    tags={3: ["shows-n"]})


def test_every_app_cell_runs_in_order_in_one_session(path: Path) -> None:
    at = AppTest.from_notebook(path).run()
    assert not at.exception
    # the cell below the apps wrote n: B, which read it, reran (the post-cell hook)
    assert RUNS == ["A", "B", "C", "B"]
    assert at.markdown.values == ["B sees `10`", "no state"]
    assert [c.index for c in at.app_cells] == [2, 3, 4]
    assert at.session_state.n == 10


def test_a_click_in_one_app_reruns_the_app_that_read_its_key_and_no_other(path: Path) -> None:
    at = AppTest.from_notebook(path).run()
    before = len(RUNS)
    at.button(key="add").click().run()
    assert at.cell(3).markdown[0].value == "B sees `11`"
    assert at.session_state.n == 11
    assert RUNS[before:] == ["A", "B"]  # C read nothing of it
    at.slider(key="level").set_value(7).run()
    assert RUNS[before + 2:] == ["C"]  # a key nobody else read: only its own app
    assert at.session_state.level == 7


def test_elements_say_their_cell_and_a_cell_narrows_to_its_app(path: Path) -> None:
    at = AppTest.from_notebook(path).run()
    assert at.button[0].cell == 2 and at.slider[0].cell == 4
    assert [m.cell for m in at.markdown] == [3, 4]
    assert at.get("markdown")[1].cell == 4 and at.main.markdown[0].cell == 3
    assert at.cell("shows-n").index == 3 and at.cell("shows-n").tags == ["shows-n"]
    assert at.cell(4).markdown.values == ["no state"] and not at.cell(4).button
    assert at.cell(2).markdown.values == [] and len(at.cell(2).button) == 1
    assert at.cell(4).main.slider[0].cell == 4 and not at.cell(4).sidebar.slider
    with pytest.raises(ValueError, match="indexes \\[2, 3, 4\\]"):
        at.cell(1)


def test_a_cell_run_reruns_that_app(path: Path) -> None:
    at = AppTest.from_notebook(path).run()
    before = len(RUNS)
    at.cell(4).run()
    assert RUNS[before:] == ["C"]
    at.run()  # nothing staged: every app reruns
    assert RUNS[before + 1:] == ["A", "B", "C"]


def test_exceptions_are_per_app(tmp_path: Path) -> None:
    fails_at_one = "%%app\nst.write('before')\nif st.session_state.get('n') == 1:\n    raise ValueError('n is 1')"
    path = notebook(tmp_path, SETUP, "%%app\nraise KeyError('boom')", COUNTER, fails_at_one)
    at = AppTest.from_notebook(path).run()
    assert [(e.cell, e.type) for e in at.exception] == [(2, "KeyError")]
    assert not at.cell(4).exception
    at.button(key="add").click().run()  # n becomes 1: the last app reruns, and fails
    assert [(e.cell, e.message) for e in at.exception] == [(2, "'boom'"), (4, "n is 1")]
    assert at.cell(4).exception[0].type == "ValueError" and not at.cell(3).exception


def test_a_cell_tagged_raises_exception_may_raise_and_the_notebook_goes_on(tmp_path: Path) -> None:
    raising = "%%app\nst.set_option('runner.raiseErrors', True)\nraise KeyError('shown')"
    path = notebook(tmp_path, SETUP, "x = 1\n1 / 0", raising, "st.set_option('runner.raiseErrors', False)", SHOWS_N,
                    tags={2: ["raises-exception"], 3: ["raises-exception"]})
    at = AppTest.from_notebook(path).run()
    assert [(e.cell, e.type) for e in at.exception] == [(3, "KeyError")]
    assert at.cell(5).markdown[0].value == "B sees `0`"
    untagged = notebook(tmp_path, SETUP, "1 / 0", SHOWS_N)
    with pytest.raises(ZeroDivisionError):
        AppTest.from_notebook(untagged).run()


def test_a_static_app_is_not_rerun(tmp_path: Path) -> None:
    path = notebook(tmp_path, SETUP, COUNTER, SHOWS_N.replace("%%app", "%%app --static"))
    at = AppTest.from_notebook(path).run()
    at.button(key="add").click().run()
    assert at.markdown[0].value == "B sees `0`" and RUNS == ["A", "B", "A"]


def test_cell_still_selects_one_app(path: Path) -> None:
    at = AppTest.from_notebook(path, cell="shows-n").run()
    assert at.markdown.values == ["B sees `0`"]  # the cell below it did not run
    assert at.markdown[0].cell == 3 and [c.index for c in at.app_cells] == [3]
    assert not at.button  # A ran (as a cell above), but is not the app tested
    at = AppTest.from_notebook(path, cell=2).run()
    assert len(at.button) == 1 and not at.markdown and at.button[0].cell == 2
    with pytest.raises(ValueError, match="not a %%app cell"):
        AppTest.from_notebook(path, cell=5)


def test_apps_that_share_a_key(tmp_path: Path) -> None:
    slider = "%%app\nst.slider('Level', 0, 10, 5, key='level')\nst.write('level', st.session_state.level)"
    at = AppTest.from_notebook(notebook(tmp_path, SETUP, slider, slider)).run()
    assert at.slider(key="level").cell == 2 and at.cell(3).slider(key="level").cell == 3
    at.cell(3).slider(key="level").set_value(3).run()
    assert at.session_state.level == 3 and at.slider.values == [3, 3]
    assert at.markdown.values == ["level `3`", "level `3`"]


def test_elements_not_from_a_notebook_have_no_cell() -> None:
    at = AppTest.from_string("import jupyter_state as st\nst.write('hi')").run()
    assert at.markdown[0].cell is None and at.app_cells == []
    with pytest.raises(ValueError, match="not from a notebook"):
        at.cell(0)
