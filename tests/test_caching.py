"""st.cache_data and st.cache_resource: hits, misses, copies, hashing, TTL, limits, clearing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import jupyter_state as st
from jupyter_state import _cache_store, _caching
from jupyter_state.errors import (
    BadTimeStringError,
    CachedWidgetWarning,
    JupyterStateAPIException,
    UnhashableParamError,
    UnsafePersistError,
    UnserializableReturnValueError,
)
from jupyter_state.testing import AppTest


@pytest.fixture(autouse=True)
def fresh_caches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("JUPYTER_STATE_CACHE_DIR", str(tmp_path / "cache"))
    _cache_store.caches.clear()
    yield
    _cache_store.caches.clear()


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = 1000.0
        monkeypatch.setattr(_cache_store.time, "monotonic", lambda: self.now)


def test_cache_data_hits_misses_and_returns_copies() -> None:
    calls = []

    @st.cache_data
    def load(n: int) -> dict[str, list[int]]:
        calls.append(n)
        return {"values": list(range(n))}

    first = load(3)
    first["values"].append(99)  # the caller's copy: the cache keeps the original
    second = load(3)
    assert second == {"values": [0, 1, 2]}
    assert second is not load(3)
    load(4)
    assert calls == [3, 4]


def test_cache_resource_returns_the_one_shared_object() -> None:
    made = []

    @st.cache_resource
    def connect(url: str) -> list[str]:
        made.append(url)
        return [url]

    conn = connect("db://a")
    conn.append("used")
    assert connect("db://a") is conn
    assert connect("db://a") == ["db://a", "used"]
    assert connect("db://b") is not conn
    assert made == ["db://a", "db://b"]


def test_the_same_function_defined_again_hits_its_cache_until_its_source_changes() -> None:
    calls: list[str] = []
    source = "import jupyter_state as st\n@st.cache_data\ndef load(n):\n    calls.append('{tag}')\n    return n * 2\n"

    def define(tag: str) -> Any:
        namespace: dict[str, Any] = {"calls": calls}
        exec(compile(source.format(tag=tag), f"<cell-{tag}>", "exec"), namespace)
        return namespace["load"]

    assert define("a")(2) == 4
    assert define("a")(2) == 4  # a new function object, the same source: a hit
    assert calls == ["a"]
    assert define("b")(2) == 4  # the body changed: its own cache
    assert calls == ["a", "b"]


def test_arguments_are_hashed_by_content_dataframes_and_arrays_too() -> None:
    calls = []

    @st.cache_data
    def describe(data: Any) -> int:
        calls.append(1)
        return len(data)

    describe(pd.DataFrame({"a": [1, 2]}))
    describe(pd.DataFrame({"a": [1, 2]}))  # equal content, a new object: a hit
    assert len(calls) == 1
    describe(pd.DataFrame({"a": [1, 3]}))
    describe(pd.DataFrame({"b": [1, 2]}))  # same cells, other column name
    assert len(calls) == 3
    describe(np.arange(5))
    describe(np.arange(5))
    describe(np.arange(5).astype(float))  # same values, other dtype
    assert len(calls) == 5
    describe(pd.Series([1, 2]))
    describe(pd.Series([1, 2]))
    assert len(calls) == 6
    describe([dt.date(2024, 1, 1), {"k": (1, 2.5)}])
    describe([dt.date(2024, 1, 1), {"k": (1, 2.5)}])
    assert len(calls) == 7


def test_large_frames_are_hashed_by_a_sample_as_streamlit_does() -> None:
    calls = []

    @st.cache_data
    def rows(df: pd.DataFrame) -> int:
        calls.append(1)
        return len(df)

    big = pd.DataFrame({"a": np.arange(60_000)})
    assert rows(big) == 60_000
    assert rows(big.copy()) == 60_000
    assert len(calls) == 1


def test_underscore_arguments_are_not_hashed() -> None:
    calls = []

    @st.cache_data
    def query(_connection: Any, sql: str) -> str:
        calls.append(sql)
        return sql.upper()

    assert query(object(), "select 1") == "SELECT 1"
    assert query(object(), "select 1") == "SELECT 1"  # another (unpicklable) connection: a hit
    assert calls == ["select 1"]


def test_an_unhashable_argument_says_how_to_exclude_it() -> None:
    @st.cache_data
    def use(conn: Any) -> int:
        return 1

    with pytest.raises(UnhashableParamError, match=r"(?s)Cannot hash argument 'conn'.*def use\(_conn, \.\.\.\)"):
        use(i for i in range(3))  # a generator cannot be pickled
    import threading

    with pytest.raises(UnhashableParamError, match="_thread.lock"):
        use(threading.Lock())


def test_hash_funcs_decide_how_a_type_is_hashed() -> None:
    import threading

    calls = []

    class Conn:
        def __init__(self, url: str) -> None:
            self.url = url
            self.lock = threading.Lock()  # not picklable, so not hashable without hash_funcs

    @st.cache_data(hash_funcs={Conn: lambda c: c.url})
    def fetch(conn: Conn) -> str:
        calls.append(conn.url)
        return conn.url

    fetch(Conn("a"))
    fetch(Conn("a"))
    fetch(Conn("b"))
    assert calls == ["a", "b"]


def test_functions_as_arguments_are_hashed_by_their_source() -> None:
    calls = []

    @st.cache_data
    def apply(fn: Any, x: int) -> int:
        calls.append(x)
        return int(fn(x))

    assert apply(lambda v: v + 1, 1) == 2
    assert apply(lambda v: v + 1, 1) == 2
    assert len(calls) == 1


def test_ttl_expires_entries(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = Clock(monkeypatch)
    calls = []

    @st.cache_data(ttl=dt.timedelta(seconds=10))
    def now() -> int:
        calls.append(1)
        return len(calls)

    assert now() == 1
    clock.now += 9
    assert now() == 1
    clock.now += 2
    assert now() == 2
    assert _caching.time_to_seconds("1h") == 3600
    assert _caching.time_to_seconds("2 days") == 172800
    with pytest.raises(BadTimeStringError, match="'soon'"):
        st.cache_data(ttl="soon")


def test_max_entries_drops_the_least_recently_used() -> None:
    calls = []

    @st.cache_data(max_entries=2)
    def square(x: int) -> int:
        calls.append(x)
        return x * x

    square(1), square(2), square(1), square(3)  # 2 is the least recently used
    assert calls == [1, 2, 3]
    square(1)
    square(2)
    assert calls == [1, 2, 3, 2]


def test_clear_one_function_one_value_or_everything() -> None:
    calls = []

    @st.cache_data
    def a(x: int) -> int:
        calls.append(("a", x))
        return x

    @st.cache_resource
    def b() -> object:
        calls.append(("b", 0))
        return object()

    a(1), a(2), b()
    a.clear(1)
    a(1), a(2)
    assert calls == [("a", 1), ("a", 2), ("b", 0), ("a", 1)]
    a.clear()
    a(2)
    assert calls[-1] == ("a", 2)
    st.cache_data.clear()  # only the data caches
    b()
    assert calls[-1] == ("a", 2)
    st.cache_resource.clear()
    b()
    assert calls[-1] == ("b", 0)


def test_cache_resource_validate_and_on_release() -> None:
    released = []
    healthy = {"ok": True}

    @st.cache_resource(validate=lambda r: healthy["ok"], on_release=released.append)
    def resource() -> list[int]:
        return [len(released)]

    first = resource()
    assert resource() is first
    healthy["ok"] = False
    second = resource()
    assert second is not first
    assert released == [first]


def test_unpicklable_return_values_say_to_use_cache_resource() -> None:
    import threading

    @st.cache_data
    def lock() -> Any:
        return threading.Lock()

    with pytest.raises(UnserializableReturnValueError, match="st.cache_resource"):
        lock()


def test_persist_disk_keeps_json_across_kernels_and_refuses_pickles(tmp_path: Path) -> None:
    calls = []

    @st.cache_data(persist="disk")
    def config(name: str) -> dict[str, Any]:
        calls.append(name)
        return {"name": name, "sizes": [1, 2.5], "on": True}

    assert config("x")["sizes"] == [1, 2.5]
    files = list((tmp_path / "cache").glob("*.json"))
    assert len(files) == 1 and json.loads(files[0].read_text())["name"] == "x"
    _cache_store.caches.clear()  # a new kernel: only the disk is left
    assert config("x") == {"name": "x", "sizes": [1, 2.5], "on": True}
    assert calls == ["x"]

    @st.cache_data(persist="disk")
    def frame() -> pd.DataFrame:
        return pd.DataFrame({"a": [1]})

    with pytest.raises(UnsafePersistError, match="Loading a pickle runs code"):
        frame()
    assert not list((tmp_path / "cache").glob("*.pickle"))
    st.set_option("cache.persistPickles", True)
    assert frame()["a"].tolist() == [1]
    assert len(list((tmp_path / "cache").glob("*.pickle"))) == 1
    (tmp_path / "cache" / "someone-elses.json").write_text("{}")
    st.cache_data.clear()
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["someone-elses.json"]


def test_bad_options_are_clear_errors() -> None:
    with pytest.raises(JupyterStateAPIException, match="persist"):
        st.cache_data(persist="memory")
    with pytest.raises(JupyterStateAPIException, match="max_entries"):
        st.cache_data(max_entries=0)
    with pytest.raises(JupyterStateAPIException, match="refresh_mode"):
        st.cache_data(ttl=1, refresh_mode="background")
    assert _caching.size_to_bytes("1.5KB") == 1536
    with pytest.raises(JupyterStateAPIException, match="max_size"):
        st.cache_data(max_size="lots")


def test_the_removed_decorators_say_what_replaced_them() -> None:
    with pytest.raises(AttributeError, match="use st.cache_data .for data. or st.cache_resource"):
        st.cache  # type: ignore[attr-defined]  # noqa: B018
    with pytest.raises(AttributeError, match="use st.cache_resource"):
        st.experimental_singleton  # type: ignore[attr-defined]  # noqa: B018
    assert not hasattr(st, "nothing_here")


def test_methods_can_be_cached() -> None:
    calls = []

    class Loader:
        def __init__(self, base: int) -> None:
            self.base = base

        @st.cache_data
        def load(_self, x: int) -> int:  # noqa: N805 - Streamlit's spelling to skip hashing self
            calls.append(x)
            return _self.base + x

    assert Loader(10).load(1) == 11
    assert Loader(20).load(1) == 11  # _self is not hashed
    assert calls == [1]


# -- inside apps ------------------------------------------------------------------------------
APP = '''
import jupyter_state as st
if "loads" not in st.session_state:
    st.session_state.loads = 0

@st.cache_data
def load(n):
    st.session_state.loads += 1
    st.write(f"loaded {n}")
    print("computing")
    return list(range(n))

rows = load(st.slider("n", 1, 5, 2, key="n"))
st.write(f"rows: {len(rows)}")
'''


def test_a_cache_survives_reruns_and_replays_its_elements(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(APP)
    at = AppTest.from_file(script).run()
    assert [m.value for m in at.markdown] == ["loaded 2", "rows: 2"]
    at.run()
    assert at.session_state.loads == 1  # a hit: the function did not run
    assert [m.value for m in at.markdown] == ["loaded 2", "rows: 2"]  # its output is shown again
    assert not at.get("stdout")  # prints are not replayed, as in Streamlit (they went to a console)
    at.slider(key="n").set_value(4).run()
    assert at.session_state.loads == 2
    assert [m.value for m in at.markdown] == ["loaded 4", "rows: 4"]
    # A new AppTest of the same script (a re-executed cell) finds the kernel-wide cache.
    again = AppTest.from_file(script).run()
    assert again.session_state.loads == 0
    assert [m.value for m in again.markdown] == ["loaded 2", "rows: 2"]


def test_a_widget_in_a_cached_function_shows_streamlits_warning(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(
        "import jupyter_state as st\n"
        "@st.cache_data\n"
        "def pick():\n"
        "    return st.checkbox('inside', key='inside')\n"
        "pick()\n"
    )
    at = AppTest.from_file(script).run()
    assert len(at.exception) == 1
    assert at.exception[0].type == "CachedWidgetWarning"
    assert "Move all widget calls out of the cached function" in at.exception[0].message
    assert issubclass(CachedWidgetWarning, UserWarning)
    assert len(at.checkbox) == 1  # the widget still works on the miss


def test_a_miss_shows_st_spinner_with_streamlits_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import contextlib

    from jupyter_state import _caching

    shown: list[str] = []

    @contextlib.contextmanager
    def spinner(text: str) -> Any:
        shown.append(text)
        yield

    monkeypatch.setattr(_caching, "spinner", spinner)

    @st.cache_data(show_spinner="Loading the data...")
    def load() -> int:
        return 1

    @st.cache_data
    def square(x: int) -> int:
        return x * x

    @st.cache_resource(show_spinner=False)
    def quiet() -> object:
        return object()

    load(), load(), square(3), square(3), quiet()
    assert shown == ["Loading the data...", "Running `test_a_miss_shows_st_spinner_with_streamlits_text.<locals>.square(...)`."]
    with pytest.raises(JupyterStateAPIException, match="show_spinner"):
        st.cache_data(show_spinner=3)  # type: ignore[arg-type]


def test_session_scope_keeps_values_per_session(tmp_path: Path) -> None:
    script = tmp_path / "app.py"
    script.write_text(
        "import jupyter_state as st\n"
        "st.session_state.setdefault('misses', 0)\n"
        "@st.cache_data(scope='session')\n"
        "def load():\n"
        "    st.session_state.misses += 1\n"
        "    return 1\n"
        "load()\n"
    )
    first = AppTest.from_file(script).run().run()
    second = AppTest.from_file(script).run()
    assert first.session_state.misses == 1
    assert second.session_state.misses == 1  # not shared with the first session


ORACLE = """
import {pkg} as st
if "misses" not in st.session_state:
    st.session_state.misses = 0

