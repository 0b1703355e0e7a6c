"""What changed between two sessions, item by item; and undo/redo as a patch on the latest revision."""

from __future__ import annotations

import operator
from dataclasses import dataclass, field
from typing import Any

from pydantic import Field

from werkatelier.model import PARTS, Session
from werkatelier.ops import Operation
from werkatelier.said import Said, Word

#: The parts compared item by item; meta and question are compared as wholes.
WHOLES: tuple[str, ...] = ("meta", "question")
#: Fields that say where a post-it lies, not what it is: a move is not an edit of content.
POSITION_FIELDS = frozenset({"x", "y"})


@dataclass
class PartDiff:
    added: list[dict[str, Any]] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)
    #: (before, after, names of the fields that differ)
    changed: list[tuple[dict[str, Any], dict[str, Any], list[str]]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    @property
    def size(self) -> int:
        return len(self.added) + len(self.removed) + len(self.changed)


@dataclass
class SessionDiff:
    parts: dict[str, PartDiff]
    #: Whole parts that differ: name -> (before, after)
    wholes: dict[str, tuple[dict[str, Any], dict[str, Any]]]

    @property
    def size(self) -> int:
        return sum(p.size for p in self.parts.values()) + len(self.wholes)

    def __bool__(self) -> bool:
        return self.size > 0


def _dump(item: Any) -> dict[str, Any]:
    return item.model_dump(mode="json")


def _in_place(before: list[Any], after: list[Any]) -> PartDiff | None:
    """The diff when one list is the other with items replaced where they stand, or added or
    removed at the end (what a move, an edit or an add does, and their undo); None otherwise.
    Never a different answer from matching by id, only a quicker one."""
    n = min(len(before), len(after))
    if len(before) != len(after) and (any(map(operator.is_not, before[:n], after[:n]))
                                      or before[n:] and after[n:]):
        return None
    swapped = [i for i, same in enumerate(map(operator.is_, before[:n], after[:n])) if not same]
    if any(before[i].id != after[i].id for i in swapped):
        return None
    pd = PartDiff(added=[_dump(v) for v in after[n:]], removed=[_dump(v) for v in before[n:]])
    for i in swapped:
        a, b = _dump(before[i]), _dump(after[i])
        if a != b:
            pd.changed.append((a, b, sorted(f for f in b if b.get(f) != a.get(f))))
    return pd


def _part_diff(before: list[Any], after: list[Any]) -> PartDiff:
    """One part's changes, matched by id. An item that is the very same object in both (revisions
    of one store share what an operation did not touch) is unchanged without a look, so two
    revisions a step apart are compared in time that follows the change, not the map."""
    if len(before) == len(after) and all(map(operator.is_, before, after)):
        return PartDiff()
    quick = _in_place(before, after)
    if quick is not None:
        return quick
    old = {item.id: item for item in before}
    new = {item.id: item for item in after}
    pd = PartDiff(added=[_dump(v) for k, v in new.items() if k not in old],
                  removed=[_dump(v) for k, v in old.items() if k not in new])
    for k, v in new.items():
        o = old.get(k)
        if o is None or o is v:
            continue
        a, b = _dump(o), _dump(v)
        if a != b:
            pd.changed.append((a, b, sorted(f for f in b if b.get(f) != a.get(f))))
    return pd


def diff(before: Session, after: Session) -> SessionDiff:
    """Items added, removed and changed per part, matched by id; meta and question as wholes.

    >>> from werkatelier.model import Meta, Stakeholder
    >>> a = Session(meta=Meta(title="I"), stakeholders=[Stakeholder(id="sh_a", name="A")])
    >>> b = a.model_copy(deep=True)
    >>> b.stakeholders[0].influence = 5
    >>> d = diff(a, b)
    >>> d.parts["stakeholders"].changed[0][2], d.size
    (['influence'], 1)
    """
    parts = {part: _part_diff(getattr(before, part), getattr(after, part)) for part in PARTS}
    wholes = {}
    for name in WHOLES:
        a, b = getattr(before, name), getattr(after, name)
        if a is b:
            continue
        a, b = a.model_dump(mode="json"), b.model_dump(mode="json")
        if a != b:
            wholes[name] = (a, b)
    return SessionDiff(parts=parts, wholes=wholes)


class ApplyPatch(Operation):
    """Carry the change between two revisions over to the latest one: undo and redo.

    Only the items the change touched are set back (or forward); what others changed in the
    meantime stays. References left pointing at nothing are dropped, as a delete would.
    """

    op = "apply_patch"
    label: str = "undo"
    upserts: dict[str, list[dict[str, Any]]] = Field(default_factory=dict)
    removals: dict[str, list[str]] = Field(default_factory=dict)
    wholes: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @classmethod
    def between(cls, current: Session, wanted: Session, *, label: str) -> ApplyPatch:
        """The patch that turns `current`'s changed items into `wanted`'s."""
        d = diff(current, wanted)
        upserts = {p: [*pd.added, *(after for _, after, _ in pd.changed)]
                   for p, pd in d.parts.items() if pd.added or pd.changed}
        removals = {p: [i["id"] for i in pd.removed] for p, pd in d.parts.items() if pd.removed}
        wholes = {name: after for name, (_, after) in d.wholes.items()}
        return cls(label=label, upserts=upserts, removals=removals, wholes=wholes)

    def apply(self, doc: Session) -> str:
        item_types = {p: type(doc).model_fields[p].annotation.__args__[0] for p in PARTS}
        for part, ids in self.removals.items():
            gone = set(ids)
            setattr(doc, part, [i for i in getattr(doc, part) if i.id not in gone])
        for part, items in self.upserts.items():
            current = getattr(doc, part)
            index = {item.id: n for n, item in enumerate(current)}
            for raw in items:
                item = item_types[part].model_validate(raw)
                if item.id in index:
                    current[index[item.id]] = item
                else:
                    index[item.id] = len(current)
                    current.append(item)
        for name, raw in self.wholes.items():
            setattr(doc, name, type(getattr(doc, name)).model_validate(raw))
        _drop_dangling(doc)
        n = sum(map(len, self.upserts.values())) + sum(map(len, self.removals.values())) + len(self.wholes)
        # The label is "undo <name>" or "redo <name>", name an operation's undo name (op.<name>).
        way, _, name = self.label.partition(" ")
        if way in ("undo", "redo") and name:
            return Said(f"said.{way}", what=Word(f"op.{name}"), items=Said("said.n_items", n=n))
        return f"{self.label}: {n}"


def _drop_dangling(doc: Session) -> None:
    """Remove references to items that no longer exist, and relations that now duplicate others.

    Items are replaced, never changed in place: the store shares unchanged items between revisions.
    """
    sh = {s.id for s in doc.stakeholders}
    cl = {c.id for c in doc.clusters}
    pe = {p.id for p in doc.personas}
    iv = {i.id for i in doc.interviews}
    doc.stakeholders = [s if s.cluster is None or s.cluster in cl else s.model_copy(update={"cluster": None})
                        for s in doc.stakeholders]
    seen: set[tuple[str, str, str]] = set()
    kept = []
    for r in doc.relations:
        if r.source in sh and r.target in sh and r.pair_key() not in seen:
            seen.add(r.pair_key())
            kept.append(r)
    doc.relations = kept
    doc.personas = [_keep_only(p, stakeholder_ids=sh, interview_ids=iv) for p in doc.personas]
    doc.interviews = [_keep_only(v, stakeholder_ids=sh, persona_ids=pe) for v in doc.interviews]


def _keep_only(item, **allowed: set[str]):
    """item with each named list of ids cut down to the allowed ones; the same object if nothing goes."""
    update = {f: [i for i in getattr(item, f) if i in ok] for f, ok in allowed.items()}
    if all(update[f] == getattr(item, f) for f in update):
        return item
    return item.model_copy(update=update)
