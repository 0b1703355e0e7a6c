"""Small building blocks every page uses: labels, escaping, applying operations, undo."""

from __future__ import annotations

import re

import streamlit as st

from components import state
from werkatelier import i18n, undo
from werkatelier.document import WerkatelierError
from werkatelier.model import Session
from werkatelier.ops import Operation


def t(key: str, **values: object) -> str:
    """The label for key in this browser's language."""
    return i18n.t(key, state.lang(), **values)


def md(text: object) -> str:
    """User text as literal Markdown: no links, images (outside requests) or formatting sneak in."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", " ".join(str(text).split()))


def current() -> Session | None:
    """The open session, or None when none is open or it has gone."""
    sid = state.session_id()
    if not sid:
        return None
    try:
        return state.get_store().get(sid)
    except WerkatelierError:
        state.open_session(None)
        state.flash("warning", t("common.session_gone"))
        return None


def require_session() -> Session:
    """The open session; otherwise a pointer to the start page, and the page stops here."""
    doc = current()
    if doc is None:
        st.info(t("common.no_session"))
        st.page_link("pages/start.py", label=t("nav.start"), icon=":material/home:")
        st.stop()
    return doc


def run(op: Operation, *, done: str | None = None) -> Session | None:
    """Apply op to the open session, remembered for undo; a refusal is shown, nothing is lost."""
    sid = state.session_id()
    if sid is None:
        st.error(t("common.no_session"))
        return None
    try:
        doc = undo.apply(state.get_store(), state.undo_history(), sid, op)
    except WerkatelierError as e:
        st.error(t("error.refused", reason=str(e)))
        return None
    if done:
        state.flash("success", done)
    return doc


def op_label(name: str) -> str:
    return t(f"op.{name}") if f"op.{name}" in i18n.catalogue(state.lang()) else name


def undo_controls() -> None:
    """Undo and redo buttons for this browser's own steps on the open session."""
    sid = state.session_id()
    if not sid:
        return
    history = state.undo_history()
    store = state.get_store()
    col_undo, col_redo = st.columns(2)
    last = history.last(sid, history.done)
    if col_undo.button(t("undo.undo"), icon=":material/undo:", disabled=last is None, key="wa_undo_btn",
                       help=t("undo.undo_what", what=op_label(last.op)) if last else None,
                       width="stretch"):
        try:
            undo.undo(store, history, sid)
            state.flash("success", t("undo.undone", what=op_label(last.op)))
        except WerkatelierError as e:
            state.flash("error", t("error.refused", reason=str(e)))
        st.rerun()
    nxt = history.last(sid, history.undone)
    if col_redo.button(t("undo.redo"), icon=":material/redo:", disabled=nxt is None, key="wa_redo_btn",
                       help=t("undo.redo_what", what=op_label(nxt.op)) if nxt else None,
                       width="stretch"):
        try:
            undo.redo(store, history, sid)
            state.flash("success", t("undo.redone", what=op_label(nxt.op)))
        except WerkatelierError as e:
            state.flash("error", t("error.refused", reason=str(e)))
        st.rerun()


def show_flashes() -> None:
    for kind, text in state.take_flashes():
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(text)
