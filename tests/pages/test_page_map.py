"""The map page: quick add, the edit panel, clusters, the suggestion, the table, canvas events and undo."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
from pagetest import canvas_map, open_page, shown
from streamlit.testing.v1 import AppTest

from components import mapview, state
from components.canvas import canvas_payload
from werkatelier import analysis, geometry, layout, mapedit, palette, undo
from werkatelier.document import WerkatelierError
from werkatelier.model import Session
from werkatelier.ops import MoveStakeholders, UpdateStakeholder
from werkatelier.store import FileStore

QUICK_SUBMIT = "FormSubmitter:map_quick_form-Toevoegen"
QUICK_SUBMIT_EN = "FormSubmitter:map_quick_form-Add"
EDIT_SUBMIT = "FormSubmitter:map_edit_form-Opslaan"
REL_SUBMIT = "FormSubmitter:map_rel_form-Relatie leggen"
CLUSTER_SUBMIT = "FormSubmitter:map_cl_form-Opslaan"
NEW_CLUSTER_SUBMIT = "FormSubmitter:map_cl_new_form-Cluster maken"
UNDO_HINT = "Ongedaan maken staat in de zijbalk"


def open_app(page: str = "map", **kwargs: object) -> AppTest:
    """The whole app on one page, the map unless named; see pagetest.open_page."""
    return open_page(page, **kwargs)


def payload(at: AppTest) -> dict:
    """What the canvas on the page shows: the whole map, as the browser holds it."""
    return canvas_map(at)


def parts(doc: Session) -> dict:
    """What a person sees of a session: its items by id (undo may put one back at the end)."""
    data = doc.model_dump(mode="json")
    return {k: sorted(data[k], key=lambda item: item["id"])
            for k in ("stakeholders", "relations", "clusters", "personas", "interviews")}


@pytest.fixture
def small(root, small_session) -> str:
    return FileStore(root).add(small_session, keep_id=True).id


@pytest.fixture
def team6(root, team6_session) -> str:
    return FileStore(root).add(team6_session, keep_id=True).id


def context(root: Path, sid: str, at: AppTest, memory: dict | None = None, **kw) -> mapview.MapContext:
    """The event handler's context as the page builds it, sharing the browser's undo history."""
    return mapview.MapContext(store=FileStore(root), session_id=sid, history=at.session_state[state.UNDO],
                              memory={} if memory is None else memory, lang="nl", **kw)


# --- quick add ------------------------------------------------------------------------------------

def test_enter_puts_a_post_it_on_the_map_and_empties_the_field(root, team6):
    at = open_app(session_id=team6)
    before = FileStore(root).get(team6)
    at.text_input(key="map_quick_name").input("  Huurdersvereniging Oost ")
    at.button(key=QUICK_SUBMIT).click().run()
    doc = FileStore(root).get(team6)
    new = [s for s in doc.stakeholders if s.name == "Huurdersvereniging Oost"]
    assert len(new) == 1 and len(doc.stakeholders) == len(before.stakeholders) + 1
    # Placed at once, clear of every other post-it, so it never jumps later.
    assert new[0].placed
    assert doc.revision == before.revision + 1
    assert at.text_input(key="map_quick_name").value == ""
    assert "Huurdersvereniging Oost staat op de kaart" in shown(at)
    assert new[0].id in {n["id"] for n in payload(at)["nodes"]}
    # The canvas is asked to bring it into view.
    assert payload(at)["reveal"]["ids"] == [new[0].id]


def test_new_post_its_take_the_defaults_of_the_form(root, team6):
    at = open_app(session_id=team6, map_defaults_open=True)
    at.selectbox(key="map_def_cluster").set_value("cl_zorg")
    at.slider(key="map_def_influence").set_value(5)
    at.selectbox(key="map_def_kind").set_value("person")
    at.text_input(key="map_def_organisation").input("GGD Amsterdam")
    at.run()
    at.text_input(key="map_quick_name").input("Sociaal psychiatrisch verpleegkundige")
    at.button(key=QUICK_SUBMIT).click().run()
    s = next(s for s in FileStore(root).get(team6).stakeholders if s.name.startswith("Sociaal psych"))
    assert (s.cluster, s.influence, s.kind, s.organisation) == ("cl_zorg", 5, "person", "GGD Amsterdam")
    assert s.placed
    # The defaults stay for the next name, also with their popover closed.
    assert at.selectbox(key="map_def_cluster").value == "cl_zorg"
    at.session_state["map_defaults_open"] = False
    at.run()
    at.text_input(key="map_quick_name").input("Wijkverpleegkundige")
    at.button(key=QUICK_SUBMIT).click().run()
    s = next(s for s in FileStore(root).get(team6).stakeholders if s.name == "Wijkverpleegkundige")
    assert (s.cluster, s.influence, s.kind, s.organisation) == ("cl_zorg", 5, "person", "GGD Amsterdam")


def rochdales(root, sid: str) -> list[str]:
    return [s.id for s in FileStore(root).get(sid).stakeholders if s.name.casefold() == "rochdale"]


def test_a_party_typed_again_gets_a_quiet_hint_and_is_added_only_when_asked(root, team6):
    at = open_app(session_id=team6)
    before = FileStore(root).get(team6)
    at.text_input(key="map_quick_name").input("  rochdale ")
    at.button(key=QUICK_SUBMIT).click().run()
    # Nothing written; the hint names the post-it that is there; the name stays in the field.
    assert FileStore(root).get(team6).revision == before.revision
    assert "Rochdale staat al op de kaart." in shown(at)
    assert at.text_input(key="map_quick_name").value == "  rochdale "
    at.button(key="map_dup_add_quick").click().run()
    assert len(rochdales(root, team6)) == 2
    assert "Rochdale staat al op de kaart." not in shown(at) and "rochdale staat op de kaart" in shown(at)
    assert at.text_input(key="map_quick_name").value == ""


def test_a_party_typed_again_can_be_shown_instead_of_added(root, team6):
    at = open_app(session_id=team6)
    at.text_input(key="map_quick_name").input("ROCHDALE")
    at.button(key=QUICK_SUBMIT).click().run()
    at.button(key="map_dup_show_quick").click().run()
    assert rochdales(root, team6) == ["sh_rochdale"]
    assert at.session_state[state.SELECTED] == ["sh_rochdale"]
    assert payload(at)["reveal"]["ids"] == ["sh_rochdale"]
    assert "staat al op de kaart" not in shown(at)
    assert at.text_input(key="map_quick_name").value == ""


def test_a_new_party_is_added_at_once_and_the_hint_speaks_english_in_english(root, team6):
    at = open_app(session_id=team6, lang="en")
    at.text_input(key="map_quick_name").input("Rochdale")
    at.button(key=QUICK_SUBMIT_EN).click().run()
    assert "Rochdale is already on the map." in shown(at)
    assert [b.label for b in at.button if b.key and b.key.startswith("map_dup_")] == ["Add anyway", "Show it"]
    # Another name instead: added straight away, and the hint is gone.
    at.text_input(key="map_quick_name").input("Tiwos")
    at.button(key=QUICK_SUBMIT_EN).click().run()
    assert any(s.name == "Tiwos" for s in FileStore(root).get(team6).stakeholders)
    assert "already on the map" not in shown(at)


def test_a_pasted_list_with_parties_on_the_map_can_add_only_the_new_ones(root, team6):
    at = open_app(session_id=team6, map_paste_open=True)
    before = FileStore(root).get(team6)
    at.text_area(key="map_paste").input("Rochdale\nTiwos\nbuurtteam\nStadsdeel West")
    at.button(key="map_paste_add").click().run()
    assert FileStore(root).get(team6).revision == before.revision
    assert "'Rochdale', 'Buurtteam' staan al op de kaart." in shown(at)
    labels = [b.label for b in at.button if b.key and b.key.startswith("map_dup_")]
    assert labels == ["Toch alle 4 toevoegen", "Alleen de 2 nieuwe toevoegen", "Laat zien"]
    at.button(key="map_dup_new_paste").click().run()
    doc = FileStore(root).get(team6)
    added = [s.name for s in doc.stakeholders if s.id not in {b.id for b in before.stakeholders}]
    assert added == ["Tiwos", "Stadsdeel West"] and doc.revision == before.revision + 1


def test_an_empty_name_says_so_and_writes_nothing(root, team6):
    at = open_app(session_id=team6)
    before = FileStore(root).get(team6).revision
    at.text_input(key="map_quick_name").input("   ")
    at.button(key=QUICK_SUBMIT).click().run()
    assert "Typ eerst een naam." in shown(at)
    assert FileStore(root).get(team6).revision == before


def test_a_pasted_list_adds_one_post_it_per_line_in_one_step(root, team6):
    at = open_app(session_id=team6, map_paste_open=True)
    before = FileStore(root).get(team6)
    at.text_area(key="map_paste").input("Wijkagent\n\n- Straatcoaches\n  Buurtteam West  \n")
    at.button(key="map_paste_add").click().run()
    doc = FileStore(root).get(team6)
    added = [s for s in doc.stakeholders if s.id not in {b.id for b in before.stakeholders}]
    assert [s.name for s in added] == ["Wijkagent", "Straatcoaches", "Buurtteam West"]
    assert all(s.placed for s in added)
    assert doc.revision == before.revision + 1
    assert "3 post-its toegevoegd." in shown(at)
    assert at.text_area(key="map_paste").value == ""


def test_a_pasted_line_that_is_too_long_is_named_and_nothing_is_added(root, team6):
    at = open_app(session_id=team6, map_paste_open=True)
    before = FileStore(root).get(team6).revision
    text = "Wijkagent\n" + "x" * 201 + "\nJongerenwerk"
    at.text_area(key="map_paste").input(text)
    at.button(key="map_paste_add").click().run()
    assert "Regel 2 is langer dan 200 tekens" in shown(at)
    assert FileStore(root).get(team6).revision == before
    assert at.text_area(key="map_paste").value == text


# --- the selected post-it -------------------------------------------------------------------------

def test_the_selected_post_it_is_edited_in_the_panel_beside_the_map(root, small):
    at = open_app(session_id=small, **{state.SELECTED: ["sh_buurt"]})
    s = FileStore(root).get(small).stakeholder("sh_buurt")
    at.text_input(key=mapview.edit_key(s, "name")).set_value("Bewonerscommissie Noord")
    at.text_input(key=mapview.edit_key(s, "capacity")).set_value("Spreekt namens de huurders")
    at.selectbox(key=mapview.edit_key(s, "cluster")).set_value("cl_zorg")
    at.slider(key=mapview.edit_key(s, "influence")).set_value(4)
    at.select_slider(key=mapview.edit_key(s, "attitude")).set_value(-1)
    at.text_input(key=mapview.edit_key(s, "tags")).set_value("huurders, buurt, huurders")
    at.checkbox(key=mapview.edit_key(s, "confidential")).check()
    at.button(key=EDIT_SUBMIT).click().run()
    after = FileStore(root).get(small).stakeholder("sh_buurt")
    assert (after.name, after.capacity, after.cluster, after.influence, after.attitude, after.tags,
            after.confidential) == ("Bewonerscommissie Noord", "Spreekt namens de huurders", "cl_zorg", 4, -1,
                                    ["huurders", "buurt"], True)
    assert "Opgeslagen." in shown(at)
    # The form now shows the stored values.
    assert at.text_input(key=mapview.edit_key(after, "name")).value == "Bewonerscommissie Noord"


def test_the_editor_says_which_personas_the_selected_post_it_appears_in(root, team6):
    at = open_app(session_id=team6, **{state.SELECTED: ["sh_wijkprof"]})
    captions = [c.value.replace("\\", "") for c in at.main.caption]
    assert "Wijkprofessionals Rochdale komt voor in: Streetlevel Professional" in captions
    at = open_app(session_id=team6, **{state.SELECTED: ["sh_om"]})
    captions = [c.value.replace("\\", "") for c in at.main.caption]
    assert "Openbaar Ministerie komt nog in geen enkele persona voor." in captions


def test_an_edit_with_an_empty_name_is_refused_and_keeps_what_was_typed(root, small):
    at = open_app(session_id=small, **{state.SELECTED: ["sh_buurt"]})
    before = FileStore(root).get(small)
    s = before.stakeholder("sh_buurt")
    at.text_input(key=mapview.edit_key(s, "name")).set_value("  ")
    at.text_input(key=mapview.edit_key(s, "organisation")).set_value("Huurdersbond")
    at.button(key=EDIT_SUBMIT).click().run()
    assert "Typ eerst een naam." in shown(at)
    assert FileStore(root).get(small).revision == before.revision
    assert at.text_input(key=mapview.edit_key(s, "organisation")).value == "Huurdersbond"


def test_delete_says_where_undo_is_and_undo_brings_back_the_post_it_and_its_relations(root, small):
    at = open_app(session_id=small, **{state.SELECTED: ["sh_corp"]})
    before = FileStore(root).get(small)
    at.button(key="map_delete_selected").click().run()
    doc = FileStore(root).get(small)
    assert doc.stakeholder("sh_corp") is None and doc.relations == []
    assert f"'Woningcorporatie' verwijderd — {UNDO_HINT}" in shown(at)
    assert at.session_state[state.SELECTED] == []
    at.button(key="wa_undo_btn").click().run()
    assert parts(FileStore(root).get(small)) == parts(before)


def test_several_selected_post_its_go_into_a_cluster_or_are_deleted_together(root, small):
    at = open_app(session_id=small, **{state.SELECTED: ["sh_corp", "sh_zorg"]})
    assert "2 post-its geselecteerd" in shown(at)
    at.selectbox(key="map_sel_cluster").set_value("cl_zorg")
    at.button(key="map_sel_assign").click().run()
    doc = FileStore(root).get(small)
    assert doc.stakeholder("sh_corp").cluster == doc.stakeholder("sh_zorg").cluster == "cl_zorg"
    assert "2 post-its in Zorg gezet." in shown(at)
    at.button(key="map_delete_selected").click().run()
    doc = FileStore(root).get(small)
    assert [s.id for s in doc.stakeholders] == ["sh_buurt"]


# --- canvas events --------------------------------------------------------------------------------

def test_a_drag_on_the_canvas_stores_the_positions_and_undo_puts_them_back(root, small):
    at = open_app(session_id=small)
    before = FileStore(root).get(small)
    messages = mapview.handle_event({"type": "moved", "positions": {"sh_zorg": [150.0, 75.0]}},
                                    context(root, small, at))
    assert messages == []
    assert FileStore(root).get(small).stakeholder("sh_zorg").x == 150.0
    at.run()
    node = next(n for n in payload(at)["nodes"] if n["id"] == "sh_zorg")
    assert (node["x"], node["y"]) == (150.0, 75.0)
    at.button(key="wa_undo_btn").click().run()
    assert FileStore(root).get(small).stakeholder("sh_zorg").x == before.stakeholder("sh_zorg").x


def test_a_click_on_the_canvas_opens_the_post_it_for_editing(root, small):
    at = open_app(session_id=small)
    memory: dict = {}
    mapview.handle_event({"type": "selected", "ids": ["sh_zorg"], "edges": []},
                         context(root, small, at, memory))
    assert memory[state.SELECTED] == ["sh_zorg"]
    at.session_state[state.SELECTED] = memory[state.SELECTED]
    at.run()
    s = FileStore(root).get(small).stakeholder("sh_zorg")
    assert "Post-it bewerken" in shown(at)
    assert at.text_input(key=mapview.edit_key(s, "name")).value == "Wijkteam"


def test_a_drawn_relation_asks_for_its_kind_then_connects(root, small):
    at = open_app(session_id=small)
    memory: dict = {}
    mapview.handle_event({"type": "connect", "source": "sh_buurt", "target": "sh_zorg"},
                         context(root, small, at, memory))
    at.session_state[state.MAP_CONNECT] = memory[state.MAP_CONNECT]
    at.run()
    assert "Tussen **Bewonerscommissie** en **Wijkteam**" in shown(at)
    at.button_group(key="map_rel_pick").set_value("informeert")
    at.checkbox(key="map_rel_directed").check()
    at.button(key=REL_SUBMIT).click().run()
    doc = FileStore(root).get(small)
    new = [r for r in doc.relations if {r.source, r.target} == {"sh_buurt", "sh_zorg"}]
    assert [(r.source, r.target, r.kind, r.directed) for r in new] == [
        ("sh_buurt", "sh_zorg", "informeert", True)]
    assert "Relatie gelegd." in shown(at)
    assert state.MAP_CONNECT not in at.session_state
    assert new[0].id in {e["id"] for e in payload(at)["edges"]}


def test_a_relation_of_a_kind_the_room_makes_up_is_kept_as_typed(root, small):
    at = open_app(session_id=small, **{state.MAP_CONNECT: {"source": "sh_zorg", "target": "sh_buurt"}})
    at.button_group(key="map_rel_pick").set_value("informeert")
    at.text_input(key="map_rel_kind").input("drinkt koffie met")  # typed: wins over the suggestion
    at.text_input(key="map_rel_label").input("elke dinsdag")
    at.button(key=REL_SUBMIT).click().run()
    r = next(r for r in FileStore(root).get(small).relations if r.kind == "drinkt koffie met")
    assert (r.label, r.directed) == ("elke dinsdag", False)


def test_a_second_relation_of_the_same_kind_is_refused_and_the_form_stays(root, small):
    at = open_app(session_id=small, **{state.MAP_CONNECT: {"source": "sh_buurt", "target": "sh_corp"}})
    before = FileStore(root).get(small).revision
    at.text_input(key="map_rel_kind").input("overlegt met")
    at.button(key=REL_SUBMIT).click().run()
    assert "Dat kon niet" in shown(at) and "already a relation" in shown(at)
    assert FileStore(root).get(small).revision == before
    assert at.session_state[state.MAP_CONNECT] == {"source": "sh_buurt", "target": "sh_corp"}


def test_delete_on_the_canvas_removes_post_its_and_selected_relations(root, small):
    at = open_app(session_id=small)
    messages = mapview.handle_event({"type": "delete", "ids": ["sh_buurt"], "edges": ["re_2"]},
                                    context(root, small, at))
    doc = FileStore(root).get(small)
    assert [s.id for s in doc.stakeholders] == ["sh_corp", "sh_zorg"] and doc.relations == []
    assert ("success", "'Bewonerscommissie' verwijderd") in messages
    assert ("success", f"Relatie verwijderd — {UNDO_HINT}") in messages


def test_the_projector_view_only_moves_post_its(root, small):
    at = open_app(session_id=small)
    before = FileStore(root).get(small).revision
    ctx = context(root, small, at, allow={"moved"})
    assert mapview.handle_event({"type": "delete", "ids": ["sh_buurt"], "edges": []}, ctx) == []
    mapview.handle_event({"type": "connect", "source": "sh_buurt", "target": "sh_zorg"}, ctx)
    assert FileStore(root).get(small).revision == before and ctx.memory == {}


# --- positions ------------------------------------------------------------------------------------

def test_drawing_the_map_never_writes_and_unplaced_post_its_stay_where_they_were_shown(root, small):
    store = FileStore(root)
    before = store.get(small)
    assert not before.stakeholder("sh_corp").placed
    at = open_app(session_id=small)
    shown_at = {n["id"]: (n["x"], n["y"]) for n in payload(at)["nodes"]}
    # Shown by the layout, but nothing written: drawing a page never writes.
    assert store.get(small).revision == before.revision
    assert not store.get(small).stakeholder("sh_corp").placed
    # The first drag keeps the ones without a position where they were shown, in the same step.
    mapview.handle_event({"type": "moved", "positions": {"sh_zorg": [900.0, 900.0]}},
                         context(root, small, at))
    doc = store.get(small)
    assert doc.revision == before.revision + 1 and all(s.placed for s in doc.stakeholders)
    assert [s.op for s in at.session_state[state.UNDO].done] == ["move_stakeholders"]
    at.run()
    again = {n["id"]: (n["x"], n["y"]) for n in payload(at)["nodes"]}
    assert again["sh_corp"] == shown_at["sh_corp"] and again["sh_buurt"] == shown_at["sh_buurt"]
    assert again["sh_zorg"] == (900.0, 900.0)


# --- clusters -------------------------------------------------------------------------------------

def new_colour_picker(at: AppTest):
    """The new-cluster form's colour picker (a new widget for each colour it offers)."""
    pickers = [p for p in at.color_picker if p.key and p.key.startswith("map_cl_new_colour")]
    assert len(pickers) == 1
    return pickers[0]


