"""Whether a room is open in this process, and the listener that serves the app to the room's network.

The app itself always listens on 127.0.0.1 only. Opening a room adds a second listener on the
laptop's network address, on the same port, that forwards every connection byte for byte to the
app on 127.0.0.1 (HTTP and WebSocket alike). Closing the room stops that listener and cuts every
connection that came through it, so the map is on the network only while the room is open.

The app sees a forwarded connection as coming from 127.0.0.1; ``peer_of`` tells it the phone's real
address (for the join page's rate limit and the log). Who may do what is never decided from an
address: that is the codes' job (``werkatelier.rooms``).

No Streamlit here: the server's lifespan and the tests call this directly.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import threading
from contextlib import suppress

from werkatelier.document import WerkatelierError

__all__ = ["ENV_OPEN", "ENV_ROOM", "base_url", "close_room", "is_open", "lan_address", "open_room", "peer_of"]

LOG = logging.getLogger(__name__)
#: ``werkatelier run --room`` sets these for the server: open the room at start (``"1"``), and the
#: facilitator's link to open in the laptop's browser.
ENV_ROOM = "WERKATELIER_ROOM"
ENV_OPEN = "WERKATELIER_OPEN_URL"
#: The app's own address: the room's listener forwards to it.
LOOPBACK = "127.0.0.1"
#: Asking the kernel which source address it would use to reach an address outside (TEST-NET-2,
#: RFC 5737): a UDP connect() only looks up a route, it sends nothing.
_PROBE = ("198.51.100.1", 9)
_CHUNK = 64 * 1024

_lock = threading.Lock()
_room: _Forwarder | None = None


def lan_address() -> str:
    """The laptop's address on the room's network, or WerkatelierError in words a facilitator can act on.

    A socket that is connected (never sent on) to an outside address gets the source address the
    kernel would use: the address of the network the laptop is on.
    """
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_PROBE)
            address = probe.getsockname()[0]
    except OSError:
        address = ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        ip = None
    if ip is None or ip.is_loopback or ip.is_unspecified:
        raise WerkatelierError(
            "This laptop is not on a network, so phones cannot reach it. Join the venue's wifi "
            "(or a phone's hotspot or a travel router) and try again.")
    return address


def _url(host: str, port: int) -> str:
    return f"http://{host}:{port}"


class _Forwarder:
    """One listener on (host, port) forwarding to (target_host, target_port), on its own loop."""

    def __init__(self, host: str, port: int, target_host: str, target_port: int) -> None:
        self.host, self.port = host, port
        self.target = (target_host, target_port)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self._run, name="werkatelier-room", daemon=True)
        self.server: asyncio.AbstractServer | None = None
        #: The forwarder's own local port towards the app -> the address of the browser behind it.
        self.peers: dict[int, str] = {}
        self.writers: set[asyncio.StreamWriter] = set()
        self.tasks: set[asyncio.Task[None]] = set()

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.loop.run_forever()
        self.loop.close()

    def start(self) -> None:
        self.thread.start()
        future = asyncio.run_coroutine_threadsafe(self._listen(), self.loop)
        try:
            future.result(10)
        except BaseException:
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(5)
            raise

    async def _listen(self) -> None:
        self.server = await asyncio.start_server(self._handle, self.host, self.port, reuse_address=True)

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self.tasks.add(task)
        peer = writer.get_extra_info("peername")
        local: int | None = None
        up_writer: asyncio.StreamWriter | None = None
        self.writers.add(writer)
        try:
            try:
                up_reader, up_writer = await asyncio.open_connection(*self.target)
            except OSError:
                LOG.warning("room: the app at %s:%s does not answer", *self.target)
                return
            self.writers.add(up_writer)
            local = up_writer.get_extra_info("sockname")[1]
            # Known before the first byte reaches the app, so the app can always look it up.
            self.peers[local] = peer[0] if peer else ""
            await asyncio.gather(_pipe(reader, up_writer), _pipe(up_reader, writer))
        except (OSError, asyncio.CancelledError):
            pass
        finally:
            if local is not None:
                self.peers.pop(local, None)
            for w in (writer, up_writer):
                if w is not None:
                    self.writers.discard(w)
                    _abort(w)
            if task is not None:
                self.tasks.discard(task)

    async def _stop(self) -> None:
        if self.server is not None:
            self.server.close()
        for w in list(self.writers):
            _abort(w)
        for task in list(self.tasks):
            task.cancel()
        if self.tasks:
            await asyncio.wait(list(self.tasks), timeout=5)
        if self.server is not None:
            with suppress(Exception):
                await asyncio.wait_for(self.server.wait_closed(), 5)

    def stop(self) -> None:
        if self.loop.is_closed():
            return
        with suppress(Exception):
            asyncio.run_coroutine_threadsafe(self._stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Copy bytes until the reader's end; then pass the end on (half close), as TCP would."""
    try:
        while True:
            data = await reader.read(_CHUNK)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except OSError:
        _abort(writer)


def _abort(writer: asyncio.StreamWriter) -> None:
    transport = writer.transport
    if not transport.is_closing():
        transport.abort()


def open_room(port: int, *, host: str | None = None, listen_port: int | None = None,
              target_host: str = LOOPBACK) -> str:
    """Serve the app at ``target_host:port`` on the room's network; returns the room's base URL.

    ``host`` is the address to listen on (by default the laptop's network address, ``lan_address``)
    and ``listen_port`` the port (by default the app's own). Tests pass a second loopback address,
    so no test traffic goes to the machine's network address. Opening an open room is refused.
    """
    global _room
    if host is None:
        host = lan_address()
    listen = port if listen_port is None else listen_port
    with _lock:
        if _room is not None:
            raise WerkatelierError(f"A room is already open at {_url(_room.host, _room.port)}.")
        room = _Forwarder(host, listen, target_host, port)
        try:
            room.start()
        except OSError as e:
            raise WerkatelierError(
                f"The room cannot listen on {host}:{listen} ({e.strerror or e}). Is another "
                f"Werkatelier or program using port {listen}? Start with another --port.") from e
        _room = room
    LOG.info("room open at %s", _url(host, listen))
    return _url(host, listen)


def close_room() -> None:
    """Stop listening on the network and cut every connection that came through it."""
    global _room
    with _lock:
        room, _room = _room, None
    if room is not None:
        room.stop()
        LOG.info("room closed")


def is_open() -> bool:
    """Whether this process has a room open."""
    return _room is not None


def base_url() -> str | None:
    """The open room's base URL (``http://192.168.1.23:8501``), None while no room is open."""
    room = _room
    return _url(room.host, room.port) if room is not None else None


def peer_of(host: str, port: int | None) -> str:
    """The address of the browser behind a connection the app sees from ``host:port``.

    A connection that came through the room's listener reaches the app from 127.0.0.1 and the
    listener's own port; that port names the browser. Anything else is ``host`` itself.
    """
    room = _room
    if room is not None and port is not None and host == room.target[0]:
        return room.peers.get(port, host)
    return host
