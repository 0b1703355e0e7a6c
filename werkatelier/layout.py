"""Positions for post-its nobody has placed yet: by cluster, seeded, and never overlapping."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Collection

import numpy as np

from werkatelier.geometry import HULL_PAD, HULL_TITLE, postit_box, stakeholder_box
from werkatelier.model import Session

#: Clear space (px) kept between two post-its, so relations and their labels stay visible.
GAP = 36.0
#: Spiral spacing, in boxes (GAP included): between turns, and between neighbours on a turn.
TURN = 1.1
STEP = 1.1
#: Clear space between clusters, in boxes.
CLUSTER_LANE = 1.0
#: Share of the way a new post-it moves towards its linked cluster mates on each relaxation pass.
PULL = 0.25
PASSES = 3
DEFAULT_SEED = 0
#: How far out (px) the layout reckons with a placed post-it; further is taken as this far.
FAR = 1e9


def positions(doc: Session, *, seed: int | None = None, only: Collection[str] | None = None
              ) -> dict[str, tuple[float, float]]:
    """Every stakeholder's position (or ``only`` these ones'): placed ones exactly where they
    are, the others laid out.

    New post-its join the cluster the team gave them: around its placed members if it has
    any, else as a group of their own next to what is already on the map. Post-its without
    a cluster form one group too. No new post-it overlaps another one at the size the
    renderer draws it (``geometry.postit_box``), with ``GAP`` px to spare. The same seed gives
    the same layout; None means a fixed seed.

    >>> from werkatelier.model import Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[
    ...     Stakeholder(id="a", name="Gemeente", x=0, y=0), Stakeholder(id="b", name="Huurders")])
    >>> pos = positions(doc)
    >>> pos["a"], pos["b"] != (0.0, 0.0)
    ((0.0, 0.0), True)
    """
    n = len(doc.stakeholders)
    if n == 0:
        return {}
    people = doc.stakeholders
    sizes = np.array([stakeholder_box(s) for s in people], dtype=float)
    # A post-it without a place has x and y None, which numpy reads as NaN: the rows place() fills.
    xy = np.column_stack((np.array([s.x for s in people], dtype=float),
                          np.array([s.y for s in people], dtype=float)))
    # A post-it stored absurdly far out (a broken file) still lets the rest be placed: for the
    # layout it stands at the edge, where the grid's arithmetic stays finite; it keeps its own spot.
    xy = np.clip(xy, -FAR, FAR)
    index = {s.id: i for i, s in enumerate(doc.stakeholders)}
    cluster_of = {c.id: k for k, c in enumerate(doc.clusters)}
    groups = np.array([cluster_of.get(s.cluster, len(cluster_of)) if s.cluster else len(cluster_of)
                       for s in doc.stakeholders], dtype=np.int64)
    rel = doc.relations
    edges = np.column_stack((np.array([index[r.source] for r in rel], dtype=np.int64),
                             np.array([index[r.target] for r in rel], dtype=np.int64)))
    out = place(sizes, xy, groups, edges, seed=seed)
    if only is not None:
        found = (index[sid] for sid in only if sid in index)
        return {people[i].id: (float(out[i, 0]), float(out[i, 1])) if not people[i].placed
                else (people[i].x, people[i].y) for i in found}
    return {s.id: (s.x, s.y) if s.placed else (float(out[i, 0]), float(out[i, 1]))
            for i, s in enumerate(doc.stakeholders)}


def overlaps(sizes: np.ndarray, xy: np.ndarray, *, gap: float = 0.0) -> list[tuple[int, int]]:
    """Pairs of boxes (centred at ``xy``, ``sizes`` wide and high) closer than ``gap``.

    Found through a grid of cells, so it stays fast for thousands of boxes.

    >>> overlaps(np.array([[10, 10], [10, 10], [10, 10]]), np.array([[0, 0], [5, 5], [30, 0]]))
    [(0, 1)]
    """
    n = len(sizes)
    if n < 2:
        return []
    W, H = sizes[:, 0] + gap, sizes[:, 1] + gap
    cw, ch = float(W.max()), float(H.max())
    cells: dict[tuple[int, int], list[int]] = {}
    found = []
    for i in range(n):
        cx, cy = math.floor(xy[i, 0] / cw), math.floor(xy[i, 1] / ch)
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for j in cells.get((cx + dx, cy + dy), ()):
                    if (abs(xy[i, 0] - xy[j, 0]) < (W[i] + W[j]) / 2
                            and abs(xy[i, 1] - xy[j, 1]) < (H[i] + H[j]) / 2):
                        found.append((j, i))
        cells.setdefault((cx, cy), []).append(i)
    return sorted(found)


def place(sizes: np.ndarray, xy: np.ndarray, groups: np.ndarray, edges: np.ndarray, *,
          seed: int | None = None) -> np.ndarray:
    """Positions (n x 2) for the rows of ``xy`` that are NaN; the other rows are returned as given.

    ``sizes`` holds each box's width and height, ``groups`` a group number per box (its
    cluster), ``edges`` index pairs. Steps: order each group's new members so linked ones
    sit side by side (a breadth-first walk from the best-linked), lay them along a spiral
    (spot k next to spot k + 1) around the group's placed members or, for a group with
    none, around a centre packed next to everything already there, with a lane between
    groups; pull them a little towards linked group mates; then set them down one by one
    on the nearest spot that overlaps nothing.

    >>> out = place(np.array([[100.0, 40.0]] * 3), np.array([[0, 0], [np.nan] * 2, [np.nan] * 2]),
    ...             np.array([0, 0, 1]), np.empty((0, 2), dtype=int))
    >>> out[0].tolist(), overlaps(np.array([[100.0, 40.0]] * 3), out)
    ([0.0, 0.0], [])
    """
    xy = np.array(xy, dtype=float)
    free = np.isnan(xy[:, 0])
    if len(xy) == 0 or not free.any():
        return xy
    rng = np.random.default_rng(DEFAULT_SEED if seed is None else seed)
    W, H = sizes[:, 0] + GAP, sizes[:, 1] + GAP
    order = _walk_order(groups, edges, free)
    target, centres, sequence = _group_targets(W, H, xy, groups, free, order, rng)
    target = _relax(target, centres, groups, edges, free)
    return _settle(W, H, xy, free, target, centres, sequence)


def _walk_order(groups: np.ndarray, edges: np.ndarray, free: np.ndarray) -> dict[int, list[int]]:
    """Each group's new members, best-linked first, then breadth-first along relations."""
    n = len(groups)
    inside = edges[(groups[edges[:, 0]] == groups[edges[:, 1]]) & free[edges[:, 0]] & free[edges[:, 1]]] \
        if len(edges) else edges
    deg = np.bincount(inside.ravel(), minlength=n) if len(inside) else np.zeros(n, dtype=np.int64)
    adj: list[list[int]] = [[] for _ in range(n)]
    for a, b in inside.tolist():
        adj[a].append(b)
        adj[b].append(a)
    rank = np.lexsort((np.arange(n), -deg))  # most linked first, ties by document order
    seen = ~free.copy()
    out: dict[int, list[int]] = {}
    for start in rank.tolist():
        if seen[start]:
            continue
        seen[start] = True
        walk = out.setdefault(int(groups[start]), [])
        queue = deque([start])
        while queue:
            node = queue.popleft()
            walk.append(node)
            for nb in sorted(adj[node], key=lambda v: (-deg[v], v)):
                if not seen[nb]:
                    seen[nb] = True
                    queue.append(nb)
    return out


