"""The session page: the description form, the participants table, the question with its history, exports."""

from __future__ import annotations

import json
from datetime import date

import pytest
from pagetest import APP, shown
from streamlit.testing.v1 import AppTest

from components import state
from werkatelier.ops import DeleteParticipant, UpdateMeta
from werkatelier.store import FileStore

DEMO = "s_team6wa2"


def open_session_page(sid: str, *, lang: str = "nl") -> AppTest:
    """The whole app on the session page (it runs once first so AppTest knows the pages)."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.SESSION] = sid
    at.session_state[state.LANG] = lang
    at.run()
    at.switch_page("pages/session.py").run()
    assert not at.exception, at.exception
    return at


@pytest.fixture
def sid(root, team6_session) -> str:
    """A copy of team 6's demo, so the demo itself (seeded too) stays as it is."""
    return FileStore(root).add(team6_session).id


def stored(root, sid):
    return FileStore(root).get(sid)


# --- title, programme, event, team -----------------------------------------------------------------

def test_the_form_shows_the_session_and_saves_changed_fields(root, sid):
    at = open_session_page(sid)
    assert at.text_input(key="session_title").value == "Team 6 – Werkatelier II"
    assert at.date_input(key="session_date").value == date(2018, 12, 13)
    at.text_input(key="session_title").input("Team 6 – Werkatelier II (herzien)")
    at.text_input(key="session_location").input("Buurthuis De Poel")
    at.date_input(key="session_date").set_value(date(2018, 12, 14))
    at.button(key="session_meta_save").click().run()
    doc = stored(root, sid)
    assert doc.meta.title == "Team 6 – Werkatelier II (herzien)"
    assert (doc.meta.event.location, doc.meta.event.date) == ("Buurthuis De Poel", date(2018, 12, 14))
    assert doc.meta.event.name == "Werkatelier II" and doc.meta.team == "Team 6"  # left alone
    assert "De sessiegegevens zijn opgeslagen." in shown(at)
    assert at.text_input(key="session_title").value == "Team 6 – Werkatelier II (herzien)"


def test_an_empty_title_is_refused_and_what_was_typed_stays(root, sid):
    at = open_session_page(sid)
    before = stored(root, sid).revision
    at.text_input(key="session_title").input(" ")
    at.text_input(key="session_programme").input("Nieuw programma")
    at.button(key="session_meta_save").click().run()
    assert "Geef de sessie een titel." in shown(at)
    assert stored(root, sid).revision == before
    assert at.text_input(key="session_programme").value == "Nieuw programma"


def test_saving_without_changes_says_so_and_writes_nothing(root, sid):
    at = open_session_page(sid)
    before = stored(root, sid).revision
    at.button(key="session_meta_save").click().run()
    assert "Er is niets veranderd." in shown(at)
    assert stored(root, sid).revision == before


def test_the_form_follows_a_change_made_elsewhere(root, sid):
    """Undo in the sidebar, or a second laptop: the fields show the session as it is now."""
    at = open_session_page(sid)
    FileStore(root).apply(sid, UpdateMeta(team="Team 7"))
    at.run()
    assert at.text_input(key="session_team").value == "Team 7"


# --- participants -----------------------------------------------------------------------------------

def edit_participants(at: AppTest, **edits: object) -> AppTest:
    """Type in the table as a person does: the edits reach the page on the next run, no button."""
    (table,) = at.data_editor
    at.session_state[table.key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **edits}
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_table_lists_the_participants_with_translated_roles(root, sid):
    at = open_session_page(sid)
    (table,) = at.data_editor
    rows = table.value.to_dict("records")
    assert [(r["name"], r["function"], r["organisation"], r["role"], r["present"]) for r in rows] == [
        (p.name, p.function, p.organisation, p.role, p.present) for p in stored(root, sid).participants]
    # The room reads the roles in its own language; the session keeps the codes.
    columns = json.loads(table.proto.columns)
    assert columns["role"]["label"] == "Rol in de sessie"
    assert {o["value"]: o["label"] for o in columns["role"]["type_config"]["options"]} == {
        "member": "Teamlid", "moderator": "Moderator", "question_owner": "Vraageigenaar",
        "observer": "Toehoorder", "guest": "Gast"}
    assert "Noteer rollen, geen namen van mensen" in shown(at)


def test_a_table_save_is_one_operation_and_one_undo_step(root, sid):
    at = open_session_page(sid)
    before = stored(root, sid).participants
    edit_participants(at, edited_rows={"1": {"function": "Gebiedsregisseur", "present": False}},
                      added_rows=[{"name": "Wijkagent", "role": "guest"}], deleted_rows=[2])
    after = stored(root, sid).participants
    assert [p.name for p in after] == [p.name for p in before if p.name != "Hoofd RIEC"] + ["Wijkagent"]
    changed = next(p for p in after if p.id == before[1].id)
    assert (changed.function, changed.present) == ("Gebiedsregisseur", False)
    added = after[-1]
    assert (added.role, added.present, added.function) == ("guest", True, "")
    assert "Deelnemers opgeslagen: 1 toegevoegd, 1 gewijzigd, 1 verwijderd. Ongedaan maken staat in de " \
           "zijbalk." in shown(at)
    # One click, one step: one undo from the sidebar takes the whole save back.
    assert [step.op for step in at.session_state[state.UNDO].done] == ["edit_participants"]
    at.button(key="wa_undo_btn").click().run()
    # (undo puts a deleted row back at the end)
    assert sorted(stored(root, sid).participants, key=lambda p: p.id) == sorted(before, key=lambda p: p.id)


