"""What a stakeholder map shows: suggested clusters, brokers, bridges, degree, isolation, quadrants."""

from __future__ import annotations

import gc
import hashlib
import operator
import random
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction
from math import comb, gcd, lcm
from typing import Any

import networkx as nx

from werkatelier import i18n
from werkatelier.graph import simple_graph, to_graph
from werkatelier.model import KINDS, Session, Stakeholder

#: Key for "not in any cluster" in counts; ids start with a letter or digit, so it never clashes.
NO_CLUSTER = "_none"
#: Exact integer path lengths stay well inside what igraph tells apart (it compares lengths
#: with a relative tolerance of about 1e-10) and what a float adds exactly (2**53).
EXACT_LENGTH_LIMIT = 10**9
#: Seed used when none is given: the same map must give the same suggestion on every rerun.
DEFAULT_SEED = 0

# --- the power-interest grid: the one place for its cut-off -------------------------------------

#: A score of HIGH_FROM or more (on 1-5) counts as high. The neutral middle, 3, counts as low,
#: so a post-it left at the defaults lands in "monitor" until the team rates it higher.
HIGH_FROM = 4
QUADRANTS: tuple[str, ...] = ("manage_closely", "keep_satisfied", "keep_informed", "monitor")


def quadrant_name(q: str, lang: str = i18n.DEFAULT) -> str:
    """A quadrant as a person reads it, from the locale files (quadrant.<name>).

    >>> quadrant_name("manage_closely"), quadrant_name("monitor", "en")
    ('Nauw betrekken', 'Monitor')
    """
    return i18n.t(f"quadrant.{q}", lang)


def quadrant_names(lang: str = i18n.DEFAULT) -> dict[str, str]:
    """Every quadrant's name, in the order of QUADRANTS."""
    return {q: quadrant_name(q, lang) for q in QUADRANTS}


def quadrant(influence: int, interest: int) -> str:
    """The power-interest quadrant for influence and interest on 1-5.

    >>> quadrant(5, 4), quadrant(4, 1), quadrant(2, 5), quadrant(3, 3)
    ('manage_closely', 'keep_satisfied', 'keep_informed', 'monitor')
    """
    high_power, high_interest = influence >= HIGH_FROM, interest >= HIGH_FROM
    if high_power:
        return "manage_closely" if high_interest else "keep_satisfied"
    return "keep_informed" if high_interest else "monitor"


# --- input ---------------------------------------------------------------------------------------

_DEFAULTS = {f: Stakeholder.model_fields[f].default for f in ("kind", "influence", "interest", "attitude")}


def _multi(G: nx.Graph | Session) -> nx.Graph:
    return to_graph(G) if isinstance(G, Session) else G


def _simple(G: nx.Graph | Session) -> nx.Graph:
    """Undirected, one edge per pair: what community detection and betweenness work on."""
    G = _multi(G)
    if G.is_multigraph():
        return simple_graph(G)
    return G.to_undirected(as_view=True) if G.is_directed() else G


def _team_clusters(G: nx.Graph) -> dict[str, str]:
    return {n: c for n, c in G.nodes(data="cluster") if c is not None}


# --- clusters ------------------------------------------------------------------------------------

def adjusted_rand_index(a: dict[str, Any], b: dict[str, Any]) -> float:
    """How far two groupings of the same items agree, corrected for chance (Hubert and Arabie).

    Counts, over every pair of items, whether both groupings put the pair together or
    both keep it apart. 1.0 means the same grouping; 0.0 what chance would give;
    below 0, less agreement than chance.

    >>> adjusted_rand_index({"a": 1, "b": 1, "c": 2}, {"a": "x", "b": "x", "c": "y"})
    1.0
    >>> round(adjusted_rand_index({"a": 1, "b": 1, "c": 2, "d": 2}, {"a": 1, "b": 2, "c": 1, "d": 2}), 3)
    -0.5
    """
    items = [i for i in a if i in b]
    n = len(items)
    if n < 2:
        return 1.0
    both = sum(comb(k, 2) for k in Counter((a[i], b[i]) for i in items).values())
    in_a = sum(comb(k, 2) for k in Counter(a[i] for i in items).values())
    in_b = sum(comb(k, 2) for k in Counter(b[i] for i in items).values())
    expected = in_a * in_b / comb(n, 2)
    best = (in_a + in_b) / 2
    if best == expected:  # both all-in-one or both all-apart: they agree
        return 1.0
    return (both - expected) / (best - expected)


