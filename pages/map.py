"""Stakeholder map: type post-its onto the live map; arrange, connect, cluster and edit them, or the table."""

from __future__ import annotations

import functools

import streamlit as st

from components import mapview, state, ui
from werkatelier import conflicts, i18n, mapedit, personas, picture, render
from werkatelier.model import (
    ATTITUDE_DEFAULT,
    ATTITUDE_RANGE,
    INFLUENCE_DEFAULT,
    INFLUENCE_RANGE,
    INTEREST_DEFAULT,
    INTEREST_RANGE,
    KINDS,
    NAME_MAX,
    RELATION_KINDS,
    STRENGTH_DEFAULT,
    STRENGTH_RANGE,
    Session,
    Stakeholder,
    score_values,
)
from werkatelier.ops import (
    ArrangeByCluster,
    AssignClusters,
    Connect,
    DeleteCluster,
    DeleteStakeholders,
    RecolourCluster,
    RenameCluster,
    UpdateCluster,
)
from werkatelier.store import Store

#: With the page above it, the whole map fits a 1920x1080 screen.
CANVAS_HEIGHT = 580
#: The room reads this page off the projector too: the first view keeps 18 px labels at 18 px at
#: least, showing the whole map when it fits so, else its busiest part and how many post-its are
#: outside the view (a click shows them all); "Alles tonen" shows the whole map.
MIN_SCALE = 1.0
TABLE_HEIGHT = 640
#: The edit panel's fields scroll within it, so its Opslaan sits beside the map on 1920x1080 (on a
#: phone, where the panel comes below the map, they take the height they need: CSS).
EDIT_FIELDS_HEIGHT = 430
EDIT_FIELDS = ("name", "organisation", "kind", "capacity", "contact_for", "cluster", "influence", "interest",
               "attitude", "tags", "notes", "confidential")
REL_FIELDS = ("pick", "kind", "label", "directed", "strength")
UNDO_HINT = "map.undo_hint"
#: Static: less space above the page, so the map sits higher on a 1080-line projector.
#: On a phone the duplicate hint beside "Volg mij" takes a line of its own, and the edit panel's
#: fields do not scroll within the page's own scroll.
CSS = """<style>[data-testid="stMainBlockContainer"] { padding-top: 3rem; }
@media (max-width: 640px) { .st-key-map_follow_row { flex-direction: column; align-items: flex-start; }
  .st-key-map_duplicate_quick { row-gap: 0; align-content: flex-start; }
  .st-key-map_edit_fields { height: auto !important; max-height: none !important;
                            overflow: visible !important; } }
</style>"""


#: This run's language: read once, since every label asks for it.
LANG = state.lang()


def lang() -> str:
    return LANG


def t(key: str, **values: object) -> str:
    return i18n.t(key, LANG, **values)


def kind_label(kind: str) -> str:
    return render.words(lang())["kind"][kind]


def attitude_label(value: int) -> str:
    return f"{value:+d} · {render.words(lang())['attitude'][value]}" if value else \
        render.words(lang())["attitude"][0]


def cluster_name(doc: Session, cid: str | None) -> str:
    return mapview.cluster_label(doc, cid, lang())


def deleted_message(names: list[str]) -> str:
    return t("map.deleted", names=mapedit.names_list(names)) + " — " + t(UNDO_HINT)


# --- callbacks: they run before the script, so the map drawn next already shows the change ----------

def typed_name(key: str, form: str, need: str) -> str | None:
    """The name typed in widget ``key``, or None with a notice beside ``form`` saying what is wrong."""
    name, problem = mapedit.typed_name(st.session_state.get(key), need=need)
    if problem:
        mapview.problem_notice(form, problem, "warning" if problem.key == need else "error")
    return name


def held_back(doc: Session, form: str, names: list[str]) -> bool:
    """Whether ``names`` wait for a choice because parties among them are on the map already;
    then the hint beside ``form`` asks (add anyway, or show the ones there)."""
    there = mapedit.already_on_map(doc, names, mapview.default_values(st.session_state))
    if not there:
        st.session_state.pop(state.MAP_DUPLICATE, None)
        return False
    st.session_state[state.MAP_DUPLICATE] = {"session": doc.id, "form": form, "names": names,
                                             "ids": [s.id for s in there]}
    return True


def quick_add(force: bool = False) -> None:
    name = typed_name("map_quick_name", "quick", "map.need_name")
    doc = ui.current()
    if name is None or doc is None or (not force and held_back(doc, "quick", [name])):
        return
    add_quick(doc, name)


