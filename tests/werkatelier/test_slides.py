"""The presentation's slides: the right order, long lists split, nothing confidential on any of them."""

from __future__ import annotations

from hypothesis import given, settings
from strategies import sessions

from werkatelier import document
from werkatelier.model import Action, Interview, Meta, Persona, Relation, Session, Stakeholder
from werkatelier.privacy import public_view
from werkatelier.render import vis_data
from werkatelier.slides import ACTIONS_PER_SLIDE, INSIGHTS_PER_SLIDE, slides


def deck_text(deck) -> str:
    return "\n".join(s.text() for s in deck)


def test_team6_deck_runs_title_map_personas_insights_actions(team6_session):
    deck = slides(team6_session)
    assert [s.kind for s in deck] == ["title", "map", *["persona"] * 4, *["insights"] * 3, "actions"]
    assert deck[0].text().splitlines()[0] == "Team 6 – Werkatelier II"
    assert team6_session.question.text in deck[0].text()
    assert [s.persona.name for s in deck if s.kind == "persona"] == [p.name for p in team6_session.personas]
    assert [s.interview.interviewee for s in deck if s.kind == "insights"] == [
        "Jeugdhulpverlener", "Wijkmanager gemeente", "Criminoloog"]
    assert [a.action for a in deck[-1].actions] == [a.action for a in team6_session.actions]


def test_no_confidential_stakeholder_or_interview_reaches_any_slide(team6_session):
    hidden = [s for s in team6_session.stakeholders if s.confidential]
    assert {s.name for s in hidden} == {"Bronnen off the record", "Criminele netwerken", "Ronselaars",
                                        "Katvangers en stromannen"}
    secret_interview = next(v for v in team6_session.interviews if v.confidential)
    deck = slides(team6_session)
    text = deck_text(deck)
    for s in hidden:
        assert s.name not in text
    for line in secret_interview.insights + secret_interview.notes + secret_interview.quotes:
        assert line not in text
    # Nor in what the map slide hands the canvas, nor in any persona's links.
    [map_slide] = [s for s in deck if s.kind == "map"]
    shown = vis_data(map_slide.session, include_confidential=False)
    hidden_ids = {s.id for s in hidden}
    assert not hidden_ids & {n["id"] for n in shown["nodes"]}
    assert not hidden_ids & ({e["from"] for e in shown["edges"]} | {e["to"] for e in shown["edges"]})
    assert all(s.name not in repr(shown) for s in hidden)
    for slide in deck:
        if slide.persona:
            assert not hidden_ids & set(slide.persona.stakeholder_ids)
            assert secret_interview.id not in slide.persona.interview_ids


def test_a_persona_drawn_only_from_confidential_sources_is_left_out():
    doc = Session(meta=Meta(title="t"),
                  stakeholders=[Stakeholder(id="sh_open", name="Wijkteam"),
                                Stakeholder(id="sh_secret", name="Informant", confidential=True)],
                  interviews=[Interview(id="iv_secret", interviewee="Rechercheur", confidential=True,
                                        insights=["Geheim inzicht"])],
                  personas=[Persona(id="pe_only", name="Alleen geheim", stakeholder_ids=["sh_secret"],
                                    interview_ids=["iv_secret"]),
                            Persona(id="pe_mixed", name="Gemengd", stakeholder_ids=["sh_secret", "sh_open"],
                                    interview_ids=["iv_secret"]),
                            Persona(id="pe_free", name="Zonder koppeling")])
    deck = slides(doc)
    personas = [s.persona for s in deck if s.kind == "persona"]
    assert [(p.name, p.stakeholder_ids, p.interview_ids) for p in personas] == [
        ("Gemengd", ["sh_open"], []), ("Zonder koppeling", [], [])]
    assert [s.linked for s in deck if s.kind == "persona"] == [("Wijkteam",), ()]
    assert "Geheim inzicht" not in deck_text(deck) and "Informant" not in deck_text(deck)
    assert not [s for s in deck if s.kind == "insights"]


def test_public_leaves_the_session_itself_alone(team6_session):
    before = document.dumps(team6_session)
    p = public_view(team6_session)
    assert document.dumps(team6_session) == before
    assert len(p.stakeholders) == len(team6_session.stakeholders) - 4
    # Still a sound session: every reference points at something.
    document.from_data(document.to_data(p))


def test_an_empty_session_is_one_title_slide(empty_session):
    deck = slides(empty_session)
    assert [s.kind for s in deck] == ["title"]
    assert deck[0].text() == "Lege sessie"


def test_long_lists_are_split_over_slides_in_order():
    n_actions = ACTIONS_PER_SLIDE * 2 + 1
    doc = Session(meta=Meta(title="t"),
                  actions=[Action(action=f"Actie {i}") for i in range(n_actions)],
                  interviews=[Interview(interviewee="Huurder",
                                        insights=[f"Inzicht {i}" for i in range(INSIGHTS_PER_SLIDE)],
                                        quotes=["Citaat"])])
    deck = slides(doc)
    insights = [s for s in deck if s.kind == "insights"]
    assert [(s.part, s.parts, len(s.insights), s.quotes) for s in insights] == [
        (1, 2, INSIGHTS_PER_SLIDE, ()), (2, 2, 0, ("Citaat",))]
    acts = [s for s in deck if s.kind == "actions"]
    assert [(s.part, s.parts, len(s.actions)) for s in acts] == [
        (1, 3, ACTIONS_PER_SLIDE), (2, 3, ACTIONS_PER_SLIDE), (3, 3, 1)]
    assert [a.action for s in acts for a in s.actions] == [f"Actie {i}" for i in range(n_actions)]


def test_an_interview_without_insights_or_quotes_gets_no_slide():
    doc = Session(meta=Meta(title="t"),
                  interviews=[Interview(interviewee="Huurder", notes=["alleen notities"])])
    assert [s.kind for s in slides(doc)] == ["title"]


def test_relations_to_a_confidential_stakeholder_leave_the_map():
    doc = Session(meta=Meta(title="t"),
                  stakeholders=[Stakeholder(id="a", name="Politie"), Stakeholder(id="b", name="RIEC"),
                                Stakeholder(id="c", name="Informant", confidential=True)],
                  relations=[Relation(id="r1", source="a", target="b", kind="informeert"),
                             Relation(id="r2", source="c", target="a", kind="tipt")])
    [map_slide] = [s for s in slides(doc) if s.kind == "map"]
    assert [r.id for r in map_slide.session.relations] == ["r1"]
    assert "tipt" not in map_slide.text() and "informeert" in map_slide.text()


@settings(max_examples=25, deadline=None)
@given(sessions())
def test_no_slide_of_any_session_carries_a_confidential_item(doc):
    deck = slides(doc)
    assert deck[0].kind == "title"
    public_ids = {s.id for s in doc.stakeholders if not s.confidential}
    for slide in deck:
        assert {s.id for s in slide.session.stakeholders} == public_ids
        assert all(not v.confidential for v in slide.session.interviews)
        assert {e for r in slide.session.relations for e in (r.source, r.target)} <= public_ids
        if slide.persona:
            assert set(slide.persona.stakeholder_ids) <= public_ids
        if slide.kind == "map":
            shown = vis_data(slide.session, include_confidential=False)
            assert {n["id"] for n in shown["nodes"]} == public_ids
