"""Benchmark: a session to vis-network data, pyvis Network and standalone page, against Network.from_nx."""

from __future__ import annotations

import gc
import json
import math
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from baseline_pyvis import baseline_html  # noqa: E402

from werkatelier import palette, render  # noqa: E402
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder  # noqa: E402

SIZES = (300, 1_000, 3_000, 10_000)
RELATIONS_EACH = 3
#: The baseline grows with the square of the map: at 10,000 stakeholders (30,000 relations) one
#: run takes many minutes, so it stops at 3,000.
BASELINE_SIZES = (300, 1_000, 3_000)
RUNS = {300: 7, 1_000: 5, 3_000: 5, 10_000: 5}
BASELINE_RUNS = {300: 3, 1_000: 3, 3_000: 1}
SPEEDUP_TARGET = 20.0  # at 3,000 stakeholders
#: Time per stakeholder may grow at most this much from the smallest to the largest map.
LINEAR_SLACK = 1.5

WORDS = ("Gemeente", "Woningcorporatie", "Huurdersvereniging", "Wijkteam", "GGD", "Zorgverzekeraar",
         "Welzijn", "Politie", "Bewonerscommissie", "Stichting", "Thuiszorg", "Utrecht", "Oost", "West")
KINDS = ("werkt samen met", "financiert", "informeert", "verwijst naar", "heeft invloed op")


def make_session(n: int, *, placed: bool = True, seed: int = 0) -> Session:
    """A worked-on map: clustered, placed, RELATIONS_EACH relations per stakeholder."""
    rnd = random.Random(seed)
    clusters = [Cluster(id=f"cl_{i}", name=f"Cluster {i}", colour=palette.PALETTE[i % len(palette.PALETTE)])
                for i in range(max(1, min(20, n // 30)))]
    side = math.ceil(math.sqrt(n))
    stakeholders = [
        Stakeholder(id=f"sh_{i}", name=" ".join(rnd.sample(WORDS, rnd.randint(1, 3))),
                    kind=("person", "organisation", "group")[i % 3], cluster=clusters[i % len(clusters)].id,
                    influence=1 + i % 5, interest=1 + (i * 7) % 5, attitude=i % 5 - 2,
                    notes="Kent de buurt goed.", x=(i % side) * 260.0 if placed else None,
                    y=(i // side) * 120.0 if placed else None)
        for i in range(n)]
    relations, seen = [], set()
    while len(relations) < RELATIONS_EACH * n:
        a, b, kind = rnd.randrange(n), rnd.randrange(n), rnd.choice(KINDS)
        key = (min(a, b), max(a, b), kind)
        if a != b and key not in seen:
            seen.add(key)
            relations.append(Relation(id=f"re_{len(relations)}", source=f"sh_{a}", target=f"sh_{b}",
                                      kind=kind, directed=rnd.random() < 0.5, strength=rnd.randint(1, 3)))
    return Session(meta=Meta(title=f"Benchmark {n}"), clusters=clusters, stakeholders=stakeholders,
                   relations=relations)


def best_of(fn, runs: int) -> float:
    """Median wall time of ``runs`` calls."""
    times = []
    for _ in range(runs):
        gc.collect()  # garbage from the last run is not this run's cost
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    figures: dict[str, object] = {}
    print(f"{'stakeholders':>12} {'vis_data':>10} {'network':>10} {'page':>10} {'baseline':>10} "
          f"{'x network':>10} {'x page':>8} {'page µs/stakeholder':>20}")
    per_node: dict[str, dict[int, float]] = {"network": {}, "page": {}}
    for n in SIZES:
        doc = make_session(n)
        runs = RUNS[n]
        t_data = best_of(lambda doc=doc: render.vis_data(doc), runs)
        t_net = best_of(lambda doc=doc: render.network(doc), runs)
        t_page = best_of(lambda doc=doc: render.export_html(doc, include_confidential=True), runs)
        row: dict[str, float] = {"vis_data_ms": round(t_data * 1000, 1), "network_ms": round(t_net * 1000, 1),
                                 "page_ms": round(t_page * 1000, 1)}
        if n in BASELINE_SIZES:
            t_base = best_of(lambda doc=doc: baseline_html(doc), BASELINE_RUNS[n])
            row["baseline_ms"] = round(t_base * 1000, 1)
            # The target compares building the data and Network (as the issue words it) with the
            # baseline's from_nx + generate_html; page against page is shown as well.
            row["speedup_network"] = round(t_base / t_net, 1)
            row["speedup_page"] = round(t_base / t_page, 1)
        per_node["network"][n] = t_net / n * 1e6
        per_node["page"][n] = t_page / n * 1e6
        row["page_us_per_stakeholder"] = round(per_node["page"][n], 1)
        figures[str(n)] = row
        base = (f"{row['baseline_ms']:>8.0f}ms {row['speedup_network']:>9.1f}x {row['speedup_page']:>7.1f}x"
                if "baseline_ms" in row else f"{'skipped':>10} {'':>10} {'':>8}")
        print(f"{n:>12,} {row['vis_data_ms']:>8.1f}ms {row['network_ms']:>8.1f}ms {row['page_ms']:>8.1f}ms "
              f"{base} {per_node['page'][n]:>20.1f}", flush=True)
    small, large = SIZES[0], SIZES[-1]
    growth = {k: round(v[large] / v[small], 2) for k, v in per_node.items()}
    exponent = {k: round(math.log(v[large] * large / (v[small] * small)) / math.log(large / small), 2)
                for k, v in per_node.items()}
    speedup = figures["3000"]["speedup_network"]
    ok = speedup >= SPEEDUP_TARGET and max(growth.values()) <= LINEAR_SLACK
    figures.update(growth_per_stakeholder=growth, growth_exponent=exponent,
                   baseline_skipped=[n for n in SIZES if n not in BASELINE_SIZES], targets_met=ok)
    print(f"\ntime per stakeholder from {small:,} to {large:,}: network x{growth['network']:.2f}, "
          f"page x{growth['page']:.2f} (time grows as n^{exponent['network']:.2f} and "
          f"n^{exponent['page']:.2f}; target ≤ x{LINEAR_SLACK:g})")
    print(f"speed-up at 3,000: network {speedup:.1f}x (target ≥ {SPEEDUP_TARGET:g}x), "
          f"whole page {figures['3000']['speedup_page']:.1f}x  {'ok' if ok else 'MISSED'}")
    print("baseline skipped at " + ", ".join(f"{n:,}" for n in figures["baseline_skipped"]) +
          ": it grows with the square of the map")
    print(json.dumps(figures, sort_keys=True))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
