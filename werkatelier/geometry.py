"""Post-it size, in one place: the shipped font and its metrics, label wrapping, the box vis draws."""

from __future__ import annotations

import base64
import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from werkatelier.model import Stakeholder

FONTS = Path(__file__).parent / "static" / "fonts"
#: The CSS family name the canvas, the projector, the HTML export and print views register the
#: shipped font under. It is the font's own family name, so the TTF can be installed as is too.
FONT_FAMILY = "Atkinson Hyperlegible"
FONT_FILE = FONTS / "AtkinsonHyperlegible-Regular.ttf"
FONT_FILE_BOLD = FONTS / "AtkinsonHyperlegible-Bold.ttf"
#: vis-network's ``face`` and CSS's ``font-family``: the shipped font first; the generic family
#: only for characters it lacks, which are measured with FALLBACK_EM.
FONT_FACE = f"'{FONT_FAMILY}', sans-serif"

#: Label font size (px) by influence: influential stakeholders stand out on the projector, and
#: even the least is the canvas's minimum (components/canvas MIN_FONT_SIZE), so layout's boxes hold.
FONT_SIZE: dict[int, int] = {1: 18, 2: 20, 3: 22, 4: 25, 5: 28}
#: Shape by kind; all keep the label inside, so the post-it's size follows from its label.
SHAPE: dict[str, str] = {"organisation": "box", "person": "ellipse", "group": "box"}
#: Corner radius (px) of box shapes: square-ish organisations, pill-shaped groups.
CORNER_RADIUS: dict[str, int] = {"organisation": 3, "person": 0, "group": 16}
#: Space (px) between label and border for the box and database shapes.
MARGIN = 10
WRAP_CHARS = 18
#: A single word up to this long keeps its own line whole; Dutch compounds run long.
LONG_WORD_CHARS = 24
MAX_LINES = 3
#: vis draws each label line this many font sizes high.
LINE_HEIGHT = 1.0

#: Advance (em) reserved for a character the shipped font lacks (emoji, CJK, Ĳ): the browser
#: draws it in some fallback font we cannot know. Noto Color Emoji, the emoji font of Linux and
#: ChromeOS, advances 2550/2048 = 1.245 em; CJK fonts advance 1 em and DejaVu Sans at most about
#: 1.2 em for Latin letters, so 1.3 em keeps the box from ever being too small for them.
FALLBACK_EM = 1.3
#: Characters that join or modify the one before them (combining accents, variation selectors,
#: the zero-width joiner in emoji sequences): drawn without advance when the font lacks them.
_NO_ADVANCE = {"Mn", "Me", "Cf"}


@lru_cache(maxsize=2)
def advances(path: Path = FONT_FILE) -> dict[int, float]:
    """Advance width in em of every character in the font at ``path``, read once from its
    ``cmap`` and ``hmtx`` tables.

    Kerning (the ``GPOS`` table) is left out: the canvas's ``measureText`` applies it, and in a
    text face like this one kerning pairs narrow a line, so the sum of advances is the
    generous side of what the browser measures.

    >>> a = advances()
    >>> a[ord("W")] > a[ord("i")] > 0, ord("🏠") in a
    (True, False)
    """
    font = TTFont(path, lazy=True)
    try:
        per_em = font["head"].unitsPerEm
        metrics = font["hmtx"].metrics
        return {cp: metrics[glyph][0] / per_em for cp, glyph in font.getBestCmap().items()}
    finally:
        font.close()