def test_a_new_cluster_gets_a_name_and_a_colour_blind_safe_colour(root, small):
    at = open_app(session_id=small, map_clusters_open=True)
    expected = palette.suggest_colour(palette.cluster_colours(FileStore(root).get(small)).values())
    assert new_colour_picker(at).value == expected
    at.text_input(key="map_cl_new_name").input("Onderwijs")
    at.button(key=NEW_CLUSTER_SUBMIT).click().run()
    c = next(c for c in FileStore(root).get(small).clusters if c.name == "Onderwijs")
    assert c.colour == expected
    assert "Cluster Onderwijs gemaakt." in shown(at)
    # The form is empty again, with the next free colour.
    assert at.text_input(key="map_cl_new_name").value == ""
    assert new_colour_picker(at).value != expected


def test_clusters_made_one_after_another_each_get_their_own_colour_and_a_chosen_one_is_kept(root, small):
    at = open_app(session_id=small, map_clusters_open=True)
    for name in ("Onderwijs", "Sport", "Cultuur"):
        at.text_input(key="map_cl_new_name").input(name)
        at.button(key=NEW_CLUSTER_SUBMIT).click().run()
    new_colour_picker(at).pick("#123456")
    at.text_input(key="map_cl_new_name").input("Eigen kleur")
    at.button(key=NEW_CLUSTER_SUBMIT).click().run()
    colours = [c.colour for c in FileStore(root).get(small).clusters]
    assert len(colours) == len(set(colours)), colours
    assert colours[-1] == "#123456"


