"""Multipage apps driven as a user does: menu clicks, page links, st.switch_page."""

from __future__ import annotations

from pathlib import Path

import pytest

from jupyter_state import errors
from jupyter_state.pages import PageNotFoundError, StreamlitPage
from jupyter_state.testing import AppTest


def two_pages():
    import jupyter_state as st

    def home():
        st.title("Home")
        st.slider("Count", 0, 10, 3, key="count")
        st.slider("Loose", 0, 10, 1)
        st.page_link(profile_page, label="Your profile", icon="👤")

    def profile():
        st.title("Profile")
        st.text_input("Bio", key="bio")
        st.write("count" in st.session_state)

    profile_page = st.Page(profile)
    st.toggle("Dark", key="dark")
    pg = st.navigation({"Main": [st.Page(home)], "You": [profile_page]})
    pg.run()


def menu(at: AppTest) -> list[str]:
    return [w.label for w in at.sidebar.get("page_link")] or [w.label for w in at.main.get("page_link")]


def test_menu_lists_pages_with_sections_and_switches_on_click() -> None:
    at = AppTest.from_function(two_pages).run()
    assert [t.value for t in at.title] == ["Home"]
    assert menu(at) == ["home", "profile"]
    assert [w.label for w in at.main.get("page_link")] == ["Your profile"]
    sections = [e.value for e in at.get("navigation_section")]
    assert sections == ["Main", "You"]
    at.sidebar.get("page_link")[1].click().run()
    assert [t.value for t in at.title] == ["Profile"]


def test_leaving_a_page_drops_its_widget_keys_entrypoint_widgets_stay() -> None:
    at = AppTest.from_function(two_pages).run()
    at.toggle(key="dark").set_value(True).run()
    at.slider(key="count").set_value(8).run()
    assert at.session_state["count"] == 8
    at.main.get("page_link")[0].click().run()  # the page link
    assert [t.value for t in at.title] == ["Profile"]
    assert "count" not in at.session_state
    assert at.session_state["dark"] is True
    at.text_input(key="bio").input("hi").run()
    at.get("page_link")[0].click().run()
    assert at.slider(key="count").value == 3  # starts over
    assert at.toggle(key="dark").value is True
    assert "bio" not in at.session_state


def test_reassigning_a_key_keeps_it_across_pages() -> None:
    def app():
        import jupyter_state as st

        if "count" in st.session_state:
            st.session_state.count = st.session_state.count  # the documented idiom

        def a():
            st.slider("Count", 0, 10, 3, key="count")

        def b():
            st.write("on b")

        st.navigation([st.Page(a), st.Page(b)]).run()

    at = AppTest.from_function(app).run()
    at.slider(key="count").set_value(9).run()
    at.get("page_link")[1].click().run()
    assert at.session_state["count"] == 9
    at.get("page_link")[0].click().run()
    assert at.slider(key="count").value == 9


def test_same_key_on_two_pages_is_two_widgets() -> None:
    def app():
        import jupyter_state as st

        def a():
            st.number_input("N", value=1, key="n")

        def b():
            st.number_input("N", value=50, key="n")

        st.navigation([st.Page(a), st.Page(b)]).run()

    at = AppTest.from_function(app).run()
    at.number_input(key="n").set_value(5).run()
    at.get("page_link")[1].click().run()
    assert at.number_input(key="n").value == 50
    assert at.session_state["n"] == 50


def test_switch_page_in_a_callback_and_in_the_body() -> None:
    def app():
        import jupyter_state as st

        def a():
            st.button("To b", key="cb", on_click=st.switch_page, args=(pages[1],))
            if st.button("To b now", key="body"):
                st.switch_page(pages[1])

        def b():
            st.title("B")

        pages = [st.Page(a), st.Page(b)]
        st.navigation(pages, position="hidden").run()

    at = AppTest.from_function(app).run()
    assert at.get("page_link") == [] or len(at.get("page_link")) == 0  # hidden: no menu
    at.button(key="cb").click().run()
    assert [t.value for t in at.title] == ["B"]
    at = AppTest.from_function(app).run()
    at.button(key="body").click().run()
    assert [t.value for t in at.title] == ["B"]


