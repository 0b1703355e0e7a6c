"""Actions: who does what by when, as an editable table that filters by status and who and sorts by when."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable

import pandas as pd
import streamlit as st

from components import state, ui
from werkatelier import actions, conflicts
from werkatelier.model import ITEM_MAX, STATUSES, Session
from werkatelier.ops import UpsertAction, combine

NEW_ACTION, NEW_WHO = "actions_new_action", "actions_new_who"
NEW_WHEN, NEW_STATUS = "actions_new_when", "actions_new_status"
F_STATUS, F_WHO, F_SORT = "actions_status", "actions_who", "actions_sort"
COLUMNS = ["id", *actions.FIELDS]


def labels(prefix: str, keys: tuple[str, ...]) -> dict[str, str]:
    """Option labels fixed when the page runs: a format_func called later must not ask for the language."""
    return {k: ui.t(f"{prefix}{k}") for k in keys}


def status_names() -> Callable[[str], str]:
    return labels("actions.status_", STATUSES).__getitem__


def who_choices(doc: Session) -> list[str]:
    names = actions.who_options(doc.participants, doc.actions)
    team = ui.t("actions.whole_team")
    return names if team.casefold() in (n.casefold() for n in names) else [team, *names]


def new_action_form(doc: Session) -> None:
    with st.expander(ui.t("actions.new"), expanded=not doc.actions, icon=":material/add_task:"), \
            st.form("actions_new_form", border=False, enter_to_submit=True):
        what, who = st.columns([3, 2])
        text = what.text_input(ui.t("actions.col_action"), key=NEW_ACTION, max_chars=ITEM_MAX,
                               placeholder=ui.t("actions.action_hint"))
        person = who.selectbox(ui.t("actions.col_who"), options=who_choices(doc), index=None, key=NEW_WHO,
                               accept_new_options=True, placeholder=ui.t("actions.who_hint"))
        when_col, status_col = st.columns([3, 2])
        when = when_col.text_input(ui.t("actions.col_when"), key=NEW_WHEN, max_chars=actions.SHORT_MAX,
                                   placeholder=ui.t("actions.when_hint"))
        status = status_col.selectbox(ui.t("actions.col_status"), options=list(STATUSES), key=NEW_STATUS,
                                      format_func=status_names())
        if st.form_submit_button(ui.t("actions.add"), type="primary", icon=":material/add:"):
            if not text.strip():
                st.error(ui.t("actions.action_needed"))
                return
            item = {"action": text, "who": person or "", "when": when, "status": status}
            if ui.run(UpsertAction(action=item), done=ui.t("actions.added")):
                state.reset_widgets(**{NEW_ACTION: None, NEW_WHO: None, NEW_WHEN: None, NEW_STATUS: None})
                st.rerun()


def problem_text(p: actions.Problem) -> str:
    if p.reason == "empty":
        return ui.t("actions.problem_empty", row=p.row)
    if p.reason == "too_long":
        limit = ITEM_MAX if p.field == "action" else actions.SHORT_MAX
        return ui.t("actions.problem_too_long", row=p.row, column=ui.t(f"actions.col_{p.field}"), max=limit)
    return ui.t("actions.problem_status", row=p.row)


def save_table(doc: Session, key: str, row_ids: list[str]) -> bool:
    """Apply what was changed in the table; True when the table should start afresh."""
    changes = st.session_state.get(key) or {}
    if not any(changes.get(k) for k in ("edited_rows", "added_rows", "deleted_rows")):
        return False
    ops, problems = actions.table_changes(doc.actions, row_ids, changes)
    if problems:
        # The table keeps what was typed; nothing is saved until every row can be.
        st.warning("\n\n".join(problem_text(p) for p in problems))
        return False
    table = st.session_state[state.ACTION_TABLE]
    # Rows someone else changed or deleted since this table was drawn are not overwritten unasked:
    # their edits wait beside the table for an explicit "save anyway".
    rows = [*(changes.get("edited_rows") or {}), *(changes.get("deleted_rows") or [])]
    touched = [row_ids[int(i)] for i in rows if 0 <= int(i) < len(row_ids)]
    clashes = conflicts.changed_since(doc, "action", table.get("fps", {}).get(key, {}), touched)
    if clashes:
        held = [op for op in ops if op_action_id(op) in clashes]
        ops = [op for op in ops if op_action_id(op) not in clashes]
        table["held"] = {"ops": held, "ids": list(clashes)}
    if not ops:
        table["gen"] += 1
        return bool(clashes)
    done: Counter[str] = Counter("deleted" if op.op == "delete_action" else
                                 "saved" if op.action.id in row_ids else "added" for op in ops)
    # One save, one step: the rows land together and one undo takes them all back.
    saved = ui.run(combine(ops, what="edit_actions")) is not None
    if saved:
        for what, n in done.items():
            state.flash("success", ui.t(f"actions.table_{what}", n=n))
    table["gen"] += 1
    return saved


def op_action_id(op) -> str:
    return op.id if op.op == "delete_action" else op.action.id


def save_held(force: bool) -> None:
    """Save anyway the edits of rows someone else changed meanwhile (force), or drop them."""
    table = st.session_state.setdefault(state.ACTION_TABLE, {"gen": 0, "rows": {}})
    held = table.pop("held", None)
    if force and held and held["ops"] and ui.run(combine(held["ops"], what="edit_actions")) is not None:
        state.flash("success", ui.t("actions.table_saved", n=len(held["ops"])))


def changed_meanwhile(doc: Session) -> None:
    """Rows edited here that someone else changed or deleted meanwhile: their version, and a choice."""
    held = st.session_state.get(state.ACTION_TABLE, {}).get("held")
    if not held:
        return
    with st.container(border=True, key="actions_conflict"):
        now = {a.id: a for a in doc.actions}
        gone = [i for i in held["ids"] if i not in now]
        st.warning(ui.t("edit.gone") if gone and len(gone) == len(held["ids"]) else ui.t("edit.changed"),
                   icon=":material/group:")
        for i in held["ids"]:
            if i in now:
                a = now[i]
                what = " · ".join(x for x in (a.action, a.who, a.when, status_names()(a.status)) if x)
                st.caption(ui.t("edit.now_saved", what=ui.md(what)))
        left, right = st.columns(2)
        if held["ops"]:
            left.button(ui.t("edit.save_anyway"), key="actions_force", icon=":material/save_as:",
                        on_click=save_held, args=(True,), width="stretch")
        right.button(ui.t("edit.take_theirs"), key="actions_theirs", icon=":material/refresh:",
                     on_click=save_held, args=(False,), width="stretch")


def actions_page(doc: Session) -> None:
    """The new-action form, the filters and the table: every screen follows each row as it changes."""
    new_action_form(doc)

    statuses_col, who_col, sort_col = st.columns([3, 3, 4])
    statuses = statuses_col.pills(ui.t("actions.filter_status"), options=list(STATUSES),
                                  selection_mode="multi", default=list(STATUSES), format_func=status_names(),
                                  key=F_STATUS)
    people = actions.who_options(doc.participants, doc.actions)
    who = who_col.selectbox(ui.t("actions.filter_who"), options=people, index=None, accept_new_options=True,
                            placeholder=ui.t("actions.everyone"), key=F_WHO)
    sort = sort_col.segmented_control(ui.t("actions.sort"), options=list(actions.SORTS), default="order",
                                      format_func=labels("actions.sort_", actions.SORTS).__getitem__,
                                      key=F_SORT) or "order"

    ref = doc.meta.event.date or doc.created.date()
    shown = actions.sort_actions(actions.filter_actions(doc.actions, statuses=statuses, who=who), sort,
                                 ref=ref)
    table = st.session_state.setdefault(state.ACTION_TABLE, {"gen": 0, "rows": {}})
    # A new filter or sort is a new table, so pending edits never land on rows they were not made on.
    view = hashlib.sha1(repr((sorted(statuses), who, sort)).encode()).hexdigest()[:8]
    key = f"actions_table_{table['gen']}_{view}"
    if save_table(doc, key, table["rows"].get(key, [a.id for a in shown])):
        st.rerun()
    changed_meanwhile(doc)
    doc = ui.current() or doc
    shown = actions.sort_actions(actions.filter_actions(doc.actions, statuses=statuses, who=who), sort,
                                 ref=ref)
    key = f"actions_table_{table['gen']}_{view}"

    if doc.actions and not shown:
        st.info(ui.t("actions.none_shown"))
    frame = pd.DataFrame([{"id": a.id, "action": a.action, "who": a.who, "when": a.when, "status": a.status}
                          for a in shown], columns=COLUMNS, dtype=object)
    st.data_editor(
        frame, key=key, num_rows="dynamic", hide_index=True, width="stretch",
        column_order=list(actions.FIELDS), disabled=["id"],
        column_config={
            "action": st.column_config.TextColumn(ui.t("actions.col_action"), width="large", required=True,
                                                  max_chars=ITEM_MAX),
            "who": st.column_config.TextColumn(ui.t("actions.col_who"), width="medium",
                                               max_chars=actions.SHORT_MAX, help=ui.t("actions.who_help")),
            "when": st.column_config.TextColumn(ui.t("actions.col_when"), width="small",
                                                max_chars=actions.SHORT_MAX, help=ui.t("actions.when_hint")),
            "status": st.column_config.SelectboxColumn(ui.t("actions.col_status"), options=list(STATUSES),
                                                       format_func=status_names(),
                                                       required=True, default="open",
                                                       width="small"),
        },
    )
    table["rows"] = {key: [a.id for a in shown]}
    table["fps"] = {key: {a.id: conflicts.fingerprint(a, "action") for a in shown}}
    counts = ui.t("actions.shown", shown=len(shown), n=len(doc.actions))
    st.caption(f"{counts} · {ui.t('actions.table_help')}")


state.apply_widget_resets()
ui.require_session()
st.title(ui.t("nav.actions"))
st.caption(ui.t("actions.intro"))
ui.live(actions_page, key="wa_live_actions")
