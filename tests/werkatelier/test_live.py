"""The live hub: coalesced pushes, presence, the viewport relay, and the watcher of other writers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from werkatelier import live
from werkatelier.ops import AddStakeholder
from werkatelier.store import FileStore

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    """A clock the test moves by hand, so coalescing is checked without sleeping."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Inbox:
    """What one screen received, safe to read while another thread delivers."""

    def __init__(self) -> None:
        self.messages: list[dict] = []
        self.arrived = threading.Condition()

    def __call__(self, message: dict) -> None:
        with self.arrived:
            self.messages.append(message)
            self.arrived.notify_all()

    def revs(self) -> list:
        return [m["rev"] for m in self.messages if "rev" in m]

    def wait_for(self, check, timeout: float = 2.0) -> None:
        deadline = time.monotonic() + timeout
        with self.arrived:
            while not check(self.messages):
                left = deadline - time.monotonic()
                assert left > 0, f"not in time; got {self.messages}"
                self.arrived.wait(left)


@pytest.fixture
def hub():
    h = live.Hub()
    yield h
    h.close()


def test_a_new_screen_is_told_the_state_at_once_and_the_others_count_it(hub):
    a, b = Inbox(), Inbox()
    hub.announce("s_1", 7)
    sa = hub.subscribe("s_1", a)
    assert a.messages == [{"rev": 7, "screens": 1}]
    hub.subscribe("s_1", b)
    assert b.messages == [{"rev": 7, "screens": 2}]
    a.wait_for(lambda m: m[-1] == {"rev": 7, "screens": 2})
    assert hub.screens("s_1") == 2
    hub.unsubscribe(sa)
    b.wait_for(lambda m: m[-1] == {"rev": 7, "screens": 1})
    assert hub.screens("s_1") == 1 and hub.screens("s_other") == 0


def test_the_first_change_goes_out_at_once_and_a_burst_becomes_one_push_of_the_latest():
    clock = Clock()
    hub = live.Hub(clock=clock, interval=0.2)
    a = Inbox()
    hub.subscribe("s_1", a)
    hub.announce("s_1", 1)
    assert a.revs() == [None, 1]  # at once, in the announcing thread
    for rev in range(2, 32):  # a pasted list of 30 inside the next 200 ms
        clock.now += 0.005
        hub.announce("s_1", rev)
    assert a.revs() == [None, 1]
    clock.now += 0.2
    with hub._lock:
        hub._wake.notify()
    a.wait_for(lambda m: m[-1]["rev"] == 31)
    assert a.revs() == [None, 1, 31]
    assert hub.pushes == 2


def test_pushes_are_at_most_about_five_a_second_in_real_time(hub):
    a = Inbox()
    hub.subscribe("s_1", a)
    start = time.monotonic()
    rev = 0
    while time.monotonic() - start < 1.0:  # a facilitator dragging: a change every 10 ms
        rev += 1
        hub.announce("s_1", rev)
        time.sleep(0.01)
    a.wait_for(lambda m: m[-1]["rev"] == rev, timeout=1)
    pushed = [r for r in a.revs() if r is not None]
    assert rev > 50
    assert 4 <= len(pushed) <= 7, pushed
    assert pushed == sorted(pushed) and pushed[-1] == rev


def test_old_or_repeated_news_is_not_pushed_and_bad_input_is_ignored(hub):
    a = Inbox()
    hub.subscribe("s_1", a)
    hub.announce("s_1", 5)
    hub.announce("s_1", 5)
    hub.announce("s_1", 4)
    hub.announce("s_1", True)
    hub.announce("../x", 9)
    time.sleep(0.3)
    assert a.revs() == [None, 5]
    assert hub.revision("../x") is None
    with pytest.raises(ValueError):
        hub.subscribe("../x", a)