def add_quick(doc: Session, name: str) -> None:
    st.session_state.pop(state.MAP_DUPLICATE, None)
    op = mapedit.add_names(doc, [name], mapview.default_values(st.session_state))
    if ui.run(op) is not None:
        st.session_state["map_quick_name"] = ""
        st.session_state[state.MAP_REVEAL] = mapedit.added_ids(op)
        mapview.notice("quick", "success", t("map.added", name=ui.md(name)))


def paste_add() -> None:
    names, problem = mapedit.pasted_names(st.session_state.get("map_paste") or "")
    if problem:
        mapview.problem_notice("paste", problem, "warning" if problem.key == "map.paste_empty" else "error")
        return
    doc = ui.current()
    if doc is None or held_back(doc, "paste", names):
        return
    add_pasted(doc, names)


def add_pasted(doc: Session, names: list[str]) -> None:
    st.session_state.pop(state.MAP_DUPLICATE, None)
    op = mapedit.add_names(doc, names, mapview.default_values(st.session_state))
    if ui.run(op, done=t("map.pasted", n=len(names))) is not None:
        st.session_state["map_paste"] = ""
        st.session_state[state.MAP_REVEAL] = mapedit.added_ids(op)


def add_anyway(only_new: bool = False) -> None:
    """The names held back by the duplicate hint, added after all (or only those not there yet)."""
    held = st.session_state.get(state.MAP_DUPLICATE)
    doc = ui.current()
    if not held or doc is None or held["session"] != doc.id:
        return
    names = held["names"]
    if only_new:
        names = mapedit.not_on_map(doc, names, mapview.default_values(st.session_state))
    if not names:
        st.session_state.pop(state.MAP_DUPLICATE, None)
    elif held["form"] == "quick":
        add_quick(doc, names[0])
    else:
        add_pasted(doc, names)


def show_existing() -> None:
    """Select the post-its already on the map and bring them into view, instead of adding."""
    held = st.session_state.pop(state.MAP_DUPLICATE, None)
    doc = ui.current()
    if not held or doc is None:
        return
    ids = [i for i in held["ids"] if doc.stakeholder(i) is not None]
    state.set_selected(ids)
    st.session_state[state.MAP_REVEAL] = ids
    st.session_state["map_quick_name" if held["form"] == "quick" else "map_paste"] = ""


def duplicate_hint(doc: Session, form: str) -> None:
    """The quiet hint that the parties just typed are on the map already, with the choice."""
    held = st.session_state.get(state.MAP_DUPLICATE)
    if not held or held["session"] != doc.id or held["form"] != form:
        return
    there = [s for i in held["ids"] if (s := doc.stakeholder(i)) is not None]
    if not there:  # deleted meanwhile: nothing to warn about
        st.session_state.pop(state.MAP_DUPLICATE, None)
        return
    n = len(held["names"])
    with st.container(key=f"map_duplicate_{form}", horizontal=True, vertical_alignment="center", gap="small"):
        text = t("map.duplicate", name=ui.md(there[0].name)) if len(there) == 1 else \
            t("map.duplicate_many", names=mapedit.names_list([ui.md(s.name) for s in there]))
        st.caption(f":material/info: {text}", width="content")
        new = n - len(there)
        st.button(t("map.duplicate_add") if n == 1 else t("map.duplicate_add_all", n=n),
                  key=f"map_dup_add_{form}", on_click=add_anyway, type="tertiary", icon=":material/add:")
        if n > 1 and new > 0:
            st.button(t("map.duplicate_add_new_one") if new == 1 else t("map.duplicate_add_new", n=new),
                      key=f"map_dup_new_{form}", on_click=add_anyway, args=(True,), type="tertiary",
                      icon=":material/playlist_add:")
        st.button(t("map.duplicate_show"), key=f"map_dup_show_{form}", on_click=show_existing,
                  type="tertiary", icon=":material/visibility:")


def save_edit(sid: str, keys: dict[str, str], force: bool = False) -> None:
    """Save what was changed in the form, checked against the post-it as the form showed it:
    if someone else changed it since, nothing is saved unless ``force`` (an explicit "save
    anyway"), and then only the fields changed in this form, so their other changes stay."""
    doc = ui.current()
    base = mapview.edit_base(sid)
    if doc is None or base is None:
        return
    found = conflicts.check(doc, "stakeholder", sid, base[1])
    if found.status == "gone":
        mapview.notice("edit", "warning", t("edit.gone"))
        return
    if found.conflict and not force:
        mapview.notice("edit", "warning", t("edit.not_saved"))
        return
    op, problem = mapedit.edit_op(base[0], {f: st.session_state.get(k) for f, k in keys.items()})
    if problem:
        mapview.problem_notice("edit", problem)
    elif op is None:
        mapview.notice("edit", "info", t("map.nothing_changed"))
    elif ui.run(op) is not None:
        mapview.forget_edit_base()
        mapview.notice("edit", "success", t("map.saved"))


