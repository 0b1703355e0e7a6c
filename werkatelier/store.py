"""Where sessions live: the Store interface and FileStore, its embedded default."""

from __future__ import annotations

import abc
import gc
import json
import operator
import os
import secrets
import shutil
import threading
import time
import warnings
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, get_args, get_origin

import filelock
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_json

from werkatelier import document
from werkatelier.document import MAX_DOCUMENT_BYTES, WerkatelierError, explain
from werkatelier.model import (
    PARTS,
    SCHEMA_VERSION,
    Action,
    Cluster,
    Event,
    Id,
    Interview,
    Meta,
    Participant,
    Persona,
    Question,
    Relation,
    Round,
    Session,
    Stakeholder,
    integrity_problems,
    new_id,
    now,
)
from werkatelier.ops import NoChange, Operation

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
    """Every read and write of sessions goes through here, so another backend can replace it.

    Sessions handed out are snapshots: change a session only through ``apply``.
    """

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

    def damaged(self) -> dict[str, str]:
        """Sessions that exist but cannot be read, with the reason; none unless a backend knows."""
        return {}


# --- the file store -------------------------------------------------------------------------------

SESSION_FILE = "session.json"
REVISIONS_DIR = "revisions"
HISTORY_FILE = "history.jsonl"
LOCKS_DIR = ".locks"
TRASH_DIR = ".trash"
TEMP_PREFIX = ".tmp-"
#: History keeps an operation's arguments only up to this size; the snapshots are the truth.
MAX_ARGS_CHARS = 20_000
VERVOLG = " (vervolg)"

_ID = TypeAdapter(Id)
#: Only a file written by document.dumps at the current version holds this line; for those
#: pydantic may parse the JSON itself, which is faster than json.loads plus validation.
_CANONICAL = b'\n  "schema_version": %d,\n' % SCHEMA_VERSION
_MODELS: dict[str, type[BaseModel]] = {
    "participants": Participant, "stakeholders": Stakeholder, "relations": Relation,
    "clusters": Cluster, "personas": Persona, "interviews": Interview, "rounds": Round,
    "actions": Action,
}


def _valid_id(value: object) -> bool:
    if not isinstance(value, str):
        return False
    try:
        _ID.validate_python(value)
    except ValidationError:
        return False
    return True


def parse(raw: bytes, where: str = "the file") -> Session:
    """A Session from the bytes of a session file; WerkatelierError naming ``where`` if it is not one."""
    if len(raw) <= MAX_DOCUMENT_BYTES and _CANONICAL in raw:
        with suppress(ValidationError, ValueError), _gc_paused():
            return Session.model_validate_json(raw)
    try:
        return document.loads(raw)
    except WerkatelierError as e:
        raise WerkatelierError(f"Cannot open {where}: {e.message}", e.problems) from None


class _NotAlike(Exception):
    """A value pydantic-core would format differently from json.dumps."""


def _tiny(v: Any) -> bool:
    # Python writes 1e-05 where pydantic-core writes 0.00001; no other value is written differently.
    return type(v) is float and v != 0.0 and -1e-4 < v < 1e-4


def _sorted(value: Any) -> Any:
    """value with every object's keys in sorted order, as json.dumps(sort_keys=True) writes them."""
    if type(value) is dict:
        return _sorted_dict(value)
    if type(value) is list:
        return _sorted_list(value)
    if _tiny(value):
        raise _NotAlike
    return value


