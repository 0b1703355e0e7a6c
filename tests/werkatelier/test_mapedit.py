"""Edits of the map turned into one operation: what the person is told, what the file_store gets."""

from __future__ import annotations

import json

import pytest

from werkatelier import mapedit, ops, undo
from werkatelier.document import WerkatelierError
from werkatelier.model import (
    ATTITUDE_RANGE,
    INFLUENCE_RANGE,
    INTEREST_RANGE,
    NAME_MAX,
    STRENGTH_RANGE,
    Meta,
    Relation,
    Session,
    Stakeholder,
)


@pytest.fixture
def sid(file_store, small_session):
    return file_store.add(small_session).id


def edits(edited=None, added=None, deleted=None) -> dict:
    return {"edited_rows": edited or {}, "added_rows": added or [], "deleted_rows": deleted or []}


# --- table cells ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("column", "value", "message"), [
    ("name", "", "Typ eerst een naam."),
    ("name", "x" * (NAME_MAX + 1), f"Die naam is te lang: hoogstens {NAME_MAX} tekens."),
    ("influence", 9, "Vul een heel getal van 1 tot en met 5 in."),
    ("interest", 2.5, "Vul een heel getal van 1 tot en met 5 in."),
    ("attitude", None, "Vul een heel getal van −2 tot en met +2 in."),
    ("attitude", float("nan"), "Vul een heel getal van −2 tot en met +2 in."),
    ("kind", "Robot", "Kies persoon, organisatie of groep."),
    ("cluster", "Onderwijs", "Dat cluster bestaat niet."),
    ("capacity", "x" * (NAME_MAX + 1), f"Een van de velden is te lang: hoogstens {NAME_MAX} tekens."),
])
def test_a_bad_cell_says_what_is_wrong_in_words_and_makes_no_operation(small_session, column, value, message):
    edit = mapedit.table_edit(small_session, edits({1: {column: value}}), {}, "nl")
    assert edit.op is None
    assert (edit.problem.row, edit.problem.column) == (2, column)
    assert edit.problem.text("nl") == message


def test_cells_are_read_the_way_an_import_reads_them(small_session):
    doc = small_session
    assert mapedit.cell(doc, "influence", "4", "nl") == (4, None)
    assert mapedit.cell(doc, "attitude", "+1", "nl") == (1, None)
    assert mapedit.cell(doc, "attitude", "negatief", "nl") == (-1, None)
    assert mapedit.cell(doc, "kind", "Groep", "nl") == ("group", None)
    assert mapedit.cell(doc, "kind", "Group", "en") == ("group", None)
    assert mapedit.cell(doc, "kind", "persoon", "en") == ("person", None)  # the importer's words
    assert mapedit.cell(doc, "confidential", "ja", "nl") == (True, None)
    assert mapedit.cell(doc, "confidential", None, "nl") == (False, None)
    assert mapedit.cell(doc, "cluster", "Zorg", "nl") == ("cl_zorg", None)
    assert mapedit.cell(doc, "cluster", None, "nl") == (None, None)
    assert mapedit.cell(doc, "name", "  Wijkagent ", "nl") == ("Wijkagent", None)


def test_the_messages_name_the_model_s_ranges_in_english_too(small_session):
    for column, bounds in (("influence", INFLUENCE_RANGE), ("interest", INTEREST_RANGE)):
        _, problem = mapedit.cell(small_session, column, 0, "en")
        assert problem.text("en") == f"Enter a whole number from {bounds[0]} to {bounds[1]}."
    _, problem = mapedit.cell(small_session, "attitude", 7, "en")
    assert problem.text("en") == f"Enter a whole number from −{-ATTITUDE_RANGE[0]} to +{ATTITUDE_RANGE[1]}."


# --- the table as one operation -------------------------------------------------------------------

