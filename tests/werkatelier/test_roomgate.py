"""The room's door on a real uvicorn (no Streamlit): what a browser without a code sees, what the
join and facilitator links hand out, the rate limit per address, and the live socket's checks.

Starlette's TestClient needs httpx2, which the project does not install; a real server on 127.0.0.1
with http.client and websockets tests the same and more. Clients come from 127.0.0.3 and 127.0.0.4
(loopback), so the rate limit sees two addresses without any traffic leaving the machine.
"""

from __future__ import annotations

import http.client
import json
import logging
import time
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any

import pytest
from netserve import serving
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from werkatelier import i18n, live, liveroute, roomgate
from werkatelier.rooms import FACILITATOR_COOKIE, JOIN_COOKIE, VOTER_COOKIE, Rooms
from werkatelier.store import FileStore

TITLE = "Geheime herindeling Noord"
FIRST, SECOND = "127.0.0.3", "127.0.0.4"


async def page(request: Request) -> PlainTextResponse:
    return PlainTextResponse(f"the app: {request.url.path}")


async def stream(websocket: WebSocket) -> None:
    await websocket.accept()
    await websocket.send_text("streamlit")
    await websocket.close()


class Room:
    """The gate and its doors in front of a stand-in app and the real live route."""

    def __init__(self, root: Path) -> None:
        self.store = FileStore(root)
        self.codes = Rooms(self.store)
        self.open = True
        self.hub = live.Hub()
        self.limit = roomgate.RateLimit(tries=4, window=60)
        self.sid = self.store.create(TITLE).id
        self.other = self.store.create("Andere sessie").id
        app = Starlette(
            routes=[*roomgate.routes(codes=lambda: self.codes, limit=self.limit),
                    *liveroute.routes(hub=self.hub, data_dir=root, room_open=lambda: self.open),
                    Route("/", page), Route("/meedoen", page), Route("/static/js/main.js", page),
                    Route("/_stcore/health", page), WebSocketRoute("/_stcore/stream", stream)],
            middleware=[Middleware(roomgate.RoomGate, codes=lambda: self.codes, room_open=lambda: self.open)])
        self.app = app


@pytest.fixture
def room(tmp_path) -> Iterator[tuple[Room, int]]:
    r = Room(tmp_path)
    # The live route's own codes are the app's for that folder: the same process-wide Rooms.
    r.codes = roomgate.app_rooms(tmp_path)
    with serving(r.app) as port:
        yield r, port
    r.hub.close()


class Response:
    def __init__(self, status: int, headers: http.client.HTTPMessage, body: str) -> None:
        self.status, self.headers, self.body = status, headers, body

    def cookies(self) -> dict[str, Any]:
        jar: SimpleCookie = SimpleCookie()
        for header in self.headers.get_all("set-cookie") or []:
            jar.load(header)
        return {name: morsel for name, morsel in jar.items()}


def get(port: int, path: str, *, cookies: dict[str, str] | None = None, source: str = FIRST,
        headers: dict[str, str] | None = None) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5, source_address=(source, 0))
    sent = dict(headers or {})
    if cookies:
        sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    try:
        conn.request("GET", path, headers=sent)
        r = conn.getresponse()
        return Response(r.status, r.headers, r.read().decode())
    finally:
        conn.close()


def open_socket(port: int, path: str, cookies: dict[str, str] | None = None):
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else None
    return connect(f"ws://127.0.0.1:{port}{path}", origin=f"http://127.0.0.1:{port}",
                   additional_headers=headers, open_timeout=5)


def joined(r: Room, port: int, sid: str | None = None, source: str = FIRST) -> dict[str, str]:
    """The cookies a phone holds after following the session's join link."""
    answer = get(port, f"/_werkatelier/join?code={r.codes.join_code(sid or r.sid)}", source=source)
    assert answer.status == 303
    return {name: m.value for name, m in answer.cookies().items()}


# --- the gate ---------------------------------------------------------------------------------------

def test_without_a_code_a_page_is_the_code_prompt_and_nothing_of_the_app(room):
    r, port = room
    for path in ("/", "/meedoen?session=" + r.sid, "/kaart"):
        answer = get(port, path)
        assert answer.status == 200
        assert answer.body.startswith("<!doctype html>")
        assert i18n.t("room.gate.title", "nl") in answer.body
        assert 'action="/_werkatelier/join"' in answer.body and 'name="code"' in answer.body
        assert "the app" not in answer.body and TITLE not in answer.body
    # Self-contained: no script, and nothing fetched from anywhere.
    body = get(port, "/").body
    assert "<script" not in body and "http://" not in body and "https://" not in body
    assert "src=" not in body


def test_the_prompt_speaks_english_when_asked_or_preferred(room):
    r, port = room
    assert i18n.t("room.gate.submit", "en") in get(port, "/?lang=en").body
    preferred = get(port, "/", headers={"Accept-Language": "en-GB,en;q=0.9"}).body
    assert '<html lang="en">' in preferred and i18n.t("room.gate.title", "en") in preferred
    assert '<html lang="nl">' in get(port, "/", headers={"Accept-Language": "fr"}).body


