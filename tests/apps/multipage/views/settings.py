import streamlit as st

st.title("Settings")
mode = st.selectbox("Mode", ["light", "dark"], key="mode")
st.checkbox("Keep", key="count")
if "mode" in st.session_state:
    st.session_state.saved_mode = st.session_state.mode
