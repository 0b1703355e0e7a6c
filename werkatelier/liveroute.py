"""The live room's WebSocket route, added to the app with ``st.App(routes=liveroute.routes())``.

One socket per session per browser tab. The server sends ``{"rev": n, "screens": k}`` whenever
the session gets a new revision or a screen opens or closes, and ``{"view": {x, y, scale}}``
when another screen shares its viewport. The browser may send ``{"resync": true}`` (it woke up:
tell me the state again) and ``{"view": {x, y, scale}}`` (follow me). Nothing else travels:
no post-it text, so the route leaks nothing but a revision number and a count.

While a room is open (``werkatelier.roomnet``) a socket opens only for a browser whose codes may
open that session (``werkatelier.rooms.Role.may_open``), and a participant's socket is closed with
4401 once its join code is replaced (checked every ``RECHECK_S`` by one task for all sockets, and
at once on ``live.Hub.kick``); the page then reloads and the gate asks for the new code.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from werkatelier import live, roomgate, roomnet
from werkatelier.document import WerkatelierError
from werkatelier.rooms import Role, Rooms

LOG = logging.getLogger(__name__)

#: Reads a session's current revision from the store, None when it cannot be had.
Revisions = Callable[[str], int | None]

#: Outside Streamlit's reserved prefixes (/_stcore/, /media/, /component/, /app/static/).
PATH = "/_werkatelier/live/{session_id}"
PREFIX = PATH.split("{")[0]
#: A browser says very little; anything longer is not ours.
MAX_MESSAGE = 1024
#: A screen that does not read its messages (a stuck tab) is let go, not buffered for ever.
MAX_QUEUED = 256
#: Close codes: 1008 policy violation (origin, id, no code), 1013 try again later (too far behind),
#: 4401 the join code this screen came in with was replaced (live.js reloads the page).
POLICY, BEHIND, REVOKED = 1008, 1013, 4401
#: How often the participants' codes are checked again, for all sockets at once.
RECHECK_S = 2.0


class _Revoked:
    """Put in a socket's queue: its sender closes it with REVOKED (one writer per socket)."""


_REVOKE = _Revoked()


class Guard:
    """The participants' sockets of one endpoint, checked against the codes by one periodic task.

    Lives on the server's event loop: ``watch`` and ``unwatch`` are called from the socket
    handlers, ``check_soon`` from the loop (``Hub.kick`` hands it over with call_soon_threadsafe).
    Nothing runs while no participant is connected.
    """

    def __init__(self, codes: Callable[[], Rooms], room_open: Callable[[], bool],
                 interval: float = RECHECK_S) -> None:
        self.codes, self.room_open, self.interval = codes, room_open, interval
        self._watched: dict[int, tuple[Role, Callable[[], None]]] = {}
        self._next = 0
        self._task: asyncio.Task[None] | None = None
        self._wake: asyncio.Event | None = None

    def watch(self, role: Role, close: Callable[[], None]) -> int:
        self._next += 1
        self._watched[self._next] = (role, close)
        if self._task is None or self._task.done():
            self._wake = asyncio.Event()
            self._task = asyncio.get_running_loop().create_task(self._run())
        return self._next

    def unwatch(self, token: int) -> None:
        self._watched.pop(token, None)

    def check_soon(self) -> None:
        if self._wake is not None:
            self._wake.set()

    async def _run(self) -> None:
        wake = self._wake
        assert wake is not None
        while self._watched:
            with suppress(TimeoutError):
                await asyncio.wait_for(wake.wait(), self.interval)
            wake.clear()
            with suppress(Exception):  # a store that is away now is asked again next time
                await self.check()

    async def check(self) -> int:
        """Close every watched socket whose join code no longer opens its session; how many."""
        if not self._watched or not self.room_open():
            return 0
        codes = {role.code for role, _ in self._watched.values()}
        rooms = self.codes
        now = await asyncio.to_thread(lambda: {code: rooms().session_for(code) for code in codes})
        closed = 0
        for token, (role, close) in list(self._watched.items()):
            if now.get(role.code) != role.session_id:
                LOG.warning("room: closed a screen of %s whose join code %s was replaced",
                            role.session_id, roomgate.shown(role.code))
                self._watched.pop(token, None)
                close()
                closed += 1
        return closed


def origin_allowed(origin: str | None, host: str | None, allowed: Iterable[str] = ()) -> bool:
    """Whether a socket may open: no Origin (not a browser), the page's own origin (the Origin's
    host and port are the Host the socket was opened on, as Streamlit's own socket checks), or
    one of ``allowed`` (full origins such as ``https://room.example``).

    >>> origin_allowed("http://127.0.0.1:8501", "127.0.0.1:8501")
    True
    >>> origin_allowed("https://evil.example", "127.0.0.1:8501"), origin_allowed("null", "a:1")
    (False, False)
    >>> origin_allowed(None, "127.0.0.1:8501")
    True
    """
    if origin is None:
        return True
    if origin in set(allowed):
        return True
    parsed = urlparse(origin)
    return bool(parsed.scheme in ("http", "https") and parsed.netloc and parsed.netloc == host)


