"""Session templates: a map of the parties a neighbourhood question typically involves, ready to adapt."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from werkatelier import geometry, layout, palette
from werkatelier.document import WerkatelierError, explain
from werkatelier.model import Cluster, Event, Meta, Session, Stakeholder


@dataclass(frozen=True)
class _Party:
    #: Dutch and English, as (nl, en); the rest of the fields as Stakeholder takes them.
    name: tuple[str, str]
    capacity: tuple[str, str]
    contact_for: tuple[str, str]
    kind: str = "organisation"
    influence: int = 3
    interest: int = 3


@dataclass(frozen=True)
class _Group:
    key: str
    name: tuple[str, str]
    description: tuple[str, str]
    #: Index into palette.PALETTE: the demo sessions colour the same kinds of parties alike.
    colour: int
    parties: tuple[_Party, ...]


#: The parties a team working on a neighbourhood (wijk) question meets first. Deliberately roles and
#: organisations, never people's names: the team replaces and adds what fits their own neighbourhood.
NEIGHBOURHOOD: tuple[_Group, ...] = (
    _Group("bewoners", ("Bewoners", "Residents"),
           ("Huurders, eigenaren en hun vertegenwoordigers in de wijk",
            "Tenants, owners and those who speak for them in the neighbourhood"), 3, (
        _Party(("Bewonerscommissie", "Residents' committee"),
               ("Spreekt namens de huurders van een complex", "Speaks for the tenants of a block"),
               ("Wat er speelt in portieken en achter de voordeur", "What goes on in stairwells and homes"),
               kind="group", influence=2, interest=5),
        _Party(("Huurdersvereniging", "Tenants' association"),
               ("Formeel overlegpartner van de corporatie", "Formal consultation partner of the corporation"),
               ("Instemming met beleid en afspraken", "Consent on policy and agreements"),
               influence=3, interest=4),
        _Party(("Buurtbewoners", "Local residents"),
               ("Ervaringsdeskundigen: zij wonen er", "Experts by experience: they live here"),
               ("Verhalen uit de buurt en wie je moet kennen", "Stories from the street and who to know"),
               kind="group", influence=2, interest=5),
    )),
    _Group("corporatie", ("Woningcorporatie", "Housing corporation"),
           ("De verhuurder en zijn mensen in de wijk", "The landlord and its people in the neighbourhood"),
           0, (
        _Party(("Wijkbeheerder", "Neighbourhood caretaker"),
               ("Dagelijks aanwezig in de complexen", "In the buildings every day"),
               ("Signalen over woonoverlast en verwaarlozing", "Signs of nuisance and neglect"),
               kind="person", influence=3, interest=4),
        _Party(("Woonconsulent", "Housing officer"),
               ("Spreekt huurders over huur, overlast en achterstanden",
                "Talks to tenants about rent, nuisance and arrears"),
               ("Huurachterstanden en zorgen achter de voordeur", "Rent arrears and worries behind the door"),
               kind="person", influence=3, interest=4),
        _Party(("Gebiedsmanager corporatie", "Corporation area manager"),
               ("Bepaalt investeringen en prioriteiten in de wijk",
                "Decides on investment and priorities in the area"),
               ("Budget, renovatie en toewijzing", "Budget, renovation and allocation"),
               kind="person", influence=4, interest=4),
    )),
    _Group("gemeente", ("Gemeente", "Municipality"),
           ("Bestuur, beleid en gebiedsgericht werken", "Council, policy and area-based work"), 1, (
        _Party(("Wijkregisseur", "Area coordinator"),
               ("Verbindt gemeente, partners en bewoners in het gebied",
                "Links the council, partners and residents in the area"),
               ("Wie wat doet in de wijk en lopende plannen", "Who does what and the plans under way"),
               kind="person", influence=4, interest=4),
        _Party(("Beleidsadviseur wonen", "Housing policy adviser"),
               ("Schrijft het woonbeleid en de prestatieafspraken",
                "Drafts housing policy and the performance agreements"),
               ("Prestatieafspraken en regelgeving", "Performance agreements and regulations"),
               kind="person", influence=3, interest=3),
        _Party(("Wethouder", "Alderman"),
               ("Bestuurlijk verantwoordelijk", "Politically responsible"),
               ("Bestuurlijk draagvlak en besluiten", "Political backing and decisions"),
               kind="person", influence=5, interest=3),
    )),
    _Group("zorg", ("Zorg en welzijn", "Care and welfare"),
           ("Wijkteams, zorgaanbieders en welzijnswerk",
            "Neighbourhood teams, care providers and welfare work"),
           2, (
        _Party(("Sociaal wijkteam", "Social neighbourhood team"),
               ("Eerste ingang voor hulp en ondersteuning", "First point of contact for help and support"),
               ("Hulp bij schulden, opvoeding en zorg", "Help with debt, parenting and care"),
               influence=3, interest=4),
        _Party(("GGZ-instelling", "Mental health service"),
               ("Behandelt en begeleidt kwetsbare bewoners", "Treats and supports vulnerable residents"),
               ("Bewoners met verward gedrag", "Residents in mental distress"),
               influence=3, interest=3),
        _Party(("Welzijnsorganisatie", "Welfare organisation"),
               ("Opbouwwerk, jongerenwerk en buurthuiswerk",
                "Community development, youth work and community centres"),
               ("Contact met jongeren en actieve bewoners", "Reaching young people and active residents"),
               influence=2, interest=4),
    )),
    _Group("veiligheid", ("Politie en justitie", "Police and justice"),
           ("Politie, handhaving en de justitiepartners", "Police, enforcement and the justice partners"),
           5, (
        _Party(("Wijkagent", "Community police officer"),
               ("Kent de wijk en de signalen van ondermijning",
                "Knows the area and signs of organised crime"),
               ("Veiligheidsbeeld en meldingen", "The safety picture and reports"),
               kind="person", influence=3, interest=4),
        _Party(("Handhaving gemeente", "Municipal enforcement"),
               ("Houdt toezicht op de openbare ruimte", "Supervises public space"),
               ("Overlast op straat en toezicht", "Street nuisance and supervision"),
               influence=3, interest=3),
        _Party(("Zorg- en Veiligheidshuis", "Safety and care centre"),
               ("Regie op complexe zorg- en veiligheidscasussen",
                "Coordinates complex care and safety cases"),
               ("Casusoverleg rond één adres of gezin", "Case meetings about one address or family"),
               influence=4, interest=3),
    )),
    _Group("scholen", ("Scholen", "Schools"),
           ("Onderwijs en opvang in en rond de wijk", "Education and childcare in and around the area"), 4, (
        _Party(("Basisschool", "Primary school"),
               ("Ziet kinderen en ouders elke dag", "Sees children and parents every day"),
               ("Signalen over gezinnen en ouderbetrokkenheid", "Signs about families and involving parents"),
               influence=2, interest=3),
        _Party(("Voortgezet onderwijs", "Secondary school"),
               ("School van de jongeren uit de wijk", "Where the area's young people go to school"),
               ("Schooluitval en stages", "Dropping out and internships"),
               influence=2, interest=3),
    )),
    _Group("ondernemers", ("Ondernemers", "Businesses"),
           ("Winkels, bedrijven en werkgevers in de wijk", "Shops, companies and employers in the area"), 7, (
        _Party(("Winkeliersvereniging", "Shopkeepers' association"),
               ("Spreekt namens de winkels in het centrum", "Speaks for the shops in the centre"),
               ("Leefbaarheid rond het winkelcentrum", "Liveability around the shopping centre"),
               influence=2, interest=3),
        _Party(("Lokale werkgevers", "Local employers"),
               ("Bieden werk en stageplekken", "Offer jobs and internships"),
               ("Werk en stages voor bewoners", "Jobs and internships for residents"),
               kind="group", influence=2, interest=2),
    )),
    _Group("initiatieven", ("Bewonersinitiatieven", "Community initiatives"),
           ("Wat bewoners zelf organiseren", "What residents organise themselves"), 6, (
        _Party(("Buurthuis", "Community centre"),
               ("Ontmoetingsplek met vrijwilligers", "Meeting place run by volunteers"),
               ("Ruimte om bewoners te ontmoeten", "A place to meet residents"),
               influence=2, interest=4),
        _Party(("Voedselbank", "Food bank"),
               ("Ziet wie het financieel zwaar heeft", "Sees who struggles to make ends meet"),
               ("Bereiken van huishoudens met geldzorgen", "Reaching households with money worries"),
               influence=1, interest=4),
        _Party(("Religieuze gemeenschappen", "Faith communities"),
               ("Kerken en moskeeën met een groot netwerk", "Churches and mosques with wide networks"),
               ("Vertrouwde sleutelfiguren", "Trusted key figures"),
               kind="group", influence=2, interest=3),
    )),
)


def _meta(title: str, programme: str, event: Event | Mapping[str, Any] | None, team: str) -> Meta:
    try:
        return Meta.model_validate({"title": title, "programme": programme, "event": event or {},
                                    "team": team})
    except ValidationError as e:
        raise WerkatelierError("This session description is not valid", explain(e)) from None


def neighbourhood(title: str, *, programme: str = "", event: Event | Mapping[str, Any] | None = None,
                  team: str = "", lang: str = "nl") -> Session:
    """A new session with the typical parties of a neighbourhood question, clustered and laid out.

    Names are Dutch, or English when ``lang="en"``; every party has a capacity (its role in
    the question) and what to contact it for. Nothing is written: store it with ``Store.add``.

    >>> doc = neighbourhood("Wijkaanpak Oost")
    >>> [c.name for c in doc.clusters][:3], len(doc.stakeholders)
    (['Bewoners', 'Woningcorporatie', 'Gemeente'], 22)
    >>> neighbourhood("Area approach", lang="en").clusters[4].name
    'Police and justice'
    """
    n = 1 if lang == "en" else 0
    meta = _meta(title, programme, event, team)
    clusters: list[Cluster] = []
    stakeholders: list[Stakeholder] = []
    for group in NEIGHBOURHOOD:
        # Ids are fresh for every session, never taken from the template's words.
        cluster = Cluster(name=group.name[n], description=group.description[n],
                          colour=palette.PALETTE[group.colour])
        clusters.append(cluster)
        stakeholders += [Stakeholder(name=p.name[n], capacity=p.capacity[n], contact_for=p.contact_for[n],
                                     kind=p.kind, influence=p.influence, interest=p.interest,
                                     cluster=cluster.id)
                         for p in group.parties]
    doc = Session(meta=meta, clusters=clusters, stakeholders=stakeholders)
    where = _grid(doc)
    doc.stakeholders = [s.model_copy(update={"x": where[s.id][0], "y": where[s.id][1]})
                        for s in doc.stakeholders]
    return doc


#: Cluster blocks per row; post-its per row inside a block; clear space (px) between two post-its
#: (the layout's own gap) and between two blocks (room for a cluster's area and its label).
GRID_COLUMNS = 3
BLOCK_COLUMNS = 2
BLOCK_GAP = 90.0


def _grid(doc: Session) -> dict[str, tuple[float, float]]:
    """Every post-it's position: each cluster a small block of post-its, the blocks in rows.

    Placed up front, so the map opens on tidy clusters that fill a projector's screen; the
    general layout keeps lanes between clusters for what the team adds later, which would
    leave a fresh template's map small.
    """
    blocks = []
    for c in doc.clusters:
        members = [s for s in doc.stakeholders if s.cluster == c.id]
        sizes = [geometry.stakeholder_box(s) for s in members]
        cell_w = max(w for w, _ in sizes) + layout.GAP
        cell_h = max(h for _, h in sizes) + layout.GAP
        spots = {s.id: ((k % BLOCK_COLUMNS + 0.5) * cell_w, (k // BLOCK_COLUMNS + 0.5) * cell_h)
                 for k, s in enumerate(members)}
        columns = min(BLOCK_COLUMNS, len(members))
        blocks.append((spots, columns * cell_w, -(-len(members) // BLOCK_COLUMNS) * cell_h))
    widths = [max(b[1] for b in blocks[col::GRID_COLUMNS]) for col in range(min(GRID_COLUMNS, len(blocks)))]
    out: dict[str, tuple[float, float]] = {}
    y = 0.0
    for row in range(0, len(blocks), GRID_COLUMNS):
        x = 0.0
        for col, (spots, _, _) in enumerate(blocks[row:row + GRID_COLUMNS]):
            out.update({i: (round(x + sx, 1), round(y + sy, 1)) for i, (sx, sy) in spots.items()})
            x += widths[col] + BLOCK_GAP
        y += max(b[2] for b in blocks[row:row + GRID_COLUMNS]) + BLOCK_GAP
    return out


#: Every template by its stable name, for the start page's choice.
TEMPLATES: dict[str, Callable[..., Session]] = {"neighbourhood": neighbourhood}


def build(name: str, title: str, **meta: Any) -> Session:
    """The session template ``name`` makes; WerkatelierError for a name that is not a template.

    >>> build("neighbourhood", "Wijk", team="6").meta.team
    '6'
    >>> build("city", "Wijk")
    Traceback (most recent call last):
    ...
    werkatelier.document.WerkatelierError: There is no template called 'city'
    """
    if name not in TEMPLATES:
        raise WerkatelierError(f"There is no template called {name!r}")
    return TEMPLATES[name](title, **meta)
