"""The stakeholder map as the map page and the projector view draw it: canvas, legend, events and forms.

Streamlit only: what an edit of the map means (checks, the one operation it becomes) lives in
:mod:`werkatelier.mapedit`.
"""

from __future__ import annotations

import html
import json
import threading
import zlib
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import streamlit as st

from components import state, ui
from components.canvas import cluster_hulls, stakeholder_canvas
from werkatelier import conflicts, i18n, mapedit, render, roles, undo
from werkatelier.document import WerkatelierError
from werkatelier.model import (
    ATTITUDE_DEFAULT,
    ATTITUDE_RANGE,
    INFLUENCE_DEFAULT,
    INFLUENCE_RANGE,
    INTEREST_DEFAULT,
    INTEREST_RANGE,
    NAME_MAX,
    Cluster,
    Session,
    Stakeholder,
)
from werkatelier.ops import Operation
from werkatelier.store import Store

#: Map page widgets holding the defaults for new post-its (kept across page switches).
DEFAULT_KEYS: dict[str, str] = {f: f"map_def_{f}" for f in mapedit.DEFAULTS}
#: The vis data of recent sessions by version, so a rerun that changed nothing builds nothing.
_CACHE: OrderedDict[str, tuple[dict[str, Any], list[dict[str, str]]]] = OrderedDict()
_CACHE_SIZE = 8
_CACHE_LOCK = threading.Lock()


# --- the map data, built once per revision --------------------------------------------------------

def version(doc: Session, *, lang: str, include_confidential: bool) -> str:
    """What identifies the map as drawn: the session's revision, the language and what is shown."""
    return f"{doc.id}:{doc.revision}:{doc.updated.isoformat()}:{lang}:{int(include_confidential)}"


def map_data(doc: Session, *, lang: str, include_confidential: bool = True
             ) -> tuple[dict[str, Any], list[dict[str, str]], str]:
    """vis data, cluster areas and version of the session's map; the same objects until it changes.

    Callers must not change what they get: it is shared between reruns and browsers.
    """
    key = version(doc, lang=lang, include_confidential=include_confidential)
    with _CACHE_LOCK:
        hit = _CACHE.get(key)
        if hit is not None:
            _CACHE.move_to_end(key)
            return hit[0], hit[1], key
    data = render.vis_data(doc, include_confidential=include_confidential, lang=lang)
    hulls = cluster_hulls(data)
    with _CACHE_LOCK:
        _CACHE[key] = (data, hulls)
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return data, hulls, key


# --- canvas events --------------------------------------------------------------------------------

@dataclass
class MapContext:
    """What the event handler needs; the page builds it from the app's state, tests by hand."""

    store: Store
    session_id: str
    history: undo.UndoHistory
    #: st.session_state, or a dict in tests: the selection and a relation being drawn live here.
    memory: MutableMapping[str, Any]
    lang: str = i18n.DEFAULT
    #: Event types this view acts on; the projector only moves post-its.
    allow: Collection[str] = field(default_factory=lambda: {"moved", "selected", "connect", "delete"})


def context(*, allow: Collection[str] | None = None) -> MapContext:
    ctx = MapContext(store=state.get_store(), session_id=state.session_id() or "",
                     history=state.undo_history(), memory=st.session_state, lang=state.lang())
    if allow is not None:
        ctx.allow = set(allow)
    return ctx


def _t(ctx: MapContext, key: str, **values: object) -> str:
    return i18n.t(key, ctx.lang, **values)


def _apply(ctx: MapContext, op: Operation, out: list[tuple[str, str]]) -> Session | None:
    try:
        return undo.apply(ctx.store, ctx.history, ctx.session_id, op)
    except WerkatelierError as e:
        key = roles.refusal_key(e)  # a room's rule: in the reader's words
        reason = _t(ctx, key) if key else str(e)
        out.append(("error", _t(ctx, "error.refused", reason=reason)))
        return None


