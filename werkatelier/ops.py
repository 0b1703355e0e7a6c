"""Named operations: every change to a session is one of these, applied by the store."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from werkatelier import palette
from werkatelier.document import WerkatelierError, explain
from werkatelier.model import (
    Action,
    Cluster,
    Colour,
    Event,
    Id,
    Interview,
    Item,
    Meta,
    Name,
    Participant,
    Persona,
    Question,
    QuestionVersion,
    Relation,
    Round,
    Session,
    Short,
    Stakeholder,
    Text,
    now,
)
from werkatelier.said import Said, Word

#: Every operation class by its stable name, for history records and the CLI.
OPERATIONS: dict[str, type[Operation]] = {}


class NoChange(Exception):  # noqa: N818 - a signal, not an error
    """Raised by ``apply`` when the document already is as asked: the store keeps the revision."""


def _plain(value: Any) -> Any:
    # Model instances are turned back into data so pydantic validates them again: an instance
    # made with model_construct, or changed after validation, must not slip into a session.
    # An operation inside another (a batch) travels as its record, which names its kind.
    if isinstance(value, Operation):
        return value.record()
    if isinstance(value, BaseModel):
        return value.model_dump()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


class Operation(BaseModel):
    """One change. ``apply`` mutates the document in place and returns a one-line summary.

    It raises WerkatelierError for bad input; the store then drops the half-changed
    document and keeps the last stored revision, so nothing is lost. It raises
    :class:`NoChange`, before touching the document, when there is nothing to do; the
    store then makes no revision.

    The store hands ``apply`` a copy of the session whose lists are fresh but whose items
    are shared with sessions given out earlier: replace an item you change (``model_copy``
    or a newly validated model) rather than assigning to its fields, so those stay as
    they were. Building an operation with bad arguments raises WerkatelierError too.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)
    op: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        name = cls.__dict__.get("op")
        if name:
            if name in OPERATIONS:
                raise TypeError(f"operation name {name!r} registered twice")
            OPERATIONS[name] = cls

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as e:
            raise WerkatelierError(f"Bad input for {_label(type(self))}", explain(e)) from None

    @field_validator("*", mode="before")
    @classmethod
    def _revalidate_models(cls, value: Any) -> Any:
        return _plain(value)

    def apply(self, doc: Session) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def record(self) -> dict[str, Any]:
        """What history keeps of this operation."""
        return {"op": self.op, "args": self.model_dump(mode="json")}

    @property
    def undo_name(self) -> str:
        """The name an undo button shows for it (``op.<title>`` in the locale files)."""
        return self.op


def _label(cls: type[Operation]) -> str:
    name = cls.__dict__.get("op")
    return f"the operation {name!r}" if name else "the operation"


def operation_from_record(record: dict[str, Any]) -> Operation:
    """The operation a history record (or the CLI) describes.

    >>> operation_from_record({"op": "rename_cluster", "args": {"id": "c", "name": " Zorg "}}).name
    'Zorg'
    """
    if not isinstance(record, dict):
        raise WerkatelierError("An operation must be a JSON object with 'op' and 'args'")
    cls = OPERATIONS.get(record.get("op", ""))
    if cls is None:
        raise WerkatelierError(f"Unknown operation {record.get('op')!r}")
    args = record.get("args", {})
    if not isinstance(args, dict):
        raise WerkatelierError(f"The arguments of {record['op']!r} must be a JSON object")
    return cls(**args)


# --- helpers --------------------------------------------------------------------------------------

def _validated(model: type[BaseModel], data: dict[str, Any], what: str) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise WerkatelierError(f"This {what} is not valid", explain(e)) from None


def _index(items: Sequence[Any], item_id: str, what: str) -> int:
    for i, item in enumerate(items):
        if item.id == item_id:
            return i
    raise WerkatelierError(f"There is no {what} with id {item_id!r}")


def _positions(items: Sequence[Any], ids: Iterable[str], what: str) -> dict[str, int]:
    """Where each wanted id sits, in one pass; WerkatelierError naming the first unknown one."""
    wanted = set(ids)
    found = {item.id: i for i, item in enumerate(items) if item.id in wanted}
    for i in ids:
        if i not in found:
            raise WerkatelierError(f"There is no {what} with id {i!r}")
    return found


