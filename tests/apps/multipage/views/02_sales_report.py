import streamlit as st

st.title("Sales report")
st.number_input("Target", value=5, key="target")
