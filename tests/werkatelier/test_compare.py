"""Comparing two revisions or two sessions: matched by id, then by name; changes as a reader sees them."""

from __future__ import annotations

from hypothesis import given, settings
from strategies import sessions

from werkatelier import document
from werkatelier.compare import ADDED, CHANGED, MARK_COLOURS, REMOVED, compare, highlighted, match
from werkatelier.model import Cluster, Persona, Relation, Stakeholder
from werkatelier.render import vis_data

PARTNERS = {"ROC Amsterdam", "Directeur Arbeid", "Aannemer (via Rochdale)", "Jongerennetwerk Nieuw-West",
            "Wijkbeheerders", "Incassomedewerkers", "Leefbaarheidsconsulenten", "Duwtje"}


def load(name):
    from conftest import EXAMPLES

    return document.loads((EXAMPLES / f"{name}.json").read_bytes())


def names(entries):
    return sorted(e.name for e in entries)


def test_two_revisions_show_added_removed_and_changed_fields(small_session):
    after = small_session.model_copy(deep=True)
    after.stakeholders = [s for s in after.stakeholders if s.id != "sh_buurt"]
    after.relations = [r for r in after.relations if r.id != "re_1"]
    after.stakeholders[0].influence = 2
    after.stakeholders.append(Stakeholder(id="sh_riec", name="RIEC", cluster="cl_zorg"))
    c = compare(small_session, after)
    sh = c.parts["stakeholders"]
    assert names(sh.added) == ["RIEC"]
    assert names(sh.removed) == ["Bewonerscommissie"]
    assert [(ch.name, [(f.field, f.before, f.after) for f in ch.fields]) for ch in sh.changed] == [
        ("Woningcorporatie", [("influence", 5, 2)])]
    assert names(c.parts["relations"].removed) == ["Woningcorporatie — Bewonerscommissie (overlegt met)"]
    assert not c.parts["clusters"].size and not c.parts["personas"].size
    assert c.size == 4


def test_cluster_and_relation_ends_are_shown_by_name_not_id(small_session):
    after = small_session.model_copy(deep=True)
    after.stakeholders[1].cluster = "cl_zorg"
    after.relations[1].target = "sh_buurt"
    c = compare(small_session, after)
    [moved_cluster] = c.parts["stakeholders"].changed
    assert [(f.field, f.before, f.after) for f in moved_cluster.fields] == [("cluster", "Wonen", "Zorg")]
    [rel] = c.parts["relations"].changed
    assert [(f.field, f.before, f.after) for f in rel.fields] == [("target", "Wijkteam", "Bewonerscommissie")]
    assert rel.name == "Woningcorporatie → Bewonerscommissie (verwijst naar)"


def test_a_cluster_left_empty_shows_as_no_value(small_session):
    after = small_session.model_copy(deep=True)
    after.stakeholders[2].cluster = None
    [ch] = compare(small_session, after).parts["stakeholders"].changed
    assert [(f.field, f.before, f.after) for f in ch.fields] == [("cluster", "Zorg", None)]


def test_a_post_it_that_only_moved_is_listed_as_moved_not_changed(small_session):
    after = small_session.model_copy(deep=True)
    after.stakeholders[2].x = 400.0
    c = compare(small_session, after)
    assert [m.name for m in c.moved] == ["Wijkteam"]
    assert not c.parts["stakeholders"].changed
    assert c.marks("after") == ({}, {})


def test_persona_links_in_another_order_are_no_change(small_session):
    before = small_session.model_copy(deep=True)
    before.personas.append(Persona(id="pe_1", name="Huurder", stakeholder_ids=["sh_corp", "sh_zorg"]))
    after = before.model_copy(deep=True)
    after.personas[0].stakeholder_ids = ["sh_zorg", "sh_corp"]
    assert not compare(before, after)
    after.personas[0].stakeholder_ids = ["sh_zorg", "sh_buurt"]
    [ch] = compare(before, after).parts["personas"].changed
    assert [(f.field, f.before, f.after) for f in ch.fields] == [
        ("stakeholder_ids", "Woningcorporatie, Wijkteam", "Wijkteam, Bewonerscommissie")]


