"""The interviews page: roles not names, lists a line at a time, links, confidential flag, undoable delete."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from pagetest import messages, open_page, shown

from components import state
from werkatelier import undo
from werkatelier.model import Interview, Persona
from werkatelier.store import FileStore

pytestmark = pytest.mark.usefixtures("own_sessions")  # these tests bring their own session


@pytest.fixture
def sid(root, small_session) -> str:
    doc = small_session.model_copy(deep=True)
    doc.personas = [Persona(id="pe_a", name="Buurvrouw"), Persona(id="pe_b", name="Huismeester",
                                                                  interview_ids=["iv_a"])]
    doc.interviews = [Interview(id="iv_a", interviewee="Wijkagent", perspective="Politie",
                                date=datetime.date(2019, 2, 7), notes=["Loopt elke dag door de wijk"],
                                insights=["Bewoners melden niet"],
                                quotes=["Ik zie het als eerste", "Ik zie het"],
                                stakeholder_ids=["sh_zorg"], persona_ids=["pe_a"])]
    return FileStore(root).add(doc, keep_id=True).id


def stored(root, sid) -> Interview | None:
    doc = FileStore(root).get(sid)
    return doc.interviews[0] if doc.interviews else None


def links_text(at) -> str:
    return " ".join(" ".join(html.unescape(re.sub(r"<[^>]+>", " ", h.value)).split())
                     for h in at.html if "wa-ivlinks" in h.value and "<style>" not in h.value)


def unescaped(text: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def headings(at) -> list[str]:
    return [unescaped(s.value) for s in at.subheader]


def flashed(at) -> list[str]:
    """Messages the page left for app.py, as shown above it."""
    return messages(at)


def test_an_interview_shows_its_role_facts_lists_and_links_from_both_sides(root, sid):
    at = open_page("interviews", session_id=sid)
    text = shown(at)
    assert "nooit een naam" in [c.value for c in at.caption][0]
    assert headings(at) == ["Wijkagent"]
    assert "Politie · 7 februari 2019" in text
    assert "Loopt elke dag door de wijk" in text and "Bewoners melden niet" in text
    assert "“Ik zie het als eerste”" in text
    # Buurvrouw is linked from the interview, Huismeester from the persona's side.
    assert links_text(at) == "Stakeholders: Wijkteam Persona's: Buurvrouw, Huismeester"
    assert "VERTROUWELIJK" not in text


def test_a_new_interview_needs_a_role_and_keeps_what_was_typed(root, sid):
    at = open_page("interviews", session_id=sid)
    at.text_input(key="ivn_perspective").input("Huurders")
    at.button(key="wa_interview_add").click().run()
    assert [e.value for e in at.error] == ["Vul de rol van de geïnterviewde in."]
    assert len(FileStore(root).get(sid).interviews) == 1
    assert at.text_input(key="ivn_perspective").value == "Huurders"


def test_a_new_confidential_interview_is_stored_and_marked(root, sid):
    at = open_page("interviews", session_id=sid, lang="en")
    at.text_input(key="ivn_role").input("Tenant, 70+")
    at.text_input(key="ivn_perspective").input("Tenants")
    at.date_input(key="ivn_date").set_value(datetime.date(2019, 3, 1))
    at.checkbox(key="ivn_confidential").check()
    at.button(key="wa_interview_add").click().run()
    assert not at.exception
    new = FileStore(root).get(sid).interviews[-1]
    assert (new.interviewee, new.perspective, new.date, new.confidential) == (
        "Tenant, 70+", "Tenants", datetime.date(2019, 3, 1), True)
    assert flashed(at) == ["Interview with ‘Tenant, 70+’ added."]
    assert headings(at) == ["Wijkagent", "Tenant, 70+"]
    assert "Tenants · 1 March 2019" in shown(at)
    assert sum("CONFIDENTIAL — left out of the presentation" in m.value for m in at.markdown) == 1
    assert at.text_input(key="ivn_role").value == ""  # ready for the next one


def test_enter_adds_a_line_and_empties_the_input(root, sid):
    at = open_page("interviews", session_id=sid)
    at.text_input(key="ivadd_insights_iv_a").input("  Moeders zien het eerst  ").run()
    assert stored(root, sid).insights == ["Bewoners melden niet", "Moeders zien het eerst"]
    assert at.text_input(key="ivadd_insights_iv_a").value == ""
    assert "Moeders zien het eerst" in shown(at)
    at.text_input(key="ivadd_quotes_iv_a").input("Niemand belt terug").run()
    assert stored(root, sid).quotes[-1] == "Niemand belt terug"
    assert "“Niemand belt terug”" in shown(at)


def test_a_line_cannot_grow_longer_than_an_item_may_be(root, sid):
    at = open_page("interviews", session_id=sid)
    before = FileStore(root).get(sid).revision
    at.text_input(key="ivadd_notes_iv_a").input("x" * 1001).run()  # the browser stops typing at 1000
    assert at.text_input(key="ivadd_notes_iv_a").value == ""
    assert FileStore(root).get(sid).revision == before
    at.text_input(key="ivadd_notes_iv_a").input("x" * 1000).run()
    assert stored(root, sid).notes[-1] == "x" * 1000


def test_a_line_is_removed_by_its_button_and_comes_back_with_undo(root, sid):
    at = open_page("interviews", session_id=sid)
    at.button(key="ivdel_quotes_iv_a_1").click().run()
    assert stored(root, sid).quotes == ["Ik zie het als eerste"]
    assert flashed(at) == ["Regel verwijderd — Ongedaan maken staat in de zijbalk."]
    assert "“Ik zie het”" not in shown(at)
    undo.undo(FileStore(root), at.session_state[state.UNDO], sid)
    at.run()
    assert stored(root, sid).quotes == ["Ik zie het als eerste", "Ik zie het"]
    assert "“Ik zie het”" in shown(at)


def test_editing_details_changes_them_and_leaves_the_lists(root, sid):
    at = open_page("interviews", session_id=sid)
    at.button(key="ivedit_iv_a").click().run()
    assert at.text_input(key="ivf_role").value == "Wijkagent"
    assert at.multiselect(key="ivf_personas").value == ["pe_a"]
    assert "Ook gekoppeld vanaf de pagina Persona's: Huismeester" in shown(at)
    at.text_input(key="ivf_perspective").input("Politie Amsterdam")
    at.checkbox(key="ivf_confidential").check()
    at.multiselect(key="ivf_stakeholders").set_value(["sh_corp", "sh_zorg"])
    at.multiselect(key="ivf_personas").set_value(["pe_a", "pe_b"])
    at.button(key="wa_interview_save").click().run()
    v = stored(root, sid)
    assert (v.perspective, v.confidential) == ("Politie Amsterdam", True)
    assert v.stakeholder_ids == ["sh_corp", "sh_zorg"] and v.persona_ids == ["pe_a", "pe_b"]
    assert v.notes == ["Loopt elke dag door de wijk"] and len(v.quotes) == 2
    assert "VERTROUWELIJK — blijft buiten de presentatie" in "\n".join(m.value for m in at.markdown)
    assert links_text(at) == "Stakeholders: Woningcorporatie Wijkteam Persona's: Buurvrouw, Huismeester"


def test_an_empty_role_is_refused_in_the_edit_form(root, sid):
    at = open_page("interviews", session_id=sid)
    at.button(key="ivedit_iv_a").click().run()
    at.text_input(key="ivf_role").input(" ")
    at.button(key="wa_interview_save").click().run()
    assert [e.value for e in at.error] == ["Vul de rol van de geïnterviewde in."]
    assert stored(root, sid).interviewee == "Wijkagent"


def test_delete_says_where_undo_is_and_undo_brings_it_back(root, sid):
    at = open_page("interviews", session_id=sid)
    at.button(key="ivdelete_iv_a").click().run()
    doc = FileStore(root).get(sid)
    assert doc.interviews == []
    assert doc.personas[1].interview_ids == []  # the persona's link went with it
    assert flashed(at) == ["Interview met ‘Wijkagent’ verwijderd — Ongedaan maken staat in de zijbalk."]
    assert "Nog geen interviews" in shown(at)
    undo.undo(FileStore(root), at.session_state[state.UNDO], sid)
    at.run()
    doc = FileStore(root).get(sid)
    assert doc.interviews[0].quotes == ["Ik zie het als eerste", "Ik zie het"]
    assert doc.personas[1].interview_ids == ["iv_a"]
    assert headings(at) == ["Wijkagent"]


def test_the_demo_session_shows_every_interview(root, team6_session):
    sid = FileStore(root).add(team6_session, keep_id=True).id
    at = open_page("interviews", session_id=sid, lang="en")
    assert headings(at) == [v.interviewee for v in team6_session.interviews]
    assert "Insights" in shown(at)