def char_em(ch: str) -> float:
    """Width of one character in em: the shipped font's advance, or FALLBACK_EM if it lacks it.

    >>> char_em("ë") == char_em("e"), char_em("🏠") == FALLBACK_EM, char_em("\\u200d")
    (True, True, 0.0)
    """
    em = advances().get(ord(ch))
    if em is not None:
        return em
    return 0.0 if unicodedata.category(ch) in _NO_ADVANCE else FALLBACK_EM


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Width in px of one line of ``text`` drawn at ``size`` px in the shipped font.

    >>> round(text_width("Gemeente", 22), 1)
    100.7
    >>> text_width("Gemeente", 22, bold=True) > text_width("Gemeente", 22)
    True
    """
    table = advances(FONT_FILE_BOLD if bold else FONT_FILE)
    em = 0.0
    for ch in text:
        a = table.get(ord(ch))
        em += a if a is not None else char_em(ch)
    return em * size


def has_glyph(ch: str) -> bool:
    """Whether the shipped font draws ``ch`` itself (a PDF, unlike a browser, has no fallback font).

    >>> has_glyph("ë"), has_glyph("🏠")
    (True, False)
    """
    return ord(ch) in advances()


@lru_cache(maxsize=1)
def vertical_metrics() -> tuple[float, float]:
    """Ascent and descent (below the baseline, positive) of the shipped font, in em.

    >>> a, d = vertical_metrics()
    >>> 0.7 < a < 1.1, 0.1 < d < 0.4
    (True, True)
    """
    font = TTFont(FONT_FILE, lazy=True)
    try:
        per_em = font["head"].unitsPerEm
        return font["hhea"].ascent / per_em, -font["hhea"].descent / per_em
    finally:
        font.close()


def label_lines(name: str) -> list[str]:
    """A name as the post-it shows it: wrapped at word boundaries, at most MAX_LINES lines.

    >>> label_lines("Gemeente Utrecht, afdeling Wonen en Zorg voor ouderen in de wijk")
    ['Gemeente Utrecht,', 'afdeling Wonen en', 'Zorg voor ouderen…']
    >>> label_lines("Thuiszorgorganisatie Zorgzaam")
    ['Thuiszorgorganisatie', 'Zorgzaam']
    """
    lines: list[str] = []
    line = ""
    for word in name.split():
        # Greedy fill, as textwrap does, at a fraction of its cost on big maps.
        if line and len(line) + 1 + len(word) <= WRAP_CHARS:
            line += " " + word
            continue
        if line:
            lines.append(line)
        while len(word) > LONG_WORD_CHARS:
            lines.append(word[:LONG_WORD_CHARS])
            word = word[LONG_WORD_CHARS:]
        line = word
    lines.append(line)
    if len(lines) > MAX_LINES:
        lines = lines[:MAX_LINES]
        lines[-1] = lines[-1][:WRAP_CHARS - 1].rstrip() + "…"
    return lines


#: A cluster's shaded area reaches this far (px) beyond its post-its' boxes, on the canvas and in
#: pictures; its title stands this high above the area.
HULL_PAD = 22.0
HULL_TITLE = 30.0


@lru_cache(maxsize=32_768)  # a quick add lays out next to every post-it already there: sized once each
def postit_box(name: str, kind: str = "organisation", influence: int = 3) -> tuple[float, float]:
    """Width and height in px of the bounding box vis gives this stakeholder's post-it.

    >>> w, h = postit_box("Gemeente")
    >>> w == text_width("Gemeente", FONT_SIZE[3]) + 2 * MARGIN + 2 * CORNER_RADIUS["organisation"]
    True
    >>> h == FONT_SIZE[3] + 2 * MARGIN + 2 * CORNER_RADIUS["organisation"]
    True
    """
    size = FONT_SIZE[influence]
    lines = label_lines(name)
    tw = max(text_width(line, size) for line in lines)
    th = len(lines) * size * LINE_HEIGHT
    if SHAPE[kind] == "ellipse":  # vis: width = text width + text height, height = 2 x text height
        return tw + th, 2 * th
    # vis widens a box's bounding box by its corner radius on every side.
    pad = 2 * MARGIN + 2 * CORNER_RADIUS[kind]
    return tw + pad, th + pad


def stakeholder_box(s: Stakeholder) -> tuple[float, float]:
    """:func:`postit_box` of a stakeholder, at the size its influence gives its label."""
    return postit_box(s.name, s.kind, s.influence)


def font_face_css(regular_url: str, bold_url: str) -> str:
    """``@font-face`` rules registering the shipped font as FONT_FAMILY from these URLs.

    ``font-display: block``: a label drawn in a fallback font first would not fit its box.

    >>> print(font_face_css("r.ttf", "b.ttf").splitlines()[1][:75])
    @font-face { font-family: 'Atkinson Hyperlegible'; src: url("b.ttf") format
    """
    return "\n".join(
        f"@font-face {{ font-family: '{FONT_FAMILY}'; src: url(\"{url}\") format(\"truetype\"); "
        f"font-weight: {weight}; font-style: normal; font-display: block; }}"
        for url, weight in ((regular_url, 400), (bold_url, 700)))


@lru_cache(maxsize=1)
def embedded_font_css() -> str:
    """:func:`font_face_css` with both faces inlined as data URLs, for a page that must work offline."""
    def data_url(path: Path) -> str:
        return "data:font/ttf;base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    return font_face_css(data_url(FONT_FILE), data_url(FONT_FILE_BOLD))
