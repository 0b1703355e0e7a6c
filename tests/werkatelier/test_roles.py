"""The room's roles on the server: what a participant may do and see, operation by operation."""

from __future__ import annotations

import json

import pytest

from werkatelier import ops, render
from werkatelier.document import WerkatelierError, dumps
from werkatelier.model import Meta, Persona, Relation, Round, Session, Stakeholder
from werkatelier.roles import ParticipantStore, Refused, refusal
from werkatelier.roomops import BringEveryone, CastVote, OpenVote, SetLock, SetTimer, SetVote, voter_key
from werkatelier.store import FileStore

SECRET = "Informant Jansen"
ME, OTHER = voter_key("me"), voter_key("other")


@pytest.fixture
def room(tmp_path):
    store = FileStore(tmp_path / "data")
    doc = store.add(Session(
        meta=Meta(title="Wijk Noord"),
        stakeholders=[Stakeholder(id="sh_open", name="Gemeente", x=0, y=0),
                      Stakeholder(id="sh_secret", name=SECRET, confidential=True, x=200, y=0)],
        relations=[Relation(source="sh_open", target="sh_secret", kind="informeert")],
        personas=[Persona(name="Bewoner", stakeholder_ids=["sh_open"]),
                  Persona(name="Alleen geheim", stakeholder_ids=["sh_secret"])],
        rounds=[Round(id="ro_old", prompt="Oud"), Round(id="ro_now", prompt="Wie mist er?")]))
    other = store.create("Andere sessie")
    me = ParticipantStore(store, doc.id, voter=ME)
    return store, me, doc.id, other.id


#: Every operation a participant may ask for, each one valid on the fixture's session.
ALLOWED = {
    "add_stakeholder": lambda sid: ops.AddStakeholder(name="Huurders"),
    "move_stakeholders": lambda sid: ops.MoveStakeholders(positions={"sh_open": (40, 40)}),
    "update_stakeholder": lambda sid: ops.UpdateStakeholder(id="sh_open", changes={"name": "Gemeente Noord"}),
    "add_answers": lambda sid: ops.AddAnswers(round_id="ro_now", answers=["De huisarts"]),
}


def test_every_operation_but_the_participants_few_is_refused_by_the_participants_store(room):
    store, me, sid, _ = room
    asked = {
        "delete_stakeholder": ops.DeleteStakeholder(id="sh_open"),
        "delete_stakeholders": ops.DeleteStakeholders(ids=["sh_open"]),
        "add_cluster": ops.AddCluster(name="Zorg"),
        "assign_clusters": ops.AssignClusters(ids=["sh_open"], cluster=None),
        "update_stakeholder (cluster)": ops.UpdateStakeholder(id="sh_open", changes={"cluster": None}),
        "update_stakeholder (confidential)": ops.UpdateStakeholder(id="sh_open",
                                                                   changes={"confidential": True}),
        "move a confidential post-it": ops.MoveStakeholders(positions={"sh_secret": (1, 1)}),
        "add a confidential post-it": ops.AddStakeholder(name="Geheim", confidential=True),
        "answer an old round": ops.AddAnswers(round_id="ro_old", answers=["x"]),
        "connect": ops.Connect(source="sh_open", target="sh_secret"),
        "upsert_persona": ops.UpsertPersona(persona=Persona(name="P")),
        "update_meta": ops.UpdateMeta(title="Gekaapt"),
        "set_question": ops.SetQuestion(text="?"),
        "set_lock": SetLock(locked=False),
        "set_timer": SetTimer(action="stop"),
        "open_vote": OpenVote(on="stakeholders"),
        "set_vote": SetVote(action="reveal"),
        "bring_everyone": BringEveryone(page="map"),
        "someone else's dot": CastVote(voter=OTHER, key="sh_open"),
        "a batch hiding a delete": ops.Batch(steps=[ops.AddStakeholder(name="x"),
                                                    ops.DeleteStakeholder(id="sh_open")]),
    }
    before = store.get(sid).revision
    for what, op in asked.items():
        with pytest.raises(Refused):
            me.apply(sid, op)
        assert refusal(op, store.get(sid), voter=ME) is not None, what
    assert store.get(sid).revision == before  # nothing was written
    for name, make in ALLOWED.items():
        assert refusal(make(sid), store.get(sid), voter=ME) is None, name
        me.apply(sid, make(sid))
    assert store.get(sid).revision == before + len(ALLOWED)


def test_a_participant_cannot_open_another_session_nor_history_restore_delete_import_or_settings(room):
    store, me, sid, other = room
    for call in (lambda: me.get(other), lambda: me.apply(other, ops.AddStakeholder(name="x")),
                 lambda: me.history(sid), lambda: me.get_revision(sid, 1), lambda: me.restore(sid, 1),
                 lambda: me.delete(sid), lambda: list(me.export(sid)), lambda: me.create("x"),
                 lambda: me.add(store.get(sid)), lambda: me.empty_trash(),
                 lambda: me.read_setting("rooms"), lambda: me.write_setting("rooms", "{}")):
        with pytest.raises(Refused):
            call()
    assert [s.id for s in me.list()] == [sid]
    assert {s.id for s in store.list()} == {sid, other}


