"""What the canvas and the exported page show, and that user text stays text."""

from __future__ import annotations

import ast
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkatelier import i18n
from werkatelier.document import WerkatelierError
from werkatelier.geometry import CORNER_RADIUS, FONT_SIZE, label_lines
from werkatelier.model import Cluster, Event, Meta, Relation, Session, Stakeholder
from werkatelier.palette import (
    MIN_CONTRAST,
    MIN_DISTANCE,
    NO_CLUSTER_COLOUR,
    PALETTE,
    VARIATIONS,
    cluster_colours,
    contrast,
    distance,
    suggest_colour,
    text_colour,
)
from werkatelier.render import (
    export_html,
    format_date,
    network,
    vis_data,
    vis_js,
)

HOSTILE = ("</script><script>alert(1)</script>", "<img src=x onerror=alert(1)>")


def by_id(items):
    return {i["id"]: i for i in items}


def looks(data, node_id):
    """Fill and text colour of a post-it, as vis resolves them from its group."""
    node = by_id(data["nodes"])[node_id]
    group = data["options"]["groups"][node["group"]]
    return group["color"]["background"], group["font"]["color"]


# --- vis data -------------------------------------------------------------------------------------

def test_nodes_show_cluster_colour_kind_and_influence(small_session):
    data = vis_data(small_session)
    nodes = by_id(data["nodes"])
    corp, buurt = nodes["sh_corp"], nodes["sh_buurt"]
    assert corp["label"] == "Woningcorporatie"
    assert looks(data, "sh_corp") == ("#0072b2", "#ffffff")
    assert looks(data, "sh_zorg") == ("#e69f00", "#000000")
    assert set(data["options"]["groups"]) == {"cl_wonen", "cl_zorg"}
    assert (corp["shape"], buurt["shape"]) == ("box", "box")
    assert buurt["shapeProperties"]["borderRadius"] == CORNER_RADIUS["group"] > CORNER_RADIUS["organisation"]
    assert corp["font"]["size"] == FONT_SIZE[5] > buurt["font"]["size"] == FONT_SIZE[2]


def test_persons_are_ellipses_and_attitude_shows_in_the_border(small_session):
    small_session.stakeholders.append(Stakeholder(id="sh_wethouder", name="Wethouder", kind="person",
                                                  attitude=-2))
    data = vis_data(small_session)
    nodes = by_id(data["nodes"])
    assert nodes["sh_wethouder"]["shape"] == "ellipse"
    assert nodes["sh_wethouder"]["shapeProperties"]["borderDashes"] == [6, 4]
    assert nodes["sh_wethouder"]["borderWidth"] == 3
    assert nodes["sh_zorg"]["shapeProperties"]["borderDashes"] is False
    assert looks(data, "sh_wethouder")[0] == NO_CLUSTER_COLOUR


def test_placed_stakeholders_keep_their_place_and_the_rest_get_one(small_session):
    nodes = by_id(vis_data(small_session)["nodes"])
    assert (nodes["sh_zorg"]["x"], nodes["sh_zorg"]["y"], nodes["sh_zorg"]["placed"]) == (10.0, -20.0, True)
    assert nodes["sh_corp"]["placed"] is False
    assert (nodes["sh_corp"]["x"], nodes["sh_corp"]["y"]) != (nodes["sh_buurt"]["x"], nodes["sh_buurt"]["y"])
    options = vis_data(small_session)["options"]
    assert options["physics"] == {"enabled": False} and options["nodes"]["physics"] is False


def test_relations_show_arrows_labels_and_strength(small_session):
    edges = by_id(vis_data(small_session)["edges"])
    assert edges["re_1"]["arrows"] == "" and edges["re_2"]["arrows"] == "to"
    assert (edges["re_1"]["from"], edges["re_1"]["to"]) == ("sh_corp", "sh_buurt")
    assert edges["re_1"]["label"] == "overlegt met" and edges["re_2"]["label"] == "verwijst naar"
    assert edges["re_2"]["title"].splitlines()[0] == "Woningcorporatie → Wijkteam"


