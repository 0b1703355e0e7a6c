"""Every page of the app runs without an exception, with and without a session open, in both languages."""

from __future__ import annotations

import pytest
from pagetest import open_page, shown

from werkatelier.store import ENV_DATA_DIR, FileStore

PAGES = ["start", "session", "map", "projector", "personas", "interviews", "rounds", "actions",
         "analysis", "history", "present"]


@pytest.fixture
def sid(tmp_path, monkeypatch, team6_session) -> str:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path))
    return FileStore(tmp_path).add(team6_session, keep_id=True).id


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_on_the_demo_session(page, lang, sid):
    at = open_page(page, session_id=sid, lang=lang)
    assert not at.exception
    assert shown(at).strip()
    # The page ran inside app.py: the sidebar names the open session.
    assert "Team 6 – Werkatelier II" in [m.value.strip("*") for m in at.sidebar.markdown]


@pytest.mark.parametrize("page", [p for p in PAGES if p != "start"])
def test_every_session_page_without_a_session_points_to_the_start_page(page, tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path))
    at = open_page(page)
    assert "Er is geen sessie geopend" in shown(at)
