"""A Werkatelier session as JSON: the document itself out; in, merged as its map or opened whole."""

from __future__ import annotations

from werkatelier import document
from werkatelier.document import WerkatelierError
from werkatelier.formats.parsed import FoundCluster, FoundRelation, FoundStakeholder, Parsed
from werkatelier.model import Session
from werkatelier.privacy import public_view


def read(raw: bytes, name: str, max_bytes: int) -> Parsed:
    """A session document, checked and upgraded as the store would."""
    try:
        doc = document.loads(raw, max_bytes=max_bytes)
    except WerkatelierError as e:
        raise WerkatelierError(f"{name}: {e}") from None
    return from_session(doc, name)


def from_session(doc: Session, name: str) -> Parsed:
    """A session's map as a Parsed, to merge it into another session."""
    parsed = Parsed(name=name, format="json", title=doc.meta.title, session=doc)
    for c in doc.clusters:
        parsed.clusters.append(FoundCluster(where=f"cluster {c.name!r}", name=c.name, id=c.id,
                                            colour=c.colour, description=c.description or None))
    names = {c.id: c.name for c in doc.clusters}
    for s in doc.stakeholders:
        values = {k: v for k, v in s.model_dump(mode="json", exclude={"id", "name", "cluster"}).items()
                  if v not in (None, "", [])}
        parsed.stakeholders.append(FoundStakeholder(
            where=f"stakeholder {s.name!r}", name=s.name, ref=s.id, id=s.id, values=values,
            cluster=names.get(s.cluster or "")))
    for r in doc.relations:
        values = {k: v for k, v in r.model_dump(mode="json", exclude={"id", "source", "target"}).items()
                  if v not in (None, "")}
        parsed.relations.append(FoundRelation(where=f"relation {r.id!r}", source=r.source,
                                              target=r.target, values=values))
    rest = [f"{len(getattr(doc, part))} {part}" for part in ("personas", "interviews", "rounds",
                                                              "actions", "participants")
            if getattr(doc, part)]
    if rest:
        parsed.remarks.append(
            f"{name} also holds {', '.join(rest)}: they come along when the file is opened as a new "
            "session; merged into a session, only stakeholders, relations and clusters are taken")
    return parsed


def write(doc: Session, *, include_confidential: bool = False) -> bytes:
    """The session document itself, as ``document.dumps`` writes it."""
    return document.dumps(public_view(doc, include_confidential=include_confidential)).encode("utf-8")
