"""The analysis page: the named quadrants and the grid, the brokers, bridges and loners, the suggestions."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from pagetest import open_page, shown

from werkatelier import i18n
from werkatelier.analysis import brokers, quadrant_names
from werkatelier.model import Relation, Stakeholder
from werkatelier.ops import Connect, MoveStakeholders, UpdateStakeholder
from werkatelier.store import FileStore


def grid(at) -> dict:
    """The grid's spec as the browser gets it, its named datasets (sent as Arrow) back in as rows."""
    charts = at.get("vega_lite_chart")
    assert len(charts) == 1
    spec = json.loads(charts[0].proto.spec)
    spec["datasets"] = {d.name: pa.ipc.open_stream(d.data.data).read_all().to_pylist()
                        for d in charts[0].proto.datasets}
    return spec


def values(spec: dict, lay: dict) -> list[dict]:
    """The rows a layer draws: its own, or the named dataset it refers to."""
    data = lay["data"]
    return spec["datasets"][data["name"]] if "name" in data else data["values"]


def drawn(at) -> list[str]:
    spec = grid(at)
    return [p["name"] for lay in spec["layer"] if lay["mark"]["type"] == "circle" for p in values(spec, lay)]


#: The page's tables by their columns (st.dataframe only carries a key when rows can be selected).
TABLES = {"brokers": ["name", "cluster", "betweenness", "worlds", "linked", "relations", "cut"],
          "bridges": ["a", "b", "kinds"], "suggested": ["name", "team_cluster", "suggested"]}
SUMMARY = ("clusters", "kinds", "quadrants", "attitudes")
#: The page's tabs in order, by their label's key; only the open one is drawn.
TABS = {"grid": "analysis.tab_grid", "brokers": "analysis.tab_brokers", "summary": "analysis.tab_summary",
        "suggested": "analysis.tab_suggested"}


def on_tab(at, name: str, lang: str = "nl"):
    """The page with another tab opened, as a click on it does (the tab reruns the page)."""
    at.session_state["analysis_tab"] = i18n.t(TABS[name], lang)
    at.run()
    assert not at.exception, at.exception
    return at


def open_tab(sid: str, name: str, lang: str = "nl"):
    return open_page("analysis", session_id=sid, lang=lang, analysis_tab=i18n.t(TABS[name], lang))


def frame(at, name):
    frames = [d.value for d in at.dataframe]
    if name in SUMMARY:
        return [f for f in frames if list(f.columns) == ["label", "count"]][SUMMARY.index(name)]
    found = [f for f in frames if list(f.columns) == TABLES[name]]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_grid_names_the_four_quadrants_and_draws_every_stakeholder(root, team6_session, lang):
    sid = FileStore(root).add(team6_session, keep_id=True).id
    at = open_page("analysis", session_id=sid, lang=lang)
    page = shown(at)
    for name in quadrant_names(lang).values():
        assert name in page
    spec = grid(at)
    names_in_grid = [values(spec, lay) for lay in spec["layer"] if lay["mark"]["type"] == "text"
                     and "name" in values(spec, lay)[0] and "id" not in values(spec, lay)[0]]
    quadrant_labels = [v["name"] for v in names_in_grid[0]]
    assert sorted(quadrant_labels) == sorted(quadrant_names(lang).values())
    assert sorted(drawn(at)) == sorted(s.name for s in team6_session.stakeholders)
    # Each quadrant box lists its stakeholders, e.g. the mayor under high influence, low interest.
    assert "Burgemeester" in page


def test_the_broker_table_starts_with_who_sits_most_between_the_worlds(root, team6_session):
    sid = FileStore(root).add(team6_session, keep_id=True).id
    at = open_tab(sid, "brokers")
    assert "Wie zit tussen de werelden?" in shown(at)
    between = brokers(team6_session)
    top = max(between, key=lambda i: between[i]["betweenness"])
    table = frame(at, "brokers")
    assert table["name"].iloc[0] == team6_session.stakeholder(top).name
    assert len(table) == len(team6_session.stakeholders)
    assert "is een relatie die, als hij wegvalt, het netwerk in twee stukken splitst" in shown(at)
    bridges = frame(at, "bridges")
    assert len(bridges) > 0 and set(bridges.columns) == {"a", "b", "kinds"}
    assert "Iedereen is met minstens één ander verbonden." in shown(at)


