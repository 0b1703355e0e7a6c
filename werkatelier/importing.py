"""Importing maps from CSV, XLSX, Kumu, GEXF, GraphML and session JSON: read, plan, then apply.

:func:`read` turns a file into a neutral :class:`Parsed` (stakeholders, relations and
clusters as found, with a reason for every row that cannot be used); :func:`plan` compares
it with a session and says, per row, what would be added, updated or skipped and why;
:class:`ImportItems` is the operation the store applies under its lock, re-planning against
the latest revision so a re-import never creates duplicates.

Matching rules, so a second import of the same file updates instead of duplicating:

- a stakeholder matches an existing one by id (files Werkatelier exported carry ids), else
  by name compared case-, space- *and accent-insensitively* (``Coöperatie`` matches
  ``cooperatie``: an accent dropped on another keyboard is the likelier case than two
  different parties whose names differ only by one);
- a relation matches by its pair and kind (:meth:`Relation.pair_key`);
- a cluster matches by id or by name, the same way as stakeholders.

An empty cell leaves the current value alone. A row with a value that cannot be used
(influence 9, attitude "maybe", no name) is **skipped** with the reason in the preview,
never clamped: the file is then fixed and imported again, which updates what came in.
A file that cannot be read at all raises :class:`WerkatelierError` naming the file, and
nothing is written.
"""

from __future__ import annotations

import io
import json
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET
from pydantic import BaseModel, Field, ValidationError

from werkatelier import document
from werkatelier.document import WerkatelierError, explain
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder
from werkatelier.ops import NoChange, Operation, place_new
from werkatelier.tabular import (
    ATTITUDE_WORDS,
    CLUSTER_COLUMNS,
    KIND_WORDS,
    RELATION_COLUMNS,
    SCORE_WORDS,
    STAKEHOLDER_COLUMNS,
    cell_text,
    fold,
    map_columns,
    normalise_header,
    parse_bool,
    parse_colour,
    parse_number,
    parse_score,
    read_csv,
    rgb_hex,
    sheet_part,
    split_tags,
)

if TYPE_CHECKING:
    from werkatelier.store import Store

#: Uploads larger than this are refused before they are parsed.
MAX_IMPORT_BYTES = 10_000_000
FORMATS: tuple[str, ...] = ("auto", "csv", "xlsx", "kumu", "gexf", "graphml", "json")
#: Colours for clusters a file names without giving one (Okabe-Ito, safe for colour blindness).
PALETTE: tuple[str, ...] = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00",
                            "#f0e442", "#999999")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")


# --- the neutral form -------------------------------------------------------------------------

class _Found(BaseModel):
    #: Where in the file: "row 4", "sheet 'Relaties', row 3", "node 'n1'".
    where: str
    #: Why this row cannot be used; a row with problems is skipped.
    problems: list[str] = Field(default_factory=list)
    #: Remarks that do not stop the row ("type 'State' kept as a tag").
    remarks: list[str] = Field(default_factory=list)


class FoundStakeholder(_Found):
    name: str = ""
    #: How relations in the same file refer to this one (a node id, a Kumu element id).
    ref: str | None = None
    #: An id column, as in files Werkatelier exported; used to match existing stakeholders.
    id: str | None = None
    #: Stakeholder fields the file gives (empty cells left out), already typed.
    values: dict[str, Any] = Field(default_factory=dict)
    cluster: str | None = None
    colour: str | None = None


class FoundRelation(_Found):
    #: The ends as written: a ref of a stakeholder in the file, an id, or a name.
    source: str = ""
    target: str = ""
    source_id: str | None = None
    target_id: str | None = None
    values: dict[str, Any] = Field(default_factory=dict)


class FoundCluster(_Found):
    name: str = ""
    id: str | None = None
    colour: str | None = None
    description: str | None = None


class Parsed(BaseModel):
    """Everything a file holds that an import can use, before it is compared with a session."""

    name: str
    format: str
    title: str | None = None
    stakeholders: list[FoundStakeholder] = Field(default_factory=list)
    relations: list[FoundRelation] = Field(default_factory=list)
    clusters: list[FoundCluster] = Field(default_factory=list)
    remarks: list[str] = Field(default_factory=list)
    #: Relation ends that match no stakeholder become new stakeholders of that name
    #: (edge lists and spreadsheets name them; graph files refer to node ids instead).
    creates_named: bool = False
    #: A whole Werkatelier session, when the file is one; not kept in history records.
    session: Session | None = Field(default=None, exclude=True)


# --- reading ----------------------------------------------------------------------------------

def read(source: str | Path | bytes, *, name: str | None = None, format: str = "auto",
         max_bytes: int = MAX_IMPORT_BYTES) -> Parsed:
    """Read a file (a path, or the bytes of an upload) into a :class:`Parsed`.

    The size is checked before anything is parsed. Bad input raises WerkatelierError
    naming the file; a bad row does not, it is reported in the plan.

    >>> p = read(b"naam;invloed\\nRochdale;5\\nBuurtteam;9\\n", name="kaart.csv")
    >>> [(s.name, s.values, s.problems) for s in p.stakeholders]
    [('Rochdale', {'influence': 5}, []), ('Buurtteam', {}, ['influence 9 is outside 1 to 5'])]
    """
    if format not in FORMATS:
        raise WerkatelierError(f"Unknown import format {format!r}; use one of {', '.join(FORMATS)}")
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
            raise WerkatelierError(f"{name} does not exist") from None
        except IsADirectoryError:
            raise WerkatelierError(f"{name} is a folder, not a file") from None
        except PermissionError:
            raise WerkatelierError(f"{name} cannot be read (permission denied)") from None
    if not raw.strip():
        raise WerkatelierError(f"{name} is empty")
    kind = _detect(raw, name, format)
    if kind == "xlsx":
        return _read_xlsx(raw, name, max_bytes)
    if kind == "json":
        return _read_json(raw, name, max_bytes, kumu_only=format == "kumu")
    if kind == "xml":
        return _read_xml(raw, name, format)
    return _read_csv(raw, name)


