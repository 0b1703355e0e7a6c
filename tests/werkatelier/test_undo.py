"""Undo and redo of one browser's steps, through the real file_store."""

from __future__ import annotations

import pytest

from werkatelier import ops, undo


@pytest.fixture
def sid(file_store, small_session):
    return file_store.add(small_session).id


def test_undo_and_redo_an_edit(file_store, sid):
    h = undo.UndoHistory()
    undo.apply(file_store, h, sid, ops.UpdateStakeholder(id="sh_corp", changes={"influence": 1}))
    assert file_store.get(sid).stakeholder("sh_corp").influence == 1
    undo.undo(file_store, h, sid)
    assert file_store.get(sid).stakeholder("sh_corp").influence == 5
    assert h.last(sid, h.undone) and not h.last(sid, h.done)
    undo.redo(file_store, h, sid)
    assert file_store.get(sid).stakeholder("sh_corp").influence == 1


def test_undo_a_delete_restores_relations_and_keeps_another_browsers_later_post_it(file_store, sid):
    mine, theirs = undo.UndoHistory(), undo.UndoHistory()
    undo.apply(file_store, mine, sid, ops.DeleteStakeholder(id="sh_zorg"))
    undo.apply(file_store, theirs, sid, ops.AddStakeholder(name="Politie"))
    undo.undo(file_store, mine, sid)
    doc = file_store.get(sid)
    assert {s.name for s in doc.stakeholders} == {"Woningcorporatie", "Bewonerscommissie", "Wijkteam",
                                                  "Politie"}
    assert {r.id for r in doc.relations} == {"re_1", "re_2"}
    assert not theirs.last(sid, theirs.undone) and theirs.last(sid, theirs.done)


def test_twenty_steps_undo_back_to_the_start(file_store, sid):
    h = undo.UndoHistory()
    for i in range(20):
        undo.apply(file_store, h, sid, ops.AddStakeholder(name=f"Post-it {i}"))
    for _ in range(20):
        assert undo.undo(file_store, h, sid) is not None
    assert len(file_store.get(sid).stakeholders) == 3
    assert undo.undo(file_store, h, sid) is None


def test_a_new_step_clears_redo_and_a_no_change_is_not_a_step(file_store, sid):
    h = undo.UndoHistory()
    undo.apply(file_store, h, sid, ops.AddStakeholder(name="Politie"))
    undo.undo(file_store, h, sid)
    undo.apply(file_store, h, sid, ops.AddStakeholder(name="RIEC"))
    assert not h.last(sid, h.undone)
    steps = len(h.done)
    undo.apply(file_store, h, sid, ops.AssignClusters(ids=["sh_corp"], cluster="cl_wonen"))
    assert len(h.done) == steps
