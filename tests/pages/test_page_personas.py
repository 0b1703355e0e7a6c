"""The personas page: gallery, edit form, duplicate, delete with undo, start from the map, print view."""

from __future__ import annotations

import html
import re

import pytest
from pagetest import messages, open_page, shown

from components import state
from werkatelier import undo
from werkatelier.model import Interview, Persona
from werkatelier.store import FileStore

pytestmark = pytest.mark.usefixtures("own_sessions")  # these tests bring their own session


def add(root, doc) -> str:
    return FileStore(root).add(doc, keep_id=True).id


def stored(root, sid):
    return FileStore(root).get(sid)


def cards(at) -> list[str]:
    """Each card's text as a reader sees it, in page order."""
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", h.value)).split())
            for h in at.html if 'class="card wa-card"' in h.value]


def flashed(at) -> list[str]:
    """Messages the page left for app.py, as shown above it."""
    return messages(at)


def fill(at, **values) -> None:
    for field, value in values.items():
        if field in ("stakeholders", "interviews"):
            at.multiselect(key=f"pf_{field}").set_value(value)
        elif field in ("name", "archetype", "avatar"):
            at.text_input(key=f"pf_{field}").input(value)
        else:
            at.text_area(key=f"pf_{field}").input(value)


def save(at):
    at.button(key="wa_persona_save").click().run()
    assert not at.exception, at.exception
    return at


def test_the_gallery_shows_each_persona_with_its_links(root, team6_session):
    sid = add(root, team6_session)
    at = open_page("personas", session_id=sid)
    shown_cards = cards(at)
    assert len(shown_cards) == len(team6_session.personas) == 4
    first = shown_cards[0]
    p = team6_session.personas[0]
    assert first.startswith(f"{p.avatar} {p.name} {p.archetype}")
    assert f"“{p.quote}”" in first
    assert "Wensen" in first and p.wishes[0] in first and "Wat kan hij/zij bijdragen" in first
    assert "Stakeholders:" in first
    for sid_ in p.stakeholder_ids:
        assert team6_session.stakeholder(sid_).name in first
    assert "Interviews: Jeugdhulpverlener, Wijkmanager gemeente" in first


def test_a_new_persona_is_saved_with_its_lists_and_links(root, small_session):
    sid = add(root, small_session)
    at = open_page("personas", session_id=sid)
    assert "Nog geen persona's" in shown(at)
    at.button(key="wa_persona_new").click().run()
    assert "Nieuwe persona" in [s.value for s in at.subheader]
    fill(at, name="Betrokken buurvrouw", archetype="Actieve huurder", avatar="👵",
         quote="Ik ken iedereen in de flat.", wishes="Een schone entree\n\n  Meer groen ",
         needs="Gehoord worden", stakeholders=["sh_buurt", "sh_corp"])
    save(at)
    doc = stored(root, sid)
    assert len(doc.personas) == 1
    p = doc.personas[0]
    assert (p.name, p.archetype, p.avatar, p.quote) == ("Betrokken buurvrouw", "Actieve huurder", "👵",
                                                        "Ik ken iedereen in de flat.")
    assert p.wishes == ["Een schone entree", "Meer groen"] and p.needs == ["Gehoord worden"]
    assert p.stakeholder_ids == ["sh_buurt", "sh_corp"]
    assert flashed(at) == ["Persona ‘Betrokken buurvrouw’ opgeslagen."]
    card = cards(at)[0]
    assert "Betrokken buurvrouw" in card and "Stakeholders: Bewonerscommissie Woningcorporatie" in card
    assert not any(w.key == "pf_name" for w in at.text_input)  # the form closed


def test_a_persona_without_a_name_is_not_sent_and_the_typing_stays(root, small_session):
    sid = add(root, small_session)
    before = stored(root, sid).revision
    at = open_page("personas", session_id=sid)
    at.button(key="wa_persona_new").click().run()
    fill(at, name="   ", archetype="Actieve huurder", goals="Een veilige flat")
    save(at)
    assert [e.value for e in at.error] == ["Geef de persona een naam."]
    assert stored(root, sid).revision == before
    assert at.text_input(key="pf_archetype").value == "Actieve huurder"
    assert at.text_area(key="pf_goals").value == "Een veilige flat"


