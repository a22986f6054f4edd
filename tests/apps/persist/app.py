import streamlit as st

st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
if st.session_state.get("entry", True):  # the entrypoint's toggle, rendered on every page
    st.toggle("Wide", key="wide", persist_state="page")
pg = st.navigation([st.Page("views/first.py", default=True), st.Page("views/second.py")])
pg.run()
