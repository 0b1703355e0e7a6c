"""Importing maps from CSV, XLSX, Kumu, GEXF, GraphML and session JSON: read, plan, then apply.

:func:`read` turns a file into a neutral :class:`~werkatelier.formats.parsed.Parsed`
(stakeholders, relations and clusters as found, with a reason for every row that cannot be
used), handing it to the module of its format in :mod:`werkatelier.formats`;
:func:`werkatelier.importplan.plan` compares it with a session and says, per row, what would
be added, updated or skipped and why; :class:`ImportItems` is the operation the store applies
under its lock, re-planning against the latest revision so a re-import never creates
duplicates. A file that cannot be read at all raises :class:`ImportRefused` (a WerkatelierError
whose words are a locale key and values, said in any language) naming the file, and nothing
is written.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from werkatelier import document
from werkatelier.formats import csvfile, gexf, graphml, kumu, sessionjson, xlsx, xmlcommon
from werkatelier.formats.notes import ImportRefused, Note, note, reason
from werkatelier.formats.parsed import Parsed
from werkatelier.importplan import ImportPlan, PlanRow, plan, whole_session
from werkatelier.model import MAX_RELATIONS, MAX_STAKEHOLDERS, NAME_MAX, Meta, Session
from werkatelier.ops import NoChange, Operation

if TYPE_CHECKING:
    from werkatelier.store import Store

__all__ = ["FORMATS", "MAX_IMPORT_BYTES", "ImportItems", "ImportPlan", "ImportRefused", "ImportResult",
           "Note",
           "Parsed", "PlanRow", "import_file", "plan", "read", "reason"]

#: Uploads larger than this are refused before they are parsed.
MAX_IMPORT_BYTES = 10_000_000
#: A zip (an XLSX workbook, a zip of CSV files) may unpack to this many times the upload cap.
MAX_UNPACK_RATIO = 20
FORMATS: tuple[str, ...] = ("auto", "csv", "xlsx", "kumu", "gexf", "graphml", "json")
#: What Python's JSON reader says is wrong, by its English message: the ``import.json.*`` words.
JSON_ERRORS = {"Expecting value": "value", "Expecting ',' delimiter": "comma",
               "Expecting ':' delimiter": "colon",
               "Expecting property name enclosed in double quotes": "property_name",
               "Unterminated string starting at": "unterminated", "Invalid control character at": "control",
               "Invalid \\escape": "escape", "Invalid \\uXXXX escape": "escape_u", "Extra data": "extra_data"}


# --- reading: which format, then that format's module -----------------------------------------

def read(source: str | Path | bytes, *, name: str | None = None, format: str = "auto",
         max_bytes: int = MAX_IMPORT_BYTES) -> Parsed:
    """Read a file (a path, or the bytes of an upload) into a :class:`Parsed`.

    The size is checked before anything is parsed. Bad input raises ImportRefused
    naming the file; a bad row does not, it is reported in the plan.

    >>> p = read(b"naam;invloed\\nRochdale;5\\nBuurtteam;9\\n", name="kaart.csv")
    >>> [(s.name, s.values, [str(n) for n in s.problems]) for s in p.stakeholders]
    [('Rochdale', {'influence': 5}, []), ('Buurtteam', {}, ['influence 9 is outside 1 to 5'])]
    """
    if format not in FORMATS:
        raise ImportRefused("refused_format", format=format, formats=", ".join(FORMATS))
    if isinstance(source, bytes | bytearray):
        name = name or "the upload"
        raw = bytes(source)
        _check_size(len(raw), name, max_bytes)
    else:
        path = Path(source)
        name = name or path.name
        try:
            _check_size(path.stat().st_size, name, max_bytes)
            raw = path.read_bytes()
        except FileNotFoundError:
            raise ImportRefused("refused_missing", file=name) from None
        except IsADirectoryError:
            raise ImportRefused("refused_folder", file=name) from None
        except PermissionError:
            raise ImportRefused("refused_permission", file=name) from None
    if not raw.strip():
        raise ImportRefused("refused_empty", file=name)
    kind = _detect(raw, name, format)
    if kind == "xlsx":
        return _read_zip(raw, name, max_bytes)
    if kind == "json":
        return _read_json(raw, name, max_bytes, kumu_only=format == "kumu")
    if kind == "xml":
        return _read_xml(raw, name, format)
    return csvfile.read(raw, name)


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise ImportRefused("refused_size", file=name, mb=f"{size / 1e6:.1f}", limit=f"{max_bytes / 1e6:g}")


#: The start of every OLE2 compound file: Excel 97-2003 workbooks (.xls), and encrypted .xlsx.
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _detect(raw: bytes, name: str, format: str) -> str:
    if raw.startswith(OLE2):
        raise ImportRefused("refused_xls", file=name)
    is_zip = raw.startswith(b"PK\x03\x04")
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if format in ("xlsx", "kumu") and is_zip:
        return "xlsx"
    if format == "xlsx":
        raise ImportRefused("refused_not_xlsx", file=name)
    if format == "csv" and is_zip:
        return "xlsx"  # a zip of CSV files, as the CSV export writes it
    if format in ("json", "kumu"):
        return "json"
    if format in ("gexf", "graphml"):
        return "xml"
    if format == "csv":
        return "csv"
    suffix = Path(name).suffix.lower()
    if is_zip or suffix in (".xlsx", ".xlsm"):
        return "xlsx"
    if suffix in (".gexf", ".graphml", ".xml") or head.startswith(b"<"):
        return "xml"
    if suffix == ".json" or head.startswith((b"{", b"[")):
        return "json"
    return "csv"


def _read_zip(raw: bytes, name: str, max_bytes: int) -> Parsed:
    """An XLSX workbook, or a zip of CSV files as the CSV export writes it."""
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            members = z.namelist()
    except zipfile.BadZipFile:
        raise ImportRefused("refused_not_xlsx", file=name) from None
    # A small zip can unpack to gigabytes; refuse before anything unpacks it.
    if unpacked > MAX_UNPACK_RATIO * max_bytes:
        raise ImportRefused("refused_unpacks", file=name, mb=f"{unpacked / 1e6:.0f}")
    if "[Content_Types].xml" not in members:
        return csvfile.read_zip(raw, name, members, max_bytes)
    return xlsx.read(raw, name)


def _read_json(raw: bytes, name: str, max_bytes: int, *, kumu_only: bool) -> Parsed:
    """A Werkatelier session, or a Kumu project export."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportRefused("refused_utf16", file=name)
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise ImportRefused("refused_not_utf8", file=name) from None
    except json.JSONDecodeError as e:
        detail = note(f"json.{JSON_ERRORS[e.msg]}") if e.msg in JSON_ERRORS else e.msg
        raise ImportRefused("refused_json", file=name, line=e.lineno, column=e.colno, detail=detail) from None
    except RecursionError:
        raise ImportRefused("refused_nested", file=name) from None
    if isinstance(data, dict) and ("elements" in data or "connections" in data):
        return kumu.read(data, name)
    if kumu_only:
        raise ImportRefused("refused_not_kumu", file=name)
    return sessionjson.read(data, name)