def test_a_line_that_is_too_long_is_named_before_anything_is_sent(root, small_session):
    sid = add(root, small_session)
    at = open_page("personas", session_id=sid, lang="en")
    at.button(key="wa_persona_new").click().run()
    fill(at, name="Huurder", frustrations="kort\n" + "x" * 1001)
    save(at)
    assert [e.value for e in at.error] == [
        "Frustrations: line 2 is too long (more than 1000 characters). Please shorten it."]
    assert stored(root, sid).personas == []


def test_editing_changes_what_was_changed_and_keeps_the_rest(root, team6_session):
    sid = add(root, team6_session)
    p = team6_session.personas[1]
    at = open_page("personas", session_id=sid)
    at.button(key=f"pedit_{p.id}").click().run()
    assert "Persona bewerken" in [s.value for s in at.subheader]
    assert at.text_input(key="pf_name").value == p.name
    assert at.text_area(key="pf_needs").value == "\n".join(p.needs)
    assert at.multiselect(key="pf_stakeholders").value == p.stakeholder_ids
    fill(at, quote="Ik wil eruit, maar hoe?", goals="Een eigen inkomen\nEen diploma")
    save(at)
    after = next(q for q in stored(root, sid).personas if q.id == p.id)
    assert after.quote == "Ik wil eruit, maar hoe?"
    assert after.goals == ["Een eigen inkomen", "Een diploma"]
    assert after.model_dump(exclude={"quote", "goals"}) == p.model_dump(exclude={"quote", "goals"})
    assert "“Ik wil eruit, maar hoe?”" in cards(at)[1]


def test_cancel_closes_the_form_and_changes_nothing(root, team6_session):
    sid = add(root, team6_session)
    p = team6_session.personas[0]
    at = open_page("personas", session_id=sid)
    at.button(key=f"pedit_{p.id}").click().run()
    fill(at, name="Iets anders")
    at.button(key="wa_persona_cancel").click().run()
    assert len(cards(at)) == 4 and not any(w.key == "pf_name" for w in at.text_input)
    assert stored(root, sid).personas == team6_session.personas


def test_duplicate_makes_a_copy_with_a_new_id(root, team6_session):
    sid = add(root, team6_session)
    p = team6_session.personas[0]
    at = open_page("personas", session_id=sid)
    at.button(key=f"pdup_{p.id}").click().run()
    doc = stored(root, sid)
    assert len(doc.personas) == 5
    copy = doc.personas[-1]
    assert copy.name == "Streetlevel Professional (kopie)" and copy.id != p.id
    assert copy.model_dump(exclude={"id", "name"}) == p.model_dump(exclude={"id", "name"})
    assert flashed(at) == ["Kopie gemaakt: ‘Streetlevel Professional (kopie)’."]
    assert cards(at)[-1].startswith("🚲 Streetlevel Professional (kopie)")


def test_delete_says_where_undo_is_and_the_sidebar_button_brings_it_back(root, team6_session):
    sid = add(root, team6_session)
    p = team6_session.personas[2]
    at = open_page("personas", session_id=sid)
    at.button(key=f"pdel_{p.id}").click().run()
    assert [q.id for q in stored(root, sid).personas] == [q.id for q in team6_session.personas if q != p]
    assert flashed(at) == [f"Persona ‘{p.name}’ verwijderd — Ongedaan maken staat in de zijbalk."]
    assert len(cards(at)) == 3
    # What the sidebar's Undo button does (open_page runs the page alone, without app.py's sidebar).
    undo.undo(FileStore(root), at.session_state[state.UNDO], sid)
    at.run()
    back = stored(root, sid).personas
    assert sorted(back, key=lambda q: q.id) == sorted(team6_session.personas, key=lambda q: q.id)
    assert sorted(c.split(" ")[0] for c in cards(at)) == sorted(q.avatar for q in team6_session.personas)


def test_start_from_a_stakeholder_prefills_the_form_and_links_it(root, team6_session):
    sid = add(root, team6_session)
    at = open_page("personas", session_id=sid)
    s = team6_session.stakeholder("sh_rochdale")
    at.selectbox(key="wa_pstart_sh").set_value("sh_rochdale").run()
    assert "Rochdale komt nog in geen enkele persona voor." in shown(at)
    at.button(key="wa_pstart_go").click().run()
    assert at.text_input(key="pf_name").value == "Rochdale"
    assert at.text_input(key="pf_archetype").value == s.capacity
    assert at.multiselect(key="pf_stakeholders").value == ["sh_rochdale"]
    fill(at, name="De verhuurder")
    save(at)
    new = stored(root, sid).personas[-1]
    assert (new.name, new.archetype, new.stakeholder_ids) == ("De verhuurder", s.capacity, ["sh_rochdale"])
    # The stakeholder's side of the link.
    at.selectbox(key="wa_pstart_sh").set_value("sh_rochdale").run()
    assert "Rochdale komt voor in: De verhuurder" in shown(at)