def _changed(item: BaseModel, changes: dict[str, Any], what: str) -> Any:
    """A validated copy of item with changes applied (only this one item is validated)."""
    fields = type(item).model_fields
    if "id" in changes:
        raise WerkatelierError(f"The id of a {what} cannot be changed")
    unknown = sorted(set(changes) - set(fields))
    if unknown:
        raise WerkatelierError(f"A {what} has no field {unknown[0]!r}")
    return _validated(type(item), {**item.model_dump(), **changes}, what)


def _without(ids: list[str], gone: set[str]) -> list[str]:
    return [i for i in ids if i not in gone]


def _drop_links(items: list[Any], field: str, gone: set[str]) -> None:
    """Remove links to gone ids from items[*].field, replacing only the items that change."""
    for i, item in enumerate(items):
        links = getattr(item, field)
        if any(g in gone for g in links):
            items[i] = item.model_copy(update={field: _without(links, gone)})


def _count(n: int, part: str) -> Said:
    """n of a part (``stakeholders``), singular for one, in the locale's words."""
    return Said(part if part.startswith("said.") else f"part.{part}", n=n)


def _what(what: str) -> Word:
    return Word(f"said.what.{what}")


def _fields(names: Any) -> list[Word]:
    return [Word(f"said.field.{f}") for f in sorted(names)]


class _ItemOp(Operation):
    """An operation carrying one whole item, given nested (``stakeholder={...}``) or flat."""

    item_field: ClassVar[str]

    @model_validator(mode="before")
    @classmethod
    def _accept_flat(cls, data: Any) -> Any:
        field = getattr(cls, "item_field", None)
        if not field or not isinstance(data, dict):
            return data
        nested = set(data) == {field} and isinstance(data[field], dict | BaseModel)
        return data if nested else {field: data}


class _UpsertOp(_ItemOp):
    """Insert the item, or replace the one with the same id."""

    part: ClassVar[str]
    what: ClassVar[str]

    def _merge(self, old: Any, new: Any) -> Any:
        return new

    def apply(self, doc: Session) -> str:
        new = getattr(self, self.item_field).model_copy()
        items = getattr(doc, self.part)
        for i, old in enumerate(items):
            if old.id == new.id:
                merged = self._merge(old, new)
                if merged == old:
                    raise NoChange
                items[i] = merged
                return Said("said.changed", what=_what(self.what), name=_title(merged))
        items.append(new)
        return Said("said.added", what=_what(self.what), name=_title(new))


class _UpdateOp(Operation):
    """Change some fields of one item; the rest stay as they are."""

    part: ClassVar[str]
    what: ClassVar[str]
    id: Id
    changes: dict[str, Any]

    def apply(self, doc: Session) -> str:
        items = getattr(doc, self.part)
        i = _index(items, self.id, self.what)
        new = _changed(items[i], self.changes, self.what)
        if new == items[i]:
            raise NoChange
        items[i] = new
        return Said("said.changed_fields", fields=_fields(self.changes), what=_what(self.what),
                    name=_title(new))


class _DeleteOp(Operation):
    part: ClassVar[str]
    what: ClassVar[str]
    id: Id

    def _unlink(self, doc: Session, gone: set[str]) -> None:
        """Drop what pointed at the deleted item, in the same revision."""

    def apply(self, doc: Session) -> str:
        items = getattr(doc, self.part)
        i = _index(items, self.id, self.what)
        gone = items.pop(i)
        self._unlink(doc, {gone.id})
        return Said("said.deleted", what=_what(self.what), name=_title(gone))


def _title(item: Any) -> str:
    for field in ("name", "interviewee", "title", "prompt", "action"):
        value = getattr(item, field, "")
        if value:
            return value
    return item.id


# --- stakeholders ---------------------------------------------------------------------------------