def test_across_sessions_items_match_by_id_first_then_by_normalised_name(small_session):
    other = small_session.model_copy(deep=True)
    # Same id, new name: the same post-it, renamed.
    other.stakeholders[0].name = "Rochdale"
    # New id, same name up to case and spacing: the same post-it, typed again in another session.
    other.stakeholders[1] = other.stakeholders[1].model_copy(
        update={"id": "sh_other", "name": "BEWONERSCOMMISSIE"})
    other.relations[0].source, other.relations[0].target = "sh_other", "sh_corp"
    other.relations[0].id = "re_other"
    other.clusters[0] = other.clusters[0].model_copy(update={"id": "cl_other", "name": "WONEN"})
    for s in other.stakeholders:
        if s.cluster == "cl_wonen":
            s.cluster = "cl_other"
    c = compare(small_session, other)
    sh = c.parts["stakeholders"]
    assert not sh.added and not sh.removed
    found = sorted((ch.name, ch.before_id, ch.after_id, tuple(f.field for f in ch.fields))
                   for ch in sh.changed)
    assert found == [
        ("BEWONERSCOMMISSIE", "sh_buurt", "sh_other", ("name",)),
        ("Rochdale", "sh_corp", "sh_corp", ("name",))]
    # The relation between the same two (matched) stakeholders, drawn the other way round, undirected.
    assert not c.parts["relations"].size
    # The cluster matched by name; membership is no change.
    assert [ch.after_id for ch in c.parts["clusters"].changed] == ["cl_other"]
    assert c.marks("after")[0] == {"sh_other": CHANGED, "sh_corp": CHANGED}


def test_duplicate_names_pair_first_with_first():
    from types import SimpleNamespace as I

    a = [I(id="a1", name="Buurtteam"), I(id="a2", name="Buurtteam")]
    b = [I(id="b1", name="buurtteam"), I(id="b2", name="Buurtteam"), I(id="b3", name="Buurtteam")]
    assert match(a, b, lambda i: i.name.casefold()) == {"b1": "a1", "b2": "a2"}


def test_team6_werkatelier_two_to_four_shows_the_experiment_partners_added():
    c = compare(load("team6-werkatelier-2"), load("team6-werkatelier-4"))
    assert set(names(c.parts["stakeholders"].added)) == PARTNERS
    assert not c.parts["stakeholders"].removed and not c.parts["clusters"].size
    assert "Directeur Arbeid → ROC Amsterdam (financiert)" in names(c.parts["relations"].added)
    changed = {ch.name: ch for ch in c.parts["personas"].changed}
    [links] = changed["Streetlevel Professional"].fields
    assert links.field == "stakeholder_ids"
    assert "Wijkbeheerders" in links.after and "Wijkbeheerders" not in links.before


def test_team6_werkatelier_one_to_two_adds_the_whole_map():
    one, two = load("team6-werkatelier-1"), load("team6-werkatelier-2")
    c = compare(one, two)
    assert names(c.parts["stakeholders"].added) == sorted(s.name for s in two.stakeholders)
    assert names(c.parts["clusters"].added) == sorted(x.name for x in two.clusters)
    assert names(c.parts["personas"].added) == sorted(p.name for p in two.personas)
    assert len(c.parts["relations"].added) == len(two.relations)
    # And back: everything removed.
    assert names(compare(two, one).parts["stakeholders"].removed) == sorted(s.name for s in two.stakeholders)


def test_compare_leaves_both_sessions_as_they_were():
    two, four = load("team6-werkatelier-2"), load("team6-werkatelier-4")
    four.stakeholders[0] = four.stakeholders[0].model_copy(update={"id": "sh_elsewhere"})
    four.relations = [r.model_copy(update={"source": "sh_elsewhere"}) if r.source == "sh_rochdale" else
                      r.model_copy(update={"target": "sh_elsewhere"}) if r.target == "sh_rochdale" else r
                      for r in four.relations]
    four.personas = [p.model_copy(update={"stakeholder_ids": ["sh_elsewhere" if i == "sh_rochdale" else i
                                                              for i in p.stakeholder_ids]})
                     for p in four.personas]
    four.interviews = [v.model_copy(update={"stakeholder_ids": ["sh_elsewhere" if i == "sh_rochdale" else i
                                                                for i in v.stakeholder_ids]})
                       for v in four.interviews]
    snapshot = (document.dumps(two), document.dumps(four))
    c = compare(two, four)
    assert (document.dumps(two), document.dumps(four)) == snapshot
    assert "Rochdale" not in names(c.parts["stakeholders"].added)


def test_question_change_is_reported(small_session):
    after = small_session.model_copy(deep=True)
    after.question.text = "Hoe houden we de wijk leefbaar?"
    assert compare(small_session, after).question == ("", "Hoe houden we de wijk leefbaar?")