def _spiral(count: int, skip: int, cw: float, ch: float, turn: float) -> np.ndarray:
    """Spots on an Archimedean spiral, one box apart, so spot k and k + 1 are neighbours."""
    a = TURN / (2 * math.pi)
    arc = (np.arange(skip, skip + count, dtype=float) + 0.5) * STEP
    theta = np.sqrt(2 * arc / a)
    r = a * theta
    return np.column_stack((r * np.cos(theta + turn) * cw, r * np.sin(theta + turn) * ch))


def _spiral_radius(count: int) -> float:
    """How far, in boxes, a spiral of ``count`` spots reaches."""
    a = TURN / (2 * math.pi)
    return a * math.sqrt(2 * (count + 0.5) * STEP / a) + 0.5


def _group_targets(W, H, xy, groups, free, order, rng):
    """Where each new post-it would like to go, and the order in which to set them down."""
    target = xy.copy()
    centres = np.zeros_like(xy)
    fixed = ~free
    placed_groups = set(groups[fixed].tolist())
    # Obstacles for packing new groups: every placed post-it, and the room anchored groups need.
    obstacles = [np.column_stack((xy[fixed, 0] - W[fixed] / 2, xy[fixed, 1] - H[fixed] / 2,
                                  xy[fixed, 0] + W[fixed] / 2, xy[fixed, 1] + H[fixed] / 2))]
    origin = xy[fixed].mean(axis=0) if fixed.any() else np.zeros(2)
    extent = {}
    for g, members in order.items():
        idx = np.array(members)
        cw, ch = float(W[idx].mean()), float(H[idx].mean())
        skip = int(np.count_nonzero(fixed & (groups == g)))
        spots = _spiral(len(idx), skip, cw, ch, rng.uniform(0, 2 * math.pi))
        # A clear lane of CLUSTER_LANE boxes round each group makes the clusters read as islands.
        reach = _spiral_radius(skip + len(idx)) + CLUSTER_LANE / 2
        rx, ry = reach * cw, reach * ch
        extent[g] = (idx, spots, rx, ry, cw, ch)
    anchored = [g for g in order if g in placed_groups]
    loose = sorted((g for g in order if g not in placed_groups), key=lambda g: (-len(order[g]), g))
    for g in anchored:
        idx, spots, rx, ry, _, _ = extent[g]
        centre = xy[fixed & (groups == g)].mean(axis=0)
        target[idx], centres[idx] = centre + spots, centre
        obstacles.append(np.array([[centre[0] - rx, centre[1] - ry, centre[0] + rx, centre[1] + ry]]))
    start = rng.uniform(0, 2 * math.pi)
    for g in loose:
        idx, spots, rx, ry, cw, ch = extent[g]
        centre = _pack(np.concatenate(obstacles), origin, rx, ry, max(cw, ch), start)
        target[idx], centres[idx] = centre + spots, centre
        obstacles.append(np.array([[centre[0] - rx, centre[1] - ry, centre[0] + rx, centre[1] + ry]]))
    return target, centres, [i for g in anchored + loose for i in order[g]]


