"""The history page: revisions newest first, restore only after an explicit yes, and the compare view."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES
from pagetest import canvas_map, open_page, shown

from werkatelier import document
from werkatelier.ops import AddStakeholder, Connect, UpdateStakeholder
from werkatelier.store import FileStore

PARTNERS = ["ROC Amsterdam", "Directeur Arbeid", "Aannemer (via Rochdale)", "Jongerennetwerk Nieuw-West",
            "Wijkbeheerders", "Incassomedewerkers", "Leefbaarheidsconsulenten", "Duwtje"]


def add_demo(root, *names: str) -> None:
    fs = FileStore(root)
    for name in names:
        fs.add(document.loads((EXAMPLES / f"{name}.json").read_bytes()), keep_id=True)


@pytest.fixture
def edited(root, small_session) -> str:
    """The small map, then three operations: add, connect, change."""
    fs = FileStore(root)
    sid = fs.add(small_session, keep_id=True).id
    fs.apply(sid, AddStakeholder(stakeholder={"id": "sh_riec", "name": "RIEC"}))
    fs.apply(sid, Connect(relation={"source": "sh_riec", "target": "sh_zorg", "kind": "informeert"}))
    fs.apply(sid, UpdateStakeholder(id="sh_corp", changes={"influence": 2}))
    return sid


def column(at, name: str) -> list[str]:
    """One column of the revisions table, top to bottom."""
    return list(at.table[0].value[name])


def test_revisions_are_listed_newest_first_with_the_operation_in_words(root, edited):
    at = open_page("history", session_id=edited)
    assert "4 versies, de nieuwste bovenaan." in shown(at)
    assert column(at, "Versie") == ["4", "3", "2", "1"]
    assert column(at, "Wat") == ["stakeholder wijzigen", "relatie leggen", "post-it toevoegen",
                                 "sessie opgeslagen"]
    assert column(at, "Gewijzigd")[:3] == ["1", "1", "1"]
    assert "Toegevoegd: stakeholder 'RIEC'" in column(at, "Samenvatting")[2].replace("\\", "")


def test_a_long_history_is_paged(root, small_session):
    fs = FileStore(root)
    sid = fs.add(small_session, keep_id=True).id
    for i in range(29):
        fs.apply(sid, AddStakeholder(name=f"Partner {i}"))
    at = open_page("history", session_id=sid)
    assert column(at, "Versie") == [str(n) for n in range(30, 5, -1)]
    at.number_input(key="history_page").set_value(2).run()
    assert column(at, "Versie") == ["5", "4", "3", "2", "1"]


def test_restore_asks_first_and_then_makes_a_new_revision_with_the_old_content(root, edited):
    at = open_page("history", session_id=edited)
    at.selectbox(key="history_restore_pick").select(2).run()
    at.button(key="history_restore").click().run()
    assert "Versie 2 terugzetten?" in shown(at)
    assert "Ongedaan maken in de zijbalk draait dit niet terug" in shown(at)
    assert FileStore(root).get(edited).revision == 4  # nothing happened yet

    at.button(key="history_restore_yes").click().run()
    doc = FileStore(root).get(edited)
    assert doc.revision == 5
    assert [s.name for s in doc.stakeholders] == ["Woningcorporatie", "Bewonerscommissie", "Wijkteam", "RIEC"]
    assert doc.stakeholder("sh_corp").influence == 5 and len(doc.relations) == 2
    [told] = [m.value.replace("\\", "") for m in at.toast]  # app.py shows the page's message
    assert told.startswith("Versie 2 is teruggezet: dat is nu versie 5.")
    assert "zet versie 4 terug" in told
    assert column(at, "Wat")[0] == "versie teruggezet"
    # The later work is still in the history, to restore in turn.
    assert FileStore(root).get_revision(edited, 4).stakeholder("sh_corp").influence == 2


def test_cancel_restores_nothing(root, edited):
    at = open_page("history", session_id=edited)
    at.button(key="history_restore").click().run()
    assert "Versie 3 terugzetten?" in shown(at)
    at.button(key="history_restore_no").click().run()
    assert "terugzetten?" not in shown(at)
    assert FileStore(root).get(edited).revision == 4


def test_a_session_with_one_revision_has_nothing_to_restore(root, empty_session):
    sid = FileStore(root).add(empty_session).id
    at = open_page("history", session_id=sid)
    assert "er valt niets terug te zetten" in shown(at)
    assert not [b for b in at.button if b.key == "history_restore"]


def compare_tab(sid: str, lang: str = "nl"):
    return open_page("history", session_id=sid, lang=lang,
                     history_tab="Vergelijken" if lang == "nl" else "Compare")


def test_team6_werkatelier_two_is_compared_with_one_by_default_and_shows_the_map_added(root):
    add_demo(root, "team6-werkatelier-1", "team6-werkatelier-2")
    at = compare_tab("s_team6wa2")
    assert at.selectbox(key="history_a_session").value == "s_team6wa1"
    assert at.selectbox(key="history_b_session").value == "s_team6wa2"
    text = shown(at)
    assert "A staat standaard op de sessie waaruit deze is doorgezet: Team 6 – Werkatelier I." in text
    assert "Van A naar B: 91 toegevoegd, 0 verwijderd, 0 gewijzigd." in text
    for name in ("Rochdale", "Gemeente Amsterdam", "Politie (wijkagenten)"):
        assert f"- + {name}" in text
    assert "Stakeholders: 34 toegevoegd, 0 verwijderd, 0 gewijzigd" in [e.label for e in at.expander]
    # Nothing was written by looking.
    assert FileStore(root).get("s_team6wa2").revision == 1


def test_team6_werkatelier_four_against_two_shows_the_experiment_partners(root):
    add_demo(root, "team6-werkatelier-2", "team6-werkatelier-4")
    at = compare_tab("s_team6wa4")
    text = shown(at)
    for name in PARTNERS:
        assert f"- + {name}" in text
    assert "- + Directeur Arbeid → ROC Amsterdam (financiert)" in text
    # A changed persona names its new links by stakeholder name.
    assert "✎ **Streetlevel Professional** — gekoppelde stakeholders:" in text
    assert "Wijkbeheerders" in text.split("✎ **Streetlevel Professional**")[1].split("\n")[0]


def test_comparing_two_revisions_of_one_session_shows_fields_before_and_after(root, edited):
    at = compare_tab(edited)
    # No earlier session: A starts at the revision before the latest.
    assert at.selectbox(key="history_a_session").value == edited
    assert at.selectbox(key=f"history_a_rev_{edited}").value == 3
    text = shown(at)
    assert "Van A naar B: 0 toegevoegd, 0 verwijderd, 1 gewijzigd." in text
    assert "✎ **Woningcorporatie** — invloed: 5 → 2" in text

    at.selectbox(key=f"history_a_rev_{edited}").select(1).run()
    text = shown(at)
    assert "Van A naar B: 2 toegevoegd, 0 verwijderd, 1 gewijzigd." in text
    assert "- + RIEC" in text and "- + RIEC — Wijkteam (informeert)" in text


def test_the_same_revision_on_both_sides_says_nothing_changed(root, edited):
    at = compare_tab(edited)
    at.selectbox(key=f"history_a_rev_{edited}").select_index(0).run()
    assert "A en B zijn inhoudelijk gelijk" in shown(at)


def test_the_maps_mark_added_post_its_on_b_and_removed_ones_on_a(root, edited):
    at = compare_tab(edited)
    at.selectbox(key="history_a_session").select(edited)
    at.selectbox(key=f"history_a_rev_{edited}").select_index(0)
    at.selectbox(key="history_b_session").select(edited).run()
    at.selectbox(key=f"history_b_rev_{edited}").select(1).run()
    maps = {key: canvas_map(at, key) for key in ("history_map_a", "history_map_b")}
    a_labels = {n["id"]: n["label"] for n in maps["history_map_a"]["nodes"]}
    b_labels = {n["id"]: n["label"] for n in maps["history_map_b"]["nodes"]}
    # From the latest (A) back to revision 1 (B): RIEC was removed, Woningcorporatie changed.
    assert a_labels["sh_riec"] == "− RIEC" and "sh_riec" not in b_labels
    assert a_labels["sh_corp"].startswith("✎ ") and b_labels["sh_corp"].startswith("✎ ")
    assert b_labels["sh_zorg"] == "Wijkteam"
    assert "+ toegevoegd: dikke groene rand, alleen op B" in shown(at)


def test_compare_in_english(root):
    add_demo(root, "team6-werkatelier-2", "team6-werkatelier-4")
    at = compare_tab("s_team6wa4", lang="en")
    assert "From A to B: 22 added, 0 removed, 9 changed." in shown(at)
    assert "✎ **Burgemeester** — notes: _(empty)_ → Bouwen aan je Toekomst" in shown(at)


@pytest.mark.parametrize(("lang", "column_name", "line"), [
    ("nl", "Samenvatting", "edit.csv: stakeholders 1 toegevoegd, 1 bijgewerkt"),
    ("en", "Summary", "edit.csv: stakeholders 1 added, 1 updated")])
def test_an_import_done_on_the_start_page_is_said_in_the_pages_language(root, small_session, lang,
                                                                       column_name, line):
    sid = FileStore(root).add(small_session, keep_id=True).id
    at = open_page("start", session_id=sid, lang=lang)
    at.radio(key="start_import_target").set_value("open").run()
    at.file_uploader[0].set_value(("edit.csv", b"naam;invloed\nWoningcorporatie;2\nWijkagent;4\n",
                                   "application/octet-stream"))
    at.run()
    at.button(key="start_import_apply").click().run()
    assert FileStore(root).history(sid)[-1].summary == "edit.csv: stakeholders 1 added, 1 updated"
    at = open_page("history", session_id=sid, lang=lang)
    assert column(at, column_name)[0].replace("\\", "") == line
