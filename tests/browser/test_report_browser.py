"""The day's report and the map's pictures as a facilitator downloads them, in Chromium."""

from __future__ import annotations

import io

from PIL import Image
from playwright.sync_api import expect
from pypdf import PdfReader

from werkatelier import i18n


def downloaded(page, selector: str) -> bytes:
    with page.expect_download(timeout=120_000) as info:
        page.locator(selector).click()
    with open(info.value.path(), "rb") as f:
        return f.read()


def test_report_downloads_on_the_session_page(app, app_store):
    doc = app_store.get("s_team6wa4")
    secret = [s.name for s in doc.stakeholders if s.confidential]
    page = app.page
    app.open("sessie", session=doc.id)
    page.get_by_role("tab", name="Exporteren").click()
    expect(page.locator(".st-key-session_report_pdf button")).to_be_visible()
    pdf = downloaded(page, ".st-key-session_report_pdf button")
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    squash = "".join(text.split())
    assert "".join(i18n.t("report.confidential_left_out", "nl").split()) in squash
    assert "".join(i18n.t("report.section.changes", "nl").split()) in squash  # carried from werkatelier II
    assert not any(name in text for name in secret)
    docx = downloaded(page, ".st-key-session_report_docx button")
    assert docx[:2] == b"PK"
    app.shoot("session-report-downloads")
    assert app.foreign_requests() == []
    assert app.dialogs == []


def test_picture_downloads_on_the_map_page(app, app_store):
    sid = "s_team6wa4"
    page = app.page
    app.open("kaart", session=sid, lang="nl")
    page.get_by_role("button", name="Afbeelding van de kaart").click()
    expect(page.locator(".st-key-map_picture_png_A4 button")).to_be_visible()
    app.shoot("map-picture-downloads")
    png = Image.open(io.BytesIO(downloaded(page, ".st-key-map_picture_png_A4 button")))
    assert png.format == "PNG" and max(png.size) >= 3000
    a3 = PdfReader(io.BytesIO(downloaded(page, ".st-key-map_picture_pdf_A3 button")))
    assert round(float(a3.pages[0].mediabox.width)) == 1191
    svg = downloaded(page, ".st-key-map_picture_svg_A4 button").decode("utf-8")
    assert svg.count('class="postit"') == sum(not s.confidential for s in app_store.get(sid).stakeholders)
    assert app.foreign_requests() == []
    assert app.dialogs == []
