"""FileStore: sessions as folders of JSON files, the embedded default behind the Store interface."""

from __future__ import annotations

import json
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import filelock

from werkatelier import document, live
from werkatelier.document import MAX_DOCUMENT_BYTES, WerkatelierError
from werkatelier.model import PARTS, Session, new_id, now
from werkatelier.ops import NoChange, Operation
from werkatelier.said import Said
from werkatelier.store import (
    RevisionInfo,
    SessionSummary,
    Store,
    StoredRevision,
    checked_revision,
    checked_setting,
    clone,
    difference,
    history_record,
    next_revision,
    recorded_args,
    summarise,
    valid_id,
    validated,
)

SESSION_FILE = "session.json"
REVISIONS_DIR = "revisions"
HISTORY_FILE = "history.jsonl"
LOCKS_DIR = ".locks"
TRASH_DIR = ".trash"
TEMP_PREFIX = ".tmp-"


# --- writing files so that a crash leaves the old or the new one ---------------------------------

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


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


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


def _record(revision: int, when: datetime, op: str, summary: str, changed: int,
            args: dict[str, Any] | None = None) -> bytes:
    return history_record(revision, when, op, summary, changed, args) + b"\n"


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
        if not valid_id(session_id):
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
        doc = document.loads(raw, where=f"{session_id}/{SESSION_FILE}")
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
        data = document.dump_bytes(doc)
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
        # Every open screen of this session in this process hears of it now; other processes'
        # screens through the live room's watcher of the data dir.
        live.announce(doc.id, doc.revision)

    # --- the Store interface -------------------------------------------------------------------

    def add(self, doc: Session | Mapping[str, Any], *, keep_id: bool = False, op: str = "add",
            summary: str | None = None) -> Session:
        fresh = validated(doc)
        if not keep_id:
            fresh.id = new_id("s")
        folder = self._folder(fresh.id)
        self.root.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir()
        except FileExistsError:
            raise WerkatelierError(f"There is already a session with id {fresh.id!r}") from None
        try:
            with self._locked(fresh.id):
                fresh.revision = 1
                fresh.updated = now()
                counted = sum(len(getattr(fresh, p)) for p in PARTS)
                said = summary if summary is not None else Said("said.stored", title=fresh.meta.title)
                self._commit(folder, fresh, None, _record(1, fresh.updated, op, said, counted))
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        _fsync_dir(self.root)
        return clone(fresh)

    def _scan(self) -> tuple[list[SessionSummary], dict[str, str]]:
        summaries: list[SessionSummary] = []
        damaged: dict[str, str] = {}
        try:
            entries = sorted(os.scandir(self.root), key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return summaries, damaged
        for entry in entries:
            if not valid_id(entry.name) or not os.path.isfile(os.path.join(entry.path, SESSION_FILE)):
                continue
            try:
                summaries.append(summarise(self._load(entry.name)))
            except WerkatelierError as e:
                damaged[entry.name] = str(e)
        summaries.sort(key=lambda s: s.updated, reverse=True)
        return summaries, damaged

    def list(self) -> list[SessionSummary]:
        return self._scan()[0]

    def damaged(self) -> dict[str, str]:
        return self._scan()[1]

    # --- settings: one small file each in the data dir, beside the session folders ------------------

    def _setting_path(self, name: str) -> Path:
        checked_setting(name)
        return self.root / f".{name}.setting"

    def read_setting(self, name: str) -> str | None:
        try:
            return self._setting_path(name).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def write_setting(self, name: str, value: str) -> None:
        checked_setting(name, value)
        self.root.mkdir(parents=True, exist_ok=True)
        tmp, _ = _write_temp(self.root, value.encode("utf-8"))
        os.chmod(tmp, 0o600)  # codes: for this user's eyes only
        _retrying(os.replace, tmp, self._setting_path(name))

    def get(self, session_id: str) -> Session:
        return clone(self._load(session_id))

    def apply(self, session_id: str, op: Operation) -> Session:
        folder = self._existing(session_id)
        with self._locked(session_id):
            current = self._load(session_id)
            try:
                work, summary, changed = next_revision(current, op)
            except NoChange:
                return clone(current)
            except BaseException:
                # The operation may have touched shared items; the file on disk stays the truth.
                self._cache.pop(session_id, None)
                raise
            record = _record(work.revision, work.updated, op.op, summary, changed, recorded_args(op))
            self._commit(folder, work, current.revision, record)
            return clone(work)

    def history(self, session_id: str) -> list[RevisionInfo]:
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
                say = rec.get("say") if isinstance(rec, dict) and isinstance(rec.get("say"), dict) else None
                out.append(RevisionInfo(n, datetime.fromisoformat(rec["when"]), str(rec["op"]),
                                        str(rec["summary"]), int(rec["changed"]), say))
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
                return document.loads(kept.read_bytes(), where=where)
            except FileNotFoundError:
                pass
            current = self._load(session_id)
            if current.revision == revision:
                return clone(current)
            if current.revision < revision:
                break
        raise WerkatelierError(f"Session {session_id} has no revision {revision!r}")

    def restore(self, session_id: str, revision: int) -> Session:
        folder = self._existing(session_id)
        with self._locked(session_id):
            old = self.get_revision(session_id, revision)
            last = self._current_revision(session_id, folder)
            try:
                changed = difference(self._load(session_id), old)
            except WerkatelierError:
                changed = sum(len(getattr(old, p)) for p in PARTS)
            new = clone(old)
            new.revision = last + 1
            new.updated = now()
            record = _record(new.revision, new.updated, "restore", Said("said.restored", revision=revision),
                             changed)
            self._commit(folder, new, last, record)
            return clone(new)

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

    def empty_trash(self) -> int:
        trash = self.root / TRASH_DIR
        try:
            entries = sorted(os.scandir(trash), key=lambda e: e.name)
        except FileNotFoundError:
            return 0
        for entry in entries:
            shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) else os.unlink(entry.path)
        return len(entries)

    # --- whole histories, for copying between stores ---------------------------------------------

    def export(self, session_id: str) -> Iterator[StoredRevision]:
        folder = self._existing(session_id)
        # The current file first: every revision before it is already kept in revisions/.
        where = f"{session_id}/{SESSION_FILE}"
        current = (folder / SESSION_FILE).read_bytes()
        last = document.loads(current, where=where).revision
        return self._revisions(session_id, folder, current, last)

    def _revisions(self, session_id: str, folder: Path, current: bytes, last: int
                   ) -> Iterator[StoredRevision]:
        records: dict[int, bytes] = {}
        with suppress(FileNotFoundError), open(folder / HISTORY_FILE, "rb") as f:
            for line in f:
                line = line.rstrip(b"\r\n")
                try:
                    n = int(json.loads(line)["revision"])
                except (ValueError, KeyError, TypeError):
                    continue
                if 1 <= n <= last:
                    records[n] = line  # the last line of a number is the one that landed
        for n in range(1, last + 1):
            if n == last:
                data = current
            else:
                try:
                    data = (folder / REVISIONS_DIR / f"{n:08d}.json").read_bytes()
                except FileNotFoundError:
                    raise WerkatelierError(f"Revision {n} of session {session_id} is missing") from None
            yield StoredRevision(n, data, records.get(n))

    def add_history(self, session_id: str, revisions: Iterable[StoredRevision]) -> int:
        folder = self._folder(session_id)
        self.root.mkdir(parents=True, exist_ok=True)
        # Built aside and renamed into place: a crash leaves no half-copied session.
        work = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}copy-", dir=self.root))
        try:
            (work / REVISIONS_DIR).mkdir()
            lines: list[bytes] = []
            last = 0
            for n, r in enumerate(revisions, 1):
                checked_revision(session_id, n, r)
                _write_file(work / REVISIONS_DIR / f"{n:08d}.json", r.data)
                if r.record is not None:
                    lines.append(r.record + b"\n")
                last = n
            if not last:
                raise WerkatelierError(f"Session {session_id} has no revisions to copy")
            os.replace(work / REVISIONS_DIR / f"{last:08d}.json", work / SESSION_FILE)
            _write_file(work / HISTORY_FILE, b"".join(lines))
            _fsync_dir(work / REVISIONS_DIR)
            _fsync_dir(work)
            with self._locked(session_id):
                if folder.exists():
                    raise WerkatelierError(f"There is already a session with id {session_id!r}")
                os.rename(work, folder)
            _fsync_dir(self.root)
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        return last

    @property
    def location(self) -> str:
        return str(self.root)

    @property
    def trash_location(self) -> str:
        return str(self.root / TRASH_DIR)
