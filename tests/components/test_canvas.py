"""The live canvas: event decoding, the payload the browser gets, and the component in AppTest."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

import components.canvas as canvas
from components import assets
from components.canvas import LABELS, canvas_payload, cluster_hulls, decode_event, next_event
from components.canvas.events import MAX_EVENTS
from werkatelier.document import WerkatelierError

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "tests" / "apps" / "canvas_app.py"


# --- one event --------------------------------------------------------------------------------

def test_moved_gives_every_dragged_post_it_as_floats():
    ev = decode_event({"seq": 3, "type": "moved", "positions": {"a": [10, -20], "b": [0.5, 7]}})
    assert ev == {"type": "moved", "positions": {"a": [10.0, -20.0], "b": [0.5, 7.0]}}
    assert all(isinstance(v, float) for xy in ev["positions"].values() for v in xy)


def test_moved_drops_post_its_no_longer_on_the_map():
    raw = {"type": "moved", "positions": {"a": [1, 2], "gone": [3, 4]}}
    assert decode_event(raw, nodes={"a", "b"}) == {"type": "moved", "positions": {"a": [1.0, 2.0]}}
    assert decode_event(raw, nodes={"b"}) is None


@pytest.mark.parametrize("positions", [
    {"a": [math.nan, 1]}, {"a": [1, math.inf]}, {"a": [True, 1]}, {"a": ["1", 2]}, {"a": [1]},
    {"a": [1, 2, 3]}, {"a": None}, {"": [1, 2]}, {"a": [1e12, 0]}, [], "a", None, {},
])
def test_moved_with_a_broken_position_is_ignored(positions):
    assert decode_event({"type": "moved", "positions": positions}) is None


def test_selected_may_be_empty_and_keeps_order_without_repeats():
    assert decode_event({"type": "selected", "ids": []}) == {"type": "selected", "ids": [], "edges": []}
    assert decode_event({"type": "selected", "ids": ["b", "a", "b"], "edges": ["r"]}) == \
        {"type": "selected", "ids": ["b", "a"], "edges": ["r"]}
    assert decode_event({"type": "selected", "ids": ["a", "x"], "edges": ["r", "y"]},
                        nodes={"a"}, edges={"r"}) == {"type": "selected", "ids": ["a"], "edges": ["r"]}


@pytest.mark.parametrize("ids", [None, "a", [1], [None], [""], ["a" * 201], {"a": 1}])
def test_selected_with_broken_ids_is_ignored(ids):
    assert decode_event({"type": "selected", "ids": ids}) is None


def test_connect_names_two_different_post_its_on_the_map():
    assert decode_event({"type": "connect", "source": "a", "target": "b"}) == \
        {"type": "connect", "source": "a", "target": "b"}
    assert decode_event({"type": "connect", "source": "a", "target": "a"}) is None
    assert decode_event({"type": "connect", "source": "a", "target": "b"}, nodes={"a"}) is None
    assert decode_event({"type": "connect", "source": "a"}) is None
    assert decode_event({"type": "connect", "source": 1, "target": "b"}) is None


def test_delete_needs_something_to_delete():
    assert decode_event({"type": "delete", "ids": ["a"]}) == {"type": "delete", "ids": ["a"], "edges": []}
    assert decode_event({"type": "delete", "ids": [], "edges": ["r"]}) == \
        {"type": "delete", "ids": [], "edges": ["r"]}
    assert decode_event({"type": "delete", "ids": []}) is None
    assert decode_event({"type": "delete", "ids": ["gone"]}, nodes={"a"}) is None


@pytest.mark.parametrize("item", [None, 3, "moved", [], {"type": "explode"}, {"ids": ["a"]}])
def test_anything_else_is_not_an_event(item):
    assert decode_event(item) is None


# --- the stream of events, one per rerun --------------------------------------------------------

def _raw(*events, mount="m1"):
    return {"mount": mount, "events": [dict(e, seq=i) for i, e in events]}


SEL = {"type": "selected", "ids": ["a"]}
DEL = {"type": "delete", "ids": ["a"]}
CON = {"type": "connect", "source": "a", "target": "b"}


def test_events_come_one_per_call_in_order_and_never_twice():
    raw = _raw((1, SEL), (2, DEL), (3, CON))
    seen = None
    got = []
    for _ in range(5):
        ev, seen = next_event(raw, seen)
        got.append(ev and ev["type"])
    assert got == ["selected", "delete", "connect", None, None]
    assert seen == {"mount": "m1", "seq": 3}


def test_a_resent_payload_only_yields_what_is_new():
    ev, seen = next_event(_raw((1, SEL)), None)
    assert ev["type"] == "selected"
    # The acknowledgement was lost, so the browser sends event 1 again with event 2.
    ev, seen = next_event(_raw((1, SEL), (2, CON)), seen)
    assert ev["type"] == "connect" and seen["seq"] == 2
    assert next_event(_raw((1, SEL), (2, CON)), seen) == (None, seen)


def test_events_are_taken_in_sequence_order_whatever_order_they_arrive_in():
    ev, seen = next_event(_raw((2, DEL), (1, SEL)), None)
    assert ev["type"] == "selected" and seen["seq"] == 1


def test_malformed_events_are_skipped_and_counted_as_taken():
    raw = _raw((1, {"type": "moved", "positions": {"a": ["x", 1]}}), (2, {"type": "nonsense"}), (3, DEL))
    ev, seen = next_event(raw, None)
    assert ev["type"] == "delete" and seen["seq"] == 3
    # Only malformed ones left: nothing to return, but the browser may drop them.
    ev, seen = next_event(_raw((4, {"type": "moved"})), seen)
    assert ev is None and seen == {"mount": "m1", "seq": 4}


@pytest.mark.parametrize("seq", [0, -1, True, "2", 1.5, None])
def test_events_without_a_proper_number_are_ignored(seq):
    raw = {"mount": "m1", "events": [dict(SEL, seq=seq)]}
    assert next_event(raw, None) == (None, None)


def test_a_new_mount_starts_counting_again():
    seen = {"mount": "m1", "seq": 7}
    ev, seen = next_event(_raw((1, CON), mount="m2"), seen)
    assert ev["type"] == "connect" and seen == {"mount": "m2", "seq": 1}


@pytest.mark.parametrize("raw", [
    None, "x", [], {}, {"mount": "m1"}, {"mount": "", "events": []}, {"mount": 5, "events": []},
    {"mount": "m1", "events": "x"},
    {"mount": "m1", "events": [dict(SEL, seq=i + 1) for i in range(MAX_EVENTS + 1)]},
])
def test_anything_that_is_not_a_payload_changes_nothing(raw):
    seen = {"mount": "m1", "seq": 2}
    assert next_event(raw, seen) == (None, seen)


_jsonish = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=10)
_event = st.fixed_dictionaries({"seq": st.integers(-1, 8), "type": st.sampled_from(
    ["moved", "selected", "connect", "delete", "other"])}, optional={
    "positions": st.dictionaries(st.sampled_from("abc"), st.lists(st.floats() | st.integers(), max_size=3)),
    "ids": st.lists(st.sampled_from(["a", "b", "c", ""]), max_size=3) | _jsonish,
    "source": st.sampled_from(["a", "b"]) | _jsonish, "target": st.sampled_from(["a", "b"]) | _jsonish})


@given(st.lists(_event, max_size=10), st.lists(_jsonish, max_size=3))
def test_any_payload_yields_each_event_at_most_once_and_in_order(events, junk):
    raw = {"mount": "m", "events": events + junk}
    seen, taken = None, []
    for _ in range(len(raw["events"]) + 2):
        ev, seen = next_event(raw, seen)
        if ev is not None:
            taken.append((seen["seq"], ev))
    seqs = [s for s, _ in taken]
    assert seqs == sorted(set(seqs))
    for seq, ev in taken:
        assert ev == decode_event(next(e for e in events if e["seq"] == seq))
    # Reading the same payload again gives nothing: no event is applied twice.
    assert next_event(raw, seen)[0] is None


# --- what the browser receives --------------------------------------------------------------

def _data(**node):
    return {"nodes": [{"id": "a", "label": "A", **node}], "edges": [], "options": {}}


def test_labels_are_at_least_projector_size_and_bigger_ones_stay():
    small = canvas_payload(_data(font={"size": 14, "color": "#fff"}), key="k")
    assert small["nodes"][0]["font"] == {"size": 18, "color": "#fff"}
    assert canvas_payload(_data(font={"size": 24}), key="k")["nodes"][0]["font"] == {"size": 24}
    assert canvas_payload(_data(), key="k")["nodes"][0]["font"] == {"size": 18}
    assert canvas_payload(_data(), key="k")["options"]["nodes"]["font"]["size"] == 18
    lower = canvas_payload(_data(font={"size": 14}), key="k", min_font_size=12)
    assert lower["nodes"][0]["font"] == {"size": 14}


def test_selection_keeps_the_post_it_colour_so_its_label_stays_readable():
    node = canvas_payload(_data(color={"background": "#0072b2", "border": "#004466"}), key="k")["nodes"][0]
    assert node["color"]["highlight"] == {"background": "#0072b2", "border": "#000000"}
    assert node["color"]["hover"]["background"] == "#0072b2"
    given_states = {"background": "#fff", "highlight": {"background": "#eee"}}
    assert canvas_payload(_data(color=given_states), key="k")["nodes"][0]["color"]["highlight"] == \
        {"background": "#eee"}


def test_the_callers_data_is_not_changed():
    data = {"nodes": [{"id": "a", "font": {"size": 10}}], "edges": [], "options": {"nodes": {"font": {}}}}
    before = json.dumps(data, sort_keys=True)
    canvas_payload(data, key="k")
    assert json.dumps(data, sort_keys=True) == before


def test_toolbar_words_can_be_translated():
    assert canvas_payload(_data(), key="k", lang="en")["labels"] == LABELS["en"]
    assert canvas_payload(_data(), key="k", labels=LABELS["en"])["labels"]["draw"] == "Draw relation"
    assert canvas_payload(_data(), key="k")["labels"]["draw"] == "Relatie tekenen"
    assert canvas_payload(_data(), key="k", labels={"fit": "Overzicht"})["labels"]["fit"] == "Overzicht"


@pytest.mark.parametrize(("data", "words"), [
    ({"edges": []}, "nodes and edges as lists"),
    ({"nodes": [{"label": "no id"}]}, "Node 1"),
    ({"nodes": [{"id": "a"}, {"id": "a"}]}, "repeats the id 'a'"),
    ({"nodes": [{"id": "a"}], "edges": [{"id": "r", "from": "a"}]}, "Edge 1"),
    ("nodes", "a mapping"),
])
def test_data_the_canvas_cannot_draw_is_refused_in_one_sentence(data, words):
    with pytest.raises(WerkatelierError, match=words):
        canvas_payload(data, key="k")


@pytest.mark.parametrize(("hulls", "words"), [
    ([{"id": "c", "colour": "blue", "name": "C"}], "colour like #0072b2"),
    ([{"colour": "#000000", "name": "C"}], "an id for cluster area 1"),
    ("c", "as a list"),
    (["c"], "Cluster area 1 is not"),
])
def test_bad_cluster_areas_are_refused(hulls, words):
    with pytest.raises(WerkatelierError, match=words):
        canvas_payload(_data(), key="k", hulls=hulls)


def test_height_and_language_are_checked():
    with pytest.raises(WerkatelierError, match="height"):
        canvas_payload(_data(), key="k", height=50)
    with pytest.raises(WerkatelierError, match="not 'fr'"):
        canvas_payload(_data(), key="k", lang="fr")


def test_cluster_hulls_come_from_the_legend_of_named_clusters():
    legend = [{"id": "cl_a", "name": "Wonen", "colour": "#0072b2", "count": 2},
              {"id": None, "name": "Zonder cluster", "colour": "#e4e4e4", "count": 1}]
    assert cluster_hulls({"legend": legend}) == [{"id": "cl_a", "colour": "#0072b2", "name": "Wonen"}]
    assert cluster_hulls({}) == []


# --- the whole map once, then only what changed ------------------------------------------------

class Browser:
    """What canvas.js keeps of one canvas's map (its HELD), taking payloads the way absorb() does."""

    META = ("key", "options", "hulls", "labels", "height", "bundle", "min_scale", "tools", "font")

    def __init__(self) -> None:
        self.held: dict | None = None

    def absorb(self, raw: bytes) -> bool:
        """False when the payload is a step from a version this browser does not have."""
        data = json.loads(raw)
        if data.get("v") is not None and data.get("base") is not None:
            held = self.held
            if held is None or held["v"] not in (data["base"], data["v"]):
                return False
            if held["v"] == data["v"]:
                return True
            held["meta"].update({k: data[k] for k in self.META if k in data})
            held["nodes"].update({n["id"]: n for n in data["nodes"]})
            held["edges"].update({e["id"]: e for e in data["edges"]})
            for i in data["gone_nodes"]:
                held["nodes"].pop(i, None)
            for i in data["gone_edges"]:
                held["edges"].pop(i, None)
            held["v"] = data["v"]
            return True
        self.held = {"v": data.get("v"), "meta": {k: data.get(k) for k in self.META},
                     "nodes": {n["id"]: n for n in data["nodes"]},
                     "edges": {e["id"]: e for e in data["edges"]}}
        return True

    def shows(self) -> dict:
        return {**self.held["meta"], "nodes": self.held["nodes"], "edges": self.held["edges"]}


