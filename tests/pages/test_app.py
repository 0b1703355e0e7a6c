"""The app shell: the start page a facilitator sees for a data dir."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from werkatelier import cli, demo

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def start(root: Path) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def shown(at: AppTest) -> str:
    """The page's text as a reader sees it: Markdown backslash escapes resolved."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning")
             for e in getattr(at, kind)]
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", "\n".join(str(p) for p in parts))


def test_a_seeded_session_is_listed_with_its_event_and_counts(root, small_session):
    demo.mark_seeded(root)  # this data dir already had its demos
    doc = small_session.model_copy(deep=True)
    doc.meta.programme, doc.meta.team = "Eenzaamheid", "6"
    doc.meta.event.name = "Werkatelier 2"
    cli.open_store(root).add(doc)
    at = start(root)
    text = shown(at)
    assert "Kleine kaart" in text
    assert "Eenzaamheid · team 6" in [h.value for h in at.subheader]
    assert "Werkatelier 2" in text
    assert "3 stakeholders · 2 relaties · 2 clusters" in text


def test_an_empty_data_dir_says_there_are_no_sessions_yet(root):
    demo.mark_seeded(root)  # a user who deleted every demo
    at = start(root)
    assert [i.value for i in at.info][0].startswith("Nog geen sessies.")
    assert not at.subheader


def test_a_data_dir_after_the_double_dash_wins_over_the_environment(root, tmp_path, monkeypatch):
    other = tmp_path / "elders"
    demo.mark_seeded(other)
    cli.open_store(other).create("Sessie elders")
    monkeypatch.setattr(sys, "argv", ["app.py", "--data-dir", str(other)])
    at = start(root)
    assert "Sessie elders" in shown(at)
    assert not any(root.iterdir())  # the environment's data dir was left alone


def test_a_session_that_cannot_be_read_is_named_and_the_rest_still_listed(root):
    demo.mark_seeded(root)
    store = cli.open_store(root)
    broken = store.create("Kapot").id
    store.create("Heel")
    (root / broken / "session.json").write_text('{"meta": ', encoding="utf-8")
    text = shown(start(root))
    assert "Heel" in text
    assert f"Sessie {broken} kan niet worden gelezen" in text


def test_first_start_shows_the_demo_sessions(root):
    titles = {demo.read_session_file(p).meta.title for p in demo.EXAMPLES_DIR.glob("*.json")}
    assert titles, f"no demo sessions in {demo.EXAMPLES_DIR}"
    at = start(root)
    text = shown(at)
    assert all(t in text for t in titles), text
    assert demo.is_seeded(root)


def test_groups_are_newest_first(root, small_session):
    demo.mark_seeded(root)
    store = cli.open_store(root)
    for team, day in (("2", 1), ("6", 20), ("4", 9)):
        doc = small_session.model_copy(deep=True)
        doc.meta.programme, doc.meta.team = "Eenzaamheid", team
        doc.meta.event.date = date(2019, 2, day)
        store.add(doc)
    at = start(root)
    assert [h.value for h in at.subheader] == ["Eenzaamheid · team 6", "Eenzaamheid · team 4",
                                               "Eenzaamheid · team 2"]


def test_markdown_in_a_title_is_shown_as_typed_not_rendered(root, small_session):
    demo.mark_seeded(root)
    doc = small_session.model_copy(deep=True)
    doc.meta.title = "![logo](http://example.invalid/x.png) **vet** team_6"
    cli.open_store(root).add(doc)
    at = start(root)
    card = next(m.value for m in at.markdown if "logo" in m.value)
    inner = card.removeprefix("**").removesuffix("**")
    assert re.search(r"(?<!\\)[!\[\]()*_]", inner) is None, card  # every Markdown mark escaped
    assert doc.meta.title in shown(at)
