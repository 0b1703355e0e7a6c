"""The store contract, run against the file store and PostgreSQL alike: every method, what is kept
afterwards, and damaged or hostile input. Tests of the file store's own files say so (``file_only``)."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import tempfile
import threading
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from tests.pgcluster import with_schema
from tests.strategies import sessions
from werkatelier import carry, document, ops
from werkatelier.document import WerkatelierError, _formats_alike, _standard
from werkatelier.filestore import HISTORY_FILE, REVISIONS_DIR, SESSION_FILE, TRASH_DIR, FileStore
from werkatelier.model import SCHEMA_VERSION, Action, Event, Meta, Participant, Session, Stakeholder
from werkatelier.store import Store, data_dir


def tree(top: Path) -> dict[str, str]:
    """Every path under top with a digest of its content: what a test compares before and after."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(top):
        for d in dirnames:
            out[os.path.relpath(os.path.join(dirpath, d), top)] = "dir"
        for f in filenames:
            p = os.path.join(dirpath, f)
            with open(p, "rb") as fh:
                out[os.path.relpath(p, top)] = hashlib.sha256(fh.read()).hexdigest()
    return out


class Place:
    """Where a test's sessions are kept, seen from outside the store: a folder or a database schema."""

    def __init__(self, kind: str, tmp_path: Path, pg_stores=None, request=None):
        self.kind, self.tmp_path, self.pg_stores, self.request = kind, tmp_path, pg_stores, request
        self.root = tmp_path / "data"
        self.store = self.fresh()

    def fresh(self) -> Store:
        """A second store on the same sessions: nothing in memory."""
        return FileStore(self.root) if self.kind == "file" else self.pg_stores()

    def current(self, sid: str) -> bytes:
        """The bytes kept as the session's current revision."""
        if self.kind == "file":
            return (self.root / sid / SESSION_FILE).read_bytes()
        return self._one("SELECT r.body FROM sessions s JOIN revisions r ON r.session = s.key "
                         "AND r.rev = s.rev WHERE s.id = %s AND s.deleted_at IS NULL", sid)

    def kept(self, sid: str, n: int) -> bytes:
        """The bytes kept as an earlier revision."""
        if self.kind == "file":
            return (self.root / sid / REVISIONS_DIR / f"{n:08d}.json").read_bytes()
        return self._one("SELECT r.body FROM sessions s JOIN revisions r ON r.session = s.key AND r.rev = %s "
                         "WHERE s.id = %s AND s.deleted_at IS NULL", n, sid)

    def records(self, sid: str) -> list[dict]:
        """The history lines kept for the session, as written."""
        if self.kind == "file":
            text = (self.root / sid / HISTORY_FILE).read_text(encoding="utf-8")
            return [json.loads(x) for x in text.splitlines()]
        return [json.loads(r[0]) for r in self._all(
            "SELECT r.record FROM sessions s JOIN revisions r ON r.session = s.key "
            "WHERE s.id = %s AND s.deleted_at IS NULL ORDER BY r.rev", sid)]

    def trash(self) -> dict[str, bytes]:
        """What the trash holds: a name for each session in it, and its current bytes."""
        if self.kind == "file":
            return {t.name: (t / SESSION_FILE).read_bytes() for t in (self.root / TRASH_DIR).iterdir()}
        return {f"{sid}-{when.isoformat()}": bytes(body) for sid, when, body in self._all(
            "SELECT s.id, s.deleted_at, r.body FROM sessions s JOIN revisions r ON r.session = s.key "
            "AND r.rev = s.rev WHERE s.deleted_at IS NOT NULL")}

    def everything(self) -> dict:
        """Everything kept, to compare before and after: every file, or every row."""
        if self.kind == "file":
            return tree(self.tmp_path)
        return {"sessions": self._all("SELECT * FROM sessions ORDER BY key"),
                "revisions": self._all("SELECT session, rev, body, record FROM revisions "
                                       "ORDER BY session, rev")}

    def elsewhere(self) -> Store:
        """A store on a place that holds nothing."""
        if self.kind == "file":
            return FileStore(self.root / "missing")
        import psycopg

        schema = f"t_{secrets.token_hex(6)}"
        with psycopg.connect(self.pg_stores.url, autocommit=True) as conn:
            conn.execute(f"CREATE SCHEMA {schema}")

        def drop() -> None:
            with psycopg.connect(self.pg_stores.url, autocommit=True) as conn:
                conn.execute(f"DROP SCHEMA {schema} CASCADE")

        self.request.addfinalizer(drop)
        return self.pg_stores(with_schema(self.request.getfixturevalue("pg_server"), schema))

    def _all(self, sql: str, *args) -> list[tuple]:
        import psycopg

        with psycopg.connect(self.pg_stores.url) as conn:
            return conn.execute(sql, args, binary=True).fetchall()

    def _one(self, sql: str, *args) -> bytes:
        rows = self._all(sql, *args)
        assert rows, "nothing kept"
        return bytes(rows[0][0])


