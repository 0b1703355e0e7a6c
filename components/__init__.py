"""Streamlit UI building blocks; each takes ``key=``, keeps its own state and returns its value."""