def suggested_clusters(G: nx.Graph | Session, *, seed: int | None = None) -> dict[str, Any]:
    """Clusters suggested by Louvain community detection, and how they match the team's.

    Relations weigh by their strength. ``clusters`` lists groups of two or more, largest
    first, each with ``members``, the team cluster most of them are in (``team_cluster``)
    and the share of members in it; ``membership`` gives each stakeholder's group index
    (None for a stakeholder alone). ``agreement`` is the adjusted Rand index between the
    suggestion and the team's clusters, over the stakeholders the team put in a cluster:
    1 is the same grouping, 0 no better than chance; None when fewer than two are in one.
    ``seed`` None means a fixed seed, so the same map always gives the same suggestion.

    Louvain is igraph's (Blondel et al.'s multilevel method, in C): networkx's took 0.3 s of
    a structural change at 3,000 post-its, igraph's a few ms, to groups as good (modularity
    0.963 against networkx's 0.963 there). Both visit the stakeholders in a random order;
    igraph draws it from a generator seeded here, so the same map gives the same groups.

    >>> G = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("x", "y"), ("y", "z"), ("x", "z"), ("c", "x")])
    >>> nx.set_node_attributes(G, {"a": "w", "b": "w", "c": "w", "x": "z", "y": "z", "z": "z"}, "cluster")
    >>> s = suggested_clusters(G)
    >>> [c["members"] for c in s["clusters"]], s["agreement"]
    ([['a', 'b', 'c'], ['x', 'y', 'z']], 1.0)
    """
    H = _simple(G)
    return _suggested_clusters(H, _igraph(H), seed)


def _suggested_clusters(H: nx.Graph, g: Any, seed: int | None) -> dict[str, Any]:
    """:func:`suggested_clusters` of the simple graph H, given H as igraph's graph g (:func:`_igraph`)."""
    n = H.number_of_nodes()
    if n == 0:
        return {"clusters": [], "membership": {}, "agreement": None, "modularity": 0.0}
    nodes = list(H.nodes)
    order = {node: i for i, node in enumerate(nodes)}
    if H.number_of_edges() == 0:
        groups: list[list[str]] = [[node] for node in nodes]
        modularity = 0.0
    else:
        weights = [w for _u, _v, w in H.edges(data="weight", default=1)]
        with _seeded(DEFAULT_SEED if seed is None else seed):
            found = g.community_multilevel(weights=weights, return_levels=False)
        membership = found.membership
        by_index: dict[int, list[str]] = {}
        for i, node in enumerate(nodes):  # in H's order, so each group is sorted already
            by_index.setdefault(membership[i], []).append(node)
        groups = list(by_index.values())
        modularity = g.modularity(membership, weights=weights)
    groups.sort(key=lambda group: (-len(group), order[group[0]]))
    team = _team_clusters(H)
    clusters, membership_of = [], {node: None for node in nodes}
    for group in groups:
        if len(group) < 2:
            continue
        for node in group:
            membership_of[node] = len(clusters)
        votes = Counter(team[m] for m in group if m in team)
        top, count = votes.most_common(1)[0] if votes else (None, 0)
        clusters.append({"members": group, "team_cluster": top, "share": round(count / len(group), 3)})
    # A stakeholder alone is its own group for the comparison, not "the same" as other loners.
    suggested = {node: membership_of[node] if membership_of[node] is not None else f"alone:{node}"
                 for node in nodes}
    agreement = round(adjusted_rand_index(team, suggested), 3) if len(team) >= 2 else None
    return {"clusters": clusters, "membership": membership_of, "agreement": agreement,
            "modularity": round(modularity, 3)}


