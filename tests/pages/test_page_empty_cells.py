"""Empty cells of the tables a person sees are empty, not the word 'None'; left empty, they save nothing."""

from __future__ import annotations

import math

import pytest
from pagetest import open_page

from werkatelier import i18n
from werkatelier.model import Action, Cluster, Meta, Participant, Session, Stakeholder
from werkatelier.store import FileStore


@pytest.fixture
def sid(root) -> str:
    doc = Session(meta=Meta(title="Leeg"), actions=[Action(action="Bellen"), Action(action="Mailen")],
                  participants=[Participant(name="Anna"), Participant(name="Bram")],
                  clusters=[Cluster(name="Zorg")],
                  stakeholders=[Stakeholder(name="Gemeente"), Stakeholder(name="Wijkteam")])
    return FileStore(root).add(doc).id


def blanks(frame) -> list[tuple[int, str]]:
    """(row, column) of every cell a table would show as None or nan."""
    return [(i, c) for c in frame.columns for i, v in enumerate(frame[c])
            if v is None or (isinstance(v, float) and math.isnan(v))]


def edited(at, table, rows: dict) -> None:
    at.session_state[table.key] = {"edited_rows": rows, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception, at.exception


@pytest.mark.parametrize(("page", "extra", "empty", "untouched"), [
    ("actions", {}, ["who", "when"], {0: {"who": "", "when": None}, 1: {"who": ""}}),
    ("map", {"map_tab": "Tabel"}, ["organisation", "capacity", "cluster"],
     {0: {"organisation": "", "cluster": ""}, 1: {"cluster": None, "capacity": ""}}),
    ("session", {}, ["function", "organisation"], {"0": {"function": "", "organisation": None}}),
])
def test_empty_text_cells_are_empty_and_leaving_them_so_changes_nothing(root, sid, page, extra, empty,
                                                                        untouched):
    at = open_page(page, session_id=sid, **extra)
    (table,) = at.data_editor
    frame = table.value
    assert blanks(frame) == []
    assert all(v == "" for c in empty for v in frame[c])
    before = FileStore(root).get(sid).revision
    edited(at, table, untouched)
    assert FileStore(root).get(sid).revision == before


@pytest.mark.parametrize(("page", "extra"), [
    *[("analysis", {"analysis_tab": i18n.t(f"analysis.tab_{tab}", "nl")})
      for tab in ("brokers", "summary", "suggested")],  # only the open tab is drawn
    ("history", {})])
def test_the_read_only_tables_have_no_none_either(root, sid, page, extra):
    at = open_page(page, session_id=sid, **extra)
    frames = [d.value for d in at.dataframe] + [t.value for t in at.table]
    assert frames, page
    assert [blanks(f) for f in frames if blanks(f)] == [], page
