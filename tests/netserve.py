"""Small servers and listeners for the tests of the live room and the room: one home for each."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator

import uvicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def serving(app) -> Iterator[int]:
    """An ASGI app on a real uvicorn on 127.0.0.1, in a thread; yields its port."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(10)


def listeners(port: int) -> set[str]:
    """The addresses something listens on at ``port``, as ``ss -ltn`` shows them."""
    shown = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=True).stdout
    found = set()
    for line in shown.splitlines():
        address, _, at = line.split()[3].rpartition(":")
        if at == str(port):
            found.add(address.strip("[]"))
    return found


def loopback(host: str) -> bool:
    return host.startswith("127.") or host in ("::1", "localhost")


def health(port: int, proc: subprocess.Popen, timeout_s: float = 90) -> str | None:
    """What the app's health check says once it answers (None: it never did, or the process ended)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                return r.read().decode()
        except OSError:
            time.sleep(0.5)
    return None


def stop_group(proc: subprocess.Popen) -> str:
    """Stop a process started with ``start_new_session`` (and what it started); everything it printed."""
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        return proc.communicate(timeout=20)[0].decode(errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        return proc.communicate()[0].decode(errors="replace")
