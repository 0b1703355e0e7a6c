"""The session as a networkx graph, its simple projection, and the way back."""

from __future__ import annotations

import pytest

from werkatelier.graph import simple_graph, to_graph
from werkatelier.model import Relation, Session


def test_nodes_carry_every_stakeholder_field(small_session):
    G = to_graph(small_session)
    assert set(G.nodes) == {"sh_corp", "sh_buurt", "sh_zorg"}
    corp = G.nodes["sh_corp"]
    assert (corp["name"], corp["cluster"], corp["influence"], corp["interest"], corp["attitude"]) == (
        "Woningcorporatie", "cl_wonen", 5, 4, 1)
    assert (G.nodes["sh_zorg"]["x"], G.nodes["sh_zorg"]["y"]) == (10.0, -20.0)
    assert G.nodes["sh_buurt"]["kind"] == "group"
    assert G.graph["clusters"]["cl_zorg"]["name"] == "Zorg"
    assert G.graph["title"] == "Kleine kaart"


def test_edges_keep_id_kind_direction_and_strength(small_session):
    G = to_graph(small_session)
    assert sorted(G.edges(keys=True)) == [("sh_corp", "sh_buurt", "re_1"), ("sh_corp", "sh_zorg", "re_2")]
    e = G.edges["sh_corp", "sh_zorg", "re_2"]
    assert (e["id"], e["kind"], e["directed"], e["strength"]) == ("re_2", "verwijst naar", True, 2)
    assert G.edges["sh_corp", "sh_buurt", "re_1"]["directed"] is False


def test_two_kinds_between_one_pair_stay_two_edges(small_session):
    small_session.relations.append(
        Relation(id="re_3", source="sh_buurt", target="sh_corp", kind="financiert", strength=3))
    G = to_graph(Session.model_validate(small_session.model_dump()))
    assert G.number_of_edges() == 3
    H = simple_graph(G)
    assert H.number_of_edges() == 2
    assert H.edges["sh_corp", "sh_buurt"]["weight"] == 2 + 3
    assert sorted(H.edges["sh_corp", "sh_buurt"]["relations"]) == ["re_1", "re_3"]
    assert H.edges["sh_corp", "sh_buurt"]["distance"] == pytest.approx(1 / 5)


def test_confidential_stakeholders_and_their_relations_can_be_left_out(small_session):
    small_session.stakeholders[2].confidential = True
    assert "sh_zorg" in to_graph(small_session)
    G = to_graph(small_session, include_confidential=False)
    assert set(G.nodes) == {"sh_corp", "sh_buurt"}
    assert [k for _u, _v, k in G.edges(keys=True)] == ["re_1"]


def test_empty_session_is_an_empty_graph(empty_session):
    G = to_graph(empty_session)
    assert G.number_of_nodes() == 0 and simple_graph(G).number_of_edges() == 0
