"""The import plan: what a file's rows would do to a session, row by row, before anything is written.

Matching rules, so a second import of the same file updates instead of duplicating:

- a stakeholder matches an existing one by id (files Werkatelier exported carry ids), else
  by name compared case-, space- *and accent-insensitively* (``Coöperatie`` matches
  ``cooperatie``: an accent dropped on another keyboard is the likelier case than two
  different parties whose names differ only by one);
- a relation matches by its pair and kind (:meth:`Relation.pair_key`);
- a cluster matches by id or by name, the same way as stakeholders.

An empty cell leaves the current value alone. A row with a value that cannot be used
(influence 9, attitude "maybe", no name) is **skipped** with the reason in the preview,
never clamped: the file is then fixed and imported again, which updates what came in.
A cluster the file names without a colour gets the palette's suggestion
(:func:`werkatelier.palette.suggest_colour`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError

from werkatelier.formats.notes import ImportRefused, Note, invalid, join, note, say
from werkatelier.formats.parsed import FoundCluster, FoundRelation, FoundStakeholder, Parsed
from werkatelier.model import (
    MAX_RELATIONS,
    MAX_STAKEHOLDERS,
    Cluster,
    Relation,
    Session,
    Stakeholder,
)
from werkatelier.ops import place_new
from werkatelier.palette import suggest_colour
from werkatelier.said import Said, Series, Word
from werkatelier.tabular import fold


@dataclass(frozen=True)
class PlanRow:
    """What the import does with one row of the file."""

    part: str    # "stakeholder", "relation" or "cluster"
    action: str  # "add", "update", "unchanged", "merge" or "skip"
    #: Where in the file, as a note each screen says in its language ("row 3", "rij 3").
    where: str | Note
    name: str
    #: What to say about the row: notes each screen says in its language.
    notes: tuple[str | Note, ...] = ()

    @property
    def detail(self) -> str:
        return join(self.notes)

    def text(self, lang: str = "en") -> str:
        """The row's details in lang."""
        return join(self.notes, lang)

    def place(self, lang: str = "en") -> str:
        """Where in the file the row is, in lang."""
        return say(self.where, lang)

    def line(self, lang: str = "en") -> str:
        values = {"action": say(note(f"do.{self.action}"), lang),
                  "part": say(note(f"part.{self.part}"), lang), "name": self.name, "where": self.place(lang)}
        detail = self.text(lang)
        return say(note("line_detail", **values, detail=detail) if detail else note("line", **values), lang)


def _row(part: str, action: str, where: str | Note, name: str, *notes: str | Note | None) -> PlanRow:
    return PlanRow(part, action, where, name, tuple(n for n in notes if n))


@dataclass
class ImportPlan:
    """What importing a file into a session would do, row by row; pure until applied."""

    file: str
    format: str
    rows: list[PlanRow] = field(default_factory=list)
    remarks: list[str | Note] = field(default_factory=list)
    new_clusters: list[Cluster] = field(default_factory=list)
    cluster_updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_stakeholders: list[Stakeholder] = field(default_factory=list)
    stakeholder_updates: dict[str, dict[str, Any]] = field(default_factory=dict)
    new_relations: list[Relation] = field(default_factory=list)
    relation_updates: dict[str, dict[str, Any]] = field(default_factory=dict)

    PARTS: ClassVar[tuple[str, ...]] = ("stakeholder", "relation", "cluster")

    def counts(self) -> dict[str, dict[str, int]]:
        """{'stakeholder': {'add': 3, 'skip': 1}, ...} for the parts the file touches."""
        out: dict[str, dict[str, int]] = {}
        for r in self.rows:
            part = out.setdefault(r.part, {})
            part[r.action] = part.get(r.action, 0) + 1
        return out

    @property
    def skipped(self) -> list[PlanRow]:
        return [r for r in self.rows if r.action == "skip"]

    @property
    def changes(self) -> bool:
        return any(r.action in ("add", "update") for r in self.rows)

    ACTIONS: ClassVar[tuple[str, ...]] = ("add", "update", "unchanged", "merge", "skip")

    def said(self, *, done: bool = True) -> Said:
        """One line, as a locale key and values: kept in history beside its English, said in any language."""
        tense = "done" if done else "todo"
        counts = self.counts()
        parts = [Said("import.summary_part", part=Word(f"import.parts.{part}"),
                      counts=Series(Said(f"import.{tense}.{a}", n=n) for a, n in sorted(
                          counts[part].items(), key=lambda an: self.ACTIONS.index(an[0]))))
                 for part in self.PARTS if part in counts]
        if not parts:
            return Said("import.summary_nothing", file=self.file)
        return Said("import.summary", file=self.file, parts=parts)

    def summary(self, *, done: bool = True, lang: str = "en") -> str:
        """One line: 'kaart.csv: stakeholders 3 added, 1 updated, 1 skipped; relations 2 added'."""
        return self.said(done=done).text(lang)

    def preview(self, lang: str = "en") -> list[str]:
        """Readable lines in lang: the summary, one line per row, then remarks about the file."""
        return ([self.summary(done=False, lang=lang)] + [r.line(lang) for r in self.rows]
                + [say(note("remark_line", text=m), lang) for m in self.remark_lines(lang)])

    def remark_lines(self, lang: str = "en") -> list[str]:
        """The remarks about the file as a whole, in lang."""
        return [say(m, lang) for m in self.remarks]

    def table(self, lang: str = "en") -> list[dict[str, str]]:
        """The rows as records in lang, for a table on the import page: every value text, an empty
        detail ''; keyed by column (what, part, name, where, detail)."""
        return [{"action": say(note(f"do.{r.action}"), lang), "part": say(note(f"part.{r.part}"), lang),
                 "name": r.name, "where": r.place(lang), "detail": r.text(lang)} for r in self.rows]

    def apply_to(self, doc: Session) -> None:
        """Make the planned changes to doc in place (the store validates the result)."""
        doc.clusters.extend(self.new_clusters)
        doc.stakeholders.extend(self.new_stakeholders)
        doc.relations.extend(self.new_relations)
        for items, updates, model in ((doc.clusters, self.cluster_updates, Cluster),
                                      (doc.stakeholders, self.stakeholder_updates, Stakeholder),
                                      (doc.relations, self.relation_updates, Relation)):
            if not updates:
                continue
            for i, item in enumerate(items):
                if item.id in updates:
                    items[i] = model.model_validate({**item.model_dump(), **updates[item.id]})
        place_new(doc, [s.id for s in self.new_stakeholders])


