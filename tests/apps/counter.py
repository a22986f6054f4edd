import jupyter_state as st

if "count" not in st.session_state:
    st.session_state.count = 0


def add(n):
    st.session_state.count += n


st.slider("Step", 1, 10, 1, key="step")
st.button("Add", on_click=add, args=(st.session_state.step,), key="add")
st.write("Count:", st.session_state.count)