def _read_xml(raw: bytes, name: str, format: str) -> Parsed:
    """GEXF or GraphML, by the root element; always through defusedxml."""
    root = xmlcommon.parse(raw, name)
    kind = xmlcommon.local(root.tag)
    if format in ("gexf", "graphml") and kind != format:
        raise ImportRefused("refused_not_format", file=name, format=format.upper(), kind=kind)
    if kind == "gexf":
        return gexf.read(root, name)
    if kind == "graphml":
        return graphml.read(root, name)
    raise ImportRefused("refused_xml_other", file=name, kind=kind)


# --- applying ---------------------------------------------------------------------------------

class ImportItems(Operation):
    """Import what a file holds: re-planned against the latest revision under the store's lock."""

    op: ClassVar[str] = "import_items"
    parsed: Parsed

    def apply(self, doc: Session) -> str:
        p = plan(doc, self.parsed)
        if not p.changes:
            raise NoChange
        p.apply_to(doc)
        return p.said()


@dataclass
class ImportResult:
    plan: ImportPlan
    #: The session imported into (or created); None for a dry run into a new session.
    session_id: str | None
    written: bool


def import_file(store: Store, source: str | Path | bytes, *, name: str | None = None,
                into: str | None = None, new: str | None = None, format: str = "auto",
                dry_run: bool = False, max_bytes: int = MAX_IMPORT_BYTES) -> ImportResult:
    """Read a file and import it into session ``into``, or into a new session titled ``new``
    (default: the file's own title or name). A session JSON without ``into`` becomes a new
    session whole, personas and all. Nothing is written on a dry run or on bad input.
    """
    if into and new:
        raise ImportRefused("refused_into_and_new")
    parsed = read(source, name=name, format=format, max_bytes=max_bytes)
    if into:
        base = store.get(into)
        p = plan(base, parsed)
        after = base.model_copy(deep=True)
        p.apply_to(after)
        _check_bytes(after, parsed.name)
        if dry_run:
            return ImportResult(p, into, False)
        store.apply(into, ImportItems(parsed=parsed))
        return ImportResult(p, into, True)
    title = (new or parsed.title or Path(parsed.name).stem or "Import").strip()[:NAME_MAX]
    if parsed.session is not None:
        doc = parsed.session.model_copy(deep=True)
        doc.meta = doc.meta.model_copy(update={"title": title})
        # Opened whole: the preview lists what the file holds, exactly as it is stored.
        p = whole_session(doc, parsed.name, [
            m for m in parsed.remarks if not (isinstance(m, Note) and m.key == sessionjson.ALSO_HOLDS)])
        for part, limit in (("stakeholders", MAX_STAKEHOLDERS), ("relations", MAX_RELATIONS)):
            if len(getattr(doc, part)) > limit:
                raise ImportRefused(f"refused_too_many_{part}", file=parsed.name,
                                    total=f"{len(getattr(doc, part)):,}", limit=f"{limit:,}")
    else:
        doc = Session(meta=Meta(title=title))
        p = plan(doc, parsed)
        p.apply_to(doc)
        doc = document.from_data(doc.model_dump(mode="json"))
    _check_bytes(doc, parsed.name)
    if dry_run:
        return ImportResult(p, None, False)
    stored = store.add(doc)
    return ImportResult(p, stored.id, True)


def _check_bytes(doc: Session, name: str) -> None:
    """Refuse a session the store would refuse to read back: larger than a session file may be."""
    size = len(document.dumps(doc).encode("utf-8"))
    if size > document.MAX_DOCUMENT_BYTES:
        raise ImportRefused("refused_bytes", file=name, mb=f"{size / 1e6:.0f}",
                            limit=f"{document.MAX_DOCUMENT_BYTES / 1e6:.0f}")
