"""Projector view: the map full width for the room, confidential post-its hidden, post-its still movable."""

from __future__ import annotations

import streamlit as st

from components import mapview, roomcontrols, state, ui
from components.canvas import font_css
from components.timer import timer_element
from werkatelier import geometry, roomnet

#: Fits a 1920x1080 projector under the title, toolbar and legend.
CANVAS_HEIGHT = 800
#: At 1:1 every label is at least the canvas's 18 px minimum; the first view never zooms out further.
MIN_SCALE = 1.0
LEGEND_SIZE = 26
SHOW_QR = "projector_show_qr"
#: Static: no user text. Hides the sidebar and Streamlit's header and uses the full width.
CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 1.5rem 0.5rem 1.5rem; max-width: 100%; }
</style>"""
#: The room reads the title and legend in the shipped font, like the post-its; served by the app.
FONT_CSS = ("<style>[data-testid=stMainBlockContainer] h1, .wa-legend "
            f"{{ font-family: {geometry.FONT_FACE}; }}</style>")



def room(doc) -> None:
    """The title, map and legend: a change made on any screen reruns only this."""
    title, clock, follow, back = st.columns([4, 1, 1, 1], vertical_alignment="center")
    lock = f" &nbsp;{ui.t('join.locked_short')}" if doc.room.locked else ""
    title.markdown(f"# {ui.md(doc.meta.title)}{lock}")
    with clock:
        timer_element(doc.room.timer, key="projector_timer", lang=state.lang(), size="large")
    following = follow.toggle(ui.t("live.follow_lead"), key=state.PROJECTOR_FOLLOW,
                              help=ui.t("live.follow_lead_help"))
    qr = follow.toggle(ui.t("projector.show_qr"), key=SHOW_QR) if roomnet.is_open() else False
    back.page_link(ui.page("map"), label=ui.t("projector.back"), icon=":material/arrow_back:")
    vote = doc.room.vote
    side = qr or (vote is not None and vote.revealed)
    where, aside = st.columns([3, 1]) if side else (st.container(), None)
    with where:
        data = mapview.show_map(doc, key="projector_canvas", height=CANVAS_HEIGHT, include_confidential=False,
                                tools=("zoom_in", "zoom_out", "fit"), min_scale=MIN_SCALE, allow={"moved"},
                                follow="follow" if following else None)
    if aside is not None:
        with aside:
            if qr:
                roomcontrols.show_join(doc, width=360, stacked=True)
            if vote is not None and vote.revealed:
                st.markdown(f"### {ui.t('join.results')}")
                roomcontrols.ranking(vote)
    st.markdown(mapview.legend_html(data["legend"], size=LEGEND_SIZE), unsafe_allow_html=True)


st.markdown(CSS, unsafe_allow_html=True)
st.html(font_css() + FONT_CSS)
ui.require_session()
# No presence badge: the room reads the map; the line it takes would push the legend off a 1080p screen.
ui.live(room, key="wa_live_projector", badge=False)
