"""The cold-start floor: the smallest Streamlit app there is."""
import streamlit as st; st.write("Hello from one line")  # noqa: E401,E702
