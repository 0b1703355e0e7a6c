"""The session document: pydantic models for one workshop session of one team."""

from __future__ import annotations

import math
import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from datetime import date as Date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

SCHEMA_VERSION = 2

# The one home of every limit and range: the fields below, pages, components, importers and
# the CLI all read these names, so a widget never allows what the model refuses.

#: A name or other short field (a post-it's name, organisation, capacity, a tag, a title).
NAME_MAX = 200
#: Free text caps: generous for a workshop, small enough that a pasted novel is refused.
TEXT_MAX = 10_000
#: One line of a list (a wish, an insight, an action).
ITEM_MAX = 1_000
#: An avatar: an emoji or initials.
AVATAR_MAX = 8
#: Generated ids (and ids an import may carry): a letter or digit, then up to 63 more.
ID_MAX = 64
ID_PATTERN = rf"^[A-Za-z0-9][A-Za-z0-9_-]{{0,{ID_MAX - 1}}}$"
COLOUR_PATTERN = r"^#[0-9a-fA-F]{6}$"
#: Scores as (lowest, highest), both included, and what a new post-it or relation gets.
INFLUENCE_RANGE: tuple[int, int] = (1, 5)
INTEREST_RANGE: tuple[int, int] = (1, 5)
ATTITUDE_RANGE: tuple[int, int] = (-2, 2)
STRENGTH_RANGE: tuple[int, int] = (1, 3)
INFLUENCE_DEFAULT = 3
INTEREST_DEFAULT = 3
ATTITUDE_DEFAULT = 0
STRENGTH_DEFAULT = 2
#: The most stakeholders and relations one session holds when an import brings them; an import
#: that would go beyond is refused before the file is read in full. Together with the store's
#: byte limit (document.MAX_DOCUMENT_BYTES) they keep every session one the store reads back.
MAX_STAKEHOLDERS = 10_000
MAX_RELATIONS = 30_000
#: Dot-voting: how many dots each voter gets, as (fewest, most), and by default.
DOTS_RANGE: tuple[int, int] = (1, 10)
DOTS_DEFAULT = 3
#: The room's timer: its longest run, and the length a start offers by default.
TIMER_MAX_S = 4 * 60 * 60
TIMER_DEFAULT_S = 5 * 60
#: An anonymous voter: a hash of a random token the browser keeps, never a name.
VOTER_PATTERN = r"^[0-9a-f]{16}$"

#: No text holds a C0 control character but tab and newline (a NUL in a name breaks exports and
#: terminals); refused, so a caller of the API learns it, while importers strip them with a note
#: and reading a stored session strips them (document.from_data), so older files still open.
TEXT_PATTERN = r"^[^\x00-\x08\x0b-\x1f]*$"
#: A name needs one character that shows: zero-width spaces, joiners and a BOM alone are empty.
NAME_PATTERN = (r"^[^\x00-\x08\x0b-\x1f]*"
                "[^\\x00-\\x08\\x0b-\\x1f\\s\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]"
                r"[^\x00-\x08\x0b-\x1f]*$")

Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX,
                                        pattern=NAME_PATTERN)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, max_length=NAME_MAX, pattern=TEXT_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=TEXT_MAX, pattern=TEXT_PATTERN)]
Item = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=ITEM_MAX,
                                        pattern=NAME_PATTERN)]
Colour = Annotated[str, StringConstraints(pattern=COLOUR_PATTERN)]


def score_values(bounds: tuple[int, int]) -> list[int]:
    """Every score a range allows, for sliders and pickers.

    >>> score_values(ATTITUDE_RANGE)
    [-2, -1, 0, 1, 2]
    """
    return list(range(bounds[0], bounds[1] + 1))

Kind = Literal["person", "organisation", "group"]
Role = Literal["member", "moderator", "question_owner", "observer", "guest"]
Status = Literal["open", "doing", "done"]

KINDS: tuple[str, ...] = ("person", "organisation", "group")
ROLES: tuple[str, ...] = ("member", "moderator", "question_owner", "observer", "guest")
STATUSES: tuple[str, ...] = ("open", "doing", "done")
#: Suggestions offered for a relation's free-text kind.
RELATION_KINDS: tuple[str, ...] = (
    "werkt samen met",
    "financiert",
    "informeert",
    "verwijst naar",
    "heeft invloed op",
    "conflict met",
)


