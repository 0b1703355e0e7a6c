"""The start page: new sessions, the template, carrying forward, importing with a preview, deleting."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pagetest import messages, open_page, shown
from streamlit.testing.v1 import AppTest

from components import state
from werkatelier.filestore import TRASH_DIR, FileStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
DEMO = "s_team6wa2"
DEMO_TITLE = "Team 6 – Werkatelier II"


def ids(root: Path) -> set[str]:
    return {s.id for s in FileStore(root).list()}


def revisions(root: Path) -> dict[str, int]:
    return {s.id: s.revision for s in FileStore(root).list()}


def told(at: AppTest) -> list[str]:
    """The messages the next screen opens with, as app.py shows them at the top of the page."""
    return [text.replace("\\", "") for text in messages(at, raw=True)]


def tab_labels(at: AppTest) -> list[str]:
    return [t.label for t in at.tabs]


# --- a new session ---------------------------------------------------------------------------------

def test_a_new_session_from_scratch_is_stored_with_its_description_and_opened(root):
    at = open_page("start")
    before = ids(root)
    at.text_input(key="start_new_title").input("Werkatelier III")
    at.text_input(key="start_new_programme").input("Leefbare wijken")
    at.text_input(key="start_new_team").input("6")
    at.text_input(key="start_new_event").input("Derde bijeenkomst")
    at.date_input(key="start_new_date").set_value(date(2019, 3, 14))
    at.text_input(key="start_new_location").input("Zaandam")
    at.button(key="start_new_submit").click().run()
    assert not at.exception
    (new,) = ids(root) - before
    doc = FileStore(root).get(new)
    assert doc.meta.title == "Werkatelier III" and doc.meta.programme == "Leefbare wijken"
    assert doc.meta.team == "6"
    assert (doc.meta.event.name, doc.meta.event.location) == ("Derde bijeenkomst", "Zaandam")
    assert doc.meta.event.date == date(2019, 3, 14)
    assert doc.stakeholders == [] and doc.clusters == []
    # Opened: the app is on it, the URL carries it, and the room is told.
    assert at.session_state[state.SESSION] == new
    assert at.query_params[state.QUERY_SESSION] == new
    assert told(at) == ["Sessie ‘Werkatelier III’ is aangemaakt."]


def test_a_session_without_a_title_is_refused_and_what_was_typed_stays(root):
    at = open_page("start")
    before = revisions(root)
    at.text_input(key="start_new_programme").input("Leefbare wijken")
    at.text_input(key="start_new_title").input("   ")
    at.button(key="start_new_submit").click().run()
    assert "Geef de sessie een titel." in shown(at)
    assert revisions(root) == before
    assert at.text_input(key="start_new_programme").value == "Leefbare wijken"


@pytest.mark.parametrize(("lang", "first", "police"), [("nl", "Bewoners", "Wijkagent"),
                                                        ("en", "Residents", "Community police officer")])
def test_a_new_session_from_the_neighbourhood_template_holds_its_clusters(root, lang, first, police):
    at = open_page("start", lang=lang)
    before = ids(root)
    at.text_input(key="start_new_title").input("Wijkaanpak Oost")
    at.radio(key="start_new_template").set_value("neighbourhood")
    at.button(key="start_new_submit").click().run()
    (new,) = ids(root) - before
    doc = FileStore(root).get(new)
    assert doc.meta.title == "Wijkaanpak Oost"
    assert len(doc.clusters) == 8 and doc.clusters[0].name == first
    assert police in {s.name for s in doc.stakeholders}
    assert all(s.cluster and s.capacity and s.contact_for for s in doc.stakeholders)
    assert at.session_state[state.SESSION] == new


# --- carrying forward ------------------------------------------------------------------------------

def test_carry_forward_makes_a_follow_up_that_the_start_page_names(root):
    at = open_page("start")
    marker = f"vervolg op ‘{DEMO_TITLE}’"
    links_before = shown(at).count(marker)
    before = ids(root)
    at.selectbox(key="start_carry_from").set_value(DEMO)
    at.text_input(key="start_carry_title").input("Werkatelier III")
    at.text_input(key="start_carry_event").input("Werkatelier III")
    at.date_input(key="start_carry_date").set_value(date(2019, 3, 14))
    at.button(key="start_carry_submit").click().run()
    (new,) = ids(root) - before
    doc, old = FileStore(root).get(new), FileStore(root).get(DEMO)
    assert doc.meta.carried_from == DEMO
    assert (doc.meta.title, doc.meta.event.name, doc.meta.event.date) == (
        "Werkatelier III", "Werkatelier III", date(2019, 3, 14))
    assert [s.name for s in doc.stakeholders] == [s.name for s in old.stakeholders]
    assert doc.rounds == [] and all(a.status != "done" for a in doc.actions)
    assert at.session_state[state.SESSION] == new
    at.switch_page("pages/start.py").run()
    assert shown(at).count(marker) == links_before + 1


def test_carry_forward_without_a_title_takes_the_old_one_with_vervolg(root):
    at = open_page("start", session_id=DEMO)
    assert at.selectbox(key="start_carry_from").value == DEMO  # the open session is offered first
    before = ids(root)
    at.button(key="start_carry_submit").click().run()
    (new,) = ids(root) - before
    assert FileStore(root).get(new).meta.title == f"{DEMO_TITLE} (vervolg)"


# --- importing: a preview first, then apply or cancel ----------------------------------------------

def upload(at: AppTest, name: str, data: bytes | None = None) -> AppTest:
    raw = (FIXTURES / name).read_bytes() if data is None else data
    at.file_uploader[0].set_value((name, raw, "application/octet-stream"))
    return at.run()


def preview_rows(at: AppTest) -> list[dict[str, str]]:
    (table,) = at.dataframe
    return table.value.to_dict("records")


def test_an_import_shows_its_preview_before_anything_is_written_then_applies(root):
    at = open_page("start")
    before = revisions(root)
    upload(at, "dutch_excel.csv")
    text = shown(at)
    assert "Voorbeeld van de import uit dutch_excel.csv" in text
    assert "Er is nog niets opgeslagen" in text
    assert "3 nieuw" in text  # three stakeholders to add
    names = {r["Naam"] for r in preview_rows(at) if r["Wat"] == "toevoegen"}
    assert {"Wijkagent", "Bewonerscommissie"} <= names
    assert revisions(root) == before  # the preview wrote nothing
    at.button(key="start_import_apply").click().run()
    (new,) = set(revisions(root)) - set(before)
    doc = FileStore(root).get(new)
    assert {"Wijkagent", "Bewonerscommissie"} <= {s.name for s in doc.stakeholders}
    assert {c.name for c in doc.clusters} == {"Bewoners", "Veiligheid"}
    assert doc.meta.title == "dutch_excel"
    assert at.session_state[state.SESSION] == new
    assert told(at) == ["dutch_excel.csv is geïmporteerd als nieuwe sessie."]


def test_an_import_into_the_open_session_updates_it_as_one_undoable_step(root, small_session):
    stored = FileStore(root).add(small_session, keep_id=True)
    sid = stored.id
    at = open_page("start", session_id=sid)
    at.radio(key="start_import_target").set_value("open")
    at.run()
    upload(at, "edit.csv", b"naam;invloed\nWoningcorporatie;2\nWijkagent;4\n")
    rows = {(r["Wat"], r["Naam"]) for r in preview_rows(at)}
    assert rows == {("bijwerken", "Woningcorporatie"), ("toevoegen", "Wijkagent")}
    assert FileStore(root).get(sid).revision == stored.revision
    at.button(key="start_import_apply").click().run()
    doc = FileStore(root).get(sid)
    assert doc.stakeholder("sh_corp").influence == 2
    assert "Wijkagent" in {s.name for s in doc.stakeholders}
    assert told(at) == ["edit.csv is geïmporteerd in ‘Kleine kaart’."]
    # Through ui.run: remembered in this browser's undo history, so the sidebar's Undo takes it back.
    assert "import_items" in [step.op for step in at.session_state[state.UNDO].done]


def test_skipped_rows_show_their_reason_in_the_preview_in_the_pages_language(root):
    at = open_page("start")
    upload(at, "bad_rows.csv")
    skipped = {r["Waar in het bestand"]: (r["Naam"], r["Toelichting"])
               for r in preview_rows(at) if r["Wat"] == "overslaan"}
    assert skipped == {"rij 3": ("Buurtteam", "invloed 9 ligt niet tussen 1 en 5"),
                       "rij 4": ("?", "de rij heeft geen naam"),
                       "rij 5": ("Jongerenwerk", "houding 'misschien' is geen getal van -2 tot en met 2"),
                       "rij 6": ("Corporatie", "invloed 4.5 is geen heel getal")}
    assert "4 rijen worden overgeslagen" in shown(at)
    at = open_page("start", lang="en")
    upload(at, "bad_rows.csv")
    skipped = {r["Where in the file"]: (r["Name"], r["Details"])
               for r in preview_rows(at) if r["What"] == "skip"}
    assert skipped == {"row 3": ("Buurtteam", "influence 9 is outside 1 to 5"),
                       "row 4": ("?", "it has no name"),
                       "row 5": ("Jongerenwerk", "attitude 'misschien' is not a number from -2 to 2"),
                       "row 6": ("Corporatie", "influence 4.5 is not a whole number")}


#: What the English preview of the file below says, none of which a Dutch preview may show.
ENGLISH = ("row", "influence", "is not a number", "it has no name", "empty, so the default", "add", "skip",
           "interest", "attitude", "None")


def test_a_dutch_preview_of_a_messy_file_is_dutch_in_every_cell(root):
    at = open_page("start")
    upload(at, "messy.csv", b"naam;invloed;belang\nWijkraad;NaN;2\n;3;\nBuurthuis;;4\n")
    rows = preview_rows(at)
    assert list(rows[0]) == ["Wat", "Soort", "Naam", "Waar in het bestand", "Toelichting"]
    assert rows == [
        {"Wat": "overslaan", "Soort": "stakeholder", "Naam": "Wijkraad", "Waar in het bestand": "rij 2",
         "Toelichting": "invloed 'NaN' is geen getal van 1 tot en met 5"},
        {"Wat": "overslaan", "Soort": "stakeholder", "Naam": "?", "Waar in het bestand": "rij 3",
         "Toelichting": "de rij heeft geen naam"},
        {"Wat": "toevoegen", "Soort": "stakeholder", "Naam": "Buurthuis", "Waar in het bestand": "rij 4",
         "Toelichting": "leeg, dus de standaardwaarde: invloed 3"}]
    cells = " ".join(v for r in rows for v in r.values())
    assert not [w for w in ENGLISH if re.search(rf"\b{w}\b", cells)]


def test_cancelling_an_import_writes_nothing_and_empties_the_uploader(root):
    at = open_page("start")
    before = revisions(root)
    upload(at, "dutch_excel.csv")
    at.button(key="start_import_cancel").click().run()
    assert revisions(root) == before
    assert told(at) == ["Import van dutch_excel.csv geannuleerd; er is niets opgeslagen."]
    assert at.file_uploader[0].value is None
    assert "Voorbeeld van de import" not in shown(at)


#: Files refused whole: what the Dutch page says, what the English page says (as it always did).
REFUSED = [
    ("kaart.xlsx", b"PK\x03\x04 not really a workbook", "kaart.xlsx is geen XLSX-werkmap",
     "kaart.xlsx is not an XLSX workbook"),
    ("groot.csv", b"naam\n" + b"x" * 10_000_001,
     "groot.csv is 10.0 MB; een import groter dan 10 MB wordt geweigerd",
     "groot.csv is 10.0 MB; imports larger than 10 MB are refused"),
    ("leeg.csv", b"  \n", "leeg.csv is leeg", "leeg.csv is empty"),
    ("lijst.csv", b"wie;wat\nA;B\n", "lijst.csv heeft geen kolom voor de naam (naam, name)",
     "lijst.csv has no column for the name (naam, name)"),
    ("kapot.json", b'{"meta": {"title": "x"} "stakeholders": []}',
     "kapot.json is geen geldige JSON (regel 1, kolom 25: hier hoort een komma)",
     "kapot.json is not valid JSON (line 1, column 25: Expecting ',' delimiter)"),
]
#: The English of those refusals; none of it may be on the Dutch page.
REFUSED_ENGLISH = ("is empty", "is not", "imports larger", "are refused", "has no column", "line",
                   "Expecting", "workbook")


@pytest.mark.parametrize(("name", "data", "dutch", "english"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_file_that_cannot_be_read_is_named_with_its_reason_and_nothing_is_written(root, name, data, dutch,
                                                                                   english):
    at = open_page("start")
    before = revisions(root)
    upload(at, name, data)
    errors = " ".join(e.value for e in at.error).replace("\\", "")
    assert "Dit bestand kan niet worden geïmporteerd, er is niets opgeslagen" in errors
    assert dutch in errors
    assert [w for w in REFUSED_ENGLISH if w in errors] == []
    assert not [b for b in at.button if b.key == "start_import_apply"]
    assert revisions(root) == before
    at = open_page("start", lang="en")
    upload(at, name, data)
    assert english in " ".join(e.value for e in at.error).replace("\\", "")


# --- deleting --------------------------------------------------------------------------------------

def test_delete_asks_first_and_no_keeps_the_session(root):
    at = open_page("start")
    at.button(key=f"delete_{DEMO}").click().run()
    assert f"Sessie ‘{DEMO_TITLE}’ verwijderen?" in shown(at)
    assert DEMO in ids(root)
    at.button(key=f"delete_no_{DEMO}").click().run()
    assert DEMO in ids(root)
    assert "verwijderen?" not in shown(at)


def test_delete_after_confirming_moves_the_open_session_to_the_trash_and_says_where(root):
    at = open_page("start", session_id=DEMO)
    at.button(key=f"delete_{DEMO}").click().run()
    at.button(key=f"delete_yes_{DEMO}").click().run()
    assert DEMO not in ids(root)
    trashed = [p.name for p in (root / TRASH_DIR).iterdir()]
    assert len(trashed) == 1 and trashed[0].startswith(DEMO)
    (message,) = told(at)
    assert message.startswith(f"Sessie ‘{DEMO_TITLE}’ staat nu in de prullenbak: {root}/{TRASH_DIR}.")
    assert not at.session_state[state.SESSION]  # no longer open
    assert state.QUERY_SESSION not in at.query_params


# --- languages ---------------------------------------------------------------------------------------

def test_switching_the_language_changes_the_labels_and_stays_across_pages(root):
    at = open_page("session", session_id=DEMO)
    assert tab_labels(at) == ["Gegevens", "Deelnemers", "Vraag", "Exporteren"]
    at.segmented_control(key="wa_lang_pick").set_value("en").run()  # the sidebar's switch
    assert tab_labels(at) == ["Details", "Participants", "Question", "Export"]
    assert at.button(key="session_meta_save").label == "Save details"
    assert at.query_params[state.QUERY_LANG] == "en"
    at.switch_page("pages/start.py").run()
    assert tab_labels(at) == ["Sessions", "New session", "Follow-up session", "Import"]
    assert at.button(key="start_new_submit").label == "Create session"
    assert at.button(key=f"open_{DEMO}").label == "Open now"
    at.segmented_control(key="wa_lang_pick").set_value("nl").run()
    assert at.button(key="start_new_submit").label == "Sessie aanmaken"
    assert at.button(key=f"open_{DEMO}").label == "Nu open"


#: The messy files the browser test uploads too; it cannot read the table (a canvas), this can.
MESSY = ["messy/yed.graphml", "messy/bad_numbers.gexf", "messy/ragged.csv", "messy/errors.csv",
         "bad_rows.csv", "messy/invisible.csv", "messy/case_spacing.gexf", "messy/controls.csv"]
#: English words the preview table said before it spoke Dutch ('is' and 'in' are Dutch as well).
PREVIEW_ENGLISH = {"row", "sheet", "node", "edge", "connection", "not", "outside", "number", "whole",
                   "skipped", "left", "out", "value", "the", "no", "name", "holds", "influence", "interest",
                   "attitude", "strength", "colour", "kept", "type", "cells", "header", "column", "error",
                   "empty", "default", "add", "skip", "update", "merge", "unchanged", "relation", "changed",
                   "same", "as", "was", "file", "removed", "from", "yes", "or", "named"}


@pytest.mark.parametrize("name", MESSY)
def test_the_dutch_preview_table_of_a_messy_file_holds_no_english(root, name):
    at = open_page("start")
    upload(at, Path(name).name, (FIXTURES / name).read_bytes())
    cells = [v for r in preview_rows(at) for k, v in r.items() if k != "Naam"]
    # What stands between quotes is the file's own text ('State', 'NaN', 'n1').
    words = {w.lower() for v in cells for w in re.findall(r"[A-Za-z]+", re.sub(r"'[^']*'", "", v))}
    assert sorted(words & PREVIEW_ENGLISH) == []