def test_a_colour_offered_before_someone_else_made_a_cluster_is_not_given_out_twice(root, small):
    at = open_app(session_id=small, map_clusters_open=True)
    offered = new_colour_picker(at).value
    # Another laptop makes a cluster meanwhile; it takes the colour this form still offers.
    FileStore(root).apply(small, mapedit.new_cluster_op("Elders", None, offered))
    at.text_input(key="map_cl_new_name").input("Hier")
    at.button(key=NEW_CLUSTER_SUBMIT).click().run()
    clusters = {c.name: c.colour for c in FileStore(root).get(small).clusters}
    assert clusters["Elders"] == offered and clusters["Hier"] != offered


def test_a_cluster_without_a_name_is_not_made(root, small):
    at = open_app(session_id=small, map_clusters_open=True)
    before = FileStore(root).get(small).revision
    at.button(key=NEW_CLUSTER_SUBMIT).click().run()
    assert "Geef het cluster een naam." in shown(at)
    assert FileStore(root).get(small).revision == before


def test_a_cluster_is_renamed_recoloured_and_deleted_and_undo_brings_it_back(root, small):
    at = open_app(session_id=small, map_clusters_open=True)
    at.selectbox(key="map_cl_pick").set_value("cl_wonen").run()
    c = FileStore(root).get(small).cluster("cl_wonen")
    at.text_input(key=mapview.cluster_key(c, "name")).set_value("Wonen en huren")
    at.button(key=CLUSTER_SUBMIT).click().run()
    c = FileStore(root).get(small).cluster("cl_wonen")
    assert c.name == "Wonen en huren"
    at.color_picker(key=mapview.cluster_key(c, "colour")).pick("#CC79A7")
    at.button(key=CLUSTER_SUBMIT).click().run()
    doc = FileStore(root).get(small)
    assert doc.cluster("cl_wonen").colour == "#cc79a7"
    assert [h["colour"] for h in payload(at)["hulls"] if h["id"] == "cl_wonen"] == ["#cc79a7"]
    before_delete = doc
    at.button(key="map_cl_delete").click().run()
    doc = FileStore(root).get(small)
    assert doc.cluster("cl_wonen") is None
    assert doc.stakeholder("sh_corp").cluster is None and doc.stakeholder("sh_corp") is not None
    assert ("Cluster Wonen en huren verwijderd; de post-its staan nu zonder cluster — "
            f"{UNDO_HINT}") in shown(at)
    at.button(key="wa_undo_btn").click().run()
    assert parts(FileStore(root).get(small)) == parts(before_delete)


