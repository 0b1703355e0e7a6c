"""Post-it size comes from the shipped font's own metrics, the same on every machine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from werkatelier import geometry
from werkatelier.geometry import (
    CORNER_RADIUS,
    FALLBACK_EM,
    FONT_FAMILY,
    FONT_FILE,
    FONT_FILE_BOLD,
    FONT_SIZE,
    LONG_WORD_CHARS,
    MARGIN,
    MAX_LINES,
    WRAP_CHARS,
    label_lines,
    postit_box,
    text_width,
)

ROOT = Path(__file__).resolve().parents[2]


def font_advance_px(text: str, size: float) -> float:
    """The width the font file itself gives ``text``, read independently of geometry."""
    font = TTFont(FONT_FILE)
    cmap, hmtx, per_em = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
    return sum(hmtx[cmap[ord(ch)]][0] for ch in text) / per_em * size


def test_the_shipped_font_is_there_with_its_licence_and_its_family_name():
    for path in (FONT_FILE, FONT_FILE_BOLD):
        assert path.is_file() and path.suffix == ".ttf"
        assert TTFont(path)["name"].getDebugName(1) == FONT_FAMILY
    licence = (FONT_FILE.parent / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE" in licence.upper()


@pytest.mark.parametrize("name", ["Woningcorporatie Het Anker", "Maatschappelijke dienstverlening",
                                  "Zoë Dekker — Coöperatie", "GGD regio Utrecht"])
def test_a_name_is_as_wide_as_the_sum_of_the_fonts_advances(name):
    for size in FONT_SIZE.values():
        assert text_width(name, size) == pytest.approx(font_advance_px(name, size))


def test_accented_letters_are_measured_as_the_font_draws_them_not_as_their_base_letter():
    # The font has its own glyphs for them; in this face they are as wide as the base letter.
    assert text_width("Zoë Coöperatie", 20) == pytest.approx(font_advance_px("Zoë Coöperatie", 20))
    assert text_width("é", 20) == pytest.approx(text_width("e", 20))


def test_characters_the_font_lacks_get_the_generous_fallback_width():
    assert text_width("🏠", 20) == pytest.approx(FALLBACK_EM * 20)
    assert text_width("🏠 Huurders", 20) == pytest.approx(FALLBACK_EM * 20 + font_advance_px(" Huurders", 20))
    assert text_width("Ĳssel", 20) == pytest.approx(FALLBACK_EM * 20 + font_advance_px("ssel", 20))
    # An emoji sequence's joiner and variation selector add nothing of their own.
    assert text_width("👩\u200d👧", 20) == pytest.approx(2 * FALLBACK_EM * 20)
    assert text_width("❤\ufe0f", 20) == pytest.approx(FALLBACK_EM * 20)


def test_long_names_wrap_at_words_and_stop_after_three_lines():
    lines = label_lines("Stichting Maatschappelijke Opvang en Begeleid Wonen regio Amersfoort en omstreken")
    assert len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert all(len(line) <= WRAP_CHARS for line in lines)
    assert label_lines("GGD") == ["GGD"]
    assert label_lines("Thuiszorgorganisatie Zorgzaam") == ["Thuiszorgorganisatie", "Zorgzaam"]
    word = "Rijksvastgoedbedrijfsontwikkelingsafdeling"
    assert label_lines(word) == [word[:LONG_WORD_CHARS], word[LONG_WORD_CHARS:]]


def test_postits_grow_with_influence_and_name():
    assert postit_box("Gemeente", influence=5) > postit_box("Gemeente", influence=1)
    assert postit_box("Gemeente Utrecht afdeling Wonen")[1] > postit_box("Gemeente")[1]
    assert postit_box("WWW")[0] > postit_box("iii")[0]
    assert postit_box("Gemeente", "group")[0] > postit_box("Gemeente", "organisation")[0]


def test_a_box_is_its_widest_line_plus_margins_and_an_ellipse_its_text_plus_its_height():
    name = "Woningcorporatie Het Anker"
    lines = label_lines(name)
    widest = max(font_advance_px(line, FONT_SIZE[5]) for line in lines)
    pad = 2 * MARGIN + 2 * CORNER_RADIUS["organisation"]
    th = len(lines) * FONT_SIZE[5]
    assert postit_box(name, "organisation", 5) == pytest.approx((widest + pad, th + pad))
    assert postit_box(name, "person", 5) == pytest.approx((widest + th, 2 * th))


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_no_import_loop_layout_and_geometry_do_not_import_render():
    layout_imports = imports(ROOT / "werkatelier" / "layout.py")
    geometry_imports = imports(Path(geometry.__file__))
    assert not any(m.startswith("werkatelier.render") for m in layout_imports | geometry_imports)
    assert not any(m.startswith("werkatelier.layout") for m in geometry_imports)
