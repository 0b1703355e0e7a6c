"""The room in the app: the facilitator's controls, a participant's phone view, the code prompt.

AppTest runs the app in this process, so a test opens the room (werkatelier.roomnet) and gives
the browser its cookies (components.access) by replacing them; everything else is the real app.
"""

from __future__ import annotations

import pytest
from pagetest import APP, open_page, shown
from streamlit.testing.v1 import AppTest

from components import access, roomcontrols, state
from werkatelier import roomnet, rooms
from werkatelier.model import Cluster, Meta, Round, Session, Stakeholder
from werkatelier.roomops import BringEveryone, OpenVote, SetLock, voter_key
from werkatelier.store import FileStore

SECRET = "Informant Jansen"


@pytest.fixture
def session(own_sessions) -> str:
    return FileStore(own_sessions).add(Session(
        meta=Meta(title="Wijkaanpak Zuid"),
        clusters=[Cluster(id="cl_bew", name="Bewoners", colour="#0072b2")],
        stakeholders=[Stakeholder(id="sh_gem", name="Gemeente", x=0, y=0),
                      Stakeholder(id="sh_sec", name=SECRET, confidential=True, x=250, y=0)],
        rounds=[Round(id="ro_1", prompt="Wie missen we nog?")])).id


@pytest.fixture
def room_open(monkeypatch):
    monkeypatch.setattr(roomnet, "is_open", lambda: True)
    monkeypatch.setattr(roomnet, "base_url", lambda: "http://192.0.2.9:8501")


def as_browser(monkeypatch, cookies: dict[str, str]) -> None:
    monkeypatch.setattr(access, "cookies", lambda: dict(cookies))


def phone(root, sid: str, monkeypatch, *, voter: str = "tok-a") -> AppTest:
    code = rooms.Rooms(FileStore(root)).join_code(sid)
    as_browser(monkeypatch, {rooms.JOIN_COOKIE: code, rooms.VOTER_COOKIE: voter})
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state[state.LANG] = "nl"
    at.run()
    assert not at.exception, at.exception
    return at


def test_the_facilitators_controls_lock_time_vote_and_bring_everyone(root, session):
    at = open_page("map", session_id=session)
    # Closed while the room is: they draw nothing until the facilitator opens them.
    assert not [t for t in at.toggle if t.key == "wa_room_lock"]
    at.session_state[roomcontrols.CONTROLS_OPEN] = True
    at.run()
    store = FileStore(root)
    at.toggle(key="wa_room_lock").set_value(True).run()
    assert store.get(session).room.locked
    at.button(key="wa_room_start").click().run()
    timer = store.get(session).room.timer
    assert timer.until is not None and 295 < timer.remaining() <= 300
    at.button(key="wa_room_vote_start").click().run()
    vote = store.get(session).room.vote
    assert vote is not None and vote.open and [c.label for c in vote.choices] == ["Gemeente"]
    assert "0 stemmers" in shown(at)
    at.button(key="wa_room_bring").click().run()
    assert store.get(session).room.focus.page == "map"
    at.button(key="wa_room_pause").click().run()
    assert store.get(session).room.timer.until is None


def test_what_is_set_in_the_controls_is_kept_while_they_are_closed(root, session):
    at = open_page("map", session_id=session)
    at.session_state[roomcontrols.CONTROLS_OPEN] = True
    at.run()
    assert at.number_input(key=roomcontrols.TIMER_MINUTES).value == 5
    at.number_input(key=roomcontrols.TIMER_MINUTES).set_value(12).run()
    at.checkbox(key=roomcontrols.SOUND).check().run()
    at.segmented_control(key=roomcontrols.VOTE_ON).set_value("answers").run()
    at.number_input(key=roomcontrols.DOTS).set_value(5).run()
    at.session_state[roomcontrols.CONTROLS_OPEN] = False
    at.run()
    assert not [n for n in at.number_input if n.key == roomcontrols.TIMER_MINUTES]
    at.run()
    at.session_state[roomcontrols.CONTROLS_OPEN] = True
    at.run()
    assert at.number_input(key=roomcontrols.TIMER_MINUTES).value == 12
    assert at.checkbox(key=roomcontrols.SOUND).value is True
    assert at.segmented_control(key=roomcontrols.VOTE_ON).value == "answers"
    assert at.number_input(key=roomcontrols.DOTS).value == 5
    assert not at.warning and not at.exception
    at.button(key="wa_room_start").click().run()
    timer = FileStore(root).get(session).room.timer
    assert 715 < timer.remaining() <= 720 and timer.sound


