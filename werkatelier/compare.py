"""Compare two sessions or two revisions: what was added, removed and changed, matched by id, then by name."""

from __future__ import annotations

import copy
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from typing import Any

from werkatelier.diff import POSITION_FIELDS, diff
from werkatelier.model import Session

#: The parts the compare view shows, in the order it shows them.
COMPARED: tuple[str, ...] = ("stakeholders", "relations", "clusters", "personas")
ADDED, REMOVED, CHANGED = "added", "removed", "changed"
#: Okabe-Ito colours, told apart by colour-blind viewers too; each mark also has a symbol and a line style.
MARK_COLOURS: dict[str, str] = {ADDED: "#009e73", REMOVED: "#d55e00", CHANGED: "#e69f00"}
MARK_SYMBOLS: dict[str, str] = {ADDED: "+", REMOVED: "−", CHANGED: "✎"}
MARK_BORDER = 6
MARK_DASHES = [10, 6]
#: Fields holding lists of ids: their order means nothing.
LINK_FIELDS = frozenset({"stakeholder_ids", "interview_ids", "persona_ids"})


def normalise_name(text: str) -> str:
    """The form two names are matched in: Unicode-normalised, case and spacing ignored.

    >>> normalise_name("  Gemeente   AMSTERDAM ") == normalise_name("gemeente amsterdam")
    True
    >>> normalise_name("Ｒｏｃｈｄａｌｅ")
    'rochdale'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def match(before: Sequence[Any], after: Sequence[Any],
          key: Callable[[Any], Hashable | None]) -> dict[str, str]:
    """Pairs of the same item on both sides, as ``{after id: before id}``.

    The same id first (a carried-forward session keeps its ids); then, among the items
    left over on both sides, the same ``key`` (a normalised name), first with first.

    >>> from types import SimpleNamespace as I
    >>> a = [I(id="sh_1", name="Politie"), I(id="sh_2", name="RIEC")]
    >>> b = [I(id="sh_1", name="Politie Amsterdam"), I(id="sh_9", name=" riec ")]
    >>> match(a, b, lambda i: normalise_name(i.name))
    {'sh_1': 'sh_1', 'sh_9': 'sh_2'}
    """
    before_ids = {item.id for item in before}
    pairs = {item.id: item.id for item in after if item.id in before_ids}
    spare: dict[Hashable, deque[str]] = defaultdict(deque)
    for item in before:
        if item.id not in pairs:
            k = key(item)
            if k is not None:
                spare[k].append(item.id)
    for item in after:
        if item.id in pairs:
            continue
        k = key(item)
        if k is not None and spare.get(k):
            pairs[item.id] = spare[k].popleft()
    return pairs


@dataclass(frozen=True)
class Entry:
    """An item added (its id in B) or removed (its id in A), with the name a reader knows it by."""

    id: str
    name: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    #: As a reader sees them: names instead of ids, lists joined; None when empty.
    before: Any
    after: Any


@dataclass(frozen=True)
class Changed:
    before_id: str
    after_id: str
    #: The name in B.
    name: str
    fields: tuple[FieldChange, ...]


@dataclass
class PartComparison:
    added: list[Entry] = field(default_factory=list)
    removed: list[Entry] = field(default_factory=list)
    changed: list[Changed] = field(default_factory=list)

    @property
    def size(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


@dataclass
class Comparison:
    parts: dict[str, PartComparison]
    #: Stakeholders that only moved on the map.
    moved: list[Changed] = field(default_factory=list)
    #: The question's text before and after, when it changed.
    question: tuple[str, str] | None = None

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts.values()) + len(self.moved) + (self.question is not None)

    def __bool__(self) -> bool:
        return self.size > 0

    def marks(self, side: str) -> tuple[dict[str, str], dict[str, str]]:
        """What to highlight on one side's map: ``({stakeholder id: mark}, {relation id: mark})``.

        Side ``"before"`` (A) shows the removed and the changed, ``"after"`` (B) the added and
        the changed, each by its own id.
        """
        if side not in ("before", "after"):
            raise ValueError(f"side is 'before' or 'after', not {side!r}")
        out = []
        for part in ("stakeholders", "relations"):
            p = self.parts[part]
            if side == "before":
                marks = {e.id: REMOVED for e in p.removed} | {c.before_id: CHANGED for c in p.changed}
            else:
                marks = {e.id: ADDED for e in p.added} | {c.after_id: CHANGED for c in p.changed}
            out.append(marks)
        return out[0], out[1]


def _names(doc: Session) -> dict[str, dict[str, str]]:
    return {"stakeholders": {s.id: s.name for s in doc.stakeholders},
            "clusters": {c.id: c.name for c in doc.clusters},
            "personas": {p.id: p.name for p in doc.personas},
            "interviews": {i.id: i.interviewee for i in doc.interviews}}


def _relation_name(r: dict[str, Any], people: dict[str, str]) -> str:
    ends = f"{people.get(r['source'], r['source'])} {'→' if r['directed'] else '—'} " \
           f"{people.get(r['target'], r['target'])}"
    return f"{ends} ({r['kind']})" if r["kind"] else ends


def _item_name(part: str, item: dict[str, Any], names: dict[str, dict[str, str]]) -> str:
    if part == "relations":
        return _relation_name(item, names["stakeholders"])
    return item.get("name") or item.get("interviewee") or item["id"]


#: Fields whose value is an id (or ids) of another part, shown by that item's name.
_REFERENCES = {"cluster": "clusters", "source": "stakeholders", "target": "stakeholders",
               "stakeholder_ids": "stakeholders", "interview_ids": "interviews", "persona_ids": "personas"}


def _shown(name: str, value: Any, names: dict[str, dict[str, str]]) -> Any:
    part = _REFERENCES.get(name)
    if part is not None:
        value = ([names[part].get(v, v) for v in value] if isinstance(value, list)
                 else names[part].get(value, value) if value is not None else None)
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or None
    return None if value == "" else value


def _translated(after: Session, maps: dict[str, dict[str, str]]) -> Session:
    """after with every matched item (and every reference to it) under its id in before.

    Only items that change are copied (with ids kept, as between two revisions, that is
    none), and none is changed in place: the sessions handed in stay as they were.
    """
    sh, cl, pe, iv = (maps[p] for p in ("stakeholders", "clusters", "personas", "interviews"))
    # Only the pairs whose ids differ need translating.
    sh, cl, pe, iv = ({b: a for b, a in m.items() if a != b} for m in (sh, cl, pe, iv))

    def copied(item: Any, **update: Any) -> Any:
        changed = {k: v for k, v in update.items() if v != getattr(item, k)}
        return item.model_copy(update=changed) if changed else item

    def ids(values: list[str], m: dict[str, str]) -> list[str]:
        return [m.get(v, v) for v in values] if m else values

    return after.model_copy(update={
        "stakeholders": [copied(s, id=sh.get(s.id, s.id), cluster=cl.get(s.cluster, s.cluster))
                         for s in after.stakeholders] if sh or cl else after.stakeholders,
        "clusters": [copied(c, id=cl.get(c.id, c.id)) for c in after.clusters] if cl else after.clusters,
        "relations": [copied(r, source=sh.get(r.source, r.source), target=sh.get(r.target, r.target))
                      for r in after.relations] if sh else after.relations,
        "personas": [copied(p, id=pe.get(p.id, p.id), stakeholder_ids=ids(p.stakeholder_ids, sh),
                            interview_ids=ids(p.interview_ids, iv)) for p in after.personas],
        "interviews": [copied(v, id=iv.get(v.id, v.id), stakeholder_ids=ids(v.stakeholder_ids, sh),
                              persona_ids=ids(v.persona_ids, pe)) for v in after.interviews],
    })


def _same_ends(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """An undirected relation drawn the other way round joins the same two."""
    return (not old["directed"] and not new["directed"]
            and {old["source"], old["target"]} == {new["source"], new["target"]})


def _by_name(item: Any) -> str:
    return normalise_name(getattr(item, "name", None) or getattr(item, "interviewee", ""))


def compare(before: Session, after: Session) -> Comparison:
    """What changed from ``before`` (A) to ``after`` (B): two revisions of one session, or two sessions.

    Items are matched by id first, then, for items without a partner of the same id, by
    normalised name (relations by their two matched ends and kind). Changed fields are
    given as a reader would see them: a stakeholder's cluster by name, a relation's ends
    by stakeholder name. A post-it that only moved is listed under ``moved``.

    >>> from werkatelier.model import Meta, Stakeholder
    >>> a = Session(meta=Meta(title="I"), stakeholders=[Stakeholder(id="sh_a", name="Rochdale")])
    >>> b = Session(meta=Meta(title="II"), stakeholders=[Stakeholder(id="sh_x", name="rochdale", influence=5),
    ...                                                 Stakeholder(id="sh_b", name="RIEC")])
    >>> c = compare(a, b)
    >>> [e.name for e in c.parts["stakeholders"].added], c.parts["stakeholders"].changed[0].fields[0]
    (['RIEC'], FieldChange(field='influence', before=3, after=5))
    """
    maps: dict[str, dict[str, str]] = {}
    for part in ("stakeholders", "clusters", "personas", "interviews"):
        maps[part] = match(getattr(before, part), getattr(after, part), _by_name)
    translated = _translated(after, maps)
    maps["relations"] = match(before.relations, translated.relations, lambda r: r.pair_key())
    renamed = {b: a for b, a in maps["relations"].items() if a != b}
    if renamed:
        translated = translated.model_copy(update={"relations": [
            r.model_copy(update={"id": renamed[r.id]}) if r.id in renamed else r
            for r in translated.relations]})
    # Back from before's ids to after's own, for pointing at items on B's map.
    original = {part: {a: b for b, a in m.items()} for part, m in maps.items()}

    d = diff(before, translated)
    names_a, names_b = _names(before), _names(translated)
    parts: dict[str, PartComparison] = {}
    moved: list[Changed] = []
    for part in COMPARED:
        pd = d.parts[part]
        pc = PartComparison(
            added=[Entry(i["id"], _item_name(part, i, names_b)) for i in pd.added],
            removed=[Entry(i["id"], _item_name(part, i, names_a)) for i in pd.removed])
        for old, new, fields in pd.changed:
            shown = []
            for f in fields:
                if f in POSITION_FIELDS:
                    continue
                if f in LINK_FIELDS and sorted(old[f]) == sorted(new[f]):
                    continue
                if f in ("source", "target") and _same_ends(old, new):
                    continue
                shown.append(FieldChange(f, _shown(f, old[f], names_a), _shown(f, new[f], names_b)))
            item = Changed(old["id"], original[part].get(new["id"], new["id"]),
                           _item_name(part, new, names_b), tuple(shown))
            if shown:
                pc.changed.append(item)
            elif any(f in POSITION_FIELDS for f in fields):
                moved.append(item)
        parts[part] = pc
    question = None
    if before.question.text != after.question.text:
        question = (before.question.text, after.question.text)
    return Comparison(parts=parts, moved=moved, question=question)


def highlighted(data: dict[str, Any], nodes: dict[str, str], edges: dict[str, str],
                *, symbols: bool = True) -> dict[str, Any]:
    """A copy of vis-network data (as ``render.vis_data`` returns) with marked post-its and
    relations drawn in their mark's colour: a thick border, dashed when removed, and the
    mark's symbol before the label, so the marks read without colour too.

    >>> data = {"nodes": [{"id": "a", "label": "A", "group": "g"}], "edges": [],
    ...         "options": {"groups": {"g": {"color": {"background": "#ffffff"}}}}}
    >>> n = highlighted(data, {"a": REMOVED}, {})["nodes"][0]
    >>> n["label"], n["color"]["border"], n["shapeProperties"]["borderDashes"], data["nodes"][0]["label"]
    ('− A', '#d55e00', [10, 6], 'A')
    """
    out = copy.deepcopy(data)
    groups = (out.get("options") or {}).get("groups") or {}
    for n in out.get("nodes", []):
        mark = nodes.get(n["id"])
        if mark is None:
            continue
        background = ((groups.get(n.get("group")) or {}).get("color") or {}).get("background", "#ffffff")
        n["color"] = {"background": background, "border": MARK_COLOURS[mark]}
        n["borderWidth"] = MARK_BORDER
        n["shapeProperties"] = {**(n.get("shapeProperties") or {}),
                                "borderDashes": MARK_DASHES if mark == REMOVED else False}
        if symbols:
            n["label"] = f"{MARK_SYMBOLS[mark]} {n.get('label', '')}"
    for e in out.get("edges", []):
        mark = edges.get(e["id"])
        if mark is None:
            continue
        colour = MARK_COLOURS[mark]
        e["color"] = {"color": colour, "highlight": colour, "hover": colour}
        e["width"] = max(float(e.get("width") or 1), 4.0)
        e["dashes"] = MARK_DASHES if mark == REMOVED else False
        if symbols:
            e["label"] = f"{MARK_SYMBOLS[mark]} {e.get('label', '')}".rstrip()
    return out
