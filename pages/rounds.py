"""Working rounds: a prompt and the room's answers as post-its on a wall, added as fast as they are said."""

from __future__ import annotations

import hashlib
import re
from collections import Counter

import streamlit as st

from components import state, ui
from werkatelier.model import ITEM_MAX, NAME_MAX, Round, new_id
from werkatelier.ops import AddAnswers, DeleteRound, RemoveAnswer, UpsertRound

PICK = "rounds_pick"
ADD = "rounds_add"
#: Where a paste that could not be added waits to be corrected, so nothing typed is lost.
FIX = "rounds_fix"
NEW_TITLE, NEW_PROMPT = "rounds_new_title", "rounds_new_prompt"
#: A pasted list's bullets and numbers are not part of the answers.
BULLET = re.compile(r"^\s*(?:[-*•–·]\s+|\d{1,3}[.)]\s+)")

# Static CSS only: the post-it look for the note containers (their key gives the class).
CSS = """<style>
div[class*="st-key-rounds_note_"] {
  background: #fff3a0; color: #1b1b1b; border-radius: 3px; padding: 1rem 1rem 0.4rem 1.1rem;
  box-shadow: 0 3px 8px rgba(0, 0, 0, 0.18); min-height: 9rem; justify-content: space-between;
}
div[class*="st-key-rounds_note_"] p { font-size: 1.2rem; line-height: 1.35; overflow-wrap: anywhere; }
div[class*="st-key-rounds_note_"] button { color: #5c4b00; }
div[class*="st-key-rounds_note_new_"] { outline: 4px solid #c99a00; }
div.st-key-rounds_prompt p { font-size: 1.6rem; font-weight: 600; line-height: 1.3; }
@media (max-width: 640px) { div[class*="st-key-rounds_note_"] { width: 100% !important; } }
</style>"""


def answers_from(text: str) -> list[str]:
    """One answer per non-empty line, without list bullets."""
    return [a for line in text.splitlines() if (a := BULLET.sub("", line).strip())]


def round_label(r: Round) -> str:
    prompt = " ".join(r.prompt.split())
    text = f"{r.title} — {prompt}" if r.title else prompt
    return text if len(text) <= 110 else text[:109].rstrip() + "…"


def add_answers(rid: str, text: str, *, fixing: bool = False) -> None:
    """Add each line as a post-it; what cannot be added waits in the fix field (drawn after this)."""
    answers = answers_from(text)
    if not answers:
        return
    added = None
    if any(len(a) > ITEM_MAX for a in answers):
        st.error(ui.t("rounds.too_long", max=ITEM_MAX))
    else:
        done = ui.t("rounds.added_many", n=len(answers)) if len(answers) > 1 else None
        added = ui.run(AddAnswers(round_id=rid, answers=answers), done=done)
    if added is not None:
        st.session_state[state.ROUND_ADDED] = (rid, len(answers))
        state.reset_widgets(**{FIX: None})
        st.rerun()
    if not fixing:
        st.session_state[FIX] = text


def note_key(rid: str, answer: str, nth: int) -> str:
    # Keyed by the text, not the position: a click removes what was shown even if notes moved.
    return f"rounds_rm_{rid}_{hashlib.sha1(answer.encode()).hexdigest()[:12]}_{nth}"


def just_added(rid: str) -> int:
    """How many of this round's last post-its were added by this browser's latest entry."""
    added = st.session_state.get(state.ROUND_ADDED)
    return added[1] if added and added[0] == rid else 0


def wall(r: Round) -> None:
    if not r.answers:
        st.info(ui.t("rounds.no_answers"))
        return
    seen: Counter[str] = Counter()
    first_new = len(r.answers) - just_added(r.id)
    with st.container(horizontal=True, gap="medium", key="rounds_wall"):
        for i, answer in enumerate(r.answers):
            nth = seen[answer]
            seen[answer] += 1
            with st.container(key=f"rounds_note_{'new_' if i >= first_new else ''}{i}", width=320):
                st.markdown(ui.md(answer))
                clicked = st.button("", icon=":material/close:", key=note_key(r.id, answer, nth),
                                    type="tertiary", help=ui.t("rounds.remove_note"))
                removed = ui.t("rounds.removed")
                if clicked and ui.run(RemoveAnswer(round_id=r.id, answer=answer), done=removed):
                    st.session_state.pop(state.ROUND_ADDED, None)
                    st.rerun()


