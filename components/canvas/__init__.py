"""The live stakeholder map: a bidirectional Streamlit component around the vendored vis-network."""

from __future__ import annotations

import copy
import functools
import hashlib
import json
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import streamlit as st

from components import assets
from components.canvas.events import CanvasEvent, Seen, decode_event, next_event
from werkatelier import geometry, i18n
from werkatelier.document import WerkatelierError
from werkatelier.model import COLOUR_PATTERN, NAME_MAX

__all__ = ["CanvasEvent", "LABELS", "LABEL_NAMES", "MIN_FONT_SIZE", "TOOLS", "canvas_payload",
           "cluster_hulls", "decode_event", "font_css", "font_spec", "next_event", "stakeholder_canvas"]

#: "<project>.<component>" as declared in pyproject.toml's [tool.streamlit.component]; its asset_dir
#: is werkatelier/static, so Streamlit serves the one vendored bundle from where it already lives,
#: with the canvas's own script and style beside it.
COMPONENT_NAME = "werkatelier.canvas"
BUNDLE = "vis-network.min.js"
#: The shipped font's folder in the asset dir (werkatelier/geometry.py FONT_FILE lives there).
FONTS = "fonts"
#: Labels smaller than this are hard to read from the back of a room at the default zoom.
MIN_FONT_SIZE = 18
MIN_HEIGHT, MAX_HEIGHT = 200, 4000

#: The toolbar's words, by name; their text is ``map.tool_<name>`` in the locale files.
LABEL_NAMES: tuple[str, ...] = ("zoom_in", "zoom_out", "fit", "draw", "delete", "draw_hint", "canvas",
                                "outside_one", "outside_many")
#: Toolbar words per language, from the locale files; ``lang=`` picks one, ``labels=`` overrides.
LABELS: dict[str, dict[str, str]] = {
    lang: {name: i18n.t(f"map.tool_{name}", lang) for name in LABEL_NAMES} for lang in i18n.LANGUAGES}

#: The toolbar's buttons, in order; ``tools=`` picks the ones a page offers.
TOOLS: tuple[str, ...] = ("zoom_in", "zoom_out", "fit", "draw", "delete")
#: Payload fields that change without the map changing; they travel in front of every payload.
_DYNAMIC = ("ack", "fit", "reveal", "follow", "live")
#: Maps by signature (key, version, options), checked once and shared by every browser: a few
#: versions of a few sessions.
_MAPS: OrderedDict[str, _Map] = OrderedDict()
_MAPS_KEPT = 8
_MAPS_LOCK = threading.Lock()

_COLOUR = re.compile(COLOUR_PATTERN)

#: "Follow me": the facilitator's map leads (sends its viewport), the projector follows (takes it).
FOLLOW_MODES = ("lead", "follow")

#: The canvas's own script and style, beside the bundle in the asset dir: the browser fetches
#: them by URL, so no payload carries them (they were 24 KB of every changed canvas).
SCRIPT, STYLE = "canvas.js", "canvas.css"


def _mount(**kwargs: Any) -> Any:
    # Defined on first use: Streamlit resolves SCRIPT and STYLE in the asset dir, which
    # assets.ensure_served registers it when discovery missed it.
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return {}  # bare mode (a page imported as a module): Streamlit draws nothing, nor do we
    global _mounter
    if _mounter is None:
        _mounter = st.components.v2.component(COMPONENT_NAME, js=SCRIPT, css=STYLE, isolate_styles=True)
    return _mounter(**kwargs)


_mounter: Any = None


class _Map:
    """One version of a map as the browser gets it: the payload without its dynamic fields,
    its post-its and relations by id, and (made when first asked for) the whole of it as JSON."""

    __slots__ = ("_full", "edges", "meta", "nodes", "token")

    def __init__(self, token: str, payload: Mapping[str, Any]) -> None:
        self.token = token
        self.meta = {k: v for k, v in payload.items() if k not in _DYNAMIC and k not in ("nodes", "edges")}
        self.nodes = {n["id"]: n for n in payload["nodes"]}
        self.edges = {e["id"]: e for e in payload["edges"]}
        self._full: bytes | None = None

    def full(self) -> bytes:
        """The whole map: what a browser that has none of it needs."""
        if self._full is None:
            self._full = _json({"v": self.token, "base": None, **self.meta,
                                "nodes": list(self.nodes.values()), "edges": list(self.edges.values())})
        return self._full

    def since(self, old: _Map) -> bytes:
        """Only what changed since ``old``: the post-its and relations that are new or different,
        the ids of those that went, and the other fields that changed."""
        return _json({"v": self.token, "base": old.token, "key": self.meta["key"],
                      **{k: v for k, v in self.meta.items() if old.meta.get(k) != v},
                      "nodes": [n for i, n in self.nodes.items() if old.nodes.get(i) != n],
                      "edges": [e for i, e in self.edges.items() if old.edges.get(i) != e],
                      "gone_nodes": [i for i in old.nodes if i not in self.nodes],
                      "gone_edges": [i for i in old.edges if i not in self.edges]})


