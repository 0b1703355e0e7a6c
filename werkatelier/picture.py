"""The stakeholder map as a picture: SVG from the stored positions, PNG through resvg, PDF through fpdf2."""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape

from werkatelier.geometry import (
    CORNER_RADIUS,
    FONT_FAMILY,
    FONT_FILE,
    FONT_FILE_BOLD,
    FONT_SIZE,
    HULL_PAD,
    LINE_HEIGHT,
    MARGIN,
    SHAPE,
    label_lines,
    stakeholder_box,
    text_width,
    vertical_metrics,
)
from werkatelier.layout import positions
from werkatelier.model import Session
from werkatelier.palette import NO_CLUSTER_COLOUR, cluster_colours, text_colour
from werkatelier.privacy import public_view
from werkatelier.render import EDGE_COLOUR, EDGE_WIDTH

#: As the canvas draws clusters (static/canvas.js drawHulls): padding around members, fill and line alpha.
HULL_FILL, HULL_LINE = 0.16, 0.55
HULL_FONT = 20
EDGE_FONT = 13
#: Relation labels are drawn on maps with at most this many relations, as the canvas does at its first zoom.
EDGE_LABELS_UP_TO = 300
#: Space (px) around the drawing.
PAD = 40.0
TITLE_FONT, SUBTITLE_FONT, LEGEND_FONT = 28, 16, 16
#: Title and legend are drawn at their sizes up to maps this wide or high (px), larger on bigger maps.
FRAME_PER = 1200.0
#: The SVG declares the size the whole map has on a projector (its longer side at most this, px,
#: never enlarged); its viewBox keeps the map's own coordinates.
SHOWN_MAX = 1920
#: A PNG is drawn at this many times that size, so it stays sharp when projected ...
PNG_SCALE = 2.0
#: ... but never more pixels than this (resvg's time grows with the pixels, about 1 s per 14 MP).
PNG_MAX_PIXELS = 40_000_000

# Characters XML 1.0 cannot hold (and lone surrogates, which no file can): dropped, the rest stays text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """User text as a picture or report can hold it: control characters out, everything else literal.

    >>> clean("<b>A&B</b>\\x07")
    '<b>A&B</b>'
    """
    return _NOT_XML.sub("", str(text))


# --- font metrics ---------------------------------------------------------------------------------

def ascent(size: float) -> float:
    return vertical_metrics()[0] * size


def descent(size: float) -> float:
    """Below the baseline, as a positive number."""
    return vertical_metrics()[1] * size


def _baseline_offset(size: float) -> float:
    """From the middle of a line to its baseline, so the line's ink sits centred."""
    return (ascent(size) - descent(size)) / 2


# --- the drawing, in map coordinates --------------------------------------------------------------

@dataclass(frozen=True)
class PostIt:
    id: str
    x: float
    y: float
    w: float
    h: float
    shape: str
    radius: float
    fill: str
    border: str
    border_width: float
    dashed: bool
    ink: str
    lines: tuple[str, ...]
    size: float
    cluster: str | None


def _darker(colour: str, factor: float) -> str:
    r, g, b = (int(int(colour[i:i + 2], 16) * factor) for i in (1, 3, 5))
    return f"#{r:02x}{g:02x}{b:02x}"


def _fitted_size(lines: list[str], size: float, room: float) -> float:
    """The label's font size: the post-it's own, smaller only if the shipped font runs wider than the box."""
    widest = max(text_width(line, size) for line in lines)
    return size if widest <= room or widest == 0 else size * room / widest * 0.98