def _pack(obstacles: np.ndarray, origin: np.ndarray, rx: float, ry: float, step: float,
          start: float) -> np.ndarray:
    """The spot nearest ``origin``, on rings of growing radius, where a 2rx x 2ry group fits."""
    if len(obstacles) == 0:
        return origin.copy()
    for ring in range(0, 100_000):
        radius = ring * step
        count = max(1, math.ceil(2 * math.pi * ring))
        angles = start + np.arange(count) * (2 * math.pi / count)
        cx, cy = origin[0] + radius * np.cos(angles), origin[1] + radius * np.sin(angles)
        hit = ((cx[:, None] - rx < obstacles[None, :, 2]) & (cx[:, None] + rx > obstacles[None, :, 0])
               & (cy[:, None] - ry < obstacles[None, :, 3]) & (cy[:, None] + ry > obstacles[None, :, 1]))
        ok = np.flatnonzero(~hit.any(axis=1))
        if len(ok):
            return np.array([cx[ok[0]], cy[ok[0]]])
    raise AssertionError("unreachable: a ring far enough out is always free")  # pragma: no cover


def _relax(target: np.ndarray, centres: np.ndarray, groups: np.ndarray, edges: np.ndarray,
           free: np.ndarray) -> np.ndarray:
    """A few passes pulling new post-its towards the cluster mates they are linked to.

    After each pass every group is stretched back to its former spread around its centre,
    so linked post-its end up nearer each other without the group collapsing into a heap.
    """
    if len(edges) == 0:
        return target
    same = edges[groups[edges[:, 0]] == groups[edges[:, 1]]]
    src = np.concatenate((same[:, 0], same[:, 1]))
    dst = np.concatenate((same[:, 1], same[:, 0]))
    keep = free[src]
    src, dst = src[keep], dst[keep]
    if len(src) == 0:
        return target
    n = len(target)
    count = np.bincount(src, minlength=n).astype(float)
    has = count > 0
    moving = np.flatnonzero(free)
    _, group_of = np.unique(groups[moving], return_inverse=True)

    def spread(pos: np.ndarray) -> np.ndarray:
        d2 = ((pos[moving] - centres[moving]) ** 2).sum(axis=1)
        return np.sqrt(np.bincount(group_of, weights=d2) / np.bincount(group_of))

    before = spread(target)
    for _ in range(PASSES):
        total = np.zeros_like(target)
        np.add.at(total, src, target[dst])
        target[has] += PULL * (total[has] / count[has, None] - target[has])
        after = spread(target)
        scale = np.divide(before, after, out=np.ones_like(before), where=after > 1e-9)
        target[moving] = centres[moving] + (target[moving] - centres[moving]) * scale[group_of, None]
    return target


