"""PostgreSQL's own side of the store: migrations, NOTIFY to other servers, faults, copying, pressure."""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import psycopg
import pytest

from tests import pgcluster
from werkatelier import cli, copying, demo, document, ops, pgschema
from werkatelier.document import WerkatelierError
from werkatelier.filestore import FileStore
from werkatelier.model import SCHEMA_VERSION, Meta, Session
from werkatelier.pgstore import PostgresStore, redacted
from werkatelier.store import StoreUnavailable, open_store


class RecordingHub:
    """The live room's hub as the listener sees it (werkatelier.live.Hub: announce and sessions)."""

    def __init__(self, serving=()):
        self.serving = list(serving)
        self.heard: list[tuple[str, int, float]] = []
        self.changed = threading.Condition()

    def announce(self, session_id: str, revision: int) -> None:
        with self.changed:
            self.heard.append((session_id, revision, time.time()))
            self.changed.notify_all()

    def sessions(self) -> list[str]:
        return list(self.serving)

    def wait_for(self, session_id: str, revision: int, timeout: float = 5.0) -> float | None:
        """When (time.time) the hub heard session_id reach revision; None if it did not in time."""
        end = time.perf_counter() + timeout
        with self.changed:
            while True:
                for sid, rev, when in self.heard:
                    if sid == session_id and rev >= revision:
                        return when
                left = end - time.perf_counter()
                if left <= 0:
                    return None
                self.changed.wait(left)


# --- migrations ---------------------------------------------------------------------------------

def _version(url: str) -> int:
    with psycopg.connect(url) as conn:
        return pgschema.current_version(conn)


def test_an_empty_database_is_set_up_at_the_latest_version(pg_stores):
    assert _version(pg_stores.url) == 0
    store = pg_stores()
    assert _version(pg_stores.url) == pgschema.VERSION
    assert store.list() == []
    with psycopg.connect(pg_stores.url) as conn:
        indexes = {r[0] for r in conn.execute("SELECT indexname FROM pg_indexes WHERE tablename = 'sessions' "
                                               "AND schemaname = current_schema()")}
    assert {"sessions_live_id", "sessions_listed"} <= indexes


def test_a_database_at_the_previous_version_is_upgraded_and_keeps_its_sessions(pg_stores, small_session):
    with psycopg.connect(pg_stores.url, autocommit=True) as conn:
        assert pgschema.migrate(conn, target=pgschema.VERSION - 1) == 0
        # A session as the previous version's store wrote it.
        small_session.revision = 1
        key = conn.execute("INSERT INTO sessions (id, rev, updated, schema_version, summary) "
                           "VALUES (%s, 1, %s, 1, %s) RETURNING key",
                           (small_session.id, small_session.updated,
                            json.dumps({"id": small_session.id, "title": "Kleine kaart", "programme": "",
                                        "event": "", "event_date": None, "team": "",
                                        "updated": small_session.updated.isoformat(), "revision": 1,
                                        "counts": {p: 0 for p in document.PART_MODELS},
                                        "carried_from": None}))).fetchone()[0]
        conn.execute("INSERT INTO revisions (session, rev, body, record) VALUES (%s, 1, %s, NULL)",
                     (key, document.dump_bytes(small_session)))
    assert _version(pg_stores.url) == pgschema.VERSION - 1
    store = pg_stores()
    assert _version(pg_stores.url) == pgschema.VERSION
    assert store.get(small_session.id) == small_session
    assert [s.id for s in store.list()] == [small_session.id]
    assert store.apply(small_session.id, ops.AddStakeholder(name="Na de upgrade")).revision == 2


def test_servers_starting_together_upgrade_once_and_a_newer_database_is_refused(pg_stores):
    errors: list[BaseException] = []

    def open_one():
        try:
            pg_stores()
        except BaseException as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and _version(pg_stores.url) == pgschema.VERSION
    with psycopg.connect(pg_stores.url, autocommit=True) as conn:
        conn.execute("UPDATE werkatelier_schema SET version = 99")
    with pytest.raises(WerkatelierError, match="set up by a newer Werkatelier \\(schema version 99"):
        pg_stores()


