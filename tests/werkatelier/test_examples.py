"""The demo sessions in sessions/examples: valid, canonical, linked, and free of people's names."""

from __future__ import annotations

import importlib.util
import math
import re
from pathlib import Path

import pytest

from werkatelier import document
from werkatelier.model import Session

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "sessions" / "examples"
BUILDER = ROOT / "tools" / "build_examples.py"
FILES = ["team6-werkatelier-1.json", "team6-werkatelier-2.json", "team6-werkatelier-4.json",
         "team3-werkatelier-2.json", "team5-werkatelier-2.json"]

# Everyone named in the seed reports (/work/shared/seeds): the team 6 roster of werkatelier I, plus
# the people the texts of werkatelier I and IV mention. The seeds are not in the repository, so the
# list is written out here.
PEOPLE = [
    "Annerieke Coenraads", "Judith van Enkevort", "Stijna de Haan", "Jesse Jörg", "Norbert Kalker",
    "Wendy van der Krift", "Jacqueline van Loon", "Katusha Sol", "Marij Thiemessen", "Imrat Verhoeven",
    "Hilde de Groot", "Joni Haijen", "Adriaan Vonk", "Koen van der Bij", "Hester van Buren",
    "Marlies van Gelderen", "Lex Veldboer", "Thijs van Mierlo", "Maaïke van Loon",
    "Peter Tops", "Korina Duindam", "Masi Mohamadi", "Hendrik Groen", "Faisal", "Halsema",
]
# Surnames that are also ordinary Dutch words ("bij", "buren", "groot", "loon", "groen"): only the
# full name is searched for these, or every sentence with "bij" would count.
COMMON_WORDS = {"Bij", "Buren", "Groot", "Loon", "Groen"}


def _name_patterns() -> list[re.Pattern[str]]:
    words: set[str] = set()
    for full in PEOPLE:
        parts = full.split()
        words.add(parts[0])
        if len(parts) > 1 and parts[-1] not in COMMON_WORDS:
            words.add(parts[-1])
    pats = [re.compile(re.escape(full), re.IGNORECASE) for full in PEOPLE]
    return pats + [re.compile(rf"\b{re.escape(w)}\b") for w in sorted(words)]


NAME_PATTERNS = _name_patterns()


def names_in(text: str) -> list[str]:
    return sorted({m.group(0) for p in NAME_PATTERNS for m in p.finditer(text)})


def load(name: str) -> Session:
    return document.loads((EXAMPLES / name).read_bytes())


@pytest.fixture(scope="module")
def docs() -> dict[str, Session]:
    return {name: load(name) for name in FILES}


def by_name(items, name):
    found = [i for i in items if getattr(i, "name", None) == name]
    assert found, f"{name!r} not found"
    return found[0]


# --- every file ---------------------------------------------------------------------------------

def test_the_five_demo_sessions_ship_and_nothing_else():
    assert sorted(p.name for p in EXAMPLES.glob("*.json")) == sorted(FILES)


@pytest.mark.parametrize("name", FILES)
def test_each_file_is_in_canonical_form(name):
    raw = (EXAMPLES / name).read_text(encoding="utf-8")
    assert document.dumps(document.loads(raw)) == raw


def test_the_builder_regenerates_the_files_byte_for_byte():
    spec = importlib.util.spec_from_file_location("build_examples", BUILDER)
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    built = builder.build()
    assert sorted(built) == sorted(FILES)
    for name, doc in built.items():
        assert document.dumps(doc) == (EXAMPLES / name).read_text(encoding="utf-8"), (
            f"{name} is stale: run python tools/build_examples.py")


@pytest.mark.parametrize("name", FILES)
def test_no_person_from_the_reports_is_named(name):
    assert names_in((EXAMPLES / name).read_text(encoding="utf-8")) == []


def test_no_person_is_named_in_the_builder_either():
    assert names_in(BUILDER.read_text(encoding="utf-8")) == []