def test_without_a_code_files_are_403_and_sockets_are_refused(room):
    r, port = room
    for path in ("/media/export.xlsx", "/_stcore/upload_file/x", "/app/static/x.png"):
        answer = get(port, path)
        assert (answer.status, answer.body) == (403, "403"), path
    # The app's own code holds nothing of a session: a tab that opened the room still loads it.
    assert get(port, "/static/js/main.js").body == "the app: /static/js/main.js"
    for path in ("/_stcore/stream", f"/_werkatelier/live/{r.sid}"):
        with pytest.raises(InvalidStatus) as refused, open_socket(port, path) as ws:
            ws.recv(timeout=2)
        assert refused.value.response.status_code == 403
    assert get(port, "/_stcore/health").body == "the app: /_stcore/health"


def test_with_no_room_open_everything_passes_as_on_one_laptop(room):
    r, port = room
    r.open = False
    assert get(port, "/").body == "the app: /"
    assert get(port, "/static/js/main.js").body == "the app: /static/js/main.js"
    with open_socket(port, "/_stcore/stream") as ws:
        assert ws.recv(timeout=2) == "streamlit"


def test_the_join_link_sets_the_cookies_and_leads_to_the_session(room):
    r, port = room
    code = r.codes.join_code(r.sid)
    answer = get(port, f"/_werkatelier/join?code={code.lower().replace('-', '+')}")  # as typed
    assert answer.status == 303
    assert answer.headers["location"] == f"/?session={r.sid}"
    cookies = answer.cookies()
    assert cookies[JOIN_COOKIE].value == code
    assert len(cookies[VOTER_COOKIE].value) >= 16
    for morsel in cookies.values():
        assert morsel["httponly"] and morsel["samesite"].lower() == "lax" and morsel["path"] == "/"
        assert 11 * 3600 <= int(morsel["max-age"]) <= 13 * 3600
    # A voter token already held is kept: the same phone's dots stay the same phone's.
    again = get(port, f"/_werkatelier/join?code={code}", cookies={VOTER_COOKIE: "mijn-token"})
    assert VOTER_COOKIE not in again.cookies() and again.cookies()[JOIN_COOKIE].value == code
    # With the cookie the participant gets past the gate.
    held = {JOIN_COOKIE: code}
    assert get(port, f"/meedoen?session={r.sid}", cookies=held).body == "the app: /meedoen"
    with open_socket(port, "/_stcore/stream", held) as ws:
        assert ws.recv(timeout=2) == "streamlit"


def test_a_wrong_or_old_code_gets_the_prompt_and_a_plain_sentence_only(room, caplog):
    r, port = room
    old = r.codes.join_code(r.sid)
    r.codes.new_join_code(r.sid)
    caplog.set_level(logging.WARNING, logger="werkatelier.roomgate")
    for code in (old, "AAA-BBB-CCC", "<script>alert(1)</script>"):
        answer = get(port, f"/_werkatelier/join?code={code}")
        assert answer.status == 403
        assert i18n.t("room.gate.wrong_code", "nl") in answer.body
        assert TITLE not in answer.body and r.sid not in answer.body
        assert "<script>" not in answer.body
        assert answer.cookies() == {}
    # The old cookie no longer opens anything either.
    assert i18n.t("room.gate.title", "nl") in get(port, "/", cookies={JOIN_COOKIE: old}).body
    refusals = [rec.getMessage() for rec in caplog.records if "refused" in rec.getMessage()]
    assert len(refusals) == 3 and all(FIRST in m for m in refusals)
    assert not any(old in m for m in refusals)  # never the code in full


def test_guessing_is_slowed_per_address(room):
    r, port = room
    for _ in range(4):
        assert get(port, "/_werkatelier/join?code=AAA-BBB-CCC").status == 403
    # Even the right code waits now: a guesser learns nothing from the fifth try.
    slowed = get(port, f"/_werkatelier/join?code={r.codes.join_code(r.sid)}")
    assert slowed.status == 429 and slowed.headers["retry-after"] == "60"
    assert i18n.t("room.gate.too_many", "nl") in slowed.body and slowed.cookies() == {}
    assert get(port, f"/_werkatelier/facilitator?code={r.codes.facilitator_code()}").status == 429
    # Another phone is not held up by the first one's tries.
    assert get(port, f"/_werkatelier/join?code={r.codes.join_code(r.sid)}", source=SECOND).status == 303


def test_the_rate_limit_forgets_after_its_window():
    now = [0.0]
    limit = roomgate.RateLimit(tries=2, window=60, clock=lambda: now[0])
    tries = [limit.allow("a"), limit.allow("a"), limit.allow("a"), limit.allow("b")]
    assert tries == [True, True, False, True]
    now[0] = 59.9
    assert not limit.allow("a")
    now[0] = 60.0
    assert limit.allow("a")


