"""The live socket route on a real uvicorn server (no Streamlit): origin check, pushes, presence, views."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator

import pytest
from netserve import serving as served
from starlette.applications import Starlette
from websockets.exceptions import InvalidStatus
from websockets.sync.client import ClientConnection, connect

from werkatelier import live, liveroute
from werkatelier.ops import AddStakeholder
from werkatelier.store import FileStore


@contextlib.contextmanager
def serving(target, hub: live.Hub) -> Iterator[str]:
    """The live route alone on a real uvicorn, on the store at target; yields host:port."""
    app = Starlette(routes=liveroute.routes(hub=hub, data_dir=target))
    try:
        with served(app) as port:
            yield f"127.0.0.1:{port}"
    finally:
        hub.close()


@pytest.fixture
def server(tmp_path) -> Iterator[tuple[str, live.Hub, FileStore]]:
    hub = live.Hub()
    with serving(tmp_path, hub) as host:
        yield host, hub, FileStore(tmp_path)


def open_socket(host: str, session_id: str, origin: str | None = "same") -> ClientConnection:
    origin = f"http://{host}" if origin == "same" else origin
    return connect(f"ws://{host}/_werkatelier/live/{session_id}", origin=origin, open_timeout=5)


def receive(ws: ClientConnection, timeout: float = 2.0) -> dict:
    return json.loads(ws.recv(timeout=timeout))


def receive_until(ws: ClientConnection, check, timeout: float = 2.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        message = receive(ws, max(0.01, deadline - time.monotonic()))
        if check(message):
            return message


def test_a_socket_from_another_site_or_for_no_session_is_refused(server):
    host, hub, store = server
    doc = store.create("Wijkaanpak")
    for origin, sid in (("https://evil.example", doc.id), ("same", "..%2Fetc"), ("null", doc.id)):
        with pytest.raises((InvalidStatus, ConnectionError, OSError)), \
                open_socket(host, sid, origin) as ws:
            ws.recv(timeout=2)
    assert hub.screens(doc.id) == 0


def test_every_screen_is_told_each_new_revision_and_how_many_screens_are_open(server):
    host, hub, store = server
    doc = store.create("Wijkaanpak")
    with open_socket(host, doc.id) as a:
        assert receive(a) == {"rev": 1, "screens": 1}  # read from the file: nothing announced yet
        with open_socket(host, doc.id) as b, open_socket(host, doc.id, origin=None) as c:
            assert receive_until(a, lambda m: m["screens"] == 3) == {"rev": 1, "screens": 3}
            hub.announce(doc.id, 2)
            for ws in (a, b, c):
                assert receive_until(ws, lambda m: m["rev"] == 2) == {"rev": 2, "screens": 3}
        assert receive_until(a, lambda m: m["screens"] == 1) == {"rev": 2, "screens": 1}
    deadline = time.monotonic() + 2
    while hub.screens(doc.id):
        assert time.monotonic() < deadline
        time.sleep(0.02)


def test_a_write_through_the_store_reaches_the_socket_through_the_watcher(server):
    host, hub, store = server
    doc = store.create("Wijkaanpak")
    with open_socket(host, doc.id) as a:
        assert receive(a)["rev"] == 1
        # This FileStore is not hooked to the hub: only the watcher can tell.
        store.apply(doc.id, AddStakeholder(name="Wijkteam"))
        assert receive_until(a, lambda m: m["rev"] == 2, timeout=1.0)["rev"] == 2


def test_resync_and_view_relay_and_junk_is_ignored(server):
    host, hub, store = server
    doc = store.create("Wijkaanpak")
    with open_socket(host, doc.id) as facilitator, open_socket(host, doc.id) as projector:
        receive_until(facilitator, lambda m: m.get("screens") == 2)
        receive_until(projector, lambda m: m.get("screens") == 2)
        facilitator.send("not json")
        facilitator.send(json.dumps(["a"]))
        facilitator.send("x" * 5000)
        facilitator.send(json.dumps({"view": {"x": 10, "y": -5, "scale": 2}}))
        assert receive(projector) == {"view": {"x": 10.0, "y": -5.0, "scale": 2.0}}
        projector.send(json.dumps({"resync": True}))
        assert receive(projector) == {"rev": 1, "screens": 2}
        with pytest.raises(TimeoutError):
            facilitator.recv(timeout=0.3)  # neither its own view nor the other's resync


def test_on_a_database_a_write_by_another_server_reaches_an_open_screen_within_a_second(pg_stores):
    other_server = pg_stores()
    sid = other_server.create("Live").id
    with serving(pg_stores.url, live.Hub()) as host, open_socket(host, sid) as ws:
        assert receive_until(ws, lambda m: m.get("rev") == 1)["screens"] == 1
        other_server.apply(sid, AddStakeholder(name="Wijkagent"))
        assert receive_until(ws, lambda m: m.get("rev") == 2, timeout=1.0)["rev"] == 2
