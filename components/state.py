"""Every session-state key the app uses, and the accessors around them: one place."""

from __future__ import annotations

import argparse
import functools
import os
import re
import sys
import threading
from collections import OrderedDict
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from werkatelier import demo, i18n, store, undo

#: The open session; mirrored in the URL as ?session=ID so a reload or a shared link lands on it.
SESSION = "wa_session"
#: Interface language, mirrored in the URL as ?lang=.
LANG = "wa_lang"
#: This browser's undo/redo history (werkatelier.undo.UndoHistory).
UNDO = "wa_undo"
#: Stakeholder ids selected on the map.
SELECTED = "wa_selected"
#: Messages to show once on the next run (after st.rerun): list of (kind, text).
FLASH = "wa_flash"
#: A pending import preview on the start page.
IMPORT_PLAN = "wa_import_plan"
#: The session whose delete button was pressed on the start page, awaiting confirmation.
DELETE_PENDING = "wa_delete_pending"
#: Bumped to give the start page's file uploader a fresh, empty widget after an import or cancel.
IMPORT_ROUND = "wa_import_round"
#: (session id, meta, question) the session page's form fields were last filled from.
SESSION_FORM_SEED = "wa_session_form_seed"
#: A cluster suggestion being reviewed on the map page.
SUGGESTION = "wa_suggestion"
#: A relation drawn on the map whose kind is being picked: {"source": id, "target": id}.
MAP_CONNECT = "wa_map_connect"
#: Post-its just added from the map page, for the canvas to bring into view.
MAP_REVEAL = "wa_map_reveal"
#: A message for one of the map page's forms, shown beside it: (form, kind, text).
MAP_NOTICE = "wa_map_notice"
#: Names about to be added that are already on the map, awaiting "add anyway":
#: {"session", "form" ("quick" or "paste"), "names", "ids" (the post-its already there)}.
MAP_DUPLICATE = "wa_map_duplicate"
#: The post-it the map's edit form is open on, as it was then: {"id", "fp", "values"}.
MAP_EDIT = "wa_map_edit"
#: Whether this map leads the projector ("follow me"); whether the projector follows.
MAP_FOLLOW = "map_follow_me"
PROJECTOR_FOLLOW = "projector_follow"
#: The fingerprint of the persona / interview an edit form opened on (None: a new one).
PERSONA_BASE = "wa_persona_base"
INTERVIEW_BASE = "wa_interview_base"
#: The persona open in the edit form: its id (a fresh id not yet in the session for a new one).
PERSONA_EDIT = "wa_persona_edit"
#: The interview whose details are open in the edit form.
INTERVIEW_EDIT = "wa_interview_edit"
#: (session id, revision) whose restore on the history page awaits an explicit yes.
HISTORY_RESTORE = "wa_history_restore"

#: Widget values to set (None: clear) when the next run starts, since a drawn widget's value is fixed.
WIDGET_RESETS = "wa_widget_resets"
#: The actions table: its generation (bumped to drop applied edits) and the action ids it showed, by key.
ACTION_TABLE = "wa_action_table"
#: The session page's participants table: {"gen": bumped after each save, so the table starts
#: afresh, "rows": {table key: the participant ids in the order that table showed them}}.
PEOPLE_TABLE = "wa_people_table"
#: (round id, how many) the rounds page just put on the wall, to confirm beside the input and mark them.
ROUND_ADDED = "wa_round_added"
#: A path of the app this tab is sent to once, by the page's live element (the facilitator's door).
GO = "wa_go"
#: This browser's st.Page objects by language: app.py builds them once, not on every rerun.
PAGES = "wa_pages"

QUERY_SESSION = "session"
QUERY_LANG = "lang"


@functools.lru_cache(maxsize=4)
def _store_options(argv: tuple[str, ...]) -> tuple[str | None, str | None]:
    """``streamlit run app.py -- --data-dir DIR`` (or ``--store URL``) hands the app its own arguments."""
    # No help and no abbreviations: under AppTest, argv is pytest's and must be left alone.
    parser = argparse.ArgumentParser(add_help=False, allow_abbrev=False)
    parser.add_argument("--data-dir")
    parser.add_argument("--store")
    known = parser.parse_known_args(argv)[0]
    return known.store, known.data_dir


def data_root() -> Path | str:
    """Where sessions live: the data dir, or a postgresql:// URL (see store.store_target)."""
    return _data_root(_store_options(tuple(sys.argv[1:])), os.environ.get(store.ENV_STORE),
                      os.environ.get(store.ENV_DATA_DIR), os.getcwd())


@functools.lru_cache(maxsize=8)
def _data_root(options: tuple[str | None, str | None], env_store: str | None, env: str | None,
               cwd: str) -> Path | str:
    # Resolved once per options, environment values and working directory, not on every rerun.
    return store.store_target(*options)


@st.cache_resource(show_spinner=False)
def _store_for(root: str) -> store.Store:
    return store.open_store(root)


def get_store_unguarded() -> store.Store:
    """The store of this app's data dir, shared by every browser (it locks per session itself)."""
    return _store_for(str(data_root()))