def test_a_table_save_with_a_change_an_add_and_a_delete_is_one_operation(small_session):
    edit = mapedit.table_edit(small_session, edits({0: {"influence": 2}}, [{"name": "Wijkagent"}], [1]),
                              {"cluster": "cl_zorg", "interest": 5}, "nl")
    assert edit.problem is None and edit.counts == {"changed": 1, "added": 1, "deleted": 1}
    assert isinstance(edit.op, ops.Batch) and edit.op.undo_name == "edit_table"
    assert [o.op for o in edit.op.operations] == ["update_stakeholder", "add_stakeholders",
                                                  "delete_stakeholders"]
    new = edit.op.operations[1].stakeholders[0]
    assert (new.name, new.cluster, new.interest) == ("Wijkagent", "cl_zorg", 5)


def test_a_table_save_is_one_revision_one_history_line_and_one_undo(file_store, sid):
    doc = file_store.get(sid)
    lines = len(file_store.history(sid))
    edit = mapedit.table_edit(doc, edits({0: {"influence": 2}}, [{"name": "Wijkagent"}], [1]), {}, "nl")
    h = undo.UndoHistory()
    after = undo.apply(file_store, h, sid, edit.op)
    assert after.revision == doc.revision + 1
    assert len(file_store.history(sid)) == lines + 1
    assert [s.op for s in h.done] == ["edit_table"]
    assert after.stakeholder("sh_corp").influence == 2 and after.stakeholder("sh_buurt") is None
    assert next(s for s in after.stakeholders if s.name == "Wijkagent").placed
    undo.undo(file_store, h, sid)
    back = file_store.get(sid)
    assert sorted(s.model_dump_json() for s in back.stakeholders) == \
        sorted(s.model_dump_json() for s in doc.stakeholders)
    assert {r.id for r in back.relations} == {"re_1", "re_2"}
    undo.redo(file_store, h, sid)
    assert file_store.get(sid).stakeholder("sh_buurt") is None


def test_a_table_save_that_the_store_refuses_keeps_nothing_of_it(file_store, sid):
    doc = file_store.get(sid)
    batch = ops.Batch(steps=[ops.UpdateStakeholder(id="sh_corp", changes={"influence": 1}),
                             ops.AssignClusters(ids=["sh_zorg"], cluster="cl_gone")])
    with pytest.raises(WerkatelierError):
        file_store.apply(sid, batch)
    assert file_store.get(sid).revision == doc.revision
    assert file_store.get(sid).stakeholder("sh_corp").influence == 5


def test_a_row_changed_to_what_it_was_makes_no_operation(small_session):
    same = {0: {"influence": 5, "name": "Woningcorporatie"}}
    edit = mapedit.table_edit(small_session, edits(same), {}, "nl")
    assert edit.op is None and edit.problem is None


def test_an_added_row_needs_a_name(small_session):
    edit = mapedit.table_edit(small_session, edits(added=[{"influence": 4}]), {}, "nl")
    assert (edit.problem.row, edit.problem.column, edit.problem.key) == (4, "name", "map.need_name")


# --- the batch operation itself -------------------------------------------------------------------

def test_a_batch_survives_its_history_record(small_session):
    batch = ops.Batch(what="edit_table", steps=[ops.AddStakeholder(name="Politie"),
                                                ops.DeleteStakeholders(ids=["sh_buurt"])])
    again = ops.operation_from_record(json.loads(json.dumps(batch.record())))
    assert again == batch and again.undo_name == "edit_table"
    assert [o.op for o in again.operations] == ["add_stakeholder", "delete_stakeholders"]


def test_a_batch_refuses_a_step_it_does_not_know_when_it_is_made():
    with pytest.raises(WerkatelierError, match="Unknown operation 'fly'"):
        ops.Batch(steps=[{"op": "fly", "args": {}}])
    with pytest.raises(WerkatelierError):
        ops.Batch(steps=[])


def test_a_batch_where_nothing_changes_makes_no_revision(file_store, sid):
    doc = file_store.get(sid)
    same = ops.Batch(steps=[ops.UpdateStakeholder(id="sh_corp", changes={"influence": 5}),
                            ops.AssignClusters(ids=["sh_zorg"], cluster="cl_zorg")])
    assert file_store.apply(sid, same).revision == doc.revision