def plan(doc: Session, parsed: Parsed) -> ImportPlan:
    """Compare what a file holds with a session: per row, add, update, unchanged or skip.

    Pure: doc is not changed. Linear in the size of the file and the session.

    >>> from werkatelier.importing import read
    >>> from werkatelier.model import Meta
    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(name="Rochdale", influence=3)])
    >>> p = plan(doc, read(b"naam,invloed\\n rochdale ,5\\nWijkteam,2\\n", name="k.csv"))
    >>> print("\\n".join(p.preview()))
    k.csv: stakeholders 1 to add, 1 to update
    update stakeholder 'rochdale' (row 2): influence 3 → 5
    add stakeholder 'Wijkteam' (row 3)
    note: New stakeholders without a value in the file get the default: interest 3 (1×), attitude 0 (1×)
    """
    return _Planner(doc, parsed).run()


#: What a new stakeholder or relation gets for a score the file leaves empty.
_DEFAULTS = {"stakeholder": {f: Stakeholder.model_fields[f].default
                             for f in ("influence", "interest", "attitude")},
             "relation": {"strength": Relation.model_fields["strength"].default}}


def _keys(source: str, target: str, kind: str, directed: bool) -> list[tuple[str, str, str]]:
    """What a relation occupies, by its ends as the file gives them: a directed one its own
    direction, an undirected one both. Two relations are the same when they share one, so a
    directed and an undirected relation of one kind between one pair always are, whatever
    order the random ids of their ends happen to have (the model's pair_key depends on it)."""
    k = kind.casefold()
    return [(source, target, k)] if directed else [(source, target, k), (target, source, k)]