def test_the_name_check_catches_first_names_surnames_and_full_names():
    assert names_in("Actie voor Marlies") == ["Marlies"]
    assert names_in("gesprek met de heer Thiemessen") == ["Thiemessen"]
    assert names_in("hester van buren belt") == ["hester van buren"]
    assert names_in("Gluren bij de buren, groot en groen") == []


@pytest.mark.parametrize("name", FILES)
def test_each_session_is_dutch_and_set_in_the_challenge(docs, name):
    doc = docs[name]
    assert doc.meta.programme == "Innovatiechallenge Leefbare Wijken en Buurten 2018-2019"
    assert doc.meta.title.startswith(doc.meta.team + " – Werkatelier")
    assert doc.meta.event.date is not None
    assert doc.question.history and doc.question.history[-1].text == doc.question.text


# --- team 6 -------------------------------------------------------------------------------------

def test_team6_series_is_linked_one_to_two_to_four(docs):
    wa1, wa2, wa4 = (docs[f"team6-werkatelier-{n}.json"] for n in (1, 2, 4))
    assert wa1.meta.carried_from is None
    assert wa2.meta.carried_from == wa1.id
    assert wa4.meta.carried_from == wa2.id
    assert [p.name for p in wa2.participants] == [p.name for p in wa1.participants]
    assert wa2.question == wa1.question == wa4.question


def test_team6_wa1_holds_the_roster_as_roles(docs):
    doc = docs["team6-werkatelier-1.json"]
    assert doc.meta.event.location == "TU Delft"
    procesregie = by_name(doc.participants, "Procesregisseur Veiligheid en Zorg")
    assert procesregie.organisation == "Gemeente Amsterdam"
    roles = {p.name: p.role for p in doc.participants}
    assert roles["Lid Raad van Bestuur Rochdale"] == "question_owner"
    assert roles["Manager Aedes"] == roles["Adviseur Aedes"] == "moderator"
    assert sorted(n for n, r in roles.items() if r == "observer") == [
        "Observator docent-onderzoeker", "Observator onderzoeker HvA"]
    assert sorted(p.name for p in doc.participants if not p.present) == [
        "Directeur LSA", "Lector Stedelijk Sociaal Werken", "Senior adviseur"]


def test_team6_wa1_question_goes_from_start_question_to_sharpened(docs):
    q = docs["team6-werkatelier-1.json"].question
    assert "een wijk die 'ontoegankelijk' is voor de systeemwereld" in q.history[0].text
    assert q.history[0].note == "Oorspronkelijke startvraag"
    assert q.text == "Hoe vergroten we de weerbaarheid van professionals en bewoners tegen ondermijning?"


def test_team6_wa1_rounds_and_action_list(docs):
    doc = docs["team6-werkatelier-1.json"]
    inspiratie = next(r for r in doc.rounds if r.prompt == "Wie of wat inspireert je?")
    assert "It takes a village to raise a child" in inspiratie.answers
    gluren = next(r for r in doc.rounds if "Gluren bij de buren" in r.prompt)
    assert any("moeders van de top 600" in a for a in gluren.answers)
    thinking = next(r for r in doc.rounds if r.title == "Vragen om eens over na te denken")
    assert "Wie willen we precies betrekken?" in thinking.answers
    actions = {a.action: a for a in doc.actions}
    assert actions["App-groep aanmaken"].who == "Adviseur Aedes"
    assert all(a.status == "open" and a.who for a in doc.actions)


def test_team6_wa2_map_has_clusters_confidential_parties_and_relations(docs):
    doc = docs["team6-werkatelier-2.json"]
    assert doc.meta.event.location == "Wijkcentrum, Amsterdam Sloterdijk"
    assert 5 <= len(doc.clusters) <= 7
    assert len({c.colour for c in doc.clusters}) == len(doc.clusters)
    assert 25 <= len(doc.stakeholders) <= 35
    assert 30 <= len(doc.relations) <= 50
    for s in doc.stakeholders:
        assert s.cluster and s.placed and s.capacity and s.contact_for, s.name
    assert by_name(doc.stakeholders, "Rochdale").influence == 5
    assert {"Criminele netwerken", "Bronnen off the record"} <= {
        s.name for s in doc.stakeholders if s.confidential}
    assert not by_name(doc.stakeholders, "Heilige Boontjes").confidential
    kinds = {r.kind for r in doc.relations}
    assert {"werkt samen met", "verwijst naar", "financiert", "heeft invloed op", "conflict met"} <= kinds