#: igraph draws its random numbers from one generator for the whole process: held while seeded.
_RANDOM = threading.Lock()


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """igraph's random numbers from a generator of this seed, then from Python's random again
    (igraph's default); one caller at a time, so no other thread's draws land in between."""
    import igraph

    with _RANDOM:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)


def _igraph(H: nx.Graph) -> Any:
    """The simple graph H as igraph's: vertex i is H's i-th node, edge j its j-th edge (H.edges order)."""
    import igraph  # only here: the rest of the app and the CLI start without it

    index = {node: i for i, node in enumerate(H.nodes)}
    return igraph.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in H.edges])


# --- brokers and bridges -------------------------------------------------------------------------

def brokers(G: nx.Graph | Session, *, seed: int | None = None) -> dict[str, dict[str, Any]]:
    """Who sits between the worlds: betweenness, and the team clusters each stakeholder links.

    ``betweenness`` is the normalised share of shortest paths through the stakeholder (a
    strong relation is a short step), exact on every map (see :func:`betweenness`);
    ``seed`` is accepted like every analysis function's and not needed. ``clusters`` are the team
    clusters of the stakeholder and its neighbours; ``between_worlds`` is true when it
    touches two or more.

    >>> G = nx.Graph([("a", "m"), ("m", "x")])
    >>> nx.set_node_attributes(G, {"a": "wonen", "x": "zorg"}, "cluster")
    >>> b = brokers(G)
    >>> b["m"]
    {'betweenness': 1.0, 'clusters': ['wonen', 'zorg'], 'between_worlds': True}
    >>> b["a"]["between_worlds"]
    False
    """
    H = _simple(G)
    return _brokers(H, _igraph(H))


def _brokers(H: nx.Graph, g: Any) -> dict[str, dict[str, Any]]:
    """:func:`brokers` of the simple graph H, given H as igraph's graph g (:func:`_igraph`)."""
    if H.number_of_nodes() == 0:
        return {}
    between = _betweenness(H, g)
    team = _team_clusters(H)
    rank = {c: i for i, c in enumerate(H.graph.get("clusters") or ())}
    out = {}
    for node in H.nodes:
        touched = {team[m] for m in (node, *H.adj[node]) if m in team}
        ordered = sorted(touched, key=lambda c: (rank.get(c, len(rank)), c))
        out[node] = {"betweenness": round(between[node], 6), "clusters": ordered,
                     "between_worlds": len(ordered) >= 2}
    return out


def _lengths(H: nx.Graph) -> list[float]:
    """Each edge's length, ``distance`` (1 when absent, as networkx reads it), in H.edges order.

    When every length is a fraction with a small denominator (1/summed strength is), they
    are scaled to whole numbers: sums of whole numbers are exact, so two paths of equal
    length tie exactly, as they do on paper; 1/10 + 1/5 and 3/10 in floating point do not.
    """
    raw = [d for _u, _v, d in H.edges(data="distance", default=1)]
    exact = {d: Fraction(d).limit_denominator(10_000) for d in set(raw)}  # a handful of values
    if any(f <= 0 or float(f) != d for d, f in exact.items()):
        return [float(d) for d in raw]
    scale = lcm(*(f.denominator for f in exact.values()))
    whole = {d: int(f * scale) for d, f in exact.items()}
    if max(whole.values()) * H.number_of_nodes() > EXACT_LENGTH_LIMIT:
        return [float(d) for d in raw]
    return [float(whole[d]) for d in raw]


