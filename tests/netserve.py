"""Small servers and listeners for the tests of the live room and the room: one home for each."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import threading
import time
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
