"""Hypothesis strategies for whole valid sessions, shared by the tests that need arbitrary ones."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import strategies as st

from werkatelier.model import (
    KINDS,
    RELATION_KINDS,
    ROLES,
    STATUSES,
    Action,
    Cluster,
    Event,
    Interview,
    Meta,
    Participant,
    Persona,
    Question,
    QuestionVersion,
    Relation,
    Round,
    Session,
    Stakeholder,
)

#: Any character a session's text may hold: what JSON can carry but surrogates (they cannot be UTF-8
#: encoded) and the control characters the model refuses (all of C0 but tab and newline).
_chars = st.characters(blacklist_categories=("Cs",),
                       blacklist_characters=[chr(c) for c in range(32) if c not in (9, 10)])
_tricky = st.sampled_from(['"', "\\", "</script>", "=SUM(A1)", "é", "👩‍🌾", "\u202e", "\n", "\t", "'"])

ids = st.from_regex(r"\A[A-Za-z0-9][A-Za-z0-9_-]{0,15}\Z")
#: Short text as people type it: with accents, emoji, quotes, markup and formula starts.
short = st.lists(st.one_of(st.text(_chars, max_size=12), _tricky), max_size=3).map("".join).map(
    lambda s: s.strip()[:200])
#: Never empty: the first character is no kind of space and shows (not a zero-width format character).
names = st.builds(lambda first, rest: (first + rest).strip()[:200],
                  st.characters(blacklist_categories=("Cs", "Cc", "Cf", "Zs", "Zl", "Zp")), short)
texts = st.lists(st.one_of(st.text(_chars, max_size=40), _tricky), max_size=4).map("".join).map(
    str.strip)
items = st.lists(names, max_size=3)
colours = st.from_regex(r"\A#[0-9a-fA-F]{6}\Z")
coordinates = st.floats(allow_nan=False, allow_infinity=False, width=64)
moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=st.just(UTC))
days = st.dates()


def _unique(prefix: str, max_size: int) -> st.SearchStrategy[list[str]]:
    return st.lists(ids.map(lambda i: f"{prefix}{i}"), unique=True, max_size=max_size)


@st.composite
def stakeholders(draw: st.DrawFn, sid: str, cluster_ids: list[str]) -> Stakeholder:
    placed = draw(st.booleans())
    return Stakeholder(
        id=sid, name=draw(names), organisation=draw(short), kind=draw(st.sampled_from(KINDS)),
        capacity=draw(short), contact_for=draw(short),
        cluster=draw(st.sampled_from([None, *cluster_ids])),
        influence=draw(st.integers(1, 5)), interest=draw(st.integers(1, 5)),
        attitude=draw(st.integers(-2, 2)), tags=draw(st.lists(short, max_size=3)), notes=draw(texts),
        confidential=draw(st.booleans()),
        x=draw(coordinates) if placed else None, y=draw(coordinates) if placed else None)


@st.composite
def sessions(draw: st.DrawFn, max_items: int = 5) -> Session:
    """A valid session: unique ids per part, every link pointing at something, no twin relations."""
    cl_ids = draw(_unique("cl", max_items))
    clusters = [Cluster(id=i, name=draw(names), colour=draw(colours), description=draw(texts))
                for i in cl_ids]
    sh_ids = draw(_unique("sh", max_items + 2))
    people = [draw(stakeholders(i, cl_ids)) for i in sh_ids]

    relations: list[Relation] = []
    seen: set[tuple[str, str, str]] = set()
    if len(sh_ids) >= 2:
        for n in range(draw(st.integers(0, max_items))):
            a, b = draw(st.lists(st.sampled_from(sh_ids), min_size=2, max_size=2, unique=True))
            r = Relation(id=f"re{n}", source=a, target=b,
                         kind=draw(st.one_of(st.sampled_from(RELATION_KINDS), short)),
                         label=draw(short), directed=draw(st.booleans()),
                         strength=draw(st.integers(1, 3)), notes=draw(texts))
            if r.pair_key() not in seen:
                seen.add(r.pair_key())
                relations.append(r)

    pe_ids = draw(_unique("pe", max_items))
    iv_ids = draw(_unique("iv", max_items))
    some_sh = st.lists(st.sampled_from(sh_ids), unique=True, max_size=3) if sh_ids else st.just([])
    some_iv = st.lists(st.sampled_from(iv_ids), unique=True, max_size=3) if iv_ids else st.just([])
    some_pe = st.lists(st.sampled_from(pe_ids), unique=True, max_size=3) if pe_ids else st.just([])
    personas = [Persona(id=i, name=draw(names), archetype=draw(short),
                        avatar=draw(st.sampled_from(["", "🧑‍🔧", "AB", "👵"])), quote=draw(texts),
                        background=draw(texts), wishes=draw(items), needs=draw(items),
                        interests=draw(items), frustrations=draw(items), goals=draw(items),
                        contributions=draw(items), stakeholder_ids=draw(some_sh),
                        interview_ids=draw(some_iv))
                for i in pe_ids]
    interviews = [Interview(id=i, interviewee=draw(names), perspective=draw(short),
                            date=draw(st.none() | days), notes=draw(items), insights=draw(items),
                            quotes=draw(items), stakeholder_ids=draw(some_sh), persona_ids=draw(some_pe),
                            confidential=draw(st.booleans()))
                  for i in iv_ids]
    participants = [Participant(id=i, name=draw(names), function=draw(short), organisation=draw(short),
                                role=draw(st.sampled_from(ROLES)), present=draw(st.booleans()))
                    for i in draw(_unique("pa", max_items))]
    rounds = [Round(id=i, title=draw(short), prompt=draw(names), answers=draw(items))
              for i in draw(_unique("ro", max_items))]
    actions = [Action(id=i, action=draw(names), who=draw(short), when=draw(short),
                      status=draw(st.sampled_from(STATUSES)))
               for i in draw(_unique("ac", max_items))]
    history = [QuestionVersion(text=draw(texts), when=draw(moments), note=draw(short))
               for _ in range(draw(st.integers(0, 2)))]
    return Session(
        id=draw(ids), revision=draw(st.integers(0, 10**6)), created=draw(moments), updated=draw(moments),
        meta=Meta(title=draw(names), programme=draw(short),
                  event=Event(name=draw(short), date=draw(st.none() | days), location=draw(short)),
                  team=draw(short), carried_from=draw(st.none() | ids)),
        participants=participants, question=Question(text=draw(texts), history=history),
        stakeholders=people, relations=relations, clusters=clusters, personas=personas,
        interviews=interviews, rounds=rounds, actions=actions)
