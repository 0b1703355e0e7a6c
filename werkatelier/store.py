"""Where sessions live: the Store interface and FileStore, its embedded default."""

from __future__ import annotations

import abc
import os
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from werkatelier.model import Event, Session
from werkatelier.ops import Operation

ENV_DATA_DIR = "WERKATELIER_DATA_DIR"


def data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir if given, else $WERKATELIER_DATA_DIR, else ./sessions."""
    chosen = option or os.environ.get(ENV_DATA_DIR) or "sessions"
    return Path(chosen).expanduser().resolve()


@dataclass(frozen=True)
class SessionSummary:
    id: str
    title: str
    programme: str
    event: str
    event_date: date | None
    team: str
    updated: datetime
    revision: int
    counts: dict[str, int] = field(default_factory=dict)
    carried_from: str | None = None


@dataclass(frozen=True)
class RevisionInfo:
    revision: int
    when: datetime
    op: str
    summary: str
    #: How many items the operation added, removed or changed.
    changed: int


class Store(abc.ABC):
    """Every read and write of sessions goes through here, so another backend can replace it."""

    @abc.abstractmethod
    def create(self, title: str, **meta: object) -> Session: ...

    @abc.abstractmethod
    def add(self, doc: Session, *, keep_id: bool = False) -> Session:
        """Store a whole document as a new session (an import, a demo); a fresh id unless keep_id."""

    @abc.abstractmethod
    def list(self) -> list[SessionSummary]: ...

    @abc.abstractmethod
    def get(self, session_id: str) -> Session: ...

    @abc.abstractmethod
    def apply(self, session_id: str, op: Operation) -> Session:
        """Apply op to the latest revision under the session's lock; the new revision."""

    @abc.abstractmethod
    def history(self, session_id: str) -> list[RevisionInfo]: ...

    @abc.abstractmethod
    def get_revision(self, session_id: str, revision: int) -> Session: ...

    @abc.abstractmethod
    def restore(self, session_id: str, revision: int) -> Session:
        """Make an old revision current again, as a new revision."""

    @abc.abstractmethod
    def delete(self, session_id: str) -> None:
        """Move the session to the trash folder."""

    @abc.abstractmethod
    def carry_forward(self, session_id: str, *, title: str | None = None,
                      event: Event | None = None) -> Session:
        """A new session for the next workshop: same map, clusters and personas, new event."""