@pytest.mark.parametrize("name", FILES[1:])
def test_post_its_sit_with_their_own_cluster(docs, name):
    doc = docs[name]
    members: dict[str, list] = {}
    for s in doc.stakeholders:
        members.setdefault(s.cluster, []).append(s)
    centre = {c: (sum(s.x for s in ss) / len(ss), sum(s.y for s in ss) / len(ss))
              for c, ss in members.items()}
    for s in doc.stakeholders:
        nearest = min(centre, key=lambda c: math.dist((s.x, s.y), centre[c]))
        assert nearest == s.cluster, f"{s.name} sits nearer to {nearest} than to {s.cluster}"


def test_team6_wa2_has_the_four_personas_and_four_interviews(docs):
    doc = docs["team6-werkatelier-2.json"]
    assert [p.name for p in doc.personas] == [
        "Streetlevel Professional", "Dader-slachtoffer", "Stilzwijgende profijthebber",
        "Goedwillende lasthebber"]
    assert [i.interviewee for i in doc.interviews] == [
        "Jeugdhulpverlener", "Wijkmanager gemeente", "Particulier rechercheur", "Criminoloog"]
    for p in doc.personas:
        for part in ("archetype", "avatar", "quote", "background"):
            assert getattr(p, part), (p.name, part)
        for part in ("wishes", "needs", "interests", "frustrations", "goals", "contributions",
                     "stakeholder_ids", "interview_ids"):
            assert getattr(p, part), (p.name, part)
    for i in doc.interviews:
        assert i.notes and i.insights and i.quotes and i.stakeholder_ids and i.persona_ids
    assert [i.interviewee for i in doc.interviews if i.confidential] == ["Particulier rechercheur"]


EXPERIMENT_PARTNERS = {
    "Bouwen aan je Toekomst": ["ROC Amsterdam", "Directeur Arbeid", "Burgemeester", "Aannemer (via Rochdale)",
                               "Jongerennetwerk Nieuw-West"],
    "Tina en Tony": ["Wijkbeheerders", "Incassomedewerkers", "Leefbaarheidsconsulenten", "Duwtje"],
}


@pytest.mark.parametrize("experiment", sorted(EXPERIMENT_PARTNERS))
def test_team6_wa4_names_each_experiments_partners_with_what_to_call_them_for(docs, experiment):
    doc = docs["team6-werkatelier-4.json"]
    tagged = {s.name for s in doc.stakeholders if experiment in s.tags}
    for name in EXPERIMENT_PARTNERS[experiment]:
        assert name in tagged, name
        assert by_name(doc.stakeholders, name).contact_for, name


def test_team6_wa4_carries_the_map_and_personas_forward(docs):
    wa2, wa4 = docs["team6-werkatelier-2.json"], docs["team6-werkatelier-4.json"]
    before = {s.id: (s.name, s.x, s.y, s.cluster) for s in wa2.stakeholders}
    after = {s.id: (s.name, s.x, s.y, s.cluster) for s in wa4.stakeholders}
    assert {k: after[k] for k in before} == before
    assert {r.id for r in wa2.relations} < {r.id for r in wa4.relations}
    new = [r for r in wa4.relations if r.id not in {r.id for r in wa2.relations}]
    assert any({r.source, r.target} == {"sh_incasso", "sh_schuldhulp"} for r in new)
    assert [p.name for p in wa4.personas] == [p.name for p in wa2.personas]
    assert "Social Impact Factory" in wa4.meta.event.location
    assert "datum geschat" in wa4.meta.event.name


