"""Where sessions live: the Store interface, and the rules every implementation of it shares."""

from __future__ import annotations

import abc
import json
import operator
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from werkatelier.document import PART_MODELS, WerkatelierError, explain
from werkatelier.model import PARTS, Id, Meta, Question, Session, integrity_problems, now
from werkatelier.ops import Operation

if TYPE_CHECKING:
    from werkatelier.filestore import FileStore

__all__ = ["ENV_DATA_DIR", "FileStore", "RevisionInfo", "SessionSummary", "Store", "data_dir", "open_store"]

ENV_DATA_DIR = "WERKATELIER_DATA_DIR"
#: History keeps an operation's arguments only up to this size; the snapshots are the truth.
MAX_ARGS_CHARS = 20_000


def data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir if given, else $WERKATELIER_DATA_DIR, else ./sessions."""
    chosen = option or os.environ.get(ENV_DATA_DIR) or "sessions"
    return Path(chosen).expanduser().resolve()


def open_store(root: str | os.PathLike[str]) -> Store:
    """The store for a data dir: the one place the app and the CLI pick a backend."""
    from werkatelier.filestore import FileStore

    return FileStore(Path(root))


def __getattr__(name: str) -> Any:
    # The file store, the embedded default, is importable from here as the README shows; loaded
    # on first use, since it builds on this module.
    if name == "FileStore":
        from werkatelier.filestore import FileStore
        return FileStore
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
    """Every read and write of sessions goes through here: the file store and PostgreSQL implement it.

    Sessions handed out are snapshots: change a session only through ``apply``. Rules that span
    sessions (carrying a map forward) are functions over this interface, not methods of a store.
    """

    def create(self, title: str, **meta: object) -> Session:
        """A new, empty session; meta may hold programme, event and team."""
        try:
            m = Meta.model_validate({"title": title, **meta})
        except ValidationError as e:
            raise WerkatelierError("This session description is not valid", explain(e)) from None
        return self.add(Session(meta=m), op="create", summary=f"Created session {m.title!r}")

    @abc.abstractmethod
    def add(self, doc: Session | Mapping[str, Any], *, keep_id: bool = False, op: str = "add",
            summary: str | None = None) -> Session:
        """Store a whole document (or its parsed JSON), validated in full, as a new session.

        A fresh id unless keep_id. Its first revision is recorded in history as ``op`` with
        ``summary`` (by default: "Stored session 'title'"), so an import, a demo and a
        carried-forward map each say where they came from.
        """

    @abc.abstractmethod
    def list(self) -> list[SessionSummary]:
        """Every readable session, most recently changed first (see :meth:`damaged` for the rest)."""

    @abc.abstractmethod
    def damaged(self) -> dict[str, str]:
        """Sessions that exist but cannot be read, with why; ``restore`` an older revision."""

    @abc.abstractmethod
    def get(self, session_id: str) -> Session: ...

    @abc.abstractmethod
    def apply(self, session_id: str, op: Operation) -> Session:
        """Apply op to the latest revision under the session's lock; the new revision.

        When op finds nothing to change, no revision is made and the current one comes back.
        """

    @abc.abstractmethod
    def history(self, session_id: str) -> list[RevisionInfo]:
        """One line per revision, oldest first; a revision whose line was lost shows op 'unknown'."""

    @abc.abstractmethod
    def get_revision(self, session_id: str, revision: int) -> Session: ...

    @abc.abstractmethod
    def restore(self, session_id: str, revision: int) -> Session:
        """Make an old revision current again, as a new revision; works on a damaged session too."""

    @abc.abstractmethod
    def delete(self, session_id: str) -> None:
        """Move the session to the trash (see :attr:`trash_location`)."""

    @property
    @abc.abstractmethod
    def location(self) -> str:
        """Where the sessions are kept, in words a facilitator can act on: a folder, a database."""

    @property
    @abc.abstractmethod
    def trash_location(self) -> str:
        """Where :meth:`delete` puts a session, in the same words: where to get it back from."""


# --- rules every implementation shares ------------------------------------------------------------

_ID = TypeAdapter(Id)


def valid_id(value: object) -> bool:
    """Whether value is a session id the model accepts: the only kind a store may look up."""
    if not isinstance(value, str):
        return False
    try:
        _ID.validate_python(value)
    except ValidationError:
        return False
    return True


def clone(doc: Session) -> Session:
    """A copy with fresh lists but shared items: O(items) pointer copies, no validation."""
    new = doc.model_copy()
    for part in PARTS:
        setattr(new, part, list(getattr(doc, part)))
    return new


def next_revision(current: Session, op: Operation) -> tuple[Session, str, int]:
    """op applied to a copy of current: the next revision, op's summary and the items it changed.

    Call it holding the session's lock. Raises ops.NoChange when op finds nothing to change
    and WerkatelierError when the result is refused; after any exception, current may share
    items op touched, so read it again before using it.
    """
    if not isinstance(op, Operation):
        raise TypeError(f"apply needs an Operation, not {type(op).__name__}")
    work = clone(current)
    summary = op.apply(work)
    changed = settle(current, work)
    if work.id != current.id:
        raise WerkatelierError("An operation cannot change a session's id")
    problems = integrity_problems(work)
    if problems:
        raise WerkatelierError("This change was refused", problems)
    work.revision = current.revision + 1
    work.updated = now()
    return work, summary, changed


def _revalidated(item: Any, model: type[BaseModel], part: str) -> BaseModel:
    data = item.model_dump() if isinstance(item, BaseModel) else item
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise WerkatelierError(f"This change was refused: a new item in {part} is not valid",
                               explain(e)) from None


def settle(old: Session, new: Session) -> int:
    """Validate what an operation added or replaced in new, and count the changed items.

    Only items that are not the very objects of the old revision are validated, so the
    cost follows the change, not the size of the map.
    """
    changed = 0
    for part in PARTS:
        before, after = getattr(old, part), getattr(new, part)
        if len(before) == len(after) and all(map(operator.is_, before, after)):
            continue
        known = {id(item) for item in before}
        model = PART_MODELS[part]
        for i, item in enumerate(after):
            if id(item) not in known:
                after[i] = _revalidated(item, model, part)
                changed += 1
        changed += len({item.id for item in before} - {item.id for item in after})
    for part, model in (("meta", Meta), ("question", Question)):
        value = getattr(new, part)
        if value is not getattr(old, part):
            setattr(new, part, _revalidated(value, model, part))
            changed += value != getattr(old, part)
    return changed


def difference(a: Session, b: Session) -> int:
    """How many items differ between two revisions, compared by id and content."""
    changed = int(a.meta != b.meta) + int(a.question != b.question)
    for part in PARTS:
        before = {item.id: item for item in getattr(a, part)}
        after = {item.id: item for item in getattr(b, part)}
        changed += len(before.keys() ^ after.keys())
        changed += sum(1 for i, item in after.items() if i in before and before[i] != item)
    return changed


def summarise(doc: Session) -> SessionSummary:
    m = doc.meta
    return SessionSummary(
        id=doc.id, title=m.title, programme=m.programme, event=m.event.name,
        event_date=m.event.date, team=m.team, updated=doc.updated, revision=doc.revision,
        counts={part: len(getattr(doc, part)) for part in PARTS}, carried_from=m.carried_from)


def recorded_args(op: Operation) -> dict[str, Any] | None:
    """The arguments history keeps for op: None when there are none or they are too large."""
    args = op.record().get("args")
    if args is None or len(json.dumps(args, ensure_ascii=False, sort_keys=True)) > MAX_ARGS_CHARS:
        return None
    return args
