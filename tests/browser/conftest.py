"""Browser tests: one real `werkatelier run` on a temporary data dir, driven by Debian's Chromium."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect

from werkatelier.store import FileStore

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync"]
#: Generous: two cores, and the server reruns the script on every interaction.
WAIT_MS = 60_000
SIZES = {"desktop": (1920, 1080), "phone": (390, 844)}
IDLE = "[data-testid=stApp][data-test-script-state=notRunning][data-test-connection-state=CONNECTED]"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"The browser tests need Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1920, "height": 1080}}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def app_data_dir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("werkatelier-data")


@pytest.fixture(scope="session")
def app_url(app_data_dir):
    """The real app, started the way a facilitator starts it: `werkatelier run`."""
    port = free_port()
    log_path = app_data_dir.parent / "werkatelier-run.log"
    log = open(log_path, "wb")  # noqa: SIM115 - closed after the server
    env = {**os.environ, "STREAMLIT_SERVER_HEADLESS": "true", "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}
    proc = subprocess.Popen([sys.executable, "-m", "werkatelier", "--data-dir", str(app_data_dir), "run",
                             "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"werkatelier run did not come up: {log_path.read_text(errors='replace')}")
            time.sleep(0.25)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(15)
        log.close()


@pytest.fixture(scope="session")
def app_store(app_data_dir, app_url) -> FileStore:
    """The same data dir the running app uses (after it seeded the demos)."""
    return FileStore(app_data_dir)


class AppPage:
    """One browser tab on the app, with every request it made and every dialog that fired."""

    def __init__(self, page: Page, base: str):
        self.page, self.base = page, base
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.set_default_timeout(WAIT_MS)
        expect.set_options(timeout=WAIT_MS)
        page.on("request", lambda r: self.requests.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))

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


@pytest.fixture
def app(page: Page, app_url) -> AppPage:
    return AppPage(page, app_url)