def test_the_controls_open_by_themselves_when_the_room_opens(root, session, monkeypatch):
    at = open_page("map", session_id=session)
    assert not [t for t in at.toggle if t.key == "wa_room_lock"]
    monkeypatch.setattr(roomnet, "is_open", lambda: True)
    at.run()
    assert [t for t in at.toggle if t.key == "wa_room_lock"]
    # Closed by the facilitator, they stay closed while the room stays open.
    at.session_state[roomcontrols.CONTROLS_OPEN] = False
    at.run()
    assert not [t for t in at.toggle if t.key == "wa_room_lock"]
    at.run()
    assert not [t for t in at.toggle if t.key == "wa_room_lock"]


def test_a_participant_gets_their_sessions_phone_view_and_nothing_confidential(root, session, room_open,
                                                                               monkeypatch):
    at = phone(root, session, monkeypatch)
    text = shown(at)
    assert "Wijkaanpak Zuid" in text and SECRET not in text
    assert not at.sidebar.button  # no undo, no controls, no other pages
    at.text_input(key="join_new").set_value("Huurders Oost").run()
    store = FileStore(root)
    assert any(s.name == "Huurders Oost" for s in store.get(session).stakeholders)
    assert at.text_input(key="join_new").value == ""
    at.segmented_control(key="join_part").set_value("round").run()
    assert any("Wie missen we nog?" in h.proto.body for h in at.get("html"))
    at.text_input(key="join_answer").set_value("De huisarts").run()
    assert store.get(session).rounds[0].answers == ["De huisarts"]


def test_a_locked_map_takes_the_post_it_field_away_and_the_vote_takes_dots(root, session, room_open,
                                                                          monkeypatch):
    store = FileStore(root)
    store.apply(session, SetLock(locked=True))
    store.apply(session, OpenVote(on="stakeholders", dots=2))
    at = phone(root, session, monkeypatch, voter="tok-b")
    assert not [t for t in at.text_input if t.key == "join_new"]
    assert "De kaart staat op slot" in shown(at)
    at.segmented_control(key="join_part").set_value("vote").run()
    at.button(key="join_plus_sh_gem").click().run()
    assert store.get(session).room.vote.ballots == {voter_key("tok-b"): ["sh_gem"]}
    assert "Je hebt nog **1** van 2 stippen" in shown(at)
    assert not [b for b in at.button if b.key == "join_plus_sh_sec"]


def test_without_a_code_an_open_room_shows_only_the_way_to_a_code(root, session, room_open, monkeypatch):
    as_browser(monkeypatch, {rooms.JOIN_COOKIE: "AAA-BBB-CCC"})
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    assert "Deze code geeft geen toegang" in shown(at)
    assert "Wijkaanpak Zuid" not in shown(at)


def test_a_participant_renames_a_post_it_but_not_while_the_map_is_locked(root, session, room_open,
                                                                         monkeypatch):
    store = FileStore(root)
    at = phone(root, session, monkeypatch)
    at.selectbox(key="join_edit_pick").set_value("sh_gem").run()
    at.text_input(key="join_edit_name_sh_gem").set_value("Gemeente Zuid")
    at.button(key="FormSubmitter:join_edit_sh_gem-Opslaan").click().run()
    assert store.get(session).stakeholder("sh_gem").name == "Gemeente Zuid"
    assert [s.name for s in store.get(session).stakeholders] == ["Gemeente Zuid", SECRET]
    assert not [s for s in at.selectbox(key="join_edit_pick").options if SECRET in s]
    store.apply(session, SetLock(locked=True))
    at.run()
    assert not [s for s in at.selectbox if s.key == "join_edit_pick"]


def test_bring_everyone_here_takes_a_phone_to_the_facilitators_page_once(root, session, room_open,
                                                                          monkeypatch):
    store = FileStore(root)
    store.apply(session, BringEveryone(page="personas"))  # before this phone joined: not for it
    at = phone(root, session, monkeypatch)
    assert at.segmented_control(key="join_part").value == "postit"
    store.apply(session, BringEveryone(page="map"))
    at.run()
    assert at.segmented_control(key="join_part").value == "map"
    assert at.toggle(key="join_follow").value is True  # the facilitator's view, too
    at.segmented_control(key="join_part").set_value("round").run()
    at.run()
    assert at.segmented_control(key="join_part").value == "round"  # once per call
