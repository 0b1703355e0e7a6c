"""A participant's view (a phone at 390x844, or a laptop): post-its, the round, the vote, the map,
the personas and the timer of the one session they joined. Everything here reads the session
through the participant's store (werkatelier.roles), so nothing confidential is ever sent."""

from __future__ import annotations

import html

import streamlit as st

from components import access, mapview, roomcontrols, state, ui
from components.timer import timer_element
from werkatelier import i18n, personas
from werkatelier.model import NAME_MAX, Session, Stakeholder
from werkatelier.ops import AddAnswers, AddStakeholder, UpdateStakeholder
from werkatelier.roomops import CastVote, current_round

PART = "join_part"
NEW, CLUSTER, ANSWER = "join_new", "join_cluster", "join_answer"
EDIT_PICK, EDIT_NAME, EDIT_ORG = "join_edit_pick", "join_edit_name", "join_edit_org"
FOCUS_SEEN = "join_focus_seen"
FOLLOW = "join_follow"
PARTS = ("postit", "round", "vote", "map", "personas")
FOCUS_PART = {"map": "map", "round": "round", "personas": "personas", "vote": "vote"}
#: Large touch targets and text: a phone held at arm's length.
CSS = """<style>
[data-testid=stMainBlockContainer] { padding-top: 1rem; }
.st-key-join_body button, .st-key-join_body input, .st-key-join_body [data-baseweb=select] > div
  { min-height: 3rem; font-size: 1.1rem; }
.st-key-join_body [data-testid=stSegmentedControl] button { min-height: 2.75rem; }
.wa-prompt { font-size: 1.35rem; font-weight: 700; line-height: 1.3; overflow-wrap: anywhere; }
</style>"""


def add_postit() -> None:
    """Enter in the post-it field: one post-it, in the cluster chosen above it."""
    name = " ".join(str(st.session_state.get(NEW) or "").split())
    if not name:
        return
    cluster = st.session_state.get(CLUSTER) or None
    if ui.run(AddStakeholder(stakeholder=Stakeholder(name=name[:NAME_MAX], cluster=cluster)),
              done=ui.t("join.added", name=ui.md(name))) is not None:
        st.session_state[NEW] = ""


def add_answer(round_id: str) -> None:
    text = " ".join(str(st.session_state.get(ANSWER) or "").split())
    if text and ui.run(AddAnswers(round_id=round_id, answers=[text]), done=ui.t("join.answered")) is not None:
        st.session_state[ANSWER] = ""


def vote(key: str, add: bool) -> None:
    voter = access.voter()
    if voter is None:
        state.flash("error", ui.t("join.no_voter"))
        return
    ui.run(CastVote(voter=voter, key=key, add=add))


def postit_part(doc: Session) -> None:
    if doc.room.locked:
        st.info(ui.t("join.locked"), icon=":material/lock:")
        return
    names = {c.id: c.name for c in doc.clusters}
    if names:
        st.selectbox(ui.t("join.cluster"), options=["", *names], key=CLUSTER,
                     format_func=lambda c: names.get(c) or ui.t("join.no_cluster"))
    st.text_input(ui.t("join.new"), key=NEW, max_chars=NAME_MAX, on_change=add_postit,
                  placeholder=ui.t("join.new_hint"))
    st.caption(ui.t("join.enter"))
    edit_part(doc)


def rename(sid: str) -> None:
    """Save the edit form: a post-it's new name and organisation, checked against the session now."""
    name = " ".join(str(st.session_state.get(f"{EDIT_NAME}_{sid}") or "").split())
    organisation = " ".join(str(st.session_state.get(f"{EDIT_ORG}_{sid}") or "").split())
    if not name:
        state.flash("warning", ui.t("join.name_needed"))
        return
    changes = {"name": name[:NAME_MAX], "organisation": organisation[:NAME_MAX]}
    ui.run(UpdateStakeholder(id=sid, changes=changes), done=ui.t("join.saved", name=ui.md(name)))


def edit_part(doc: Session) -> None:
    """Change a post-it's name or organisation (not its cluster: that is the facilitator's)."""
    if not doc.stakeholders:
        return
    names = {s.id: s.name for s in doc.stakeholders}
    with st.expander(ui.t("join.edit"), icon=":material/edit:"):
        chosen = st.selectbox(ui.t("join.edit_which"), options=list(names), format_func=names.__getitem__,
                              key=EDIT_PICK)
        s = doc.stakeholder(chosen) if chosen else None
        if s is None:
            return
        with st.form(f"join_edit_{s.id}", border=False, enter_to_submit=False):
            # Keyed per post-it: another choice shows that one's words, not the last ones typed.
            st.text_input(ui.t("join.edit_name"), value=s.name, max_chars=NAME_MAX, key=f"{EDIT_NAME}_{s.id}")
            st.text_input(ui.t("join.edit_org"), value=s.organisation, max_chars=NAME_MAX,
                          key=f"{EDIT_ORG}_{s.id}")
            st.form_submit_button(ui.t("join.edit_save"), on_click=rename, args=(s.id,), width="stretch")