# --- choosing the store, and bad URLs ------------------------------------------------------------

def test_open_store_picks_the_backend_from_the_target(pg_stores, tmp_path):
    assert isinstance(open_store(tmp_path / "data"), FileStore)
    store = open_store(pg_stores.url)
    try:
        assert isinstance(store, PostgresStore) and store.location.startswith("database postgresql://")
    finally:
        store.close()


def test_an_unreachable_server_is_one_sentence_without_the_password(tmp_path):
    url = "postgresql://anna:Zeer-Geheim-42@127.0.0.1:1/werk"
    env = {**os.environ, "WERKATELIER_STORE": url}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "werkatelier", "list"], env=env, capture_output=True,
                          text=True, timeout=60, cwd=tmp_path)
    assert time.perf_counter() - started < 30
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(
        "werkatelier: Cannot reach the database postgresql://anna@127.0.0.1:1/werk: ")
    assert "refused" in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert "Zeer-Geheim-42" not in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("url", ["postgresql://anna:Zeer-Geheim-42@db.example:poort/werk",
                                 "postgresql://anna:Zeer-Geheim-42@db.example/werk?bogus=1"])
def test_a_url_that_is_not_one_is_one_sentence_without_the_password(run_cli, url):
    code, out, err = run_cli("--store", url, "list")
    assert code == 2 and out == ""
    assert err.startswith(("werkatelier: The store URL is not a PostgreSQL URL that can be read (",
                           "werkatelier: Cannot reach the database postgresql://anna@db.example"))
    assert "Zeer-Geheim-42" not in err and err.count("\n") == 1, err


def test_a_password_in_a_working_url_is_never_shown(run_cli, pg_stores):
    url = pg_stores.url.replace("postgresql://postgres@", "postgresql://postgres:Zeer-Geheim-42@")
    code, out, err = run_cli("--store", url, "list")
    assert (code, err) == (0, "") and out.startswith("No sessions yet in database postgresql://postgres@/")
    assert "Zeer-Geheim-42" not in out
    assert redacted(url) == redacted(pg_stores.url)


@pytest.fixture
def run_cli(capsys):
    def run(*argv: str) -> tuple[int, str, str]:
        code = cli.main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err
    return run


@pytest.mark.parametrize("bad", ["x'; DROP TABLE sessions; --", "s_1' OR '1'='1", "%", "_"])
def test_ids_and_titles_are_parameters_never_sql(pg_stores, bad):
    store = pg_stores()
    doc = store.create(bad)
    for call in (lambda: store.get(bad), lambda: store.history(bad), lambda: store.delete(bad),
                 lambda: store.apply(bad, ops.AddStakeholder(name="x"))):
        with pytest.raises(WerkatelierError, match="^No session with id"):
            call()
    assert [(s.id, s.title) for s in store.list()] == [(doc.id, bad)]


def test_a_session_written_by_a_newer_werkatelier_is_reported_and_an_older_revision_restored(pg_stores,
                                                                                              small_session):
    store = pg_stores()
    sid = store.add(small_session).id
    store.apply(sid, ops.AddStakeholder(name="A"))
    current = f'"schema_version": {SCHEMA_VERSION}'.encode()
    newer = document.dump_bytes(store.get(sid)).replace(current, b'"schema_version": 9')
    with psycopg.connect(pg_stores.url, autocommit=True) as conn:
        conn.execute("UPDATE sessions SET schema_version = 9 WHERE id = %s", (sid,))
        conn.execute("UPDATE revisions SET body = %s WHERE rev = 2", (newer,))
    fresh = pg_stores()
    with pytest.raises(WerkatelierError,
                       match=f"^Cannot open revision 2 of session {sid}: .*newer Werkatelier"):
        fresh.get(sid)
    assert fresh.list() == [] and "newer Werkatelier" in fresh.damaged()[sid]
    assert fresh.restore(sid, 1).revision == 3 and len(fresh.get(sid).stakeholders) == 3
    assert fresh.damaged() == {}