def test_team6_wa4_action_plan_and_experiment_rounds(docs):
    doc = docs["team6-werkatelier-4.json"]
    whens = {a.action: a.when for a in doc.actions}
    sessie = next(a for a in whens if "jongerennetwerk uit Nieuw-West" in a)
    assert whens[sessie] == "eind juni 2019"
    assert any("wijkbeheerders, incassomedewerkers en leefbaarheidsconsulenten" in a for a in whens)
    tt = next(r for r in doc.rounds if r.title.endswith("Tina en Tony"))
    assert "Een verwijzingsindex met alle partners in de wijk, en waarvoor je ze nodig hebt" in tt.answers
    buurtbezoek = next(a for a in doc.actions if a.id == "ac_t6_buurtbezoek")
    assert buurtbezoek.status == "done"
    guests = [p.name for p in doc.participants if p.role == "guest"]
    assert "Lid Raad van Inspiratie" in guests and len(guests) == 4


# --- team 3 and team 5 --------------------------------------------------------------------------

PERSONAS = {
    "team3-werkatelier-2.json": ["Bewoner met een bestedingsprobleem", "Oudere bewoner", "Wethouder gemeente",
                                 "Woonconsulent corporatie"],
    "team5-werkatelier-2.json": ["De huurder", "De zorgverlener", "De medewerker van Leystromen",
                                 "De betrokken burger"],
}


@pytest.mark.parametrize("name", sorted(PERSONAS))
def test_four_personas_with_wishes_needs_and_interests(docs, name):
    doc = docs[name]
    assert [p.name for p in doc.personas] == PERSONAS[name]
    for p in doc.personas:
        assert p.wishes and p.needs and p.interests, p.name


def test_team3_question_history_refined_then_sharpened(docs):
    q = docs["team3-werkatelier-2.json"].question
    assert len(q.history) == 3
    assert q.history[0].text.startswith("Hoe zorg je voor coalities en allianties in de wijk")
    assert "beperkte bestedingsruimte" in q.history[1].text
    assert "(sociale) uitsluiting" in q.text and q.text == q.history[2].text


def test_team3_interviews_stakeholders_and_insights(docs):
    doc = docs["team3-werkatelier-2.json"]
    assert [i.interviewee for i in doc.interviews] == [
        "Begeleider bewonersinitiatief school", "Bewoner eengezinswoning", "Bewoner seniorencomplex",
        "Woonconsulent HW Wonen", "Professional zorgorganisatie", "Professional Leger des Heils"]
    consulent = next(i for i in doc.interviews if i.interviewee == "Woonconsulent HW Wonen")
    assert "Een mens is een mens, altijd compleet!" in consulent.quotes
    assert {c.name for c in doc.clusters} >= {"Werkgebied HW Wonen", "Werkgebied Almelo"}
    blijft = next(r for r in doc.rounds if r.title == "Wat blijft ons bij?")
    assert any("zelden over stenen, infrastructuur of geld" in a for a in blijft.answers)


def test_team5_question_interviews_and_stakeholder_kinds(docs):
    doc = docs["team5-werkatelier-2.json"]
    assert doc.question.text.startswith("Hoe krijgen we - vanuit gelijkwaardigheid en wederkerigheid")
    residents = [i for i in doc.interviews if i.date.isoformat() == "2018-12-04"]
    assert len(residents) == 3
    assert all("Hoe kan Leystromen u helpen?" in i.notes for i in residents)
    guests = {p.name for p in doc.participants if p.role == "guest"}
    assert guests == {"Lid huurdersbelangenvereniging (gast)", "Vertegenwoordiger gemeente (gast)",
                      "Zorgverlener (gast)", "Leverancier (gast)", "Medewerker Leystromen (gast)"}


@pytest.mark.parametrize("name", FILES[1:])
def test_no_two_post_its_overlap_at_the_size_they_are_drawn(docs, name):
    import numpy as np

    from werkatelier import layout
    from werkatelier.geometry import stakeholder_box
    doc = docs[name]
    sizes = np.array([stakeholder_box(s) for s in doc.stakeholders], dtype=float)
    xy = np.array([(s.x, s.y) for s in doc.stakeholders], dtype=float)
    clashes = [(doc.stakeholders[a].name, doc.stakeholders[b].name) for a, b in layout.overlaps(sizes, xy)]
    assert clashes == []
