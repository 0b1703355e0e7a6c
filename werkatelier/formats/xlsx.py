"""XLSX: a workbook with one sheet per part of the session out; sheets of stakeholders,
relations and clusters in (by sheet name, else by the columns of a lone sheet).

Kumu's import workbook (sheets Elements and Connections) is read here too; it is written by
:mod:`werkatelier.formats.kumu`. Every cell goes through :func:`werkatelier.tabular.neutralise`,
so ``=HYPERLINK(...)`` is shown as text and never run; numbers stay numbers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from defusedxml import DefusedXmlException

from werkatelier.document import WerkatelierError
from werkatelier.formats.notes import ImportRefused, note
from werkatelier.formats.parsed import Parsed
from werkatelier.formats.tables import MAX_ROWS, ORDER, READ_ROWS, table_part, tables, take_table
from werkatelier.formats.xmlcommon import ILLEGAL_XML, refused
from werkatelier.model import Session
from werkatelier.privacy import public_view
from werkatelier.tabular import cell_text, neutralise, normalise_header, sheet_part


def read(raw: bytes, name: str) -> Parsed:
    """A workbook (the caller has checked it is a zip of sensible size)."""
    import openpyxl  # only here: it is slow to import and most imports are CSV

    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except DefusedXmlException:
        raise refused(name) from None
    except Exception as e:  # openpyxl raises many kinds for a damaged workbook
        raise ImportRefused("refused_xlsx_unreadable", file=name, error=type(e).__name__) from None
    try:
        worksheets = list(wb.worksheets)
        titles = [ws.title for ws in worksheets]
        parts = [sheet_part(t) for t in titles]
        if any(parts):
            chosen = [(ws, part) for ws, part in zip(worksheets, parts, strict=True) if part]
            # Sheets of no known part are not read at all; named if they seem to hold more than a title.
            ignored = [ws.title for ws, part in zip(worksheets, parts, strict=True)
                       if part is None and (ws.max_row or 2) > 1]
        else:
            chosen, ignored = ([(worksheets[0], None)] if worksheets else []), []
        known = []
        for ws, part in chosen:
            rows = _rows(ws, name, MAX_ROWS[part] if part else READ_ROWS)
            if part is None:
                # One unnamed sheet, as when someone saves a CSV as XLSX: go by its columns.
                part = table_part(rows[0][1]) if rows else None
            known.append((ws.title, part, rows))
    except DefusedXmlException:
        raise refused(name) from None
    except WerkatelierError:
        raise
    except Exception as e:
        raise ImportRefused("refused_xlsx_unreadable", file=name, error=type(e).__name__) from None
    finally:
        wb.close()
    kumu = any(normalise_header(t) == "elements" for t in titles)
    parsed = Parsed(name=name, format="kumu" if kumu else "xlsx", creates_named=True)
    used = False
    for t, part, rows in sorted((k for k in known if k[1]), key=lambda k: ORDER[k[1]]):
        if rows:
            take_table(parsed, part, rows, note("where.sheet", sheet=t))
            used = True
    if not used:
        raise ImportRefused("refused_no_sheets", file=name)
    if ignored:
        parsed.remarks.append(note("sheets_ignored", file=name, names=", ".join(ignored)))
    return parsed


def _rows(ws: Any, name: str, limit: int) -> list[tuple[int, tuple[Any, ...]]]:
    """A sheet's non-blank rows, streamed: a sheet longer than any table may be is refused from
    its stated size before a row is read, and, should that size be missing or wrong, as soon as
    one row too many has been read, so memory stays bounded whatever the workbook holds."""
    refused = ImportRefused("refused_rows", file=name, limit=f"{limit:,}")
    if (ws.max_row or 0) > limit + 1:  # from <dimension>, in read-only mode
        raise refused
    rows: list[tuple[int, tuple[Any, ...]]] = []
    for i, r in enumerate(ws.iter_rows(values_only=True), 1):
        if any(cell_text(c) for c in r):
            if len(rows) > limit:
                raise refused
            rows.append((i, r))
    return rows


def _xlsx_cell(value: Any) -> Any:
    # openpyxl refuses control characters, and would store "=..." as a formula.
    value = neutralise(value)
    return ILLEGAL_XML.sub("", value) if isinstance(value, str) else value


def workbook(sheets: Sequence[tuple[str, Sequence[str], list[list[Any]]]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        ws = wb.create_sheet(title)
        ws.freeze_panes = "A2"
        head = []
        for h in header:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = bold
            head.append(cell)
        ws.append(head)
        for row in rows:
            ws.append([_xlsx_cell(v) for v in row])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def write(doc: Session, *, include_confidential: bool = False, lang: str = "en") -> bytes:
    """A workbook with one sheet per part of the session, sheets and columns named in lang;
    import reads its first three back."""
    return workbook(tables(public_view(doc, include_confidential=include_confidential), lang))