def test_the_facilitator_link_sets_its_cookie_and_a_wrong_one_is_refused(room):
    r, port = room
    code = r.codes.facilitator_code()
    wrong = get(port, "/_werkatelier/facilitator?code=" + code[:-1] + ("A" if code[-1] != "A" else "B"))
    assert wrong.status == 403 and wrong.cookies() == {}
    assert i18n.t("room.gate.wrong_code", "nl") in wrong.body
    answer = get(port, f"/_werkatelier/facilitator?code={code}")
    assert (answer.status, answer.headers["location"]) == (303, "/")
    assert answer.cookies()[FACILITATOR_COOKIE].value == code
    assert answer.cookies()[FACILITATOR_COOKIE]["httponly"]
    assert get(port, "/", cookies={FACILITATOR_COOKIE: code}).body == "the app: /"


# --- the live socket in a room ----------------------------------------------------------------------

def test_the_live_socket_opens_only_for_a_role_that_may_open_the_session(room):
    r, port = room
    participant = joined(r, port)
    with open_socket(port, f"/_werkatelier/live/{r.sid}", participant) as ws:
        assert json.loads(ws.recv(timeout=2))["screens"] == 1
    # A participant of this session cannot follow another one, even past the gate.
    with pytest.raises(InvalidStatus), open_socket(port, f"/_werkatelier/live/{r.other}", participant) as ws:
        ws.recv(timeout=2)
    facilitator = {FACILITATOR_COOKIE: r.codes.facilitator_code()}
    with open_socket(port, f"/_werkatelier/live/{r.other}", facilitator) as ws:
        assert json.loads(ws.recv(timeout=2))["screens"] == 1


def test_the_live_route_alone_refuses_a_socket_without_code_or_for_another_session(tmp_path):
    store = FileStore(tmp_path)
    codes = roomgate.app_rooms(tmp_path)
    mine, other = store.create("Mijn").id, store.create("Andere").id
    hub = live.Hub()
    app = Starlette(routes=liveroute.routes(hub=hub, data_dir=tmp_path, room_open=lambda: True))
    with serving(app) as port:
        for cookies, sid in ((None, mine), ({JOIN_COOKIE: codes.join_code(mine)}, other),
                             ({JOIN_COOKIE: "AAA-BBB-CCC"}, mine)):
            with pytest.raises(InvalidStatus), open_socket(port, f"/_werkatelier/live/{sid}", cookies) as ws:
                ws.recv(timeout=2)
        with open_socket(port, f"/_werkatelier/live/{mine}", {JOIN_COOKIE: codes.join_code(mine)}) as ws:
            assert json.loads(ws.recv(timeout=2))["screens"] == 1
    hub.close()


def test_a_new_join_code_closes_the_participants_sockets_with_4401(room):
    r, port = room
    participant = joined(r, port)
    facilitator = {FACILITATOR_COOKIE: r.codes.facilitator_code()}
    with open_socket(port, f"/_werkatelier/live/{r.sid}", participant) as phone, \
            open_socket(port, f"/_werkatelier/live/{r.sid}", facilitator) as laptop:
        phone.recv(timeout=2)
        laptop.recv(timeout=2)
        started = time.monotonic()
        roomgate.replace_join_code(r.sid, codes=lambda: r.codes, hub=r.hub)
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                phone.recv(timeout=3)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
        assert time.monotonic() - started < 1.0  # the kick, not the periodic check
        # The facilitator's screen stays, and is told one screen fewer.
        deadline = time.monotonic() + 2
        while True:
            message = json.loads(laptop.recv(timeout=2))
            if message.get("screens") == 1 or time.monotonic() > deadline:
                break
        assert message["screens"] == 1


def test_a_code_replaced_by_another_process_closes_the_socket_within_the_periodic_check(room, tmp_path):
    r, port = room
    participant = joined(r, port)
    with open_socket(port, f"/_werkatelier/live/{r.sid}", participant) as phone:
        phone.recv(timeout=2)
        Rooms(FileStore(tmp_path)).new_join_code(r.sid)  # as `werkatelier room ID --new-code` does
        started = time.monotonic()
        with pytest.raises(ConnectionClosed) as closed:
            while True:
                phone.recv(timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401
        assert time.monotonic() - started < liveroute.RECHECK_S + 1.5


def test_a_page_gives_a_browser_its_own_name_once_and_files_do_not():
    async def page(request: Request) -> PlainTextResponse:
        return PlainTextResponse("the app")

    app = Starlette(routes=[Route("/", page), Route("/kaart", page), Route("/static/js/main.js", page)],
                    middleware=[Middleware(roomgate.BrowserName)])
    with serving(app) as port:
        first = get(port, "/kaart").cookies()[roomgate.BROWSER_COOKIE]
        assert len(first.value) == 32 and int(first.value, 16) >= 0 and first["httponly"]
        assert get(port, "/").cookies()[roomgate.BROWSER_COOKIE].value != first.value  # another browser
        named = {roomgate.BROWSER_COOKIE: first.value}
        assert roomgate.BROWSER_COOKIE not in get(port, "/", cookies=named).cookies()
        assert roomgate.BROWSER_COOKIE not in get(port, "/static/js/main.js").cookies()
