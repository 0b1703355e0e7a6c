"""The session as tables and tables back into rows: what CSV and XLSX (Kumu's too) share.

Writing, each part of a session is one table (a name, a header, rows); reading, a table's
header row decides which part it holds and which column is which field.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from werkatelier import i18n
from werkatelier.formats.notes import ImportRefused, Note, note, row
from werkatelier.formats.parsed import Parsed, cluster_from_cells, relation_from_cells, stakeholder_from_cells
from werkatelier.model import MAX_RELATIONS, MAX_STAKEHOLDERS, Session
from werkatelier.tabular import (
    CLUSTER_COLUMNS,
    RELATION_COLUMNS,
    STAKEHOLDER_COLUMNS,
    cell_text,
    duplicate_columns,
    map_columns,
)

STAKEHOLDER_HEADER = ("id", "name", "organisation", "kind", "capacity", "contact_for", "cluster",
                      "influence", "interest", "attitude", "tags", "notes", "confidential", "x", "y")
RELATION_HEADER = ("id", "from", "to", "kind", "label", "directed", "strength", "notes",
                   "from_id", "to_id")
CLUSTER_HEADER = ("id", "name", "colour", "description")

#: A table as read: (row number as a spreadsheet shows it, cells), the header row first.
Table = list[tuple[int, Sequence[Any]]]
#: Parts in the order they are taken, so rows can name clusters and relations their ends.
ORDER = {"clusters": 0, "stakeholders": 1, "relations": 2}
#: Rows one table may hold below its header: what a session may hold of that part.
MAX_ROWS = {"stakeholders": MAX_STAKEHOLDERS, "relations": MAX_RELATIONS, "clusters": MAX_STAKEHOLDERS}
#: Read no table longer than this (the largest of MAX_ROWS), whatever it turns out to hold.
READ_ROWS = max(MAX_ROWS.values())


# --- writing ----------------------------------------------------------------------------------

def cluster_names(doc: Session) -> dict[str, str]:
    return {c.id: c.name for c in doc.clusters}


def _stakeholder_rows(doc: Session) -> list[list[Any]]:
    clusters = cluster_names(doc)
    return [[s.id, s.name, s.organisation, s.kind, s.capacity, s.contact_for,
             clusters.get(s.cluster or "", ""), s.influence, s.interest, s.attitude, "; ".join(s.tags),
             s.notes, s.confidential, s.x, s.y] for s in doc.stakeholders]


def _relation_rows(doc: Session) -> list[list[Any]]:
    names = {s.id: s.name for s in doc.stakeholders}
    return [[r.id, names.get(r.source, r.source), names.get(r.target, r.target), r.kind, r.label,
             r.directed, r.strength, r.notes, r.source, r.target] for r in doc.relations]


def _cluster_rows(doc: Session) -> list[list[Any]]:
    return [[c.id, c.name, c.colour, c.description] for c in doc.clusters]


def _names(ids: Iterable[str], lookup: dict[str, str]) -> str:
    return "\n".join(lookup.get(i, i) for i in ids)


def tables(doc: Session, lang: str = "en") -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    """One table per part of the session: sheet name, header, rows; names in lang.

    The Dutch names of stakeholders, relations and clusters and of their columns are ones the
    import reads back (``werkatelier.tabular``), as the English ones are.
    """
    def say(key: str) -> str:
        return i18n.t(key, lang)

    return [(say(f"export.sheet.{name}"), tuple(say(f"export.col.{c}") for c in header), rows)
            for name, header, rows in _tables(doc)]


def _tables(doc: Session) -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    sh = {s.id: s.name for s in doc.stakeholders}
    pe = {p.id: p.name for p in doc.personas}
    iv = {i.id: i.interviewee for i in doc.interviews}
    lines = "\n".join
    return [
        ("stakeholders", STAKEHOLDER_HEADER, _stakeholder_rows(doc)),
        ("relations", RELATION_HEADER, _relation_rows(doc)),
        ("clusters", CLUSTER_HEADER, _cluster_rows(doc)),
        ("personas", ("id", "name", "archetype", "avatar", "quote", "background", "wishes", "needs",
                      "interests", "frustrations", "goals", "contributions", "stakeholders",
                      "interviews"),
         [[p.id, p.name, p.archetype, p.avatar, p.quote, p.background, lines(p.wishes), lines(p.needs),
           lines(p.interests), lines(p.frustrations), lines(p.goals), lines(p.contributions),
           _names(p.stakeholder_ids, sh), _names(p.interview_ids, iv)] for p in doc.personas]),
        ("interviews", ("id", "interviewee", "perspective", "date", "notes", "insights", "quotes",
                        "stakeholders", "personas", "confidential"),
         [[i.id, i.interviewee, i.perspective, i.date, lines(i.notes), lines(i.insights),
           lines(i.quotes), _names(i.stakeholder_ids, sh), _names(i.persona_ids, pe), i.confidential]
          for i in doc.interviews]),
        ("rounds", ("id", "title", "prompt", "answers"),
         [[r.id, r.title, r.prompt, lines(r.answers)] for r in doc.rounds]),
        ("actions", ("id", "action", "who", "when", "status"),
         [[a.id, a.action, a.who, a.when, a.status] for a in doc.actions]),
        ("participants", ("id", "name", "function", "organisation", "role", "present"),
         [[p.id, p.name, p.function, p.organisation, p.role, p.present] for p in doc.participants]),
    ]


# --- reading ----------------------------------------------------------------------------------


def table_part(header: Sequence[Any]) -> str | None:
    """Which part a table holds, by its header: relations if it names both ends, else
    stakeholders if it names them; None when neither."""
    rel, _ = map_columns(header, RELATION_COLUMNS)
    if "source" in rel and "target" in rel:
        return "relations"
    sh, _ = map_columns(header, STAKEHOLDER_COLUMNS)
    return "stakeholders" if "name" in sh else None


def take_table(parsed: Parsed, part: str, rows: Table, where: str | Note,
               unreadable: dict[int, Note] | None = None) -> None:
    """Add one table (header row first) of the given part to parsed.

    Refused: a table without the columns its part needs, with one field in two columns, or
    with more rows than a session may hold of that part. Noted per row: cells beyond the
    header, fewer cells than the header, a row that could not be read (``unreadable``).
    """
    table = {"stakeholders": STAKEHOLDER_COLUMNS, "relations": RELATION_COLUMNS,
             "clusters": CLUSTER_COLUMNS}[part]
    (_, header), body = rows[0], rows[1:]
    for names in duplicate_columns(header, table):
        raise ImportRefused("refused_duplicate_column", file=parsed.name, where=where or parsed.name,
                            columns=" / ".join(names))
    if len(body) > MAX_ROWS[part]:
        raise ImportRefused("refused_rows", file=parsed.name, limit=f"{MAX_ROWS[part]:,}")
    columns, unknown = map_columns(header, table)
    if unknown:
        parsed.remarks.append(note("columns_ignored", where=where or parsed.name, names=", ".join(unknown)))
    required = {"stakeholders": ("name",), "relations": ("source", "target"), "clusters": ("name",)}
    missing = [f for f in required[part] if f not in columns]
    if missing:
        hints = [note(f"column_hint.{f}") for f in missing]
        columns = note("column_hint.and", a=hints[0], b=hints[1]) if len(hints) > 1 else hints[0]
        raise ImportRefused("refused_no_column", file=parsed.name, where=where or note("where.table"),
                            columns=columns)
    width = max((i + 1 for i, h in enumerate(header) if cell_text(h)), default=0)
    unreadable = unreadable or {}
    for number, cells_in in body:
        cells = {f: cells_in[i] for f, i in columns.items() if i < len(cells_in)}
        at = row(number, where)
        if part == "stakeholders":
            found = stakeholder_from_cells(cells, at)
        elif part == "relations":
            found = relation_from_cells(cells, at)
        else:
            found = cluster_from_cells(cells, at)
        if number in unreadable:
            found.problems.insert(0, unreadable[number])
        extra = sum(1 for c in cells_in[width:] if cell_text(c))
        if extra:
            found.remarks.append(note("ragged_long", extra=extra))
        elif len(cells_in) < width:
            found.remarks.append(note("ragged_short", cells=len(cells_in), header=width))
        getattr(parsed, part).append(found)
