"""Exporting a session: JSON, CSV, XLSX, Kumu, GEXF, GraphML, HTML and the referral index.

Every export holds the public view of the session (:func:`werkatelier.privacy.public_view`)
unless ``include_confidential=True``. Every CSV and XLSX cell
goes through :func:`werkatelier.tabular.neutralise`, so a name such as ``=HYPERLINK(...)``
is shown as text and never run as a formula; numbers stay numbers.

CSV is one zip holding ``stakeholders.csv``, ``relations.csv`` and ``clusters.csv``: one
download, and clusters keep their colours when the zip's files are imported again.
The CSV files are UTF-8 with a BOM and ``;`` between cells, what Dutch Excel opens as is.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from werkatelier import document
from werkatelier.document import WerkatelierError
from werkatelier.model import Session, Stakeholder
from werkatelier.privacy import public_view
from werkatelier.tabular import fold, neutralise, write_csv

#: Format name → file extension.
EXPORT_FORMATS: dict[str, str] = {
    "json": ".json", "csv": ".zip", "xlsx": ".xlsx", "kumu": ".xlsx", "gexf": ".gexf",
    "graphml": ".graphml", "html": ".html", "referral": ".md", "referral-csv": ".csv",
}
MEDIA_TYPES: dict[str, str] = {
    ".json": "application/json", ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".gexf": "application/xml", ".graphml": "application/xml", ".html": "text/html",
    ".md": "text/markdown", ".csv": "text/csv",
}

STAKEHOLDER_HEADER = ("id", "name", "organisation", "kind", "capacity", "contact_for", "cluster",
                      "influence", "interest", "attitude", "tags", "notes", "confidential", "x", "y")
RELATION_HEADER = ("id", "from", "to", "kind", "label", "directed", "strength", "notes",
                   "from_id", "to_id")
CLUSTER_HEADER = ("id", "name", "colour", "description")


# --- JSON -------------------------------------------------------------------------------------

def to_json(doc: Session, *, include_confidential: bool = False) -> str:
    """The session document itself, as ``document.dumps`` writes it."""
    return document.dumps(public_view(doc, include_confidential=include_confidential))


# --- tables (CSV and XLSX share the rows) -----------------------------------------------------

def _cluster_names(doc: Session) -> dict[str, str]:
    return {c.id: c.name for c in doc.clusters}


def stakeholder_rows(doc: Session) -> list[list[Any]]:
    clusters = _cluster_names(doc)
    return [[s.id, s.name, s.organisation, s.kind, s.capacity, s.contact_for,
             clusters.get(s.cluster or "", ""), s.influence, s.interest, s.attitude, "; ".join(s.tags),
             s.notes, s.confidential, s.x, s.y] for s in doc.stakeholders]


def relation_rows(doc: Session) -> list[list[Any]]:
    names = {s.id: s.name for s in doc.stakeholders}
    return [[r.id, names.get(r.source, r.source), names.get(r.target, r.target), r.kind, r.label,
             r.directed, r.strength, r.notes, r.source, r.target] for r in doc.relations]


def cluster_rows(doc: Session) -> list[list[Any]]:
    return [[c.id, c.name, c.colour, c.description] for c in doc.clusters]


def _names(ids: Iterable[str], lookup: dict[str, str]) -> str:
    return "\n".join(lookup.get(i, i) for i in ids)


def _tables(doc: Session) -> list[tuple[str, Sequence[str], list[list[Any]]]]:
    """One table per part of the session: sheet name, header, rows."""
    sh = {s.id: s.name for s in doc.stakeholders}
    pe = {p.id: p.name for p in doc.personas}
    iv = {i.id: i.interviewee for i in doc.interviews}
    lines = "\n".join
    return [
        ("stakeholders", STAKEHOLDER_HEADER, stakeholder_rows(doc)),
        ("relations", RELATION_HEADER, relation_rows(doc)),
        ("clusters", CLUSTER_HEADER, cluster_rows(doc)),
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


def stakeholders_csv(doc: Session, *, include_confidential: bool = False, delimiter: str = ";") -> bytes:
    """The stakeholders as CSV, with the cluster by name; import reads it back."""
    doc = public_view(doc, include_confidential=include_confidential)
    return write_csv(STAKEHOLDER_HEADER, stakeholder_rows(doc), delimiter=delimiter)


def relations_csv(doc: Session, *, include_confidential: bool = False, delimiter: str = ";") -> bytes:
    """The relations as CSV: both ends by name (for people) and by id (for re-import)."""
    doc = public_view(doc, include_confidential=include_confidential)
    return write_csv(RELATION_HEADER, relation_rows(doc), delimiter=delimiter)


def to_csv_zip(doc: Session, *, include_confidential: bool = False, delimiter: str = ";") -> bytes:
    """A zip of stakeholders.csv, relations.csv and clusters.csv."""
    doc = public_view(doc, include_confidential=include_confidential)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, header, rows in _tables(doc)[:3]:
            z.writestr(f"{name}.csv", write_csv(header, rows, delimiter=delimiter))
    return out.getvalue()


_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xlsx_cell(value: Any) -> Any:
    # openpyxl refuses control characters, and would store "=..." as a formula.
    value = neutralise(value)
    return _ILLEGAL_XML.sub("", value) if isinstance(value, str) else value


def _workbook(sheets: Sequence[tuple[str, Sequence[str], list[list[Any]]]]) -> bytes:
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


def to_xlsx(doc: Session, *, include_confidential: bool = False) -> bytes:
    """A workbook with one sheet per part of the session; import reads its first three back."""
    return _workbook(_tables(public_view(doc, include_confidential=include_confidential)))


KUMU_TYPES = {"person": "Person", "organisation": "Organization", "group": "Group"}


def to_kumu_xlsx(doc: Session, *, include_confidential: bool = False) -> bytes:
    """A workbook Kumu imports: Elements (Label, Type, Description, Tags, ...) and Connections
    (From, To, Type, ...). Kumu joins elements by Label, so two stakeholders with the same
    name become one element there; Tags are separated by '|' as Kumu expects. Color is the
    cluster's colour, for a Kumu decoration rule and for importing the sheet back."""
    doc = public_view(doc, include_confidential=include_confidential)
    clusters = _cluster_names(doc)
    names = {s.id: s.name for s in doc.stakeholders}
    colours = {c.id: c.colour for c in doc.clusters}
    elements = [[s.name, KUMU_TYPES[s.kind], s.notes, "|".join(s.tags), s.organisation, s.capacity,
                 s.contact_for, clusters.get(s.cluster or "", ""), colours.get(s.cluster or "", ""),
                 s.influence, s.interest, s.attitude]
                for s in doc.stakeholders]
    connections = [[names[r.source], names[r.target], r.kind, r.label,
                    "directed" if r.directed else "undirected", r.strength, r.notes]
                   for r in doc.relations]
    return _workbook([
        ("Elements", ("Label", "Type", "Description", "Tags", "Organisation", "Capacity", "Contact for",
                      "Cluster", "Color", "Influence", "Interest", "Attitude"), elements),
        ("Connections", ("From", "To", "Type", "Label", "Direction", "Strength", "Description"),
         connections),
    ])


