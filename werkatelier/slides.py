"""The presentation: a session as a sequence of slides, with confidential items left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from werkatelier.model import Action, Interview, Persona, Session

SlideKind = Literal["title", "map", "persona", "insights", "actions"]
#: Actions per slide: more rows than this do not read from the back of a room.
ACTIONS_PER_SLIDE = 7
#: Insights and quotes per slide, for the same reason.
INSIGHTS_PER_SLIDE = 6


def public(doc: Session) -> Session:
    """The session as a room may see it: no confidential stakeholders or interviews, and
    nothing linked only to them.

    Relations touching a confidential stakeholder go; personas and interviews lose their
    links to confidential items; a persona whose every link pointed at a confidential item
    goes too (it was drawn from them alone). A copy: ``doc`` stays as it was.

    >>> from werkatelier.model import Meta, Persona, Relation, Stakeholder
    >>> doc = Session(meta=Meta(title="t"),
    ...     stakeholders=[Stakeholder(id="a", name="Politie"),
    ...                   Stakeholder(id="b", name="Bron", confidential=True)],
    ...     relations=[Relation(source="a", target="b")],
    ...     personas=[Persona(name="Only b", stakeholder_ids=["b"]),
    ...               Persona(name="Both", stakeholder_ids=["a", "b"])])
    >>> p = public(doc)
    >>> [s.name for s in p.stakeholders], p.relations, [(q.name, q.stakeholder_ids) for q in p.personas]
    (['Politie'], [], [('Both', ['a'])])
    """
    hidden_sh = {s.id for s in doc.stakeholders if s.confidential}
    hidden_iv = {i.id for i in doc.interviews if i.confidential}
    if not hidden_sh and not hidden_iv:
        return doc.model_copy()
    personas = []
    for p in doc.personas:
        sh = [i for i in p.stakeholder_ids if i not in hidden_sh]
        iv = [i for i in p.interview_ids if i not in hidden_iv]
        linked = p.stakeholder_ids or p.interview_ids
        if linked and not sh and not iv:
            continue
        personas.append(p if (sh, iv) == (p.stakeholder_ids, p.interview_ids)
                        else p.model_copy(update={"stakeholder_ids": sh, "interview_ids": iv}))
    kept_pe = {p.id for p in personas}
    interviews = [v.model_copy(update={
                      "stakeholder_ids": [i for i in v.stakeholder_ids if i not in hidden_sh],
                      "persona_ids": [i for i in v.persona_ids if i in kept_pe]})
                  for v in doc.interviews if not v.confidential]
    return doc.model_copy(update={
        "stakeholders": [s for s in doc.stakeholders if not s.confidential],
        "relations": [r for r in doc.relations if r.source not in hidden_sh and r.target not in hidden_sh],
        "personas": personas,
        "interviews": interviews,
    })


@dataclass(frozen=True)
class Slide:
    """One slide; ``session`` is always the public session, the rest says what this slide shows."""

    kind: SlideKind
    session: Session
    persona: Persona | None = None
    #: The persona's linked stakeholders, by name (public ones only).
    linked: tuple[str, ...] = ()
    interview: Interview | None = None
    insights: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    actions: tuple[Action, ...] = ()
    #: This slide's place among slides of the same kind and subject (2 of 3), when split.
    part: int = 1
    parts: int = 1

    def text(self) -> str:
        """Every piece of user text the slide shows, one per line (the map: its post-its and relations)."""
        doc = self.session
        if self.kind == "title":
            m = doc.meta
            lines = [m.title, m.programme, m.event.name, m.event.location, m.team, doc.question.text]
        elif self.kind == "map":
            names = {s.id: s.name for s in doc.stakeholders}
            lines = [*names.values(), *(f"{names[r.source]} {r.kind} {r.label} {names[r.target]}"
                                        for r in doc.relations),
                     *(c.name for c in doc.clusters)]
        elif self.kind == "persona" and self.persona is not None:
            p = self.persona
            lines = [p.name, p.archetype, p.avatar, p.quote, p.background, *p.wishes, *p.needs, *p.interests,
                     *p.frustrations, *p.goals, *p.contributions, *self.linked]
        elif self.kind == "insights" and self.interview is not None:
            lines = [self.interview.interviewee, self.interview.perspective, *self.insights, *self.quotes]
        else:
            lines = [f"{a.action} {a.who} {a.when}" for a in self.actions]
        return "\n".join(line for line in lines if line)


def _chunks(items: list, size: int) -> list[list]:
    return [items[i:i + size] for i in range(0, len(items), size)] or [[]]


def slides(doc: Session) -> list[Slide]:
    """The presentation of a session: a title slide, the map, each persona, the insights of
    each interview and the actions, leaving out whatever is confidential (see :func:`public`).

    Parts the session does not have yet get no slide; a long list is split over slides.

    >>> from werkatelier.model import Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="Werkatelier II"),
    ...               stakeholders=[Stakeholder(name="RIEC"), Stakeholder(name="Bron", confidential=True)])
    >>> deck = slides(doc)
    >>> [s.kind for s in deck], "Bron" in "\\n".join(s.text() for s in deck)
    (['title', 'map'], False)
    >>> [s.kind for s in slides(Session(meta=Meta(title="Leeg")))]
    ['title']
    """
    pub = public(doc)
    deck = [Slide("title", pub)]
    if pub.stakeholders:
        deck.append(Slide("map", pub))
    names = {s.id: s.name for s in pub.stakeholders}
    for p in pub.personas:
        deck.append(Slide("persona", pub, persona=p, linked=tuple(names[i] for i in p.stakeholder_ids)))
    for v in pub.interviews:
        # Insights first, quotes after: one list, so a long interview splits cleanly.
        items = [("i", x) for x in v.insights] + [("q", x) for x in v.quotes]
        if not items:
            continue
        chunks = _chunks(items, INSIGHTS_PER_SLIDE)
        for n, chunk in enumerate(chunks, 1):
            deck.append(Slide("insights", pub, interview=v,
                              insights=tuple(x for k, x in chunk if k == "i"),
                              quotes=tuple(x for k, x in chunk if k == "q"), part=n, parts=len(chunks)))
    if pub.actions:
        chunks = _chunks(list(pub.actions), ACTIONS_PER_SLIDE)
        deck += [Slide("actions", pub, actions=tuple(c), part=n, parts=len(chunks))
                 for n, c in enumerate(chunks, 1)]
    return deck
