"""`werkatelier report` and `werkatelier export --format svg|png|pdf`, on the demo sessions."""

from __future__ import annotations

from pypdf import PdfReader

from werkatelier import cli, demo, i18n
from werkatelier.store import FileStore


def seeded(tmp_path):
    root = tmp_path / "data"
    demo.seed_examples(FileStore(root), demo.EXAMPLES_DIR, data_dir=root, report=lambda _: None)
    return root


def text_of(path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


def test_report_writes_pdf_and_docx_with_changes_since_the_carried_from_session(tmp_path, capsys):
    root = seeded(tmp_path)
    out = tmp_path / "verslag.pdf"
    assert cli.main(["--data-dir", str(root), "report", "s_team6wa4", "--out", str(out), "--lang", "en"]) == 0
    assert "confidential items left out" in capsys.readouterr().out
    text = text_of(out)
    for key in ("report.section.changes", "report.confidential_left_out"):
        assert "".join(i18n.t(key, "en").split()) in text
    docx = tmp_path / "verslag.docx"
    assert cli.main(["--data-dir", str(root), "report", "s_team6wa4", "--out", str(docx),
                     "--include-confidential"]) == 0
    assert docx.read_bytes()[:2] == b"PK"


def test_report_refuses_other_extensions_and_writes_nothing(tmp_path, capsys):
    root = seeded(tmp_path)
    out = tmp_path / "verslag.txt"
    assert cli.main(["--data-dir", str(root), "report", "s_team6wa4", "--out", str(out)]) == 2
    assert ".docx or .pdf" in capsys.readouterr().err
    assert not out.exists()


def test_export_pictures(tmp_path):
    root = seeded(tmp_path)
    for fmt, magic in (("svg", b"<svg"), ("png", b"\x89PNG"), ("pdf", b"%PDF")):
        out = tmp_path / f"kaart.{fmt}"
        args = ["--data-dir", str(root), "export", "s_team6wa2", "--format", fmt, "--out", str(out)]
        assert cli.main(args) == 0
        assert out.read_bytes().startswith(magic)
    a3 = tmp_path / "a3.pdf"
    assert cli.main(["--data-dir", str(root), "export", "s_team6wa2", "--format", "pdf", "--paper", "A3",
                     "--out", str(a3)]) == 0
    assert round(float(PdfReader(a3).pages[0].mediabox.width)) == 1191
