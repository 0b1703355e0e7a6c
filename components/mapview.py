"""The stakeholder map as the map page and the projector view draw it: canvas, legend, events and forms."""

from __future__ import annotations

import contextlib
import html
import json
import math
import threading
import zlib
from collections import OrderedDict
from collections.abc import Collection, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
import streamlit as st

from components import state, ui
from components.canvas import cluster_hulls, stakeholder_canvas
from werkatelier import analysis, geometry, i18n, layout, render, undo
from werkatelier.document import WerkatelierError
from werkatelier.model import KINDS, TEXT_MAX, Cluster, Relation, Session, Stakeholder, new_id
from werkatelier.ops import (
    AddCluster,
    AddStakeholders,
    AssignClusters,
    DeleteRelation,
    DeleteStakeholders,
    MoveStakeholders,
    Operation,
    UpdateStakeholder,
)
from werkatelier.store import Store

#: Longest name or short field a post-it takes (the model's limit).
NAME_MAX = 200
#: A pasted list longer than this is most likely the wrong clipboard.
PASTE_MAX_LINES = 500
#: Where a new post-it goes when the page gives no defaults.
DEFAULTS: dict[str, Any] = {"organisation": "", "capacity": "", "influence": 3, "interest": 3, "attitude": 0,
                            "kind": "organisation", "cluster": None}
#: Map page widgets holding the defaults for new post-its (kept across page switches).
DEFAULT_KEYS: dict[str, str] = {f: f"map_def_{f}" for f in DEFAULTS}
TABLE_COLUMNS: tuple[str, ...] = ("name", "organisation", "capacity", "cluster", "influence", "interest",
                                  "attitude", "kind", "confidential")
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


def unplaced(data: Mapping[str, Any]) -> dict[str, tuple[float, float]]:
    """Where the layout put post-its that have no position of their own yet."""
    return {n["id"]: (n["x"], n["y"]) for n in data["nodes"] if not n.get("placed", True)}


def pin_unplaced(store: Store, session_id: str, data: Mapping[str, Any]) -> None:
    """Store the layout's positions of unplaced post-its (from an import, another page), so they
    stay put when the map changes. Not an undo step: nobody did it."""
    positions = unplaced(data)
    if not positions:
        return
    # One deleted meanwhile makes the move fail: the next view places the rest.
    with contextlib.suppress(WerkatelierError):
        store.apply(session_id, MoveStakeholders(positions=positions))


def with_positions(doc: Session, new: list[Stakeholder]) -> list[Stakeholder]:
    """The new post-its placed by the layout next to what is on the map (their cluster's area,
    when they have one), so they appear at once and never jump later."""
    trial = doc.model_copy(update={"stakeholders": [*doc.stakeholders, *new]})
    pos = layout.positions(trial)
    return [s.model_copy(update={"x": pos[s.id][0], "y": pos[s.id][1]}) for s in new]


def untangle(doc: Session, *, gap: float = 12.0) -> dict[str, tuple[float, float]]:
    """New positions for post-its that overlap others as the canvas draws them: the most
    influential of each overlapping group stays, the others get the layout's nearest free spot
    by their cluster. Empty when nothing overlaps.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[
    ...     Stakeholder(id="a", name="Gemeente", influence=5, x=0, y=0),
    ...     Stakeholder(id="b", name="Wijkteam", x=10, y=5), Stakeholder(id="c", name="GGD", x=900, y=0)])
    >>> list(untangle(doc))
    ['b']
    """
    placed = [s for s in doc.stakeholders if s.placed]
    if len(placed) < 2:
        return {}
    # The canvas draws labels at least 18 px, the size geometry gives influence 3.
    sizes = np.array([geometry.postit_box(s.name, s.kind, max(s.influence, 3)) for s in placed])
    xy = np.array([(s.x, s.y) for s in placed])
    clash: dict[int, set[int]] = {}
    for i, j in layout.overlaps(sizes, xy, gap=gap):
        clash.setdefault(i, set()).add(j)
        clash.setdefault(j, set()).add(i)
    if not clash:
        return {}
    kept: set[int] = set()
    moved: set[str] = set()
    for i in sorted(range(len(placed)), key=lambda i: (-placed[i].influence, i)):
        if clash.get(i, set()) & kept:
            moved.add(placed[i].id)
        else:
            kept.add(i)
    trial = doc.model_copy(update={"stakeholders": [
        s.model_copy(update={"x": None, "y": None}) if s.id in moved else s for s in doc.stakeholders]})
    pos = layout.positions(trial)
    return {sid: pos[sid] for sid in moved}


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
        out.append(("error", _t(ctx, "error.refused", reason=str(e))))
        return None