# --- new post-its get their position when they are added ------------------------------------------

def test_every_way_in_places_new_post_its_where_they_stay(file_store, sid):
    file_store.apply(sid, ops.AddStakeholder(name="Politie", cluster="cl_zorg"))
    file_store.apply(sid, ops.AddStakeholders(stakeholders=[Stakeholder(name="GGD"),
                                                           Stakeholder(name="School")]))
    file_store.apply(sid, ops.operation_from_record({"op": "add_stakeholder", "args": {"name": "Kerk"}}))
    doc = file_store.get(sid)
    for name in ("Politie", "GGD", "School", "Kerk"):
        assert next(s for s in doc.stakeholders if s.name == name).placed, name
    # Those the session had without a position stay as they were: nobody placed them.
    assert not doc.stakeholder("sh_corp").placed
    # A position that was given is kept.
    file_store.apply(sid, ops.AddStakeholder(name="Bibliotheek", x=1.0, y=2.0))
    s = next(s for s in file_store.get(sid).stakeholders if s.name == "Bibliotheek")
    assert (s.x, s.y) == (1.0, 2.0)


def test_an_import_places_the_post_its_it_brings(file_store, sid):
    from werkatelier import importing
    importing.import_file(file_store, b"naam;cluster\nPolitie;Zorg\nSchool;Onderwijs\n", name="k.csv",
                          into=sid)
    doc = file_store.get(sid)
    assert all(s.placed for s in doc.stakeholders if s.name in ("Politie", "School"))
    made = importing.import_file(file_store, b"naam\nPolitie\nSchool\n", name="nieuw.csv")
    assert all(s.placed for s in file_store.get(made.session_id).stakeholders)


def test_quick_add_and_paste_are_one_operation_each_with_the_form_s_defaults(small_session):
    one = mapedit.add_names(small_session, ["Politie"], {"influence": 4, "cluster": "cl_zorg"})
    assert isinstance(one, ops.AddStakeholder)
    assert (one.stakeholder.influence, one.stakeholder.cluster) == (4, "cl_zorg")
    names, problem = mapedit.pasted_names("- Politie\n\n• GGD\n")
    many = mapedit.add_names(small_session, names, {"cluster": "cl_gone"})
    assert problem is None and isinstance(many, ops.AddStakeholders)
    assert [s.cluster for s in many.stakeholders] == [None, None]
    assert mapedit.added_ids(many) == [s.id for s in many.stakeholders]


@pytest.mark.parametrize(("text", "message"), [
    ("\n \n", "Plak eerst een of meer namen, één per regel."),
    ("Politie\n" + "x" * (NAME_MAX + 1),
     f"Regel 2 is langer dan {NAME_MAX} tekens; maak hem korter en probeer het opnieuw."),
    ("x\n" * (mapedit.PASTE_MAX_LINES + 1),
     f"Dat zijn {mapedit.PASTE_MAX_LINES + 1} regels; plak er hoogstens {mapedit.PASTE_MAX_LINES} tegelijk."),
])
def test_a_paste_that_cannot_be_added_says_why(text, message):
    names, problem = mapedit.pasted_names(text)
    assert names == [] and problem.text("nl") == message


# --- the edit form, relations, the canvas's delete, suggestions, tidying --------------------------

def test_the_edit_form_sends_only_what_changed(small_session):
    s = small_session.stakeholder("sh_corp")
    values = {"name": " Woningcorporatie ", "organisation": "", "capacity": "", "contact_for": "",
              "tags": "wonen, wonen", "notes": "", "kind": "organisation", "cluster": "cl_wonen",
              "influence": 4, "interest": 4, "attitude": 1, "confidential": False}
    op, problem = mapedit.edit_op(s, values)
    assert problem is None and op.changes == {"tags": ["wonen"], "influence": 4}
    op, problem = mapedit.edit_op(s, {**values, "name": ""})
    assert op is None and problem.text("nl") == "Typ eerst een naam."
    op, problem = mapedit.edit_op(s, {**values, "notes": "x" * 10_001})
    assert problem.text("nl") == "De notities zijn te lang: hoogstens 10.000 tekens."
    assert problem.text("en") == "The notes are too long: 10,000 characters at most."


