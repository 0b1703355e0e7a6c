"""What the analysis tells a team about its map."""

from __future__ import annotations

import json
import random
from fractions import Fraction

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from werkatelier import analysis, i18n
from werkatelier.analysis import (
    HIGH_FROM,
    NO_CLUSTER,
    QUADRANTS,
    adjusted_rand_index,
    analyse,
    betweenness,
    bridges,
    brokers,
    degree,
    isolated,
    power_interest,
    quadrant,
    quadrant_names,
    suggested_clusters,
    summary,
)
from werkatelier.graph import simple_graph, to_graph
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder


def two_worlds(team: dict[str, str] | None = None) -> Session:
    """Two tight groups of four, joined by one relation from w3 to z0."""
    clusters = [Cluster(id="wonen", name="Wonen"), Cluster(id="zorg", name="Zorg")]
    names = [f"w{i}" for i in range(4)] + [f"z{i}" for i in range(4)]
    if team is None:
        team = {n: ("wonen" if n[0] == "w" else "zorg") for n in names}
    stakeholders = [Stakeholder(id=n, name=n.upper(), cluster=team.get(n)) for n in names]
    relations = []
    for group in ("w", "z"):
        members = [n for n in names if n[0] == group]
        relations += [Relation(source=a, target=b, strength=3)
                      for i, a in enumerate(members) for b in members[i + 1:]]
    relations.append(Relation(id="re_brug", source="w3", target="z0", strength=1))
    return Session(meta=Meta(title="Twee werelden"), clusters=clusters, stakeholders=stakeholders,
                   relations=relations)


# --- empty and single ---------------------------------------------------------------------------

def test_empty_session_gives_empty_answers(empty_session):
    result = analyse(empty_session)
    assert result["suggested_clusters"] == {"clusters": [], "membership": {}, "agreement": None,
                                            "modularity": 0.0}
    assert result["brokers"] == {} and result["degree"] == {} and result["isolated"] == {}
    assert result["bridges"] == {"relations": {}, "stakeholders": []}
    assert result["summary"]["stakeholders"] == 0
    assert result["summary"]["quadrants"] == dict.fromkeys(QUADRANTS, 0)


def test_one_stakeholder_is_isolated_and_alone():
    doc = Session(meta=Meta(title="Een"), stakeholders=[Stakeholder(id="a", name="Alleen")])
    result = analyse(doc)
    assert result["isolated"] == {"a": "Alleen"}
    assert result["suggested_clusters"]["clusters"] == []
    assert result["suggested_clusters"]["membership"] == {"a": None}
    assert result["brokers"]["a"] == {"betweenness": 0.0, "clusters": [], "between_worlds": False}
    assert result["degree"]["a"] == {"linked": 0, "relations": 0, "incoming": 0, "outgoing": 0}


# --- the small map ------------------------------------------------------------------------------

def test_quadrants_of_the_small_map(small_session):
    pi = power_interest(small_session)
    assert {sid: v["quadrant"] for sid, v in pi.items()} == {
        "sh_corp": "manage_closely", "sh_buurt": "keep_informed", "sh_zorg": "monitor"}
    assert pi["sh_corp"]["influence"] == 5


def test_summary_counts_every_category(small_session):
    s = summary(small_session)
    assert s["stakeholders"] == 3 and s["relations"] == 2 and s["isolated"] == 0
    assert s["clusters"] == {"cl_wonen": 2, "cl_zorg": 1, NO_CLUSTER: 0}
    assert s["kinds"] == {"person": 0, "organisation": 2, "group": 1}
    assert s["quadrants"] == {"manage_closely": 1, "keep_satisfied": 0, "keep_informed": 1, "monitor": 1}
    assert s["attitudes"] == {"-2": 0, "-1": 0, "0": 1, "1": 1, "2": 1}