def place_new(doc: Session, ids: Iterable[str]) -> None:
    """Give the stakeholders ``ids`` that have no position one from the layout, next to what is
    on the map (their cluster's area when they have one), so they appear where they stay.

    Every way a post-it comes in (the map page, the table, a paste, an import, the CLI) goes
    through this when its operation is applied, so drawing a map never has to write.

    >>> doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id="a", name="A", x=0, y=0),
    ...                                                   Stakeholder(id="b", name="B")])
    >>> place_new(doc, ["b"]); doc.stakeholders[1].placed, doc.stakeholders[0].x
    (True, 0.0)
    """
    wanted = {i for i in ids}
    todo = [i for i, s in enumerate(doc.stakeholders) if s.id in wanted and not s.placed]
    if not todo:
        return
    from werkatelier import layout  # layout reads the renderer's sizes: imported when needed

    # Laid out among what is on the map; other post-its without a place (taken off the canvas,
    # an old file) are not laid out as well: the cost follows what is added.
    kept = [s for s in doc.stakeholders if s.placed or s.id in wanted]
    trial = doc
    if len(kept) < len(doc.stakeholders):
        on_map = {s.id for s in kept}
        trial = doc.model_copy(update={"stakeholders": kept, "relations": [
            r for r in doc.relations if r.source in on_map and r.target in on_map]})
    pos = layout.positions(trial, only=wanted)
    for i in todo:
        s = doc.stakeholders[i]
        doc.stakeholders[i] = s.model_copy(update={"x": pos[s.id][0], "y": pos[s.id][1]})


class AddStakeholder(_ItemOp):
    """A new post-it; its id is generated unless given.

    >>> doc = Session(meta=Meta(title="t"))
    >>> AddStakeholder(name="Gemeente", influence=5).apply(doc)
    "Added stakeholder 'Gemeente'"
    """

    op = "add_stakeholder"
    item_field = "stakeholder"
    stakeholder: Stakeholder

    def apply(self, doc: Session) -> str:
        doc.stakeholders.append(self.stakeholder.model_copy())
        place_new(doc, [self.stakeholder.id])
        return Said("said.added", what=_what("stakeholder"), name=self.stakeholder.name)


class AddStakeholders(Operation):
    """New post-its at once (a pasted list, table rows); those without a position get one."""

    op = "add_stakeholders"
    stakeholders: list[Stakeholder] = Field(min_length=1)

    def apply(self, doc: Session) -> str:
        doc.stakeholders.extend(s.model_copy() for s in self.stakeholders)
        place_new(doc, [s.id for s in self.stakeholders])
        return Said("said.added_n", items=_count(len(self.stakeholders), "stakeholders"))


class UpdateStakeholder(_UpdateOp):
    op = "update_stakeholder"
    part = "stakeholders"
    what = "stakeholder"


def _forget_stakeholders(doc: Session, gone: set[str]) -> int:
    """Remove relations to gone stakeholders and their links in personas and interviews."""
    before = len(doc.relations)
    doc.relations[:] = [r for r in doc.relations if r.source not in gone and r.target not in gone]
    _drop_links(doc.personas, "stakeholder_ids", gone)
    _drop_links(doc.interviews, "stakeholder_ids", gone)
    return before - len(doc.relations)


class DeleteStakeholder(_DeleteOp):
    """Also removes its relations and the links to it from personas and interviews."""

    op = "delete_stakeholder"
    part = "stakeholders"
    what = "stakeholder"

    def _unlink(self, doc: Session, gone: set[str]) -> None:
        _forget_stakeholders(doc, gone)


class DeleteStakeholders(Operation):
    """Several at once (a selection on the canvas), in one revision."""

    op = "delete_stakeholders"
    ids: list[Id] = Field(min_length=1)

    def apply(self, doc: Session) -> str:
        _positions(doc.stakeholders, self.ids, "stakeholder")
        gone = set(self.ids)
        doc.stakeholders[:] = [s for s in doc.stakeholders if s.id not in gone]
        relations = _forget_stakeholders(doc, gone)
        if relations:
            return Said("said.deleted_n_and", items=_count(len(gone), "stakeholders"),
                        more=_count(relations, "relations"))
        return Said("said.deleted_n", items=_count(len(gone), "stakeholders"))


class MoveStakeholders(Operation):
    """New canvas positions, ``{id: [x, y]}``; ``null`` takes a post-it off the canvas."""

    op = "move_stakeholders"
    positions: dict[Id, tuple[float, float] | None] = Field(min_length=1)

    @field_validator("positions")
    @classmethod
    def _finite(cls, v: dict[str, tuple[float, float] | None]) -> dict[str, tuple[float, float] | None]:
        for sid, xy in v.items():
            if xy is not None and not all(math.isfinite(c) for c in xy):
                raise ValueError(f"the position of {sid!r} must be two finite numbers")
        return v

    def apply(self, doc: Session) -> str:
        where = _positions(doc.stakeholders, self.positions, "stakeholder")
        moved = 0
        for sid, xy in self.positions.items():
            i = where[sid]
            s = doc.stakeholders[i]
            x, y = xy if xy is not None else (None, None)
            if (s.x, s.y) != (x, y):
                doc.stakeholders[i] = s.model_copy(update={"x": x, "y": y})
                moved += 1
        if not moved:
            raise NoChange
        return Said("said.moved_n", items=_count(moved, "stakeholders"))


