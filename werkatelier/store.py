"""Where sessions live: the Store interface, and the rules every implementation of it shares."""

from __future__ import annotations

import abc
import json
import operator
import os
import re
import warnings
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from werkatelier import document
from werkatelier.document import PART_MODELS, WerkatelierError, explain
from werkatelier.model import PARTS, Id, Meta, Question, Session, integrity_problems, now
from werkatelier.ops import Operation
from werkatelier.said import Said

if TYPE_CHECKING:
    from werkatelier.filestore import FileStore

__all__ = ["ENV_DATA_DIR", "ENV_STORE", "FileStore", "RevisionInfo", "SessionSummary", "Store",
           "StoreUnavailable", "StoredRevision", "data_dir", "is_database_url", "open_store", "store_target"]

ENV_DATA_DIR = "WERKATELIER_DATA_DIR"
#: A data dir or a postgresql:// URL: where sessions live, for the app and every command.
ENV_STORE = "WERKATELIER_STORE"
DATABASE_SCHEMES = ("postgresql://", "postgres://")
#: History keeps an operation's arguments only up to this size; the snapshots are the truth.
MAX_ARGS_CHARS = 20_000


def data_dir(option: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir if given, else $WERKATELIER_DATA_DIR, else ./sessions."""
    chosen = option or os.environ.get(ENV_DATA_DIR) or "sessions"
    return Path(chosen).expanduser().resolve()


def is_database_url(target: object) -> bool:
    """Whether a store target names a PostgreSQL database rather than a folder.

    >>> is_database_url("postgresql://db.example/werkatelier"), is_database_url("sessions")
    (True, False)
    """
    return isinstance(target, str) and target.lower().startswith(DATABASE_SCHEMES)


def store_target(store_option: str | None = None, data_dir_option: str | os.PathLike[str] | None = None
                 ) -> str | Path:
    """Where sessions live: --store, else --data-dir, else $WERKATELIER_STORE, else the data dir default.

    A URL comes back as given (it may hold a password: show it only through the store's
    ``location``); anything else is a folder, resolved as :func:`data_dir` resolves it.
    """
    if store_option and data_dir_option:
        raise WerkatelierError("Give --store or --data-dir, not both")
    chosen = store_option or data_dir_option or os.environ.get(ENV_STORE) or None
    if is_database_url(chosen):
        return str(chosen)
    return data_dir(chosen)


def open_store(target: str | os.PathLike[str]) -> Store:
    """The store for a data dir or a postgresql:// URL: the one place the app and the CLI pick a backend."""
    if is_database_url(target):
        from werkatelier.pgstore import PostgresStore

        return PostgresStore(str(target))
    from werkatelier.filestore import FileStore

    return FileStore(Path(target))


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
    #: The summary's locale key and values (werkatelier.said), when history kept them.
    say: dict[str, Any] | None = None


class StoreUnavailable(ConnectionError):
    """Where the sessions live cannot be reached: one plain sentence, never a password.

    A ConnectionError, not a WerkatelierError: the app shows it as an outage and retries; it
    does not mean a session is gone.
    """


@dataclass(frozen=True)
class StoredRevision:
    """One revision exactly as a store keeps it, for copying a session between stores."""

    revision: int
    #: The document's bytes as written (``document.dump_bytes`` form when this code wrote them).
    data: bytes
    #: Its history line as written (:func:`history_record`, without the newline); None if it was lost.
    record: bytes | None


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
        return self.add(Session(meta=m), op="create", summary=Said("said.created", title=m.title))

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

    def export(self, session_id: str) -> Iterator[StoredRevision]:
        """Every revision of the session, oldest first, byte for byte as kept (see ``werkatelier copy``)."""
        raise NotImplementedError(f"{type(self).__name__} cannot export a session's history")

    def add_history(self, session_id: str, revisions: Iterable[StoredRevision]) -> int:
        """Store a session with its whole history exactly as given, all or nothing; how many revisions.

        Each revision is read back as a session of this id and number, 1, 2, … in order,
        before anything is kept; an id that is already taken is refused.
        """
        raise NotImplementedError(f"{type(self).__name__} cannot take a session's history")

    def empty_trash(self) -> int:
        """Delete the sessions in the trash for good; how many there were."""
        raise NotImplementedError(f"{type(self).__name__} has no trash to empty")

    @abc.abstractmethod
    def read_setting(self, name: str) -> str | None:
        """A setting the app keeps beside the sessions (the room codes), None when never written."""

    @abc.abstractmethod
    def write_setting(self, name: str, value: str) -> None:
        """Keep ``value`` as setting ``name`` (a lowercase word), replacing what was there, at once
        for every process on this store."""

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


SETTING_NAME = re.compile(r"^[a-z][a-z_]{0,39}$")
#: A setting is small: codes, not documents.
SETTING_MAX = 64_000


def checked_setting(name: str, value: str | None = None) -> None:
    if not SETTING_NAME.match(name):
        raise WerkatelierError(f"Not a setting name: {name[:40]!r}")
    if value is not None and len(value) > SETTING_MAX:
        raise WerkatelierError(f"The setting {name!r} is too long")


def valid_id(value: object) -> bool:
    """Whether value is a session id the model accepts: the only kind a store may look up."""
    if not isinstance(value, str):
        return False
    try:
        _ID.validate_python(value)
    except ValidationError:
        return False
    return True


def validated(doc: Session | Mapping[str, Any]) -> Session:
    """A fully validated, independent copy of doc (it may come from model_construct): what a store adds."""
    if isinstance(doc, Session):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                data: Any = doc.model_dump(mode="json", warnings=False)
        except RecursionError:
            raise WerkatelierError("This session is nested too deeply to be stored") from None
        except (ValueError, TypeError) as e:
            if "depth" in str(e):
                raise WerkatelierError("This session is nested too deeply to be stored") from None
            raise WerkatelierError(f"This session cannot be written as JSON ({e})") from None
    else:
        data = doc
    return document.from_data(data)


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


def history_record(revision: int, when: datetime, op: str, summary: str, changed: int,
                   args: dict[str, Any] | None = None) -> bytes:
    """A revision's history line as every store keeps it: sorted-key JSON, without the newline."""
    rec: dict[str, Any] = {"revision": revision, "when": when.isoformat(), "op": op,
                           "summary": summary, "changed": changed}
    if args is not None:
        rec["args"] = args
    if isinstance(summary, Said):
        rec["say"] = summary.record()
    return json.dumps(rec, ensure_ascii=False, sort_keys=True).encode("utf-8")


def read_record(raw: bytes | None, revision: int) -> RevisionInfo:
    """A history line as a RevisionInfo; op 'unknown' when it is missing or unreadable."""
    try:
        rec = json.loads(raw)  # type: ignore[arg-type]
        if int(rec["revision"]) == revision:
            say = rec.get("say") if isinstance(rec.get("say"), dict) else None
            return RevisionInfo(revision, datetime.fromisoformat(rec["when"]), str(rec["op"]),
                                str(rec["summary"]), int(rec["changed"]), say)
    except (TypeError, KeyError, ValueError):
        pass
    return RevisionInfo(revision, datetime.fromtimestamp(0, UTC), "unknown", "", 0)


def checked_revision(session_id: str, n: int, r: StoredRevision) -> Session:
    """Revision n of a history being copied in, read back as a store would; refused if it is not."""
    where = f"revision {n} of session {session_id}"
    if r.revision != n:
        raise WerkatelierError(
            f"Cannot copy session {session_id}: revision {r.revision} came where {n} should")
    doc = document.loads(r.data, where=where)
    if doc.id != session_id or doc.revision != n:
        raise WerkatelierError(f"Cannot copy {where}: it holds revision {doc.revision} of session {doc.id!r}")
    if r.record is not None and (b"\n" in r.record or read_record(r.record, n).op == "unknown"):
        raise WerkatelierError(f"Cannot copy {where}: its history line cannot be read")
    return doc


def recorded_args(op: Operation) -> dict[str, Any] | None:
    """The arguments history keeps for op: None when there are none or they are too large."""
    args = op.record().get("args")
    if args is None or len(json.dumps(args, ensure_ascii=False, sort_keys=True)) > MAX_ARGS_CHARS:
        return None
    return args