def test_top_menu_and_fragments_keep_their_page() -> None:
    def app():
        import jupyter_state as st

        def a():
            @st.fragment
            def part():
                st.slider("In fragment", 0, 10, 2, key="f")
                st.write("fragment ran")

            part()

        st.navigation([st.Page(a), st.Page(lambda: None, title="Empty", url_path="empty")], position="top").run()

    at = AppTest.from_function(app).run()
    assert menu(at) == ["a", "Empty"]
    at.slider(key="f").set_value(6).run()
    assert at.slider(key="f").value == 6
    assert at.session_state["f"] == 6


def test_collapsed_menu_shows_ten_and_view_more() -> None:
    def app():
        import jupyter_state as st

        pages = [st.Page(lambda: None, title=f"P{i}", url_path=f"p{i}") for i in range(14)]
        st.navigation(pages).run()

    at = AppTest.from_function(app).run()
    assert menu(at)[-1] == "View 4 more" and len(menu(at)) == 11
    at.get("page_link")[-1].click().run()
    assert len(menu(at)) == 15 and menu(at)[-1] == "View less"


def test_errors_say_what_to_do(tmp_path: Path) -> None:
    def error_of(body):
        at = AppTest.from_function(body).run()
        assert len(at.exception) == 1
        return at.exception[0].message

    def two_defaults():
        import jupyter_state as st

        st.navigation([st.Page(lambda: None, title="A", url_path="a", default=True),
                       st.Page(lambda: None, title="B", url_path="b", default=True)])

    def same_path():
        import jupyter_state as st

        st.navigation([st.Page(lambda: None, title="A", url_path="x"), st.Page(lambda: None, title="B", url_path="x")])

    def unknown_switch():
        import jupyter_state as st

        st.navigation([st.Page(lambda: None, title="A", url_path="a")])
        st.switch_page("nowhere.py")

    def call_directly():
        import jupyter_state as st

        st.Page(lambda: None, title="A", url_path="a").run()

    assert "At most one Page can be set to default" in error_of(two_defaults)
    assert "unique URL pathname" in error_of(same_path)
    assert "Could not find page: 'nowhere.py'" in error_of(unknown_switch)
    assert "cannot be called directly" in error_of(call_directly)
    with pytest.raises(PageNotFoundError, match="could not find the page file"):
        StreamlitPage(str(tmp_path / "missing.py"))
    with pytest.raises(errors.MissingRequiredParameterError, match="title"):
        StreamlitPage("https://example.org")


def test_titles_and_url_paths_are_inferred_as_streamlit(tmp_path: Path) -> None:
    page_file = tmp_path / "03_sales_report.py"
    page_file.write_text("")

    def my_page() -> None: ...

    assert (StreamlitPage(str(page_file)).title, StreamlitPage(str(page_file)).url_path) == ("sales report", "sales_report")
    assert (StreamlitPage(my_page).title, StreamlitPage(my_page).url_path) == ("my page", "my_page")
    assert StreamlitPage(my_page, default=True).url_path == ""
    external = StreamlitPage("https://example.org", title="Docs Site")
    assert external.is_external and external.url_path == "docs_site"


def test_notebook_page_runs_its_app_cell_after_its_code_cells(tmp_path: Path) -> None:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("import jupyter_state as st\nRUNS = []\nRUNS.append('setup')"),
        nbformat.v4.new_code_cell("%%app\nst.title('Report')\nst.write(len(RUNS))\nRUNS.append('app')"),
    ]
    path = tmp_path / "report.ipynb"
    nbformat.write(nb, path)

    def app(path):
        import jupyter_state as st

        st.navigation([st.Page(lambda: st.title("Start"), title="Start", url_path="start"), st.Page(path)]).run()

    at = AppTest.from_function(app, args=(str(path),))
    at.run()
    at.get("page_link")[1].click().run()
    assert [t.value for t in at.title] == ["Report"]
    at.run()
    assert at.markdown[-1].value == "`2`"  # the code cells ran once; the app cell twice