def test_highlighted_maps_mark_each_side(small_session):
    after = small_session.model_copy(deep=True)
    after.stakeholders = [s for s in after.stakeholders if s.id != "sh_buurt"]
    after.relations = [r for r in after.relations if r.id != "re_1"]
    after.stakeholders.append(Stakeholder(id="sh_riec", name="RIEC"))
    after.stakeholders[0].influence = 1
    c = compare(small_session, after)
    before_nodes, before_edges = c.marks("before")
    after_nodes, after_edges = c.marks("after")
    assert before_nodes == {"sh_buurt": REMOVED, "sh_corp": CHANGED} and before_edges == {"re_1": REMOVED}
    assert after_nodes == {"sh_riec": ADDED, "sh_corp": CHANGED} and after_edges == {}

    a = vis_data(small_session)
    marked = highlighted(a, before_nodes, before_edges)
    node = {n["id"]: n for n in marked["nodes"]}
    assert node["sh_buurt"]["label"].startswith("− ")
    assert node["sh_buurt"]["color"]["border"] == MARK_COLOURS[REMOVED]
    assert node["sh_buurt"]["shapeProperties"]["borderDashes"]
    # The post-it keeps its cluster's colour inside the marked border.
    assert node["sh_buurt"]["color"]["background"] == "#0072b2"
    assert node["sh_corp"]["label"].startswith("✎ ")
    assert not node["sh_corp"]["shapeProperties"]["borderDashes"]
    assert "color" not in node["sh_zorg"] and node["sh_zorg"]["label"] == "Wijkteam"
    assert [e["dashes"] for e in marked["edges"] if e["id"] == "re_1"] == [[10, 6]]
    assert all("color" not in n for n in a["nodes"])  # the input stays unmarked

    b = highlighted(vis_data(after), after_nodes, after_edges)
    riec = next(n for n in b["nodes"] if n["id"] == "sh_riec")
    assert riec["label"].startswith("+ ") and riec["color"]["border"] == MARK_COLOURS[ADDED]


def test_cluster_rename_is_a_change_of_that_cluster(small_session):
    after = small_session.model_copy(deep=True)
    after.clusters[1] = Cluster(id="cl_zorg", name="Zorg en welzijn", colour="#e69f00")
    [ch] = compare(small_session, after).parts["clusters"].changed
    assert (ch.name, [(f.field, f.before, f.after) for f in ch.fields]) == (
        "Zorg en welzijn", [("name", "Zorg", "Zorg en welzijn")])


def _with_fresh_ids(doc):
    """doc as another session would hold it: every id new, every reference following."""
    new = {}
    for part in ("stakeholders", "clusters", "personas", "interviews", "relations"):
        for n, item in enumerate(getattr(doc, part)):
            new[(part, item.id)] = f"x{part[:2]}{n}"
    sh = {k[1]: v for k, v in new.items() if k[0] == "stakeholders"}
    cl = {k[1]: v for k, v in new.items() if k[0] == "clusters"}
    pe = {k[1]: v for k, v in new.items() if k[0] == "personas"}
    iv = {k[1]: v for k, v in new.items() if k[0] == "interviews"}
    re = {k[1]: v for k, v in new.items() if k[0] == "relations"}
    return doc.model_copy(update={
        "stakeholders": [s.model_copy(update={"id": sh[s.id], "cluster": cl.get(s.cluster)})
                         for s in doc.stakeholders],
        "clusters": [c.model_copy(update={"id": cl[c.id]}) for c in doc.clusters],
        "relations": [r.model_copy(update={"id": re[r.id], "source": sh[r.source], "target": sh[r.target]})
                      for r in doc.relations],
        "personas": [p.model_copy(update={"id": pe[p.id],
                                          "stakeholder_ids": [sh[i] for i in p.stakeholder_ids],
                                          "interview_ids": [iv[i] for i in p.interview_ids]})
                     for p in doc.personas],
        "interviews": [v.model_copy(update={"id": iv[v.id],
                                            "stakeholder_ids": [sh[i] for i in v.stakeholder_ids],
                                            "persona_ids": [pe[i] for i in v.persona_ids]})
                       for v in doc.interviews],
    })


@settings(max_examples=25, deadline=None)
@given(sessions())
def test_a_session_compared_with_itself_or_a_copy_under_new_ids_shows_no_change(doc):
    assert not compare(doc, doc)
    assert not compare(doc, _with_fresh_ids(doc))


@settings(max_examples=15, deadline=None)
@given(sessions(), sessions())
def test_every_item_is_matched_added_or_removed_exactly_once(a, b):
    c = compare(a, b)
    for part in ("stakeholders", "clusters", "personas", "relations"):
        p = c.parts[part]
        matched_in_a = len(getattr(a, part)) - len(p.removed)
        matched_in_b = len(getattr(b, part)) - len(p.added)
        assert matched_in_a == matched_in_b >= len(p.changed)
        assert len({e.id for e in p.added}) == len(p.added)
        assert {e.id for e in p.added} <= {i.id for i in getattr(b, part)}
        assert {e.id for e in p.removed} <= {i.id for i in getattr(a, part)}


def test_relations_match_across_sessions_by_their_matched_ends_and_kind(small_session):
    other = small_session.model_copy(deep=True)
    other.relations = [Relation(id="re_new", source="sh_buurt", target="sh_corp", kind="overlegt met",
                                strength=3),
                       *other.relations[1:]]
    [ch] = compare(small_session, other).parts["relations"].changed
    assert (ch.before_id, ch.after_id, [(f.field, f.before, f.after) for f in ch.fields]) == (
        "re_1", "re_new", [("strength", 2, 3)])
