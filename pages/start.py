"""Start: sessions by programme and team, newest first; open, start, carry forward, import or delete one."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components import state, ui
from werkatelier import carry, importing, overview, render, templates_catalog
from werkatelier.document import WerkatelierError
from werkatelier.model import NAME_MAX, PARTS, Event
from werkatelier.store import SessionSummary

#: What the uploader offers; importing.read still decides by content, this only filters the file dialog.
IMPORT_TYPES = ["csv", "xlsx", "xlsm", "json", "gexf", "graphml", "xml", "zip"]
IMPORT_MB = importing.MAX_IMPORT_BYTES // 1_000_000


def counts_line(s: SessionSummary) -> str:
    shown = [ui.t(f"part.{p}", n=s.counts[p]) for p in PARTS if s.counts.get(p)]
    return " · ".join(shown) or ui.t("start.empty_session")


def when_line(s: SessionSummary) -> str:
    parts = [ui.md(s.event)] if s.event else []
    if s.event_date:
        parts.append(render.format_date(s.event_date, state.lang()))
    return " · ".join(parts)


def go_to_map(sid: str) -> None:
    state.open_session(sid)
    # switch_page empties the URL's query unless told otherwise; the session and language stay in it.
    st.switch_page(ui.page("map"), query_params=st.query_params.to_dict())


def clear_import() -> None:
    # A new uploader key is the one way to empty a file uploader; the old file is dropped with it.
    st.session_state.pop(state.IMPORT_PLAN, None)
    st.session_state[state.IMPORT_ROUND] = st.session_state.get(state.IMPORT_ROUND, 0) + 1


def event_of(name: str, day: date | None, location: str) -> Event | None:
    try:
        return Event(name=name, date=day, location=location)
    except ValueError:
        return None


# --- the session cards ----------------------------------------------------------------------------

def confirm_delete(s: SessionSummary) -> None:
    st.warning(ui.t("start.delete_confirm", title=ui.md(s.title)))
    with st.container(horizontal=True):
        if st.button(ui.t("start.delete_yes"), key=f"delete_yes_{s.id}", type="primary",
                     icon=":material/delete:"):
            try:
                state.get_store().delete(s.id)
            except WerkatelierError as e:
                st.error(ui.t("error.refused", reason=ui.md(e)))
                return
            if state.session_id() == s.id:
                state.open_session(None)
            st.session_state.pop(state.DELETE_PENDING, None)
            where = state.get_store().trash_location
            state.flash("success", ui.t("start.deleted", title=ui.md(s.title), folder=ui.md(where)))
            st.rerun()
        if st.button(ui.t("start.delete_no"), key=f"delete_no_{s.id}"):
            st.session_state.pop(state.DELETE_PENDING, None)
            st.rerun()


def session_card(s: SessionSummary, titles: dict[str, str]) -> None:
    is_open = s.id == state.session_id()
    with st.container(border=True):
        st.markdown(f"**{ui.md(s.title)}**" + (f"  \n{when_line(s)}" if when_line(s) else ""))
        if s.carried_from:
            earlier = titles.get(s.carried_from)
            st.caption(ui.t("start.carried_from", title=ui.md(earlier)) if earlier
                       else ui.t("start.carried_from_gone"))
        st.caption(counts_line(s))
        if st.session_state.get(state.DELETE_PENDING) == s.id:
            confirm_delete(s)
            return
        with st.container(horizontal=True):
            if st.button(ui.t("start.is_open") if is_open else ui.t("start.open"), key=f"open_{s.id}",
                         icon=":material/open_in_new:", type="primary" if is_open else "secondary"):
                go_to_map(s.id)
            if st.button(ui.t("start.delete"), key=f"delete_{s.id}", icon=":material/delete:",
                         type="tertiary", help=ui.t("start.delete_help")):
                st.session_state[state.DELETE_PENDING] = s.id
                st.rerun()


def session_list(sessions: list[SessionSummary]) -> None:
    groups = overview.group_sessions(sessions)
    if not groups:
        st.info(ui.t("start.no_sessions"))
        return
    titles = {s.id: s.title for s in sessions}
    for programme, team, items in groups:
        heading = [ui.md(programme) if programme else ui.t("start.no_programme"),
                   ui.md(overview.team_label(team))]
        st.subheader(" · ".join(x for x in heading if x))
        columns = st.columns(3)
        for i, s in enumerate(items):
            with columns[i % 3]:
                session_card(s, titles)


# --- a new session, from scratch or from a template -----------------------------------------------

def new_session_form() -> None:
    templates = ["empty", *templates_catalog.TEMPLATES]
    with st.form("start_new_form", enter_to_submit=False):
        title = st.text_input(ui.t("start.field_title"), key="start_new_title", max_chars=NAME_MAX,
                              placeholder=ui.t("start.title_placeholder"))
        c1, c2 = st.columns(2)
        programme = c1.text_input(ui.t("start.field_programme"), key="start_new_programme",
                                  max_chars=NAME_MAX)
        team = c2.text_input(ui.t("start.field_team"), key="start_new_team", max_chars=NAME_MAX)
        c1, c2, c3 = st.columns(3)
        event = c1.text_input(ui.t("start.field_event"), key="start_new_event", max_chars=NAME_MAX,
                              placeholder=ui.t("start.event_placeholder"))
        day = c2.date_input(ui.t("start.field_date"), value=None, key="start_new_date", format="DD-MM-YYYY")
        location = c3.text_input(ui.t("start.field_location"), key="start_new_location", max_chars=NAME_MAX)
        # Labels looked up now, not in format_func: that may also run outside this script run.
        names = {k: ui.t(f"start.template_{k}") for k in templates}
        template = st.radio(ui.t("start.begin_with"), templates, key="start_new_template",
                            format_func=names.__getitem__)
        st.caption(ui.t("start.template_help"))
        submitted = st.form_submit_button(ui.t("start.create"), type="primary", icon=":material/add:",
                                          key="start_new_submit")
    if not submitted:
        return
    if not title.strip():
        st.error(ui.t("start.title_required"))
        return
    meta = {"programme": programme, "team": team, "event": event_of(event, day, location)}
    store = state.get_store()
    try:
        if template == "empty":
            doc = store.create(title, **{k: v for k, v in meta.items() if v is not None})
        else:
            doc = store.add(templates_catalog.build(template, title, lang=state.lang(), **meta))
    except WerkatelierError as e:
        st.error(ui.t("error.refused", reason=ui.md(e)))
        return
    state.flash("success", ui.t("start.created", title=ui.md(doc.meta.title)))
    go_to_map(doc.id)


# --- carry forward --------------------------------------------------------------------------------

def session_label(s: SessionSummary) -> str:
    extra = [x for x in (s.event, s.event_date and render.format_date(s.event_date, state.lang()),
                         overview.team_label(s.team)) if x]
    return f"{s.title} ({', '.join(extra)})" if extra else s.title


def carry_forward_form(sessions: list[SessionSummary]) -> None:
    if not sessions:
        st.info(ui.t("start.carry_nothing"))
        return
    by_id = {s.id: s for s in sessions}
    ids = list(by_id)
    current = state.session_id()
    st.caption(ui.t("start.carry_help"))
    with st.form("start_carry_form", enter_to_submit=False):
        source = st.selectbox(ui.t("start.carry_from"), ids, key="start_carry_from",
                              index=ids.index(current) if current in by_id else 0,
                              format_func={i: session_label(s) for i, s in by_id.items()}.__getitem__)
        title = st.text_input(ui.t("start.field_title"), key="start_carry_title", max_chars=NAME_MAX,
                              placeholder=ui.t("start.carry_title_placeholder"))
        c1, c2, c3 = st.columns(3)
        event = c1.text_input(ui.t("start.field_event"), key="start_carry_event", max_chars=NAME_MAX,
                              placeholder=ui.t("start.event_placeholder"))
        day = c2.date_input(ui.t("start.field_date"), value=None, key="start_carry_date",
                            format="DD-MM-YYYY")
        location = c3.text_input(ui.t("start.field_location"), key="start_carry_location", max_chars=NAME_MAX)
        submitted = st.form_submit_button(ui.t("start.carry"), type="primary", icon=":material/redo:",
                                          key="start_carry_submit")
    if not submitted:
        return
    try:
        doc = carry.carry_forward(state.get_store(), source, title=title.strip() or None,
                                  event=event_of(event, day, location))
    except WerkatelierError as e:
        st.error(ui.t("error.refused", reason=ui.md(e)))
        return
    state.flash("success", ui.t("start.carried", title=ui.md(doc.meta.title),
                                earlier=ui.md(by_id[source].title)))
    go_to_map(doc.id)


# --- import: preview first, then apply or cancel --------------------------------------------------

def import_preview(upload, target: str, title: str) -> dict | None:
    """The plan for this upload and target, kept while nothing about them changes."""
    sid = state.session_id() if target == "open" else None
    ident = (upload.file_id, target, sid, title)
    pending = st.session_state.get(state.IMPORT_PLAN)
    if pending and pending["ident"] == ident:
        return pending
    raw = upload.getvalue()
    pending = {"ident": ident, "name": upload.name, "raw": raw, "error": None, "plan": None, "parsed": None}
    store = state.get_store()
    try:
        if sid:
            parsed = importing.read(raw, name=upload.name)
            pending["parsed"] = parsed
            pending["plan"] = importing.plan(store.get(sid), parsed)
        else:
            pending["plan"] = importing.import_file(store, raw, name=upload.name, new=title or None,
                                                    dry_run=True).plan
    except WerkatelierError as e:
        pending["error"] = importing.reason(e, state.lang())
    st.session_state[state.IMPORT_PLAN] = pending
    return pending


def show_plan(plan: importing.ImportPlan) -> None:
    counts = plan.counts()
    lines = []
    for part in importing.ImportPlan.PARTS:
        if part in counts:
            n = counts[part]
            done = ", ".join(ui.t(f"start.import_action_{a}", n=n[a])
                             for a in ("add", "update", "unchanged", "merge", "skip") if a in n)
            lines.append(f"**{ui.t(f'start.import_part_{part}')}**: {done}")
    st.markdown("  \n".join(lines) if lines else ui.t("start.import_nothing"))
    if plan.skipped:
        st.warning(ui.t("start.import_skipped", n=len(plan.skipped)))
    if plan.rows:
        # Every value is text in the page's language, an empty detail '' (a table shows None for None).
        rows = [{ui.t(f"start.import_col_{k}"): v for k, v in row.items()}
                for row in plan.table(state.lang())]
        st.dataframe(rows, hide_index=True)
    for remark in plan.remark_lines(state.lang()):
        st.caption(ui.md(remark))


def import_form() -> None:
    doc = ui.current()
    targets = ["new", "open"] if doc is not None else ["new"]
    names = {"new": ui.t("start.import_into_new")}
    if doc is not None:
        names["open"] = ui.t("start.import_into_open", title=ui.md(doc.meta.title))
    target = st.radio(ui.t("start.import_into"), targets, key="start_import_target", horizontal=True,
                      format_func=names.__getitem__)
    title = ""
    if target == "new":
        title = st.text_input(ui.t("start.import_title"), key="start_import_title", max_chars=NAME_MAX,
                              placeholder=ui.t("start.import_title_placeholder")).strip()
    upload = st.file_uploader(ui.t("start.import_file"), type=IMPORT_TYPES,
                              key=f"start_import_file_{st.session_state.get(state.IMPORT_ROUND, 0)}",
                              max_upload_size=IMPORT_MB, help=ui.t("start.import_file_help", mb=IMPORT_MB))
    if upload is None:
        st.session_state.pop(state.IMPORT_PLAN, None)
        st.caption(ui.t("start.import_help", mb=IMPORT_MB))
        return
    pending = import_preview(upload, target, title)
    if pending["error"]:
        st.error(ui.t("start.import_refused", reason=ui.md(pending["error"])))
        return
    plan = pending["plan"]
    st.subheader(ui.t("start.import_preview", file=ui.md(pending["name"])))
    st.caption(ui.t("start.import_nothing_yet"))
    show_plan(plan)
    with st.container(horizontal=True):
        apply = st.button(ui.t("start.import_apply"), key="start_import_apply", type="primary",
                          icon=":material/upload:", disabled=target == "open" and not plan.changes)
        cancel = st.button(ui.t("start.import_cancel"), key="start_import_cancel", icon=":material/close:")
    if cancel:
        clear_import()
        state.flash("success", ui.t("start.import_cancelled", file=ui.md(pending["name"])))
        st.rerun()
    if not apply:
        return
    if target == "open":
        done = ui.run(importing.ImportItems(parsed=pending["parsed"]),
                      done=ui.t("start.imported", file=ui.md(pending["name"]), title=ui.md(doc.meta.title)))
        if done is None:
            return
        sid = doc.id
    else:
        try:
            result = importing.import_file(state.get_store(), pending["raw"], name=pending["name"],
                                           new=title or None)
        except WerkatelierError as e:
            st.error(ui.t("start.import_refused", reason=ui.md(importing.reason(e, state.lang()))))
            return
        sid = result.session_id
        state.flash("success", ui.t("start.imported_new", file=ui.md(pending["name"])))
    clear_import()
    go_to_map(sid)


# --- the page -------------------------------------------------------------------------------------

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

tab_list, tab_new, tab_carry, tab_import = st.tabs(
    [ui.t("start.tab_sessions"), ui.t("start.tab_new"), ui.t("start.tab_carry"), ui.t("start.tab_import")])
with tab_list:
    session_list(sessions)
with tab_new:
    new_session_form()
with tab_carry:
    carry_forward_form(sessions)
with tab_import:
    import_form()