def names_list(names: list[str], limit: int = 3) -> str:
    """A few names for a message, with how many more.

    >>> names_list(["A", "B"]), names_list(["A", "B", "C", "D", "E"])
    ("'A', 'B'", "'A', 'B', 'C' +2")
    """
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    return shown + (f" +{len(names) - limit}" if len(names) > limit else "")


def handle_event(event: Mapping[str, Any], ctx: MapContext) -> list[tuple[str, str]]:
    """Turn one canvas event into operations (remembered for undo) or a selection; the messages to show.

    ``moved`` stores the positions; ``selected`` keeps the selection; ``connect`` opens the
    relation form beside the map; ``delete`` deletes the post-its (their relations go too)
    and the selected relations.
    """
    out: list[tuple[str, str]] = []
    kind = event.get("type")
    if kind not in ctx.allow:
        return out
    if kind == "moved":
        positions = {sid: (float(xy[0]), float(xy[1])) for sid, xy in event["positions"].items()}
        if positions:
            _apply(ctx, MoveStakeholders(positions=positions), out)
    elif kind == "selected":
        ctx.memory[state.SELECTED] = list(event["ids"])
    elif kind == "connect":
        ctx.memory[state.MAP_CONNECT] = {"source": event["source"], "target": event["target"]}
    elif kind == "delete":
        doc = ctx.store.get(ctx.session_id)
        ids = [i for i in event["ids"] if doc.stakeholder(i) is not None]
        names = [doc.stakeholder(i).name for i in ids]
        if ids and _apply(ctx, DeleteStakeholders(ids=ids), out) is not None:
            out.append(("success", _t(ctx, "map.deleted", names=names_list(names))))
        gone = set(ids)
        edges = [r for r in doc.relations if r.id in set(event["edges"])
                 and r.source not in gone and r.target not in gone]
        for r in edges:
            if _apply(ctx, DeleteRelation(id=r.id), out) is not None:
                out.append(("success", _t(ctx, "map.relation_deleted")))
        ctx.memory[state.SELECTED] = [i for i in ctx.memory.get(state.SELECTED, []) if i not in gone]
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


def canvas_labels(lang: str) -> dict[str, str]:
    names = ("zoom_in", "zoom_out", "fit", "draw", "delete", "draw_hint", "canvas")
    return {name: i18n.t(f"map.tool_{name}", lang) for name in names}


def show_map(doc: Session, *, key: str, height: int, include_confidential: bool = True,
             tools: Iterable[str] | None = None, min_scale: float | None = None,
             allow: Collection[str] | None = None, pin: bool = False) -> dict[str, Any]:
    """The live canvas for the open session, events handled before the script draws; its vis data."""
    lang = state.lang()
    data, hulls, ver = map_data(doc, lang=lang, include_confidential=include_confidential)
    if pin and unplaced(data):
        pin_unplaced(state.get_store(), doc.id, data)

    def on_event(event: Mapping[str, Any]) -> None:
        for kind, text in handle_event(event, context(allow=allow)):
            state.flash(kind, text)

    # Always a slot, so the canvas keeps its place in the page (and is not mounted afresh)
    # when the first post-it arrives.
    hint = st.empty()
    if not data["nodes"]:
        hint.info(i18n.t("map.empty", lang))
    reveal = [i for i in st.session_state.pop(state.MAP_REVEAL, []) if isinstance(i, str)]
    stakeholder_canvas(data, key=key, height=height, hulls=hulls, labels=canvas_labels(lang), lang=lang,
                       on_event=on_event, version=ver, min_scale=min_scale,
                       tools=list(tools) if tools is not None else None, reveal=reveal or None)
    return data


# --- forms: what was typed, checked before anything is sent ---------------------------------------

def notice(form: str, kind: str, text: str) -> None:
    st.session_state[state.MAP_NOTICE] = (form, kind, text)


