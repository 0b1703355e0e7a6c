"""Small building blocks every page uses: labels, escaping, applying operations, undo."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Collection
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.errors import StreamlitAPIException

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


def undo_state(session_id: str) -> tuple[object, object]:
    """What the undo and redo buttons show for ``session_id``: this browser's last steps."""
    history = state.undo_history()
    return history.last(session_id, history.done), history.last(session_id, history.undone)


def message(kind: str, text: str) -> None:
    """One message: what went well (or changed nothing) floats as a toast, so the page (the map)
    does not move when it comes and goes; a warning or an error stays where it was asked for until
    the next click."""
    if kind in ("warning", "error"):
        (st.warning if kind == "warning" else st.error)(text)
    else:
        st.toast(text, icon=":material/check_circle:" if kind == "success" else ":material/info:",
                 duration="long")


def show_flashes() -> None:
    for kind, text in state.take_flashes():
        message(kind, text)


# --- the live room on a page -----------------------------------------------------------------------
#
# A page follows its session with one live element and a few parts (``st.fragment``\s with a key):
# the page's part (``live``), parts nested in it or beside it (``live_part``: the map's canvas, the
# sidebar). Each part says what it depends on (``watch(doc)``, by default every revision). When a
# change is pushed, the element's callback reruns the element and only the parts whose ``watch``
# changed: a post-it added elsewhere reruns the map's canvas, not its forms and panels, and not the
# sidebar. Every part rereads the session when it runs (a fragment rerun calls it with the
# arguments of the run that first drew it).

#: This browser's live parts, by fragment key: what each saw when it was last drawn.
PARTS = "wa_live_parts"
#: The fragment key of the page's live element and of the page's part.
ELEMENT, PAGE = "wa_live_element", "wa_live_page"


@dataclass
class Part:
    watch: Callable[[Session], object] | None  # None: every revision
    seen: object
    rev: int  # the newest revision this part is known to show
    parent: str | None
    #: Tells the live element what it drew (``live_report``): its rerun alone keeps the element up
    #: to date, so a push reruns this part and not the element's as well.
    reports: bool = False


_fragments: dict[tuple[Callable, str], Callable] = {}
_drawing = threading.local()


def _keyed(fn: Callable, key: str, run_every: float | None = None) -> Callable:
    made = _fragments.get((fn, key))
    if made is None:
        made = _fragments[(fn, key)] = st.fragment(fn, key=key, run_every=run_every)
    return made


def _seen(watch: Callable[[Session], object] | None, doc: Session) -> object:
    return doc.revision if watch is None else watch(doc)


def _parts() -> dict[str, Part]:
    return st.session_state.setdefault(PARTS, {})


def forget_parts() -> None:
    """A full run of the app draws every part afresh (app.py calls this first)."""
    st.session_state[PARTS] = {}
    st.session_state.pop(ELEMENT, None)
    st.session_state.pop(PAGE, None)


@contextmanager
def _part_of(key: str, doc: Session, watch: Callable[[Session], object] | None):
    """Draw part ``key`` of ``doc``: its nested parts are drawn afresh inside it."""
    parts = _parts()
    outer = parent = getattr(_drawing, "key", None)
    if parent is None and key in parts:  # rerun on its own: it stays where it was
        parent = parts[key].parent

    def forget(k: str) -> None:
        for child in [c for c, p in parts.items() if p.parent == k]:
            forget(child)
            parts.pop(child, None)

    forget(key)
    parts[key] = Part(watch, _seen(watch, doc), doc.revision, parent)
    _drawing.key = key
    try:
        yield
    finally:
        _drawing.key = outer
        if key in parts:
            parts[key].seen = _seen(watch, doc)  # what the part looked at while drawing


def _under(parts: dict[str, Part], key: str, keys: Collection[str]) -> bool:
    parent = parts[key].parent if key in parts else None
    while parent is not None:
        if parent in keys:
            return True
        parent = parts[parent].parent if parent in parts else None
    return False


