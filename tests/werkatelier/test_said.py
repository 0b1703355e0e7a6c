"""Operation summaries: stored in English as before, read back in Dutch from the locale files."""

from __future__ import annotations

from werkatelier import said, undo
from werkatelier.model import Meta, Session, Stakeholder
from werkatelier.ops import AddStakeholder, AddStakeholders, DeleteStakeholders, UpdateStakeholder


def history_in(file_store, sid: str, lang: str) -> list[str]:
    return [said.describe(r.summary, r.say, lang) for r in file_store.history(sid)]


def test_history_keeps_the_english_and_says_it_in_dutch(file_store):
    sid = file_store.add(Session(meta=Meta(title="Kaart"))).id
    file_store.apply(sid, AddStakeholder(name="Gemeente"))
    doc = file_store.apply(sid, AddStakeholders(stakeholders=[Stakeholder(name="A"), Stakeholder(name="B")]))
    gem = next(s.id for s in doc.stakeholders if s.name == "Gemeente")
    file_store.apply(sid, UpdateStakeholder(id=gem, changes={"influence": 5, "interest": 2}))
    file_store.apply(sid, DeleteStakeholders(ids=[gem]))
    rows = file_store.history(sid)[1:]
    assert [r.summary for r in rows] == ["Added stakeholder 'Gemeente'", "Added 2 stakeholders",
                                         "Changed influence, interest of stakeholder 'Gemeente'",
                                         "Deleted 1 stakeholder"]
    assert history_in(file_store, sid, "nl")[1:] == [
        "Toegevoegd: stakeholder 'Gemeente'", "Toegevoegd: 2 stakeholders",
        "Gewijzigd: invloed, belang van stakeholder 'Gemeente'", "Verwijderd: 1 stakeholder"]


def test_an_undo_says_what_it_undid_and_counts_in_the_singular_for_one(file_store):
    sid = file_store.add(Session(meta=Meta(title="Kaart"))).id
    steps = undo.UndoHistory()
    doc = undo.apply(file_store, steps, sid, AddStakeholder(name="Gemeente"))
    undo.apply(file_store, steps, sid, DeleteStakeholders(ids=[doc.stakeholders[0].id]))
    undo.undo(file_store, steps, sid)
    last = history_in(file_store, sid, "nl")[-1]
    assert last == "Ongedaan gemaakt: stakeholders verwijderen (1 onderdeel)"
    assert history_in(file_store, sid, "en")[-1] == "Undid delete stakeholders (1 item)"


def test_a_summary_from_before_keys_were_kept_shows_as_stored():
    assert said.describe("Added stakeholder 'X'", None, "nl") == "Added stakeholder 'X'"
    assert said.describe("Broken", {"key": "said.added", "values": {}}, "nl") == "Broken"


def test_an_import_says_what_it_did_in_the_readers_language(file_store):
    from werkatelier.importing import ImportItems, read

    sid = file_store.add(Session(meta=Meta(title="Kaart"), stakeholders=[Stakeholder(name="Rochdale")])).id
    parsed = read(b"naam;invloed\nRochdale;4\nBuurtteam;9\nWijkraad;2\nWijkteam;1\n", name="kaart.csv")
    file_store.apply(sid, ImportItems(parsed=parsed))
    file_store.apply(sid, ImportItems(parsed=read(b"van;naar\nRochdale;Wijkraad\n", name="r.csv")))
    rows = file_store.history(sid)[1:]
    assert [r.summary for r in rows] == ["kaart.csv: stakeholders 2 added, 1 updated, 1 skipped",
                                         "r.csv: relations 1 added"]
    assert history_in(file_store, sid, "nl")[1:] == [
        "kaart.csv: stakeholders 2 toegevoegd, 1 bijgewerkt, 1 overgeslagen",
        "r.csv: relaties 1 toegevoegd"]
    assert history_in(file_store, sid, "en")[1:] == [r.summary for r in rows]


def test_an_import_line_stored_before_it_kept_its_key_stays_english():
    assert said.describe("kaart.csv: stakeholders 3 added", None, "nl") == "kaart.csv: stakeholders 3 added"
