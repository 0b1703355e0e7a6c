"""History: the open session's revisions, newest first, with restore; two sessions or revisions compared."""

from __future__ import annotations

import html
import math
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st

from components import state, ui
from components.canvas import cluster_hulls, stakeholder_canvas
from werkatelier import compare, i18n, render, said
from werkatelier.document import WerkatelierError
from werkatelier.model import Session
from werkatelier.store import RevisionInfo

#: Revisions per page of the list.
PAGE_SIZE = 25
MAP_HEIGHT = 560
#: A changed text longer than this is cut in the list; the map and the session page have it whole.
VALUE_CHARS = 160
#: Read-only maps: look around, nothing to draw or delete.
VIEW_TOOLS = ("zoom_in", "zoom_out", "fit")
LEGEND_CSS = """<style>
.wa-legend{display:flex;flex-wrap:wrap;gap:10px 16px;margin:4px 0 12px 0}
.wa-legend span{padding:4px 12px;border-radius:6px;background:#fff;color:#1a1a1a}
</style>"""


def local(when: datetime) -> datetime:
    """when in the browser's time zone, else the server's."""
    try:
        return when.astimezone(ZoneInfo(st.context.timezone)) if st.context.timezone else when.astimezone()
    except (ZoneInfoNotFoundError, ValueError):
        return when.astimezone()


def when_text(when: datetime) -> str:
    w = local(when)
    return f"{render.format_date(w.date(), state.lang())} {w:%H:%M}"


def field_label(name: str) -> str:
    key = f"history.field.{name}"
    return ui.t(key) if key in i18n.catalogue(state.lang()) else name


def value_text(part: str, change: compare.FieldChange, value: object) -> str:
    """A changed value as Markdown-safe text in the reader's words."""
    if value is None:
        return f"_{ui.t('history.empty_value')}_"
    if isinstance(value, bool):
        return ui.t("history.yes") if value else ui.t("history.no")
    words = render.words(state.lang())
    if part == "stakeholders" and change.field == "kind":
        value = words["kind"].get(value, value)
    elif part == "stakeholders" and change.field == "attitude":
        value = words["attitude"].get(value, value)
    text = str(value)
    return ui.md(text if len(text) <= VALUE_CHARS else text[:VALUE_CHARS - 1].rstrip() + "…")


# --- revisions ------------------------------------------------------------------------------------

def confirm_restore(doc: Session) -> None:
    pending = st.session_state.get(state.HISTORY_RESTORE)
    if not pending or pending[0] != doc.id:
        return
    n = pending[1]
    with st.container(border=True):
        st.warning(ui.t("history.restore_confirm", n=n, new=doc.revision + 1, current=doc.revision))
        yes, no = st.columns(2)
        if yes.button(ui.t("history.restore_yes", n=n), type="primary", key="history_restore_yes",
                      icon=":material/restore:"):
            st.session_state.pop(state.HISTORY_RESTORE, None)
            try:
                new = state.get_store().restore(doc.id, n)
            except WerkatelierError as e:
                st.error(ui.t("error.refused", reason=ui.md(e)))
                return
            state.flash("success", ui.t("history.restored", n=n, new=new.revision, previous=doc.revision))
            st.rerun()
        if no.button(ui.t("history.restore_no"), key="history_restore_no"):
            st.session_state.pop(state.HISTORY_RESTORE, None)
            st.rerun()


