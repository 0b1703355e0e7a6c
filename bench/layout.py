"""Benchmark: laying out 5,000 stakeholders and 15,000 relations, none or some already placed."""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np  # noqa: E402

from werkatelier import layout  # noqa: E402
from werkatelier.geometry import stakeholder_box  # noqa: E402
from werkatelier.graph import to_graph  # noqa: E402
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder  # noqa: E402

STAKEHOLDERS, RELATIONS = 5_000, 15_000
#: Share of post-its the team already placed, scattered over a crowded area.
PLACED = (0.0, 0.3)
RUNS = 3
TARGET_S = 10.0
WORDS = ("Gemeente", "Woningcorporatie", "Huurdersvereniging", "Wijkteam", "GGD", "Zorgverzekeraar",
         "Welzijn", "Politie", "Bewonerscommissie", "Stichting", "Thuiszorg", "Utrecht", "Oost", "West")


def make_session(placed: float, seed: int = 0) -> Session:
    rnd = random.Random(seed)
    clusters = [Cluster(id=f"cl_{i}", name=f"Cluster {i}") for i in range(40)]
    stakeholders = []
    for i in range(STAKEHOLDERS):
        at = rnd.random() < placed
        stakeholders.append(Stakeholder(
            id=f"sh_{i}", name=" ".join(rnd.sample(WORDS, rnd.randint(1, 4))),
            kind=("person", "organisation", "group")[i % 3], influence=1 + i % 5,
            cluster=rnd.choice([None, *(c.id for c in clusters)]),
            x=rnd.uniform(-4000, 4000) if at else None, y=rnd.uniform(-3000, 3000) if at else None))
    relations, seen = [], set()
    while len(relations) < RELATIONS:
        a, b = rnd.randrange(STAKEHOLDERS), rnd.randrange(STAKEHOLDERS)
        if a != b and (min(a, b), max(a, b)) not in seen:
            seen.add((min(a, b), max(a, b)))
            relations.append(Relation(id=f"re_{len(relations)}", source=f"sh_{a}", target=f"sh_{b}"))
    return Session(meta=Meta(title="Layout benchmark"), clusters=clusters, stakeholders=stakeholders,
                   relations=relations)


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def main() -> int:
    figures: dict[str, object] = {}
    ok = True
    print(f"{STAKEHOLDERS:,} stakeholders, {RELATIONS:,} relations; floor = building the networkx graph")
    print(f"{'placed':>7} {'layout':>9} {'floor':>9} {'ratio':>7} {'overlaps':>9}  target < {TARGET_S:g}s")
    for share in PLACED:
        doc = make_session(share)
        layout_times, floor_times, pos = [], [], {}
        for _ in range(RUNS):  # interleaved, so a busy moment hurts both alike
            t, pos = timed(lambda doc=doc: layout.positions(doc))
            layout_times.append(t)
            floor_times.append(timed(lambda doc=doc: to_graph(doc))[0])
        t_layout, t_floor = statistics.median(layout_times), statistics.median(floor_times)
        sizes = np.array([stakeholder_box(s) for s in doc.stakeholders])
        xy = np.array([pos[s.id] for s in doc.stakeholders])
        new = [not s.placed for s in doc.stakeholders]
        clashes = sum(1 for i, j in layout.overlaps(sizes, xy) if new[i] or new[j])
        fine = t_layout < TARGET_S and clashes == 0
        ok &= fine
        figures[f"placed_{int(share * 100)}pct"] = {
            "layout_s": round(t_layout, 3), "floor_s": round(t_floor, 3),
            "ratio": round(t_layout / t_floor, 1), "new_postit_overlaps": clashes,
            "placed": STAKEHOLDERS - sum(new)}
        print(f"{share:>7.0%} {t_layout:>8.2f}s {t_floor:>8.2f}s {t_layout / t_floor:>6.1f}x {clashes:>9}  "
              f"{'ok' if fine else 'MISSED'}", flush=True)
    figures["targets_met"] = ok
    print(json.dumps(figures, sort_keys=True))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