def test_the_selection_is_put_in_the_cluster_picked_in_the_panel(root, small):
    at = open_app(session_id=small, map_clusters_open=True, **{state.SELECTED: ["sh_corp", "sh_buurt"]})
    at.selectbox(key="map_cl_pick").set_value("cl_zorg").run()
    at.button(key="map_cl_assign").click().run()
    doc = FileStore(root).get(small)
    assert {s.id for s in doc.stakeholders if s.cluster == "cl_zorg"} == {"sh_corp", "sh_buurt", "sh_zorg"}


def test_some_of_a_cluster_suggestion_can_be_taken_over(root, team6):
    at = open_app(session_id=team6, map_suggest_open=True)
    doc = FileStore(root).get(team6)
    groups = analysis.suggested_clusters(doc)["clusters"]
    assert len(groups) >= 2
    at.button(key="map_suggest_run").click().run()
    assert "Overeenkomst met jullie indeling" in shown(at)
    assert [c.label for c in at.checkbox if c.key.startswith("map_sug_")] == [
        f"Voorstel {i + 1}: {len(g['members'])} post-its" for i, g in enumerate(groups)]
    rev = FileStore(root).get(team6).revision
    for i in range(1, len(groups)):
        at.checkbox(key=f"map_sug_{rev}_{i}").uncheck()
    at.button(key="map_sug_some").click().run()
    after = FileStore(root).get(team6)
    new = [c for c in after.clusters if c.id not in {c.id for c in doc.clusters}]
    assert len(new) == 1
    assert sorted(s.id for s in after.stakeholders if s.cluster == new[0].id) == sorted(groups[0]["members"])
    assert new[0].colour not in {c.colour for c in doc.clusters}
    assert "1 voorgesteld cluster overgenomen" in shown(at)
    # One click, one step: the cluster and its members come and go together.
    assert [s.op for s in at.session_state[state.UNDO].done] == ["accept_suggestion"]
    at.button(key="wa_undo_btn").click().run()
    back = FileStore(root).get(team6)
    assert [c.id for c in back.clusters] == [c.id for c in doc.clusters]
    assert [s.cluster for s in back.stakeholders] == [s.cluster for s in doc.stakeholders]