def betweenness(G: nx.Graph | Session) -> dict[str, float]:
    """Exact weighted betweenness of each stakeholder, normalised as networkx normalises it.

    The same values as ``nx.betweenness_centrality(H, weight="distance", normalized=True)``
    on the simple graph H (a strong relation is a short step: ``distance`` is 1/summed
    strength), computed in exact path lengths by igraph's C code: networkx's pure Python
    took 94% of the analysis of a big map (3.5 s against 0.16 s at 1,000 post-its).

    >>> G = nx.Graph([("a", "m"), ("m", "x"), ("x", "z")])
    >>> {node: round(b, 3) for node, b in betweenness(G).items()}
    {'a': 0.0, 'm': 0.667, 'x': 0.667, 'z': 0.0}
    """
    H = _simple(G)
    return _betweenness(H, _igraph(H))


def _betweenness(H: nx.Graph, g: Any) -> dict[str, float]:
    """:func:`betweenness` of the simple graph H, given H as igraph's graph g (:func:`_igraph`)."""
    nodes = list(H.nodes)
    n = len(nodes)
    if n <= 2 or H.number_of_edges() == 0:
        return dict.fromkeys(nodes, 0.0)
    g = g.copy()
    g.es["length"] = _lengths(H)
    g.vs["node"] = nodes
    raw: dict[str, float] = {}
    # A shortest path never leaves its part of the map: each part is counted on its own, and a
    # part a change did not touch is not counted again (see _part_betweenness).
    for vids in g.connected_components():
        if len(vids) > 2:
            part = g.induced_subgraph(vids)
            raw.update(zip(part.vs["node"], _part_betweenness(part), strict=True))
    # igraph counts each unordered pair once; networkx, normalised, divides the count over
    # ordered pairs by (n-1)(n-2): the same as twice igraph's figure over (n-1)(n-2).
    scale = 2.0 / ((n - 1) * (n - 2))
    return {node: raw.get(node, 0.0) * scale for node in nodes}


#: Parts of at least this many stakeholders keep their counts (a smaller one is counted in no time).
REMEMBER_PARTS_FROM = 100
#: How many parts' counts are kept, the most recently used.
REMEMBERED_PARTS = 64
_PARTS: dict[tuple[Any, ...], list[float]] = {}
_PARTS_LOCK = threading.Lock()


def forget_counted_parts() -> None:
    """Forget every part's kept counts: the next analysis counts every part (a benchmark's cold run)."""
    with _PARTS_LOCK:
        _PARTS.clear()


def _part_betweenness(part: Any) -> list[float]:
    """igraph's raw betweenness of one connected part (vertices named by ``node``, edges with their
    ``length``), remembered by everything it depends on: its stakeholders in order, its ties and
    their lengths. A new relation inside one part of the map leaves the others' counts as they
    were, so only the part it touched is counted again; the same input, the same numbers.
    """
    lengths = part.es["length"]
    if all(length.is_integer() for length in lengths):
        # Whole lengths (see _lengths) in the part's own unit: a strength changed elsewhere on the
        # map changes the common unit but no path here, so it must not change the key either.
        unit = gcd(*(int(length) for length in lengths))
        lengths = [length / unit for length in lengths]  # whole numbers still, exactly
    key = (tuple(part.vs["node"]), tuple(part.get_edgelist()), tuple(lengths))
    remember = part.vcount() >= REMEMBER_PARTS_FROM
    if remember:
        with _PARTS_LOCK:
            kept = _PARTS.pop(key, None)
            if kept is not None:
                _PARTS[key] = kept  # the most recently used goes last
                return kept
    # Every tie equally long (every pair as strong, as when nobody changed a strength): the
    # shortest paths are those of fewest steps, counted by breadth-first search instead of
    # Dijkstra's, the same counts (about 40% quicker at 3,000 post-its).
    same = all(length == lengths[0] for length in lengths)
    raw = part.betweenness(directed=False, weights=None if same else lengths)
    if remember:
        with _PARTS_LOCK:
            _PARTS[key] = raw
            while len(_PARTS) > REMEMBERED_PARTS:
                del _PARTS[next(iter(_PARTS))]
    return raw