def _whole(made: canvas._Map) -> dict:
    data = json.loads(made.full())
    return {**{k: data[k] for k in Browser.META}, "nodes": {n["id"]: n for n in data["nodes"]},
            "edges": {e["id"]: e for e in data["edges"]}}




def _version(n: int, positions: dict[str, int], links: list[tuple[str, str]], title: str = "") -> canvas._Map:
    nodes = [{"id": i, "label": i.upper() + title, "x": x, "y": 0} for i, x in sorted(positions.items())]
    edges = [{"id": f"{a}-{b}", "from": a, "to": b} for a, b in links if a in positions and b in positions]
    hulls = [{"id": "cl", "colour": "#0072b2", "name": "Wonen" + title}]
    return canvas._Map(f"v{n}", canvas_payload({"nodes": nodes, "edges": edges}, key="k", hulls=hulls))


IDS = "abcdefgh"
_versions = st.lists(st.tuples(st.dictionaries(st.sampled_from(IDS), st.integers(-50, 50)),
                               st.lists(st.tuples(st.sampled_from(IDS), st.sampled_from(IDS)), max_size=6),
                               st.sampled_from(["", "!"]), st.booleans()),
                     min_size=1, max_size=12)


@given(_versions)
def test_a_browser_that_gets_every_payload_always_shows_the_whole_map(steps):
    state, browser, made = canvas.new_state(), Browser(), None
    for n, (positions, links, title, unchanged) in enumerate(steps):
        # An unchanged rerun hands the canvas the very same version again.
        if not (unchanged and made):
            made = _version(n, positions, links, title)
        assert browser.absorb(canvas._wire(state, made))
        assert browser.shows() == _whole(made)