def test_a_relation_label_wins_over_its_kind_and_parallel_relations_bend(small_session):
    small_session.relations.append(Relation(id="re_3", source="sh_buurt", target="sh_corp", kind="financiert",
                                            label="huurkorting", strength=3))
    edges = by_id(vis_data(Session.model_validate(small_session.model_dump()))["edges"])
    assert edges["re_3"]["label"] == "huurkorting" and edges["re_3"]["width"] > edges["re_1"]["width"]
    assert "smooth" not in edges["re_1"]  # straight, as the options say
    assert edges["re_3"]["smooth"]["enabled"] is True


def test_tooltips_are_plain_text_in_the_chosen_language(small_session):
    small_session.stakeholders[0].notes = "<b>vet</b>"
    nl = by_id(vis_data(small_session)["nodes"])["sh_corp"]["title"]
    en = by_id(vis_data(small_session, lang="en")["nodes"])["sh_corp"]["title"]
    assert nl.splitlines()[:2] == ["Woningcorporatie", "Organisatie · Wonen"]
    assert "Kwadrant: Nauw betrekken" in nl and "Quadrant: Manage closely" in en
    assert "<b>vet</b>" in nl.splitlines()  # kept verbatim: the page shows it as text
    with pytest.raises(WerkatelierError, match="Unknown language 'de'"):
        vis_data(small_session, lang="de")


def test_the_words_of_tooltips_and_dates_come_from_the_locale_files(small_session):
    corp = small_session.stakeholders[0]  # an organisation, influence 5, interest 4, attitude +1
    corp.capacity, corp.tags, corp.confidential = "Verhuurder", ["wonen"], True
    for lang, expected in (("nl", ["Organisatie · Wonen", "Hoedanigheid: Verhuurder",
                                   "Invloed 5 · Belang 4 · Houding: positief", "Kwadrant: Nauw betrekken",
                                   "Tags: wonen", "Vertrouwelijk"]),
                           ("en", ["Organisation · Wonen", "Capacity: Verhuurder",
                                   "Influence 5 · Interest 4 · Attitude: positive",
                                   "Quadrant: Manage closely",
                                   "Tags: wonen", "Confidential"])):
        title = by_id(vis_data(small_session, lang=lang)["nodes"])["sh_corp"]["title"]
        assert title.splitlines()[1:] == expected
        t = i18n.catalogue(lang)
        assert expected[0].startswith(t["render.kind.organisation"])
        assert expected[2].endswith(t["render.attitude.positive"])
        assert expected[3].endswith(t["quadrant.manage_closely"])
        assert format_date(Event(date="2019-03-14").date, lang) == f"14 {t['render.month.03']} 2019"


def test_render_and_analysis_hold_no_words_of_their_own():
    """Every word a person reads lives in the locale files; these modules only look them up."""
    here = Path(__file__).resolve().parents[2] / "werkatelier"
    for module in ("render.py", "analysis.py", "charts.py"):
        tree = ast.parse((here / module).read_text(encoding="utf-8"))
        docs = {id(n.body[0].value) for n in ast.walk(tree)
                if isinstance(n, ast.Module | ast.FunctionDef | ast.ClassDef) and n.body
                and isinstance(n.body[0], ast.Expr)}  # docstrings hold doctests, which show words
        strings = " | ".join(n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                             and isinstance(n.value, str) and id(n) not in docs)
        for word in ("Zonder cluster", "No cluster", "Nauw betrekken", "Manage closely", "zeer negatief",
                     "Hoedanigheid", "februari", "Gemaakt met Werkatelier"):
            assert word not in strings, (module, word)


def test_confidential_stakeholders_and_their_relations_can_be_left_out(small_session):
    small_session.stakeholders[2].confidential = True
    shown = vis_data(small_session, include_confidential=False)
    assert [n["id"] for n in shown["nodes"]] == ["sh_corp", "sh_buurt"]
    assert [e["id"] for e in shown["edges"]] == ["re_1"]
    assert "Vertrouwelijk" in by_id(vis_data(small_session)["nodes"])["sh_zorg"]["title"]