def show_notice(form: str) -> None:
    """The message meant for this form, once."""
    held = st.session_state.get(state.MAP_NOTICE)
    if held and held[0] == form:
        del st.session_state[state.MAP_NOTICE]
        {"error": st.error, "warning": st.warning, "success": st.success}.get(held[1], st.info)(held[2])


def paste_lines(text: str) -> list[str]:
    """The names in a pasted list: one per non-empty line, surrounding spaces and bullets dropped.

    >>> paste_lines("  Gemeente \\n\\n- Wijkteam\\n• GGD\\n")
    ['Gemeente', 'Wijkteam', 'GGD']
    """
    out = []
    for line in text.splitlines():
        line = line.strip()
        if line[:2] in ("- ", "* ", "• "):
            line = line[2:].strip()
        if line:
            out.append(line)
    return out


def defaults(memory: Mapping[str, Any], doc: Session) -> dict[str, Any]:
    """The defaults for new post-its as the form holds them; a cluster that is gone means none."""
    out = {f: memory.get(k, DEFAULTS[f]) for f, k in DEFAULT_KEYS.items()}
    if out["cluster"] is not None and doc.cluster(out["cluster"]) is None:
        out["cluster"] = None
    for f in ("organisation", "capacity"):
        out[f] = (out[f] or "").strip()[:NAME_MAX]
    return out


def new_stakeholders(doc: Session, names: list[str], memory: Mapping[str, Any]) -> list[Stakeholder]:
    base = defaults(memory, doc)
    return with_positions(doc, [Stakeholder(name=n, **base) for n in names])


def fingerprint(s: Stakeholder) -> str:
    """Changes when the stakeholder's fields do (not its position), so its form is filled afresh."""
    data = s.model_dump(mode="json", exclude={"x", "y"})
    return f"{zlib.crc32(json.dumps(data, sort_keys=True).encode()):08x}"


def edit_key(s: Stakeholder, name: str) -> str:
    """The widget key of one field of the stakeholder's edit form."""
    return f"map_edit_{name}_{s.id}_{fingerprint(s)}"


def tags_text(tags: list[str]) -> str:
    return ", ".join(tags)


def parse_tags(text: str) -> list[str]:
    """
    >>> parse_tags(" wonen, zorg ,, wonen ")
    ['wonen', 'zorg']
    """
    out: list[str] = []
    for part in text.split(","):
        part = part.strip()
        if part and part not in out:
            out.append(part)
    return out


def edit_changes(s: Stakeholder, values: Mapping[str, Any]) -> tuple[dict[str, Any], str | None]:
    """The fields the form changed, or the label key and field of what is wrong (nothing is sent then)."""
    name = (values.get("name") or "").strip()
    if not name:
        return {}, "map.need_name"
    if len(name) > NAME_MAX:
        return {}, "map.name_too_long"
    wanted: dict[str, Any] = {"name": name}
    for f in ("organisation", "capacity", "contact_for"):
        text = (values.get(f) or "").strip()
        if len(text) > NAME_MAX:
            return {}, "map.text_too_long"
        wanted[f] = text
    tags = parse_tags(values.get("tags") or "")
    if any(len(t) > NAME_MAX for t in tags):
        return {}, "map.text_too_long"
    notes = (values.get("notes") or "").strip()
    if len(notes) > TEXT_MAX:
        return {}, "map.notes_too_long"
    wanted.update(tags=tags, notes=notes, kind=values.get("kind", s.kind), cluster=values.get("cluster"),
                  influence=int(values.get("influence", s.influence)),
                  interest=int(values.get("interest", s.interest)),
                  attitude=int(values.get("attitude", s.attitude)),
                  confidential=bool(values.get("confidential", s.confidential)))
    return {f: v for f, v in wanted.items() if getattr(s, f) != v}, None


# --- clusters -------------------------------------------------------------------------------------

def cluster_label(doc: Session, cid: str | None, lang: str) -> str:
    if cid is None:
        return render.words(lang)["no_cluster"]
    c = doc.cluster(cid)
    return c.name if c else render.words(lang)["no_cluster"]


def cluster_key(c: Cluster, name: str) -> str:
    """The widget key of one field of the cluster's form; a new one when the cluster changes."""
    return f"map_cl_{name}_{c.id}_{zlib.crc32((c.name + c.colour).encode()):08x}"


