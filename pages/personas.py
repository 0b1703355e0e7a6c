"""Personas: a gallery of cards to create, edit, duplicate and delete; start one from the map; print on A5."""

from __future__ import annotations

import streamlit as st

from components import state, ui
from components.canvas import font_css
from werkatelier import conflicts, geometry, personas
from werkatelier.document import WerkatelierError
from werkatelier.model import AVATAR_MAX, ITEM_MAX, NAME_MAX, TEXT_MAX, Persona, new_id
from werkatelier.ops import DeletePersona, UpsertPersona

#: The print toggle; mirrored in the URL as ?print=1 so the print view can be linked and reloaded.
PRINT = "wa_personas_print"
QUERY_PRINT = "print"
TEXT_FIELDS = ("name", "archetype", "avatar", "quote", "background")
#: Form widget keys: fixed, and filled from the persona when the form opens.
FORM = {f: f"pf_{f}" for f in (*TEXT_FIELDS, *personas.PERSONA_LISTS, "stakeholders", "interviews")}
PER_ROW = 3

#: Printed cards in the shipped font, the one the map and the projector use; served by the app.
PRINT_FONT_CSS = f"<style>.wa-print {{ font-family: {geometry.FONT_FACE}; }}</style>"
# One card per A5 sheet; on screen the same cards, at a sheet's width, as a preview.
PRINT_CSS = """<style>
@page { size: A5; margin: 12mm; }
.wa-print .card { max-width: 124mm; margin: 0 auto 2rem; padding: 1rem 1.2rem; border: 1px solid #c9cfd8;
  border-radius: 0.5rem; }
@media print {
  header[data-testid="stHeader"], [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  .st-key-wa_print_controls,
  [data-testid="stMainBlockContainer"] [data-testid="stElementContainer"]:not(:has(.wa-print)) {
    display: none !important; }
  html, body, #root, .stApp, [data-testid="stApp"], [data-testid="stAppViewContainer"],
  [data-testid="stMain"], [data-testid="stMainBlockContainer"], [data-testid="stVerticalBlock"] {
    height: auto !important; min-height: 0 !important; overflow: visible !important;
    position: static !important; padding: 0 !important; margin: 0 !important; gap: 0 !important;
    max-width: none !important; }
  /* Sized so a full card fits one A5 sheet: Streamlit's own rem sizes are for the screen. */
  .wa-print .card { border: none; margin: 0; padding: 0; max-width: none; font-size: 10pt; line-height: 1.3;
    break-after: page; break-inside: avoid; }
  .wa-print .card:last-child { break-after: auto; }
  .wa-print .card li, .wa-print .card p, .wa-print .wa-links { font-size: 10pt; line-height: 1.3; }
  .wa-print .wa-avatar { width: 3.4rem; height: 3.4rem; font-size: 2rem; }
  .wa-print .wa-name { font-size: 16pt; }
  .wa-print .wa-archetype { font-size: 10pt; }
  .wa-print .wa-quote { font-size: 12pt; margin: 0.6rem 0 0.4rem; }
  .wa-print .wa-background { font-size: 9pt; }
  .wa-print .card h4 { font-size: 8.5pt; margin: 0.5em 0 0.1em; }
  .wa-print .wa-lists { grid-template-columns: 1fr 1fr; }
}
</style>"""


def open_form(persona_id: str, values: dict, opened: Persona | None = None) -> None:
    """Fill the form's widgets from a persona (or a draft) before they are drawn, and show the form.

    ``opened`` is the saved persona the form opens on (None for a new one): saving is checked
    against it, so a change someone else made meanwhile is never overwritten unasked.
    """
    st.session_state[state.PERSONA_EDIT] = persona_id
    st.session_state[state.PERSONA_BASE] = None if opened is None else {
        "id": persona_id, "fp": conflicts.fingerprint(opened, "persona"),
        "values": opened.model_dump(mode="json")}
    for f in TEXT_FIELDS:
        st.session_state[FORM[f]] = values.get(f, "")
    for f in personas.PERSONA_LISTS:
        st.session_state[FORM[f]] = "\n".join(values.get(f, []))
    st.session_state[FORM["stakeholders"]] = list(values.get("stakeholder_ids", []))
    st.session_state[FORM["interviews"]] = list(values.get("interview_ids", []))


def open_new() -> None:
    open_form(new_id("pe"), {})


def open_existing(p: Persona) -> None:
    open_form(p.id, p.model_dump(), opened=p)


def open_started(kind: str) -> None:
    doc = ui.current()
    if doc is None:
        return
    try:
        if kind == "cluster":
            draft = personas.from_cluster(doc, st.session_state.get("wa_pstart_cluster") or "")
        else:
            draft = personas.from_stakeholder(doc, st.session_state.get("wa_pstart_sh") or "")
    except WerkatelierError as e:
        state.flash("error", ui.t("error.refused", reason=str(e)))
        return
    open_form(draft.id, draft.model_dump())


def close_form() -> None:
    st.session_state.pop(state.PERSONA_EDIT, None)
    st.session_state.pop(state.PERSONA_BASE, None)


