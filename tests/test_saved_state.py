"""``st.remember``: the codec, the signed store, and restore/save through AppTest.

A "restart" here is a new AppTest of the same script: a fresh session, as a new kernel
has. The kernel restart itself is in ``test_kernel_saved_state.py``.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import json
import os
import stat
import warnings
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd
import pytest

import jupyter_state as st
from jupyter_state import _snapshot_codec as codec
from jupyter_state._snapshot_store import SnapshotFile
from jupyter_state.errors import JupyterStateAPIException
from jupyter_state.saved_state import saved_state_of
from jupyter_state.testing import AppTest
from tests.test_inspector import panel  # noqa: F401  (the panel's comm, opened as the extension opens it)


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("JUPYTER_STATE_DATA_DIR", str(folder))
    monkeypatch.delenv("JUPYTER_STATE_SNAPSHOT_PICKLE", raising=False)
    return folder


class Color(enum.Enum):
    RED = 1
    BLUE = 2


VALUES: dict[str, Any] = {
    "none": None, "bool": True, "int": 7, "big": 10**30, "float": 2.5, "nan": float("nan"), "inf": float("-inf"),
    "str": "héllo", "list": [1, "a", None], "dict": {"a": {"b": [1, 2]}}, "tag_dict": {"$js": "not a tag"},
    "int_keys": {1: "one", (2, 3): "pair"}, "tuple": (1, (2, 3)), "set": {3, 1, 2}, "frozenset": frozenset("ab"),
    "mixed_set": {1, "a"}, "date": dt.date(2024, 3, 4), "datetime": dt.datetime(2024, 3, 4, 9, 30, 15, 123),
    "aware": dt.datetime(2024, 3, 31, 2, 30, tzinfo=dt.timezone(dt.timedelta(hours=5, minutes=30))),
    "zoned": dt.datetime(2024, 11, 3, 1, 30, fold=1, tzinfo=ZoneInfo("America/New_York")),
    "time": dt.time(11, 45, 30), "timedelta": dt.timedelta(days=-1, seconds=5, microseconds=7),
    "decimal": decimal.Decimal("1.10"), "complex": complex(1, -2), "bytes": b"\x00\xff", "bytearray": bytearray(b"ab"),
    "enum": Color.BLUE, "nested": [{"when": (dt.date(2024, 1, 1), Color.RED)}],
    "np_int": np.int64(3), "np_float": np.float32(1.5), "np_bool": np.bool_(True), "np_str": np.str_("x"),
    "np_array": np.array([1.5, 2.5]), "np_int_array": np.array([1, 2], dtype=np.int16),
    "np_dates": np.array(["2024-01-01", "2024-02-01"], dtype="datetime64[D]"),
    "timestamp": pd.Timestamp("2024-03-04 10:00", tz="Europe/Oslo"),
}


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and a != a:
        return isinstance(b, float) and b != b
    if isinstance(a, np.ndarray):
        return isinstance(b, np.ndarray) and a.dtype == b.dtype and bool((a == b).all())
    return type(a) is type(b) and a == b and getattr(a, "fold", 0) == getattr(b, "fold", 0) and (
        not isinstance(a, (dt.datetime, dt.time)) or str(a.tzinfo) == str(b.tzinfo))


@pytest.mark.parametrize("name", list(VALUES))
def test_every_type_round_trips_through_json(name: str) -> None:
    value = VALUES[name]
    stored = json.loads(json.dumps(codec.encode(value), allow_nan=False))
    assert _same(codec.decode(stored, globals()), value)
    if isinstance(value, np.generic):
        assert type(codec.decode(stored)) is type(value)


def test_sets_are_stored_sorted() -> None:
    assert codec.encode({3, 1, 2}) == {"$js": "set", "v": [1, 2, 3]}


def test_dataframes_and_series_round_trip_with_their_dtypes() -> None:
    frame = pd.DataFrame({
        "n": pd.array([1, 2, 3], dtype="int64"), "x": [0.5, None, 2.0], "s": ["a", "b", None],
        "when": pd.to_datetime(["2024-01-01", "2024-01-02", None]), "flag": [True, False, True],
        "cat": pd.Categorical(["u", "v", "u"]), 3: [1, 2, 3],
    }, index=pd.Index(["r1", "r2", "r3"], name="row"))
    back = codec.decode(json.loads(json.dumps(codec.encode(frame))))
    pd.testing.assert_frame_equal(back, frame)
    series = pd.Series([1.5, 2.5], index=pd.RangeIndex(2, 4), name="price")
    pd.testing.assert_series_equal(codec.decode(json.loads(json.dumps(codec.encode(series)))), series)


@pytest.mark.parametrize("value, why", [
    (lambda: 1, "is not one of the types"),
    (object(), "is not one of the types"),
    (pd.DataFrame({"a": range(10_001)}), "over the limit of 10000"),
    (np.zeros((2, 2)), "2-D NumPy array"),
    (Color, "is not one of the types"),
])
def test_what_cannot_be_stored_says_why(value: Any, why: str) -> None:
    with pytest.raises(codec.Unstorable, match=why):
        codec.encode(value)


def test_an_enum_is_looked_up_never_imported() -> None:
    stored = {"$js": "enum", "module": "no_such_module_xyz", "cls": "Thing", "name": "A"}
    with pytest.raises(codec.Undecodable, match="not defined yet"):
        codec.decode(stored, {"__name__": "__main__"})
    assert "no_such_module_xyz" not in __import__("sys").modules


# -- the store ----------------------------------------------------------------------------
SCRIPT = """
import jupyter_state as st
st.remember("count", "city")
if "count" not in st.session_state:
    st.session_state.count = 0