def get_store() -> store.Store:
    """The store as this browser may use it: the whole store for the facilitator, a participant's
    one session (werkatelier.roles checks every read and write) for a participant."""
    from components import access
    from werkatelier import roles

    whole = get_store_unguarded()
    found = access.participant()
    if found is None or found.session_id is None:
        return whole
    return roles.ParticipantStore(whole, found.session_id, voter=access.voter(),
                                  who=access.cookies().get("wa_join", "")[:3],
                                  check=lambda: access.still_in(found))


@st.cache_resource(show_spinner=False)
def seed_once(root: str) -> list[str]:
    """Add the demo sessions on a data dir's first start; what went wrong, as sentences.

    A shared database gets none: its sessions are the organisation's (``werkatelier copy`` brings demos).
    """
    problems: list[str] = []
    if store.is_database_url(root):
        return problems
    try:
        demo.seed_examples(_store_for(root), demo.EXAMPLES_DIR, data_dir=Path(root), report=problems.append)
    except OSError as e:
        problems.append(str(e))
    return problems


#: The language as this script run first read it. Every label asks for it (ui.t); reading it from
#: session state and the URL each time cost 1-2 ms of the app's 20-24 ms rerun on an empty Analyse
#: page (bench/bigmap.py's shell, 80 reruns, alternated). A run's thread runs only its own session's
#: scripts, and set_lang forgets it.
_HELD = threading.local()


def lang() -> str:
    run = get_script_run_ctx(suppress_warning=True)
    if run is not None and getattr(_HELD, "run", None) is run:
        return _HELD.lang
    chosen = st.session_state.get(LANG) or st.query_params.get(QUERY_LANG) or i18n.DEFAULT
    chosen = chosen if chosen in i18n.LANGUAGES else i18n.DEFAULT
    if run is not None:
        _HELD.run, _HELD.lang = run, chosen
    return chosen


def set_lang(value: str) -> None:
    st.session_state[LANG] = value
    st.query_params[QUERY_LANG] = value
    _HELD.run = None


def session_id() -> str | None:
    """The open session: from this browser's state, else from the URL."""
    return st.session_state.get(SESSION) or st.query_params.get(QUERY_SESSION)


def open_session(sid: str | None) -> None:
    st.session_state[SESSION] = sid
    if sid:
        st.query_params[QUERY_SESSION] = sid
    elif QUERY_SESSION in st.query_params:
        del st.query_params[QUERY_SESSION]


def sync_url() -> None:
    """Put the open session and language back in the URL (page switches may drop query params)."""
    sid = session_id()
    if sid and st.query_params.get(QUERY_SESSION) != sid:
        st.query_params[QUERY_SESSION] = sid
    if sid:
        st.session_state[SESSION] = sid
    chosen = lang()
    if st.query_params.get(QUERY_LANG) != chosen and chosen != i18n.DEFAULT:
        st.query_params[QUERY_LANG] = chosen


#: The cookie the server gives each browser (werkatelier.roomgate.BrowserName: a random name),
#: under which its undo steps are kept.
BROWSER_COOKIE = "wa_browser"
#: Browsers whose undo steps this process keeps; the oldest is forgotten first.
KEPT_BROWSERS = 256


@st.cache_resource(show_spinner=False)
def _undo_by_browser() -> OrderedDict[str, undo.UndoHistory]:
    return OrderedDict()


def undo_history() -> undo.UndoHistory:
    """This browser's undo steps: kept under its browser cookie for as long as the app runs, so a
    reload (or a second tab of the same browser) still undoes them; per tab without the cookie."""
    if UNDO not in st.session_state:
        try:
            name = st.context.cookies.get(BROWSER_COOKIE)
        except Exception:  # noqa: BLE001 - AppTest and bare mode have no request
            name = None
        if isinstance(name, str) and re.fullmatch(r"[0-9a-f]{32}", name):
            kept = _undo_by_browser()
            history = kept.pop(name, None) or undo.UndoHistory()
            kept[name] = history
            while len(kept) > KEPT_BROWSERS:
                kept.popitem(last=False)
            st.session_state[UNDO] = history
        else:
            st.session_state[UNDO] = undo.UndoHistory()
    return st.session_state[UNDO]


def selected() -> list[str]:
    return list(st.session_state.get(SELECTED, []))


def set_selected(ids: list[str]) -> None:
    st.session_state[SELECTED] = list(ids)


def flash(kind: str, text: str) -> None:
    st.session_state.setdefault(FLASH, []).append((kind, text))


def take_flashes() -> list[tuple[str, str]]:
    return st.session_state.pop(FLASH, [])


def reset_widgets(**values: object) -> None:
    """Give these widgets a value (None: their default) on the next run, e.g. empty a form once saved."""
    st.session_state.setdefault(WIDGET_RESETS, {}).update(values)


def apply_widget_resets() -> None:
    """Call at the top of a page, before it draws its widgets."""
    for key, value in st.session_state.pop(WIDGET_RESETS, {}).items():
        if value is None:
            st.session_state.pop(key, None)
        else:
            st.session_state[key] = value
