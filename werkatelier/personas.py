"""Personas and interviews: start a persona from the map, follow links both ways, the card as escaped HTML."""

from __future__ import annotations

from html import escape

from werkatelier import i18n
from werkatelier.document import WerkatelierError
from werkatelier.model import ITEM_MAX, NAME_MAX, Interview, Persona, Session
from werkatelier.palette import NO_CLUSTER_COLOUR, cluster_colours

#: A persona's lists, in the order a card shows them.
PERSONA_LISTS: tuple[str, ...] = ("wishes", "needs", "interests", "frustrations", "goals", "contributions")
#: An interview's lists.
INTERVIEW_LISTS: tuple[str, ...] = ("notes", "insights", "quotes")
#: Dutch name particles that initials skip: "Raad van Bestuur" is RB, not RV.
PARTICLES = frozenset({"van", "de", "der", "den", "het", "'t", "ten", "ter", "te", "en", "voor", "op", "in"})
#: A card's background is a summary; the whole text stays in the edit form.
BACKGROUND_ON_CARD = 400


def initials(name: str) -> str:
    """Up to two capitals for an avatar: the first and the last word that is not a particle.

    >>> initials("Raad van Bestuur Rochdale"), initials("wijkteam"), initials("")
    ('RR', 'W', '')
    """
    words = [w for w in name.split() if w[:1].isalnum()]
    if not words:
        return ""
    main = [w for w in words if w.casefold() not in PARTICLES] or words
    picked = main[:1] + main[1:][-1:]
    return "".join(w[0] for w in picked).upper()


def personas_of(doc: Session, stakeholder_id: str) -> list[Persona]:
    """The personas a stakeholder appears in, in the session's order; [] for an unknown id.

    >>> from werkatelier.model import Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id="sh_a", name="A")],
    ...               personas=[Persona(name="Buurvrouw", stakeholder_ids=["sh_a"]), Persona(name="Ander")])
    >>> [p.name for p in personas_of(doc, "sh_a")], personas_of(doc, "sh_x")
    (['Buurvrouw'], [])
    """
    return [p for p in doc.personas if stakeholder_id in p.stakeholder_ids]


def interviews_of(doc: Session, persona_id: str) -> list[Interview]:
    """The interviews linked to a persona from either side, in the session's order.

    A persona lists its interviews and an interview its personas; a link made on either
    page counts, so both pages show the same pairs.
    """
    persona = next((p for p in doc.personas if p.id == persona_id), None)
    own = set(persona.interview_ids) if persona else set()
    return [v for v in doc.interviews if v.id in own or persona_id in v.persona_ids]


def personas_of_interview(doc: Session, interview_id: str) -> list[Persona]:
    """The personas linked to an interview from either side, in the session's order."""
    interview = next((v for v in doc.interviews if v.id == interview_id), None)
    own = set(interview.persona_ids) if interview else set()
    return [p for p in doc.personas if p.id in own or interview_id in p.interview_ids]


def from_stakeholder(doc: Session, stakeholder_id: str) -> Persona:
    """A new persona started from one post-it: its name, its capacity as archetype, its notes as background.

    >>> from werkatelier.model import Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[
    ...     Stakeholder(id="sh_a", name="Wijkagent", capacity="Ziet het eerst", notes="Loopt elke dag rond")])
    >>> p = from_stakeholder(doc, "sh_a")
    >>> p.name, p.archetype, p.avatar, p.background, p.stakeholder_ids
    ('Wijkagent', 'Ziet het eerst', 'W', 'Loopt elke dag rond', ['sh_a'])
    """
    s = doc.stakeholder(stakeholder_id)
    if s is None:
        raise WerkatelierError(f"There is no stakeholder with id {stakeholder_id!r}")
    return Persona(name=s.name, archetype=s.capacity or s.organisation, avatar=initials(s.name),
                   background=s.notes, stakeholder_ids=[s.id])


def from_cluster(doc: Session, cluster_id: str) -> Persona:
    """A new persona for a whole cluster: its name, its description as background, its members linked.

    >>> from werkatelier.model import Cluster, Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="cl_z", name="Zorg", description="Zorg")],
    ...               stakeholders=[Stakeholder(id="sh_a", name="A", cluster="cl_z"), Stakeholder(name="B")])
    >>> p = from_cluster(doc, "cl_z")
    >>> p.name, p.background, p.stakeholder_ids
    ('Zorg', 'Zorg', ['sh_a'])
    """
    c = doc.cluster(cluster_id)
    if c is None:
        raise WerkatelierError(f"There is no cluster with id {cluster_id!r}")
    return Persona(name=c.name, avatar=initials(c.name), background=c.description,
                   stakeholder_ids=[s.id for s in doc.stakeholders if s.cluster == c.id])


