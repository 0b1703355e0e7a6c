"""The action list: reading a spoken "when", sorting and filtering, table edits as operations."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from typing import Any

import pandas as pd

from werkatelier.model import ITEM_MAX, NAME_MAX, STATUSES, Action, Participant
from werkatelier.ops import DeleteAction, Operation, UpsertAction

#: Longest who or when (the model's Short text).
SHORT_MAX = NAME_MAX
SORTS: tuple[str, ...] = ("order", "when", "status", "who")

_MONTHS: dict[str, int] = {}
for _n, _names in enumerate((
        "januari january jan", "februari february feb", "maart march mrt mar mrz",
        "april apr", "mei may", "juni june jun", "juli july jul",
        "augustus august aug", "september sept sep", "oktober october okt oct",
        "november nov", "december dec"), start=1):
    _MONTHS.update(dict.fromkeys(_names.split(), _n))
# Longest first, so "juni" wins over "jun" and "sept" over "sep".
_MONTH = "(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(\d{4})"
_EARLY = r"begin|start|early|beginning of|begin van"
_MID = r"half|medio|midden|mid|halverwege|middle of"
_LATE = r"eind|einde|uiterlijk eind|end of|end|late|eind van"

_ISO = re.compile(rf"\b{_YEAR}-(\d{{1,2}})-(\d{{1,2}})\b")
_NUMERIC = re.compile(r"\b(\d{1,2})[-/.](\d{1,2})[-/.](\d{4}|\d{2})\b")
_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:e|ste|de|st|nd|rd|th)?\s+{_MONTH}(?:\s+{_YEAR})?(?!\w)")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?(?![\w:])")
_WEEK = re.compile(rf"\b(?:week|wk)\s*(\d{{1,2}})(?:\s+{_YEAR})?\b")
_QUALIFIED = re.compile(rf"\b(?:({_EARLY})|({_MID})|({_LATE}))?\s*{_MONTH}"
                        rf"(?:\s*[-–/]\s*(?:{_MONTH}))?(?:\s+{_YEAR})?(?!\w)")
_YEAR_ONLY = re.compile(rf"(?<![\w-]){_YEAR}(?![\w-])")
_RELATIVE: dict[str, int] = {
    "vandaag": 0, "today": 0, "morgen": 1, "tomorrow": 1, "overmorgen": 2,
}
_THIS_WEEK = re.compile(r"\b(deze week|this week)\b")
_NEXT_WEEK = re.compile(r"\b(volgende week|next week)\b")


def _date(year: int, month: int, day: int) -> Date | None:
    if not (1 <= month <= 12 and 1 <= year <= 9999):
        return None
    last = calendar.monthrange(year, month)[1]
    return Date(year, month, day) if 1 <= day <= last else None


def _with_year(month: int, day: int | None, year: str | None, ref: Date | None) -> Date | None:
    """A date whose year may be left out: then the first one on or after ref (said at a workshop,
    "7 februari" means the coming one); without ref, year 1."""
    def make(y: int) -> Date | None:
        last = calendar.monthrange(y, month)[1]
        return _date(y, month, last if day is None else day)
    if year:
        return make(int(year))
    if ref is None:
        return make(1)
    found = make(ref.year)
    return found if found is None or found >= ref else make(ref.year + 1)


def parse_when(text: str, ref: Date | None = None) -> Date | None:
    """The day by which a spoken "when" is due, or None when it names no date.

    Reads ISO dates, Dutch day-month-year numbers, a day and a month in Dutch or
    English, "begin/half/eind" a month, a month alone (due at its end), a range of
    months (due at the end of the last), "week 12", a year alone, and "vandaag",
    "morgen", "deze week", "volgende week". A date without a year is the first one
    on or after ``ref`` (the day the action was agreed); without ``ref``, year 1.

    >>> parse_when("2019-02-07"), parse_when("7-2-2019"), parse_when("7 februari 2019")
    (datetime.date(2019, 2, 7), datetime.date(2019, 2, 7), datetime.date(2019, 2, 7))
    >>> parse_when("eind juni 2019"), parse_when("juni-juli 2019"), parse_when("begin maart 2020")
    (datetime.date(2019, 6, 30), datetime.date(2019, 7, 31), datetime.date(2020, 3, 1))
    >>> parse_when("eind juni", ref=Date(2019, 1, 20)), parse_when("7 januari", ref=Date(2019, 1, 20))
    (datetime.date(2019, 6, 30), datetime.date(2020, 1, 7))
    >>> parse_when("werkatelier III"), parse_when("doorlopend"), parse_when("")
    (None, None, None)
    """
    s = " ".join(text.casefold().split())
    if not s:
        return None
    if m := _ISO.search(s):
        return _date(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.search(s):
        year = int(m[3]) if len(m[3]) == 4 else 2000 + int(m[3])
        return _date(year, int(m[2]), int(m[1]))
    if m := _DAY_MONTH.search(s):
        return _with_year(_MONTHS[m[2]], int(m[1]), m[3], ref)
    if m := _MONTH_DAY.search(s):
        return _with_year(_MONTHS[m[1]], int(m[2]), m[3], ref)
    if m := _WEEK.search(s):
        week = int(m[1])
        year = int(m[2]) if m[2] else (ref.year if ref else None)
        if year is None or not 1 <= week <= 53:
            return None
        try:
            return Date.fromisocalendar(year, week, 5)  # the working week ends on Friday
        except ValueError:
            return None
    if m := _QUALIFIED.search(s):
        early, mid, _late, first, last, year = m.groups()
        month = _MONTHS[last or first]
        day = 1 if early else 15 if mid else None
        return _with_year(month, day, year, ref)
    if m := _YEAR_ONLY.search(s):
        return _date(int(m[1]), 12, 31)
    if ref is not None:
        if s in _RELATIVE:
            return ref + timedelta(days=_RELATIVE[s])
        if _THIS_WEEK.search(s):
            return ref + timedelta(days=(4 - ref.weekday()) % 7)
        if _NEXT_WEEK.search(s):
            return ref + timedelta(days=(4 - ref.weekday()) % 7 + 7)
    return None


def when_key(text: str, ref: Date | None = None) -> tuple[int, int, str]:
    """A key that sorts actions by when: dated ones first by date, then the rest by their text,
    then those without a when.

    >>> sorted(["werkatelier III", "", "eind juni 2019", "7 februari 2019", "doorlopend"], key=when_key)
    ['7 februari 2019', 'eind juni 2019', 'doorlopend', 'werkatelier III', '']
    """
    text = text or ""
    if not text.strip():
        return (2, 0, "")
    found = parse_when(text, ref)
    if found is not None:
        return (0, found.toordinal(), text.casefold())
    return (1, 0, " ".join(text.casefold().split()))


def sort_actions(actions: Iterable[Action], by: str = "order", *, ref: Date | None = None) -> list[Action]:
    """Actions in the order asked: as entered, by when, by status (open, doing, done), or by who.

    Ties keep the order in which they were entered; status and who sort by when within.

    >>> acts = [Action(action="a", when="eind juni 2019", status="done"),
    ...         Action(action="b", when="7 februari 2019", status="open", who="Zoë"),
    ...         Action(action="c", when="", status="doing", who="anna")]
    >>> [x.action for x in sort_actions(acts, "when")], [x.action for x in sort_actions(acts, "status")]
    (['b', 'a', 'c'], ['b', 'c', 'a'])
    >>> [x.action for x in sort_actions(acts, "who")]
    ['c', 'b', 'a']
    """
    items = list(actions)
    if not items or by == "order":
        return items
    if by not in SORTS:
        raise ValueError(f"unknown sort {by!r}")
    rank = {s: i for i, s in enumerate(STATUSES)}

    def key(a: Action) -> tuple[Any, ...]:
        when = when_key(a.when, ref)
        if by == "status":
            return (rank[a.status], when)
        if by == "who":
            return (not a.who.strip(), a.who.casefold(), when)
        return (when,)
    return sorted(items, key=key)


def who_matches(who: str, wanted: str) -> bool:
    """Whether an action's who names wanted: case-insensitive, anywhere in the text.

    >>> who_matches("Rochdale (Programmamanager Buurtgericht Werken)", "programmamanager buurtgericht")
    True
    >>> who_matches("Hele team", "Adviseur")
    False
    """
    return " ".join(wanted.casefold().split()) in " ".join(who.casefold().split())


def filter_actions(actions: Iterable[Action], *, statuses: Iterable[str] | None = None,
                   who: str | None = None) -> list[Action]:
    """The actions with one of the statuses (None: any) whose who names ``who`` (None or empty: anyone).

    >>> acts = [Action(action="a", who="Hele team"), Action(action="b", who="Adviseur Aedes", status="done")]
    >>> [x.action for x in filter_actions(acts, statuses=["done"])]
    ['b']
    >>> [x.action for x in filter_actions(acts, who="aedes")]
    ['b']
    """
    wanted = set(statuses) if statuses is not None else None
    who = (who or "").strip()
    return [a for a in actions
            if (wanted is None or a.status in wanted) and (not who or who_matches(a.who, who))]


def who_options(participants: Iterable[Participant], actions: Iterable[Action]) -> list[str]:
    """Names to pick "who" from: the participants (present ones first), then every other who
    already used, each once.

    >>> who_options([Participant(name="Anna"), Participant(name="Bo", present=False)],
    ...             [Action(action="x", who="Hele team"), Action(action="y", who="anna")])
    ['Anna', 'Bo', 'Hele team']
    """
    people = sorted(participants, key=lambda p: not p.present)
    out: list[str] = []
    seen: set[str] = set()
    for name in [*(p.name for p in people), *(a.who for a in actions)]:
        key = name.strip().casefold()
        if key and key not in seen:
            seen.add(key)
            out.append(name.strip())
    return out


# --- edits in the action table ------------------------------------------------------------------

FIELDS: tuple[str, ...] = ("action", "who", "when", "status")


@dataclass(frozen=True)
class Problem:
    """Why a row of the table cannot be saved yet; ``row`` counts from 1 as the table shows it."""

    row: int
    field: str
    #: "empty", "too_long" or "bad_status".
    reason: str


def _cell(value: Any) -> str:
    # The table hands back None, NaN or pandas' NA for a cell that was cleared or never typed in.
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    return value.strip() if isinstance(value, str) else str(value).strip()


def _check(row: int, values: Mapping[str, str], problems: list[Problem]) -> bool:
    before = len(problems)
    if not values["action"]:
        problems.append(Problem(row, "action", "empty"))
    elif len(values["action"]) > ITEM_MAX:
        problems.append(Problem(row, "action", "too_long"))
    for f in ("who", "when"):
        if len(values[f]) > SHORT_MAX:
            problems.append(Problem(row, f, "too_long"))
    if values["status"] not in STATUSES:
        problems.append(Problem(row, "status", "bad_status"))
    return len(problems) == before


def table_changes(actions: Sequence[Action], row_ids: Sequence[str],
                  changes: Mapping[str, Any]) -> tuple[list[Operation], list[Problem]]:
    """The operations for what was changed in the action table, or why some rows cannot be saved.

    ``row_ids`` are the action ids in the order the table showed them; ``changes`` is what
    ``st.data_editor`` keeps: ``edited_rows`` ({position: {column: value}}), ``added_rows``
    and ``deleted_rows`` (positions). Changed rows become UpsertAction, new rows
    UpsertAction with a fresh id, removed rows DeleteAction. A row whose action the
    session no longer has is skipped; a new row left wholly empty is ignored. When any
    row has a problem no operation is returned, so the table can keep what was typed.

    >>> acts = [Action(id="ac_1", action="Bellen"), Action(id="ac_2", action="Mailen")]
    >>> ops, problems = table_changes(acts, ["ac_1", "ac_2"], {"edited_rows": {"0": {"status": "done"}},
    ...     "added_rows": [{"action": "Plannen", "who": "Anna"}], "deleted_rows": [1]})
    >>> [o.op for o in ops], ops[0].action.status, ops[1].action.who, problems
    (['upsert_action', 'upsert_action', 'delete_action'], 'done', 'Anna', [])
    >>> table_changes(acts, ["ac_1", "ac_2"], {"edited_rows": {"1": {"action": " "}}})
    ([], [Problem(row=2, field='action', reason='empty')])
    """
    by_id = {a.id: a for a in actions}
    deleted = {int(i) for i in changes.get("deleted_rows") or ()}
    ops: list[Operation] = []
    problems: list[Problem] = []
    for pos, edit in sorted(((int(k), v) for k, v in (changes.get("edited_rows") or {}).items())):
        if pos in deleted or not 0 <= pos < len(row_ids) or row_ids[pos] not in by_id:
            continue
        old = by_id[row_ids[pos]]
        values = {f: getattr(old, f) for f in FIELDS}
        values.update({f: _cell(v) for f, v in edit.items() if f in FIELDS})
        if _check(pos + 1, values, problems):
            new = old.model_copy(update=values)
            if new != old:
                ops.append(UpsertAction(action={"id": old.id, **values}))
    for n, added in enumerate(changes.get("added_rows") or ()):
        values = {f: _cell(added.get(f)) for f in FIELDS}
        if not any(values[f] for f in ("action", "who", "when")):
            continue
        values["status"] = values["status"] or "open"
        if _check(len(row_ids) + n + 1, values, problems):
            ops.append(UpsertAction(action=values))
    for pos in sorted(deleted):
        if 0 <= pos < len(row_ids) and row_ids[pos] in by_id:
            ops.append(DeleteAction(id=row_ids[pos]))
    return ([] if problems else ops), problems
