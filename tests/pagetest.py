"""Helpers for AppTests of the pages: open the real app on a data dir, on one page, one session."""

from __future__ import annotations

import json
import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from components import state

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str, *, session_id: str | None = None, lang: str = "nl", run: bool = True,
              **session_state: object) -> AppTest:
    """The app on pages/<page>.py with a session open; WERKATELIER_DATA_DIR must point at the data dir.

    The ``root`` fixture in tests/conftest.py sets it to an empty data dir.
    """
    at = AppTest.from_file(APP, default_timeout=60)
    if session_id:
        at.session_state[state.SESSION] = session_id
    at.session_state[state.LANG] = lang
    for key, value in session_state.items():
        at.session_state[key] = value
    # app.py runs first, as in the browser: its st.navigation is what makes pages/ files pages of
    # the app (sidebar, undo, messages); switching before any run would run the page file alone.
    at.run()
    at.switch_page(f"pages/{page}.py")
    if run:
        at.run()
        assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    """The page's text as a reader sees it: Markdown backslash escapes resolved."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                  "error", "success", "toast", "text")
             for e in getattr(at, kind)]
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(str(p) for p in parts))


def messages(at: AppTest, *, raw: bool = False) -> list[str]:
    """The messages shown (a success as a toast, a warning or error above the page), as a reader
    sees them.

    raw keeps Markdown's backslash escapes, to check that user text in a message stays text.
    """
    found = [e.value for kind in ("toast", "success", "warning", "error") for e in getattr(at, kind)]
    return found if raw else [re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", m) for m in found]


def canvas_map(at: AppTest, key: str = "map_canvas") -> dict:
    """The whole map a canvas on the page shows: the version Python last sent this browser
    (whole or as a step; tests/test_canvas.py checks that the steps add up to it), with this
    run's acknowledgement, fit and reveal from the payload itself."""
    found = [e for e in at.get("bidi_component") if e.proto.id.rsplit("-", 1)[-1] == key]
    assert len(found) == 1, f"no canvas {key!r} on the page"
    wire = json.loads(found[0].proto.bytes)
    held = at.session_state[f"_werkatelier_canvas_{key}"]["held"]
    return {**json.loads(held.full()), **{k: wire[k] for k in ("ack", "fit", "reveal")}}
