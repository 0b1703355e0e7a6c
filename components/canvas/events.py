"""What the person did on the canvas: raw component payloads decoded into plain event dicts."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from typing import Any, TypedDict

from werkatelier.model import ID_MAX

#: The browser keeps at most this many unacknowledged events; more in one payload is not ours.
MAX_EVENTS = 50
#: One drag moves at most this many post-its; a bigger payload is refused rather than trusted.
MAX_IDS = 10_000
#: Positions further out than this are a broken browser, not a workshop.
MAX_COORD = 1e7


class Seen(TypedDict):
    """The last event taken from one mounted canvas: ``mount`` is the browser's random id for
    that mount, ``seq`` the event counter it numbers its events with."""

    mount: str
    seq: int


CanvasEvent = dict[str, Any]


def _ids(value: Any, known: Collection[str] | None) -> list[str] | None:
    if not isinstance(value, list) or len(value) > MAX_IDS:
        return None
    out: list[str] = []
    for v in value:
        if not isinstance(v, str) or not v or len(v) > ID_MAX:
            return None
        if (known is None or v in known) and v not in out:
            out.append(v)
    return out


def _coord(v: Any) -> float | None:
    # bool is an int to Python; a position of True is a broken payload.
    if isinstance(v, bool) or not isinstance(v, int | float):
        return None
    v = float(v)
    return v if math.isfinite(v) and abs(v) <= MAX_COORD else None


def _positions(value: Any, known: Collection[str] | None) -> dict[str, list[float]] | None:
    if not isinstance(value, Mapping) or len(value) > MAX_IDS:
        return None
    out: dict[str, list[float]] = {}
    for k, xy in value.items():
        if not isinstance(k, str) or not k or len(k) > ID_MAX:
            return None
        if not isinstance(xy, list | tuple) or len(xy) != 2:
            return None
        x, y = _coord(xy[0]), _coord(xy[1])
        if x is None or y is None:
            return None
        if known is None or k in known:
            out[k] = [x, y]
    return out


def decode_event(item: Any, *, nodes: Collection[str] | None = None,
                 edges: Collection[str] | None = None) -> CanvasEvent | None:
    """One raw browser event as a clean event dict, or None when it is malformed or names
    nothing that is still on the map.

    ``nodes`` and ``edges``, when given, are the ids the canvas was last given: ids not among
    them (a post-it someone else deleted meanwhile) are dropped.

    >>> decode_event({"seq": 1, "type": "moved", "positions": {"a": [1, 2.5]}})
    {'type': 'moved', 'positions': {'a': [1.0, 2.5]}}
    >>> decode_event({"seq": 2, "type": "connect", "source": "a", "target": "a"}) is None
    True
    """
    if not isinstance(item, Mapping):
        return None
    kind = item.get("type")
    if kind == "moved":
        positions = _positions(item.get("positions"), nodes)
        return {"type": "moved", "positions": positions} if positions else None
    if kind == "selected":
        ids, edge_ids = _ids(item.get("ids"), nodes), _ids(item.get("edges", []), edges)
        if ids is None or edge_ids is None:
            return None
        return {"type": "selected", "ids": ids, "edges": edge_ids}
    if kind == "connect":
        source, target = item.get("source"), item.get("target")
        pair = _ids([source, target], nodes)
        if pair is None or len(pair) != 2:  # unknown, malformed, or a post-it to itself
            return None
        return {"type": "connect", "source": source, "target": target}
    if kind == "delete":
        ids, edge_ids = _ids(item.get("ids"), nodes), _ids(item.get("edges", []), edges)
        if ids is None or edge_ids is None or not (ids or edge_ids):
            return None
        return {"type": "delete", "ids": ids, "edges": edge_ids}
    return None


def _seq(item: Any) -> int | None:
    seq = item.get("seq") if isinstance(item, Mapping) else None
    return seq if isinstance(seq, int) and not isinstance(seq, bool) and seq > 0 else None


def next_event(raw: Any, seen: Seen | None, *, nodes: Collection[str] | None = None,
               edges: Collection[str] | None = None) -> tuple[CanvasEvent | None, Seen | None]:
    """The oldest event in ``raw`` not taken yet, and what has been taken after it.

    ``raw`` is what the browser sent: ``{"mount": str, "events": [{"seq": int, "type": ...}]}``,
    every event it has not seen acknowledged yet. Events at or below ``seen`` are ones Python
    already took, so they are skipped: an event resent after a lost acknowledgement is not
    applied twice. Malformed events are skipped too, and counted as taken so the browser
    drops them. A new ``mount`` (the page was left and opened again) starts a new count.
    Returns ``(None, seen)`` unchanged for anything that is not a payload.

    >>> raw = {"mount": "m1", "events": [{"seq": 1, "type": "selected", "ids": ["a"]},
    ...                                  {"seq": 2, "type": "delete", "ids": ["a"]}]}
    >>> ev, seen = next_event(raw, None)
    >>> ev, seen
    ({'type': 'selected', 'ids': ['a'], 'edges': []}, {'mount': 'm1', 'seq': 1})
    >>> next_event(raw, seen)[0]["type"]
    'delete'
    >>> next_event(raw, {"mount": "m1", "seq": 2})
    (None, {'mount': 'm1', 'seq': 2})
    """
    if not isinstance(raw, Mapping):
        return None, seen
    mount, events = raw.get("mount"), raw.get("events")
    if not isinstance(mount, str) or not mount or len(mount) > ID_MAX:
        return None, seen
    if not isinstance(events, list) or len(events) > MAX_EVENTS:
        return None, seen
    done = seen["seq"] if seen is not None and seen.get("mount") == mount else 0
    numbered = sorted(((s, item) for item in events if (s := _seq(item)) is not None),
                      key=lambda pair: pair[0])
    taken = done
    for seq, item in numbered:
        if seq <= taken:
            continue
        taken = seq
        event = decode_event(item, nodes=nodes, edges=edges)
        if event is not None:
            return event, {"mount": mount, "seq": taken}
    if taken == done and (seen is None or seen.get("mount") == mount):
        return None, seen
    return None, {"mount": mount, "seq": taken}