def _sorted_dict(d: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k in sorted(d):
        v = d[k]
        t = type(v)
        if t is dict:
            v = _sorted_dict(v)
        elif t is list:
            if v:
                v = _sorted_list(v)
        elif t is float and _tiny(v):
            raise _NotAlike
        out[k] = v
    return out


def _sorted_list(items: list[Any]) -> list[Any]:
    return [_sorted(v) for v in items]


def _types_in(annotation: Any) -> Iterator[Any]:
    yield annotation
    for arg in get_args(annotation):
        yield from _types_in(arg)


class _PartWriter:
    """Sorts the dumped items of one part fast: every item has the same flat set of fields.

    A 10,000-post-it map holds some 200,000 values; sorting each item's keys with one
    C-level itemgetter instead of a Python loop over its values is most of the saving.
    """

    def __init__(self, model: type[BaseModel]):
        self.names = sorted(model.model_fields)
        self.get = operator.itemgetter(*self.names)
        kinds = {n: list(_types_in(f.annotation)) for n, f in model.model_fields.items()}
        self.floats = [n for n, ts in kinds.items() if float in ts]
        # A field that can hold an object (or anything) needs the general, recursive sort.
        self.flat = not any(t is Any or t is dict or get_origin(t) is dict
                            or (isinstance(t, type) and issubclass(t, BaseModel))
                            for ts in kinds.values() for t in ts)

    def __call__(self, items: list[Any]) -> list[Any]:
        if not self.flat:
            return _sorted_list(items)
        n, names, get = len(self.names), self.names, self.get
        out = []
        for d in items:
            if type(d) is not dict or len(d) != n:
                return _sorted_list(items)
            out.append(dict(zip(names, get(d))))  # noqa: B905 - lengths checked above
        for name in self.floats:
            for d in items:
                if _tiny(d[name]):
                    raise _NotAlike
        return out


_WRITERS = {part: _PartWriter(model) for part, model in _MODELS.items()}


def _sorted_session(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key in sorted(data):
        value = data[key]
        writer = _WRITERS.get(key)
        out[key] = writer(value) if writer is not None and type(value) is list else _sorted(value)
    return out


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No garbage collection while tens of thousands of acyclic objects are made at once.

    Each collection would walk every object the process holds (other cached sessions
    included), which made loading a large map a third slower.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


_alike: bool | None = None


def _fast_bytes(doc: Session) -> bytes:
    with _gc_paused():
        return to_json(_sorted_session(doc.model_dump(mode="json")), indent=2) + b"\n"


def _formats_alike() -> bool:
    """Whether this pydantic-core writes a session byte for byte as document.dumps does."""
    global _alike
    if _alike is None:
        text = 'é"\\\x7f\n\t\u2028/👩‍🌾 </script>'  # no C0 controls: no session holds them
        probe = Session(
            meta=Meta(title=text, event={"name": "WA", "date": "2019-02-07"}),
            question={"text": "Hoe?", "history": [{"text": "Wat?", "when": "2019-02-07T10:00:00+01:00"}]},
            stakeholders=[Stakeholder(id=f"s{i}", name=text, tags=["a", text], x=x, y=-x)
                          for i, x in enumerate((1.5, -0.0, 1e16, 1e-4, 0.1 + 0.2, 1e300, 123456.789))],
            clusters=[Cluster(id="c", name="C")], relations=[Relation(source="s0", target="s1", kind=text)],
            personas=[Persona(name="P", stakeholder_ids=["s0"])],
            interviews=[Interview(interviewee="I", date="2019-02-07")],
            rounds=[Round(prompt="R", answers=[text])],
            actions=[Action(action="A")], participants=[Participant(name="N")])
        try:
            _alike = _fast_bytes(probe) == document.dumps(probe).encode("utf-8")
        except Exception:  # noqa: BLE001 - any surprise means: use the standard library
            _alike = False
    return _alike


def canonical(doc: Session) -> bytes:
    """Exactly ``document.dumps(doc)`` as UTF-8 bytes, several times faster.

    json.dumps with an indent runs in pure Python; pydantic-core writes the same text in
    Rust once the keys are sorted. Where the two could differ (very small floats, text
    that is not valid Unicode, a pydantic-core that formats otherwise, checked once on
    first use) the standard library writes it.

    >>> doc = Session(meta=Meta(title="Wijk"), stakeholders=[Stakeholder(name="A", x=1e-5, y=2.0)])
    >>> canonical(doc) == document.dumps(doc).encode("utf-8")
    True
    """
    if _formats_alike():
        try:
            return _fast_bytes(doc)
        except (_NotAlike, ValueError, TypeError, RecursionError):
            pass
    return document.dumps(doc).encode("utf-8")


def _clone(doc: Session) -> Session:
    """A copy with fresh lists but shared items: O(items) pointer copies, no validation."""
    new = doc.model_copy()
    for part in PARTS:
        setattr(new, part, list(getattr(doc, part)))
    return new


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":  # Windows cannot open a directory to flush it
        return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_temp(folder: Path, data: bytes) -> tuple[Path, tuple[int, ...]]:
    """data in a new temp file in folder, flushed to disk; its path and content key."""
    tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.json"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
        key = _key(os.fstat(fd))
    except BaseException:
        os.close(fd)
        tmp.unlink(missing_ok=True)
        raise
    os.close(fd)
    return tmp, key


def _key(st: os.stat_result) -> tuple[int, ...]:
    # Every write makes a new inode and old ones stay linked in revisions/, so this names content.
    return st.st_dev, st.st_ino, st.st_mtime_ns, st.st_size


def _keep(current: Path, target: Path) -> None:
    """Keep the current file as an old revision: a hard link, or a copy where links do not work."""
    try:
        os.link(current, target)
        return
    except FileExistsError:
        if os.path.samefile(current, target):  # linked by a writer killed before it replaced current
            return
    except OSError:
        pass
    tmp = target.with_name(f"{TEMP_PREFIX}{secrets.token_hex(4)}.json")
    shutil.copyfile(current, tmp)
    with open(tmp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(tmp, target)


def _append_line(path: Path, line: bytes) -> None:
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    try:
        size = os.fstat(fd).st_size
        if size:
            os.lseek(fd, size - 1, os.SEEK_SET)  # writes still go to the end: O_APPEND
            if os.read(fd, 1) != b"\n":  # a line torn by a power cut stays alone
                line = b"\n" + line
        # No fsync of its own: the directory fsync that follows the replace commits the
        # journal with it on ext4, and elsewhere a power cut costs this revision's label only.
        os.write(fd, line)
    finally:
        os.close(fd)


def _retrying(action: Any, *args: Any) -> None:
    """os.replace or os.rename, retried briefly on Windows, where a reader holding the
    target open makes them fail for a moment; elsewhere they never wait."""
    for attempt in range(50):
        try:
            action(*args)
            return
        except PermissionError:
            if os.name != "nt" or attempt == 49:
                raise
            time.sleep(0.02)


def _sweep_temps(folder: Path) -> None:
    """Temp files left by a writer that was killed; only the lock holder calls this."""
    for sub in (folder, folder / REVISIONS_DIR):
        with suppress(FileNotFoundError):
            for entry in os.scandir(sub):
                if entry.name.startswith(TEMP_PREFIX):
                    with suppress(OSError):
                        os.unlink(entry.path)


def _revalidated(item: Any, model: type[BaseModel], part: str) -> BaseModel:
    data = item.model_dump() if isinstance(item, BaseModel) else item
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise WerkatelierError(f"This change was refused: a new item in {part} is not valid",
                               explain(e)) from None


def _settle(old: Session, new: Session) -> int:
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
        model = _MODELS[part]
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


def _difference(a: Session, b: Session) -> int:
    """How many items differ between two revisions, compared by id and content."""
    changed = int(a.meta != b.meta) + int(a.question != b.question)
    for part in PARTS:
        before = {item.id: item for item in getattr(a, part)}
        after = {item.id: item for item in getattr(b, part)}
        changed += len(before.keys() ^ after.keys())
        changed += sum(1 for i, item in after.items() if i in before and before[i] != item)
    return changed


def _summary(doc: Session) -> SessionSummary:
    m = doc.meta
    return SessionSummary(
        id=doc.id, title=m.title, programme=m.programme, event=m.event.name,
        event_date=m.event.date, team=m.team, updated=doc.updated, revision=doc.revision,
        counts={part: len(getattr(doc, part)) for part in PARTS}, carried_from=m.carried_from)


def _record(revision: int, when: datetime, op: str, summary: str, changed: int,
            args: dict[str, Any] | None = None) -> bytes:
    rec: dict[str, Any] = {"revision": revision, "when": when.isoformat(), "op": op,
                           "summary": summary, "changed": changed}
    if args is not None:
        text = json.dumps(args, ensure_ascii=False, sort_keys=True)
        if len(text) <= MAX_ARGS_CHARS:
            rec["args"] = args
    return (json.dumps(rec, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


class FileStore(Store):
    """Sessions as folders of JSON files under ``root``, safe for several processes at once.

    Layout of ``root/<id>/``: ``session.json`` (the current revision, in
    :func:`document.dumps` form), ``revisions/00000041.json`` (every earlier revision,
    hard-linked when it is superseded, so keeping history costs no extra writing) and
    ``history.jsonl`` (one line per revision: when, operation, summary, items changed).
    Locks live in ``root/.locks/``, deleted sessions in ``root/.trash/``. Folders without a
    ``session.json`` (``root/examples/``) and names that are not ids are ignored.

    Each instance keeps the latest revision of the sessions it touched in memory, keyed by
    the identity of the file it came from, and re-checks that key under the lock before
    every change, so a change made by another process is never overwritten.
    """

    def __init__(self, root: str | os.PathLike[str], *, lock_timeout: float = 30.0) -> None:
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self._cache: dict[str, tuple[tuple[int, ...], Session]] = {}
        self._locks: dict[str, tuple[threading.Lock, filelock.FileLock]] = {}
        self._guard = threading.Lock()

    # --- paths, locks, reading ---------------------------------------------------------------

    def _folder(self, session_id: str) -> Path:
        # The only place a session id becomes a path, and only an id the model accepts does.
        if not _valid_id(session_id):
            raise WerkatelierError(f"No session with id {session_id!r}")
        return self.root / session_id

    def _existing(self, session_id: str) -> Path:
        folder = self._folder(session_id)
        if not (folder / SESSION_FILE).is_file():
            raise WerkatelierError(f"No session with id {session_id!r}")
        return folder

    @contextmanager
    def _locked(self, session_id: str) -> Iterator[None]:
        with self._guard:
            pair = self._locks.get(session_id)
            if pair is None:
                path = self.root / LOCKS_DIR / f"{session_id}.lock"
                pair = self._locks[session_id] = (threading.Lock(), filelock.FileLock(path))
        in_process, across = pair
        with in_process:
            try:
                across.acquire(timeout=self.lock_timeout, poll_interval=0.002)
            except filelock.Timeout:
                raise WerkatelierError(
                    f"Session {session_id} is busy: another program has kept it locked "
                    f"for {self.lock_timeout:g} seconds") from None
            try:
                yield
            finally:
                across.release()

    def _load(self, session_id: str) -> Session:
        """The current revision: from memory if the file on disk is still the one cached."""
        path = self._folder(session_id) / SESSION_FILE
        try:
            f = open(path, "rb")  # noqa: SIM115 - the key must come from the file that is read
        except (FileNotFoundError, NotADirectoryError):
            raise WerkatelierError(f"No session with id {session_id!r}") from None
        with f:
            key = _key(os.fstat(f.fileno()))
            hit = self._cache.get(session_id)
            if hit is not None and hit[0] == key:
                return hit[1]
            raw = f.read(MAX_DOCUMENT_BYTES + 1)
        doc = parse(raw, f"{session_id}/{SESSION_FILE}")
        if doc.id != session_id:
            raise WerkatelierError(
                f"Cannot open {session_id}/{SESSION_FILE}: it holds session {doc.id!r}")
        self._cache[session_id] = (key, doc)
        return doc

    def _kept(self, folder: Path) -> list[int]:
        try:
            names = os.listdir(folder / REVISIONS_DIR)
        except FileNotFoundError:
            return []
        return sorted(int(n[:-5]) for n in names if n.endswith(".json") and n[:-5].isdigit())

    def _current_revision(self, session_id: str, folder: Path) -> int:
        try:
            return self._load(session_id).revision
        except WerkatelierError:
            # A damaged current file is always one past the last kept revision.
            kept = self._kept(folder)
            return (kept[-1] if kept else 0) + 1

    # --- writing -------------------------------------------------------------------------------

    def _commit(self, folder: Path, doc: Session, keep_as: int | None, record: bytes) -> None:
        """Write doc as the current revision: the old or the new one survives any crash."""
        data = canonical(doc)
        if len(data) > MAX_DOCUMENT_BYTES:  # _load would refuse it: never write what cannot be read
            raise WerkatelierError(
                f"This session would be {len(data) / 1e6:.1f} MB; sessions larger than "
                f"{MAX_DOCUMENT_BYTES / 1e6:.0f} MB are refused")
        _sweep_temps(folder)
        tmp, key = _write_temp(folder, data)
        try:
            if keep_as is not None:
                revisions = folder / REVISIONS_DIR
                revisions.mkdir(exist_ok=True)
                _keep(folder / SESSION_FILE, revisions / f"{keep_as:08d}.json")
            # Written first: a line for a revision that never landed is ignored, and the
            # next revision of that number appends its own line after it.
            _append_line(folder / HISTORY_FILE, record)
            _retrying(os.replace, tmp, folder / SESSION_FILE)
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        if keep_as is not None:
            _fsync_dir(folder / REVISIONS_DIR)
        _fsync_dir(folder)
        self._cache[doc.id] = (key, doc)

    def _store_new(self, doc: Session, op: str, summary: str) -> Session:
        folder = self._folder(doc.id)
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir()
        except FileExistsError:
            raise WerkatelierError(f"There is already a session with id {doc.id!r}") from None
        try:
            with self._locked(doc.id):
                doc.revision = 1
                doc.updated = now()
                counted = sum(len(getattr(doc, p)) for p in PARTS)
                self._commit(folder, doc, None, _record(1, doc.updated, op, summary, counted))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _fsync_dir(self.root)
        return _clone(doc)

    @staticmethod
    def _validated(doc: Session | Mapping[str, Any]) -> Session:
        """A fully validated, independent copy of doc (it may come from model_construct)."""
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

    # --- the Store interface -------------------------------------------------------------------

    def create(self, title: str, **meta: object) -> Session:
        """A new, empty session; meta may hold programme, event and team."""
        try:
            m = Meta.model_validate({"title": title, **meta})
        except ValidationError as e:
            raise WerkatelierError("This session description is not valid", explain(e)) from None
        return self._store_new(Session(meta=m), "create", f"Created session {m.title!r}")

    def add(self, doc: Session | Mapping[str, Any], *, keep_id: bool = False) -> Session:
        """Store a whole document (or its parsed JSON) as a new session, validated in full."""
        fresh = self._validated(doc)
        if not keep_id:
            fresh.id = new_id("s")
        return self._store_new(fresh, "add", f"Stored session {fresh.meta.title!r}")

    def _scan(self) -> tuple[list[SessionSummary], dict[str, str]]:
        summaries: list[SessionSummary] = []
        damaged: dict[str, str] = {}
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return summaries, damaged
        for entry in entries:
            if not _valid_id(entry.name) or not os.path.isfile(os.path.join(entry.path, SESSION_FILE)):
                continue
            try:
                summaries.append(_summary(self._load(entry.name)))
            except WerkatelierError as e:
                damaged[entry.name] = str(e)
        summaries.sort(key=lambda s: s.updated, reverse=True)
        return summaries, damaged

    def list(self) -> list[SessionSummary]:
        """Every readable session, most recently changed first (see :meth:`damaged` for the rest)."""
        return self._scan()[0]

    def damaged(self) -> dict[str, str]:
        """Sessions whose current file cannot be read, with why; ``restore`` an older revision."""
        return self._scan()[1]

    def get(self, session_id: str) -> Session:
        return _clone(self._load(session_id))

    def apply(self, session_id: str, op: Operation) -> Session:
        """Apply op to the latest revision under the session's lock; the new revision.

        When op finds nothing to change, no revision is made and the current one comes back.
        """
        if not isinstance(op, Operation):
            raise TypeError(f"apply needs an Operation, not {type(op).__name__}")
        folder = self._existing(session_id)
        with self._locked(session_id):
            current = self._load(session_id)
            work = _clone(current)
            try:
                summary = op.apply(work)
                changed = _settle(current, work)
                if work.id != current.id:
                    raise WerkatelierError("An operation cannot change a session's id")
                problems = integrity_problems(work)
                if problems:
                    raise WerkatelierError("This change was refused", problems)
            except NoChange:
                return _clone(current)
            except BaseException:
                # The operation may have touched shared items; the file on disk stays the truth.
                self._cache.pop(session_id, None)
                raise
            work.revision = current.revision + 1
            work.updated = now()
            args = op.record().get("args")
            record = _record(work.revision, work.updated, op.op, summary, changed, args)
            self._commit(folder, work, current.revision, record)
            return _clone(work)

    def history(self, session_id: str) -> list[RevisionInfo]:
        """One line per revision, oldest first; a revision whose line was lost shows op 'unknown'."""
        folder = self._existing(session_id)
        last = self._current_revision(session_id, folder)
        found: dict[int, dict[str, Any]] = {}
        with suppress(FileNotFoundError), open(folder / HISTORY_FILE, "rb") as f:
            for line in f:
                try:
                    rec = json.loads(line)
                    found[int(rec["revision"])] = rec  # the last line of a number is the one that landed
                except (ValueError, KeyError, TypeError):
                    continue
        out = []
        for n in range(1, last + 1):
            rec = found.get(n)
            try:
                out.append(RevisionInfo(n, datetime.fromisoformat(rec["when"]), str(rec["op"]),
                                        str(rec["summary"]), int(rec["changed"])))
            except (TypeError, KeyError, ValueError):
                out.append(RevisionInfo(n, datetime.fromtimestamp(0, UTC), "unknown", "", 0))
        return out

    def get_revision(self, session_id: str, revision: int) -> Session:
        folder = self._existing(session_id)
        if isinstance(revision, bool) or not isinstance(revision, int) or revision < 1:
            raise WerkatelierError(f"Session {session_id} has no revision {revision!r}")
        kept = folder / REVISIONS_DIR / f"{revision:08d}.json"
        where = f"revision {revision} of session {session_id}"
        # A writer links the current file into revisions/ before replacing it, so the
        # revision is in one of the two places whenever we look; look twice.
        for _ in range(2):
            try:
                return parse(kept.read_bytes(), where)
            except FileNotFoundError:
                pass
            current = self._load(session_id)
            if current.revision == revision:
                return _clone(current)
            if current.revision < revision:
                break
        raise WerkatelierError(f"Session {session_id} has no revision {revision!r}")

    def restore(self, session_id: str, revision: int) -> Session:
        """Make an old revision current again, as a new revision; works on a damaged session too."""
        folder = self._existing(session_id)
        with self._locked(session_id):
            old = self.get_revision(session_id, revision)
            last = self._current_revision(session_id, folder)
            try:
                changed = _difference(self._load(session_id), old)
            except WerkatelierError:
                changed = sum(len(getattr(old, p)) for p in PARTS)
            new = _clone(old)
            new.revision = last + 1
            new.updated = now()
            record = _record(new.revision, new.updated, "restore", f"Restored revision {revision}", changed)
            self._commit(folder, new, last, record)
            return _clone(new)

    def delete(self, session_id: str) -> None:
        """Move the session's folder to ``root/.trash/<id>-<timestamp>/``."""
        folder = self._existing(session_id)
        with self._locked(session_id):
            trash = self.root / TRASH_DIR
            trash.mkdir(exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            target = trash / f"{session_id}-{stamp}"
            while target.exists():
                target = trash / f"{session_id}-{stamp}-{secrets.token_hex(2)}"
            _retrying(os.rename, folder, target)
            _fsync_dir(trash)
            _fsync_dir(self.root)
            self._cache.pop(session_id, None)

    def carry_forward(self, session_id: str, *, title: str | None = None,
                      event: Event | Mapping[str, Any] | None = None) -> Session:
        """A new session for the next workshop, with ``meta.carried_from`` set to this one.

        Comes along: stakeholders with their positions, relations, clusters, personas, the
        question with its history, participants (all marked present again: the new day's
        attendance is not known yet), every interview (personas are grounded in them, so
        the links between the two stay valid) and the actions still open or in progress.
        Left behind: done actions and the working rounds, which belong to the day they were
        held. The title defaults to the old one plus " (vervolg)"; the event starts empty.
        """
        src = self.get(session_id)
        if title is None:
            title = src.meta.title[: 200 - len(VERVOLG)].rstrip() + VERVOLG
        if isinstance(event, BaseModel):
            event = event.model_dump()
        data = document.to_data(src)
        data["meta"] = {**data["meta"], "title": title, "event": event or {},
                        "carried_from": session_id}
        data["participants"] = [{**p, "present": True} for p in data["participants"]]
        data["actions"] = [a for a in data["actions"] if a["status"] != "done"]
        data["rounds"] = []
        for key in ("id", "revision", "created", "updated"):
            data.pop(key)
        fresh = document.from_data(data)
        return self._store_new(fresh, "carry_forward", f"Carried forward from session {session_id}")
