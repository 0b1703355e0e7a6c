"""The analysis page's power-interest grid as a Vega-Lite spec, and its tables, as plain data."""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from werkatelier import palette, render
from werkatelier.analysis import HIGH_FROM, NO_CLUSTER, QUADRANTS, quadrant_name, quadrant_names
from werkatelier.model import KINDS, Session

#: The line between low and high on both axes: halfway between the last low and the first high score.
CUT = HIGH_FROM - 0.5
#: Points stacked in one column of a grid cell before a second column starts.
ROWS_PER_COLUMN = 5
#: How far (in score units) the points of one cell spread up and down from its centre.
SPREAD = 0.34
#: Label length on the grid; the tooltip has the whole name.
LABEL_CHARS = 22
GRID_HEIGHT = 780
#: Faint tints behind each quadrant: the cluster colours on the points must stay the loudest thing.
QUADRANT_TINTS: dict[str, str] = {"manage_closely": "#fbe4e0", "keep_satisfied": "#fdf3dc",
                                  "keep_informed": "#e3f0f8", "monitor": "#f1f1f1"}
#: Where each quadrant lies: (interest from, to), (influence from, to), on the chart's axes.
_LOW, _HIGH = (0.5, CUT), (CUT, 5.5)
QUADRANT_AREAS: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "manage_closely": (_HIGH, _HIGH), "keep_satisfied": (_LOW, _HIGH),
    "keep_informed": (_HIGH, _LOW), "monitor": (_LOW, _LOW)}
#: Room above and below the 1-5 scores for the quadrant names, so no point sits under one.
_Y_DOMAIN = (0.05, 5.95)
_X_DOMAIN = (0.5, 5.5)
FONT = "'Source Sans', 'Source Sans Pro', Arial, sans-serif"
#: The name of the grid's dataset of stakeholder points.
POINTS = "points"


def short_label(name: str, chars: int = LABEL_CHARS) -> str:
    """A name cut to fit the grid, with an ellipsis when cut.

    >>> short_label("Wijkprofessionals Rochdale", 18), short_label("RIEC")
    ('Wijkprofessionals…', 'RIEC')
    """
    name = " ".join(name.split())
    return name if len(name) <= chars else name[:chars - 1].rstrip() + "…"


def cluster_names(doc: Session, lang: str = "nl") -> dict[str, str]:
    """Each cluster id (and NO_CLUSTER) to the name a legend shows; equal names get a number,
    so two clusters never share one legend entry.

    >>> from werkatelier.model import Cluster, Meta
    >>> cluster_names(Session(meta=Meta(title="t"), clusters=[Cluster(id="a", name="Zorg"),
    ...     Cluster(id="b", name="Zorg")]), "en")
    {'a': 'Zorg', 'b': 'Zorg (2)', '_none': 'No cluster'}
    """
    out: dict[str, str] = {}
    used: dict[str, int] = defaultdict(int)
    for c in doc.clusters:
        used[c.name.casefold()] += 1
        n = used[c.name.casefold()]
        out[c.id] = c.name if n == 1 else f"{c.name} ({n})"
    out[NO_CLUSTER] = render.words(lang)["no_cluster"]
    return out


