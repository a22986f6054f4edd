import streamlit as st

st.title("Second")
if st.session_state.get("wide"):
    st.number_input("Again", 0, 10, 4, key="s", persist_state="session")
    st.slider("Page here", 0, 10, 5, key="p", persist_state="page")
