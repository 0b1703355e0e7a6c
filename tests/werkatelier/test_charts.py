"""werkatelier.charts: what the power-interest grid and the analysis tables hold."""

from __future__ import annotations

import json
import random

import pytest

from werkatelier import charts, palette, render
from werkatelier.analysis import HIGH_FROM, analyse, brokers, power_interest, quadrant, quadrant_names
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder


def values(spec, lay):
    """The rows a layer draws: its own, or the named dataset of the spec it refers to."""
    data = lay["data"]
    return spec["datasets"][data["name"]] if "name" in data else data["values"]


def layer(spec, mark=None, field=None):
    """The layers of a spec with this mark type, or whose data has this field."""
    return [lay for lay in spec["layer"]
            if (mark is None or lay["mark"]["type"] == mark)
            and (field is None or any(field in v for v in values(spec, lay)))]


def points(spec):
    circles = layer(spec, "circle")
    assert len(circles) == 1
    return values(spec, circles[0])


def test_every_stakeholder_is_on_the_grid_once_in_its_cluster_colour(team6_session):
    doc = team6_session
    spec = charts.power_interest_chart(doc, power_interest(doc), lang="nl")
    pts = points(spec)
    assert sorted(p["id"] for p in pts) == sorted(s.id for s in doc.stakeholders)
    colours = palette.cluster_colours(doc)
    names = {c.id: c.name for c in doc.clusters}
    by_id = {s.id: s for s in doc.stakeholders}
    for p in pts:
        s = by_id[p["id"]]
        assert p["name"] == s.name
        assert (p["colour"], p["cluster"]) == (colours[s.cluster], names[s.cluster])
        assert (p["influence"], p["interest"]) == (s.influence, s.interest)
    # The legend maps each cluster name to its colour and nothing else.
    scale = layer(spec, "circle")[0]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        names[c]: colours[c] for c in {s.cluster for s in doc.stakeholders}}
    # The labels show the names (cut to fit), the tooltip the whole one.
    labels = values(spec, layer(spec, "text", "label")[0])
    assert [lab["label"] for lab in labels] == [p["label"] for p in pts]
    assert all(p["name"].startswith(p["label"].rstrip("…")) for p in pts)


def test_the_quadrant_lines_sit_at_the_analysis_cut_off_and_the_quadrants_are_named():
    doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="A")])
    for lang in ("nl", "en"):
        spec = charts.power_interest_chart(doc, power_interest(doc), lang=lang)
        rules = [v for lay in layer(spec, "rule") if lay["mark"].get("strokeDash")
                 for v in values(spec, lay)]
        assert sorted(((r.get("x"), r.get("y")) for r in rules), key=str) == [
            (HIGH_FROM - 0.5, None), (None, HIGH_FROM - 0.5)]
        named = layer(spec, "text", "name")
        assert sorted(v["name"] for v in values(spec, named[0])) == sorted(quadrant_names(lang).values())


def test_each_point_stays_in_its_own_score_cell_and_on_the_right_side_of_the_lines(team6_session):
    doc = team6_session
    cut = HIGH_FROM - 0.5
    for p in charts.grid_points(doc, power_interest(doc), lang="en"):
        assert p["interest"] - 0.5 < p["x"] < p["interest"] + 0.5
        assert p["influence"] - 0.5 < p["y"] < p["influence"] + 0.5
        assert (p["x"] > cut, p["y"] > cut) == (p["interest"] >= HIGH_FROM, p["influence"] >= HIGH_FROM)
        assert p["quadrant"] == quadrant_names("en")[quadrant(p["influence"], p["interest"])]


def test_equal_scores_never_hide_each_other_and_the_places_do_not_depend_on_order():
    crowd = [Stakeholder(id=f"sh_{i:02d}", name=f"Partij {i}", influence=3, interest=3) for i in range(13)]
    doc = Session(meta=Meta(title="t"), stakeholders=crowd)
    pts = charts.grid_points(doc, power_interest(doc))
    assert len({(p["x"], p["y"]) for p in pts}) == 13
    assert all(2.5 < p["x"] < 3.5 and 2.5 < p["y"] < 3.5 for p in pts)
    shuffled = crowd[:]
    random.Random(4).shuffle(shuffled)
    again = charts.grid_points(Session(meta=Meta(title="t"), stakeholders=shuffled),
                               power_interest(Session(meta=Meta(title="t"), stakeholders=shuffled)))
    assert sorted((p["id"], p["x"], p["y"]) for p in again) == sorted((p["id"], p["x"], p["y"]) for p in pts)


