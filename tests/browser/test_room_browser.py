"""A room in the real app: a facilitator and two phones, all on 127.0.0.1, roles from codes.

The facilitator opens the room on the session page; the phones join by the link in the QR code
(read from the page's image, its host swapped for 127.0.0.1: no test traffic goes to the
machine's own network address). Everything a participant's browser receives is recorded, and
no confidential name may be in any byte of it.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import time
from urllib.parse import urlparse, urlunparse

import pytest
from browser_support import ROOT, AppPage, free_port, wait_healthy
from netserve import listeners, loopback
from playwright.sync_api import Browser, Page, expect

from werkatelier import rooms
from werkatelier.model import Cluster, Meta, Round, Session, Stakeholder
from werkatelier.store import FileStore

SECRET = "Informant Jansen"
PHONE = {"width": 390, "height": 844}
DESK = {"width": 1920, "height": 1080}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("room")
    store = FileStore(data)
    doc = store.add(Session(
        meta=Meta(title="Wijkaanpak Zuid"),
        clusters=[Cluster(id="cl_bew", name="Bewoners", colour="#0072b2")],
        stakeholders=[Stakeholder(id="sh_gem", name="Gemeente", x=0, y=0),
                      Stakeholder(id="sh_sec", name=SECRET, confidential=True, x=250, y=0)],
        rounds=[Round(id="ro_1", prompt="Wie missen we nog?")]))
    port = free_port()
    log = data.parent / "room-run.log"
    env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    with open(log, "ab") as out:
        proc = subprocess.Popen([sys.executable, "-m", "werkatelier", "--data-dir", str(data), "run",
                                 "--port", str(port)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                env=env)
    url = f"http://127.0.0.1:{port}"
    wait_healthy(url, proc, "werkatelier run", log)
    yield url, port, store, doc.id
    proc.kill()
    proc.wait(15)


class Phone(AppPage):
    """A participant's phone: an app page at 390x844 that keeps every byte the server sent it."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        page = self.context.new_page()
        super().__init__(page, url)
        self.received: list[bytes] = []
        page.on("websocket", self._socket)
        page.on("response", self._response)
        page.goto(url)

    def _socket(self, ws) -> None:
        ws.on("framereceived", lambda f: self.received.append(f if isinstance(f, bytes) else f.encode()))

    def _response(self, response) -> None:
        if urlparse(response.url).netloc.startswith("127.0.0.1"):
            with contextlib.suppress(Exception):  # a redirect has no body
                self.received.append(response.body())


def qr_link(page: Page) -> str:
    import zxingcpp
    from PIL import Image

    shot = page.locator(".st-key-wa_room_qr img").first.screenshot()
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(shot)))
    assert found, "no QR code could be read on the page"
    return found[0].text


def within(page: Page, text: str | re.Pattern[str]) -> float:
    """How long ``text`` took to show on ``page`` (printed; bench/live.py holds the one-second figure)."""
    start = time.monotonic()
    expect(page.get_by_text(text).first).to_be_visible(timeout=15_000)
    return time.monotonic() - start


