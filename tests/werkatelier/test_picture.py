"""Pictures of the map: the SVG read back as XML, the PNG and the PDF page as a reader gets them."""

from __future__ import annotations

import io
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PIL import Image
from pypdf import PdfReader

from sessions import big_map
from werkatelier import document, picture
from werkatelier.geometry import label_lines
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder

EXAMPLES = Path(__file__).resolve().parents[2] / "sessions" / "examples"
NS = {"s": "http://www.w3.org/2000/svg"}
HOSTILE = ["<script>alert(1)</script>", '=HYPERLINK("http://x.invalid","klik")', "Bel\x7f & Co",
           "]]><!-- {nb} **vet**", "Ａｂｃ‮drow", "Zeer" + "lang" * 30]


def example(name: str) -> Session:
    return document.loads((EXAMPLES / name).read_bytes())


def postit_groups(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)
    return root.findall(".//s:g[@class='postit']", NS)


def box_of(shape: ET.Element) -> tuple[float, float, float, float]:
    """left, top, right, bottom of a post-it's rect or ellipse."""
    a = {k: float(v) for k, v in shape.attrib.items()
         if k in ("x", "y", "width", "height", "cx", "cy", "rx", "ry")}
    if shape.tag.endswith("ellipse"):
        return a["cx"] - a["rx"], a["cy"] - a["ry"], a["cx"] + a["rx"], a["cy"] + a["ry"]
    return a["x"], a["y"], a["x"] + a["width"], a["y"] + a["height"]


@pytest.mark.parametrize("name", ["team6-werkatelier-2.json", "team6-werkatelier-4.json",
                                  "team3-werkatelier-2.json"])
def test_svg_has_one_postit_per_public_stakeholder_and_every_label_inside_its_box(name):
    doc = example(name)
    svg = picture.to_svg(doc)
    groups = postit_groups(svg)
    public = [s for s in doc.stakeholders if not s.confidential]
    assert [g.get("data-id") for g in groups] == [s.id for s in public]
    for g in groups:
        shape, *texts = list(g)
        left, top, right, bottom = box_of(shape)
        assert texts, "every post-it shows its name"
        for t in texts:
            size, x, y = float(t.get("font-size")), float(t.get("x")), float(t.get("y"))
            w = picture.text_width(t.text, size)
            assert t.get("text-anchor") == "middle"
            assert left - 0.5 <= x - w / 2 and x + w / 2 <= right + 0.5, (t.text, left, right, x, w)
            assert top - 0.5 <= y - picture.ascent(size) and y + picture.descent(size) <= bottom + 0.5, t.text


def test_svg_draws_cluster_hulls_relations_arrows_and_legend():
    doc = example("team6-werkatelier-4.json")
    root = ET.fromstring(picture.to_svg(doc))
    used = {s.cluster for s in doc.stakeholders if not s.confidential}
    hulls = root.findall(".//s:path[@class='hull']", NS)
    assert len(hulls) == sum(c.id in used for c in doc.clusters)
    names = [t.text for t in root.findall(".//s:text[@class='cluster']", NS)]
    assert names == [c.name for c in doc.clusters if c.id in used]
    hidden = {s.id for s in doc.stakeholders if s.confidential}
    shown = [r for r in doc.relations if r.source not in hidden and r.target not in hidden]
    assert len(root.findall(".//s:path[@class='relation']", NS)) == len(shown)
    assert len(root.findall(".//s:path[@class='arrow']", NS)) == sum(r.directed for r in shown)
    legend = "".join(root.find(".//s:g[@class='legend']", NS).itertext())
    assert all(c.name in legend for c in doc.clusters if c.id in used)


def test_confidential_post_its_only_with_the_flag():
    doc = example("team6-werkatelier-2.json")
    secret = [s.name for s in doc.stakeholders if s.confidential]
    assert secret
    plain, full = picture.to_svg(doc), picture.to_svg(doc, include_confidential=True)
    assert not any(name in plain for name in secret)
    assert len(postit_groups(full)) == len(doc.stakeholders)


def hostile_session() -> Session:
    people = [Stakeholder(id=f"sh_{i}", name=name, kind=("person", "organisation", "group")[i % 3],
                          cluster="cl_x", x=i * 260.0, y=(i % 2) * 140.0) for i, name in enumerate(HOSTILE)]
    return Session(meta=Meta(title="<i>Kaart</i> & =1+1"),
                   clusters=[Cluster(id="cl_x", name="<b>Cluster</b>")], stakeholders=people,
                   relations=[Relation(source="sh_0", target="sh_1", label="<a href=x>", directed=True)])


def test_markup_and_control_characters_stay_text():
    svg = picture.to_svg(hostile_session())
    root = ET.fromstring(svg)  # parses: markup was escaped, control characters dropped
    text = " ".join("".join(t.itertext()) for t in root.iter(f"{{{NS['s']}}}text"))
    for name, g in zip(HOSTILE, postit_groups(svg), strict=True):
        # Each name exactly as the post-it wraps it, markup and all.
        assert [t.text for t in list(g)[1:]] == [picture.clean(line) for line in label_lines(name)]
    assert "Bel & Co" in text and "\x7f" not in svg
    assert "<b>Cluster</b>" in text and "<i>Kaart</i> & =1+1" in text
    assert not root.findall(".//s:script", NS)


def test_png_is_twice_the_shown_size_and_drawn_with_the_shipped_font():
    doc = example("team6-werkatelier-2.json")
    svg = picture.to_svg(doc)
    w, h = picture.size_of(svg)
    png = picture.svg_to_png(svg)
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert abs(image.width - 2 * w) <= 1 and abs(image.height - 2 * h) <= 1
    # Not a blank page: the post-its' colours are there.
    assert len(image.convert("RGB").resize((200, 200)).getcolors(40_000)) > 50


@pytest.mark.parametrize(("paper", "size"), [("A4", (842, 595)), ("A3", (1191, 842))])
def test_pdf_is_one_landscape_page_with_the_names_as_text(paper, size):
    doc = example("team6-werkatelier-4.json")
    reader = PdfReader(io.BytesIO(picture.to_pdf(doc, paper=paper)))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    text = reader.pages[0].extract_text()
    assert "Werkatelier IV" in text and "Rochdale" in text
    assert "Ronselaars" not in text  # confidential


def test_empty_map_still_draws():
    svg = picture.to_svg(Session(meta=Meta(title="Leeg")))
    assert postit_groups(svg) == []
    assert "Nog geen stakeholders" in svg
    assert picture.to_pdf(Session(meta=Meta(title="Leeg"))).startswith(b"%PDF")


def test_a_thousand_post_its_some_unplaced():
    svg = picture.to_svg(big_map())
    assert len(postit_groups(svg)) == 1_000
    assert picture.size_of(svg)[0] <= picture.SHOWN_MAX
