import streamlit as st

st.title("Home")
count = st.slider("Count", 0, 10, 3, key="count")
st.write("count", count)
if st.button("Go to settings", key="go"):
    st.switch_page("views/settings.py")
