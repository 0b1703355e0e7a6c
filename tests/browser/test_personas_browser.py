"""Personas and interviews in Chromium: a persona linked both ways, and the print view on A5 sheets."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from playwright.sync_api import expect

from werkatelier import personas

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
#: A5 at CSS pixels (96 per inch): 148 x 210 mm.
A5_PX = {"width": 559, "height": 794}


def team6_copy(app_store) -> str:
    """A fresh copy of team 6's second workshop, so the shared demo is never changed."""
    return app_store.add(app_store.get("s_team6wa2")).id


def visit(app, path: str, **query: str) -> None:
    """Open a page by its URL, after the start page, as a facilitator arrives there."""
    app.open("")
    app.open(path, **query)


def press(page, key: str) -> None:
    """Click a keyed button; one with a tooltip has a second, hidden copy, so take the one in view."""
    page.locator(f".st-key-{key} button").filter(visible=True).click()


def criminologist(app_store, sid):
    return next(v for v in app_store.get(sid).interviews if v.id == "iv_t6_criminoloog")


def choose(page, key: str, option: str) -> None:
    """Type into a keyed select box and click the option, as a person does: a rerun that lands
    while the list is open closes it, and then they open it and type again."""
    box = page.locator(f".st-key-{key} input")
    for attempt in range(3):
        box.click()
        box.fill(option)
        found = page.get_by_role("option", name=option, exact=True)
        try:
            found.wait_for(timeout=5_000)
        except Exception:  # noqa: BLE001 - the list closed under a rerun: once more
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            page.wait_for_timeout(500)
            continue
        found.click()
        return


def pick(page, key: str, option: str) -> None:
    """Choose an option in a keyed multiselect by typing part of it, as a person does."""
    choose(page, key, option)
    page.keyboard.press("Escape")


def pdf_pages(data: bytes) -> int:
    """Page objects in a PDF (Chromium writes them as plain dictionaries)."""
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))