# --- relations ------------------------------------------------------------------------------------

class Connect(_ItemOp):
    """A relation between two stakeholders; a second one of the same kind between them is refused."""

    op = "connect"
    item_field = "relation"
    relation: Relation

    def apply(self, doc: Session) -> str:
        r = self.relation.model_copy()
        names = {s.id: s.name for s in doc.stakeholders}
        for end in (r.source, r.target):
            if end not in names:
                raise WerkatelierError(f"There is no stakeholder with id {end!r}")
        key = r.pair_key()
        for other in doc.relations:
            if other.id == r.id:
                raise WerkatelierError(f"There is already a relation with id {r.id!r}")
            if other.pair_key() == key:
                raise WerkatelierError(
                    f"There is already a relation of kind {r.kind!r} between "
                    f"{names[r.source]!r} and {names[r.target]!r}")
        doc.relations.append(r)
        if r.kind:
            return Said("said.connected_kind", a=names[r.source], b=names[r.target], kind=r.kind)
        return Said("said.connected", a=names[r.source], b=names[r.target])


class UpdateRelation(_UpdateOp):
    op = "update_relation"
    part = "relations"
    what = "relation"


class DeleteRelation(_DeleteOp):
    op = "delete_relation"
    part = "relations"
    what = "relation"


# --- clusters -------------------------------------------------------------------------------------

class AddCluster(_ItemOp):
    op = "add_cluster"
    item_field = "cluster"
    cluster: Cluster

    def apply(self, doc: Session) -> str:
        if any(c.id == self.cluster.id for c in doc.clusters):
            raise WerkatelierError(f"There is already a cluster with id {self.cluster.id!r}")
        cluster = self.cluster.model_copy()
        if "colour" not in self.cluster.model_fields_set:  # none chosen: the next free palette colour
            cluster.colour = palette.suggest_colour(c.colour for c in doc.clusters)
        doc.clusters.append(cluster)
        return Said("said.added", what=_what("cluster"), name=self.cluster.name)


class _ClusterField(Operation):
    id: Id

    def _set(self, doc: Session, field: str, value: Any) -> Cluster:
        i = _index(doc.clusters, self.id, "cluster")
        old = doc.clusters[i]
        if getattr(old, field) == value:
            raise NoChange
        doc.clusters[i] = old.model_copy(update={field: value})
        return old


class RenameCluster(_ClusterField):
    op = "rename_cluster"
    name: Name

    def apply(self, doc: Session) -> str:
        old = self._set(doc, "name", self.name)
        return Said("said.renamed_cluster", old=old.name, new=self.name)


class RecolourCluster(_ClusterField):
    op = "recolour_cluster"
    colour: Colour

    def apply(self, doc: Session) -> str:
        old = self._set(doc, "colour", self.colour)
        return Said("said.recoloured_cluster", name=old.name, colour=self.colour)


class UpdateCluster(_UpdateOp):
    op = "update_cluster"
    part = "clusters"
    what = "cluster"


class DeleteCluster(_DeleteOp):
    """Its members stay on the map, unclustered."""

    op = "delete_cluster"
    part = "clusters"
    what = "cluster"

    def _unlink(self, doc: Session, gone: set[str]) -> None:
        for i, s in enumerate(doc.stakeholders):
            if s.cluster in gone:
                doc.stakeholders[i] = s.model_copy(update={"cluster": None})


class AssignClusters(Operation):
    """Put stakeholders in a cluster, or in none (``cluster=None``)."""

    op = "assign_clusters"
    ids: list[Id] = Field(min_length=1)
    cluster: Id | None = None
    #: Move the post-its beside their new cluster's members (the map page's setting, on by default).
    beside: bool = False

    def apply(self, doc: Session) -> str:
        target = None
        if self.cluster is not None:
            target = doc.clusters[_index(doc.clusters, self.cluster, "cluster")]
        where = _positions(doc.stakeholders, self.ids, "stakeholder")
        moved = 0
        changed = []
        for i in where.values():
            s = doc.stakeholders[i]
            if s.cluster != self.cluster:
                update: dict[str, Any] = {"cluster": self.cluster}
                if self.beside and self.cluster is not None:
                    update.update(x=None, y=None)  # placed afresh, by its cluster
                doc.stakeholders[i] = s.model_copy(update=update)
                changed.append(s.id)
                moved += 1
        if not moved:
            raise NoChange
        if self.beside and self.cluster is not None:
            place_new(doc, changed)
        who = _count(moved, "stakeholders")
        return Said("said.put_in_cluster", items=who, name=target.name) if target else \
            Said("said.out_of_cluster", items=who)


