"""Carrying a map forward is a rule over the Store interface: it works on any store, not only files."""

from __future__ import annotations

import inspect
from collections.abc import Mapping
from datetime import date
from typing import Any

import pytest

from werkatelier import carry, ops
from werkatelier.document import WerkatelierError, from_data
from werkatelier.filestore import TRASH_DIR, FileStore
from werkatelier.model import Action, Event, Session, new_id
from werkatelier.store import RevisionInfo, SessionSummary, Store, clone, next_revision, summarise


class MemoryStore(Store):
    """The least a store can be: sessions in a dict. What carry_forward needs must be in Store."""

    def __init__(self) -> None:
        self.sessions: dict[str, Session] = {}
        self.ops: dict[str, list[tuple[str, str]]] = {}

    def add(self, doc: Session | Mapping[str, Any], *, keep_id: bool = False, op: str = "add",
            summary: str | None = None) -> Session:
        fresh = from_data(doc.model_dump(mode="json") if isinstance(doc, Session) else dict(doc))
        if not keep_id:
            fresh.id = new_id("s")
        fresh.revision = 1
        self.sessions[fresh.id] = fresh
        self.ops[fresh.id] = [(op, summary or f"Stored session {fresh.meta.title!r}")]
        return clone(fresh)

    def list(self) -> list[SessionSummary]:
        return [summarise(d) for d in self.sessions.values()]

    def damaged(self) -> dict[str, str]:
        return {}

    def read_setting(self, name: str) -> str | None:
        return getattr(self, "settings", {}).get(name)

    def write_setting(self, name: str, value: str) -> None:
        self.__dict__.setdefault("settings", {})[name] = value

    def get(self, session_id: str) -> Session:
        if session_id not in self.sessions:
            raise WerkatelierError(f"No session with id {session_id!r}")
        return clone(self.sessions[session_id])

    def apply(self, session_id: str, op: ops.Operation) -> Session:
        work, summary, _ = next_revision(self.sessions[session_id], op)
        self.sessions[session_id] = work
        self.ops[session_id].append((op.op, summary))
        return clone(work)

    def history(self, session_id: str) -> list[RevisionInfo]:
        return [RevisionInfo(n, self.sessions[session_id].updated, op, summary, 0)
                for n, (op, summary) in enumerate(self.ops[session_id], 1)]

    def get_revision(self, session_id: str, revision: int) -> Session:
        raise NotImplementedError

    def restore(self, session_id: str, revision: int) -> Session:
        raise NotImplementedError

    def delete(self, session_id: str) -> None:
        del self.sessions[session_id]

    @property
    def location(self) -> str:
        return "memory"

    @property
    def trash_location(self) -> str:
        return "nowhere"


@pytest.fixture(params=["memory", "file"])
def any_store(request, tmp_path) -> Store:
    return MemoryStore() if request.param == "memory" else FileStore(tmp_path)


def test_carry_forward_works_over_any_store(any_store, team6_session):
    src = any_store.add(team6_session)
    done = Action(id="ac_klaar", action="Klaar", status="done")
    src = any_store.apply(src.id, ops.UpsertAction(action=done))
    new = carry.carry_forward(any_store, src.id, event=Event(name="Werkatelier III", date=date(2019, 3, 14)))
    assert new.id != src.id and new == any_store.get(new.id)
    assert new.meta.title == "Team 6 – Werkatelier II (vervolg)" and new.meta.carried_from == src.id
    assert (new.meta.event.name, new.meta.event.date) == ("Werkatelier III", date(2019, 3, 14))
    assert new.stakeholders == src.stakeholders and new.personas == src.personas
    assert "ac_klaar" not in {a.id for a in new.actions} and new.rounds == []
    assert [(r.op, r.summary) for r in any_store.history(new.id)] == [
        ("carry_forward", f"Carried forward from session {src.id}")]
    assert any_store.get(src.id) == src


def test_carry_forward_of_a_session_that_is_not_there_says_so(any_store):
    with pytest.raises(WerkatelierError, match="No session with id 's_weg'"):
        carry.carry_forward(any_store, "s_weg")


def test_next_workshop_is_pure_and_keeps_the_source_as_it_was(team6_session):
    before = team6_session.model_dump()
    new = carry.next_workshop(team6_session, title="Ronde drie", event={"name": "WA III"})
    assert team6_session.model_dump() == before
    assert (new.meta.title, new.meta.event.name, new.meta.carried_from) == (
        "Ronde drie", "WA III", team6_session.id)
    assert new.id != team6_session.id and all(p.present for p in new.participants)


def test_carrying_forward_is_no_method_of_a_store():
    """Rules that span sessions are functions over the interface, so a second store needs nothing for them."""
    assert not hasattr(Store, "carry_forward") and not hasattr(FileStore, "carry_forward")
    assert list(inspect.signature(carry.carry_forward).parameters)[:2] == ["store", "session_id"]


def test_what_pages_and_the_cli_need_is_part_of_the_interface():
    needed = {"add", "list", "damaged", "get", "apply", "history", "get_revision", "restore", "delete",
              "location", "trash_location"}
    assert needed <= Store.__abstractmethods__
    assert "create" not in Store.__abstractmethods__  # built on add, the same for every store


def test_the_file_store_says_where_sessions_and_the_trash_are(tmp_path, small_session):
    store = FileStore(tmp_path / "data")
    assert store.location == str(tmp_path / "data")
    assert store.trash_location == str(tmp_path / "data" / TRASH_DIR)
    sid = store.add(small_session).id
    store.delete(sid)
    [trashed] = (tmp_path / "data" / TRASH_DIR).iterdir()
    assert str(trashed).startswith(store.trash_location + "/")


def test_create_and_add_record_what_made_the_session(tmp_path, small_session):
    store = FileStore(tmp_path)
    made = store.create("Wijk Oost", team="6")
    added = store.add(small_session, op="import", summary="Imported kaart.csv")
    assert [(r.op, r.summary) for r in store.history(made.id)] == [("create", "Created session 'Wijk Oost'")]
    assert [(r.op, r.summary) for r in store.history(added.id)] == [("import", "Imported kaart.csv")]
    assert store.history(store.add(small_session).id)[0].summary == "Stored session 'Kleine kaart'"


def test_the_app_and_the_cli_get_their_store_from_one_factory(tmp_path):
    from werkatelier import cli, store

    opened = store.open_store(tmp_path)
    assert isinstance(opened, Store) and opened.location == str(tmp_path)
    assert cli.open_store is store.open_store
