"""The notebooks' apps under AppTest.from_notebook: what a reader does, checked headless."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jupyter_state.testing import AppTest

NOTEBOOKS = Path(__file__).parent.parent / "notebooks"


def test_quickstart_counter() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "quickstart.ipynb", cell="counter").run()
    assert at.markdown[0].value == "Count: `0`"
    at.slider(key="step").set_value(3).run()
    at.button[0].click().run()
    at.button[0].click().run()
    assert at.markdown[0].value == "Count: `6`"
    assert not at.exception


def test_quickstart_linked_inputs() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "quickstart.ipynb", cell="converter").run()
    at.number_input(key="celsius").set_value(100.0).run()
    assert at.session_state.fahrenheit == 212.0
    at.number_input(key="fahrenheit").set_value(32.0).run()
    assert at.session_state.celsius == 0.0
    assert at.info[0].value == "0.0 °C is 32.0 °F"


def test_quickstart_hide_and_show() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "quickstart.ipynb", cell="hide-show").run()
    at.text_input(key="nickname").input("Ace")
    at.text_input(key="city").input("Lisbon")
    at.run()
    at.toggle(key="hide").check().run()
    assert len(at.text_input) == 0
    assert "nickname" not in at.session_state and at.session_state.city == "Lisbon"
    at.toggle(key="hide").uncheck().run()
    assert at.text_input(key="nickname").value == "" and at.text_input(key="city").value == "Lisbon"


def test_quickstart_survey_form() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "quickstart.ipynb", cell="survey").run()
    at.text_input(key="survey_name").input("Ada")
    at.slider(key="survey_stars").set_value(5)
    at.multiselect(key="survey_liked").select("forms")
    at.run()
    assert "survey_result" not in at.session_state  # nothing is sent without the button
    at.form_submit_button[0].click().run()
    assert at.success[0].value == "Ada rated the quickstart 5/5 and liked: forms."


def test_forms_book_filter() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "forms.ipynb", cell="filters").run()
    before = at.session_state.matches
    at.slider(key="years").set_range(1900, 2000)
    at.form_submit_button[0].click().run()
    assert at.session_state.searches == 1
    assert at.session_state.matches < before
    assert all(book["year"] >= 1900 for book in at.session_state.results)


def test_forms_coffee_survey_clears_on_submit() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "forms.ipynb", cell="coffee").run()
    at.text_input(key="s_name").input("Bo")
    at.radio(key="s_drink").select("tea")
    at.form_submit_button[0].click().run()
    assert at.session_state.answers == [{"name": "Bo", "drink": "tea", "cups": 0, "comment": ""}]
    assert at.success[0].value == "Thanks, Bo!"
    assert at.text_input(key="s_name").value == "Bo"  # session state keeps the submitted value
    at.form_submit_button[0].click().run()  # the cleared form sends its defaults
    assert at.session_state.answers[-1]["name"] == "anonymous"


def _chat(path: Path) -> None:
    at = AppTest.from_notebook(path, cell="chat").run()
    assert len(at.chat_message) == 0 and at.button[0].disabled and at.chat_input[0].value is None
    at.chat_input[0].set_value("12 * 7").run()
    user, assistant = at.chat_message
    assert (user.name, user.avatar, user.markdown[0].value) == ("user", "user", "12 * 7")
    assert (assistant.name, assistant.avatar, assistant.markdown[0].value) == ("assistant", "assistant", "12 * 7 = 84")
    assert at.session_state.messages == [
        {"role": "user", "content": "12 * 7"}, {"role": "assistant", "content": "12 * 7 = 84"},
    ]
    at.chat_input[0].set_value("hello").run()
    assert len(at.chat_message) == 4 and at.chat_input[0].value == "hello"
    at.run()  # the history stays; the message was only in the run it caused
    assert len(at.chat_message) == 4 and at.chat_input[0].value is None
    at.button[0].click().run()
    assert at.session_state.messages == [] and len(at.chat_message) == 0
    assert not at.exception


def test_chat_tutorial() -> None:
    _chat(NOTEBOOKS / "chat.ipynb")


def test_chat_tutorial_in_chinese() -> None:
    _chat(NOTEBOOKS / "zh" / "chat.ipynb")
    at = AppTest.from_notebook(NOTEBOOKS / "zh" / "chat.ipynb", cell="chat").run()
    at.chat_input[0].set_value("你好").run()
    assert at.chat_message[1].markdown[0].value.startswith("你好！")


def test_echo_bot() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "chat.ipynb", cell="echo").run()
    at.chat_input[0].set_value("ping").run()
    assert [m.markdown[0].value for m in at.chat_message] == ["ping", "Echo: ping"]


@pytest.mark.filterwarnings("ignore:The widget with key:UserWarning")  # the caveats notebook shows it
@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("**/*.ipynb")), ids=lambda p: str(p.relative_to(NOTEBOOKS)))
def test_every_notebook_runs_whole(path: Path) -> None:
    """Every app of every notebook, in one session: errors only in cells tagged to show one."""
    at = AppTest.from_notebook(path, default_timeout=30).run()
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    tagged = [c.index for c in at.app_cells if "raises-exception" in cells[c.index].get("metadata", {}).get("tags", [])]
    assert at.app_cells and sorted({e.cell for e in at.exception}) == tagged


def test_the_forms_notebook_whole_shows_the_broken_form_in_its_own_cell() -> None:
    at = AppTest.from_notebook(NOTEBOOKS / "forms.ipynb").run()
    assert [(e.cell, e.type) for e in at.exception] == [(11, "InvalidFormCallbackError")]
    assert at.cell("coffee").form and not at.cell("coffee").exception
