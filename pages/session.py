"""Session: what the day is (title, programme, event, team), who takes part, the question, and exports."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from components import roomcontrols, state, ui
from werkatelier import exporting, render, report
from werkatelier.document import WerkatelierError
from werkatelier.model import NAME_MAX, ROLES, TEXT_MAX, Event, Participant, Session
from werkatelier.ops import DeleteParticipant, Operation, SetQuestion, UpdateMeta, UpsertParticipant, combine

EDITOR = "session_participants"
COLUMNS = ("name", "function", "organisation", "role", "present")
#: The downloads offered up front; the rest of exporting.EXPORT_FORMATS sits under "more formats".
MAIN_EXPORTS = ("json", "xlsx", "html", "referral", "referral-csv")


def seed_forms(doc: Session) -> None:
    """Fill the form fields from the session when it changed (a save, an undo, another laptop).

    While the session stays the same, what was typed stays, also after a refused save.
    """
    seed = (doc.id, doc.meta.model_dump(mode="json"), doc.question.text,
            [p.model_dump(mode="json") for p in doc.participants])
    if st.session_state.get(state.SESSION_FORM_SEED) == seed:
        return
    m = doc.meta
    st.session_state.update({
        "session_title": m.title, "session_programme": m.programme, "session_team": m.team,
        "session_event": m.event.name, "session_date": m.event.date, "session_location": m.event.location,
        "session_question_text": doc.question.text, "session_question_note": "",
    })
    st.session_state[state.SESSION_FORM_SEED] = seed


def saved(op: Operation, message: str) -> None:
    if ui.run(op, done=message) is not None:
        st.rerun()


# --- title, programme, event, team ----------------------------------------------------------------

def meta_form(doc: Session) -> None:
    with st.form("session_meta_form", enter_to_submit=False):
        title = st.text_input(ui.t("start.field_title"), key="session_title", max_chars=NAME_MAX)
        c1, c2 = st.columns(2)
        programme = c1.text_input(ui.t("start.field_programme"), key="session_programme", max_chars=NAME_MAX)
        team = c2.text_input(ui.t("start.field_team"), key="session_team", max_chars=NAME_MAX)
        c1, c2, c3 = st.columns(3)
        event = c1.text_input(ui.t("start.field_event"), key="session_event", max_chars=NAME_MAX)
        day = c2.date_input(ui.t("start.field_date"), value=None, key="session_date", format="DD-MM-YYYY")
        location = c3.text_input(ui.t("start.field_location"), key="session_location", max_chars=NAME_MAX)
        submitted = st.form_submit_button(ui.t("session.save_meta"), key="session_meta_save", type="primary",
                                          icon=":material/save:")
    if not submitted:
        return
    if not title.strip():
        st.error(ui.t("start.title_required"))
        return
    wanted = {"title": title.strip(), "programme": programme.strip(), "team": team.strip(),
              "event": Event(name=event.strip(), date=day, location=location.strip())}
    changes = {k: v for k, v in wanted.items() if v != getattr(doc.meta, k)}
    if not changes:
        st.info(ui.t("session.nothing_changed"))
        return
    try:
        op = UpdateMeta(**changes)
    except WerkatelierError as e:
        st.error(ui.t("error.refused", reason=ui.md(e)))
        return
    saved(op, ui.t("session.meta_saved"))


# --- participants ---------------------------------------------------------------------------------

def participants_frame(doc: Session) -> pd.DataFrame:
    return pd.DataFrame({
        "name": pd.Series([p.name for p in doc.participants], dtype=object),
        "function": pd.Series([p.function for p in doc.participants], dtype=object),
        "organisation": pd.Series([p.organisation for p in doc.participants], dtype=object),
        "role": pd.Series([p.role for p in doc.participants], dtype=object),
        # Nullable: a row added in the table has no value yet until it is ticked.
        "present": pd.Series([p.present for p in doc.participants], dtype="boolean"),
    }, columns=list(COLUMNS))


def _clean(values: dict[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """A participant's fields from a table row: empty cells become empty text, not None."""
    out = dict(base)
    for key, value in values.items():
        if key not in COLUMNS:
            continue
        if key in ("name", "function", "organisation"):
            out[key] = "" if value is None else str(value).strip()
        elif key == "role":
            out[key] = value if value in ROLES else base.get("role", "member")
        elif key == "present":
            out[key] = bool(value)
    return out