# Nearby spots to try first, in half-box steps, nearest first.
_NEAR = 3
_grid = np.array([(a, b) for a in range(-_NEAR, _NEAR + 1) for b in range(-_NEAR, _NEAR + 1)], dtype=float)
_OFFSETS = (_grid[np.argsort((_grid ** 2).sum(axis=1), kind="stable")][1:] * 0.5).tolist()
_SIDEWAYS = (0.0, 0.5, -0.5, 1.0, -1.0)


def _settle(W, H, xy, free, target, centres, sequence) -> np.ndarray:
    """Set new post-its down one at a time on a free spot near where they want to be.

    First the spots within a box and a half; if all are taken (a crowded part of the map),
    march outwards from the group's centre through the wanted spot, with strides that grow
    the longer the crowd lasts, so the search costs about the log of the distance to open
    space instead of its square.
    """
    out = xy.copy()
    # Each box is filed under every grid cell its extent touches; cells are as large as the
    # largest box, so a box touches at most four and a query reads at most four.
    cw, ch = float(W.max()), float(H.max())
    X, Y = out[:, 0].tolist(), out[:, 1].tolist()
    HW, HH = (W / 2).tolist(), (H / 2).tolist()
    cells: dict[tuple[int, int], list[int]] = {}
    floor = math.floor

    def file(j: int) -> None:
        for cx in range(floor((X[j] - HW[j]) / cw), floor((X[j] + HW[j]) / cw) + 1):
            for cy in range(floor((Y[j] - HH[j]) / ch), floor((Y[j] + HH[j]) / ch) + 1):
                cells.setdefault((cx, cy), []).append(j)

    def clear(i: int, px: float, py: float) -> bool:
        hw, hh = HW[i], HH[i]
        get = cells.get
        for cx in range(floor((px - hw) / cw), floor((px + hw) / cw) + 1):
            for cy in range(floor((py - hh) / ch), floor((py + hh) / ch) + 1):
                for j in get((cx, cy), ()):
                    if -hw - HW[j] < px - X[j] < hw + HW[j] and -hh - HH[j] < py - Y[j] < hh + HH[j]:
                        return False
        return True

    cells.update(_cells(out[~free], W[~free] / 2, H[~free] / 2, cw, ch, np.flatnonzero(~free)))
    for i in sequence:
        px, py = float(target[i, 0]), float(target[i, 1])
        wi, hi = 2 * HW[i], 2 * HH[i]
        if not clear(i, px, py):
            spot = next(((px + a * wi, py + b * hi) for a, b in _OFFSETS
                         if clear(i, px + a * wi, py + b * hi)), None)
            if spot is None:
                ux, uy = (px - centres[i, 0]) / wi, (py - centres[i, 1]) / hi
                norm = math.hypot(ux, uy)
                ux, uy = (ux / norm, uy / norm) if norm > 1e-9 else (1.0, 0.0)
                dist, stride, steps = 1.0, 0.5, 0
                while spot is None:
                    for side in _SIDEWAYS:
                        qx = px + (ux * dist - uy * side) * wi
                        qy = py + (uy * dist + ux * side) * hi
                        if clear(i, qx, qy):
                            spot = (qx, qy)
                            break
                    steps += 1
                    stride *= 1.25 if steps > 6 else 1.0
                    dist += stride
            px, py = spot
        X[i], Y[i] = px, py
        file(i)
    out[:, 0], out[:, 1] = X, Y
    # Tidy numbers in the saved session; a twentieth of a pixel is well inside GAP.
    out[free] = np.round(out[free], 1)
    return out