def test_the_lock_stops_a_participants_map_changes_but_not_answers_votes_or_the_facilitator(room):
    store, me, sid, _ = room
    store.apply(sid, SetLock(locked=True))
    store.apply(sid, OpenVote(on="stakeholders", dots=2))
    for name in ("add_stakeholder", "move_stakeholders", "update_stakeholder"):
        with pytest.raises(Refused, match="Not for participants"):
            me.apply(sid, ALLOWED[name](sid))
    me.apply(sid, ALLOWED["add_answers"](sid))
    me.apply(sid, CastVote(voter=ME, key="sh_open"))
    assert store.apply(sid, ops.MoveStakeholders(positions={"sh_open": (5, 5)})).stakeholder("sh_open").x == 5


def test_no_confidential_byte_reaches_a_participant_and_unrevealed_dots_stay_their_own(room):
    store, me, sid, _ = room
    store.apply(sid, OpenVote(on="stakeholders", dots=3))
    store.apply(sid, CastVote(voter=OTHER, key="sh_open"))
    me.apply(sid, CastVote(voter=ME, key="sh_open"))
    seen = me.get(sid)
    raw = dumps(seen) + json.dumps(render.vis_data(seen, include_confidential=False))
    assert SECRET not in raw and "sh_secret" not in raw and "Alleen geheim" not in raw
    assert seen.room.vote.ballots == {ME: ["sh_open"]}
    assert [r.id for r in seen.rounds] == ["ro_now"] and seen.interviews == [] and seen.participants == []
    store.apply(sid, SetVote(action="reveal"))
    shown = me.get(sid)
    assert [(c.label, n) for c, n in shown.room.vote.tally()] == [("Gemeente", 2)]
    labels = [n["label"] for n in render.vis_data(shown, include_confidential=False)["nodes"]]
    assert labels == ["Gemeente\n● 2"]


def test_a_participants_old_code_stops_every_read_and_write(room):
    store, _, sid, _ = room
    valid = [True]
    me = ParticipantStore(store, sid, voter=ME, check=lambda: valid[0])
    assert me.get(sid).id == sid
    valid[0] = False
    with pytest.raises(Refused) as refused:
        me.get(sid)
    assert refused.value.key == "room.refused.code_gone"


def test_timer_and_vote_operations_do_what_the_room_sees(room):
    store, _, sid, _ = room
    doc = store.apply(sid, SetTimer(action="start", seconds=120, sound=True))
    assert 118 < doc.room.timer.remaining() <= 120 and doc.room.timer.sound
    doc = store.apply(sid, SetTimer(action="add_minute"))
    assert 178 < doc.room.timer.remaining() <= 180
    doc = store.apply(sid, SetTimer(action="pause"))
    assert doc.room.timer.until is None and 178 <= doc.room.timer.left_s <= 180
    doc = store.apply(sid, SetTimer(action="resume"))
    assert doc.room.timer.until is not None
    assert store.apply(sid, SetTimer(action="stop")).room.timer.remaining() == 0
    with pytest.raises(WerkatelierError, match="nothing to vote on"):
        store.apply(sid, OpenVote(on="answers"))
    store.apply(sid, ops.AddAnswers(round_id="ro_now", answers=["De huisarts", "De school"]))
    doc = store.apply(sid, OpenVote(on="answers", dots=1))
    assert [c.label for c in doc.room.vote.choices] == ["De huisarts", "De school"]
    key = doc.room.vote.choices[1].key
    store.apply(sid, CastVote(voter=ME, key=key))
    with pytest.raises(WerkatelierError, match="dots are used"):
        store.apply(sid, CastVote(voter=ME, key=key))
    store.apply(sid, SetVote(action="close"))
    with pytest.raises(WerkatelierError, match="closed"):
        store.apply(sid, CastVote(voter=OTHER, key=key))
    tally = store.get(sid).room.vote.tally()
    assert [(c.label, n) for c, n in tally] == [("De school", 1), ("De huisarts", 0)]


def test_every_registered_operation_but_the_participants_five_is_the_facilitators_alone(room):
    store, _, sid, _ = room
    doc = store.get(sid)
    theirs = {"add_stakeholder", "move_stakeholders", "update_stakeholder", "add_answers", "cast_vote",
              "batch"}
    assert theirs <= set(ops.OPERATIONS)
    for name, cls in ops.OPERATIONS.items():
        if name not in theirs:
            assert refusal(cls.model_construct(), doc, voter=ME) == "room.refused.facilitator_only", name


def test_forged_canvas_messages_from_a_phone_are_refused_and_logged(room, caplog):
    """What a participant's browser could send over Streamlit's socket for its map: a drag of a
    post-it it never received, a delete, a drag while the map is locked. None reaches the store."""
    from components import mapview
    from werkatelier.undo import UndoHistory

    store, me, sid, _ = room
    ctx = mapview.MapContext(store=me, session_id=sid, history=UndoHistory(), memory={}, lang="nl",
                             allow={"moved"})
    before = store.get(sid).revision
    assert mapview.handle_event({"type": "delete", "ids": ["sh_open"], "edges": []}, ctx) == []
    with caplog.at_level("WARNING", logger="werkatelier.room"):
        said = mapview.handle_event({"type": "moved", "positions": {"sh_secret": [1.0, 2.0]}}, ctx)
    assert said and said[0][0] == "error" and "refused for a participant" in caplog.text
    store.apply(sid, SetLock(locked=True))
    said = mapview.handle_event({"type": "moved", "positions": {"sh_open": [9.0, 9.0]}}, ctx)
    assert said == [("error", "Dat kon niet: de kaart staat op slot")]
    doc = store.get(sid)
    assert doc.revision == before + 1  # only the facilitator's lock
    assert (doc.stakeholder("sh_open").x, doc.stakeholder("sh_secret").x) == (0.0, 200.0)
