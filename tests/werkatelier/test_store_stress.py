"""The store under pressure: eight processes writing at once, and a writer killed mid-write."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import time
from pathlib import Path

import pytest

from werkatelier import ops
from werkatelier.model import Meta, Session, Stakeholder
from werkatelier.store import FileStore

pytestmark = pytest.mark.slow

PROCESSES = 8
EACH = 50
KILLS = 60


def _adder(root: str, sid: str, n: int, barrier, results) -> None:
    store = FileStore(root)
    barrier.wait()
    revisions = [store.apply(sid, ops.AddStakeholder(name=f"p{n}-{i}")).revision for i in range(EACH)]
    results.put((n, revisions))


def test_eight_processes_adding_at_once_keep_every_post_it(tmp_path: Path):
    root = tmp_path / "data"
    sid = FileStore(root).create("Drukte").id
    ctx = mp.get_context("spawn")
    barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=_adder, args=(str(root), sid, n, barrier, results)) for n in range(PROCESSES)]
    for p in procs:
        p.start()
    returned = dict(results.get(timeout=120) for _ in procs)
    for p in procs:
        p.join(30)
        assert p.exitcode == 0

    for revisions in returned.values():
        assert revisions == sorted(set(revisions)), "each process sees its revisions strictly increase"
    assert sorted(r for revs in returned.values() for r in revs) == list(range(2, PROCESSES * EACH + 2))

    fresh = FileStore(root)
    doc = fresh.get(sid)
    names = sorted(s.name for s in doc.stakeholders)
    assert names == sorted(f"p{n}-{i}" for n in range(PROCESSES) for i in range(EACH))
    assert doc.revision == PROCESSES * EACH + 1
    history = fresh.history(sid)
    assert [h.revision for h in history] == list(range(1, doc.revision + 1))
    assert {h.op for h in history[1:]} == {"add_stakeholder"}
    for n in range(1, doc.revision + 1):
        assert len(fresh.get_revision(sid, n).stakeholders) == n - 1


def _writer(root: str, sid: str, round_: int, ack: int) -> None:
    store = FileStore(root)
    os.write(ack, b"r")
    for i in range(10_000):
        store.apply(sid, ops.AddStakeholder(name=f"k{round_}-{i}"))
        os.write(ack, b"x")  # one byte: a write a kill cannot tear


def test_a_writer_killed_at_random_moments_never_breaks_the_session(tmp_path: Path):
    root = tmp_path / "data"
    # Big enough that a write takes a while, so kills land inside writes as well as between them.
    base = [Stakeholder(name=f"bestaand {i}", x=float(i), y=0.0) for i in range(400)]
    sid = FileStore(root).add(Session(meta=Meta(title="Crash"), stakeholders=base)).id
    rng = random.Random(20190207)
    ctx = mp.get_context("fork")  # a fresh interpreter per kill would take minutes
    total = 0
    for round_ in range(KILLS):
        read, write = os.pipe()
        proc = ctx.Process(target=_writer, args=(str(root), sid, round_, write))
        proc.start()
        os.close(write)
        assert os.read(read, 1) == b"r"
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(30)
        acked = 0
        while chunk := os.read(read, 4096):
            acked += chunk.count(b"x")
        os.close(read)

        doc = FileStore(root).get(sid)  # always loads, whatever the moment of the kill
        mine = [s.name for s in doc.stakeholders if s.name.startswith(f"k{round_}-")]
        assert len(mine) in (acked, acked + 1), "at most the operation in flight is missing"
        assert mine == [f"k{round_}-{i}" for i in range(len(mine))]
        total += len(mine)

    fresh = FileStore(root)
    doc = fresh.get(sid)
    assert len(doc.stakeholders) == len(base) + total
    assert [h.revision for h in fresh.history(sid)] == list(range(1, doc.revision + 1))
    for n in range(1, doc.revision + 1):
        assert len(fresh.get_revision(sid, n).stakeholders) == len(base) + n - 1