def postits(doc: Session, *, seed: int | None = None) -> list[PostIt]:
    """Every stakeholder of doc as the canvas draws it: at its stored position (layout's for the unplaced),
    in its cluster's colour, its shape by kind, its border by attitude."""
    colours = cluster_colours(doc)
    pos = positions(doc, seed=seed) if any(not s.placed for s in doc.stakeholders) else {}
    out = []
    for s in doc.stakeholders:
        x, y = (s.x, s.y) if s.placed else pos[s.id]
        w, h = stakeholder_box(s)
        fill = colours.get(s.cluster or "", NO_CLUSTER_COLOUR)
        lines = [clean(line) for line in label_lines(s.name)]
        size = FONT_SIZE[s.influence]
        shape = SHAPE[s.kind]
        radius = CORNER_RADIUS[s.kind]
        if shape == "ellipse":
            room = w - len(lines) * size * LINE_HEIGHT
            drawn_w, drawn_h = w, h
        else:  # vis widens a box's bounding box by its corner radius; the drawn box is that much smaller
            drawn_w, drawn_h = w - 2 * radius, h - 2 * radius
            room = drawn_w - 2 * MARGIN
        out.append(PostIt(s.id, float(x), float(y), drawn_w, drawn_h, shape, radius, fill,
                          _darker(fill, 0.6) if fill != "#000000" else "#666666", 1 + abs(s.attitude),
                          s.attitude < 0, text_colour(fill), tuple(lines), _fitted_size(lines, size, room),
                          s.cluster if s.cluster in colours else None))
    return out


