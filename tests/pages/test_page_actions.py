"""The actions page: add with who from the participants, edit, filter, sort and delete in the table, undo."""

from __future__ import annotations

import pytest
from pagetest import open_page, shown

from components import state
from werkatelier import actions
from werkatelier.model import Action
from werkatelier.store import FileStore


@pytest.fixture
def sid(root, team6_session) -> str:
    return FileStore(root).add(team6_session, keep_id=True).id


def stored(root, sid) -> list[Action]:
    return FileStore(root).get(sid).actions


def table(at):
    editors = at.data_editor
    assert len(editors) == 1
    return editors[0]


def edit(at, **changes) -> None:
    """What a person does in the table, as st.data_editor keeps it: edited, added and deleted rows."""
    at.session_state[table(at).key] = {"edited_rows": {}, "added_rows": [], "deleted_rows": [], **changes}
    at.run()
    assert not at.exception, at.exception


def submit(at) -> None:
    next(b for b in at.button if b.label in ("Actie toevoegen", "Add action")).click().run()


def test_a_new_action_takes_who_from_the_participants(root, sid, team6_session):
    at = open_page("actions", session_id=sid)
    who = at.selectbox(key="actions_new_who")
    assert [p.name for p in team6_session.participants] == [o for o in who.options if o != "Hele team"][
        :len(team6_session.participants)]
    at.text_input(key="actions_new_action").input("Zaal reserveren voor werkatelier III")
    who.set_value("Adviseur Aedes")
    at.text_input(key="actions_new_when").input("7 februari 2019")
    submit(at)
    new = stored(root, sid)[-1]
    assert (new.action, new.who, new.when, new.status) == (
        "Zaal reserveren voor werkatelier III", "Adviseur Aedes", "7 februari 2019", "open")
    assert "Actie toegevoegd." in shown(at)
    assert at.text_input(key="actions_new_action").value == ""
    assert "Zaal reserveren voor werkatelier III" in list(table(at).value["action"])


def test_who_can_also_be_anyone_typed_in_the_table(root, sid):
    at = open_page("actions", session_id=sid)
    edit(at, added_rows=[{"action": "Ronde langs de scholen", "who": "Subteam Bouwen aan je Toekomst"}])
    assert (stored(root, sid)[-1].action, stored(root, sid)[-1].who) == (
        "Ronde langs de scholen", "Subteam Bouwen aan je Toekomst")
    # Next time it is offered in the list, next to the participants.
    assert "Subteam Bouwen aan je Toekomst" in at.selectbox(key="actions_new_who").options


def test_an_action_without_a_description_is_not_sent_and_what_was_typed_stays(root, sid):
    before = stored(root, sid)
    at = open_page("actions", session_id=sid, lang="en")
    at.text_input(key="actions_new_when").input("eind juni")
    at.selectbox(key="actions_new_who").set_value("Hele team")
    submit(at)
    assert "Describe the action first" in shown(at)
    assert stored(root, sid) == before
    assert at.text_input(key="actions_new_when").value == "eind juni"
    assert at.selectbox(key="actions_new_who").value == "Hele team"


def test_editing_adding_and_deleting_in_the_table_is_saved_and_a_delete_can_be_undone(root, sid):
    before = stored(root, sid)
    at = open_page("actions", session_id=sid)
    shown_ids = list(table(at).value["id"])
    assert shown_ids == [a.id for a in before]
    edit(at, edited_rows={0: {"status": "done", "when": "1 februari 2019"}},
         added_rows=[{"action": "Verslag rondsturen", "who": "Manager Aedes", "status": "doing"}],
         deleted_rows=[1])
    now = {a.id: a for a in stored(root, sid)}
    assert (now[before[0].id].status, now[before[0].id].when) == ("done", "1 februari 2019")
    assert before[1].id not in now
    added = [a for a in now.values() if a.action == "Verslag rondsturen"]
    assert [(a.who, a.status) for a in added] == [("Manager Aedes", "doing")]
    page = shown(at)
    assert "Acties opgeslagen: 1." in page and "Acties toegevoegd: 1." in page
    assert "Acties verwijderd: 1 — Ongedaan maken staat in de zijbalk." in page
    assert before[1].id not in list(table(at).value["id"])
    # The table starts afresh: the same edit state is not applied a second time.
    at.run()
    assert len(stored(root, sid)) == len(before)
    # One save, one undo step: it takes the whole save back.
    assert [step.op for step in at.session_state[state.UNDO].done] == ["edit_actions"]
    at.sidebar.button(key="wa_undo_btn").click().run()
    # (undo puts a deleted row back at the end)
    assert sorted(stored(root, sid), key=lambda a: a.id) == sorted(before, key=lambda a: a.id)
    assert before[1].id in list(table(at).value["id"])