def round_part(doc: Session) -> None:
    r = current_round(doc)
    if r is None:
        st.info(ui.t("join.no_round"))
        return
    if r.title:
        st.caption(r.title)
    st.html(f'<p class="wa-prompt">{html.escape(r.prompt)}</p>')
    st.text_input(ui.t("join.answer"), key=ANSWER, max_chars=NAME_MAX, on_change=add_answer, args=(r.id,))
    st.caption(ui.t("join.enter"))
    if r.answers:
        st.markdown("\n".join(f"- {ui.md(a)}" for a in r.answers))


def vote_part(doc: Session) -> None:
    v = doc.room.vote
    if v is None:
        st.info(ui.t("join.no_vote"))
        return
    if v.revealed:
        st.markdown(f"**{ui.t('join.results')}**")
        roomcontrols.ranking(v)
    if not v.open:
        st.info(ui.t("join.vote_closed"))
        return
    mine = v.ballots.get(access.voter() or "", [])
    st.markdown(ui.t("join.dots_left", left=v.dots - len(mine), dots=v.dots))
    for c in v.choices:
        n = mine.count(c.key)
        row = st.container(horizontal=True, vertical_alignment="center", key=f"join_choice_{c.key}")
        row.markdown(f"{'●' * n or '○'} {ui.md(c.label)}")
        row.button(ui.t("join.dot_add"), icon=":material/add_circle:", key=f"join_plus_{c.key}",
                   on_click=vote, args=(c.key, True), disabled=len(mine) >= v.dots)
        if n:
            row.button(ui.t("join.dot_take"), icon=":material/remove_circle:", key=f"join_minus_{c.key}",
                       on_click=vote, args=(c.key, False))


def map_part(doc: Session) -> None:
    follow = st.toggle(ui.t("live.follow_lead"), key=FOLLOW)
    mapview.show_map(doc, key="join_canvas", height=560, include_confidential=False,
                     tools=("zoom_in", "zoom_out", "fit"), allow=set() if doc.room.locked else {"moved"},
                     follow="follow" if follow else None)
    if doc.room.locked:
        st.caption(ui.t("join.locked"))


def personas_part(doc: Session) -> None:
    if not doc.personas:
        st.info(ui.t("personas.empty"))
        return
    st.html(personas.CARD_CSS)
    for p in doc.personas:
        with st.container(border=True):
            st.html(personas.card_html(doc, p, state.lang()))


def body(doc: Session) -> None:
    focus = doc.room.focus
    token = focus.token if focus is not None else 0
    if FOCUS_SEEN not in st.session_state:
        st.session_state[FOCUS_SEEN] = token  # a call made before this phone joined is not for it
    elif focus is not None and st.session_state[FOCUS_SEEN] != token:
        # "Bring everyone here": once per call, then the participant may look elsewhere again.
        st.session_state[PART] = FOCUS_PART[focus.page]
        st.session_state[FOLLOW] = focus.page == "map"
        st.session_state[FOCUS_SEEN] = token
    head, clock = st.columns([3, 2], vertical_alignment="center")
    head.markdown(f"### {ui.md(doc.meta.title)}")
    with clock:
        timer_element(doc.room.timer, key="join_timer", lang=state.lang())
    if doc.room.locked:
        st.caption(ui.t("join.locked_short"))
    parts = [p for p in PARTS if p != "vote" or doc.room.vote is not None]
    if st.session_state.get(PART) not in parts:
        st.session_state[PART] = parts[0]
    chosen = st.segmented_control(ui.t("join.parts"), options=parts, key=PART, label_visibility="collapsed",
                                  format_func=lambda p: ui.t(f"join.part_{p}"))
    with st.container(key="join_body"):
        {"postit": postit_part, "round": round_part, "vote": vote_part, "map": map_part,
         "personas": personas_part}[chosen or parts[0]](doc)


st.html(CSS)
lang = st.segmented_control(ui.t("app.language"), options=list(i18n.LANGUAGES), default=state.lang(),
                            format_func=str.upper, key="join_lang", label_visibility="collapsed")
if lang and lang != state.lang():
    state.set_lang(lang)
    st.rerun()
ui.live(body, key="wa_live_join", badge=False)