def test_legend_lists_clusters_in_use_and_the_unclustered(small_session):
    small_session.clusters.append(Cluster(id="cl_leeg", name="Leeg"))
    small_session.stakeholders.append(Stakeholder(id="sh_los", name="Los"))
    legend = vis_data(Session.model_validate(small_session.model_dump()))["legend"]
    assert [(e["name"], e["count"]) for e in legend] == [("Wonen", 2), ("Zorg", 1), ("Zonder cluster", 1)]


def test_vis_data_is_plain_json(small_session):
    data = vis_data(small_session)
    assert json.loads(json.dumps(data)) == data


def test_empty_session_has_no_nodes(empty_session):
    data = vis_data(empty_session)
    assert data["nodes"] == [] and data["edges"] == [] and data["legend"] == []


def test_pyvis_network_is_filled_as_add_node_would(small_session):
    net = network(small_session)
    assert net.get_nodes() == ["sh_corp", "sh_buurt", "sh_zorg"]
    assert net.num_edges() == 2
    assert net.get_node("sh_zorg")["x"] == 10.0
    assert net.neighbors("sh_corp") == {"sh_buurt", "sh_zorg"}


# --- colour ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    ("#000000", "#ffffff", 21.0), ("#767676", "#ffffff", 4.54), ("#777777", "#ffffff", 4.48),
    ("#ff0000", "#ffffff", 4.0), ("#0000ff", "#ffffff", 8.59)])
def test_contrast_matches_published_wcag_ratios(a, b, expected):
    assert contrast(a, b) == pytest.approx(expected, abs=0.01)


def test_every_palette_colour_gets_readable_text():
    for colour in (*PALETTE, NO_CLUSTER_COLOUR):
        assert contrast(colour, text_colour(colour)) >= MIN_CONTRAST


@given(st.integers(0, 0xFFFFFF))
def test_any_cluster_colour_gets_readable_text(value):
    colour = f"#{value:06x}"
    assert contrast(colour, text_colour(colour)) >= MIN_CONTRAST


def test_node_text_colour_follows_any_cluster_colour():
    clusters = [Cluster(id=f"c{i}", name=f"C{i}", colour=c)
                for i, c in enumerate(("#ffff00", "#000080", "#808080", "#7f7f7f", "#00ff00"))]
    doc = Session(meta=Meta(title="t"), clusters=clusters,
                  stakeholders=[Stakeholder(name=c.name, cluster=c.id) for c in clusters])
    data = vis_data(doc)
    for node in data["nodes"]:
        assert contrast(*looks(data, node["id"])) >= MIN_CONTRAST


def test_new_clusters_are_offered_the_next_free_palette_colour():
    assert suggest_colour([]) == PALETTE[0]
    assert suggest_colour([PALETTE[0], PALETTE[1].upper()]) == PALETTE[2]


def test_once_the_palette_is_used_up_new_clusters_get_clear_variations_that_stay_readable():
    used: list[str] = []
    for _ in range(40):
        used.append(suggest_colour(used))
    assert used[:len(PALETTE)] == list(PALETTE)
    distinct = list(dict.fromkeys(used))
    # Well past the palette every new cluster still looks different from all the others ...
    assert len(distinct) >= 2 * len(PALETTE) and used[:len(distinct)] == distinct
    for i, a in enumerate(distinct):
        assert distance(a, "#ffffff") >= MIN_DISTANCE and distance(a, NO_CLUSTER_COLOUR) >= MIN_DISTANCE, a
        assert contrast(a, text_colour(a)) >= MIN_CONTRAST, a
        for b in distinct[i + 1:]:
            assert distance(a, b) >= MIN_DISTANCE, (a, b)
    # ... and once nothing far enough is left, the least used palette colour comes round again.
    rest = used[len(distinct):]
    assert rest == [PALETTE[i % len(PALETTE)] for i in range(len(rest))]


def test_a_colour_chosen_by_hand_is_kept_away_from_by_the_next_suggestion():
    assert suggest_colour([*PALETTE, VARIATIONS[0].upper()]) == VARIATIONS[1]


