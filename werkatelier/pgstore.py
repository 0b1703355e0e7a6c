"""PostgresStore: sessions in PostgreSQL (psycopg 3): many rooms, several app servers, one database."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

import psycopg
from psycopg import errors
from psycopg.conninfo import conninfo_to_dict, make_conninfo
from psycopg.types.json import Jsonb

from werkatelier import document, pgschema
from werkatelier.document import WerkatelierError
from werkatelier.model import PARTS, SCHEMA_VERSION, Session, new_id, now
from werkatelier.ops import NoChange, Operation
from werkatelier.said import Said
from werkatelier.store import (
    RevisionInfo,
    SessionSummary,
    Store,
    StoredRevision,
    StoreUnavailable,
    checked_revision,
    checked_setting,
    clone,
    difference,
    history_record,
    next_revision,
    read_record,
    recorded_args,
    summarise,
    valid_id,
    validated,
)

if TYPE_CHECKING:
    from werkatelier.pglisten import Listener

log = logging.getLogger(__name__)

#: Every committed revision is announced here, with ``{"id": session id, "rev": revision}`` only.
CHANNEL = "werkatelier"
POOL_SIZE = 8
#: Seconds to wait for the server to answer a new connection, and for a free pooled one.
CONNECT_TIMEOUT = 5
POOL_TIMEOUT = 5.0
#: Revisions fetched per round trip when a session is exported.
EXPORT_BATCH = 32

_CREDENTIALS = re.compile(r"(://[^:/?#@\s]*):[^@\s]*@")


def redacted(url: str) -> str:
    """The URL as it may be shown: scheme, user, host, port and database, never the password.

    >>> redacted("postgresql://ann:geheim@db.example:6543/werk?sslmode=require")
    'postgresql://ann@db.example:6543/werk'
    """
    try:
        parts = conninfo_to_dict(url)
    except psycopg.Error:
        return "(a database URL that cannot be read)"
    user = f"{parts['user']}@" if parts.get("user") else ""
    host = str(parts.get("host") or "")
    port = f":{parts['port']}" if parts.get("port") else ""
    db = f"/{parts['dbname']}" if parts.get("dbname") else ""
    if host.startswith("/"):  # a Unix socket directory cannot sit in the authority part
        return f"postgresql://{user}{port}{db}?host={host}"
    return f"postgresql://{user}{host}{port}{db}"


def _secrets(url: str) -> list[str]:
    import os

    found = [os.environ.get("PGPASSWORD") or ""]
    try:
        found.append(str(conninfo_to_dict(url).get("password") or ""))
    except psycopg.Error:
        m = re.search(r"://[^:/?#@\s]*:([^@\s]*)@", url)
        found.append(m.group(1) if m else "")
    return [s for s in found if s]


def _reason(err: BaseException, url: str) -> str:
    """libpq's message, shortened to its cause and scrubbed of anything secret."""
    text = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    text = text.rsplit("failed: ", 1)[-1]
    text = re.sub(r"^(FATAL|ERROR):\s+", "", text)
    for secret in _secrets(url):
        text = text.replace(secret, "***")
    text = _CREDENTIALS.sub(r"\1:***@", text)
    return text[:1].lower() + text[1:] if text[:2] != text[:2].upper() else text


class _Pool:
    """At most ``size`` connections, idle ones reused once they answer; a new one made when none is idle.

    Small on purpose: when the server is away, a request fails at once with libpq's reason
    (connection refused, …) instead of waiting for a pool's background reconnects; when it is
    back, the next request simply connects.
    """

    def __init__(self, conninfo: str, size: int) -> None:
        self.conninfo = conninfo
        self._idle: list[psycopg.Connection[Any]] = []
        self._guard = threading.Lock()
        self._slots = threading.BoundedSemaphore(size)
        self.size = size

    def _take(self) -> psycopg.Connection[Any]:
        while True:
            with self._guard:
                conn = self._idle.pop() if self._idle else None
            if conn is None:
                # Autocommit: every store call opens its own transaction (conn.transaction()).
                return psycopg.connect(self.conninfo, autocommit=True)
            try:
                conn.execute("")  # one round trip: a connection the server dropped shows here
                return conn
            except psycopg.Error:
                conn.close()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        if not self._slots.acquire(timeout=POOL_TIMEOUT):
            raise _Busy
        try:
            conn = self._take()
            try:
                yield conn
            finally:
                if conn.closed or conn.broken or conn.info.transaction_status != _IDLE:
                    conn.close()
                else:
                    with self._guard:
                        self._idle.append(conn)
        finally:
            self._slots.release()

    def close(self) -> None:
        with self._guard:
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