def _cells(xy: np.ndarray, hw: np.ndarray, hh: np.ndarray, cw: float, ch: float, which: np.ndarray
           ) -> dict[tuple[int, int], list[int]]:
    """The grid cells ``_settle`` files boxes under, for many boxes at once: each box (centre
    ``xy``, half sizes ``hw``, ``hh``, number ``which``) under every cell its extent touches.

    The same cells as filing them one by one, in numpy: a post-it added to a map of ten
    thousand then costs little more than one of ten.

    >>> _cells(np.array([[0.0, 0.0], [150.0, 0.0]]), np.array([60.0, 10.0]), np.array([20.0, 20.0]),
    ...        100.0, 100.0, np.array([4, 7]))
    {(-1, -1): [4], (-1, 0): [4], (0, -1): [4], (0, 0): [4], (1, -1): [7], (1, 0): [7]}
    """
    if len(xy) == 0:
        return {}
    x0, x1 = np.floor((xy[:, 0] - hw) / cw), np.floor((xy[:, 0] + hw) / cw)
    y0, y1 = np.floor((xy[:, 1] - hh) / ch), np.floor((xy[:, 1] + hh) / ch)
    cx, cy, box = [], [], []
    for a in range(int((x1 - x0).max()) + 1):
        for b in range(int((y1 - y0).max()) + 1):
            hit = (x0 + a <= x1) & (y0 + b <= y1)
            cx.append(x0[hit] + a)
            cy.append(y0[hit] + b)
            box.append(which[hit])
    cx, cy, box = np.concatenate(cx), np.concatenate(cy), np.concatenate(box)
    order = np.lexsort((box, cy, cx))
    cx, cy, box = cx[order].astype(np.int64), cy[order].astype(np.int64), box[order]
    starts = np.flatnonzero(np.r_[True, (cx[1:] != cx[:-1]) | (cy[1:] != cy[:-1])])
    ends = np.r_[starts[1:], len(box)].tolist()
    boxes = box.tolist()
    return {(x, y): boxes[s:e] for x, y, s, e in
            zip(cx[starts].tolist(), cy[starts].tolist(), starts.tolist(), ends, strict=True)}


def untangle(doc: Session, *, gap: float = 12.0) -> dict[str, tuple[float, float]]:
    """New positions for post-its that overlap others as the canvas draws them: the most
    influential of each overlapping group stays, the others get the layout's nearest free spot
    by their cluster. Empty when nothing overlaps.

    >>> from werkatelier.model import Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[
    ...     Stakeholder(id="a", name="Gemeente", influence=5, x=0, y=0),
    ...     Stakeholder(id="b", name="Wijkteam", x=10, y=5), Stakeholder(id="c", name="GGD", x=900, y=0)])
    >>> list(untangle(doc))
    ['b']
    """
    placed = [s for s in doc.stakeholders if s.placed]
    if len(placed) < 2:
        return {}
    # The canvas draws labels at least 18 px, the size geometry gives influence 3.
    sizes = np.array([postit_box(s.name, s.kind, max(s.influence, 3)) for s in placed])
    xy = np.array([(s.x, s.y) for s in placed])
    clash: dict[int, set[int]] = {}
    for i, j in overlaps(sizes, xy, gap=gap):
        clash.setdefault(i, set()).add(j)
        clash.setdefault(j, set()).add(i)
    if not clash:
        return {}
    kept: set[int] = set()
    moved: set[str] = set()
    for i in sorted(range(len(placed)), key=lambda i: (-placed[i].influence, i)):
        if clash.get(i, set()) & kept:
            moved.add(placed[i].id)
        else:
            kept.add(i)
    trial = doc.model_copy(update={"stakeholders": [
        s.model_copy(update={"x": None, "y": None}) if s.id in moved else s for s in doc.stakeholders]})
    pos = positions(trial)
    return {sid: pos[sid] for sid in moved}


#: Clear space (px) between two clusters' blocks when the map is ordered by cluster: room for both
#: shaded areas (geometry.HULL_PAD each side), the lower one's title above it, and GAP to spare.
CLUSTER_GAP = 2 * HULL_PAD + HULL_TITLE + GAP