def bridges(G: nx.Graph | Session) -> dict[str, Any]:
    """Relations and stakeholders the map falls apart without.

    ``relations`` maps each relation id on a bridge (the only tie between two parts of the
    map) to its two stakeholders; ``stakeholders`` lists the cut stakeholders, whose
    leaving splits the map.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", "r1", strength=2)
    'r1'
    >>> G.add_edge("b", "c", "r2", strength=2)
    'r2'
    >>> G.add_edge("c", "a", "r3", strength=2)
    'r3'
    >>> G.add_edge("c", "d", "r4", strength=2)
    'r4'
    >>> bridges(G)
    {'relations': {'r4': ['c', 'd']}, 'stakeholders': ['c']}
    """
    H = _simple(G)
    return _bridges(H, _igraph(H))


def _bridges(H: nx.Graph, g: Any) -> dict[str, Any]:
    """:func:`bridges` of the simple graph H, given H as igraph's graph g (:func:`_igraph`): the
    same bridges and cut stakeholders as networkx finds (there is one answer), in C."""
    if H.number_of_edges() == 0:
        return {"relations": {}, "stakeholders": []}
    nodes = list(H.nodes)
    order = {node: i for i, node in enumerate(nodes)}
    edges = list(H.edges)
    relations = {}
    for j in g.bridges():
        u, v = sorted(edges[j], key=order.__getitem__)
        for rid in H.edges[u, v].get("relations") or [f"{u}-{v}"]:
            relations[rid] = [u, v]
    cut = [nodes[i] for i in sorted(g.articulation_points())]
    return {"relations": dict(sorted(relations.items())), "stakeholders": cut}


# --- degree, isolation, quadrants ----------------------------------------------------------------

def degree(G: nx.Graph | Session) -> dict[str, dict[str, int]]:
    """For each stakeholder: how many others it is linked to, by how many relations, and of
    the directed ones how many point in and out.

    >>> G = nx.MultiDiGraph()
    >>> G.add_edge("a", "b", "r1", directed=True)
    'r1'
    >>> G.add_edge("a", "b", "r2", directed=False)
    'r2'
    >>> degree(G)["b"]
    {'linked': 1, 'relations': 2, 'incoming': 1, 'outgoing': 0}
    """
    return _degree(_multi(G))


def _degree(M: nx.Graph, H: nx.Graph | None = None) -> dict[str, dict[str, int]]:
    """:func:`degree`, given the simple graph H of M when one is at hand."""
    if M.number_of_nodes() == 0:
        return {}
    out = {n: {"linked": 0, "relations": 0, "incoming": 0, "outgoing": 0} for n in M.nodes}
    for n, nbrs in (_simple(M) if H is None else H).adj.items():
        out[n]["linked"] = len(nbrs)
    directed_default = M.is_directed() and not M.is_multigraph()
    for u, v, directed in M.edges(data="directed", default=directed_default):
        out[u]["relations"] += 1
        out[v]["relations"] += 1
        if directed:
            out[u]["outgoing"] += 1
            out[v]["incoming"] += 1
    return out


def isolated(G: nx.Graph | Session) -> dict[str, str]:
    """Stakeholders without any relation, as id to name.

    >>> G = nx.Graph([("a", "b")])
    >>> G.add_node("c", name="Huurdersvereniging")
    >>> isolated(G)
    {'c': 'Huurdersvereniging'}
    """
    M = _multi(G)
    return _isolated(M, _simple(M))


def _isolated(M: nx.Graph, H: nx.Graph) -> dict[str, str]:
    """:func:`isolated`, given the simple graph H of M: a stakeholder alone has no neighbour in H
    (quicker to ask than its degree in the multigraph)."""
    return {n: M.nodes[n].get("name", str(n)) for n, nbrs in H.adj.items() if not nbrs}