def participant_changes(participants: list[Participant | None], edits: dict[str, Any]
                        ) -> tuple[list[Operation], list[int]]:
    """The operations the table's edits ask for, and the (1-based) rows left without a name.
    ``participants`` are the rows as the table showed them; None for one deleted since."""
    deleted = sorted({int(i) for i in edits.get("deleted_rows", []) if 0 <= int(i) < len(participants)})
    ops: list[Operation] = [DeleteParticipant(id=p.id) for i in deleted if (p := participants[i]) is not None]
    nameless: list[int] = []
    for pos, change in sorted((int(k), v) for k, v in (edits.get("edited_rows") or {}).items()):
        if pos in deleted or not 0 <= pos < len(participants) or participants[pos] is None:
            continue
        old = participants[pos]
        new = _clean(change, old.model_dump())
        if not new["name"]:
            nameless.append(pos + 1)
        elif new != old.model_dump():
            ops.append(UpsertParticipant(participant=new))
    for n, row in enumerate(edits.get("added_rows") or []):
        new = _clean(row, {"name": "", "function": "", "organisation": "", "role": "member", "present": True})
        if not any(new.get(k) for k in ("name", "function", "organisation")):
            continue  # a row added and left empty: nothing was meant
        if not new["name"]:
            nameless.append(len(participants) + n + 1)
        else:
            ops.append(UpsertParticipant(participant=new))
    return ops, nameless