def delete_stakeholders(ids: list[str]) -> None:
    doc = ui.current()
    if doc is None:
        return
    ids = [i for i in ids if doc.stakeholder(i) is not None]
    if not ids:
        return
    names = [doc.stakeholder(i).name for i in ids]
    if ui.run(DeleteStakeholders(ids=ids), done=deleted_message(names)) is not None:
        state.set_selected([i for i in state.selected() if i not in ids])


def assign(ids: list[str], key: str) -> None:
    doc = ui.current()
    if doc is None:
        return
    cid = st.session_state.get(key)
    ids = [i for i in ids if doc.stakeholder(i) is not None]
    if ids and (cid is None or doc.cluster(cid) is not None):
        ui.run(AssignClusters(ids=ids, cluster=cid, beside=bool(st.session_state.get(BESIDE, True))),
               done=t("map.assigned", n=len(ids), name=ui.md(cluster_name(doc, cid))))


#: The setting "put a post-it beside its new cluster" (on by default) and "keep the selection".
BESIDE, KEEP_CHOSEN = "map_cl_beside", "map_cl_keep"


def arrange(keep: list[str]) -> None:
    """Ordenen per cluster: one operation, one undo step."""
    kept = keep if st.session_state.get(KEEP_CHOSEN) else []
    doc = ui.run(ArrangeByCluster(keep=kept))
    if doc is not None:
        mapview.notice("cluster", "success", t("map.arranged"))
        mapview.fit_next()


def connect() -> None:
    pending = st.session_state.get(state.MAP_CONNECT)
    if not pending:
        return
    values = {f: st.session_state.get(f"map_rel_{f}") for f in REL_FIELDS}
    relation, problem = mapedit.relation_for(pending, values)
    if problem:
        mapview.problem_notice("relation", problem)
        return
    if ui.run(Connect(relation=relation), done=t("map.connected")) is not None:
        cancel_connect()


def cancel_connect() -> None:
    st.session_state.pop(state.MAP_CONNECT, None)
    for f in REL_FIELDS:
        st.session_state.pop(f"map_rel_{f}", None)


def new_colour_key(offered: str) -> str:
    """The new cluster's colour picker is a new widget for each colour offered: the browser would
    otherwise keep the colour it last sent and give every next cluster that one too."""
    return f"map_cl_new_colour_{offered.lstrip('#')}"


def add_cluster(offered: str) -> None:
    name = typed_name("map_cl_new_name", "new_cluster", "map.cluster_need_name")
    if name is None:
        return
    op = mapedit.new_cluster_op(name, st.session_state.get(new_colour_key(offered)), offered)
    if ui.run(op, done=t("map.cluster_added", name=ui.md(name))) is not None:
        # Set, not dropped: a dropped key leaves the browser showing the name just used.
        st.session_state["map_cl_new_name"] = ""
        st.session_state.pop(new_colour_key(offered), None)
        st.session_state["map_cl_pick"] = op.cluster.id


def save_cluster(cid: str, name_key: str, colour_key: str) -> None:
    doc = ui.current()
    c = doc.cluster(cid) if doc else None
    if c is None:
        return
    name = typed_name(name_key, "cluster", "map.cluster_need_name")
    if name is None:
        return
    colour = (st.session_state.get(colour_key) or c.colour).lower()
    renamed, recoloured = name != c.name, colour != c.colour.lower()
    if renamed and recoloured:
        op = UpdateCluster(id=cid, changes={"name": name, "colour": colour})
    elif renamed:
        op = RenameCluster(id=cid, name=name)
    elif recoloured:
        op = RecolourCluster(id=cid, colour=colour)
    else:
        mapview.notice("cluster", "info", t("map.nothing_changed"))
        return
    ui.run(op, done=t("map.cluster_saved", name=ui.md(name)))


def delete_cluster(cid: str) -> None:
    doc = ui.current()
    c = doc.cluster(cid) if doc else None
    if c is not None:
        ui.run(DeleteCluster(id=cid),
               done=t("map.cluster_deleted", name=ui.md(c.name)) + " — " + t(UNDO_HINT))


