"""What a participant may do and see, checked on the server: one home for the room's roles.

The facilitator may do everything. A participant joined one session with its code and may add
post-its and round answers, move and edit post-its while the map is not locked, and vote; the
rest (delete, import, export, restore, carry forward, other sessions, clusters, settings,
confidential items) is refused here, whatever the page or a forged widget message asked.
:class:`ParticipantStore` is the store a participant's browser gets: every read is a
:func:`participant_view`, every write is checked by :func:`refusal` first.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from werkatelier import privacy
from werkatelier.document import WerkatelierError
from werkatelier.model import Session
from werkatelier.ops import AddAnswers, AddStakeholder, Batch, MoveStakeholders, Operation, UpdateStakeholder
from werkatelier.roomops import CastVote, current_round
from werkatelier.store import RevisionInfo, SessionSummary, Store, StoredRevision, summarise

LOG = logging.getLogger("werkatelier.room")

#: The fields of a post-it a participant may change (never its cluster or confidentiality).
EDITABLE = frozenset({"name", "organisation", "kind", "capacity", "contact_for", "notes", "tags", "x", "y"})


class Refused(WerkatelierError):
    """A participant asked for what only the facilitator may do. ``key`` names why (``room.refused.*``)."""

    def __init__(self, key: str, what: str = "") -> None:
        super().__init__(f"Not for participants: {what or key}")
        self.key = key


def refusal_key(error: Exception) -> str | None:
    """The ``room.refused.*`` words for an error that is a room's refusal, None for any other."""
    return error.key if isinstance(error, Refused) else None


def _hidden(doc: Session) -> set[str]:
    return {s.id for s in doc.stakeholders if s.confidential}


def refusal(op: Operation, doc: Session, *, voter: str | None) -> str | None:
    """Why a participant may not apply ``op`` to ``doc`` (a ``room.refused.*`` key), None when they may.

    ``voter`` is the participant's own voter key: a ballot is only ever their own.
    """
    if isinstance(op, Batch):
        return next((r for step in op.operations if (r := refusal(step, doc, voter=voter))), None)
    locked = doc.room.locked
    hidden = _hidden(doc)
    if isinstance(op, AddStakeholder):
        s = op.stakeholder
        if locked:
            return "room.refused.locked"
        return "room.refused.confidential" if s.confidential else None
    if isinstance(op, MoveStakeholders | UpdateStakeholder):
        if locked:
            return "room.refused.locked"
        ids = op.positions if isinstance(op, MoveStakeholders) else [op.id]
        if any(i in hidden or doc.stakeholder(i) is None for i in ids):
            return "room.refused.not_yours"
        if isinstance(op, UpdateStakeholder) and not set(op.changes) <= EDITABLE:
            return "room.refused.facilitator_only"
        return None
    if isinstance(op, AddAnswers):
        now = current_round(doc)
        return None if now is not None and op.round_id == now.id else "room.refused.not_this_round"
    if isinstance(op, CastVote):
        return None if voter is not None and op.voter == voter else "room.refused.not_yours"
    return "room.refused.facilitator_only"


def participant_view(doc: Session, *, voter: str | None) -> Session:
    """What a participant's browser receives of ``doc``: the public view (no confidential item,
    ever), with only the map, the personas, the current round, the timer and the vote; of an
    unrevealed vote only the participant's own dots."""
    public = privacy.public_view(doc)
    now = current_round(public)
    room = public.room
    vote = room.vote
    if vote is not None and not vote.revealed:
        own = {voter: vote.ballots[voter]} if voter in vote.ballots else {}
        room = room.model_copy(update={"vote": vote.model_copy(update={"ballots": own})})
    return public.model_copy(update={
        "participants": [], "interviews": [], "actions": [],
        "personas": [p.model_copy(update={"interview_ids": []}) for p in public.personas],
        "rounds": [now] if now is not None else [],
        "room": room.model_copy(update={"round_id": now.id if now is not None else None}),
    })


class ParticipantStore(Store):
    """The store as one participant of one session may use it."""

    def __init__(self, store: Store, session_id: str, *, voter: str | None, who: str = "",
                 check: Callable[[], bool] | None = None) -> None:
        self.inner, self.session_id, self.voter, self.who = store, session_id, voter, who
        self.check = check

    def _refuse(self, key: str, what: str) -> Refused:
        LOG.warning("refused for a participant of %s (%s): %s", self.session_id, self.who or "?", what)
        return Refused(key, what)

    def _own(self, session_id: str) -> None:
        if self.check is not None and not self.check():
            raise Refused("room.refused.code_gone", "an old join code")
        if session_id != self.session_id:
            raise self._refuse("room.refused.other_session", f"session {session_id!r}")

    def get(self, session_id: str) -> Session:
        self._own(session_id)
        return participant_view(self.inner.get(session_id), voter=self.voter)

    def apply(self, session_id: str, op: Operation) -> Session:
        self._own(session_id)
        why = refusal(op, self.inner.get(session_id), voter=self.voter)
        if why:
            raise self._refuse(why, op.op)
        # The check and the write are two steps: a lock set in between is honoured by the next one.
        return participant_view(self.inner.apply(session_id, op), voter=self.voter)

    def list(self) -> list[SessionSummary]:
        return [summarise(self.get(self.session_id))]

    def damaged(self) -> dict[str, str]:
        return {}

    def ping(self) -> None:
        """The store's own check that it can be reached (the database away: StoreUnavailable)."""
        ping = getattr(self.inner, "ping", None)
        if ping is not None:
            ping()

    # --- everything else is the facilitator's -------------------------------------------------------

    def create(self, title: str, **meta: object) -> Session:
        raise self._refuse("room.refused.facilitator_only", "create")

    def add(self, doc: Session | Mapping[str, Any], *, keep_id: bool = False, op: str = "add",
            summary: str | None = None) -> Session:
        raise self._refuse("room.refused.facilitator_only", "import")

    def history(self, session_id: str) -> list[RevisionInfo]:
        raise self._refuse("room.refused.facilitator_only", "history")

    def get_revision(self, session_id: str, revision: int) -> Session:
        raise self._refuse("room.refused.facilitator_only", "revision")

    def restore(self, session_id: str, revision: int) -> Session:
        raise self._refuse("room.refused.facilitator_only", "restore")

    def delete(self, session_id: str) -> None:
        raise self._refuse("room.refused.facilitator_only", "delete")

    def export(self, session_id: str) -> Iterator[StoredRevision]:
        raise self._refuse("room.refused.facilitator_only", "export")

    def add_history(self, session_id: str, revisions: Iterable[StoredRevision]) -> int:
        raise self._refuse("room.refused.facilitator_only", "copy")

    def empty_trash(self) -> int:
        raise self._refuse("room.refused.facilitator_only", "empty trash")

    def read_setting(self, name: str) -> str | None:
        raise self._refuse("room.refused.facilitator_only", "settings")

    def write_setting(self, name: str, value: str) -> None:
        raise self._refuse("room.refused.facilitator_only", "settings")

    @property
    def location(self) -> str:
        return ""

    @property
    def trash_location(self) -> str:
        return ""
