"""Build the demo sessions in sessions/examples/ from the workshop reports of the Innovatiechallenge."""

# The data below retells the five seed reports (team 6: werkatelier I, II and IV; team 3 and team 5:
# werkatelier II). People appear only as roles and organisations, never by name. Where a report is
# silent (the team 6 map itself, interview content, persona details) the text is a plausible reading
# of what the reports do say. Run `python tools/build_examples.py` to regenerate the files.

from __future__ import annotations

import math
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from werkatelier import document
from werkatelier.geometry import stakeholder_box
from werkatelier.model import (
    Action,
    Cluster,
    Event,
    Interview,
    Meta,
    Participant,
    Persona,
    Question,
    QuestionVersion,
    Relation,
    Round,
    Session,
    Stakeholder,
)

EXAMPLES = Path(__file__).resolve().parent.parent / "sessions" / "examples"
PROGRAMME = "Innovatiechallenge Leefbare Wijken en Buurten 2018-2019"
SLOTERDIJK = "Wijkcentrum, Amsterdam Sloterdijk"

# Kinds whose direction matters; the others are mutual.
DIRECTED = {"financiert", "informeert", "verwijst naar", "heeft invloed op"}

BAJT = "Bouwen aan je Toekomst"
TT = "Tina en Tony"


def at(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


def sh(sid: str, name: str, cluster: str, influence: int, interest: int, attitude: int, *,
       capacity: str, contact_for: str, organisation: str = "", kind: str = "organisation",
       tags: tuple[str, ...] = (), notes: str = "", confidential: bool = False) -> Stakeholder:
    return Stakeholder(id=sid, name=name, organisation=organisation, kind=kind, capacity=capacity,
                       contact_for=contact_for, cluster=cluster, influence=influence, interest=interest,
                       attitude=attitude, tags=list(tags), notes=notes, confidential=confidential)


def rel(rid: str, source: str, target: str, kind: str, label: str = "", strength: int = 2,
        notes: str = "") -> Relation:
    return Relation(id=rid, source=source, target=target, kind=kind, label=label,
                    directed=kind in DIRECTED, strength=strength, notes=notes)


def place(stakeholders: list[Stakeholder], clusters: list[Cluster], *, outer: int = 0) -> None:
    """Put unplaced post-its on a ring around their cluster's spot, the clusters on a big ring.

    Rings are sized from the post-its as the renderer draws them, so none overlap. A cluster that
    already has placed post-its keeps its spot and gets the newcomers on a ring just outside them
    (``outer`` widens it), so carrying a map forward never moves what the team arranged.
    """
    members: dict[str | None, list[Stakeholder]] = {}
    for s in stakeholders:
        members.setdefault(s.cluster, []).append(s)

    def ring(group: list[Stakeholder]) -> float:
        return max(150.0, 1.3 * sum(max(stakeholder_box(s)) + 40 for s in group) / (2 * math.pi))

    spread = (max(map(ring, members.values())) + 200.0) * 2.4 * max(len(clusters), 2) / (2 * math.pi)
    for i, c in enumerate(clusters):
        group = members.get(c.id, [])
        placed = [s for s in group if s.placed]
        new = [s for s in group if not s.placed]
        if placed:
            cx, cy = (sum(s.x for s in placed) / len(placed), sum(s.y for s in placed) / len(placed))
            r = max(math.dist((cx, cy), (s.x, s.y)) for s in placed) + 280.0 * outer
        else:
            a = 2 * math.pi * i / len(clusters) - math.pi / 2
            cx, cy, r = spread * math.cos(a), spread * math.sin(a), ring(group)
        for k, s in enumerate(new):
            b = 2 * math.pi * k / len(new) + (math.pi / len(new) if placed else 0.0)
            s.x, s.y = round(cx + r * math.cos(b), 1), round(cy + r * math.sin(b), 1)


# --- team 6 -----------------------------------------------------------------------------------

T6_START = (
    "Hoe vergroot je de leefbaarheid (of: eigenaarschap, verantwoordelijkheid, veiligheid, prettig "
    "samenleven) in een wijk die 'ontoegankelijk' is voor de systeemwereld door een zeer eenzijdige, "
    "overheersende bewonersgroep en waarbij ook criminele ondermijning een rol speelt. Hoe kan je daar "
    "een 'community' bouwen, wat is je rol en houding richting zo'n gesloten gemeenschap als "
    "'professional'? Niet alleen: hoe doen wij dat als Rochdale, maar vóóral ook: hoe doe je dat samen "
    "met huurders en partners in de wijk en in de gemeente?"
)
T6_SHARP = "Hoe vergroten we de weerbaarheid van professionals en bewoners tegen ondermijning?"


def t6_participants() -> list[Participant]:
    p = Participant
    return [
        p(id="pa_t6_procesregie", name="Procesregisseur Veiligheid en Zorg",
          function="Procesregisseur Veiligheid en Zorg", organisation="Gemeente Amsterdam"),
        p(id="pa_t6_gebiedsregie", name="Gebiedsregisseur Tiwos", function="Gebiedsregisseur",
          organisation="Tiwos"),
        p(id="pa_t6_riec", name="Hoofd RIEC", function="Hoofd", organisation="RIEC"),
        p(id="pa_t6_stadmaker", name="Stadmaker", function="Stadmaker", organisation="We Are The City"),
        p(id="pa_t6_jeugdwerker", name="Jeugdwerker", function="Jeugdwerker",
          organisation="Kwadrant Zuid-Oost en stedelijk"),
        p(id="pa_t6_veelzijdig", name="Mede-oprichter Veelzijdig Veilig", function="Mede-oprichter",
          organisation="Veelzijdig Veilig"),
        p(id="pa_t6_woon", name="Lid Raad van Bestuur !Woon", function="Raad van Bestuur",
          organisation="!Woon"),
        p(id="pa_t6_placemakers", name="Mede-oprichter PlaceMakers",
          function="Mede-oprichter PlaceMakers en docent Urban Studies", organisation="PlaceMakers, UvA"),
        p(id="pa_t6_recherche", name="Directeur recherchebureau", function="Directeur",
          organisation="Verder Recherche & Woondiensten"),
        p(id="pa_t6_uva", name="Universitair docent Bestuur en Beleid",
          function="Universitair docent Bestuur en Beleid", organisation="UvA"),
        p(id="pa_t6_obs_han", name="Observator docent-onderzoeker", function="Docent en onderzoeker",
          organisation="HAN, RU", role="observer"),
        p(id="pa_t6_obs_hva", name="Observator onderzoeker HvA", function="Onderzoeker",
          organisation="HvA", role="observer"),
        p(id="pa_t6_mod_manager", name="Manager Aedes", function="Manager, moderator",
          organisation="Aedes", role="moderator"),
        p(id="pa_t6_mod_adviseur", name="Adviseur Aedes", function="Adviseur, moderator",
          organisation="Aedes", role="moderator"),
        p(id="pa_t6_vraageigenaar", name="Lid Raad van Bestuur Rochdale", function="Raad van Bestuur",
          organisation="Rochdale", role="question_owner"),
        p(id="pa_t6_rechterhand", name="Programmamanager Buurtgericht Werken",
          function="Programmamanager Buurtgericht Werken, rechterhand van de vraageigenaar",
          organisation="Rochdale", role="question_owner"),
        p(id="pa_t6_lector", name="Lector Stedelijk Sociaal Werken", function="Lector",
          organisation="HvA", present=False),
        p(id="pa_t6_lsa", name="Directeur LSA", function="Directeur",
          organisation="Landelijke Samenwerking Actieve bewoners", present=False),
        p(id="pa_t6_senioradviseur", name="Senior adviseur", function="Senior adviseur", present=False),
    ]


def t6_rounds_wa1() -> list[Round]:
    r1 = "Werkronde I – Kennismaking met het team"
    r3 = "Werkronde III – Verkenning en vaststellen van de innovatievraag"
    return [
        Round(id="ro_t6_inspiratie", title=r1, prompt="Wie of wat inspireert je?", answers=[
            "De stad beter maken", "Collega's verder helpen", "Maatschappelijke vraagstukken",
            "Vanuit alle hoeken", "Complexe vraagstukken", "Samen doen", "Wie repareert de kraan",
            "It takes a village to raise a child", "Groepen", "Vernieuwers, de drive van andere aanpakkers",
            "Initiatief vanuit de buurt"]),
        Round(id="ro_t6_kennis", title=r1, prompt="Welke kennis en ervaring kom je brengen?",
              answers=["(Nieuwe) taal", "Inzicht in onderwijs", "Politie-achtergrond"]),
        Round(id="ro_t6_waarom", title=r1,
              prompt="Waarom vind je het belangrijk om bij te dragen aan het agenderen en oplossen van dit "
                     "vraagstuk? Waar ligt je zorg en welke verlangens heb je daarbij?",
              answers=["Samen maken we de wijk", "Met het grijze gebied aan de slag", "De omslag is gaande",
                       "Kunnen keren", "Kleine stap groot maken", "Er is niet één oplossing",
                       "Voor de toekomstige generaties", "Multi-actor en leefwereld",
                       "Publiek en privaat combineren"]),
        Round(id="ro_t6_samenwerking", title=r1,
              prompt="Wat heb jij nodig voor een goede samenwerking in het team?",
              answers=["Denken en doen", "Concreet worden", "Testen, uitproberen", "Geloof houden in elkaar",
                       "Elkaar serieus nemen en van elkaar leren", "Integraal werken"]),
        Round(id="ro_t6_vrijetijd", title=r1,
              prompt="Als jullie mij zouden kennen, dan wist je vast dat ik in mijn vrije tijd ...",
              answers=["Koken en lekker eten! Dat verbindt en kan een meerwaarde zijn in het werk"]),
        Round(id="ro_t6_blij", title=r1, prompt="Waar word je blij van en waar zit je allergie?",
              answers=["Brainstormen", "Ruimte voor informeel", "Rare ideeën serieus nemen",
                       "Buiten het eigen kader denken", "Allergie: het missen van passie",
                       "Allergie: de zoveelste denktank"]),
        Round(id="ro_t6_halen", title=r1,
              prompt="Wat wil je zelf graag halen uit de samenwerking en de challenge?",
              answers=["Collega's verder helpen", "Iets mee doen: toepasbaar in de praktijk",
                       "Andere perspectieven"]),
        Round(id="ro_t6_opbrengst", title=r1,
              prompt="Opbrengst: wanneer is de opbrengst voor jou succesvol, en wanneer maakt de uitkomst "
                     "impact op de samenleving?",
              answers=["Geen idee... Opbrengst? Wat is dat precies?",
                       "Geen formats en andere gebruikelijke producten",
                       "Afstappen van het systeem, zodat we snel kunnen reageren",
                       "In de dagelijkse praktijk toepasbaar!"]),
        Round(id="ro_t6_barrieres", title=r1,
              prompt="Welke persoonlijke of maatschappelijke barrières, frustraties of zorgen wil je "
                     "overwinnen in de challenge?",
              answers=["Durven we echt over de drempel te gaan?", "Minder machteloos voelen",
                       "Wijk geregeerd door de systeemwereld", "Te sceptisch zijn", "Protocollen",
                       "Rechtvaardigheid: 'Dit kan toch niet'", "Angst voor de ontwikkeling"]),
        Round(id="ro_t6_huid", title="Werkronde II – Kruip in de huid van",
              prompt="Kruip in de huid van de doelgroepen",
              answers=["Na kort overleg overgeslagen",
                       "Essentie: we kijken en werken vanuit het perspectief van de doelgroepen (bewoners, "
                       "gemeenteambtenaren, zorgverleners, politieagenten)",
                       "In werkatelier II staan we hier nader bij stil"]),
        Round(id="ro_t6_achtergrond", title=r3, prompt="Achtergrond bij de vraagstelling (vraageigenaar)",
              answers=[
                  "In sommige wijken, vooral met hoge mutatie, wordt het sociale weefsel ernstig bedreigd: "
                  "door uitstroom uit de GGZ en instroom in corporatiebezit",
                  "Criminelen ondermijnen bewoners in hun dagelijks leven: ze maken hen slachtoffer, dader, "
                  "medeplichtig of nalatig",
                  "Ondermijning raakt alle kwetsbare groepen huurders: lage inkomens, psychische problemen, "
                  "schulden, jongeren, ouderen en statushouders",
                  "Bewoners voelen zich onveilig en hebben weinig vertrouwen in de toekomst",
                  "Sommige bewoners melden wel misstanden, maar durven geen aangifte te doen: angstig",
                  "Zo raken onder- en bovenwereld met elkaar verweven",
                  "Buurtsystemen zijn vaak ontoegankelijk voor wijkprofessionals en de corporatie, of "
                  "bedreigen hen zelfs: 'kogelgat in krantenbericht'",
                  "Er ontstaan buurten met eigen waardensystemen die buiten onze rechtsstaat staan "
                  "(socialisatie van deviant gedrag)",
                  "Rochdale wil niet wegstappen maar zelf verantwoordelijkheid nemen: preventief, niet per "
                  "se repressief",
                  "Tweeledig doel: community building (bewoners veilig laten voelen en in stelling brengen) "
                  "en empowerment van professionals",
                  "Het vertrouwen van bewoners terugwinnen"]),
        Round(id="ro_t6_resultaat", title=r3,
              prompt="Waar werken we naartoe? Wat vinden we belangrijk qua resultaat na een jaar?",
              answers=["We werken toe naar iets nieuws, niet voortbordurend op wat we al hebben",
                       "Niet vaag of abstract: concreet en vanuit de haarvaten",
                       "Daadwerkelijk tastbare interventies (fysiek, ruimtelijk)",
                       "Handvatten bieden voor corporatiemedewerkers",
                       "Toekomstbestendig en overdraagbaar naar andere organisaties en plekken",
                       "Fair en decent: passend bij de omvang van het probleem"]),
        Round(id="ro_t6_gluren", title=r3,
              prompt="Feedback 'Gluren bij de buren': wat geven andere teams mee?",
              answers=[
                  "Huurders met één been erin (een gezin met één zoon die het goed doet en één die crimineel "
                  "is): hoe voorkom je erger?",
                  "Preventie versus repressie: soms moet je een middel vinden om bij een gezin binnen te "
                  "komen en iets te vinden (wapen, drugs) om iets te kunnen doorbreken",
                  "Zoek op waar onder- en bovenwereld elkaar raken: juist de mensen die ertussenin zitten",
                  "Strafrecht is niet de oplossing",
                  "Maak direct betrokkenen tot een collectief, bijvoorbeeld de moeders van de top 600",
                  "Denk aan sociaal-maatschappelijke initiatieven zoals Heilige Boontjes in Rotterdam: leer "
                  "wat er nodig is om bewoners met een crimineel verleden perspectief te bieden; zorg voor "
                  "zingeving en rolmodellen",
                  "Kijk naar onorthodoxe oplossingen",
                  "Zorg dat je als corporatie kunt uitwisselen; maak spreiding naar andere plekken mogelijk",
                  "Begin bij je eigen organisatie: hoe zuiver ben je zelf?",
                  "Reclassering betrekken?"]),
        Round(id="ro_t6_scherpstelling", title=r3, prompt="Scherpstelling van de startvraag",
              answers=[T6_SHARP]),
        Round(id="ro_t6_nadenken", title="Vragen om eens over na te denken",
              prompt="Welke vragen nemen we mee naar werkatelier II?",
              answers=["Wie willen we precies betrekken?",
                       "Hoe krijg je omstanders in beeld en hoe bereik je deze groep? Doelgroepen laten zich "
                       "slecht interviewen",
                       "Buurtbezoek: wat willen we precies weten?"]),
    ]


def team6_wa1() -> Session:
    return Session(
        id="s_team6wa1", created=at(2018, 9, 27, 7, 45), updated=at(2018, 9, 27, 14, 0),
        meta=Meta(title="Team 6 – Werkatelier I", programme=PROGRAMME, team="Team 6",
                  event=Event(name="Werkatelier I", date=date(2018, 9, 27), location="TU Delft")),
        participants=t6_participants(),
        question=Question(text=T6_SHARP, history=[
            QuestionVersion(text=T6_START, when=at(2018, 9, 27, 8, 0), note="Oorspronkelijke startvraag"),
            QuestionVersion(text=T6_SHARP, when=at(2018, 9, 27, 13, 0),
                            note="Scherpgesteld in werkronde III; tekst zoals in het verslag van "
                                 "werkatelier II"),
        ]),
        rounds=t6_rounds_wa1(),
        actions=[
            Action(id="ac_t6_buurtbezoek",
                   action="Buurtbezoek (bijvoorbeeld Poelenburg of de Bijlmer), en eventueel bewoners "
                          "spreken in hun eigen context",
                   who="Programmamanager Buurtgericht Werken (Rochdale) verkent de mogelijkheden",
                   when="vóór werkatelier II"),
            Action(id="ac_t6_rapport", action="Rapport Wijkaanpak delen",
                   who="Programmamanager Buurtgericht Werken (Rochdale) stuurt door",
                   when="vóór werkatelier II"),
            Action(id="ac_t6_wetenschappers",
                   action="Wetenschappers betrekken: een bestuurskundige en een criminoloog die onderzoek "
                          "doen naar ondermijning",
                   who="Programmamanager Buurtgericht Werken (Rochdale), moderatoren (Aedes)",
                   when="vóór werkatelier II"),
            Action(id="ac_t6_bookofcrime", action="Book of Crime", who="Mede-oprichter Veelzijdig Veilig",
                   when="vóór werkatelier II"),
            Action(id="ac_t6_boeken", action="Boeken aanschaffen en delen: suggesties welkom!",
                   who="Moderatoren (Aedes)", when="doorlopend"),
            Action(id="ac_t6_appgroep", action="App-groep aanmaken", who="Adviseur Aedes", when="deze week"),
            Action(id="ac_t6_virtuelestraat",
                   action="De Virtuele Straat (gedachte-experiment): wat heb je nodig om een straat zoveel "
                          "mogelijk te ondermijnen?",
                   who="Jeugdwerker, Procesregisseur Veiligheid en Zorg, Universitair docent Bestuur en "
                       "Beleid",
                   when="vóór werkatelier II"),
        ],
    )


# Clusters of the team 6 map, in Okabe-Ito colours so colour-blind participants can tell them apart.
T6_CLUSTERS = [
    Cluster(id="cl_corporatie", name="Corporatie", colour="#0072b2",
            description="Rochdale, zijn medewerkers in de wijk en andere corporaties"),
    Cluster(id="cl_gemeente", name="Gemeente en bestuur", colour="#e69f00",
            description="Gemeente Amsterdam, gebiedsgericht werken en het bestuur"),
    Cluster(id="cl_veiligheid", name="Veiligheid en justitie", colour="#d55e00",
            description="Politie, RIEC, OM, reclassering en recherche"),
    Cluster(id="cl_zorg", name="Zorg en welzijn", colour="#009e73",
            description="Jongerenwerk, jeugdhulp, GGZ, buurtteam en schuldhulp"),
    Cluster(id="cl_bewoners", name="Bewoners en buurt", colour="#cc79a7",
            description="Huurders, gezinnen, jongeren en omstanders in de wijk"),
    Cluster(id="cl_kennis", name="Kennis, onderwijs en initiatieven", colour="#56b4e9",
            description="Scholen, onderzoekers en sociaal-maatschappelijke initiatieven"),
    Cluster(id="cl_ondermijning", name="Ondermijnende netwerken", colour="#555555",
            description="Vertrouwelijk: wie de wijk ondermijnt en hoe"),
]


def t6_stakeholders() -> list[Stakeholder]:
    via_riec = "Niet zelf benaderen: signalen melden via politie of RIEC"
    return [
        # Corporatie
        sh("sh_rochdale", "Rochdale", "cl_corporatie", 5, 5, 2, organisation="Rochdale",
           capacity="Vraageigenaar; verhuurder en eigenaar van het corporatiebezit in de wijk",
           contact_for="Woningtoewijzing, huurcontract, woonfraude en buurtgericht werken"),
        sh("sh_rochdale_rvb", "Raad van Bestuur Rochdale", "cl_corporatie", 5, 5, 2, organisation="Rochdale",
           kind="person", capacity="Zet ondermijning bestuurlijk op de agenda; wil niet wegstappen",
           contact_for="Bestuurlijk mandaat en rugdekking voor professionals"),
        sh("sh_buurtgericht", "Programmamanager Buurtgericht Werken", "cl_corporatie", 4, 5, 2,
           organisation="Rochdale", kind="person",
           capacity="Rechterhand van de vraageigenaar; organiseert buurtbezoek en aanpak",
           contact_for="Afstemming van de aanpak en contact met de wijkteams van Rochdale"),
        sh("sh_wijkprof", "Wijkprofessionals Rochdale", "cl_corporatie", 3, 5, 1, organisation="Rochdale",
           kind="group",
           capacity="Komen achter de voordeur; zien signalen als eerste en worden soms zelf bedreigd",
           contact_for="Signalen uit de wijk en contact met bewoners"),
        sh("sh_corporaties", "Andere corporaties in de regio", "cl_corporatie", 3, 2, 1, kind="group",
           capacity="Kunnen woningen uitwisselen zodat bedreigde huurders kunnen verhuizen",
           contact_for="Uitwisseling en spreiding van huurders naar andere plekken"),
        # Gemeente en bestuur
        sh("sh_gemeente", "Gemeente Amsterdam", "cl_gemeente", 5, 4, 1, organisation="Gemeente Amsterdam",
           capacity="Verantwoordelijk voor openbare orde, zorg en de wijkaanpak",
           contact_for="Prestatieafspraken, wijkaanpak en subsidies"),
        sh("sh_procesregie", "Procesregie Veiligheid en Zorg", "cl_gemeente", 4, 5, 2,
           organisation="Gemeente Amsterdam", kind="person",
           capacity="Verbindt de veiligheids- en de zorgaanpak rond gezinnen",
           contact_for="Casusoverleg over gezinnen waar zorg en veiligheid samenkomen"),
        sh("sh_wijkmanager", "Wijkmanager gemeente", "cl_gemeente", 3, 4, 1,
           organisation="Gemeente Amsterdam",
           kind="person", capacity="Gebiedsgericht werken; overziet de wijk als geheel",
           contact_for="Gebiedsagenda, openbare ruimte en bewonersinitiatieven"),
        sh("sh_burgemeester", "Burgemeester", "cl_gemeente", 5, 3, 1, organisation="Gemeente Amsterdam",
           kind="person", capacity="Bevoegd gezag voor de openbare orde; kan panden sluiten",
           contact_for="Bestuurlijke maatregelen en bestuurlijk draagvlak"),
        sh("sh_top600", "Top600-aanpak", "cl_gemeente", 4, 4, 1, organisation="Gemeente Amsterdam",
           capacity="Persoonsgerichte aanpak van veelplegers en hun gezinnen",
           contact_for="Gezinnen waarvan een lid in de aanpak zit; broertjes en zusjes"),
        # Veiligheid en justitie
        sh("sh_politie", "Politie (wijkagenten)", "cl_veiligheid", 4, 4, 1, organisation="Politie",
           kind="group", capacity="Handhaving en opsporing; wijkagent als gezicht in de buurt",
           contact_for="Aangifte, acute onveiligheid en informatie over criminele activiteit"),
        sh("sh_riec", "RIEC", "cl_veiligheid", 4, 4, 2, organisation="RIEC",
           capacity="Bundelt informatie van overheden over georganiseerde ondermijning",
           contact_for="Signalen van georganiseerde criminaliteit en een bestuurlijke aanpak"),
        sh("sh_om", "Openbaar Ministerie", "cl_veiligheid", 5, 3, 0, organisation="Openbaar Ministerie",
           capacity="Vervolging; strafrecht alleen is niet de oplossing",
           contact_for="Strafrechtelijke vervolging en afspraken over informatie delen"),
        sh("sh_recherche", "Particulier rechercheur", "cl_veiligheid", 2, 3, 1,
           organisation="Particulier recherchebureau", kind="person",
           capacity="Onderzoekt woonfraude en onderhuur in opdracht van corporaties",
           contact_for="Onderzoek naar woonfraude, onderhuur en katvangers"),
        sh("sh_reclassering", "Reclassering", "cl_veiligheid", 3, 3, 1, organisation="Reclassering Nederland",
           capacity="Begeleidt daders terug naar de wijk; nog niet betrokken",
           contact_for="Terugkeer na detentie en toezicht op bewoners met een strafverleden",
           notes="Uit de feedback van andere teams: 'Reclassering betrekken?'"),
        # Zorg en welzijn
        sh("sh_jeugdwerk", "Jongerenwerk", "cl_zorg", 2, 5, 2, kind="group",
           capacity="Staat op straat tussen de jongeren; heeft hun vertrouwen",
           contact_for="Contact met jongeren op straat en vroege signalen van ronselen"),
        sh("sh_jeugdhulp", "Jeugdhulpverlener", "cl_zorg", 2, 5, 2, kind="person",
           capacity="Werkt met gezinnen waar kinderen het criminele circuit in dreigen te raken",
           contact_for="Hulp aan gezinnen en jongeren die dreigen af te glijden"),
        sh("sh_ggz", "GGZ-instellingen", "cl_zorg", 3, 2, 0,
           capacity="Uitstroom uit de GGZ naar corporatiewoningen; begeleiding van kwetsbare huurders",
           contact_for="Begeleiding van huurders met psychische problemen"),
        sh("sh_buurtteam", "Buurtteam", "cl_zorg", 3, 4, 1,
           capacity="Eerste hulp bij zorg, schulden en opvoeding in de wijk",
           contact_for="Doorverwijzing bij zorgen achter de voordeur"),
        sh("sh_schuldhulp", "Schuldhulpverlening", "cl_zorg", 2, 3, 1,
           capacity="Schulden maken huurders chantabel voor criminelen",
           contact_for="Huurders met schulden of huurachterstand"),
        # Bewoners en buurt
        sh("sh_huurders", "Huurders in de wijk", "cl_bewoners", 2, 5, 1, kind="group",
           capacity="Voelen zich onveilig; melden misstanden maar doen geen aangifte",
           contact_for="Hoe het is om in de wijk te wonen; meedoen aan de aanpak"),
        sh("sh_eenbeen", "Huurders met één been erin", "cl_bewoners", 2, 4, 0, kind="group",
           capacity="Gezinnen met één kind dat het goed doet en één dat crimineel is",
           contact_for="Voorkomen dat het erger wordt: vroeg het gesprek aangaan"),
        sh("sh_moeders", "Moeders van de top 600", "cl_bewoners", 2, 5, 1, kind="group",
           capacity="Direct betrokkenen die samen een collectief kunnen vormen",
           contact_for="Een collectief van moeders; zicht op wat thuis speelt"),
        sh("sh_jongeren", "Jongeren in de wijk", "cl_bewoners", 2, 4, 0, kind="group",
           capacity="Kwetsbaar voor ronselen als koerier of geldezel; dader en slachtoffer tegelijk",
           contact_for="Wat jongeren zelf nodig hebben; als reality check"),
        sh("sh_omstanders", "Stilzwijgende omstanders", "cl_bewoners", 2, 2, -1, kind="group",
           capacity="Zien wat er gebeurt, zwijgen en profiteren soms mee",
           contact_for="Zicht op wat er in de straat speelt, alleen in vertrouwen"),
        sh("sh_bewonerscommissie", "Bewonerscommissie", "cl_bewoners", 2, 4, 1, kind="group",
           capacity="Vertegenwoordigt de huurders bij de corporatie",
           contact_for="Overleg met huurders over de aanpak en de wijk"),
        sh("sh_offrecord", "Bronnen off the record", "cl_bewoners", 1, 4, 1, kind="group",
           capacity="Bewoners en professionals die alleen vertrouwelijk vertellen wat er speelt",
           contact_for="Alleen via de wijkprofessional die het contact heeft; nooit rechtstreeks",
           confidential=True),
        # Kennis, onderwijs en initiatieven
        sh("sh_heiligeboontjes", "Heilige Boontjes", "cl_kennis", 1, 3, 2, organisation="Heilige Boontjes",
           capacity="Sociale onderneming in Rotterdam: perspectief en werk voor jongeren met een "
                    "crimineel verleden",
           contact_for="Leren wat werkt: zingeving, rolmodellen en werk na een crimineel verleden"),
        sh("sh_scholen", "Scholen en ROC's", "cl_kennis", 3, 3, 1, kind="group",
           capacity="Zien schooluitval vroeg; bieden perspectief op opleiding en werk",
           contact_for="Schooluitval en opleidingsplekken voor jongeren"),
        sh("sh_criminoloog", "Criminoloog", "cl_kennis", 2, 3, 1, kind="person",
           capacity="Onderzoekt de verwevenheid van onder- en bovenwereld",
           contact_for="Onderbouwing van de aanpak en duiding van ondermijning"),
        sh("sh_kennis", "Hogescholen en universiteiten", "cl_kennis", 2, 3, 1, organisation="UvA, HvA",
           capacity="Onderzoek naar wijkaanpak, sociaal werk en bestuur",
           contact_for="Onderzoek, studenten en evaluatie van experimenten"),
        # Ondermijnende netwerken
        sh("sh_criminelen", "Criminele netwerken", "cl_ondermijning", 4, 4, -2, kind="group",
           capacity="Ondermijnen bewoners: maken hen slachtoffer, dader, medeplichtig of nalatig",
           contact_for=via_riec, confidential=True),
        sh("sh_ronselaars", "Ronselaars", "cl_ondermijning", 3, 4, -2, kind="group",
           capacity="Werven jongeren als koerier, geldezel of uitkijk", contact_for=via_riec,
           confidential=True),
        sh("sh_katvangers", "Katvangers en stromannen", "cl_ondermijning", 2, 3, -2, kind="group",
           capacity="Huren woningen en bergingen op hun naam voor criminelen", contact_for=via_riec,
           confidential=True),
    ]


def t6_relations() -> list[Relation]:
    return [
        rel("re_t6_01", "sh_rochdale", "sh_gemeente", "werkt samen met", "Prestatieafspraken", 3),
        rel("re_t6_02", "sh_rochdale", "sh_politie", "werkt samen met", "Overlast en woonfraude"),
        rel("re_t6_03", "sh_rochdale", "sh_riec", "informeert", "Signalen via het convenant"),
        rel("re_t6_04", "sh_riec", "sh_politie", "werkt samen met", "", 3),
        rel("re_t6_05", "sh_riec", "sh_om", "werkt samen met", "", 3),
        rel("re_t6_06", "sh_riec", "sh_gemeente", "werkt samen met", "Bestuurlijke aanpak", 3),
        rel("re_t6_07", "sh_burgemeester", "sh_criminelen", "heeft invloed op", "Sluiten van panden"),
        rel("re_t6_08", "sh_gemeente", "sh_top600", "financiert", "", 3),
        rel("re_t6_09", "sh_top600", "sh_moeders", "werkt samen met", "Moeders betrekken", 1),
        rel("re_t6_10", "sh_procesregie", "sh_top600", "werkt samen met", "", 3),
        rel("re_t6_11", "sh_procesregie", "sh_buurtteam", "werkt samen met", "Casusoverleg"),
        rel("re_t6_12", "sh_wijkmanager", "sh_buurtgericht", "werkt samen met", "Gebiedsagenda"),
        rel("re_t6_13", "sh_wijkprof", "sh_buurtteam", "verwijst naar", "Zorgen achter de voordeur"),
        rel("re_t6_14", "sh_wijkprof", "sh_politie", "informeert", "Meldingen", 1),
        rel("re_t6_15", "sh_rochdale", "sh_recherche", "financiert", "Opdracht onderzoek woonfraude"),
        rel("re_t6_16", "sh_recherche", "sh_riec", "informeert", "", 1),
        rel("re_t6_17", "sh_ggz", "sh_rochdale", "verwijst naar", "Uitstroom naar zelfstandig wonen"),
        rel("re_t6_18", "sh_jeugdwerk", "sh_jongeren", "werkt samen met", "Vertrouwensband op straat", 3),
        rel("re_t6_19", "sh_jeugdhulp", "sh_jeugdwerk", "werkt samen met"),
        rel("re_t6_20", "sh_jeugdhulp", "sh_eenbeen", "werkt samen met", "Begeleidt gezinnen"),
        rel("re_t6_21", "sh_reclassering", "sh_top600", "werkt samen met"),
        rel("re_t6_22", "sh_reclassering", "sh_heiligeboontjes", "verwijst naar", "Perspectief na detentie",
            1),
        rel("re_t6_23", "sh_heiligeboontjes", "sh_jongeren", "werkt samen met", "Rolmodellen en werk", 1),
        rel("re_t6_24", "sh_scholen", "sh_jongeren", "werkt samen met"),
        rel("re_t6_25", "sh_scholen", "sh_buurtteam", "verwijst naar", "Zorgen over leerlingen", 1),
        rel("re_t6_26", "sh_ronselaars", "sh_jongeren", "heeft invloed op",
            "Ronselen als koerier of geldezel",
            3),
        rel("re_t6_27", "sh_criminelen", "sh_huurders", "heeft invloed op", "Intimidatie; zwijgen afdwingen",
            3),
        rel("re_t6_28", "sh_criminelen", "sh_ronselaars", "werkt samen met", "", 3),
        rel("re_t6_29", "sh_criminelen", "sh_katvangers", "heeft invloed op", "Woningen op naam laten huren",
            3),
        rel("re_t6_30", "sh_katvangers", "sh_rochdale", "conflict met", "Onderhuur en woonfraude"),
        rel("re_t6_31", "sh_criminelen", "sh_omstanders", "heeft invloed op", "Kleine gunsten, goedkope "
                                                                              "spullen"),
        rel("re_t6_32", "sh_criminelen", "sh_politie", "conflict met", "", 3),
        rel("re_t6_33", "sh_criminelen", "sh_wijkprof", "conflict met", "Bedreiging: 'kogelgat in "
                                                                        "krantenbericht'"),
        rel("re_t6_34", "sh_huurders", "sh_wijkprof", "informeert", "Melden misstanden, maar geen aangifte"),
        rel("re_t6_35", "sh_offrecord", "sh_wijkprof", "informeert", "Alleen vertrouwelijk", 1),
        rel("re_t6_36", "sh_moeders", "sh_jeugdwerk", "werkt samen met", "", 1),
        rel("re_t6_37", "sh_bewonerscommissie", "sh_rochdale", "werkt samen met"),
        rel("re_t6_38", "sh_bewonerscommissie", "sh_huurders", "vertegenwoordigt"),
        rel("re_t6_39", "sh_wijkprof", "sh_schuldhulp", "verwijst naar", "Huurachterstand"),
        rel("re_t6_40", "sh_criminoloog", "sh_gemeente", "informeert", "Duiding van ondermijning", 1),
        rel("re_t6_41", "sh_kennis", "sh_rochdale", "informeert", "Rapport Wijkaanpak", 1),
        rel("re_t6_42", "sh_corporaties", "sh_rochdale", "werkt samen met", "Uitwisseling bedreigde "
                                                                            "huurders", 1),
        rel("re_t6_43", "sh_rochdale_rvb", "sh_burgemeester", "werkt samen met", "Bestuurlijk overleg", 1),
        rel("re_t6_44", "sh_buurtgericht", "sh_wijkprof", "werkt samen met", "", 3),
        rel("re_t6_45", "sh_jeugdwerk", "sh_politie", "conflict met",
            "Spanning: vertrouwen van jongeren tegenover informatie delen", 1),
        rel("re_t6_46", "sh_om", "sh_reclassering", "werkt samen met"),
    ]


def t6_interviews() -> list[Interview]:
    d = date(2018, 12, 13)
    return [
        Interview(
            id="iv_t6_jeugdhulp", interviewee="Jeugdhulpverlener",
            perspective="Jeugdhulp: gezinnen en jongeren",
            date=d, stakeholder_ids=["sh_jeugdhulp", "sh_jongeren", "sh_eenbeen"],
            persona_ids=["pe_t6_daderslachtoffer", "pe_t6_lasthebber"],
            notes=["Werkt met gezinnen waar een of meer kinderen het criminele circuit in dreigen te raken",
                   "Jongeren worden al op de basisschool benaderd om 'klusjes' te doen",
                   "Hulp komt vaak pas op gang na een incident of een aanhouding"],
            insights=["Ontworsteling lukt als er één volwassene is die blijft, ook als het misgaat",
                      "Moeders zien het als eerste, maar schamen zich of zijn bang",
                      "Jongeren zijn dader en slachtoffer tegelijk; alleen straffen duwt hen verder het "
                      "netwerk in"],
            quotes=["Ze zijn veertien en verdienen in een week meer dan hun vader in een maand. Wat zet ik "
                    "daartegenover?",
                    "Het lukte toen hij werk vond waar hij trots op kon zijn, niet door de straf."]),
        Interview(
            id="iv_t6_wijkmanager", interviewee="Wijkmanager gemeente",
            perspective="Gemeente: gebiedsgericht werken",
            date=d, stakeholder_ids=["sh_wijkmanager", "sh_gemeente", "sh_wijkprof"],
            persona_ids=["pe_t6_streetlevel", "pe_t6_lasthebber"],
            notes=["Coördineert de gebiedsagenda met corporaties, politie en welzijn",
                   "Veel overleg, weinig zicht op wat er achter de voordeur gebeurt"],
            insights=["Informatie delen tussen corporatie, gemeente en politie loopt vast op privacyregels "
                      "en onduidelijke afspraken",
                      "Bewoners melden wel bij de wijkbeheerder, niet bij de politie: de corporatie is een "
                      "vertrouwde ingang",
                      "Kleine zichtbare ingrepen in de openbare ruimte laten bewoners zien dat er iets "
                      "gebeurt"],
            quotes=["Iedereen heeft een stukje van de puzzel, maar niemand legt hem.",
                    "Als bewoners zien dat een melding iets oplevert, melden ze de volgende keer weer."]),
        Interview(
            id="iv_t6_recherche", interviewee="Particulier rechercheur",
            perspective="Onderzoek naar woonfraude in opdracht van corporaties", date=d, confidential=True,
            stakeholder_ids=["sh_recherche", "sh_katvangers", "sh_criminelen"],
            persona_ids=["pe_t6_profijthebber", "pe_t6_daderslachtoffer"],
            notes=["Voorbeelden uit lopende zaken zijn off the record gedeeld: niet in presentaties",
                   "Doet onderzoek naar onderhuur, hennepteelt en woningen die als opslag dienen"],
            insights=["Woningen worden gehuurd via katvangers; de huurder op papier woont er vaak niet",
                      "Schulden maken huurders chantabel: wie een schuld heeft, stelt zijn woning of berging "
                      "beschikbaar",
                      "De signalen zijn er vroeg (hoog verbruik, wisselende bewoners), maar niemand koppelt "
                      "ze"],
            quotes=["De echte huurder is vaak het eerste slachtoffer.",
                    "Wie niet durft te praten, praat soms wel als hij weet dat het niet op papier komt."]),
        Interview(
            id="iv_t6_criminoloog", interviewee="Criminoloog",
            perspective="Wetenschap: onder- en bovenwereld",
            date=d, stakeholder_ids=["sh_criminoloog", "sh_criminelen", "sh_omstanders"],
            persona_ids=["pe_t6_profijthebber", "pe_t6_daderslachtoffer"],
            notes=["Onderzoekt hoe onder- en bovenwereld in wijken met elkaar verweven raken",
                   "Wijst op buurten met eigen waardensystemen, waar crimineel gedrag gewoon wordt gevonden"],
            insights=["Zoek de mensen die tussen onder- en bovenwereld in zitten: daar is verandering "
                      "mogelijk",
                      "Strafrecht alleen is niet de oplossing; het gaat om perspectief, zingeving en "
                      "rolmodellen",
                      "Veel bewoners profiteren stilzwijgend mee; zij zijn niet crimineel, maar houden het "
                      "systeem wel in stand"],
            quotes=["Ondermijning is niet de misdaad van een paar mensen, het is een systeem waarin een hele "
                    "straat meedoet.",
                    "Het omslagpunt komt als de buurt zelf zegt: dit willen we niet meer."]),
    ]


def t6_personas() -> list[Persona]:
    return [
        Persona(
            id="pe_t6_streetlevel", name="Streetlevel Professional",
            archetype="Wijkprofessional in de frontlinie",
            avatar="🚲",
            quote="Ik zie het als eerste, maar ik weet niet altijd bij wie ik ermee terecht kan.",
            background="Werkt al jaren in de wijk als wijkbeheerder, jongerenwerker of wijkagent. Komt "
                       "achter "
                       "de voordeur en kent de families. Wordt aangesproken en soms bedreigd. Protocollen en "
                       "meldroutes sluiten niet aan op wat er op straat gebeurt.",
            wishes=["Snel kunnen reageren zonder eerst drie formulieren", "Collega's om op terug te vallen"],
            needs=["Weten bij wie je terecht kunt, en waarvoor", "Veilig en off the record kunnen melden",
                   "Rugdekking van de eigen organisatie"],
            interests=["Het vertrouwen van bewoners behouden", "De eigen veiligheid"],
            frustrations=["De zoveelste denktank en het zoveelste protocol",
                          "Meldingen die in een zwart gat verdwijnen", "Zich machteloos voelen"],
            goals=["Een wijk waarin bewoners weer durven te melden"],
            contributions=["Kent de wijk en de families", "Ziet signalen vroeg"],
            stakeholder_ids=["sh_wijkprof", "sh_jeugdwerk", "sh_politie"],
            interview_ids=["iv_t6_wijkmanager", "iv_t6_jeugdhulp"]),
        Persona(
            id="pe_t6_daderslachtoffer", name="Dader-slachtoffer",
            archetype="Jongere in het criminele circuit",
            avatar="🎭",
            quote="Ze vroegen alleen of ik een pakketje wilde wegbrengen. Nu kom ik er niet meer uit.",
            background="Tussen de 16 en 24, opgegroeid in de wijk. Schulden en schooluitval; wordt gebruikt "
                       "als "
                       "koerier, geldezel of katvanger. Is dader en slachtoffer tegelijk, en loyaal aan wie "
                       "hem geld en status gaf.",
            wishes=["Snel geld en status", "Erbij horen"],
            needs=["Een uitweg zonder gezichtsverlies", "Perspectief op werk en inkomen",
                   "Een rolmodel dat het zelf heeft gered"],
            interests=["Loyaliteit aan vrienden en familie", "De veiligheid van zichzelf en zijn familie"],
            frustrations=["Alleen straf; na detentie terug in hetzelfde netwerk",
                          "Instanties die praten in plaats van luisteren"],
            goals=["Een eigen inkomen en een eigen plek"],
            contributions=["Kent de mechanismen van binnenuit", "Kan rolmodel worden voor jongere "
                                                                "buurtgenoten"],
            stakeholder_ids=["sh_jongeren", "sh_eenbeen", "sh_heiligeboontjes", "sh_reclassering"],
            interview_ids=["iv_t6_jeugdhulp", "iv_t6_criminoloog", "iv_t6_recherche"]),
        Persona(
            id="pe_t6_profijthebber", name="Stilzwijgende profijthebber",
            archetype="Omstander die meeprofiteert",
            avatar="🤐", quote="Ik bemoei me er niet mee. Ze doen mij niks, en ze helpen als er iets is.",
            background="Woont al lang in de wijk, ziet wat er gebeurt en stelt geen vragen. Krijgt soms iets "
                       "terug: geld voor een sleutel of een berging, goedkope spullen, rust op straat.",
            wishes=["Rust in de straat", "Met rust gelaten worden"],
            needs=["Een alternatief voor wat het netwerk biedt", "Veiligheid als hij toch gaat praten"],
            interests=["Het kleine voordeel behouden", "Een goede verhouding met de buren"],
            frustrations=["Politie en corporatie komen pas als het misgaat", "Geen vertrouwen in instanties"],
            goals=["Zijn eigen leven leiden zonder gedoe"],
            contributions=["Weet wat er speelt", "Kan de omslag in de straat mogelijk maken als hij zich "
                                                 "veilig voelt"],
            stakeholder_ids=["sh_omstanders", "sh_huurders", "sh_katvangers"],
            interview_ids=["iv_t6_criminoloog", "iv_t6_recherche"]),
        Persona(
            id="pe_t6_lasthebber", name="Goedwillende lasthebber", archetype="Bewoner die de last draagt",
            avatar="🏠", quote="Ik wil gewoon dat mijn kinderen hier veilig kunnen opgroeien.",
            background="Moeder, huurt al vijftien jaar bij de corporatie. Eén zoon doet het goed, de andere "
                       "raakt in het criminele circuit. Meldt overlast bij de wijkbeheerder, maar durft geen "
                       "aangifte te doen.",
            wishes=["Een veilige straat", "Een toekomst voor haar kinderen"],
            needs=["Iemand die luistert zonder te oordelen", "Anoniem kunnen melden", "Steun van andere "
                                                                                      "moeders"],
            interests=["Haar huis behouden", "Het gezin bij elkaar houden"],
            frustrations=["Bang voor represailles", "Wordt aangesproken op het gedrag van haar zoon",
                          "Voelt zich machteloos"],
            goals=["Haar zoon eruit halen voordat het te laat is"],
            contributions=["Kan met andere moeders een collectief vormen", "Kent de jongeren in de straat"],
            stakeholder_ids=["sh_moeders", "sh_eenbeen", "sh_huurders"],
            interview_ids=["iv_t6_jeugdhulp", "iv_t6_wijkmanager"]),
    ]


def team6_wa2(wa1: Session) -> Session:
    stakeholders = t6_stakeholders()
    place(stakeholders, T6_CLUSTERS)
    buurtbezoek = Action(id="ac_t6_buurtbezoek",
                         action="Buurtbezoek aan Poelenburg: medewerkers van Rochdale vertellen meer over "
                                "de case",
                         who="Rochdale (Programmamanager Buurtgericht Werken) organiseert",
                         when="eind januari 2019",
                         status="doing")
    return Session(
        id="s_team6wa2", created=at(2018, 12, 13, 8, 30), updated=at(2018, 12, 13, 16, 0),
        meta=Meta(title="Team 6 – Werkatelier II", programme=PROGRAMME, team="Team 6", carried_from=wa1.id,
                  event=Event(name="Werkatelier II", date=date(2018, 12, 13), location=SLOTERDIJK)),
        participants=[p.model_copy(deep=True) for p in wa1.participants],
        question=wa1.question.model_copy(deep=True),
        clusters=[c.model_copy(deep=True) for c in T6_CLUSTERS],
        stakeholders=stakeholders, relations=t6_relations(),
        interviews=t6_interviews(), personas=t6_personas(),
        rounds=[
            Round(id="ro_t6_map", title="Stakeholdermap",
                  prompt="Welke partijen zijn betrokken bij de vraag, en in welke hoedanigheid?",
                  answers=[f"{c.name}: {c.description}" for c in T6_CLUSTERS]),
            Round(id="ro_t6_interviews", title="Interviews met experts",
                  prompt="Wat leren we van de experts over de frustrerende praktijk, en over waar de "
                         "ontworsteling wel lukte?",
                  answers=["Vier invalshoeken: jeugdhulp, gemeente, particuliere recherche en criminologie",
                           "De corporatie is voor bewoners een vertrouwdere ingang dan de politie",
                           "Ontworsteling lukt met perspectief, werk en één volwassene die blijft",
                           "Signalen zijn er vroeg, maar niemand koppelt ze"]),
            Round(id="ro_t6_doelgroepen", title="Doelgroepen",
                  prompt="Op welke doelgroepen moet de focus liggen?",
                  answers=["Streetlevel Professional", "Dader-slachtoffer", "Stilzwijgende profijthebber",
                           "Goedwillende lasthebber"]),
            Round(id="ro_t6_opbrengst2", title="Opbrengst van het tweede werkatelier",
                  prompt="Welke nieuwe inzichten nemen we mee?",
                  answers=["Een nog beter beeld van het probleem", "Kritische reflectie op onszelf",
                           "Is weerbaarheid wel het juiste woord voor wat we zoeken?",
                           "Met deze inzichten echt richting kiezen"]),
        ],
        actions=[
            buurtbezoek,
            Action(id="ac_t6_richting",
                   action="Richting kiezen voor werkatelier III: is weerbaarheid het juiste woord?",
                   who="Hele team", when="werkatelier III"),
        ],
    )


def t6_partners() -> list[Stakeholder]:
    """The experiments' partners that join the map at werkatelier IV."""
    return [
        sh("sh_roc", "ROC Amsterdam", "cl_kennis", 3, 3, 1, organisation="ROC Amsterdam", tags=(BAJT,),
           capacity="School en begeleiding van de jongeren in het experiment",
           contact_for="Opleiding en begeleiding van jongeren op een leerwerkplek"),
        sh("sh_directeur_arbeid", "Directeur Arbeid", "cl_gemeente", 4, 3, 1,
           organisation="Gemeente Amsterdam",
           kind="person", tags=(BAJT,), capacity="Gaat over werk en inkomen in de gemeente",
           contact_for="Leerwerktrajecten en financiering vanuit werk en inkomen"),
        sh("sh_aannemer", "Aannemer (via Rochdale)", "cl_corporatie", 3, 3, 1, tags=(BAJT,),
           capacity="Voert de renovatie uit die als pilot dient; biedt werkplekken",
           contact_for="Werkplekken voor jongeren op een bestaand renovatieproject"),
        sh("sh_jongerennetwerk", "Jongerennetwerk Nieuw-West", "cl_bewoners", 2, 4, 1, kind="group",
           tags=(BAJT,), capacity="Reality check: toetst haalbaarheid en draagkracht bij jongeren",
           contact_for="Sessie met jongeren in de wijk (eind juni)"),
        sh("sh_wijkbeheerders", "Wijkbeheerders", "cl_corporatie", 2, 5, 2, organisation="Rochdale",
           kind="group",
           tags=(TT,), capacity="Dagelijks in de wijk; zien verloedering en woonfraude als eerste",
           contact_for="Signalen in portieken en woningen; input voor de toolkit"),
        sh("sh_incasso", "Incassomedewerkers", "cl_corporatie", 2, 4, 1, organisation="Rochdale",
           kind="group",
           tags=(TT,),
           capacity="Komen bij huurachterstand achter de voordeur; schulden zijn een ingang voor uitbuiting",
           contact_for="Huurachterstand en schulden vroeg signaleren; input voor de toolkit"),
        sh("sh_leefbaarheid", "Leefbaarheidsconsulenten", "cl_corporatie", 2, 5, 2, organisation="Rochdale",
           kind="group", tags=(TT,), capacity="Werken aan overlast, burenruzies en bewonersinitiatieven",
           contact_for="Overlast en bewonersinitiatieven; input voor de toolkit"),
        sh("sh_duwtje", "Duwtje", "cl_kennis", 1, 2, 2, organisation="Duwtje",
           tags=(TT, "Gedragsverandering"),
           capacity="Onderzoeks- en adviesbureau voor nudging in de openbare ruimte",
           contact_for="Gedragsverandering met subtiele aanpassingen van de fysieke omgeving"),
    ]


def team6_wa4(wa2: Session) -> Session:
    stakeholders = [s.model_copy(deep=True) for s in wa2.stakeholders]
    by_id = {s.id: s for s in stakeholders}
    for sid in ("sh_jongeren", "sh_burgemeester", "sh_scholen"):
        by_id[sid].tags.append(BAJT)
    for sid in ("sh_wijkprof", "sh_buurtteam", "sh_schuldhulp", "sh_offrecord"):
        by_id[sid].tags.append(TT)
    by_id["sh_burgemeester"].notes = "Bouwen aan je Toekomst: eventueel de burgemeester zelf benaderen"
    stakeholders += t6_partners()
    place(stakeholders, T6_CLUSTERS, outer=1)
    relations = [r.model_copy(deep=True) for r in wa2.relations] + [
        rel("re_t6_47", "sh_aannemer", "sh_rochdale", "werkt samen met", "Renovatieproject als pilot", 3),
        rel("re_t6_48", "sh_roc", "sh_aannemer", "werkt samen met", "Leerwerkplekken"),
        rel("re_t6_49", "sh_directeur_arbeid", "sh_roc", "financiert", "Leerwerktrajecten"),
        rel("re_t6_50", "sh_jongerennetwerk", "sh_jongeren", "werkt samen met", "", 3),
        rel("re_t6_51", "sh_jongerennetwerk", "sh_jeugdwerk", "werkt samen met"),
        rel("re_t6_52", "sh_roc", "sh_jongeren", "werkt samen met", "Begeleiding op school"),
        rel("re_t6_53", "sh_burgemeester", "sh_directeur_arbeid", "heeft invloed op", "", 1),
        rel("re_t6_54", "sh_wijkbeheerders", "sh_buurtteam", "verwijst naar", "Zorgen achter de voordeur"),
        rel("re_t6_55", "sh_incasso", "sh_schuldhulp", "verwijst naar", "Huurachterstand vroeg "
                                                                        "doorverwijzen", 3),
        rel("re_t6_56", "sh_leefbaarheid", "sh_politie", "informeert", "Overlastmeldingen", 1),
        rel("re_t6_57", "sh_leefbaarheid", "sh_bewonerscommissie", "werkt samen met"),
        rel("re_t6_58", "sh_duwtje", "sh_leefbaarheid", "informeert", "Workshop gedragsverandering", 1),
        rel("re_t6_59", "sh_buurtgericht", "sh_leefbaarheid", "werkt samen met", "", 3),
        rel("re_t6_60", "sh_wijkbeheerders", "sh_incasso", "werkt samen met", "Samen achter de voordeur"),
    ]
    personas = [p.model_copy(deep=True) for p in wa2.personas]
    links = {"pe_t6_streetlevel": ["sh_wijkbeheerders", "sh_incasso", "sh_leefbaarheid"],
             "pe_t6_daderslachtoffer": ["sh_jongerennetwerk", "sh_roc"]}
    for p in personas:
        p.stakeholder_ids += links.get(p.id, [])
    guests = [
        Participant(id="pa_t6_gast_wijkprof_a", name="Wijkprofessional (gast)", function="Wijkprofessional",
                    organisation="Woningcorporatie", role="guest"),
        Participant(id="pa_t6_gast_wijkprof_b", name="Wijkprofessional (tweede gast)",
                    function="Wijkprofessional", organisation="Woningcorporatie", role="guest"),
        Participant(id="pa_t6_gast_rvi", name="Lid Raad van Inspiratie", function="Lid Raad van Inspiratie",
                    organisation="Innovatiechallenge", role="guest"),
        Participant(id="pa_t6_gast_duwtje", name="Trainer gedragsverandering", function="Trainer",
                    organisation="Duwtje", role="guest"),
    ]
    deel1 = "Deel 1 – Verrijken van experiment naar actie"
    return Session(
        id="s_team6wa4", created=at(2019, 6, 4, 11, 0), updated=at(2019, 6, 4, 16, 0),
        meta=Meta(title="Team 6 – Werkatelier IV", programme=PROGRAMME, team="Team 6", carried_from=wa2.id,
                  event=Event(name="Werkatelier IV (datum geschat: het verslag noemt geen datum)",
                              date=date(2019, 6, 4), location="Social Impact Factory, Utrecht")),
        participants=[p.model_copy(deep=True) for p in wa2.participants] + guests,
        question=wa2.question.model_copy(deep=True),
        clusters=[c.model_copy(deep=True) for c in wa2.clusters],
        stakeholders=stakeholders, relations=relations, personas=personas,
        interviews=[i.model_copy(deep=True) for i in wa2.interviews],
        rounds=[
            Round(id="ro_t6_pitches", title="Introductie en pitches",
                  prompt="Pitches van Tina en Tony en Bouwen aan je Toekomst: welke plenaire feedback "
                         "krijgen we?",
                  answers=["Let op de knelpunten in het concept, zoals de stakeholders ze zien",
                           "Maak concrete actiepunten voor de volgende fase van de challenge",
                           "Stippen op de horizon en bevestigingen uit de praktijk van de gasten"]),
            Round(id="ro_t6_bajt", title=f"{deel1}: {BAJT}",
                  prompt="Hoe zetten we het concept om in actie, en wie benaderen we?",
                  answers=["Het idee voorleggen aan de jongeren zelf in de gekozen wijk, Amsterdam "
                           "Nieuw-West",
                           "School en begeleiding: ROC Amsterdam",
                           "Gemeente: de directeur arbeid, eventueel de burgemeester",
                           "Aannemer via Rochdale",
                           "Een bestaand renovatieproject als pilot kiezen"]),
            Round(id="ro_t6_tt", title=f"{deel1}: {TT}",
                  prompt="Wat hebben (startende) wijkprofessionals nodig om de juiste hulp te vinden bij "
                         "bedreigende gebeurtenissen?",
                  answers=["Ervaren wijkprofessionals merken de druk van ondermijning niet altijd direct, "
                           "door hun ervaring en nauwe samenwerking met andere instanties",
                           "Een goed hulpnetwerk is essentieel",
                           "Een toolkit die (startende) wijkprofessionals helpt de juiste hulp te vinden",
                           "Een strippenkaart om externe hulp in te schakelen",
                           "Een verwijzingsindex met alle partners in de wijk, en waarvoor je ze nodig hebt",
                           "Een social-media-account voor werkers op straat",
                           "Een veto van de professional op bepaalde organisatiebeslissingen",
                           "Off the record kunnen spreken over wat er is voorgevallen"]),
            Round(id="ro_t6_gedrag", title="Deel 2 – Gedragsverandering in de fysieke ruimte",
                  prompt="Hoe zetten we communicatie in om positief gedrag te bereiken en het beeld (en de "
                         "beleving) van de wijk te verbeteren?",
                  answers=["Het communicatie-idee uit werkatelier III ging door bezetting en twijfel over de "
                           "haalbaarheid in een andere vorm verder",
                           "Workshop van Duwtje: nudging, positief gedrag aansporen met subtiele "
                           "veranderingen in de fysieke omgeving",
                           "Praktijkvoorbeelden: hoe zet je gedragsverandering in tegen ondermijning?",
                           "Besluit: het communicatie-experiment naar de achtergrond; focus op de twee "
                           "bestaande experimenten"]),
        ],
        actions=[
            Action(id="ac_t6_buurtbezoek", action="Buurtbezoek aan Poelenburg",
                   who="Rochdale (Programmamanager Buurtgericht Werken)", when="eind januari 2019",
                   status="done"),
            Action(id="ac_t6_bajt_sessie",
                   action="Bouwen aan je Toekomst: sessie in de wijk met een jongerennetwerk uit Nieuw-West "
                          "als reality check voor haalbaarheid en draagkracht bij jongeren",
                   who="Subteam Bouwen aan je Toekomst", when="eind juni 2019"),
            Action(id="ac_t6_bajt_pilot",
                   action="Bouwen aan je Toekomst: een bestaand renovatieproject als pilot kiezen",
                   who="Rochdale (Programmamanager Buurtgericht Werken)", when="juni-juli 2019"),
            Action(id="ac_t6_bajt_partners",
                   action="Bouwen aan je Toekomst: netwerkpartners benaderen om zich aan het traject te "
                          "binden (ROC Amsterdam, directeur arbeid, eventueel de burgemeester, aannemer)",
                   who="Subteam Bouwen aan je Toekomst", when="juni-juli 2019"),
            Action(id="ac_t6_tt_sessie",
                   action="Tina en Tony: sessie met wijkbeheerders, incassomedewerkers en "
                          "leefbaarheidsconsulenten: "
                          "wie en wat hebben zij nodig (de Angels en Homies en de toolkit)?",
                   who="Subteam Tina en Tony", when="juni 2019"),
            Action(id="ac_t6_tt_toolkit",
                   action="Tina en Tony: de input van de praktijkmensen verwerken in de toolkit "
                          "(strippenkaart, verwijzingsindex, social-media-account)",
                   who="Subteam Tina en Tony", when="juli 2019"),
            Action(id="ac_t6_communicatie",
                   action="Communicatie-experiment naar de achtergrond; focus op de twee experimenten",
                   who="Hele team", when="werkatelier IV", status="done"),
        ],
    )


# --- team 3 -----------------------------------------------------------------------------------

T3_WA1 = ("Hoe zorg je voor coalities en allianties in de wijk die werkelijk gaan doen? Hoe kom je daarbij "
          "dan tot het goede, wat is het goede volgens de bewoner?")
T3_REFINED = ("Hoe kom je tot een effectief samenspel juist in de wijken en buurten waar bewoners belemmerd "
              "worden door ouderdom of beperkte bestedingsruimte? (inhoud) Hoe zorgen we dat dit samenspel "
              "aansluit bij de concrete wensen en behoeften van de bewoners? (proces)")
T3_SHARP = ("Hoe komen we om mensen te stimuleren om mee te doen met wat zij kunnen en willen, tot "
            "effectief samenspel in wijken en buurten waar (sociale) uitsluiting van bewoners door ouderdom "
            "of beperkte bestedingsruimte een risico is? Hoe zorgen we dat dit samenspel aansluit bij de "
            "concrete wensen, behoeften en mogelijkheden van de bewoners?")


def team3_wa2() -> Session:
    hw, alm = "cl_t3_hw", "cl_t3_almelo"
    hw_tag, alm_tag = "Werkgebied HW Wonen", "Werkgebied Almelo"
    clusters = [
        Cluster(id=hw, name="Werkgebied HW Wonen", colour="#0072b2",
                description="Bewoners en partners in het werkgebied van HW Wonen"),
        Cluster(id=alm, name="Werkgebied Almelo", colour="#e69f00",
                description="Bewoners en partners in het werkgebied van Beter Wonen en St Joseph"),
        Cluster(id="cl_t3_beide", name="In beide gebieden", colour="#009e73",
                description="Partners die in beide werkgebieden actief zijn"),
    ]
    stakeholders = [
        sh("sh_t3_hwwonen", "HW Wonen", hw, 4, 5, 2, organisation="HW Wonen", tags=(hw_tag,),
           capacity="Vraageigenaar; verhuurder in het werkgebied",
           contact_for="Facts en figures over de wijk, woonconsulenten en bewonersinitiatieven"),
        sh("sh_t3_woonconsulent", "Woonconsulent HW Wonen", hw, 2, 5, 2, organisation="HW Wonen",
           kind="person",
           tags=(hw_tag,), capacity="Kent de bewoners achter de voordeur",
           contact_for="Wat er speelt bij individuele huurders"),
        sh("sh_t3_eengezins", "Bewoners eengezinswoningen", hw, 1, 5, 1, kind="group", tags=(hw_tag,),
           capacity="Gezinnen met weinig te besteden", contact_for="Wensen en behoeften van gezinnen"),
        sh("sh_t3_school", "School met bewonersinitiatief", hw, 2, 4, 2, kind="organisation", tags=(hw_tag,),
           capacity="Neutrale ontmoetingsplek; ouders komen via de kinderen",
           contact_for="Ouders bereiken en initiatieven rond de school"),
        sh("sh_t3_wethouder_hw", "Wethouder gemeente", hw, 5, 3, 1, kind="person", tags=(hw_tag,),
           capacity="Bestuurlijk verantwoordelijk voor wonen en sociaal domein",
           contact_for="Bestuurlijk draagvlak en afspraken over het sociaal domein"),
        sh("sh_t3_beterwonen", "Beter Wonen", alm, 4, 5, 2, organisation="Beter Wonen", tags=(alm_tag,),
           capacity="Vraageigenaar, samen met St Joseph", contact_for="Facts en figures over de wijk"),
        sh("sh_t3_stjoseph", "St Joseph Almelo", alm, 3, 4, 2, organisation="St Joseph", tags=(alm_tag,),
           capacity="Corporatie die samen met Beter Wonen de vraag inbrengt",
           contact_for="Inzet van de corporatie in de Almelose wijken"),
        sh("sh_t3_senioren", "Bewoners seniorencomplex", alm, 1, 5, 1, kind="group", tags=(alm_tag,),
           capacity="Ouderen die dreigen te vereenzamen", contact_for="Wensen en behoeften van ouderen"),
        sh("sh_t3_gemeente_alm", "Gemeente Almelo", alm, 5, 4, 1, organisation="Gemeente Almelo",
           tags=(alm_tag,), capacity="Trekker van het armoedepact",
           contact_for="Armoedepact en minimabeleid"),
        sh("sh_t3_armoedepact", "Armoedepact Almelo", alm, 3, 5, 2, kind="group", tags=(alm_tag,),
           capacity="Samenwerking van gemeente, corporaties en maatschappelijke partners tegen armoede",
           contact_for="Gezamenlijke aanpak van armoede en schulden"),
        sh("sh_t3_zorg", "Zorgorganisatie", "cl_t3_beide", 3, 4, 1, tags=(hw_tag, alm_tag),
           capacity="Zorg aan huis voor ouderen en mensen met een beperking",
           contact_for="Zorg thuis en signalen van eenzaamheid"),
        sh("sh_t3_legerdesheils", "Leger des Heils", "cl_t3_beide", 2, 4, 2, organisation="Leger des Heils",
           tags=(hw_tag, alm_tag), capacity="Hulp aan mensen met schulden en weinig netwerk",
           contact_for="Mensen die zich terugtrekken; schulden en eenzaamheid"),
        sh("sh_t3_welzijn", "Welzijnswerk", "cl_t3_beide", 2, 4, 1, tags=(hw_tag, alm_tag),
           capacity="Ondersteunt bewonersinitiatieven en vrijwilligers",
           contact_for="Vrijwilligers en buurtactiviteiten"),
    ]
    place(stakeholders, clusters)
    relations = [
        rel("re_t3_01", "sh_t3_hwwonen", "sh_t3_woonconsulent", "werkt samen met", "", 3),
        rel("re_t3_02", "sh_t3_woonconsulent", "sh_t3_eengezins", "werkt samen met", "Huisbezoeken"),
        rel("re_t3_03", "sh_t3_school", "sh_t3_eengezins", "werkt samen met", "Ouders via de kinderen"),
        rel("re_t3_04", "sh_t3_wethouder_hw", "sh_t3_hwwonen", "heeft invloed op", "Prestatieafspraken"),
        rel("re_t3_05", "sh_t3_beterwonen", "sh_t3_stjoseph", "werkt samen met", "Samen vraageigenaar", 3),
        rel("re_t3_06", "sh_t3_gemeente_alm", "sh_t3_armoedepact", "financiert", "", 3),
        rel("re_t3_07", "sh_t3_beterwonen", "sh_t3_armoedepact", "werkt samen met"),
        rel("re_t3_08", "sh_t3_stjoseph", "sh_t3_armoedepact", "werkt samen met"),
        rel("re_t3_09", "sh_t3_zorg", "sh_t3_senioren", "werkt samen met", "Zorg aan huis", 3),
        rel("re_t3_10", "sh_t3_legerdesheils", "sh_t3_armoedepact", "werkt samen met"),
        rel("re_t3_11", "sh_t3_woonconsulent", "sh_t3_legerdesheils", "verwijst naar", "Schulden, weinig "
                                                                                       "netwerk"),
        rel("re_t3_12", "sh_t3_welzijn", "sh_t3_senioren", "werkt samen met", "Ontmoeting"),
        rel("re_t3_13", "sh_t3_welzijn", "sh_t3_school", "werkt samen met", "Bewonersinitiatief", 1),
        rel("re_t3_14", "sh_t3_zorg", "sh_t3_welzijn", "verwijst naar", "Signalen van eenzaamheid", 1),
    ]
    d = date(2018, 12, 13)
    interviews = [
        Interview(id="iv_t3_school", interviewee="Begeleider bewonersinitiatief school",
                  perspective="Bewonersinitiatief rond een school", date=d,
                  stakeholder_ids=["sh_t3_school"], persona_ids=["pe_t3_bestedingsprobleem"],
                  notes=["Begeleidt ouders die rond de school iets voor de buurt organiseren"],
                  insights=["Ouders komen wel voor hun kinderen, niet voor een bijeenkomst van de corporatie",
                            "Een school is een neutrale plek waar buren elkaar ontmoeten"],
                  quotes=["Via de kinderen kom je binnen."]),
        Interview(id="iv_t3_eengezins", interviewee="Bewoner eengezinswoning", perspective="Bewoner",
                  date=d, stakeholder_ids=["sh_t3_eengezins"], persona_ids=["pe_t3_bestedingsprobleem"],
                  notes=["Weinig te besteden; vindt het lastig om hulp te vragen"],
                  insights=["Het gaat niet om geld of stenen, maar om iemand die meedenkt",
                            "Schaamte houdt mensen weg bij loketten"],
                  quotes=["Ik zou graag iemand hebben die me helpt."]),
        Interview(id="iv_t3_senioren", interviewee="Bewoner seniorencomplex", perspective="Oudere bewoner",
                  date=d, stakeholder_ids=["sh_t3_senioren"], persona_ids=["pe_t3_ouder"],
                  notes=["Woont alleen; mist de vaste momenten van ontmoeting in het complex"],
                  insights=["Ouderen willen van betekenis blijven, niet alleen geholpen worden",
                            "Een traplift lost de eenzaamheid niet op"],
                  quotes=["Ik wil nog best iets doen, als iemand het me vraagt."]),
        Interview(id="iv_t3_woonconsulent", interviewee="Woonconsulent HW Wonen", perspective="Corporatie",
                  date=d, stakeholder_ids=["sh_t3_woonconsulent", "sh_t3_hwwonen"],
                  persona_ids=["pe_t3_woonconsulent"],
                  notes=["Ziet bij huisbezoeken wat er achter de voordeur speelt"],
                  insights=["Kijk naar de hele mens, niet alleen naar de huurbetaling",
                            "Tijd om echt te luisteren ontbreekt vaak"],
                  quotes=["Een mens is een mens, altijd compleet!"]),
        Interview(id="iv_t3_zorg", interviewee="Professional zorgorganisatie", perspective="Zorg",
                  date=d, stakeholder_ids=["sh_t3_zorg"], persona_ids=["pe_t3_ouder"],
                  notes=["Zorg en wonen werken vaak langs elkaar heen"],
                  insights=["Zorgverleners zien eenzaamheid, maar hebben er geen tijd of budget voor",
                            "Een sociaal netwerk voorkomt meer zorgvragen dan een extra indicatie"],
                  quotes=["We zorgen goed voor het lichaam, maar wie let op de rest?"]),
        Interview(id="iv_t3_legerdesheils", interviewee="Professional Leger des Heils",
                  perspective="Maatschappelijke opvang en schuldhulp", date=d,
                  stakeholder_ids=["sh_t3_legerdesheils"], persona_ids=["pe_t3_bestedingsprobleem"],
                  notes=["Werkt met mensen met schulden en een klein netwerk"],
                  insights=["Mensen met schulden trekken zich terug; de eerste stap is vertrouwen",
                            "Begin bij wat iemand nog wel kan"],
                  quotes=["Wij beginnen bij wat iemand nog wél kan."]),
    ]
    personas = [
        Persona(id="pe_t3_bestedingsprobleem", name="Bewoner met een bestedingsprobleem",
                archetype="Bewoner met weinig te besteden", avatar="👛",
                quote="Ik zou graag iemand hebben die me helpt.",
                background="Alleenstaande ouder in een eengezinswoning. Rondkomen lukt net; schaamt zich om "
                           "hulp te vragen en doet daardoor niet mee aan wat er in de buurt gebeurt.",
                wishes=["Erbij horen in de buurt", "Dat de kinderen mee kunnen doen met wat andere kinderen "
                                                   "doen"],
                needs=["Iemand die meedenkt zonder te oordelen", "Overzicht over de eigen financiën"],
                interests=["Grip op het eigen leven houden", "Een goede toekomst voor de kinderen"],
                frustrations=["Loketten en formulieren", "Het gevoel er niet toe te doen"],
                goals=["Van betekenis zijn voor de buurt, niet alleen hulp ontvangen"],
                contributions=["Praktische handigheid", "Tijd om iets voor de buurt te doen"],
                stakeholder_ids=["sh_t3_eengezins"],
                interview_ids=["iv_t3_eengezins", "iv_t3_legerdesheils", "iv_t3_school"]),
        Persona(id="pe_t3_ouder", name="Oudere bewoner", archetype="Senior die wil blijven meedoen",
                avatar="👵", quote="Ik wil nog best iets doen, als iemand het me vraagt.",
                background="Woont al jaren alleen in een seniorencomplex. Het sociale netwerk wordt "
                           "kleiner; de zorg komt aan huis, maar het contact met buren is weinig.",
                wishes=["Gezien worden", "Vaste momenten van ontmoeting"],
                needs=["Een sociaal netwerk dichtbij", "Veilig en zelfstandig kunnen blijven wonen"],
                interests=["Zelfstandigheid behouden", "Contact met buren en familie"],
                frustrations=["Eenzaamheid", "Dat over hem wordt beslist in plaats van met hem"],
                goals=["Van betekenis blijven voor anderen"],
                contributions=["Levenservaring en tijd", "Kennis van de buurt en haar geschiedenis"],
                stakeholder_ids=["sh_t3_senioren", "sh_t3_zorg"],
                interview_ids=["iv_t3_senioren", "iv_t3_zorg"]),
        Persona(id="pe_t3_wethouder", name="Wethouder gemeente", archetype="Bestuurder sociaal domein",
                avatar="🏛️", quote="Ik wil zien dat het geld bij de bewoner aankomt.",
                background="Wethouder met wonen en het sociaal domein in de portefeuille. Verantwoordelijk "
                           "voor het armoedebeleid en afspraken met de corporaties.",
                wishes=["Zichtbare resultaten in de wijk", "Minder versnippering tussen partners"],
                needs=["Betrouwbare cijfers over de wijken", "Partners die samen optrekken"],
                interests=["Draagvlak bij de gemeenteraad", "Beheersbare kosten in het sociaal domein"],
                frustrations=["Goede intenties zonder uitvoering", "Projecten die stoppen als de subsidie "
                                                                   "stopt"],
                goals=["Minder mensen die door armoede of ouderdom buiten de samenleving vallen"],
                contributions=["Bestuurlijk draagvlak", "Verbinding met het armoedepact"],
                stakeholder_ids=["sh_t3_wethouder_hw", "sh_t3_gemeente_alm", "sh_t3_armoedepact"]),
        Persona(id="pe_t3_woonconsulent", name="Woonconsulent corporatie", archetype="Corporatiemedewerker",
                avatar="🔑", quote="Een mens is een mens, altijd compleet!",
                background="Komt dagelijks bij huurders thuis. Ziet eenzaamheid en geldzorgen, maar heeft "
                           "weinig tijd en weinig middelen om er iets mee te doen.",
                wishes=["Tijd voor echte gesprekken", "Snel iemand kunnen inschakelen die verder helpt"],
                needs=["Een netwerk van partners in de wijk", "Ruimte van de eigen organisatie"],
                interests=["Tevreden huurders", "Huurders die hun huur kunnen blijven betalen"],
                frustrations=["Regels die niet passen bij de mens", "Signalen waar niemand iets mee doet"],
                goals=["Bewoners helpen meedoen met wat zij kunnen"],
                contributions=["Kent de bewoners achter de voordeur", "Verbindt bewoners met partners"],
                stakeholder_ids=["sh_t3_woonconsulent", "sh_t3_hwwonen"],
                interview_ids=["iv_t3_woonconsulent"]),
    ]
    return Session(
        id="s_team3wa2", created=at(2018, 12, 13, 8, 30), updated=at(2018, 12, 13, 16, 30),
        meta=Meta(title="Team 3 – Werkatelier II", programme=PROGRAMME, team="Team 3",
                  event=Event(name="Werkatelier II", date=date(2018, 12, 13), location=SLOTERDIJK)),
        participants=[
            Participant(id="pa_t3_vraag_hw", name="Vraageigenaar HW Wonen", organisation="HW Wonen",
                        role="question_owner"),
            Participant(id="pa_t3_vraag_bw", name="Vraageigenaar Beter Wonen", organisation="Beter Wonen",
                        role="question_owner"),
            Participant(id="pa_t3_stjoseph", name="Vertegenwoordiger St Joseph", organisation="St Joseph"),
            *[Participant(id=f"pa_t3_gast_{i.id.removeprefix('iv_t3_')}", name=f"{i.interviewee} (gast)",
                          function=i.interviewee, role="guest") for i in interviews],
        ],
        question=Question(text=T3_SHARP, history=[
            QuestionVersion(text=T3_WA1, when=at(2018, 9, 27, 14, 0), note="Vraag aan het einde van "
                                                                           "werkatelier I"),
            QuestionVersion(text=T3_REFINED, when=at(2018, 12, 13, 9, 0),
                            note="Tussentijds aangepast; besproken aan het begin van werkatelier II"),
            QuestionVersion(text=T3_SHARP, when=at(2018, 12, 13, 15, 30),
                            note="Aangescherpt na de afsluitende pitch"),
        ]),
        clusters=clusters, stakeholders=stakeholders, relations=relations,
        interviews=interviews, personas=personas,
        rounds=[
            Round(id="ro_t3_huiswerk", title="Wat is er in de tussentijd gebeurd?",
                  prompt="Welk huiswerk hebben we gedaan tussen werkatelier I en II?",
                  answers=["Facts en figures over de wijken en de inzet van beide corporaties",
                           "Informatie over het armoedepact in Almelo gedeeld",
                           "Contacten met lokale stakeholders en bewoners, voor een diverse groep gasten"]),
            Round(id="ro_t3_herkenning", title="De aangepaste vraag",
                  prompt="Wat herkennen we uit de eigen praktijk in de aangepaste vraag?",
                  answers=["Hoe kom je tot écht samenwerken als het puntje bij het paaltje komt?",
                           "Hoe kijken we meer vanuit overkoepelende issues naar wijk en bewoner?",
                           "Wat is dan je opgave en rol als corporatie?"]),
            Round(id="ro_t3_voorwie", title="Voor wie gaan we wat oplossen?",
                  prompt="Voor WIE willen we nu WAT oplossen?",
                  answers=[p.name for p in personas]),
            Round(id="ro_t3_opbrengst", title="Wat blijft ons bij?",
                  prompt="Wat blijft ons bij in de opbrengst van deze middag?",
                  answers=[
                      "Bij wensen en behoeften van bewoners gaat het zelden over stenen, infrastructuur of "
                      "geld. "
                      "Men wil ertoe doen, gezien worden, ergens bij horen, van betekenis zijn; sociale "
                      "netwerken zijn belangrijk",
                      "Taal en leefwereld van ervaringsdeskundigen en professionals verschillen. Verbinding "
                      "maken vraagt tijd en aandacht. Voorkom dat we hoog over vliegen",
                      "De mensen uit de praktijk geven nieuwe inzichten; elkaar bevragen en je in elkaars "
                      "perspectief verplaatsen geeft verdieping",
                      "Focus op wat nog wel kan in plaats van wat niet kan. Iedereen heeft iets bij te "
                      "dragen: maak gebruik van de kracht van mensen zelf",
                      "Onze opgave als corporatie opnieuw definiëren: meedoen en erbij horen vragen om een "
                      "andere verdeling van rollen, taken en verantwoordelijkheden in het maatschappelijk "
                      "middenveld",
                      "Zie de bewoner niet als consument maar als producent van publieke waarde, om uit de "
                      "subsidiestroom te blijven en samen met bewoners gebiedsgericht te ondernemen",
                      "'Verbinding is noodzakelijk om tot beweging te kunnen komen' (vraageigenaar)"]),
        ],
        actions=[
            Action(id="ac_t3_nijmegen",
                   action="Werkatelier III in Nijmegen: de verschillende ontmoetingen voorbereiden",
                   who="Hele team", when="7 februari 2019"),
        ],
    )


# --- team 5 -----------------------------------------------------------------------------------

T5_QUESTION = ("Hoe krijgen we - vanuit gelijkwaardigheid en wederkerigheid - onze huurders in een andere "
               "rol waardoor er ander gedrag ontstaat dat bijdraagt aan fijne, leefbare en veilige wijken?")
T5_ASKED = ["Wat betekenen de begrippen gelijkwaardigheid en wederkerigheid voor u?",
            "Hoe kijkt u tegen Leystromen aan in termen van vriendschap?",
            "Wat zou u graag anders of nieuw zien?", "Hoe kan Leystromen u helpen?"]


def team5_wa2() -> Session:
    clusters = [
        Cluster(id="cl_t5_huurders", name="Huurders", colour="#cc79a7", description="Huurders en hun "
                                                                                    "vereniging"),
        Cluster(id="cl_t5_leystromen", name="Leystromen", colour="#0072b2",
                description="De corporatie en haar medewerkers"),
        Cluster(id="cl_t5_partners", name="Partners in de wijk", colour="#009e73",
                description="Gemeente, zorg en leveranciers"),
    ]
    stakeholders = [
        sh("sh_t5_huurders", "Huurders van Leystromen", "cl_t5_huurders", 2, 5, 1, kind="group",
           capacity="De doelgroep: huurders in een andere rol", contact_for="Hoe huurders zelf hun rol zien"),
        sh("sh_t5_hbv", "Huurdersbelangenvereniging", "cl_t5_huurders", 3, 5, 1, kind="group",
           capacity="Vertegenwoordigt de huurders richting Leystromen",
           contact_for="Overleg en advies namens de huurders"),
        sh("sh_t5_betrokken", "Betrokken bewoners", "cl_t5_huurders", 2, 4, 2, kind="group",
           capacity="Bewoners die zich al inzetten voor hun buurt", contact_for="Buurtinitiatieven en "
                                                                                "vrijwilligers"),
        sh("sh_t5_leystromen", "Leystromen", "cl_t5_leystromen", 5, 5, 2, organisation="Leystromen",
           capacity="Vraageigenaar; wil gelijkwaardiger omgaan met huurders",
           contact_for="Huur, onderhoud en leefbaarheid"),
        sh("sh_t5_medewerkers", "Medewerkers Leystromen", "cl_t5_leystromen", 3, 4, 1,
           organisation="Leystromen",
           kind="group", capacity="Dagelijks contact met huurders", contact_for="Signalen en contact met "
                                                                                "huurders"),
        sh("sh_t5_gemeente", "Gemeente", "cl_t5_partners", 4, 3, 1, kind="organisation",
           capacity="Verantwoordelijk voor het sociaal domein en de openbare ruimte",
           contact_for="Wijkaanpak, openbare ruimte en sociaal domein"),
        sh("sh_t5_zorg", "Zorgverleners", "cl_t5_partners", 3, 4, 1, kind="group",
           capacity="Komen bij kwetsbare huurders thuis", contact_for="Zorg en signalen achter de voordeur"),
        sh("sh_t5_leveranciers", "Leveranciers", "cl_t5_partners", 2, 2, 0, kind="group",
           capacity="Onderhoudsbedrijven en aannemers die bij huurders over de vloer komen",
           contact_for="Onderhoud en reparaties; wat zij in woningen zien"),
    ]
    place(stakeholders, clusters)
    relations = [
        rel("re_t5_01", "sh_t5_hbv", "sh_t5_leystromen", "werkt samen met", "Overleg en advies", 3),
        rel("re_t5_02", "sh_t5_hbv", "sh_t5_huurders", "vertegenwoordigt", "", 3),
        rel("re_t5_03", "sh_t5_medewerkers", "sh_t5_huurders", "werkt samen met", "Dagelijks contact"),
        rel("re_t5_04", "sh_t5_leystromen", "sh_t5_leveranciers", "financiert", "Onderhoud"),
        rel("re_t5_05", "sh_t5_leveranciers", "sh_t5_huurders", "werkt samen met", "Over de vloer", 1),
        rel("re_t5_06", "sh_t5_zorg", "sh_t5_leystromen", "informeert", "Signalen van kwetsbare huurders"),
        rel("re_t5_07", "sh_t5_gemeente", "sh_t5_leystromen", "werkt samen met", "Prestatieafspraken"),
        rel("re_t5_08", "sh_t5_betrokken", "sh_t5_huurders", "werkt samen met", "Buren helpen buren"),
        rel("re_t5_09", "sh_t5_medewerkers", "sh_t5_zorg", "verwijst naar", "", 1),
    ]
    visit, day = date(2018, 12, 4), date(2018, 12, 13)
    interviews = [
        Interview(id="iv_t5_bewoner_lang", interviewee="Huurder, woont al lang in de wijk",
                  perspective="Bewoner (excursie naar een wijk van Leystromen)", date=visit, notes=T5_ASKED,
                  stakeholder_ids=["sh_t5_huurders"], persona_ids=["pe_t5_huurder"],
                  insights=["Ziet Leystromen als verhuurder, niet als vriend: 'ze komen als er iets kapot "
                            "is'",
                            "Wederkerigheid betekent voor hem: als ik iets doe, wil ik ook gehoord worden"],
                  quotes=["Vriendschap? Ik ben blij als ze de telefoon opnemen."]),
        Interview(id="iv_t5_bewoner_gezin", interviewee="Huurder met jong gezin",
                  perspective="Bewoner (excursie naar een wijk van Leystromen)", date=visit, notes=T5_ASKED,
                  stakeholder_ids=["sh_t5_huurders"], persona_ids=["pe_t5_huurder"],
                  insights=["Wil graag iets doen voor de buurt, maar weet niet waar te beginnen",
                            "Wenst een plek waar buren elkaar tegenkomen"],
                  quotes=["Als iemand het organiseert, doe ik mee."]),
        Interview(id="iv_t5_bewoner_actief", interviewee="Actieve bewoner",
                  perspective="Bewoner (excursie naar een wijk van Leystromen)", date=visit, notes=T5_ASKED,
                  stakeholder_ids=["sh_t5_betrokken"], persona_ids=["pe_t5_burger"],
                  insights=["Gelijkwaardigheid betekent serieus genomen worden als het over de eigen straat "
                            "gaat",
                            "Betrokken bewoners haken af als hun inzet niet gezien wordt"],
                  quotes=["Vraag niet alleen wat wij vinden, doe er dan ook iets mee."]),
        Interview(id="iv_t5_hbv", interviewee="Lid huurdersbelangenvereniging", perspective="Huurders",
                  date=day, stakeholder_ids=["sh_t5_hbv"], persona_ids=["pe_t5_huurder", "pe_t5_burger"],
                  insights=["De vereniging wil eerder betrokken worden, niet pas als de plannen klaar zijn"],
                  quotes=["Gelijkwaardig is: aan tafel voordat het besluit valt."]),
        Interview(id="iv_t5_gemeente", interviewee="Vertegenwoordiger gemeente", perspective="Gemeente",
                  date=day, stakeholder_ids=["sh_t5_gemeente"], persona_ids=["pe_t5_burger"],
                  insights=["Gemeente en corporatie spreken bewoners vaak los van elkaar aan"],
                  quotes=["De bewoner ziet geen verschil tussen ons en de corporatie, en dat hoeft ook "
                          "niet."]),
        Interview(id="iv_t5_zorg", interviewee="Zorgverlener", perspective="Zorg", date=day,
                  stakeholder_ids=["sh_t5_zorg"], persona_ids=["pe_t5_zorgverlener"],
                  insights=["Zorgverleners zien als eersten wanneer het met een huurder niet goed gaat",
                            "Er is geen vaste lijn om zorgen over wonen door te geven"],
                  quotes=["Ik zie de schimmel en de stapel post, maar wie bel ik daarvoor?"]),
        Interview(id="iv_t5_leverancier", interviewee="Leverancier", perspective="Onderhoud", date=day,
                  stakeholder_ids=["sh_t5_leveranciers"], persona_ids=["pe_t5_medewerker"],
                  insights=["Monteurs komen achter de voordeur en merken veel, maar dat is niet hun "
                            "opdracht"],
                  quotes=["Wij komen voor de kraan, maar we zien het hele huis."]),
        Interview(id="iv_t5_medewerker", interviewee="Medewerker Leystromen", perspective="Corporatie",
                  date=day, stakeholder_ids=["sh_t5_medewerkers", "sh_t5_leystromen"],
                  persona_ids=["pe_t5_medewerker"],
                  insights=["Huurders in een andere rol vraagt ook medewerkers in een andere rol",
                            "Regels maken het lastig om maatwerk te leveren"],
                  quotes=["We willen wel naast de huurder staan, maar de procedure staat ertussen."]),
    ]
    personas = [
        Persona(id="pe_t5_huurder", name="De huurder", archetype="Huurder van Leystromen", avatar="🏘️",
                quote="Ik wil gewoon gehoord worden als ik iets meld.",
                background="Huurt al jaren bij Leystromen. Ziet de corporatie vooral als verhuurder die "
                           "komt als er iets kapot is.",
                wishes=["Snel geholpen worden", "Een prettige, veilige straat"],
                needs=["Serieus genomen worden", "Weten bij wie je terecht kunt"],
                interests=["Betaalbaar wonen", "Een goed onderhouden woning"],
                frustrations=["Lang wachten op reparaties", "Niet teruggebeld worden"],
                goals=["Prettig wonen met buren die elkaar kennen"],
                contributions=["Kent de straat", "Wil meedoen als iemand het organiseert"],
                stakeholder_ids=["sh_t5_huurders"],
                interview_ids=["iv_t5_bewoner_lang", "iv_t5_bewoner_gezin", "iv_t5_hbv"]),
        Persona(id="pe_t5_zorgverlener", name="De zorgverlener", archetype="Professional achter de voordeur",
                avatar="🩺", quote="Ik zie het als eerste, maar ik weet niet wie ik moet bellen.",
                background="Komt dagelijks bij kwetsbare huurders thuis voor zorg. Ziet verwaarlozing en "
                           "geldzorgen, maar wonen is niet haar vak.",
                wishes=["Een vaste contactpersoon bij de corporatie", "Samen optrekken rond een huurder"],
                needs=["Een korte lijn om zorgen over wonen door te geven", "Terugkoppeling na een melding"],
                interests=["Het welzijn van haar cliënten", "Privacy van cliënten bewaken"],
                frustrations=["Geen tijd naast de geïndiceerde zorg", "Meldingen zonder reactie"],
                goals=["Cliënten die veilig en prettig thuis blijven wonen"],
                contributions=["Vroege signalen", "Vertrouwen van kwetsbare huurders"],
                stakeholder_ids=["sh_t5_zorg"], interview_ids=["iv_t5_zorg"]),
        Persona(id="pe_t5_medewerker", name="De medewerker van Leystromen", archetype="Corporatiemedewerker",
                avatar="🔧", quote="We willen naast de huurder staan, maar de procedure staat ertussen.",
                background="Werkt al jaren bij Leystromen in de wijk. Wil gelijkwaardig met huurders "
                           "omgaan, maar werkt binnen regels en targets.",
                wishes=["Ruimte voor maatwerk", "Huurders die meedenken"],
                needs=["Vertrouwen en mandaat van de organisatie", "Tijd voor gesprekken in de wijk"],
                interests=["Tevreden huurders", "Een goed imago van Leystromen"],
                frustrations=["Regels die niet passen bij de situatie", "Alleen komen als er klachten zijn"],
                goals=["Een wederkerige relatie met huurders"],
                contributions=["Kennis van de woningen en de regels", "Netwerk binnen Leystromen"],
                stakeholder_ids=["sh_t5_medewerkers", "sh_t5_leystromen", "sh_t5_leveranciers"],
                interview_ids=["iv_t5_medewerker", "iv_t5_leverancier"]),
        Persona(id="pe_t5_burger", name="De betrokken burger", archetype="Actieve bewoner", avatar="🙋",
                quote="Vraag niet alleen wat wij vinden, doe er dan ook iets mee.",
                background="Zet zich al jaren in voor de buurt: buurtfeest, groen, een oogje in het zeil bij "
                           "de buren. Raakt soms teleurgesteld in instanties.",
                wishes=["Waardering voor wat bewoners zelf doen", "Meebeslissen over de eigen buurt"],
                needs=["Een aanspreekpunt dat zaken oppakt", "Kleine middelen om iets te organiseren"],
                interests=["Een levendige, veilige buurt", "Invloed op plannen"],
                frustrations=["Inspraak zonder gevolg", "Alles moet via formulieren"],
                goals=["Buren die naar elkaar omkijken"],
                contributions=["Energie en netwerk in de buurt", "Kan andere bewoners meekrijgen"],
                stakeholder_ids=["sh_t5_betrokken", "sh_t5_hbv"],
                interview_ids=["iv_t5_bewoner_actief", "iv_t5_hbv", "iv_t5_gemeente"]),
    ]
    return Session(
        id="s_team5wa2", created=at(2018, 12, 13, 8, 30), updated=at(2018, 12, 13, 16, 30),
        meta=Meta(title="Team 5 – Werkatelier II", programme=PROGRAMME, team="Team 5",
                  event=Event(name="Werkatelier II", date=date(2018, 12, 13), location=SLOTERDIJK)),
        participants=[
            Participant(id="pa_t5_vraageigenaar", name="Vraageigenaar Leystromen", organisation="Leystromen",
                        role="question_owner"),
            *[Participant(id=f"pa_t5_gast_{i.id.removeprefix('iv_t5_')}", name=f"{i.interviewee} (gast)",
                          function=i.interviewee, role="guest") for i in interviews if i.date == day],
        ],
        question=Question(text=T5_QUESTION, history=[
            QuestionVersion(text=T5_QUESTION, when=at(2018, 12, 4, 9, 0),
                            note="De vraag van team 5 bij de excursie op 4 december"),
        ]),
        clusters=clusters, stakeholders=stakeholders, relations=relations,
        interviews=interviews, personas=personas,
        rounds=[
            Round(id="ro_t5_vragen", title="Excursie 4 december",
                  prompt="Welke vragen stelden we aan bewoners in een wijk van Leystromen?",
                  answers=T5_ASKED),
            Round(id="ro_t5_gesprekken", title="Gesprekken met bewoners",
                  prompt="Wat zijn de belangrijkste punten uit de gesprekken met bewoners?",
                  answers=["Bewoners zien Leystromen als verhuurder, nog niet als partner",
                           "Gelijkwaardigheid is: serieus genomen worden en gehoord worden",
                           "Bewoners willen wel meedoen als iemand het organiseert",
                           "Ook de vragen die we stelden zijn een leerpunt: open vragen werken beter"]),
            Round(id="ro_t5_opbrengst", title="Opbrengst van het tweede werkatelier",
                  prompt="Wat leverde het beschrijven van de persona's op?",
                  answers=["Veel extra inzichten en vragen",
                           "Meer empathie met en begrip van de doelgroep en de omliggende partijen",
                           "Klaar om in het volgende werkatelier richting de oplossing te bewegen"]),
        ],
        actions=[
            Action(id="ac_t5_oplossing", action="Richting de oplossing bewegen met de vier persona's",
                   who="Hele team", when="werkatelier III"),
        ],
    )


# --- output -----------------------------------------------------------------------------------

def build() -> dict[str, Session]:
    """Every demo session by its file name."""
    wa1 = team6_wa1()
    wa2 = team6_wa2(wa1)
    return {
        "team6-werkatelier-1.json": wa1,
        "team6-werkatelier-2.json": wa2,
        "team6-werkatelier-4.json": team6_wa4(wa2),
        "team3-werkatelier-2.json": team3_wa2(),
        "team5-werkatelier-2.json": team5_wa2(),
    }


def main() -> int:
    EXAMPLES.mkdir(parents=True, exist_ok=True)
    for name, doc in build().items():
        # Round-trip through loads so what we write is exactly what the app will read back.
        text = document.dumps(document.loads(document.dumps(doc)))
        (EXAMPLES / name).write_text(text, encoding="utf-8")
        print(f"wrote {EXAMPLES / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
