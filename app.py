"""Werkatelier's Streamlit entry: page config, data dir, demo seeding, language and navigation."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from components import access, outage, roomcontrols, state, streamlit_words, ui, unsaved
from werkatelier import i18n, roomnet

#: A local icon: a :material/…: page icon makes Streamlit fetch the favicon from an outside font host.
ICON = Path(__file__).parent / "components" / "favicon.png"
st.set_page_config(page_title="Werkatelier", page_icon=str(ICON), layout="wide")

outage.guard()  # the database away: one clear message that clears itself, never a traceback
problems = state.seed_once(str(state.data_root()))
# Who this browser is, from its cookies, on the server: with a room open, a participant gets one
# session's phone view and nothing else; without a code, the gate showed a prompt before this.
ui.forget_parts()  # a full run draws every live part afresh
role = access.find_role()
if role is None:
    roomcontrols.shut_out()
if not role.facilitator:
    roomcontrols.participant_app(role)
state.sync_url()

#: Every screen, in the order of a workshop day. The url paths stay Dutch: links are shared in the room.
#: Files come from ui.page: pages/ beside this file, whatever the working directory.
PAGES = [
    ("start", "nav.start", ":material/home:", "start"),
    ("session", "nav.session", ":material/groups:", "sessie"),
    ("map", "nav.map", ":material/hub:", "kaart"),
    ("projector", "nav.projector", ":material/present_to_all:", "projectie"),
    ("personas", "nav.personas", ":material/person:", "personas"),
    ("interviews", "nav.interviews", ":material/record_voice_over:", "interviews"),
    ("rounds", "nav.rounds", ":material/sticky_note_2:", "werkrondes"),
    ("actions", "nav.actions", ":material/checklist:", "acties"),
    ("analysis", "nav.analysis", ":material/insights:", "analyse"),
    ("history", "nav.history", ":material/history:", "geschiedenis"),
    ("present", "nav.present", ":material/slideshow:", "presentatie"),
]

# Built once per browser and language: making a page resolves its file, every rerun.
built = st.session_state.setdefault(state.PAGES, {})
if state.lang() not in built:
    built[state.lang()] = [st.Page(ui.page(name), title=ui.t(label), icon=icon, url_path=url,
                                   default=(url == "start")) for name, label, icon, url in PAGES]
nav = st.navigation(built[state.lang()])


def open_session(doc) -> None:
    """The open session's title, this browser's undo and the room's controls: a live part of its
    own beside the page's, rerun by a pushed change only when what it shows changed."""
    st.caption(ui.t("app.open_session"))
    st.markdown(f"**{ui.md(doc.meta.title)}**")
    ui.undo_controls()
    roomcontrols.facilitator_controls(doc, nav.url_path)


def sidebar_shows(doc) -> tuple:
    """What the sidebar's part shows: a change elsewhere that leaves this alone does not rerun it."""
    return doc.meta.title, ui.undo_state(doc.id), doc.room.model_dump_json(), roomnet.is_open()


with st.sidebar:
    ui.live_part(open_session, key="wa_sidebar", watch=sidebar_shows, run_every=ui.SAFETY_POLL_S)
    names = {"nl": "Nederlands", "en": "English"}
    chosen = st.segmented_control(ui.t("app.language"), options=list(i18n.LANGUAGES),
                                  format_func=names.__getitem__, default=state.lang(), key="wa_lang_pick")
    if chosen and chosen != state.lang():
        state.set_lang(chosen)
        st.rerun()
    streamlit_words.translate(state.lang())
    unsaved.guard(state.lang())

for p in problems:
    st.warning(ui.t("start.demo_problem", problem=ui.md(p)))
ui.show_flashes()
with outage.shown():
    nav.run()
if not ui.has_live_element() and ui.current() is not None:  # a page without a live part
    with st.sidebar:
        ui.live_element("wa_live_sidebar")
