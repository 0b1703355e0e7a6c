"""The day's report as PDF (A4, the map on a landscape page), written with fpdf2 and the shipped font."""

from __future__ import annotations

from werkatelier.geometry import FONT_FAMILY, has_glyph
from werkatelier.picture import PAGE_MARGIN, clean, new_pdf, place_svg
from werkatelier.report import Bullets, Card, Figure, Para, Report, Sub, Table

MARGIN = 20.0
TOP = 18.0
BOTTOM = 16.0
INK, GREY, LIGHT = (26, 26, 26), (90, 90, 90), (238, 238, 238)
ACCENT = (0, 114, 178)
#: Characters the shipped font lacks that have a plain stand-in; others it lacks are left out of
#: the PDF (the DOCX keeps them, in whatever font Word finds).
STAND_INS = {"→": "->", "←": "<-", "↔": "<->", "−": "-", "✎": "*", "\u00a0": " "}
#: Sizes (pt) by paragraph style.
SIZES = {"body": 10.5, "lead": 12.0, "quote": 10.5, "note": 9.0, "label": 10.5}


def _text(value: object) -> str:
    """User text as the PDF can show it: literally, minus what the font cannot draw."""
    text = clean(str(value))
    if text.isascii():
        return text
    out = []
    for ch in text:
        if ch in STAND_INS:
            out.append(STAND_INS[ch])
        elif has_glyph(ch) or ch in "\n\t":
            out.append(ch)
    return "".join(out)


def _pdf(report: Report):
    from fpdf import FPDF  # noqa: F401 - new_pdf returns one

    pdf = new_pdf("P", "A4")
    pdf.alias_nb_pages(None)  # "{nb}" typed by a user stays text; the footer switches it on for itself
    words = {k: _text(v) for k, v in report.words.items()}
    title = _text(report.title)

    def header() -> None:
        if pdf.page_no() == 1:
            return
        pdf.set_font(FONT_FAMILY, "", 8)
        pdf.set_text_color(*GREY)
        pdf.set_xy(pdf.l_margin, 8)
        pdf.cell(pdf.epw, 5, f"{words['kind']} · {title}", align="L")
        pdf.set_xy(pdf.l_margin, pdf.t_margin)

    def footer() -> None:
        pdf.set_y(-11)
        pdf.set_font(FONT_FAMILY, "", 8)
        pdf.set_text_color(*GREY)
        pdf.cell(pdf.epw / 2, 5, words["made_with"], align="L")
        before = pdf.str_alias_nb_pages
        pdf.alias_nb_pages("{nb}", align="L")
        pdf.cell(pdf.epw / 2, 5, words["page"].replace("{n}", str(pdf.page_no())).replace("{total}", "{nb}"),
                 align="R")
        pdf.alias_nb_pages(before, align="L")

    pdf.header = header
    pdf.footer = footer
    pdf.set_margins(MARGIN, TOP, MARGIN)
    pdf.set_auto_page_break(True, BOTTOM)
    pdf.set_title(title)
    pdf.set_lang("nl-NL" if report.lang == "nl" else "en-GB")
    return pdf


def _font(pdf, size: float, bold: bool = False, colour=INK) -> None:
    pdf.set_font(FONT_FAMILY, "B" if bold else "", size)
    pdf.set_text_color(*colour)


