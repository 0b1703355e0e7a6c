"""The room's codes: a facilitator code, a revocable join code per session, roles from cookies."""

from __future__ import annotations

import math

import pytest

from werkatelier import rooms
from werkatelier.document import WerkatelierError
from werkatelier.store import FileStore


@pytest.fixture
def codes(tmp_path):
    store = FileStore(tmp_path / "data")
    return rooms.Rooms(store), store


def test_join_codes_carry_at_least_40_random_bits_and_read_back_however_typed():
    made = {rooms.new_join_code() for _ in range(2000)}
    assert len(made) == 2000
    assert rooms.JOIN_SYMBOLS * math.log2(len(rooms.ALPHABET)) >= 40
    code = next(iter(made))
    assert rooms.normalise(code.lower().replace("-", " ")) == code
    assert rooms.normalise("<script>") == "" and rooms.normalise(None) == ""


def test_a_join_code_opens_its_own_session_only_and_a_new_one_shuts_the_old(codes, monkeypatch):
    monkeypatch.setattr(rooms, "FRESH_S", 0)
    room, store = codes
    a, b = store.create("Noord").id, store.create("Zuid").id
    old = room.join_code(a)
    assert room.join_code(a) == old and room.join_code(b) != old
    role = room.role({rooms.JOIN_COOKIE: old.lower()})
    assert role == rooms.Role(rooms.PARTICIPANT, a, old)
    assert role.may_open(a) and not role.may_open(b) and not role.facilitator
    new = room.new_join_code(a)
    assert new != old
    assert room.role({rooms.JOIN_COOKIE: old}) is None
    # Another process on the same store sees the new code, and only that.
    other = rooms.Rooms(FileStore(store.root))
    assert other.session_for(new) == a and other.session_for(old) is None


def test_the_facilitator_code_is_made_once_and_only_it_makes_a_facilitator(codes):
    room, store = codes
    code = room.facilitator_code()
    assert len(code) >= 24 and room.facilitator_code() == code
    assert rooms.Rooms(FileStore(store.root)).facilitator_code() == code
    assert room.role({rooms.FACILITATOR_COOKIE: code}).facilitator
    for wrong in ("", code[:-1], code + "x", None):
        assert room.role({rooms.FACILITATOR_COOKIE: wrong}) is None
    assert room.role({}) is None


def test_a_join_code_for_a_session_that_does_not_exist_is_refused(codes):
    room, _ = codes
    with pytest.raises(WerkatelierError):
        room.new_join_code("s_missing")
