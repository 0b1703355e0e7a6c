"""Interviews: per interviewee's role, notes, insights and quotes as lists; links; a confidential flag."""

from __future__ import annotations

import datetime
from html import escape

import streamlit as st

from components import state, ui
from werkatelier import conflicts, personas, render
from werkatelier.document import WerkatelierError
from werkatelier.model import ITEM_MAX, NAME_MAX, Interview
from werkatelier.ops import DeleteInterview, UpsertInterview

#: Form widget keys for a new interview, and for the details of one being edited.
NEW = {f: f"ivn_{f}" for f in ("role", "perspective", "date", "confidential")}
EDIT = {f: f"ivf_{f}" for f in ("role", "perspective", "date", "confidential", "stakeholders", "personas")}
#: Set after an interview was added: the next run empties the new-interview form before drawing it.
CLEAR_NEW = "wa_interview_clear_new"
EARLIEST = datetime.date(2000, 1, 1)

CSS = """<style>
.wa-ivlinks { line-height: 1.5; }
.wa-ivlinks .wa-label { font-weight: 700; }
.wa-sh { display: inline-block; margin-right: 0.7em; }
.wa-dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.3em;
  border: 1px solid rgba(0, 0, 0, 0.35); vertical-align: -0.05em; }
</style>"""


def add_key(iv_id: str, field: str) -> str:
    return f"ivadd_{field}_{iv_id}"


def find(doc, iv_id: str) -> Interview | None:
    return next((v for v in doc.interviews if v.id == iv_id), None)


def add_line(iv_id: str, field: str) -> None:
    """Enter in a list's input: append the line to the latest revision of that interview."""
    key = add_key(iv_id, field)
    text = (st.session_state.get(key) or "").strip()
    # The input's max_chars keeps a line within ITEM_MAX: Streamlit cuts anything longer.
    if not text:
        return
    doc = ui.current()
    v = find(doc, iv_id) if doc else None
    if v is None:
        return
    if ui.run(UpsertInterview(interview=personas.with_line(v, field, text))) is not None:
        st.session_state[key] = ""


def open_details(v: Interview) -> None:
    st.session_state[state.INTERVIEW_EDIT] = v.id
    # Saving is checked against the interview as it was now: someone else's change is not
    # overwritten unasked.
    st.session_state[state.INTERVIEW_BASE] = {"id": v.id, "fp": conflicts.fingerprint(v, "interview"),
                                              "values": v.model_dump()}
    st.session_state[EDIT["role"]] = v.interviewee
    st.session_state[EDIT["perspective"]] = v.perspective
    st.session_state[EDIT["date"]] = v.date
    st.session_state[EDIT["confidential"]] = v.confidential
    st.session_state[EDIT["stakeholders"]] = list(v.stakeholder_ids)
    st.session_state[EDIT["personas"]] = list(v.persona_ids)


def close_details() -> None:
    st.session_state.pop(state.INTERVIEW_EDIT, None)
    st.session_state.pop(state.INTERVIEW_BASE, None)


def opened_on(iv_id: str) -> dict | None:
    base = st.session_state.get(state.INTERVIEW_BASE)
    return base if base and base.get("id") == iv_id else None


def changed_meanwhile(now: Interview, lang: str) -> bool:
    """Tell that someone else changed the interview; True for "save anyway"."""
    with st.container(border=True, key="wa_interview_conflict"):
        st.warning(ui.t("edit.changed"), icon=":material/group:")
        facts = [now.interviewee, now.perspective, render.format_date(now.date, lang) if now.date else ""]
        st.caption(ui.t("edit.now_saved", what=ui.md(" · ".join(x for x in facts if x))))
        left, right = st.columns(2)
        force = left.button(ui.t("edit.save_anyway"), key="wa_interview_force", icon=":material/save_as:",
                            width="stretch")
        right.button(ui.t("edit.take_theirs"), key="wa_interview_theirs", icon=":material/refresh:",
                     on_click=open_details, args=(now,), width="stretch")
        return force