def handle_event(event: Mapping[str, Any], ctx: MapContext) -> list[tuple[str, str]]:
    """Turn one canvas event into one operation (remembered for undo) or a selection; the
    messages to show.

    ``moved`` stores the positions; ``selected`` keeps the selection; ``connect`` opens the
    relation form beside the map; ``delete`` deletes the post-its (their relations go too)
    and the selected relations, as one step.
    """
    out: list[tuple[str, str]] = []
    kind = event.get("type")
    if kind not in ctx.allow:
        return out
    if kind == "moved":
        op = mapedit.move_op(ctx.store.get(ctx.session_id), event["positions"])
        if op is not None:
            _apply(ctx, op, out)
    elif kind == "selected":
        ctx.memory[state.SELECTED] = list(event["ids"])
    elif kind == "connect":
        ctx.memory[state.MAP_CONNECT] = {"source": event["source"], "target": event["target"]}
    elif kind == "delete":
        gone = mapedit.delete_selection(ctx.store.get(ctx.session_id), event["ids"], event["edges"])
        if gone.op is not None and _apply(ctx, gone.op, out) is not None:
            ctx.memory.pop(state.MAP_EDIT, None)  # this screen's own delete: no one else's
            if gone.names:
                out.append(("success", _t(ctx, "map.deleted", names=mapedit.names_list(gone.names))))
            if gone.relations:
                out.append(("success", _t(ctx, "map.relation_deleted")))
        ctx.memory[state.SELECTED] = [i for i in ctx.memory.get(state.SELECTED, []) if i not in gone.ids]
    return out


# --- drawing the map ------------------------------------------------------------------------------

def legend_html(legend: Iterable[Mapping[str, Any]], *, size: int = 18) -> str:
    """The cluster legend as coloured chips; names escaped, colours from the renderer.

    >>> "&lt;b&gt; · 2</span>" in legend_html([{"name": "<b>", "colour": "#000", "text": "#fff", "count": 2}])
    True
    """
    chips = []
    for e in legend:
        chips.append(
            f'<span style="background:{html.escape(e["colour"])};color:{html.escape(e["text"])};'
            f'border:1px solid #5a5a5a;border-radius:6px;padding:2px 10px;white-space:nowrap">'
            f'{html.escape(e["name"])} · {int(e["count"])}</span>')
    return (f'<div class="wa-legend" style="display:flex;flex-wrap:wrap;gap:8px;font-size:{size}px;'
            f'line-height:1.5">{"".join(chips)}</div>')


#: Set (per canvas key) to show the whole map on the next draw: after the map was laid out anew.
FIT = "wa_fit"


def fit_next(key: str = "map_canvas") -> None:
    st.session_state[f"{FIT}_{key}"] = True


