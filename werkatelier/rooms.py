"""The room's codes: who may do what, decided from codes, never from addresses.

The facilitator code makes a browser the facilitator (the link ``werkatelier run --room``
prints and opens on the laptop). Each session has its own join code (link and QR code); a
browser holding it is a participant of that session only. A new join code revokes the old
one. The codes are kept in the store's settings, so every process on the store agrees.

When no room is open the app listens on 127.0.0.1 only, and every browser there is the
facilitator, as on a single laptop; that part is decided by whoever knows whether a room is
open (``werkatelier.roomnet``), not here.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any

from werkatelier.store import Store

#: Crockford's base32: no I, L, O or U, so a code read off a projector is typed right.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
#: 9 symbols of 5 bits: 45 bits, shown as three groups of three (``K7Q-2MX-9WD``).
JOIN_SYMBOLS = 9
JOIN_BITS = JOIN_SYMBOLS * 5
#: The cookies the browser keeps: the facilitator code, a join code, an anonymous voter token.
FACILITATOR_COOKIE = "wa_facilitator"
JOIN_COOKIE = "wa_join"
VOTER_COOKIE = "wa_voter"
#: The setting the codes live in.
SETTING = "rooms"
#: How long a process trusts what it read of the codes: a revoked code stops working within this.
FRESH_S = 1.0

FACILITATOR, PARTICIPANT = "facilitator", "participant"
#: The app's own routes that hand out the cookies (werkatelier.roomgate serves them).
JOIN_PATH = "/_werkatelier/join"
FACILITATOR_PATH = "/_werkatelier/facilitator"


def join_url(base: str, code: str) -> str:
    """The link in the QR code: ``base`` (``http://192.168.1.23:8501``) with the join code.

    >>> join_url("http://192.168.1.23:8501/", "K7Q-2MX-9WD")
    'http://192.168.1.23:8501/_werkatelier/join?code=K7Q-2MX-9WD'
    """
    return f"{base.rstrip('/')}{JOIN_PATH}?code={code}"


def facilitator_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}{FACILITATOR_PATH}?code={code}"


@dataclass(frozen=True)
class Role:
    """Who a browser is: the facilitator (every session), or a participant of one session."""

    kind: str
    session_id: str | None = None
    #: The code it came in with; a participant's stops working when the code is replaced.
    code: str = ""

    @property
    def facilitator(self) -> bool:
        return self.kind == FACILITATOR

    def may_open(self, session_id: str | None) -> bool:
        return self.facilitator or (session_id is not None and session_id == self.session_id)


HOST = Role(FACILITATOR)  # the laptop's own browser when no room is open


def new_join_code() -> str:
    """A fresh join code: 45 random bits, as ``XXX-XXX-XXX``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(JOIN_SYMBOLS))
    return "-".join(raw[i:i + 3] for i in range(0, JOIN_SYMBOLS, 3))


def normalise(code: object) -> str:
    """A code as typed (lower case, spaces, dashes, O for 0, I or L for 1) in its written form.

    >>> normalise(" k7q 2mx-9wd "), normalise("ooo-iii-lll"), normalise("x" * 200)
    ('K7Q-2MX-9WD', '000-111-111', '')
    """
    if not isinstance(code, str) or len(code) > 64:
        return ""
    text = "".join(code.split()).replace("-", "").upper().translate(str.maketrans("OIL", "011"))
    if len(text) != JOIN_SYMBOLS or any(c not in ALPHABET for c in text):
        return ""
    return "-".join(text[i:i + 3] for i in range(0, JOIN_SYMBOLS, 3))


class Rooms:
    """The codes of one store: read through a short cache, written at once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._lock = threading.Lock()
        self._read_at = -1e9
        self._codes: dict[str, Any] = {}

    # --- reading and writing the setting -----------------------------------------------------------

    def _load(self, fresh: bool = False) -> dict[str, Any]:
        with self._lock:
            if fresh or time.monotonic() - self._read_at > FRESH_S:
                raw = self.store.read_setting(SETTING)
                try:
                    codes = json.loads(raw) if raw else {}
                except ValueError:
                    codes = {}
                self._codes = codes if isinstance(codes, dict) else {}
                self._read_at = time.monotonic()
            return self._codes

    def _save(self, codes: dict[str, Any]) -> None:
        with self._lock:
            self.store.write_setting(SETTING, json.dumps(codes, sort_keys=True))
            self._codes, self._read_at = codes, time.monotonic()

    def _sessions(self, codes: dict[str, Any]) -> dict[str, str]:
        found = codes.get("sessions")
        return {k: v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}

    # --- the codes -----------------------------------------------------------------------------------

    def facilitator_code(self) -> str:
        """The facilitator code, made the first time it is asked for."""
        code = self._load().get("facilitator")
        if isinstance(code, str) and code:
            return code
        codes = dict(self._load(fresh=True))
        if not codes.get("facilitator"):
            codes["facilitator"] = secrets.token_urlsafe(24)
            self._save(codes)
        return str(codes["facilitator"])

    def join_code(self, session_id: str) -> str:
        """The session's join code, made the first time it is asked for."""
        code = self._sessions(self._load()).get(session_id)
        return code or self.new_join_code(session_id, only_if_missing=True)

    def new_join_code(self, session_id: str, *, only_if_missing: bool = False) -> str:
        """Replace the session's join code; everyone who came in with the old one is out."""
        self.store.get(session_id)  # a session that exists, or WerkatelierError
        codes = dict(self._load(fresh=True))
        sessions = self._sessions(codes)
        if only_if_missing and sessions.get(session_id):
            return sessions[session_id]
        taken = set(sessions.values())
        code = new_join_code()
        while code in taken:  # pragma: no cover - 45 bits
            code = new_join_code()
        codes["sessions"] = {**sessions, session_id: code}
        self._save(codes)
        return code

    def session_for(self, code: object) -> str | None:
        """The session a join code opens, None for a wrong or old code."""
        wanted = normalise(code)
        if not wanted:
            return None
        for sid, known in self._sessions(self._load()).items():
            if hmac.compare_digest(known, wanted):
                return sid
        return None

    def is_facilitator_code(self, code: object) -> bool:
        known = self._load().get("facilitator")
        return (isinstance(code, str) and isinstance(known, str) and bool(known)
                and hmac.compare_digest(code.encode(), known.encode()))

    def role(self, cookies: dict[str, str] | Any) -> Role | None:
        """The role a browser's cookies give it while a room is open; None: a code prompt only."""
        get = cookies.get if hasattr(cookies, "get") else (lambda _k: None)
        if self.is_facilitator_code(get(FACILITATOR_COOKIE)):
            return Role(FACILITATOR)
        join = normalise(get(JOIN_COOKIE))
        sid = self.session_for(join) if join else None
        return Role(PARTICIPANT, sid, join) if sid else None


def voter_token() -> str:
    """A random token that tells one browser's dots from another's, and nothing else."""
    return secrets.token_urlsafe(16)