def grid_points(doc: Session, power_interest: dict[str, dict[str, Any]], *,
                lang: str = "nl") -> list[dict[str, Any]]:
    """One point per stakeholder of ``power_interest`` (analysis.power_interest), placed in its
    score cell so that equal scores do not hide each other.

    Stakeholders with the same influence and interest stand in a column at the left of
    their cell, sorted by name, spread evenly up and down; more than ROWS_PER_COLUMN
    start another column. The same map always gives the same places.

    >>> from werkatelier.analysis import power_interest
    >>> from werkatelier.model import Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[
    ...     Stakeholder(id="a", name="B", influence=5, interest=5),
    ...     Stakeholder(id="b", name="A", influence=5, interest=5)])
    >>> [(p["name"], p["x"], p["y"]) for p in grid_points(doc, power_interest(doc))]
    [('A', 4.6, 5.34), ('B', 4.6, 4.66)]
    """
    if not power_interest:
        return []
    by_id = {s.id: s for s in doc.stakeholders}
    names = cluster_names(doc, lang)
    colours = {**palette.cluster_colours(doc), NO_CLUSTER: palette.NO_CLUSTER_COLOUR}
    by_quadrant = quadrant_names(lang)
    cells: dict[tuple[int, int], list[str]] = defaultdict(list)
    for sid, place in power_interest.items():
        if sid in by_id:
            cells[place["influence"], place["interest"]].append(sid)
    points = []
    for (influence, interest), ids in sorted(cells.items()):
        ids.sort(key=lambda i: (by_id[i].name.casefold(), i))
        columns = math.ceil(len(ids) / ROWS_PER_COLUMN)
        rows = math.ceil(len(ids) / columns)
        for j, sid in enumerate(ids):
            s = by_id[sid]
            col, row = divmod(j, rows)
            in_col = min(rows, len(ids) - col * rows)
            dy = 0.0 if in_col == 1 else SPREAD - row * (2 * SPREAD / (in_col - 1))
            cluster = s.cluster if s.cluster in names else NO_CLUSTER
            points.append({
                "id": sid, "name": s.name,
                "label": short_label(s.name, LABEL_CHARS if columns == 1 else LABEL_CHARS // columns + 2),
                "cluster": names[cluster], "colour": colours.get(cluster, palette.NO_CLUSTER_COLOUR),
                "influence": influence, "interest": interest,
                "quadrant": by_quadrant[power_interest[sid]["quadrant"]],
                "x": round(interest - 0.4 + col * (0.9 / columns), 3),
                "y": round(influence + dy, 3),
            })
    return points


def _axis(title: str, domain: tuple[float, float]) -> dict[str, Any]:
    return {"type": "quantitative", "title": title,
            "scale": {"domain": list(domain), "nice": False, "zero": False},
            "axis": {"values": [1, 2, 3, 4, 5], "format": "d", "grid": False, "tickSize": 0}}


def power_interest_chart(doc: Session, power_interest: dict[str, dict[str, Any]], *, lang: str = "nl",
                         height: int = GRID_HEIGHT) -> dict[str, Any]:
    """The power-interest grid as a Vega-Lite spec: interest across, influence up, the quadrants
    split at the analysis cut-off and named in ``lang``, each stakeholder a labelled point in
    its cluster's colour (see :func:`grid_points`). Everything is inline data: nothing to fetch.

    The points are one named dataset, ``datasets["points"]``, that the dots and their labels
    both draw: listed once, and a page can hand it over in a compact form (Streamlit ships
    named datasets as Arrow, thousands of points without a JSON text of them on every rerun).

    >>> from werkatelier.analysis import power_interest
    >>> from werkatelier.model import Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="Gemeente", influence=5)])
    >>> spec = power_interest_chart(doc, power_interest(doc), lang="en")
    >>> sorted(q["name"] for q in spec["layer"][-3]["data"]["values"])
    ['Keep informed', 'Keep satisfied', 'Manage closely', 'Monitor']
    >>> spec["layer"][-1]["data"], [p["name"] for p in spec["datasets"][POINTS]]
    ({'name': 'points'}, ['Gemeente'])
    """
    text = render.words(lang)
    x = _axis(text["interest"], _X_DOMAIN)
    y = _axis(text["influence"], _Y_DOMAIN)
    points = grid_points(doc, power_interest, lang=lang)
    names = cluster_names(doc, lang)
    colours = {**palette.cluster_colours(doc), NO_CLUSTER: palette.NO_CLUSTER_COLOUR}
    shown = {p["cluster"] for p in points}
    legend_ids = [c for c in [*(c.id for c in doc.clusters), NO_CLUSTER] if names[c] in shown]
    layers: list[dict[str, Any]] = []
    for q in QUADRANTS:
        (x0, x1), (y0, y1) = QUADRANT_AREAS[q]
        if q in ("manage_closely", "keep_satisfied"):
            y1 = _Y_DOMAIN[1]
        else:
            y0 = _Y_DOMAIN[0]
        layers.append({"data": {"values": [{"x0": x0, "x1": x1, "y0": y0, "y1": y1}]},
                       "mark": {"type": "rect", "color": QUADRANT_TINTS[q]},
                       "encoding": {"x": {**x, "field": "x0"}, "x2": {"field": "x1"},
                                    "y": {**y, "field": "y0"}, "y2": {"field": "y1"}}})
    cells = [{"x": v + 0.5, "y0": _Y_DOMAIN[0], "y1": _Y_DOMAIN[1]} for v in (1, 2, 4)]
    rows = [{"y": v + 0.5, "x0": _X_DOMAIN[0], "x1": _X_DOMAIN[1]} for v in (1, 2, 4)]
    cut = {"type": "rule", "strokeDash": [10, 6], "strokeWidth": 3, "color": "#3d3d3d"}
    across = [{"x": CUT, "y0": _Y_DOMAIN[0], "y1": _Y_DOMAIN[1]}]
    up = [{"y": CUT, "x0": _X_DOMAIN[0], "x1": _X_DOMAIN[1]}]
    layers += [
        {"data": {"values": cells}, "mark": {"type": "rule", "color": "#ffffff", "strokeWidth": 2},
         "encoding": {"x": {**x, "field": "x"}, "y": {**y, "field": "y0"}, "y2": {"field": "y1"}}},
        {"data": {"values": rows}, "mark": {"type": "rule", "color": "#ffffff", "strokeWidth": 2},
         "encoding": {"y": {**y, "field": "y"}, "x": {**x, "field": "x0"}, "x2": {"field": "x1"}}},
        {"data": {"values": across}, "mark": cut,
         "encoding": {"x": {**x, "field": "x"}, "y": {**y, "field": "y0"}, "y2": {"field": "y1"}}},
        {"data": {"values": up}, "mark": cut,
         "encoding": {"y": {**y, "field": "y"}, "x": {**x, "field": "x0"}, "x2": {"field": "x1"}}},
    ]
    labels = []
    for q in QUADRANTS:
        (x0, x1), _ = QUADRANT_AREAS[q]
        top = q in ("manage_closely", "keep_satisfied")
        labels.append({"name": quadrant_name(q, lang), "x": (x0 + x1) / 2, "y": 5.72 if top else 0.28})
    layers.append({"data": {"values": labels},
                   "mark": {"type": "text", "fontSize": 24, "fontWeight": "bold", "color": "#222222",
                            "baseline": "middle", "font": FONT},
                   "encoding": {"x": {**x, "field": "x"}, "y": {**y, "field": "y"},
                                "text": {"field": "name", "type": "nominal"}}})
    tooltip = [{"field": "name", "type": "nominal", "title": "Stakeholder"},
               {"field": "cluster", "type": "nominal", "title": text["legend"]},
               {"field": "influence", "type": "quantitative", "title": text["influence"]},
               {"field": "interest", "type": "quantitative", "title": text["interest"]},
               {"field": "quadrant", "type": "nominal", "title": text["quadrant"]}]
    colour = {"field": "cluster", "type": "nominal", "title": text["legend"],
              "scale": {"domain": [names[c] for c in legend_ids], "range": [colours[c] for c in legend_ids]},
              "legend": {"orient": "bottom", "columns": 4, "symbolSize": 260, "symbolStrokeColor": "#222222",
                         "labelLimit": 420}}
    layers.append({"data": {"name": POINTS},
                   "mark": {"type": "circle", "size": 300, "opacity": 1, "stroke": "#222222",
                            "strokeWidth": 1.5},
                   "encoding": {"x": {**x, "field": "x"}, "y": {**y, "field": "y"}, "color": colour,
                                "tooltip": tooltip}})
    layers.append({"data": {"name": POINTS},
                   "mark": {"type": "text", "align": "left", "baseline": "middle", "dx": 13, "fontSize": 16,
                            "color": "#111111", "font": FONT},
                   "encoding": {"x": {**x, "field": "x"}, "y": {**y, "field": "y"},
                                "text": {"field": "label", "type": "nominal"}, "tooltip": tooltip}})
    return {
        "height": height,
        "datasets": {POINTS: points},
        "layer": layers,
        "config": {"font": FONT, "view": {"stroke": None},
                   "axis": {"labelFontSize": 18, "titleFontSize": 20, "titlePadding": 12, "domain": False,
                            "labelColor": "#222222", "titleColor": "#222222"},
                   "legend": {"labelFontSize": 17, "titleFontSize": 18, "labelColor": "#222222",
                              "titleColor": "#222222"}},
        # SVG: text stays text, crisp on a projector and findable by a test.
        "usermeta": {"embedOptions": {"renderer": "svg", "actions": False}},
    }


# --- tables ----------------------------------------------------------------------------------------

def network_rows(doc: Session, result: dict[str, Any], *, lang: str = "nl") -> list[dict[str, Any]]:
    """Each stakeholder's place in the network, the best broker first.

    ``betweenness`` is the share of shortest paths through it, ``worlds`` how many team
    clusters it and its neighbours belong to, ``linked`` how many others it is tied to,
    ``cut`` whether the map falls apart without it. ``result`` is analysis.analyse's.

    >>> from werkatelier.analysis import analyse
    >>> from werkatelier.model import Meta, Relation, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id=i, name=i.upper()) for i in "abc"],
    ...     relations=[Relation(source="a", target="b"), Relation(source="b", target="c")])
    >>> [(r["name"], r["betweenness"], r["linked"], r["cut"]) for r in network_rows(doc, analyse(doc))]
    [('B', 1.0, 2, True), ('A', 0.0, 1, False), ('C', 0.0, 1, False)]
    """
    if not result["brokers"]:
        return []
    by_id = {s.id: s for s in doc.stakeholders}
    names = cluster_names(doc, lang)
    cut = set(result["bridges"]["stakeholders"])
    rows = []
    for sid, b in result["brokers"].items():
        s = by_id[sid]
        d = result["degree"][sid]
        cluster = names.get(s.cluster or NO_CLUSTER, names[NO_CLUSTER])
        rows.append({"id": sid, "name": s.name, "cluster": cluster,
                     "betweenness": b["betweenness"], "worlds": len(b["clusters"]),
                     "between_worlds": b["between_worlds"], "linked": d["linked"],
                     "relations": d["relations"], "cut": sid in cut})
    rows.sort(key=lambda r: (-r["betweenness"], -r["linked"], r["name"].casefold()))
    return rows


def bridge_rows(doc: Session, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Each bridge (the only tie between two parts of the map) as the two names and its kinds.

    >>> from werkatelier.analysis import analyse
    >>> from werkatelier.model import Meta, Relation, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id=i, name=i.upper()) for i in "ab"],
    ...     relations=[Relation(id="r", source="a", target="b", kind="financiert")])
    >>> bridge_rows(doc, analyse(doc))
    [{'a': 'A', 'b': 'B', 'kinds': 'financiert', 'relations': ['r']}]
    """
    by_id = {s.id: s.name for s in doc.stakeholders}
    rel = {r.id: r for r in doc.relations}
    pairs: dict[tuple[str, str], list[str]] = {}
    for rid, (u, v) in result["bridges"]["relations"].items():
        pairs.setdefault((u, v), []).append(rid)
    rows = []
    for (u, v), rids in pairs.items():
        kinds = sorted({(rel[r].kind or rel[r].label) for r in rids if r in rel} - {""}, key=str.casefold)
        rows.append({"a": by_id.get(u, u), "b": by_id.get(v, v), "kinds": ", ".join(kinds),
                     "relations": rids})
    rows.sort(key=lambda r: (r["a"].casefold(), r["b"].casefold()))
    return rows


def suggestion_rows(doc: Session, result: dict[str, Any], *, lang: str = "nl") -> list[dict[str, Any]]:
    """The team's clusters next to the suggested groups: one row per stakeholder, grouped.

    ``group`` numbers the suggested groups from 1 (largest first; None for a stakeholder
    that fits no group), ``group_mostly`` names the team cluster most of the group is in.

    >>> from werkatelier.analysis import analyse
    >>> from werkatelier.model import Meta, Relation, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id=i, name=i.upper()) for i in "abc"],
    ...     relations=[Relation(source="a", target="b")])
    >>> [(r["name"], r["group"]) for r in suggestion_rows(doc, analyse(doc))]
    [('A', 1), ('B', 1), ('C', None)]
    """
    suggested = result["suggested_clusters"]
    if not suggested["membership"]:
        return []
    by_id = {s.id: s for s in doc.stakeholders}
    names = cluster_names(doc, lang)
    order = {s.id: i for i, s in enumerate(doc.stakeholders)}
    rows = []
    for sid, g in suggested["membership"].items():
        s = by_id[sid]
        mostly = suggested["clusters"][g]["team_cluster"] if g is not None else None
        rows.append({"id": sid, "name": s.name,
                     "team_cluster": names.get(s.cluster, "") if s.cluster else "",
                     "group": None if g is None else g + 1,
                     "group_mostly": names.get(mostly, "") if mostly else ""})
    rows.sort(key=lambda r: (r["group"] is None, r["group"] or 0, order[r["id"]]))
    return rows


def agreement_band(score: float | None) -> str | None:
    """A word for the adjusted Rand index between suggestion and team: "same", "close",
    "partly" or "different"; None when there is nothing to compare.

    >>> [agreement_band(x) for x in (1.0, 0.7, 0.3, 0.08, None)]
    ['same', 'close', 'partly', 'different', None]
    """
    if score is None:
        return None
    if score >= 0.95:
        return "same"
    if score >= 0.6:
        return "close"
    return "partly" if score >= 0.25 else "different"


def summary_rows(doc: Session, result: dict[str, Any], *,
                 lang: str = "nl") -> dict[str, list[dict[str, Any]]]:
    """The counts per cluster, kind, quadrant and attitude, each as rows of ``label`` and ``count``
    in ``lang``; clusters also carry their ``colour``. Every category shows, also at 0,
    except "no cluster" when everyone is in one.

    >>> from werkatelier.analysis import analyse
    >>> from werkatelier.model import Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="A", kind="person")])
    >>> rows = summary_rows(doc, analyse(doc), lang="en")
    >>> rows["clusters"], rows["kinds"][0]
    ([{'label': 'No cluster', 'colour': '#e4e4e4', 'count': 1}], {'label': 'Person', 'count': 1})
    """
    text = render.words(lang)
    s = result["summary"]
    names = cluster_names(doc, lang)
    colours = {**palette.cluster_colours(doc), NO_CLUSTER: palette.NO_CLUSTER_COLOUR}
    clusters = [{"label": names.get(c, c), "colour": colours.get(c, palette.NO_CLUSTER_COLOUR), "count": n}
                for c, n in s["clusters"].items() if c != NO_CLUSTER or n]
    return {
        "clusters": clusters,
        "kinds": [{"label": text["kind"][k], "count": s["kinds"].get(k, 0)} for k in KINDS],
        "quadrants": [{"label": quadrant_name(q, lang), "count": s["quadrants"][q]} for q in QUADRANTS],
        "attitudes": [{"label": f"{int(a):+d} {text['attitude'][int(a)]}".replace("+0", "0"), "count": n}
                      for a, n in sorted(s["attitudes"].items(), key=lambda kv: -int(kv[0]))],
    }
