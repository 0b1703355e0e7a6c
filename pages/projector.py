"""Projector view: the map full width for the room, confidential post-its hidden, post-its still movable."""

from __future__ import annotations

import streamlit as st

from components import mapview, state, ui
from components.canvas import font_css
from werkatelier import geometry

#: Fits a 1920x1080 projector under the title, toolbar and legend.
CANVAS_HEIGHT = 800
#: At 1:1 every label is at least the canvas's 18 px minimum; the first view never zooms out further.
MIN_SCALE = 1.0
LEGEND_SIZE = 26
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
    title, follow, back = st.columns([5, 1, 1], vertical_alignment="center")
    title.markdown(f"# {ui.md(doc.meta.title)}")
    following = follow.toggle(ui.t("live.follow_lead"), key=state.PROJECTOR_FOLLOW,
                              help=ui.t("live.follow_lead_help"))
    back.page_link(ui.page("map"), label=ui.t("projector.back"), icon=":material/arrow_back:")
    data = mapview.show_map(doc, key="projector_canvas", height=CANVAS_HEIGHT, include_confidential=False,
                            tools=("zoom_in", "zoom_out", "fit"), min_scale=MIN_SCALE, allow={"moved"},
                            follow="follow" if following else None)
    st.markdown(mapview.legend_html(data["legend"], size=LEGEND_SIZE), unsafe_allow_html=True)


st.markdown(CSS, unsafe_allow_html=True)
st.html(font_css() + FONT_CSS)
ui.require_session()
# No presence badge: the room reads the map; the line it takes would push the legend off a 1080p screen.
ui.live(room, key="wa_live_projector", badge=False)