def test_the_corporation_sits_between_housing_and_care(small_session):
    b = brokers(small_session)
    assert b["sh_corp"] == {"betweenness": 1.0, "clusters": ["cl_wonen", "cl_zorg"], "between_worlds": True}
    assert b["sh_buurt"]["between_worlds"] is False and b["sh_buurt"]["betweenness"] == 0.0


def test_in_a_tree_every_relation_is_a_bridge(small_session):
    assert bridges(small_session) == {
        "relations": {"re_1": ["sh_corp", "sh_buurt"], "re_2": ["sh_corp", "sh_zorg"]},
        "stakeholders": ["sh_corp"]}


def test_degree_counts_relations_and_direction(small_session):
    small_session.relations.append(
        Relation(id="re_3", source="sh_buurt", target="sh_corp", kind="financiert", directed=True))
    doc = Session.model_validate(small_session.model_dump())
    d = degree(doc)
    assert d["sh_corp"] == {"linked": 2, "relations": 3, "incoming": 1, "outgoing": 1}
    assert d["sh_zorg"] == {"linked": 1, "relations": 1, "incoming": 1, "outgoing": 0}


def test_isolated_lists_names(small_session):
    small_session.stakeholders.append(Stakeholder(id="sh_los", name="Losse eindjes"))
    assert isolated(small_session) == {"sh_los": "Losse eindjes"}


def test_confidential_stakeholders_leave_the_analysis_when_asked(small_session):
    small_session.stakeholders[0].confidential = True
    result = analyse(to_graph(small_session, include_confidential=False))
    assert set(result["degree"]) == {"sh_buurt", "sh_zorg"}
    assert result["isolated"] == {"sh_buurt": "Bewonerscommissie", "sh_zorg": "Wijkteam"}


def test_results_are_plain_json(small_session):
    result = analyse(small_session, seed=3)
    assert json.loads(json.dumps(result)) == result


# --- suggested clusters -------------------------------------------------------------------------

def test_two_worlds_are_found_and_agree_with_the_team():
    s = suggested_clusters(two_worlds())
    assert [c["members"] for c in s["clusters"]] == [["w0", "w1", "w2", "w3"], ["z0", "z1", "z2", "z3"]]
    assert [(c["team_cluster"], c["share"]) for c in s["clusters"]] == [("wonen", 1.0), ("zorg", 1.0)]
    assert s["agreement"] == 1.0
    assert s["modularity"] > 0.3


def test_a_scrambled_team_grouping_agrees_less():
    scrambled = {"w0": "wonen", "w1": "zorg", "w2": "wonen", "w3": "zorg",
                 "z0": "wonen", "z1": "zorg", "z2": "wonen", "z3": "zorg"}
    assert suggested_clusters(two_worlds(scrambled))["agreement"] < 0.1


def test_agreement_is_none_without_team_clusters():
    doc = two_worlds({})
    assert suggested_clusters(doc)["agreement"] is None


def test_the_bridge_between_worlds_is_found():
    doc = two_worlds()
    assert bridges(doc) == {"relations": {"re_brug": ["w3", "z0"]}, "stakeholders": ["w3", "z0"]}
    b = brokers(doc)
    assert {sid for sid, v in b.items() if v["between_worlds"]} == {"w3", "z0"}
    assert max(b, key=lambda sid: b[sid]["betweenness"]) in {"w3", "z0"}


def random_map(n: int, m: int, rnd: random.Random) -> nx.Graph:
    G = nx.gnm_random_graph(n, m, seed=rnd.randrange(10**6))
    G = nx.relabel_nodes(G, {i: f"s{i}" for i in G})
    nx.set_node_attributes(G, {v: rnd.choice(["a", "b", "c"]) for v in G}, "cluster")
    return G


def test_same_seed_same_suggestion_and_default_is_stable():
    G = random_map(120, 300, random.Random(1))
    assert suggested_clusters(G, seed=7) == suggested_clusters(G, seed=7)
    assert suggested_clusters(G) == suggested_clusters(G)