def test_start_from_a_cluster_links_its_members(root, small_session):
    sid = add(root, small_session)
    at = open_page("personas", session_id=sid, lang="en")
    at.radio(key="wa_pstart_kind").set_value("cluster").run()
    at.selectbox(key="wa_pstart_cluster").set_value("cl_wonen").run()
    assert "2 stakeholders in this cluster" in shown(at)
    at.button(key="wa_pstart_go").click().run()
    save(at)
    p = stored(root, sid).personas[0]
    assert (p.name, p.stakeholder_ids) == ("Wonen", ["sh_corp", "sh_buurt"])


def test_a_stakeholder_already_in_a_persona_says_so(root, team6_session):
    sid = add(root, team6_session)
    at = open_page("personas", session_id=sid)
    at.selectbox(key="wa_pstart_sh").set_value("sh_politie").run()
    assert "Politie (wijkagenten) komt voor in: Streetlevel Professional" in shown(at)


def test_interviews_linked_from_the_interview_side_are_named_in_the_form(root, small_session):
    doc = small_session.model_copy(deep=True)
    doc.personas = [Persona(id="pe_a", name="Buurvrouw")]
    doc.interviews = [Interview(id="iv_a", interviewee="Huismeester", persona_ids=["pe_a"])]
    sid = add(root, doc)
    at = open_page("personas", session_id=sid)
    assert "Interviews: Huismeester" in cards(at)[0]
    at.button(key="pedit_pe_a").click().run()
    assert at.multiselect(key="pf_interviews").value == []
    assert "Ook gekoppeld vanaf de pagina Interviews: Huismeester" in shown(at)


def test_the_print_view_shows_only_the_cards(root, team6_session):
    sid = add(root, team6_session)
    at = open_page("personas", session_id=sid, lang="en")
    at.toggle(key="wa_personas_print").set_value(True).run()
    assert at.query_params.get("print") == "1"
    sheets = [h.value for h in at.html if h.value.startswith('<div class="wa-print">')]
    assert len(sheets) == 1 and sheets[0].count('class="card wa-card"') == 4
    assert "Wishes" in sheets[0]
    assert "@page { size: A5; margin: 12mm; }" in "".join(h.value for h in at.html)
    assert not [b for b in at.button if b.key and b.key.startswith(("pedit_", "pdel_", "pdup_"))]
    assert "Print with Ctrl+P" in shown(at)
    at.toggle(key="wa_personas_print").set_value(False).run()
    assert "print" not in at.query_params and len(cards(at)) == 4


def test_the_print_view_opens_from_the_url(root, team6_session):
    sid = add(root, team6_session)
    at = open_page("personas", session_id=sid, run=False)
    at.query_params["print"] = "1"
    at.run()
    assert at.toggle(key="wa_personas_print").value is True
    assert any(h.value.startswith('<div class="wa-print">') for h in at.html)
    assert sum(h.value.count('class="card wa-card"') for h in at.html) == 4


def test_hostile_names_stay_text_on_the_page(root, small_session):
    doc = small_session.model_copy(deep=True)
    doc.personas = [Persona(id="pe_x", name='<img src="http://example.org/x.png">', quote="**vet**")]
    sid = add(root, doc)
    at = open_page("personas", session_id=sid)
    card = next(h.value for h in at.html if "wa-card" in h.value and "card" in h.value)
    assert "&lt;img src=&quot;http://example.org/x.png&quot;&gt;" in card and "<img" not in card
    at.button(key="pdel_pe_x").click().run()
    # The message is Markdown: the name in it is escaped so it stays text there too.
    assert any(m.startswith(r"Persona ‘\<img src\=\"http\:\/\/example\.org\/x\.png\"\>’ verwijderd")
               for m in messages(at, raw=True))


def test_no_session_points_to_the_start_page(root):
    at = open_page("personas")
    assert "Er is geen sessie geopend" in shown(at)
    assert state.PERSONA_EDIT not in at.session_state