def new_id(prefix: str) -> str:
    """A fresh random id such as ``sh_3f9a1c2b7d4e``; never derived from user text."""
    return f"{prefix}_{secrets.token_hex(6)}"


def now() -> datetime:
    return datetime.now(UTC)


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Event(Base):
    name: Short = ""
    date: Date | None = None
    location: Short = ""


class Meta(Base):
    title: Name
    programme: Short = ""
    event: Event = Field(default_factory=Event)
    team: Short = ""
    #: The session this one was carried forward from, if any.
    carried_from: Id | None = None


class Participant(Base):
    id: Id = Field(default_factory=lambda: new_id("pa"))
    name: Name
    function: Short = ""
    organisation: Short = ""
    role: Role = "member"
    present: bool = True


class QuestionVersion(Base):
    text: Text
    when: datetime
    note: Short = ""


class Question(Base):
    text: Text = ""
    history: list[QuestionVersion] = Field(default_factory=list)


class Stakeholder(Base):
    id: Id = Field(default_factory=lambda: new_id("sh"))
    name: Name
    organisation: Short = ""
    kind: Kind = "organisation"
    #: Hoedanigheid: the stakeholder's role in the question.
    capacity: Short = ""
    #: What to contact them for (the referral index's "waarvoor").
    contact_for: Short = ""
    cluster: Id | None = None
    influence: int = Field(default=INFLUENCE_DEFAULT, ge=INFLUENCE_RANGE[0], le=INFLUENCE_RANGE[1])
    interest: int = Field(default=INTEREST_DEFAULT, ge=INTEREST_RANGE[0], le=INTEREST_RANGE[1])
    attitude: int = Field(default=ATTITUDE_DEFAULT, ge=ATTITUDE_RANGE[0], le=ATTITUDE_RANGE[1])
    tags: list[Short] = Field(default_factory=list)
    notes: Text = ""
    confidential: bool = False
    #: Position on the canvas; both absent until the post-it is placed.
    x: float | None = None
    y: float | None = None

    @field_validator("x", "y")
    @classmethod
    def _finite(cls, v: float | None) -> float | None:
        if v is not None and not math.isfinite(v):
            raise ValueError("a position must be a finite number")
        return v

    @model_validator(mode="after")
    def _both_or_neither(self) -> Stakeholder:
        if (self.x is None) != (self.y is None):
            raise ValueError("a position needs both x and y, or neither")
        return self

    @property
    def placed(self) -> bool:
        return self.x is not None


class Relation(Base):
    id: Id = Field(default_factory=lambda: new_id("re"))
    source: Id
    target: Id
    kind: Short = ""
    label: Short = ""
    directed: bool = False
    strength: int = Field(default=STRENGTH_DEFAULT, ge=STRENGTH_RANGE[0], le=STRENGTH_RANGE[1])
    notes: Text = ""

    @model_validator(mode="after")
    def _not_to_itself(self) -> Relation:
        if self.source == self.target:
            raise ValueError("a relation needs two different stakeholders")
        return self

    def pair_key(self) -> tuple[str, str, str]:
        """What makes two relations the same: the pair (ordered if directed) and the kind."""
        a, b = (self.source, self.target) if self.directed else sorted((self.source, self.target))
        return a, b, self.kind.casefold()


class Cluster(Base):
    id: Id = Field(default_factory=lambda: new_id("cl"))
    name: Name
    colour: Colour = "#0072b2"
    description: Text = ""


class Persona(Base):
    id: Id = Field(default_factory=lambda: new_id("pe"))
    name: Name
    archetype: Short = ""
    #: An emoji or initials.
    avatar: Annotated[str, StringConstraints(strip_whitespace=True, max_length=AVATAR_MAX,
                                             pattern=TEXT_PATTERN)] = ""
    quote: Text = ""
    background: Text = ""
    wishes: list[Item] = Field(default_factory=list)
    needs: list[Item] = Field(default_factory=list)
    interests: list[Item] = Field(default_factory=list)
    frustrations: list[Item] = Field(default_factory=list)
    goals: list[Item] = Field(default_factory=list)
    contributions: list[Item] = Field(default_factory=list)
    stakeholder_ids: list[Id] = Field(default_factory=list)
    interview_ids: list[Id] = Field(default_factory=list)