def test_announcing_from_many_threads_loses_nothing_and_ends_on_the_latest(hub):
    inboxes = [Inbox() for _ in range(5)]
    for box in inboxes:
        hub.subscribe("s_1", box)
    revs = iter(range(1, 2001))
    lock = threading.Lock()

    def writer():
        while True:
            with lock:
                rev = next(revs, None)
            if rev is None:
                return
            hub.announce("s_1", rev)

    threads = [threading.Thread(target=writer) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for box in inboxes:
        box.wait_for(lambda m: m[-1]["rev"] == 2000)
        pushed = [r for r in box.revs() if r is not None]
        assert pushed == sorted(pushed)
        assert len(pushed) < 50
    assert hub.revision("s_1") == 2000


def test_resync_sends_one_screen_the_state_again(hub):
    a, b = Inbox(), Inbox()
    sa = hub.subscribe("s_1", a)
    hub.subscribe("s_1", b)
    hub.announce("s_1", 3)
    a.wait_for(lambda m: m[-1] == {"rev": 3, "screens": 2})
    b.wait_for(lambda m: m[-1] == {"rev": 3, "screens": 2})
    before = len(b.messages)
    hub.resync(sa)
    assert a.messages[-1] == {"rev": 3, "screens": 2}
    time.sleep(0.25)
    assert len(b.messages) == before


def test_a_viewport_goes_to_the_other_screens_only_the_latest_at_most_ten_a_second(hub):
    facilitator, projector, phone = Inbox(), Inbox(), Inbox()
    f = hub.subscribe("s_1", facilitator)
    hub.subscribe("s_1", projector)
    hub.subscribe("s_1", phone)
    assert hub.send_view(f, {"x": 1, "y": 2, "scale": 1.5})
    assert projector.messages[-1] == {"view": {"x": 1.0, "y": 2.0, "scale": 1.5}}
    start = time.monotonic()
    n = 0
    while time.monotonic() - start < 0.5:  # a pan: 100 views a second
        n += 1
        hub.send_view(f, {"x": n, "y": 0, "scale": 1})
        time.sleep(0.01)
    projector.wait_for(lambda m: m[-1] == {"view": {"x": float(n), "y": 0.0, "scale": 1.0}}, timeout=1)
    views = [m for m in projector.messages if "view" in m]
    assert len(views) <= 8, len(views)
    assert [m for m in facilitator.messages if "view" in m] == []
    assert phone.messages[-1] == projector.messages[-1]
    assert not hub.send_view(f, {"x": "1", "y": 0, "scale": 1})
    assert not hub.send_view(f, {"x": 0, "y": 0, "scale": float("nan")})
    # A projector that reconnects is given the followed view at once.
    late = Inbox()
    hub.subscribe("s_1", late)
    followed = {"view": {"x": float(n), "y": 0.0, "scale": 1.0}}
    assert late.messages[:2] == [{"rev": None, "screens": 4}, followed]


def test_read_revision_takes_the_top_level_revision_of_a_stored_session(tmp_path):
    store = FileStore(tmp_path)
    doc = store.create("Wijkaanpak")
    doc = store.apply(doc.id, AddStakeholder(name="Wijkteam", notes='"revision": 99'))
    assert live.read_revision(tmp_path, doc.id) == doc.revision == 2
    assert live.read_revision(tmp_path, "s_missing") is None
    assert live.read_revision(tmp_path, "../etc") is None


@pytest.mark.parametrize("method", ["watchdog", "poll"])
def test_the_watcher_sees_a_write_by_another_process_within_a_second(tmp_path, method):
    store = FileStore(tmp_path)
    doc = store.create("Wijkaanpak")
    hub = live.Hub()
    box = Inbox()
    try:
        hub.subscribe(doc.id, box)
        watcher = hub.watch(tmp_path, method=method)
        assert watcher.method == method
        time.sleep(0.6)  # the poller's first look records the file as it is now
        code = ("import sys; from werkatelier.store import FileStore;"
                "from werkatelier.ops import AddStakeholder;"
                "print(FileStore(sys.argv[1]).apply(sys.argv[2], AddStakeholder(name='Buurtteam')).revision)")
        proc = subprocess.run([sys.executable, "-c", code, str(tmp_path), doc.id], cwd=ROOT,
                              capture_output=True, text=True, check=True)
        written = time.monotonic()
        assert proc.stdout.strip() == "2"
        box.wait_for(lambda m: m[-1]["rev"] == 2, timeout=1.0)
        assert time.monotonic() - written < 1.0
    finally:
        hub.close()


def test_attach_watches_a_file_store_without_changing_it(tmp_path):
    store = FileStore(tmp_path)
    hub = live.Hub()
    try:
        watcher = hub.attach(store)
        assert watcher is not None and watcher.root == tmp_path.resolve()
        assert hub.attach(store) is watcher
        assert hub.attach(object()) is None
    finally:
        hub.close()
