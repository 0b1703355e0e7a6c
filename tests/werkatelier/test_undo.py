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


# --- undo carries the patch made when the step was applied ---------------------------------------

STEPS = [
    ops.UpdateStakeholder(id="sh_corp", changes={"influence": 1, "notes": "belt terug"}),
    ops.MoveStakeholders(positions={"sh_buurt": (120.0, -30.0), "sh_zorg": None}),
    ops.AddStakeholder(name="Politie", cluster="cl_zorg"),
    ops.DeleteStakeholder(id="sh_zorg"),
    ops.DeleteCluster(id="cl_wonen"),
    ops.UpdateMeta(title="Wijkaanpak 2"),
    ops.Batch(steps=[ops.AddCluster(id="cl_veilig", name="Veiligheid"),
                     ops.AssignClusters(ids=["sh_corp"], cluster="cl_veilig")], what="edit_table"),
]


@pytest.mark.parametrize("op", STEPS, ids=lambda op: op.op)
def test_the_patches_kept_with_a_step_are_those_the_stored_revisions_give(file_store, sid, op):
    h = undo.UndoHistory()
    undo.apply(file_store, h, sid, op)
    step = h.done[-1]
    assert step.patches is not None
    before, after = (file_store.get_revision(sid, r) for r in (step.before, step.after))
    expected = (undo.ApplyPatch.between(after, before, label=f"undo {op.undo_name}"),
                undo.ApplyPatch.between(before, after, label=f"redo {op.undo_name}"))
    assert [p.record() for p in step.patches] == [p.record() for p in expected]


class NoOldRevisions:
    """The store as undo sees it, minus reading old revisions: undo must not need them."""

    def __init__(self, store):
        self.store = store

    def __getattr__(self, name):
        if name == "get_revision":
            raise AssertionError("undo read a whole old revision")
        return getattr(self.store, name)


@pytest.mark.parametrize("op", STEPS, ids=lambda op: op.op)
def test_undo_and_redo_need_no_old_revision_and_land_where_they_did(file_store, sid, op):
    start = file_store.get(sid)
    h = undo.UndoHistory()
    undo.apply(file_store, h, sid, op)
    done = file_store.get(sid)
    store = NoOldRevisions(file_store)
    assert content(undo.undo(store, h, sid)) == content(start)
    assert content(undo.redo(store, h, sid)) == content(done)


def content(doc):
    """What a session holds, whatever the order undo put items back in (a restored item comes last)."""
    parts = {p: sorted((i.model_dump(mode="json") for i in getattr(doc, p)), key=lambda d: d["id"])
             for p in ("stakeholders", "relations", "clusters", "personas", "interviews")}
    return parts | {"meta": doc.meta, "question": doc.question}


class Interrupted:
    """A store where someone else writes just before this browser's operation lands."""

    def __init__(self, store, other):
        self.store, self.other = store, other

    def __getattr__(self, name):
        return getattr(self.store, name)

    def apply(self, session_id, op):
        if self.other:
            self.store.apply(session_id, self.other.pop())
        return self.store.apply(session_id, op)


def test_a_write_in_between_falls_back_to_the_stored_revisions(file_store, sid):
    h = undo.UndoHistory()
    store = Interrupted(file_store, [ops.AddStakeholder(name="Politie")])
    undo.apply(store, h, sid, ops.UpdateStakeholder(id="sh_corp", changes={"influence": 1}))
    assert h.done[-1].patches is None  # the revision before this step is not the one it saw
    undo.undo(file_store, h, sid)
    doc = file_store.get(sid)
    assert doc.stakeholder("sh_corp").influence == 5
    assert "Politie" in {s.name for s in doc.stakeholders}  # the other's post-it stays