def test_a_drawn_connection_becomes_the_relation_the_form_describes():
    r, problem = mapedit.relation_for({"source": "a", "target": "b"},
                                      {"pick": "informeert", "kind": "adviseert",
                                       "strength": STRENGTH_RANGE[1], "directed": True})
    assert problem is None and isinstance(r, Relation)
    assert (r.kind, r.strength, r.directed) == ("adviseert", 3, True)
    _, problem = mapedit.relation_for({"source": "a", "target": "b"}, {"label": "x" * (NAME_MAX + 1)})
    assert problem.key == "map.text_too_long"


def test_a_delete_on_the_canvas_is_one_operation_for_post_its_and_relations(small_session):
    gone = mapedit.delete_selection(small_session, ["sh_buurt", "sh_gone"], ["re_1", "re_2"])
    # re_1 goes with Bewonerscommissie; re_2 is deleted on its own; both in one step.
    assert gone.names == ["Bewonerscommissie"] and gone.relations == 1
    assert gone.op.undo_name == "delete_selection"
    assert [o.op for o in gone.op.operations] == ["delete_stakeholders", "delete_relation"]
    only = mapedit.delete_selection(small_session, ["sh_buurt"], [])
    assert only.op.op == "delete_stakeholders"
    assert mapedit.delete_selection(small_session, [], []).op is None


def test_taking_over_suggested_clusters_is_one_operation(small_session):
    groups = [{"members": ["sh_corp", "sh_buurt"], "team_cluster": "cl_wonen", "share": 1.0},
              {"members": ["sh_gone"]}]
    op, made = mapedit.suggestion_op(small_session, groups, [0, 1], "nl")
    assert made == 1 and op.undo_name == "accept_suggestion"
    adding, assigning = op.operations
    assert adding.cluster.name == "Wonen (voorstel)"
    assert assigning.ids == ["sh_corp", "sh_buurt"] and assigning.cluster == adding.cluster.id
    assert mapedit.suggestion_op(small_session, groups, [1], "nl") == (None, 0)


def test_tidying_moves_only_post_its_that_overlap():
    doc = Session(meta=Meta(title="t"), stakeholders=[
        Stakeholder(id="a", name="Gemeente", influence=5, x=0, y=0),
        Stakeholder(id="b", name="Wijkteam", x=10, y=5), Stakeholder(id="c", name="GGD", x=900, y=0)])
    op = mapedit.tidy_op(doc)
    assert list(op.positions) == ["b"]
    apart = doc.model_copy(update={"stakeholders": doc.stakeholders[::2]})
    assert mapedit.tidy_op(apart) is None


# --- a party added twice --------------------------------------------------------------------------

def test_the_same_party_is_found_whatever_its_case_spacing_or_accents_and_its_organisation_counts():
    doc = Session(meta=Meta(title="t"), stakeholders=[
        Stakeholder(id="sh_agent", name="Wijkagent", organisation="Politie Amsterdam"),
        Stakeholder(id="sh_coop", name="Coöperatie  Woonbond")])
    def there(names, **values):
        return [s.id for s in mapedit.already_on_map(doc, names, values)]
    assert there(["  WIJKAGENT "]) == ["sh_agent"]
    assert there(["cooperatie woonbond"]) == ["sh_coop"]
    # A form default naming the same organisation, or another one: only the other one is a new party.
    assert there(["Wijkagent"], organisation=" politie amsterdam") == ["sh_agent"]
    assert there(["Wijkagent"], organisation="Rochdale") == []
    # A post-it without an organisation is the party of any organisation with its name.
    assert there(["Coöperatie Woonbond"], organisation="Woonbond") == ["sh_coop"]
    assert there(["Wijkagenten", "Woonbond"]) == []
    assert mapedit.not_on_map(doc, ["wijkagent", "Tiwos", "Woonbond"], {}) == ["Tiwos", "Woonbond"]