def run_suggestion() -> None:
    doc = ui.current()
    if doc is not None:
        st.session_state[state.SUGGESTION] = mapedit.suggest(doc)


def accept_suggestion(keys: list[str] | None) -> None:
    """Accept the proposals whose checkbox (by key) is ticked; None: all of them."""
    held = st.session_state.get(state.SUGGESTION)
    doc = ui.current()
    if not held or doc is None or held["session"] != doc.id:
        return
    groups = held["result"]["clusters"]
    # Read the boxes now, not when the button was drawn: a box ticked in the same run counts.
    chosen = list(range(len(groups))) if keys is None else \
        [i for i, key in enumerate(keys) if st.session_state.get(key, True)]
    op, made = mapedit.suggestion_op(doc, groups, chosen, lang())
    if op is None:
        mapview.notice("suggest", "warning", t("map.suggest_none_chosen"))
        return
    if ui.run(op, done=t("map.suggest_accepted", n=made) + " — " + t(UNDO_HINT)) is not None:
        st.session_state.pop(state.SUGGESTION, None)


def tidy() -> None:
    doc = ui.current()
    if doc is None:
        return
    op = mapedit.tidy_op(doc)
    if op is None:
        mapview.notice("tidy", "info", t("map.tidy_nothing"))
        return
    ui.run(op, done=t("map.tidied", n=len(op.positions)) + " — " + t(UNDO_HINT))


def discard_suggestion() -> None:
    st.session_state.pop(state.SUGGESTION, None)


# --- the parts of the page ------------------------------------------------------------------------

def cluster_options(doc: Session) -> list[str | None]:
    return [None, *(c.id for c in doc.clusters)]


def quick_add_bar(doc: Session) -> None:
    left, middle, right, paste = st.columns([6, 2, 2, 2], vertical_alignment="bottom")
    with left, st.form("map_quick_form", border=False, enter_to_submit=True):
        name_col, button_col = st.columns([3, 1], vertical_alignment="bottom")
        name_col.text_input(t("map.quick_add"), key="map_quick_name", max_chars=NAME_MAX,
                            placeholder=t("map.quick_add_hint"))
        button_col.form_submit_button(t("map.add"), icon=":material/add:", on_click=quick_add,
                                      width="stretch")
    options = cluster_options(doc)
    if st.session_state.get(mapview.DEFAULT_KEYS["cluster"]) not in options:
        st.session_state.pop(mapview.DEFAULT_KEYS["cluster"], None)
    middle.selectbox(t("map.default_cluster"), options, format_func=lambda c: cluster_name(doc, c),
                     key=mapview.DEFAULT_KEYS["cluster"], persist_state="session")
    # Drawn only while open (their values persist), so a rerun of the map does not pay for them.
    defaults = right.popover(t("map.defaults"), icon=":material/tune:", width="stretch",
                             key="map_defaults_open", on_change="rerun")
    if defaults.open:
        defaults_form(defaults)
    box = paste.popover(t("map.paste"), icon=":material/content_paste:", width="stretch",
                        key="map_paste_open", on_change="rerun")
    if box.open:
        paste_form(doc, box)
    mapview.show_notice("quick")


def defaults_form(popover) -> None:
    with popover:
        st.caption(t("map.defaults_help"))
        keys = mapview.DEFAULT_KEYS
        st.text_input(t("map.col_organisation"), key=keys["organisation"], max_chars=NAME_MAX,
                      persist_state="session")
        st.text_input(t("map.col_capacity"), key=keys["capacity"], max_chars=NAME_MAX,
                      persist_state="session")
        st.selectbox(t("map.col_kind"), KINDS, index=KINDS.index("organisation"), format_func=kind_label,
                     key=keys["kind"], persist_state="session")
        st.slider(t("map.col_influence"), *INFLUENCE_RANGE, INFLUENCE_DEFAULT, key=keys["influence"],
                  persist_state="session")
        st.slider(t("map.col_interest"), *INTEREST_RANGE, INTEREST_DEFAULT, key=keys["interest"],
                  persist_state="session")
        st.select_slider(t("map.col_attitude"), options=score_values(ATTITUDE_RANGE), value=ATTITUDE_DEFAULT,
                         format_func=attitude_label, key=keys["attitude"], persist_state="session")


def paste_form(doc: Session, popover) -> None:
    # A single-line field drops newlines, so a list goes in its own box.
    with popover:
        st.text_area(t("map.paste_label"), key="map_paste", height=200, placeholder=t("map.paste_hint"))
        st.button(t("map.paste_add"), key="map_paste_add", on_click=paste_add,
                  icon=":material/playlist_add:")
        mapview.show_notice("paste")
        duplicate_hint(doc, "paste")


