"""Item-level diffs, and patches that carry a change over to a newer revision."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from werkatelier.diff import WHOLES, ApplyPatch, PartDiff, SessionDiff, diff
from werkatelier.model import PARTS, Meta, Persona, Relation, Session, Stakeholder


def test_added_removed_changed_per_part(small_session):
    after = small_session.model_copy(deep=True)
    after.stakeholders = [s for s in after.stakeholders if s.id != "sh_zorg"]
    after.relations = [r for r in after.relations if r.id != "re_2"]
    after.stakeholders[0].name = "Rochdale"
    after.stakeholders.append(Stakeholder(id="sh_riec", name="RIEC"))
    d = diff(small_session, after)
    sh = d.parts["stakeholders"]
    assert [i["name"] for i in sh.added] == ["RIEC"]
    assert [i["name"] for i in sh.removed] == ["Wijkteam"]
    assert [(b["name"], a["name"], f) for b, a, f in sh.changed] == [
        ("Woningcorporatie", "Rochdale", ["name"])]
    assert [i["id"] for i in d.parts["relations"].removed] == ["re_2"]
    assert d.size == 4 and not d.parts["personas"]


def test_meta_and_question_compare_as_wholes(small_session):
    after = small_session.model_copy(deep=True)
    after.meta.title = "Werkatelier II"
    assert set(diff(small_session, after).wholes) == {"meta"}


def test_undo_patch_reverts_only_what_the_step_touched(small_session):
    before = small_session
    after = before.model_copy(deep=True)
    after.stakeholders[0].influence = 1          # my step
    latest = after.model_copy(deep=True)
    latest.stakeholders[1].name = "Huurders"     # someone else, later
    latest.stakeholders.append(Stakeholder(id="sh_new", name="Politie"))
    ApplyPatch.between(after, before, label="undo").apply(latest)
    assert latest.stakeholder("sh_corp").influence == 5
    assert latest.stakeholder("sh_buurt").name == "Huurders"
    assert latest.stakeholder("sh_new") is not None


def test_undoing_a_delete_brings_back_relations_and_links(small_session):
    before = small_session.model_copy(deep=True)
    before.personas.append(Persona(id="pe_1", name="Bewoner", stakeholder_ids=["sh_zorg"]))
    after = before.model_copy(deep=True)
    after.stakeholders = [s for s in after.stakeholders if s.id != "sh_zorg"]
    after.relations = [r for r in after.relations if "sh_zorg" not in (r.source, r.target)]
    after.personas[0].stakeholder_ids = []
    latest = after.model_copy(deep=True)
    ApplyPatch.between(after, before, label="undo").apply(latest)
    assert latest.stakeholder("sh_zorg").x == 10.0
    assert {r.id for r in latest.relations} == {"re_1", "re_2"}
    assert latest.personas[0].stakeholder_ids == ["sh_zorg"]


def test_redo_of_an_add_whose_neighbour_is_gone_drops_the_dangling_relation(small_session):
    before = small_session
    after = before.model_copy(deep=True)
    after.relations.append(Relation(id="re_3", source="sh_buurt", target="sh_zorg", kind="kent"))
    latest = before.model_copy(deep=True)
    latest.stakeholders = [s for s in latest.stakeholders if s.id != "sh_zorg"]
    latest.relations = [r for r in latest.relations if r.id != "re_2"]
    ApplyPatch.between(before, after, label="redo").apply(latest)
    assert "re_3" not in {r.id for r in latest.relations}


# --- comparing revisions that share items gives what comparing every item gives ------------------

def _every_item(before: Session, after: Session) -> SessionDiff:
    """The diff as it was computed before it skipped shared items: every item dumped and compared."""
    parts = {}
    for part in PARTS:
        old = {i.id: i.model_dump(mode="json") for i in getattr(before, part)}
        new = {i.id: i.model_dump(mode="json") for i in getattr(after, part)}
        pd = PartDiff(added=[v for k, v in new.items() if k not in old],
                      removed=[v for k, v in old.items() if k not in new])
        for k, v in new.items():
            if k in old and old[k] != v:
                pd.changed.append((old[k], v, sorted(f for f in v if v.get(f) != old[k].get(f))))
        parts[part] = pd
    wholes = {}
    for name in WHOLES:
        a, b = getattr(before, name).model_dump(mode="json"), getattr(after, name).model_dump(mode="json")
        if a != b:
            wholes[name] = (a, b)
    return SessionDiff(parts=parts, wholes=wholes)


_edit = st.tuples(st.sampled_from(["move", "rename", "same", "append", "pop", "delete", "swap"]),
                  st.integers(0, 10**6))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 12), st.lists(_edit, max_size=6))
def test_sharing_items_changes_nothing_in_what_the_diff_says(n, edits):
    from werkatelier.store import clone

    before = Session(meta=Meta(title="t"), stakeholders=[
        Stakeholder(id=f"sh_{i}", name=f"P{i}", x=float(i), y=0.0) for i in range(n)])
    after = clone(before)  # fresh list, shared items, as the store hands revisions out
    people = after.stakeholders
    for k, (what, r) in enumerate(edits):
        i = r % len(people) if people else None
        if what == "append" or i is None:
            people.append(Stakeholder(id=f"sh_new{k}", name=f"N{k}"))
        elif what == "move":
            people[i] = people[i].model_copy(update={"x": people[i].x + 1 if people[i].x is not None else 1.0,
                                                     "y": 5.0})
        elif what == "rename":
            people[i] = people[i].model_copy(update={"name": people[i].name + "!"})
        elif what == "same":  # a new object with the same content: no change
            people[i] = people[i].model_copy()
        elif what == "pop":
            people.pop()
        elif what == "delete":
            del people[i]
        else:
            people[i], people[-1] = people[-1], people[i]
    for a, b in ((before, after), (after, before)):
        got, expected = diff(a, b), _every_item(a, b)
        assert got.parts == expected.parts and got.wholes == expected.wholes