def power_interest(G: nx.Graph | Session) -> dict[str, dict[str, Any]]:
    """Each stakeholder's place in the power-interest grid (see :func:`quadrant`).

    >>> G = nx.Graph()
    >>> G.add_node("a", influence=5, interest=5)
    >>> power_interest(G)
    {'a': {'influence': 5, 'interest': 5, 'quadrant': 'manage_closely'}}
    """
    M = _multi(G)
    out = {}
    for n, d in M.nodes(data=True):
        inf, intr = d.get("influence", _DEFAULTS["influence"]), d.get("interest", _DEFAULTS["interest"])
        out[n] = {"influence": inf, "interest": intr, "quadrant": quadrant(inf, intr)}
    return out


def summary(G: nx.Graph | Session) -> dict[str, Any]:
    """Counts per team cluster, kind, quadrant and attitude, with every category present.

    >>> s = summary(nx.Graph([("a", "b")]))
    >>> s["stakeholders"], s["relations"], s["clusters"], s["quadrants"]["monitor"], s["attitudes"]["0"]
    (2, 1, {'_none': 2}, 2, 2)
    """
    M = _multi(G)
    return _summary(M, _simple(M))


def _summary(M: nx.Graph, H: nx.Graph) -> dict[str, Any]:
    """:func:`summary`, given the simple graph H of M."""
    clusters = dict.fromkeys(M.graph.get("clusters") or (), 0)
    clusters[NO_CLUSTER] = 0
    kinds = dict.fromkeys(KINDS, 0)
    quadrants = dict.fromkeys(QUADRANTS, 0)
    attitudes = {str(a): 0 for a in range(-2, 3)}
    default = _DEFAULTS.get
    for _n, d in M.nodes(data=True):  # one pass over the node dicts: this runs on every new relation
        c = d.get("cluster") or NO_CLUSTER
        clusters[c] = clusters.get(c, 0) + 1
        kind = d.get("kind", default("kind"))
        kinds[kind] = kinds.get(kind, 0) + 1
        inf, intr = d.get("influence", default("influence")), d.get("interest", default("interest"))
        quadrants[quadrant(inf, intr)] += 1
        attitudes[str(d.get("attitude", default("attitude")))] += 1
    return {"stakeholders": M.number_of_nodes(), "relations": M.number_of_edges(),
            "isolated": sum(1 for nbrs in H.adj.values() if not nbrs),
            "clusters": clusters, "kinds": kinds, "quadrants": quadrants, "attitudes": attitudes}


#: What a session's analysis reads: everything of these parts but where post-its lie.
INPUTS: dict[str, Any] = {"include": {"stakeholders", "relations", "clusters"},
                          "exclude": {"stakeholders": {"__all__": {"x", "y"}}}}


def fingerprint(doc: Session, *, include_confidential: bool = True) -> str:
    """A key for what :func:`analyse` reads of a session: equal keys, equal analyses.

    Stakeholders without their positions, relations, clusters, and whether confidential
    items count; a move changes no figure, so it keeps the key and a cache keyed on it
    computes nothing again.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id="a", name="A", x=0, y=0)])
    >>> moved = doc.model_copy(update={"stakeholders": [doc.stakeholders[0].model_copy(update={"x": 9})]})
    >>> renamed = doc.model_copy(update={"stakeholders": [Stakeholder(id="a", name="B", x=0, y=0)]})
    >>> fingerprint(moved) == fingerprint(doc) != fingerprint(renamed)
    True
    """
    # One call into pydantic-core's Rust writer: about 25 ms for 3,000 post-its.
    data = doc.model_dump_json(**INPUTS).encode("utf-8")
    h = hashlib.blake2b(data, digest_size=16, person=b"analysis-v1")
    h.update(b"1" if include_confidential else b"0")
    return h.hexdigest()


#: How many changed stakeholders :class:`Fingerprints` compares one by one; more, and hashing the
#: whole map at once is quicker (one call into pydantic-core against one per stakeholder).
FEW_CHANGED = 64


