"""Undo and redo of one browser's steps, through the real store."""

from __future__ import annotations

import pytest

from werkatelier import ops, undo
from werkatelier.store import FileStore


@pytest.fixture
def store(tmp_path):
    return FileStore(tmp_path)


@pytest.fixture
def sid(store, small_session):
    return store.add(small_session).id


def test_undo_and_redo_an_edit(store, sid):
    h = undo.UndoHistory()
    undo.apply(store, h, sid, ops.UpdateStakeholder(id="sh_corp", changes={"influence": 1}))
    assert store.get(sid).stakeholder("sh_corp").influence == 1
    undo.undo(store, h, sid)
    assert store.get(sid).stakeholder("sh_corp").influence == 5
    assert h.last(sid, h.undone) and not h.last(sid, h.done)
    undo.redo(store, h, sid)
    assert store.get(sid).stakeholder("sh_corp").influence == 1


def test_undo_a_delete_restores_relations_and_keeps_another_browsers_later_post_it(store, sid):
    mine, theirs = undo.UndoHistory(), undo.UndoHistory()
    undo.apply(store, mine, sid, ops.DeleteStakeholder(id="sh_zorg"))
    undo.apply(store, theirs, sid, ops.AddStakeholder(name="Politie"))
    undo.undo(store, mine, sid)
    doc = store.get(sid)
    assert {s.name for s in doc.stakeholders} == {"Woningcorporatie", "Bewonerscommissie", "Wijkteam",
                                                  "Politie"}
    assert {r.id for r in doc.relations} == {"re_1", "re_2"}
    assert not theirs.last(sid, theirs.undone) and theirs.last(sid, theirs.done)


def test_twenty_steps_undo_back_to_the_start(store, sid):
    h = undo.UndoHistory()
    for i in range(20):
        undo.apply(store, h, sid, ops.AddStakeholder(name=f"Post-it {i}"))
    for _ in range(20):
        assert undo.undo(store, h, sid) is not None
    assert len(store.get(sid).stakeholders) == 3
    assert undo.undo(store, h, sid) is None


def test_a_new_step_clears_redo_and_a_no_change_is_not_a_step(store, sid):
    h = undo.UndoHistory()
    undo.apply(store, h, sid, ops.AddStakeholder(name="Politie"))
    undo.undo(store, h, sid)
    undo.apply(store, h, sid, ops.AddStakeholder(name="RIEC"))
    assert not h.last(sid, h.undone)
    steps = len(h.done)
    undo.apply(store, h, sid, ops.AssignClusters(ids=["sh_corp"], cluster="cl_wonen"))
    assert len(h.done) == steps
