"""The usual pyvis route, the baseline for bench/render.py: a networkx graph, from_nx, generate_html."""

from __future__ import annotations

import networkx as nx
from pyvis.network import Network

from werkatelier.model import Session

SHAPES = {"person": "ellipse", "organisation": "box", "group": "box"}


def baseline_graph(doc: Session) -> nx.MultiDiGraph:
    """A session as most pyvis code would hand it over: attributes named the way pyvis wants them."""
    colours = {c.id: c.colour for c in doc.clusters}
    G = nx.MultiDiGraph()
    for s in doc.stakeholders:
        G.add_node(s.id, label=s.name, title=f"{s.name}\n{s.organisation}", shape=SHAPES[s.kind],
                   color=colours.get(s.cluster, "#e4e4e4"), x=s.x, y=s.y, physics=False)
    for r in doc.relations:
        G.add_edge(r.source, r.target, label=r.label or r.kind, title=r.kind,
                   arrows="to" if r.directed else "", weight=r.strength)
    return G


def baseline_html(doc: Session) -> str:
    """Network.from_nx calls add_node and add_edge per relation; add_edge scans every edge so far."""
    net = Network(height="100%", width="100%", directed=True)
    net.from_nx(baseline_graph(doc))
    net.toggle_physics(False)
    return net.generate_html()