def test_the_trash_frees_the_id_and_can_be_emptied(pg_stores, small_session):
    store = pg_stores()
    sid = store.add(small_session, keep_id=True).id
    store.delete(sid)
    assert store.add(small_session, keep_id=True).id == sid  # like the file store's trash folder
    store.delete(sid)
    assert store.empty_trash() == 2 and store.empty_trash() == 0
    with psycopg.connect(pg_stores.url) as conn:
        assert conn.execute("SELECT count(*) FROM revisions").fetchone()[0] == 0


# --- live across servers ----------------------------------------------------------------------------

def _other_server(url: str, sid: str, count: int, results) -> None:
    store = PostgresStore(url)
    committed = []
    for i in range(count):
        rev = store.apply(sid, ops.AddStakeholder(name=f"van de andere server {i}")).revision
        committed.append((rev, time.time()))
        time.sleep(0.05)
    store.close()
    results.put(committed)


def test_a_change_on_another_server_reaches_this_servers_hub_within_a_second(pg_stores):
    store = pg_stores()
    sid = store.create("Live").id
    hub = RecordingHub([sid])
    listener = store.listen(hub)
    assert store.listen(hub) is listener and listener.connected.wait(10)
    ctx = mp.get_context("spawn")  # a second server: its own interpreter and connections
    results = ctx.Queue()
    proc = ctx.Process(target=_other_server, args=(pg_stores.url, sid, 10, results))
    proc.start()
    committed = results.get(timeout=120)
    proc.join(30)
    assert proc.exitcode == 0
    assert hub.wait_for(sid, 11, timeout=1.0) is not None
    heard = {rev: when for s, rev, when in hub.heard if s == sid}
    assert sorted(heard) == list(range(1, 12))  # revision 1 from catching up on connect, then each one
    delays = [heard[rev] - when for rev, when in committed]
    assert max(delays) < 1.0, delays


def test_after_a_lost_connection_the_listener_catches_up_on_what_it_missed(pg_stores, pg_server):
    store = pg_stores()
    sid, quiet = store.create("Gemist").id, store.create("Niet open").id
    hub = RecordingHub([sid])
    listener = store.listen(hub)
    listener.backoff = (1.0, 1.0)  # long enough to write while it is away
    assert listener.connected.wait(10)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                     "WHERE application_name = 'werkatelier-listen'")
    deadline = time.monotonic() + 10
    while listener.connected.is_set() and time.monotonic() < deadline:
        time.sleep(0.01)
    for _ in range(3):
        store.apply(sid, ops.AddStakeholder(name="terwijl hij weg was"))
    store.apply(quiet, ops.AddStakeholder(name="niemand kijkt"))
    assert hub.wait_for(sid, 4, timeout=10) is not None and listener.connections == 2
    store.apply(sid, ops.AddStakeholder(name="daarna"))
    assert hub.wait_for(sid, 5, timeout=2) is not None


def test_only_well_formed_news_reaches_the_hub(pg_stores):
    store = pg_stores()
    hub = RecordingHub()
    listener = store.listen(hub)
    assert listener.connected.wait(10)
    with psycopg.connect(pg_stores.url, autocommit=True) as conn:
        for payload in ("nonsense", '{"id": "../x", "rev": 3}', '{"id": "s_1", "rev": true}', "[]",
                        '{"id": "s_1", "rev": "9"}', '{"id": "s_ok", "rev": 2}'):
            conn.execute("SELECT pg_notify('werkatelier', %s)", (payload,))
    assert hub.wait_for("s_ok", 2) is not None
    assert [(s, r) for s, r, _ in hub.heard] == [("s_ok", 2)]