class _Planner:
    def __init__(self, doc: Session, parsed: Parsed):
        self.doc, self.parsed = doc, parsed
        self.out = ImportPlan(file=parsed.name, format=parsed.format, remarks=list(parsed.remarks))
        self.clusters_by_id = {c.id: c for c in doc.clusters}
        self.clusters_by_name: dict[str, str] = {}
        for c in doc.clusters:
            self.clusters_by_name.setdefault(fold(c.name), c.id)
        self.colours = [c.colour.lower() for c in doc.clusters]
        self.sh_by_id = {s.id: s for s in doc.stakeholders}
        self.sh_by_name: dict[str, list[str]] = {}
        for s in doc.stakeholders:
            self.sh_by_name.setdefault(fold(s.name), []).append(s.id)
        self.new_by_id: dict[str, Stakeholder] = {}
        #: Stakeholders this file already spoke about, by id: where and the name it used.
        self.handled: dict[str, tuple[str, str]] = {}
        self.by_ref: dict[str, str] = {}
        #: Where each ref was first seen: a second node with the same id is not a second node.
        self.first_ref: dict[str, str] = {}
        self.skipped_refs: dict[str, str] = {}
        #: Names of skipped rows, so a relation naming one does not bring it back half-empty.
        self.skipped_names: dict[str, str] = {}
        #: How many new stakeholders and relations got each default, for one remark.
        self.defaulted: dict[str, dict[str, int]] = {"stakeholder": {}, "relation": {}}

    def run(self) -> ImportPlan:
        for c in self.parsed.clusters:
            self._cluster_row(c)
        uncoloured = 0
        for s in self.parsed.stakeholders:
            uncoloured += self._stakeholder_row(s)
        if uncoloured:
            self.out.remarks.append(note("colours_left_out", n=uncoloured))
        self.rel_keys: dict[tuple[str, str, str], Relation] = {}
        for r in self.doc.relations:
            for key in _keys(r.source, r.target, r.kind, r.directed):
                self.rel_keys.setdefault(key, r)
        self.file_keys: dict[tuple[str, str, str], str] = {}
        for r in self.parsed.relations:
            self._relation_row(r)
        self._check_size()
        for part, fields in self.defaulted.items():
            if fields:
                values = [note("default_count", field=note(f"field.{f}"), value=_DEFAULTS[part][f], n=n)
                          for f, n in fields.items()]
                self.out.remarks.append(note(f"defaults_{part}s", values=values))
        return self.out

    def _check_size(self) -> None:
        """Refuse what would make the session larger than a session may be."""
        for part, items, limit in (("stakeholders", self.doc.stakeholders + self.out.new_stakeholders,
                                    MAX_STAKEHOLDERS),
                                   ("relations", self.doc.relations + self.out.new_relations, MAX_RELATIONS)):
            if len(items) > limit:
                raise ImportRefused(f"refused_too_many_{part}", file=self.parsed.name,
                                    total=f"{len(items):,}", limit=f"{limit:,}")

    def _default(self, part: str, found_empty: list[str], values: dict[str, Any]) -> Note | None:
        """Note the defaults a new row gets; per row where its cell is empty, for the file in all."""
        given = [f for f in _DEFAULTS[part] if f not in values]
        for f in given:
            self.defaulted[part][f] = self.defaulted[part].get(f, 0) + 1
        empty = [f for f in given if f in found_empty]
        if not empty:
            return None
        return note("default_values", values=[note("default_value", field=note(f"field.{f}"),
                                                   value=_DEFAULTS[part][f]) for f in empty])

    # clusters

    def _next_colour(self) -> str:
        colour = suggest_colour(self.colours)
        self.colours.append(colour)
        return colour

    def _new_cluster(self, name: str, colour: str | None, description: str | None, where: str | Note) -> str:
        cluster = Cluster(name=name, colour=colour or self._next_colour(), description=description or "")
        if colour:
            self.colours.append(colour)
        self.out.new_clusters.append(cluster)
        self.clusters_by_id[cluster.id] = cluster
        self.clusters_by_name[fold(name)] = cluster.id
        self.out.rows.append(_row("cluster", "add", where, name, note("new_colour", colour=cluster.colour)))
        return cluster.id

    def _find_cluster(self, name: str, ident: str | None = None) -> str | None:
        if ident and ident in self.clusters_by_id:
            return ident
        return self.clusters_by_name.get(fold(name)) or (name if name in self.clusters_by_id else None)

    def _cluster_row(self, c: FoundCluster) -> None:
        if c.problems:
            self.out.rows.append(_row("cluster", "skip", c.where, c.name, *c.problems))
            return
        cid = self._find_cluster(c.name, c.id)
        if cid is None:
            self._new_cluster(c.name, c.colour, c.description, c.where)
            return
        current = self.clusters_by_id[cid]
        wanted = {"colour": c.colour, "description": c.description}
        changes = {k: v for k, v in wanted.items() if v is not None and getattr(current, k) != v}
        if cid in self.out.cluster_updates or any(n.id == cid for n in self.out.new_clusters):
            changes = {}
        if changes:
            self.out.cluster_updates[cid] = changes
            self.out.rows.append(_row("cluster", "update", c.where, current.name,
                                      _describe(current, changes, {})))
        else:
            self.out.rows.append(_row("cluster", "unchanged", c.where, current.name))

    # stakeholders

    def _skip_stakeholder(self, s: FoundStakeholder, *reasons: str | Note) -> None:
        self.out.rows.append(_row("stakeholder", "skip", s.where, s.name or "?", *reasons))
        if s.ref and s.ref not in self.by_ref:
            self.skipped_refs[s.ref] = s.name or s.ref
        if s.name:
            self.skipped_names.setdefault(fold(s.name), s.name)

    def _stakeholder_row(self, s: FoundStakeholder) -> int:
        """Plan one stakeholder; 1 if it brought a colour that has no cluster to go to."""
        if s.ref:
            if s.ref in self.first_ref:
                # One id, two nodes: the first one stands, and every edge attaches to it.
                self.out.rows.append(_row("stakeholder", "skip", s.where, s.name or "?",
                                          note("duplicate_ref", ref=s.ref, where=self.first_ref[s.ref])))
                return 0
            self.first_ref[s.ref] = s.where
        if s.problems:
            self._skip_stakeholder(s, *s.problems)
            return 0
        target: Stakeholder | None = None
        if s.id and s.id in self.sh_by_id:
            target = self.sh_by_id[s.id]
        else:
            ids = self.sh_by_name.get(fold(s.name), [])
            if len(ids) > 1:
                self._skip_stakeholder(s, note("ambiguous_name", n=len(ids), name=s.name))
                return 0
            if ids:
                target = self.sh_by_id.get(ids[0]) or self.new_by_id[ids[0]]
        if target is not None and target.id in self.handled:
            # The file names one stakeholder twice (perhaps in another case or spacing): one
            # stakeholder, and the relations of this row go to it.
            where, first = self.handled[target.id]
            if s.ref:
                self.by_ref[s.ref] = target.id
            reason = (note("same_stakeholder", where=where) if s.name == first
                      else note("merged", name=first, where=where))
            self.out.rows.append(_row("stakeholder", "merge", s.where, s.name, reason))
            return 0
        values = dict(s.values)
        stray = 0
        if s.cluster:
            cid = self._find_cluster(s.cluster) or self._new_cluster(s.cluster, s.colour, None, s.where)
            values["cluster"] = cid
        elif s.colour:
            stray = 1
        if target is None:
            try:
                new = Stakeholder.model_validate({"name": s.name, **values})
            except ValidationError as e:
                self._skip_stakeholder(s, *invalid(e))
                return 0
            self.out.new_stakeholders.append(new)
            self.new_by_id[new.id] = new
            self.sh_by_name.setdefault(fold(new.name), []).append(new.id)
            self.out.rows.append(_row("stakeholder", "add", s.where, s.name, *s.remarks,
                                      self._default("stakeholder", s.empty, values)))
            target = new
        else:
            changes = {k: v for k, v in values.items() if getattr(target, k) != v}
            if target.id in self.new_by_id:
                changes = {}
            if changes:
                try:
                    Stakeholder.model_validate({**target.model_dump(), **changes})
                except ValidationError as e:
                    self._skip_stakeholder(s, *invalid(e))
                    return 0
                self.out.stakeholder_updates[target.id] = changes
                detail = _describe(target, changes, self.clusters_by_id)
                self.out.rows.append(_row("stakeholder", "update", s.where, s.name, detail, *s.remarks))
            else:
                self.out.rows.append(_row("stakeholder", "unchanged", s.where, s.name, *s.remarks))
        self.handled[target.id] = (s.where, s.name)
        if s.ref:
            self.by_ref[s.ref] = target.id
        return stray

    # relations

    def _name_of(self, sid: str) -> str:
        found = self.sh_by_id.get(sid) or self.new_by_id.get(sid)
        return found.name if found else sid

    def _shown(self, written: str) -> str:
        if written in self.by_ref:
            return self._name_of(self.by_ref[written])
        return self.skipped_refs.get(written) or self._name_of(written)

    def _end(self, r: FoundRelation, end: str) -> tuple[str | None, Note | None]:
        """The stakeholder id one end of a relation points at, or None and why not."""
        written, ident = getattr(r, end), getattr(r, f"{end}_id")
        if ident and (ident in self.sh_by_id or ident in self.new_by_id):
            return ident, None
        if written in self.by_ref:
            return self.by_ref[written], None
        if written in self.skipped_refs:
            return None, note("end_skipped", name=self.skipped_refs[written])
        if written in self.sh_by_id:
            return written, None
        if not self.parsed.creates_named:
            return None, note("end_not_node", name=written)
        ids = self.sh_by_name.get(fold(written), [])
        if len(ids) > 1:
            return None, note("end_ambiguous", n=len(ids), name=written)
        if ids:
            return ids[0], None
        if fold(written) in self.skipped_names:
            return None, note("end_skipped", name=self.skipped_names[fold(written)])
        try:
            new = Stakeholder(name=written)
        except ValidationError as e:
            return None, note("reasons", reasons=invalid(e))
        self.out.new_stakeholders.append(new)
        self.new_by_id[new.id] = new
        self.sh_by_name.setdefault(fold(new.name), []).append(new.id)
        self.out.rows.append(_row("stakeholder", "add", r.where, new.name, note("named_in_relation"),
                                  self._default("stakeholder", [], {})))
        return new.id, ""

    def _relation_row(self, r: FoundRelation) -> None:
        label = " – ".join(self._shown(w) if w else str(i)
                           for w, i in ((r.source, r.source_id), (r.target, r.target_id)))
        if r.problems:
            self.out.rows.append(_row("relation", "skip", r.where, label, *r.problems))
            return
        (source, why_s), (target, why_t) = self._end(r, "source"), self._end(r, "target")
        if source is None or target is None:
            self.out.rows.append(_row("relation", "skip", r.where, label, why_s, why_t))
            return
        arrow = "→" if r.values.get("directed") else "–"
        kind = r.values.get("kind", "")
        label = f"{self._name_of(source)} {arrow} {self._name_of(target)}" + (f" ({kind})" if kind else "")
        if source == target:
            self.out.rows.append(_row("relation", "skip", r.where, label, note("relation_self")))
            return
        try:
            candidate = Relation.model_validate({"source": source, "target": target, **r.values})
        except ValidationError as e:
            self.out.rows.append(_row("relation", "skip", r.where, label, *invalid(e)))
            return
        keys = _keys(source, target, candidate.kind, candidate.directed)
        if same := next((self.file_keys[k] for k in keys if k in self.file_keys), None):
            self.out.rows.append(_row("relation", "skip", r.where, label, note("same_relation", where=same)))
            return
        for k in keys:
            self.file_keys[k] = r.where
        existing = next((self.rel_keys[k] for k in keys if k in self.rel_keys), None)
        if existing is None:
            self.out.new_relations.append(candidate)
            self.out.rows.append(_row("relation", "add", r.where, label, *r.remarks,
                                      self._default("relation", r.empty, r.values)))
            return
        changes = {k: v for k, v in r.values.items() if getattr(existing, k) != v and k != "kind"}
        if changes:
            self.out.relation_updates[existing.id] = changes
            self.out.rows.append(_row("relation", "update", r.where, label,
                                      _describe(existing, changes, {})))
        else:
            self.out.rows.append(_row("relation", "unchanged", r.where, label))


