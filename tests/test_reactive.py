"""Apps that react to the session-state keys they read (README: "Apps that react to the keys
they read"), driven as the frontend drives them: two or more apps in one session."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest

import jupyter_state as st
from jupyter_state import runtime
from jupyter_state.reactivity import Changes, Reads, due
from tests.helpers import click, set_value, texts, tree_texts, widget

runs: Counter[str] = Counter()


@pytest.fixture(autouse=True)
def fresh_counts() -> None:
    runs.clear()


def counting(name: str, body: Any, **options: Any) -> Any:
    def counted() -> None:
        runs[name] += 1
        body()

    return st.app(counted, name=name, display=False, **options)


def counter_app() -> Any:
    def body() -> None:
        if st.button("Add", key="add"):
            st.session_state.n = st.session_state.get("n", 0) + 1

    return counting("A", body)


def shows_n() -> Any:
    return counting("B", lambda: st.write("B sees", st.session_state.get("n", 0)))


def after_cell(session: runtime.JupyterState) -> None:
    """What the post-cell hook does after an ordinary cell."""
    session.flush()


def test_a_click_in_one_app_reruns_the_app_that_reads_its_key() -> None:
    a, b = counter_app(), shows_n()
    assert texts(b) == ["B sees `0`"]
    click(a, "add")
    click(a, "add")
    assert texts(b) == ["B sees `2`"]
    assert runs == {"A": 3, "B": 3}  # B: its first run, then once per click


def test_an_app_that_read_nothing_of_it_is_not_rerun() -> None:
    a = counter_app()
    other = counting("C", lambda: st.write("C reads", st.session_state.get("other", 0)))
    nothing = counting("D", lambda: st.write("no state"))
    click(a, "add")
    assert runs == {"A": 2, "C": 1, "D": 1}
    assert texts(other) == ["C reads `0`"] and texts(nothing) == ["no state"]


def test_an_app_is_not_rerun_by_its_own_writes() -> None:
    def body() -> None:
        st.session_state.seen = st.session_state.get("seen", 0) + 1  # reads and writes "seen"
        st.button("Go", key="go")

    a = counting("A", body)
    click(a, "go")
    assert runs["A"] == 2 and st.session_state.seen == 2


def test_an_ordinary_cell_write_reruns_the_readers(session: runtime.JupyterState) -> None:
    b = shows_n()
    st.session_state.n = 5  # typed in a cell
    after_cell(session)
    assert texts(b) == ["B sees `5`"] and runs["B"] == 2


def test_an_equal_write_reruns_nobody(session: runtime.JupyterState) -> None:
    st.session_state.n = 5
    shows_n()
    st.session_state.n = 5
    after_cell(session)
    st.session_state.n = [1, 2]
    after_cell(session)
    st.session_state.n = [1, 2]  # equal, a new list
    after_cell(session)
    assert runs["B"] == 2


def test_values_that_cannot_be_compared_count_as_changed_unless_the_same_object(session: runtime.JupyterState) -> None:
    class Opaque:
        def __eq__(self, other: object) -> bool:
            raise TypeError("no comparing")

        __hash__ = object.__hash__

    value = Opaque()
    st.session_state.n = value
    shows_n()
    st.session_state.n = value  # the same object: no change
    after_cell(session)
    assert runs["B"] == 1
    st.session_state.n = Opaque()  # another one: a change, and nothing raises
    after_cell(session)
    assert runs["B"] == 2


def test_deleting_a_key_reruns_its_readers(session: runtime.JupyterState) -> None:
    st.session_state.n = 3
    b = shows_n()
    del st.session_state.n
    after_cell(session)
    assert texts(b) == ["B sees `0`"]


@pytest.mark.parametrize("read", [
    lambda: "n" in st.session_state,
    lambda: st.session_state.get("n"),
    lambda: st.session_state["n"] if "n" in st.session_state else None,
    lambda: list(st.session_state),  # iterating reads every key
    lambda: len(st.session_state),
    lambda: st.session_state.to_dict(),
])
def test_every_way_of_reading_counts(session: runtime.JupyterState, read: Any) -> None:
    counting("R", lambda: st.write(repr(read())))
    st.session_state.n = 1
    after_cell(session)
    assert runs["R"] == 2


def test_a_widget_bound_to_the_key_follows_another_apps_write() -> None:
    def controls() -> None:
        if st.button("Reset", key="reset"):
            st.session_state.level = 0

    a = counting("A", controls)
    b = counting("B", lambda: st.slider("Level", 0, 10, 5, key="level"))
    set_value(b, "level", 7)
    click(a, "reset")
    assert st.session_state.level == 0 and runs["B"] == 3
    assert [w.view.value for w in b.widgets.values()] == [0]


def test_a_cycle_ends_and_is_reported_in_the_app_it_would_rerun_again() -> None:
    def ping() -> None:
        st.session_state.x = st.session_state.get("y", 0) + 1
        st.button("Go", key="go")

    def pong() -> None:
        st.session_state.y = st.session_state.get("x", 0) + 1

    a = counting("A", ping)
    b = counting("B", pong)
    before = dict(runs)
    click(a, "go")
    # A (the click), B (x changed), A once more (y changed), then B would run a second time
    assert runs["A"] - before["A"] == 2 and runs["B"] - before["B"] == 1
    warning = [t for t in texts(b) if "was not rerun for the latest change of 'x'" in t]
    assert len(warning) == 1


def test_reruns_of_several_apps_are_in_the_order_the_apps_were_made() -> None:
    order: list[str] = []
    a = counter_app()
    for name in ("C", "B", "D"):
        counting(name, lambda name=name: order.append(name) or st.session_state.get("n"))
    order.clear()
    click(a, "add")
    assert order == ["C", "B", "D"]


def test_a_static_app_and_the_global_switch(session: runtime.JupyterState) -> None:
    a = counter_app()
    static = counting("S", lambda: st.write(st.session_state.get("n", 0)), reactive=False)
    click(a, "add")
    assert runs["S"] == 1 and texts(static) == ["`0`"]
    b = shows_n()
    st.set_option("runner.reactive", False)
    click(a, "add")
    assert runs["B"] == 1 and st.get_option("runner.reactive") is False
    st.set_option("runner.reactive", True)
    click(a, "add")
    assert runs["B"] == 2 and texts(b) == ["B sees `3`"]


def test_a_failed_run_keeps_what_the_last_completed_run_read(session: runtime.JupyterState) -> None:
    def body() -> None:
        st.write("n is", st.session_state.get("n", 0))
        if st.session_state.get("fail"):
            raise RuntimeError("boom")

    b = counting("B", body)
    st.session_state.fail = True
    after_cell(session)  # B read "fail": it reruns and fails
    assert runs["B"] == 2
    st.session_state.n = 4  # still read by the last *completed* run
    after_cell(session)
    assert runs["B"] == 3 and any("n is `4`" in t for t in texts(b))


def test_who_reads_a_key(session: runtime.JupyterState) -> None:
    a, b = counter_app(), shows_n()
    assert session.readers_of("n") == [b]  # A reads n only in the run a click causes
    assert session.readers_of("add") == [a]  # a widget's key counts as read by its app
    click(a, "add")
    assert session.readers_of("n") == [a, b]
    assert session.readers_of("nobody") == []


def test_due_decides_without_running_anything() -> None:
    changes = Changes()
    changes.add("x", "A")
    changes.add("y", None)
    to_rerun, cycles = due(changes, [("A", Reads({"x", "y"})), ("B", Reads({"x"})), ("C", Reads(everything=True))], {"C"})
    assert to_rerun == [("A", ["y"]), ("B", ["x"])] and cycles == [("C", ["x", "y"])]
    assert not changes  # taken


# -- at fragment granularity --------------------------------------------------------------
def fragment_reader() -> Any:
    """An app whose fragment alone reads "n"; the app outside reads "other"."""

    @st.fragment
    def part() -> None:
        runs["B.part"] += 1
        st.write("part sees", st.session_state.get("n", 0))

    def body() -> None:
        st.write("outside reads", st.session_state.get("other", 0))
        part()

    return counting("B", body)


def test_a_fragment_that_read_the_changed_key_reruns_alone() -> None:
    a, b = counter_app(), fragment_reader()
    click(a, "add")
    assert tree_texts(b.view.box) == ["outside reads `0`", "part sees `1`"]
    assert runs == {"A": 2, "B": 1, "B.part": 2}  # B's body ran once: only the fragment reran


def test_a_key_read_outside_the_fragment_reruns_the_whole_app(session: runtime.JupyterState) -> None:
    b = fragment_reader()
    st.session_state.other = 3  # typed in a cell
    after_cell(session)
    assert tree_texts(b.view.box) == ["outside reads `3`", "part sees `0`"]
    assert runs == {"B": 2, "B.part": 2}


def test_a_fragments_reads_survive_its_apps_reruns_and_change_with_it(session: runtime.JupyterState) -> None:
    @st.fragment
    def part() -> None:
        runs["part"] += 1
        key = "n" if st.session_state.get("mode", "n") == "n" else "m"
        st.write("part sees", key, st.session_state.get(key, 0))

    b = counting("B", part)
    assert session.readers_of("n") == [b] and session.readers_of("m") == []
    st.session_state.mode = "m"  # the fragment reads "mode": it reruns alone, now reading m
    after_cell(session)
    assert runs == {"B": 1, "part": 2} and session.readers_of("m") == [b]
    st.session_state.n = 9  # no longer read by anyone
    after_cell(session)
    assert runs == {"B": 1, "part": 2}
    st.session_state.m = 4
    after_cell(session)
    assert runs == {"B": 1, "part": 3} and tree_texts(b.view.box) == ["part sees m `4`"]


def test_an_app_is_not_rerun_by_its_own_fragments_writes() -> None:
    @st.fragment
    def writer() -> None:
        if st.button("Add", key="add"):
            st.session_state.n = st.session_state.get("n", 0) + 1

    def body() -> None:
        st.write("app sees", st.session_state.get("n", 0))  # read outside the fragment
        writer()

    a = counting("A", body)
    click(a, "add")
    assert runs["A"] == 1  # the fragment reran; its own app did not (as in Streamlit)
    assert st.session_state.n == 1


def test_the_apps_a_change_reruns_run_in_notebook_order_once_the_frontend_says_it(session: runtime.JupyterState) -> None:
    order: list[str] = []

    def reader(name: str) -> Any:
        def body() -> None:
            order.append(name)
            st.write(name, st.session_state.get("n", 0))
        return counting(name, body)

    a = counter_app()
    c, b = reader("C"), reader("B")  # C's cell was run first, but sits below B's
    a.cell_id, b.cell_id, c.cell_id = "cell-a", "cell-b", "cell-c"
    order.clear()
    click(a, "add")
    assert order == ["C", "B"]  # no order known: the order of their first runs
    session.set_cell_order(["cell-a", "cell-b", "other", "cell-c"])
    order.clear()
    click(a, "add")
    assert order == ["B", "C"]
    assert session.readers_of("n") == [a, b, c]


def test_a_static_apps_widget_follows_its_key_when_another_app_writes_it() -> None:
    def static_body() -> None:
        st.slider("Level", 0, 10, 5, key="level")
        st.write("level is", st.session_state.level)

    s = counting("S", static_body, reactive=False)
    set_value(s, "level", 7)

    def reset() -> None:
        st.session_state.level = 0

    r = counting("R", lambda: st.button("Reset", key="reset", on_click=reset))
    click(r, "reset")
    assert widget(s, "level").view.value == 0 and texts(s) == ["level is `0`"]
    assert runs == {"S": 3, "R": 2}