def opened_on(pid: str) -> dict | None:
    base = st.session_state.get(state.PERSONA_BASE)
    return base if base and base.get("id") == pid else None


def changed_meanwhile(doc, found: conflicts.Check) -> bool:
    """Tell that someone else changed or deleted the persona; True for "save anyway"."""
    with st.container(border=True, key="wa_persona_conflict"):
        if found.status == "gone":
            st.warning(ui.t("edit.gone"), icon=":material/group:")
            return st.button(ui.t("edit.save_again"), key="wa_persona_force", icon=":material/save_as:")
        st.warning(ui.t("edit.changed"), icon=":material/group:")
        st.html(personas.card_html(doc, found.current, state.lang()))
        left, right = st.columns(2)
        force = left.button(ui.t("edit.save_anyway"), key="wa_persona_force", icon=":material/save_as:",
                            width="stretch")
        right.button(ui.t("edit.take_theirs"), key="wa_persona_theirs", icon=":material/refresh:",
                     on_click=open_existing, args=(found.current,), width="stretch")
        return force


def form_problem(values: dict) -> str | None:
    """What is wrong with the typed persona, in the user's language, before anything is sent."""
    if not values["name"]:
        return ui.t("personas.name_required")
    for f in personas.PERSONA_LISTS:
        n = personas.too_long(values[f])
        if n:
            return ui.t("personas.line_too_long", field=ui.t(f"personas.{f}"), n=n, max=ITEM_MAX)
    return None


def edit_form(doc, pid: str) -> None:
    existing = next((p for p in doc.personas if p.id == pid), None)
    names = {s.id: s.name for s in doc.stakeholders}
    roles = {v.id: v.interviewee + (f" ({v.perspective})" if v.perspective else "") for v in doc.interviews}
    # Links to items deleted since the form opened would make the multiselects fail.
    for key, known in ((FORM["stakeholders"], names), (FORM["interviews"], roles)):
        st.session_state[key] = [i for i in st.session_state.get(key, []) if i in known]
    base = opened_on(pid)
    found = conflicts.check(doc, "persona", pid, base["fp"] if base else None)
    force = changed_meanwhile(doc, found) if found.conflict else False
    with st.container(border=True, key="wa_persona_form_box"):
        st.subheader(ui.t("personas.form_edit") if existing else ui.t("personas.form_new"))
        with st.form("wa_persona_form", border=False, enter_to_submit=False):
            c1, c2, c3 = st.columns([3, 3, 1])
            c1.text_input(ui.t("personas.name"), key=FORM["name"], max_chars=NAME_MAX)
            c2.text_input(ui.t("personas.archetype"), key=FORM["archetype"], max_chars=NAME_MAX)
            c3.text_input(ui.t("personas.avatar"), key=FORM["avatar"], max_chars=AVATAR_MAX)
            st.text_area(ui.t("personas.quote"), key=FORM["quote"], max_chars=TEXT_MAX, height=80)
            st.text_area(ui.t("personas.background"), key=FORM["background"], max_chars=TEXT_MAX, height=110)
            for row in (personas.PERSONA_LISTS[:3], personas.PERSONA_LISTS[3:]):
                for col, f in zip(st.columns(3), row, strict=True):
                    col.text_area(ui.t(f"personas.{f}"), key=FORM[f], height=130, max_chars=TEXT_MAX,
                                  help=ui.t("personas.lines_help"))
            c1, c2 = st.columns(2)
            c1.multiselect(ui.t("personas.stakeholders"), options=list(names), format_func=names.__getitem__,
                           key=FORM["stakeholders"])
            c2.multiselect(ui.t("personas.interviews"), options=list(roles), format_func=roles.__getitem__,
                           key=FORM["interviews"])
            others = [v.interviewee for v in personas.interviews_of(doc, pid)
                      if existing is None or v.id not in existing.interview_ids]
            if others:
                c2.caption(ui.t("personas.also_linked", names=", ".join(ui.md(x) for x in others)))
            b1, b2 = st.columns(2)
            save = b1.form_submit_button(ui.t("personas.save"), type="primary", icon=":material/save:",
                                         key="wa_persona_save")
            b2.form_submit_button(ui.t("personas.cancel"), key="wa_persona_cancel", on_click=close_form)
    if not (save or force):
        return
    if save and found.conflict:
        st.warning(ui.t("edit.not_saved"))
        return
    values = {f: st.session_state[FORM[f]].strip() for f in TEXT_FIELDS}
    values |= {f: personas.lines(st.session_state[FORM[f]]) for f in personas.PERSONA_LISTS}
    problem = form_problem(values)
    if problem:
        st.error(problem)
        return
    values |= {"id": pid, "stakeholder_ids": st.session_state[FORM["stakeholders"]],
               "interview_ids": st.session_state[FORM["interviews"]]}
    if base and found.current is not None:
        # Saved anyway: what was changed in this form wins, the rest of their change stays.
        theirs = found.current.model_dump(mode="json")
        values = {k: v for k, v in conflicts.merge(base["values"], values, theirs).items() if k in values}
    try:
        op = UpsertPersona(persona=values)
    except WerkatelierError as e:
        st.error(ui.t("error.refused", reason=str(e)))
        return
    if ui.run(op, done=ui.t("personas.saved", name=ui.md(values["name"]))) is not None:
        close_form()
        st.rerun()