def exact_networkx(H: nx.Graph) -> dict[str, float]:
    """networkx's own betweenness, with each length 1/weight as an exact fraction: the reference."""
    F = H.copy()
    for _u, _v, e in F.edges(data=True):
        e["exact"] = Fraction(1, e["weight"])
    return nx.betweenness_centrality(F, weight="exact", normalized=True)


@st.composite
def weighted_maps(draw) -> nx.MultiDiGraph:
    """Maps as to_graph makes them: up to 30 stakeholders, relations of strength 1-3, several per
    pair at times (their strengths add up), directed or not, some stakeholders alone."""
    n = draw(st.integers(0, 30))
    G = nx.MultiDiGraph()
    G.add_nodes_from(f"s{i}" for i in range(n))
    if n >= 2:
        ends = st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1])
        for k, ((a, b), strength, directed) in enumerate(draw(st.lists(
                st.tuples(ends, st.integers(1, 3), st.booleans()), max_size=3 * n))):
            G.add_edge(f"s{a}", f"s{b}", f"re_{k}", strength=strength, directed=directed)
    return G


@settings(max_examples=300, deadline=None)
@given(weighted_maps())
def test_betweenness_is_networkx_exact_value(G):
    H = simple_graph(G)
    reference = exact_networkx(H)
    got = brokers(G)
    assert set(got) == set(reference)
    for node, value in reference.items():
        assert got[node]["betweenness"] == pytest.approx(float(value), abs=1e-6)


@settings(max_examples=100, deadline=None)
@given(weighted_maps())
def test_betweenness_matches_networkx_where_every_tie_is_plain(G):
    # With every relation of one strength all lengths are whole multiples of one step, so
    # networkx's floating point finds every tie too: its everyday call gives the same values.
    for _u, _v, e in G.edges(data=True):
        e["strength"] = 2
    H = simple_graph(G)
    plain = nx.betweenness_centrality(H, weight="distance", normalized=True)
    mine = betweenness(H)
    assert all(mine[node] == pytest.approx(plain[node], abs=1e-6) for node in H)


@settings(max_examples=150, deadline=None)
@given(weighted_maps(), st.randoms(use_true_random=False))
def test_parts_counted_before_give_the_exact_values_again_after_a_change(G, rnd):
    # Every part of three or more is remembered here (on a real map only big ones are): the
    # counts of the parts a change did not touch come from memory, the rest are counted again.
    kept = analysis.REMEMBER_PARTS_FROM
    analysis.REMEMBER_PARTS_FROM = 3
    try:
        for _ in range(3):
            got, reference = brokers(G), exact_networkx(simple_graph(G))
            assert all(got[node]["betweenness"] == pytest.approx(float(v), abs=1e-6)
                       for node, v in reference.items())
            nodes = list(G)
            if len(nodes) < 2:
                break
            a, b = rnd.sample(nodes, 2)
            G.add_edge(a, b, f"re_new_{len(G.edges)}", strength=rnd.randint(1, 3))
    finally:
        analysis.REMEMBER_PARTS_FROM = kept


def test_a_part_a_new_relation_did_not_touch_is_not_counted_again(monkeypatch):
    import igraph

    G = nx.MultiDiGraph()  # two parts of 150, each a ring with chords across
    for part in "ab":
        for i in range(150):
            G.add_edge(f"{part}{i}", f"{part}{(i + 1) % 150}", f"re_{part}{i}", strength=2)
            G.add_edge(f"{part}{i}", f"{part}{(i * 7 + 3) % 150}", f"re_{part}{i}x", strength=2)
    assert nx.number_connected_components(simple_graph(G)) == 2
    before = brokers(G)
    counted = []
    real = igraph.Graph.betweenness

    def counting(self, *args, **kwargs):
        counted.append(min(self.vs["node"]))
        return real(self, *args, **kwargs)
    monkeypatch.setattr(igraph.Graph, "betweenness", counting)
    assert brokers(G) == before and counted == []  # nothing changed: nothing counted
    G.add_edge("a0", "a75", "re_new", strength=3)
    after = brokers(G)
    assert counted == ["a0"]  # only the part the relation is in
    assert after != before
    assert {n: v for n, v in after.items() if n[0] == "b"} == {n: v for n, v in before.items() if n[0] == "b"}
    reference = exact_networkx(simple_graph(G))
    assert all(after[n]["betweenness"] == pytest.approx(float(v), abs=1e-6) for n, v in reference.items())


