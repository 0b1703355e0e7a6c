"""What a public view of a session holds: the one rule every output follows for confidential items."""

from __future__ import annotations

from werkatelier.model import Session


def public_view(doc: Session, *, include_confidential: bool = False) -> Session:
    """The session as a room, a participant or an export may see it.

    Confidential stakeholders and interviews are left out, and with them every relation
    touching such a stakeholder. Personas and interviews lose their links to what is left
    out. A persona whose every link pointed at confidential items goes too: it was drawn
    from them alone, and its card could give them away. A persona without any links stays.

    With ``include_confidential`` (or when nothing is confidential) ``doc`` itself comes
    back. Otherwise the result is a new session that shares unchanged items with ``doc``:
    ``doc`` is left as it was, and callers change neither.

    >>> from werkatelier.model import Meta, Persona, Relation, Stakeholder
    >>> doc = Session(meta=Meta(title="t"),
    ...     stakeholders=[Stakeholder(id="a", name="Politie"),
    ...                   Stakeholder(id="b", name="Bron", confidential=True)],
    ...     relations=[Relation(source="a", target="b")],
    ...     personas=[Persona(name="Only b", stakeholder_ids=["b"]),
    ...               Persona(name="Both", stakeholder_ids=["a", "b"])])
    >>> p = public_view(doc)
    >>> [s.name for s in p.stakeholders], p.relations, [(q.name, q.stakeholder_ids) for q in p.personas]
    (['Politie'], [], [('Both', ['a'])])
    >>> public_view(doc, include_confidential=True) is doc
    True
    """
    if include_confidential:
        return doc
    hidden_sh = {s.id for s in doc.stakeholders if s.confidential}
    hidden_iv = {i.id for i in doc.interviews if i.confidential}
    if not hidden_sh and not hidden_iv:
        return doc
    personas = []
    for p in doc.personas:
        sh = [i for i in p.stakeholder_ids if i not in hidden_sh]
        iv = [i for i in p.interview_ids if i not in hidden_iv]
        if (p.stakeholder_ids or p.interview_ids) and not sh and not iv:
            continue
        personas.append(p if (sh, iv) == (p.stakeholder_ids, p.interview_ids)
                        else p.model_copy(update={"stakeholder_ids": sh, "interview_ids": iv}))
    kept_pe = {p.id for p in personas}
    interviews = []
    for v in doc.interviews:
        if v.confidential:
            continue
        sh = [i for i in v.stakeholder_ids if i not in hidden_sh]
        pe = [i for i in v.persona_ids if i in kept_pe]
        interviews.append(v if (sh, pe) == (v.stakeholder_ids, v.persona_ids)
                          else v.model_copy(update={"stakeholder_ids": sh, "persona_ids": pe}))
    return doc.model_copy(update={
        "room": _room_without(doc, hidden_sh),
        "stakeholders": [s for s in doc.stakeholders if not s.confidential],
        "relations": [r for r in doc.relations if r.source not in hidden_sh and r.target not in hidden_sh],
        "personas": personas,
        "interviews": interviews,
    })


def _room_without(doc: Session, hidden: set[str]) -> object:
    """The room with a vote's choices on confidential post-its left out, with their dots."""
    vote = doc.room.vote
    if vote is None or not any(c.key in hidden for c in vote.choices):
        return doc.room
    ballots = {v: [k for k in b if k not in hidden] for v, b in vote.ballots.items()}
    choices = [c for c in vote.choices if c.key not in hidden]
    kept = vote.model_copy(update={"choices": choices, "ballots": ballots})
    return doc.room.model_copy(update={"vote": kept})