_IDLE = psycopg.pq.TransactionStatus.IDLE


class _Busy(Exception):
    """Every connection of the pool stayed in use for POOL_TIMEOUT seconds."""


class PostgresStore(Store):
    """Sessions in a PostgreSQL database: the same operations, validation and bytes as the file store.

    Every change is one transaction on the session's row (``SELECT … FOR UPDATE``; an advisory
    lock on the id where there is no row yet), keeps the new revision's canonical bytes and
    history line, and ends with a NOTIFY on :data:`CHANNEL`, delivered only if it commits.
    Like the file store, an instance keeps the latest revision of the sessions it touched in
    memory, keyed by (row, revision), and reads the row's revision before trusting it.
    """

    def __init__(self, url: str, *, pool_size: int = POOL_SIZE, lock_timeout: float = 30.0,
                 connect_timeout: int = CONNECT_TIMEOUT) -> None:
        self.url = url
        self.display = redacted(url)
        self.lock_timeout = lock_timeout
        self._cache: dict[str, tuple[int, int, Session]] = {}
        self._listeners: dict[int, Listener] = {}
        try:
            self.conninfo = make_conninfo(url, connect_timeout=connect_timeout,
                                          application_name="werkatelier")
        except psycopg.Error as e:
            raise StoreUnavailable(f"The store URL is not a PostgreSQL URL that can be read "
                                   f"({_reason(e, url)})") from None
        with self._guarded():
            with psycopg.connect(self.conninfo, autocommit=True) as conn:
                pgschema.migrate(conn)
            self._pool = _Pool(self.conninfo, pool_size)

    # --- connections and their faults --------------------------------------------------------------

    def _away(self, why: str) -> StoreUnavailable:
        return StoreUnavailable(f"Cannot reach the database {self.display}: {why}")

    @contextmanager
    def _guarded(self, busy: str | None = None) -> Iterator[None]:
        """Database faults as one sentence: busy, unreachable, or set up by a newer Werkatelier."""
        try:
            yield
        except errors.LockNotAvailable:
            raise WerkatelierError(f"Session {busy} is busy: another app server has kept it locked for "
                                   f"{self.lock_timeout:g} seconds") from None
        except pgschema.NewerSchema as e:
            raise WerkatelierError(str(e)) from None
        except _Busy:
            raise self._away(f"all {self._pool.size} connections stayed busy for {POOL_TIMEOUT:g} seconds") \
                from None
        except (psycopg.OperationalError, psycopg.InterfaceError) as e:
            raise self._away(_reason(e, self.url)) from None

    @contextmanager
    def _transaction(self, busy: str | None = None) -> Iterator[psycopg.Connection[Any]]:
        with self._guarded(busy), self._pool.connection() as conn, conn.transaction():
            yield conn

    def close(self) -> None:
        for listener in list(self._listeners.values()):
            listener.stop()
        self._listeners.clear()
        pool = getattr(self, "_pool", None)
        if pool is not None:
            pool.close()

    def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers now."""
        with self._transaction() as conn:
            conn.execute("SELECT 1")

    # --- settings ----------------------------------------------------------------------------------

    def read_setting(self, name: str) -> str | None:
        checked_setting(name)
        with self._transaction() as conn:
            row = conn.execute("SELECT value FROM settings WHERE name = %s", (name,)).fetchone()
        return None if row is None else str(row[0])

    def write_setting(self, name: str, value: str) -> None:
        checked_setting(name, value)
        with self._transaction() as conn:
            conn.execute("INSERT INTO settings (name, value) VALUES (%s, %s)"
                         " ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value", (name, value))

    # --- reading -----------------------------------------------------------------------------------

    @staticmethod
    def _missing(session_id: object) -> WerkatelierError:
        return WerkatelierError(f"No session with id {session_id!r}")

    def _decode(self, session_id: str, rev: int, body: bytes) -> Session:
        doc = document.loads(bytes(body), where=f"revision {rev} of session {session_id}")
        if doc.id != session_id:
            raise WerkatelierError(f"Cannot open session {session_id}: it holds session {doc.id!r}")
        return doc

    def _current(self, conn: psycopg.Connection[Any], session_id: str) -> tuple[int, int, Session | None]:
        """(row key, revision, latest document) of a live session; the document None if unreadable."""
        hit = self._cache.get(session_id)
        hk, hr = (hit[0], hit[1]) if hit else (-1, -1)
        row = conn.execute(
            "SELECT s.key, s.rev, CASE WHEN s.key = %s AND s.rev = %s THEN NULL ELSE r.body END "
            "FROM sessions s JOIN revisions r ON r.session = s.key AND r.rev = s.rev "
            "WHERE s.id = %s AND s.deleted_at IS NULL", (hk, hr, session_id), binary=True).fetchone()
        if row is None:
            raise self._missing(session_id)
        key, rev, body = row
        if body is None and hit is not None:
            return key, rev, hit[2]
        doc = self._decode(session_id, rev, body)
        self._cache[session_id] = (key, rev, doc)
        return key, rev, doc

    def get(self, session_id: str) -> Session:
        if not valid_id(session_id):
            raise self._missing(session_id)
        with self._transaction() as conn:
            _, _, doc = self._current(conn, session_id)
        return clone(doc)

    def list(self) -> list[SessionSummary]:
        with self._transaction() as conn:
            rows = conn.execute("SELECT summary FROM sessions WHERE deleted_at IS NULL "
                                "AND schema_version <= %s ORDER BY updated DESC, id",
                                (SCHEMA_VERSION,)).fetchall()
        return [_summary(row[0]) for row in rows]

    def damaged(self) -> dict[str, str]:
        # Every revision was read back before it was kept; only a newer Werkatelier writes what
        # this one cannot read.
        with self._transaction() as conn:
            rows = conn.execute("SELECT id, schema_version FROM sessions WHERE deleted_at IS NULL "
                                "AND schema_version > %s ORDER BY id", (SCHEMA_VERSION,)).fetchall()
        out = {}
        for sid, version in rows:
            try:
                document.upgrade({"schema_version": version})
            except WerkatelierError as e:
                out[sid] = f"Cannot open session {sid}: {e.message}"
        return out

    def history(self, session_id: str) -> list[RevisionInfo]:
        if not valid_id(session_id):
            raise self._missing(session_id)
        with self._transaction() as conn:
            rows = conn.execute("SELECT r.rev, r.record FROM sessions s "
                                "JOIN revisions r ON r.session = s.key "
                                "WHERE s.id = %s AND s.deleted_at IS NULL ORDER BY r.rev",
                                (session_id,)).fetchall()
        if not rows:
            raise self._missing(session_id)
        return [read_record(None if rec is None else rec.encode("utf-8"), rev) for rev, rec in rows]

    def get_revision(self, session_id: str, revision: int) -> Session:
        if not valid_id(session_id):
            raise self._missing(session_id)
        with self._transaction() as conn:
            return self._revision(conn, session_id, revision)

    def _revision(self, conn: psycopg.Connection[Any], session_id: str, revision: int) -> Session:
        ok = not isinstance(revision, bool) and isinstance(revision, int) and 1 <= revision < 2**31
        row = conn.execute(
            "SELECT s.key, s.rev, r.body FROM sessions s LEFT JOIN revisions r "
            "ON r.session = s.key AND r.rev = %s WHERE s.id = %s AND s.deleted_at IS NULL",
            (revision if ok else 0, session_id), binary=True).fetchone()
        if row is None:
            raise self._missing(session_id)
        key, rev, body = row
        if body is None:
            raise WerkatelierError(f"Session {session_id} has no revision {revision!r}")
        hit = self._cache.get(session_id)
        if hit is not None and hit[:2] == (key, revision):
            return clone(hit[2])
        return self._decode(session_id, revision, body)

    # --- writing -----------------------------------------------------------------------------------

    def _lock(self, conn: psycopg.Connection[Any], session_id: str) -> None:
        conn.execute("SELECT set_config('lock_timeout', %s, true)", (f"{int(self.lock_timeout * 1000)}ms",))
        row = conn.execute("SELECT key FROM sessions WHERE id = %s AND deleted_at IS NULL FOR UPDATE",
                           (session_id,)).fetchone()
        if row is None:
            raise self._missing(session_id)

    def _write(self, conn: psycopg.Connection[Any], key: int, doc: Session, record: bytes) -> None:
        """doc as the session's latest revision, with its history line; announced on commit."""
        conn.execute("INSERT INTO revisions (session, rev, body, record) VALUES (%s, %s, %b, %s)",
                     (key, doc.revision, document.dump_bytes(doc), record.decode("utf-8")))
        conn.execute("UPDATE sessions SET rev = %s, updated = %s, schema_version = %s, summary = %s "
                     "WHERE key = %s", (doc.revision, doc.updated, doc.schema_version,
                                        Jsonb(_summary_data(doc)), key))
        conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps({"id": doc.id, "rev": doc.revision})))

    def _new_row(self, conn: psycopg.Connection[Any], doc: Session) -> int:
        """A row for a new session of doc's id, under an advisory lock on that id (no row to lock yet)."""
        conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"werkatelier:{doc.id}",))
        if conn.execute("SELECT 1 FROM sessions WHERE id = %s AND deleted_at IS NULL", (doc.id,)).fetchone():
            raise WerkatelierError(f"There is already a session with id {doc.id!r}")
        row = conn.execute("INSERT INTO sessions (id, rev, updated, schema_version, summary) "
                           "VALUES (%s, 1, %s, %s, %s) RETURNING key",
                           (doc.id, doc.updated, doc.schema_version, Jsonb(_summary_data(doc)))).fetchone()
        return int(row[0])

    def add(self, doc: Session | Mapping[str, Any], *, keep_id: bool = False, op: str = "add",
            summary: str | None = None) -> Session:
        fresh = validated(doc)
        if not keep_id:
            fresh.id = new_id("s")
        fresh.revision = 1
        fresh.updated = now()
        counted = sum(len(getattr(fresh, p)) for p in PARTS)
        said = summary if summary is not None else Said("said.stored", title=fresh.meta.title)
        with self._transaction() as conn:
            key = self._new_row(conn, fresh)
            self._write(conn, key, fresh, history_record(1, fresh.updated, op, said, counted))
        self._cache[fresh.id] = (key, 1, fresh)
        return clone(fresh)

    def apply(self, session_id: str, op: Operation) -> Session:
        if not valid_id(session_id):
            raise self._missing(session_id)
        with self._transaction(busy=session_id) as conn:
            self._lock(conn, session_id)
            key, _, current = self._current(conn, session_id)
            try:
                work, summary, changed = next_revision(current, op)
            except NoChange:
                return clone(current)
            except BaseException:
                self._cache.pop(session_id, None)  # op may have touched shared items; the row stays the truth
                raise
            record = history_record(work.revision, work.updated, op.op, summary, changed, recorded_args(op))
            self._write(conn, key, work, record)
        self._cache[session_id] = (key, work.revision, work)
        return clone(work)

    def restore(self, session_id: str, revision: int) -> Session:
        if not valid_id(session_id):
            raise self._missing(session_id)
        with self._transaction(busy=session_id) as conn:
            self._lock(conn, session_id)
            old = self._revision(conn, session_id, revision)
            try:
                key, last, current = self._current(conn, session_id)
                changed = difference(current, old)
            except WerkatelierError:
                key, last = conn.execute("SELECT key, rev FROM sessions WHERE id = %s AND deleted_at IS NULL",
                                         (session_id,)).fetchone()
                changed = sum(len(getattr(old, p)) for p in PARTS)
            new = clone(old)
            new.revision = last + 1
            new.updated = now()
            self._write(conn, key, new, history_record(new.revision, new.updated, "restore",
                                                       Said("said.restored", revision=revision), changed))
        self._cache[session_id] = (key, new.revision, new)
        return clone(new)

    def delete(self, session_id: str) -> None:
        """Move the session to the trash: it keeps its rows, and its id is free again."""
        if not valid_id(session_id):
            raise self._missing(session_id)
        with self._transaction(busy=session_id) as conn:
            self._lock(conn, session_id)
            conn.execute("UPDATE sessions SET deleted_at = now() WHERE id = %s AND deleted_at IS NULL",
                         (session_id,))
        self._cache.pop(session_id, None)

    def empty_trash(self) -> int:
        with self._transaction() as conn:
            return conn.execute("DELETE FROM sessions WHERE deleted_at IS NOT NULL").rowcount

    # --- whole histories, for copying between stores ---------------------------------------------

    def export(self, session_id: str) -> Iterator[StoredRevision]:
        if not valid_id(session_id):
            raise self._missing(session_id)
        with self._transaction() as conn:
            row = conn.execute("SELECT key, rev FROM sessions WHERE id = %s AND deleted_at IS NULL",
                               (session_id,)).fetchone()
        if row is None:
            raise self._missing(session_id)
        return self._revisions(*row)

    def _revisions(self, key: int, last: int) -> Iterator[StoredRevision]:
        # Revisions never change once kept, so they can be read in batches, outside one transaction.
        for start in range(1, last + 1, EXPORT_BATCH):
            with self._transaction() as conn:
                rows = conn.execute("SELECT rev, body, record FROM revisions WHERE session = %s "
                                    "AND rev BETWEEN %s AND %s ORDER BY rev",
                                    (key, start, min(last, start + EXPORT_BATCH - 1)), binary=True).fetchall()
            for rev, body, record in rows:
                yield StoredRevision(rev, bytes(body), None if record is None else record.encode("utf-8"))

    def add_history(self, session_id: str, revisions: Iterable[StoredRevision]) -> int:
        if not valid_id(session_id):
            raise self._missing(session_id)
        with self._transaction() as conn:
            key, last = None, None
            for n, r in enumerate(revisions, 1):
                doc = checked_revision(session_id, n, r)
                if key is None:
                    key = self._new_row(conn, doc)
                conn.execute("INSERT INTO revisions (session, rev, body, record) VALUES (%s, %s, %b, %s)",
                             (key, n, r.data, None if r.record is None else r.record.decode("utf-8")))
                last = doc
            if last is None:
                raise WerkatelierError(f"Session {session_id} has no revisions to copy")
            conn.execute("UPDATE sessions SET rev = %s, updated = %s, schema_version = %s, summary = %s "
                         "WHERE key = %s", (last.revision, last.updated, last.schema_version,
                                            Jsonb(_summary_data(last)), key))
            conn.execute("SELECT pg_notify(%s, %s)", (CHANNEL, json.dumps({"id": session_id,
                                                                          "rev": last.revision})))
        return last.revision

    # --- the live room ---------------------------------------------------------------------------

    def listen(self, hub: Any) -> Listener:
        """Feed every committed revision of this database into ``hub`` (its ``announce``), from now on."""
        from werkatelier.pglisten import Listener

        listener = self._listeners.get(id(hub))
        if listener is None:
            conninfo = make_conninfo(self.conninfo, application_name="werkatelier-listen")
            listener = self._listeners[id(hub)] = Listener(conninfo, hub, url=self.url)
            listener.start()
        return listener

    @property
    def location(self) -> str:
        return f"database {self.display}"

    @property
    def trash_location(self) -> str:
        return f"the trash of database {self.display} ('werkatelier empty-trash' empties it)"


def _summary_data(doc: Session) -> dict[str, Any]:
    s = summarise(doc)
    return {"id": s.id, "title": s.title, "programme": s.programme, "event": s.event,
            "event_date": s.event_date.isoformat() if s.event_date else None, "team": s.team,
            "updated": s.updated.isoformat(), "revision": s.revision, "counts": s.counts,
            "carried_from": s.carried_from}


def _summary(data: dict[str, Any]) -> SessionSummary:
    counts = data["counts"]
    return SessionSummary(
        id=data["id"], title=data["title"], programme=data["programme"], event=data["event"],
        event_date=date.fromisoformat(data["event_date"]) if data["event_date"] else None,
        team=data["team"], updated=datetime.fromisoformat(data["updated"]), revision=data["revision"],
        counts={part: counts[part] for part in PARTS}, carried_from=data["carried_from"])