def whole_session(doc: Session, name: str, remarks: list[str | Note]) -> ImportPlan:
    """The plan for a session file opened as a new session: everything in it is added as it is,
    so the preview counts exactly what is stored."""
    out = ImportPlan(file=name, format="json", remarks=list(remarks))
    clusters = {c.id: c.name for c in doc.clusters}
    names = {s.id: s.name for s in doc.stakeholders}
    out.rows += [_row("cluster", "add", note("where.cluster", name=c.name), c.name,
                      note("new_colour", colour=c.colour)) for c in doc.clusters]
    out.rows += [_row("stakeholder", "add", note("where.stakeholder", name=s.name), s.name,
                      note("in_cluster", name=clusters[s.cluster]) if s.cluster in clusters else None)
                 for s in doc.stakeholders]
    out.rows += [_row("relation", "add", note("where.relation", id=r.id),
                      f"{names[r.source]} {'→' if r.directed else '–'} {names[r.target]}"
                      + (f" ({r.kind})" if r.kind else "")) for r in doc.relations]
    return out


def _describe(item: BaseModel, changes: dict[str, Any], clusters: dict[str, Cluster]) -> Note:
    """'influence 3 → 5, cluster → Wonen' for the preview, field names and words in any language."""
    parts = []
    for k, new in changes.items():
        old = getattr(item, k)
        field = note(f"field.{k}")
        if k == "cluster":
            parts.append(note("change_to", field=field, new=clusters[new].name if new in clusters else new))
        elif k in ("x", "y"):
            if k == "x":
                parts.append(note("change_position", x=f"{changes.get('x', item.x):g}",
                                  y=f"{changes.get('y', item.y):g}"))
        elif isinstance(new, str) and (len(new) > 40 or len(str(old)) > 40):
            parts.append(note("changed", field=field))
        elif isinstance(new, list):
            parts.append(note("change_to", field=field, new=", ".join(new)))
        else:
            parts.append(note("change", field=field, old=_value(k, old), new=_value(k, new)))
    return note("changes", changes=parts)


def _value(field: str, value: Any) -> Any:
    """A value as the preview says it: empty, yes and no, and a kind in words of the locale."""
    if value in ("", None):
        return note("empty")
    if isinstance(value, bool):
        return note("yes" if value else "no")
    if field == "kind":
        return note(f"kind.{value}")
    return value