def relation_panel(doc: Session, pending: dict[str, str]) -> None:
    a, b = doc.stakeholder(pending["source"]), doc.stakeholder(pending["target"])
    if a is None or b is None:
        st.session_state.pop(state.MAP_CONNECT, None)
        return
    with st.container(border=True):
        st.subheader(t("map.relation_title"))
        st.markdown(t("map.relation_between", a=ui.md(a.name), b=ui.md(b.name)))
        with st.form("map_rel_form", border=False):
            st.pills(t("map.relation_kind"), RELATION_KINDS, key="map_rel_pick")
            st.text_input(t("map.relation_own_kind"), key="map_rel_kind", max_chars=NAME_MAX,
                          placeholder=t("map.relation_kind_hint"))
            st.text_input(t("map.relation_label"), key="map_rel_label", max_chars=NAME_MAX)
            st.checkbox(t("map.relation_directed", a=ui.md(a.name), b=ui.md(b.name)),
                        key="map_rel_directed")
            st.select_slider(t("map.relation_strength"), options=score_values(STRENGTH_RANGE),
                             value=STRENGTH_DEFAULT,
                             key="map_rel_strength", format_func=lambda v: t(f"map.strength_{v}"))
            st.form_submit_button(t("map.relation_save"), type="primary", on_click=connect,
                                  icon=":material/link:")
        st.button(t("map.relation_cancel"), key="map_rel_cancel", on_click=cancel_connect)
        mapview.show_notice("relation")


def edit_panel(doc: Session, current: Stakeholder) -> None:
    # The form shows the post-it as it was when the form opened, and keeps what is typed in it,
    # also when someone else changes the post-it meanwhile: they are told, not overwritten.
    s, opened = mapview.edit_base(current.id, current)
    found = conflicts.check(doc, "stakeholder", s.id, opened)
    keys = {f: mapview.edit_key(s, f) for f in EDIT_FIELDS}
    with st.container(border=True, key="map_edit_panel"):
        st.subheader(t("map.edit_title"))
        if found.conflict:
            changed_meanwhile(doc, found.current, s.id, keys)
        found = ", ".join(ui.md(p.name) for p in personas.personas_of(doc, s.id))
        st.caption(t("personas.appears_in", name=ui.md(s.name), personas=found) if found
                   else t("personas.appears_in_none", name=ui.md(s.name)))
        with st.form("map_edit_form", border=False):
            with st.container(height=EDIT_FIELDS_HEIGHT, border=False, key="map_edit_fields"):
                st.text_input(t("map.col_name"), value=s.name, key=keys["name"], max_chars=NAME_MAX)
                st.text_input(t("map.col_organisation"), value=s.organisation, key=keys["organisation"],
                              max_chars=NAME_MAX)
                st.selectbox(t("map.col_kind"), KINDS, index=KINDS.index(s.kind), format_func=kind_label,
                             key=keys["kind"])
                st.text_input(t("map.col_capacity"), value=s.capacity, key=keys["capacity"],
                              max_chars=NAME_MAX, help=t("map.capacity_help"))
                st.text_input(t("map.col_contact_for"), value=s.contact_for, key=keys["contact_for"],
                              max_chars=NAME_MAX)
                options = cluster_options(doc)
                st.selectbox(t("map.col_cluster"), options,
                             index=options.index(s.cluster) if s.cluster in options else 0,
                             format_func=lambda c: cluster_name(doc, c), key=keys["cluster"])
                st.slider(t("map.col_influence"), *INFLUENCE_RANGE, s.influence, key=keys["influence"])
                st.slider(t("map.col_interest"), *INTEREST_RANGE, s.interest, key=keys["interest"])
                st.select_slider(t("map.col_attitude"), options=score_values(ATTITUDE_RANGE),
                                 value=s.attitude, format_func=attitude_label, key=keys["attitude"])
                st.text_input(t("map.col_tags"), value=mapedit.tags_text(s.tags), key=keys["tags"],
                              help=t("map.tags_help"))
                st.text_area(t("map.col_notes"), value=s.notes, key=keys["notes"], height=100)
                st.checkbox(t("map.col_confidential"), value=s.confidential, key=keys["confidential"],
                            help=t("map.confidential_help"))
            # Below the fields' own scroll, so Opslaan is in reach with the map still in view.
            st.form_submit_button(t("map.save"), type="primary", icon=":material/save:",
                                  on_click=save_edit, args=(s.id, keys), width="stretch")
        mapview.show_notice("edit")
        st.button(t("map.delete_one"), key="map_delete_selected", icon=":material/delete:",
                  on_click=delete_stakeholders, args=([s.id],))