def show_map(doc: Session, *, key: str, height: int, include_confidential: bool = True,
             tools: Iterable[str] | None = None, min_scale: float | None = None,
             allow: Collection[str] | None = None, follow: str | None = None,
             live: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The live canvas for the open session, events handled before the script draws; its vis data.

    ``follow``: ``"lead"`` sends this screen's view to the session's other screens, ``"follow"``
    takes it (the facilitator's "follow me" and the projector's "follow the facilitator").

    Drawing never writes: post-its get their position when they are added, and those of older
    sessions that have none are shown where the layout puts them.
    """
    lang = state.lang()
    data, hulls, ver = map_data(doc, lang=lang, include_confidential=include_confidential)

    def on_event(event: Mapping[str, Any]) -> None:
        messages = handle_event(event, context(allow=allow))
        for kind, text in messages:
            state.flash(kind, text)
        if messages or event.get("type") != "moved":
            ui.rerun_page()  # the panels beside the map and the messages follow a click, not a drag

    # Always a slot, so the canvas keeps its place in the page (and is not mounted afresh)
    # when the first post-it arrives.
    hint = st.empty()
    if not data["nodes"]:
        hint.info(i18n.t("map.empty", lang))
    reveal = [i for i in st.session_state.pop(state.MAP_REVEAL, []) if isinstance(i, str)]
    fit = bool(st.session_state.pop(f"{FIT}_{key}", False))
    stakeholder_canvas(data, key=key, height=height, hulls=hulls, lang=lang, fit=fit,
                       on_event=on_event, version=ver, min_scale=min_scale,
                       tools=list(tools) if tools is not None else None, reveal=reveal or None,
                       follow=(follow, doc.id) if follow else None, live=live)
    return data


# --- forms: what was typed, checked before anything is sent ---------------------------------------

def notice(form: str, kind: str, text: str) -> None:
    st.session_state[state.MAP_NOTICE] = (form, kind, text)


def show_notice(form: str) -> None:
    """The message meant for this form, once."""
    held = st.session_state.get(state.MAP_NOTICE)
    if held and held[0] == form:
        del st.session_state[state.MAP_NOTICE]
        ui.message(held[1], held[2])


def default_values(memory: Mapping[str, Any]) -> dict[str, Any]:
    """What the defaults form holds for new post-its, by field."""
    return {f: memory[k] for f, k in DEFAULT_KEYS.items() if k in memory}


def problem_notice(form: str, problem: mapedit.Problem, kind: str = "error") -> None:
    notice(form, kind, problem.text(state.lang()))


def fingerprint(s: Stakeholder) -> str:
    """Changes when the stakeholder's fields do (not its position), so its form is filled afresh."""
    data = s.model_dump(mode="json", exclude={"x", "y"})
    return f"{zlib.crc32(json.dumps(data, sort_keys=True).encode()):08x}"


def edit_base(sid: str, current: Stakeholder | None = None) -> tuple[Stakeholder, str] | None:
    """The post-it as this browser's edit form opened on it, and its fingerprint then.

    With ``current``, a form not yet open on ``sid`` opens on it now; without, None when the
    form is not open on ``sid``.
    """
    held = st.session_state.get(state.MAP_EDIT)
    if held and held["id"] == sid:
        return Stakeholder.model_validate(held["values"]), held["fp"]
    if current is None:
        return None
    fp = conflicts.fingerprint(current, "stakeholder")
    st.session_state[state.MAP_EDIT] = {"id": sid, "fp": fp, "values": current.model_dump(mode="json")}
    return current, fp


def forget_edit_base() -> None:
    """The edit form opens afresh on the post-it as it is now (saved, or "take theirs")."""
    st.session_state.pop(state.MAP_EDIT, None)


def edit_key(s: Stakeholder, name: str) -> str:
    """The widget key of one field of the stakeholder's edit form."""
    return f"map_edit_{name}_{s.id}_{fingerprint(s)}"


# --- clusters -------------------------------------------------------------------------------------

def cluster_label(doc: Session, cid: str | None, lang: str) -> str:
    if cid is None:
        return render.words(lang)["no_cluster"]
    c = doc.cluster(cid)
    return c.name if c else render.words(lang)["no_cluster"]


def cluster_key(c: Cluster, name: str) -> str:
    """The widget key of one field of the cluster's form; a new one when the cluster changes."""
    return f"map_cl_{name}_{c.id}_{zlib.crc32((c.name + c.colour).encode()):08x}"


# --- the table ------------------------------------------------------------------------------------

def table_config(doc: Session, lang: str) -> dict[str, Any]:
    t = ui.t
    cc = st.column_config
    kinds = mapedit.kind_labels(lang)
    return {
        # Fixed widths, so a long capacity does not push the scores off a projector's screen.
        "name": cc.TextColumn(t("map.col_name"), required=True, max_chars=NAME_MAX, width=260),
        "organisation": cc.TextColumn(t("map.col_organisation"), max_chars=NAME_MAX, width=180),
        "capacity": cc.TextColumn(t("map.col_capacity"), max_chars=NAME_MAX, width=300),
        "cluster": cc.SelectboxColumn(t("map.col_cluster"), options=list(mapedit.cluster_choices(doc))),
        "influence": cc.NumberColumn(t("map.col_influence"), min_value=INFLUENCE_RANGE[0],
                                     max_value=INFLUENCE_RANGE[1], step=1, default=INFLUENCE_DEFAULT),
        "interest": cc.NumberColumn(t("map.col_interest"), min_value=INTEREST_RANGE[0],
                                    max_value=INTEREST_RANGE[1], step=1, default=INTEREST_DEFAULT),
        "attitude": cc.NumberColumn(t("map.col_attitude"), min_value=ATTITUDE_RANGE[0],
                                    max_value=ATTITUDE_RANGE[1], step=1, default=ATTITUDE_DEFAULT,
                                    help=t("map.attitude_help")),
        "kind": cc.SelectboxColumn(t("map.col_kind"), options=list(kinds.values()),
                                   default=kinds["organisation"]),
        "confidential": cc.CheckboxColumn(t("map.col_confidential"), default=False),
    }
