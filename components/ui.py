"""Small building blocks every page uses: labels, escaping, applying operations, undo."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from components import state
from werkatelier import i18n, roles, undo
from werkatelier.document import WerkatelierError
from werkatelier.model import Session
from werkatelier.ops import Operation

#: The live room's safety net: a fragment reruns this often (seconds) even when no push arrived
#: (a proxy that drops WebSockets, a missed message). Pushes are the mechanism, not this.
SAFETY_POLL_S = 20

#: The screens: the folder beside app.py, found from this file, never from the working directory.
PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"


def page(name: str) -> Path:
    """The file of one screen, for st.Page, st.page_link and st.switch_page: ``page("map")``."""
    return PAGES_DIR / f"{name}.py"


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
        st.page_link(page("start"), label=t("nav.start"), icon=":material/home:")
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
        st.error(t("error.refused", reason=refusal_text(e)))
        return None
    # This browser's own change is no one else's: edit forms open on it take it as their base.
    forget_edit_bases()
    if done:
        state.flash("success", done)
    return doc


def refusal_text(e: WerkatelierError) -> str:
    """Why an operation was refused, in this browser's language where it is a room's rule."""
    key = roles.refusal_key(e)
    return t(key) if key else md(e)


def forget_edit_bases() -> None:
    st.session_state.pop(state.MAP_EDIT, None)


def op_label(name: str) -> str:
    return t(f"op.{name}") if f"op.{name}" in i18n.catalogue(state.lang()) else name


def undo_controls() -> None:
    """Undo and redo buttons for this browser's own steps on the open session."""
    sid = state.session_id()
    if not sid:
        return
    history = state.undo_history()
    for undoing in (True, False):
        word = "undo" if undoing else "redo"
        step = history.last(sid, history.done if undoing else history.undone)
        if st.button(t(f"undo.{word}"), icon=f":material/{word}:", disabled=step is None,
                         key=f"wa_{word}_btn", width="stretch",
                         help=t(f"undo.{word}_what", what=op_label(step.op)) if step else None):
            try:
                (undo.undo if undoing else undo.redo)(state.get_store(), history, sid)
                forget_edit_bases()
                state.flash("success", t("undo.undone" if undoing else "undo.redone", what=op_label(step.op)))
            except WerkatelierError as e:
                state.flash("error", t("error.refused", reason=md(e)))
            st.rerun()


def show_flashes() -> None:
    for kind, text in state.take_flashes():
        {"success": st.success, "warning": st.warning, "error": st.error}.get(kind, st.info)(text)


def live(draw: Callable[[Session], object], *, key: str = "wa_live", badge: bool = True) -> None:
    """Draw ``draw(doc)`` for the open session in a fragment that follows it live.

    A change to the session made anywhere (another screen, the CLI, a second server) is pushed
    to this screen, and only this fragment reruns, with the session read afresh; so ``draw``
    must read everything it shows from ``doc`` (or the store), not from the page's own run.
    With ``badge`` it shows how many screens are open on the session. One call per page.
    """
    _live_part(draw, key, badge)


@st.fragment(run_every=SAFETY_POLL_S)
def _live_part(draw: Callable[[Session], object], key: str, badge: bool) -> None:
    from components.live import live_element

    # app.py shows the messages of a full run; those of a rerun of only this part show here.
    show_flashes()
    doc = require_session()
    live_element(doc.id, doc.revision, key=key, lang=state.lang(), badge=badge,
                 go=st.session_state.pop(state.GO, None))
    draw(doc)