def test_taking_over_none_leaves_the_map_as_it_is(root, team6):
    at = open_app(session_id=team6, map_suggest_open=True)
    before = FileStore(root).get(team6).revision
    at.button(key="map_suggest_run").click().run()
    at.button(key="map_sug_none").click().run()
    assert FileStore(root).get(team6).revision == before
    assert state.SUGGESTION not in at.session_state


# --- the table ------------------------------------------------------------------------------------

def test_table_edits_adds_and_deletes_reach_the_map(root, small):
    at = open_app(session_id=small, map_tab="Tabel")
    doc = FileStore(root).get(small)
    table = at.data_editor[0].value
    assert list(table["name"]) == [s.name for s in doc.stakeholders]
    at.session_state[f"map_table_{small}_{doc.revision}"] = {
        "edited_rows": {0: {"influence": 2, "cluster": "Zorg", "kind": "Groep"}},
        "added_rows": [{"name": "Wijkagent", "interest": 5}],
        "deleted_rows": [1]}
    at.run()
    after = FileStore(root).get(small)
    corp = after.stakeholder("sh_corp")
    assert (corp.influence, corp.cluster, corp.kind) == (2, "cl_zorg", "group")
    assert after.stakeholder("sh_buurt") is None
    added = next(s for s in after.stakeholders if s.name == "Wijkagent")
    assert added.interest == 5 and added.placed
    assert "Tabel opgeslagen: 1 gewijzigd, 1 toegevoegd, 1 verwijderd" in shown(at)
    # The table now shows the stored rows.
    assert list(at.data_editor[0].value["name"]) == [s.name for s in after.stakeholders]


