"""The working-rounds page: create a round, add post-its fast (one or a pasted list), remove one and undo."""

from __future__ import annotations

import re

from pagetest import open_page, shown

from werkatelier.model import ITEM_MAX, Round
from werkatelier.store import FileStore


def stored(root, sid):
    return FileStore(root).get(sid)


def test_a_new_session_explains_rounds_and_a_round_can_be_created(root, empty_session):
    sid = FileStore(root).add(empty_session, keep_id=True).id
    at = open_page("rounds", session_id=sid)
    assert "nog geen werkrondes" in shown(at)
    at.text_input(key="rounds_new_title").input("Werkronde I")
    at.text_area(key="rounds_new_prompt").input("Wat heb jij nodig voor een goede samenwerking?")
    at.button(key="rounds_create").click().run()
    rounds = stored(root, sid).rounds
    assert [(r.title, r.prompt, r.answers) for r in rounds] == [
        ("Werkronde I", "Wat heb jij nodig voor een goede samenwerking?", [])]
    page = shown(at)
    assert "Werkronde aangemaakt." in page
    assert "Wat heb jij nodig voor een goede samenwerking?" in page
    assert at.selectbox(key="rounds_pick").value == rounds[0].id
    assert at.text_input(key="rounds_new_title").value == ""


def test_a_round_without_a_question_is_not_sent_and_the_title_stays(root, empty_session):
    sid = FileStore(root).add(empty_session, keep_id=True).id
    at = open_page("rounds", session_id=sid, lang="en")
    at.text_input(key="rounds_new_title").input("Round II")
    at.button(key="rounds_create").click().run()
    assert "Fill in a question first" in shown(at)
    assert stored(root, sid).rounds == []
    assert at.text_input(key="rounds_new_title").value == "Round II"


def test_answers_typed_one_by_one_and_a_pasted_list_land_on_the_wall_in_order(root, empty_session):
    rounds = [Round(id="ro_a", title="I", prompt="Wie inspireert je?")]
    doc = empty_session.model_copy(update={"rounds": rounds})
    sid = FileStore(root).add(doc, keep_id=True).id
    at = open_page("rounds", session_id=sid)
    assert "Nog geen post-its" in shown(at)
    at.chat_input(key="rounds_add").set_value("De stad beter maken").run()
    assert "Op de muur: De stad beter maken" in shown(at)
    at.chat_input(key="rounds_add").set_value("• Samen doen\n\n- Groepen\n3. Wie repareert de kraan\n").run()
    answers = ["De stad beter maken", "Samen doen", "Groepen", "Wie repareert de kraan"]
    assert stored(root, sid).rounds[0].answers == answers
    page = shown(at)
    assert "3 post-its toegevoegd." in page
    assert "3 post-its op de muur, de laatste: Wie repareert de kraan" in page
    assert "Post-its: 4" in page
    on_wall = [m.value for m in at.markdown if m.value.replace("\\", "") in answers]
    assert [m.replace("\\", "") for m in on_wall] == answers


def test_a_post_it_that_is_too_long_is_named_and_kept_for_fixing(root, empty_session):
    doc = empty_session.model_copy(update={"rounds": [Round(id="ro_a", prompt="Vraag")]})
    sid = FileStore(root).add(doc, keep_id=True).id
    at = open_page("rounds", session_id=sid)
    long = "x" * (ITEM_MAX + 1)
    at.chat_input(key="rounds_add").set_value(f"Kort\n{long}").run()
    assert f"hoogstens {ITEM_MAX} tekens" in shown(at)
    assert stored(root, sid).rounds[0].answers == []
    assert at.text_area(key="rounds_fix").value == f"Kort\n{long}"
    at.text_area(key="rounds_fix").input("Kort\nKorter").run()
    at.button(key="rounds_fix_add").click().run()
    assert stored(root, sid).rounds[0].answers == ["Kort", "Korter"]
    assert not [t for t in at.text_area if t.key == "rounds_fix"]


def test_removing_a_post_it_says_where_undo_is_and_undo_brings_it_back(root, team6_session):
    sid = FileStore(root).add(team6_session, keep_id=True).id
    before = stored(root, sid).rounds[0].answers
    at = open_page("rounds", session_id=sid)
    remove = [b for b in at.button if b.key and b.key.startswith("rounds_rm_")]
    assert len(remove) == len(before)
    remove[1].click().run()
    assert stored(root, sid).rounds[0].answers == before[:1] + before[2:]
    assert "Post-it verwijderd — Ongedaan maken staat in de zijbalk." in shown(at)
    at.sidebar.button(key="wa_undo_btn").click().run()
    assert stored(root, sid).rounds[0].answers == before


def test_editing_the_question_keeps_the_answers_and_deleting_can_be_undone(root, team6_session):
    sid = FileStore(root).add(team6_session, keep_id=True).id
    first = stored(root, sid).rounds[0]
    at = open_page("rounds", session_id=sid, lang="en")
    at.text_area(key=f"rounds_prompt_{first.id}").input("Welke partijen doen ertoe?")
    at.button(key=f"rounds_save_{first.id}").click().run()
    now = stored(root, sid).rounds[0]
    assert (now.prompt, now.answers) == ("Welke partijen doen ertoe?", first.answers)
    assert "Welke partijen doen ertoe?" in shown(at)
    at.button(key=f"rounds_delete_{first.id}").click().run()
    assert first.id not in [r.id for r in stored(root, sid).rounds]
    assert "Working round deleted — Undo is in the sidebar." in shown(at)
    at.sidebar.button(key="wa_undo_btn").click().run()
    back = {r.id: r for r in stored(root, sid).rounds}
    assert back[first.id].answers == first.answers


def test_user_text_on_the_wall_is_text(root, empty_session):
    doc = empty_session.model_copy(update={"rounds": [Round(id="ro_a", prompt="[klik](http://x.example)")]})
    sid = FileStore(root).add(doc, keep_id=True).id
    at = open_page("rounds", session_id=sid)
    at.chat_input(key="rounds_add").set_value("<img src=x onerror=alert(1)> **vet**").run()
    raw = "\n".join(m.value for m in at.main.markdown)
    # Every Markdown or HTML sign arrives escaped: no tag, link or bold reaches the page.
    assert re.search(r"(?<!\\)[<>*\[\]()]", raw) is None
    assert "<img src=x onerror=alert(1)> **vet**" in shown(at)
    assert "[klik](http://x.example)" in shown(at)
    assert stored(root, sid).rounds[0].answers == ["<img src=x onerror=alert(1)> **vet**"]
