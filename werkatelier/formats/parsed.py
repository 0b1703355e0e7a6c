"""The neutral form every reader fills: stakeholders, relations and clusters as a file holds them.

Each row keeps where it was found and why it cannot be used; the import plan
(:mod:`werkatelier.importplan`) then compares the rows with a session.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field, ValidationError

from werkatelier.formats.notes import BadValue, Note, invalid, note
from werkatelier.model import (
    ATTITUDE_RANGE,
    ID_PATTERN,
    INFLUENCE_RANGE,
    INTEREST_RANGE,
    STRENGTH_RANGE,
    Cluster,
    Relation,
    Session,
    Stakeholder,
)
from werkatelier.tabular import (
    ATTITUDE_WORDS,
    KIND_WORDS,
    NOTED_CONTROLS,
    SCORE_WORDS,
    cell_text,
    fold,
    is_error_value,
    parse_bool,
    parse_colour,
    parse_number,
    parse_score,
    split_tags,
)

_ID = re.compile(ID_PATTERN)


class _Found(BaseModel):
    #: Where in the file: "row 4", "sheet 'Relaties', row 3", "node 'n1'" (a note: said in any language).
    where: str | Note
    #: Why this row cannot be used; a row with problems is skipped.
    problems: list[str | Note] = Field(default_factory=list)
    #: Remarks that do not stop the row ("type 'State' kept as a tag").
    remarks: list[str | Note] = Field(default_factory=list)
    #: Fields whose column the file has but whose cell is empty (a default may apply).
    empty: list[str] = Field(default_factory=list)


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
    remarks: list[str | Note] = Field(default_factory=list)
    #: Relation ends that match no stakeholder become new stakeholders of that name
    #: (edge lists and spreadsheets name them; graph files refer to node ids instead).
    creates_named: bool = False
    #: A whole Werkatelier session, when the file is one; not kept in history records.
    session: Session | None = Field(default=None, exclude=True)


def _screen(found: _Found, cells: dict[str, Any], lenient: bool, required: tuple[str, ...]
            ) -> dict[str, Any]:
    """Cells without spreadsheet errors; notes for errors, control characters and empty cells.

    An error value (``#REF!``) is never a name or a score: the row is skipped, or in a
    graph file (``lenient``) the value is left out, unless it is in a required column.
    """
    kept: dict[str, Any] = {}
    for f, v in cells.items():
        if is_error_value(v):
            if lenient and f not in required:
                found.remarks.append(note("error_value_dropped", column=note(f"field.{f}"), value=v.strip()))
            else:
                found.problems.append(note("error_value", column=note(f"field.{f}"), value=v.strip()))
            continue
        kept[f] = v
        if v is None or (isinstance(v, str) and not v.strip()):
            found.empty.append(f)
    dirty = sorted(f for f, v in cells.items() if isinstance(v, str) and NOTED_CONTROLS.search(v))
    if dirty:
        found.remarks.append(note("controls_removed", columns=[note(f"field.{f}") for f in dirty]))
    return kept


def _named(found: FoundStakeholder | FoundCluster, cells: dict[str, Any]) -> None:
    raw = cells.get("name")
    if found.name:
        return
    if isinstance(raw, str) and raw.strip():
        found.problems.append(note("name_invisible"))  # only zero-width characters, a BOM, ...
    elif not found.problems:
        found.problems.append(note("no_name"))


def _bad_value(found: _Found, lenient: bool, reason: Note) -> None:
    """A value that cannot be used: the row is skipped, or in a graph file the value is dropped."""
    if lenient:
        found.remarks.append(note("value_dropped", reason=reason))
    else:
        found.problems.append(reason)


def stakeholder_from_cells(cells: dict[str, Any], where: str | Note, *, ref: str | None = None,
                           lenient: bool = False) -> FoundStakeholder:
    """A found stakeholder from cells keyed by field name (see tabular.STAKEHOLDER_COLUMNS).

    ``lenient`` (graph files: GEXF, GraphML, Kumu) drops a value that cannot be used with a
    note and keeps the node; in a table such a row is skipped, to be fixed and imported again.

    >>> f = stakeholder_from_cells({"name": "Wijkteam", "kind": "Team", "attitude": "+1"}, "row 2")
    >>> f.values, [str(r) for r in f.remarks]
    ({'tags': ['Team'], 'attitude': 1}, ["type 'Team' is not person, organisation or group; kept as a tag"])
    >>> f = stakeholder_from_cells({"name": "Wijkteam", "influence": "NaN"}, "node 'n1'", lenient=True)
    >>> f.problems, [str(r) for r in f.remarks]
    ([], ["influence 'NaN' is not a number from 1 to 5; this value is left out"])
    """
    found = FoundStakeholder(where=where, ref=ref)
    cells = _screen(found, cells, lenient, ("name",))
    found.name = cell_text(cells.get("name"))
    values = found.values
    _named(found, cells)
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
            found.remarks.append(note("kind_unknown", kind=kind))
    for f, (lo, hi), words in (("influence", INFLUENCE_RANGE, SCORE_WORDS),
                               ("interest", INTEREST_RANGE, SCORE_WORDS),
                               ("attitude", ATTITUDE_RANGE, ATTITUDE_WORDS)):
        if cell_text(cells.get(f)):
            try:
                values[f] = parse_score(cells[f], f, lo, hi, words)
            except BadValue as e:
                _bad_value(found, lenient, e.note)
    if cell_text(cells.get("confidential")):
        try:
            values["confidential"] = parse_bool(cells["confidential"], "confidential")
        except BadValue as e:
            _bad_value(found, lenient, e.note)
    _take_position(found, cells.get("x"), cells.get("y"))
    if cluster := cell_text(cells.get("cluster")):
        found.cluster = cluster
    if colour := cell_text(cells.get("colour")):
        found.colour = parse_colour(colour)
        if found.colour is None:
            found.remarks.append(note("colour_invalid", colour=colour))
    _validate(found, lambda: Stakeholder.model_validate({"name": found.name or "x", **values}))
    return found


def _take_position(found: FoundStakeholder, x: Any, y: Any) -> None:
    given = [cell_text(v) for v in (x, y)]
    if not any(given):
        return
    try:
        xf, yf = parse_number(x), parse_number(y)
    except ValueError:
        found.remarks.append(note("position_not_numbers", x=given[0] or "?", y=given[1] or "?"))
        return
    if not (math.isfinite(xf) and math.isfinite(yf)):
        found.remarks.append(note("position_infinite"))
        return
    found.values["x"], found.values["y"] = xf, yf


def relation_from_cells(cells: dict[str, Any], where: str | Note, *, lenient: bool = False) -> FoundRelation:
    """A found relation from cells keyed by field name (see tabular.RELATION_COLUMNS).

    >>> relation_from_cells({"source": "A", "target": "B", "directed": "ja", "strength": "4"},
    ...                     "row 3").problems[0].text("nl")
    'sterkte 4 ligt niet tussen 1 en 3'
    """
    found = FoundRelation(where=where)
    cells = _screen(found, cells, lenient, ("source", "target", "source_id", "target_id"))
    found.source, found.target = cell_text(cells.get("source")), cell_text(cells.get("target"))
    for end in ("source", "target"):
        ident = cell_text(cells.get(f"{end}_id"))
        if ident and _ID.match(ident):
            setattr(found, f"{end}_id", ident)
    if not found.problems and (not (found.source or found.source_id)
                               or not (found.target or found.target_id)):
        found.problems.append(note("no_ends"))
    values = found.values
    for f in ("kind", "label", "notes"):
        if text := cell_text(cells.get(f)):
            values[f] = text
    if cell_text(cells.get("directed")):
        try:
            values["directed"] = parse_bool(cells["directed"], "directed")
        except BadValue as e:
            _bad_value(found, lenient, e.note)
    if cell_text(cells.get("strength")):
        try:
            values["strength"] = parse_score(cells["strength"], "strength", *STRENGTH_RANGE)
        except BadValue as e:
            _bad_value(found, lenient, e.note)
    _validate(found, lambda: Relation.model_validate({"source": "a", "target": "b", **values}))
    return found


def cluster_from_cells(cells: dict[str, Any], where: str | Note) -> FoundCluster:
    found = FoundCluster(where=where)
    cells = _screen(found, cells, False, ("name",))
    found.name = cell_text(cells.get("name"))
    _named(found, cells)
    ident = cell_text(cells.get("id"))
    if ident and _ID.match(ident):
        found.id = ident
    if colour := cell_text(cells.get("colour")):
        found.colour = parse_colour(colour)
        if found.colour is None:
            found.remarks.append(note("colour_invalid", colour=colour))
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
        found.problems += [n for n in invalid(e) if n not in found.problems]