def test_a_persona_linked_to_a_stakeholder_and_an_interview_shows_on_every_side(app, app_store):
    sid = team6_copy(app_store)
    page = app.page
    visit(app, "personas", session=sid, lang="nl")
    expect(page.locator(".wa-card")).to_have_count(4)
    app.shoot("personas-gallery")

    page.locator(".st-key-wa_persona_new button").click()
    app.idle()
    page.locator(".st-key-pf_name input").fill("Bezorgde buurvrouw")
    page.locator(".st-key-pf_archetype input").fill("Huurder die alles ziet")
    page.locator(".st-key-pf_avatar input").fill("👵")
    page.locator(".st-key-pf_quote textarea").fill("Ik zie het gebeuren, maar wie moet ik bellen?")
    page.locator(".st-key-pf_wishes textarea").fill("Een veilig portiek\nWeten wie er luistert")
    page.locator(".st-key-pf_frustrations textarea").fill("Meldingen waar niets mee gebeurt")
    pick(page, "pf_stakeholders", "Bewonerscommissie")
    pick(page, "pf_interviews", "Wijkmanager gemeente (Gemeente: gebiedsgericht werken)")
    app.shoot("personas-edit-form")
    page.locator(".st-key-wa_persona_save button").click()
    app.idle()

    expect(page.get_by_text("Persona ‘Bezorgde buurvrouw’ opgeslagen.")).to_be_visible()
    card = page.locator(".wa-card", has_text="Bezorgde buurvrouw")
    expect(card).to_contain_text("Stakeholders: Bewonerscommissie")
    expect(card).to_contain_text("Interviews: Wijkmanager gemeente")
    expect(card.locator(".wa-quote")).to_have_css("font-style", "italic")

    doc = app_store.get(sid)
    new = doc.personas[-1]
    assert (new.name, new.avatar, new.wishes) == ("Bezorgde buurvrouw", "👵",
                                                 ["Een veilig portiek", "Weten wie er luistert"])
    assert new.stakeholder_ids == ["sh_bewonerscommissie"] and new.interview_ids == ["iv_t6_wijkmanager"]
    assert "Bezorgde buurvrouw" in [p.name for p in personas.personas_of(doc, "sh_bewonerscommissie")]

    # The stakeholder's side: choosing it to start a persona says where it already appears.
    page.get_by_text("Persona starten vanuit de kaart").click()
    app.idle()
    choose(page, "wa_pstart_sh", "Bewonerscommissie")
    app.idle()
    expect(page.get_by_text("Bewonerscommissie komt voor in:")).to_contain_text("Bezorgde buurvrouw")

    # The interview's side: the interviews page names the persona linked from the persona's side.
    app.open("interviews", session=sid, lang="nl")
    links = page.locator(".st-key-wa_iv_iv_t6_wijkmanager .wa-ivlinks")
    expect(links).to_contain_text("Bezorgde buurvrouw")
    app.shoot("interviews")

    # The map's side: a click on the post-it opens it beside the map, naming its personas.
    app.open("kaart", session=sid, lang="nl")
    page.wait_for_function("() => { const c = (window.__werkatelierCanvas || {}).map_canvas;"
                           " return !!c && c.nodes.length > 0 && (c.root.dataset.drawn | 0) > 0; }")
    x, y = page.evaluate("""id => { const c = window.__werkatelierCanvas.map_canvas;
        c.network.moveTo({position: c.network.getPositions([id])[id], scale: 1, animation: false});
        const d = c.network.canvasToDOM(c.network.getPositions([id])[id]);
        const r = c.stage.querySelector('canvas').getBoundingClientRect();
        return [r.left + d.x, r.top + d.y]; }""", "sh_bewonerscommissie")
    page.mouse.click(x, y)
    app.idle()
    expect(page.get_by_text("Bewonerscommissie komt voor in:")).to_contain_text("Bezorgde buurvrouw")

    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_an_interview_line_is_added_with_enter_and_removed_with_its_button(app, app_store):
    sid = team6_copy(app_store)
    page = app.page
    visit(app, "interviews", session=sid, lang="en")
    box = page.locator(".st-key-ivadd_insights_iv_t6_criminoloog input")
    box.fill("Trust grows where a report leads somewhere")
    box.press("Enter")
    app.idle()
    line = "Trust grows where a report leads somewhere"
    row = page.locator(".st-key-wa_iv_iv_t6_criminoloog").get_by_text(line)
    expect(row).to_be_visible()
    expect(box).to_have_value("")
    assert criminologist(app_store, sid).insights[-1] == line
    n = len(criminologist(app_store, sid).insights)
    press(page, f"ivdel_insights_iv_t6_criminoloog_{n - 1}")
    app.idle()
    expect(page.get_by_text("Line removed — Undo is in the sidebar.")).to_be_visible()
    expect(row).to_have_count(0)
    assert len(criminologist(app_store, sid).insights) == n - 1
    # The sidebar's Undo brings the line back.
    press(page, "wa_undo_btn")
    app.idle()
    expect(row).to_be_visible()
    assert criminologist(app_store, sid).insights[-1] == line

    # Marked confidential in its details, it says so where the room can see it.
    press(page, "ivedit_iv_t6_criminoloog")
    app.idle()
    page.locator(".st-key-ivf_confidential label").click()
    press(page, "wa_interview_save")
    app.idle()
    card = page.locator(".st-key-wa_iv_iv_t6_criminoloog")
    expect(card.get_by_text("CONFIDENTIAL — left out of the presentation")).to_be_visible()
    assert criminologist(app_store, sid).confidential is True
    card.scroll_into_view_if_needed()
    app.shoot("interviews-confidential")
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_the_print_view_gives_one_a5_page_per_persona(app, app_store, tmp_path):
    sid = team6_copy(app_store)
    n = len(app_store.get(sid).personas)
    page = app.page
    visit(app, "personas", session=sid, lang="nl", print="1")
    expect(page.locator(".wa-print .card")).to_have_count(n)
    app.shoot("personas-print-screen")

    pdf = page.pdf(format="A5", prefer_css_page_size=True, print_background=True)
    assert pdf_pages(pdf) == n
    SHOTS.mkdir(parents=True, exist_ok=True)
    if shutil.which("pdftoppm"):  # not on every machine; the page count above is the check
        (tmp_path / "cards.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(tmp_path / "cards.pdf"),
                        str(SHOTS / "personas-print-pdf")], check=True, timeout=60)
    # What one sheet looks like: the print stylesheet at an A5 sheet's size.
    page.emulate_media(media="print")
    page.set_viewport_size(A5_PX)
    app.idle()
    expect(page.locator("[data-testid=stSidebar]")).to_be_hidden()
    expect(page.locator(".st-key-wa_print_controls")).to_be_hidden()
    page.screenshot(path=str(SHOTS / "personas-print-a5.png"))
    page.emulate_media(media="screen")

    assert app.foreign_requests() == []
    assert app.dialogs == []