@pytest.fixture(params=["file", "pg"])
def place(request, tmp_path: Path) -> Place:
    if request.param == "file":
        return Place("file", tmp_path)
    return Place("pg", tmp_path, request.getfixturevalue("pg_stores"), request)


#: For the tests of the file store's own files and folders.
file_only = pytest.mark.parametrize("place", ["file"], indirect=True)


@pytest.fixture
def root(place: Place) -> Path:
    return place.root


@pytest.fixture
def store(place: Place) -> Store:
    return place.store


def on_disk(root: Path, sid: str) -> dict:
    return json.loads((root / sid / SESSION_FILE).read_text(encoding="utf-8"))


def kept_now(place: Place, sid: str) -> dict:
    return json.loads(place.current(sid))


# --- create, add, get, list -----------------------------------------------------------------------

def test_create_writes_one_canonical_file_a_fresh_store_reads_back(store, place):
    doc = store.create("Team 6", programme="Leefbare wijken", team="Team 6",
                       event={"name": "Werkatelier I", "date": "2018-11-01"})
    loaded = place.fresh().get(doc.id)
    assert place.current(doc.id).decode("utf-8") == document.dumps(loaded)
    assert (loaded.meta.title, loaded.meta.event.date, loaded.revision) == ("Team 6", date(2018, 11, 1), 1)
    assert [(h.revision, h.op) for h in store.history(doc.id)] == [(1, "create")]


def test_create_refuses_an_empty_title_and_writes_nothing(store, place):
    before = place.everything()
    with pytest.raises(WerkatelierError, match="meta.title|title"):
        store.create("   ")
    with pytest.raises(WerkatelierError, match="colour|extra|not permitted"):
        store.create("x", colour="red")
    assert place.everything() == before


def test_add_stores_a_whole_document_under_a_fresh_id_unless_asked(store, place, small_session):
    copy = store.add(small_session)
    assert copy.id != small_session.id and copy.revision == 1
    kept = store.add(small_session, keep_id=True)
    assert kept.id == small_session.id
    assert kept_now(place, kept.id)["stakeholders"] == kept_now(place, copy.id)["stakeholders"]
    with pytest.raises(WerkatelierError, match=f"already a session with id '{small_session.id}'"):
        store.add(small_session, keep_id=True)
    assert {s.id for s in store.list()} == {copy.id, kept.id}


def test_add_accepts_parsed_json_and_upgrades_it(store):
    doc = store.add({"title": "Prototype", "question": "Hoe?", "stakeholders": [{"name": "A", "power": 5}]})
    assert (doc.meta.title, doc.question.text, doc.stakeholders[0].influence) == ("Prototype", "Hoe?", 5)


def test_list_summarises_sessions_and_ignores_what_is_not_one(store, place, root, small_session):
    a = store.create("Eerste", programme="P", team="Team 3", event={"name": "WA I", "date": "2019-01-10"})
    b = store.add(small_session)
    gone = store.create("In de prullenbak")
    store.delete(gone.id)
    if place.kind == "file":
        (root / "examples").mkdir()
        (root / "examples" / "demo.json").write_text(document.dumps(small_session), encoding="utf-8")
        (root / "notes.txt").write_text("not a session", encoding="utf-8")
        (root / "empty-folder").mkdir()
    summaries = store.list()
    assert [s.id for s in summaries] == [b.id, a.id]  # most recently changed first
    first = summaries[1]
    assert (first.title, first.programme, first.team, first.event, first.event_date, first.revision) == (
        "Eerste", "P", "Team 3", "WA I", date(2019, 1, 10), 1)
    assert summaries[0].counts == {"participants": 0, "stakeholders": 3, "relations": 2, "clusters": 2,
                                   "personas": 0, "interviews": 0, "rounds": 0, "actions": 0}
    assert place.elsewhere().list() == []


