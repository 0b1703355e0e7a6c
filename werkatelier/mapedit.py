"""Edits of the stakeholder map as the map page takes them, each turned into one operation."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from werkatelier import analysis, i18n, layout, palette, render
from werkatelier.model import (
    ATTITUDE_DEFAULT,
    ATTITUDE_RANGE,
    INFLUENCE_DEFAULT,
    INFLUENCE_RANGE,
    INTEREST_DEFAULT,
    INTEREST_RANGE,
    KINDS,
    NAME_MAX,
    STRENGTH_DEFAULT,
    STRENGTH_RANGE,
    TEXT_MAX,
    Cluster,
    Relation,
    Session,
    Stakeholder,
    new_id,
)
from werkatelier.ops import (
    AddCluster,
    AddStakeholder,
    AddStakeholders,
    AssignClusters,
    DeleteRelation,
    DeleteStakeholders,
    MoveStakeholders,
    Operation,
    UpdateStakeholder,
    combine,
)
from werkatelier.tabular import (
    ATTITUDE_WORDS,
    KIND_WORDS,
    SCORE_WORDS,
    cell_text,
    fold,
    parse_bool,
    parse_score,
)

#: A pasted list longer than this is most likely the wrong clipboard.
PASTE_MAX_LINES = 500
#: Where a new post-it goes when the page gives no defaults.
DEFAULTS: dict[str, Any] = {"organisation": "", "capacity": "", "influence": INFLUENCE_DEFAULT,
                            "interest": INTEREST_DEFAULT, "attitude": ATTITUDE_DEFAULT,
                            "kind": "organisation", "cluster": None}
TABLE_COLUMNS: tuple[str, ...] = ("name", "organisation", "capacity", "cluster", "influence", "interest",
                                  "attitude", "kind", "confidential")
#: Each score's range and the words an import also takes for it.
SCORES: dict[str, tuple[tuple[int, int], dict[str, int]]] = {
    "influence": (INFLUENCE_RANGE, SCORE_WORDS), "interest": (INTEREST_RANGE, SCORE_WORDS),
    "attitude": (ATTITUDE_RANGE, ATTITUDE_WORDS)}


@dataclass(frozen=True)
class Problem:
    """What is wrong with what was typed: a label key and the values it names.

    ``row`` and ``column`` say where, for the table (rows from 1, as the table shows them).
    """

    key: str
    values: dict[str, Any] = field(default_factory=dict)
    row: int | None = None
    column: str | None = None

    def text(self, lang: str) -> str:
        """The message in lang, numbers written as that language writes them.

        >>> _too_long("map.notes_too_long", 10_000).text("nl")
        'De notities zijn te lang: hoogstens 10.000 tekens.'
        """
        return i18n.t(self.key, lang, **{k: _number(v, lang) for k, v in self.values.items()})


def _number(v: Any, lang: str) -> Any:
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}".replace(",", "." if lang == "nl" else ",")
    return v


def _too_long(key: str, limit: int) -> Problem:
    return Problem(key, {"max": limit})


def score_range_text(bounds: tuple[int, int]) -> dict[str, str]:
    """The ends of a score range as a message shows them: with a real minus, and a plus when
    the range runs below zero.

    >>> score_range_text((1, 5)), score_range_text((-2, 2))
    ({'lo': '1', 'hi': '5'}, {'lo': '−2', 'hi': '+2'})
    """
    lo, hi = bounds
    signed = lo < 0
    return {"lo": f"{lo:+d}".replace("-", "\u2212") if signed else str(lo),
            "hi": f"{hi:+d}" if signed else str(hi)}


def names_list(names: list[str], limit: int = 3) -> str:
    """A few names for a message, with how many more.

    >>> names_list(["A", "B"]), names_list(["A", "B", "C", "D", "E"])
    ("'A', 'B'", "'A', 'B', 'C' +2")
    """
    shown = ", ".join(f"'{n}'" for n in names[:limit])
    return shown + (f" +{len(names) - limit}" if len(names) > limit else "")


def kind_labels(lang: str) -> dict[str, str]:
    """Each kind as the page shows it."""
    return dict(render.words(lang)["kind"])


# --- new post-its ---------------------------------------------------------------------------------

def typed_name(text: str | None, *, need: str = "map.need_name") -> tuple[str | None, Problem | None]:
    """A name as typed, trimmed, or what is wrong with it.

    >>> typed_name("  GGD "), typed_name(" ")[1].key, typed_name("x" * 201)[1].values
    (('GGD', None), 'map.need_name', {'max': 200})
    """
    name = (text or "").strip()
    if not name:
        return None, Problem(need)
    if len(name) > NAME_MAX:
        return None, _too_long("map.name_too_long", NAME_MAX)
    return name, None


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


def pasted_names(text: str) -> tuple[list[str], Problem | None]:
    """The names of a pasted list, or what keeps it from being added (nothing is then).

    >>> pasted_names("Gemeente\\n- GGD")[0], pasted_names("\\n")[1].key
    (['Gemeente', 'GGD'], 'map.paste_empty')
    """
    for n, line in enumerate(text.splitlines(), 1):
        if len(line.strip()) > NAME_MAX:
            return [], Problem("map.paste_too_long", {"line": n, "max": NAME_MAX})
    names = paste_lines(text)
    if not names:
        return [], Problem("map.paste_empty")
    if len(names) > PASTE_MAX_LINES:
        return [], Problem("map.paste_too_many", {"n": len(names), "max": PASTE_MAX_LINES})
    return names, None


def defaults(values: Mapping[str, Any], doc: Session) -> dict[str, Any]:
    """The defaults for new post-its from what the form holds; a cluster that is gone means none.

    >>> from werkatelier.model import Meta
    >>> d = defaults({"influence": 5, "cluster": "cl_gone", "organisation": " Gemeente "},
    ...              Session(meta=Meta(title="t")))
    >>> d["influence"], d["cluster"], d["organisation"], d["kind"]
    (5, None, 'Gemeente', 'organisation')
    """
    out = {f: values.get(f, DEFAULTS[f]) for f in DEFAULTS}
    if out["cluster"] is not None and doc.cluster(out["cluster"]) is None:
        out["cluster"] = None
    for f in ("organisation", "capacity"):
        out[f] = (out[f] or "").strip()[:NAME_MAX]
    return out


def add_names(doc: Session, names: Sequence[str], values: Mapping[str, Any]
              ) -> AddStakeholder | AddStakeholders:
    """The operation adding a post-it per name with the form's defaults; the store places them
    next to their cluster when it applies it."""
    base = defaults(values, doc)
    new = [Stakeholder(name=n, **base) for n in names]
    return AddStakeholder(stakeholder=new[0]) if len(new) == 1 else AddStakeholders(stakeholders=new)


def same_party(a: Stakeholder, name: str, organisation: str = "") -> bool:
    """Whether ``a`` is the party called ``name``: the same name, ignoring case, spacing and
    accents; and, when both have an organisation, the same organisation (a "Wijkagent" of the
    police is not the "Wijkagent" of the housing corporation).

    >>> s = Stakeholder(name="Rochdale", organisation="Rochdale")
    >>> same_party(s, " rochdale  "), same_party(s, "Rochdale", "Tiwos"), same_party(s, "Tiwos")
    (True, False, False)
    """
    if fold(a.name) != fold(name):
        return False
    return not (a.organisation and organisation) or fold(a.organisation) == fold(organisation)


def _on_map(doc: Session, names: Sequence[str], values: Mapping[str, Any]) -> list[Stakeholder | None]:
    """For each name, the first post-it on the map for that party (with the form's organisation)."""
    organisation = defaults(values, doc)["organisation"]
    by_name: dict[str, list[Stakeholder]] = {}
    for s in doc.stakeholders:
        by_name.setdefault(fold(s.name), []).append(s)
    return [next((s for s in by_name.get(fold(n), ()) if same_party(s, n, organisation)), None)
            for n in names]


def already_on_map(doc: Session, names: Sequence[str], values: Mapping[str, Any]) -> list[Stakeholder]:
    """The post-its already on the map for parties about to be added by ``names`` with the
    form's defaults ``values``, each once, in the order of ``names``.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="Rochdale"),
    ...                                                   Stakeholder(name="GGD")])
    >>> [s.name for s in already_on_map(doc, ["ROCHDALE", "Tiwos", "ggd "], {})]
    ['Rochdale', 'GGD']
    """
    return list({s.id: s for s in _on_map(doc, names, values) if s is not None}.values())


def not_on_map(doc: Session, names: Sequence[str], values: Mapping[str, Any]) -> list[str]:
    """Those of ``names`` whose party is not on the map yet.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="Rochdale")])
    >>> not_on_map(doc, ["Tiwos", "rochdale", "GGD"], {})
    ['Tiwos', 'GGD']
    """
    return [n for n, s in zip(names, _on_map(doc, names, values), strict=True) if s is None]


def added_ids(op: Operation) -> list[str]:
    """The ids of the post-its an add operation brings."""
    if isinstance(op, AddStakeholder):
        return [op.stakeholder.id]
    if isinstance(op, AddStakeholders):
        return [s.id for s in op.stakeholders]
    return []


# --- the edit form --------------------------------------------------------------------------------

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


def edit_changes(s: Stakeholder, values: Mapping[str, Any]) -> tuple[dict[str, Any], Problem | None]:
    """The fields the form changed, or what is wrong (nothing is sent then)."""
    name, problem = typed_name(values.get("name"))
    if problem:
        return {}, problem
    wanted: dict[str, Any] = {"name": name}
    for f in ("organisation", "capacity", "contact_for"):
        text = (values.get(f) or "").strip()
        if len(text) > NAME_MAX:
            return {}, _too_long("map.text_too_long", NAME_MAX)
        wanted[f] = text
    tags = parse_tags(values.get("tags") or "")
    if any(len(t) > NAME_MAX for t in tags):
        return {}, _too_long("map.text_too_long", NAME_MAX)
    notes = (values.get("notes") or "").strip()
    if len(notes) > TEXT_MAX:
        return {}, _too_long("map.notes_too_long", TEXT_MAX)
    wanted.update(tags=tags, notes=notes, kind=values.get("kind", s.kind), cluster=values.get("cluster"),
                  confidential=bool(values.get("confidential", s.confidential)))
    for f, ((lo, hi), _) in SCORES.items():
        number = int(values.get(f, getattr(s, f)))
        if not lo <= number <= hi:
            return {}, Problem(f"map.bad_{f}", score_range_text((lo, hi)))
        wanted[f] = number
    return {f: v for f, v in wanted.items() if getattr(s, f) != v}, None


def edit_op(s: Stakeholder, values: Mapping[str, Any]) -> tuple[UpdateStakeholder | None, Problem | None]:
    """The update the edit form asks for; None when nothing changed or something is wrong."""
    changes, problem = edit_changes(s, values)
    if problem or not changes:
        return None, problem
    return UpdateStakeholder(id=s.id, changes=changes), None


# --- the canvas: moves and deletes ---------------------------------------------------------------

def move_op(doc: Session, positions: Mapping[str, Sequence[float]]) -> MoveStakeholders | None:
    """The move a drag on the canvas makes; None for none. Post-its of an older session that
    have no position yet (the map shows them where the layout puts them) are kept where they
    are shown, in the same step, so moving one post-it never makes the others jump.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id="a", name="A", x=0, y=0),
    ...                                                   Stakeholder(id="b", name="B")])
    >>> sorted(move_op(doc, {"a": (5, 5)}).positions)
    ['a', 'b']
    """
    moves = {sid: (float(xy[0]), float(xy[1])) for sid, xy in positions.items()}
    if not moves:
        return None
    if any(not s.placed and s.id not in moves for s in doc.stakeholders):
        shown = layout.positions(doc)
        moves = {**{s.id: shown[s.id] for s in doc.stakeholders if not s.placed}, **moves}
    return MoveStakeholders(positions=moves)


# --- relations ----------------------------------------------------------------------------------

def relation_for(pending: Mapping[str, str], values: Mapping[str, Any]
                 ) -> tuple[Relation | None, Problem | None]:
    """The relation the form describes between the two post-its of a drawn connection, or what
    is wrong with it. A kind typed in wins over one picked from the suggestions.

    >>> r, _ = relation_for({"source": "a", "target": "b"}, {"pick": "informeert", "kind": " "})
    >>> r.kind, r.strength
    ('informeert', 2)
    """
    kind = (values.get("kind") or "").strip() or (values.get("pick") or "").strip()
    label = (values.get("label") or "").strip()
    if len(kind) > NAME_MAX or len(label) > NAME_MAX:
        return None, _too_long("map.text_too_long", NAME_MAX)
    lo, hi = STRENGTH_RANGE
    strength = int(values.get("strength") or STRENGTH_DEFAULT)
    if not lo <= strength <= hi:
        strength = STRENGTH_DEFAULT
    return Relation(source=pending["source"], target=pending["target"], kind=kind, label=label,
                    directed=bool(values.get("directed")), strength=strength), None


@dataclass(frozen=True)
class Deletion:
    """What one delete on the canvas removes, as one operation."""

    op: Operation | None
    names: list[str]
    ids: list[str]
    relations: int


def delete_selection(doc: Session, ids: Iterable[str], edges: Iterable[str]) -> Deletion:
    """The post-its and relations selected for deletion, as one operation (relations of deleted
    post-its go with them); those gone meanwhile are left out."""
    ids = [i for i in dict.fromkeys(ids) if doc.stakeholder(i) is not None]
    gone = set(ids)
    wanted = set(edges)
    relations = [r.id for r in doc.relations
                 if r.id in wanted and r.source not in gone and r.target not in gone]
    ops: list[Operation] = [DeleteStakeholders(ids=ids)] if ids else []
    ops += [DeleteRelation(id=r) for r in relations]
    return Deletion(combine(ops, what="delete_selection"), [doc.stakeholder(i).name for i in ids], ids,
                    len(relations))


# --- clusters -------------------------------------------------------------------------------------

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


def offered_colour(doc: Session) -> str:
    """The colour the new-cluster form offers: the one the next cluster gets if left as it is."""
    return palette.suggest_colour(palette.cluster_colours(doc).values())


def new_cluster_op(name: str, picked: str | None, offered: str) -> AddCluster:
    """A new cluster as the form made it. A colour left as ``offered`` is not taken from the form:
    the operation picks the next free colour on the revision it is applied to, so clusters made
    one after another, or by two people at once, still each get their own.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), clusters=[Cluster(name="Wonen", colour="#0072b2")])
    >>> stale = new_cluster_op("Zorg", "#0072B2", offered="#0072b2")  # offered before Wonen was made
    >>> _ = stale.apply(doc); doc.clusters[1].colour
    '#e69f00'
    >>> new_cluster_op("Zorg", "#123456", "#e69f00").cluster.colour
    '#123456'
    """
    cluster: dict[str, Any] = {"id": new_id("cl"), "name": name}
    if picked and picked.lower() != offered.lower():
        cluster["colour"] = picked.lower()
    return AddCluster(cluster=cluster)


def suggest(doc: Session) -> dict[str, Any]:
    """The engine's suggestion, with the revision it was made for."""
    return {"session": doc.id, "revision": doc.revision, "result": analysis.suggested_clusters(doc)}


def suggestion_name(doc: Session, group: Mapping[str, Any], n: int, lang: str) -> str:
    """A new cluster's name: after the team cluster most of its members are in, else numbered."""
    team = doc.cluster(group["team_cluster"]) if group.get("team_cluster") else None
    if team is not None and group.get("share", 0) >= 0.5:
        return i18n.t("map.suggested_like", lang, name=team.name[:NAME_MAX - 20])
    return i18n.t("map.suggested_name", lang, n=n)


def suggestion_op(doc: Session, groups: list[Mapping[str, Any]], chosen: Iterable[int],
                  lang: str) -> tuple[Operation | None, int]:
    """Taking over the chosen proposed groups, as one operation: for each a new cluster (a
    colour-blind-safe colour) with its members put in it; and how many clusters that makes.
    Members deleted since the suggestion are left out; a group left empty is skipped."""
    ops: list[Operation] = []
    used = list(palette.cluster_colours(doc).values())
    made = 0
    for i in chosen:
        group = groups[i]
        members = [m for m in group["members"] if doc.stakeholder(m) is not None]
        if not members:
            continue
        colour = palette.suggest_colour(used)
        used.append(colour)
        cluster = Cluster(id=new_id("cl"), name=suggestion_name(doc, group, i + 1, lang), colour=colour)
        ops += [AddCluster(cluster=cluster), AssignClusters(ids=members, cluster=cluster.id)]
        made += 1
    return combine(ops, what="accept_suggestion"), made


# --- "Overlap opruimen" ---------------------------------------------------------------------------

def tidy_op(doc: Session) -> MoveStakeholders | None:
    """The move that clears overlapping post-its; None when nothing overlaps."""
    positions = layout.untangle(doc)
    return MoveStakeholders(positions=positions) if positions else None


# --- the table ------------------------------------------------------------------------------------

def table_frame(doc: Session, lang: str) -> pd.DataFrame:
    """The stakeholders as the table shows them, one row each in the session's order. An empty cell
    is '' (a table shows None as the word 'None'), which :func:`cell` reads back as no cluster."""
    kinds = kind_labels(lang)
    names = {cid: label for label, cid in cluster_choices(doc).items()}
    rows = [{"name": s.name, "organisation": s.organisation, "capacity": s.capacity,
             "cluster": names.get(s.cluster or "", ""), "influence": s.influence, "interest": s.interest,
             "attitude": s.attitude, "kind": kinds[s.kind], "confidential": s.confidential}
            for s in doc.stakeholders]
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))