# --- copying between stores ---------------------------------------------------------------------------

def _files(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.startswith(".")
            and ".locks" not in p.parts}


def test_copy_from_a_demo_data_dir_to_postgresql_and_back_is_byte_identical(run_cli, pg_stores, tmp_path):
    first, back = tmp_path / "first", tmp_path / "back"
    added = demo.seed_examples(FileStore(first), demo.EXAMPLES_DIR, data_dir=first)
    assert len(added) >= 2
    FileStore(first).apply(added[0], ops.AddStakeholder(name="Nog een post-it"))
    FileStore(first).restore(added[0], 1)
    url = pg_stores.url
    code, out, err = run_cli("copy", "--from", str(first), "--to", url)
    assert (code, err) == (0, "") and out.count("copied") == len(added) and out.count("checked") == len(added)
    code, out, err = run_cli("copy", "--from", url, "--to", str(back))
    assert (code, err) == (0, "") and out.count("copied") == len(added)
    assert _files(back) == _files(first)
    for sid in added:
        assert [r for r in PostgresStore.export(pg_stores(), sid)] == list(FileStore(first).export(sid))
    # Again: nothing changes, every session is checked.
    code, out, err = run_cli("copy", "--from", str(first), "--to", url)
    assert (code, err) == (0, "") and out.count("already there") == len(added)
    assert _files(back) == _files(first)
    # A session that moved on in the source since is reported, not called identical.
    FileStore(first).apply(added[0], ops.AddStakeholder(name="Later in de map"))
    code, out, err = run_cli("copy", "--from", str(first), "--to", url, added[0])
    assert code == 2 and "has 4 revisions here but 3 in the target" in err
    # A session that moved on in the target too is reported, the others still pass.
    pg_stores().apply(added[0], ops.AddStakeholder(name="Alleen in de database"))
    FileStore(first).apply(added[0], ops.AddStakeholder(name="Alleen in de map"))
    code, out, err = run_cli("copy", "--from", str(first), "--to", url)
    assert code == 2 and f"{added[0]}: Session {added[0]} differs from the source at revision 4" in err
    assert out.count("already there") == len(added) - 1


def test_a_copy_with_a_broken_revision_is_refused_whole(pg_stores, small_session, tmp_path):
    src = FileStore(tmp_path / "src")
    sid = src.add(small_session).id
    src.apply(sid, ops.AddStakeholder(name="A"))
    (tmp_path / "src" / sid / "revisions" / "00000001.json").write_text("{", encoding="utf-8")
    dst = pg_stores()
    with pytest.raises(WerkatelierError, match=f"revision 1 of session {sid}: The file is not valid JSON"):
        copying.copy_session(src, dst, sid, present=False)
    assert dst.list() == [] and dst.damaged() == {}


# --- pressure -------------------------------------------------------------------------------------------

PROCESSES, EACH = 8, 50


def _adder(url: str, sid: str, n: int, barrier, results) -> None:
    store = PostgresStore(url, pool_size=1)
    barrier.wait()
    revisions = [store.apply(sid, ops.AddStakeholder(name=f"p{n}-{i}")).revision for i in range(EACH)]
    store.close()
    results.put((n, revisions))


@pytest.mark.slow
def test_eight_processes_adding_at_once_keep_every_post_it(pg_stores):
    sid = pg_stores().create("Drukte").id
    ctx = mp.get_context("fork")  # eight fresh interpreters would cost more than the writes
    barrier, results = ctx.Barrier(PROCESSES), ctx.Queue()
    procs = [ctx.Process(target=_adder, args=(pg_stores.url, sid, n, barrier, results))
             for n in range(PROCESSES)]
    for p in procs:
        p.start()
    returned = dict(results.get(timeout=180) for _ in procs)
    for p in procs:
        p.join(30)
        assert p.exitcode == 0
    for revisions in returned.values():
        assert revisions == sorted(set(revisions))
    assert sorted(r for revs in returned.values() for r in revs) == list(range(2, PROCESSES * EACH + 2))
    fresh = pg_stores()
    doc = fresh.get(sid)
    assert sorted(s.name for s in doc.stakeholders) == sorted(
        f"p{n}-{i}" for n in range(PROCESSES) for i in range(EACH))
    assert doc.revision == PROCESSES * EACH + 1
    assert [h.revision for h in fresh.history(sid)] == list(range(1, doc.revision + 1))
    for n in (1, 2, 200, doc.revision):
        assert len(fresh.get_revision(sid, n).stakeholders) == n - 1


