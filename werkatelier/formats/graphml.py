"""GraphML: node and edge data by key, as networkx, yEd and Gephi write it; yEd's drawing read too."""

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
from werkatelier.tabular import RELATION_COLUMNS, STAKEHOLDER_COLUMNS, cell_text, rgb_hex


def read(root: Element, name: str) -> Parsed:
    """Nodes and edges with their data by key name; a yEd drawing gives label, position and colour."""
    graph = next(iter(children(root, "graph")), None)
    if graph is None:
        raise ImportRefused("refused_no_graph", file=name, format="GraphML")
    parsed = Parsed(name=name, format="graphml")
    keys = {k.get("id", ""): k.get("attr.name") or k.get("id", "") for k in children(root, "key")}
    unknown: set[str] = set()

    def data(el: Element) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
        """Plain data as (name, text), and what a yEd graphics block says (label, x, y, colour)."""
        pairs, drawn = [], {}
        for d in children(el, "data"):
            nested = list(d.iter())[1:]
            if not nested:
                if d.text is None and keys.get(d.get("key", "")) == d.get("key", ""):
                    continue  # an empty block of a key with no name: yEd's graphics of an edge
                pairs.append((keys.get(d.get("key", ""), d.get("key", "")), d.text))
                continue
            for g in nested:
                tag = local(g.tag)
                if tag == "Geometry":  # yEd
                    drawn.setdefault("x", g.get("x")), drawn.setdefault("y", g.get("y"))
                elif tag == "RectD":  # yEd Live
                    drawn.setdefault("x", g.get("X")), drawn.setdefault("y", g.get("Y"))
                elif tag == "Fill" and g.get("color"):
                    drawn.setdefault("colour", g.get("color"))
                elif tag in ("NodeLabel", "EdgeLabel") and "".join(g.itertext()).strip():
                    # yEd writes the text first, then the label's model as child elements.
                    drawn.setdefault("label", (g.text or "").strip() or "".join(g.itertext()).strip())
                elif tag == "Label.Text" and "".join(g.itertext()).strip():  # yEd Live, in CDATA
                    drawn.setdefault("label", "".join(g.itertext()).strip())
                elif tag == "Label" and (g.get("Text") or "").strip():  # yEd Live, as an attribute
                    drawn.setdefault("label", g.get("Text").strip())
        return pairs, drawn

    edges: list[Element] = []
    count = 0

    def walk(box: Element, group: str | None) -> None:
        """The nodes of a graph; a yEd group (a node holding a graph) becomes its nodes' cluster."""
        nonlocal count
        for node in children(box, "node"):
            ident = node.get("id", "")
            pairs, drawn = data(node)
            inner = children(node, "graph")
            if inner:
                label = drawn.get("label") or cell_text(dict(pairs).get("label")) or ident
                walk(inner[0], cell_text(label) or group)
                continue
            count += 1
            if count > MAX_STAKEHOLDERS:
                raise ImportRefused("refused_rows", file=name, limit=f"{MAX_STAKEHOLDERS:,}")
            rgb = {n.lower(): v for n, v in pairs if n.lower() in ("r", "g", "b")}
            cells = cells_from_attrs([(n, v) for n, v in pairs if n.lower() not in rgb],
                                     STAKEHOLDER_COLUMNS, unknown)
            if len(rgb) == 3 and "colour" not in cells:
                cells["colour"] = rgb_hex(rgb["r"], rgb["g"], rgb["b"])
            for k in ("x", "y", "colour"):
                if k in drawn and not cell_text(cells.get(k)):
                    cells[k] = drawn[k]
            if group and not cell_text(cells.get("cluster")):
                cells["cluster"] = group
            cells["name"] = cell_text(cells.get("name")) or drawn.get("label") or ident
            parsed.stakeholders.append(stakeholder_from_cells(cells, note("where.node", id=ident), ref=ident,
                                                              lenient=True))
        edges.extend(children(box, "edge"))

    walk(graph, None)
    default = graph.get("edgedefault", "undirected")
    for i, edge in enumerate(edges, 1):
        pairs, drawn = data(edge)
        cells = cells_from_attrs(pairs, RELATION_COLUMNS, unknown)
        cells["source"], cells["target"] = edge.get("source", ""), edge.get("target", "")
        if "label" in drawn and not cell_text(cells.get("label")):
            cells["label"] = drawn["label"]
        if not cell_text(cells.get("directed")):
            cells["directed"] = edge.get("directed") or default
        parsed.relations.append(relation_from_cells(cells, note("where.edge", id=edge.get("id") or i),
                                                  lenient=True))
    if unknown:
        parsed.remarks.append(note("attributes_ignored", file=name, names=", ".join(sorted(unknown))))
    return parsed


def write(doc: Session, *, include_confidential: bool = False) -> bytes:
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
    clusters = cluster_names(doc)
    colours = {c.id: c.colour for c in doc.clusters}

    def data(el: ET.Element, key: str, value: Any) -> None:
        if value is not None and value != "":
            ET.SubElement(el, q("data"), {"key": key}).text = xml_text(value)

    for s in doc.stakeholders:
        node = ET.SubElement(graph, q("node"), {"id": s.id})
        data(node, "n_label", s.name)
        for name, value in node_values(s, clusters).items():
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
    return to_bytes(root)
