"""A shared link straight into a page works on a freshly started app, as the very first visit."""

from __future__ import annotations

import pytest
from browser_support import AppPage, start_app


@pytest.mark.parametrize("path", ["kaart", "personas"])
def test_the_first_visit_after_a_start_can_be_a_deep_link(path, page, tmp_path):
    with start_app(tmp_path / "data") as url:
        app = AppPage(page, url).open(path, session="s_team6wa2")
        page.wait_for_timeout(2000)  # the "Page not found" box came up after the first run
        body = page.locator("body").inner_text()
        assert "Page not found" not in body
        # The sidebar's open session comes from app.py, so app.py ran around the page.
        assert "Open sessie" in body and "Team 6 – Werkatelier II" in body
        assert app.foreign_requests() == []
