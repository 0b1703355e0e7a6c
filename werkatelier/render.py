"""Every rendering rule in one place: a session as vis-network data, a pyvis Network, or a standalone page."""

from __future__ import annotations

from collections import Counter
from datetime import date as Date
from functools import lru_cache
from pathlib import Path
from typing import Any

from pyvis.network import Network

from werkatelier import i18n, layout, privacy
from werkatelier.analysis import NO_CLUSTER, quadrant, quadrant_name, quadrant_names
from werkatelier.document import WerkatelierError
from werkatelier.geometry import (
    CORNER_RADIUS,
    FONT_FACE,
    FONT_FAMILY,
    FONT_SIZE,
    MARGIN,
    SHAPE,
    embedded_font_css,
    label_lines,
)
from werkatelier.model import INFLUENCE_RANGE, INTEREST_RANGE, KINDS, Session, Stakeholder
from werkatelier.palette import NO_CLUSTER_COLOUR, cluster_colours, darker, text_colour

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
EXPORT_TEMPLATE = "export.html"
LANGS: tuple[str, ...] = ("nl", "en")

# --- colour ---------------------------------------------------------------------------------------

EDGE_COLOUR = "#5a5a5a"
#: Line width (px) by relation strength 1-3.
EDGE_WIDTH: dict[int, float] = {1: 1.0, 2: 2.5, 3: 4.0}


# --- words the canvas shows -----------------------------------------------------------------------

#: The catalogue key of each attitude, -2..+2 (render.attitude.<word>).
ATTITUDE_WORDS: dict[int, str] = {-2: "very_negative", -1: "negative", 0: "neutral", 1: "positive",
                                  2: "very_positive"}
#: Single words under render.<key> in the locale files.
_WORDS = ("organisation", "capacity", "contact_for", "influence", "interest", "attitude_label", "quadrant",
          "tags", "confidential", "strength", "no_cluster", "legend", "made_with", "empty")
NOTES_IN_TOOLTIP = 300
EDGE_LABEL_CHARS = 30