def test_left_out_stakeholders_are_not_drawn_and_an_empty_map_draws_an_empty_grid(small_session):
    doc = small_session
    only = {k: v for k, v in power_interest(doc).items() if k != "sh_buurt"}
    assert sorted(p["id"] for p in points(charts.power_interest_chart(doc, only))) == ["sh_corp", "sh_zorg"]
    empty = Session(meta=Meta(title="t"))
    spec = charts.power_interest_chart(empty, power_interest(empty), lang="en")
    assert points(spec) == []
    assert len(values(spec, layer(spec, "text", "name")[0])) == 4


def test_unclustered_and_same_named_clusters_get_their_own_legend_entries():
    doc = Session(meta=Meta(title="t"),
                  clusters=[Cluster(id="a", name="Zorg"), Cluster(id="b", name="Zorg", colour="#d55e00")],
                  stakeholders=[Stakeholder(name="X", cluster="a"), Stakeholder(name="Y", cluster="b"),
                                Stakeholder(name="Z")])
    spec = charts.power_interest_chart(doc, power_interest(doc), lang="nl")
    scale = layer(spec, "circle")[0]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Zorg", "Zorg (2)", render.words("nl")["no_cluster"]]
    assert scale["range"] == ["#0072b2", "#d55e00", palette.NO_CLUSTER_COLOUR]


def test_the_spec_is_plain_inline_data_and_names_stay_text():
    doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="<img src=x onerror=alert(1)>")])
    spec = charts.power_interest_chart(doc, power_interest(doc))
    text = json.dumps(spec)
    assert "http" not in text and '"url"' not in text
    assert points(spec)[0]["name"] == "<img src=x onerror=alert(1)>"
    assert spec["usermeta"]["embedOptions"]["renderer"] == "svg"


# --- tables ---------------------------------------------------------------------------------------

def test_the_network_table_puts_the_biggest_broker_first(team6_session):
    doc = team6_session
    result = analyse(doc)
    rows = charts.network_rows(doc, result)
    assert sorted(r["id"] for r in rows) == sorted(s.id for s in doc.stakeholders)
    between = brokers(doc)
    top = max(between, key=lambda i: between[i]["betweenness"])
    assert rows[0]["id"] == top
    assert [r["betweenness"] for r in rows] == sorted((r["betweenness"] for r in rows), reverse=True)
    assert {r["id"] for r in rows if r["cut"]} == set(result["bridges"]["stakeholders"])
    assert all(r["worlds"] == len(between[r["id"]]["clusters"]) for r in rows)


def test_bridges_name_both_ends_and_their_kinds():
    doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id=i, name=i.upper()) for i in "abcd"],
                  relations=[Relation(source="a", target="b"), Relation(source="b", target="c"),
                             Relation(source="c", target="a"),
                             Relation(id="r_fin", source="c", target="d", kind="financiert"),
                             Relation(id="r_inf", source="d", target="c", kind="informeert", directed=True)])
    assert charts.bridge_rows(doc, analyse(doc)) == [
        {"a": "C", "b": "D", "kinds": "financiert, informeert", "relations": ["r_fin", "r_inf"]}]
    empty = Session(meta=Meta(title="t"))
    assert charts.bridge_rows(empty, analyse(empty)) == []
    assert charts.network_rows(empty, analyse(empty)) == []


def test_suggested_groups_stand_next_to_the_team_clusters(team6_session):
    doc = team6_session
    result = analyse(doc)
    rows = charts.suggestion_rows(doc, result)
    assert sorted(r["id"] for r in rows) == sorted(s.id for s in doc.stakeholders)
    names = {c.id: c.name for c in doc.clusters}
    by_id = {s.id: s for s in doc.stakeholders}
    membership = result["suggested_clusters"]["membership"]
    for r in rows:
        assert r["team_cluster"] == names[by_id[r["id"]].cluster]
        g = membership[r["id"]]
        assert r["group"] == (None if g is None else g + 1)
    groups = [r["group"] for r in rows if r["group"] is not None]
    assert groups == sorted(groups)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_summary_counts_everyone_once_per_category(team6_session, lang):
    doc = team6_session
    rows = charts.summary_rows(doc, analyse(doc), lang=lang)
    for part in ("clusters", "kinds", "quadrants", "attitudes"):
        assert sum(r["count"] for r in rows[part]) == len(doc.stakeholders)
    assert [r["label"] for r in rows["quadrants"]] == list(quadrant_names(lang).values())
    assert [r["label"] for r in rows["clusters"]] == [c.name for c in doc.clusters]
    assert len(rows["attitudes"]) == 5 and rows["attitudes"][0]["label"].startswith("+2")


def test_agreement_bands_follow_the_score():
    assert [charts.agreement_band(s) for s in (1.0, 0.95, 0.6, 0.59, 0.25, 0.0, -0.3, None)] == [
        "same", "same", "close", "partly", "partly", "different", "different", None]