def test_two_equally_short_ways_share_the_credit():
    # From s1 to s3: directly (strength 1, length 1) or around through s0 and s2 (1/2 + 1/3 + 1/6,
    # also 1). In floating point the way around adds up to 0.9999999999999999, and networkx gives
    # it all the credit (s0 at 0.583); counted exactly, the two ways share it.
    G = nx.MultiDiGraph()
    for k, (a, b, strength) in enumerate([(0, 1, 2), (0, 2, 3), (1, 3, 1), (2, 3, 6)]):
        G.add_edge(f"s{a}", f"s{b}", f"re_{k}", strength=strength)
    b = brokers(G)
    assert {n: v["betweenness"] for n, v in b.items()} == {"s0": 0.5, "s1": 0.0, "s2": 0.5, "s3": 0.0}
    assert exact_networkx(simple_graph(G))["s0"] == Fraction(1, 2)


def test_a_big_map_is_counted_exactly_not_sampled():
    # A line of 1,500 post-its, above the thousand where betweenness used to be sampled: the
    # i-th has i post-its on one side and n-1-i on the other, so i(n-1-i) pairs pass through it.
    n = 1500
    G = nx.path_graph([f"s{i}" for i in range(n)])
    b = brokers(G)
    assert all(b[f"s{i}"]["betweenness"] == pytest.approx(2 * i * (n - 1 - i) / ((n - 1) * (n - 2)), abs=1e-6)
               for i in range(n))


@settings(max_examples=200, deadline=None)
@given(weighted_maps())
def test_bridges_and_cut_stakeholders_are_the_ones_networkx_finds(G):
    H = simple_graph(G)
    got = bridges(G)
    expected = {rid: {u, v} for u, v in nx.bridges(H) for rid in H.edges[u, v]["relations"]}
    assert {rid: set(ends) for rid, ends in got["relations"].items()} == expected
    assert set(got["stakeholders"]) == set(nx.articulation_points(H))


@settings(max_examples=100, deadline=None)
@given(weighted_maps())
def test_the_suggestions_modularity_is_networkx_reading_of_the_same_groups(G):
    H = simple_graph(G)
    s = suggested_clusters(G)
    groups = [c["members"] for c in s["clusters"]] + [[n] for n, g in s["membership"].items() if g is None]
    assert sorted(n for g in groups for n in g) == sorted(H)
    expected = nx.community.modularity(H, groups, weight="weight") if H.number_of_edges() else 0.0
    assert abs(s["modularity"] - expected) <= 0.0005 + 1e-9


@settings(max_examples=100, deadline=None)
@given(weighted_maps())
def test_the_stakeholders_alone_are_networkxs_isolates(G):
    alone = set(nx.isolates(G))
    result = analyse(G)
    assert set(result["isolated"]) == alone == set(isolated(G))
    assert result["summary"]["isolated"] == len(alone) == summary(G)["isolated"]


def test_planted_groups_are_found():
    # Four groups of ten, tightly knit inside, a few ties between them.
    G = nx.planted_partition_graph(4, 10, 0.8, 0.02, seed=3)
    G = nx.relabel_nodes(G, {i: f"s{i:02d}" for i in G})
    nx.set_node_attributes(G, {v: f"c{int(v[1:]) // 10}" for v in G}, "cluster")
    s = suggested_clusters(G)
    assert sorted(sorted(c["members"]) for c in s["clusters"]) == [[f"s{i:02d}" for i in range(k, k + 10)]
                                                                   for k in range(0, 40, 10)]
    assert s["agreement"] == 1.0


