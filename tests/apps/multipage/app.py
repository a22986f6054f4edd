import streamlit as st

st.session_state.setdefault("visits", 0)
st.session_state.visits += 1
name = st.text_input("Your name", key="name")
pg = st.navigation([st.Page("views/home.py", default=True), st.Page("views/settings.py"), st.Page("views/02_sales_report.py")])
pg.run()