@pytest.mark.parametrize("bad", ["../x", "..", "", "x/y", "/etc", ".trash", "examples", "a" * 65,
                                 "s_0123456789ab", 42, None])
def test_unknown_and_malformed_ids_never_become_paths(store, place, root, small_session, bad):
    store.add(small_session, keep_id=True)
    if place.kind == "file":
        (root / "examples").mkdir()
    before = place.everything()
    calls = [lambda: store.get(bad), lambda: store.apply(bad, ops.AddStakeholder(name="x")),
             lambda: store.history(bad), lambda: store.get_revision(bad, 1),
             lambda: store.restore(bad, 1), lambda: store.delete(bad),
             lambda: carry.carry_forward(store, bad)]
    for call in calls:
        with pytest.raises(WerkatelierError, match=f"^No session with id {bad!r}$"):
            call()
    assert place.everything() == before


# --- apply ------------------------------------------------------------------------------------------

def test_apply_makes_a_new_revision_and_keeps_the_old_one(store, place, small_session):
    sid = store.add(small_session).id
    doc = store.apply(sid, ops.AddStakeholder(id="sh_new", name="Huurders"))
    assert doc.revision == 2 and doc.updated > doc.created
    assert json.loads(place.kept(sid, 1))["revision"] == 1
    assert [s["id"] for s in kept_now(place, sid)["stakeholders"]][-1] == "sh_new"
    lines = place.records(sid)
    assert [(x["revision"], x["op"], x["changed"]) for x in lines] == [
        (1, "add", 7), (2, "add_stakeholder", 1)]
    assert lines[1]["args"]["stakeholder"]["name"] == "Huurders"


def test_a_refused_operation_leaves_the_stored_session_and_the_next_one_works(store, place, small_session):
    sid = store.add(small_session).id
    before = place.current(sid)
    with pytest.raises(WerkatelierError, match="There is no stakeholder with id 'nobody'"):
        store.apply(sid, ops.DeleteStakeholder(id="nobody"))
    assert place.current(sid) == before
    assert store.apply(sid, ops.AddStakeholder(name="Na de fout")).revision == 2


class Sloppy(ops.Operation):
    """An operation written carelessly: it mutates shared items, then appends an invalid one."""

    op = "test_sloppy"

    def apply(self, doc: Session) -> str:
        doc.stakeholders[0].name = "GEWIJZIGD"
        doc.stakeholders.append(Stakeholder.model_construct(id="sh_bad", name="", influence=9))
        return "sloppy"


def test_new_items_are_validated_and_a_failed_operation_cannot_leak_into_the_next(store, place,
                                                                                  small_session):
    sid = store.add(small_session).id
    with pytest.raises(WerkatelierError, match="new item in stakeholders is not valid: name"):
        store.apply(sid, Sloppy())
    assert kept_now(place, sid)["stakeholders"][0]["name"] == "Woningcorporatie"
    doc = store.apply(sid, ops.AddStakeholder(name="Daarna"))
    assert [s.name for s in doc.stakeholders][0] == "Woningcorporatie"
    assert kept_now(place, sid)["stakeholders"][0]["name"] == "Woningcorporatie"


def test_sessions_handed_out_are_snapshots(store, small_session):
    sid = store.add(small_session).id
    first = store.apply(sid, ops.AddStakeholder(name="A"))
    store.apply(sid, ops.MoveStakeholders(positions={"sh_corp": [5, 5]}))
    assert len(first.stakeholders) == 4 and first.stakeholders[0].x is None
    first.stakeholders.clear()
    assert len(store.get(sid).stakeholders) == 4


def test_a_second_store_on_the_same_folder_never_overwrites_the_first(place, small_session):
    a, b = place.fresh(), place.fresh()
    sid = a.add(small_session).id
    b.get(sid)  # b now holds revision 1 in memory
    a.apply(sid, ops.AddStakeholder(name="Van A"))
    b.apply(sid, ops.AddStakeholder(name="Van B"))
    names = [s.name for s in place.fresh().get(sid).stakeholders]
    assert names[-2:] == ["Van A", "Van B"]
    assert place.fresh().get(sid).revision == 3


