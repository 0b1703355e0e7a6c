"""The live element: put it in an ``st.fragment`` and the fragment reruns when the session changes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from components import assets
from werkatelier import i18n, liveroute

__all__ = ["COMPONENT_NAME", "badge_labels", "live_element"]

#: "<project>.<component>" as declared in pyproject.toml; its asset_dir is werkatelier/static.
COMPONENT_NAME = "werkatelier.live"
SCRIPT = "live.js"
#: Small and quiet: the badge sits in a corner of every page, also on the projector.
STYLE = """
.werkatelier-live { font-size: 0.8rem; color: #4a4a4a; line-height: 1.4; }
.werkatelier-live[data-connected="0"] { color: #8a1c1c; }
"""
_KEYS = {"one": "live.screens_one", "many": "live.screens", "offline": "live.offline"}


def badge_labels(lang: str) -> dict[str, str]:
    """The badge's words in ``lang``: one screen, ``{n}`` screens, and the lost connection.

    >>> badge_labels("en")["many"]
    '{n} screens open'
    """
    return {name: i18n.t(key, lang) for name, key in _KEYS.items()}


_mounter: Any = None


def _mount(**kwargs: Any) -> Any:
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return {}  # bare mode: nothing is drawn, nothing is live
    global _mounter
    if _mounter is None:
        _mounter = st.components.v2.component(COMPONENT_NAME, js=SCRIPT, css=STYLE, isolate_styles=True)
    return _mounter(**kwargs)


def _rerun_fragment() -> None:
    # Nothing to do: that the trigger fired is what reruns the fragment this element is in.
    return None


def live_element(session_id: str, revision: int | None, *, key: str, lang: str = "nl",
                 labels: Mapping[str, str] | None = None, badge: bool = True,
                 go: str | None = None, on_rev: Callable[[], None] | None = None) -> int | None:
    """Keep the surrounding ``st.fragment`` up to date with session ``session_id``.

    ``revision`` is the revision the fragment has just drawn. When the server pushes a newer
    one (a change made on another screen, by the CLI, or by a second server on the same data
    dir), the browser sets this element's trigger, which reruns only the fragment it is in.
    A push of the revision the page already holds (the author's own change) does nothing.
    With ``badge`` it shows how many screens are open on the session, in ``lang`` (or
    ``labels``: ``one``, ``many`` with ``{n}``, ``offline``). ``go`` sends the tab to that path
    of the app, once. ``on_rev`` runs when a newer revision comes in, before the rerun (it may
    name the fragments to rerun with ``st.rerun(keys)``).

    Returns the revision that triggered this rerun, or None when something else reran it.
    Give the fragment a slow ``run_every`` (15-30 s) as the safety net for a push that never
    arrived (a proxy that drops WebSockets).
    """
    assets.ensure_served(COMPONENT_NAME)
    words = None
    if badge:
        words = {**badge_labels(lang), **dict(labels or {})}
    data = {"session": session_id, "rev": revision, "path": liveroute.PREFIX, "labels": words}
    if go:
        data["go"] = go  # a path of this app the tab goes to once (see live.js)
    result = _mount(key=key, data=data, height="content", on_rev_change=on_rev or _rerun_fragment)
    rev = result.get("rev") if isinstance(result, Mapping) else getattr(result, "rev", None)
    return rev if isinstance(rev, int) and not isinstance(rev, bool) else None
