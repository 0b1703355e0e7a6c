"""CSV: one table per file in, a zip of stakeholders.csv, relations.csv and clusters.csv out.

The files written are UTF-8 with a BOM and ``;`` between cells, what Dutch Excel opens as
is; every cell goes through :func:`werkatelier.tabular.neutralise`. Reading sniffs the
delimiter and the encoding, and takes a zip of CSV files (as written here) file by file.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from werkatelier.formats.notes import ImportRefused
from werkatelier.formats.parsed import Parsed
from werkatelier.formats.tables import ORDER, READ_ROWS, table_part, tables, take_table
from werkatelier.model import Session
from werkatelier.privacy import public_view
from werkatelier.tabular import read_csv, sheet_part, write_csv


def read(raw: bytes, name: str) -> Parsed:
    """One CSV file: stakeholders or relations, by its columns."""
    table = read_csv(raw, name, max_rows=READ_ROWS)
    rows = table.rows
    parsed = Parsed(name=name, format="csv", creates_named=True)
    parsed.remarks.extend(table.remarks)
    if not rows:
        raise ImportRefused("refused_no_rows", file=name)
    part = table_part(rows[0][1])
    if part is None:
        raise ImportRefused("refused_no_name_column", file=name)
    take_table(parsed, part, rows, "", table.unreadable)
    return parsed


def read_zip(raw: bytes, name: str, members: list[str], max_bytes: int) -> Parsed:
    """A zip of CSV files, as the CSV export writes it: each file's part by its name or columns.
    Each file may unpack to no more than one CSV upload may be (``max_bytes``)."""
    parsed = Parsed(name=name, format="csv", creates_named=True)
    found = []
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for member in members:
            if not member.lower().endswith(".csv") or member.endswith("/"):
                continue
            size = z.getinfo(member).file_size
            if size > max_bytes:
                raise ImportRefused("refused_member_size", file=name, member=member, mb=f"{size / 1e6:.1f}",
                                    limit=f"{max_bytes / 1e6:g}")
            table = read_csv(z.read(member), f"{name}: {member}", max_rows=READ_ROWS)
            rows = table.rows
            part = sheet_part(Path(member).stem) or (table_part(rows[0][1]) if rows else None)
            if part and rows:
                found.append((part, table, member))
    if not found:
        raise ImportRefused("refused_zip_no_tables", file=name)
    for part, table, member in sorted(found, key=lambda t: ORDER[t[0]]):
        parsed.remarks.extend(table.remarks)
        take_table(parsed, part, table.rows, member, table.unreadable)
    return parsed


def write(doc: Session, *, include_confidential: bool = False, delimiter: str = ";",
          lang: str = "en") -> bytes:
    """A zip of stakeholders.csv, relations.csv and clusters.csv (files and columns named in
    lang): one download, and clusters keep their colours when the zip is imported again."""
    doc = public_view(doc, include_confidential=include_confidential)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, header, rows in tables(doc, lang)[:3]:
            z.writestr(f"{name}.csv", write_csv(header, rows, delimiter=delimiter))
    return out.getvalue()