def words(lang: str) -> dict[str, Any]:
    """The words the map shows, from the locale files: kinds and attitudes by value, month names,
    and the labels of _WORDS by name. Built once per language; do not change what comes back.

    >>> words("en")["kind"]["person"], words("nl")["attitude"][-2], words("en")["no_cluster"]
    ('Person', 'zeer negatief', 'No cluster')
    """
    if lang not in LANGS:
        raise WerkatelierError(f"Unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return _words(lang)


@lru_cache(maxsize=len(LANGS))
def _words(lang: str) -> dict[str, Any]:
    def t(key: str) -> str:
        return i18n.t(f"render.{key}", lang)
    return {"kind": {k: t(f"kind.{k}") for k in KINDS},
            "attitude": {v: t(f"attitude.{w}") for v, w in ATTITUDE_WORDS.items()},
            "months": tuple(t(f"month.{m:02d}") for m in range(1, 13)),
            **{key: t(key) for key in _WORDS}}



def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def format_date(d: Date | None, lang: str = "nl") -> str:
    """
    >>> format_date(Date(2019, 2, 7)), format_date(Date(2019, 2, 7), "en")
    ('7 februari 2019', '7 February 2019')
    """
    return "" if d is None else f"{d.day} {words(lang)['months'][d.month - 1]} {d.year}"


def node_title(s: Stakeholder, cluster_name: str, t: dict[str, Any], lang: str) -> str:
    """The tooltip: plain text, one fact a line."""
    lines = [s.name, f"{t['kind'][s.kind]} · {cluster_name}"]
    if s.organisation:
        lines.append(f"{t['organisation']}: {s.organisation}")
    if s.capacity:
        lines.append(f"{t['capacity']}: {s.capacity}")
    if s.contact_for:
        lines.append(f"{t['contact_for']}: {s.contact_for}")
    lines.append(f"{t['influence']} {s.influence} · {t['interest']} {s.interest} · "
                 f"{t['attitude_label']}: {t['attitude'][s.attitude]}")
    lines.append(f"{t['quadrant']}: {quadrant_name(quadrant(s.influence, s.interest), lang)}")
    if s.tags:
        lines.append(f"{t['tags']}: {', '.join(s.tags)}")
    if s.notes:
        lines.append(_clip(s.notes, NOTES_IN_TOOLTIP))
    if s.confidential:
        lines.append(t["confidential"])
    return "\n".join(lines)


def tip_words(lang: str) -> dict[str, Any]:
    """What the live canvas needs, besides a post-it's own facts (:func:`node_tip`), to write the
    tooltip :func:`node_title` writes: the words, and each influence and interest's quadrant name
    (``quadrants[influence - 1][interest - 1]``), so the quadrant rule stays here. Sent once with
    the map, not in every tooltip.

    >>> w = tip_words("en")
    >>> w["kind"]["person"], w["attitude"]["-2"], w["quadrants"][4][4], w["quadrants"][0][0]
    ('Person', 'very negative', 'Manage closely', 'Monitor')
    """
    return _tip_words(lang)


@lru_cache(maxsize=len(LANGS))
def _tip_words(lang: str) -> dict[str, Any]:
    t = words(lang)
    names = quadrant_names(lang)
    return {"kind": dict(t["kind"]), "attitude": {str(v): w for v, w in t["attitude"].items()},
            "quadrants": [[names[quadrant(i, b)] for b in range(INTEREST_RANGE[0], INTEREST_RANGE[1] + 1)]
                          for i in range(INFLUENCE_RANGE[0], INFLUENCE_RANGE[1] + 1)],
            **{key: t[key] for key in ("organisation", "capacity", "contact_for", "influence", "interest",
                                       "attitude_label", "quadrant", "tags", "confidential", "strength",
                                       "no_cluster")}}


def node_tip(s: Stakeholder, label: str) -> dict[str, Any]:
    """A post-it's tooltip facts, compact: what :func:`node_title` shows apart from its words and
    its cluster (the canvas takes that from the map as it is when hovered, never from a string
    made earlier). Empty facts are left out; the name only when the ``label`` does not say it.

    >>> node_tip(Stakeholder(name="GGD Utrecht", influence=4, notes="Belt terug"), "GGD Utrecht")
    {'k': 'organisation', 'i': 4, 'b': 3, 'a': 0, 'n': 'Belt terug'}
    """
    tip: dict[str, Any] = {"k": s.kind, "i": s.influence, "b": s.interest, "a": s.attitude}
    if label.replace("\n", " ") != s.name:
        tip["m"] = s.name
    for key, value in (("o", s.organisation), ("c", s.capacity), ("f", s.contact_for)):
        if value:
            tip[key] = value
    if s.tags:
        tip["t"] = list(s.tags)
    if s.notes:
        tip["n"] = _clip(s.notes, NOTES_IN_TOOLTIP)
    if s.confidential:
        tip["v"] = 1
    return tip


# --- vis-network data -----------------------------------------------------------------------------

#: Relation labels are drawn at every zoom on maps with at most this many relations. On a busier
#: map they appear from EDGE_LABEL_ZOOM on: zoomed out they are an unreadable tangle, and drawing
#: thousands of them makes every frame several times slower.
EDGE_LABELS_ALWAYS_UP_TO = 300
EDGE_LABEL_ZOOM = 1.0
EDGE_FONT_SIZE = 13


def edge_label_threshold(relations: int) -> float:
    """vis-network's ``scaling.label.drawThreshold`` for relation labels: it skips a label
    whose on-screen size is below the threshold minus one.

    >>> edge_label_threshold(300), edge_label_threshold(301)
    (5, 14.0)
    """
    if relations <= EDGE_LABELS_ALWAYS_UP_TO:
        return 5  # vis-network's own default
    return EDGE_FONT_SIZE * EDGE_LABEL_ZOOM + 1


def vis_options(groups: dict[str, Any] | None = None, relations: int = 0) -> dict[str, Any]:
    """Options for vis-network. Positions come from the session (and layout.py), so physics
    stays off; each cluster is a vis group, so its colours are sent once, not per post-it.
    ``relations``: how many relations the map draws (see EDGE_LABELS_ALWAYS_UP_TO)."""
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "interaction": {"hover": True, "tooltipDelay": 150, "multiselect": True,
                        "navigationButtons": False, "keyboard": False},
        "nodes": {"font": {"face": FONT_FACE}, "margin": MARGIN, "borderWidth": 1, "physics": False,
                  "widthConstraint": False},
        "edges": {"color": {"color": EDGE_COLOUR, "highlight": "#000000", "hover": "#000000"},
                  "font": {"face": FONT_FACE, "size": EDGE_FONT_SIZE, "align": "middle", "strokeWidth": 4,
                           "strokeColor": "#ffffff", "color": "#222222"},
                  "scaling": {"label": {"drawThreshold": edge_label_threshold(relations)}},
                  "smooth": {"enabled": False}, "selectionWidth": 1.5},
        "groups": groups or {},
    }


@lru_cache(maxsize=256)
def group_style(colour: str) -> dict[str, Any]:
    """How a cluster's post-its look: its colour, a darker border, text that reads on it."""
    border = darker(colour) if colour != "#000000" else "#666666"
    return {"color": {"background": colour, "border": border,
                      "highlight": {"background": colour, "border": "#000000"},
                      "hover": {"background": colour, "border": "#000000"}},
            "font": {"color": text_colour(colour)}}


