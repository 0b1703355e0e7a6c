"""The room's door: while a room is open, only a browser with a code gets past.

``RoomGate`` is a pure ASGI middleware in front of the whole app (Streamlit's pages, its socket,
its files and the live room's socket). While no room is open it lets everything through: the app
listens on 127.0.0.1 only, and the laptop's own browser is the facilitator. While a room is open a
request passes only when its cookies give a role (``werkatelier.rooms.Rooms.role``); any other page
gets the code prompt, any other file a 403, any other socket is refused before it opens.

``routes()`` are the two doors that hand out the cookies: the join link (a session's join code,
from the QR code or typed into the prompt) and the facilitator's link. Guessing is slowed per
address (the phone's real one, ``werkatelier.roomnet.peer_of``), and a wrong code learns nothing:
the same prompt again, with one plain sentence.

No Streamlit here; every word a person reads comes from the locale files.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from werkatelier import i18n, live, roomnet, rooms
from werkatelier.rooms import (
    FACILITATOR_COOKIE,
    FACILITATOR_PATH,
    JOIN_COOKIE,
    JOIN_PATH,
    VOTER_COOKIE,
    Role,
    Rooms,
)

__all__ = ["RateLimit", "RoomGate", "app_rooms", "cookies_of", "prompt_page", "replace_join_code", "role_of",
           "routes"]

LOG = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Where the participants land after joining (the phone view of the session).
#: Where a joined phone lands: the app's root (a participant's only page is its default; a deep
#: link to a page the first load does not know yet would say "Page not found", streamlit#9992).
PARTICIPANT_PAGE = "/"
#: The browser's own random name (see BrowserName), and how long it keeps it: a month.
BROWSER_COOKIE, BROWSER_AGE = "wa_browser", 30 * 24 * 3600
#: How long a browser keeps its codes: a workshop day.
COOKIE_AGE = 12 * 3600
#: Tries at the two doors per address per window; then 429 until the window has passed.
MAX_TRIES, WINDOW_S = 10, 60.0
#: Paths that pass without a code: the health check (the CLI and tests wait for it), the doors,
#: and the icon a browser asks for by itself.
OPEN_PATHS = frozenset({"/_stcore/health", JOIN_PATH, FACILITATOR_PATH, "/favicon.png", "/favicon.ico"})
#: The app's own code (Streamlit's bundle, the components' scripts, the vendored vis-network and the
#: font): the same for everyone and holding nothing of a session, so it passes without a code; a
#: laptop tab that opened the room before holding the facilitator's cookie still loads its parts.
CODE_PREFIXES = ("/static/", "/_stcore/bidi-components/", "/_stcore/host-config")
#: Paths under these are files and services, never a page a person opens.
NOT_PAGES = ("/_stcore/", "/_werkatelier/", "/static/", "/media/", "/component/", "/app/")
#: The scope key under which the gate leaves the role it found, for the routes behind it.
SCOPE_ROLE = "werkatelier.role"


# --- the app's codes, once per process --------------------------------------------------------------

_made: dict[str, Rooms] = {}
_made_lock = threading.Lock()


def app_rooms(target: Any = None) -> Rooms:
    """The codes of the store at ``target`` (by default the app's: --store / --data-dir /
    $WERKATELIER_STORE / the data dir), one ``Rooms`` per store per process, made at first use:
    the gate, the live socket and the facilitator's controls then share one short cache, so a code
    replaced here is out everywhere in this process at once."""
    from werkatelier import store

    key = str(target if target is not None else store.store_target())
    with _made_lock:
        found = _made.get(key)
        if found is None:
            found = _made[key] = Rooms(store.open_store(key))
        return found


def replace_join_code(session_id: str, *, codes: Callable[[], Rooms] = app_rooms,
                      hub: live.Hub | None = None) -> str:
    """A new join code for the session, and everyone who came in with the old one is out at once:
    their live sockets in this process are checked now (``live.Hub.kick``), not at the next round.
    Other processes on the store notice within ``liveroute.RECHECK_S`` plus ``rooms.FRESH_S``."""
    code = codes().new_join_code(session_id)
    (hub if hub is not None else live.HUB).kick(session_id)
    return code


# --- reading a request ------------------------------------------------------------------------------

def cookies_of(scope: Scope) -> dict[str, str]:
    """The cookies an HTTP or WebSocket scope carries (a malformed header gives none)."""
    found: dict[str, str] = {}
    for name, value in scope.get("headers") or ():
        if name == b"cookie":
            jar: SimpleCookie = SimpleCookie()
            try:
                jar.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - http.cookies raises a CookieError for junk
                continue
            found.update({k: m.value for k, m in jar.items()})
    return found


def _header(scope: Scope, wanted: bytes) -> str:
    for name, value in scope.get("headers") or ():
        if name == wanted:
            return str(value.decode("latin-1"))
    return ""


def language(scope: Scope) -> str:
    """Dutch, unless the link says ``?lang=en`` or the browser prefers English to Dutch.

    >>> language({"query_string": b"lang=en", "headers": []})
    'en'
    >>> language({"query_string": b"", "headers": [(b"accept-language", b"en-GB,en;q=0.9,nl;q=0.8")]})
    'en'
    >>> language({"query_string": b"", "headers": [(b"accept-language", b"de, nl;q=0.5, en;q=0.4")]})
    'nl'
    """
    asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [""])[0]
    if asked in i18n.LANGUAGES:
        return asked
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(_header(scope, b"accept-language").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        if params.strip().startswith("q="):
            try:
                q = float(params.strip()[2:])
            except ValueError:
                q = 0.0
        lang = tag.strip().lower().split("-")[0]
        if lang in i18n.LANGUAGES and q > 0:
            ranked.append((-q, n, lang))
    return min(ranked)[2] if ranked else i18n.DEFAULT


def client_address(scope: Scope) -> str:
    """The real address of the browser (through the room's listener, the phone's)."""
    client = scope.get("client")
    if not client:
        return "?"
    return roomnet.peer_of(str(client[0]), client[1])


def is_page(path: str) -> bool:
    """Whether a path is a page a person opens (``/``, ``/kaart``), not a file or a service."""
    return not path.startswith(NOT_PAGES) and "." not in path.rsplit("/", 1)[-1]


def back_to(path: object) -> str:
    """Where the facilitator's door sends the browser on: a path of this app, else its root.

    >>> back_to("/sessie?session=s_1"), back_to("//evil.example/x"), back_to("https://x"), back_to(None)
    ('/sessie?session=s_1', '/', '/', '/')
    """
    if isinstance(path, str) and len(path) <= 300 and re.fullmatch(r"/(?![/\\])[A-Za-z0-9_\-/?=&%.]*", path):
        return path
    return "/"


def shown(code: str) -> str:
    """A code as the log may hold it: its first three characters only."""
    return (code[:3] + "…") if code else "(none)"


# --- the code prompt --------------------------------------------------------------------------------

_STYLE = """
*{box-sizing:border-box}
html{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;font-size:18px;color:#111;
background:#fff}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;padding:24px}
main{width:100%;max-width:26rem}
h1{font-size:1.6rem;margin:0 0 .5rem}
p{margin:0 0 1.2rem;line-height:1.4}
label{display:block;font-weight:600;margin-bottom:.4rem}
input{width:100%;font:inherit;font-size:1.6rem;letter-spacing:.12em;text-transform:uppercase;
padding:.7rem .8rem;border:2px solid #444;border-radius:10px;min-height:3.2rem}
input:focus{outline:3px solid #0a4f96;outline-offset:2px}
button{width:100%;margin-top:1rem;font:inherit;font-size:1.25rem;font-weight:600;min-height:3.2rem;
padding:.7rem;border:0;border-radius:10px;background:#0a4f96;color:#fff;cursor:pointer}
button:focus{outline:3px solid #111;outline-offset:2px}
.problem{border-left:6px solid #b00020;background:#fdecee;padding:.7rem .9rem;border-radius:6px}
nav{margin-top:1.5rem;font-size:.95rem}
a{color:#0a4f96}
"""


def prompt_page(lang: str, problem: str = "") -> str:
    """The code prompt: one form that asks for a join code, in Dutch or English. No script, no
    outside request; ``problem`` (a sentence from the locale files) is shown above the form."""
    def t(key: str) -> str:
        return html.escape(i18n.t(key, lang))

    other = "en" if lang == "nl" else "nl"
    problem_html = f'<p class="problem" role="alert">{html.escape(problem)}</p>' if problem else ""
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<link rel="icon" href="data:,">
<title>{t("room.gate.title")}</title>
<style>{_STYLE}</style></head>
<body><main>
<h1>{t("room.gate.title")}</h1>
<p>{t("room.gate.intro")}</p>
{problem_html}
<form method="get" action="{JOIN_PATH}">
<input type="hidden" name="lang" value="{lang}">
<label for="code">{t("room.gate.code_label")}</label>
<input id="code" name="code" type="text" inputmode="text" autocomplete="off" autocapitalize="characters"
 spellcheck="false" maxlength="20" placeholder="K7Q-2MX-9WD" required autofocus>
<button type="submit">{t("room.gate.submit")}</button>
</form>
<nav><a href="?lang={other}" lang="{other}">{html.escape(i18n.t("room.gate.other_language", other))}</a></nav>
</main></body></html>
"""


def _prompt(scope: Scope, status: int = 200, problem_key: str = "") -> HTMLResponse:
    lang = language(scope)
    problem = i18n.t(problem_key, lang) if problem_key else ""
    return HTMLResponse(prompt_page(lang, problem), status_code=status,
                        headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                                 "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                                                            "img-src data:; form-action 'self'"})


# --- the gate ---------------------------------------------------------------------------------------

async def role_of(scope: Scope, codes: Callable[[], Rooms] = app_rooms) -> Role | None:
    """The role the cookies of ``scope`` give while a room is open (the store is read in a thread)."""
    cookies = cookies_of(scope)
    if not cookies.get(FACILITATOR_COOKIE) and not cookies.get(JOIN_COOKIE):
        return None
    return await asyncio.to_thread(lambda: codes().role(cookies))


class RoomGate:
    """ASGI middleware: everything passes while no room is open; while one is, only a browser whose
    cookies give a role, and the few paths a code prompt needs."""

    def __init__(self, app: ASGIApp, *, codes: Callable[[], Rooms] = app_rooms,
                 room_open: Callable[[], bool] = roomnet.is_open) -> None:
        self.app = app
        self.codes = codes
        self.room_open = room_open

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kind = scope["type"]
        if kind not in ("http", "websocket") or not self.room_open():
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        if path in OPEN_PATHS or path.startswith(CODE_PREFIXES):
            await self.app(scope, receive, send)
            return
        role = await role_of(scope, self.codes)
        if role is not None:
            scope[SCOPE_ROLE] = role
            await self.app(scope, receive, send)
            return
        who = client_address(scope)
        if kind == "websocket":
            LOG.warning("room: refused a socket without a code from %s to %s", who, path)
            await receive()  # websocket.connect
            await send({"type": "websocket.close", "code": 1008})
            return
        if scope.get("method") in ("GET", "HEAD") and is_page(path):
            response: Response = _prompt(scope)
        else:
            LOG.warning("room: refused %s %s without a code from %s", scope.get("method"), path, who)
            response = PlainTextResponse("403", status_code=403)
        await response(scope, receive, send)


class BrowserName:
    """ASGI middleware: a page asked for without the browser-name cookie gets one (a random name,
    nothing else in it), so the socket that follows carries it from the first run on; the app keeps
    that browser's undo steps under it (components/state.undo_history), and a reload keeps them."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (scope["type"] != "http" or scope.get("method") != "GET" or not is_page(scope.get("path", ""))
                or BROWSER_COOKIE in cookies_of(scope)):
            await self.app(scope, receive, send)
            return
        cookie = (f"{BROWSER_COOKIE}={secrets.token_hex(16)}; Path=/; Max-Age={BROWSER_AGE}; "
                  "SameSite=Lax; HttpOnly").encode("latin-1")

        async def named(message: Message) -> None:
            if message["type"] == "http.response.start":
                message = {**message, "headers": [*message.get("headers", []), (b"set-cookie", cookie)]}
            await send(message)

        await self.app(scope, receive, named)


# --- the doors --------------------------------------------------------------------------------------

class RateLimit:
    """At most ``tries`` per address per ``window`` seconds, counted at both doors together."""

    #: Addresses remembered at most; the oldest are forgotten first (a flood cannot fill memory).
    MAX_ADDRESSES = 10_000

    def __init__(self, tries: int = MAX_TRIES, window: float = WINDOW_S,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.tries, self.window, self.clock = tries, window, clock
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, address: str) -> bool:
        """Count one try from ``address``; False when it has had its tries in this window."""
        now = self.clock()
        with self._lock:
            times = self._seen.pop(address, None) or deque()
            while times and now - times[0] >= self.window:
                times.popleft()
            allowed = len(times) < self.tries
            if allowed:
                times.append(now)
            self._seen[address] = times  # most recent last
            while len(self._seen) > self.MAX_ADDRESSES:
                self._seen.pop(next(iter(self._seen)))
            return allowed


def _cookie(response: Response, name: str, value: str) -> None:
    response.set_cookie(name, value, max_age=COOKIE_AGE, path="/", httponly=True, samesite="lax")


def _too_many(scope: Scope) -> HTMLResponse:
    lang = language(scope)
    text = html.escape(i18n.t("room.gate.too_many", lang))
    body = (f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width,initial-scale=1">'
            '<link rel="icon" href="data:,">'
            f'<title>429</title><style>{_STYLE}</style></head><body><main><p class="problem" role="alert">'
            f'{text}</p></main></body></html>')
    return HTMLResponse(body, status_code=429, headers={"Retry-After": str(int(WINDOW_S)),
                                                          "Cache-Control": "no-store"})


def routes(*, codes: Callable[[], Rooms] = app_rooms, limit: RateLimit | None = None) -> list[Route]:
    """The join door and the facilitator's door, for ``st.App(routes=...)``."""
    limiter = limit if limit is not None else RateLimit()

    async def join(request: Request) -> Response:
        scope = request.scope
        code = request.query_params.get("code")
        if code is None:
            return _prompt(scope)
        who = client_address(scope)
        if not limiter.allow(who):
            LOG.warning("room: too many tries from %s; refused join code %s", who, shown(code))
            return _too_many(scope)
        written = rooms.normalise(code)
        session_id = await asyncio.to_thread(lambda: codes().session_for(written)) if written else None
        if session_id is None:
            LOG.warning("room: refused a wrong or old join code %s from %s", shown(code), who)
            return _prompt(scope, 403, "room.gate.wrong_code")
        response = RedirectResponse(f"{PARTICIPANT_PAGE}?session={quote(session_id)}", status_code=303)
        _cookie(response, JOIN_COOKIE, written)
        if not request.cookies.get(VOTER_COOKIE):
            _cookie(response, VOTER_COOKIE, rooms.voter_token())
        response.headers["Cache-Control"] = "no-store"
        return response

    async def facilitator(request: Request) -> Response:
        scope = request.scope
        code = request.query_params.get("code", "")
        who = client_address(scope)
        if not limiter.allow(who):
            LOG.warning("room: too many tries from %s; refused a facilitator code %s", who, shown(code))
            return _too_many(scope)
        if not code or not await asyncio.to_thread(lambda: codes().is_facilitator_code(code)):
            LOG.warning("room: refused a wrong facilitator code %s from %s", shown(code), who)
            return _prompt(scope, 403, "room.gate.wrong_code")
        response = RedirectResponse(back_to(request.query_params.get("next")), status_code=303)
        _cookie(response, FACILITATOR_COOKIE, code)
        response.headers["Cache-Control"] = "no-store"
        return response

    return [Route(JOIN_PATH, join, methods=["GET"], name="werkatelier-join"),
            Route(FACILITATOR_PATH, facilitator, methods=["GET"], name="werkatelier-facilitator")]
