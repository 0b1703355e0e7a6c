"""GEXF 1.3, as Gephi reads and writes it: nodes with attributes, positions and colours as viz."""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from werkatelier.formats.notes import ImportRefused, note
from werkatelier.formats.parsed import Parsed, relation_from_cells, stakeholder_from_cells
from werkatelier.formats.tables import cluster_names
from werkatelier.formats.xmlcommon import (
    EDGE_ATTRIBUTES,
    NODE_ATTRIBUTES,
    cells_from_attrs,
    children,
    local,
    node_values,
    to_bytes,
    xml_text,
)
from werkatelier.model import MAX_STAKEHOLDERS, Session
from werkatelier.privacy import public_view
from werkatelier.tabular import RELATION_COLUMNS, STAKEHOLDER_COLUMNS, rgb_hex


def read(root: Element, name: str) -> Parsed:
    """Nodes with their attributes, viz positions and colours; edges typed per edge or by the default."""
    graph = next(iter(children(root, "graph")), None)
    if graph is None:
        raise ImportRefused("refused_no_graph", file=name, format="GEXF")
    parsed = Parsed(name=name, format="gexf")
    titles: dict[tuple[str, str], str] = {}
    for attrs in children(graph, "attributes"):
        for a in children(attrs, "attribute"):
            titles[(attrs.get("class", "node"), a.get("id", ""))] = a.get("title") or a.get("id", "")
    unknown: set[str] = set()

    def attvalues(el: Element, cls: str) -> list[tuple[str, Any]]:
        return [(titles.get((cls, v.get("for") or v.get("id") or ""), v.get("for") or ""), v.get("value"))
                for box in children(el, "attvalues") for v in children(box, "attvalue")]

    boxes = children(graph, "nodes")
    if sum(len(children(box, "node")) for box in boxes) > MAX_STAKEHOLDERS:
        raise ImportRefused("refused_rows", file=name, limit=f"{MAX_STAKEHOLDERS:,}")
    for box in boxes:
        for node in children(box, "node"):
            ident = node.get("id", "")
            cells = cells_from_attrs(attvalues(node, "node"), STAKEHOLDER_COLUMNS, unknown)
            cells["name"] = node.get("label") or cells.get("name") or ident
            for viz in node:
                tag = local(viz.tag)
                if tag == "position":
                    cells["x"], cells["y"] = viz.get("x"), viz.get("y")
                elif tag == "color":
                    cells["colour"] = viz.get("hex") or rgb_hex(viz.get("r"), viz.get("g"), viz.get("b"))
            parsed.stakeholders.append(stakeholder_from_cells(cells, note("where.node", id=ident), ref=ident,
                                                              lenient=True))
    default = graph.get("defaultedgetype", "undirected")
    for box in children(graph, "edges"):
        for i, edge in enumerate(children(box, "edge"), 1):
            cells = cells_from_attrs(attvalues(edge, "edge"), RELATION_COLUMNS, unknown)
            cells["source"], cells["target"] = edge.get("source", ""), edge.get("target", "")
            if edge.get("label"):
                cells["label"] = edge.get("label")
            cells["directed"] = edge.get("type") or default
            parsed.relations.append(relation_from_cells(cells, note("where.edge", id=edge.get("id") or i),
                                                  lenient=True))
    if unknown:
        parsed.remarks.append(note("attributes_ignored", file=name, names=", ".join(sorted(unknown))))
    return parsed


def write(doc: Session, *, include_confidential: bool = False) -> bytes:
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
    ET.SubElement(meta, q("description")).text = xml_text(doc.meta.title)
    # Per-edge types only where they differ from the default: Gephi reads mixed graphs so,
    # and networkx (which refuses mixed graphs) still reads every graph that is not mixed.
    directed = any(r.directed for r in doc.relations)
    default = "directed" if directed else "undirected"
    graph = ET.SubElement(root, q("graph"), {"defaultedgetype": default, "mode": "static"})
    for cls, attrs in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        box = ET.SubElement(graph, q("attributes"), {"class": cls, "mode": "static"})
        for name, kind in attrs:
            ET.SubElement(box, q("attribute"), {"id": name, "title": name, "type": kind})
    clusters = cluster_names(doc)
    colours = {c.id: c.colour for c in doc.clusters}
    nodes = ET.SubElement(graph, q("nodes"))
    for s in doc.stakeholders:
        node = ET.SubElement(nodes, q("node"), {"id": s.id, "label": xml_text(s.name)})
        values = ET.SubElement(node, q("attvalues"))
        for name, value in node_values(s, clusters).items():
            if value != "":
                ET.SubElement(values, q("attvalue"), {"for": name, "value": xml_text(value)})
        if s.placed:
            ET.SubElement(node, f"{{{viz}}}position", {"x": xml_text(s.x), "y": xml_text(s.y), "z": "0.0"})
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
            attrs["label"] = xml_text(r.label)
        edge = ET.SubElement(edges, q("edge"), attrs)
        values = ET.SubElement(edge, q("attvalues"))
        for name, value in (("kind", r.kind), ("strength", r.strength), ("notes", r.notes)):
            if value != "":
                ET.SubElement(values, q("attvalue"), {"for": name, "value": xml_text(value)})
    return to_bytes(root)
