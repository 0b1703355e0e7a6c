"""The room's timer on a page: the session says how long is left, the browser counts down."""

from __future__ import annotations

from typing import Any

import streamlit as st

from components import assets
from werkatelier import i18n
from werkatelier.model import Timer

COMPONENT_NAME = "werkatelier.timer"
STYLE = """
.wa-timer { display: flex; align-items: baseline; gap: 0.6rem; font-variant-numeric: tabular-nums;
            font-weight: 700; color: #1b1b1b; }
.wa-timer[data-size="large"] .wa-timer-time { font-size: 3.2rem; line-height: 1.1; }
.wa-timer[data-size="normal"] .wa-timer-time { font-size: 1.8rem; }
.wa-timer[data-state="done"] .wa-timer-time { color: #a4161a; }
.wa-timer[data-state="paused"] .wa-timer-time { color: #5a5a5a; }
.wa-timer-note { font-size: 1rem; font-weight: 400; color: #4a4a4a; }
"""
_mounter: Any = None


def timer_element(timer: Timer, *, key: str, lang: str, size: str = "normal", token: int = 0) -> None:
    """Show ``timer`` counting down; nothing when no timer is set."""
    from streamlit.runtime import Runtime

    running = timer.until is not None
    left = timer.remaining()
    if not running and left <= 0:
        return
    if not Runtime.exists():
        st.caption(f"{int(left) // 60:02d}:{int(left) % 60:02d}")  # bare mode and AppTest: the text
        return
    assets.ensure_served(COMPONENT_NAME)
    global _mounter
    if _mounter is None:
        _mounter = st.components.v2.component(COMPONENT_NAME, js="timer.js", css=STYLE, isolate_styles=True)
    data = {"left_ms": round(left * 1000), "running": running, "sound": timer.sound, "size": size,
            "token": f"{token}:{timer.until.isoformat() if timer.until else ''}:{timer.left_s}",
            "labels": {"done": i18n.t("room.timer_done", lang), "paused": i18n.t("room.timer_paused", lang)}}
    _mounter(key=key, data=data, height="content")