def _hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Andrew's monotone chain, as the canvas uses it.

    >>> _hull([(0, 0), (2, 0), (1, 1), (2, 2), (0, 2)])
    [(0, 0), (2, 0), (2, 2), (0, 2)]
    """
    pts = sorted(set(points))
    if len(pts) < 3:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    upper: list[tuple[float, float]] = []
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _rounded(poly: list[tuple[float, float]], radius: float) -> str:
    """An SVG path of the polygon with rounded corners (the canvas's arcTo, as quadratic curves)."""
    n = len(poly)
    if n == 1:
        (x, y), r = poly[0], radius
        return (f"M{x - r:.1f},{y:.1f}a{r:.1f},{r:.1f} 0 1,0 {2 * r:.1f},0"
                f"a{r:.1f},{r:.1f} 0 1,0 {-2 * r:.1f},0Z")
    mid = [((poly[i][0] + poly[(i + 1) % n][0]) / 2, (poly[i][1] + poly[(i + 1) % n][1]) / 2)
           for i in range(n)]
    d = [f"M{mid[-1][0]:.1f},{mid[-1][1]:.1f}"]
    for i, (px, py) in enumerate(poly):
        prev, nxt = mid[i - 1], mid[i]
        a = _towards((px, py), prev, radius)
        b = _towards((px, py), nxt, radius)
        d.append(f"L{a[0]:.1f},{a[1]:.1f}Q{px:.1f},{py:.1f} {b[0]:.1f},{b[1]:.1f}")
    d.append(f"L{mid[-1][0]:.1f},{mid[-1][1]:.1f}Z")
    return "".join(d)


def _towards(p: tuple[float, float], q: tuple[float, float], dist: float) -> tuple[float, float]:
    dx, dy = q[0] - p[0], q[1] - p[1]
    length = math.hypot(dx, dy)
    if length == 0:
        return p
    k = min(dist, length) / length
    return p[0] + dx * k, p[1] + dy * k


def _edge_end(p: PostIt, dx: float, dy: float) -> float:
    """How far from p's centre, along (dx, dy) of unit length, its outline lies."""
    if p.shape == "ellipse":
        a, b = p.w / 2, p.h / 2
        return 1 / math.sqrt((dx / a) ** 2 + (dy / b) ** 2)
    tx = (p.w / 2) / abs(dx) if dx else math.inf
    ty = (p.h / 2) / abs(dy) if dy else math.inf
    return min(tx, ty)


class _Svg:
    """SVG text built in order; every piece of user text passes through ``text``."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, piece: str) -> None:
        self.parts.append(piece)

    def text(self, x: float, y: float, content: str, size: float, fill: str, *, anchor: str = "middle",
             bold: bool = False, cls: str = "") -> None:
        weight = ' font-weight="bold"' if bold else ""
        klass = f' class="{cls}"' if cls else ""
        self.add(f'<text{klass} x="{x:.1f}" y="{y:.1f}" font-family="{FONT_FAMILY}" font-size="{size:.2f}"'
                 f'{weight} fill="{fill}" text-anchor="{anchor}">{escape(clean(content))}</text>')


def _frame(doc: Session, lang: str) -> tuple[str, str]:
    from werkatelier.render import format_date

    e = doc.meta.event
    subtitle = " · ".join(p for p in (doc.meta.programme, e.name, format_date(e.date, lang), e.location) if p)
    return clean(doc.meta.title), clean(subtitle)


def draw(view: Session, *, lang: str = "nl", title: bool = True, legend: bool = True,
         seed: int | None = None) -> str:
    """The map of an already public view as SVG text (px units), with title and legend if asked.

    One ``<g class="postit">`` per stakeholder holds its shape and its label lines; all text is
    escaped, so a name with markup stays a name.
    """
    from werkatelier import i18n

    notes = postits(view, seed=seed)
    by_id = {p.id: p for p in notes}
    colours = cluster_colours(view)
    body = _Svg()
    # Bounds of the map itself, hulls and their names included.
    xs = [p.x - p.w / 2 - p.border_width for p in notes] + [p.x + p.w / 2 + p.border_width for p in notes]
    ys = [p.y - p.h / 2 - p.border_width for p in notes] + [p.y + p.h / 2 + p.border_width for p in notes]

    # Cluster areas under everything, as on the canvas.
    members: dict[str, list[PostIt]] = {}
    for p in notes:
        if p.cluster is not None:
            members.setdefault(p.cluster, []).append(p)
    hull_names = []
    for c in view.clusters:
        ms = members.get(c.id)
        if not ms:
            continue
        pts = []
        for p in ms:
            hw, hh = p.w / 2 + HULL_PAD, p.h / 2 + HULL_PAD
            pts += [(p.x - hw, p.y - hh), (p.x + hw, p.y - hh), (p.x + hw, p.y + hh), (p.x - hw, p.y + hh)]
        poly = _hull(pts)
        colour = colours[c.id]
        body.add(f'<path class="hull" d="{_rounded(poly, HULL_PAD)}" fill="{colour}" '
                 f'fill-opacity="{HULL_FILL}" stroke="{colour}" stroke-opacity="{HULL_LINE}" '
                 'stroke-width="2"/>')
        top = min(poly, key=lambda q: (q[1], q[0]))
        left = min(q[0] for q in poly if q[1] <= top[1] + 1)
        hull_names.append((left + 6, top[1] - 4, c.name, colour))
        xs += [q[0] for q in poly]
        ys += [q[1] for q in poly] + [top[1] - 4 - HULL_FONT]
        xs.append(left + 6 + text_width(clean(c.name), HULL_FONT, bold=True))
    for x, y, name, colour in hull_names:
        w = text_width(clean(name), HULL_FONT, bold=True)
        body.add(f'<rect x="{x - 3:.1f}" y="{y - HULL_FONT * 0.95:.1f}" width="{w + 6:.1f}" '
                 f'height="{HULL_FONT * 1.15:.1f}" rx="4" fill="#ffffff" fill-opacity="0.85"/>')
        body.text(x, y - descent(HULL_FONT) * 0.6, name, HULL_FONT, _darker(colour, 0.55), anchor="start",
                  bold=True, cls="cluster")

    # Relations, with arrowheads for directed ones and a bend for a second relation of one pair.
    shown = [r for r in view.relations if r.source in by_id and r.target in by_id]
    labels_on = len(shown) <= EDGE_LABELS_UP_TO
    pairs: Counter[tuple[str, str]] = Counter()
    edge_labels = []
    for r in shown:
        a, b = by_id[r.source], by_id[r.target]
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy) or 1.0
        ux, uy = dx / length, dy / length
        width = EDGE_WIDTH[r.strength]
        pair = (r.source, r.target) if r.source < r.target else (r.target, r.source)
        nth = pairs[pair]
        pairs[pair] += 1
        end_x, end_y = b.x - ux * _edge_end(b, ux, uy), b.y - uy * _edge_end(b, ux, uy)
        if nth:
            bend = 0.2 * ((nth + 1) // 2) * length * (1 if nth % 2 else -1)
            cx, cy = (a.x + b.x) / 2 - uy * bend, (a.y + b.y) / 2 + ux * bend
            mx, my = (a.x + 2 * cx + b.x) / 4, (a.y + 2 * cy + b.y) / 4
            d = f"M{a.x:.1f},{a.y:.1f}Q{cx:.1f},{cy:.1f} {b.x:.1f},{b.y:.1f}"
            tx, ty = b.x - cx, b.y - cy
            tl = math.hypot(tx, ty) or 1.0
            ux, uy = tx / tl, ty / tl
            end_x, end_y = b.x - ux * _edge_end(b, ux, uy), b.y - uy * _edge_end(b, ux, uy)
        else:
            mx, my = (a.x + b.x) / 2, (a.y + b.y) / 2
            d = f"M{a.x:.1f},{a.y:.1f}L{b.x:.1f},{b.y:.1f}"
        body.add(f'<path class="relation" d="{d}" fill="none" stroke="{EDGE_COLOUR}" '
                 f'stroke-width="{width}"/>')
        if r.directed:
            size = 10 + 2 * width
            bx, by = end_x - ux * size, end_y - uy * size
            px, py = -uy * size * 0.45, ux * size * 0.45
            body.add(f'<path class="arrow" d="M{end_x:.1f},{end_y:.1f}L{bx + px:.1f},{by + py:.1f}'
                     f'L{bx - px:.1f},{by - py:.1f}Z" fill="{EDGE_COLOUR}"/>')
        label = clean(r.label or r.kind)
        if labels_on and label:
            if len(label) > 30:
                label = label[:29].rstrip() + "…"
            edge_labels.append((mx, my, label))
    # Post-its over the relations, their labels over everything.
    for p in notes:
        dash = ' stroke-dasharray="6 4"' if p.dashed else ""
        stroke = f'fill="{p.fill}" stroke="{p.border}" stroke-width="{p.border_width}"{dash}'
        if p.shape == "ellipse":
            shape = f'<ellipse cx="{p.x:.1f}" cy="{p.y:.1f}" rx="{p.w / 2:.1f}" ry="{p.h / 2:.1f}" {stroke}/>'
        else:
            shape = (f'<rect x="{p.x - p.w / 2:.1f}" y="{p.y - p.h / 2:.1f}" width="{p.w:.1f}" '
                     f'height="{p.h:.1f}" rx="{p.radius}" {stroke}/>')
        body.add(f'<g class="postit" data-id="{p.id}">{shape}')
        lh = p.size * LINE_HEIGHT
        top = p.y - len(p.lines) * lh / 2
        for i, line in enumerate(p.lines):
            body.text(p.x, top + (i + 0.5) * lh + _baseline_offset(p.size), line, p.size, p.ink)
        body.add("</g>")
    for mx, my, label in edge_labels:
        w = text_width(label, EDGE_FONT)
        body.add(f'<rect x="{mx - w / 2 - 3:.1f}" y="{my - EDGE_FONT * 0.65:.1f}" width="{w + 6:.1f}" '
                 f'height="{EDGE_FONT * 1.3:.1f}" fill="#ffffff" fill-opacity="0.85"/>')
        body.text(mx, my + _baseline_offset(EDGE_FONT), label, EDGE_FONT, "#222222", cls="relation-label")

    if not notes:
        empty = i18n.t("picture.empty", lang)
        body.text(0, 0, empty, LEGEND_FONT, "#555555", anchor="start")
        xs, ys = [0.0, text_width(empty, LEGEND_FONT)], [-LEGEND_FONT, 0.0]
    left, right, top_, bottom = min(xs) - PAD, max(xs) + PAD, min(ys) - PAD, max(ys) + PAD
    width = max(right - left, 400.0)

    # Title and legend grow with the map, so they stay readable when the whole map is shown.
    k = max(1.0, max(right - left, bottom - top_) / FRAME_PER)
    tf, sf, lf, pad = TITLE_FONT * k, SUBTITLE_FONT * k, LEGEND_FONT * k, PAD * k
    head = _Svg()
    head_h = 0.0
    if title:
        name, subtitle = _frame(view, lang)
        head.text(pad, pad + tf * 0.8, name, tf, "#1a1a1a", anchor="start", bold=True)
        head_h = pad + tf * 1.2
        if subtitle:
            head.text(pad, head_h + sf, subtitle, sf, "#444444", anchor="start")
            head_h += sf * 1.6
        width = max(width, pad + max(text_width(name, tf, bold=True), text_width(subtitle, sf)) + pad)
    foot = _Svg()
    foot_h = 0.0
    if legend and notes:
        entries = [(colours[c.id], c.name) for c in view.clusters if members.get(c.id)]
        if any(p.cluster is None for p in notes):
            entries.append((NO_CLUSTER_COLOUR, i18n.t("picture.no_cluster", lang)))
        x, row = pad, 0
        for colour, name in entries:
            w = lf * 1.6 + text_width(clean(name), lf) + lf * 1.5
            if x + w > width - pad and x > pad:
                x, row = pad, row + 1
            y = row * lf * 1.8
            foot.add(f'<rect x="{x:.1f}" y="{y:.1f}" width="{lf * 1.1:.1f}" height="{lf * 1.1:.1f}" '
                     f'rx="{lf * 0.2:.1f}" fill="{colour}" stroke="{_darker(colour, 0.6)}"/>')
            foot.text(x + lf * 1.6, y + lf * 0.55 + _baseline_offset(lf), name, lf, "#1a1a1a", anchor="start")
            x += w
        foot_h = (row + 1) * lf * 1.8 + pad / 2

    height = head_h + (bottom - top_) + foot_h
    fit = min(1.0, SHOWN_MAX / max(width, height))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width * fit:.0f}" height="{height * fit:.0f}" '
           f'viewBox="0 0 {width:.0f} {height:.0f}">',
           f'<rect width="{width:.0f}" height="{height:.0f}" fill="#ffffff"/>',
           *head.parts,
           f'<g class="map" transform="translate({-left:.1f},{head_h - top_:.1f})">', *body.parts, "</g>",
           f'<g class="legend" transform="translate(0,{head_h + bottom - top_:.1f})">', *foot.parts, "</g>",
           "</svg>"]
    return "\n".join(out)


def size_of(svg_text: str) -> tuple[float, float]:
    """Width and height (px) an SVG made by :func:`draw` declares."""
    m = re.search(r'<svg[^>]* width="([\d.]+)" height="([\d.]+)"', svg_text)
    if not m:
        raise ValueError("not an SVG drawn by werkatelier.picture")
    return float(m.group(1)), float(m.group(2))


# --- the formats ----------------------------------------------------------------------------------

def to_svg(doc: Session, *, include_confidential: bool = False, lang: str = "nl",
           seed: int | None = None) -> str:
    """The map as a standalone SVG: title, the map with its clusters, and the legend."""
    return draw(public_view(doc, include_confidential=include_confidential), lang=lang, seed=seed)


def svg_to_png(svg_text: str, *, scale: float = PNG_SCALE) -> bytes:
    """SVG to PNG with resvg and the shipped font only, so every laptop draws the same picture."""
    import resvg_py

    w, h = size_of(svg_text)
    scale = min(scale, math.sqrt(PNG_MAX_PIXELS / max(w * h, 1.0)))
    # No background option: the SVG paints its own white, and resvg's fill costs as much again.
    return bytes(resvg_py.svg_to_bytes(svg_string=svg_text, zoom=scale,
                                       font_files=[str(FONT_FILE), str(FONT_FILE_BOLD)],
                                       skip_system_fonts=True, font_family=FONT_FAMILY,
                                       sans_serif_family=FONT_FAMILY))


def to_png(doc: Session, *, include_confidential: bool = False, lang: str = "nl", scale: float = PNG_SCALE,
           seed: int | None = None) -> bytes:
    """The map as PNG at ``scale`` times its size (2 by default: sharp on a projector)."""
    svg_text = to_svg(doc, include_confidential=include_confidential, lang=lang, seed=seed)
    return svg_to_png(svg_text, scale=scale)


PAPER: dict[str, tuple[float, float]] = {"A4": (297.0, 210.0), "A3": (420.0, 297.0)}
#: Page margin (mm).
PAGE_MARGIN = 10.0


def new_pdf(orientation: str = "P", paper: str = "A4"):
    """An fpdf2 document with the shipped font embedded under its own name, regular and bold."""
    from fpdf import FPDF

    pdf = FPDF(orientation=orientation, unit="mm", format=paper)
    pdf.add_font(FONT_FAMILY, "", str(FONT_FILE))
    pdf.add_font(FONT_FAMILY, "B", str(FONT_FILE_BOLD))
    pdf.set_font(FONT_FAMILY, size=10)
    pdf.set_creator("Werkatelier")
    return pdf


def place_svg(pdf, svg_text: str, x: float, y: float, w: float, h: float) -> None:
    """Draw the SVG as vectors, as large as fits in the box (x, y, w, h) in mm, centred."""
    sw, sh = size_of(svg_text)
    k = min(w / sw, h / sh)
    dw, dh = sw * k, sh * k
    pdf.image(io.BytesIO(svg_text.encode("utf-8")), x=x + (w - dw) / 2, y=y + (h - dh) / 2, w=dw, h=dh)


def to_pdf(doc: Session, *, include_confidential: bool = False, lang: str = "nl", paper: str = "A4",
           seed: int | None = None) -> bytes:
    """The map on one landscape page of ``paper`` (A4 or A3), drawn as vectors with the shipped font."""
    if paper not in PAPER:
        raise ValueError(f"paper is one of {', '.join(PAPER)}, not {paper!r}")
    view = public_view(doc, include_confidential=include_confidential)
    svg_text = draw(view, lang=lang, seed=seed)
    pdf = new_pdf("L", paper)
    pdf.set_title(clean(view.meta.title))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    w, h = PAPER[paper]
    place_svg(pdf, svg_text, PAGE_MARGIN, PAGE_MARGIN, w - 2 * PAGE_MARGIN, h - 2 * PAGE_MARGIN)
    return bytes(pdf.output())


#: Format name -> file extension, for the CLI and the map page.
PICTURE_FORMATS: dict[str, str] = {"svg": ".svg", "png": ".png", "pdf": ".pdf"}
MEDIA_TYPES: dict[str, str] = {"svg": "image/svg+xml", "png": "image/png", "pdf": "application/pdf"}


def picture(doc: Session, format: str, *, include_confidential: bool = False, lang: str = "nl",
            paper: str = "A4") -> bytes:
    """The map in one of PICTURE_FORMATS as bytes."""
    if format == "svg":
        return to_svg(doc, include_confidential=include_confidential, lang=lang).encode("utf-8")
    if format == "png":
        return to_png(doc, include_confidential=include_confidential, lang=lang)
    if format == "pdf":
        return to_pdf(doc, include_confidential=include_confidential, lang=lang, paper=paper)
    raise ValueError(f"format is one of {', '.join(PICTURE_FORMATS)}, not {format!r}")


def file_name(doc: Session, format: str, paper: str = "A4", today: date | None = None) -> str:
    """A download name from the title, never a path: 'team-6-werkatelier-iv-kaart-a3-2019-06-04.pdf'."""
    from werkatelier.tabular import fold

    stem = re.sub(r"[^a-z0-9]+", "-", fold(doc.meta.title)).strip("-")[:60] or "werkatelier"
    size = f"-{paper.lower()}" if format == "pdf" else ""
    return f"{stem}-kaart{size}-{(today or date.today()).isoformat()}{PICTURE_FORMATS[format]}"
