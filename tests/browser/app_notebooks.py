"""The small notebooks the browser tests open, as cell sources (written with nbformat).

Every app cell counts its own runs in ``_runs`` (a plain dict in the kernel's namespace),
so a test can tell from the kernel whether an interaction caused a run, and how many.
"""

from __future__ import annotations

from pathlib import Path

from testsupport.jupyter_servers import write_notebook

SETUP = """\
import jupyter_state as st
_runs = {}
"""

COUNTER = """\
%%app
_runs["counter"] = _runs.get("counter", 0) + 1
if "count" not in st.session_state:
    st.session_state.count = 0

def add(n):
    st.session_state.count += n

st.slider("Step", 1, 10, 1, key="step")
st.button("Add", key="add", on_click=add, args=(st.session_state.step,))
st.write("Count:", st.session_state.count)
st.write("Step is", st.session_state.step)
"""

TEXT = """\
%%app
_runs["text"] = _runs.get("text", 0) + 1

def greeted():
    st.session_state.greetings = st.session_state.get("greetings", 0) + 1

st.text_input("Name", key="name", on_change=greeted)
st.text_input("City", key="city")
st.write(f"Hello {st.session_state.name or 'nobody'} from {st.session_state.city or 'nowhere'}")
st.write("on_change ran", st.session_state.get("greetings", 0), "times")
"""

FORM = """\
%%app
_runs["form"] = _runs.get("form", 0) + 1
with st.form("signup"):
    st.text_input("Nickname", key="nick")
    st.slider("Age", 0, 120, 30, key="age")
    submitted = st.form_submit_button("Sign up")
st.write("Submitted" if submitted else "Waiting", "nick", st.session_state.nick or "-", "age", st.session_state.age)
"""

BOOM = """\
%%app
_runs["boom"] = _runs.get("boom", 0) + 1

def explode():
    raise ValueError("kaboom from the on_click callback")

st.button("Explode", key="boom", on_click=explode)
st.write("The boom app body ran")
"""

HIDE = """\
%%app
_runs["hide"] = _runs.get("hide", 0) + 1
show = st.checkbox("Show extra", value=True, key="show_extra")
if show:
    st.text_input("Extra", key="extra")
st.text_input("Below", key="below")
st.write("Below is", st.session_state.below or "-")
"""

LAYOUT = """\
%%app
_runs["layout"] = _runs.get("layout", 0) + 1
st.set_page_config(page_title="Layout demo", page_icon="📊", layout="wide")

def bump():
    st.session_state.bumps = st.session_state.get("bumps", 0) + 1

with st.sidebar:
    st.slider("Level", 0, 10, 2, key="level")
    st.write("Sidebar text")
left, middle, right = st.columns(3)
left.button("Bump", key="bump", on_click=bump)
middle.write("Level is", st.session_state.level)
right.text_input("Name", key="name")
numbers, words = st.tabs(["Numbers", "Words"])
numbers.write("Bumps:", st.session_state.get("bumps", 0))
with words:
    st.checkbox("Shout", key="shout")
with st.expander("Details"):
    st.write("Hidden details")
"""

#: Stateful containers (Streamlit 1.67's on_change): switching the tab reruns the app,
#: which shows only the open tab's text; the expander says whether it is open.
STATEFUL = """\
%%app
_runs["stateful"] = _runs.get("stateful", 0) + 1

def switched():
    st.session_state.switches = st.session_state.get("switches", []) + [st.session_state.pet]

cat, dog = st.tabs(["Cat", "Dog"], key="pet", on_change=switched)
if cat.open:
    cat.write("Meow")
if dog.open:
    dog.write("Woof")
more = st.expander("More", key="more", on_change="rerun")
st.write("More is", "open" if more.open else "closed")
"""

#: JupyterLab opens all of them in one notebook: one kernel, one page.
LAB_CELLS = [SETUP, COUNTER, TEXT, FORM, BOOM, HIDE]
#: Notebook 7 and Voilà: the counter.
COUNTER_CELLS = [SETUP, COUNTER]
#: The layout dashboard, in each of the three frontends.
LAYOUT_CELLS = [SETUP, LAYOUT]
#: The stateful tabs and expander (JupyterLab).
STATEFUL_CELLS = [SETUP, STATEFUL]


def write(path: Path, cells: list[str]) -> Path:
    return write_notebook(path, cells)