@given(_versions, st.lists(st.booleans(), min_size=12, max_size=12))
def test_a_browser_that_missed_payloads_asks_for_the_whole_map_and_then_shows_it(steps, delivered):
    state, browser, made = canvas.new_state(), Browser(), None
    for n, ((positions, links, title, unchanged), arrives) in enumerate(zip(steps, delivered, strict=False)):
        if not (unchanged and made):
            made = _version(n, positions, links, title)
        raw = canvas._wire(state, made)
        if not arrives and n:
            continue  # two reruns the page rendered as one
        if not browser.absorb(raw):
            # canvas.js triggers "resync"; its callback runs before the next rerun.
            state["held"] = state["sent"] = None
            assert browser.absorb(canvas._wire(state, made))
        assert browser.shows() == _whole(made)


def test_a_move_sends_the_moved_post_it_and_an_unchanged_rerun_sends_that_step_again():
    positions = {f"sh_{i}": i for i in range(1000)}
    before = _version(1, positions, [])
    after = _version(2, {**positions, "sh_7": 999}, [])
    state = canvas.new_state()
    whole = canvas._wire(state, before)
    step = canvas._wire(state, after)
    data = json.loads(step)
    assert [n["id"] for n in data["nodes"]] == ["sh_7"] and data["edges"] == []
    assert data["gone_nodes"] == data["gone_edges"] == [] and "options" not in data
    assert len(step) < 0.01 * len(whole)
    # A browser that rendered two reruns as one still gets the step it needs.
    assert canvas._wire(state, after) == step
    # After the whole map, an unchanged rerun sends an empty step.
    fresh = canvas.new_state()
    canvas._wire(fresh, after)
    empty = json.loads(canvas._wire(fresh, after))
    assert (empty["base"], empty["v"], empty["nodes"], empty["edges"]) == ("v2", "v2", [], [])


