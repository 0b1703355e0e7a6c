"""The day's report as DOCX the team edits in Word, via python-docx; the map a PNG on a landscape page."""

from __future__ import annotations

import io
import os

from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from werkatelier.picture import clean, size_of, svg_to_png
from werkatelier.report import Bullets, Card, Figure, Para, Report, Sub, Table

#: The map's PNG in Word at its shown size: a long side up to 1,920 px, about 280 dpi on A4 landscape;
#: more only makes the file bigger and slower to write (resvg's time grows with the pixels).
FIGURE_SCALE = 1.0
GREY = RGBColor(0x5A, 0x5A, 0x5A)
ACCENT = RGBColor(0x00, 0x72, 0xB2)
CARD_FILL = "DEEBF7"
HEAD_FILL = "EEEEEE"


def _t(value: object) -> str:
    """User text as Word holds it: literally, without the control characters XML cannot carry."""
    return clean(str(value))


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def _field(paragraph, code: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word fills in."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), code)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    paragraph._p.append(fld)


def _frame(section, report: Report) -> None:
    section.different_first_page_header_footer = True
    head = section.header.paragraphs[0]
    head.text = ""
    r = head.add_run(f"{_t(report.words['kind'])} · {_t(report.title)}")
    r.font.size, r.font.color.rgb = Pt(8), GREY
    foot = section.footer.paragraphs[0]
    foot.text = ""
    for holder in (section.footer, section.first_page_footer):
        p = holder.paragraphs[0]
        p.text = ""
        r = p.add_run(_t(report.words["made_with"]) + "    ")
        r.font.size, r.font.color.rgb = Pt(8), GREY
        before, _, rest = report.words["page"].partition("{n}")
        middle, _, after = rest.partition("{total}")
        for piece, code in ((before, "PAGE"), (middle, "NUMPAGES"), (after, None)):
            if piece:
                run = p.add_run(piece)
                run.font.size, run.font.color.rgb = Pt(8), GREY
            if code:
                _field(p, code)


class _Styles:
    """Styles looked up once: python-docx finds a style by name with a scan of all of them."""

    def __init__(self, doc) -> None:
        self.bullet = doc.styles["List Bullet"]
        self.quote = doc.styles["Quote"]
        self.caption = doc.styles["Caption"]
        self.grid = doc.styles["Table Grid"]


def _para(doc, text: str, style: str = "body"):
    if style == "quote":
        return doc.add_paragraph(_t(text), style=doc._wa_styles.quote)
    p = doc.add_paragraph()
    run = p.add_run(_t(text))
    if style == "lead":
        run.font.size = Pt(12)
    elif style == "note":
        run.font.size, run.font.color.rgb = Pt(9), GREY
    elif style == "label":
        run.bold = True
        p.paragraph_format.space_after = Pt(2)
        p.paragraph_format.keep_with_next = True
    return p


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _table(doc, table: Table, width_cm: float) -> None:
    n = len(table.header)
    t = doc.add_table(rows=1 + len(table.rows), cols=n)
    t.style = doc._wa_styles.grid
    t.autofit = False
    total = sum(table.widths)
    widths = [Cm(width_cm * w / total) for w in table.widths]
    for r, values in enumerate([table.header, *table.rows]):
        cells = t.rows[r].cells
        for c, value in enumerate(values):
            cell = cells[c]
            cell.width = widths[c]
            p = cell.paragraphs[0]
            run = p.add_run(_t(value))
            run.font.size = Pt(9.5)
            if r == 0:
                run.bold = True
                _shade(cell, HEAD_FILL)
    _repeat_header(t.rows[0])
    doc.add_paragraph()


def _bullets(doc, items: list[str]) -> None:
    for item in items:
        doc.add_paragraph(_t(item), style=doc._wa_styles.bullet)


def _card(doc, card: Card, width_cm: float) -> None:
    t = doc.add_table(rows=2, cols=1)
    t.style = doc._wa_styles.grid
    head, body = t.rows[0].cells[0], t.rows[1].cells[0]
    head.width = body.width = Cm(width_cm)
    _shade(head, CARD_FILL)
    p = head.paragraphs[0]
    name = f"{_t(card.avatar)}  {_t(card.title)}" if card.avatar else _t(card.title)
    r = p.add_run(name)
    r.bold, r.font.size = True, Pt(13)
    if card.subtitle:
        r = head.add_paragraph().add_run(_t(card.subtitle))
        r.font.color.rgb = GREY
    first = body.paragraphs[0]
    if card.background:
        first.add_run(_t(card.background))
    for label, items in card.fields:
        p = body.add_paragraph()
        p.add_run(_t(label)).bold = True
        p.paragraph_format.space_after = Pt(0)
        for item in items:
            body.add_paragraph(_t(item), style=doc._wa_styles.bullet)
    if card.quote:
        r = body.add_paragraph().add_run(_t(card.quote))
        r.font.color.rgb, r.font.size = ACCENT, Pt(11)
    doc.add_paragraph()


def _new_section(doc, landscape: bool):
    old = doc.sections[-1]
    sec = doc.add_section(WD_SECTION.NEW_PAGE)
    short, long_ = sorted((old.page_width, old.page_height))
    sec.different_first_page_header_footer = False  # only the report's own first page has no header
    sec.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = (long_, short) if landscape else (short, long_)
    return sec


def _usable(section) -> tuple[float, float]:
    w = section.page_width - section.left_margin - section.right_margin
    h = section.page_height - section.top_margin - section.bottom_margin
    return w / 360000, h / 360000  # EMU per cm


def _figure(doc, figure: Figure, heading: str) -> None:
    sec = _new_section(doc, landscape=True)
    doc.add_heading(_t(heading), level=1)
    w_cm, h_cm = _usable(sec)
    h_cm -= 3.2  # the heading and the caption
    sw, sh = size_of(figure.svg)
    k = min(w_cm / sw, h_cm / sh)
    png = svg_to_png(figure.svg, scale=FIGURE_SCALE)
    pic = doc.add_paragraph().add_run().add_picture(io.BytesIO(png), width=Cm(sw * k), height=Cm(sh * k))
    pic._inline.docPr.set("descr", _t(figure.alt))  # alt text for screen readers
    doc.add_paragraph(_t(figure.caption), style=doc._wa_styles.caption)


def write(report: Report, *, template: str | os.PathLike[str] | None = None) -> bytes:
    """The report as DOCX bytes; ``template`` is a house-style .docx whose styles it uses (Title,
    Heading 1 and 2, List Bullet, Quote, Caption, Table Grid must exist in it)."""
    doc = Document(template) if template else Document()
    doc._wa_styles = _Styles(doc)
    doc.core_properties.title = _t(report.title)
    doc.core_properties.author = "Werkatelier"
    doc.core_properties.language = report.lang
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    for s in (sec,):
        s.left_margin = s.right_margin = Cm(2.0)
    _frame(sec, report)

    kind = doc.add_paragraph()
    r = kind.add_run(_t(report.words["kind"]))
    r.font.size, r.font.color.rgb = Pt(14), GREY
    doc.add_heading(_t(report.title), level=0)
    facts = doc.add_table(rows=len(report.facts), cols=2)
    for row, (label, value) in zip(facts.rows, report.facts, strict=True):
        row.cells[0].width, row.cells[1].width = Cm(3.5), Cm(13.5)
        row.cells[0].paragraphs[0].add_run(_t(label)).bold = True
        row.cells[1].paragraphs[0].add_run(_t(value))
    doc.add_paragraph()
    box = doc.add_table(rows=1, cols=1)
    cell = box.rows[0].cells[0]
    _shade(cell, "FDECC8" if report.confidential_included else HEAD_FILL)
    cell.paragraphs[0].add_run(_t(report.confidential)).bold = True

    for section in report.sections:
        blocks = list(section.blocks)
        if blocks and isinstance(blocks[0], Figure):
            _figure(doc, blocks.pop(0), section.title)
        else:
            if doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE:
                _new_section(doc, landscape=False)
            doc.add_heading(_t(section.title), level=1)
        for b in blocks:
            if not isinstance(b, Figure) and doc.sections[-1].orientation == WD_ORIENT.LANDSCAPE:
                _new_section(doc, landscape=False)
            width = _usable(doc.sections[-1])[0]
            if isinstance(b, Sub):
                doc.add_heading(_t(b.text), level=2)
            elif isinstance(b, Para):
                _para(doc, b.text, b.style)
            elif isinstance(b, Bullets):
                _bullets(doc, b.items)
            elif isinstance(b, Table):
                _table(doc, b, width)
            elif isinstance(b, Card):
                _card(doc, b, width)
            elif isinstance(b, Figure):
                _figure(doc, b, section.title)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