def changed_meanwhile(doc: Session, now: Stakeholder, sid: str, keys: dict[str, str]) -> None:
    with st.container(key="map_edit_conflict"):
        st.warning(t("edit.changed"), icon=":material/group:")
        st.caption(t("edit.now_saved", what=ui.md(mapedit.summary(now, lang(), doc))))
        left, right = st.columns(2)
        left.button(t("edit.save_anyway"), key="map_edit_force", on_click=save_edit, args=(sid, keys, True),
                    icon=":material/save_as:", width="stretch")
        right.button(t("edit.take_theirs"), key="map_edit_theirs", on_click=mapview.forget_edit_base,
                     icon=":material/refresh:", width="stretch")


def selection_panel(doc: Session, chosen: list[Stakeholder]) -> None:
    with st.container(border=True):
        st.subheader(t("map.selected_n", n=len(chosen)))
        st.caption(", ".join(ui.md(s.name) for s in chosen[:12]) + (" …" if len(chosen) > 12 else ""))
        ids = [s.id for s in chosen]
        st.selectbox(t("map.col_cluster"), cluster_options(doc),
                     format_func=lambda c: cluster_name(doc, c), key="map_sel_cluster")
        st.button(t("map.assign"), key="map_sel_assign", on_click=assign, args=(ids, "map_sel_cluster"),
                  icon=":material/category:")
        st.button(t("map.delete_many", n=len(ids)), key="map_delete_selected", icon=":material/delete:",
                  on_click=delete_stakeholders, args=(ids,))


def clusters_panel(doc: Session, chosen: list[Stakeholder]) -> None:
    panel = st.expander(t("map.clusters"), icon=":material/category:", key="map_clusters_open",
                        on_change="rerun")
    if not panel.open:
        return
    with panel:
        mapview.show_notice("cluster")
        st.button(t("map.arrange"), key="map_cl_arrange", icon=":material/dashboard:", width="stretch",
                  on_click=arrange, args=([s.id for s in chosen],), help=t("map.arrange_help"))
        if chosen:
            st.checkbox(t("map.arrange_keep", n=len(chosen)), key=KEEP_CHOSEN)
        st.session_state.setdefault(BESIDE, True)
        st.toggle(t("map.beside"), key=BESIDE, help=t("map.beside_help"))
        if doc.clusters:
            options = [c.id for c in doc.clusters]
            if st.session_state.get("map_cl_pick") not in options:
                st.session_state["map_cl_pick"] = options[0]
            cid = st.selectbox(t("map.cluster_pick"), options, format_func=lambda c: cluster_name(doc, c),
                               key="map_cl_pick")
            c = doc.cluster(cid)
            name_key, colour_key = mapview.cluster_key(c, "name"), mapview.cluster_key(c, "colour")
            with st.form("map_cl_form", border=False):
                st.text_input(t("map.cluster_name"), value=c.name, key=name_key,
                              max_chars=NAME_MAX)
                st.color_picker(t("map.cluster_colour"), value=c.colour, key=colour_key)
                st.form_submit_button(t("map.save"), on_click=save_cluster,
                                      args=(c.id, name_key, colour_key), icon=":material/save:")
            if chosen:
                st.button(t("map.assign_selected", n=len(chosen), name=ui.md(c.name)), key="map_cl_assign",
                          on_click=assign, args=([s.id for s in chosen], "map_cl_pick"),
                          icon=":material/category:")
            st.button(t("map.cluster_delete"), key="map_cl_delete", on_click=delete_cluster, args=(c.id,),
                      icon=":material/delete:", help=t("map.cluster_delete_help"))
            st.divider()
        st.markdown(f"**{t('map.cluster_new')}**")
        with st.form("map_cl_new_form", border=False):
            st.text_input(t("map.cluster_name"), key="map_cl_new_name", max_chars=NAME_MAX)
            offered = mapedit.offered_colour(doc)
            st.color_picker(t("map.cluster_colour"), key=new_colour_key(offered), value=offered,
                            help=t("map.cluster_colour_help"))
            st.form_submit_button(t("map.cluster_create"), on_click=add_cluster, args=(offered,),
                                  icon=":material/add:")
        mapview.show_notice("new_cluster")


