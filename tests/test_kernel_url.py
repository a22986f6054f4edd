"""The URL in a real ipykernel: ``bind="query-params"`` and ``st.query_params`` over the comm.

The app's URL view (``static/url.js``) is driven as a browser drives it: when shown it
sends the page's query string, then it follows the ``query`` trait the kernel sets.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from testsupport.kernel_helpers import Frontend, jupyter_state_kernel

pytestmark = pytest.mark.kernel

APP = '''%%app
x = st.slider("X", 0, 10, 1, key="x", bind="query-params")
tags = st.multiselect("Tags", ["a", "b", "c"], key="tags", bind="query-params")
st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
st.write(f"x={x} tags={tags} page={st.query_params.get('page', '-')}")
'''


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    with jupyter_state_kernel(tmp_path_factory.mktemp("kernel_url")) as fe:
        yield fe


def _url_view(fe: Frontend) -> str:
    [view] = [cid for cid, s in fe.live().items() if s.get("_model_name") == "AnyModel" and "query" in s]
    return view


def _report(fe: Frontend, view: str, search: str) -> Any:
    return fe.comm_msg(view, {"method": "custom", "content": {"event": "location", "search": search}})


def _applied(messages: Any, view: str) -> list[str]:
    return [d["content"]["query"] for d in messages.comm_data("custom", view)]


def test_the_page_url_reaches_the_app_and_the_app_writes_it(kernel: Frontend) -> None:
    reply = kernel.execute(APP, cell_id="url-app")
    [box] = reply.iopub.displayed_models()
    assert kernel.texts(box) == ["x=1 tags=[] page=-"]
    view = _url_view(kernel)  # the app uses the URL: its hidden view is in its output
    assert kernel.models[view]["query"] == ""
    assert view in [child.removeprefix("IPY_MODEL_") for child in kernel.models[box]["children"]]

    # The page was opened with a URL: the app runs again from it, once.
    shown = _report(kernel, view, "?x=3&tags=c&tags=a&page=2")
    assert kernel.value("st.session_state.runs") == 2
    assert kernel.texts(box) == ["x=3 tags=['c', 'a'] page=2"]
    assert kernel.models[kernel.keyed("x")]["value"] == 3
    assert _applied(shown, view) == ["x=3&tags=c&tags=a&page=2"]

    # The same URL reported again (the same output shown twice) runs nothing.
    again = _report(kernel, view, "?x=3&tags=c&tags=a&page=2")
    assert kernel.value("st.session_state.runs") == 2
    assert _applied(again, view) == ["x=3&tags=c&tags=a&page=2"]

    # The user moves the slider: the URL follows; the default removes the parameter.
    kernel.update(kernel.keyed("x"), value=8)
    assert kernel.models[view]["query"] == "x=8&tags=c&tags=a&page=2"
    kernel.update(kernel.keyed("x"), value=1)
    assert kernel.models[view]["query"] == "tags=c&tags=a&page=2"
    assert kernel.value("st.query_params.to_dict()") == {"tags": "a", "page": "2"}

    # An ordinary cell sets a parameter: the page's URL follows (no run needed).
    kernel.execute('st.query_params["page"] = "3"')
    assert kernel.models[view]["query"] == "tags=c&tags=a&page=3"

    # A reloaded page (the kernel kept its state) with a URL the user edited: it wins for
    # the parameters it has; a bound widget whose parameter it lacks keeps its value and
    # puts it back.
    _report(kernel, view, "?x=5&page=9")
    assert kernel.texts(box) == ["x=5 tags=['c', 'a'] page=9"]
    assert kernel.models[view]["query"] == "x=5&page=9&tags=c&tags=a"

    # An invalid value is ignored and removed.
    _report(kernel, view, "?x=99")
    assert kernel.texts(box) == ["x=5 tags=['c', 'a'] page=-"]
    assert kernel.models[view]["query"] == "x=5&tags=c&tags=a"