def test_stakeholders_without_any_relation_are_listed_as_connected_to_nobody(root, small_session):
    doc = small_session.model_copy(update={"stakeholders": [
        *small_session.stakeholders, Stakeholder(id="sh_los", name="Huurdersvereniging Oost")]})
    sid = FileStore(root).add(doc, keep_id=True).id
    at = open_tab(sid, "brokers", "en")
    page = shown(at)
    assert "Connected to nobody" in page
    assert "These stakeholders have no relation yet" in page
    assert "Huurdersvereniging Oost" in page
    assert "Everyone is linked" not in page


def test_confidential_stakeholders_count_until_the_box_is_unticked(root, team6_session):
    secret = [s.name for s in team6_session.stakeholders if s.confidential]
    assert secret
    sid = FileStore(root).add(team6_session, keep_id=True).id
    at = open_page("analysis", session_id=sid)
    box = at.checkbox(key="analysis_confidential")
    assert box.value is True
    assert set(secret) <= set(drawn(at))
    box.uncheck().run()
    assert not set(secret) & set(drawn(at))
    assert len(drawn(at)) == len(team6_session.stakeholders) - len(secret)
    assert not set(secret) & set(frame(on_tab(at, "brokers"), "brokers")["name"])


def test_suggested_groups_stand_next_to_the_teams_clusters_with_the_agreement_explained(root, team6_session):
    sid = FileStore(root).add(team6_session, keep_id=True).id
    at = open_tab(sid, "suggested")
    page = shown(at)
    assert "Overeenkomst met jullie clusters:" in page
    assert "0 is niet beter dan toeval" in page
    table = frame(at, "suggested")
    assert list(table.columns) == ["name", "team_cluster", "suggested"]
    clusters = {c.id: c.name for c in team6_session.clusters}
    team = {s.name: clusters[s.cluster] for s in team6_session.stakeholders}
    assert dict(zip(table["name"], table["team_cluster"], strict=True)) == team
    assert table["suggested"].str.startswith(("Groep ", "Past in geen groep")).all()
    assert [link.proto.page for link in at.get("page_link") if "stakeholderkaart" in link.proto.label.lower()]


def test_the_summary_counts_per_cluster_kind_quadrant_and_attitude(root, small_session):
    sid = FileStore(root).add(small_session, keep_id=True).id
    at = open_tab(sid, "summary", "en")
    clusters = frame(at, "clusters")
    assert dict(zip(clusters["label"], clusters["count"], strict=True)) == {"Wonen": 2, "Zorg": 1}
    quadrants = frame(at, "quadrants")
    assert dict(zip(quadrants["label"], quadrants["count"], strict=True)) == {
        "Manage closely": 1, "Keep satisfied": 0, "Keep informed": 1, "Monitor": 1}
    for part in ("kinds", "attitudes"):
        assert frame(at, part)["count"].sum() == 3


def test_an_empty_map_says_where_to_start(root, empty_session):
    sid = FileStore(root).add(empty_session, keep_id=True).id
    at = open_page("analysis", session_id=sid)
    assert "Er staan nog geen stakeholders op de kaart" in shown(at)
    assert at.get("vega_lite_chart") == []


def test_a_new_relation_shows_in_the_analysis_at_once(root, small_session):
    store = FileStore(root)
    sid = store.add(small_session, keep_id=True).id
    at = open_tab(sid, "brokers", "en")
    before = frame(at, "brokers")
    assert dict(zip(before["name"], before["linked"], strict=True))["Wijkteam"] == 1
    store.apply(sid, Connect(relation=Relation(source="sh_buurt", target="sh_zorg", kind="kent")))
    at.run()
    after = frame(at, "brokers")
    assert dict(zip(after["name"], after["linked"], strict=True))["Wijkteam"] == 2