def duplicate(persona: Persona, label: str = "{name} (kopie)") -> Persona:
    """A copy with a fresh id and a name such as "Buurvrouw (kopie)", clipped to fit a name.

    >>> p = Persona(id="pe_a", name="Buurvrouw", wishes=["Rust"])
    >>> c = duplicate(p)
    >>> c.name, c.wishes, c.id != p.id
    ('Buurvrouw (kopie)', ['Rust'], True)
    """
    room = NAME_MAX - len(label.format(name=""))
    name = label.format(name=persona.name[:room].rstrip())
    return Persona.model_validate({**persona.model_dump(exclude={"id"}), "name": name})


def lines(text: str) -> list[str]:
    """One item per non-empty line, trimmed.

    >>> lines(" Rust \\n\\n  Veiligheid\\n")
    ['Rust', 'Veiligheid']
    """
    return [x.strip() for x in text.splitlines() if x.strip()]


def too_long(items: list[str]) -> int | None:
    """The 1-based number of the first item longer than an item may be, else None.

    >>> too_long(["kort", "x" * (ITEM_MAX + 1)]), too_long([])
    (2, None)
    """
    return next((n for n, x in enumerate(items, 1) if len(x) > ITEM_MAX), None)


def with_line(interview: Interview, field: str, text: str) -> Interview:
    """The interview with text added at the end of one of its lists.

    >>> with_line(Interview(interviewee="Wijkagent", notes=["a"]), "notes", " b ").notes
    ['a', 'b']
    """
    if field not in INTERVIEW_LISTS:
        raise WerkatelierError(f"An interview has no list {field!r}")
    text = text.strip()
    if not text:
        raise WerkatelierError("An empty line cannot be added")
    if len(text) > ITEM_MAX:
        raise WerkatelierError(f"A line can be at most {ITEM_MAX} characters; this one has {len(text)}")
    return interview.model_copy(update={field: [*getattr(interview, field), text]})


def without_line(interview: Interview, field: str, text: str) -> Interview:
    """The interview without the first line of a list that reads text (equal lines are alike).

    >>> without_line(Interview(interviewee="Wijkagent", quotes=["a", "b", "a"]), "quotes", "a").quotes
    ['b', 'a']
    """
    if field not in INTERVIEW_LISTS:
        raise WerkatelierError(f"An interview has no list {field!r}")
    items = list(getattr(interview, field))
    if text not in items:
        raise WerkatelierError(f"This interview has no line {text[:80]!r} any more")
    items.remove(text)
    return interview.model_copy(update={field: items})


# --- the card -------------------------------------------------------------------------------------

def _text(value: str) -> str:
    """User text as HTML text: escaped, line breaks kept, never a blank line that ends an HTML block."""
    return "<br>".join(escape(line) for line in value.strip().splitlines() if line.strip())


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[:n - 1].rstrip() + "…"


def linked_stakeholders(doc: Session, ids: list[str]) -> list[tuple[str, str]]:
    """(name, colour) of linked stakeholders, in the order linked: its cluster's colour, grey when in none.

    >>> from werkatelier.model import Cluster, Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="cl_z", name="Zorg", colour="#e69f00")],
    ...     stakeholders=[Stakeholder(id="sh_a", name="A", cluster="cl_z"), Stakeholder(id="sh_b", name="B")])
    >>> linked_stakeholders(doc, ["sh_b", "sh_a", "sh_gone"])
    [('B', '#e4e4e4'), ('A', '#e69f00')]
    """
    colours = cluster_colours(doc)
    by_id = {s.id: s for s in doc.stakeholders}
    return [(by_id[i].name, colours.get(by_id[i].cluster or "", NO_CLUSTER_COLOUR))
            for i in ids if i in by_id]


def stakeholder_dots(pairs: list[tuple[str, str]]) -> str:
    """Names each after a dot in its cluster colour, as escaped HTML (colours are validated #rrggbb).

    >>> stakeholder_dots([("<b>A</b>", "#0072b2")])
    '<span class="wa-sh"><span class="wa-dot" style="background:#0072b2"></span>&lt;b&gt;A&lt;/b&gt;</span>'
    """
    return " ".join(f'<span class="wa-sh"><span class="wa-dot" style="background:{escape(colour)}">'
                    f"</span>{escape(name)}</span>" for name, colour in pairs)


