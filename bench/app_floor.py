"""The floor for bench/app.py: a page with one widget and nothing else."""

import streamlit as st

st.button("Opnieuw", key="noop")
