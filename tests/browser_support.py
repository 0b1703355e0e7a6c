"""What the browser tests share: a real `werkatelier run` on a data dir, and a tab on it."""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import Page, expect

ROOT = Path(__file__).resolve().parent.parent
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
#: Headless Chromium (156) otherwise loads its own omnibox pop-up (chrome://omnibox-popup.top-chrome)
#: in a second renderer for every new page: about 1.4 s of a core, on a two-core machine, while the
#: page under test loads beside it.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync",
                 "--disable-features=PreloadTopChromeWebUI"]
#: Generous: two cores, and the server reruns the script on every interaction.
WAIT_MS = 60_000
SIZES = {"desktop": (1920, 1080), "phone": (390, 844)}
IDLE = "[data-testid=stApp][data-test-script-state=notRunning][data-test-connection-state=CONNECTED]"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, proc: subprocess.Popen, what: str, log_path: Path | None = None) -> None:
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log = log_path.read_text(errors="replace") if log_path and log_path.exists() else ""
            raise RuntimeError(f"{what} did not come up: {log}")
        time.sleep(0.25)


@contextlib.contextmanager
def serve(cmd: list[str], what: str, log_path: Path, env: dict[str, str] | None = None) -> Iterator[str]:
    """Run a Streamlit server command on a free port (``{port}`` in cmd); its URL while it runs."""
    port = free_port()
    env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
           **(env or {})}
    with open(log_path, "wb") as log:
        proc = subprocess.Popen([c.replace("{port}", str(port)) for c in cmd], cwd=ROOT, stdout=log,
                                stderr=subprocess.STDOUT, env=env)
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url, proc, what, log_path)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(15)


def start_app(data_dir: Path) -> contextlib.AbstractContextManager[str]:
    """The real app, started the way a facilitator starts it: `werkatelier run`."""
    data_dir.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "werkatelier", "--data-dir", str(data_dir), "run", "--port", "{port}"]
    return serve(cmd, "werkatelier run", data_dir.parent / f"{data_dir.name}-run.log")


def eventually(page: Page, check, timeout_s: float = WAIT_MS / 1000) -> None:
    """Retry ``check`` until it passes: a rerun fills in the page, and writes the store, bit by bit."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            check()
            return
        except AssertionError:
            if time.monotonic() > deadline:
                raise
            page.wait_for_timeout(100)


def equal(actual, expected) -> None:
    """An assertion as a call, for ``eventually(page, lambda: equal(...))``."""
    assert actual == expected


def on_screen(page: Page, key: str, node: str) -> tuple[float, float]:
    """Where a post-it of canvas ``key`` is on the screen, from vis-network's canvas-to-DOM transform.

    Waits until the view has held still for a moment and the post-it is the one under that
    point, as a person looks before they grab: a view still fitting itself after a rerun would
    otherwise turn a drag into a pan.
    """
    page.wait_for_function("""([k, id]) => { const c = (window.__werkatelierCanvas || {})[k];
        if (!c || !c.network || !c.nodes.get(id)) return false;
        const n = c.network, p = n.getViewPosition(), at = n.getPositions([id])[id];
        const now = [n.getScale(), p.x, p.y, at.x, at.y, c.root.dataset.drawn].join();
        const still = c.__steady === now; c.__steady = now;
        return still && n.getNodeAt(n.canvasToDOM(at)) === id; }""", arg=[key, node], polling=250)
    x, y = page.evaluate("""([k, id]) => { const c = window.__werkatelierCanvas[k];
        const d = c.network.canvasToDOM(c.network.getPositions([id])[id]);
        const r = c.stage.querySelector('canvas').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y]; }""", [key, node])
    return x, y


def drag(page: Page, start: tuple[float, float], end: tuple[float, float]) -> None:
    """A person's drag: press, a small first move (vis starts dragging on it), then the way there."""
    m = page.mouse
    m.move(*start)
    m.down()
    m.move(start[0] + 4, start[1] + 4, steps=2)
    m.move(*end, steps=12)
    m.up()


#: Every tab the running test opened on the app (tests/browser/conftest.py checks them after it).
OPENED: list[AppPage] = []


class AppPage:
    """One browser tab on the app, with every request it made, every dialog that fired and every
    error the page threw (an error Streamlit does not catch leaves a white page)."""

    def __init__(self, page: Page, base: str):
        self.page, self.base = page, base
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        OPENED.append(self)
        #: How this tab answers a dialog (each is recorded in ``dialogs``): "no" unless a test says yes.
        self.accept_dialogs = False
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", self._answer)

    def _answer(self, dialog) -> None:
        self.dialogs.append(dialog.message if dialog.type != "beforeunload" else "beforeunload")
        if self.accept_dialogs:
            dialog.accept()
        else:
            dialog.dismiss()

    def open(self, path: str = "", **query: str) -> AppPage:
        qs = "&".join(f"{k}={v}" for k, v in query.items())
        self.page.goto(f"{self.base}/{path}" + (f"?{qs}" if qs else ""))
        self.idle()
        return self

    def idle(self) -> None:
        """Wait until the app is connected and its script has finished running."""
        self.page.wait_for_selector(IDLE, state="attached")
        # A rerun may start right after an interaction; give it a moment to begin, then wait again.
        self.page.wait_for_timeout(300)
        self.page.wait_for_selector(IDLE, state="attached")

    def text(self) -> str:
        return self.page.locator("[data-testid=stMain]").inner_text()

    def foreign_requests(self) -> list[str]:
        """Requests to any host but the app's own (data: and blob: URLs stay on the machine)."""
        own = urlparse(self.base).netloc
        return [u for u in self.requests
                if not u.startswith(("data:", "blob:", "about:")) and urlparse(u).netloc != own]

    def shoot(self, name: str) -> list[Path]:
        """Screenshots at the projector's and a phone's size, for a person to look at."""
        SHOTS.mkdir(parents=True, exist_ok=True)
        paths = []
        original = self.page.viewport_size
        for label, (w, h) in SIZES.items():
            self.page.set_viewport_size({"width": w, "height": h})
            self.idle()
            path = SHOTS / f"{re.sub(r'[^a-z0-9_-]+', '-', name.lower())}-{label}.png"
            self.page.screenshot(path=str(path), full_page=False)
            paths.append(path)
        if original:
            self.page.set_viewport_size(original)
        return paths
