"""The room on a page: the facilitator's controls (lock, timer, vote, bring everyone here), the
join QR code, and the participant's app; Streamlit only. What each control does is an operation in
werkatelier.roomops; who may use it is werkatelier.roles."""

from __future__ import annotations

import html
from urllib.parse import quote

import segno
import streamlit as st

from components import access, state, ui
from components.timer import timer_element
from werkatelier import roomgate, roomnet, rooms
from werkatelier.document import WerkatelierError
from werkatelier.model import DOTS_DEFAULT, DOTS_RANGE, TIMER_DEFAULT_S, TIMER_MAX_S, Session
from werkatelier.roomops import BringEveryone, OpenVote, SetLock, SetTimer, SetVote

#: The page a facilitator is on, as the place "bring everyone here" sends participants to.
FOCUS_OF_PAGE = {"kaart": "map", "projectie": "map", "werkrondes": "round", "personas": "personas"}
TIMER_MINUTES = "wa_room_timer_min"


def shut_out() -> None:
    """A browser whose code no longer opens anything (a new code was made): a way back, nothing else."""
    st.warning(ui.t("room.code_gone"))
    st.link_button(ui.t("room.join_again"), rooms.JOIN_PATH)
    st.stop()


def participant_app(role: rooms.Role) -> None:
    """A participant's whole app: their one session's phone view, and nothing else."""
    state.open_session(role.session_id)
    page = st.Page(ui.page("join"), title=ui.t("nav.join"), icon=":material/touch_app:", url_path="meedoen",
                   default=True)
    nav = st.navigation([page], position="hidden")
    st.html("<style>[data-testid=stSidebar], [data-testid=stSidebarCollapsedControl],"
            " [data-testid=stExpandSidebarButton] { display: none !important; }</style>")
    ui.show_flashes()
    nav.run()
    st.stop()


# --- the join code as the room sees it ------------------------------------------------------------

def join_link(doc: Session) -> tuple[str, str] | None:
    """The session's join link and code while a room is open; None otherwise."""
    base = roomnet.base_url()
    if base is None:
        return None
    code = access.codes().join_code(doc.id)
    return rooms.join_url(base, code), code


def qr_svg(link: str, *, scale: int = 8) -> str:
    """The link as a QR code (SVG, dark on light, with its quiet zone), sharp at any size."""
    return segno.make(link, error="m").svg_inline(scale=scale, border=4, dark="#111111", light="#ffffff")


def show_join(doc: Session, *, width: int = 320, stacked: bool = False) -> None:
    """The QR code, the link and the short code as text beside it (for who cannot scan)."""
    found = join_link(doc)
    if found is None:
        return
    link, code = found
    qr, words = ((st.container(), st.container()) if stacked
                 else st.columns([1, 1], vertical_alignment="center"))
    with qr.container(key="wa_room_qr"):
        st.image(qr_svg(link), width=width)
    # Read from the back of the room: the code large; the link wraps rather than scrolls.
    words.html(f'<div style="line-height:1.25">'
               f'<div style="font-size:1.6rem;font-weight:700">{html.escape(ui.t("room.scan"))}</div>'
               f'<div style="font-size:1.1rem;margin-top:.6rem">{html.escape(ui.t("room.code"))}</div>'
               f'<div style="font-size:3rem;font-weight:700;letter-spacing:.08em;font-variant-numeric:'
               f'tabular-nums">{html.escape(code)}</div>'
               f'<div style="font-size:1rem;overflow-wrap:anywhere;margin-top:.6rem;color:#333">'
               f'{html.escape(link)}</div></div>')


# --- the facilitator's controls -------------------------------------------------------------------

def facilitator_controls(doc: Session, page_path: str) -> None:
    """The room's controls, for the open session: drawn inside the sidebar's live part (app.py), so
    they follow the session with the sidebar's one live element, not a second one."""
    if access.participant() is not None:
        return
    _controls(doc, FOCUS_OF_PAGE.get(page_path, "map"))


def _do(op: object) -> None:
    """A control's click: one operation; a refusal shows as a message, nothing else changes."""
    ui.run(op)  # type: ignore[arg-type]


def _lock() -> None:
    _do(SetLock(locked=bool(st.session_state.get(LOCK))))


def _bring(focus: str) -> None:
    if ui.run(BringEveryone(page=focus)) is not None:  # type: ignore[arg-type]
        st.session_state[state.MAP_FOLLOW] = focus == "map"  # the map's view goes with it


LOCK = "wa_room_lock"
#: Whether the controls are open in this browser, and whether the room was open when it last looked.
CONTROLS_OPEN, ROOM_WAS_OPEN = "wa_room_controls_open", "wa_room_was_open"