def _json(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _str(value: Any, what: str, limit: int = 1000) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise WerkatelierError(f"The canvas needs {what} as text of at most {limit} characters.")
    return value


def _hulls(hulls: Any) -> list[dict[str, str]]:
    if hulls is None:
        return []
    if not isinstance(hulls, list):
        raise WerkatelierError("The canvas needs its cluster areas as a list.")
    out = []
    for i, h in enumerate(hulls, 1):
        if not isinstance(h, Mapping):
            raise WerkatelierError(f"Cluster area {i} is not a mapping of id, colour and name.")
        colour = h.get("colour")
        if not isinstance(colour, str) or not _COLOUR.match(colour):
            raise WerkatelierError(f"Cluster area {i} needs a colour like #0072b2, not {colour!r}.")
        out.append({"id": _str(h.get("id"), f"an id for cluster area {i}", 64), "colour": colour,
                    "name": _str(h.get("name", ""), f"a name for cluster area {i}", NAME_MAX)})
    return out


def _font_at_least(font: Any, size: int) -> Any:
    # vis also takes a font as a CSS shorthand string; that is the caller's explicit choice.
    if isinstance(font, Mapping):
        given = font.get("size")
        if not isinstance(given, int | float) or given < size:
            return {**font, "size": size}
        return font
    return {"size": size} if font is None else font


def _colour_states(colour: Any) -> Any:
    # vis-network's own selection and hover colour is a pale blue that white labels vanish on;
    # keep the post-it's colour and show the state in the border instead.
    if isinstance(colour, str):
        colour = {"background": colour, "border": "#333333"}
    if not isinstance(colour, Mapping) or not isinstance(colour.get("background"), str):
        return colour
    state = {"background": colour["background"], "border": "#000000"}
    return {**colour, "highlight": colour.get("highlight", state), "hover": colour.get("hover", state)}


def cluster_hulls(data: Mapping[str, Any]) -> list[dict[str, str]]:
    """The shaded cluster areas for vis data that carries a ``legend`` (as
    ``werkatelier.render.vis_data`` returns): one per named cluster.

    >>> cluster_hulls({"legend": [{"id": "cl_a", "name": "Wonen", "colour": "#0072b2"},
    ...                           {"id": None, "name": "Zonder cluster", "colour": "#e4e4e4"}]})
    [{'id': 'cl_a', 'colour': '#0072b2', 'name': 'Wonen'}]
    """
    return [{"id": e["id"], "colour": e["colour"], "name": e["name"]}
            for e in data.get("legend") or [] if e.get("id")]


def canvas_payload(data: Mapping[str, Any], *, key: str, height: int = 700,
                   hulls: list[dict[str, Any]] | None = None, fit: int = 0,
                   labels: Mapping[str, str] | None = None, lang: str = "nl", ack: Seen | None = None,
                   bundle: str = "", min_font_size: int = MIN_FONT_SIZE, min_scale: float | None = None,
                   tools: Sequence[str] | None = None,
                   reveal: Mapping[str, Any] | None = None,
                   font: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """What the browser side of the canvas receives: the vis data, checked, with every node
    label at least ``min_font_size`` px, plus toolbar words (``LABELS[lang]``, overridden by
    ``labels``), cluster areas, the fit counter and the acknowledgement of the last event
    Python took.

    ``min_scale`` keeps the view Python asks for (first show, ``fit``) from zooming out below
    that scale on a stage at least 800 px wide (a phone gets the whole map), showing the part of
    the map with the most post-its; ``tools`` names
    the toolbar buttons to show (all of ``TOOLS`` when None);
    ``reveal`` is ``{"token": n, "ids": [...]}``: on a new token the view pans to those post-its;
    ``font`` is :func:`font_spec`: the browser loads it before vis measures a label.

    Tooltips: a post-it or relation with ``tip`` facts (``werkatelier.render.vis_data`` gives
    them, and the words to write them with in ``data["tips"]``) travels without its ``title``
    text: the browser writes the tooltip when it is hovered, from the map as it is then. One
    with only a ``title`` keeps it and shows it as it is.

    Raises WerkatelierError, naming the first problem, for data the canvas cannot draw.

    >>> p = canvas_payload({"nodes": [{"id": "a", "label": "A", "font": {"size": 14}}]}, key="k")
    >>> p["nodes"][0]["font"], p["options"]["nodes"]["font"]["size"], p["labels"]["fit"]
    ({'size': 18}, 18, 'Alles tonen')
    """
    if not isinstance(data, Mapping):
        raise WerkatelierError("The canvas needs a mapping with nodes and edges.")
    raw_nodes, raw_edges = data.get("nodes"), data.get("edges", [])
    if not isinstance(raw_nodes, list) or not isinstance(raw_edges, list):
        raise WerkatelierError("The canvas needs its nodes and edges as lists.")
    nodes: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, n in enumerate(raw_nodes, 1):
        if not isinstance(n, Mapping) or not isinstance(n.get("id"), str) or not n["id"]:
            raise WerkatelierError(f"Node {i} on the canvas has no text id.")
        if n["id"] in seen:
            raise WerkatelierError(f"Node {i} on the canvas repeats the id {n['id']!r}.")
        seen.add(n["id"])
        node = {k: v for k, v in n.items() if k != "title" or "tip" not in n}
        node["font"] = _font_at_least(n.get("font"), min_font_size)
        if "color" in n:
            node["color"] = _colour_states(n["color"])
        nodes.append(node)
    edges: list[dict[str, Any]] = []
    for i, e in enumerate(raw_edges, 1):
        if not isinstance(e, Mapping) or not all(isinstance(e.get(k), str) for k in ("id", "from", "to")):
            raise WerkatelierError(f"Edge {i} on the canvas needs a text id, from and to.")
        edges.append({k: v for k, v in e.items() if k != "title" or "tip" not in e})
    options = copy.deepcopy(dict(data.get("options") or {}))
    node_opts = options.setdefault("nodes", {})
    node_opts["font"] = _font_at_least(node_opts.get("font"), min_font_size)
    node_opts.setdefault("borderWidthSelected", 4)
    if not isinstance(height, int) or not MIN_HEIGHT <= height <= MAX_HEIGHT:
        raise WerkatelierError(f"The canvas height must be a whole number from {MIN_HEIGHT} to {MAX_HEIGHT}.")
    if lang not in LABELS:
        raise WerkatelierError(f"The canvas speaks {' and '.join(LABELS)}, not {lang!r}.")
    words = dict(LABELS[lang])
    for name, text in (labels or {}).items():
        words[name] = _str(text, f"the label {name!r}", NAME_MAX)
    if min_scale is not None and (isinstance(min_scale, bool) or not isinstance(min_scale, int | float)
                                  or not 0.05 <= min_scale <= 10):
        raise WerkatelierError("The canvas's smallest scale must be a number from 0.05 to 10.")
    if tools is not None and (isinstance(tools, str) or any(t not in TOOLS for t in tools)):
        raise WerkatelierError(f"The canvas's toolbar offers only {', '.join(TOOLS)}.")
    tips = data.get("tips")
    if tips is not None and not isinstance(tips, Mapping):
        raise WerkatelierError("The canvas needs its tooltip words as a mapping.")
    return {"key": key, "nodes": nodes, "edges": edges, "options": options, "hulls": _hulls(hulls),
            "labels": words, "height": height, "fit": fit, "ack": ack, "bundle": bundle,
            "min_scale": min_scale, "tools": list(tools) if tools is not None else None, "reveal": reveal,
            "font": dict(font) if font is not None else None,
            "tips": dict(tips) if tips is not None else None}


def asset_url(name: str) -> str:
    """Where the browser fetches a file of werkatelier/static: Streamlit's route for the asset_dir."""
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return "/" + "/".join(p for p in (base, "_stcore/bidi-components", COMPONENT_NAME, name) if p)


def bundle_url() -> str:
    """Where the browser fetches vis-network."""
    return asset_url(BUNDLE)


def font_spec() -> dict[str, Any]:
    """The shipped font as the canvas loads it: its family, the CSS face vis draws with, and
    where each weight is served, from this app, never from another host."""
    return {"family": geometry.FONT_FAMILY, "face": geometry.FONT_FACE,
            "faces": [{"url": asset_url(f"{FONTS}/{path.name}"), "weight": weight}
                      for path, weight in ((geometry.FONT_FILE, "400"), (geometry.FONT_FILE_BOLD, "700"))]}


def font_css() -> str:
    """A ``<style>`` registering the shipped font for a page's own HTML (the projector's legend,
    print views), served from the asset dir like the canvas's; no user text in it."""
    assets.ensure_served(COMPONENT_NAME)
    regular, bold = (face["url"] for face in font_spec()["faces"])
    return f"<style>\n{geometry.font_face_css(regular, bold)}\n</style>"


def new_state() -> dict[str, Any]:
    """What a canvas keeps between reruns before its first one: nothing sent, nothing seen."""
    return {"seen": None, "fit": 0, "nodes": None, "edges": None, "reveal": None, "follow": None,
            "live": None, "held": None, "sent": None}


def _state(key: str) -> dict[str, Any]:
    name = f"_werkatelier_canvas_{key}"
    if name not in st.session_state:
        st.session_state[name] = new_state()
    return st.session_state[name]


def _take_event(key: str, raw: Any) -> CanvasEvent | None:
    state = _state(key)
    event, state["seen"] = next_event(raw, state["seen"], nodes=state["nodes"], edges=state["edges"])
    return event


def _on_trigger(key: str, on_event: Callable[[CanvasEvent], None] | None) -> None:
    # Runs before the script, so the event is applied before the map is drawn again and
    # the same rerun already shows its result.
    state = _state(key)
    value = st.session_state.get(key)
    raw = value.get("event") if isinstance(value, Mapping) else None
    event = _take_event(key, raw)
    state["handled"] = True
    state["event"] = event
    if event is not None and on_event is not None:
        on_event(event)


def _map(data: Mapping[str, Any], *, key: str, version: str, **options: Any) -> _Map:
    """The map of this version and these options, checked and kept once for every browser."""
    options["labels"] = dict(options["labels"] or {})
    options["tools"] = list(options["tools"]) if options["tools"] is not None else None
    signature = json.dumps([key, version, bundle_url(), options], sort_keys=True, default=str)
    with _MAPS_LOCK:
        made = _MAPS.get(signature)
        if made is not None:
            _MAPS.move_to_end(signature)
            return made
    token = hashlib.blake2b(signature.encode(), digest_size=8).hexdigest()
    made = _Map(token, canvas_payload(data, key=key, bundle=bundle_url(), font=font_spec(), **options))
    with _MAPS_LOCK:
        _MAPS[signature] = made
        while len(_MAPS) > _MAPS_KEPT:
            _MAPS.popitem(last=False)
    return made


def _wire(state: dict[str, Any], made: _Map) -> bytes:
    """What this browser gets for ``made``: the whole map when it has none of it, otherwise only
    what changed since the version it was sent last. A rerun in which nothing changed sends
    that same step again, so a browser that missed it (two reruns in quick succession) still
    catches up; a browser that finds itself out of step asks for the whole map (``resync``)."""
    held, last = state["held"], state["sent"]
    if held is None:
        body, base = made.full(), None
    elif held is not made:
        body, base = made.since(held), held
    elif last is not None and last[0] is not None:
        body, base = last[1], last[0]
    else:
        body, base = made.since(made), made
    state["held"], state["sent"] = made, (base, body)
    state["nodes"], state["edges"] = made.nodes.keys(), made.edges.keys()
    head = _json({k: state[k] if k != "ack" else state["seen"] for k in _DYNAMIC})
    return head[:-1] + b"," + body[1:]


def _follow(follow: tuple[str, str] | None) -> dict[str, str] | None:
    if follow is None:
        return None
    mode, session_id = follow
    if mode not in FOLLOW_MODES or not isinstance(session_id, str) or not session_id:
        raise WerkatelierError(f"The canvas follows as {' or '.join(FOLLOW_MODES)}, on a session id.")
    return {"mode": mode, "session": session_id}


def _on_resync(key: str) -> None:
    # The browser has a different version than the one the changes were made against (a
    # reload of the component, two reruns it saw as one): the next payload is the whole map.
    state = _state(key)
    state["held"] = state["sent"] = None


def stakeholder_canvas(data: Mapping[str, Any], *, key: str, height: int = 700,
                       hulls: list[dict[str, Any]] | None = None, fit: bool = False,
                       labels: Mapping[str, str] | None = None, lang: str = "nl",
                       on_event: Callable[[CanvasEvent], None] | None = None,
                       min_font_size: int = MIN_FONT_SIZE, version: str | None = None,
                       min_scale: float | None = None, tools: Sequence[str] | None = None,
                       reveal: Sequence[str] | None = None,
                       follow: tuple[str, str] | None = None,
                       live: Mapping[str, Any] | None = None) -> CanvasEvent | None:
    """Draw the map and return what the person just did on it, one event per rerun, or None.

    ``data`` is vis-network data (``nodes``, ``edges``, ``options``) such as
    ``werkatelier.render.vis_data`` returns; ``hulls`` are the shaded cluster areas, each
    ``{"id", "colour", "name"}`` (see :func:`cluster_hulls`), drawn around the nodes whose
    ``cluster`` (or ``group``) is that id. The view keeps its zoom, pan and selection across
    reruns; it fits the whole map on first show and whenever ``fit`` is True. ``height`` is
    the drawing area's in px; the toolbar (words in ``lang``, or ``labels``) sits above it.

    Events are plain dicts:
    ``{"type": "moved", "positions": {id: [x, y]}}`` after a drag ends;
    ``{"type": "selected", "ids": [...], "edges": [...]}`` when the selection changes;
    ``{"type": "connect", "source": id, "target": id}`` when a relation is drawn;
    ``{"type": "delete", "ids": [...], "edges": [...]}`` on Delete or the delete button.
    Each event is returned once: never again on later reruns. Pass ``on_event`` to apply it
    in a callback before the script runs (the same rerun then shows the result); otherwise
    apply the returned event and call ``st.rerun()``.

    ``version``: a string that changes whenever ``data`` or ``hulls`` do (say the session's id
    and revision). The map is then checked once per version (and shared by every browser), and
    the browser gets the whole map only the first time: after that only the post-its and
    relations that changed, so a move sends one post-it, not the map. ``reveal`` lists post-its
    (just added) the view pans to if they are off screen; see :func:`canvas_payload` for
    ``min_scale`` and ``tools``.

    ``follow`` is ``(mode, session_id)``: ``"lead"`` sends this map's viewport (zoom and pan) to
    the session's other screens as it changes, ``"follow"`` takes the viewport they send, both
    in the browser through the live element's socket (components/live), with no rerun per pan.
    """
    assets.ensure_served(COMPONENT_NAME)
    state = _state(key)
    if fit:
        state["fit"] += 1
    if reveal:
        token = (state["reveal"] or {}).get("token", 0) + 1
        state["reveal"] = {"token": token, "ids": [i for i in reveal if isinstance(i, str)][:100]}
    handled, event = state.pop("handled", False), state.pop("event", None)
    state["follow"] = _follow(follow)
    state["live"] = dict(live) if live else None
    if version is None:
        payload = canvas_payload(data, key=key, height=height, hulls=hulls, fit=state["fit"],
                                 labels=labels, lang=lang, ack=state["seen"], bundle=bundle_url(),
                                 min_font_size=min_font_size, min_scale=min_scale, tools=tools,
                                 reveal=state["reveal"], font=font_spec())
        payload["follow"], payload["live"] = state["follow"], state["live"]
        # Ids the browser may name in its next events: anything else is gone from the map.
        state["nodes"] = {n["id"] for n in payload["nodes"]}
        state["edges"] = {e["id"] for e in payload["edges"]}
        sent: Any = payload
    else:
        sent = _wire(state, _map(data, key=key, version=version, height=height, hulls=hulls, labels=labels,
                                 lang=lang, min_font_size=min_font_size, min_scale=min_scale, tools=tools))
    result = _mount(key=key, data=sent, height="content",
                    on_event_change=functools.partial(_on_trigger, key, on_event),
                    on_resync_change=functools.partial(_on_resync, key))
    if not handled and result.get("event") is not None:
        # The callback did not run (it always should); decode here so nothing is lost.
        event = _take_event(key, result.get("event"))
        if event is not None and on_event is not None:
            on_event(event)
    return event
