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
from werkatelier.formats.parsed import Parsed
from werkatelier.formats.tables import ORDER, table_part, tables, take_table
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
        raise WerkatelierError(f"{name} is not a readable XLSX workbook ({type(e).__name__})") from None
    try:
        sheets = [(ws.title, [(i, r) for i, r in enumerate(ws.iter_rows(values_only=True), 1)
                              if any(cell_text(c) for c in r)]) for ws in wb.worksheets]
    except DefusedXmlException:
        raise refused(name) from None
    except Exception as e:
        raise WerkatelierError(f"{name} is not a readable XLSX workbook ({type(e).__name__})") from None
    finally:
        wb.close()
    titles = [t for t, _ in sheets]
    kumu = any(normalise_header(t) == "elements" for t in titles)
    parsed = Parsed(name=name, format="kumu" if kumu else "xlsx", creates_named=True)
    known = [(t, sheet_part(t), rows) for t, rows in sheets]
    if not any(part for _, part, _ in known) and sheets:
        # One unnamed sheet, as when someone saves a CSV as XLSX: go by its columns.
        t, rows = sheets[0]
        known = [(t, table_part(rows[0][1]) if rows else None, rows)]
    ignored = [t for t, part, rows in known if part is None and len(rows) > 1]
    used = False
    for t, part, rows in sorted((k for k in known if k[1]), key=lambda k: ORDER[k[1]]):
        if rows:
            take_table(parsed, part, rows, f"sheet {t!r}")
            used = True
    if not used:
        raise WerkatelierError(
            f"{name} has no sheet of stakeholders or relations (for example 'Stakeholders' and "
            "'Relaties', or Kumu's 'Elements' and 'Connections')")
    if ignored:
        parsed.remarks.append(f"{name}: sheets not imported: {', '.join(ignored)}")
    return parsed


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


def write(doc: Session, *, include_confidential: bool = False) -> bytes:
    """A workbook with one sheet per part of the session; import reads its first three back."""
    return workbook(tables(public_view(doc, include_confidential=include_confidential)))