# --- personas and interviews ----------------------------------------------------------------------

class UpsertPersona(_UpsertOp):
    op = "upsert_persona"
    item_field = "persona"
    part = "personas"
    what = "persona"
    persona: Persona


class DeletePersona(_DeleteOp):
    """Interviews that linked the persona lose that link."""

    op = "delete_persona"
    part = "personas"
    what = "persona"

    def _unlink(self, doc: Session, gone: set[str]) -> None:
        _drop_links(doc.interviews, "persona_ids", gone)


class UpsertInterview(_UpsertOp):
    op = "upsert_interview"
    item_field = "interview"
    part = "interviews"
    what = "interview"
    interview: Interview


class DeleteInterview(_DeleteOp):
    """Personas that linked the interview lose that link."""

    op = "delete_interview"
    part = "interviews"
    what = "interview"

    def _unlink(self, doc: Session, gone: set[str]) -> None:
        _drop_links(doc.personas, "interview_ids", gone)


# --- working rounds -------------------------------------------------------------------------------

class UpsertRound(_UpsertOp):
    """A new round with its answers, or a new title and prompt for an existing one.

    The answers of an existing round are left alone: they change only through
    ``add_answers`` and ``remove_answer``, so a facilitator editing the prompt never
    wipes post-its the room added meanwhile.
    """

    op = "upsert_round"
    item_field = "round"
    part = "rounds"
    what = "round"
    round: Round

    def _merge(self, old: Round, new: Round) -> Round:
        return old.model_copy(update={"title": new.title, "prompt": new.prompt})


class DeleteRound(_DeleteOp):
    op = "delete_round"
    part = "rounds"
    what = "round"

    def _unlink(self, doc: Session, gone: set[str]) -> None:
        room = doc.room
        if room.round_id in gone:
            doc.room = room.model_copy(update={"round_id": None})


class AddAnswers(Operation):
    """Post-its for a working round, appended after the ones already there."""

    op = "add_answers"
    round_id: Id
    answers: list[Item] = Field(min_length=1)

    def apply(self, doc: Session) -> str:
        i = _index(doc.rounds, self.round_id, "round")
        r = doc.rounds[i]
        doc.rounds[i] = r.model_copy(update={"answers": [*r.answers, *self.answers]})
        return Said("said.added_answers", items=_count(len(self.answers), "said.n_answers"), name=_title(r))


class RemoveAnswer(Operation):
    """Remove one answer by its text (the first one that matches; equal post-its are alike)."""

    op = "remove_answer"
    round_id: Id
    answer: str

    def apply(self, doc: Session) -> str:
        i = _index(doc.rounds, self.round_id, "round")
        r = doc.rounds[i]
        if self.answer not in r.answers:
            raise WerkatelierError(f"Round {_title(r)!r} has no answer {self.answer[:80]!r}")
        answers = list(r.answers)
        answers.remove(self.answer)
        doc.rounds[i] = r.model_copy(update={"answers": answers})
        return Said("said.removed_answer", name=_title(r))


# --- actions and participants ---------------------------------------------------------------------

class UpsertAction(_UpsertOp):
    op = "upsert_action"
    item_field = "action"
    part = "actions"
    what = "action"
    action: Action


class DeleteAction(_DeleteOp):
    op = "delete_action"
    part = "actions"
    what = "action"


class UpsertParticipant(_UpsertOp):
    op = "upsert_participant"
    item_field = "participant"
    part = "participants"
    what = "participant"
    participant: Participant


class DeleteParticipant(_DeleteOp):
    op = "delete_participant"
    part = "participants"
    what = "participant"


# --- meta and question ----------------------------------------------------------------------------

