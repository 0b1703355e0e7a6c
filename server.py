"""Werkatelier's server: Streamlit runs app.py, and the live room's socket rides beside it.

The room's gate (werkatelier/roomgate.py) stands in front of everything; it lets all through until
a room is open. With WERKATELIER_ROOM=1 (``werkatelier run --room``) the room opens as the server
starts (the app stays on 127.0.0.1; a listener on the laptop's network address forwards to it) and
closes when the server stops.
"""

import asyncio
import contextlib
import logging
import os
import threading
import webbrowser
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from werkatelier import liveroute, roomgate, roomnet
from werkatelier.document import WerkatelierError

LOG = logging.getLogger("werkatelier.server")


@contextlib.asynccontextmanager
async def lifespan(_app: Any) -> AsyncIterator[None]:
    opened = False
    if os.environ.get(roomnet.ENV_ROOM) == "1":
        port = int(config.get_option("server.port"))
        try:
            url = await asyncio.to_thread(roomnet.open_room, port)
            opened = True
            LOG.warning("The room is open at %s", url)
        except WerkatelierError as e:
            # The app still serves this laptop; the facilitator reads why phones cannot join.
            LOG.error("The room could not be opened: %s", e)  # noqa: TRY400 - one sentence, no trace
        link = os.environ.get(roomnet.ENV_OPEN)
        if opened and link and not config.get_option("server.headless"):
            # After the server listens (the lifespan's start comes first); off the event loop.
            asyncio.get_running_loop().call_later(
                1.0, lambda: threading.Thread(target=webbrowser.open, args=(link,), daemon=True).start())
    try:
        yield None
    finally:
        if opened:
            await asyncio.to_thread(roomnet.close_room)


app = st.App(str(Path(__file__).with_name("app.py")),
             routes=[*liveroute.routes(), *roomgate.routes()],
             middleware=[Middleware(roomgate.BrowserName), Middleware(roomgate.RoomGate)],
             lifespan=lifespan)
