"""The referral index (verwijzingsindex): everyone on the map by cluster, with their capacity and
what to contact them for, as Markdown to read and CSV to sort. Its words come from the locale files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from werkatelier import i18n
from werkatelier.model import Session
from werkatelier.privacy import public_view
from werkatelier.tabular import fold, write_csv

#: The CSV's columns, each read as ``referral.col_<name>`` in the session's language.
COLUMNS = ("cluster", "name", "organisation", "kind", "capacity", "contact_for")


@dataclass(frozen=True)
class Referral:
    """One line of the referral index (verwijzingsindex)."""

    group: str
    name: str
    organisation: str
    kind: str
    capacity: str
    contact_for: str


def index(doc: Session, *, include_confidential: bool = False, lang: str = "nl"
          ) -> list[tuple[str, list[Referral]]]:
    """Everyone on the map grouped by cluster (in the session's cluster order, those without
    a cluster last), sorted by name within a group.

    >>> from werkatelier.model import Cluster, Meta, Stakeholder
    >>> doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="c", name="Zorg")],
    ...     stakeholders=[Stakeholder(name="Wijkteam", cluster="c", contact_for="zorgen om een huurder"),
    ...                   Stakeholder(name="ROC Amsterdam")])
    >>> [(group, [r.name for r in rows]) for group, rows in index(doc)]
    [('Zorg', ['Wijkteam']), ('Zonder cluster', ['ROC Amsterdam'])]
    """
    doc = public_view(doc, include_confidential=include_confidential)
    other = i18n.t("referral.other", lang)
    groups: dict[str | None, list[Referral]] = {c.id: [] for c in doc.clusters}
    groups[None] = []
    names = {c.id: c.name for c in doc.clusters}
    for s in doc.stakeholders:
        key = s.cluster if s.cluster in groups else None
        groups[key].append(Referral(names.get(key or "", other), s.name, s.organisation,
                                    i18n.t(f"referral.kind_{s.kind}", lang), s.capacity, s.contact_for))
    return [(rows[0].group, sorted(rows, key=lambda r: (fold(r.name), r.name)))
            for rows in groups.values() if rows]


def _md(text: str) -> str:
    """User text made inert in Markdown: no formatting, links, HTML or table breaks."""
    text = " ".join(str(text).split())
    return re.sub(r"([\\`*_\[\]<>|~])", r"\\\1", text)


def markdown(doc: Session, *, include_confidential: bool = False, lang: str = "nl") -> str:
    """The referral index as a Markdown document, one table per cluster."""
    def word(key: str) -> str:
        return i18n.t(f"referral.{key}", lang)

    lines = [f"# {word('title')}: {_md(doc.meta.title)}", ""]
    context = [doc.meta.programme, doc.meta.event.name, doc.meta.event.location,
               doc.meta.event.date.isoformat() if doc.meta.event.date else ""]
    if any(context):
        lines += [" · ".join(_md(c) for c in context if c), ""]
    lines += [word("intro"), ""]
    groups = index(doc, include_confidential=include_confidential, lang=lang)
    if not groups:
        lines += [word("empty"), ""]
    for group, rows in groups:
        lines += [f"## {_md(group)}", "",
                  f"| {word('party')} | {word('capacity')} | {word('contact_for')} |",
                  "| --- | --- | --- |"]
        for r in rows:
            party = _md(r.name)
            if r.organisation and fold(r.organisation) != fold(r.name):
                party += f" ({_md(r.organisation)})"
            lines.append(f"| {party} | {_md(r.capacity) or '–'} | {_md(r.contact_for) or '–'} |")
        lines.append("")
    return "\n".join(lines)


def table(doc: Session, *, include_confidential: bool = False, lang: str = "nl",
          delimiter: str = ";") -> bytes:
    """The referral index as CSV, one row per party, grouped by cluster."""
    groups = index(doc, include_confidential=include_confidential, lang=lang)
    rows = [[r.group, r.name, r.organisation, r.kind, r.capacity, r.contact_for]
            for _, group in groups for r in group]
    header = [i18n.t(f"referral.col_{c}", lang) for c in COLUMNS]
    return write_csv(header, rows, delimiter=delimiter)