def _pushed() -> None:
    """The live element's callback: a newer revision was pushed. Rerun the element and the parts
    whose ``watch`` changed (outermost only); the others are marked as up to date."""
    parts, element = _parts(), st.session_state.get(ELEMENT)
    doc = current()
    if doc is None or element is None:
        return  # the element's own part reruns
    stale = [k for k, p in parts.items() if _seen(p.watch, doc) != p.seen]
    for p in parts.values():
        p.rev = max(p.rev, doc.revision)
    keys = [k for k in stale if not _under(parts, k, stale)]
    if not (_under(parts, element, keys) or any(parts[k].reports for k in keys)):
        keys.insert(0, element)
    try:
        st.rerun(keys)
    except StreamlitAPIException:  # a part the page no longer has: draw everything
        st.rerun()


def rerun_page() -> None:
    """From a callback inside a nested part (the map's canvas): rerun the whole page's part, as a
    click on the page would, so its panels and messages follow."""
    page = st.session_state.get(PAGE)
    if page is not None and page in _parts():
        try:
            st.rerun(page)
        except StreamlitAPIException:  # not in a callback: the run in progress draws it all
            return


def live(draw: Callable[[Session], object], *, key: str = "wa_live", badge: bool = True,
         watch: Callable[[Session], object] | None = None) -> None:
    """Draw ``draw(doc)`` for the open session in a part that follows it live.

    A change to the session made anywhere (another screen, the CLI, a second server) is pushed
    to this screen, and only the parts it touches rerun, with the session read afresh; so ``draw``
    must read everything it shows from ``doc`` (or the store), not from the page's own run.
    ``watch(doc)`` is what the page's part shows apart from its nested parts (``live_part``); a
    change that leaves it the same reruns only those. With ``badge`` it shows how many screens are
    open on the session. One call per page.
    """
    _keyed(_page_part, f"{key}_part", SAFETY_POLL_S)(draw, key, badge, watch)


def _page_part(draw: Callable[[Session], object], key: str, badge: bool,
               watch: Callable[[Session], object] | None) -> None:
    # app.py shows the messages of a full run; those of a rerun of only this part show here.
    show_flashes()
    doc = require_session()
    part = f"{key}_part"
    st.session_state[PAGE] = part
    with _part_of(part, doc, watch):
        live_element(key, badge=badge)
        draw(doc)


def live_element(key: str, *, badge: bool = False) -> None:
    """The page's one live element, in a small part of its own (``live`` draws it at the top of the
    page's part; app.py on a page without one, so the sidebar still follows)."""
    _keyed(_element_part, f"{key}_element")(key, badge)


def has_live_element() -> bool:
    """Whether this run drew the page's live element."""
    return ELEMENT in st.session_state


def _held(doc: Session) -> int:
    """The oldest revision a part of the page shows: a newer one pushed reruns what needs it."""
    return min([doc.revision, *(p.rev for p in _parts().values())])


def _element_part(key: str, badge: bool) -> None:
    from components import live

    doc = current()
    if doc is None:
        return
    st.session_state[ELEMENT] = f"{key}_element"
    live.live_element(doc.id, _held(doc), key=key, lang=state.lang(), badge=badge,
                      go=st.session_state.pop(state.GO, None), on_rev=_pushed)


def live_report(doc: Session) -> dict[str, object]:
    """For a component in a live part that tells the page's live element what it drew (the map's
    canvas): then a push reruns that part alone, not the element's part as well."""
    parts, key = _parts(), getattr(_drawing, "key", None)
    if key in parts:
        parts[key].reports = True
    return {"session": doc.id, "rev": _held(doc)}


def live_part(draw: Callable[[Session], object], *, key: str,
              watch: Callable[[Session], object] | None = None, run_every: float | None = None) -> None:
    """A part of a live page that a pushed change reruns on its own, only when ``watch(doc)``
    changed (None: every revision). Nested in the page's part (the map's canvas) or beside it
    (the sidebar). Draws nothing without an open session."""
    _keyed(_part, key, run_every)(draw, key, watch)


def _part(draw: Callable[[Session], object], key: str, watch: Callable[[Session], object] | None) -> None:
    doc = current()
    if doc is None:
        return
    with _part_of(key, doc, watch):
        draw(doc)