if st.button("Add", key="add"):
    st.session_state.count += 1
st.selectbox("City", ["Paris", "Oslo", "Rome"], index=0, key="city")
st.write("count", st.session_state.count)
"""


@pytest.fixture
def script(tmp_path: Path) -> Path:
    (tmp_path / "project").mkdir()
    path = tmp_path / "project" / "app.py"
    path.write_text(SCRIPT, encoding="utf-8")
    return path


def _file(script: Path) -> SnapshotFile:
    return SnapshotFile(str(script.resolve()))


def test_state_comes_back_in_a_fresh_session_and_the_widget_starts_from_it(script: Path, data_dir: Path) -> None:
    at = AppTest.from_file(script).run()
    at.button(key="add").click().run()
    at.button(key="add").click().run()
    at.selectbox(key="city").set_value("Oslo").run()
    assert at.session_state.count == 2
    saved = _file(script)
    assert saved.path.parent.parent == data_dir and saved.path.is_file()
    assert script.parent not in saved.path.parents  # never beside the notebook
    assert stat.S_IMODE(os.stat(data_dir / "snapshot_secret").st_mode) == 0o600

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no "default value and session state" warning
        again = AppTest.from_file(script).run()
    assert again.session_state.count == 2
    assert again.selectbox(key="city").value == "Oslo"
    assert again.markdown[0].value == "count `2`"


def test_nothing_is_written_when_nothing_changed(script: Path) -> None:
    at = AppTest.from_file(script).run()
    path = _file(script).path
    first = path.stat().st_mtime_ns
    os.utime(path, ns=(first - 10**9, first - 10**9))
    at.run()
    at.run()
    assert path.stat().st_mtime_ns == first - 10**9
    at.selectbox(key="city").set_value("Rome").run()
    assert path.stat().st_mtime_ns != first - 10**9
    assert [p.name for p in path.parent.iterdir()] == [path.name]  # no temp file left


def test_a_failed_run_saves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "fails.py"
    path.write_text("import jupyter_state as st\nst.remember('n')\nst.session_state.n = st.session_state.get('n', 0) + 1\n"
                    "if st.session_state.n == 2:\n    raise ValueError('boom')\n", encoding="utf-8")
    at = AppTest.from_file(path).run()
    at.run()  # n == 2: fails
    assert json.loads(_file(path).path.read_text())["keys"] == {"n": 1}


def test_unstorable_values_are_named_in_one_warning_and_the_rest_is_saved(tmp_path: Path) -> None:
    path = tmp_path / "mixed.py"
    path.write_text("import jupyter_state as st\nst.remember()\nst.session_state.n = 5\n"
                    "st.session_state.fn = lambda x: x\nst.session_state.model = object()\n", encoding="utf-8")
    with pytest.warns(UserWarning) as caught:
        AppTest.from_file(path).run()
    [message] = [str(w.message) for w in caught if "st.remember" in str(w.message)]
    assert "could not save 2 session-state key(s)" in message
    assert "'fn' (function:" in message and "'model' (object:" in message
    assert "JUPYTER_STATE_SNAPSHOT_PICKLE=1" in message
    assert json.loads(_file(path).path.read_text())["keys"] == {"n": 5}


def _tamper(path: Path, change: Any) -> None:
    document = json.loads(path.read_text())
    change(document)
    path.write_text(json.dumps(document))


@pytest.mark.parametrize("change, why", [
    (lambda d: d["keys"].update(count=99), "was changed after it was saved"),
    (lambda d: d.update(signer="0" * 16), "signed by another user or on another machine"),
    (lambda d: d.pop("signature"), "is not signed"),
    (lambda d: d.update(notebook="/elsewhere/other.ipynb"), "changed after it was saved"),
])
def test_a_tampered_unsigned_or_foreign_snapshot_is_refused(script: Path, change: Any, why: str) -> None:
    at = AppTest.from_file(script).run()
    at.button(key="add").click().run()
    path = _file(script).path
    _tamper(path, change)
    tampered = json.loads(path.read_text())
    with pytest.warns(UserWarning, match=why) as caught:
        again = AppTest.from_file(script).run()
    message = next(str(w.message) for w in caught if why in str(w.message))
    assert str(path) in message and "st.trust_saved_state()" in message
    assert again.session_state.count == 0  # not loaded
    again.button(key="add").click().run()
    assert json.loads(path.read_text()) == tampered  # nothing is saved over it


def test_a_snapshot_copied_from_another_notebook_is_refused(script: Path) -> None:
    AppTest.from_file(script).run().button(key="add").click().run()
    other = script.with_name("other.py")
    other.write_text(SCRIPT, encoding="utf-8")
    _file(other).path.write_bytes(_file(script).path.read_bytes())  # signed by this user, for app.py
    with pytest.warns(UserWarning, match="it was saved for another notebook"):
        at = AppTest.from_file(other).run()
    assert at.session_state.count == 0


def test_a_snapshot_of_another_user_is_refused_then_trusted(script: Path, data_dir: Path) -> None:
    AppTest.from_file(script).run().button(key="add").click().run()
    (data_dir / "snapshot_secret").write_bytes(b"another user's secret")  # as if copied from elsewhere
    with pytest.warns(UserWarning, match="another user"):
        at = AppTest.from_file(script).run()
    assert at.session_state.count == 0
    from jupyter_state import runtime

    with runtime.using(at.session):  # as a cell of the notebook runs in the app's session
        back = _trust_from(script)
    assert back == ["city", "count"]  # every saved key: its value replaces the one the key has now
    assert at.session_state.count == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert AppTest.from_file(script).run().session_state.count == 1  # now signed as this user's


def _trust_from(script: Path) -> list[str]:
    namespace: dict[str, Any] = {"__file__": str(script), "st": st}
    exec("back = st.trust_saved_state()", namespace)
    return list(namespace["back"])


def test_a_foreign_pickle_is_never_unpickled(script: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = tmp_path / "ran"
    monkeypatch.setenv("JUPYTER_STATE_SNAPSHOT_PICKLE", "1")
    AppTest.from_file(script).run()
    path = _file(script).path
    document = json.loads(path.read_text())
    assert document["codec"] == "pickle"

    class Evil:
        def __reduce__(self) -> Any:
            return (Path.touch, (marker,))

    import base64
    import pickle

    _tamper(path, lambda d: d["keys"].update(count=base64.b64encode(pickle.dumps(Evil())).decode()))
    with pytest.warns(UserWarning, match="changed after it was saved"):
        AppTest.from_file(script).run()
    assert not marker.exists()


def test_pickles_only_with_the_environment_variable(script: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JUPYTER_STATE_SNAPSHOT_PICKLE", "1")
    AppTest.from_file(script).run().button(key="add").click().run()
    assert AppTest.from_file(script).run().session_state.count == 1  # allowed, and signed as this user's
    monkeypatch.delenv("JUPYTER_STATE_SNAPSHOT_PICKLE")
    with pytest.warns(UserWarning, match="holds pickles, and pickled snapshots are off"):
        at = AppTest.from_file(script).run()
    assert at.session_state.count == 0


def test_forget_saved_state_deletes_the_snapshot(script: Path) -> None:
    at = AppTest.from_file(script).run()
    at.button(key="add").click().run()
    assert _file(script).path.is_file()
    from jupyter_state import runtime

    with runtime.using(at.session):
        namespace: dict[str, Any] = {"__file__": str(script), "st": st}
        exec("gone = st.forget_saved_state()", namespace)
    assert namespace["gone"] is True
    assert not _file(script).path.exists()
    assert at.session_state.count == 1  # the session's state is not changed
    at.run()
    assert not _file(script).path.exists()  # a run that changed nothing does not write it back
    at.button(key="add").click().run()
    assert json.loads(_file(script).path.read_text())["keys"]["count"] == 2  # a change is saved again
    with runtime.using(at.session):
        exec("st.forget_saved_state()", namespace)
    with runtime.using(runtime.JupyterState()):
        exec("import jupyter_state as st\nst.remember('count')", {"__file__": str(script)})
        assert "count" not in st.session_state


def test_an_enum_defined_later_is_kept_and_warned(tmp_path: Path) -> None:
    path = tmp_path / "enum_app.py"
    path.write_text("import enum\nimport jupyter_state as st\nclass Size(enum.Enum):\n    S = 1\n    L = 2\n"
                    "st.remember('size')\nst.session_state.setdefault('size', Size.L)\n", encoding="utf-8")
    AppTest.from_file(path).run()
    assert AppTest.from_file(path).run().session_state.size.name == "L"  # looked up in the script's namespace
    path.write_text("import jupyter_state as st\nst.remember('size')\n", encoding="utf-8")
    with pytest.warns(UserWarning, match="Enum __main__.Size, which is not defined yet"):
        at = AppTest.from_file(path).run()
    assert "size" not in at.session_state
    assert "size" in json.loads(_file(path).path.read_text())["keys"]  # not lost


def test_outside_a_notebook_the_error_says_why(monkeypatch: pytest.MonkeyPatch) -> None:
    at = AppTest.from_string("import jupyter_state as st\nst.remember('a')\n").run()
    assert "AppTest.from_file" in str(at.exception[0].value)
    assert saved_state_of(at.session) is None
    with pytest.raises(JupyterStateAPIException):
        st.remember(3.5j)  # type: ignore[arg-type]


# -- the side panel's requests ------------------------------------------------------------------


def test_the_panel_sees_the_remembered_keys_and_forgets_the_snapshot(panel: Any, data_dir: Path) -> None:  # noqa: F811
    assert panel.request({"type": "saved_state", "id": 1}) == {
        "type": "saved_state", "id": 1, "ok": True, "remembered": [], "every": False, "file": None, "saved": False,
        "unsaved": {}}
    st.session_state.city = "Oslo"
    st.session_state.scratch = object()
    st.remember("city", "scratch")  # keyed by this test file, as an AppTest script would be
    saved = saved_state_of()
    assert saved is not None
    with pytest.warns(UserWarning, match="could not save 1 session-state key"):
        assert saved.save()
    reply = panel.request({"type": "saved_state", "id": 2})
    assert reply["remembered"] == ["city", "scratch"] and reply["saved"] is True
    assert reply["unsaved"] == {"scratch": "object: it is not one of the types a snapshot stores as JSON"}
    assert Path(reply["file"]).parent == data_dir / "snapshots"
    reply = panel.request({"type": "forget_saved_state", "id": 3})
    assert reply["ok"] and reply["forgot"] is True and reply["saved"] is False
    assert not Path(reply["file"]).exists()
    assert panel.request({"type": "forget_saved_state", "id": 4})["forgot"] is False


def test_a_notebook_under_apptest_is_keyed_by_its_path(tmp_path: Path, data_dir: Path) -> None:
    """AppTest.from_notebook knows its notebook, as a kernel Jupyter started does: a second
    AppTest of it is a restart, and another notebook does not see its values."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    def write(name: str) -> Path:
        path = tmp_path / name
        nbformat.write(new_notebook(cells=[
            new_code_cell("import jupyter_state as st"),
            new_code_cell('%%app\nst.remember("city")\nst.selectbox("City", ["Paris", "Oslo"], key="city")'),
        ]), path)
        return path

    first, other = write("trip.ipynb"), write("other.ipynb")
    at = AppTest.from_notebook(first).run()
    at.selectbox(key="city").set_value("Oslo").run()
    assert AppTest.from_notebook(first).run().selectbox(key="city").value == "Oslo"
    assert AppTest.from_notebook(other).run().selectbox(key="city").value == "Paris"
    assert SnapshotFile(str(first.resolve())).path.is_file()
    shown = AppTest.from_string("import jupyter_state as st\nst.remember('x')").run()
    assert "AppTest.from_notebook" in str(shown.exception[0].value)