def _blank(v: Any) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def cell(doc: Session, column: str, value: Any, lang: str) -> tuple[Any, Problem | None]:
    """A table cell as a stakeholder field value, read as an import reads its cells, or what is
    wrong with it.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"))
    >>> cell(doc, "influence", "4", "nl"), cell(doc, "kind", "Groep", "nl")
    ((4, None), ('group', None))
    >>> cell(doc, "kind", "persoon", "en")
    ('person', None)
    >>> cell(doc, "attitude", 3, "nl")[1]
    Problem(key='map.bad_attitude', values={'lo': '−2', 'hi': '+2'}, row=None, column=None)
    """
    text = "" if _blank(value) else cell_text(value)
    if column == "name":
        name, problem = typed_name(text)
        return name, problem
    if column in ("organisation", "capacity"):
        return (text, None) if len(text) <= NAME_MAX else (None, _too_long("map.text_too_long", NAME_MAX))
    if column == "cluster":
        if not text:
            return None, None
        cid = cluster_choices(doc).get(str(value))
        return (cid, None) if cid else (None, Problem("map.bad_cluster"))
    if column in SCORES:
        bounds, words = SCORES[column]
        try:
            return parse_score(None if _blank(value) else value, column, *bounds, words), None
        except ValueError:
            return None, Problem(f"map.bad_{column}", score_range_text(bounds))
    if column == "kind":
        by_label = {label: k for k, label in kind_labels(lang).items()}
        kind = by_label.get(text) or (text if text in KINDS else KIND_WORDS.get(fold(text)))
        return (kind, None) if kind else (None, Problem("map.bad_kind"))
    if column == "confidential":
        if not text:
            return False, None
        try:
            return parse_bool(value, column), None
        except ValueError:
            return None, Problem("map.bad_confidential")
    return None, Problem("map.bad_column")


