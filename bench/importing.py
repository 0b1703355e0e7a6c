"""Benchmark: importing 1,000 and 10,000 rows from CSV, XLSX and GEXF, each next to the plainest
reader of the same file in the same run (pandas read_csv, openpyxl read-only iteration, networkx
read_gexf). The import is a dry run into a new session: read, clean, plan, validate and size the
session, all but the store's write (bench/store.py measures that). One JSON line at the end."""

from __future__ import annotations

import io
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkatelier import exporting  # noqa: E402, F401  (warms the formats' imports)
from werkatelier.formats import gexf as gexf_format  # noqa: E402
from werkatelier.formats import xlsx as xlsx_format  # noqa: E402
from werkatelier.importing import import_file  # noqa: E402
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder  # noqa: E402
from werkatelier.store import FileStore  # noqa: E402
from werkatelier.tabular import write_csv  # noqa: E402

SIZES = (1_000, 10_000)
RUNS = {1_000: 7, 10_000: 3}


def make_session(n: int) -> Session:
    clusters = [Cluster(id=f"cl_{i}", name=f"Cluster {i}", colour=f"#{i * 40503 % 0xFFFFFF:06x}")
                for i in range(20)]
    people = [Stakeholder(id=f"sh_{i}", name=f"Belanghebbende {i} – wijkteam", organisation="Gemeente",
                          cluster=clusters[i % 20].id, influence=1 + i % 5, interest=1 + (i * 7) % 5,
                          attitude=i % 5 - 2, tags=["zorg", "wonen"], notes="Kent de buurt goed.",
                          x=(i % 100) * 37.5, y=(i // 100) * 41.25) for i in range(n)]
    relations = [Relation(id=f"re_{i}", source=f"sh_{i}", target=f"sh_{(i * 31 + 7) % n}",
                          kind="werkt samen met") for i in range(n) if (i * 31 + 7) % n != i]
    return Session(meta=Meta(title=f"Bench {n}"), clusters=clusters, stakeholders=people,
                   relations=relations)


def csv_bytes(doc: Session) -> bytes:
    names = {c.id: c.name for c in doc.clusters}
    return write_csv(["naam", "organisatie", "cluster", "invloed", "belang", "houding", "notities"],
                     [[s.name, s.organisation, names[s.cluster], s.influence, s.interest, s.attitude, s.notes]
                      for s in doc.stakeholders])


def xlsx_bytes(doc: Session) -> bytes:
    names = {c.id: c.name for c in doc.clusters}
    return xlsx_format.workbook([("Stakeholders", ("naam", "organisatie", "cluster", "invloed", "belang"),
                                  [[s.name, s.organisation, names[s.cluster], s.influence, s.interest]
                                   for s in doc.stakeholders])])


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    import networkx as nx
    import openpyxl
    import pandas as pd

    figures: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory(prefix="werkatelier-bench-") as tmp:
        store = FileStore(Path(tmp) / "data")
        print(f"{'format':>7} {'rows':>7}  {'import':>9}  {'baseline':>9}  {'ratio':>6}  baseline")
        for n in SIZES:
            doc = make_session(n)
            files = {"csv": csv_bytes(doc), "xlsx": xlsx_bytes(doc), "gexf": gexf_format.write(doc)}
            baselines = {
                "csv": ("pandas.read_csv", lambda raw: pd.read_csv(io.BytesIO(raw), sep=";",
                                                                  encoding="utf-8-sig")),
                "xlsx": ("openpyxl read-only", lambda raw: [
                    r for ws in openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
                    for r in ws.iter_rows(values_only=True)]),
                "gexf": ("networkx.read_gexf", lambda raw: nx.read_gexf(io.BytesIO(raw))),
            }
            for fmt, raw in files.items():
                label, base = baselines[fmt]
                ours = median_time(lambda raw=raw, fmt=fmt: import_file(
                    store, raw, name=f"bench.{fmt}", dry_run=True), RUNS[n])
                theirs = median_time(lambda raw=raw, base=base: base(raw), RUNS[n])
                figures[f"{fmt}_{n}"] = {"import_ms": round(ours * 1000, 1),
                                         "baseline_ms": round(theirs * 1000, 1),
                                         "ratio": round(ours / theirs, 2), "file_kb": len(raw) // 1000}
                print(f"{fmt:>7} {n:>7,}  {ours * 1000:>7.1f}ms  {theirs * 1000:>7.1f}ms  "
                      f"{ours / theirs:>5.1f}x  {label} ({len(raw) / 1000:.0f} kB)")
    print(json.dumps(figures, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