#: Node fields per kind and attitude that do not depend on the stakeholder otherwise.
_SHAPE_PROPERTIES = {(kind, att): {"borderDashes": [6, 4] if att < 0 else False,
                                   "borderRadius": CORNER_RADIUS[kind]}
                     for kind in SHAPE for att in range(-2, 3)}


def vote_marks(doc: Session) -> dict[str, int]:
    """The dots each post-it got in a revealed vote on the map (none while it is hidden)."""
    vote = doc.room.vote
    if vote is None or not vote.revealed or vote.on != "stakeholders":
        return {}
    return {c.key: n for c, n in vote.tally() if n}


def _node(s: Stakeholder, x: float, y: float, group: str, cluster_name: str,
          t: dict[str, Any], lang: str, dots: int = 0) -> dict[str, Any]:
    # A revealed vote's dots show as a line of their own under the name.
    label = "\n".join([*label_lines(s.name), *([f"● {dots}"] if dots else [])])
    return {
        "id": s.id,
        "label": label,
        # The tooltip as text (the exported page, pyvis), and as facts for the live canvas.
        "title": node_title(s, cluster_name, t, lang),
        "tip": node_tip(s, label),
        "x": x, "y": y,
        "group": group,
        "shape": SHAPE[s.kind],
        "font": {"size": FONT_SIZE[s.influence]},
        # Attitude shows in the border: thicker when outspoken, dashed when against.
        "borderWidth": 1 + abs(s.attitude),
        "shapeProperties": _SHAPE_PROPERTIES[s.kind, s.attitude],
        # Not vis options; carried for the live canvas.
        "cluster": s.cluster,
        "placed": s.placed,
    }


