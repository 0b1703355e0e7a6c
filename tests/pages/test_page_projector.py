"""The projector view: the map without the sidebar, confidential post-its left out, only moving allowed."""

from __future__ import annotations

import pytest
from pagetest import canvas_map, open_page, shown

from components import mapview, state
from werkatelier.store import FileStore


@pytest.fixture
def team6(root, team6_session) -> str:
    return FileStore(root).add(team6_session, keep_id=True).id


def test_the_room_sees_the_title_and_the_map_without_confidential_post_its(root, team6):
    at = open_page("projector", session_id=team6)
    doc = FileStore(root).get(team6)
    hidden = {s.id for s in doc.stakeholders if s.confidential}
    assert hidden  # the demo has some
    data = canvas_map(at, "projector_canvas")
    assert {n["id"] for n in data["nodes"]} == {s.id for s in doc.stakeholders} - hidden
    assert not any(e["from"] in hidden or e["to"] in hidden for e in data["edges"])
    assert "Team 6 – Werkatelier II" in shown(at)
    # Confidential names are nowhere in what the browser gets.
    names = {s.name for s in doc.stakeholders if s.confidential}
    text = repr(data) + shown(at)
    assert not [n for n in names if n in text]


def test_labels_keep_projector_size_and_only_the_zoom_tools_show(root, team6):
    at = open_page("projector", session_id=team6)
    data = canvas_map(at, "projector_canvas")
    assert min(n["font"]["size"] for n in data["nodes"]) >= 18
    # The first view never zooms out below 1:1, so those 18 px are 18 px on the screen.
    assert data["min_scale"] == 1.0
    assert data["tools"] == ["zoom_in", "zoom_out", "fit"]


def test_the_sidebar_is_hidden_and_a_link_leads_back_to_the_map(root, team6):
    at = open_page("projector", session_id=team6)
    css = next(m.value for m in at.markdown if "<style>" in m.value)
    assert '[data-testid="stSidebar"]' in css and "display: none" in css
    links = [e for e in at.main if getattr(e, "type", None) == "page_link"]
    assert [(e.proto.label, e.proto.page) for e in links] == [("Terug naar de kaart", "kaart")]


def test_the_legend_is_large_and_counts_only_what_is_shown(root, team6):
    at = open_page("projector", session_id=team6)
    doc = FileStore(root).get(team6)
    legend = next(m.value for m in at.markdown if "wa-legend" in m.value)
    assert "font-size:26px" in legend
    shown_total = sum(1 for s in doc.stakeholders if not s.confidential)
    counts = [int(chip.split(" · ")[1].split("<")[0]) for chip in legend.split("</span>")[:-1]]
    assert sum(counts) == shown_total


def test_a_post_it_dragged_on_the_projector_is_stored(root, team6):
    at = open_page("projector", session_id=team6)
    ctx = mapview.MapContext(store=FileStore(root), session_id=team6, history=at.session_state[state.UNDO],
                             memory={}, allow={"moved"})
    mapview.handle_event({"type": "moved", "positions": {"sh_rochdale": [12.0, 34.0]}}, ctx)
    at.run()
    node = next(n for n in canvas_map(at, "projector_canvas")["nodes"] if n["id"] == "sh_rochdale")
    assert (node["x"], node["y"]) == (12.0, 34.0)
    s = FileStore(root).get(team6).stakeholder("sh_rochdale")
    assert (s.x, s.y) == (12.0, 34.0)


def test_in_english(root, team6):
    at = open_page("projector", session_id=team6, lang="en")
    assert [e.proto.label for e in at.main if getattr(e, "type", None) == "page_link"] == ["Back to the map"]
    assert canvas_map(at, "projector_canvas")["labels"]["fit"] == "Show all"
