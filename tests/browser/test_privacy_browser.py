"""Nothing leaves the machine: every page, in both languages, with a demo session open, asks only the app."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

#: Every screen's URL path, as app.py registers them: the test visits each, finished or not.
PATHS = ["", "sessie", "kaart", "projectie", "personas", "interviews", "werkrondes", "acties", "analyse",
         "geschiedenis", "presentatie"]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_page_asks_any_other_host_for_anything(app, app_store, lang):
    # A copy: pages may write (the map places post-its), and the demos are shared by all browser tests.
    sid = app_store.add(app_store.get("s_team6wa2")).id
    visited = []
    for path in PATHS:
        app.open(path, session=sid, lang=lang)
        expect(app.page.locator("[data-testid=stMain]")).not_to_be_empty()
        # Late arrivals too: images, fonts and iframes a page pulls in after its script finished.
        app.page.wait_for_load_state("networkidle")
        visited.append(app.page.url)
        assert app.foreign_requests() == [], f"/{path} asked another host"
    assert len(visited) == len(PATHS)
    assert all(f"session={sid}" in url for url in visited)
    assert any(u.startswith(app.base) for u in app.requests)  # requests were recorded at all
    assert app.dialogs == []