def by_cluster(doc: Session, *, keep: frozenset[str] | set[str] = frozenset()
               ) -> dict[str, tuple[float, float]]:
    """Positions that lay the map out cluster by cluster: each cluster a compact block of rows
    (its post-its in their reading order, top to bottom, left to right), the blocks side by side
    in shelves with ``CLUSTER_GAP`` between them, so no two clusters' shaded areas overlap; the
    post-its without a cluster a block of their own, last. Post-its in ``keep`` stay where they
    are and the blocks go around them. The arrangement starts at the map's top-left corner.

    Only moved post-its come back.

    >>> from werkatelier.model import Cluster, Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="z", name="Zorg")], stakeholders=[
    ...     Stakeholder(id="a", name="GGD", cluster="z", x=0, y=0),
    ...     Stakeholder(id="b", name="Huisarts", cluster="z", x=900, y=700),
    ...     Stakeholder(id="c", name="Gemeente", x=450, y=0)])
    >>> pos = {**{s.id: (s.x, s.y) for s in doc.stakeholders}, **by_cluster(doc)}
    >>> pos["a"][1] == pos["b"][1], pos["c"][1] > pos["a"][1] + 100  # Zorg in a row; Gemeente apart
    (True, True)
    """
    stakeholders = doc.stakeholders
    if not stakeholders:
        return {}
    kept = [s for s in stakeholders if s.id in keep and s.placed]
    kept_ids = {s.id for s in kept}
    order = {c.id: k for k, c in enumerate(doc.clusters)}
    groups: dict[int, list] = {}
    for s in stakeholders:
        if s.id in kept_ids:
            continue
        groups.setdefault(order.get(s.cluster, len(order)) if s.cluster else len(order), []).append(s)
    # The arrangement starts where the map's top-left corner was (the boxes' corner): ordering an
    # ordered map again moves nothing.
    corners = [(s.x - w / 2, s.y - h / 2) for s in stakeholders if s.placed and s.id not in kept_ids
               for w, h in [stakeholder_box(s)]]
    # Whole pixels: positions are kept to 0.1 px, and a corner read back from them must not drift.
    ox = float(round(min((c[0] for c in corners), default=0.0)))
    oy = float(round(min((c[1] for c in corners), default=0.0)))
    blocks = []
    for key in sorted(groups):
        # Reading order: by the top, then the left edge of each box (rows are top-aligned).
        boxes = {s.id: stakeholder_box(s) for s in groups[key]}
        members = sorted(groups[key], key=lambda s: ((s.y - boxes[s.id][1] / 2) if s.placed else math.inf,
                                                     (s.x - boxes[s.id][0] / 2) if s.placed else 0.0))
        sizes = [boxes[s.id] for s in members]
        cw = max(w for w, _ in sizes) + GAP
        ch = max(h for _, h in sizes) + GAP
        cols = max(1, math.ceil(math.sqrt(len(members) * ch / cw)))
        rows = math.ceil(len(members) / cols)
        blocks.append((members, cols, cw, ch, cols * cw - GAP, rows * ch - GAP))
    total = sum((w + CLUSTER_GAP) * (h + CLUSTER_GAP) for *_, w, h in blocks)
    shelf_width = max(max(w for *_, w, _ in blocks), math.sqrt(total) * 1.4)
    obstacles = []
    for s in kept:
        w, h = stakeholder_box(s)
        obstacles.append((s.x - w / 2, s.y - h / 2, s.x + w / 2, s.y + h / 2))
    # Shelves, left to right then down; a block that would meet a kept post-it moves on past it.
    x = y = shelf_h = 0.0
    origins = []
    for *_, w, h in blocks:
        while True:
            if x > 0 and x + w > shelf_width:
                x, y, shelf_h = 0.0, y + shelf_h + CLUSTER_GAP, 0.0
            margin = CLUSTER_GAP / 2
            area = (ox + x - margin, oy + y - margin, ox + x + w + margin, oy + y + h + margin)
            hit = [o for o in obstacles if _meets(area, o)]
            if not hit:
                break
            x = max(o[2] for o in hit) + margin - ox
        origins.append((ox + x, oy + y))
        x += w + CLUSTER_GAP
        shelf_h = max(shelf_h, h)
    out: dict[str, tuple[float, float]] = {}
    for (members, cols, cw, ch, _w, _h), (bx, by) in zip(blocks, origins, strict=True):
        for i, s in enumerate(members):
            # In the top-left corner of its cell: a block reads as rows of post-its.
            w, h = stakeholder_box(s)
            px = round(bx + (i % cols) * cw + w / 2, 1)
            py = round(by + (i // cols) * ch + h / 2, 1)
            if (s.x, s.y) != (px, py):
                out[s.id] = (px, py)
    return out


def _meets(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