# --- GEXF and GraphML -------------------------------------------------------------------------

def _xml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return _ILLEGAL_XML.sub("", str(value))


#: Node attributes written to GEXF and GraphML: name, type.
NODE_ATTRIBUTES = (("organisation", "string"), ("kind", "string"), ("capacity", "string"),
                   ("contact_for", "string"), ("cluster", "string"), ("influence", "integer"),
                   ("interest", "integer"), ("attitude", "integer"), ("tags", "string"),
                   ("notes", "string"), ("confidential", "boolean"))
EDGE_ATTRIBUTES = (("kind", "string"), ("strength", "integer"), ("notes", "string"))


def _node_values(s: Stakeholder, clusters: dict[str, str]) -> dict[str, Any]:
    return {"organisation": s.organisation, "kind": s.kind, "capacity": s.capacity,
            "contact_for": s.contact_for, "cluster": clusters.get(s.cluster or "", ""),
            "influence": s.influence, "interest": s.interest, "attitude": s.attitude,
            "tags": "; ".join(s.tags), "notes": s.notes, "confidential": s.confidential}


def _xml_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def to_gexf(doc: Session, *, include_confidential: bool = False) -> bytes:
    """GEXF 1.3 for Gephi: attributes per node and edge, positions and cluster colours as viz.

    Mixed maps (some relations directed) are written as Gephi writes them: directed by
    default, the undirected edges marked so.
    """
    doc = public_view(doc, include_confidential=include_confidential)
    ns, viz = "http://gexf.net/1.3", "http://gexf.net/1.3/viz"
    ET.register_namespace("", ns)
    ET.register_namespace("viz", viz)
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    root = ET.Element(q("gexf"), {"version": "1.3"})
    meta = ET.SubElement(root, q("meta"), {"lastmodifieddate": doc.updated.date().isoformat()})
    ET.SubElement(meta, q("creator")).text = "Werkatelier"
    ET.SubElement(meta, q("description")).text = _xml_text(doc.meta.title)
    # Per-edge types only where they differ from the default: Gephi reads mixed graphs so,
    # and networkx (which refuses mixed graphs) still reads every graph that is not mixed.
    directed = any(r.directed for r in doc.relations)
    default = "directed" if directed else "undirected"
    graph = ET.SubElement(root, q("graph"), {"defaultedgetype": default, "mode": "static"})
    for cls, attrs in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        box = ET.SubElement(graph, q("attributes"), {"class": cls, "mode": "static"})
        for name, kind in attrs:
            ET.SubElement(box, q("attribute"), {"id": name, "title": name, "type": kind})
    clusters = _cluster_names(doc)
    colours = {c.id: c.colour for c in doc.clusters}
    nodes = ET.SubElement(graph, q("nodes"))
    for s in doc.stakeholders:
        node = ET.SubElement(nodes, q("node"), {"id": s.id, "label": _xml_text(s.name)})
        values = ET.SubElement(node, q("attvalues"))
        for name, value in _node_values(s, clusters).items():
            if value != "":
                ET.SubElement(values, q("attvalue"), {"for": name, "value": _xml_text(value)})
        if s.placed:
            ET.SubElement(node, f"{{{viz}}}position", {"x": _xml_text(s.x), "y": _xml_text(s.y), "z": "0.0"})
        if s.cluster in colours:
            h = colours[s.cluster]
            ET.SubElement(node, f"{{{viz}}}color",
                          {"r": str(int(h[1:3], 16)), "g": str(int(h[3:5], 16)), "b": str(int(h[5:7], 16))})
    edges = ET.SubElement(graph, q("edges"))
    for r in doc.relations:
        attrs = {"id": r.id, "source": r.source, "target": r.target, "weight": str(r.strength)}
        if r.directed != directed:
            attrs["type"] = "undirected"
        if r.label:
            attrs["label"] = _xml_text(r.label)
        edge = ET.SubElement(edges, q("edge"), attrs)
        values = ET.SubElement(edge, q("attvalues"))
        for name, value in (("kind", r.kind), ("strength", r.strength), ("notes", r.notes)):
            if value != "":
                ET.SubElement(values, q("attvalue"), {"for": name, "value": _xml_text(value)})
    return _xml_bytes(root)


