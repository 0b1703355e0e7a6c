"""The facilitator's controls as operations: lock, timer, the round to answer, dot-voting, and
"bring everyone here". Like every change they go through the store, so each is one revision that
the live room pushes to every screen, and one undo step for whoever made it."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Literal

from pydantic import Field

from werkatelier.document import WerkatelierError
from werkatelier.model import (
    DOTS_DEFAULT,
    DOTS_RANGE,
    TIMER_MAX_S,
    Choice,
    Focus,
    FocusPage,
    Id,
    Round,
    Session,
    Timer,
    Vote,
    Voter,
    now,
)
from werkatelier.ops import NoChange, Operation
from werkatelier.said import Said, Word


def voter_key(token: str) -> str:
    """What a ballot is kept under: a hash of the browser's random token, never the token.

    >>> len(voter_key("abc")), voter_key("abc") == voter_key("abc"), voter_key("abc") == voter_key("abd")
    (16, True, False)
    """
    return hashlib.sha256(f"werkatelier-voter:{token}".encode()).hexdigest()[:16]


def answer_key(round_id: str, index: int) -> str:
    return f"{round_id}#{index}"


def current_round(doc: Session) -> Round | None:
    """The working round participants answer: the one the facilitator chose, else the last."""
    chosen = doc.room.round_id
    found = next((r for r in doc.rounds if r.id == chosen), None) if chosen else None
    return found or (doc.rounds[-1] if doc.rounds else None)


def _room(doc: Session, **changes: object) -> None:
    new = doc.room.model_copy(update=changes)
    if new == doc.room:
        raise NoChange
    doc.room = new


class SetLock(Operation):
    """Lock the map (participants look, the facilitator still edits), or open it again."""

    op = "set_lock"
    locked: bool

    def apply(self, doc: Session) -> str:
        _room(doc, locked=self.locked)
        return Said("said.locked") if self.locked else Said("said.unlocked")


class SetTimer(Operation):
    """The room's timer: start (``seconds``), pause, resume, one minute more, or stop."""

    op = "set_timer"
    action: Literal["start", "pause", "resume", "add_minute", "stop"]
    seconds: int | None = Field(default=None, ge=1, le=TIMER_MAX_S)
    sound: bool | None = None

    def apply(self, doc: Session) -> str:
        t, at = doc.room.timer, now()
        sound = t.sound if self.sound is None else self.sound
        if self.action == "start":
            if self.seconds is None:
                raise WerkatelierError("Say how long the timer runs")
            new = Timer(until=at + timedelta(seconds=self.seconds), left_s=self.seconds, sound=sound)
        elif self.action == "pause":
            if t.until is None:
                raise NoChange
            new = Timer(left_s=round(t.remaining(at)), sound=sound)
        elif self.action == "resume":
            if t.until is not None or t.left_s <= 0:
                raise NoChange
            new = Timer(until=at + timedelta(seconds=t.left_s), left_s=t.left_s, sound=sound)
        elif self.action == "add_minute":
            if t.until is not None:
                left = min(TIMER_MAX_S, t.remaining(at) + 60)
                new = Timer(until=at + timedelta(seconds=left), left_s=t.left_s, sound=sound)
            else:
                new = Timer(left_s=min(TIMER_MAX_S, t.left_s + 60), sound=sound)
        else:
            new = Timer(sound=sound)
        _room(doc, timer=new)
        return Said(f"said.timer_{self.action}")


class SetRoomRound(Operation):
    """The working round participants answer (None: the last one)."""

    op = "set_room_round"
    round_id: Id | None = None

    def apply(self, doc: Session) -> str:
        if self.round_id is not None and not any(r.id == self.round_id for r in doc.rounds):
            raise WerkatelierError(f"There is no round with id {self.round_id!r}")
        _room(doc, round_id=self.round_id)
        return Said("said.chose_round")


class OpenVote(Operation):
    """Start dot-voting on the map's post-its or on the current round's answers.

    The choices are taken as they are now; confidential post-its are never among them. A vote
    that was running is replaced (its results stay in the history).
    """

    op = "open_vote"
    on: Literal["stakeholders", "answers"]
    dots: int = Field(default=DOTS_DEFAULT, ge=DOTS_RANGE[0], le=DOTS_RANGE[1])
    round_id: Id | None = None

    def apply(self, doc: Session) -> str:
        if self.on == "stakeholders":
            choices = [Choice(key=s.id, label=s.name) for s in doc.stakeholders if not s.confidential]
            round_id = None
        else:
            chosen = (r for r in doc.rounds if r.id == self.round_id)
            r = next(chosen, None) if self.round_id else current_round(doc)
            if r is None:
                raise WerkatelierError("There is no working round to vote on")
            choices = [Choice(key=answer_key(r.id, i), label=a) for i, a in enumerate(r.answers)]
            round_id = r.id
        if not choices:
            raise WerkatelierError("There is nothing to vote on yet")
        _room(doc, vote=Vote(on=self.on, round_id=round_id, dots=self.dots, choices=choices))
        return Said("said.vote_opened", dots=self.dots)


def _vote(doc: Session) -> Vote:
    if doc.room.vote is None:
        raise WerkatelierError("There is no vote")
    return doc.room.vote


class CastVote(Operation):
    """One dot on a choice (``add``), or one taken back, by one anonymous voter."""

    op = "cast_vote"
    voter: Voter
    key: str = Field(max_length=80)
    add: bool = True

    def apply(self, doc: Session) -> str:
        vote = _vote(doc)
        if not vote.open:
            raise WerkatelierError("The vote is closed")
        if not any(c.key == self.key for c in vote.choices):
            raise WerkatelierError("The vote is not on that")
        ballot = list(vote.ballots.get(self.voter, []))
        if self.add:
            if len(ballot) >= vote.dots:
                raise WerkatelierError(f"All {vote.dots} dots are used")
            ballot.append(self.key)
        else:
            if self.key not in ballot:
                raise NoChange
            ballot.remove(self.key)
        ballots = {**vote.ballots, self.voter: ballot}
        if not ballot:
            del ballots[self.voter]
        _room(doc, vote=vote.model_copy(update={"ballots": ballots}))
        return Said("said.dot_put") if self.add else Said("said.dot_back")


class SetVote(Operation):
    """Reveal or hide the results, close or reopen the vote, or clear it away."""

    op = "set_vote"
    action: Literal["reveal", "hide", "close", "reopen", "clear"]

    def apply(self, doc: Session) -> str:
        vote = _vote(doc)
        if self.action == "clear":
            _room(doc, vote=None)
        else:
            field, value = {"reveal": ("revealed", True), "hide": ("revealed", False),
                            "close": ("open", False), "reopen": ("open", True)}[self.action]
            _room(doc, vote=vote.model_copy(update={field: value}))
        return Said(f"said.vote_{self.action}")


class BringEveryone(Operation):
    """Send every participant's screen to ``page`` (the map: to the facilitator's view too)."""

    op = "bring_everyone"
    page: FocusPage

    def apply(self, doc: Session) -> str:
        token = (doc.room.focus.token if doc.room.focus else 0) + 1
        _room(doc, focus=Focus(page=self.page, token=token))
        return Said("said.brought", page=Word(f"said.focus.{self.page}"))
