"""werkatelier.actions: a spoken "when" read as a date, sorting, filtering, and table edits as operations."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from werkatelier import actions
from werkatelier.actions import Problem, parse_when, sort_actions, table_changes, when_key
from werkatelier.model import ITEM_MAX, Action, Meta, Participant, Session
from werkatelier.store import FileStore

WORKSHOP = date(2019, 1, 20)


@pytest.mark.parametrize(("text", "due"), [
    ("2019-02-07", date(2019, 2, 7)),
    ("7-2-2019", date(2019, 2, 7)),
    ("07/02/19", date(2019, 2, 7)),
    ("7 februari 2019", date(2019, 2, 7)),
    ("uiterlijk 7 feb. 2019", date(2019, 2, 7)),
    ("February 7, 2019", date(2019, 2, 7)),
    ("eind januari 2019", date(2019, 1, 31)),
    ("eind juni 2019", date(2019, 6, 30)),
    ("end of June 2019", date(2019, 6, 30)),
    ("begin maart 2019", date(2019, 3, 1)),
    ("medio april 2019", date(2019, 4, 15)),
    ("juni 2019", date(2019, 6, 30)),
    ("juni-juli 2019", date(2019, 7, 31)),
    ("februari 2020", date(2020, 2, 29)),
    ("week 12 2019", date(2019, 3, 22)),
    ("2019", date(2019, 12, 31)),
])
def test_a_when_with_a_year_is_read_as_the_day_it_is_due(text, due):
    assert parse_when(text) == due
    assert parse_when(text, WORKSHOP) == due


@pytest.mark.parametrize(("text", "due"), [
    ("7 februari", date(2019, 2, 7)),
    ("eind juni", date(2019, 6, 30)),
    ("half maart", date(2019, 3, 15)),
    ("eind januari", date(2019, 1, 31)),
    # Said on 20 January, the 7th of January is next year's.
    ("7 januari", date(2020, 1, 7)),
    ("week 5", date(2019, 2, 1)),
    ("vandaag", WORKSHOP),
    ("morgen", date(2019, 1, 21)),
    # 20 January 2019 is a Sunday: this week's Friday is the coming one.
    ("deze week", date(2019, 1, 25)),
    ("volgende week", date(2019, 2, 1)),
])
def test_a_when_without_a_year_is_the_first_such_day_on_or_after_the_workshop(text, due):
    assert parse_when(text, WORKSHOP) == due


@pytest.mark.parametrize("text", ["werkatelier III", "vóór werkatelier II", "doorlopend", "", "   ",
                                  "31 februari 2019", "2019-13-01", "week 60 2019", "Jantje bellen",
                                  "markt", "deze week"])
def test_what_names_no_date_gives_none(text):
    assert parse_when(text) is None


def test_when_key_puts_dated_first_then_other_text_then_nothing():
    whens = ["", "werkatelier III", "eind juni 2019", "doorlopend", "7 februari 2019", "juli 2019"]
    ordered = sorted(whens, key=when_key)
    assert ordered == ["7 februari 2019", "eind juni 2019", "juli 2019", "doorlopend", "werkatelier III", ""]


@given(st.lists(st.text(max_size=40), max_size=12))
def test_any_text_can_be_sorted_by_when_without_error(texts):
    ordered = sorted(texts, key=lambda t: when_key(t, WORKSHOP))  # keys always compare, never raise
    assert sorted(ordered) == sorted(texts)
    for t in texts:
        k = when_key(t, WORKSHOP)
        assert (k[0] == 0) == (parse_when(t, WORKSHOP) is not None)


def test_sorting_the_team6_actions_by_when_keeps_dated_ones_in_date_order(team6_session):
    doc = team6_session
    ref = doc.meta.event.date
    ordered = sort_actions(doc.actions, "when", ref=ref)
    assert sorted(a.id for a in ordered) == sorted(a.id for a in doc.actions)
    dates = [parse_when(a.when, ref) for a in ordered]
    dated = [d for d in dates if d is not None]
    assert dated == sorted(dated)
    assert dates == dated + [None] * (len(dates) - len(dated))


def test_sort_by_status_goes_open_doing_done_and_keeps_entry_order_within():
    acts = [Action(id=f"ac_{i}", action=str(i), status=s)
            for i, s in enumerate(["done", "open", "doing", "open", "done"])]
    assert [a.id for a in sort_actions(acts, "status")] == ["ac_1", "ac_3", "ac_2", "ac_0", "ac_4"]
    assert [a.id for a in sort_actions(acts, "order")] == [a.id for a in acts]
    assert sort_actions([], "when") == []
    with pytest.raises(ValueError):
        sort_actions(acts, "colour")


def test_sort_by_who_ignores_case_and_puts_nobody_last():
    acts = [Action(action="a", who=""), Action(action="b", who="zoë"), Action(action="c", who="Anna")]
    assert [a.action for a in sort_actions(acts, "who")] == ["c", "b", "a"]


def test_filter_by_status_and_by_who(team6_session):
    acts = team6_session.actions
    doing = actions.filter_actions(acts, statuses=["doing"])
    assert doing and all(a.status == "doing" for a in doing)
    assert actions.filter_actions(acts, statuses=[]) == []
    assert actions.filter_actions(acts) == acts
    rochdale = actions.filter_actions(acts, who="  ROCHDALE ")
    assert rochdale and all("rochdale" in a.who.casefold() for a in rochdale)
    assert len(rochdale) < len(acts)
    assert actions.filter_actions(acts, who="") == acts


def test_who_options_list_participants_first_then_other_names_once(team6_session):
    doc = team6_session
    options = actions.who_options(doc.participants, doc.actions)
    assert options[:len(doc.participants)] == [p.name for p in doc.participants if p.present] + \
        [p.name for p in doc.participants if not p.present]
    assert "Hele team" in options
    assert len({o.casefold() for o in options}) == len(options)
    assert actions.who_options([], []) == []


# --- table edits -------------------------------------------------------------------------------------

@pytest.fixture
def acts() -> list[Action]:
    return [Action(id="ac_bel", action="Bellen", who="Anna", when="maandag"),
            Action(id="ac_mail", action="Mailen", who="Bo"),
            Action(id="ac_plan", action="Plannen", status="doing")]


def test_changed_added_and_removed_rows_become_operations_that_land_in_the_store(tmp_path, acts):
    store = FileStore(tmp_path)
    sid = store.add(Session(meta=Meta(title="t"), actions=acts)).id
    shown = ["ac_plan", "ac_bel", "ac_mail"]  # the table may show them in another order
    ops, problems = table_changes(acts, shown, {
        "edited_rows": {"1": {"status": "done", "who": "  Anna en Bo "}},
        "added_rows": [{"action": "Zaal huren", "when": "eind juni"}],
        "deleted_rows": [2]})
    assert problems == []
    for op in ops:
        store.apply(sid, op)
    stored = {a.action: a for a in FileStore(tmp_path).get(sid).actions}
    assert set(stored) == {"Bellen", "Plannen", "Zaal huren"}
    bel = stored["Bellen"]
    assert (bel.status, bel.who, bel.when) == ("done", "Anna en Bo", "maandag")
    assert (stored["Zaal huren"].status, stored["Zaal huren"].when) == ("open", "eind juni")
    assert stored["Plannen"].status == "doing"


def test_an_empty_or_too_long_cell_is_a_problem_and_nothing_is_sent(acts):
    ids = [a.id for a in acts]
    ops, problems = table_changes(acts, ids, {
        "edited_rows": {0: {"action": "  "}, 1: {"status": "done"}},
        "added_rows": [{"who": "Anna"}, {"action": "x" * (ITEM_MAX + 1)}],
        "deleted_rows": [2]})
    assert ops == []
    assert problems == [Problem(1, "action", "empty"), Problem(4, "action", "empty"),
                        Problem(5, "action", "too_long")]
    _, problems = table_changes(acts, ids, {"edited_rows": {1: {"when": "w" * 201, "status": "later"}}})
    assert problems == [Problem(2, "when", "too_long"), Problem(2, "status", "bad_status")]


def test_a_new_row_nobody_typed_in_yet_is_ignored_and_cleared_cells_read_as_empty(acts):
    ids = [a.id for a in acts]
    ops, problems = table_changes(acts, ids, {"added_rows": [{}, {"status": "open", "who": None}]})
    assert (ops, problems) == ([], [])
    ops, problems = table_changes(acts, ids, {"edited_rows": {0: {"who": None, "when": float("nan")}}})
    assert problems == [] and (ops[0].action.who, ops[0].action.when) == ("", "")


def test_rows_that_are_gone_or_unchanged_are_skipped(acts):
    ids = [a.id for a in acts]
    ops, problems = table_changes(acts[1:], ids, {
        "edited_rows": {0: {"status": "done"}, 1: {"action": "Mailen"}}, "deleted_rows": [0, 7]})
    assert (ops, problems) == ([], [])
    ops, _ = table_changes(acts, ids, {"edited_rows": {2: {"status": "done"}}, "deleted_rows": [2]})
    assert [o.op for o in ops] == ["delete_action"]


def test_who_can_be_anyone_not_only_a_participant(acts):
    doc = Session(meta=Meta(title="t"), participants=[Participant(name="Anna")], actions=acts)
    ops, problems = table_changes(doc.actions, [a.id for a in acts],
                                  {"edited_rows": {0: {"who": "Subteam Tina en Tony"}}})
    assert problems == [] and ops[0].action.who == "Subteam Tina en Tony"
