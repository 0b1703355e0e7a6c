"""The session as a networkx graph, its simple projection, and the way back."""

from __future__ import annotations

import networkx as nx
import pytest

from werkatelier.document import WerkatelierError
from werkatelier.graph import from_graph, simple_graph, to_graph
from werkatelier.model import Relation, Session, Stakeholder


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


def test_round_trip_keeps_the_map(small_session):
    back = from_graph(to_graph(small_session))
    assert back.meta.title == small_session.meta.title
    assert [s.model_dump() for s in back.stakeholders] == [s.model_dump() for s in small_session.stakeholders]
    assert [r.model_dump() for r in back.relations] == [r.model_dump() for r in small_session.relations]
    assert [c.model_dump() for c in back.clusters] == [c.model_dump() for c in small_session.clusters]


def test_from_graph_reads_string_attributes_as_an_importer_gives_them():
    G = nx.DiGraph()
    G.add_node("n1", name="Gemeente", influence="5", kind="organisation", x="", y="")
    G.add_node("n2", name="Huurders", kind="group")
    G.add_edge("n1", "n2", kind="financiert", strength="3")
    doc = from_graph(G, title="Import")
    assert doc.stakeholders[0].influence == 5 and doc.stakeholders[0].x is None
    assert doc.relations[0].strength == 3 and doc.relations[0].directed is True


def test_from_graph_names_the_bad_node():
    G = nx.Graph()
    G.add_node("n1", name="Gemeente", influence="9")
    with pytest.raises(WerkatelierError, match="Node 'n1' is not a valid stakeholder") as err:
        from_graph(G)
    assert "influence" in str(err.value)


def test_from_graph_refuses_a_relation_to_itself():
    G = nx.MultiGraph()
    G.add_node("a", name="A")
    G.add_edge("a", "a")
    with pytest.raises(WerkatelierError, match="from 'a' to 'a'"):
        from_graph(G)


def test_node_fields_follow_the_model():
    G = to_graph(Session(meta={"title": "t"}, stakeholders=[Stakeholder(id="a", name="A")]))
    assert set(G.nodes["a"]) == set(Stakeholder.model_fields) - {"id"}