def vis_data(doc: Session, *, include_confidential: bool = True, lang: str = "nl",
             seed: int | None = None) -> dict[str, Any]:
    """The session as vis-network ``nodes``, ``edges`` and ``options``, plus a ``legend``.

    Linear in the size of the map. Each node's ``group`` names its cluster (``NO_CLUSTER``
    for none), styled once in ``options["groups"]``. Unplaced stakeholders get positions
    from :func:`werkatelier.layout.positions` (``placed`` false on their node); placed ones
    keep theirs. Without ``include_confidential`` only the public view is drawn
    (:func:`werkatelier.privacy.public_view`). Everything is JSON-serialisable; tooltips are
    plain text (``title``), and also compact facts (``tip``, see :func:`node_tip`) that the live
    canvas writes its tooltip from with the words and cluster names in ``tips``.

    >>> from werkatelier.model import Meta, Relation, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id="a", name="A", x=0, y=0),
    ...     Stakeholder(id="b", name="B")], relations=[Relation(source="a", target="b", directed=True)])
    >>> d = vis_data(doc)
    >>> [n["id"] for n in d["nodes"]], d["edges"][0]["arrows"], d["options"]["physics"]
    (['a', 'b'], 'to', {'enabled': False})
    >>> d["options"]["groups"][d["nodes"][0]["group"]]["color"]["background"] == NO_CLUSTER_COLOUR
    True
    """
    t = words(lang)
    colours = cluster_colours(doc)
    names = {c.id: c.name for c in doc.clusters}
    public = privacy.public_view(doc, include_confidential=include_confidential)
    shown = public.stakeholders
    # Laid out with everyone, so an unplaced post-it stands where the facilitator's map has it.
    pos = layout.positions(doc, seed=seed) if any(not s.placed for s in shown) else {}
    nodes = []
    used: Counter[str | None] = Counter()
    marks = vote_marks(public)
    for s in shown:
        x, y = (s.x, s.y) if s.placed else pos[s.id]
        cluster = s.cluster if s.cluster in colours else None
        used[cluster] += 1
        nodes.append(_node(s, x, y, cluster or NO_CLUSTER, names.get(cluster, t["no_cluster"]), t, lang,
                           marks.get(s.id, 0)))
    who = {s.id: s.name for s in shown}
    strength = t["strength"]
    edges = []
    pairs: dict[tuple[str, str], int] = {}
    for r in public.relations:
        source, target, kind, label = r.source, r.target, r.kind, r.label
        title = f"{who[source]} {'→' if r.directed else '—'} {who[target]}"
        if kind:
            title += "\n" + kind
        if label and label != kind:
            title += "\n" + label
        title += f"\n{strength}: {r.strength}/3"
        if r.notes:
            title += "\n" + _clip(r.notes, NOTES_IN_TOOLTIP)
        shown_label = label or kind
        shown_label = shown_label if len(shown_label) <= EDGE_LABEL_CHARS else _clip(shown_label,
                                                                                    EDGE_LABEL_CHARS)
        # The facts the canvas writes the tooltip from: the strength, the kind and label when the
        # relation's own label does not say them, and the notes; the names it has from the post-its.
        tip: dict[str, Any] = {"s": r.strength}
        said = [kind, *([label] if label and label != kind else [])] if kind else ([label] if label else [])
        if said != ([shown_label] if shown_label else []):
            tip["x"] = said
        if r.notes:
            tip["n"] = _clip(r.notes, NOTES_IN_TOOLTIP)
        edge = {"id": r.id, "from": source, "to": target, "label": shown_label, "title": title, "tip": tip,
                "arrows": "to" if r.directed else "", "width": EDGE_WIDTH[r.strength]}
        pair = (source, target) if source < target else (target, source)
        nth = pairs.get(pair, 0)
        pairs[pair] = nth + 1
        if nth:  # a second or third relation of one pair bends away, so both stay visible
            edge["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                              "roundness": 0.2 * ((nth + 1) // 2)}
        edges.append(edge)
    groups = {c.id: group_style(colours[c.id]) for c in doc.clusters if used[c.id]}
    legend = [{"id": c.id, "name": c.name, "colour": colours[c.id], "text": text_colour(colours[c.id]),
               "count": used[c.id]} for c in doc.clusters if used[c.id]]
    if used[None]:
        groups[NO_CLUSTER] = group_style(NO_CLUSTER_COLOUR)
        legend.append({"id": None, "name": t["no_cluster"], "colour": NO_CLUSTER_COLOUR,
                       "text": text_colour(NO_CLUSTER_COLOUR), "count": used[None]})
    tips = {**tip_words(lang), "clusters": {c.id: c.name for c in doc.clusters}}
    return {"nodes": nodes, "edges": edges, "options": vis_options(groups, len(edges)), "legend": legend,
            "tips": tips}


def network(doc: Session, *, include_confidential: bool = True, lang: str = "nl",
            seed: int | None = None) -> Network:
    """A pyvis Network of the session, filled in linear time.

    pyvis's ``add_edge`` scans every edge on each call, so its lists are filled directly,
    the way ``add_node`` would leave them.
    """
    return _network(vis_data(doc, include_confidential=include_confidential, lang=lang, seed=seed))


def _network(data: dict[str, Any]) -> Network:
    net = Network(height="100%", width="100%", directed=False, heading="")
    net.nodes = data["nodes"]
    net.edges = data["edges"]
    net.node_ids = [n["id"] for n in data["nodes"]]
    net.node_map = {n["id"]: n for n in data["nodes"]}
    net.options = data["options"]
    return net


# --- the standalone page --------------------------------------------------------------------------

@lru_cache(maxsize=1)
def vis_js() -> str:
    """The vendored vis-network bundle, to inline so the page needs no network."""
    return (STATIC / "vis-network.min.js").read_text(encoding="utf-8")


def export_html(doc: Session, *, include_confidential: bool = False, lang: str = "nl",
                seed: int | None = None) -> str:
    """One self-contained HTML page of the map: works offline, contacts no host, and treats
    every user string as text.

    Confidential items are left out unless asked for (:func:`werkatelier.privacy.public_view`).
    Data reaches the page only as JSON in a ``<script type="application/json">`` block with
    ``<``, ``>``, ``&`` and ``'`` escaped (Jinja's ``tojson``), and the page builds its text
    with ``textContent``.
    """
    t = words(lang)
    data = vis_data(doc, include_confidential=include_confidential, lang=lang, seed=seed)
    net = _network(data)
    event = doc.meta.event
    page = {
        "lang": lang,
        "title": doc.meta.title,
        "subtitle": " · ".join(p for p in (doc.meta.programme, event.name, format_date(event.date, lang),
                                           event.location) if p),
        "legend_heading": t["legend"],
        "legend": data["legend"],
        "footer": t["made_with"],
        "empty": t["empty"] if not net.nodes else "",
    }
    net.set_template_dir(str(TEMPLATES), EXPORT_TEMPLATE)
    # The font travels inside the page, so its post-its have the size layout gave them anywhere.
    net.templateEnv.globals.update(page=page, vis_js=vis_js(), font_css=embedded_font_css(),
                                   font_face=FONT_FACE, font_family=FONT_FAMILY)
    # tojson still escapes < > & '; key order and spaces matter to nobody reading the page.
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": False, "separators": (",", ":"),
                                                     "check_circular": False}
    return net.generate_html()