def test_a_table_save_is_one_history_entry_and_one_undo_brings_it_all_back(root, small):
    at = open_app(session_id=small, map_tab="Tabel")
    store = FileStore(root)
    doc = store.get(small)
    lines = len(store.history(small))
    at.session_state[f"map_table_{small}_{doc.revision}"] = {
        "edited_rows": {0: {"influence": 2}}, "added_rows": [{"name": "Wijkagent"}], "deleted_rows": [1]}
    at.run()
    after = store.get(small)
    assert after.revision == doc.revision + 1 and len(store.history(small)) == lines + 1
    assert [s.op for s in at.session_state[state.UNDO].done] == ["edit_table"]
    assert "tabel bewerken" in at.button(key="wa_undo_btn").help
    at.button(key="wa_undo_btn").click().run()
    assert parts(store.get(small)) == parts(doc)


@pytest.mark.parametrize(("cells", "message"), [
    ({"name": ""}, "Rij 1, kolom Naam: Typ eerst een naam."),
    ({"influence": 9}, "Rij 1, kolom Invloed: Vul een heel getal van 1 tot en met 5 in."),
    ({"attitude": None}, "Rij 1, kolom Houding: Vul een heel getal van −2 tot en met +2 in."),
])
def test_a_bad_cell_is_named_and_nothing_is_saved(root, small, cells, message):
    at = open_app(session_id=small, map_tab="Tabel")
    before = FileStore(root).get(small)
    key = f"map_table_{small}_{before.revision}"
    at.session_state[key] = {"edited_rows": {0: cells, 2: {"interest": 1}}, "added_rows": [],
                             "deleted_rows": []}
    at.run()
    assert message in shown(at)
    assert FileStore(root).get(small).revision == before.revision
    # The edits are still there to be fixed.
    assert at.session_state[key]["edited_rows"][0] == cells


