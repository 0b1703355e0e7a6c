"""Kumu: its project JSON (elements, connections, positions) in; its import workbook out.

A Kumu workbook (sheets Elements and Connections) is read back by :mod:`werkatelier.formats.xlsx`,
which knows the sheet names.
"""

from __future__ import annotations

from typing import Any

from werkatelier.formats.notes import ImportRefused, note
from werkatelier.formats.parsed import Parsed, relation_from_cells, stakeholder_from_cells
from werkatelier.formats.tables import cluster_names
from werkatelier.formats.xlsx import workbook
from werkatelier.model import MAX_RELATIONS, MAX_STAKEHOLDERS, Session
from werkatelier.privacy import public_view
from werkatelier.tabular import RELATION_COLUMNS, STAKEHOLDER_COLUMNS, cell_text, normalise_header

KUMU_TYPES = {"person": "Person", "organisation": "Organization", "group": "Group"}


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


def read(data: dict[str, Any], name: str) -> Parsed:
    """A Kumu project export: elements with attributes and their positions on the default map."""
    parsed = Parsed(name=name, format="kumu", title=cell_text(data.get("name")) or None)
    elements, connections = data.get("elements") or [], data.get("connections") or []
    if not isinstance(elements, list) or not isinstance(connections, list):
        raise ImportRefused("refused_kumu_lists", file=name)
    for items, limit in ((elements, MAX_STAKEHOLDERS), (connections, MAX_RELATIONS)):
        if len(items) > limit:
            raise ImportRefused("refused_rows", file=name, limit=f"{limit:,}")
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
        parsed.stakeholders.append(stakeholder_from_cells(cells, note("where.element", number=i), ref=ref,
                                                          lenient=True))
    for i, conn in enumerate(connections, 1):
        conn = conn if isinstance(conn, dict) else {}
        cells = _kumu_fields(conn.get("attributes"), RELATION_COLUMNS, unknown)
        ends = (cell_text(conn.get("from")), cell_text(conn.get("to")))
        cells["source"], cells["target"] = reversed(ends) if conn.get("reversed") is True else ends
        if "direction" in conn:
            cells["directed"] = conn.get("direction")
        parsed.relations.append(relation_from_cells(cells, note("where.connection", number=i), lenient=True))
    if unknown:
        parsed.remarks.append(note("kumu_fields_ignored", file=name, names=", ".join(sorted(unknown))))
    return parsed


def write(doc: Session, *, include_confidential: bool = False) -> bytes:
    """A workbook Kumu imports: Elements (Label, Type, Description, Tags, ...) and Connections
    (From, To, Type, ...). Kumu joins elements by Label, so two stakeholders with the same
    name become one element there; Tags are separated by '|' as Kumu expects. Color is the
    cluster's colour, for a Kumu decoration rule and for importing the sheet back."""
    doc = public_view(doc, include_confidential=include_confidential)
    clusters = cluster_names(doc)
    names = {s.id: s.name for s in doc.stakeholders}
    colours = {c.id: c.colour for c in doc.clusters}
    elements = [[s.name, KUMU_TYPES[s.kind], s.notes, "|".join(s.tags), s.organisation, s.capacity,
                 s.contact_for, clusters.get(s.cluster or "", ""), colours.get(s.cluster or "", ""),
                 s.influence, s.interest, s.attitude]
                for s in doc.stakeholders]
    connections = [[names[r.source], names[r.target], r.kind, r.label,
                    "directed" if r.directed else "undirected", r.strength, r.notes]
                   for r in doc.relations]
    return workbook([
        ("Elements", ("Label", "Type", "Description", "Tags", "Organisation", "Capacity", "Contact for",
                      "Cluster", "Color", "Influence", "Interest", "Attitude"), elements),
        ("Connections", ("From", "To", "Type", "Label", "Direction", "Strength", "Description"),
         connections),
    ])