def test_an_emptied_action_cell_is_named_and_nothing_is_saved(root, sid):
    before = stored(root, sid)
    at = open_page("actions", session_id=sid)
    edit(at, edited_rows={1: {"action": " "}, 0: {"status": "done"}})
    assert "Rij 2: vul de actie in" in shown(at)
    assert stored(root, sid) == before
    # What was typed stays in the table: its edit state is still there.
    assert at.session_state[table(at).key]["edited_rows"]


def test_the_table_filters_by_status_and_by_who(root, sid):
    acts = stored(root, sid)
    at = open_page("actions", session_id=sid, lang="en")
    at.button_group(key="actions_status").set_value(["doing"]).run()
    assert list(table(at).value["id"]) == [a.id for a in acts if a.status == "doing"]
    assert f"1 of {len(acts)} actions" in shown(at)
    at.button_group(key="actions_status").set_value(["open", "doing", "done"]).run()
    at.selectbox(key="actions_who").set_value("Hele team").run()
    assert list(table(at).value["id"]) == [a.id for a in acts if "hele team" in a.who.casefold()]
    at.button_group(key="actions_status").set_value([]).run()
    assert "No actions match these filters." in shown(at)


def test_sorting_by_when_and_status_reorders_the_table(root, team6_session):
    wa4 = team6_session.model_copy(update={"actions": [
        Action(id="ac_late", action="Later", when="werkatelier IV", status="done"),
        Action(id="ac_june", action="Juni", when="eind juni 2019"),
        Action(id="ac_feb", action="Februari", when="7 februari 2019", status="doing"),
        Action(id="ac_none", action="Ooit")]})
    sid = FileStore(root).add(wa4, keep_id=True).id
    at = open_page("actions", session_id=sid)
    assert list(table(at).value["id"]) == ["ac_late", "ac_june", "ac_feb", "ac_none"]
    at.button_group(key="actions_sort").set_value("when").run()
    assert list(table(at).value["id"]) == ["ac_feb", "ac_june", "ac_late", "ac_none"]
    at.button_group(key="actions_sort").set_value("status").run()
    assert list(table(at).value["id"]) == ["ac_june", "ac_none", "ac_feb", "ac_late"]
    # An edit made on the sorted table lands on the row it was made on.
    edit(at, edited_rows={2: {"who": "Anna"}})
    assert {a.id: a.who for a in stored(root, sid)}["ac_feb"] == "Anna"


def test_status_is_shown_in_the_users_language_and_kept_as_a_fixed_value(root, sid):
    at = open_page("actions", session_id=sid, lang="en")
    assert table(at).value["status"].isin(actions.STATUSES).all()
    labels = at.button_group(key="actions_status").options
    assert labels == ["Open", "In progress", "Done"]


def test_an_empty_list_opens_the_form_and_takes_a_first_row_typed_in_the_table(root, empty_session):
    sid = FileStore(root).add(empty_session, keep_id=True).id
    at = open_page("actions", session_id=sid, lang="en")
    assert at.expander[0].proto.expanded
    assert len(table(at).value) == 0
    assert "0 of 0 actions" in shown(at)
    edit(at, added_rows=[{"action": "Eerste actie", "when": "volgende week"}])
    saved = [(a.action, a.when, a.status) for a in stored(root, sid)]
    assert saved == [("Eerste actie", "volgende week", "open")]
    assert list(table(at).value["action"]) == ["Eerste actie"]
    # One action is one, in the singular.
    at = open_page("actions", session_id=sid, lang="nl")
    assert "1 van 1 actie" in shown(at) and "acties" not in shown(at)