# Static CSS only: the cards' text is escaped by personas.card_html.
CARD_CSS = """<style>
.wa-card { line-height: 1.4; color: #111111; }
.wa-card-head { display: flex; gap: 0.9rem; align-items: center; }
.wa-avatar { flex: none; width: 4.4rem; height: 4.4rem; border-radius: 50%; background: #eef1f5;
  display: flex; align-items: center; justify-content: center; font-size: 2.6rem; font-weight: 700;
  color: #0a4f96; line-height: 1; }
.wa-name { font-size: 1.5rem; font-weight: 700; line-height: 1.2; overflow-wrap: anywhere; }
.wa-archetype { color: #3d3d3d; overflow-wrap: anywhere; }
.wa-quote { font-style: italic; font-size: 1.3rem; margin: 0.9rem 0 0.6rem; padding: 0 0 0 0.8rem;
  border-left: 4px solid #0a4f96; color: #111111; overflow-wrap: anywhere; }
.wa-background { font-size: 0.9rem; color: #3d3d3d; margin: 0 0 0.4rem; overflow-wrap: anywhere; }
.wa-lists { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: 0.1rem 1.2rem; }
.wa-card h4 { font-size: 0.85rem; font-weight: 700; margin: 0.6rem 0 0.15rem; padding: 0;
  letter-spacing: 0.04em; text-transform: uppercase; color: #0a4f96; line-height: 1.3; }
.wa-card ul { margin: 0; padding-left: 1.1rem; }
.wa-card li { margin: 0; overflow-wrap: anywhere; }
.wa-links { margin-top: 0.8rem; padding-top: 0.5rem; border-top: 1px solid #c9cfd8; font-size: 0.9rem; }
.wa-label { font-weight: 700; }
.wa-sh { display: inline-block; margin-right: 0.7em; }
.wa-dot { display: inline-block; width: 0.8em; height: 0.8em; border-radius: 50%; margin-right: 0.3em;
  border: 1px solid rgba(0, 0, 0, 0.35); vertical-align: -0.05em; }
</style>"""


def card_html(doc: Session, persona: Persona, lang: str = "nl") -> str:
    """One persona card as HTML in which every user string is escaped text.

    One line with no blank lines, so Markdown never reads part of it as Markdown.

    >>> from werkatelier.model import Meta
    >>> p = Persona(name="<script>x</script>", quote="Hoi", wishes=["Rust"])
    >>> html = card_html(Session(meta=Meta(title="t"), personas=[p]), p)
    >>> "<script>" in html, "&lt;script&gt;x&lt;/script&gt;" in html, "Wensen" in html
    (False, True, True)
    """
    def t(key: str) -> str:
        return escape(i18n.t(key, lang))

    avatar = persona.avatar or initials(persona.name) or "?"
    parts = [f'<article class="card wa-card" data-persona="{escape(persona.id)}">',
             '<header class="wa-card-head">',
             f'<div class="wa-avatar" aria-hidden="true">{escape(avatar)}</div>',
             f'<div><div class="wa-name">{_text(persona.name)}</div>']
    if persona.archetype:
        parts.append(f'<div class="wa-archetype">{_text(persona.archetype)}</div>')
    parts.append("</div></header>")
    if persona.quote:
        parts.append(f'<blockquote class="wa-quote">“{_text(persona.quote)}”</blockquote>')
    if persona.background:
        parts.append(f'<p class="wa-background">{_text(_clip(persona.background, BACKGROUND_ON_CARD))}</p>')
    lists = [(field, getattr(persona, field)) for field in PERSONA_LISTS if getattr(persona, field)]
    if lists:
        parts.append('<div class="wa-lists">')
        for field, items in lists:
            parts.append(f'<section><h4>{t(f"personas.{field}")}</h4><ul>')
            parts += [f"<li>{_text(x)}</li>" for x in items]
            parts.append("</ul></section>")
        parts.append("</div>")
    stakeholders = linked_stakeholders(doc, persona.stakeholder_ids)
    interviews = interviews_of(doc, persona.id)
    if stakeholders or interviews:
        parts.append('<footer class="wa-links">')
        if stakeholders:
            parts.append(f'<div><span class="wa-label">{t("personas.card_stakeholders")}:</span> '
                         f"{stakeholder_dots(stakeholders)}</div>")
        if interviews:
            roles = ", ".join(escape(v.interviewee) for v in interviews)
            parts.append(f'<div><span class="wa-label">{t("personas.card_interviews")}:</span> {roles}</div>')
        parts.append("</footer>")
    parts.append("</article>")
    return "".join(parts)
