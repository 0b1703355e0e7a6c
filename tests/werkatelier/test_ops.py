"""Every operation, applied through the store and read back from disk by a fresh store."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from werkatelier import ops
from werkatelier.document import WerkatelierError
from werkatelier.filestore import SESSION_FILE, FileStore
from werkatelier.geometry import stakeholder_box
from werkatelier.model import (
    Action,
    Cluster,
    Event,
    Interview,
    Meta,
    Participant,
    Persona,
    QuestionVersion,
    Relation,
    Round,
    Session,
    Stakeholder,
)


class Stored:
    """One session in a data dir; ``apply`` returns what a fresh store reads from disk."""

    def __init__(self, root: Path, doc: Session):
        self.root = root
        self.store = FileStore(root)
        self.id = self.store.add(doc, keep_id=True).id

    @property
    def file(self) -> Path:
        return self.root / self.id / SESSION_FILE

    def apply(self, op: ops.Operation) -> Session:
        self.store.apply(self.id, op)
        return self.fresh()

    def fresh(self) -> Session:
        return FileStore(self.root).get(self.id)

    def refused(self, op: ops.Operation, match: str) -> None:
        before = self.file.read_bytes()
        with pytest.raises(WerkatelierError, match=match):
            self.store.apply(self.id, op)
        assert self.file.read_bytes() == before
        assert self.fresh().revision == json.loads(before)["revision"]


@pytest.fixture
def rich_session(small_session: Session) -> Session:
    """The small map with a persona, an interview linked both ways, a round, actions, people."""
    doc = small_session
    doc.interviews = [Interview(id="iv_1", interviewee="Huurder", stakeholder_ids=["sh_buurt"],
                                persona_ids=["pe_1"])]
    doc.personas = [Persona(id="pe_1", name="Ria", stakeholder_ids=["sh_buurt", "sh_corp"],
                            interview_ids=["iv_1"])]
    doc.rounds = [Round(id="ro_1", prompt="Wat gaat goed?", answers=["overleg", "korte lijnen"])]
    doc.actions = [Action(id="ac_1", action="Bel de wethouder", status="open"),
                   Action(id="ac_2", action="Verslag sturen", status="done")]
    doc.participants = [Participant(id="pa_1", name="Ans", role="moderator")]
    return Session.model_validate(doc.model_dump())


@pytest.fixture
def s(tmp_path: Path, rich_session: Session) -> Stored:
    return Stored(tmp_path / "data", rich_session)


def names(doc: Session) -> list[str]:
    return [x.name for x in doc.stakeholders]


# --- stakeholders ---------------------------------------------------------------------------------

def test_add_stakeholder_with_a_generated_or_a_given_id(s):
    doc = s.apply(ops.AddStakeholder(name=" Gemeente ", influence=5, x=1.5, y=-2))
    added = doc.stakeholders[-1]
    assert (added.name, added.influence, added.x, added.y) == ("Gemeente", 5, 1.5, -2.0)
    assert added.id.startswith("sh_") and doc.revision == 2
    doc = s.apply(ops.AddStakeholder(stakeholder={"id": "sh_mine", "name": "Huurders"}))
    assert doc.stakeholders[-1].id == "sh_mine"
    on_disk = json.loads(s.file.read_text(encoding="utf-8"))
    assert [x["name"] for x in on_disk["stakeholders"]][-2:] == ["Gemeente", "Huurders"]


@pytest.mark.parametrize("args,match", [
    ({"name": ""}, "stakeholder.name"),
    ({"name": "x", "influence": 6}, "stakeholder.influence: Input should be less than or equal to 5"),
    ({"name": "x", "attitude": -3}, "stakeholder.attitude"),
    ({"name": "x", "x": 1.0}, "both x and y"),
    ({"name": "x", "id": "../x"}, "stakeholder.id"),
])
def test_add_stakeholder_refuses_bad_fields_before_touching_the_store(s, args, match):
    with pytest.raises(WerkatelierError, match=match):
        ops.AddStakeholder(**args)


def test_add_stakeholder_refuses_a_taken_id_and_an_unknown_cluster(s):
    s.refused(ops.AddStakeholder(id="sh_corp", name="Tweede"), "'sh_corp' is used twice")
    s.refused(ops.AddStakeholder(name="Los", cluster="cl_nope"), "cluster 'cl_nope', which does not exist")


def test_add_many_stakeholders_is_one_revision(s):
    doc = s.apply(ops.AddStakeholders(stakeholders=[{"name": "A"}, {"name": "B", "kind": "person"}]))
    assert names(doc)[-2:] == ["A", "B"] and doc.revision == 2
    assert s.store.history(s.id)[-1].changed == 2
    s.refused(ops.AddStakeholders(stakeholders=[{"id": "d", "name": "C"}, {"id": "d", "name": "D"}]),
              "used twice")


def test_update_stakeholder_changes_only_the_given_fields(s):
    doc = s.apply(ops.UpdateStakeholder(id="sh_zorg", changes={"name": "Wijkteam Noord", "cluster": None}))
    zorg = doc.stakeholders[2]
    assert (zorg.name, zorg.cluster, zorg.influence, zorg.x, zorg.y) == (
        "Wijkteam Noord", None, 3, 10.0, -20.0)
    s.refused(ops.UpdateStakeholder(id="sh_zorg", changes={"interest": 0}), "interest")
    s.refused(ops.UpdateStakeholder(id="sh_zorg", changes={"name": "  "}), "name")
    s.refused(ops.UpdateStakeholder(id="sh_nope", changes={"name": "x"}), "no stakeholder with id 'sh_nope'")
    s.refused(ops.UpdateStakeholder(id="sh_zorg", changes={"colour": "x"}), "no field 'colour'")
    s.refused(ops.UpdateStakeholder(id="sh_zorg", changes={"id": "sh_new"}), "id of a stakeholder cannot")
    s.refused(ops.UpdateStakeholder(id="sh_zorg", changes={"cluster": "cl_nope"}), "does not exist")


def test_delete_stakeholder_takes_its_relations_and_links_along_in_one_revision(s):
    doc = s.apply(ops.DeleteStakeholder(id="sh_buurt"))
    assert names(doc) == ["Woningcorporatie", "Wijkteam"]
    assert [r.id for r in doc.relations] == ["re_2"]
    assert doc.personas[0].stakeholder_ids == ["sh_corp"]
    assert doc.interviews[0].stakeholder_ids == []
    assert doc.revision == 2
    s.refused(ops.DeleteStakeholder(id="sh_buurt"), "no stakeholder with id 'sh_buurt'")


def test_delete_several_stakeholders(s):
    doc = s.apply(ops.DeleteStakeholders(ids=["sh_corp", "sh_zorg"]))
    assert names(doc) == ["Bewonerscommissie"] and doc.relations == []
    assert s.store.history(s.id)[-1].summary == "Deleted 2 stakeholders and 2 relations"
    s.refused(ops.DeleteStakeholders(ids=["sh_buurt", "sh_nope"]), "'sh_nope'")


def test_move_many_in_one_revision_and_take_one_off_the_canvas(s):
    doc = s.apply(ops.MoveStakeholders(positions={"sh_corp": [100, 200.5], "sh_buurt": (-3, 4),
                                                  "sh_zorg": None}))
    assert [(x.x, x.y) for x in doc.stakeholders] == [(100.0, 200.5), (-3.0, 4.0), (None, None)]
    assert doc.revision == 2
    with pytest.raises(WerkatelierError, match="finite"):
        ops.MoveStakeholders(positions={"sh_corp": [float("nan"), 1]})
    s.refused(ops.MoveStakeholders(positions={"sh_corp": [1, 1], "sh_nope": [2, 2]}), "'sh_nope'")


def test_a_move_to_where_the_post_it_already_is_makes_no_revision(s):
    s.store.apply(s.id, ops.MoveStakeholders(positions={"sh_zorg": [10, -20]}))
    assert s.fresh().revision == 1
    assert len(s.store.history(s.id)) == 1


# --- relations ------------------------------------------------------------------------------------

def test_connect_update_and_delete_a_relation(s):
    doc = s.apply(ops.Connect(source="sh_buurt", target="sh_zorg", kind="informeert", strength=3))
    new = doc.relations[-1]
    assert (new.source, new.target, new.kind, new.strength) == ("sh_buurt", "sh_zorg", "informeert", 3)
    doc = s.apply(ops.UpdateRelation(id=new.id, changes={"label": "maandelijks", "directed": True}))
    assert (doc.relations[-1].label, doc.relations[-1].directed) == ("maandelijks", True)
    doc = s.apply(ops.DeleteRelation(id=new.id))
    assert [r.id for r in doc.relations] == ["re_1", "re_2"]


def test_connect_refuses_a_twin_a_loop_and_unknown_ends(s):
    s.refused(ops.Connect(source="sh_buurt", target="sh_corp", kind="Overlegt met"),
              "already a relation of kind 'Overlegt met' between 'Bewonerscommissie' and 'Woningcorporatie'")
    s.refused(ops.Connect(source="sh_corp", target="sh_nope"), "no stakeholder with id 'sh_nope'")
    s.refused(ops.Connect(id="re_1", source="sh_buurt", target="sh_zorg"),
              "already a relation with id 're_1'")
    with pytest.raises(WerkatelierError, match="two different stakeholders"):
        ops.Connect(source="sh_corp", target="sh_corp")
    with pytest.raises(WerkatelierError, match="strength"):
        ops.Connect(source="sh_corp", target="sh_zorg", strength=4)
    # A directed relation the other way round is a different relation.
    doc = s.apply(ops.Connect(source="sh_zorg", target="sh_corp", kind="verwijst naar", directed=True))
    assert len(doc.relations) == 3


def test_update_relation_into_a_twin_is_refused(s):
    s.refused(ops.UpdateRelation(id="re_2", changes={"target": "sh_buurt", "kind": "overlegt met",
                                                     "directed": False}), "already a relation of kind")
    s.refused(ops.DeleteRelation(id="re_9"), "no relation with id 're_9'")


# --- clusters -------------------------------------------------------------------------------------

def test_add_rename_recolour_and_describe_a_cluster(s):
    doc = s.apply(ops.AddCluster(name="Gemeente", colour="#009E73"))
    cid = doc.clusters[-1].id
    doc = s.apply(ops.RenameCluster(id=cid, name="Gemeente Utrecht"))
    doc = s.apply(ops.RecolourCluster(id=cid, colour="#cc79a7"))
    doc = s.apply(ops.UpdateCluster(id=cid, changes={"description": "ambtenaren en raad"}))
    c = doc.clusters[-1]
    assert (c.name, c.colour, c.description) == ("Gemeente Utrecht", "#cc79a7", "ambtenaren en raad")
    assert doc.revision == 5
    with pytest.raises(WerkatelierError, match="colour"):
        ops.RecolourCluster(id=cid, colour="red")
    with pytest.raises(WerkatelierError, match="name"):
        ops.RenameCluster(id=cid, name=" ")
    s.refused(ops.RenameCluster(id="cl_nope", name="x"), "no cluster with id 'cl_nope'")
    s.refused(ops.AddCluster(id="cl_zorg", name="Zorg 2"), "already a cluster with id 'cl_zorg'")


def test_delete_cluster_leaves_its_members_unclustered(s):
    doc = s.apply(ops.DeleteCluster(id="cl_wonen"))
    assert [c.id for c in doc.clusters] == ["cl_zorg"]
    assert [x.cluster for x in doc.stakeholders] == [None, None, "cl_zorg"]
    assert names(doc) == ["Woningcorporatie", "Bewonerscommissie", "Wijkteam"]


def test_assign_many_to_a_cluster_or_to_none(s):
    doc = s.apply(ops.AssignClusters(ids=["sh_corp", "sh_zorg"], cluster="cl_zorg"))
    assert [x.cluster for x in doc.stakeholders] == ["cl_zorg", "cl_wonen", "cl_zorg"]
    assert s.store.history(s.id)[-1].summary == "Put 1 stakeholder in cluster 'Zorg'"
    doc = s.apply(ops.AssignClusters(ids=["sh_buurt", "sh_zorg"], cluster=None))
    assert [x.cluster for x in doc.stakeholders] == ["cl_zorg", None, None]
    s.refused(ops.AssignClusters(ids=["sh_corp"], cluster="cl_nope"), "no cluster with id 'cl_nope'")
    s.refused(ops.AssignClusters(ids=["sh_nope"], cluster="cl_zorg"), "no stakeholder with id 'sh_nope'")


# --- personas and interviews ----------------------------------------------------------------------

def test_upsert_persona_inserts_then_replaces(s):
    doc = s.apply(ops.UpsertPersona(id="pe_2", name="Henk", avatar="👷", wishes=["rust"],
                                    stakeholder_ids=["sh_zorg"]))
    assert [p.name for p in doc.personas] == ["Ria", "Henk"]
    doc = s.apply(ops.UpsertPersona(persona={"id": "pe_2", "name": "Henk", "wishes": ["rust", "groen"]}))
    assert doc.personas[1].wishes == ["rust", "groen"] and doc.personas[1].stakeholder_ids == []
    assert s.store.history(s.id)[-1].summary == "Changed persona 'Henk'"
    s.refused(ops.UpsertPersona(name="Zonder", interview_ids=["iv_nope"]), "links interview 'iv_nope'")
    with pytest.raises(WerkatelierError, match="persona.wishes"):
        ops.UpsertPersona(name="Leeg", wishes=[" "])


def test_delete_persona_drops_the_links_from_interviews(s):
    doc = s.apply(ops.DeletePersona(id="pe_1"))
    assert doc.personas == [] and doc.interviews[0].persona_ids == []


def test_upsert_and_delete_interview_keeps_persona_links_valid(s):
    doc = s.apply(ops.UpsertInterview(id="iv_2", interviewee="Wijkagent", date="2019-02-07",
                                      insights=["kent iedereen"], persona_ids=["pe_1"]))
    assert (doc.interviews[1].date, doc.interviews[1].insights) == (date(2019, 2, 7), ["kent iedereen"])
    doc = s.apply(ops.DeleteInterview(id="iv_1"))
    assert [i.id for i in doc.interviews] == ["iv_2"]
    assert doc.personas[0].interview_ids == []
    s.refused(ops.UpsertInterview(interviewee="X", stakeholder_ids=["sh_nope"]),
              "links stakeholder 'sh_nope'")


# --- rounds ---------------------------------------------------------------------------------------

def test_rounds_answers_are_added_and_removed_by_text(s):
    doc = s.apply(ops.AddAnswers(round_id="ro_1", answers=["koffie", "overleg"]))
    assert doc.rounds[0].answers == ["overleg", "korte lijnen", "koffie", "overleg"]
    doc = s.apply(ops.RemoveAnswer(round_id="ro_1", answer="overleg"))
    assert doc.rounds[0].answers == ["korte lijnen", "koffie", "overleg"]
    s.refused(ops.RemoveAnswer(round_id="ro_1", answer="bestaat niet"), "has no answer 'bestaat niet'")
    s.refused(ops.AddAnswers(round_id="ro_9", answers=["x"]), "no round with id 'ro_9'")
    with pytest.raises(WerkatelierError, match="answers"):
        ops.AddAnswers(round_id="ro_1", answers=[""])


def test_upsert_round_keeps_the_answers_the_room_already_gave(s):
    doc = s.apply(ops.UpsertRound(id="ro_1", title="Ronde 1", prompt="Wat kan beter?", answers=[]))
    r = doc.rounds[0]
    assert (r.title, r.prompt, r.answers) == ("Ronde 1", "Wat kan beter?", ["overleg", "korte lijnen"])
    doc = s.apply(ops.UpsertRound(prompt="Wie ontbreekt?", answers=["de huisarts"]))
    assert doc.rounds[1].answers == ["de huisarts"]
    doc = s.apply(ops.DeleteRound(id="ro_1"))
    assert [r.prompt for r in doc.rounds] == ["Wie ontbreekt?"]
    with pytest.raises(WerkatelierError, match="round.prompt"):
        ops.UpsertRound(prompt="")


# --- actions, participants, meta, question --------------------------------------------------------

def test_actions_upsert_and_delete(s):
    doc = s.apply(ops.UpsertAction(action="Kaart rondsturen", who="Ans", when="eind juni"))
    assert (doc.actions[-1].action, doc.actions[-1].status) == ("Kaart rondsturen", "open")
    doc = s.apply(ops.UpsertAction(action={"id": "ac_1", "action": "Bel de wethouder", "status": "done"}))
    assert doc.actions[0].status == "done"
    doc = s.apply(ops.DeleteAction(id="ac_2"))
    assert [a.id for a in doc.actions][0] == "ac_1" and len(doc.actions) == 2
    with pytest.raises(WerkatelierError, match="status"):
        ops.UpsertAction(action="x", status="later")


def test_participants_upsert_and_delete(s):
    doc = s.apply(ops.UpsertParticipant(name="Bert", role="question_owner", organisation="Gemeente"))
    assert [(p.name, p.role) for p in doc.participants] == [("Ans", "moderator"), ("Bert", "question_owner")]
    doc = s.apply(ops.UpsertParticipant(id="pa_1", name="Ans", present=False))
    assert doc.participants[0].present is False
    doc = s.apply(ops.DeleteParticipant(id="pa_1"))
    assert [p.name for p in doc.participants] == ["Bert"]
    with pytest.raises(WerkatelierError, match="role"):
        ops.UpsertParticipant(name="x", role="boss")
    s.refused(ops.DeleteParticipant(id="pa_1"), "no participant with id 'pa_1'")


def test_update_meta_changes_only_what_is_given(s):
    doc = s.apply(ops.UpdateMeta(title="Team 6", event=Event(name="Werkatelier II", date=date(2019, 2, 7))))
    assert (doc.meta.title, doc.meta.event.name, doc.meta.event.date) == (
        "Team 6", "Werkatelier II", date(2019, 2, 7))
    doc = s.apply(ops.UpdateMeta(programme="Wonen en zorg", team="Team 6 Utrecht"))
    assert (doc.meta.title, doc.meta.programme, doc.meta.team) == (
        "Team 6", "Wonen en zorg", "Team 6 Utrecht")
    with pytest.raises(WerkatelierError, match="title"):
        ops.UpdateMeta(title="")
    s.store.apply(s.id, ops.UpdateMeta(title="Team 6"))
    assert s.fresh().revision == 3


def test_set_question_logs_every_version_with_its_moment_and_note(s):
    doc = s.apply(ops.SetQuestion(text="Hoe houden we ouderen thuis?", note="startvraag"))
    assert doc.question.text == "Hoe houden we ouderen thuis?"
    assert [(v.text, v.note) for v in doc.question.history] == [
        ("Hoe houden we ouderen thuis?", "startvraag")]
    doc = s.apply(ops.SetQuestion(text="Hoe blijven ouderen langer thuis wonen?", note="na ronde 1"))
    first, second = doc.question.history
    assert isinstance(second, QuestionVersion)
    assert (first.note, second.text, second.note) == ("startvraag", "Hoe blijven ouderen langer thuis wonen?",
                                                      "na ronde 1")
    assert doc.updated >= second.when >= first.when
    s.store.apply(s.id, ops.SetQuestion(text="Hoe blijven ouderen langer thuis wonen?"))
    assert s.fresh().revision == 3


def test_a_question_from_before_the_log_enters_it_as_the_first_version(s):
    from werkatelier.model import Question
    s.store.apply(s.id, ops.UpdateMeta(title="Oud"))
    doc = s.fresh()
    doc.question = Question(text="Oude vraag")
    sid = s.store.add(doc).id
    doc = s.store.apply(sid, ops.SetQuestion(text="Nieuwe vraag", note="aangescherpt"))
    assert [v.text for v in doc.question.history] == ["Oude vraag", "Nieuwe vraag"]


# --- the contract every operation keeps ---------------------------------------------------------

def test_every_operation_round_trips_through_its_history_record():
    made = [ops.AddStakeholder(name="A"), ops.MoveStakeholders(positions={"a": [1, 2]}),
            ops.Connect(source="a", target="b"), ops.UpsertAction(action="x"),
            ops.SetQuestion(text="Hoe?", note="n"), ops.UpdateMeta(event={"name": "II"})]
    for op in made:
        assert ops.operation_from_record(json.loads(json.dumps(op.record()))) == op
    with pytest.raises(WerkatelierError, match="Unknown operation 'fly'"):
        ops.operation_from_record({"op": "fly", "args": {}})
    with pytest.raises(WerkatelierError, match="stakeholder.name"):
        ops.operation_from_record({"op": "add_stakeholder", "args": {"name": ""}})


def test_every_registered_operation_has_a_stable_unique_name():
    expected = {
        "add_stakeholder", "add_stakeholders", "update_stakeholder", "delete_stakeholder",
        "delete_stakeholders", "move_stakeholders", "connect", "update_relation", "delete_relation",
        "add_cluster", "rename_cluster", "recolour_cluster", "update_cluster", "delete_cluster",
        "assign_clusters", "upsert_persona", "delete_persona", "upsert_interview", "delete_interview",
        "upsert_round", "delete_round", "add_answers", "remove_answer", "upsert_action", "delete_action",
        "upsert_participant", "delete_participant", "update_meta", "set_question"}
    assert expected <= set(ops.OPERATIONS)
    assert all(ops.OPERATIONS[name].op == name for name in expected)


def test_a_model_built_without_validation_is_validated_when_it_enters_an_operation():
    from werkatelier.model import Stakeholder
    sneaky = Stakeholder.model_construct(id="sh_x", name="", influence=9)
    with pytest.raises(WerkatelierError, match="stakeholder.influence"):
        ops.AddStakeholder(stakeholder=sneaky)


def test_a_new_cluster_without_a_colour_gets_the_next_free_palette_colour(s):
    from werkatelier.palette import PALETTE
    s.apply(ops.AddCluster(name="Wonen"))
    s.apply(ops.AddCluster(name="Zorg"))
    doc = s.apply(ops.AddCluster(name="Veiligheid", colour="#123456"))
    colours = {c.name: c.colour for c in doc.clusters}
    assert colours["Veiligheid"] == "#123456"
    assert colours["Wonen"] != colours["Zorg"] and {colours["Wonen"], colours["Zorg"]} <= set(PALETTE)


# --- a quick add is laid out among what is on the map ----------------------------------------------

def _map_with(off_canvas: int) -> Session:
    clusters = [Cluster(id="cl_a", name="A"), Cluster(id="cl_b", name="B")]
    people = [Stakeholder(id=f"sh_{i}", name=f"Partij {i}", cluster=("cl_a", "cl_b")[i % 2],
                          x=(i % 6) * 260.0 + (i % 2) * 3000, y=(i // 6) * 150.0) for i in range(30)]
    people += [Stakeholder(id=f"sh_off{i}", name=f"Van de kaart {i}", cluster="cl_a")
               for i in range(off_canvas)]
    relations = [Relation(id=f"re_{i}", source=f"sh_{i}", target=f"sh_{i + 2}") for i in range(0, 28, 3)]
    relations += [Relation(id=f"re_off{i}", source="sh_0", target=f"sh_off{i}") for i in range(off_canvas)]
    return Session(meta=Meta(title="t"), clusters=clusters, stakeholders=people, relations=relations)


def test_a_quick_add_lands_where_the_layout_puts_it_on_a_fully_placed_map():
    from werkatelier import layout
    from werkatelier.store import next_revision

    doc = _map_with(0)
    new = Stakeholder(id="sh_new", name="Nieuwe partij", cluster="cl_b")
    after, _, _ = next_revision(doc, ops.AddStakeholder(stakeholder=new))
    expected = layout.positions(doc.model_copy(update={"stakeholders": [*doc.stakeholders, new]}))["sh_new"]
    got = after.stakeholder("sh_new")
    assert (got.x, got.y) == expected
    assert after.stakeholders[:30] == doc.stakeholders  # nothing else moved


def test_a_quick_add_ignores_post_its_taken_off_the_canvas_and_leaves_them_off():
    from werkatelier import layout
    from werkatelier.store import next_revision

    doc = _map_with(5)
    new = Stakeholder(id="sh_new", name="Nieuwe partij", cluster="cl_a")
    after, _, _ = next_revision(doc, ops.AddStakeholder(stakeholder=new))
    assert all(not after.stakeholder(f"sh_off{i}").placed for i in range(5))
    on_map = _map_with(0)
    expected = layout.positions(on_map.model_copy(update={"stakeholders": [*on_map.stakeholders, new]}))
    got = after.stakeholder("sh_new")
    assert (got.x, got.y) == expected["sh_new"]  # as if the off-canvas ones were not there
    placed = [s for s in after.stakeholders if s.placed]
    sizes = np.array([stakeholder_box(s) for s in placed])
    assert layout.overlaps(sizes, np.array([(s.x, s.y) for s in placed])) == []
