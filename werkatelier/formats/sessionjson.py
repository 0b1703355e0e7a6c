"""A Werkatelier session as JSON: the document itself out; in, merged as its map or opened whole."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from werkatelier import document
from werkatelier.document import WerkatelierError
from werkatelier.formats.notes import ImportRefused, invalid_session, listed, note
from werkatelier.formats.parsed import FoundCluster, FoundRelation, FoundStakeholder, Parsed
from werkatelier.model import Session
from werkatelier.privacy import public_view
from werkatelier.tabular import CONTROLS, NOTED_CONTROLS, clean_text

#: The remark that a session file holds more than a map: said only when it is merged into a session.
ALSO_HOLDS = "also_holds"


def read(data: Any, name: str) -> Parsed:
    """A session document (its parsed JSON), checked and upgraded as the store would. Control
    characters in its text are removed, with a note: no session holds them."""
    data, cleaned = scrub(data)
    if not isinstance(data, dict):
        kinds = {list: "list", str: "string", int: "number", float: "number", bool: "bool"}
        kind = kinds.get(type(data), "null")
        raise ImportRefused("refused_not_session", file=name, kind=note(f"json_kind.{kind}"))
    try:
        doc = document.from_data(data)
    except WerkatelierError as e:
        if isinstance(e.__cause__, ValidationError):
            raise ImportRefused("refused_session_invalid", file=name,
                                problems=listed(invalid_session(e.__cause__))) from None
        raise ImportRefused("refused_session", file=name, detail=str(e)) from None
    parsed = from_session(doc, name)
    if cleaned:
        parsed.remarks.insert(0, note("controls_removed_session", file=name, n=cleaned))
    return parsed


def scrub(data: Any) -> tuple[Any, int]:
    """Parsed JSON with C0 control characters (other than tab and newline) taken out of every
    string, and how many strings held one; iterative, so any depth json.loads took is fine.

    >>> scrub({"meta": {"title": "Team\\x006"}, "tags": ["a\\r\\nb", "c"]})
    ({'meta': {'title': 'Team6'}, 'tags': ['a\\nb', 'c']}, 1)
    """
    count = 0

    def fix(value: Any) -> Any:
        nonlocal count
        if isinstance(value, str) and CONTROLS.search(value):
            count += bool(NOTED_CONTROLS.search(value))
            return clean_text(value)
        return value

    root = [fix(data)]
    stack: list[Any] = [root]
    while stack:
        box = stack.pop()
        keys = box.keys() if isinstance(box, dict) else range(len(box))
        for k in keys:
            v = box[k] = fix(box[k])
            if isinstance(v, dict | list):
                stack.append(v)
    return root[0], count


def from_session(doc: Session, name: str) -> Parsed:
    """A session's map as a Parsed, to merge it into another session."""
    parsed = Parsed(name=name, format="json", title=doc.meta.title, session=doc)
    for c in doc.clusters:
        parsed.clusters.append(FoundCluster(where=note("where.cluster", name=c.name), name=c.name, id=c.id,
                                            colour=c.colour, description=c.description or None))
    names = {c.id: c.name for c in doc.clusters}
    for s in doc.stakeholders:
        values = {k: v for k, v in s.model_dump(mode="json", exclude={"id", "name", "cluster"}).items()
                  if v not in (None, "", [])}
        parsed.stakeholders.append(FoundStakeholder(
            where=note("where.stakeholder", name=s.name), name=s.name, ref=s.id, id=s.id, values=values,
            cluster=names.get(s.cluster or "")))
    for r in doc.relations:
        values = {k: v for k, v in r.model_dump(mode="json", exclude={"id", "source", "target"}).items()
                  if v not in (None, "")}
        parsed.relations.append(FoundRelation(where=note("where.relation", id=r.id), source=r.source,
                                              target=r.target, values=values))
    rest = [note(f"count.{part}", n=len(getattr(doc, part)))
            for part in ("personas", "interviews", "rounds", "actions", "participants") if getattr(doc, part)]
    if rest:
        parsed.remarks.append(note(ALSO_HOLDS, file=name, parts=rest))
    return parsed


def write(doc: Session, *, include_confidential: bool = False) -> bytes:
    """The session document itself, as ``document.dumps`` writes it."""
    return document.dumps(public_view(doc, include_confidential=include_confidential)).encode("utf-8")
