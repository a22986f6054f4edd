import streamlit as st

st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
st.toggle("Wide", key="wide", persist_state="page")  # the entrypoint's, rendered on every page
pg = st.navigation([st.Page("views/first.py", default=True), st.Page("views/second.py")])
pg.run()
