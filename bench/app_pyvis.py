"""The baseline for bench/app.py: the usual pyvis page, the session's map as HTML in an iframe.

The session comes from the data dir in $WERKATELIER_DATA_DIR and the id in ?session= (or
$BENCH_SESSION). It reads and renders the session on every rerun, as such pages do.
"""

import os
import sys
from pathlib import Path

import streamlit as st
import streamlit.components.v1 as components

# Neither `streamlit run` nor AppTest puts the repository on sys.path.
HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]

from baseline_pyvis import baseline_html  # noqa: E402

from werkatelier import store  # noqa: E402

st.set_page_config(page_title="pyvis", layout="wide")
st.button("Opnieuw", key="noop")
doc = store.FileStore(store.data_dir()).get(st.query_params.get("session") or os.environ["BENCH_SESSION"])
components.html(baseline_html(doc), height=700)
