"""History, compare and presentation in Chromium against the real app, on copies of team 6's demo sessions."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from werkatelier.ops import AddStakeholder, UpdateStakeholder

PARTNERS = ["ROC Amsterdam", "Directeur Arbeid", "Aannemer (via Rochdale)", "Jongerennetwerk Nieuw-West",
            "Wijkbeheerders", "Incassomedewerkers", "Leefbaarheidsconsulenten", "Duwtje"]
#: Team 6's werkatelier II as slides: title, map, four personas, three interviews, the actions.
HEADINGS = ["Team 6 – Werkatelier II", "De stakeholderkaart", "Streetlevel Professional", "Dader-slachtoffer",
            "Stilzwijgende profijthebber", "Goedwillende lasthebber", "Inzichten: Jeugdhulpverlener",
            "Inzichten: Wijkmanager gemeente", "Inzichten: Criminoloog", "Acties"]
CONFIDENTIAL = ["Bronnen off the record", "Criminele netwerken", "Ronselaars", "Katvangers en stromannen"]


@pytest.fixture
def app(app):
    """The tab, landed on the start page first: a freshly started server answers its very first
    deep link with Streamlit's "Page not found" notice, as it learns the pages on its first run."""
    app.open()
    return app


def copy_of(app_store, demo: str) -> str:
    """A fresh session with the demo's content (and its carried_from), so the demos stay untouched."""
    return app_store.add(app_store.get(demo)).id


def canvas_labels(app, key: str) -> list[str]:
    """The post-its the canvas under key draws, each label on one line."""
    app.page.wait_for_function(f"() => window.__werkatelierCanvas && window.__werkatelierCanvas['{key}']"
                               f" && window.__werkatelierCanvas['{key}'].nodes.length > 0")
    labels = app.page.evaluate(f"() => window.__werkatelierCanvas['{key}'].nodes.get().map(n => n.label)")
    return [" ".join(label.split()) for label in labels]  # post-it labels wrap onto lines


def open_compare(app, sid: str) -> None:
    app.open("geschiedenis", session=sid)
    app.page.get_by_role("tab", name="Vergelijken").click()
    expect(app.page.get_by_text("De kaarten naast elkaar")).to_be_visible()
    app.idle()


def test_history_lists_the_revisions_and_compare_shows_what_werkatelier_four_added(app, app_store):
    sid = copy_of(app_store, "s_team6wa4")
    app_store.apply(sid, AddStakeholder(name="Wijkagent Poelenburg"))
    app_store.apply(sid, UpdateStakeholder(id="sh_riec", changes={"influence": 5}))
    app.open("geschiedenis", session=sid)
    table = app.page.locator("[data-testid=stTable]")
    expect(table).to_contain_text("stakeholder wijzigen")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(3)
    assert rows.nth(0).inner_text().split()[0] == "3"  # newest first
    assert "post-it toevoegen" in rows.nth(1).inner_text()
    app.shoot("history")

    # Compare defaults to the session this one was carried forward from: team 6's werkatelier II.
    open_compare(app, sid)
    text = app.text()
    assert "A staat standaard op de sessie waaruit deze is doorgezet: Team 6 – Werkatelier II" in text
    for name in PARTNERS:
        assert f"+ {name}" in text
    b = canvas_labels(app, "history_map_b")
    a = canvas_labels(app, "history_map_a")
    assert "+ ROC Amsterdam" in b and "+ Wijkagent Poelenburg" in b
    assert not any("ROC Amsterdam" in label for label in a)
    assert any(label.startswith("✎ RIEC") for label in b)
    app.shoot("history-compare")
    app.page.get_by_text("De kaarten naast elkaar").scroll_into_view_if_needed()
    app.shoot("history-compare-maps")
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_compare_werkatelier_two_with_one_shows_the_whole_map_added(app, app_store):
    sid = copy_of(app_store, "s_team6wa2")
    open_compare(app, sid)
    text = app.text()
    assert "Van A naar B: 91 toegevoegd, 0 verwijderd, 0 gewijzigd." in text
    for name in ("Rochdale", "Gemeente Amsterdam", "Heilige Boontjes"):
        assert f"+ {name}" in text
    # Werkatelier I had no map yet: A says so, B marks every post-it as added.
    expect(app.page.get_by_text("Nog geen stakeholders in deze versie.")).to_be_visible()
    b = canvas_labels(app, "history_map_b")
    assert len(b) == 34 and all(label.startswith("+ ") for label in b)
    assert app.foreign_requests() == []
    assert app.dialogs == []


def counter(app):
    return app.page.get_by_text(re.compile(r"^Dia \d+ van 10$"))


def test_presentation_steps_with_the_keyboard_and_shows_nothing_confidential(app, app_store):
    sid = copy_of(app_store, "s_team6wa2")
    app.open("presentatie", session=sid)
    page = app.page
    expect(counter(app)).to_have_text("Dia 1 van 10")
    expect(page.get_by_role("heading", name="Team 6 – Werkatelier II")).to_be_visible()
    # No sidebar, no Streamlit header: the projector sees the slide.
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    expect(page.locator("[data-testid=stHeader]")).to_be_hidden()
    app.shoot("present-title")

    page.keyboard.press("ArrowRight")
    expect(counter(app)).to_have_text("Dia 2 van 10")
    expect(page.get_by_role("heading", name="De stakeholderkaart")).to_be_visible()
    labels = canvas_labels(app, "present_map")
    assert len(labels) == 30
    shown = "\n".join(labels)
    assert "Rochdale" in shown
    for name in CONFIDENTIAL:
        assert name not in shown
    hidden = page.evaluate("() => JSON.stringify(window.__werkatelierCanvas.present_map.data)")
    for name in CONFIDENTIAL:
        assert name not in hidden
    assert "sh_criminelen" not in hidden and "sh_offrecord" not in hidden
    app.shoot("present-map")

    page.keyboard.press("ArrowRight")
    expect(counter(app)).to_have_text("Dia 3 van 10")
    expect(page.get_by_role("heading", name="Streetlevel Professional")).to_be_visible()
    app.shoot("present-persona")
    page.keyboard.press("ArrowLeft")
    expect(counter(app)).to_have_text("Dia 2 van 10")
    # A presenter's clicker: PageDown and PageUp.
    page.keyboard.press("PageDown")
    expect(counter(app)).to_have_text("Dia 3 van 10")
    page.keyboard.press("PageUp")
    expect(counter(app)).to_have_text("Dia 2 van 10")
    # The slide is in the URL: a reload stays on it.
    expect(page).to_have_url(re.compile(r"[?&]slide=2\b"))
    page.reload()
    app.idle()
    expect(counter(app)).to_have_text("Dia 2 van 10")

    # Every slide, front to back: no confidential name on any of them.
    texts = []
    for n, heading in enumerate(HEADINGS[1:], 2):
        expect(counter(app)).to_have_text(f"Dia {n} van 10")
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        if heading == "Acties":
            expect(page.locator("[data-testid=stTable]")).to_contain_text("Buurtbezoek aan Poelenburg")
        app.idle()
        texts.append(app.text())
        if n == 7:
            app.shoot("present-insights")
        if n < len(HEADINGS):
            page.keyboard.press("ArrowRight")
    everything = "\n".join(texts)
    for name in CONFIDENTIAL:
        assert name not in everything
    assert "Woningen worden gehuurd via katvangers" not in everything
    assert "Buurtbezoek aan Poelenburg" in everything
    expect(page.get_by_role("button", name=re.compile("Volgende"))).to_be_disabled()
    assert app.foreign_requests() == []
    assert app.dialogs == []