def test_clusters_left_at_the_default_colour_still_differ():
    doc = Session(meta=Meta(title="t"), clusters=[Cluster(id=f"c{i}", name=f"C{i}") for i in range(3)]
                  + [Cluster(id="own", name="Eigen", colour="#E69F00")])
    colours = cluster_colours(doc)
    assert colours["own"] == "#e69f00"
    assert len(set(colours.values())) == 4 and set(colours.values()) <= set(PALETTE)


# --- the standalone page --------------------------------------------------------------------------

class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def hostile_session() -> Session:
    clusters = [Cluster(id="cl_a", name=HOSTILE[0]), Cluster(id="cl_b", name=HOSTILE[1], colour="#009e73")]
    stakeholders = [Stakeholder(id="sh_a", name=HOSTILE[0], cluster="cl_a", notes=HOSTILE[1]),
                    Stakeholder(id="sh_b", name=HOSTILE[1], cluster="cl_b", tags=["<svg onload=alert(1)>"]),
                    Stakeholder(id="sh_geheim", name="Geheime Informant", confidential=True)]
    relations = [Relation(id="re_a", source="sh_a", target="sh_b", kind="'; alert(1); '", label="&amp; <b>"),
                 Relation(id="re_g", source="sh_a", target="sh_geheim", kind="tipt")]
    meta = Meta(title=HOSTILE[0], programme="Wonen & Zorg",
                event=Event(name=HOSTILE[1], date="2019-02-07", location="Utrecht"))
    return Session(meta=meta, clusters=clusters, stakeholders=stakeholders, relations=relations)


def page_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="wa-data">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_export_carries_no_raw_markup_from_users():
    html = export_html(hostile_session())
    for payload in HOSTILE:
        assert payload not in html
    assert "<svg" not in html and "&amp; <b>" not in html
    tags = Tags()
    tags.feed(html)
    names = [t for t, _ in tags.tags]
    assert names.count("script") == 3
    assert not {"img", "svg", "iframe", "object", "embed", "link", "base"} & set(names)
    assert "<title>&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;</title>" in html


def test_export_data_block_holds_the_user_text_exactly():
    data = page_data(export_html(hostile_session()))
    assert data["page"]["title"] == HOSTILE[0]
    assert data["page"]["subtitle"] == f"Wonen & Zorg · {HOSTILE[1]} · 7 februari 2019 · Utrecht"
    assert [e["name"] for e in data["page"]["legend"]] == list(HOSTILE)
    assert {n["label"] for n in data["nodes"]} == {"\n".join(label_lines(h)) for h in HOSTILE}
    assert json.loads(data["options"])["physics"] == {"enabled": False}


def test_export_asks_nothing_of_the_network():
    html = export_html(hostile_session())
    tags = Tags()
    tags.feed(html)
    assert [(t, a) for t, a in tags.tags if "src" in a or "href" in a] == []
    csp = next(a["content"] for t, a in tags.tags
               if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    assert vis_js() in html
    # The bundle can be inlined only because nothing in it ends a script element.
    assert "</script" not in vis_js().lower() and "<!--" not in vis_js()


def test_export_leaves_confidential_stakeholders_out_unless_asked():
    assert "Geheime Informant" not in export_html(hostile_session())
    assert "tipt" not in export_html(hostile_session())
    assert "Geheime Informant" in export_html(hostile_session(), include_confidential=True)


def test_export_in_english(small_session):
    small_session.meta.event = Event(date="2025-03-12")
    data = page_data(export_html(small_session, lang="en"))
    assert data["page"]["subtitle"] == "12 March 2025" and data["page"]["legend_heading"] == "Clusters"
    assert data["page"]["footer"] == "Made with Werkatelier" and data["page"]["lang"] == "en"


def test_export_of_an_empty_session_says_so(empty_session):
    data = page_data(export_html(empty_session))
    assert data["nodes"] == [] and data["page"]["empty"] == "Nog geen stakeholders op deze kaart."
