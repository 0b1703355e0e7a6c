"""The real app in Chromium: it starts on the demo sessions and asks no outside host for anything."""

from __future__ import annotations


def test_start_page_lists_the_demo_sessions_and_stays_on_the_machine(app):
    app.open()
    text = app.text()
    assert "Werkatelier II" in text and "Team 6" in text
    assert app.foreign_requests() == []
    assert app.dialogs == []
    app.shoot("start")