class Interview(Base):
    id: Id = Field(default_factory=lambda: new_id("iv"))
    #: The interviewee's role, never their name.
    interviewee: Name
    perspective: Short = ""
    date: Date | None = None
    notes: list[Item] = Field(default_factory=list)
    insights: list[Item] = Field(default_factory=list)
    quotes: list[Item] = Field(default_factory=list)
    stakeholder_ids: list[Id] = Field(default_factory=list)
    persona_ids: list[Id] = Field(default_factory=list)
    confidential: bool = False


class Round(Base):
    """A working round (werkronde): a prompt and its post-it answers."""

    id: Id = Field(default_factory=lambda: new_id("ro"))
    title: Short = ""
    prompt: Item
    answers: list[Item] = Field(default_factory=list)


class Action(Base):
    id: Id = Field(default_factory=lambda: new_id("ac"))
    action: Item
    who: Short = ""
    #: Free text as the room says it ("eind juni", "2019-02-07").
    when: Short = ""
    status: Status = "open"


# --- the live room: what the facilitator runs for everyone --------------------------------------

#: The places "bring everyone here" can send participants to.
FOCUS_PAGES: tuple[str, ...] = ("map", "round", "personas", "vote")
FocusPage = Literal["map", "round", "personas", "vote"]
Voter = Annotated[str, StringConstraints(pattern=VOTER_PATTERN)]


class Timer(Base):
    """A timer everyone sees: running until ``until``, or paused (or set) with ``left_s`` to go."""

    until: datetime | None = None
    left_s: int = Field(default=0, ge=0, le=TIMER_MAX_S)
    #: A short tone on every screen when it runs out.
    sound: bool = False

    def remaining(self, at: datetime | None = None) -> float:
        """Seconds left at ``at`` (now): never below 0."""
        if self.until is None:
            return float(self.left_s)
        return max(0.0, (self.until - (at or now())).total_seconds())


class Choice(Base):
    """One thing a vote is on: a post-it (its id) or a round answer (its place), with its words."""

    key: Annotated[str, StringConstraints(max_length=ID_MAX + 8, pattern=r"^[A-Za-z0-9_#-]+$")]
    label: Item