class UpdateMeta(Operation):
    """Title, programme, event and team; a field left out (None) stays as it is."""

    op = "update_meta"
    title: Name | None = None
    programme: Short | None = None
    event: Event | None = None
    team: Short | None = None

    def apply(self, doc: Session) -> str:
        changes = {f: v for f in ("title", "programme", "event", "team")
                   if (v := getattr(self, f)) is not None and v != getattr(doc.meta, f)}
        if not changes:
            raise NoChange
        doc.meta = _validated(Meta, {**doc.meta.model_dump(), **changes}, "session description")
        return Said("said.changed_meta", fields=_fields(changes))


class SetQuestion(Operation):
    """A new text for the question, logged as a version with when and why.

    The history lists every version, the current one last, each with the moment it was set
    and its note; a question from before any version was logged enters as the first.
    """

    op = "set_question"
    text: Text
    note: Short = ""

    def apply(self, doc: Session) -> str:
        old = doc.question
        if self.text == old.text:
            raise NoChange
        history = list(old.history)
        if old.text and (not history or history[-1].text != old.text):
            history.append(QuestionVersion(text=old.text, when=doc.created))
        history.append(QuestionVersion(text=self.text, when=now(), note=self.note))
        doc.question = Question(text=self.text, history=history)
        return Said("said.changed_question") if old.text else Said("said.set_question")


# --- several changes as one -----------------------------------------------------------------------

class Batch(Operation):
    """Several operations as one change, for one click that does several things (a table saved
    with changed, added and deleted rows; suggested clusters taken over): applied in order to
    the same revision under the store's lock, so they land together or not at all, as one
    history line and one undo step.

    A step that finds nothing to do is passed over; when none changes anything, no revision.
    ``what`` names the click for the undo button (``op.<what>`` in the locale files).

    >>> doc = Session(meta=Meta(title="t"))
    >>> b = Batch(steps=[AddCluster(id="cl_a", name="Zorg"), AddStakeholder(name="GGD", cluster="cl_a")])
    >>> b.apply(doc), [s.cluster for s in doc.stakeholders]
    ("Added cluster 'Zorg'; Added stakeholder 'GGD'", ['cl_a'])
    """

    op = "batch"
    what: Annotated[str, StringConstraints(pattern=r"^[a-z_]{0,40}$")] = ""
    #: The operations as records (``{"op": ..., "args": ...}``); operations are accepted too.
    steps: list[dict[str, Any]] = Field(min_length=1)
    _ops: list[Operation] = PrivateAttr(default_factory=list)

    def model_post_init(self, context: Any, /) -> None:
        self._ops = [operation_from_record(r) for r in self.steps]

    @property
    def operations(self) -> list[Operation]:
        return list(self._ops)

    @property
    def undo_name(self) -> str:
        return self.what or self.op

    def apply(self, doc: Session) -> str:
        done = []
        for step in self._ops:
            try:
                done.append(step.apply(doc))
            except NoChange:
                continue
        if not done:
            raise NoChange
        return Said("said.several", steps=done)


def combine(operations: Sequence[Operation], *, what: str = "") -> Operation | None:
    """One operation for one click: None for none, the operation itself for one, else a Batch.

    >>> combine([]) is None, combine([DeleteRelation(id="re_1")]).op, combine([DeleteRelation(id="re_1"),
    ...     DeleteRelation(id="re_2")], what="delete_selection").undo_name
    (True, 'delete_relation', 'delete_selection')
    """
    if not operations:
        return None
    if len(operations) == 1:
        return operations[0]
    return Batch(steps=list(operations), what=what)


class ArrangeByCluster(Operation):
    """Lay the whole map out cluster by cluster (:func:`werkatelier.layout.by_cluster`): each
    cluster a compact block, no two clusters' areas overlapping, the post-its without a cluster
    last; those in ``keep`` (placed by hand, chosen by the facilitator) stay where they are."""

    op = "arrange_by_cluster"
    keep: list[Id] = Field(default_factory=list)

    def apply(self, doc: Session) -> str:
        from werkatelier import layout

        pos = layout.by_cluster(doc, keep=set(self.keep))
        if not pos:
            raise NoChange
        where = _positions(doc.stakeholders, pos, "stakeholder")
        for sid, (x, y) in pos.items():
            i = where[sid]
            doc.stakeholders[i] = doc.stakeholders[i].model_copy(update={"x": x, "y": y})
        return Said("said.arranged", items=_count(len(pos), "said.n_postits"))


# The facilitator's controls live in their own module; importing it registers them, so every
# history record and the CLI know them wherever operations are read.
from werkatelier import roomops  # noqa: E402, F401