def new_interview_form(doc) -> None:
    empty = {"date": None, "confidential": False}
    cleared = st.session_state.pop(CLEAR_NEW, False)
    for f, key in NEW.items():
        if cleared or key not in st.session_state:
            st.session_state[key] = empty.get(f, "")
    with st.expander(ui.t("interviews.new"), icon=":material/add:", expanded=not doc.interviews):
        with st.form("wa_new_interview", border=False):
            c1, c2, c3 = st.columns([3, 3, 2])
            c1.text_input(ui.t("interviews.role"), key=NEW["role"], max_chars=NAME_MAX)
            c2.text_input(ui.t("interviews.perspective"), key=NEW["perspective"], max_chars=NAME_MAX)
            c3.date_input(ui.t("interviews.date"), min_value=EARLIEST, key=NEW["date"], format="DD-MM-YYYY")
            st.checkbox(ui.t("interviews.confidential"), key=NEW["confidential"],
                        help=ui.t("interviews.confidential_help"))
            add = st.form_submit_button(ui.t("interviews.add"), type="primary", icon=":material/add:",
                                        key="wa_interview_add")
        if not add:
            return
        role = st.session_state[NEW["role"]].strip()
        if not role:
            st.error(ui.t("interviews.role_required"))
            return
        try:
            op = UpsertInterview(interview=Interview(
                interviewee=role, perspective=st.session_state[NEW["perspective"]],
                date=st.session_state[NEW["date"]], confidential=st.session_state[NEW["confidential"]]))
        except (WerkatelierError, ValueError) as e:
            st.error(ui.t("error.refused", reason=str(e)))
            return
        if ui.run(op, done=ui.t("interviews.added", role=ui.md(role))) is not None:
            st.session_state[CLEAR_NEW] = True
            st.rerun()


def details_form(doc, v: Interview) -> None:
    base = opened_on(v.id)
    found = conflicts.check(doc, "interview", v.id, base["fp"] if base else None)
    force = changed_meanwhile(v, state.lang()) if found.conflict else False
    names = {s.id: s.name for s in doc.stakeholders}
    persona_names = {p.id: p.name for p in doc.personas}
    # Links to items deleted since the form opened would make the multiselects fail.
    for key, known in ((EDIT["stakeholders"], names), (EDIT["personas"], persona_names)):
        st.session_state[key] = [i for i in st.session_state.get(key, []) if i in known]
    with st.form("wa_interview_form"):
        c1, c2, c3 = st.columns([3, 3, 2])
        c1.text_input(ui.t("interviews.role"), key=EDIT["role"], max_chars=NAME_MAX)
        c2.text_input(ui.t("interviews.perspective"), key=EDIT["perspective"], max_chars=NAME_MAX)
        c3.date_input(ui.t("interviews.date"), min_value=EARLIEST, key=EDIT["date"], format="DD-MM-YYYY")
        st.checkbox(ui.t("interviews.confidential"), key=EDIT["confidential"],
                    help=ui.t("interviews.confidential_help"))
        c1, c2 = st.columns(2)
        c1.multiselect(ui.t("interviews.stakeholders"), options=list(names), format_func=names.__getitem__,
                       key=EDIT["stakeholders"])
        c2.multiselect(ui.t("interviews.personas"), options=list(persona_names),
                       format_func=persona_names.__getitem__, key=EDIT["personas"])
        others = [p.name for p in personas.personas_of_interview(doc, v.id) if p.id not in v.persona_ids]
        if others:
            c2.caption(ui.t("interviews.also_linked", names=", ".join(ui.md(x) for x in others)))
        b1, b2 = st.columns(2)
        save = b1.form_submit_button(ui.t("interviews.save"), type="primary", icon=":material/save:",
                                     key="wa_interview_save")
        b2.form_submit_button(ui.t("interviews.cancel"), key="wa_interview_cancel", on_click=close_details)
    if not (save or force):
        return
    if save and found.conflict:
        st.warning(ui.t("edit.not_saved"))
        return
    role = st.session_state[EDIT["role"]].strip()
    if not role:
        st.error(ui.t("interviews.role_required"))
        return
    changes = {"interviewee": role, "perspective": st.session_state[EDIT["perspective"]].strip(),
               "date": st.session_state[EDIT["date"]], "confidential": st.session_state[EDIT["confidential"]],
               "stakeholder_ids": st.session_state[EDIT["stakeholders"]],
               "persona_ids": st.session_state[EDIT["personas"]]}
    # Only what was changed in this form is written; the rest stays as saved now (by anyone).
    now = v.model_dump()
    values = conflicts.merge(base["values"] if base else now, changes, now)
    try:
        op = UpsertInterview(interview=values)
    except WerkatelierError as e:
        st.error(ui.t("error.refused", reason=str(e)))
        return
    if ui.run(op, done=ui.t("interviews.saved", role=ui.md(role))) is not None:
        close_details()
        st.rerun()


