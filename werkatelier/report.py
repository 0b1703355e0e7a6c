"""The day's report (verslag): a small model of sections from the public view, written as DOCX or PDF."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from werkatelier import compare, i18n
from werkatelier.document import WerkatelierError
from werkatelier.formats import referral
from werkatelier.model import ROLES, Session
from werkatelier.picture import draw
from werkatelier.privacy import public_view
from werkatelier.render import format_date
from werkatelier.tabular import fold

#: Format name -> file extension.
REPORT_FORMATS: dict[str, str] = {"docx": ".docx", "pdf": ".pdf"}
MEDIA_TYPES: dict[str, str] = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
#: The sections in the order the seeds' reports use; a section without content is left out.
SECTIONS: tuple[str, ...] = ("team", "question", "rounds", "map", "interviews", "personas", "actions",
                             "referral", "changes")


# --- the model ------------------------------------------------------------------------------------

@dataclass
class Sub:
    """A heading inside a section."""

    text: str


@dataclass
class Para:
    text: str
    #: body, lead (a little larger: the question), quote, note (small, grey).
    style: str = "body"


@dataclass
class Bullets:
    items: list[str]


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    #: Relative column widths.
    widths: list[float]


@dataclass
class Figure:
    """The map: SVG text (px), with caption and alt text; writers put it on a landscape page."""

    svg: str
    caption: str
    alt: str


@dataclass
class Card:
    """A persona card."""

    title: str
    subtitle: str
    avatar: str
    background: str
    fields: list[tuple[str, list[str]]]
    quote: str
    quote_label: str


Block = Sub | Para | Bullets | Table | Figure | Card


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Report:
    lang: str
    title: str
    #: What the first page says under the title: (label, value).
    facts: list[tuple[str, str]]
    #: Whether confidential items are included, in words, on the first page.
    confidential: str
    confidential_included: bool
    sections: list[Section]
    #: Words the writers need for their frame: kind ("Verslag"), page ("Pagina {n} van {total}"), made_with.
    words: dict[str, str]

    def text(self) -> str:
        """Every word of the report as plain text, in order; what tests and a reader compare with."""
        out = [self.title, *(f"{k}: {v}" for k, v in self.facts), self.confidential]
        for s in self.sections:
            out.append(s.title)
            for b in s.blocks:
                out += _block_text(b)
        return "\n".join(out)


def _block_text(b: Block) -> list[str]:
    if isinstance(b, Sub | Para):
        return [b.text]
    if isinstance(b, Bullets):
        return list(b.items)
    if isinstance(b, Table):
        return [" | ".join(row) for row in [b.header, *b.rows]]
    if isinstance(b, Figure):
        return [b.caption]
    out = [b.title, b.subtitle, b.background]
    for label, items in b.fields:
        out += [label, *items]
    return [*out, b.quote]


# --- building it ----------------------------------------------------------------------------------

def _t(lang: str):
    def t(key: str, **values: Any) -> str:
        return i18n.t(f"report.{key}", lang, **values)
    return t


def _join(*parts: str, sep: str = " · ") -> str:
    return sep.join(p for p in parts if p)


def _team(doc: Session, t) -> list[Block]:
    order = {r: i for i, r in enumerate(ROLES)}
    header = [t("col_name"), t("col_function"), t("col_role")]

    def rows(people):
        people = sorted(people, key=lambda p: order[p.role])  # stable: the session's order within a role
        return [[p.name, f"{p.function} ({p.organisation})" if p.function and p.organisation
                 else p.function or p.organisation, t(f"role.{p.role}")] for p in people]

    present = [p for p in doc.participants if p.present]
    absent = [p for p in doc.participants if not p.present]
    blocks: list[Block] = []
    if present:
        blocks.append(Table(header, rows(present), [3, 4, 2]))
    if absent:
        blocks += [Sub(t("absent")), Table(header, rows(absent), [3, 4, 2])]
    return blocks


def _question(doc: Session, t, lang: str) -> list[Block]:
    q = doc.question
    blocks: list[Block] = [Para(q.text, "lead")] if q.text else []
    if q.history and not (len(q.history) == 1 and q.history[0].text == q.text and not q.history[0].note):
        blocks += [Sub(t("question_history")),
                   Table([t("col_when"), t("col_question"), t("col_note")],
                         [[format_date(v.when.date(), lang), v.text, v.note] for v in q.history], [2, 6, 3])]
    return blocks


def _rounds(doc: Session) -> list[Block]:
    blocks: list[Block] = []
    for r in doc.rounds:
        if r.title:
            blocks += [Sub(r.title), Para(r.prompt, "lead")]
        else:
            blocks.append(Sub(r.prompt))
        if r.answers:
            blocks.append(Bullets(list(r.answers)))
    return blocks


def _map(doc: Session, t, lang: str, seed: int | None) -> list[Block]:
    if not doc.stakeholders:
        return []
    svg = draw(doc, lang=lang, title=False, seed=seed)
    used = {s.cluster for s in doc.stakeholders}
    blocks: list[Block] = [Figure(svg, t("map_caption", n=len(doc.stakeholders),
                                         clusters=sum(c.id in used for c in doc.clusters),
                                         relations=len(doc.relations)),
                                  t("map_alt", title=doc.meta.title))]
    members: dict[str | None, list] = {c.id: [] for c in doc.clusters}
    members[None] = []
    for s in doc.stakeholders:
        members[s.cluster if s.cluster in members else None].append(s)
    # Members as a list, "name (organisation) — capacity": the referral index after it has the table.
    for c in [*doc.clusters, None]:
        people = members[c.id if c else None]
        if not people:
            continue
        blocks.append(Sub(f"{c.name} ({len(people)})" if c else f"{t('no_cluster')} ({len(people)})"))
        if c and c.description:
            blocks.append(Para(c.description))
        blocks.append(Bullets([_join(_party(s.name, s.organisation), s.capacity, sep=" — ") for s in people]))
    return blocks


def _party(name: str, organisation: str) -> str:
    """'Wijkagent (Politie)', or the name alone when the organisation says the same."""
    return f"{name} ({organisation})" if organisation and fold(organisation) != fold(name) else name


def _interviews(doc: Session, t, lang: str) -> list[Block]:
    blocks: list[Block] = []
    for v in doc.interviews:
        if not (v.insights or v.quotes):
            continue
        blocks.append(Sub(_join(v.interviewee, v.perspective, sep=" — ")))
        if v.date:
            blocks.append(Para(format_date(v.date, lang), "note"))
        if v.insights:
            blocks += [Para(t("insights"), "label"), Bullets(list(v.insights))]
        if v.quotes:
            blocks += [Para(t("quotes"), "label"), *(Para(f"“{q}”", "quote") for q in v.quotes)]
    return blocks


PERSONA_FIELDS = ("wishes", "needs", "interests", "frustrations", "goals", "contributions")


def _personas(doc: Session, t) -> list[Block]:
    names = {s.id: s.name for s in doc.stakeholders}
    cards: list[Block] = []
    for p in doc.personas:
        fields = [(t(f"persona.{f}"), list(getattr(p, f))) for f in PERSONA_FIELDS if getattr(p, f)]
        linked = [names[i] for i in p.stakeholder_ids if i in names]
        if linked:
            fields.append((t("persona.stakeholders"), [", ".join(linked)]))
        cards.append(Card(p.name, p.archetype, p.avatar, p.background, fields,
                          f"“{p.quote}”" if p.quote else "", t("persona.quote")))
    return cards


def _actions(doc: Session, t) -> list[Block]:
    if not doc.actions:
        return []
    return [Table([t("col_action"), t("col_who"), t("col_when"), t("col_status")],
                  [[a.action, a.who, a.when, t(f"status.{a.status}")] for a in doc.actions], [6, 3, 2, 1.5])]


def _referral(view: Session, t, lang: str) -> list[Block]:
    groups = referral.index(view, include_confidential=True, lang=lang)  # view is public already
    if not groups:
        return []
    blocks: list[Block] = [Para(t("referral_intro"))]
    for group, rows in groups:
        blocks += [Sub(group), Table(
            [t("col_party"), t("col_capacity"), t("col_contact_for")],
            [[_party(r.name, r.organisation), r.capacity, r.contact_for] for r in rows], [4, 3, 4])]
    return blocks


def _field_name(name: str, lang: str) -> str:
    key = f"history.field.{name}"
    return i18n.t(key, lang) if key in i18n.catalogue(lang) else name


def _changes(view: Session, previous: Session | None, t, lang: str) -> list[Block]:
    if previous is None:
        return []
    c = compare.compare(previous, view)
    blocks: list[Block] = [Para(t("changes_intro", title=previous.meta.title))]
    if not c:
        return [Para(t("changes_none", title=previous.meta.title))]
    if c.question is not None:
        blocks += [Sub(t("changes_question")), Para(t("changes_was", text=c.question[0])),
                   Para(t("changes_now", text=c.question[1]))]
    for part in compare.COMPARED:
        pc = c.parts[part]
        if not pc.size:
            continue
        items = []
        if pc.added:
            items.append(t("changes_added", names=", ".join(e.name for e in pc.added)))
        if pc.removed:
            items.append(t("changes_removed", names=", ".join(e.name for e in pc.removed)))
        if pc.changed:
            changed = [f"{ch.name} ({', '.join(_field_name(f.field, lang) for f in ch.fields)})"
                       for ch in pc.changed]
            items.append(t("changes_changed", names="; ".join(changed)))
        blocks += [Sub(t(f"part.{part}")), Bullets(items)]
    if c.moved:
        blocks.append(Para(t("changes_moved", n=len(c.moved)), "note"))
    return blocks


def previous_of(store: Any, doc: Session) -> Session | None:
    """The session doc was carried forward from, if the store still has it; else None."""
    source = doc.meta.carried_from
    if not source:
        return None
    try:
        return store.get(source)
    except (WerkatelierError, OSError, KeyError):
        return None


def build(doc: Session, *, lang: str = "nl", include_confidential: bool = False,
          previous: Session | None = None, seed: int | None = None) -> Report:
    """The report of one session, from its public view only: confidential stakeholders and interviews
    (and what links to them) are left out unless ``include_confidential``; ``previous`` is the session
    it was carried forward from (see :func:`previous_of`), for "what changed since last time".
    """
    if lang not in i18n.LANGUAGES:
        raise ValueError(f"lang is one of {', '.join(i18n.LANGUAGES)}, not {lang!r}")
    t = _t(lang)
    view = public_view(doc, include_confidential=include_confidential)
    before = (public_view(previous, include_confidential=include_confidential)
              if previous is not None else None)
    m, e = view.meta, view.meta.event
    facts = [(t("programme"), m.programme), (t("event"), e.name), (t("date"), format_date(e.date, lang)),
             (t("place"), e.location), (t("team_name"), m.team),
             (t("state"), t("state_value", date=format_date(view.updated.date(), lang),
                            revision=view.revision))]
    built = {
        "team": lambda: _team(view, t),
        "question": lambda: _question(view, t, lang),
        "rounds": lambda: _rounds(view),
        "map": lambda: _map(view, t, lang, seed),
        "interviews": lambda: _interviews(view, t, lang),
        "personas": lambda: _personas(view, t),
        "actions": lambda: _actions(view, t),
        "referral": lambda: _referral(view, t, lang),
        "changes": lambda: _changes(view, before, t, lang),
    }
    sections = [Section(key, t(f"section.{key}"), blocks) for key in SECTIONS if (blocks := built[key]())]
    return Report(lang=lang, title=m.title, facts=[(k, v) for k, v in facts if v],
                  confidential=t("confidential_included" if include_confidential
                                 else "confidential_left_out"),
                  confidential_included=include_confidential, sections=sections,
                  words={"kind": t("kind"), "page": t("page"), "made_with": t("made_with")})


# --- writing it -----------------------------------------------------------------------------------

def render(report: Report, format: str) -> bytes:
    """The report as DOCX or PDF bytes."""
    if format == "docx":
        from werkatelier import report_docx
        return report_docx.write(report)
    if format == "pdf":
        from werkatelier import report_pdf
        return report_pdf.write(report)
    raise ValueError(f"format is one of {', '.join(REPORT_FORMATS)}, not {format!r}")


def report_bytes(doc: Session, format: str, *, lang: str = "nl", include_confidential: bool = False,
                 previous: Session | None = None) -> bytes:
    """Build and write in one call: what the CLI and the session page use."""
    return render(build(doc, lang=lang, include_confidential=include_confidential, previous=previous), format)


def session_report(store: Any, doc: Session, format: str, *, lang: str = "nl",
                   include_confidential: bool = False) -> bytes:
    """The report of a session in a store, with what changed since the session it was carried from."""
    return report_bytes(doc, format, lang=lang, include_confidential=include_confidential,
                        previous=previous_of(store, doc))


def format_of(out: str | os.PathLike[str]) -> str:
    """The report format a file name asks for: .docx or .pdf.

    >>> format_of("verslag.PDF")
    'pdf'
    """
    suffix = Path(out).suffix.lower()
    for format, ext in REPORT_FORMATS.items():
        if suffix == ext:
            return format
    raise WerkatelierError(f"A report is written as .docx or .pdf, not {suffix or 'a name without one'!r}")


def file_name(doc: Session, format: str, today: date | None = None) -> str:
    """A download name from the title, never a path: 'team-6-werkatelier-iv-verslag-2019-06-04.pdf'."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(doc.meta.title)).strip("-")[:60] or "werkatelier"
    return f"{stem}-verslag-{(today or date.today()).isoformat()}{REPORT_FORMATS[format]}"


__all__ = ["Block", "Bullets", "Card", "Figure", "Para", "Report", "Section", "Sub", "Table", "build",
           "file_name", "format_of", "previous_of", "render", "report_bytes", "session_report"]