def _para(pdf, text: str, size: float = 10.5, *, bold: bool = False, colour=INK, indent: float = 0,
          after: float = 2.0) -> None:
    _font(pdf, size, bold, colour)
    pdf.set_x(pdf.l_margin + indent)
    pdf.multi_cell(pdf.epw - indent, size * 0.5, _text(text), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(after)


def _first_page(pdf, report: Report) -> None:
    pdf.add_page()
    pdf.ln(20)
    _para(pdf, report.words["kind"], 14, colour=GREY, after=1)
    _para(pdf, report.title, 24, bold=True, after=6)
    for label, value in report.facts:
        _font(pdf, 11, True)
        pdf.cell(38, 6.5, _text(label))
        _font(pdf, 11)
        pdf.multi_cell(pdf.epw - 38, 6.5, _text(value), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    _font(pdf, 10.5, True)
    pdf.set_fill_color(*((253, 236, 200) if report.confidential_included else LIGHT))
    pdf.multi_cell(pdf.epw, 6, _text(report.confidential), fill=True, padding=3,
                   new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)


def _heading(pdf, text: str) -> None:
    if pdf.get_y() > pdf.h - BOTTOM - 40:
        pdf.add_page()
    pdf.ln(4)
    _para(pdf, text, 16, bold=True, colour=ACCENT, after=3)


def _sub(pdf, text: str) -> None:
    if pdf.get_y() > pdf.h - BOTTOM - 25:
        pdf.add_page()
    pdf.ln(1.5)
    _para(pdf, text, 12, bold=True, after=1.5)


def _bullets(pdf, items: list[str]) -> None:
    _font(pdf, 10.5)
    for item in items:
        if pdf.will_page_break(6):  # the bullet goes with its text
            pdf.add_page()
        y = pdf.get_y()
        pdf.set_x(pdf.l_margin + 1.5)
        pdf.cell(4, 5.25, "•")
        pdf.set_xy(pdf.l_margin + 6, y)
        pdf.multi_cell(pdf.epw - 6, 5.25, _text(item), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(0.6)
    pdf.ln(1.5)


def _table(pdf, table: Table) -> None:
    from fpdf.fonts import FontFace

    total = sum(table.widths)
    _font(pdf, 9.5)
    pdf.set_draw_color(190, 190, 190)
    pdf.set_fill_color(255, 255, 255)
    with pdf.table(cell_fill_mode="NONE", col_widths=tuple(w / total * pdf.epw for w in table.widths),
                   width=pdf.epw, headings_style=FontFace(emphasis="BOLD", fill_color=LIGHT), line_height=4.8,
                   repeat_headings=1, text_align="LEFT", padding=1.2, markdown=False) as t:
        for row in [table.header, *table.rows]:
            r = t.row()
            for cell in row:
                r.cell(_text(cell))
    pdf.ln(3)


def _figure(pdf, figure: Figure, heading: str) -> None:
    pdf.add_page(orientation="L")
    _para(pdf, heading, 16, bold=True, colour=ACCENT, after=1)
    top = pdf.get_y()
    caption_h = 8
    place_svg(pdf, figure.svg, PAGE_MARGIN, top, pdf.w - 2 * PAGE_MARGIN, pdf.h - top - BOTTOM - caption_h)
    pdf.set_y(pdf.h - BOTTOM - caption_h + 1)
    _para(pdf, figure.caption, 9, colour=GREY, after=0)


def _portrait(pdf) -> None:
    """After the map's landscape page, what follows starts on a portrait one."""
    if pdf.cur_orientation == "L":
        pdf.add_page(orientation="P")


def _card(pdf, card: Card) -> None:
    if pdf.get_y() > pdf.h - BOTTOM - 70:
        pdf.add_page()
    pdf.set_fill_color(222, 235, 247)
    _font(pdf, 13, True)
    avatar = _text(card.avatar).strip()
    name = f"{avatar}  {_text(card.title)}" if avatar else _text(card.title)
    pdf.multi_cell(pdf.epw, 7, name, fill=True, padding=(2.5, 3, 0.5, 3), new_x="LMARGIN", new_y="NEXT")
    if card.subtitle:
        _font(pdf, 10.5, False, GREY)
        pdf.multi_cell(pdf.epw, 5.5, _text(card.subtitle), fill=True, padding=(0, 3, 2.5, 3),
                       new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2.5)
    if card.background:
        _para(pdf, card.background, 10, after=2)
    for label, items in card.fields:
        _para(pdf, label, 10.5, bold=True, after=0.5)
        _bullets(pdf, items)
    if card.quote:
        _para(pdf, card.quote, 11, colour=ACCENT, indent=4, after=2)
    pdf.set_draw_color(180, 180, 180)
    pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + pdf.epw, pdf.get_y())
    pdf.ln(6)


def write(report: Report) -> bytes:
    """The report as PDF bytes."""
    pdf = _pdf(report)
    _first_page(pdf, report)
    for section in report.sections:
        blocks = list(section.blocks)
        if blocks and isinstance(blocks[0], Figure):
            _figure(pdf, blocks.pop(0), section.title)
        else:
            _portrait(pdf)
            _heading(pdf, section.title)
        for b in blocks:
            if not isinstance(b, Figure):
                _portrait(pdf)
            if isinstance(b, Sub):
                _sub(pdf, b.text)
            elif isinstance(b, Para):
                size = SIZES.get(b.style, 10.5)
                colour = GREY if b.style in ("note", "quote") else INK
                _para(pdf, b.text, size, bold=b.style == "label", colour=colour,
                      indent=6 if b.style == "quote" else 0, after=0.5 if b.style == "label" else 2)
            elif isinstance(b, Bullets):
                _bullets(pdf, b.items)
            elif isinstance(b, Table):
                _table(pdf, b)
            elif isinstance(b, Card):
                _card(pdf, b)
            elif isinstance(b, Figure):
                _figure(pdf, b, section.title)
    pdf.alias_nb_pages("{nb}", align="L")  # on again, so output fills in the footers' page totals
    return bytes(pdf.output())