def suggestion_panel(doc: Session) -> bool:
    """The suggestions, while open (then True)."""
    panel = st.expander(t("map.suggest"), icon=":material/auto_awesome:", key="map_suggest_open",
                        on_change="rerun")
    if not panel.open:
        return False
    draw_suggestions(doc, panel)
    return True


def draw_suggestions(doc: Session, panel) -> None:
    with panel:
        st.caption(t("map.suggest_help"))
        st.button(t("map.suggest_run"), key="map_suggest_run", on_click=run_suggestion,
                  icon=":material/auto_awesome:")
        held = st.session_state.get(state.SUGGESTION)
        if not held or held.get("session") != doc.id:
            return
        result = held["result"]
        if held["revision"] != doc.revision:
            st.caption(t("map.suggest_stale"))
        if result["agreement"] is None:
            st.markdown(t("map.suggest_no_agreement"))
        else:
            st.markdown(t("map.suggest_agreement", score=f"{result['agreement']:.2f}"))
        groups = result["clusters"]
        if not groups:
            st.info(t("map.suggest_none"))
            return
        keys = [f"map_sug_{held['revision']}_{i}" for i in range(len(groups))]
        for i, g in enumerate(groups):
            members = [doc.stakeholder(m) for m in g["members"]]
            names = [s.name for s in members if s is not None]
            with st.container(border=True):
                st.checkbox(t("map.suggest_group", n=i + 1, count=len(names)), key=keys[i], value=True)
                st.caption(", ".join(ui.md(n) for n in names))
                if g.get("team_cluster") and doc.cluster(g["team_cluster"]) is not None:
                    st.caption(t("map.suggest_like", name=ui.md(cluster_name(doc, g["team_cluster"])),
                                    share=round(100 * g["share"])))
        own = [f"{ui.md(c.name)} ({sum(s.cluster == c.id for s in doc.stakeholders)})" for c in doc.clusters]
        st.caption(t("map.suggest_own", clusters=", ".join(own) or "—"))
        a, b, c = st.columns(3)
        a.button(t("map.suggest_accept_chosen"), key="map_sug_some", on_click=accept_suggestion,
                 args=(keys,), type="primary")
        b.button(t("map.suggest_accept_all"), key="map_sug_all", on_click=accept_suggestion, args=(None,))
        c.button(t("map.suggest_discard"), key="map_sug_none", on_click=discard_suggestion)
        mapview.show_notice("suggest")


def map_picture(store: Store, sid: str, fmt: str, paper: str, secret: bool, lang: str) -> bytes:
    """The session's map as it is when the button is clicked (called outside the page's run)."""
    return picture.picture(store.get(sid), fmt, include_confidential=secret, lang=lang, paper=paper)


def picture_downloads(doc: Session) -> None:
    """The map as SVG, PNG or PDF, drawn without a browser; built only when a button is clicked,
    from the session as it is then. Drawn only while open, so a rerun of the page does not pay."""
    box = st.popover(i18n.t("picture.download", lang()), icon=":material/image:", key="map_picture_open",
                     on_change="rerun")
    if not box.open:
        return
    with box:
        st.caption(i18n.t("picture.help", lang()))
        secret = st.checkbox(i18n.t("picture.confidential", lang()), key="map_picture_confidential")
        store = state.get_store()
        for fmt, paper, label in (("png", "A4", "picture.png"), ("svg", "A4", "picture.svg"),
                                  ("pdf", "A4", "picture.pdf_a4"), ("pdf", "A3", "picture.pdf_a3")):
            data = functools.partial(map_picture, store, doc.id, fmt, paper, secret, lang())
            st.download_button(i18n.t(label, lang()), data=data,
                               file_name=picture.file_name(doc, fmt, paper), mime=picture.MEDIA_TYPES[fmt],
                               key=f"map_picture_{fmt}_{paper}", on_click="ignore",
                               icon=":material/download:", width="stretch")


def canvas_part(doc: Session) -> None:
    """The canvas and its legend: a part of its own, so a post-it added or moved elsewhere reruns
    only this, not the forms and panels around it (``panels_show`` says when those rerun too)."""
    lead = bool(st.session_state.get(state.MAP_FOLLOW))
    data = mapview.show_map(doc, key="map_canvas", height=CANVAS_HEIGHT, min_scale=MIN_SCALE,
                            follow="lead" if lead else None, live=ui.live_report(doc))
    st.markdown(mapview.legend_html(data["legend"]), unsafe_allow_html=True)


#: Whether this browser's map page last drew only what ``panels_show`` covers.
WATCHED = "map_panels_watched"