def cluster_choices(doc: Session) -> dict[str, str]:
    """Cluster id by the name the table shows; a name used twice gets a number, so each is one cluster.

    >>> from werkatelier.model import Meta
    >>> cluster_choices(Session(meta=Meta(title="t"), clusters=[Cluster(id="a", name="Zorg"),
    ...                                                         Cluster(id="b", name="Zorg")]))
    {'Zorg': 'a', 'Zorg (2)': 'b'}
    """
    out: dict[str, str] = {}
    for c in doc.clusters:
        label, n = c.name, 1
        while label in out:
            n += 1
            label = f"{c.name} ({n})"
        out[label] = c.id
    return out


def suggestion_name(doc: Session, group: Mapping[str, Any], n: int, lang: str) -> str:
    """A new cluster's name: after the team cluster most of its members are in, else numbered."""
    team = doc.cluster(group["team_cluster"]) if group.get("team_cluster") else None
    if team is not None and group.get("share", 0) >= 0.5:
        return i18n.t("map.suggested_like", lang, name=team.name[:NAME_MAX - 20])
    return i18n.t("map.suggested_name", lang, n=n)


def suggestion_ops(doc: Session, groups: list[Mapping[str, Any]], chosen: Iterable[int],
                   lang: str) -> list[Operation]:
    """For each chosen proposed group: a new cluster (a colour-blind-safe colour) and its members
    put in it. Members deleted since the suggestion are left out; a group left empty is skipped."""
    ops: list[Operation] = []
    used = list(render.cluster_colours(doc).values())
    for i in chosen:
        group = groups[i]
        members = [m for m in group["members"] if doc.stakeholder(m) is not None]
        if not members:
            continue
        colour = render.suggest_colour(used)
        used.append(colour)
        cluster = Cluster(id=new_id("cl"), name=suggestion_name(doc, group, i + 1, lang), colour=colour)
        ops += [AddCluster(cluster=cluster), AssignClusters(ids=members, cluster=cluster.id)]
    return ops


def suggest(doc: Session) -> dict[str, Any]:
    """The engine's suggestion, with the revision it was made for."""
    return {"session": doc.id, "revision": doc.revision, "result": analysis.suggested_clusters(doc)}


# --- the table ------------------------------------------------------------------------------------

def table_frame(doc: Session, lang: str) -> pd.DataFrame:
    """The stakeholders as the table shows them, one row each in the session's order."""
    kinds = render.words(lang)["kind"]
    names = {cid: label for label, cid in cluster_choices(doc).items()}
    rows = [{"name": s.name, "organisation": s.organisation, "capacity": s.capacity,
             "cluster": names.get(s.cluster), "influence": s.influence, "interest": s.interest,
             "attitude": s.attitude, "kind": kinds[s.kind], "confidential": s.confidential}
            for s in doc.stakeholders]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _cell(doc: Session, column: str, value: Any, lang: str) -> tuple[Any, str | None]:
    """A table cell as a stakeholder field value, or the label key saying what is wrong with it."""
    if column == "name":
        text = "" if _blank(value) else str(value).strip()
        if not text:
            return None, "map.need_name"
        return (text, None) if len(text) <= NAME_MAX else (None, "map.name_too_long")
    if column in ("organisation", "capacity"):
        text = "" if _blank(value) else str(value).strip()
        return (text, None) if len(text) <= NAME_MAX else (None, "map.text_too_long")
    if column == "cluster":
        if _blank(value) or value == "":
            return None, None
        cid = cluster_choices(doc).get(str(value))
        return (cid, None) if cid else (None, "map.bad_cluster")
    if column in ("influence", "interest", "attitude"):
        low, high = (-2, 2) if column == "attitude" else (1, 5)
        if _blank(value) or isinstance(value, bool):
            return None, f"map.bad_{column}"
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None, f"map.bad_{column}"
        if number != int(number) or not low <= number <= high:
            return None, f"map.bad_{column}"
        return int(number), None
    if column == "kind":
        by_label = {label: k for k, label in render.words(lang)["kind"].items()}
        kind = by_label.get(value, value if value in KINDS else None)
        return (kind, None) if kind else (None, "map.bad_kind")
    if column == "confidential":
        return bool(value) if not _blank(value) else False, None
    return None, "map.bad_column"


