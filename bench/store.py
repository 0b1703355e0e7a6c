"""Benchmark: one store operation against the floor of writing the same document, and loading."""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkatelier import document, ops  # noqa: E402
from werkatelier.filestore import SESSION_FILE, FileStore  # noqa: E402
from werkatelier.model import (  # noqa: E402
    Cluster,
    Meta,
    Persona,
    Relation,
    Session,
    Stakeholder,
)

SIZES = (100, 1_000, 10_000)
#: Timed runs per size: fewer for the big map, where one run takes a good part of a second.
RUNS = {100: 31, 1_000: 15, 10_000: 7}
LOAD_RUNS = 7
OP_TARGET, LOAD_TARGET = 2.0, 3.0


def make_session(n: int) -> Session:
    """A map like a busy workshop's: clustered, placed, about one relation per post-it."""
    clusters = [Cluster(id=f"cl_{i}", name=f"Cluster {i}", colour=f"#{i * 40503 % 0xFFFFFF:06x}")
                for i in range(max(1, min(20, n // 20)))]
    people = [Stakeholder(id=f"sh_{i}", name=f"Belanghebbende {i} – wijkteam", organisation="Gemeente",
                          kind=("person", "organisation", "group")[i % 3], capacity="uitvoerder",
                          cluster=clusters[i % len(clusters)].id, influence=1 + i % 5,
                          interest=1 + (i * 7) % 5, attitude=i % 5 - 2, tags=["zorg", "wonen"],
                          notes="Kent de buurt goed; wil meedenken.", x=(i % 100) * 37.5,
                          y=(i // 100) * 41.25)
              for i in range(n)]
    relations = [Relation(id=f"re_{i}", source=f"sh_{i}", target=f"sh_{(i * 31 + 7) % n}",
                          kind="werkt samen met", strength=1 + i % 3)
                 for i in range(n) if (i * 31 + 7) % n != i]
    personas = [Persona(id=f"pe_{i}", name=f"Persona {i}", stakeholder_ids=[f"sh_{i}"], wishes=["rust"])
                for i in range(min(n, 8))]
    return Session(meta=Meta(title=f"Benchmark {n}"), clusters=clusters, stakeholders=people,
                   relations=relations, personas=personas)


def floor_write(data: dict, path: Path) -> None:
    """The least any safe save does: json.dumps as document.dumps formats it, fsync, replace."""
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    tmp = path.with_name(path.name + ".tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def fresh_load(root: Path, sid: str) -> None:
    FileStore(root).get(sid)  # a fresh store: nothing cached


def plain_load(path: Path) -> None:
    json.loads(path.read_bytes())


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> int:
    figures: dict[str, dict[str, float]] = {}
    ok = True
    with tempfile.TemporaryDirectory(prefix="werkatelier-bench-") as tmp:
        root = Path(tmp) / "data"
        store = FileStore(root)
        print(f"{'stakeholders':>12}  {'operation':>10}  {'floor':>10}  {'ratio':>6}  "
              f"target ≤ {OP_TARGET:g}x")
        sid = ""
        for n in SIZES:
            doc = make_session(n)
            sid = store.add(doc).id
            data = document.to_data(store.get(sid))
            floor_path = Path(tmp) / f"floor-{n}.json"
            store.apply(sid, ops.AddStakeholder(name="warm-up"))  # the cache now holds the session
            op_times, floor_times = [], []
            for i in range(RUNS[n]):  # interleaved, so a busy moment hurts both alike
                op = ops.AddStakeholder(name=f"nieuw {i}")
                op_times.append(timed(partial(store.apply, sid, op)))
                floor_times.append(timed(partial(floor_write, data, floor_path)))
            op, floor = statistics.median(op_times), statistics.median(floor_times)
            ratio = op / floor
            ok &= ratio <= OP_TARGET
            figures[f"op_{n}"] = {"op_ms": round(op * 1000, 2), "floor_ms": round(floor * 1000, 2),
                                  "ratio": round(ratio, 3)}
            print(f"{n:>12,}  {op * 1000:>8.1f}ms  {floor * 1000:>8.1f}ms  {ratio:>5.2f}x  "
                  f"{'ok' if ratio <= OP_TARGET else 'MISSED'}")

        path = root / sid / SESSION_FILE  # the 10,000-stakeholder session
        load_times, parse_times = [], []
        for _ in range(LOAD_RUNS):
            load_times.append(timed(partial(fresh_load, root, sid)))
            parse_times.append(timed(partial(plain_load, path)))
        load, parse = statistics.median(load_times), statistics.median(parse_times)
        ratio = load / parse
        ok &= ratio <= LOAD_TARGET
        figures["load_10000"] = {"load_ms": round(load * 1000, 2), "json_loads_ms": round(parse * 1000, 2),
                                 "ratio": round(ratio, 3), "file_mb": round(path.stat().st_size / 1e6, 2)}
        print(f"\nload {SIZES[-1]:,} stakeholders ({path.stat().st_size / 1e6:.1f} MB, fresh store): "
              f"{load * 1000:.1f}ms vs json.loads {parse * 1000:.1f}ms = {ratio:.2f}x  "
              f"target ≤ {LOAD_TARGET:g}x  {'ok' if ratio <= LOAD_TARGET else 'MISSED'}")
    figures["targets_met"] = ok  # type: ignore[assignment]
    print(json.dumps(figures, sort_keys=True))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