def to_graphml(doc: Session, *, include_confidential: bool = False) -> bytes:
    """GraphML: the stakeholder's fields as node data (label, x, y and color included), and
    relations as edges; in a mixed map the undirected ones are marked ``directed="false"``."""
    doc = public_view(doc, include_confidential=include_confidential)
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    q = lambda tag: f"{{{ns}}}{tag}"  # noqa: E731
    types = {"string": "string", "integer": "int", "boolean": "boolean"}
    root = ET.Element(q("graphml"))
    node_keys = [("label", "string"), *NODE_ATTRIBUTES, ("x", "double"), ("y", "double"), ("color", "string")]
    edge_keys = [("label", "string"), *EDGE_ATTRIBUTES]
    for cls, keys in (("node", node_keys), ("edge", edge_keys)):
        for name, kind in keys:
            ET.SubElement(root, q("key"), {"id": f"{cls[0]}_{name}", "for": cls, "attr.name": name,
                                           "attr.type": types.get(kind, kind)})
    directed = any(r.directed for r in doc.relations)
    default = "directed" if directed else "undirected"
    graph = ET.SubElement(root, q("graph"), {"id": "G", "edgedefault": default})
    clusters = _cluster_names(doc)
    colours = {c.id: c.colour for c in doc.clusters}

    def data(el: ET.Element, key: str, value: Any) -> None:
        if value is not None and value != "":
            ET.SubElement(el, q("data"), {"key": key}).text = _xml_text(value)

    for s in doc.stakeholders:
        node = ET.SubElement(graph, q("node"), {"id": s.id})
        data(node, "n_label", s.name)
        for name, value in _node_values(s, clusters).items():
            data(node, f"n_{name}", value)
        data(node, "n_x", s.x)
        data(node, "n_y", s.y)
        data(node, "n_color", colours.get(s.cluster or ""))
    for r in doc.relations:
        attrs = {"id": r.id, "source": r.source, "target": r.target}
        if r.directed != directed:
            attrs["directed"] = "false"
        edge = ET.SubElement(graph, q("edge"), attrs)
        data(edge, "e_label", r.label)
        data(edge, "e_kind", r.kind)
        data(edge, "e_strength", r.strength)
        data(edge, "e_notes", r.notes)
    return _xml_bytes(root)


