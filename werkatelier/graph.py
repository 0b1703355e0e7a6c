"""A session as a networkx graph: the one bridge between the document and graph algorithms.

Why a ``MultiDiGraph``: a relation is directed or not, and several kinds of relation can
link one pair ("financiert" and "informeert"). A ``MultiDiGraph`` keeps every relation as
its own edge, keyed by the relation id, with ``directed`` stored on the edge; an undirected
relation is kept once, from its source to its target, so nothing is counted twice. Analysis
mostly wants "is there a tie, and how strong": :func:`simple_graph` gives that undirected
simple projection, with the strengths of all relations of a pair summed into ``weight``.

Node attributes are the stakeholder's own fields (the node key is its id); edge attributes
are the relation's fields. ``G.graph`` holds the session id, title and the clusters by id.
"""

from __future__ import annotations

import networkx as nx

from werkatelier import privacy
from werkatelier.model import Relation, Session, Stakeholder

#: Stakeholder fields copied onto each node, in model order.
NODE_FIELDS: tuple[str, ...] = tuple(f for f in Stakeholder.model_fields if f != "id")
#: Relation fields copied onto each edge; the edge key is the relation id as well.
EDGE_FIELDS: tuple[str, ...] = tuple(Relation.model_fields)


def to_graph(doc: Session, *, include_confidential: bool = True) -> nx.MultiDiGraph:
    """The session as a MultiDiGraph: stakeholders as nodes, relations as edges keyed by id.

    Without ``include_confidential`` the graph is of the public view
    (:func:`werkatelier.privacy.public_view`): no confidential stakeholders, nor relations
    touching one.

    >>> from werkatelier.model import Meta, Relation, Session, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[
    ...     Stakeholder(id="a", name="A"), Stakeholder(id="b", name="B", confidential=True)],
    ...     relations=[Relation(id="r", source="a", target="b", kind="financiert", directed=True)])
    >>> G = to_graph(doc)
    >>> G.nodes["a"]["name"], list(G.edges(keys=True)), G.edges["a", "b", "r"]["directed"]
    ('A', [('a', 'b', 'r')], True)
    >>> list(to_graph(doc, include_confidential=False).nodes)
    ['a']
    """
    doc = privacy.public_view(doc, include_confidential=include_confidential)
    G = nx.MultiDiGraph()
    G.graph.update(
        session_id=doc.id,
        title=doc.meta.title,
        clusters={c.id: c.model_dump(mode="json", exclude={"id"}) for c in doc.clusters},
    )
    for s in doc.stakeholders:
        G.add_node(s.id, **s.model_dump(mode="json", exclude={"id"}))
    # add_edges_from with explicit keys is linear; the per-edge calls of pyvis are not.
    G.add_edges_from((r.source, r.target, r.id, r.model_dump(mode="json")) for r in doc.relations)
    return G


def simple_graph(G: nx.MultiDiGraph | Session) -> nx.Graph:
    """The undirected simple projection analysis needs: one edge per linked pair.

    ``weight`` is the summed strength (1-3 each) of all relations of the pair, ``distance``
    its inverse (a strong tie is short), ``relations`` the relation ids. Node attributes
    and ``G.graph`` are kept.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", "r1", strength=2, directed=True)
    'r1'
    >>> G.add_edge("b", "a", "r2", strength=3, directed=False)
    'r2'
    >>> H = simple_graph(G)
    >>> H.edges["a", "b"]["weight"], sorted(H.edges["a", "b"]["relations"])
    (5, ['r1', 'r2'])
    """
    if isinstance(G, Session):
        G = to_graph(G)
    H = nx.Graph()
    H.graph.update(G.graph)
    H.add_nodes_from(G.nodes(data=True))
    for u, v, key, data in G.edges(keys=True, data=True):
        strength = data.get("strength", 1)
        if H.has_edge(u, v):
            e = H.edges[u, v]
            e["weight"] += strength
            e["relations"].append(key)
        else:
            H.add_edge(u, v, weight=strength, relations=[key])
    for _u, _v, e in H.edges(data=True):
        e["distance"] = 1.0 / e["weight"]
    return H
