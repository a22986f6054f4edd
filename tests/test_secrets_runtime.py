"""st.secrets (secrets.toml beside the notebook, in the working directory, in ~/.streamlit;
at.secrets in AppTest) and runtime.exists()."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import jupyter_state as st
from jupyter_state.errors import SecretNotFoundError
from jupyter_state.testing import AppTest


@pytest.fixture
def places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    home, work, notebook = tmp_path / "home", tmp_path / "work", tmp_path / "project"
    for folder in (home, work, notebook):
        (folder / ".streamlit").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(work)
    monkeypatch.setenv("JPY_SESSION_NAME", str(notebook / "analysis.ipynb"))
    monkeypatch.delenv("API_TOKEN", raising=False)
    return {"home": home, "work": work, "notebook": notebook}


def write(folder: Path, text: str) -> None:
    (folder / ".streamlit" / "secrets.toml").write_text(text, encoding="utf-8")


def test_secrets_merge_home_work_and_notebook_folders_later_ones_winning(places: dict[str, Path]) -> None:
    write(places["home"], 'API_TOKEN = "home"\nshared = "home"\n')
    write(places["work"], 'shared = "work"\n[db]\nuser = "ann"\nport = 5432\n')
    write(places["notebook"], 'beside = true\n[db]\nuser = "bob"\n')
    assert st.secrets["API_TOKEN"] == "home"
    assert st.secrets.shared == "work"
    assert st.secrets.db.user == "bob"  # a table is replaced whole, as Streamlit merges files
    assert st.secrets["beside"] is True
    assert "db" in st.secrets and len(st.secrets) == 4
    assert st.secrets.db.to_dict() == {"user": "bob"}
    assert os.environ["API_TOKEN"] == "home"  # top-level strings reach the environment


def test_missing_keys_and_attributes_raise_streamlits_errors(places: dict[str, Path]) -> None:
    write(places["work"], '[db]\nuser = "ann"\n')
    with pytest.raises(KeyError, match='st.secrets has no key "password"'):
        st.secrets["password"]
    with pytest.raises(AttributeError, match='st.secrets has no attribute "password"'):
        _ = st.secrets.password
    with pytest.raises(KeyError, match='has no key "host"'):
        st.secrets.db["host"]
    with pytest.raises(TypeError, match="does not support item assignment"):
        st.secrets["x"] = 1  # type: ignore[index]
    with pytest.raises(TypeError, match="does not support attribute assignment"):
        st.secrets.db.user = "eve"


def test_no_secrets_file_says_where_it_looked(places: dict[str, Path]) -> None:
    with pytest.raises(SecretNotFoundError, match="No secrets found. Valid paths") as info:
        st.secrets["anything"]
    assert isinstance(info.value, FileNotFoundError)
    assert str(places["notebook"] / ".streamlit" / "secrets.toml") in str(info.value)
    with pytest.raises(AttributeError):
        _ = st.secrets.anything  # as Streamlit: getattr only raises AttributeError
    assert not st.secrets.has_key("anything")


def test_a_changed_file_is_read_again_and_a_broken_one_is_a_clear_error(places: dict[str, Path]) -> None:
    write(places["work"], 'token = "one"\n')
    assert st.secrets.token == "one"
    write(places["work"], 'token = "two and longer"\n')
    assert st.secrets.token == "two and longer"
    write(places["work"], 'token = \n')
    with pytest.raises(SecretNotFoundError, match="Error parsing secrets file"):
        st.secrets["token"]


def test_apptest_secrets_replace_the_files_and_scripts_find_their_own(places: dict[str, Path], tmp_path: Path) -> None:
    app_dir = tmp_path / "app"
    (app_dir / ".streamlit").mkdir(parents=True)
    write(app_dir, 'greeting = "from the script folder"\n')
    script = app_dir / "app.py"
    script.write_text("import jupyter_state as st\nst.write(st.secrets['greeting'])\n")
    at = AppTest.from_file(script).run()
    assert at.markdown[0].value == "from the script folder"
    at = AppTest.from_file(script)
    at.secrets["greeting"] = "from the test"
    at.run()
    assert at.markdown[0].value == "from the test"


def test_runtime_exists_only_inside_an_app_run() -> None:
    from jupyter_state import runtime

    assert runtime.exists() is False
    assert st.runtime is runtime

    def app() -> None:
        import jupyter_state as st
        from jupyter_state import runtime

        st.session_state.seen = runtime.exists()

        def callback() -> None:
            st.session_state.in_callback = runtime.exists()

        st.button("go", key="go", on_click=callback)

    at = AppTest.from_function(app).run()
    assert at.session_state.seen is True
    at.button(key="go").click().run()
    assert at.session_state.in_callback is True
    assert runtime.exists() is False


@pytest.mark.oracle
def test_streamlit_gives_the_same_answers_for_runtime_and_secrets(places: dict[str, Path]) -> None:
    st_testing = pytest.importorskip("streamlit.testing.v1")
    script = (
        "from {pkg} import runtime\n"
        "import {pkg} as st\n"
        "st.write(str(runtime.exists()))\n"
        "st.write(st.secrets['user'])\n"
        "try:\n"
        "    st.secrets['nope']\n"
        "except KeyError as e:\n"
        "    st.write(type(e).__name__, str(e).split('.')[0])\n"
    )
    theirs = st_testing.AppTest.from_string(script.format(pkg="streamlit"))
    theirs.secrets["user"] = "ann"
    theirs.run()
    ours = AppTest.from_string(script.format(pkg="jupyter_state"))
    ours.secrets["user"] = "ann"
    ours.run()
    assert [m.value for m in ours.markdown] == [m.value for m in theirs.markdown]
