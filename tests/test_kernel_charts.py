"""Charts and st.echo in a real ipykernel: the echo finds its code in IPython's cell cache,
and a rerun sends a chart's output again only when its data changed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testsupport.kernel_helpers import Frontend, jupyter_state_kernel

pytestmark = pytest.mark.kernel

APP = '''%%app
import pandas as pd
n = st.slider("Points", 2, 9, 3, key="n")
other = st.checkbox("Other", key="other")
with st.echo():
    data = pd.DataFrame({"x": range(n), "y": [v * v for v in range(n)]})
st.line_chart(data, x="x", y="y")
'''


@pytest.fixture(scope="module")
def kernel(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Frontend]:
    with jupyter_state_kernel(tmp_path_factory.mktemp("charts")) as fe:
        yield fe


def test_echo_and_chart_in_an_app_cell(kernel: Frontend) -> None:
    reply = kernel.execute(APP, cell_id="chart")
    [box] = reply.iopub.displayed_models()
    outputs = [o for o in kernel.shown(box) if isinstance(o, dict)]
    code, chart = outputs
    assert code["data"]["text/plain"] == 'data = pd.DataFrame({"x": range(n), "y": [v * v for v in range(n)]})'
    spec = chart["data"]["application/vnd.vegalite.v5+json"]
    assert [row["y"] for row in next(iter(spec["datasets"].values()))] == [0, 1, 4]

    toggled = kernel.update(kernel.keyed("other"), value=True)  # a rerun with the same data
    assert toggled.comm_opens() == [] and toggled.updated_ids() == set()  # the chart is not sent again

    moved = kernel.update(kernel.keyed("n"), value=4)
    [output] = moved.updated_ids()
    [sent] = moved.updates(output)
    new_spec = sent["outputs"][-1]["data"]["application/vnd.vegalite.v5+json"]
    assert [row["y"] for row in next(iter(new_spec["datasets"].values()))] == [0, 1, 4, 9]