def _check_size(size: int, name: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise WerkatelierError(
            f"{name} is {size / 1e6:.1f} MB; imports larger than {max_bytes / 1e6:g} MB are refused")


def _detect(raw: bytes, name: str, format: str) -> str:
    is_zip = raw.startswith(b"PK\x03\x04")
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if format in ("xlsx", "kumu") and is_zip:
        return "xlsx"
    if format == "xlsx":
        raise WerkatelierError(f"{name} is not an XLSX workbook")
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


# CSV and spreadsheets share one path: a header row, then rows of cells.

Table = list[tuple[int, Sequence[Any]]]


def _read_csv(raw: bytes, name: str) -> Parsed:
    rows = read_csv(raw, name)
    parsed = Parsed(name=name, format="csv", creates_named=True)
    if not rows:
        raise WerkatelierError(f"{name} has no rows")
    part = _table_part(rows[0][1])
    if part is None:
        raise WerkatelierError(
            f"{name} has no column for the name (naam, name) nor for the two ends of a relation "
            "(van and naar, from and to)")
    _take_table(parsed, part, rows, "")
    return parsed


def _table_part(header: Sequence[Any]) -> str | None:
    rel, _ = map_columns(header, RELATION_COLUMNS)
    if "source" in rel and "target" in rel:
        return "relations"
    sh, _ = map_columns(header, STAKEHOLDER_COLUMNS)
    return "stakeholders" if "name" in sh else None


def _take_table(parsed: Parsed, part: str, rows: Table, where: str) -> None:
    """Add one table (header row first) of the given part to parsed."""
    table = {"stakeholders": STAKEHOLDER_COLUMNS, "relations": RELATION_COLUMNS,
             "clusters": CLUSTER_COLUMNS}[part]
    (_, header), body = rows[0], rows[1:]
    columns, unknown = map_columns(header, table)
    place = f"{where}, " if where else ""
    if unknown:
        parsed.remarks.append(f"{where or parsed.name}: columns not imported: {', '.join(unknown)}")
    required = {"stakeholders": ("name",), "relations": ("source", "target"), "clusters": ("name",)}
    missing = [f for f in required[part] if f not in columns]
    if missing:
        raise WerkatelierError(
            f"{parsed.name}, {where or 'the table'}: there is no column for "
            + " and ".join(_COLUMN_HINT[f] for f in missing))
    for number, row in body:
        cells = {f: row[i] for f, i in columns.items() if i < len(row)}
        at = f"{place}row {number}"
        if part == "stakeholders":
            parsed.stakeholders.append(stakeholder_from_cells(cells, at))
        elif part == "relations":
            parsed.relations.append(relation_from_cells(cells, at))
        else:
            parsed.clusters.append(_cluster_from_cells(cells, at))


_COLUMN_HINT = {"name": "the name (naam, name)", "source": "where a relation starts (van, from)",
                "target": "where it ends (naar, to)"}


def stakeholder_from_cells(cells: dict[str, Any], where: str, *, ref: str | None = None
                           ) -> FoundStakeholder:
    """A found stakeholder from cells keyed by field name (see tabular.STAKEHOLDER_COLUMNS).

    >>> f = stakeholder_from_cells({"name": "Wijkteam", "kind": "Team", "attitude": "+1"}, "row 2")
    >>> f.values, f.remarks
    ({'tags': ['Team'], 'attitude': 1}, ["type 'Team' is not person, organisation or group; kept as a tag"])
    """
    found = FoundStakeholder(where=where, name=cell_text(cells.get("name")), ref=ref)
    values = found.values
    if not found.name:
        found.problems.append("it has no name")
    ident = cell_text(cells.get("id"))
    if ident and _ID.match(ident):
        found.id = ident
    for f in ("organisation", "capacity", "contact_for", "notes"):
        if text := cell_text(cells.get(f)):
            values[f] = text
    if tags := split_tags(cells.get("tags")):
        values["tags"] = tags
    if kind := cell_text(cells.get("kind")):
        if fold(kind) in KIND_WORDS:
            values["kind"] = KIND_WORDS[fold(kind)]
        else:
            values.setdefault("tags", [])
            if kind not in values["tags"]:
                values["tags"].append(kind)
            found.remarks.append(f"type {kind!r} is not person, organisation or group; kept as a tag")
    for f, lo, hi, words in (("influence", 1, 5, SCORE_WORDS), ("interest", 1, 5, SCORE_WORDS),
                             ("attitude", -2, 2, ATTITUDE_WORDS)):
        if cell_text(cells.get(f)):
            try:
                values[f] = parse_score(cells[f], f, lo, hi, words)
            except ValueError as e:
                found.problems.append(str(e))
    if cell_text(cells.get("confidential")):
        try:
            values["confidential"] = parse_bool(cells["confidential"], "confidential")
        except ValueError as e:
            found.problems.append(str(e))
    _take_position(found, cells.get("x"), cells.get("y"))
    if cluster := cell_text(cells.get("cluster")):
        found.cluster = cluster
    if colour := cell_text(cells.get("colour")):
        found.colour = parse_colour(colour)
        if found.colour is None:
            found.remarks.append(f"colour {colour!r} is not a colour like #e69f00; left out")
    _validate(found, lambda: Stakeholder.model_validate({"name": found.name or "x", **values}))
    return found


def _take_position(found: FoundStakeholder, x: Any, y: Any) -> None:
    given = [cell_text(v) for v in (x, y)]
    if not any(given):
        return
    try:
        xf, yf = parse_number(x), parse_number(y)
    except ValueError:
        found.remarks.append(f"position ({given[0] or '?'}, {given[1] or '?'}) is not two numbers; "
                             "left out")
        return
    if not (math.isfinite(xf) and math.isfinite(yf)):
        found.remarks.append("position is not finite; left out")
        return
    found.values["x"], found.values["y"] = xf, yf


def relation_from_cells(cells: dict[str, Any], where: str) -> FoundRelation:
    """A found relation from cells keyed by field name (see tabular.RELATION_COLUMNS).

    >>> relation_from_cells({"source": "A", "target": "B", "directed": "ja", "strength": "4"},
    ...                     "row 3").problems
    ['strength 4 is outside 1 to 3']
    """
    found = FoundRelation(where=where, source=cell_text(cells.get("source")),
                          target=cell_text(cells.get("target")))
    for end in ("source", "target"):
        ident = cell_text(cells.get(f"{end}_id"))
        if ident and _ID.match(ident):
            setattr(found, f"{end}_id", ident)
    if not (found.source or found.source_id) or not (found.target or found.target_id):
        found.problems.append("it does not name both ends")
    values = found.values
    for f in ("kind", "label", "notes"):
        if text := cell_text(cells.get(f)):
            values[f] = text
    if cell_text(cells.get("directed")):
        try:
            values["directed"] = parse_bool(cells["directed"], "directed")
        except ValueError as e:
            found.problems.append(str(e))
    if cell_text(cells.get("strength")):
        try:
            values["strength"] = parse_score(cells["strength"], "strength", 1, 3)
        except ValueError as e:
            found.problems.append(str(e))
    _validate(found, lambda: Relation.model_validate({"source": "a", "target": "b", **values}))
    return found


def _cluster_from_cells(cells: dict[str, Any], where: str) -> FoundCluster:
    found = FoundCluster(where=where, name=cell_text(cells.get("name")))
    if not found.name:
        found.problems.append("it has no name")
    ident = cell_text(cells.get("id"))
    if ident and _ID.match(ident):
        found.id = ident
    if colour := cell_text(cells.get("colour")):
        found.colour = parse_colour(colour)
        if found.colour is None:
            found.remarks.append(f"colour {colour!r} is not a colour like #e69f00; left out")
    if description := cell_text(cells.get("description")):
        found.description = description
    _validate(found, lambda: Cluster.model_validate(
        {"name": found.name or "x", "description": found.description or ""}))
    return found


def _validate(found: _Found, build: Callable[[], Any]) -> None:
    """Catch what the model refuses (a name of 300 characters) as a reason, not a crash."""
    try:
        build()
    except ValidationError as e:
        found.problems += [line for line in explain(e) if line not in found.problems]


# XLSX, including Kumu's import workbook (sheets Elements and Connections).

def _read_xlsx(raw: bytes, name: str, max_bytes: int) -> Parsed:
    import openpyxl  # only here: it is slow to import and most imports are CSV

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            unpacked = sum(i.file_size for i in z.infolist())
            members = z.namelist()
    except zipfile.BadZipFile:
        raise WerkatelierError(f"{name} is not an XLSX workbook") from None
    # A small zip can unpack to gigabytes; refuse before anything unpacks it.
    if unpacked > 20 * max_bytes:
        raise WerkatelierError(f"{name} unpacks to {unpacked / 1e6:.0f} MB, which is too large to import")
    if not any(n == "[Content_Types].xml" for n in members):
        return _read_csv_zip(raw, name, members)
    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except DefusedXmlException:
        raise _xml_refused(name) from None
    except Exception as e:  # openpyxl raises many kinds for a damaged workbook
        raise WerkatelierError(f"{name} is not a readable XLSX workbook ({type(e).__name__})") from None
    try:
        sheets = [(ws.title, [(i, r) for i, r in enumerate(ws.iter_rows(values_only=True), 1)
                              if any(cell_text(c) for c in r)]) for ws in wb.worksheets]
    except DefusedXmlException:
        raise _xml_refused(name) from None
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
        known = [(t, _table_part(rows[0][1]) if rows else None, rows)]
    ignored = [t for t, part, rows in known if part is None and len(rows) > 1]
    order = {"clusters": 0, "stakeholders": 1, "relations": 2}
    used = False
    for t, part, rows in sorted((k for k in known if k[1]), key=lambda k: order[k[1]]):
        if rows:
            _take_table(parsed, part, rows, f"sheet {t!r}")
            used = True
    if not used:
        raise WerkatelierError(
            f"{name} has no sheet of stakeholders or relations (for example 'Stakeholders' and "
            "'Relaties', or Kumu's 'Elements' and 'Connections')")
    if ignored:
        parsed.remarks.append(f"{name}: sheets not imported: {', '.join(ignored)}")
    return parsed


def _read_csv_zip(raw: bytes, name: str, members: list[str]) -> Parsed:
    """A zip of CSV files, as the CSV export writes it: each file's part by its name or columns."""
    parsed = Parsed(name=name, format="csv", creates_named=True)
    tables = []
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        for member in members:
            if not member.lower().endswith(".csv") or member.endswith("/"):
                continue
            rows = read_csv(z.read(member), f"{name}: {member}")
            part = sheet_part(Path(member).stem) or (_table_part(rows[0][1]) if rows else None)
            if part and rows:
                tables.append((part, rows, member))
    if not tables:
        raise WerkatelierError(f"{name} is a zip without stakeholders.csv or relations.csv in it")
    order = {"clusters": 0, "stakeholders": 1, "relations": 2}
    for part, rows, member in sorted(tables, key=lambda t: order[t[0]]):
        _take_table(parsed, part, rows, member)
    return parsed


# JSON: a Werkatelier session, or a Kumu project export.

def _read_json(raw: bytes, name: str, max_bytes: int, *, kumu_only: bool) -> Parsed:
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise WerkatelierError(f"{name} is not UTF-8 text") from None
    except json.JSONDecodeError as e:
        raise WerkatelierError(
            f"{name} is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})") from None
    except RecursionError:
        raise WerkatelierError(f"{name} is nested too deeply to read") from None
    if isinstance(data, dict) and ("elements" in data or "connections" in data):
        return _read_kumu_json(data, name)
    if kumu_only:
        raise WerkatelierError(f"{name} is not a Kumu project: it has no 'elements' or 'connections'")
    try:
        doc = document.loads(raw, max_bytes=max_bytes)
    except WerkatelierError as e:
        raise WerkatelierError(f"{name}: {e}") from None
    return parsed_from_session(doc, name)


def parsed_from_session(doc: Session, name: str) -> Parsed:
    """A session's map as a Parsed, to merge it into another session."""
    parsed = Parsed(name=name, format="json", title=doc.meta.title, session=doc)
    for c in doc.clusters:
        parsed.clusters.append(FoundCluster(where=f"cluster {c.name!r}", name=c.name, id=c.id,
                                            colour=c.colour, description=c.description or None))
    names = {c.id: c.name for c in doc.clusters}
    for s in doc.stakeholders:
        values = {k: v for k, v in s.model_dump(mode="json", exclude={"id", "name", "cluster"}).items()
                  if v not in (None, "", [])}
        parsed.stakeholders.append(FoundStakeholder(
            where=f"stakeholder {s.name!r}", name=s.name, ref=s.id, id=s.id, values=values,
            cluster=names.get(s.cluster or "")))
    for r in doc.relations:
        values = {k: v for k, v in r.model_dump(mode="json", exclude={"id", "source", "target"}).items()
                  if v not in (None, "")}
        parsed.relations.append(FoundRelation(where=f"relation {r.id!r}", source=r.source,
                                              target=r.target, values=values))
    rest = [f"{len(getattr(doc, part))} {part}" for part in ("personas", "interviews", "rounds",
                                                              "actions", "participants")
            if getattr(doc, part)]
    if rest:
        parsed.remarks.append(
            f"{name} also holds {', '.join(rest)}: they come along when the file is opened as a new "
            "session; merged into a session, only stakeholders, relations and clusters are taken")
    return parsed


def _kumu_fields(attributes: Any, table: dict[str, tuple[str, ...]], unknown: set[str]) -> dict[str, Any]:
    lookup = {alias: f for f, aliases in table.items() for alias in aliases}
    cells: dict[str, Any] = {}
    if not isinstance(attributes, dict):
        return cells
    for key, value in attributes.items():
        f = lookup.get(normalise_header(key))
        if f is None or f == "id":
            unknown.add(str(key))
        elif f not in cells:
            cells[f] = value
    return cells


def _read_kumu_json(data: dict[str, Any], name: str) -> Parsed:
    parsed = Parsed(name=name, format="kumu", title=cell_text(data.get("name")) or None)
    elements, connections = data.get("elements") or [], data.get("connections") or []
    if not isinstance(elements, list) or not isinstance(connections, list):
        raise WerkatelierError(f"{name}: 'elements' and 'connections' must be lists")
    positions: dict[str, tuple[Any, Any]] = {}
    maps = [m for m in data.get("maps") or [] if isinstance(m, dict)]
    chosen = next((m for m in maps if m.get("_id") == data.get("defaultMap")), maps[0] if maps else None)
    for placed in (chosen or {}).get("elements") or []:
        pos = placed.get("position") if isinstance(placed, dict) else None
        if isinstance(pos, dict):
            positions[str(placed.get("element"))] = (pos.get("x"), pos.get("y"))
    unknown: set[str] = set()
    for i, el in enumerate(elements, 1):
        el = el if isinstance(el, dict) else {}
        ref = str(el.get("_id") or f"element {i}")
        cells = _kumu_fields(el.get("attributes"), STAKEHOLDER_COLUMNS, unknown)
        cells.pop("x", None), cells.pop("y", None)
        cells["x"], cells["y"] = positions.get(ref, (None, None))
        parsed.stakeholders.append(stakeholder_from_cells(cells, f"element {i}", ref=ref))
    for i, conn in enumerate(connections, 1):
        conn = conn if isinstance(conn, dict) else {}
        cells = _kumu_fields(conn.get("attributes"), RELATION_COLUMNS, unknown)
        ends = (cell_text(conn.get("from")), cell_text(conn.get("to")))
        cells["source"], cells["target"] = reversed(ends) if conn.get("reversed") is True else ends
        if "direction" in conn:
            cells["directed"] = conn.get("direction")
        parsed.relations.append(relation_from_cells(cells, f"connection {i}"))
    if unknown:
        parsed.remarks.append(f"{name}: Kumu fields not imported: {', '.join(sorted(unknown))}")
    return parsed


# GEXF and GraphML, always through defusedxml.

def _xml_refused(name: str) -> WerkatelierError:
    return WerkatelierError(
        f"{name} was refused: it declares a DTD or entities, which Werkatelier never reads "
        "because they can make a file read other files or exhaust the computer")


def _parse_xml(raw: bytes, name: str) -> Element:
    try:
        return SafeET.fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        raise _xml_refused(name) from None
    except SafeET.ParseError as e:
        line, col = getattr(e, "position", (0, 0))
        raise WerkatelierError(f"{name} is not valid XML (line {line}, column {col})") from None


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _children(el: Element, name: str) -> list[Element]:
    return [c for c in el if _local(c.tag) == name]


def _read_xml(raw: bytes, name: str, format: str) -> Parsed:
    root = _parse_xml(raw, name)
    kind = _local(root.tag)
    if format in ("gexf", "graphml") and kind != format:
        raise WerkatelierError(f"{name} is not a {format.upper()} file (it starts with <{kind}>)")
    if kind == "gexf":
        return _read_gexf(root, name)
    if kind == "graphml":
        return _read_graphml(root, name)
    raise WerkatelierError(f"{name} is XML but neither GEXF nor GraphML (it starts with <{kind}>)")


def _cells_from_attrs(pairs: Iterable[tuple[str, Any]], table: dict[str, tuple[str, ...]],
                      unknown: set[str]) -> dict[str, Any]:
    lookup = {alias: f for f, aliases in table.items() for alias in aliases}
    cells: dict[str, Any] = {}
    for title, value in pairs:
        f = lookup.get(normalise_header(title))
        if f is None or f in ("id", "source", "target", "source_id", "target_id"):
            unknown.add(title)
        elif f not in cells:
            cells[f] = value
    return cells


def _read_gexf(root: Element, name: str) -> Parsed:
    graph = next(iter(_children(root, "graph")), None)
    if graph is None:
        raise WerkatelierError(f"{name} is a GEXF file without a graph")
    parsed = Parsed(name=name, format="gexf")
    titles: dict[tuple[str, str], str] = {}
    for attrs in _children(graph, "attributes"):
        for a in _children(attrs, "attribute"):
            titles[(attrs.get("class", "node"), a.get("id", ""))] = a.get("title") or a.get("id", "")
    unknown: set[str] = set()

    def attvalues(el: Element, cls: str) -> list[tuple[str, Any]]:
        return [(titles.get((cls, v.get("for") or v.get("id") or ""), v.get("for") or ""), v.get("value"))
                for box in _children(el, "attvalues") for v in _children(box, "attvalue")]

    for box in _children(graph, "nodes"):
        for node in _children(box, "node"):
            ident = node.get("id", "")
            cells = _cells_from_attrs(attvalues(node, "node"), STAKEHOLDER_COLUMNS, unknown)
            cells["name"] = node.get("label") or cells.get("name") or ident
            for viz in node:
                tag = _local(viz.tag)
                if tag == "position":
                    cells["x"], cells["y"] = viz.get("x"), viz.get("y")
                elif tag == "color":
                    cells["colour"] = viz.get("hex") or rgb_hex(viz.get("r"), viz.get("g"), viz.get("b"))
            parsed.stakeholders.append(stakeholder_from_cells(cells, f"node {ident!r}", ref=ident))
    default = graph.get("defaultedgetype", "undirected")
    for box in _children(graph, "edges"):
        for i, edge in enumerate(_children(box, "edge"), 1):
            cells = _cells_from_attrs(attvalues(edge, "edge"), RELATION_COLUMNS, unknown)
            cells["source"], cells["target"] = edge.get("source", ""), edge.get("target", "")
            if edge.get("label"):
                cells["label"] = edge.get("label")
            cells["directed"] = edge.get("type") or default
            parsed.relations.append(relation_from_cells(cells, f"edge {edge.get('id') or i!r}"))
    if unknown:
        parsed.remarks.append(f"{name}: attributes not imported: {', '.join(sorted(unknown))}")
    return parsed


def _read_graphml(root: Element, name: str) -> Parsed:
    graph = next(iter(_children(root, "graph")), None)
    if graph is None:
        raise WerkatelierError(f"{name} is a GraphML file without a graph")
    parsed = Parsed(name=name, format="graphml")
    keys = {k.get("id", ""): k.get("attr.name") or k.get("id", "") for k in _children(root, "key")}
    unknown: set[str] = set()

    def data(el: Element) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
        """Plain data as (name, text), and what a yEd graphics block says (label, x, y, colour)."""
        pairs, drawn = [], {}
        for d in _children(el, "data"):
            nested = list(d.iter())[1:]
            if not nested:
                pairs.append((keys.get(d.get("key", ""), d.get("key", "")), d.text))
                continue
            for g in nested:
                tag = _local(g.tag)
                if tag == "Geometry":
                    drawn.setdefault("x", g.get("x")), drawn.setdefault("y", g.get("y"))
                elif tag == "Fill" and g.get("color"):
                    drawn.setdefault("colour", g.get("color"))
                elif tag in ("NodeLabel", "EdgeLabel") and (g.text or "").strip():
                    drawn.setdefault("label", g.text.strip())
        return pairs, drawn

    for node in _children(graph, "node"):
        ident = node.get("id", "")
        pairs, drawn = data(node)
        rgb = {n.lower(): v for n, v in pairs if n.lower() in ("r", "g", "b")}
        cells = _cells_from_attrs([(n, v) for n, v in pairs if n.lower() not in rgb], STAKEHOLDER_COLUMNS,
                                  unknown)
        if len(rgb) == 3 and "colour" not in cells:
            cells["colour"] = rgb_hex(rgb["r"], rgb["g"], rgb["b"])
        for k in ("x", "y", "colour"):
            if k in drawn and not cell_text(cells.get(k)):
                cells[k] = drawn[k]
        cells["name"] = cell_text(cells.get("name")) or drawn.get("label") or ident
        parsed.stakeholders.append(stakeholder_from_cells(cells, f"node {ident!r}", ref=ident))
    default = graph.get("edgedefault", "undirected")
    for i, edge in enumerate(_children(graph, "edge"), 1):
        pairs, drawn = data(edge)
        cells = _cells_from_attrs(pairs, RELATION_COLUMNS, unknown)
        cells["source"], cells["target"] = edge.get("source", ""), edge.get("target", "")
        if "label" in drawn and not cell_text(cells.get("label")):
            cells["label"] = drawn["label"]
        if not cell_text(cells.get("directed")):
            cells["directed"] = edge.get("directed") or default
        parsed.relations.append(relation_from_cells(cells, f"edge {edge.get('id') or i!r}"))
    if unknown:
        parsed.remarks.append(f"{name}: attributes not imported: {', '.join(sorted(unknown))}")
    return parsed


# --- planning ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanRow:
    """What the import does with one row of the file."""

    part: str    # "stakeholder", "relation" or "cluster"
    action: str  # "add", "update", "unchanged" or "skip"
    where: str
    name: str
    detail: str = ""

    def line(self) -> str:
        text = f"{self.action} {self.part} {self.name!r} ({self.where})"
        return f"{text}: {self.detail}" if self.detail else text


@dataclass
class ImportPlan:
    """What importing a file into a session would do, row by row; pure until applied."""

    file: str
    format: str
    rows: list[PlanRow] = field(default_factory=list)
    remarks: list[str] = field(default_factory=list)
    new_clusters: list[Cluster] = field(default_factory=list)
    cluster_updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_stakeholders: list[Stakeholder] = field(default_factory=list)
    stakeholder_updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_relations: list[Relation] = field(default_factory=list)
    relation_updates: dict[str, dict[str, Any]] = field(default_factory=dict)

    PARTS: ClassVar[tuple[str, ...]] = ("stakeholder", "relation", "cluster")

    def counts(self) -> dict[str, dict[str, int]]:
        """{'stakeholder': {'add': 3, 'skip': 1}, ...} for the parts the file touches."""
        out: dict[str, dict[str, int]] = {}
        for r in self.rows:
            part = out.setdefault(r.part, {})
            part[r.action] = part.get(r.action, 0) + 1
        return out

    @property
    def skipped(self) -> list[PlanRow]:
        return [r for r in self.rows if r.action == "skip"]

    @property
    def changes(self) -> bool:
        return any(r.action in ("add", "update") for r in self.rows)

    def summary(self, *, done: bool = True) -> str:
        """One line: 'kaart.csv: stakeholders 3 added, 1 updated, 1 skipped; relations 2 added'."""
        words = ({"add": "added", "update": "updated", "unchanged": "unchanged", "skip": "skipped"}
                 if done else
                 {"add": "to add", "update": "to update", "unchanged": "unchanged", "skip": "skipped"})
        counts = self.counts()
        parts = []
        for part in self.PARTS:
            if part in counts:
                n = counts[part]
                parts.append(f"{part}s " + ", ".join(f"{n[a]} {words[a]}" for a in words if a in n))
        return f"{self.file}: " + ("; ".join(parts) if parts else "nothing to import")

    def preview(self) -> list[str]:
        """Readable lines: the summary, one line per row, then remarks about the file."""
        return ([self.summary(done=False)] + [r.line() for r in self.rows]
                + [f"note: {m}" for m in self.remarks])

    def table(self) -> list[dict[str, str]]:
        """The rows as records, for a data frame on the import page."""
        return [{"action": r.action, "part": r.part, "name": r.name, "where": r.where,
                 "detail": r.detail} for r in self.rows]

    def apply_to(self, doc: Session) -> None:
        """Make the planned changes to doc in place (the store validates the result)."""
        doc.clusters.extend(self.new_clusters)
        doc.stakeholders.extend(self.new_stakeholders)
        doc.relations.extend(self.new_relations)
        for items, updates, model in ((doc.clusters, self.cluster_updates, Cluster),
                                      (doc.stakeholders, self.stakeholder_updates, Stakeholder),
                                      (doc.relations, self.relation_updates, Relation)):
            if not updates:
                continue
            for i, item in enumerate(items):
                if item.id in updates:
                    items[i] = model.model_validate({**item.model_dump(), **updates[item.id]})
        place_new(doc, [s.id for s in self.new_stakeholders])


def plan(doc: Session, parsed: Parsed) -> ImportPlan:
    """Compare what a file holds with a session: per row, add, update, unchanged or skip.

    Pure: doc is not changed. Linear in the size of the file and the session.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="Rochdale", influence=3)])
    >>> p = plan(doc, read(b"naam,invloed\\n rochdale ,5\\nWijkteam,2\\n", name="k.csv"))
    >>> print("\\n".join(p.preview()))
    k.csv: stakeholders 1 to add, 1 to update
    update stakeholder 'rochdale' (row 2): influence 3 → 5
    add stakeholder 'Wijkteam' (row 3)
    """
    return _Planner(doc, parsed).run()


class _Planner:
    def __init__(self, doc: Session, parsed: Parsed):
        self.doc, self.parsed = doc, parsed
        self.out = ImportPlan(file=parsed.name, format=parsed.format, remarks=list(parsed.remarks))
        self.clusters_by_id = {c.id: c for c in doc.clusters}
        self.clusters_by_name: dict[str, str] = {}
        for c in doc.clusters:
            self.clusters_by_name.setdefault(fold(c.name), c.id)
        self.colours = [c.colour.lower() for c in doc.clusters]
        self.sh_by_id = {s.id: s for s in doc.stakeholders}
        self.sh_by_name: dict[str, list[str]] = {}
        for s in doc.stakeholders:
            self.sh_by_name.setdefault(fold(s.name), []).append(s.id)
        self.new_by_id: dict[str, Stakeholder] = {}
        #: Stakeholders this file already spoke about, by id: where, so a repeat is skipped.
        self.handled: dict[str, str] = {}
        self.by_ref: dict[str, str] = {}
        self.skipped_refs: dict[str, str] = {}
        #: Names of skipped rows, so a relation naming one does not bring it back half-empty.
        self.skipped_names: dict[str, str] = {}

    def run(self) -> ImportPlan:
        for c in self.parsed.clusters:
            self._cluster_row(c)
        uncoloured = 0
        for s in self.parsed.stakeholders:
            uncoloured += self._stakeholder_row(s)
        if uncoloured:
            self.out.remarks.append(
                f"{uncoloured} node colour{'s' if uncoloured > 1 else ''} left out: colours are kept "
                "as cluster colours, and these rows name no cluster (or group)")
        self.rel_keys = {r.pair_key(): r for r in self.doc.relations}
        self.file_keys: dict[tuple[str, str, str], str] = {}
        for r in self.parsed.relations:
            self._relation_row(r)
        return self.out

    # clusters

    def _next_colour(self) -> str:
        spare = [c for c in PALETTE if c not in self.colours]
        colour = spare[0] if spare else PALETTE[len(self.colours) % len(PALETTE)]
        self.colours.append(colour)
        return colour

    def _new_cluster(self, name: str, colour: str | None, description: str | None, where: str) -> str:
        cluster = Cluster(name=name, colour=colour or self._next_colour(), description=description or "")
        if colour:
            self.colours.append(colour)
        self.out.new_clusters.append(cluster)
        self.clusters_by_id[cluster.id] = cluster
        self.clusters_by_name[fold(name)] = cluster.id
        self.out.rows.append(PlanRow("cluster", "add", where, name, f"colour {cluster.colour}"))
        return cluster.id

    def _find_cluster(self, name: str, ident: str | None = None) -> str | None:
        if ident and ident in self.clusters_by_id:
            return ident
        return self.clusters_by_name.get(fold(name)) or (name if name in self.clusters_by_id else None)

    def _cluster_row(self, c: FoundCluster) -> None:
        if c.problems:
            self.out.rows.append(PlanRow("cluster", "skip", c.where, c.name, "; ".join(c.problems)))
            return
        cid = self._find_cluster(c.name, c.id)
        if cid is None:
            self._new_cluster(c.name, c.colour, c.description, c.where)
            return
        current = self.clusters_by_id[cid]
        wanted = {"colour": c.colour, "description": c.description}
        changes = {k: v for k, v in wanted.items() if v is not None and getattr(current, k) != v}
        if cid in self.out.cluster_updates or any(n.id == cid for n in self.out.new_clusters):
            changes = {}
        if changes:
            self.out.cluster_updates[cid] = changes
            self.out.rows.append(PlanRow("cluster", "update", c.where, current.name,
                                         _describe(current, changes, {})))
        else:
            self.out.rows.append(PlanRow("cluster", "unchanged", c.where, current.name))

    # stakeholders

    def _skip_stakeholder(self, s: FoundStakeholder, reason: str) -> None:
        self.out.rows.append(PlanRow("stakeholder", "skip", s.where, s.name or "?", reason))
        if s.ref:
            self.skipped_refs[s.ref] = s.name or s.ref
        if s.name:
            self.skipped_names.setdefault(fold(s.name), s.name)

    def _stakeholder_row(self, s: FoundStakeholder) -> int:
        """Plan one stakeholder; 1 if it brought a colour that has no cluster to go to."""
        if s.problems:
            self._skip_stakeholder(s, "; ".join(s.problems))
            return 0
        target: Stakeholder | None = None
        if s.id and s.id in self.sh_by_id:
            target = self.sh_by_id[s.id]
        else:
            ids = self.sh_by_name.get(fold(s.name), [])
            if len(ids) > 1:
                self._skip_stakeholder(s, f"{len(ids)} stakeholders on the map are called {s.name!r}; "
                                          "give this row their id to say which")
                return 0
            if ids:
                target = self.sh_by_id.get(ids[0]) or self.new_by_id[ids[0]]
        if target is not None and target.id in self.handled:
            self._skip_stakeholder(s, f"the same stakeholder as {self.handled[target.id]}")
            return 0
        values = dict(s.values)
        stray = 0
        if s.cluster:
            cid = self._find_cluster(s.cluster) or self._new_cluster(s.cluster, s.colour, None, s.where)
            values["cluster"] = cid
        elif s.colour:
            stray = 1
        remarks = "; ".join(s.remarks)
        if target is None:
            try:
                new = Stakeholder.model_validate({"name": s.name, **values})
            except ValidationError as e:
                self._skip_stakeholder(s, "; ".join(explain(e)))
                return 0
            self.out.new_stakeholders.append(new)
            self.new_by_id[new.id] = new
            self.sh_by_name.setdefault(fold(new.name), []).append(new.id)
            self.out.rows.append(PlanRow("stakeholder", "add", s.where, s.name, remarks))
            target = new
        else:
            changes = {k: v for k, v in values.items() if getattr(target, k) != v}
            if target.id in self.new_by_id:
                changes = {}
            if changes:
                try:
                    Stakeholder.model_validate({**target.model_dump(), **changes})
                except ValidationError as e:
                    self._skip_stakeholder(s, "; ".join(explain(e)))
                    return 0
                self.out.stakeholder_updates[target.id] = changes
                detail = _describe(target, changes, self.clusters_by_id)
                self.out.rows.append(PlanRow("stakeholder", "update", s.where, s.name,
                                             "; ".join(filter(None, (detail, remarks)))))
            else:
                self.out.rows.append(PlanRow("stakeholder", "unchanged", s.where, s.name, remarks))
        self.handled[target.id] = s.where
        if s.ref:
            self.by_ref[s.ref] = target.id
        return stray

    # relations

    def _name_of(self, sid: str) -> str:
        found = self.sh_by_id.get(sid) or self.new_by_id.get(sid)
        return found.name if found else sid

    def _shown(self, written: str) -> str:
        if written in self.by_ref:
            return self._name_of(self.by_ref[written])
        return self.skipped_refs.get(written) or self._name_of(written)

    def _end(self, r: FoundRelation, end: str) -> tuple[str | None, str]:
        """The stakeholder id one end of a relation points at, or None and why not."""
        written, ident = getattr(r, end), getattr(r, f"{end}_id")
        if ident and (ident in self.sh_by_id or ident in self.new_by_id):
            return ident, ""
        if written in self.by_ref:
            return self.by_ref[written], ""
        if written in self.skipped_refs:
            return None, f"{self.skipped_refs[written]!r} was skipped"
        if written in self.sh_by_id:
            return written, ""
        if not self.parsed.creates_named:
            return None, f"{written!r} is not a node in this file"
        ids = self.sh_by_name.get(fold(written), [])
        if len(ids) > 1:
            return None, f"{len(ids)} stakeholders are called {written!r}"
        if ids:
            return ids[0], ""
        if fold(written) in self.skipped_names:
            return None, f"{self.skipped_names[fold(written)]!r} was skipped"
        try:
            new = Stakeholder(name=written)
        except ValidationError as e:
            return None, "; ".join(explain(e))
        self.out.new_stakeholders.append(new)
        self.new_by_id[new.id] = new
        self.sh_by_name.setdefault(fold(new.name), []).append(new.id)
        self.out.rows.append(PlanRow("stakeholder", "add", r.where, new.name, "named in a relation"))
        return new.id, ""

    def _relation_row(self, r: FoundRelation) -> None:
        label = " – ".join(self._shown(w) if w else str(i)
                           for w, i in ((r.source, r.source_id), (r.target, r.target_id)))
        if r.problems:
            self.out.rows.append(PlanRow("relation", "skip", r.where, label, "; ".join(r.problems)))
            return
        (source, why_s), (target, why_t) = self._end(r, "source"), self._end(r, "target")
        if source is None or target is None:
            self.out.rows.append(PlanRow("relation", "skip", r.where, label,
                                         "; ".join(filter(None, (why_s, why_t)))))
            return
        arrow = "→" if r.values.get("directed") else "–"
        kind = r.values.get("kind", "")
        label = f"{self._name_of(source)} {arrow} {self._name_of(target)}" + (f" ({kind})" if kind else "")
        if source == target:
            self.out.rows.append(PlanRow("relation", "skip", r.where, label,
                                         "a relation needs two different stakeholders"))
            return
        try:
            candidate = Relation.model_validate({"source": source, "target": target, **r.values})
        except ValidationError as e:
            self.out.rows.append(PlanRow("relation", "skip", r.where, label, "; ".join(explain(e))))
            return
        key = candidate.pair_key()
        if key in self.file_keys:
            self.out.rows.append(PlanRow("relation", "skip", r.where, label,
                                         f"the same relation as {self.file_keys[key]}"))
            return
        self.file_keys[key] = r.where
        existing = self.rel_keys.get(key)
        if existing is None:
            self.out.new_relations.append(candidate)
            self.out.rows.append(PlanRow("relation", "add", r.where, label, "; ".join(r.remarks)))
            return
        changes = {k: v for k, v in r.values.items() if getattr(existing, k) != v and k != "kind"}
        if changes:
            self.out.relation_updates[existing.id] = changes
            self.out.rows.append(PlanRow("relation", "update", r.where, label,
                                         _describe(existing, changes, {})))
        else:
            self.out.rows.append(PlanRow("relation", "unchanged", r.where, label))


def _describe(item: BaseModel, changes: dict[str, Any], clusters: dict[str, Cluster]) -> str:
    """'influence 3 → 5, cluster → Wonen' for the preview."""
    parts = []
    for k, new in changes.items():
        old = getattr(item, k)
        if k == "cluster":
            parts.append(f"cluster → {clusters[new].name if new in clusters else new}")
        elif k in ("x", "y"):
            if k == "x":
                parts.append(f"position → ({changes.get('x', item.x):g}, {changes.get('y', item.y):g})")
        elif isinstance(new, str) and (len(new) > 40 or len(str(old)) > 40):
            parts.append(f"{k} changed")
        elif isinstance(new, list):
            parts.append(f"{k} → {', '.join(new)}")
        else:
            parts.append(f"{k} {old if old not in ('', None) else '(empty)'} → {new}")
    return ", ".join(parts)


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
        return p.summary()


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
        raise WerkatelierError("Give either a session to import into or a title for a new one, not both")
    parsed = read(source, name=name, format=format, max_bytes=max_bytes)
    if into:
        base = store.get(into)
        p = plan(base, parsed)
        if dry_run:
            return ImportResult(p, into, False)
        store.apply(into, ImportItems(parsed=parsed))
        return ImportResult(p, into, True)
    title = (new or parsed.title or Path(parsed.name).stem or "Import").strip()[:200]
    if parsed.session is not None:
        doc = parsed.session.model_copy(deep=True)
        doc.meta = doc.meta.model_copy(update={"title": title})
        p = plan(Session(meta=Meta(title=title)), parsed)
        p.remarks = [m for m in p.remarks if "also holds" not in m]
    else:
        doc = Session(meta=Meta(title=title))
        p = plan(doc, parsed)
        p.apply_to(doc)
        doc = document.from_data(doc.model_dump(mode="json"))
    if dry_run:
        return ImportResult(p, None, False)
    stored = store.add(doc)
    return ImportResult(p, stored.id, True)
