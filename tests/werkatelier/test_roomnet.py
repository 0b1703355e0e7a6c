"""The room's listener: bytes in both directions (HTTP and WebSocket), the real peer, and a clean close.

All on loopback: the room listens on 127.0.0.2 and the clients come from 127.0.0.3, so no test
traffic goes to the machine's network address, and the app (on 127.0.0.1) can tell them apart.
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import time
from collections.abc import Iterator

import pytest
from netserve import serving
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from werkatelier import roomnet
from werkatelier.document import WerkatelierError

ROOM_HOST, CLIENT_HOST = "127.0.0.2", "127.0.0.3"


async def who(request: Request) -> PlainTextResponse:
    client = request.client
    assert client is not None
    body = await request.body()
    return PlainTextResponse(f"{client.host} {roomnet.peer_of(client.host, client.port)} {len(body)}")


async def echo(websocket: WebSocket) -> None:
    await websocket.accept()
    client = websocket.client
    assert client is not None
    await websocket.send_text(roomnet.peer_of(client.host, client.port))
    while True:
        await websocket.send_text((await websocket.receive_text()).upper())


@contextlib.contextmanager
def app_on_loopback() -> Iterator[int]:
    """A small app on 127.0.0.1 only, as Werkatelier's; yields its port."""
    app = Starlette(routes=[Route("/who", who, methods=["GET", "POST"]), WebSocketRoute("/echo", echo)])
    with serving(app) as port:
        yield port


@pytest.fixture
def room() -> Iterator[tuple[int, str]]:
    with app_on_loopback() as port:
        url = roomnet.open_room(port, host=ROOM_HOST)
        try:
            yield port, url
        finally:
            roomnet.close_room()


def from_client(port: int) -> socket.socket:
    """A connection to the room's listener from another address than the app's own."""
    sock = socket.socket()
    sock.settimeout(5)
    sock.bind((CLIENT_HOST, 0))
    sock.connect((ROOM_HOST, port))
    return sock


def get(port: int, path: str, body: bytes | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection(ROOM_HOST, port, timeout=5, source_address=(CLIENT_HOST, 0))
    try:
        conn.request("POST" if body is not None else "GET", path, body=body)
        response = conn.getresponse()
        return response.status, response.read().decode()
    finally:
        conn.close()


def test_open_room_serves_http_through_the_listener_and_the_app_learns_the_real_peer(room):
    port, url = room
    assert url == f"http://{ROOM_HOST}:{port}"
    assert roomnet.is_open() and roomnet.base_url() == url
    # The app sees the listener's own connection from 127.0.0.1; peer_of names the client behind it.
    assert get(port, "/who") == (200, f"127.0.0.1 {CLIENT_HOST} 0")
    # A body bigger than one read goes through whole.
    assert get(port, "/who", b"x" * 300_000) == (200, f"127.0.0.1 {CLIENT_HOST} 300000")
    # Once the connection is closed its port no longer names anyone.
    deadline = time.monotonic() + 2
    while roomnet._room is not None and roomnet._room.peers and time.monotonic() < deadline:
        time.sleep(0.02)
    assert roomnet._room is not None and roomnet._room.peers == {}


def test_a_websocket_round_trips_through_the_listener(room):
    port, _ = room
    with connect(f"ws://{ROOM_HOST}:{port}/echo", sock=from_client(port), open_timeout=5) as ws:
        assert ws.recv(timeout=5) == CLIENT_HOST
        ws.send("hallo zaal")
        assert ws.recv(timeout=5) == "HALLO ZAAL"


def test_peer_of_leaves_other_connections_alone(room):
    assert roomnet.peer_of("127.0.0.1", 1) == "127.0.0.1"  # the laptop's own browser
    assert roomnet.peer_of("10.1.2.3", 50000) == "10.1.2.3"


def test_close_room_stops_listening_and_cuts_live_connections():
    with app_on_loopback() as port:
        roomnet.open_room(port, host=ROOM_HOST)
        with connect(f"ws://{ROOM_HOST}:{port}/echo", sock=from_client(port), open_timeout=5) as ws:
            try:
                assert ws.recv(timeout=5) == CLIENT_HOST
            finally:
                roomnet.close_room()
            assert not roomnet.is_open() and roomnet.base_url() is None
            with pytest.raises(ConnectionClosed):
                ws.send("nog iemand?")
                ws.recv(timeout=5)
        with pytest.raises(OSError):
            from_client(port)
        # The app itself still answers on 127.0.0.1.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        conn.request("GET", "/who")
        assert conn.getresponse().status == 200
        conn.close()


def test_a_second_room_or_a_taken_port_is_refused_in_words():
    with app_on_loopback() as port:
        roomnet.open_room(port, host=ROOM_HOST)
        try:
            with pytest.raises(WerkatelierError, match="already open"):
                roomnet.open_room(port, host=ROOM_HOST)
        finally:
            roomnet.close_room()
        # The app's own address and port are taken: the room says which port to change.
        with pytest.raises(WerkatelierError, match=f"port {port}"):
            roomnet.open_room(port, host="127.0.0.1")
        assert not roomnet.is_open()


def test_no_network_is_refused_in_words_a_facilitator_can_act_on(monkeypatch):
    class NoRoute:
        def __init__(self, *args: object) -> None:
            pass

        def __enter__(self) -> NoRoute:
            return self

        def __exit__(self, *args: object) -> None:
            pass

        def connect(self, address: object) -> None:
            raise OSError(101, "Network is unreachable")

    monkeypatch.setattr(roomnet.socket, "socket", NoRoute)
    with pytest.raises(WerkatelierError, match="not on a network"):
        roomnet.lan_address()

    class Loopback(NoRoute):
        def connect(self, address: object) -> None:
            pass

        def getsockname(self) -> tuple[str, int]:
            return ("127.0.0.1", 40000)

    monkeypatch.setattr(roomnet.socket, "socket", Loopback)
    with pytest.raises(WerkatelierError, match="hotspot"):
        roomnet.open_room(8501)
    assert not roomnet.is_open()
