"""The charts demo notebook (English and Chinese) under AppTest.from_notebook: the cached
load, the chart, and the table row that drives the metric."""

from __future__ import annotations

from pathlib import Path

import pytest

from jupyter_state.testing import AppTest

NOTEBOOKS = Path(__file__).parents[1] / "notebooks"


@pytest.mark.parametrize(("path", "region_total", "share"), [
    ("charts_and_data.ipynb", "south total", "28% of all sales"),
    ("zh/charts_and_data.ipynb", "south 合计", "占总销售额 28%"),
])
def test_picking_a_region_drives_the_metric(path: str, region_total: str, share: str) -> None:
    at = AppTest.from_notebook(NOTEBOOKS / path, cell="dashboard", default_timeout=30).run()
    assert not at.exception
    [line, bars] = at.get("vega_lite_chart")
    assert line.spec["layer"][0]["mark"]["type"] == "line" and bars.spec["mark"]["type"] == "bar"
    assert [(m.label, m.value) for m in at.metric] == [(at.metric[0].label, "11,129")]
    [strip] = at.image
    assert strip.value[0].startswith("data:image/png;base64,")

    at.dataframe(key="regions").select_rows([1]).run()
    [metric] = at.metric
    assert (metric.label, metric.value, metric.delta) == (region_total, "3,119", share)
    assert at.session_state.regions.selection.rows == [1]

    at.slider(key="days").set_value(14).run()  # fewer days: smaller totals, same pick
    assert at.metric[0].label == region_total and at.metric[0].value != "3,119"


def test_the_load_is_cached_across_reruns(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    import jupyter_state as st

    computed: list[int] = []
    real = np.random.default_rng

    def counting(seed: int) -> np.random.Generator:
        computed.append(seed)  # load_sales makes one generator each time it really runs
        return real(seed)

    monkeypatch.setattr(np.random, "default_rng", counting)
    st.cache_data.clear()
    at = AppTest.from_notebook(NOTEBOOKS / "charts_and_data.ipynb", cell="dashboard", default_timeout=30).run()
    assert len(computed) == 1
    at.slider(key="days").set_value(40).run()
    assert len(computed) == 2
    at.slider(key="days").set_value(30).run()  # seen before: from the cache
    at.dataframe(key="regions").select_rows([0]).run()  # a rerun for another reason
    assert len(computed) == 2 and not at.exception
