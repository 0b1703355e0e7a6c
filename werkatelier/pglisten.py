"""The live room across app servers: each server LISTENs and feeds every committed revision to its hub."""

from __future__ import annotations

import json
import logging
import threading
import time
from typing import Any

import psycopg

from werkatelier.pgstore import CHANNEL, _reason
from werkatelier.store import valid_id

log = logging.getLogger(__name__)


class Listener:
    """One app server's ear on the database: each NOTIFY of a committed revision reaches ``hub.announce``.

    Runs in its own thread on its own connection (LISTEN needs a session, so not a pooled or
    PgBouncer-transaction connection). NOTIFY is not durable: after connecting, and after every
    reconnect, it reads the revisions of the sessions the hub serves (``hub.sessions()``) and
    announces those that moved while it was not listening.
    """

    def __init__(self, conninfo: str, hub: Any, *, url: str = "", heartbeat: float = 10.0,
                 backoff: tuple[float, float] = (0.2, 5.0)) -> None:
        self.conninfo, self.hub, self.url = conninfo, hub, url
        self.heartbeat, self.backoff = heartbeat, backoff
        self.connected = threading.Event()
        self.connections = 0  # how many times it (re)connected
        self._known: dict[str, int] = {}
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="werkatelier-listen", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)

    def _announce(self, session_id: object, revision: object) -> None:
        if not valid_id(session_id) or isinstance(revision, bool) or not isinstance(revision, int):
            return  # anyone who may connect can NOTIFY: only well-formed news goes on
        if revision > self._known.get(session_id, 0):  # type: ignore[arg-type]
            self._known[session_id] = revision  # type: ignore[index]
            self.hub.announce(session_id, revision)

    def heard(self, payload: str) -> None:
        try:
            news = json.loads(payload)
        except ValueError:
            return
        if isinstance(news, dict):
            self._announce(news.get("id"), news.get("rev"))

    def catch_up(self, conn: psycopg.Connection[Any]) -> None:
        served = [sid for sid in self.hub.sessions() if valid_id(sid)]
        if served:
            rows = conn.execute("SELECT id, rev FROM sessions WHERE deleted_at IS NULL AND id = ANY(%s)",
                                (served,)).fetchall()
            for sid, rev in rows:
                self._announce(sid, rev)

    def _run(self) -> None:
        delay = self.backoff[0]
        while not self._stop.is_set():
            try:
                with psycopg.connect(self.conninfo, autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.catch_up(conn)  # after LISTEN: nothing committed from here on is missed
                    self.connections += 1
                    self.connected.set()
                    delay = self.backoff[0]
                    quiet = time.monotonic()
                    while not self._stop.is_set():
                        for n in conn.notifies(timeout=0.5):
                            self.heard(n.payload)
                            quiet = time.monotonic()
                        if time.monotonic() - quiet > self.heartbeat:  # a dead peer shows on a query
                            conn.execute("SELECT 1")
                            quiet = time.monotonic()
            except (psycopg.OperationalError, psycopg.InterfaceError) as e:
                if self.connected.is_set():
                    log.warning("Lost the database's live updates (%s); reconnecting", _reason(e, self.url))
                self.connected.clear()
                self._stop.wait(delay)
                delay = min(delay * 2, self.backoff[1])
            except Exception:  # noqa: BLE001 - a hub that misbehaves must not end the live room
                log.exception("The live listener failed; restarting it")
                self.connected.clear()
                self._stop.wait(delay)
        self.connected.clear()