class Vote(Base):
    """Dot-voting: every voter has ``dots`` dots to spread over the choices (two on one is fine).

    Anonymous: a ballot is kept under a hash of a random token of the voter's browser. Hidden
    until the facilitator reveals it; kept in the session after it closes.
    """

    id: Id = Field(default_factory=lambda: new_id("vo"))
    on: Literal["stakeholders", "answers"]
    round_id: Id | None = None
    dots: int = Field(default=DOTS_DEFAULT, ge=DOTS_RANGE[0], le=DOTS_RANGE[1])
    choices: list[Choice] = Field(default_factory=list, max_length=MAX_STAKEHOLDERS)
    open: bool = True
    revealed: bool = False
    ballots: dict[Voter, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _ballots_fit(self) -> Vote:
        keys = {c.key for c in self.choices}
        for ballot in self.ballots.values():
            if len(ballot) > self.dots:
                raise ValueError(f"a ballot holds more than {self.dots} dots")
            if any(k not in keys for k in ballot):
                raise ValueError("a ballot names something the vote is not on")
        return self

    def tally(self) -> list[tuple[Choice, int]]:
        """The choices with their dots, most first (ties in the vote's order)."""
        counts = {c.key: 0 for c in self.choices}
        for ballot in self.ballots.values():
            for k in ballot:
                counts[k] += 1
        order = {c.key: i for i, c in enumerate(self.choices)}
        return sorted(((c, counts[c.key]) for c in self.choices), key=lambda p: (-p[1], order[p[0].key]))


class Focus(Base):
    """"Bring everyone here": the place the facilitator called everyone to; ``token`` counts the calls."""

    page: FocusPage
    token: int = Field(default=0, ge=0)


class Room(Base):
    """What the facilitator runs for the whole room, pushed to every screen like any change."""

    #: Participants may look but not change the map; the facilitator still edits.
    locked: bool = False
    timer: Timer = Field(default_factory=Timer)
    #: The working round participants answer; None: the last one.
    round_id: Id | None = None
    vote: Vote | None = None
    focus: Focus | None = None


class Session(Base):
    schema_version: Literal[2] = SCHEMA_VERSION
    id: Id = Field(default_factory=lambda: new_id("s"))
    revision: int = Field(default=0, ge=0)
    created: datetime = Field(default_factory=now)
    updated: datetime = Field(default_factory=now)
    meta: Meta
    participants: list[Participant] = Field(default_factory=list)
    question: Question = Field(default_factory=Question)
    stakeholders: list[Stakeholder] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    clusters: list[Cluster] = Field(default_factory=list)
    personas: list[Persona] = Field(default_factory=list)
    interviews: list[Interview] = Field(default_factory=list)
    rounds: list[Round] = Field(default_factory=list)
    actions: list[Action] = Field(default_factory=list)
    room: Room = Field(default_factory=Room)

    @model_validator(mode="after")
    def _integrity(self) -> Session:
        problems = integrity_problems(self)
        if problems:
            raise ValueError("; ".join(problems[:5]))
        return self

    # Lookups used by operations and renderers.
    def stakeholder(self, sid: str) -> Stakeholder | None:
        return next((s for s in self.stakeholders if s.id == sid), None)

    def cluster(self, cid: str) -> Cluster | None:
        return next((c for c in self.clusters if c.id == cid), None)


PARTS: tuple[str, ...] = (
    "participants",
    "stakeholders",
    "relations",
    "clusters",
    "personas",
    "interviews",
    "rounds",
    "actions",
)


def _duplicates(ids: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    dups: list[str] = []
    for i in ids:
        if i in seen:
            dups.append(i)
        seen.add(i)
    return dups


def integrity_problems(doc: Session) -> list[str]:
    """Every broken rule that spans parts of a session, as readable sentences; [] when sound.

    The one place for unique ids, references that must point at something,
    and no second relation of the same kind between the same pair. Linear in
    the size of the session, so the store can run it after every operation.
    """
    problems: list[str] = []
    for part in PARTS:
        for dup in _duplicates(item.id for item in getattr(doc, part)):
            problems.append(f"{part}: the id {dup!r} is used twice")
    sh = {s.id for s in doc.stakeholders}
    cl = {c.id for c in doc.clusters}
    pe = {p.id for p in doc.personas}
    iv = {i.id for i in doc.interviews}
    for s in doc.stakeholders:
        if s.cluster is not None and s.cluster not in cl:
            problems.append(f"stakeholder {s.name!r} is in cluster {s.cluster!r}, which does not exist")
    seen_pairs: set[tuple[str, str, str]] = set()
    for r in doc.relations:
        for end in (r.source, r.target):
            if end not in sh:
                problems.append(f"relation {r.id!r} points at stakeholder {end!r}, which does not exist")
        key = r.pair_key()
        if key in seen_pairs:
            problems.append(
                f"relation {r.id!r}: there is already a relation of kind {r.kind!r} "
                "between these two stakeholders"
            )
        seen_pairs.add(key)
    for p in doc.personas:
        problems += [f"persona {p.name!r} links stakeholder {i!r}, which does not exist"
                     for i in p.stakeholder_ids if i not in sh]
        problems += [f"persona {p.name!r} links interview {i!r}, which does not exist"
                     for i in p.interview_ids if i not in iv]
    for v in doc.interviews:
        problems += [f"interview {v.interviewee!r} links stakeholder {i!r}, which does not exist"
                     for i in v.stakeholder_ids if i not in sh]
        problems += [f"interview {v.interviewee!r} links persona {i!r}, which does not exist"
                     for i in v.persona_ids if i not in pe]
    if doc.room.round_id is not None and doc.room.round_id not in {r.id for r in doc.rounds}:
        problems.append(f"the room's round {doc.room.round_id!r} does not exist")
    return problems
