"""A tiny live room: one session's revision and post-its in a fragment that follows every change.

Run with ``streamlit run tests/apps/live_app.py`` and $WERKATELIER_DATA_DIR set. Streamlit finds
``app`` (an st.App with the live route) by reading this file; uvicorn then imports it as the
module ``live_app``, while every page view runs it as ``__main__``: so the one file is both the
server and the page. $WERKATELIER_LIVE_MODE=poll draws the same page with no live element and a
``run_every`` of $WERKATELIER_LIVE_RUN_EVERY seconds (the baseline of bench/live.py).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import streamlit as st

# `streamlit run` puts this file's folder on sys.path, not the repository's.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from werkatelier import liveroute  # noqa: E402

if __name__ != "__main__":
    app = st.App(__file__, routes=liveroute.routes())
else:
    from components.live import live_element
    from werkatelier import live
    from werkatelier.ops import AddStakeholder
    from werkatelier.store import FileStore, data_dir

    MODE = os.environ.get("WERKATELIER_LIVE_MODE", "push")
    RUN_EVERY = float(os.environ.get("WERKATELIER_LIVE_RUN_EVERY", "20"))

    @st.cache_resource
    def _store() -> FileStore:
        return FileStore(data_dir())

    st.set_page_config(page_title="Live test", layout="wide")
    store = _store()
    session_id = st.query_params.get("session") or next((s.id for s in store.list()), None)
    lang = st.query_params.get("lang", "nl")
    runs = st.session_state.setdefault("runs", {"page": 0, "room": 0, "triggered": 0})
    runs["page"] += 1
    if session_id is None:
        st.warning("No session in the data dir.")
        st.stop()

    def add_postit() -> None:
        n = len(store.get(session_id).stakeholders) + 1
        doc = store.apply(session_id, AddStakeholder(name=f"Post-it {n} (hier)"))
        live.announce(doc.id, doc.revision)  # what the store's own hook will do after a commit

    @st.fragment(run_every=RUN_EVERY)
    def room() -> None:
        runs["room"] += 1
        doc = store.get(session_id)
        if MODE == "push" and live_element(session_id, doc.revision, key="live", lang=lang) is not None:
            runs["triggered"] += 1
        with st.container(key="room"):
            st.markdown(f"**{doc.meta.title}** · revisie {doc.revision}")
            st.markdown(" · ".join(s.name for s in doc.stakeholders) or "(leeg)")
            st.button("Post-it toevoegen", key="add", on_click=add_postit)
            st.caption(f"room runs {runs['room']} · page runs {runs['page']} · triggered {runs['triggered']}")

    room()