def test_what_changed_besides_the_map_travels_with_the_step():
    state = canvas.new_state()
    canvas._wire(state, _version(1, {"a": 1}, []))
    data = json.loads(canvas._wire(state, _version(2, {"a": 1}, [], title="!")))
    assert data["hulls"][0]["name"] == "Wonen!" and "labels" not in data
    assert [n["label"] for n in data["nodes"]] == ["A!"]


# --- the component in a running app ---------------------------------------------------------

def _element(at: AppTest):
    found = [e for e in at.main if getattr(e, "type", None) == "bidi_component"]
    assert len(found) == 1
    return found[0].proto


def test_the_app_mounts_the_canvas_with_its_data():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert not at.exception
    proto = _element(at)
    assert proto.component_name == "werkatelier.canvas"
    payload = json.loads(proto.json)
    nodes = {n["id"]: n for n in payload["nodes"]}
    assert set(nodes) == {"sh_corp", "sh_buurt", "sh_zorg", "sh_xss"}
    assert nodes["sh_xss"]["label"] == "<img src=x onerror=alert(1)>"
    assert nodes["sh_buurt"]["font"]["size"] == 18  # the app asked for 14
    assert payload["labels"] == LABELS["nl"]
    assert [h["name"] for h in payload["hulls"]] == ["Wonen", "Zorg"]
    assert payload["bundle"] == "/_stcore/bidi-components/werkatelier.canvas/vis-network.min.js"
    assert payload["ack"] is None
    # Neither the canvas's script and style nor the bundle travel with the element: the browser
    # fetches them from the asset dir.
    assert proto.js_content == "" and proto.js_source_path == "canvas.js"
    assert proto.css_content == "" and proto.css_source_path == "canvas.css"
    served = ROOT / "werkatelier" / "static"
    assert "export default function" in (served / "canvas.js").read_text(encoding="utf-8")
    assert at.text[0].value == "returned: null"