def test_threads_sharing_one_store_keep_every_post_it(store, place, small_session):
    sid = store.add(small_session).id

    def add(n: int) -> None:
        for i in range(15):
            store.apply(sid, ops.AddStakeholder(name=f"t{n}-{i}"))

    threads = [threading.Thread(target=add, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    doc = place.fresh().get(sid)
    assert len(doc.stakeholders) == 3 + 60 and doc.revision == 61


# --- history, revisions, restore --------------------------------------------------------------------

def test_history_lists_every_revision_and_each_can_be_read_back(store, place, small_session):
    sid = store.add(small_session).id
    store.apply(sid, ops.AddStakeholder(name="A"))
    store.apply(sid, ops.DeleteStakeholder(id="sh_corp"))
    fresh = place.fresh()
    info = fresh.history(sid)
    assert [(h.revision, h.op, h.changed) for h in info] == [
        (1, "add", 7), (2, "add_stakeholder", 1), (3, "delete_stakeholder", 3)]
    assert info[2].summary == "Deleted stakeholder 'Woningcorporatie'"
    assert info[0].when <= info[1].when <= info[2].when
    counts = [len(fresh.get_revision(sid, n).stakeholders) for n in (1, 2, 3)]
    assert counts == [3, 4, 3]
    assert place.kept(sid, 2).decode("utf-8") == document.dumps(fresh.get_revision(sid, 2))
    for bad in (0, 4, -1, "1", True):
        with pytest.raises(WerkatelierError, match=f"has no revision {bad!r}"):
            fresh.get_revision(sid, bad)


def test_restore_makes_an_old_revision_current_as_a_new_one(store, place, small_session):
    sid = store.add(small_session).id
    store.apply(sid, ops.DeleteStakeholder(id="sh_corp"))
    doc = store.restore(sid, 1)
    assert doc.revision == 3 and [s.id for s in doc.stakeholders] == ["sh_corp", "sh_buurt", "sh_zorg"]
    assert len(place.fresh().get(sid).relations) == 2
    last = store.history(sid)[-1]
    assert (last.op, last.summary, last.changed) == ("restore", "Restored revision 1", 3)
    assert len(store.get_revision(sid, 2).stakeholders) == 2


@file_only
def test_a_damaged_current_file_is_reported_and_an_older_revision_can_be_restored(store, root, small_session):
    sid = store.add(small_session).id
    store.apply(sid, ops.AddStakeholder(name="A"))
    (root / sid / SESSION_FILE).write_text('{"meta": ', encoding="utf-8")
    with pytest.raises(WerkatelierError, match=f"Cannot open {sid}/session.json: The file is not valid JSON"):
        FileStore(root).get(sid)
    assert FileStore(root).list() == []
    assert "not valid JSON" in FileStore(root).damaged()[sid]
    assert [h.revision for h in FileStore(root).history(sid)] == [1, 2]
    doc = FileStore(root).restore(sid, 1)
    assert doc.revision == 3 and len(FileStore(root).get(sid).stakeholders) == 3
    with pytest.raises(WerkatelierError, match="not valid JSON"):
        store.get_revision(sid, 2)  # the damaged file is kept as what revision 2 became


@file_only
def test_a_session_folder_holding_another_session_is_refused(store, root, small_session):
    sid = store.add(small_session).id
    other = root / "s_copied"
    other.mkdir()
    (other / SESSION_FILE).write_bytes((root / sid / SESSION_FILE).read_bytes())
    with pytest.raises(WerkatelierError, match=f"s_copied/session.json: it holds session '{sid}'"):
        store.get("s_copied")


# --- delete and carry forward -------------------------------------------------------------------------

def test_delete_moves_the_session_to_the_trash(store, place, root, small_session):
    sid = store.add(small_session).id
    store.delete(sid)
    assert not (root / sid).exists() and store.list() == []
    [(name, trashed)] = place.trash().items()
    assert name.startswith(f"{sid}-")
    assert json.loads(trashed)["id"] == sid
    with pytest.raises(WerkatelierError, match=f"No session with id '{sid}'"):
        store.get(sid)
    with pytest.raises(WerkatelierError, match=f"No session with id '{sid}'"):
        store.apply(sid, ops.AddStakeholder(name="te laat"))


def test_carry_forward_takes_the_map_to_the_next_workshop(store, place, team6_session):
    src = store.add(team6_session)
    store.apply(src.id, ops.UpsertAction(action=Action(id="ac_done", action="Klaar", status="done")))
    store.apply(src.id, ops.UpsertParticipant(participant=Participant(id="pa_weg", name="X", present=False)))
    src = store.get(src.id)
    new = carry.carry_forward(store, src.id, event=Event(name="Werkatelier III", date=date(2019, 3, 14)))
    loaded = place.fresh().get(new.id)
    assert loaded.id != src.id and loaded.revision == 1
    assert loaded.meta.title == "Team 6 – Werkatelier II (vervolg)"
    assert (loaded.meta.carried_from, loaded.meta.event.name, loaded.meta.programme) == (
        src.id, "Werkatelier III", src.meta.programme)
    for part in ("stakeholders", "relations", "clusters", "personas", "interviews"):
        assert getattr(loaded, part) == getattr(src, part), part
    assert loaded.question == src.question
    assert [p.id for p in loaded.participants] == [p.id for p in src.participants]
    assert all(p.present for p in loaded.participants)
    assert [a.id for a in loaded.actions] == [a.id for a in src.actions if a.status != "done"]
    assert "ac_done" not in {a.id for a in loaded.actions} and loaded.rounds == []
    assert store.get(src.id) == src  # the old session is untouched
    assert store.history(new.id)[0].op == "carry_forward"


def test_carry_forward_titles(store):
    long = store.create("x" * 200)
    assert carry.carry_forward(store, long.id).meta.title == "x" * 190 + " (vervolg)"
    assert carry.carry_forward(store, long.id, title="Ronde twee").meta.title == "Ronde twee"
    with pytest.raises(WerkatelierError, match="title"):
        carry.carry_forward(store, long.id, title="")


# --- crashes and stray files ------------------------------------------------------------------------

@file_only
def test_stray_temp_files_are_ignored_and_swept_by_the_next_write(store, root, small_session):
    sid = store.add(small_session).id
    stray = root / sid / ".tmp-999-dead.json"
    stray.write_text('{"half', encoding="utf-8")
    assert FileStore(root).get(sid).revision == 1 and len(FileStore(root).list()) == 1
    store.apply(sid, ops.AddStakeholder(name="A"))
    assert not stray.exists()


@file_only
def test_a_writer_killed_between_keeping_and_replacing_leaves_a_working_session(store, root, small_session):
    sid = store.add(small_session).id
    (root / sid / REVISIONS_DIR).mkdir()
    os.link(root / sid / SESSION_FILE, root / sid / REVISIONS_DIR / "00000001.json")
    with open(root / sid / HISTORY_FILE, "ab") as f:  # the line of the revision that never landed
        f.write(b'{"revision": 2, "op": "ghost", "summary": "", "changed": 0, '
                b'"when": "2020-01-01T00:00:00"}\n')
    assert [h.op for h in FileStore(root).history(sid)] == ["add"]
    FileStore(root).apply(sid, ops.AddStakeholder(name="A"))
    assert [h.op for h in FileStore(root).history(sid)] == ["add", "add_stakeholder"]
    assert len(FileStore(root).get_revision(sid, 1).stakeholders) == 3


@file_only
def test_history_is_kept_by_copying_where_the_disk_has_no_hard_links(store, root, small_session, monkeypatch):
    def no_links(src, dst):
        raise PermissionError(1, "Operation not permitted (FAT)")

    monkeypatch.setattr(os, "link", no_links)
    sid = store.add(small_session).id
    store.apply(sid, ops.AddStakeholder(name="A"))
    store.apply(sid, ops.AddStakeholder(name="B"))
    assert [len(FileStore(root).get_revision(sid, n).stakeholders) for n in (1, 2, 3)] == [3, 4, 5]
    assert sorted(os.listdir(root / sid / REVISIONS_DIR)) == ["00000001.json", "00000002.json"]


@file_only
def test_a_lost_or_torn_history_line_costs_only_its_label(store, root, small_session):
    sid = store.add(small_session).id
    store.apply(sid, ops.AddStakeholder(name="A"))
    path = root / sid / HISTORY_FILE
    first = path.read_bytes().splitlines(keepends=True)[0]
    path.write_bytes(first + b'{"revision": 2, "op": "add_st')
    assert [h.op for h in store.history(sid)] == ["add", "unknown"]
    store.apply(sid, ops.AddStakeholder(name="B"))
    assert [h.op for h in store.history(sid)] == ["add", "unknown", "add_stakeholder"]


# --- bad input through the store ------------------------------------------------------------------

def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


def _deep(depth: int) -> list:
    """A list nested depth deep, built without recursion."""
    top: list = []
    inner = top
    for _ in range(depth - 1):
        inner.append([])
        inner = inner[0]
    return top


def _valid(sid: str, **extra) -> str:
    data = {"id": sid, "schema_version": SCHEMA_VERSION, "meta": {"title": "x"}, **extra}
    return json.dumps(data)


DAMAGE = {
    "truncated": (lambda sid, good: good[: len(good) // 2], "The file is not valid JSON \\(line"),
    "empty": (lambda sid, good: "", "The file is empty"),
    "null": (lambda sid, good: "null", "must be a JSON object, but this file holds null"),
    "list": (lambda sid, good: "[]", "must be a JSON object, but this file holds a list"),
    "wrong types": (lambda sid, good: _valid(sid, stakeholders=[{"name": "A", "influence": "veel"}]),
                    "stakeholders\\[0\\].influence: Input should be a valid integer"),
    "newer version": (lambda sid, good: _valid(sid).replace(f'"schema_version": {SCHEMA_VERSION}',
                                                            '"schema_version": 9'),
                      "newer Werkatelier \\(schema version 9"),
    "dangling": (lambda sid, good: _valid(sid, stakeholders=[{"id": "a", "name": "A"}],
                                          relations=[{"source": "a", "target": "b"}]),
                 "points at stakeholder 'b', which does not exist"),
    "duplicate ids": (lambda sid, good: _valid(sid, clusters=[{"id": "c", "name": "A"},
                                                              {"id": "c", "name": "B"}]),
                      "clusters: the id 'c' is used twice"),
    "20 MB string": (lambda sid, good: _valid(sid, stakeholders=[{"name": "A", "notes": "x" * 20_000_000}]),
                     "notes: String should have at most 10000 characters"),
    "nested 10,000 deep": (lambda sid, good: '{"meta": {"title": "x"}, "stakeholders": '
                           + _nested(10_000) + "}",
                           "nested too deeply"),
}


@file_only
@pytest.mark.parametrize("kind", list(DAMAGE))
def test_a_damaged_session_file_gets_a_clear_message_and_nothing_is_written(store, root, tmp_path,
                                                                            small_session, kind):
    sid = store.add(small_session).id
    path = root / sid / SESSION_FILE
    damage, message = DAMAGE[kind]
    path.write_text(damage(sid, path.read_text(encoding="utf-8")), encoding="utf-8")
    before = tree(tmp_path)
    fresh = FileStore(root)
    with pytest.raises(WerkatelierError, match=f"^Cannot open {sid}/session.json: .*{message}"):
        fresh.get(sid)
    with pytest.raises(WerkatelierError, match=message):
        fresh.apply(sid, ops.AddStakeholder(name="A"))
    with pytest.raises(WerkatelierError, match=message):
        carry.carry_forward(fresh, sid)
    assert fresh.list() == [] and sid in fresh.damaged()
    assert tree(tmp_path) == before


BAD_DOCUMENTS = {
    "null": (None, "holds null"),
    "list": ([{"meta": {"title": "x"}}], "holds a list"),
    "wrong types": ({"meta": {"title": ["x"]}, "relations": "many"},
                    "meta.title: Input should be a valid string"),
    "newer version": ({"schema_version": SCHEMA_VERSION + 1, "meta": {"title": "x"}}, "newer Werkatelier"),
    "dangling": (Session.model_construct(
        id="s_1", meta=Meta(title="x"), stakeholders=[Stakeholder(id="a", name="A", cluster="c")]),
        "in cluster 'c', which does not exist"),
    "duplicate ids": (Session.model_construct(id="s_1", meta=Meta(title="x"), stakeholders=[
        Stakeholder(id="a", name="A"), Stakeholder(id="a", name="B")]), "the id 'a' is used twice"),
    "20 MB string": (Session.model_construct(id="s_1", meta=Meta.model_construct(title="x" * 20_000_000)),
                     "meta.title: String should have at most 200 characters"),
    "nested 10,000 deep": ({"meta": {"title": "x"}, "stakeholders": _deep(10_000)},
                           "stakeholders\\[0\\]: Input should be a valid dictionary"),
    "a model nested 10,000 deep": (Session.model_construct(id="s_1", meta=Meta(title="x"), stakeholders=[
        Stakeholder.model_construct(id="a", name="A", tags=_deep(10_000))]), "nested too deeply"),
    "id ../x": (Session.model_construct(id="../x", meta=Meta(title="x")), "id: an id is 1 to 64 letters"),
}


@pytest.mark.parametrize("kind", list(BAD_DOCUMENTS))
def test_add_refuses_bad_documents_and_writes_nothing(store, place, kind):
    doc, message = BAD_DOCUMENTS[kind]
    before = place.everything()
    for keep_id in (False, True):
        with pytest.raises(WerkatelierError, match=message):
            store.add(doc, keep_id=keep_id)
    assert place.everything() == before


@file_only
def test_a_title_that_looks_like_a_path_is_only_ever_a_title(store, root, tmp_path, small_session):
    before = tree(tmp_path)
    made = store.create("../../etc/passwd")
    small_session.meta.title = "../../etc/passwd"
    added = store.add(small_session)
    carried = carry.carry_forward(store, made.id)
    assert FileStore(root).get(made.id).meta.title == "../../etc/passwd"
    new_paths = set(tree(tmp_path)) - set(before)
    ids = {made.id, added.id, carried.id}
    assert all(Path(p).parts[0] == "data" for p in new_paths)
    assert {Path(p).parts[1] for p in new_paths if len(Path(p).parts) > 1} == ids | {".locks"}
    assert not any("passwd" in p or "etc" in Path(p).parts for p in new_paths)


# --- round trips ------------------------------------------------------------------------------------

@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=sessions())
def test_generated_sessions_survive_save_and_load_unchanged(doc):
    text = _standard(doc)
    assert document.dumps(doc) == text and document.dump_bytes(doc) == text.encode("utf-8")
    assert document.loads(text.encode()) == doc == document.loads(text)
    with tempfile.TemporaryDirectory(dir=os.environ.get("TMPDIR")) as tmp:
        stored = FileStore(tmp).add(doc, keep_id=True)
        loaded = FileStore(tmp).get(doc.id)
        assert loaded == stored
        assert loaded.model_dump(exclude={"revision", "updated"}) == doc.model_dump(
            exclude={"revision", "updated"})
        assert (Path(tmp) / doc.id / SESSION_FILE).read_text(encoding="utf-8") == document.dumps(loaded)


@pytest.mark.parametrize("x", [1e-5, -3e-9, 5e-324, 1e16, -0.0, 0.1 + 0.2, 12345.678])
def test_files_are_written_exactly_as_document_dumps_writes_them(store, place, x):
    assert _formats_alike(), "pydantic-core no longer writes JSON as json.dumps does: saving got slower"
    doc = store.add(Session(meta=Meta(title="Wijk \"Oost\" 👩‍🌾"),
                            stakeholders=[Stakeholder(name="A\u2028\x7f", x=x, y=1.0, tags=["é"])]))
    written = place.current(doc.id)
    assert written == _standard(doc).encode("utf-8") == document.dump_bytes(doc)


def test_data_dir_prefers_the_option_then_the_environment(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WERKATELIER_DATA_DIR", raising=False)
    assert data_dir() == tmp_path.resolve() / "sessions"
    monkeypatch.setenv("WERKATELIER_DATA_DIR", str(tmp_path / "env"))
    assert data_dir() == tmp_path.resolve() / "env"
    assert data_dir(tmp_path / "opt") == tmp_path.resolve() / "opt"


def test_a_setting_written_by_one_store_is_read_by_another_on_the_same_sessions(store, place):
    assert store.read_setting("rooms") is None
    store.write_setting("rooms", '{"facilitator": "a"}')
    store.write_setting("rooms", '{"facilitator": "b"}')
    assert place.fresh().read_setting("rooms") == '{"facilitator": "b"}'
    assert [s.id for s in store.list()] == []  # a setting is not a session
    for bad in ("../x", "Rooms", "", "a" * 41):
        with pytest.raises(WerkatelierError):
            store.write_setting(bad, "x")
    with pytest.raises(WerkatelierError):
        store.write_setting("rooms", "x" * 70_000)
    assert place.fresh().read_setting("rooms") == '{"facilitator": "b"}'