def save_people(doc: Session, key: str, row_ids: list[str]) -> bool:
    """Save what was typed in the table as it is typed, one operation a change (like the actions
    table); True when it was saved and the table should start afresh."""
    edits = st.session_state.get(key) or {}
    if not any(edits.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")):
        return False
    # The rows as the table showed them: someone else's change meanwhile does not shift them.
    by_id = {p.id: p for p in doc.participants}
    shown = [by_id.get(i) for i in row_ids]  # None: deleted elsewhere since; its edits are dropped
    try:
        ops, nameless = participant_changes(shown, edits)
    except WerkatelierError as e:
        st.error(ui.t("error.refused", reason=ui.md(e)))
        return False
    if nameless:
        # The table keeps what was typed; it is saved as soon as every row has a name.
        st.warning(ui.t("session.participant_name_pending", rows=", ".join(map(str, nameless))),
                   icon=":material/edit_note:")
        return False
    if not ops:
        return False
    counts = {"added": 0, "changed": 0, "deleted": 0}
    for op in ops:
        if isinstance(op, DeleteParticipant):
            counts["deleted"] += 1
        else:
            counts["changed" if op.participant.id in by_id else "added"] += 1
    # One change, one step: one undo takes it back.
    if ui.run(combine(ops, what="edit_participants")) is None:
        return False
    message = ui.t("session.participants_saved", **counts)
    if counts["deleted"]:
        message += " " + ui.t("session.undo_hint")
    state.flash("success", message)
    st.session_state[state.PEOPLE_TABLE]["gen"] += 1
    return True


def participants_form(doc: Session) -> None:
    st.caption(ui.t("session.participants_caption"))
    role = {r: ui.t(f"session.role_{r}") for r in ROLES}.__getitem__
    config = {
        "name": st.column_config.TextColumn(ui.t("session.col_name"), required=True, max_chars=NAME_MAX),
        "function": st.column_config.TextColumn(ui.t("session.col_function"), max_chars=NAME_MAX),
        "organisation": st.column_config.TextColumn(ui.t("session.col_organisation"), max_chars=NAME_MAX),
        "role": st.column_config.SelectboxColumn(ui.t("session.col_role"), options=list(ROLES),
                                                 format_func=role, required=True, default="member"),
        "present": st.column_config.CheckboxColumn(ui.t("session.col_present"), default=True),
    }
    table = st.session_state.setdefault(state.PEOPLE_TABLE, {"gen": 0, "rows": {}})
    key = f"{EDITOR}_{table['gen']}"
    if save_people(doc, key, table["rows"].get(key, [p.id for p in doc.participants])):
        st.rerun()
    key = f"{EDITOR}_{table['gen']}"
    st.data_editor(participants_frame(doc), key=key, num_rows="dynamic", hide_index=True,
                   column_config=config, width="stretch")
    table["rows"] = {key: [p.id for p in doc.participants]}
    if not doc.participants:
        st.caption(ui.t("session.no_participants"))


# --- the question ---------------------------------------------------------------------------------

def when(moment: datetime) -> str:
    local = moment.astimezone()
    return f"{render.format_date(local.date(), state.lang())}, {local:%H:%M}"


def question_part(doc: Session) -> None:
    with st.container(border=True):
        st.caption(ui.t("session.question_current"))
        if doc.question.text:
            st.markdown(f"### {ui.md(doc.question.text)}")
        else:
            st.info(ui.t("session.no_question"))
    with st.form("session_question_form", enter_to_submit=False):
        text = st.text_area(ui.t("session.question_text"), key="session_question_text", max_chars=TEXT_MAX,
                            height=120)
        note = st.text_input(ui.t("session.question_note"), key="session_question_note", max_chars=NAME_MAX,
                             placeholder=ui.t("session.question_note_placeholder"))
        submitted = st.form_submit_button(ui.t("session.save_question"), key="session_question_save",
                                          type="primary", icon=":material/save:")
    if submitted:
        if not text.strip():
            st.error(ui.t("session.question_required"))
        elif text.strip() == doc.question.text:
            st.info(ui.t("session.question_unchanged"))
        else:
            try:
                op = SetQuestion(text=text, note=note)
            except WerkatelierError as e:
                st.error(ui.t("error.refused", reason=ui.md(e)))
            else:
                saved(op, ui.t("session.question_saved"))
    history = list(reversed(doc.question.history))
    if not history:
        return
    st.subheader(ui.t("session.question_history"))
    for i, version in enumerate(history):
        current = i == 0 and version.text == doc.question.text
        with st.container(border=True):
            st.caption(when(version.when))
            if current:
                # The theme's dark blue: readable on a washed-out projector, unlike a caption's grey.
                st.markdown(f":primary-badge[:material/check: {ui.t('session.question_is_current')}]")
            st.markdown(ui.md(version.text))
            if version.note:
                st.caption(ui.t("session.question_why", note=ui.md(version.note)))


# --- exports --------------------------------------------------------------------------------------

def download(doc: Session, fmt: str, confidential: bool) -> None:
    suffix = exporting.EXPORT_FORMATS[fmt]
    # A callable is only run when the button is clicked: a rerun does not build every export.
    data = functools.partial(exporting.export, doc, fmt, include_confidential=confidential, lang=state.lang())
    st.download_button(ui.t(f"session.export_{fmt.replace('-', '_')}"), data=data,
                       file_name=exporting.file_name(doc, fmt), mime=exporting.MEDIA_TYPES[suffix],
                       key=f"session_export_{fmt}", on_click="ignore", icon=":material/download:")


def report_downloads(doc: Session, confidential: bool) -> None:
    """The day's report: built only when a button is clicked."""
    st.caption(ui.t("report.download_help"))
    with st.container(horizontal=True):
        for fmt in report.REPORT_FORMATS:
            data = functools.partial(report.session_report, state.get_store(), doc, fmt, lang=state.lang(),
                                     include_confidential=confidential)
            st.download_button(ui.t(f"report.download_{fmt}"), data=data,
                               file_name=report.file_name(doc, fmt), mime=report.MEDIA_TYPES[fmt],
                               key=f"session_report_{fmt}", on_click="ignore", icon=":material/description:",
                               type="primary")


def export_part(doc: Session) -> None:
    hidden = sum(s.confidential for s in doc.stakeholders) + sum(i.confidential for i in doc.interviews)
    confidential = st.checkbox(ui.t("session.export_confidential"), key="session_export_confidential",
                               value=False)
    if not hidden:
        st.caption(ui.t("session.export_none_confidential"))
    elif confidential:
        st.warning(ui.t("session.export_with_confidential", n=hidden))
    else:
        st.caption(ui.t("session.export_without_confidential", n=hidden))
    report_downloads(doc, confidential)
    with st.container(horizontal=True):
        for fmt in MAIN_EXPORTS:
            download(doc, fmt, confidential)
    with st.expander(ui.t("session.export_more")), st.container(horizontal=True):
        for fmt in exporting.EXPORT_FORMATS:
            if fmt not in MAIN_EXPORTS:
                download(doc, fmt, confidential)


# --- the page -------------------------------------------------------------------------------------

def session_page(doc: Session) -> None:
    """What the day is, who takes part, the question: every screen follows each saved change."""
    seed_forms(doc)
    facts = [ui.md(x) for x in (doc.meta.title, doc.meta.event.name) if x]
    if doc.meta.event.date:
        facts.append(render.format_date(doc.meta.event.date, state.lang()))
    st.caption(" · ".join(facts))
    with st.container(border=True, key="wa_room_panel"):
        roomcontrols.room_switch(doc)
    tab_meta, tab_people, tab_question, tab_export = st.tabs(
        [ui.t("session.tab_meta"), ui.t("session.tab_participants"), ui.t("session.tab_question"),
         ui.t("session.tab_export")])
    with tab_meta:
        meta_form(doc)
    with tab_people:
        participants_form(doc)
    with tab_question:
        question_part(doc)
    with tab_export:
        export_part(doc)


ui.require_session()
st.title(ui.t("session.title"))
ui.live(session_page, key="wa_live_session")