@dataclass
class TableProblem:
    row: int
    column: str
    key: str


def table_ops(doc: Session, edits: Mapping[str, Any], memory: Mapping[str, Any], lang: str
              ) -> tuple[list[Operation], TableProblem | None, dict[str, int]]:
    """The operations for the table's edit state (``edited_rows``, ``added_rows``, ``deleted_rows``):
    one update per changed row, one add for the new rows, one delete. If any cell is wrong,
    no operation and the first problem (row numbers from 1, as the table shows them)."""
    rows = doc.stakeholders
    ops: list[Operation] = []
    counts = {"changed": 0, "added": 0, "deleted": 0}
    for pos, cells in sorted((int(k), v) for k, v in (edits.get("edited_rows") or {}).items()):
        if not 0 <= pos < len(rows):
            continue
        s = rows[pos]
        changes = {}
        for column, value in cells.items():
            if column not in TABLE_COLUMNS:
                continue
            v, problem = _cell(doc, column, value, lang)
            if problem:
                return [], TableProblem(pos + 1, column, problem), counts
            if getattr(s, column) != v:
                changes[column] = v
        if changes:
            ops.append(UpdateStakeholder(id=s.id, changes=changes))
            counts["changed"] += 1
    added: list[Stakeholder] = []
    base = defaults(memory, doc)
    for n, cells in enumerate(edits.get("added_rows") or []):
        values = dict(base)
        for column in TABLE_COLUMNS:
            if column in cells:
                v, problem = _cell(doc, column, cells[column], lang)
                if problem:
                    return [], TableProblem(len(rows) + n + 1, column, problem), counts
                values[column] = v
        if "name" not in cells:
            return [], TableProblem(len(rows) + n + 1, "name", "map.need_name"), counts
        added.append(Stakeholder(**values))
    if added:
        ops.append(AddStakeholders(stakeholders=with_positions(doc, added)))
        counts["added"] = len(added)
    gone = [rows[int(p)].id for p in edits.get("deleted_rows") or [] if 0 <= int(p) < len(rows)]
    if gone:
        ops.append(DeleteStakeholders(ids=gone))
        counts["deleted"] = len(gone)
    return ops, None, counts


def table_config(doc: Session, lang: str) -> dict[str, Any]:
    t = ui.t
    cc = st.column_config
    return {
        # Fixed widths, so a long capacity does not push the scores off a projector's screen.
        "name": cc.TextColumn(t("map.col_name"), required=True, max_chars=NAME_MAX, width=260),
        "organisation": cc.TextColumn(t("map.col_organisation"), max_chars=NAME_MAX, width=180),
        "capacity": cc.TextColumn(t("map.col_capacity"), max_chars=NAME_MAX, width=300),
        "cluster": cc.SelectboxColumn(t("map.col_cluster"), options=list(cluster_choices(doc))),
        "influence": cc.NumberColumn(t("map.col_influence"), min_value=1, max_value=5, step=1, default=3),
        "interest": cc.NumberColumn(t("map.col_interest"), min_value=1, max_value=5, step=1, default=3),
        "attitude": cc.NumberColumn(t("map.col_attitude"), min_value=-2, max_value=2, step=1, default=0,
                                    help=t("map.attitude_help")),
        "kind": cc.SelectboxColumn(t("map.col_kind"), options=list(render.words(lang)["kind"].values()),
                                   default=render.words(lang)["kind"]["organisation"]),
        "confidential": cc.CheckboxColumn(t("map.col_confidential"), default=False),
    }


def relation_for(pending: Mapping[str, str], values: Mapping[str, Any]) -> tuple[Relation | None, str | None]:
    """The relation the form describes, or the label key of what is wrong with it.

    A kind typed in wins over one picked from the suggestions.
    """
    kind = (values.get("kind") or "").strip() or (values.get("pick") or "").strip()
    label = (values.get("label") or "").strip()
    if len(kind) > NAME_MAX or len(label) > NAME_MAX:
        return None, "map.text_too_long"
    strength = int(values.get("strength") or 2)
    return Relation(source=pending["source"], target=pending["target"], kind=kind, label=label,
                    directed=bool(values.get("directed")), strength=strength), None