def test_a_move_reuses_the_analysis_and_an_edit_recomputes_it(root, small_session, monkeypatch):
    import streamlit as st

    from werkatelier import analysis, charts

    st.cache_resource.clear()  # another test may have analysed this very map
    runs, drawn_again = [], []
    real, real_chart = analysis.analyse, charts.power_interest_chart
    monkeypatch.setattr(analysis, "analyse", lambda *a, **k: runs.append(1) or real(*a, **k))
    monkeypatch.setattr(charts, "power_interest_chart",
                        lambda *a, **k: drawn_again.append(1) or real_chart(*a, **k))
    store = FileStore(root)
    sid = store.add(small_session, keep_id=True).id
    at = open_page("analysis", session_id=sid, lang="en")
    before = every_tab(at)
    assert len(runs) == 1
    store.apply(sid, MoveStakeholders(positions={"sh_buurt": (512.0, -40.0), "sh_zorg": None}))
    at.run()
    assert len(runs) == 1, "a move recomputed the analysis"
    assert len(drawn_again) == 1, "a move redrew the grid"
    # The kept results are handed out as they are: the page must have changed nothing in them.
    assert every_tab(at) == before
    assert len(runs) == 1 and len(drawn_again) == 1, "opening a tab recomputed the analysis"
    store.apply(sid, UpdateStakeholder(id="sh_buurt", changes={"influence": 5, "interest": 5}))
    at.run()
    assert len(runs) == 2 and len(drawn_again) == 2
    quadrants = frame(on_tab(at, "summary", "en"), "quadrants")
    assert dict(zip(quadrants["label"], quadrants["count"], strict=True))["Manage closely"] == 2


def every_tab(at, lang: str = "en") -> dict[str, object]:
    """What each tab shows, opened in turn: its text, the grid's spec and the tables as rows."""
    seen: dict[str, object] = {}
    for name in TABS:
        on_tab(at, name, lang)
        seen[name] = (shown(at), [grid(at)] if at.get("vega_lite_chart") else [],
                      [d.value.to_dict("records") for d in at.dataframe])
    return seen


def test_only_the_open_tab_is_drawn(root, small_session):
    sid = FileStore(root).add(small_session, keep_id=True).id
    at = open_page("analysis", session_id=sid, lang="en")
    # The grid opens first; the other tabs' tables and texts are not sent until they are opened.
    assert len(at.get("vega_lite_chart")) == 1 and len(at.dataframe) == 0
    assert "Who sits between the worlds?" not in shown(at)
    on_tab(at, "brokers", "en")
    assert at.get("vega_lite_chart") == [] and "Who sits between the worlds?" in shown(at)
    assert [list(d.value.columns) for d in at.dataframe] == [TABLES["brokers"], TABLES["bridges"]]
    on_tab(at, "summary", "en")
    assert [list(d.value.columns) for d in at.dataframe] == [["label", "count"]] * 4
    on_tab(at, "suggested", "en")
    assert [list(d.value.columns) for d in at.dataframe] == [TABLES["suggested"]]


def test_a_crowded_quadrant_lists_a_hundred_names_and_says_how_many_more(root):
    from werkatelier.model import Meta, Session

    people = [Stakeholder(id=f"sh_{i:03}", name=f"Bewoner {i:03}", influence=1, interest=1)
              for i in range(130)]
    people.append(Stakeholder(id="sh_boss", name="Wethouder", influence=5, interest=1))
    sid = FileStore(root).add(Session(meta=Meta(title="Drukke buurt"), stakeholders=people)).id
    at = open_page("analysis", session_id=sid)
    page = shown(at)
    # Monitor holds 130: the first hundred in alphabetical order, then the count of the rest.
    assert "Bewoner 099 … en nog 30 anderen" in page and "Bewoner 100" not in page
    assert "Bewoner 000 · Bewoner 001" in page
    # Keep satisfied holds one, listed whole.
    assert "Wethouder" in page and "en nog 1 andere" not in page
    # The grid still draws every one of them.
    assert len(drawn(at)) == 131
