"""Issue 17 in a real ipykernel: a misuse error names the user's cell line, and the
duplication warning is a warning element in the app, with no stderr and no temp-file path."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from testsupport.kernel_helpers import Frontend, jupyter_state_kernel

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def fe(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel")) as frontend:
        yield frontend


def plain(lines: list[str]) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", "\n".join(lines))


def test_a_misuse_error_shows_the_users_cell_line_only(fe: Frontend) -> None:
    reply = fe.execute("%%app\nst.session_state.b = True\nst.button('B', key='b')\n", cell_id="misuse")
    [box] = reply.iopub.displayed_models()
    [error] = [o for o in fe.shown(box) if isinstance(o, dict) and o["output_type"] == "error"]
    shown = plain(error["traceback"])
    assert shown.splitlines()[0].startswith("ValueAssignmentNotAllowedError: st.session_state['b'] belongs to a st.button")
    count = reply.content["execution_count"]
    assert f"Cell In[{count}], line 3\n----> 3 st.button('B', key='b')" in shown
    assert "jupyter_state" not in shown and "File " not in shown


def test_the_duplication_warning_is_a_yellow_element_not_stderr(fe: Frontend) -> None:
    reply = fe.execute("%%app\nst.session_state.s2 = 7\nst.slider('S', 0, 10, 3, key='s2')\n", cell_id="dup")
    [box] = reply.iopub.displayed_models()
    outputs = [o for o in fe.shown(box) if isinstance(o, dict)]
    assert [o["output_type"] for o in outputs] == ["display_data"]  # no stream, no error
    html = outputs[0]["data"]["text/html"]
    assert "jupyter-state-warning" in html and "&#x27;s2&#x27;" in html and "ipykernel" not in html
    assert fe.shown(box)[1][0] == "AnyModel"  # the warning sits above its widget
