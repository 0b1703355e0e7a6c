"""Dutch throughout: every page of the app in Chromium, in Dutch, shows no English word a person reads.

The detector is a short, explicit list of common English interface words (Streamlit's own strings
among them), not a dictionary: a word on it that reaches a Dutch page fails the test, unless it is
a name that legitimately appears (a demo organisation, a brand, a loan word Dutch uses as well).

The other way round, the English pages are checked for the Dutch this work put in: Streamlit's
words (components/streamlit_words) and the history's operation summaries (werkatelier/said).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page

#: Common English interface words; many are Streamlit's own (form hint, uploader, multiselect, menu).
ENGLISH = frozenset(str.split("""
press enter submit form choose option options select selected none null nan item items undo redo delete
deleted add added save saved cancel search upload uploaded download drag drop file files browse limit
the and to no yes loading running deploy rerun settings clear close opened edit show hide
new remove removed row rows column columns sheet value values results result apply sort
ascending descending copy paste view screencast theme about error warning
please try again something went wrong page found not you your this that with from for into
are were has have will can cannot must should empty selection there here click
add_stakeholder add_stakeholders delete_stakeholders move_nodes connect upsert_persona
action actions interview interviews round rounds persona personas stakeholder stakeholders
"""))

#: English words that legitimately stand on a Dutch page: names, brands, and words Dutch uses too.
ALLOWED = {
    # The product and the language switch, which names each language in its own tongue.
    "werkatelier", "english",
    # Keys on the keyboard, named as Dutch names them ("druk op Enter", "Delete verwijdert").
    "enter", "delete",
    # Loan words the Dutch interface uses on purpose (post-it, stakeholder, persona, interview, …).
    "stakeholder", "stakeholders", "persona", "personas", "interview", "interviews",
}

PAGES = ["", "sessie", "kaart", "projectie", "personas", "interviews", "werkrondes", "acties", "analyse",
         "geschiedenis", "presentatie"]
SHOTS = Path("/tmp/dutch")
WORD = re.compile(r"[A-Za-z_]+(?:'[a-z]+)?")
#: One of something named in the plural ("1 acties"): the plural forms of the locale files gone wrong.
PLURALS = ("acties|interviews|personas|persona's|persona’s|stakeholders|post-its|relaties|clusters|items|"
           "versies|wijzigingen|rondes|werkrondes|deelnemers|schermen|antwoorden|citaten|inzichten|regels")
ONE_OF_MANY = re.compile(rf"(?<![\d.,])\b1 ({PLURALS})\b")


def visible_text(page: Page) -> str:
    """What a person reads: the page's text, and the placeholders and labels of its inputs.

    Material icons are ligatures ("undo", "delete" drawn as a picture), so they are left out.
    """
    return page.evaluate("""() => {
        const icons = [...document.querySelectorAll('body *')]
            .filter(e => /material|icon/i.test(getComputedStyle(e).fontFamily));
        const was = icons.map(e => e.style.display);
        icons.forEach(e => { e.style.display = 'none'; });
        const body = document.body.innerText;
        icons.forEach((e, i) => { e.style.display = was[i]; });
        const inputs = [...document.querySelectorAll('input, textarea')]
            .filter(e => e.getClientRects().length)
            .flatMap(e => [e.getAttribute('placeholder'), e.getAttribute('aria-label')]).filter(Boolean);
        return [body, ...inputs].join('\\n'); }""")


#: English the demo teams wrote themselves, as Dutch speakers do.
ALLOWED_PHRASES = re.compile(r"off the record", re.IGNORECASE)


def english_words(text: str) -> dict[str, str]:
    """The English words in text, each with the first line it stands in, and any "1 <plural>"."""
    found: dict[str, str] = {}
    for line in ALLOWED_PHRASES.sub("", text).splitlines():
        for w in (m.group(0).lower() for m in WORD.finditer(line)):
            if w in ENGLISH and w not in ALLOWED:
                found.setdefault(w, line.strip()[:120])
        for m in ONE_OF_MANY.finditer(line):
            found.setdefault(m.group(0), line.strip()[:120])
    return found


def open_everything(app) -> list[str]:
    """Each tab in turn, with every closed expander opened: what a facilitator would look at."""
    page, texts = app.page, [visible_text(app.page)]
    tabs = page.get_by_role("tab")
    for i in range(tabs.count()):
        tab = tabs.nth(i)
        if not tab.is_visible():
            continue
        tab.click()
        app.idle()
        for summary in page.locator("[data-testid=stExpander] details:not([open]) > summary").all():
            if summary.is_visible():
                summary.click()
                app.idle()
        texts.append(visible_text(page))
    for summary in page.locator("[data-testid=stExpander] details:not([open]) > summary").all():
        if summary.is_visible():
            summary.click()
            app.idle()
    texts.append(visible_text(page))
    return texts


@pytest.fixture
def richest(app_store) -> str:
    """A copy of team 6's werkatelier IV, the demo with the most on it, with a history to show."""
    from werkatelier.ops import AddStakeholder, DeleteStakeholders

    sid = app_store.add(app_store.get("s_team6wa4")).id
    added = app_store.apply(sid, AddStakeholder(name="Wijkagent Poelenburg"))
    ids = [s.id for s in added.stakeholders if s.name == "Wijkagent Poelenburg"]
    app_store.apply(sid, DeleteStakeholders(ids=ids))
    return sid