# --- HTML -------------------------------------------------------------------------------------

def to_html(doc: Session, *, include_confidential: bool = False, lang: str = "nl") -> str:
    """The standalone, offline HTML map that render.export_html builds."""
    try:
        from werkatelier import render
    except ImportError:
        raise WerkatelierError("The HTML export is not available in this version of Werkatelier") from None
    return render.export_html(public_view(doc, include_confidential=include_confidential),
                              include_confidential=include_confidential, lang=lang)


# --- the referral index -----------------------------------------------------------------------

@dataclass(frozen=True)
class Referral:
    """One line of the referral index (verwijzingsindex)."""

    group: str
    name: str
    organisation: str
    kind: str
    capacity: str
    contact_for: str


_WORDS = {
    "nl": {"title": "Verwijzingsindex", "party": "Partij", "capacity": "Hoedanigheid",
           "contact_for": "Waarvoor", "other": "Zonder cluster",
           "empty": "Er staan nog geen partijen op de kaart.",
           "intro": "Alle partners op de kaart, per cluster: in welke hoedanigheid ze betrokken zijn en "
                    "waarvoor je ze benadert.",
           "header": ("cluster", "naam", "organisatie", "soort", "hoedanigheid", "waarvoor"),
           "kinds": {"person": "persoon", "organisation": "organisatie", "group": "groep"}},
    "en": {"title": "Referral index", "party": "Party", "capacity": "Capacity",
           "contact_for": "Contact for", "other": "No cluster", "empty": "There is no one on the map yet.",
           "intro": "Every partner on the map, by cluster: in what capacity they are involved and what "
                    "to contact them for.",
           "header": ("cluster", "name", "organisation", "kind", "capacity", "contact_for"),
           "kinds": {"person": "person", "organisation": "organisation", "group": "group"}},
}


def referral_index(doc: Session, *, include_confidential: bool = False, lang: str = "nl"
                   ) -> list[tuple[str, list[Referral]]]:
    """Everyone on the map grouped by cluster (in the session's cluster order, those without
    a cluster last), sorted by name within a group.

    >>> from werkatelier.model import Cluster, Meta
    >>> doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="c", name="Zorg")],
    ...     stakeholders=[Stakeholder(name="Wijkteam", cluster="c", contact_for="zorgen om een huurder"),
    ...                   Stakeholder(name="ROC Amsterdam")])
    >>> [(group, [r.name for r in rows]) for group, rows in referral_index(doc)]
    [('Zorg', ['Wijkteam']), ('Zonder cluster', ['ROC Amsterdam'])]
    """
    words = _WORDS[lang]
    doc = public_view(doc, include_confidential=include_confidential)
    groups: dict[str | None, list[Referral]] = {c.id: [] for c in doc.clusters}
    groups[None] = []
    names = {c.id: c.name for c in doc.clusters}
    for s in doc.stakeholders:
        key = s.cluster if s.cluster in groups else None
        groups[key].append(Referral(names.get(key or "", words["other"]), s.name, s.organisation,
                                    words["kinds"][s.kind], s.capacity, s.contact_for))
    return [(rows[0].group, sorted(rows, key=lambda r: (fold(r.name), r.name)))
            for rows in groups.values() if rows]