def test_the_suggestion_neither_depends_on_nor_disturbs_pythons_random_numbers():
    G = random_map(200, 500, random.Random(5))
    random.seed(11)
    first, after_first = suggested_clusters(G), random.random()
    random.seed(99)
    random.random()
    assert suggested_clusters(G) == first
    random.seed(11)
    assert random.random() == after_first  # the suggestion drew none of Python's numbers


# --- adjusted Rand index, against published values ----------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    ([0, 0, 1, 1], [0, 0, 1, 1], 1.0),
    ([0, 0, 1, 1], [1, 1, 0, 0], 1.0),
    ([0, 0, 1, 2], [0, 0, 1, 1], 0.571428),
    ([0, 0, 1, 1], [0, 1, 0, 1], -0.5),
    ([0, 0, 0, 0], [0, 1, 2, 3], 0.0),
])
def test_adjusted_rand_index_matches_scikit_learn_examples(a, b, expected):
    got = adjusted_rand_index(dict(enumerate(a)), dict(enumerate(b)))
    assert got == pytest.approx(expected, abs=1e-6)


@given(st.lists(st.integers(0, 4), min_size=2, max_size=30), st.randoms(use_true_random=False))
def test_adjusted_rand_index_ignores_label_names_and_order(labels, rnd):
    a = dict(enumerate(labels))
    renamed = {i: f"c{(v * 7 + 3) % 11}" for i, v in a.items()}
    assert adjusted_rand_index(a, renamed) == pytest.approx(1.0)
    b = {i: rnd.randrange(3) for i in a}
    assert adjusted_rand_index(a, b) == pytest.approx(adjusted_rand_index(b, a))
    assert adjusted_rand_index(a, b) <= 1.0 + 1e-9


# --- the quadrant rule --------------------------------------------------------------------------

def test_quadrant_rule_over_the_whole_grid():
    for inf in range(1, 6):
        for intr in range(1, 6):
            q = quadrant(inf, intr)
            high = (inf >= HIGH_FROM, intr >= HIGH_FROM)
            assert q == {(True, True): "manage_closely", (True, False): "keep_satisfied",
                         (False, True): "keep_informed", (False, False): "monitor"}[high]


def test_every_quadrant_has_a_dutch_and_an_english_name_from_the_locale_files():
    for lang in ("nl", "en"):
        names = quadrant_names(lang)
        assert list(names) == list(QUADRANTS)
        assert [names[q] for q in QUADRANTS] == [i18n.catalogue(lang)[f"quadrant.{q}"] for q in QUADRANTS]
        assert len(set(names.values())) == len(QUADRANTS)
    assert quadrant_names("nl")["manage_closely"] == "Nauw betrekken"
    assert quadrant_names("en")["keep_satisfied"] == "Keep satisfied"


# --- the key a cache of the analysis is kept under ----------------------------------------------

def test_a_move_keeps_the_fingerprint_and_the_figures(small_session):
    from werkatelier.ops import MoveStakeholders
    from werkatelier.store import next_revision

    moved, _, _ = next_revision(small_session, MoveStakeholders(
        positions={"sh_corp": (1234.5, -77.0), "sh_buurt": None}))
    assert analysis.fingerprint(moved) == analysis.fingerprint(small_session)
    assert analyse(moved) == analyse(small_session)