def findings(app, sid: str, paths: list[str]) -> dict[str, dict[str, str]]:
    """Per page: each English word found, with the line it stands in; a screenshot of each page."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    app.page.set_viewport_size({"width": 1920, "height": 1080})
    app.open()  # a fresh server learns its pages on its first run; a deep link before that is "not found"
    found: dict[str, dict[str, str]] = {}
    for path in paths:
        app.open(path, session=sid, lang="nl")
        app.page.screenshot(path=str(SHOTS / f"{path or 'start'}.png"))
        words: dict[str, str] = {}
        for text in open_everything(app):
            words = english_words(text) | words
        if path == "kaart":
            app.page.get_by_role("tab", name="Tabel").click()
            app.idle()
            app.page.screenshot(path=str(SHOTS / "kaart-tabel.png"))
            words = english_words(visible_text(app.page)) | words
        if path == "acties":  # a form's own hint shows once something is typed in it
            field = app.page.get_by_placeholder("bijv. Buurtbezoek voorbereiden")
            if not field.is_visible():
                app.page.get_by_text("Nieuwe actie").click()
            field.fill("Buurtbezoek")
            app.accept_dialogs = True  # typed and not sent: leaving asks, and the walk goes on
            app.page.wait_for_timeout(500)
            app.page.screenshot(path=str(SHOTS / "acties-typing.png"))
            words = english_words(visible_text(app.page)) | words
        if words:
            found[path or "start"] = words
    return found


def report(found: dict[str, dict[str, str]]) -> str:
    return "English on Dutch pages:\n" + "\n".join(
        f"{p}: {w!r} in {line!r}" for p, words in found.items() for w, line in sorted(words.items()))


def test_every_page_in_dutch_shows_no_english(app, richest):
    found = findings(app, richest, PAGES)
    assert found == {}, report(found)


#: Files whose import preview has something to say: notes on rows and on the file as a whole.
IMPORTS = ["messy/yed.graphml", "messy/bad_numbers.gexf", "messy/ragged.csv", "messy/errors.csv",
           "bad_rows.csv"]


def test_the_import_preview_in_dutch_shows_no_english(app):
    """The preview's own text and notes about the file.

    Its table is drawn on a canvas, which this cannot read; the page test
    tests/pages/test_page_start.py reads the same files' table from the page (where, reasons, words)
    and finds it Dutch.
    """
    fixtures = Path(__file__).resolve().parent.parent / "fixtures" / "import"
    found: dict[str, dict[str, str]] = {}
    for name in IMPORTS:
        app.open()  # afresh for each file: the start page's tabs return to the first after a rerun
        app.page.get_by_role("tab", name="Importeren").click()
        app.idle()
        upload = app.page.locator("[data-testid=stFileUploader] input[type=file]")
        upload.set_input_files(str(fixtures / name))
        app.idle()
        app.page.locator("h3", has_text=f"uit {Path(name).name}").wait_for()
        app.idle()
        app.page.screenshot(path=str(SHOTS / f"import-{Path(name).stem}.png"), full_page=True)
        words = english_words(visible_text(app.page))
        if words:
            found[name] = words
    assert found == {}, report(found)


def test_the_english_pages_keep_streamlits_words_and_the_summaries_english(app, richest):
    from werkatelier import i18n

    dutch = {v for k, v in i18n.catalogue("nl").items() if k.startswith("streamlit.") and "{" not in v}
    dutch |= {"Toegevoegd:", "Verwijderd:", "Gewijzigd:", "opgeslagen", "Uitleg bij", "per bestand"}
    app.open()
    leaks = {}
    for path in ["", "acties", "werkrondes", "geschiedenis"]:
        app.open(path, session=richest, lang="en")
        text = "\n".join(open_everything(app))
        if path == "acties":
            field = app.page.get_by_placeholder(i18n.t("actions.action_hint", "en"))
            if not field.is_visible():
                app.page.get_by_text(i18n.t("actions.new", "en")).click()
            field.fill("Visit")
            app.accept_dialogs = True  # typed and not sent: leaving asks, and the walk goes on
            app.page.wait_for_timeout(500)
            text += visible_text(app.page)
        found = sorted(w for w in dutch if w in text)
        if found:
            leaks[path or "start"] = found
    assert leaks == {}
    assert "Added stakeholder 'Wijkagent Poelenburg'" in text and "Deleted 1 stakeholder" in text
