"""The exported map in headless Chromium, opened from disk: offline, inert user text, readable post-its."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from browser_support import CHROMIUM, CHROMIUM_ARGS
from playwright.sync_api import Page

from werkatelier.geometry import stakeholder_box
from werkatelier.model import Cluster, Event, Meta, Relation, Session, Stakeholder
from werkatelier.render import export_html

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[1] / "screenshots"
SCRIPT_PAYLOAD = "</script><script>alert(1)</script>"
IMG_PAYLOAD = "<img src=x onerror=alert(1)>"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1600, "height": 1000}}


def workshop_map() -> Session:
    """A believable housing-and-care map, with hostile names where a careless page would run them."""
    clusters = [Cluster(id="cl_wonen", name="Wonen", colour="#0072b2"),
                Cluster(id="cl_zorg", name="Zorg en welzijn", colour="#e69f00"),
                Cluster(id="cl_gemeente", name="Gemeente", colour="#009e73"),
                Cluster(id="cl_x", name=SCRIPT_PAYLOAD, colour="#cc79a7")]
    people = [
        ("sh_corp", "Woningcorporatie Het Anker", "organisation", "cl_wonen", 5, 4, 1, (0.0, 0.0)),
        ("sh_huurders", "Huurdersvereniging Oost", "group", "cl_wonen", 2, 5, 2, None),
        ("sh_beheer", "Wijkbeheerder", "person", "cl_wonen", 3, 4, 0, None),
        ("sh_bc", "Bewonerscommissie De Linde", "group", "cl_wonen", 2, 5, -1, None),
        ("sh_makelaar", "Verhuurmakelaar", "person", "cl_wonen", 2, 2, 0, None),
        ("sh_wijkteam", "Wijkteam Oost", "organisation", "cl_zorg", 3, 4, 1, None),
        ("sh_ggd", "GGD regio Utrecht", "organisation", "cl_zorg", 3, 3, 0, None),
        ("sh_thuiszorg", "Thuiszorgorganisatie Zorgzaam", "organisation", "cl_zorg", 3, 4, 1, None),
        ("sh_huisarts", "Huisartsenpraktijk", "organisation", "cl_zorg", 2, 3, 0, None),
        ("sh_mantel", "Mantelzorgers", "group", "cl_zorg", 1, 5, 2, None),
        ("sh_wethouder", "Wethouder Wonen", "person", "cl_gemeente", 5, 4, 0, (900.0, -300.0)),
        ("sh_beleid", "Beleidsadviseur Wmo", "person", "cl_gemeente", 3, 5, 1, None),
        ("sh_raad", "Gemeenteraad", "group", "cl_gemeente", 4, 2, -2, None),
        ("sh_x1", SCRIPT_PAYLOAD, "organisation", "cl_x", 4, 1, 0, None),
        ("sh_x2", IMG_PAYLOAD, "person", "cl_x", 1, 1, -1, None),
        ("sh_zv", "Zorgverzekeraar", "organisation", None, 4, 2, 0, None),
        ("sh_geheim", "Geheime Informant", "person", None, 2, 2, 0, None),
    ]
    stakeholders = []
    for sid, name, kind, cluster, inf, intr, att, pos in people:
        x, y = pos if pos else (None, None)
        stakeholders.append(Stakeholder(id=sid, name=name, kind=kind, cluster=cluster, influence=inf,
                                        interest=intr, attitude=att, x=x, y=y, notes=IMG_PAYLOAD,
                                        confidential=sid == "sh_geheim"))
    links = [("sh_corp", "sh_huurders", "overlegt met", False), ("sh_corp", "sh_beheer", "stuurt aan", True),
             ("sh_huurders", "sh_bc", "vertegenwoordigt", True),
             ("sh_corp", "sh_wijkteam", "verwijst naar", True),
             ("sh_wijkteam", "sh_ggd", "werkt samen met", False), ("sh_wijkteam", "sh_thuiszorg", "", False),
             ("sh_thuiszorg", "sh_mantel", "ondersteunt", True),
             ("sh_huisarts", "sh_wijkteam", "verwijst naar", True),
             ("sh_wethouder", "sh_beleid", "stuurt aan", True),
             ("sh_raad", "sh_wethouder", "controleert", True),
             ("sh_beleid", "sh_corp", "prestatieafspraken", False),
             ("sh_zv", "sh_thuiszorg", "financiert", True),
             ("sh_x1", "sh_x2", IMG_PAYLOAD, False), ("sh_x1", "sh_corp", SCRIPT_PAYLOAD, True),
             ("sh_geheim", "sh_wethouder", "tipt", True), ("sh_beheer", "sh_bc", "informeert", True)]
    relations = [Relation(source=a, target=b, kind=k, directed=d) for a, b, k, d in links]
    meta = Meta(title=f"Wonen met zorg {SCRIPT_PAYLOAD}", programme="Langer thuis",
                event=Event(name=IMG_PAYLOAD, date="2019-02-07", location="Utrecht"))
    return Session(meta=meta, clusters=clusters, stakeholders=stakeholders, relations=relations)


def open_export(page: Page, tmp_path: Path, doc: Session, **kwargs) -> dict:
    """Open the export from disk, recording every request, dialog and script error."""
    path = tmp_path / "kaart.html"
    path.write_text(export_html(doc, **kwargs), encoding="utf-8")
    seen = {"requests": [], "dialogs": [], "errors": [], "url": path.as_uri()}
    page.on("request", lambda r: seen["requests"].append(r.url))
    page.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on("console", lambda m: seen["errors"].append(m.text) if m.type == "error" else None)
    page.goto(seen["url"])
    page.wait_for_function("() => window.werkatelier && window.werkatelier.network")
    page.wait_for_timeout(300)  # let vis draw its first frame
    return seen


def test_export_runs_offline_and_shows_hostile_names_as_text(page: Page, tmp_path):
    seen = open_export(page, tmp_path, workshop_map())

    assert [u for u in seen["requests"] if u != seen["url"] and not u.startswith("data:")] == []
    assert seen["dialogs"] == [] and seen["errors"] == []
    assert page.evaluate("document.querySelectorAll('img, svg, iframe').length") == 0
    assert page.locator("script").count() == 3

    assert page.title() == f"Wonen met zorg {SCRIPT_PAYLOAD}"
    assert page.locator("#wa-title").inner_text() == f"Wonen met zorg {SCRIPT_PAYLOAD}"
    subtitle = f"Langer thuis · {IMG_PAYLOAD} · 7 februari 2019 · Utrecht"
    assert page.locator("#wa-subtitle").inner_text() == subtitle
    legend = page.locator("#wa-legend-list li .wa-name").all_inner_texts()
    assert legend == ["Wonen", "Zorg en welzijn", "Gemeente", SCRIPT_PAYLOAD, "Zonder cluster"]

    canvas = page.locator("#wa-network canvas")
    assert canvas.count() == 1
    box = canvas.bounding_box()
    assert box["width"] > 600 and box["height"] > 400
    # The canvas drew: a good share of its pixels are not the white background.
    inked = page.evaluate("""() => {
        const c = document.querySelector('#wa-network canvas');
        const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < px.length; i += 4) if (px[i] < 240 || px[i + 1] < 240 || px[i + 2] < 240) n++;
        return n / (px.length / 4);
    }""")
    assert inked > 0.02

    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "export_map.png"))


def test_tooltips_show_user_text_as_text(page: Page, tmp_path):
    seen = open_export(page, tmp_path, workshop_map())
    at = page.evaluate("""() => {
        const net = window.werkatelier.network;
        const p = net.canvasToDOM(net.getPosition('sh_x2'));
        const r = document.getElementById('wa-network').getBoundingClientRect();
        return {x: r.left + p.x, y: r.top + p.y};
    }""")
    page.mouse.move(at["x"] - 40, at["y"] - 40)
    page.mouse.move(at["x"], at["y"], steps=4)
    tip = page.locator("div.vis-tooltip")
    tip.wait_for(state="visible")
    assert tip.inner_text().splitlines()[0] == IMG_PAYLOAD
    assert page.evaluate("document.querySelectorAll('.vis-tooltip *:not(.wa-tip)').length") == 0
    page.wait_for_timeout(200)
    assert seen["dialogs"] == [] and seen["errors"] == []


def test_confidential_stakeholders_are_not_in_the_page(page: Page, tmp_path):
    open_export(page, tmp_path, workshop_map())
    ids = page.evaluate("window.werkatelier.network.body.data.nodes.getIds()")
    assert "sh_geheim" not in ids and "sh_corp" in ids
    assert "Geheime Informant" not in page.content()


def test_drawn_postits_match_the_size_layout_reserves_and_never_overlap(page: Page, tmp_path):
    doc = workshop_map()
    open_export(page, tmp_path, doc, include_confidential=True)
    drawn = page.evaluate("""() => {
        const net = window.werkatelier.network, out = {};
        for (const id of net.body.data.nodes.getIds()) {
            const b = net.getBoundingBox(id);
            out[id] = [b.left, b.top, b.right, b.bottom];
        }
        return out;
    }""")
    assert set(drawn) == {s.id for s in doc.stakeholders}
    for s in doc.stakeholders:
        left, top, right, bottom = drawn[s.id]
        w, h = stakeholder_box(s)
        # What layout reserves is never smaller than what vis draws.
        assert right - left <= w + 0.5 and bottom - top <= h + 0.5, (s.name, right - left, w, bottom - top, h)
    ids = list(drawn)
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            la, ta, ra, ba = drawn[a]
            lb, tb, rb, bb = drawn[b]
            assert ra <= lb or rb <= la or ba <= tb or bb <= ta, (a, b)


def test_an_empty_map_says_so(page: Page, tmp_path):
    seen = open_export(page, tmp_path, Session(meta=Meta(title="Lege kaart")))
    assert page.locator("#wa-empty").inner_text() == "Nog geen stakeholders op deze kaart."
    assert seen["errors"] == [] and seen["dialogs"] == []


NAMES = ("Woningcorporatie Het Anker", "Maatschappelijke dienstverlening Zuidoost-Utrecht",
         "Zoë Dekker — Coöperatie Ĳsselstreek", "🏠 Huurdersvereniging", "🏠 Huurders Oost",
         "Gemeente Utrecht",
         "Stichting Maatschappelijke Opvang en Begeleid Wonen regio Amersfoort en omstreken")


def test_post_its_are_drawn_in_the_shipped_font_at_the_size_layout_gives_them(page: Page, tmp_path):
    people = [Stakeholder(id=f"sh_{i}_{kind}_{inf}", name=name, kind=kind, influence=inf)
              for i, name in enumerate(NAMES) for kind in ("organisation", "person", "group")
              for inf in (1, 5)]
    doc = Session(meta=Meta(title="Lange namen"), stakeholders=people)
    seen = open_export(page, tmp_path, doc)
    assert seen["errors"] == []
    assert page.evaluate("document.fonts.check(\"16px 'Atkinson Hyperlegible'\")")
    assert page.evaluate("[...document.fonts].some(f => f.family.replace(/[\"']/g, '') === "
                         "'Atkinson Hyperlegible' && f.status === 'loaded')")
    drawn = page.evaluate("""() => {
        const net = window.werkatelier.network, out = {};
        for (const id of net.body.data.nodes.getIds()) {
            const b = net.getBoundingBox(id);
            out[id] = [b.right - b.left, b.bottom - b.top];
        }
        return out;
    }""")
    for s in people:
        w, h = stakeholder_box(s)
        dw, dh = drawn[s.id]
        # Never larger than layout's box, and not much smaller: the box is the font's own size.
        assert dw <= w + 0.5 and dh <= h + 0.5, (s.name, s.kind, s.influence, dw, w, dh, h)
        assert dw >= 0.92 * w and dh >= 0.92 * h, (s.name, s.kind, s.influence, dw, w, dh, h)


#: Records where the middle of every piece of text lands on the canvas, in CSS pixels of the canvas.
TEXT_SPY = """(() => {
    const fill = CanvasRenderingContext2D.prototype.fillText;
    window.__drawnText = [];
    CanvasRenderingContext2D.prototype.fillText = function (text, x, y, ...rest) {
        const w = this.measureText(text).width, align = this.textAlign;
        const shift = align === "center" ? 0 : (align === "right" || align === "end") ? -w / 2 : w / 2;
        const p = this.getTransform().transformPoint(new DOMPoint(x + shift, y));
        const r = window.devicePixelRatio || 1;
        window.__drawnText.push({text: String(text), x: p.x / r, y: p.y / r});
        return fill.call(this, text, x, y, ...rest);
    };
})();"""


@pytest.mark.parametrize(("tiwos", "rochdale"), [
    ((1000.0, 300.0), (600.0, 300.0)),  # level, drawn from right to left: vis's angle is exactly 0
    ((600.0, 300.0), (1000.0, 300.0)),  # level, left to right
    ((600.0, 100.0), (1000.0, 500.0)),  # slanted
], ids=["level-leftwards", "level-rightwards", "slanted"])
def test_a_relation_label_is_drawn_on_the_middle_of_its_line(page: Page, tmp_path, tiwos, rochdale):
    """Issue 16: "werkt samen met" of Tiwos→Rochdale floated at the canvas origin whenever the two
    post-its stood level with the source on the right (vis-network 9.1.2 skips moving to the
    line's middle when the label needs no rotation, yet draws it at 0,0 as if it had)."""
    doc = Session(meta=Meta(title="Samenwerking"), stakeholders=[
        Stakeholder(id="sh_tiwos", name="Tiwos", x=tiwos[0], y=tiwos[1]),
        Stakeholder(id="sh_rochdale", name="Rochdale", x=rochdale[0], y=rochdale[1]),
        Stakeholder(id="sh_gemeente", name="Gemeente", x=0.0, y=900.0)],
        relations=[Relation(source="sh_tiwos", target="sh_rochdale", kind="werkt samen met")])
    page.add_init_script(TEXT_SPY)
    seen = open_export(page, tmp_path, doc)
    page.evaluate("() => { window.__drawnText = []; window.werkatelier.network.redraw(); }")
    page.wait_for_timeout(200)
    where = page.evaluate("""() => {
        const net = window.werkatelier.network;
        const a = net.getPosition('sh_tiwos'), b = net.getPosition('sh_rochdale');
        return {middle: net.canvasToDOM({x: (a.x + b.x) / 2, y: (a.y + b.y) / 2}),
                origin: net.canvasToDOM({x: 0, y: 0}),
                drawn: window.__drawnText.filter(t => t.text === 'werkt samen met')};
    }""")
    assert seen["errors"] == []
    assert where["drawn"], "the relation's label was not drawn at all"
    for label in where["drawn"]:
        off = math.dist((label["x"], label["y"]), (where["middle"]["x"], where["middle"]["y"]))
        assert off < 12, (label, where["middle"], where["origin"])
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"export_relation_label_{tiwos[0]:.0f}_{tiwos[1]:.0f}.png"))
