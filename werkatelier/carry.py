"""Carrying a map forward to the next workshop: a rule over any Store, not a method of one."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from werkatelier import document
from werkatelier.model import Event, Session
from werkatelier.said import Said
from werkatelier.store import Store

#: Appended to the old title when the new session gets none of its own.
VERVOLG = " (vervolg)"
#: The model's longest title (model.Name).
TITLE_MAX = 200
#: What history records as the new session's first revision.
OP = "carry_forward"


def next_workshop(src: Session, *, title: str | None = None,
                  event: Event | Mapping[str, Any] | None = None) -> Session:
    """The document of the next workshop's session, with ``meta.carried_from`` set to src.

    Comes along: stakeholders with their positions, relations, clusters, personas, the
    question with its history, participants (all marked present again: the new day's
    attendance is not known yet), every interview (personas are grounded in them, so
    the links between the two stay valid) and the actions still open or in progress.
    Left behind: done actions and the working rounds, which belong to the day they were
    held. The title defaults to the old one plus " (vervolg)"; the event starts empty.

    >>> from werkatelier.model import Meta
    >>> next_workshop(Session(id="s1", meta=Meta(title="Wijk"))).meta.title
    'Wijk (vervolg)'
    """
    if title is None:
        title = src.meta.title[: TITLE_MAX - len(VERVOLG)].rstrip() + VERVOLG
    if isinstance(event, BaseModel):
        event = event.model_dump()
    data = document.to_data(src)
    data["meta"] = {**data["meta"], "title": title, "event": event or {}, "carried_from": src.id}
    data["participants"] = [{**p, "present": True} for p in data["participants"]]
    data["actions"] = [a for a in data["actions"] if a["status"] != "done"]
    data["rounds"] = []
    for key in ("id", "revision", "created", "updated"):
        data.pop(key)
    return document.from_data(data)


def carry_forward(store: Store, session_id: str, *, title: str | None = None,
                  event: Event | Mapping[str, Any] | None = None) -> Session:
    """A new session in store for the next workshop of session_id (see :func:`next_workshop`).

    Its first revision is recorded as ``carry_forward``.
    """
    fresh = next_workshop(store.get(session_id), title=title, event=event)
    return store.add(fresh, op=OP, summary=Said("said.carried", session=session_id))
