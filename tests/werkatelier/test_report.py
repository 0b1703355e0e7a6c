"""The day's report: PDF read back with pypdf, DOCX with python-docx, pages looked at through pdftoppm."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest
from docx import Document
from docx.oxml.ns import qn
from PIL import Image
from pypdf import PdfReader

from sessions import big_map
from werkatelier import document, i18n, report, report_pdf
from werkatelier.model import Action, Interview, Meta, Participant, Persona, Round, Session, Stakeholder
from werkatelier.store import FileStore

EXAMPLES = Path(__file__).resolve().parents[2] / "sessions" / "examples"
TEAM6 = sorted(p.name for p in EXAMPLES.glob("team6-*.json"))
REFERENCE = (Path(__file__).resolve().parents[1] / "fixtures" / "report"
             / "team6-werkatelier-4-map-page-nl.png")
#: Reference pages are compared downscaled to this size, in grey, by mean absolute difference (0-255).
COMPARE_SIZE = (240, 170)
MAX_DIFFERENCE = 6.0


def example(name: str) -> Session:
    return document.loads((EXAMPLES / name).read_bytes())


def squashed(text: str) -> str:
    """Text with all white space removed: lines wrap differently in Word, PDF and the model."""
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    return "".join(node.text or "" for node in doc.element.body.iter(qn("w:t")))


def expected(section: report.Section) -> list[str]:
    """What a reader must find of a section: its heading and every piece of text in it."""
    out = [section.title]
    for b in section.blocks:
        if isinstance(b, report.Table):
            out += [cell for row in [b.header, *b.rows] for cell in row if cell]
        else:
            out += [s for s in report._block_text(b) if s]
    return out


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[str, str], tuple[report.Report, bytes, bytes]]:
    out = {}
    for name in TEAM6:
        doc = example(name)
        previous = example("team6-werkatelier-2.json") if doc.meta.carried_from == "s_team6wa2" else None
        for lang in ("nl", "en"):
            r = report.build(doc, lang=lang, previous=previous)
            out[name, lang] = (r, report.render(r, "pdf"), report.render(r, "docx"))
    return out


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", TEAM6)
def test_pdf_and_docx_hold_every_section_heading_and_its_content(rendered, name, lang):
    r, pdf, docx = rendered[name, lang]
    pdf_text = squashed("".join(pdf_pages(pdf)))
    word_text = squashed(docx_text(docx))
    for section in r.sections:
        for piece in expected(section):
            assert squashed(report_pdf._text(piece)) in pdf_text, (section.key, piece)
            assert squashed(piece) in word_text, (section.key, piece)


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("name", TEAM6)
def test_the_report_follows_the_seeds_order_and_leaves_out_empty_sections(rendered, name, lang):
    r, _, _ = rendered[name, lang]
    doc = example(name)
    keys = [s.key for s in r.sections]
    assert keys == [k for k in report.SECTIONS if k in keys]
    assert ("map" in keys) == bool(doc.stakeholders)
    assert ("personas" in keys) == bool(doc.personas)
    assert ("changes" in keys) == (doc.meta.carried_from == "s_team6wa2")
    assert {"team", "question", "rounds", "actions"} <= set(keys)
    text = r.text()
    # What the session holds, not only what the model says: people, answers, actions, cards.
    for thing in [*(p.name for p in doc.participants), *(a.action for a in doc.actions),
                  *(ans for rnd in doc.rounds for ans in rnd.answers),
                  *(w for p in doc.personas for w in p.wishes + p.needs + p.interests + p.frustrations),
                  *(i for v in doc.interviews if not v.confidential for i in v.insights + v.quotes)]:
        assert thing in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_first_page_says_whether_confidential_items_are_included(rendered, lang):
    r, pdf, docx = rendered["team6-werkatelier-4.json", lang]
    first = squashed(pdf_pages(pdf)[0])
    assert squashed(i18n.t("report.confidential_left_out", lang)) in first
    assert squashed(r.title) in first
    assert squashed(i18n.t("report.confidential_left_out", lang)) in squashed(docx_text(docx))
    doc = example("team6-werkatelier-4.json")
    with_secrets = report.report_bytes(doc, "pdf", lang=lang, include_confidential=True)
    assert squashed(i18n.t("report.confidential_included", lang)) in squashed(pdf_pages(with_secrets)[0])


def secrets_of(doc: Session) -> list[str]:
    names = [s.name for s in doc.stakeholders if s.confidential]
    for v in doc.interviews:
        if v.confidential:
            names += [*v.insights, *v.quotes]  # its role may be on the map in public too
    return names


def all_bytes_of_docx(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in z.namelist())


@pytest.mark.parametrize("name", ["team6-werkatelier-2.json", "team6-werkatelier-4.json"])
def test_no_confidential_name_anywhere_without_the_flag(rendered, name):
    doc = example(name)
    secret = secrets_of(doc)
    assert secret
    for lang in ("nl", "en"):
        _, pdf, docx = rendered[name, lang]
        pdf_text = "".join(pdf_pages(pdf))
        word = all_bytes_of_docx(docx)
        for s in secret:
            assert s not in pdf_text
            assert s.encode("utf-8") not in pdf and s.encode("utf-16-be") not in pdf
            assert s.encode("utf-8") not in word
    # And with the flag they are there, so the test above could fail.
    with_flag = docx_text(report.report_bytes(doc, "docx", include_confidential=True))
    assert all(squashed(s) in squashed(with_flag) for s in secret)


def test_changes_since_last_time_from_the_carried_from_session(tmp_path):
    store = FileStore(tmp_path)
    before = store.add(example("team6-werkatelier-2.json"), keep_id=True)
    after = store.add(example("team6-werkatelier-4.json"), keep_id=True)
    previous = report.previous_of(store, after)
    assert previous is not None and previous.id == before.id
    r = report.build(after, previous=previous)
    changes = next(s for s in r.sections if s.key == "changes")
    text = "\n".join(expected(changes))
    added = {s.name for s in after.stakeholders if not s.confidential} - {s.name for s in before.stakeholders}
    assert added and all(name in text for name in added)
    assert not any(name in text for name in secrets_of(after) + secrets_of(before))
    assert report.previous_of(store, before) is None


def hostile() -> Session:
    marks = ["<script>alert(1)</script>", '=HYPERLINK("http://x.invalid","klik")', "{nb} **vet** <b>",
             "Bel\x7fle[31m", "&amp; ]]>"]
    return Session(
        meta=Meta(title="<i>Verslag</i> {nb}", programme="=1+1"),
        participants=[Participant(name=m, function=m, organisation=m) for m in marks],
        stakeholders=[Stakeholder(name=m, capacity=m, contact_for=m, x=i * 300.0, y=0.0)
                      for i, m in enumerate(marks)],
        personas=[Persona(name=marks[0], wishes=marks, quote=marks[2], avatar="<b>")],
        interviews=[Interview(interviewee=marks[1], insights=marks, quotes=marks)],
        rounds=[Round(prompt=marks[2], answers=marks)],
        actions=[Action(action=m, who=m, when=m) for m in marks])


def test_hostile_text_stays_text_in_both():
    doc = hostile()
    pdf_text = squashed("".join(pdf_pages(report.report_bytes(doc, "pdf"))))
    word_text = squashed(docx_text(report.report_bytes(doc, "docx")))
    for literal in ["<script>alert(1)</script>", '=HYPERLINK("http://x.invalid","klik")', "{nb}**vet**<b>",
                    "<i>Verslag</i>{nb}", "Belle[31m", "&amp;]]>"]:
        assert squashed(literal) in pdf_text, literal
        assert squashed(literal) in word_text, literal


def test_a_thousand_post_its_and_two_hundred_actions():
    doc = big_map().model_copy(update={"actions": [
        Action(action=f"Actie {i}: bel de wijkagent over het portiek", who=f"Persoon {i % 9}",
               when="eind juni", status=("open", "doing", "done")[i % 3]) for i in range(200)]})
    pdf = report.report_bytes(doc, "pdf")
    text = squashed("".join(pdf_pages(pdf)))
    assert squashed("Actie 199: bel de wijkagent") in text
    assert squashed("Belanghebbende 999 wijkteam") in text
    docx = report.report_bytes(doc, "docx")
    assert squashed("Actie 199: bel de wijkagent") in squashed(docx_text(docx))


def grey(png: bytes | Path) -> np.ndarray:
    image = Image.open(png if isinstance(png, Path) else io.BytesIO(png)).convert("L")
    return np.asarray(image.resize(COMPARE_SIZE, Image.Resampling.BOX), dtype=float)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
def test_map_page_looks_like_its_reference(rendered, tmp_path):
    """The map's landscape page, rendered by poppler, against the picture kept beside this test.

    After a deliberate change of the page, look at the new one and keep it:
    WERKATELIER_UPDATE_REFERENCE=1 pytest tests/test_report.py -k reference
    """
    _, pdf, _ = rendered["team6-werkatelier-4.json", "nl"]
    reader = PdfReader(io.BytesIO(pdf))
    page = next(i for i, p in enumerate(reader.pages, 1) if p.mediabox.width > p.mediabox.height)
    (tmp_path / "r.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), "-singlefile",
                    str(tmp_path / "r.pdf"), str(tmp_path / "page")], check=True, timeout=120)
    shot = (tmp_path / "page.png").read_bytes()
    if os.environ.get("WERKATELIER_UPDATE_REFERENCE"):
        REFERENCE.parent.mkdir(parents=True, exist_ok=True)
        REFERENCE.write_bytes(shot)
    difference = float(np.abs(grey(shot) - grey(REFERENCE)).mean())
    assert difference < MAX_DIFFERENCE, f"the map page differs from {REFERENCE.name} by {difference:.1f}"
    # And the comparison can tell pages apart: the first page is not the map page.
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(tmp_path / "r.pdf"), str(tmp_path / "first")], check=True, timeout=120)
    first = grey((tmp_path / "first.png").read_bytes())
    assert float(np.abs(first - grey(REFERENCE)).mean()) > MAX_DIFFERENCE
