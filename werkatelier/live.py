"""The live room's hub: which revision each session is at, pushed to every open screen of it."""

from __future__ import annotations

import math
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

__all__ = ["HUB", "Hub", "Subscriber", "Watcher", "announce", "clean_view", "read_revision"]

#: At most one push per session per this many seconds (about five a second): a pasted list of 30
#: or a facilitator dragging is one rerun per screen per 200 ms, not one per change.
PUSH_INTERVAL = 0.2
#: The facilitator's viewport travels to the projector at most ten times a second, the latest only.
VIEW_INTERVAL = 0.1
#: A cheap stat of every watched session's file this often, when watchdog is not there.
POLL_INTERVAL = 0.5
SESSION_FILE = "session.json"
#: Session ids as the model accepts them (werkatelier.model.Id); anything else is no session.
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
#: document.dumps writes two-space indents with sorted keys: the top-level revision is the only
#: "revision" key indented by exactly two spaces.
_REVISION = re.compile(rb'\n  "revision": (\d+),?\r?\n')
_SCALE = (0.01, 100.0)
_COORD = 1e7

Message = dict[str, Any]
Deliver = Callable[[Message], None]


def valid_session_id(value: object) -> bool:
    """Whether value can name a session (and so a folder of the file store).

    >>> valid_session_id("s_4f2a"), valid_session_id("../etc"), valid_session_id("")
    (True, False, False)
    """
    return isinstance(value, str) and _ID.match(value) is not None


def clean_view(view: object) -> dict[str, float] | None:
    """A viewport ``{"x", "y", "scale"}`` as numbers in range, or None for anything else.

    >>> clean_view({"x": 1, "y": -2.5, "scale": 0.8, "evil": "<script>"})
    {'x': 1.0, 'y': -2.5, 'scale': 0.8}
    >>> clean_view({"x": 1, "y": 2, "scale": 0}) is None, clean_view("x") is None
    (True, True)
    """
    if not isinstance(view, Mapping):
        return None
    out: dict[str, float] = {}
    for name in ("x", "y", "scale"):
        value = view.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            return None
        out[name] = float(value)
    if not _SCALE[0] <= out["scale"] <= _SCALE[1] or abs(out["x"]) > _COORD or abs(out["y"]) > _COORD:
        return None
    return out


class Subscriber:
    """One open screen of a session: the hub calls ``deliver`` with each message for it.

    ``deliver`` is called from whichever thread announced, so it must only hand the message
    over (``loop.call_soon_threadsafe(queue.put_nowait, message)``), never block.
    """

    __slots__ = ("deliver", "kick", "last", "session_id")

    def __init__(self, session_id: str, deliver: Deliver, kick: Callable[[], None] | None = None) -> None:
        self.session_id = session_id
        self.deliver = deliver
        #: Called by ``Hub.kick``: check at once whether this screen may still be open (a new code).
        self.kick = kick
        self.last: Message | None = None  # the state it was told last: never told twice in a row

    def tell(self, state: Message) -> None:
        if state != self.last:
            self.last = state
            self.deliver(state)


class _Room:
    __slots__ = ("due", "last_push", "last_view", "pushed", "rev", "subscribers", "view", "view_due",
                 "view_from")

    def __init__(self) -> None:
        self.rev: int | None = None
        self.subscribers: list[Subscriber] = []
        self.pushed: tuple[int | None, int] | None = None  # (rev, screens) last sent to all
        self.last_push = -math.inf
        self.due: float | None = None
        self.view: dict[str, float] | None = None
        self.view_from: Subscriber | None = None
        self.last_view = -math.inf
        self.view_due: float | None = None