def test_a_facilitator_and_two_phones_join_add_vote_lock_and_time_and_a_new_code_shuts_them_out(
        browser: Browser, server):
    url, port, store, sid = server
    assert all(loopback(h) for h in listeners(port))

    fac = AppPage(browser.new_context(viewport=DESK).new_page(), url).open("sessie", session=sid)
    fac.page.get_by_text("Zaal openen voor telefoons en laptops").click()
    # The tab goes through the facilitator's door (its cookie) and back to the session page.
    deadline = time.monotonic() + 30
    while not any(c["name"] == rooms.FACILITATOR_COOKIE for c in fac.page.context.cookies()):
        assert time.monotonic() < deadline, "the tab never went through the facilitator's door"
        time.sleep(0.2)
    fac.page.wait_for_url("**/sessie?session=*")
    fac.idle()
    expect(fac.page.get_by_role("button", name="Nieuwe code")).to_be_visible()
    assert any(not loopback(h) for h in listeners(port)), "the room should listen beyond loopback"
    link = qr_link(fac.page)
    parsed = urlparse(link)
    assert parsed.path == rooms.JOIN_PATH and not loopback(parsed.hostname or "")
    code = rooms.normalise(parsed.query.split("code=")[1])
    assert code and code in fac.text()  # the short code is printed beside the QR code
    fac.shoot("room-session")
    fac.open("kaart", session=sid)  # a fresh load: the cookie, not the tab, makes the facilitator
    expect(fac.page.get_by_text("Zaal", exact=True)).to_be_visible()

    local = urlunparse(parsed._replace(netloc=f"127.0.0.1:{port}"))
    a, b = Phone(browser, local), Phone(browser, local)
    for p in (a, b):
        p.idle()
        expect(p.page.get_by_text("Wijkaanpak Zuid")).to_be_visible()
    a.page.screenshot(path=str(ROOT / "tests/screenshots/room-phone.png"))

    # A post-it typed on a phone reaches the facilitator's map.
    field = a.page.get_by_label("Nieuwe post-it")
    field.fill("Huurders Oost")
    field.press("Enter")
    fac.page.wait_for_function("() => { const c = (window.__werkatelierCanvas || {})['map_canvas'];"
                               " return !!c && c.nodes.get().some(n =>"
                               " (n.label || '').includes('Huurders')); }", timeout=15_000)
    assert any(s.name == "Huurders Oost" for s in store.get(sid).stakeholders)

    # The facilitator's controls reach every phone.
    took = {}
    fac.page.get_by_role("button", name="Timer starten").click()
    took["timer"] = max(within(p.page, re.compile(r"^0[45]:\d\d$")) for p in (a, b))
    fac.page.get_by_text("Kaart op slot").click()
    took["lock"] = max(within(p.page, "Kaart op slot") for p in (a, b))
    expect(a.page.get_by_label("Nieuwe post-it")).to_have_count(0)
    fac.page.get_by_role("button", name="Stemming starten").click()
    for p in (a, b):
        expect(p.page.get_by_text("Stemmen", exact=True)).to_be_visible(timeout=15_000)
        p.page.get_by_text("Stemmen", exact=True).click()
        p.idle()
        p.page.locator(".st-key-join_plus_sh_gem").get_by_role("button", name="Stip erbij").click()
        p.idle()
    expect(fac.page.get_by_text("2 stemmers")).to_be_visible(timeout=15_000)
    assert "Uitslag" not in a.text()
    fac.page.get_by_role("button", name="Uitslag tonen").click()
    took["reveal"] = max(within(p.page, "Uitslag") for p in (a, b))
    vote = store.get(sid).room.vote
    assert [(c.label, n) for c, n in vote.tally()][:1] == [("Gemeente", 2)]
    print("seconds from the facilitator's click to both phones:", took)
    a.page.screenshot(path=str(ROOT / "tests/screenshots/room-phone-vote.png"))

    # A phone cannot reach another session's live socket, nor a facilitator's page.
    other = store.create("Andere sessie").id
    closed = a.page.evaluate("""id => new Promise(done => { const ws = new WebSocket(
        location.origin.replace('http', 'ws') + '/_werkatelier/live/' + id);
        ws.onmessage = () => done('message'); ws.onclose = e => done('closed ' + e.code);
        setTimeout(() => done('open'), 4000); })""", other)
    assert closed.startswith("closed"), closed
    # Every page of the facilitator's, asked for by its link: the phone gets its own page only.
    for path in ("start", "sessie", "kaart", "projectie", "personas", "interviews", "werkrondes", "acties",
                 "analyse", "geschiedenis", "presentatie"):
        a.page.goto(f"{url}/{path}?session={sid}")
        a.idle()
        shown = a.text()
        assert "Wijkaanpak Zuid" in shown and "Post-it" in shown, path
        for theirs in ("Nieuwe code", "Exporteren", "Ongedaan maken", "Verwijderen", "Terugzetten"):
            assert theirs not in shown, (path, theirs)

    # Not one byte a phone received names the confidential post-it.
    for p in (a, b):
        assert p.received and not any(SECRET.encode() in chunk for chunk in p.received)

    # A new code: both phones are out within seconds, and see the code prompt.
    fac.open("sessie", session=sid)
    fac.page.get_by_role("button", name="Nieuwe code").click()
    for p in (a, b):
        expect(p.page.get_by_text("Wijkaanpak Zuid")).to_have_count(0, timeout=15_000)
    assert store.get(sid).meta.title == "Wijkaanpak Zuid"

    # Closing the room: loopback only again.
    fac.page.get_by_text("Zaal openen voor telefoons en laptops").click()
    fac.idle()
    deadline = time.monotonic() + 10
    while any(not loopback(h) for h in listeners(port)) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert all(loopback(h) for h in listeners(port))