@pytest.mark.parametrize("op", [
    {"op": "update_stakeholder", "args": {"id": "sh_corp", "changes": {"influence": 1}}},
    {"op": "update_stakeholder", "args": {"id": "sh_corp", "changes": {"name": "Corporatie"}}},
    {"op": "update_stakeholder", "args": {"id": "sh_corp", "changes": {"confidential": True}}},
    {"op": "assign_clusters", "args": {"ids": ["sh_zorg"], "cluster": "cl_wonen"}},
    {"op": "add_stakeholder", "args": {"name": "Nieuw", "x": 0, "y": 0}},
    {"op": "connect", "args": {"source": "sh_buurt", "target": "sh_zorg"}},
    {"op": "update_relation", "args": {"id": "re_1", "changes": {"strength": 3}}},
    {"op": "rename_cluster", "args": {"id": "cl_zorg", "name": "Welzijn"}},
])
def test_what_the_analysis_reads_changes_the_fingerprint(small_session, op):
    from werkatelier.ops import operation_from_record
    from werkatelier.store import next_revision

    changed, _, _ = next_revision(small_session, operation_from_record(op))
    assert analysis.fingerprint(changed) != analysis.fingerprint(small_session)


def test_leaving_out_confidential_items_is_another_fingerprint(small_session):
    assert (analysis.fingerprint(small_session, include_confidential=False)
            != analysis.fingerprint(small_session))


# --- the remembered key: what the page asks on every rerun --------------------------------------

def test_remembered_keys_are_the_fingerprint_after_a_move_and_after_any_change(small_session):
    from werkatelier.ops import MoveStakeholders, operation_from_record
    from werkatelier.store import next_revision

    keys = analysis.Fingerprints()
    assert keys(small_session) == analysis.fingerprint(small_session)
    moved, _, _ = next_revision(small_session, MoveStakeholders(
        positions={"sh_corp": (1234.5, -77.0), "sh_buurt": None}))
    assert keys(moved) == analysis.fingerprint(small_session)
    for op in ({"op": "update_stakeholder", "args": {"id": "sh_corp", "changes": {"influence": 1}}},
               {"op": "connect", "args": {"source": "sh_buurt", "target": "sh_zorg"}},
               {"op": "rename_cluster", "args": {"id": "cl_zorg", "name": "Welzijn"}}):
        changed, _, _ = next_revision(moved, operation_from_record(op))
        assert keys(changed) == analysis.fingerprint(changed) != analysis.fingerprint(moved)
        assert keys(moved) == analysis.fingerprint(moved)  # and back again
    assert keys(moved, include_confidential=False) == analysis.fingerprint(moved, include_confidential=False)


def test_a_move_is_not_hashed_again_but_a_move_and_an_edit_at_once_is(small_session, monkeypatch):
    from werkatelier.ops import MoveStakeholders
    from werkatelier.store import next_revision

    keys = analysis.Fingerprints()
    first = keys(small_session)
    hashed = []
    real = analysis.fingerprint
    monkeypatch.setattr(analysis, "fingerprint", lambda *a, **k: hashed.append(1) or real(*a, **k))
    moved, _, _ = next_revision(small_session, MoveStakeholders(positions={"sh_corp": (5.0, 5.0)}))
    assert keys(moved) == first and hashed == []
    one = moved.stakeholders[0]
    both = moved.model_copy(update={"stakeholders": [one.model_copy(update={"x": 1.0, "interest": 1}),
                                                     *moved.stakeholders[1:]]})
    assert keys(both) == real(both) != first and hashed == [1]


def test_a_layout_of_the_whole_map_keeps_its_key():
    from sessions import big_map
    from werkatelier.ops import MoveStakeholders
    from werkatelier.store import next_revision

    doc = big_map(200)
    keys = analysis.Fingerprints()
    before = keys(doc)
    everyone = {s.id: (float(i), 2.0 * i) for i, s in enumerate(doc.stakeholders)}
    laid_out, _, _ = next_revision(doc, MoveStakeholders(positions=everyone))
    assert keys(laid_out) == before == analysis.fingerprint(laid_out)


def test_the_collector_is_held_off_while_analysing_and_left_as_it_was_after():
    import gc

    assert gc.isenabled()
    with analysis.collector_paused():
        assert not gc.isenabled()
        with analysis.collector_paused():  # a second caller (another browser) at the same time
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        analyse(two_worlds())
        assert not gc.isenabled()  # whoever switched it off keeps it off
    finally:
        gc.enable()
