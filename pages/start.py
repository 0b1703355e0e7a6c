"""Start: the sessions, grouped by programme and team, newest first; open one."""

from __future__ import annotations

import streamlit as st

from components import state, ui
from werkatelier import overview, render
from werkatelier.model import PARTS
from werkatelier.store import SessionSummary


def counts_line(s: SessionSummary) -> str:
    shown = [ui.t(f"part.{p}", n=s.counts[p]) for p in PARTS if s.counts.get(p)]
    return " · ".join(shown) or ui.t("start.empty_session")


def session_card(s: SessionSummary) -> None:
    with st.container(border=True):
        st.markdown(f"**{ui.md(s.title)}**")
        when = [ui.md(x) for x in (s.event, s.event_date and render.format_date(s.event_date, state.lang()))
                if x]
        if when:
            st.markdown(" · ".join(when))
        st.caption(counts_line(s))
        if st.button(ui.t("start.open"), key=f"open_{s.id}", icon=":material/open_in_new:",
                     type="primary" if s.id == state.session_id() else "secondary"):
            state.open_session(s.id)
            st.switch_page("pages/map.py")


st.title(ui.t("app.title"))
st.caption(ui.t("app.tagline"))
store = state.get_store()
try:
    sessions = store.list()
    damaged = store.damaged()
except OSError as e:
    st.error(ui.t("start.unreadable", reason=ui.md(e)))
    st.stop()
for sid, why in damaged.items():
    st.warning(ui.t("start.damaged", id=sid, reason=ui.md(why)))

groups = overview.group_sessions(sessions)
if not groups:
    st.info(ui.t("start.no_sessions"))
for programme, team, items in groups:
    heading = [ui.md(programme) if programme else ui.t("start.no_programme"),
               ui.md(overview.team_label(team))]
    st.subheader(" · ".join(x for x in heading if x))
    columns = st.columns(3)
    for i, s in enumerate(items):
        with columns[i % 3]:
            session_card(s)
