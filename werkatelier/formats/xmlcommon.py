"""What the XML formats share: parsing through defusedxml with DTDs refused, text XML can hold,
and the stakeholder and relation attributes GEXF and GraphML both carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from werkatelier.formats.notes import ImportRefused
from werkatelier.model import Stakeholder
from werkatelier.tabular import normalise_header

#: Characters XML 1.0 cannot hold (openpyxl refuses them too); dropped on the way out.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Node attributes written to GEXF and GraphML: name, type.
NODE_ATTRIBUTES = (("organisation", "string"), ("kind", "string"), ("capacity", "string"),
                   ("contact_for", "string"), ("cluster", "string"), ("influence", "integer"),
                   ("interest", "integer"), ("attitude", "integer"), ("tags", "string"),
                   ("notes", "string"), ("confidential", "boolean"))
EDGE_ATTRIBUTES = (("kind", "string"), ("strength", "integer"), ("notes", "string"))


# --- reading ----------------------------------------------------------------------------------

def refused(name: str) -> ImportRefused:
    return ImportRefused("refused_dtd", file=name)


def parse(raw: bytes, name: str) -> Element:
    try:
        return SafeET.fromstring(raw, forbid_dtd=True)
    except DefusedXmlException:
        raise refused(name) from None
    except SafeET.ParseError as e:
        line, col = getattr(e, "position", (0, 0))
        raise ImportRefused("refused_xml", file=name, line=line, column=col) from None
    except LookupError as e:  # <?xml encoding="ATF-8"?>: a declaration naming no encoding there is
        raise ImportRefused("refused_xml_encoding", file=name, detail=str(e)) from None


def local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def children(el: Element, name: str) -> list[Element]:
    return [c for c in el if local(c.tag) == name]


def cells_from_attrs(pairs: Iterable[tuple[str, Any]], table: dict[str, tuple[str, ...]],
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


# --- writing ----------------------------------------------------------------------------------

def xml_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return repr(value)
    return ILLEGAL_XML.sub("", str(value))


def node_values(s: Stakeholder, clusters: dict[str, str]) -> dict[str, Any]:
    return {"organisation": s.organisation, "kind": s.kind, "capacity": s.capacity,
            "contact_for": s.contact_for, "cluster": clusters.get(s.cluster or "", ""),
            "influence": s.influence, "interest": s.interest, "attitude": s.attitude,
            "tags": "; ".join(s.tags), "notes": s.notes, "confidential": s.confidential}


def to_bytes(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
