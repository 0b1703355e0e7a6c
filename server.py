"""Werkatelier's server: Streamlit runs app.py, and the live room's socket rides beside it."""

from pathlib import Path

import streamlit as st

from werkatelier import liveroute

app = st.App(str(Path(__file__).with_name("app.py")), routes=liveroute.routes())