@dataclass(frozen=True)
class TableEdit:
    """What saving the table does: one operation (None: nothing), or the first problem."""

    op: Operation | None
    problem: Problem | None = None
    counts: dict[str, int] = field(default_factory=lambda: {"changed": 0, "added": 0, "deleted": 0})


def table_edit(doc: Session, edits: Mapping[str, Any], values: Mapping[str, Any], lang: str) -> TableEdit:
    """One operation for the table's edit state (``edited_rows``, ``added_rows``, ``deleted_rows``):
    the changed rows updated, the new rows added (with the form's defaults ``values``), the
    deleted ones deleted, together as one step. If any cell is wrong, no operation and the
    first problem (row numbers from 1, as the table shows them)."""
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
            v, problem = cell(doc, column, value, lang)
            if problem:
                return TableEdit(None, _at(problem, pos + 1, column))
            if getattr(s, column) != v:
                changes[column] = v
        if changes:
            ops.append(UpdateStakeholder(id=s.id, changes=changes))
            counts["changed"] += 1
    added: list[Stakeholder] = []
    base = defaults(values, doc)
    for n, cells in enumerate(edits.get("added_rows") or []):
        row = dict(base)
        if "name" not in cells:
            return TableEdit(None, _at(Problem("map.need_name"), len(rows) + n + 1, "name"))
        for column in TABLE_COLUMNS:
            if column in cells:
                v, problem = cell(doc, column, cells[column], lang)
                if problem:
                    return TableEdit(None, _at(problem, len(rows) + n + 1, column))
                row[column] = v
        added.append(Stakeholder(**row))
    if added:
        ops.append(AddStakeholders(stakeholders=added))
        counts["added"] = len(added)
    gone = [rows[int(p)].id for p in edits.get("deleted_rows") or [] if 0 <= int(p) < len(rows)]
    if gone:
        ops.append(DeleteStakeholders(ids=gone))
        counts["deleted"] = len(gone)
    return TableEdit(combine(ops, what="edit_table"), None, counts)


def _at(problem: Problem, row: int, column: str) -> Problem:
    return Problem(problem.key, problem.values, row, column)


# --- an edit form whose post-it changed meanwhile -------------------------------------------------

def summary(s: Stakeholder, lang: str, doc: Session | None = None) -> str:
    """The post-it's fields as one line, to show what someone else saved.

    >>> summary(Stakeholder(name="Gemeente", organisation="Stad", influence=4), "nl")
    'Gemeente · Stad · Invloed 4 · Belang 3 · Houding 0'
    """
    parts = [s.name, s.organisation, s.capacity]
    if doc is not None and s.cluster and doc.cluster(s.cluster):
        parts.append(doc.cluster(s.cluster).name)
    def word(key: str) -> str:
        return i18n.t(f"map.col_{key}", lang)

    parts += [f"{word('influence')} {s.influence}", f"{word('interest')} {s.interest}",
              f"{word('attitude')} {s.attitude:+d}" if s.attitude else f"{word('attitude')} 0"]
    return " · ".join(p for p in parts if p)
