"""werkatelier.personas: personas started from the map, links followed both ways, and the card's HTML."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest
from hypothesis import given, settings
from strategies import names

from werkatelier import personas
from werkatelier.document import WerkatelierError
from werkatelier.model import ITEM_MAX, Interview, Meta, Persona, Session, Stakeholder, integrity_problems
from werkatelier.ops import UpsertPersona


def linked(doc: Session) -> Session:
    """small_session plus two personas and two interviews, linked from one side each."""
    doc = doc.model_copy(deep=True)
    doc.interviews = [Interview(id="iv_a", interviewee="Huurder", persona_ids=["pe_b"]),
                      Interview(id="iv_b", interviewee="Wijkagent")]
    doc.personas = [Persona(id="pe_a", name="Buurvrouw", stakeholder_ids=["sh_buurt", "sh_corp"],
                            interview_ids=["iv_b"]),
                    Persona(id="pe_b", name="Huismeester", stakeholder_ids=["sh_corp"])]
    return doc


def test_personas_of_lists_every_persona_a_stakeholder_appears_in_in_session_order(small_session):
    doc = linked(small_session)
    assert [p.name for p in personas.personas_of(doc, "sh_corp")] == ["Buurvrouw", "Huismeester"]
    assert [p.name for p in personas.personas_of(doc, "sh_buurt")] == ["Buurvrouw"]
    assert personas.personas_of(doc, "sh_zorg") == []
    assert personas.personas_of(doc, "sh_nobody") == []


def test_personas_of_an_empty_session_is_empty(empty_session):
    assert personas.personas_of(empty_session, "sh_corp") == []


def test_links_made_on_either_side_count_for_both(small_session):
    doc = linked(small_session)
    # pe_a links iv_b itself; iv_a links pe_b from the interview's side.
    assert [v.id for v in personas.interviews_of(doc, "pe_a")] == ["iv_b"]
    assert [v.id for v in personas.interviews_of(doc, "pe_b")] == ["iv_a"]
    assert [p.id for p in personas.personas_of_interview(doc, "iv_a")] == ["pe_b"]
    assert [p.id for p in personas.personas_of_interview(doc, "iv_b")] == ["pe_a"]
    assert personas.interviews_of(doc, "pe_gone") == []
    assert personas.personas_of_interview(doc, "iv_gone") == []


def test_a_persona_started_from_a_stakeholder_takes_its_name_capacity_notes_and_link(team6_session):
    s = team6_session.stakeholder("sh_rochdale")
    s = s.model_copy(update={"notes": "Eigenaar van 40% van de woningen"})
    doc = team6_session.model_copy(update={"stakeholders": [s, *team6_session.stakeholders[1:]]})
    p = personas.from_stakeholder(doc, "sh_rochdale")
    assert (p.name, p.archetype, p.avatar) == ("Rochdale", s.capacity, "R")
    assert p.background == "Eigenaar van 40% van de woningen"
    assert p.stakeholder_ids == ["sh_rochdale"]
    assert p.id not in {q.id for q in doc.personas}
    UpsertPersona(persona=p).apply(doc)
    assert integrity_problems(doc) == []
    assert [q.name for q in personas.personas_of(doc, "sh_rochdale")][-1] == "Rochdale"


def test_a_stakeholder_without_capacity_gives_its_organisation_as_archetype(empty_session):
    doc = empty_session.model_copy(update={"stakeholders": [
        Stakeholder(id="sh_a", name="Mevrouw de Vries", kind="person", organisation="Huurdersvereniging")]})
    p = personas.from_stakeholder(doc, "sh_a")
    assert (p.archetype, p.avatar, p.background) == ("Huurdersvereniging", "MV", "")


def test_a_persona_started_from_a_cluster_links_all_its_members(small_session):
    doc = small_session.model_copy(deep=True)
    doc.clusters[0] = doc.clusters[0].model_copy(update={"description": "Alles rond het wonen"})
    p = personas.from_cluster(doc, "cl_wonen")
    assert (p.name, p.background, p.avatar) == ("Wonen", "Alles rond het wonen", "W")
    assert p.stakeholder_ids == ["sh_corp", "sh_buurt"]
    assert personas.from_cluster(doc, "cl_zorg").stakeholder_ids == ["sh_zorg"]


def test_starting_from_something_that_is_not_there_is_refused(small_session):
    with pytest.raises(WerkatelierError, match="no stakeholder with id 'sh_x'"):
        personas.from_stakeholder(small_session, "sh_x")
    with pytest.raises(WerkatelierError, match="no cluster with id 'cl_x'"):
        personas.from_cluster(small_session, "cl_x")


def test_a_duplicate_has_a_new_id_the_same_content_and_a_name_that_fits(small_session):
    p = linked(small_session).personas[0].model_copy(update={"wishes": ["Rust"], "quote": "Hoi"})
    copy = personas.duplicate(p, "{name} (copy)")
    assert copy.id != p.id
    assert copy.name == "Buurvrouw (copy)"
    assert copy.model_dump(exclude={"id", "name"}) == p.model_dump(exclude={"id", "name"})
    long = personas.duplicate(p.model_copy(update={"name": "x" * 200}))
    assert len(long.name) == 200 and long.name.endswith("x (kopie)")


def test_lines_and_their_length_check():
    assert personas.lines("  Rust \r\n\n Veiligheid \n   ") == ["Rust", "Veiligheid"]
    assert personas.lines("") == []
    assert personas.too_long(["a", "b" * ITEM_MAX]) is None
    assert personas.too_long(["a", "b", "c" * (ITEM_MAX + 1)]) == 3


def test_interview_lines_are_added_at_the_end_and_removed_by_their_text():
    v = Interview(interviewee="Wijkagent", notes=["Eerste"], quotes=["Ja", "Nee", "Ja"])
    assert personas.with_line(v, "notes", "  Tweede ").notes == ["Eerste", "Tweede"]
    assert personas.without_line(v, "quotes", "Ja").quotes == ["Nee", "Ja"]
    assert v.notes == ["Eerste"] and v.quotes == ["Ja", "Nee", "Ja"]  # the original is left alone


@pytest.mark.parametrize(("call", "message"), [
    (lambda v: personas.with_line(v, "notes", "   "), "empty line"),
    (lambda v: personas.with_line(v, "notes", "x" * (ITEM_MAX + 1)), "at most 1000 characters"),
    (lambda v: personas.with_line(v, "secrets", "x"), "no list 'secrets'"),
    (lambda v: personas.without_line(v, "notes", "Niet hier"), "no line 'Niet hier'"),
])
def test_bad_interview_lines_are_refused_with_a_sentence(call, message):
    with pytest.raises(WerkatelierError, match=message):
        call(Interview(interviewee="Wijkagent", notes=["Eerste"]))


def test_initials_skip_dutch_particles_and_symbols():
    assert personas.initials("Gemeente Amsterdam") == "GA"
    assert personas.initials("Raad van Bestuur Rochdale") == "RR"
    assert personas.initials("van der Berg") == "B"
    assert personas.initials("de") == "D"
    assert personas.initials("🚲 fietser") == "F"
    assert personas.initials("  ") == ""


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs += attrs


def visible(markup: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def test_the_card_shows_every_part_with_dutch_labels(team6_session):
    p = team6_session.personas[0]
    card = personas.card_html(team6_session, p)
    text = visible(card)
    for part in (p.avatar, p.name, p.archetype, p.quote, *p.wishes, *p.needs, *p.interests, *p.frustrations,
                 *p.goals, *p.contributions, "Wensen", "Behoeften", "Belangen", "Frustraties", "Doelen",
                 "Wat kan hij/zij bijdragen"):
        assert part in text
    # Its stakeholders by name, each after a dot in its cluster's colour; its interviews by role.
    names = {s.id: s for s in team6_session.stakeholders}
    for sid in p.stakeholder_ids:
        assert names[sid].name in text
    colour = {c.id: c.colour for c in team6_session.clusters}[names[p.stakeholder_ids[0]].cluster]
    assert f'style="background:{colour}"' in card
    assert "Wijkmanager gemeente" in text and "Jeugdhulpverlener" in text
    assert "\n" not in card


def test_the_card_speaks_english_on_request(team6_session):
    text = visible(personas.card_html(team6_session, team6_session.personas[0], "en"))
    assert "Wishes" in text and "What they can contribute" in text and "Wensen" not in text
    assert "personas." not in text  # no label key shows through


def test_an_empty_persona_gets_its_initials_and_no_empty_sections(empty_session):
    card = personas.card_html(empty_session, Persona(name="Jonge starter"))
    assert visible(card) == "JS Jonge starter"


HOSTILE = '<img src="http://example.org/x.png" onerror="alert(1)">**vet** [link](http://example.org)'


def test_every_user_string_on_the_card_stays_text(empty_session):
    doc = empty_session.model_copy(update={
        "stakeholders": [Stakeholder(id="sh_a", name=HOSTILE[:200])],
        "interviews": [Interview(id="iv_a", interviewee=HOSTILE[:200])]})
    p = Persona(name=HOSTILE[:200], archetype=HOSTILE[:200], avatar="<b>", quote=HOSTILE,
                background=HOSTILE + "\n\n" + HOSTILE, wishes=[HOSTILE], contributions=[HOSTILE],
                stakeholder_ids=["sh_a"], interview_ids=["iv_a"])
    card = personas.card_html(doc, p)
    parser = Tags()
    parser.feed(card)
    assert set(parser.tags) <= {"article", "header", "div", "blockquote", "p", "section", "h4", "ul", "li",
                                "footer", "span", "br"}
    assert {name for name, _ in parser.attrs} <= {"class", "data-persona", "aria-hidden", "style"}
    assert visible(card).count(HOSTILE) >= 5
    assert "\n" not in card  # a blank line would end an HTML block and let Markdown read the rest


@settings(max_examples=60, deadline=None)
@given(names)
def test_any_name_comes_back_as_the_same_text(name):
    p = Persona.model_validate({"name": name})
    parser = Tags()
    parser.feed(personas.card_html(Session(meta=Meta(title="t")), p))
    assert set(parser.tags) <= {"article", "header", "div", "br"}
    assert " ".join(p.name.split()) in visible(personas.card_html(Session(meta=Meta(title="t")), p))