def start_from_map(doc) -> None:
    with st.expander(ui.t("personas.start_from"), icon=":material/hub:"):
        kinds = {"stakeholder": ui.t("personas.from_stakeholder"), "cluster": ui.t("personas.from_cluster")}
        kind = st.radio(ui.t("personas.start_kind"), options=list(kinds), format_func=kinds.__getitem__,
                        horizontal=True, key="wa_pstart_kind")
        if kind == "cluster":
            if not doc.clusters:
                st.info(ui.t("personas.no_clusters"))
                return
            names = {c.id: c.name for c in doc.clusters}
            cid = st.selectbox(ui.t("personas.pick_cluster"), options=list(names),
                               format_func=names.__getitem__, key="wa_pstart_cluster")
            st.caption(ui.t("personas.cluster_members", n=sum(s.cluster == cid for s in doc.stakeholders)))
        else:
            if not doc.stakeholders:
                st.info(ui.t("personas.no_stakeholders"))
                return
            names = {s.id: s.name for s in doc.stakeholders}
            sid = st.selectbox(ui.t("personas.pick_stakeholder"), options=list(names),
                               format_func=names.__getitem__, key="wa_pstart_sh")
            # The stakeholder's side of the link: where it already appears.
            found = personas.personas_of(doc, sid)
            if found:
                st.caption(ui.t("personas.appears_in", name=ui.md(names[sid]),
                                personas=", ".join(ui.md(p.name) for p in found)))
            else:
                st.caption(ui.t("personas.appears_in_none", name=ui.md(names[sid])))
        st.button(ui.t("personas.start"), key="wa_pstart_go", icon=":material/person_add:", type="primary",
                  on_click=open_started, args=(kind,))


def card(doc, p: Persona, lang: str) -> None:
    with st.container(border=True, key=f"wa_pcard_{p.id}"):
        st.html(personas.card_html(doc, p, lang))
        row = st.container(horizontal=True, gap="small")
        row.button(ui.t("personas.edit"), key=f"pedit_{p.id}", icon=":material/edit:",
                   on_click=open_existing, args=(p,))
        if row.button(ui.t("personas.duplicate"), key=f"pdup_{p.id}", icon=":material/content_copy:"):
            copy = personas.duplicate(p, ui.t("personas.copy_name", name="{name}"))
            if ui.run(UpsertPersona(persona=copy),
                      done=ui.t("personas.duplicated", name=ui.md(copy.name))) is not None:
                st.rerun()
        deleted = ui.t("personas.deleted", name=ui.md(p.name))
        if (row.button(ui.t("personas.delete"), key=f"pdel_{p.id}", icon=":material/delete:")
                and ui.run(DeletePersona(id=p.id), done=deleted) is not None):
            st.rerun()


def gallery(doc, lang: str) -> None:
    if not doc.personas:
        st.info(ui.t("personas.empty"))
        return
    # Row by row, so a phone (where columns stack) still shows the cards in order.
    for start in range(0, len(doc.personas), PER_ROW):
        cols = st.columns(PER_ROW, gap="medium")
        for col, p in zip(cols, doc.personas[start:start + PER_ROW], strict=False):
            with col:
                card(doc, p, lang)


def personas_page(doc) -> None:
    """The gallery, the print view or the open form: every screen follows each card as it changes."""
    lang = state.lang()
    if PRINT not in st.session_state:
        st.session_state[PRINT] = st.query_params.get(QUERY_PRINT) in ("1", "true")
    editing = st.session_state.get(state.PERSONA_EDIT)

    with st.container(key="wa_print_controls"):
        st.title(ui.t("personas.title"))
        bar = st.container(horizontal=True, vertical_alignment="center", gap="medium")
        if not editing and not st.session_state[PRINT]:
            bar.button(ui.t("personas.new"), key="wa_persona_new", icon=":material/add:", type="primary",
                       on_click=open_new)
        # The form takes the whole page; printing waits until it is saved or cancelled.
        printing = False if editing else bar.toggle(ui.t("personas.print"), key=PRINT,
                                                    help=ui.t("personas.print_help"))
        if printing:
            st.info(ui.t("personas.print_hint"))
        else:
            st.caption(ui.t("personas.intro"))
    if printing:
        st.query_params[QUERY_PRINT] = "1"
    elif QUERY_PRINT in st.query_params:
        del st.query_params[QUERY_PRINT]

    if printing:
        st.html(font_css() + PRINT_FONT_CSS + PRINT_CSS)
        if doc.personas:
            st.html('<div class="wa-print">' + "".join(personas.card_html(doc, p, lang) for p in doc.personas)
                    + "</div>")
        else:
            st.info(ui.t("personas.print_empty"))
    elif editing:
        edit_form(doc, editing)
    else:
        start_from_map(doc)
        gallery(doc, lang)


ui.require_session()
st.html(personas.CARD_CSS)
ui.live(personas_page, key="wa_live_personas")