def panels_show(doc: Session) -> object:
    """What the page shows around the canvas: the clusters (the quick-add bar, the panel), the
    post-its the panels are open on and the personas they appear in. While the table, the
    suggestions or the duplicate hint are open, the page follows every revision."""
    if not st.session_state.get(WATCHED):
        return doc.revision
    ids = set(state.selected())
    for held in (st.session_state.get(state.MAP_EDIT), st.session_state.get(state.MAP_CONNECT)):
        if isinstance(held, dict):
            ids.update(v for k, v in held.items() if k in ("id", "source", "target"))
    return (doc.meta.title, tuple((c.id, c.name, c.colour) for c in doc.clusters),
            tuple((s.id, mapview.fingerprint(s)) for s in doc.stakeholders if s.id in ids),
            tuple((p.id, p.name) for sid in sorted(ids) for p in personas.personas_of(doc, sid)))


def map_tab(doc: Session) -> bool:
    """The map with its panels; whether all it shows besides the canvas is in ``panels_show``."""
    left, right = st.columns([3, 1], gap="medium")
    selected = set(state.selected())
    chosen = [s for s in doc.stakeholders if s.id in selected]
    with left:
        follow, tools = st.columns([4, 1], vertical_alignment="center")
        # The quick-add bar's duplicate hint sits in this row, beside "Volg mij", so it comes and
        # goes without moving the map.
        with follow.container(key="map_follow_row", horizontal=True, vertical_alignment="center",
                              gap="medium"):
            st.toggle(t("live.follow_me"), key=state.MAP_FOLLOW, help=t("live.follow_me_help"),
                      width="content")
            duplicate_hint(doc, "quick")
        tools.button(t("map.tidy"), key="map_tidy", on_click=tidy, icon=":material/grid_view:",
                     help=t("map.tidy_help"), width="stretch")
        mapview.show_notice("tidy")
        ui.live_part(canvas_part, key="map_canvas_part")
        st.caption(t("map.canvas_help"))
        picture_downloads(doc)
    with right:
        opened = st.session_state.get(state.MAP_EDIT)
        if opened and doc.stakeholder(opened["id"]) is None:
            st.warning(t("edit.gone"), icon=":material/group:")
            mapview.forget_edit_base()
        pending = st.session_state.get(state.MAP_CONNECT)
        if pending:
            relation_panel(doc, pending)
        if len(chosen) == 1:
            edit_panel(doc, chosen[0])
        else:
            mapview.forget_edit_base()
            if chosen:
                selection_panel(doc, chosen)
            elif not pending:
                st.info(t("map.select_hint"))
        clusters_panel(doc, chosen)
        return not suggestion_panel(doc)


def table_tab(doc: Session) -> None:
    duplicate_hint(doc, "quick")
    st.caption(t("map.table_help"))
    key = f"map_table_{doc.id}_{doc.revision}"
    st.data_editor(mapedit.table_frame(doc, lang()), key=key, num_rows="dynamic", hide_index=True,
                   column_config=mapview.table_config(doc, lang()), height=TABLE_HEIGHT, width="stretch")
    edits = st.session_state.get(key) or {}
    if not any(edits.get(part) for part in ("edited_rows", "added_rows", "deleted_rows")):
        return
    edit = mapedit.table_edit(doc, edits, mapview.default_values(st.session_state), lang())
    if edit.problem:
        problem = edit.problem
        st.error(t("map.table_problem", row=problem.row, column=t(f"map.col_{problem.column}"),
                   reason=problem.text(lang())))
        return
    if edit.op is None or ui.run(edit.op) is None:
        return
    message = t("map.table_saved", **edit.counts)
    if edit.counts["deleted"]:
        message += " — " + t(UNDO_HINT)
    state.flash("success", message)
    st.rerun()


def map_page(doc: Session) -> None:
    """Everything that follows the session live: a change made elsewhere reruns the canvas, and
    this as well when ``panels_show`` changed."""
    quick_add_bar(doc)
    tab_map, tab_table = st.tabs([t("map.tab_map"), t("map.tab_table")], key="map_tab", on_change="rerun")
    watched = False
    if tab_map.open:
        with tab_map:
            watched = map_tab(doc)
    if tab_table.open:
        watched = False
        with tab_table:
            table_tab(doc)
    st.session_state[WATCHED] = watched and state.MAP_DUPLICATE not in st.session_state


doc = ui.require_session()
st.markdown(CSS, unsafe_allow_html=True)
st.header(t("map.title"), anchor=False, help=t("map.session_help", title=ui.md(doc.meta.title)))
ui.live(map_page, key="wa_live_map", watch=panels_show)
