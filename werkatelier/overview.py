"""Sessions as the start page and `werkatelier list` show them: grouped, newest first."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from werkatelier.store import SessionSummary


def _newest_key(s: SessionSummary) -> tuple[date, datetime]:
    return (s.event_date or s.updated.date(), s.updated)


def group_sessions(summaries: Iterable[SessionSummary]) -> list[tuple[str, str, list[SessionSummary]]]:
    """Sessions grouped by (programme, team), newest first within a group and across groups.

    >>> from datetime import UTC
    >>> t = datetime(2026, 1, 1, tzinfo=UTC)
    >>> def s(i, team, day):
    ...     return SessionSummary(i, "t", "P", "", date(2019, 2, day), team, t, 0)
    >>> [(team, [x.id for x in xs]) for _, team, xs in group_sessions([s("a", "6", 1), s("b", "2", 3),
    ...                                                                  s("c", "6", 9)])]
    [('6', ['c', 'a']), ('2', ['b'])]
    >>> group_sessions([])
    []
    """
    groups: dict[tuple[str, str], list[SessionSummary]] = {}
    for s in sorted(summaries, key=_newest_key, reverse=True):
        groups.setdefault((s.programme, s.team), []).append(s)
    return [(programme, team, items) for (programme, team), items in groups.items()]


def team_label(team: str) -> str:
    """How a team is named in a heading, in Dutch and English alike.

    >>> team_label("6"), team_label("Team 6"), team_label("")
    ('team 6', 'Team 6', '')
    """
    if not team or team.casefold().startswith("team"):
        return team
    return f"team {team}"