def _md(text: str) -> str:
    """User text made inert in Markdown: no formatting, links, HTML or table breaks."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", text)


def referral_markdown(doc: Session, *, include_confidential: bool = False, lang: str = "nl") -> str:
    """The referral index as a Markdown document, one table per cluster."""
    words = _WORDS[lang]
    lines = [f"# {words['title']}: {_md(doc.meta.title)}", ""]
    context = [doc.meta.programme, doc.meta.event.name, doc.meta.event.location,
               doc.meta.event.date.isoformat() if doc.meta.event.date else ""]
    if any(context):
        lines += [" · ".join(_md(c) for c in context if c), ""]
    lines += [words["intro"], ""]
    groups = referral_index(doc, include_confidential=include_confidential, lang=lang)
    if not groups:
        lines += [words["empty"], ""]
    for group, rows in groups:
        lines += [f"## {_md(group)}", "",
                  f"| {words['party']} | {words['capacity']} | {words['contact_for']} |",
                  "| --- | --- | --- |"]
        for r in rows:
            party = _md(r.name)
            if r.organisation and fold(r.organisation) != fold(r.name):
                party += f" ({_md(r.organisation)})"
            lines.append(f"| {party} | {_md(r.capacity) or '–'} | {_md(r.contact_for) or '–'} |")
        lines.append("")
    return "\n".join(lines)


def referral_csv(doc: Session, *, include_confidential: bool = False, lang: str = "nl",
                 delimiter: str = ";") -> bytes:
    """The referral index as CSV, one row per party, grouped by cluster."""
    groups = referral_index(doc, include_confidential=include_confidential, lang=lang)
    rows = [[r.group, r.name, r.organisation, r.kind, r.capacity, r.contact_for]
            for _, group in groups for r in group]
    return write_csv(_WORDS[lang]["header"], rows, delimiter=delimiter)


# --- one entry point --------------------------------------------------------------------------

def export(doc: Session, format: str, *, include_confidential: bool = False, lang: str = "nl") -> bytes:
    """The export in the given format (a key of EXPORT_FORMATS) as bytes."""
    hidden = {"include_confidential": include_confidential}
    if format == "json":
        return to_json(doc, **hidden).encode("utf-8")
    if format == "csv":
        return to_csv_zip(doc, **hidden)
    if format == "xlsx":
        return to_xlsx(doc, **hidden)
    if format == "kumu":
        return to_kumu_xlsx(doc, **hidden)
    if format == "gexf":
        return to_gexf(doc, **hidden)
    if format == "graphml":
        return to_graphml(doc, **hidden)
    if format == "html":
        return to_html(doc, lang=lang, **hidden).encode("utf-8")
    if format == "referral":
        return referral_markdown(doc, lang=lang, **hidden).encode("utf-8")
    if format == "referral-csv":
        return referral_csv(doc, lang=lang, **hidden)
    raise WerkatelierError(f"Unknown export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}")


def file_name(doc: Session, format: str, today: date | None = None) -> str:
    """A download name made from the title, never a path: 'kleine-kaart-2025-06-01.gexf'."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(doc.meta.title)).strip("-")[:60] or "werkatelier"
    suffix = "-verwijzingsindex" if format.startswith("referral") else ""
    return f"{stem}{suffix}-{(today or date.today()).isoformat()}{EXPORT_FORMATS[format]}"


def write_export(doc: Session, format: str, out: str | os.PathLike[str], *,
                 include_confidential: bool = False, lang: str = "nl") -> Path:
    """Write the export to out atomically (a half-written file never replaces a good one)."""
    data = export(doc, format, include_confidential=include_confidential, lang=lang)
    path = Path(out)
    if not path.parent.is_dir():
        raise WerkatelierError(f"The folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