def test_a_row_without_a_name_waits_for_one_and_then_everything_is_saved(root, sid):
    at = open_session_page(sid)
    before = stored(root, sid).revision
    n = len(stored(root, sid).participants)
    edits = {"edited_rows": {"0": {"function": "Regisseur"}}, "added_rows": [{"function": "Onderzoeker"}]}
    edit_participants(at, **edits)
    pending = f"Rij {n + 1} heeft nog geen naam (een rol). Zodra die er staat, wordt de tabel bewaard."
    assert pending in shown(at)
    assert stored(root, sid).revision == before
    # The name typed next: the whole table is saved in one step.
    edit_participants(at, edited_rows=edits["edited_rows"],
                      added_rows=[{"function": "Onderzoeker", "name": "Onderzoeker HvA"}])
    doc = stored(root, sid)
    assert doc.revision == before + 1
    assert doc.participants[0].function == "Regisseur" and doc.participants[-1].name == "Onderzoeker HvA"
    assert "heeft nog geen naam" not in shown(at)


def test_an_empty_added_row_is_ignored(root, sid):
    at = open_session_page(sid)
    before = stored(root, sid).revision
    edit_participants(at, added_rows=[{}])
    assert stored(root, sid).revision == before
    assert "Deelnemers opgeslagen" not in shown(at)


def test_a_typed_row_is_saved_before_the_page_is_left(root, sid):
    """Issue 16: rows typed in Sessie → Deelnemers vanished when another page was opened unsaved."""
    at = open_session_page(sid)
    edit_participants(at, added_rows=[{"name": "Wijkagent", "organisation": "Politie"}])
    at.switch_page("pages/actions.py").run()
    assert any(p.name == "Wijkagent" and p.organisation == "Politie" for p in stored(root, sid).participants)
    at.switch_page("pages/session.py").run()
    (table,) = at.data_editor
    assert "Wijkagent" in list(table.value["name"])


def test_a_row_deleted_elsewhere_meanwhile_does_not_shift_the_rows_edited_here(root, sid):
    at = open_session_page(sid)
    shown = stored(root, sid).participants
    # Another laptop deletes the second participant while this table still shows it.
    FileStore(root).apply(sid, DeleteParticipant(id=shown[1].id))
    edit_participants(at, edited_rows={"1": {"function": "Weg"}, "2": {"function": "Regisseur"}})
    after = {p.id: p for p in stored(root, sid).participants}
    assert shown[1].id not in after
    assert after[shown[2].id].function == "Regisseur"
    assert all(p.function != "Weg" for p in after.values())


def test_the_first_participant_of_an_empty_session(root, empty_session):
    sid = FileStore(root).add(empty_session).id
    at = open_session_page(sid)
    assert "Nog geen deelnemers." in shown(at)
    edit_participants(at, added_rows=[{"name": "Procesregisseur", "role": "moderator", "present": True}])
    (p,) = stored(root, sid).participants
    assert (p.name, p.role) == ("Procesregisseur", "moderator")


# --- the question -----------------------------------------------------------------------------------

def test_a_new_question_is_logged_with_its_note_and_shown_first(root, sid):
    at = open_session_page(sid)
    old = stored(root, sid).question
    at.text_area(key="session_question_text").input("Hoe bouwen we samen met bewoners aan een weerbare wijk?")
    at.text_input(key="session_question_note").input("Na de interviews aangescherpt")
    at.button(key="session_question_save").click().run()
    q = stored(root, sid).question
    assert q.text == "Hoe bouwen we samen met bewoners aan een weerbare wijk?"
    assert [v.text for v in q.history] == [v.text for v in old.history] + [q.text]
    assert q.history[-1].note == "Na de interviews aangescherpt"
    text = shown(at)
    assert "De vraag is opgeslagen" in text
    # Newest first: the new wording and its note come before the versions it replaced.
    assert text.index("Waarom: Na de interviews aangescherpt") < text.index(
        "Waarom: Scherpgesteld in werkronde III")
    current = [m.value for m in at.markdown if "huidige vraag" in m.value]
    assert len(current) == 1
    assert at.text_input(key="session_question_note").value == ""


def test_an_unchanged_or_empty_question_is_not_saved(root, sid):
    at = open_session_page(sid)
    before = stored(root, sid).revision
    at.button(key="session_question_save").click().run()
    assert "De vraag is niet veranderd." in shown(at)
    at.text_area(key="session_question_text").input("  ")
    at.button(key="session_question_save").click().run()
    assert "Vul de vraag in." in shown(at)
    assert stored(root, sid).revision == before


# --- exports ----------------------------------------------------------------------------------------

def test_exports_leave_confidential_items_out_unless_asked(root, sid):
    doc = stored(root, sid)
    n = sum(s.confidential for s in doc.stakeholders) + sum(i.confidential for i in doc.interviews)
    at = open_session_page(sid)
    assert f"{n} vertrouwelijke stakeholders en interviews blijven buiten de export." in shown(at)
    labels = {b.key: b.label for b in at.download_button}
    assert labels["session_export_json"] == "Sessie (JSON)"
    assert {"session_export_xlsx", "session_export_html", "session_export_referral",
            "session_export_referral-csv"} <= set(labels)
    at.checkbox(key="session_export_confidential").check().run()
    assert f"Let op: de export bevat {n} vertrouwelijke stakeholders en interviews." in shown(at)


def test_the_page_speaks_english_when_asked(root, sid):
    at = open_session_page(sid, lang="en")
    assert [t.label for t in at.tabs] == ["Details", "Participants", "Question", "Export"]
    assert "Write down roles, not people’s names" in shown(at)
    assert "Every change is saved at once." in shown(at)