def revisions(doc: Session) -> None:
    try:
        history = state.get_store().history(doc.id)[::-1]
    except WerkatelierError as e:
        st.error(ui.t("history.unreadable", reason=ui.md(e)))
        return
    st.caption(ui.t("history.count", n=len(history)))
    pages = max(1, math.ceil(len(history) / PAGE_SIZE))
    page = 1
    if pages > 1:
        page = st.number_input(ui.t("history.page", pages=pages), min_value=1, max_value=pages, value=1,
                               step=1, key="history_page")
    rows = history[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
    summaries = [said.describe(r.summary, r.say, state.lang()) for r in rows]
    st.table({ui.t("history.col_revision"): [str(r.revision) for r in rows],
              ui.t("history.col_when"): [when_text(r.when) for r in rows],
              ui.t("history.col_op"): [ui.op_label(r.op) for r in rows],
              ui.t("history.col_summary"): [ui.md(text) for text in summaries],
              ui.t("history.col_changed"): [str(r.changed) for r in rows]},
             hide_index=True, border="horizontal")

    st.subheader(ui.t("history.restore_heading"))
    older = [r for r in history if r.revision != doc.revision]
    if not older:
        st.info(ui.t("history.only_one"))
        return
    info = {r.revision: r for r in older}
    pick = st.selectbox(ui.t("history.restore_pick"), list(info), key="history_restore_pick",
                        format_func=lambda n: revision_text(info[n]))
    if st.button(ui.t("history.restore"), key="history_restore", icon=":material/restore:"):
        st.session_state[state.HISTORY_RESTORE] = (doc.id, pick)
    confirm_restore(doc)


# --- compare --------------------------------------------------------------------------------------

def revision_text(r: RevisionInfo) -> str:
    return ui.t("history.revision_option", n=r.revision, when=when_text(r.when), what=ui.op_label(r.op))


def pick_side(side: str, label: str, sessions: dict[str, str], default_id: str,
              default_rev: int | None) -> tuple[str, int | None]:
    """Session and revision for one side; revision None means the latest."""
    st.subheader(label)
    ids = list(sessions)
    sid = st.selectbox(ui.t("history.session"), ids, index=ids.index(default_id),
                       key=f"history_{side}_session", format_func=sessions.__getitem__)
    try:
        history = state.get_store().history(sid)[::-1]
    except WerkatelierError as e:
        st.error(ui.t("history.unreadable", reason=ui.md(e)))
        return sid, None
    info = {r.revision: r for r in history}
    options: list[int | None] = [None, *list(info)[1:]]
    index = options.index(default_rev) if sid == default_id and default_rev in options else 0
    # Keyed by session: another session has other revisions.
    rev = st.selectbox(ui.t("history.revision"), options, index=index, key=f"history_{side}_rev_{sid}",
                       format_func=lambda n: ui.t("history.latest", n=history[0].revision) if n is None
                       else revision_text(info[n]))
    return sid, rev


def load(sid: str, rev: int | None) -> Session | None:
    store = state.get_store()
    try:
        return store.get(sid) if rev is None else store.get_revision(sid, rev)
    except WerkatelierError as e:
        st.error(ui.t("history.unreadable", reason=ui.md(e)))
        return None


def change_lines(part: str, pc: compare.PartComparison) -> list[str]:
    added, removed, changed = (ui.md(compare.MARK_SYMBOLS[m]) for m in (compare.ADDED, compare.REMOVED,
                                                                         compare.CHANGED))
    lines = [f"- {added} {ui.md(e.name)}" for e in pc.added]
    lines += [f"- {removed} {ui.md(e.name)}" for e in pc.removed]
    for ch in pc.changed:
        fields = "; ".join(f"{field_label(f.field)}: {value_text(part, f, f.before)} → "
                           f"{value_text(part, f, f.after)}" for f in ch.fields)
        lines.append(f"- {changed} **{ui.md(ch.name)}** — {fields}")
    return lines


def legend() -> None:
    items = []
    for mark, key in ((compare.ADDED, "history.legend_added"), (compare.REMOVED, "history.legend_removed"),
                      (compare.CHANGED, "history.legend_changed")):
        line = "dashed" if mark == compare.REMOVED else "solid"
        style = f"border:{compare.MARK_BORDER // 2}px {line} {compare.MARK_COLOURS[mark]}"
        text = html.escape(f"{compare.MARK_SYMBOLS[mark]} {ui.t(key)}")
        items.append(f'<span style="{style}">{text}</span>')
    st.markdown(LEGEND_CSS + f'<div class="wa-legend">{"".join(items)}</div>', unsafe_allow_html=True)


def side_map(doc: Session, side: str, label: str, rev: int, marks: tuple[dict, dict], version: str) -> None:
    st.caption(ui.t("history.map_caption", side=label, title=ui.md(doc.meta.title), n=rev))
    if not doc.stakeholders:
        st.info(ui.t("history.map_empty"))
        return
    data = render.vis_data(doc, lang=state.lang(), seed=0)
    stakeholder_canvas(compare.highlighted(data, *marks), key=f"history_map_{side}", height=MAP_HEIGHT,
                       hulls=cluster_hulls(data), lang=state.lang(), tools=VIEW_TOOLS, version=version)


def comparison(doc: Session) -> None:
    st.caption(ui.t("history.compare_intro"))
    sessions = {s.id: s.title for s in state.get_store().list()}
    sessions.setdefault(doc.id, doc.meta.title)
    carried = doc.meta.carried_from if doc.meta.carried_from in sessions else None
    if carried:
        st.caption(ui.t("history.carried_hint", title=ui.md(sessions[carried])))
    # Without an earlier session, A starts at the revision before this one.
    default_a, default_rev_a = (carried, None) if carried else (doc.id, doc.revision - 1 or None)
    col_a, col_b = st.columns(2)
    with col_a:
        sid_a, rev_a = pick_side("a", ui.t("history.side_a"), sessions, default_a, default_rev_a)
    with col_b:
        sid_b, rev_b = pick_side("b", ui.t("history.side_b"), sessions, doc.id, None)
    a, b = load(sid_a, rev_a), load(sid_b, rev_b)
    if a is None or b is None:
        return
    c = compare.compare(a, b)
    if not c:
        st.info(ui.t("history.same"))
    else:
        totals = {k: sum(len(getattr(p, k)) for p in c.parts.values())
                  for k in ("added", "removed", "changed")}
        st.markdown(f"**{ui.t('history.summary', **totals)}**")
        if c.question:
            before, after = (ui.md(q) or f"_{ui.t('history.empty_value')}_" for q in c.question)
            st.markdown(f"**{ui.t('history.question_changed')}:** {before} → {after}")
        for part in compare.COMPARED:
            pc = c.parts[part]
            if not pc.size:
                continue
            title = ui.t("history.part_summary", part=ui.t(f"history.part.{part}"), added=len(pc.added),
                         removed=len(pc.removed), changed=len(pc.changed))
            with st.expander(title, expanded=part == "stakeholders"):
                st.markdown("\n".join(change_lines(part, pc)))
        if c.moved:
            st.caption(ui.t("history.moved", n=len(c.moved)))
    st.subheader(ui.t("history.maps"))
    legend()
    # The marks on each map depend on both sides: the pair and the language make the version.
    version = f"{a.id}@{a.revision}|{b.id}@{b.revision}|{state.lang()}"
    left, right = st.columns(2)
    with left:
        side_map(a, "a", ui.t("history.side_a"), a.revision, c.marks("before"), version)
    with right:
        side_map(b, "b", ui.t("history.side_b"), b.revision, c.marks("after"), version)


def history_page(doc: Session) -> None:
    """The revisions, newest first: every screen sees each new one (and a restore) as it is made."""
    st.markdown(f"**{ui.md(doc.meta.title)}**")
    st.caption(ui.t("history.intro"))
    # Only the open tab runs: the compare tab reads two sessions and draws two maps.
    tab_revisions, tab_compare = st.tabs([ui.t("history.tab_revisions"), ui.t("history.tab_compare")],
                                         key="history_tab", on_change="rerun")
    if tab_revisions.open:
        with tab_revisions:
            revisions(doc)
    if tab_compare.open:
        with tab_compare:
            comparison(doc)


ui.require_session()
st.title(ui.t("nav.history"))
ui.live(history_page, key="wa_live_history")
