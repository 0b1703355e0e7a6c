"""Item-level diffs, and patches that carry a change over to a newer revision."""

from __future__ import annotations

from werkatelier.diff import ApplyPatch, diff
from werkatelier.model import Persona, Relation, Stakeholder


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
