"""For bench/app.py: the map page's canvas and nothing else, to show what a fresh load of any
Streamlit page drawing this map costs, before the app's own page list, controls and panels.

The session comes from the data dir in $WERKATELIER_DATA_DIR and the id in ?session=.
"""

import sys
from pathlib import Path

import streamlit as st

# Neither `streamlit run` nor AppTest puts the repository on sys.path.
sys.path[:0] = [str(Path(__file__).resolve().parent.parent)]

from components import mapview  # noqa: E402
from werkatelier import store  # noqa: E402

st.set_page_config(page_title="canvas", layout="wide")
doc = store.FileStore(store.data_dir()).get(st.query_params["session"])
# As pages/map.py draws it: the same key, height and first view.
mapview.show_map(doc, key="map_canvas", height=640, min_scale=0.75)