def _controls(doc: Session, focus: str) -> None:
    room = doc.room
    # They open by themselves when the room opens and close when it closes; in between the
    # facilitator's click decides. Closed, they draw nothing: every rerun of every page draws the
    # sidebar, and these dozen fields were an eighth of a rerun of the Analyse page.
    opened = roomnet.is_open()
    if st.session_state.get(ROOM_WAS_OPEN) != opened:
        st.session_state[ROOM_WAS_OPEN] = st.session_state[CONTROLS_OPEN] = opened
    # Streamlit forgets a field's value in a run that does not draw it: the minutes, the sound and
    # the vote's choices set before the controls were closed (or while a timer or vote ran) would be
    # back at their defaults. Set again on every run, they are kept.
    for key, default in ((TIMER_MINUTES, TIMER_DEFAULT_S // 60), (SOUND, doc.room.timer.sound),
                         (VOTE_ON, "stakeholders"), (DOTS, DOTS_DEFAULT)):
        st.session_state[key] = st.session_state.get(key, default)
    panel = st.expander(ui.t("room.controls"), icon=":material/tune:", key=CONTROLS_OPEN, on_change="rerun")
    if not panel.open:
        return
    with panel:
        st.session_state[LOCK] = room.locked  # the session says, whoever changed it
        st.toggle(ui.t("room.lock"), key=LOCK, on_change=_lock, help=ui.t("room.lock_help"))
        _timer(doc)
        _vote(doc)
        st.button(ui.t("room.bring"), icon=":material/groups:", key="wa_room_bring", width="stretch",
                  help=ui.t("room.bring_help"), on_click=_bring, args=(focus,))


def _start_timer() -> None:
    minutes = int(st.session_state.get(TIMER_MINUTES) or TIMER_DEFAULT_S // 60)
    _do(SetTimer(action="start", seconds=minutes * 60, sound=bool(st.session_state.get(SOUND))))


SOUND = "wa_room_sound"


def _timer(doc: Session) -> None:
    t = doc.room.timer
    st.markdown(f"**{ui.t('room.timer')}**")
    timer_element(t, key="wa_room_timer_side", lang=state.lang())
    running, paused = t.until is not None, t.until is None and t.left_s > 0
    if not running and not paused:
        st.number_input(ui.t("room.minutes"), min_value=1, max_value=TIMER_MAX_S // 60, step=1,
                        key=TIMER_MINUTES)
        st.checkbox(ui.t("room.sound"), key=SOUND)
        st.button(ui.t("room.start"), icon=":material/timer:", key="wa_room_start", width="stretch",
                  on_click=_start_timer)
        return
    row = st.container(horizontal=True, gap="small")
    for label, action, icon in ((("room.pause", "pause", ":material/pause:") if running
                                 else ("room.resume", "resume", ":material/play_arrow:")),
                                ("room.add_minute", "add_minute", ":material/more_time:"),
                                ("room.stop", "stop", ":material/stop:")):
        row.button(ui.t(label), icon=icon, key=f"wa_room_{action}", on_click=_do,
                   args=(SetTimer(action=action),))


def _open_vote() -> None:
    _do(OpenVote(on=st.session_state.get(VOTE_ON) or "stakeholders",
                 dots=int(st.session_state.get(DOTS) or DOTS_DEFAULT)))


VOTE_ON, DOTS = "wa_room_vote_on", "wa_room_dots"


def _vote(doc: Session) -> None:
    vote = doc.room.vote
    st.markdown(f"**{ui.t('room.vote')}**")
    if vote is None or not vote.open:
        if vote is not None:
            st.caption(ui.t("room.vote_closed", voters=len(vote.ballots)))
        st.segmented_control(ui.t("room.vote_on"), options=["stakeholders", "answers"],
                             format_func=lambda o: ui.t(f"room.vote_on_{o}"), key=VOTE_ON)
        st.number_input(ui.t("room.dots"), min_value=DOTS_RANGE[0], max_value=DOTS_RANGE[1], step=1,
                        key=DOTS)
        st.button(ui.t("room.vote_open"), icon=":material/how_to_vote:", key="wa_room_vote_start",
                  width="stretch", on_click=_open_vote)
    else:
        used = sum(len(b) for b in vote.ballots.values())
        st.caption(ui.t("room.vote_running", voters=len(vote.ballots), dots=used))
    if vote is None:
        return
    row = st.container(horizontal=True, gap="small")
    actions = [("hide", "room.vote_hide") if vote.revealed else ("reveal", "room.vote_reveal"),
               ("close", "room.vote_close") if vote.open else ("reopen", "room.vote_reopen"),
               ("clear", "room.vote_clear")]
    for action, label in actions:
        row.button(ui.t(label), key=f"wa_room_vote_{action}", on_click=_do, args=(SetVote(action=action),))
    if vote.revealed:
        ranking(vote)


def ranking(vote) -> None:
    """The results, most dots first, as a numbered list (user text escaped)."""
    lines = [f"{i}. {ui.md(c.label)} — **{n}**" for i, (c, n) in enumerate(vote.tally(), 1) if n]
    st.markdown("\n".join(lines) if lines else ui.t("room.vote_none"))


# --- opening the room (the session page) ----------------------------------------------------------

def room_switch(doc: Session) -> None:
    """Open the app to the room's network, or close it; while open, the join QR code and link."""
    is_open = roomnet.is_open()
    wanted = st.toggle(ui.t("room.open"), value=is_open, key=f"wa_room_open_{int(is_open)}",
                       help=ui.t("room.open_help"))
    if wanted != is_open:
        try:
            if wanted:
                roomnet.open_room(int(st.get_option("server.port")))
                # Through the facilitator's door and back here: the tab keeps its role on a reload.
                door = rooms.facilitator_url("", access.codes().facilitator_code())
                st.session_state[state.GO] = f"{door}&next={quote(f'/sessie?session={doc.id}', safe='')}"
            else:
                roomnet.close_room()
        except (OSError, ValueError, WerkatelierError) as e:
            st.error(ui.t("room.open_failed", reason=ui.md(e)))
            return
        st.rerun()
    if not is_open:
        return
    show_join(doc)
    if st.button(ui.t("room.new_code"), icon=":material/autorenew:", key="wa_room_new_code",
                 help=ui.t("room.new_code_help")):
        roomgate.replace_join_code(doc.id, codes=access.codes)
        state.flash("success", ui.t("room.new_code_done"))
        st.rerun()