def _decode(text: str) -> dict[str, Any] | None:
    if len(text) > MAX_MESSAGE:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def endpoint(hub: live.Hub = live.HUB, revisions: Callable[[], Revisions] | None = None,
             allowed_origins: Iterable[str] = (), *, codes: Callable[[], Rooms] | None = None,
             room_open: Callable[[], bool] = roomnet.is_open) -> Callable[[WebSocket], Any]:
    """The socket handler: subscribes to ``hub``; ``revisions()`` (made at the first socket) reads a
    session's current revision from the store whose writes reach the hub. While ``room_open()``,
    the browser's cookies must give a role (from ``codes()``) that may open the session."""
    allowed = tuple(allowed_origins)
    guard = Guard(codes, room_open) if codes is not None else None

    async def live_socket(websocket: WebSocket) -> None:
        session_id = websocket.path_params.get("session_id")
        if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host"), allowed) \
                or not live.valid_session_id(session_id):
            await websocket.close(code=POLICY)
            return
        role: Role | None = None
        if guard is not None and room_open():
            role = await roomgate.role_of(websocket.scope, guard.codes)
            if role is None or not role.may_open(session_id):
                LOG.warning("room: refused a live socket for %s from %s (%s)", session_id,
                            roomgate.client_address(websocket.scope),
                            "no code" if role is None else f"a participant of {role.session_id}")
                await websocket.close(code=POLICY)
                return
        await websocket.accept()
        if revisions is not None:
            # Writes by the CLI or a second server reach this process's hub (the folder's watcher,
            # the database's NOTIFY); the current revision is read once, so a write made before
            # that started (or between the page being drawn and this socket opening) is not missed.
            rev = await asyncio.to_thread(revisions(), session_id)
            if rev is not None:
                hub.announce(session_id, rev)
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

        def deliver(message: dict[str, Any]) -> None:
            loop.call_soon_threadsafe(queue.put_nowait, message)

        watched: int | None = None
        if guard is not None and role is not None and not role.facilitator:
            def revoke() -> None:
                queue.put_nowait(_REVOKE)  # type: ignore[arg-type]

            watched = guard.watch(role, revoke)
            sub = hub.subscribe(session_id, deliver,
                                kick=lambda: loop.call_soon_threadsafe(guard.check_soon))
        else:
            sub = hub.subscribe(session_id, deliver)
        sender = asyncio.create_task(_send(websocket, queue))
        try:
            while True:
                received = await websocket.receive()
                if received["type"] == "websocket.disconnect":
                    break
                message = _decode(received.get("text") or "")
                if message is None:
                    continue
                if message.get("resync"):
                    hub.resync(sub)
                if "view" in message:
                    hub.send_view(sub, message["view"])
        except (WebSocketDisconnect, RuntimeError):
            pass  # gone, or closed by the sender for falling behind
        finally:
            hub.unsubscribe(sub)
            if watched is not None and guard is not None:
                guard.unwatch(watched)
            sender.cancel()
            with suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError, OSError):
                await sender

    return live_socket


async def _send(websocket: WebSocket, queue: asyncio.Queue[dict[str, Any]]) -> None:
    while True:
        message = await queue.get()
        if message is _REVOKE:
            await websocket.close(code=REVOKED)
            return
        if queue.qsize() > MAX_QUEUED:
            await websocket.close(code=BEHIND)
            return
        await websocket.send_text(json.dumps(message, separators=(",", ":")))


def store_revisions(hub: live.Hub, target: str | os.PathLike[str]) -> Revisions:
    """Make every write to the store at ``target`` reach ``hub``, and read its revisions: a folder
    is watched (the CLI, a second server), a database is listened to (NOTIFY, from any server)."""
    from werkatelier import store

    if not store.is_database_url(target):
        root = Path(target).resolve()
        hub.watch(root)
        return lambda session_id: live.read_revision(root, session_id)
    database = store.open_store(target)
    database.listen(hub)

    def revision(session_id: str) -> int | None:
        try:
            return database.get(session_id).revision
        except (WerkatelierError, ConnectionError):  # gone, or the database is away: the poll tries again
            return None
    return revision


def routes(*, hub: live.Hub = live.HUB, data_dir: str | os.PathLike[str] | None = None,
           allowed_origins: Iterable[str] = (), room_open: Callable[[], bool] = roomnet.is_open
           ) -> list[WebSocketRoute]:
    """The routes to give ``st.App(..., routes=...)``: the live socket, on the store at ``data_dir``
    (by default the one the app uses: --store / --data-dir / $WERKATELIER_STORE / the data dir),
    whose room codes it checks while ``room_open()``."""
    made: list[Revisions] = []

    def codes() -> Rooms:
        return roomgate.app_rooms(data_dir)

    def revisions() -> Revisions:
        # Made at the first socket, not at import: `werkatelier run` sets the environment first.
        if not made:
            from werkatelier import store

            made.append(store_revisions(hub, data_dir if data_dir is not None else store.store_target()))
        return made[0]

    return [WebSocketRoute(PATH, endpoint(hub, revisions, allowed_origins, codes=codes, room_open=room_open),
                           name="werkatelier-live")]