STOPS = 20


def _burst(url: str, sid: str, round_: int, ack: int) -> None:
    store = PostgresStore(url, pool_size=1)
    os.write(ack, b"r")
    try:
        for i in range(100_000):
            store.apply(sid, ops.AddStakeholder(name=f"k{round_}-{i}"))
            os.write(ack, b"x")  # one byte: a write a stop cannot tear
    except StoreUnavailable:
        os._exit(0)
    os._exit(1)


@pytest.mark.slow
def test_the_database_stopped_hard_in_a_burst_of_writes_loses_at_most_the_write_in_flight(pg_bindir):
    # Its own cluster: this test stops it. fsync off: a stopped server, not a lost machine.
    cluster = pgcluster.Cluster(pg_bindir, settings={"fsync": "off"}).start()
    try:
        app = PostgresStore(cluster.url)  # an app server that stays up through it all
        base = Session(meta=Meta(title="Crash"), stakeholders=[{"name": f"bestaand {i}"} for i in range(200)])
        sid = app.add(base).id
        rng = random.Random(20190207)
        ctx = mp.get_context("fork")
        total = 0
        for round_ in range(STOPS):
            read, write = os.pipe()
            proc = ctx.Process(target=_burst, args=(cluster.url, sid, round_, write))
            proc.start()
            os.close(write)
            assert os.read(read, 1) == b"r"
            time.sleep(rng.uniform(0.05, 0.3))
            cluster.stop("immediate")
            proc.join(60)
            acked = 0
            while chunk := os.read(read, 4096):
                acked += chunk.count(b"x")
            os.close(read)
            assert proc.exitcode == 0, "the writer got one plain StoreUnavailable"
            started = time.perf_counter()
            with pytest.raises(StoreUnavailable, match="^Cannot reach the database postgresql://postgres@"):
                app.get(sid)  # while it is away: a sentence, soon
            assert time.perf_counter() - started < 10
            cluster.start()
            doc = app.get(sid)  # back by itself, whatever the moment of the stop
            mine = [s.name for s in doc.stakeholders if s.name.startswith(f"k{round_}-")]
            assert len(mine) in (acked, acked + 1), "at most the operation in flight is missing"
            assert mine == [f"k{round_}-{i}" for i in range(len(mine))]
            total += len(mine)
        fresh = PostgresStore(cluster.url)
        doc = fresh.get(sid)
        assert len(doc.stakeholders) == 200 + total and total > STOPS
        assert [h.revision for h in fresh.history(sid)] == list(range(1, doc.revision + 1))
        for n in range(1, doc.revision + 1, 7):
            assert len(fresh.get_revision(sid, n).stakeholders) == 200 + n - 1
        fresh.close()
        app.close()
    finally:
        cluster.destroy()


def test_the_app_shows_one_clear_message_while_the_database_is_away(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("WERKATELIER_STORE", "postgresql://anna:Zeer-Geheim-42@127.0.0.1:1/werk")
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "app.py"), default_timeout=60).run()
    assert not at.exception
    [error] = at.error
    shown = error.value.replace("\\", "")  # ui.md escapes Markdown in what it shows
    assert "Cannot reach the database postgresql://anna@127.0.0.1:1/werk: connection refused" in shown
    assert "Zeer-Geheim-42" not in error.value
    assert "opnieuw geprobeerd" in at.caption[0].value
