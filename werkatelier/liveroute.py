"""The live room's WebSocket route, added to the app with ``st.App(routes=liveroute.routes())``.

One socket per session per browser tab. The server sends ``{"rev": n, "screens": k}`` whenever
the session gets a new revision or a screen opens or closes, and ``{"view": {x, y, scale}}``
when another screen shares its viewport. The browser may send ``{"resync": true}`` (it woke up:
tell me the state again) and ``{"view": {x, y, scale}}`` (follow me). Nothing else travels:
no post-it text, so the route leaks nothing but a revision number and a count.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from werkatelier import live
from werkatelier.document import WerkatelierError

#: Reads a session's current revision from the store, None when it cannot be had.
Revisions = Callable[[str], int | None]

#: Outside Streamlit's reserved prefixes (/_stcore/, /media/, /component/, /app/static/).
PATH = "/_werkatelier/live/{session_id}"
PREFIX = PATH.split("{")[0]
#: A browser says very little; anything longer is not ours.
MAX_MESSAGE = 1024
#: A screen that does not read its messages (a stuck tab) is let go, not buffered for ever.
MAX_QUEUED = 256
#: Close codes: 1008 policy violation (origin, id), 1013 try again later (too far behind).
POLICY, BEHIND = 1008, 1013


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
             allowed_origins: Iterable[str] = ()) -> Callable[[WebSocket], Any]:
    """The socket handler: subscribes to ``hub``; ``revisions()`` (made at the first socket) reads a
    session's current revision from the store whose writes reach the hub."""
    allowed = tuple(allowed_origins)

    async def live_socket(websocket: WebSocket) -> None:
        session_id = websocket.path_params.get("session_id")
        if not origin_allowed(websocket.headers.get("origin"), websocket.headers.get("host"), allowed) \
                or not live.valid_session_id(session_id):
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
            sender.cancel()
            with suppress(asyncio.CancelledError, WebSocketDisconnect, RuntimeError, OSError):
                await sender

    return live_socket


async def _send(websocket: WebSocket, queue: asyncio.Queue[dict[str, Any]]) -> None:
    while True:
        message = await queue.get()
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
           allowed_origins: Iterable[str] = ()) -> list[WebSocketRoute]:
    """The routes to give ``st.App(..., routes=...)``: the live socket, on the store at ``data_dir``
    (by default the one the app uses: --store / --data-dir / $WERKATELIER_STORE / the data dir)."""
    made: list[Revisions] = []

    def revisions() -> Revisions:
        # Made at the first socket, not at import: `werkatelier run` sets the environment first.
        if not made:
            from werkatelier import store

            made.append(store_revisions(hub, data_dir if data_dir is not None else store.store_target()))
        return made[0]

    return [WebSocketRoute(PATH, endpoint(hub, revisions, allowed_origins), name="werkatelier-live")]