def test_an_added_row_without_a_name_waits_for_one(root, small):
    at = open_app(session_id=small, map_tab="Tabel")
    before = FileStore(root).get(small)
    at.session_state[f"map_table_{small}_{before.revision}"] = {
        "edited_rows": {}, "added_rows": [{"influence": 4}], "deleted_rows": []}
    at.run()
    assert "Rij 4, kolom Naam: Typ eerst een naam." in shown(at)
    assert FileStore(root).get(small).revision == before.revision


# --- undo and redo --------------------------------------------------------------------------------

def test_every_map_step_is_undone_in_turn_from_the_sidebar(root, small):
    at = open_app(session_id=small)
    store = FileStore(root)
    states = [parts(store.get(small))]
    at.text_input(key="map_quick_name").input("Wijkagent")
    at.button(key=QUICK_SUBMIT).click().run()
    states.append(parts(store.get(small)))
    new = next(s.id for s in store.get(small).stakeholders if s.name == "Wijkagent")
    mapview.handle_event({"type": "moved", "positions": {new: [-400.0, 300.0]}}, context(root, small, at))
    states.append(parts(store.get(small)))
    at.session_state[state.MAP_CONNECT] = {"source": new, "target": "sh_zorg"}
    at.run()
    at.button_group(key="map_rel_pick").set_value("informeert")
    at.button(key=REL_SUBMIT).click().run()
    states.append(parts(store.get(small)))
    at.session_state[state.SELECTED] = [new, "sh_corp"]
    at.run()
    at.selectbox(key="map_sel_cluster").set_value("cl_zorg")
    at.button(key="map_sel_assign").click().run()
    states.append(parts(store.get(small)))
    at.button(key="map_delete_selected").click().run()
    states.append(parts(store.get(small)))
    assert len({json.dumps(s, sort_keys=True) for s in states}) == 6  # six different maps
    assert [s.op for s in at.session_state[state.UNDO].done] == [
        "add_stakeholder", "move_stakeholders", "connect", "assign_clusters", "delete_stakeholders"]
    for expected in reversed(states[:-1]):
        at.button(key="wa_undo_btn").click().run()
        assert parts(store.get(small)) == expected
    assert at.button(key="wa_undo_btn").disabled
    # And redo carries them forward again.
    for expected in states[1:]:
        at.button(key="wa_redo_btn").click().run()
        assert parts(store.get(small)) == expected


def test_at_least_twenty_moves_can_be_undone(root, small):
    at = open_app(session_id=small)
    store = FileStore(root)
    start = store.get(small).stakeholder("sh_zorg")
    ctx = context(root, small, at)
    for i in range(22):
        mapview.handle_event({"type": "moved", "positions": {"sh_zorg": [float(i * 10), 5.0]}}, ctx)
    assert len(at.session_state[state.UNDO].done) == 22 <= undo.DEPTH
    at.run()
    for _ in range(22):
        at.button(key="wa_undo_btn").click().run()
    back = store.get(small).stakeholder("sh_zorg")
    assert (back.x, back.y) == (start.x, start.y)


