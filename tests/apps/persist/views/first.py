import streamlit as st

st.title("First")
if st.checkbox("Show", value=True, key="show", persist_state="session"):
    st.slider("Page", 0, 10, 1, key="p", persist_state="page")
    st.slider("Session", 0, 10, 2, key="s", persist_state="session")
    st.slider("Plain", 0, 10, 3, key="n")
    st.text_input("Bound", "x", key="b", bind="query-params", persist_state="page")