def links(doc, v: Interview) -> None:
    pairs = personas.linked_stakeholders(doc, v.stakeholder_ids)
    linked = personas.personas_of_interview(doc, v.id)
    none = ui.t("interviews.none")
    # Static markup around escaped names (stakeholder_dots escapes; colours are validated #rrggbb).
    st.html(
        '<div class="wa-ivlinks">'
        f'<div><span class="wa-label">{escape(ui.t("interviews.stakeholders"))}:</span> '
        f"{personas.stakeholder_dots(pairs) or escape(none)}</div>"
        f'<div><span class="wa-label">{escape(ui.t("interviews.personas"))}:</span> '
        f"{escape(', '.join(p.name for p in linked)) or escape(none)}</div></div>")


def lines(v: Interview, field: str) -> None:
    st.markdown(f"**{ui.t(f'interviews.{field}')}**")
    items = getattr(v, field)
    if not items:
        st.caption(ui.t("interviews.no_lines"))
    for j, line in enumerate(items):
        # No wrapping: the remove button stays on its line's row, also on a phone.
        row = st.container(horizontal=True, vertical_alignment="center", gap="small", wrap=False)
        text = f"*“{ui.md(line)}”*" if field == "quotes" else ui.md(line)
        row.markdown(text, width="stretch")
        if row.button("", key=f"ivdel_{field}_{v.id}_{j}", icon=":material/close:", type="tertiary",
                      help=ui.t("interviews.remove_line")):
            removed = ui.run(UpsertInterview(interview=personas.without_line(v, field, line)),
                             done=ui.t("interviews.line_removed"))
            if removed is not None:
                st.rerun()
    st.text_input(ui.t("interviews.add_line"), key=add_key(v.id, field), max_chars=ITEM_MAX,
                  on_change=add_line, args=(v.id, field), label_visibility="collapsed",
                  placeholder=ui.t("interviews.add_line"))


def interview(doc, v: Interview, lang: str) -> None:
    with st.container(border=True, key=f"wa_iv_{v.id}"):
        st.subheader(ui.md(v.interviewee), anchor=False)
        facts = [ui.md(v.perspective) if v.perspective else "",
                 render.format_date(v.date, lang) if v.date else ui.t("interviews.no_date")]
        st.markdown(" · ".join(x for x in facts if x))
        if v.confidential:
            st.badge(ui.t("interviews.confidential_marker"), icon=":material/lock:", color="red")
        if st.session_state.get(state.INTERVIEW_EDIT) == v.id:
            details_form(doc, v)
        else:
            links(doc, v)
            row = st.container(horizontal=True, gap="small")
            row.button(ui.t("interviews.edit"), key=f"ivedit_{v.id}", icon=":material/edit:",
                       on_click=open_details, args=(v,))
            deleted = ui.t("interviews.deleted", role=ui.md(v.interviewee))
            if (row.button(ui.t("interviews.delete"), key=f"ivdelete_{v.id}", icon=":material/delete:")
                    and ui.run(DeleteInterview(id=v.id), done=deleted) is not None):
                st.rerun()
        for col, field in zip(st.columns(3, gap="medium"), personas.INTERVIEW_LISTS, strict=True):
            with col:
                lines(v, field)


def interviews_page(doc) -> None:
    """The new-interview form and every interview: each screen follows each line as it is added."""
    lang = state.lang()
    editing = st.session_state.get(state.INTERVIEW_EDIT)
    if editing and find(doc, editing) is None:
        st.warning(ui.t("edit.gone"), icon=":material/group:")
        close_details()
    new_interview_form(doc)
    if not doc.interviews:
        st.info(ui.t("interviews.empty"))
    for v in doc.interviews:
        interview(doc, v, lang)


ui.require_session()
st.html(CSS)
st.title(ui.t("interviews.title"))
st.caption(ui.t("interviews.role_caption"))
ui.live(interviews_page, key="wa_live_interviews")
