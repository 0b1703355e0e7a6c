"""Whether an item someone is editing was changed or deleted by someone else since the form opened."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from werkatelier.model import Session

__all__ = ["KINDS", "Check", "check", "changed_since", "find", "fingerprint", "merge"]

#: The items an edit form can be open on: the session's list of them, and the fields an edit form
#: does not touch (a post-it's place changes by dragging, not in its form).
KINDS: dict[str, tuple[str, frozenset[str]]] = {
    "stakeholder": ("stakeholders", frozenset({"x", "y"})),
    "persona": ("personas", frozenset()),
    "interview": ("interviews", frozenset()),
    "action": ("actions", frozenset()),
}

Status = Literal["same", "changed", "gone", "new"]


@dataclass(frozen=True)
class Check:
    """What became of the item since the form was opened, and the item as it is now (None if gone)."""

    status: Status
    current: Any = None

    @property
    def conflict(self) -> bool:
        """Saving now would overwrite or bring back someone else's change."""
        return self.status in ("changed", "gone")


def _kind(kind: str) -> tuple[str, frozenset[str]]:
    try:
        return KINDS[kind]
    except KeyError:
        raise ValueError(f"no edit form for {kind!r}; one of {', '.join(KINDS)}") from None


def fingerprint(item: BaseModel, kind: str) -> str:
    """Changes when the fields of the item its form edits change, and only then.

    >>> from werkatelier.model import Stakeholder
    >>> a = Stakeholder(id="sh_1", name="Gemeente", x=1, y=2)
    >>> fingerprint(a, "stakeholder") == fingerprint(a.model_copy(update={"x": 50}), "stakeholder")
    True
    >>> fingerprint(a, "stakeholder") == fingerprint(a.model_copy(update={"name": "Rijk"}), "stakeholder")
    False
    """
    _, ignored = _kind(kind)
    data = item.model_dump(mode="json", exclude=set(ignored))
    return hashlib.blake2b(json.dumps(data, sort_keys=True).encode(), digest_size=8).hexdigest()


def find(doc: Session, kind: str, item_id: str) -> Any:
    """The item of this kind with this id in the session, or None."""
    part, _ = _kind(kind)
    return next((i for i in getattr(doc, part) if i.id == item_id), None)


def check(doc: Session, kind: str, item_id: str, base: str | None) -> Check:
    """Compare the item in ``doc`` (the latest revision) with ``base``, the fingerprint it had when
    its form was opened; None for an item the form is creating.

    >>> from werkatelier.model import Persona
    >>> doc = Session(meta={"title": "T"}, personas=[Persona(id="pe_1", name="Anna")])
    >>> base = fingerprint(doc.personas[0], "persona")
    >>> check(doc, "persona", "pe_1", base).status
    'same'
    >>> doc.personas[0] = doc.personas[0].model_copy(update={"quote": "Eerst de buurt"})
    >>> c = check(doc, "persona", "pe_1", base); c.status, c.conflict, c.current.quote
    ('changed', True, 'Eerst de buurt')
    >>> check(Session(meta={"title": "T"}), "persona", "pe_1", base).status
    'gone'
    >>> check(doc, "persona", "pe_2", None).status
    'new'
    """
    current = find(doc, kind, item_id)
    if base is None:
        return Check("new" if current is None else "same", current)
    if current is None:
        return Check("gone")
    return Check("same" if fingerprint(current, kind) == base else "changed", current)


def merge(base: Mapping[str, Any], mine: Mapping[str, Any],
          theirs: Mapping[str, Any] | None) -> dict[str, Any]:
    """Save anyway: the fields changed in the form (``mine`` differs from ``base``, what the form
    opened on) win; every other field keeps what someone else saved since (``theirs``; None
    when they deleted the item, which then comes back as the form has it).

    >>> merge({"name": "Anna", "quote": ""}, {"name": "Anna B.", "quote": ""},
    ...       {"name": "Anna", "quote": "Eerst de buurt"})
    {'name': 'Anna B.', 'quote': 'Eerst de buurt'}
    """
    if theirs is None:
        return dict(mine)
    out = dict(theirs)
    for key, value in mine.items():
        if key not in base or value != base[key] or key not in theirs:
            out[key] = value
    return out


def changed_since(doc: Session, kind: str, opened: Mapping[str, str], ids: Iterable[str]) -> dict[str, Check]:
    """Of the items ``ids`` (say the rows of a table someone edited), those changed or deleted
    since ``opened`` (their fingerprints when the table was drawn), by id.

    >>> from werkatelier.model import Action
    >>> doc = Session(meta={"title": "T"}, actions=[Action(id="ac_1", action="Bellen")])
    >>> drawn = {"ac_1": fingerprint(doc.actions[0], "action"), "ac_2": "0"}
    >>> sorted((i, c.status) for i, c in changed_since(doc, "action", drawn, ["ac_1", "ac_2"]).items())
    [('ac_2', 'gone')]
    """
    found = {i: check(doc, kind, i, opened.get(i)) for i in dict.fromkeys(ids)}
    return {i: c for i, c in found.items() if c.conflict}