@st.cache_data
def load(n, _conn=None):
    st.session_state.misses += 1
    st.write(f"loaded {{n}}")
    return [n] * n

@st.cache_resource
def shared():
    return {{"uses": 0}}

rows = load(st.slider("n", 1, 5, 2, key="n"), _conn=object())
shared()["uses"] += 1
st.write(f"rows {{len(rows)}} misses {{st.session_state.misses}} uses {{shared()['uses']}}")
if st.button("clear", key="clear"):
    load.clear()
"""


@pytest.mark.oracle
def test_hits_misses_replays_and_clearing_match_streamlits_apptest() -> None:
    import streamlit

    from tests.test_oracle import st_testing  # skips locally without Streamlit, fails in CI

    streamlit.cache_data.clear()
    streamlit.cache_resource.clear()
    theirs = st_testing.AppTest.from_string(ORACLE.format(pkg="streamlit"))
    ours = AppTest.from_string(ORACLE.format(pkg="jupyter_state"))

    def steps(at: Any) -> list[list[str]]:
        seen = []
        at.run()
        seen.append([m.value for m in at.markdown])
        at.run()  # a hit: the cached output is shown again
        seen.append([m.value for m in at.markdown])
        at.slider(key="n").set_value(3).run()
        seen.append([m.value for m in at.markdown])
        at.button(key="clear").click().run()
        at.run()  # the cleared function misses again
        seen.append([m.value for m in at.markdown])
        return seen

    assert steps(ours) == steps(theirs)
    assert ours.session_state.misses == theirs.session_state.misses == 3
