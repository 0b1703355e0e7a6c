"""Start and session pages in Chromium: the open session survives reloads and page switches, English
on request, a template's clusters on the map, an import previewed and cancelled, exports as files."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from werkatelier.templates_catalog import NEIGHBOURHOOD


def team6_copy(app_store) -> str:
    """A fresh copy of team 6's second workshop, so the shared demo is never changed."""
    return app_store.add(app_store.get("s_team6wa2")).id


def on(path: str, sid: str) -> re.Pattern[str]:
    """A URL on page ``path`` that carries ``?session=sid`` (among other query parameters)."""
    return re.compile(rf"/{path}\?(.*&)?session={sid}(&|$)")


def shoot(app, name: str, path: str | None = None, **query: str) -> None:
    """Screenshots at both sizes; then, if asked, a fresh load of ``path``.

    Going to the phone size and back can leave the page inert for a moment (the sidebar
    overlays it at the phone size), so a flow that goes on afterwards starts from a new load.
    """
    app.shoot(name)
    if path is not None:
        app.open(path, **query)


def nav(app, label: str) -> None:
    app.page.locator("[data-testid=stSidebarNav] a", has_text=label).first.click()
    app.idle()


def test_an_opened_session_stays_open_through_reloads_and_page_switches(app, app_store):
    sid = team6_copy(app_store)
    title = app_store.get(sid).meta.title
    page = app.page
    app.open()
    page.locator(f".st-key-open_{sid} button").click()
    expect(page).to_have_url(on("kaart", sid))
    app.idle()
    sidebar = page.locator("[data-testid=stSidebar]")
    expect(sidebar).to_contain_text(title)

    page.reload()
    app.idle()
    expect(page).to_have_url(on("kaart", sid))
    expect(sidebar).to_contain_text(title)

    nav(app, "Sessie")
    expect(page).to_have_url(on("sessie", sid))
    expect(page.locator(".st-key-session_title input")).to_have_value(title)
    page.reload()
    app.idle()
    expect(page).to_have_url(on("sessie", sid))
    expect(page.locator(".st-key-session_title input")).to_have_value(title)

    nav(app, "Start")
    expect(page).to_have_url(on("", sid))  # the default page lives at /
    expect(page.locator(f".st-key-open_{sid} button")).to_have_text(re.compile("Nu open"))
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_english_labels_on_request_and_on_every_page_after(app, app_store):
    sid = team6_copy(app_store)
    page = app.page
    app.open("sessie", session=sid)
    expect(page.get_by_role("tab", name="Deelnemers")).to_be_visible()
    shoot(app, "session-nl")
    app.open("sessie", session=sid)
    page.get_by_role("tab", name="Vraag").click()
    expect(page.get_by_text("Hoe de vraag veranderde")).to_be_visible()
    shoot(app, "session-question-nl", "sessie", session=sid)

    page.locator(".st-key-wa_lang_pick").get_by_text("English").click()
    app.idle()
    expect(page.get_by_role("tab", name="Participants")).to_be_visible()
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    page.get_by_role("tab", name="Participants").click()
    expect(page.get_by_text("Write down roles, not people’s names")).to_be_visible()

    nav(app, "Start")
    expect(page.get_by_role("tab", name="New session")).to_be_visible()
    expect(page.locator(f".st-key-open_{sid} button")).to_have_text(re.compile("Open now"))
    page.reload()
    app.idle()
    expect(page.get_by_role("tab", name="Follow-up session")).to_be_visible()
    shoot(app, "start-en", "sessie", session=sid, lang="en")
    page.get_by_role("tab", name="Participants").click()
    expect(page.get_by_text("Write down roles, not people’s names")).to_be_visible()
    shoot(app, "session-participants-en")
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_a_new_session_from_the_template_shows_its_clusters_on_the_map(app, app_store):
    before = {s.id for s in app_store.list()}
    page = app.page
    app.open()
    shoot(app, "start-nl", "")
    page.get_by_role("tab", name="Nieuwe sessie").click()
    page.locator(".st-key-start_new_template").get_by_text("Sjabloon: partijen in de wijk").click()
    expect(page.get_by_text("Het sjabloon zet acht clusters")).to_be_visible()
    shoot(app, "start-new-session-nl", "")
    page.get_by_role("tab", name="Nieuwe sessie").click()
    page.locator(".st-key-start_new_title input").fill("Wijkaanpak Oost")
    page.locator(".st-key-start_new_team input").fill("Team 9")
    page.locator(".st-key-start_new_template").get_by_text("Sjabloon: partijen in de wijk").click()
    page.locator(".st-key-start_new_submit button").click()
    expect(page).to_have_url(re.compile(r"/kaart\?(.*&)?session=s_"))
    app.idle()
    expect(page.get_by_text("Sessie ‘Wijkaanpak Oost’ is aangemaakt.")).to_be_visible()
    (new,) = {s.id for s in app_store.list()} - before
    expect(page).to_have_url(on("kaart", new))
    main = page.locator("[data-testid=stMain]")
    for group in NEIGHBOURHOOD:
        expect(main).to_contain_text(group.name[0])
    assert [c.name for c in app_store.get(new).clusters] == [g.name[0] for g in NEIGHBOURHOOD]
    shoot(app, "map-from-template")
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_an_import_is_previewed_and_cancelling_leaves_everything_as_it_was(app, app_store):
    before = {s.id: s.revision for s in app_store.list()}
    page = app.page
    for shot in (True, False):
        app.open()
        page.get_by_role("tab", name="Importeren").click()
        page.locator("[data-testid=stFileUploaderDropzoneInput]").set_input_files(
            files=[{"name": "kaart.csv", "mimeType": "text/csv",
                    "buffer": b"naam;invloed\nWijkagent;4\nBuurtteam;9\n"}])
        app.idle()
        expect(page.get_by_text("Voorbeeld van de import uit kaart.csv")).to_be_visible()
        expect(page.get_by_text("1 rij wordt overgeslagen")).to_be_visible()
        if shot:
            shoot(app, "start-import-preview")
    assert {s.id: s.revision for s in app_store.list()} == before
    page.locator(".st-key-start_import_cancel button").click()
    app.idle()
    expect(page.get_by_text("Import van kaart.csv geannuleerd; er is niets opgeslagen.")).to_be_visible()
    expect(page.get_by_text("Voorbeeld van de import")).to_have_count(0)
    expect(page.locator("[data-testid=stFileUploaderFile]")).to_have_count(0)  # the uploader is empty
    assert {s.id: s.revision for s in app_store.list()} == before
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_the_json_export_leaves_confidential_items_out_unless_asked(app, app_store):
    sid = team6_copy(app_store)
    secret = {s.name for s in app_store.get(sid).stakeholders if s.confidential}
    assert secret
    page = app.page
    app.open("sessie", session=sid)
    page.get_by_role("tab", name="Exporteren").click()

    def exported() -> dict:
        with page.expect_download() as info:
            page.locator(".st-key-session_export_json button").click()
        return json.loads(open(info.value.path(), encoding="utf-8").read())

    without = {s["name"] for s in exported()["stakeholders"]}
    assert without and not without & secret
    page.locator(".st-key-session_export_confidential label").click()
    app.idle()
    expect(page.get_by_text("Let op: de export bevat")).to_be_visible()
    assert secret <= {s["name"] for s in exported()["stakeholders"]}
    shoot(app, "session-export-nl")
    assert app.foreign_requests() == []
    assert app.dialogs == []