class Fingerprints:
    """:func:`fingerprint`, remembering each session's last key: a revision that only moved
    post-its gets it again without hashing the whole map (about 10 ms at 3,000 post-its).

    The store's revisions share every item an operation left alone and replace the items it
    changed (``store.clone``, ``store.settle``), so the very same object is the same item. A
    revision whose relations and clusters are those of the last one, and whose stakeholders
    are too but for a few that differ from the last ones only in where they lie, reads the
    same and has the same key. Anything else is hashed again.

    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id="a", name="A", x=0, y=0)])
    >>> keys, one = Fingerprints(), doc.stakeholders[0]
    >>> moved = doc.model_copy(update={"stakeholders": [one.model_copy(update={"x": 9})]})
    >>> renamed = doc.model_copy(update={"stakeholders": [one.model_copy(update={"name": "B"})]})
    >>> keys(doc) == keys(moved) == fingerprint(doc), keys(renamed) == fingerprint(renamed)
    (True, True)
    """

    def __init__(self, sessions: int = 64) -> None:
        self.sessions = sessions
        self._last: dict[tuple[str, bool], tuple[Session, str]] = {}
        self._lock = threading.Lock()

    def __call__(self, doc: Session, *, include_confidential: bool = True) -> str:
        which = (doc.id, include_confidential)
        with self._lock:
            last = self._last.get(which)
        if last is not None and _reads_the_same(last[0], doc):
            key = last[1]
        else:
            key = fingerprint(doc, include_confidential=include_confidential)
        with self._lock:
            self._last.pop(which, None)
            self._last[which] = (doc, key)  # the latest revision, as the next one is made from it
            while len(self._last) > self.sessions:
                del self._last[next(iter(self._last))]
        return key


def _reads_the_same(old: Session, new: Session) -> bool:
    """Whether new has what :func:`fingerprint` reads of old, judged by which items are the same objects."""
    for part in ("relations", "clusters"):
        a, b = getattr(old, part), getattr(new, part)
        if len(a) != len(b) or not all(map(operator.is_, a, b)):
            return False
    a, b = old.stakeholders, new.stakeholders
    if len(a) != len(b):
        return False
    changed = [(x, y) for x, y in zip(a, b, strict=True) if x is not y]
    if len(changed) > FEW_CHANGED:
        return False
    unplaced = INPUTS["exclude"]["stakeholders"]["__all__"]
    return all(x.model_dump_json(exclude=unplaced) == y.model_dump_json(exclude=unplaced) for x, y in changed)


_PAUSED = {"callers": 0, "was_enabled": False}
_PAUSE = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a big map's graphs and tables are built.

    Building them makes tens of thousands of dicts that all stay alive, and each thousand
    new ones sets off a collection that walks them again, and now and then every object of
    the server: 0.1-0.2 s of a new relation at 3,000 post-its. Held for all threads (the
    collector is the process's) while any caller is inside; what was garbage meanwhile is
    collected after, as usual.
    """
    with _PAUSE:
        if _PAUSED["callers"] == 0:
            _PAUSED["was_enabled"] = gc.isenabled()
            gc.disable()
        _PAUSED["callers"] += 1
    try:
        yield
    finally:
        with _PAUSE:
            _PAUSED["callers"] -= 1
            if _PAUSED["callers"] == 0 and _PAUSED["was_enabled"]:
                gc.enable()


def analyse(G: nx.Graph | Session, *, seed: int | None = None) -> dict[str, Any]:
    """Everything above in one JSON-able dict, from one graph built once.

    >>> sorted(analyse(nx.Graph()))
    ['bridges', 'brokers', 'degree', 'isolated', 'power_interest', 'suggested_clusters', 'summary']
    """
    with collector_paused():
        return _analyse(G, seed)


def _analyse(G: nx.Graph | Session, seed: int | None) -> dict[str, Any]:
    M = _multi(G)
    H = _simple(M)  # once, not once per function that wants it
    g = _igraph(H)  # and so is igraph's copy of it
    return {"summary": _summary(M, H), "suggested_clusters": _suggested_clusters(H, g, seed),
            "brokers": _brokers(H, g), "bridges": _bridges(H, g), "degree": _degree(M, H),
            "isolated": _isolated(M, H), "power_interest": power_interest(M)}
