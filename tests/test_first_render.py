"""The first render at scale: two models per widget, the box's children set once per run.

Every comm the kernel opens is recorded (``comm.create_comm`` replaced, as
benchmarks/bench_rerun.py does). A widget costs its own model and its slot; views of one
class share their layout and style models, and the container's slots share one layout
(jupyter_state/_models.py, output.Block).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import comm
import ipywidgets
import pytest
from helpers import click, frontend_update, set_value, widget

import jupyter_state as st
from jupyter_state import _models
from jupyter_state.widgets._shared_esm import EsmLibrary, SharedCodeView, library_of


class Recorded:
    def __init__(self) -> None:
        self.opened: list[str] = []
        self.closed: list[str] = []


@pytest.fixture
def recorded() -> Iterator[Recorded]:
    seen = Recorded()

    class RecordingComm(comm.DummyComm):  # type: ignore[misc]
        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any) -> None:
            if msg_type == "comm_open":
                seen.opened.append(data["state"]["_model_name"])
            elif msg_type == "comm_close":
                seen.closed.append(self.comm_id)

    saved = comm.create_comm
    comm.create_comm = RecordingComm
    try:
        yield seen
    finally:
        comm.create_comm = saved


def many(n: int) -> Any:
    def body() -> None:
        for i in range(n):
            st.slider(f"s{i}", 0, 100, i % 100, key=f"s{i}")
        st.checkbox("Check", key="check")
        st.text_input("Name", key="name")
        st.button("Go", key="go")
        st.write("done")
    return body


@pytest.mark.parametrize("n", [20, 300])
def test_first_render_opens_two_models_per_widget_plus_a_constant(recorded: Recorded, n: int) -> None:
    from jupyter_state.theme import theme_view
    from jupyter_state.widgets._views import IntSliderView

    theme = theme_view()  # one per kernel, made by the first app: not this app's cost
    library_of(IntSliderView.esm_files)  # the sliders' code: one per kernel too
    recorded.opened.clear()
    app = st.app(many(n), display=False)
    widgets = n + 3
    # the box and its layout, the output group and its layout, the slots' layout, a layout
    # and a style for each of the 3 ipywidgets classes, and a layout for the sliders (an
    # anywidget, static/slider.js: no style model): 12, whatever n is
    assert len(recorded.opened) == 2 * widgets + 1 + 12
    assert recorded.opened.count("VBoxModel") == widgets + 2  # the app's box and one slot per element
    assert recorded.opened.count("LayoutModel") == 7
    sliders = [widget(app, f"s{i}").view for i in range(n)]
    assert len({id(v.layout) for v in sliders}) == 1
    assert widget(app, "name").view.style.description_width == "initial"
    slots = [child for child in app.view.box.children if child is not theme]
    assert len({id(slot.layout) for slot in slots}) == 1


def test_the_box_children_are_set_once_per_run(recorded: Recorded) -> None:
    shown = {"n": 5}
    assigned = []

    def body() -> None:
        for i in range(shown["n"]):
            st.slider(f"s{i}", 0, 10, 1, key=f"s{i}")

    app = st.app(body, display=False)
    app.view.box.observe(lambda change: assigned.append(len(change["new"])), names="children")
    shown["n"] = 50
    app.run()
    assert assigned == [51]  # the theme's view and 50 slots: 45 new ones, one assignment
    app.run()
    assert assigned == [51]  # nothing new: not set at all


def test_a_shared_layout_lives_while_a_widget_uses_it(recorded: Recorded, session: Any) -> None:
    def body() -> None:
        if st.checkbox("Both", value=True, key="both"):
            st.text_input("A", key="a")
        st.text_input("B", key="b")

    app = st.app(body, display=False)
    layout, style = widget(app, "b").view.layout, widget(app, "b").view.style
    assert widget(app, "a").view.layout is layout
    set_value(app, "both", False)  # culls "a": its layout and style are "b"'s too
    assert layout.comm is not None and style.comm is not None
    assert widget(app, "b").view.layout is layout
    app.close()
    assert layout.comm is None and style.comm is None  # the last user closed them
    # none left in this session's scope (AppTests of other tests never close their views)
    assert [m for m, (key, _) in _models._users.items() if key[0] is session] == []


def test_a_layout_change_moves_one_widget_to_another_shared_layout(recorded: Recorded) -> None:
    def body() -> None:
        wide = st.checkbox("Wide", key="wide")
        st.button("One", key="one", use_container_width=wide)
        st.button("Two", key="two")

    app = st.app(body, display=False)
    one, two = widget(app, "one").view, widget(app, "two").view
    assert one.layout is two.layout and one.layout.width is None
    set_value(app, "wide", True)
    assert one.layout.width == "100%" and two.layout.width is None  # "two" is untouched
    click(app, "one")
    set_value(app, "wide", False)
    assert one.layout is two.layout


def test_a_reordered_slot_gets_its_own_layout_and_the_others_keep_theirs(recorded: Recorded) -> None:
    def body() -> None:
        if st.checkbox("Top", key="top"):
            st.slider("Top slider", 0, 10, 1, key="t")
        st.slider("Bottom", 0, 10, 1, key="bottom")

    app = st.app(body, display=False)
    check = widget(app, "top").view
    frontend_update(check, value=True)  # the new slider goes to the end of the DOM, shown second
    slots = app.view.box.children[1:]  # after the theme's (hidden) view
    orders = [slot.layout.order for slot in slots]
    assert orders == ["0", "2", "1"]  # checkbox, bottom slider, the new one (in DOM order)
    closed = len(recorded.closed)
    frontend_update(check, value=False)
    assert [s.layout.display for s in slots] == [None, None, "none"]
    # only the culled slider's view: its layout and style are the other slider's too, and
    # the freed slot keeps its own layout (hidden), so nothing else is closed
    assert len(recorded.closed) == closed + 1
    assert isinstance(slots[0].layout, ipywidgets.Layout)


def test_the_sliders_code_is_sent_once_per_kernel_not_once_per_slider() -> None:
    sent: list[dict[str, Any]] = []

    class RecordingComm(comm.DummyComm):  # type: ignore[misc]
        def publish_msg(self, msg_type: str, data: Any = None, metadata: Any = None, buffers: Any = None, **keys: Any) -> None:
            if msg_type == "comm_open":
                sent.append(data["state"])

    from jupyter_state.widgets._views import IntSliderView

    library_of(IntSliderView.esm_files).close()  # as in a new kernel
    saved = comm.create_comm
    comm.create_comm = RecordingComm
    try:
        app = st.app(many(300), display=False)
        st.app(many(5), display=False)  # a second app in the same kernel
    finally:
        comm.create_comm = saved
    slider_code = (Path(st.__file__).parent / "static" / "slider.js").read_text(encoding="utf-8")
    with_code = [s for s in sent if slider_code in s.get("_esm", "")]
    assert len(with_code) == 1  # the library, once
    library = with_code[0]
    sliders = [s for s in sent if s.get("_library_key") == library["key"]]
    assert len(sliders) == 305
    assert {s["_esm"] for s in sliders} == {SharedCodeView._esm.default_value}
    assert max(len(s["_esm"]) for s in sliders) < 1500  # not the 14 KB module
    view = widget(app, "s0").view
    assert isinstance(view, IntSliderView) and view._library == f"IPY_MODEL_{library_of(view.esm_files).model_id}"
    assert type(view) is IntSliderView  # no class of its own per instance (anywidget's add_traits)


def test_a_closed_library_is_made_anew_for_the_next_view() -> None:
    from jupyter_state.widgets._views import FloatInputView

    first = library_of(FloatInputView.esm_files)
    assert isinstance(first, EsmLibrary) and "number_input.js@" in first.key
    assert "const LIBRARY_KEY = " in first._esm and "export default { render }" in first._esm
    first_id = first.model_id
    first.close()
    view = FloatInputView(value=1.5, min=0, max=3)
    assert view._library == f"IPY_MODEL_{library_of(FloatInputView.esm_files).model_id}" != f"IPY_MODEL_{first_id}"
    assert view.value == 1.5