class Hub:
    """Subscribers per session, the latest revision announced for each, and a coalescing push.

    ``announce(session_id, revision)`` may be called from any thread (the store calls it after
    every committed write). The first change after a quiet spell goes out at once; further
    changes within ``interval`` are folded into one push of the latest revision at the end of
    it. Every push tells every screen ``{"rev": n, "screens": k}``, k being how many screens
    are open on the session now; a screen that opens or closes is pushed the same way.

    >>> hub, got = Hub(), []
    >>> sub = hub.subscribe("s_1", got.append)
    >>> hub.announce("s_1", 4); hub.announce("s_1", 3); got
    [{'rev': None, 'screens': 1}, {'rev': 4, 'screens': 1}]
    >>> hub.screens("s_1"), hub.revision("s_1")
    (1, 4)
    """

    def __init__(self, *, interval: float = PUSH_INTERVAL, view_interval: float = VIEW_INTERVAL,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.interval = interval
        self.view_interval = view_interval
        self._clock = clock
        self._rooms: dict[str, _Room] = {}
        # Reentrant: a subscriber's deliver may itself ask the hub something.
        self._lock = threading.RLock()
        self._wake = threading.Condition(self._lock)
        self._timer: threading.Thread | None = None
        self._watchers: dict[Path, Watcher] = {}
        #: Pushes sent to all screens of a session (a burst of 30 changes adds one or two).
        self.pushes = 0

    # --- what the store and the watcher call -----------------------------------------------------

    def announce(self, session_id: str, revision: int) -> None:
        """Session ``session_id`` is now at ``revision``; older or repeated news is ignored."""
        if isinstance(revision, bool) or not isinstance(revision, int):
            return
        with self._lock:
            room = self._rooms.get(session_id)
            if room is None:
                if not valid_session_id(session_id):
                    return
                room = self._rooms[session_id] = _Room()
            if room.rev is not None and revision <= room.rev:
                return
            room.rev = revision
            if room.subscribers:
                self._push_soon(room)

    # --- what a socket calls --------------------------------------------------------------------

    def subscribe(self, session_id: str, deliver: Deliver, *, kick: Callable[[], None] | None = None
                  ) -> Subscriber:
        """A new open screen of the session; it is sent the session's state at once. ``kick``, if
        given, is called by ``kick(session_id)`` (from any thread: it must only hand over)."""
        if not valid_session_id(session_id):
            raise ValueError(f"not a session id: {session_id!r}")
        sub = Subscriber(session_id, deliver, kick)
        with self._lock:
            room = self._rooms.setdefault(session_id, _Room())
            room.subscribers.append(sub)
            self._hello(room, sub)
            if len(room.subscribers) > 1:
                self._push_soon(room)  # the others now count one screen more
        return sub

    def unsubscribe(self, sub: Subscriber) -> None:
        with self._lock:
            room = self._rooms.get(sub.session_id)
            if room is None or sub not in room.subscribers:
                return
            room.subscribers.remove(sub)
            if room.view_from is sub:
                room.view = room.view_from = None
            if room.subscribers:
                self._push_soon(room)
            elif room.rev is None:
                del self._rooms[sub.session_id]

    def resync(self, sub: Subscriber) -> None:
        """Send one screen the session's state again (it woke up, or reconnected)."""
        with self._lock:
            room = self._rooms.get(sub.session_id)
            if room is not None and sub in room.subscribers:
                self._hello(room, sub)

    def send_view(self, sub: Subscriber, view: object) -> bool:
        """Relay a viewport from one screen to the session's other screens, at most
        ``1 / view_interval`` times a second, the latest only. False if the view is not one."""
        clean = clean_view(view)
        if clean is None:
            return False
        with self._lock:
            room = self._rooms.get(sub.session_id)
            if room is None or sub not in room.subscribers:
                return False
            room.view, room.view_from = clean, sub
            if room.view_due is None:
                room.view_due = max(self._clock(), room.last_view + self.view_interval)
                self._flush_due(room)
        return True

    def kick(self, session_id: str) -> int:
        """The session's join code was replaced: every screen of it that asked to be told checks at
        once whether it may stay (a participant with the old code is closed). Returns how many."""
        with self._lock:
            room = self._rooms.get(session_id)
            kicks = [sub.kick for sub in room.subscribers if sub.kick is not None] if room else []
        for kick in kicks:
            kick()
        return len(kicks)

    def screens(self, session_id: str) -> int:
        """How many screens are open on the session now."""
        with self._lock:
            room = self._rooms.get(session_id)
            return len(room.subscribers) if room else 0

    def revision(self, session_id: str) -> int | None:
        """The latest revision announced for the session, None if none was."""
        with self._lock:
            room = self._rooms.get(session_id)
            return room.rev if room else None

    def sessions(self) -> list[str]:
        """Sessions with at least one open screen."""
        with self._lock:
            return [sid for sid, room in self._rooms.items() if room.subscribers]

    # --- watching other processes ---------------------------------------------------------------

    def watch(self, root: str | os.PathLike[str], *, method: str = "auto") -> Watcher:
        """Announce the writes other processes make in file store ``root`` (started once per root)."""
        path = Path(root).resolve()
        with self._lock:
            watcher = self._watchers.get(path)
            if watcher is None:
                watcher = self._watchers[path] = Watcher(self, path, method=method)
        watcher.start()
        return watcher

    def attach(self, store: Any) -> Watcher | None:
        """Listen to a store without changing it: a file store's folder is watched."""
        root = getattr(store, "root", None)
        return self.watch(root) if root is not None else None

    def close(self) -> None:
        """Stop the watchers (tests; the server's hub lives as long as the process)."""
        with self._lock:
            watchers, self._watchers = list(self._watchers.values()), {}
        for w in watchers:
            w.stop()

    # --- pushing --------------------------------------------------------------------------------

    def _hello(self, room: _Room, sub: Subscriber) -> None:
        # A projector that (re)connects takes up the followed viewport at once.
        sub.last = None
        sub.tell(self._state(room))
        if room.view is not None and room.view_from is not sub:
            sub.deliver({"view": room.view})

    @staticmethod
    def _state(room: _Room) -> Message:
        return {"rev": room.rev, "screens": len(room.subscribers)}

    def _push_soon(self, room: _Room) -> None:
        if room.due is None:
            room.due = max(self._clock(), room.last_push + self.interval)
            self._flush_due(room)

    def _flush_due(self, room: _Room) -> None:
        """Send what is due now; wake the timer for what is due later. Under the lock."""
        now = self._clock()
        if room.due is not None and room.due <= now:
            room.due = None
            state = self._state(room)
            key = (state["rev"], state["screens"])
            if key != room.pushed:
                room.pushed, room.last_push = key, now
                self.pushes += 1
                for sub in room.subscribers:
                    sub.tell(state)
        if room.view_due is not None and room.view_due <= now:
            room.view_due = None
            if room.view is not None:
                room.last_view = now
                message = {"view": room.view}
                for sub in room.subscribers:
                    if sub is not room.view_from:
                        sub.deliver(message)
        if room.due is not None or room.view_due is not None:
            self._ensure_timer()
            self._wake.notify()

    def _ensure_timer(self) -> None:
        if self._timer is None or not self._timer.is_alive():
            self._timer = threading.Thread(target=self._run_timer, name="werkatelier-live", daemon=True)
            self._timer.start()

    def _run_timer(self) -> None:
        # Sleeps on the condition while nothing is due: no cost in a quiet room.
        with self._lock:
            while True:
                rooms = self._rooms.values()
                dues = [d for room in rooms for d in (room.due, room.view_due) if d is not None]
                if not dues:
                    self._wake.wait()
                    continue
                delay = min(dues) - self._clock()
                if delay > 0:
                    self._wake.wait(delay)
                    continue
                for room in list(self._rooms.values()):
                    self._flush_due(room)


def read_revision(root: str | os.PathLike[str], session_id: str) -> int | None:
    """The revision in ``root/<session_id>/session.json``, None if there is no readable one."""
    if not valid_session_id(session_id):
        return None
    try:
        raw = (Path(root) / session_id / SESSION_FILE).read_bytes()
    except OSError:
        return None
    m = _REVISION.search(raw)
    if m:
        return int(m.group(1))
    try:
        import json

        value = json.loads(raw).get("revision")
    except (ValueError, AttributeError):
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


class Watcher:
    """Announces the revision of every session file in a file store's folder that another
    process (the CLI, a second ``werkatelier run``) replaces.

    With watchdog (installed with Streamlit) the kernel tells it at once; without, it stats the
    session files of the sessions with open screens every ``POLL_INTERVAL`` seconds.
    """

    def __init__(self, hub: Hub, root: Path, *, method: str = "auto") -> None:
        if method not in ("auto", "watchdog", "poll"):
            raise ValueError(f"unknown watch method {method!r}")
        self.hub, self.root, self.method = hub, root, method
        self._observer: Any = None
        self._poller: threading.Thread | None = None
        self._stop = threading.Event()
        self._seen: dict[str, tuple[int, int, int]] = {}
        self._started = False
        self._guard = threading.Lock()

    def start(self) -> None:
        with self._guard:
            if self._started:
                return
            self._started = True
            self.root.mkdir(parents=True, exist_ok=True)
            if self.method in ("auto", "watchdog"):
                try:
                    self._observer = self._start_watchdog()
                    self.method = "watchdog"
                    return
                except Exception:  # noqa: BLE001 - no inotify (limits, odd filesystems): poll instead
                    if self.method == "watchdog":
                        raise
            self.method = "poll"
            self._poller = threading.Thread(target=self._poll, name="werkatelier-live-poll", daemon=True)
            self._poller.start()

    def stop(self) -> None:
        self._stop.set()
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(5)
        if self._poller is not None:
            self._poller.join(5)

    def changed(self, path: str | os.PathLike[str]) -> None:
        """A file in the store changed: if it is a session file, announce its revision."""
        p = Path(os.fsdecode(path))
        if p.name != SESSION_FILE or p.parent.parent != self.root:
            return
        rev = read_revision(self.root, p.parent.name)
        if rev is not None:
            self.hub.announce(p.parent.name, rev)

    def _start_watchdog(self) -> Any:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers import Observer

        watcher = self

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event: Any) -> None:
                if event.is_directory or event.event_type not in ("created", "moved", "modified", "closed"):
                    return
                # os.replace(tmp, session.json) arrives as a move whose destination is the file.
                for path in (getattr(event, "dest_path", ""), event.src_path):
                    if path and os.fsdecode(path).endswith(SESSION_FILE):
                        watcher.changed(path)

        observer = Observer()
        observer.daemon = True
        observer.schedule(Handler(), str(self.root), recursive=True)
        observer.start()
        return observer

    def _poll(self) -> None:
        while not self._stop.wait(POLL_INTERVAL):
            self.poll_once(self.hub.sessions())

    def poll_once(self, session_ids: Iterable[str]) -> None:
        """Stat the files of these sessions and announce those that changed since last time."""
        for sid in session_ids:
            try:
                st = os.stat(self.root / sid / SESSION_FILE)
            except OSError:
                continue
            key = (st.st_ino, st.st_mtime_ns, st.st_size)
            if self._seen.get(sid) != key:
                self._seen[sid] = key
                rev = read_revision(self.root, sid)
                if rev is not None:
                    self.hub.announce(sid, rev)


#: The process's hub: the store, the CLI and the server's sockets all meet here.
HUB = Hub()


def announce(session_id: str, revision: int) -> None:
    """Tell every open screen of the session (in this process) that it is now at ``revision``.

    Called by the store after every committed write; cheap and never blocks, so it may be
    called under the session's lock, from any thread.
    """
    HUB.announce(session_id, revision)