def test_the_bundle_is_served_from_the_one_vendored_copy():
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    root = Path(at._bidi_component_manager.get_component_path("werkatelier.canvas"))
    assert root == ROOT / "werkatelier" / "static"
    assert b"@version 9.1.2" in (root / "vis-network.min.js").read_bytes()[:300]
    assert not list((ROOT / "components").rglob("vis-network*.js"))


def test_english_labels_and_fit_on_request():
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params["lang"] = "en"
    at.run()
    first = json.loads(_element(at).json)
    assert first["labels"]["zoom_in"] == "Zoom in"
    at.button[2].click().run()  # "Passend maken": the app passes fit=True this run
    assert json.loads(_element(at).json)["fit"] == first["fit"] + 1
    at.button[1].click().run()  # a plain rerun does not fit again
    assert json.loads(_element(at).json)["fit"] == first["fit"] + 1


def test_assets_are_registered_when_discovery_missed_them(monkeypatch):
    from streamlit.components.v2.component_manager import BidiComponentManager
    from streamlit.runtime import Runtime

    manager = BidiComponentManager()  # nothing discovered, as with a wheel install
    assert manager.get_component_path("werkatelier.canvas") is None

    class FakeRuntime:
        bidi_component_registry = manager

    monkeypatch.setattr(Runtime, "exists", staticmethod(lambda: True))
    monkeypatch.setattr(Runtime, "instance", staticmethod(lambda: FakeRuntime()))
    for component in ("werkatelier.canvas", "werkatelier.live"):
        assets.ensure_served(component)
        assert Path(manager.get_component_path(component)) == ROOT / "werkatelier" / "static"


def test_the_opening_payload_carries_facts_for_tooltips_but_no_tooltip_text():
    from werkatelier import render
    from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder

    doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="cl_a", name="Wonen")], stakeholders=[
        Stakeholder(id="a", name="Gemeente", cluster="cl_a", organisation="Stad", notes="Belt terug",
                    x=0, y=0),
        Stakeholder(id="b", name="GGD", x=200, y=0)],
        relations=[Relation(id="r", source="a", target="b", kind="financiert", label="subsidie", strength=3)])
    data = render.vis_data(doc)
    titles = [n["title"] for n in data["nodes"]] + [e["title"] for e in data["edges"]]
    made = canvas._Map("v1", canvas_payload(data, key="k", hulls=cluster_hulls(data)))
    sent = json.loads(made.full())
    assert all("title" not in item for item in sent["nodes"] + sent["edges"])
    text = made.full().decode()
    # Not one tooltip line as render writes it, nor the words only a tooltip uses, for each thing.
    lines = {line for title in titles for line in title.splitlines()} - {"Gemeente", "GGD", "subsidie",
                                                                        "financiert", "Belt terug"}
    assert lines and not [line for line in lines if json.dumps(line)[1:-1] in text]
    assert text.count("Kwadrant") == 1 and text.count("Sterkte") == 1  # once, in the words
    nodes = {n["id"]: n for n in sent["nodes"]}
    assert nodes["a"]["tip"] == {"k": "organisation", "i": 3, "b": 3, "a": 0, "o": "Stad", "n": "Belt terug"}
    assert sent["edges"][0]["tip"] == {"s": 3, "x": ["financiert", "subsidie"]}
    assert sent["tips"]["clusters"] == {"cl_a": "Wonen"}


def test_a_caller_without_tooltip_facts_keeps_its_title():
    p = canvas_payload({"nodes": [{"id": "a", "label": "A", "title": "A\nuitleg"}]}, key="k")
    assert p["nodes"][0]["title"] == "A\nuitleg" and p["tips"] is None