# --- the page itself ------------------------------------------------------------------------------

def test_the_map_shows_every_post_it_and_a_legend_of_clusters(root, team6):
    at = open_app(session_id=team6)
    doc = FileStore(root).get(team6)
    data = payload(at)
    assert {n["id"] for n in data["nodes"]} == {s.id for s in doc.stakeholders}  # confidential too
    assert data["labels"]["draw"] == "Relatie tekenen"
    legend = next(m.value for m in at.markdown if "wa-legend" in m.value)
    for c in doc.clusters:
        assert c.name in legend


def test_a_name_that_looks_like_html_stays_text(root, small):
    hostile = "<img src=x onerror=alert(1)>"
    FileStore(root).apply(small, UpdateStakeholder(id="sh_zorg", changes={"name": hostile}))
    at = open_app(session_id=small, **{state.SELECTED: ["sh_zorg", "sh_corp"]})
    text = "\n".join(m.value for m in at.markdown) + "\n".join(c.value for c in at.caption)
    assert re.search(r"(?<!\\)<img", text) is None
    assert "\\<img src\\=x onerror\\=alert\\(1\\)\\>" in text


def test_in_english_the_page_and_the_canvas_speak_english(root, small):
    at = open_app(session_id=small, lang="en")
    assert "Stakeholder map" in shown(at)
    assert payload(at)["labels"]["fit"] == "Show all"


def test_post_its_lying_on_top_of_each_other_get_a_free_spot_and_undo_puts_them_back(root, small):
    # As an import from another tool may leave them: all three on one spot.
    FileStore(root).apply(small, MoveStakeholders(positions={"sh_corp": (0.0, 0.0), "sh_buurt": (30.0, 10.0),
                                                             "sh_zorg": (-20.0, 15.0)}))
    at = open_app(session_id=small)
    before = FileStore(root).get(small)

    def overlapping(doc: Session) -> list:
        # As the canvas draws them: labels at least 18 px, the size geometry gives influence 3.
        sizes = np.array([geometry.postit_box(s.name, s.kind, max(s.influence, 3)) for s in doc.stakeholders])
        return layout.overlaps(sizes, np.array([(s.x, s.y) for s in doc.stakeholders]))
    assert len(overlapping(before)) == 3
    at.button(key="map_tidy").click().run()
    after = FileStore(root).get(small)
    assert overlapping(after) == []
    # The most influential one stays where the team put it; the others moved.
    where = {s.id: (s.x, s.y) for s in before.stakeholders}
    assert [s.id for s in after.stakeholders if (s.x, s.y) != where[s.id]] == ["sh_buurt", "sh_zorg"]
    assert f"2 post-its naar een vrije plek verschoven — {UNDO_HINT}" in shown(at)
    at.button(key="map_tidy").click().run()
    assert "Er liggen geen post-its over elkaar." in shown(at)
    at.button(key="wa_undo_btn").click().run()
    assert parts(FileStore(root).get(small)) == parts(before)


def test_the_canvas_refuses_options_it_cannot_honour():
    data = {"nodes": [{"id": "a", "label": "A"}], "edges": []}
    with pytest.raises(WerkatelierError, match="toolbar offers only"):
        canvas_payload(data, key="k", tools=["zoom_in", "explode"])
    with pytest.raises(WerkatelierError, match="smallest scale"):
        canvas_payload(data, key="k", min_scale=0)
    assert canvas_payload(data, key="k", tools=("fit",), min_scale=1.0)["tools"] == ["fit"]


def test_ordering_by_cluster_is_one_step_undone_by_one_undo(root, own_sessions):
    from werkatelier.model import Cluster, Meta, Session, Stakeholder

    store = FileStore(root)
    people = [Stakeholder(id=f"sh_{i}", name=f"Partij {i}", cluster="cl_z" if i % 2 else None,
                          x=i * 40.0, y=(i % 3) * 30.0) for i in range(8)]
    doc = store.add(Session(meta=Meta(title="Ordenen"), clusters=[Cluster(id="cl_z", name="Zorg")],
                            stakeholders=people))
    before = {s.id: (s.x, s.y) for s in doc.stakeholders}
    at = open_page("map", session_id=doc.id, map_clusters_open=True)
    at.button(key="map_cl_arrange").click().run()
    after = store.get(doc.id)
    assert {s.id: (s.x, s.y) for s in after.stakeholders} != before
    assert store.history(doc.id)[-1].op == "arrange_by_cluster"
    assert "De kaart is geordend per cluster." in shown(at)
    at.sidebar.button(key="wa_undo_btn").click().run()
    assert {s.id: (s.x, s.y) for s in store.get(doc.id).stakeholders} == before