def new_round_form(expanded: bool) -> None:
    # A form, so what is typed waits for its button and the page asks before it is left (unsaved.py).
    with st.expander(ui.t("rounds.new"), expanded=expanded, icon=":material/add:"):
        with st.form("rounds_new_form", border=False, enter_to_submit=False):
            title = st.text_input(ui.t("rounds.title"), key=NEW_TITLE, max_chars=NAME_MAX,
                                  placeholder=ui.t("rounds.title_hint"))
            prompt = st.text_area(ui.t("rounds.prompt"), key=NEW_PROMPT, max_chars=ITEM_MAX,
                                  placeholder=ui.t("rounds.prompt_hint"))
            create = st.form_submit_button(ui.t("rounds.create"), key="rounds_create", type="primary")
        if create:
            if not prompt.strip():
                st.error(ui.t("rounds.prompt_needed"))
                return
            rid = new_id("ro")
            if ui.run(UpsertRound(round={"id": rid, "title": title, "prompt": prompt}),
                      done=ui.t("rounds.created")):
                state.reset_widgets(**{NEW_TITLE: None, NEW_PROMPT: None, PICK: rid})
                st.rerun()


def edit_form(r: Round) -> None:
    with st.expander(ui.t("rounds.edit"), icon=":material/edit:"):
        with st.form(f"rounds_edit_form_{r.id}", border=False, enter_to_submit=False):
            title = st.text_input(ui.t("rounds.title"), value=r.title, key=f"rounds_title_{r.id}",
                                  max_chars=NAME_MAX)
            prompt = st.text_area(ui.t("rounds.prompt"), value=r.prompt, key=f"rounds_prompt_{r.id}",
                                  max_chars=ITEM_MAX)
            save = st.form_submit_button(ui.t("rounds.save"), key=f"rounds_save_{r.id}", type="primary")
        if save:
            if not prompt.strip():
                st.error(ui.t("rounds.prompt_needed"))
            elif ui.run(UpsertRound(round={"id": r.id, "title": title, "prompt": prompt}),
                        done=ui.t("rounds.saved")):
                st.rerun()
        clicked = st.button(ui.t("rounds.delete"), key=f"rounds_delete_{r.id}", icon=":material/delete:")
        if clicked and ui.run(DeleteRound(id=r.id), done=ui.t("rounds.deleted")):
            state.reset_widgets(**{PICK: None})
            st.rerun()


def rounds_page(doc) -> None:
    """The picked round's prompt and wall: every screen follows each answer as it lands."""
    rounds = {r.id: r for r in doc.rounds}
    if st.session_state.get(PICK) not in rounds:
        st.session_state.pop(PICK, None)
    if not rounds:
        st.info(ui.t("rounds.none"))
        new_round_form(expanded=True)
        return

    rid = st.selectbox(ui.t("rounds.pick"), options=list(rounds),
                       format_func=lambda i: round_label(rounds[i]), key=PICK)
    new_round_form(expanded=False)
    current = rounds[rid]
    if current.title:
        st.subheader(ui.md(current.title))
    with st.container(key="rounds_prompt"):
        st.markdown(ui.md(current.prompt))

    # Inside a container the input stays under the prompt instead of pinned to the bottom.
    with st.container():
        typed = st.chat_input(ui.t("rounds.add_hint"), key=ADD)
    if typed:
        add_answers(rid, typed)
    if st.session_state.get(FIX):
        st.text_area(ui.t("rounds.fix"), key=FIX, height=160)
        if st.button(ui.t("rounds.fix_add"), key="rounds_fix_add"):
            add_answers(rid, st.session_state[FIX], fixing=True)

    new = just_added(rid)
    if new and len(current.answers) >= new:
        last = ui.md(current.answers[-1])
        done = (ui.t("rounds.on_wall", text=last) if new == 1
                else ui.t("rounds.on_wall_many", n=new, text=last))
        st.caption(f":material/check: {done}")
    st.caption(ui.t("rounds.count", n=len(current.answers)))
    wall(current)
    edit_form(current)


state.apply_widget_resets()
ui.require_session()
st.html(CSS)
st.title(ui.t("nav.rounds"))
st.caption(ui.t("rounds.intro"))
ui.live(rounds_page, key="wa_live_rounds")
