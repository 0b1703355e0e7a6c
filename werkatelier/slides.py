"""The presentation: a session as a sequence of slides, with confidential items left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from werkatelier import privacy
from werkatelier.model import Action, Interview, Persona, Session

SlideKind = Literal["title", "map", "persona", "insights", "actions"]
#: Actions per slide: more rows than this do not read from the back of a room.
ACTIONS_PER_SLIDE = 7
#: Insights and quotes per slide, for the same reason.
INSIGHTS_PER_SLIDE = 6


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
    each interview and the actions, leaving out whatever is confidential
    (:func:`werkatelier.privacy.public_view`).

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
    pub = privacy.public_view(doc)
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
