"""Undo and redo of one browser's own operations, as patches on the latest revision."""

from __future__ import annotations

from dataclasses import dataclass, field

from werkatelier.diff import ApplyPatch
from werkatelier.model import Session
from werkatelier.ops import Operation
from werkatelier.store import Store

#: How many of this browser's operations can be undone.
DEPTH = 50


@dataclass(frozen=True)
class Step:
    session_id: str
    before: int
    after: int
    #: The operation's name, e.g. add_stakeholder (a batch: what the click did, e.g. edit_table).
    op: str


@dataclass
class UndoHistory:
    """This browser's steps; other people's changes are never undone from here."""

    done: list[Step] = field(default_factory=list)
    undone: list[Step] = field(default_factory=list)

    def last(self, session_id: str, stack: list[Step]) -> Step | None:
        return next((s for s in reversed(stack) if s.session_id == session_id), None)


def apply(store: Store, history: UndoHistory, session_id: str, op: Operation) -> Session:
    """Apply op through the store and remember it for undo; a new step clears redo.

    The store moves a session one revision at a time under its lock, so the step is
    exactly (after - 1, after) even when others write in between.
    """
    known = store.get(session_id).revision
    doc = store.apply(session_id, op)
    if doc.revision != known:  # no revision means nothing changed: nothing to undo
        history.done.append(Step(session_id, doc.revision - 1, doc.revision, op.undo_name))
        del history.done[:-DEPTH]
        history.undone = [s for s in history.undone if s.session_id != session_id]
    return doc


def _carry(store: Store, history: UndoHistory, session_id: str, *, undoing: bool) -> Session | None:
    """Move this browser's last step across: back to before it (undo) or forward again (redo)."""
    source, target = (history.done, history.undone) if undoing else (history.undone, history.done)
    step = history.last(session_id, source)
    if step is None:
        return None
    a, b = (step.after, step.before) if undoing else (step.before, step.after)
    patch = ApplyPatch.between(store.get_revision(session_id, a), store.get_revision(session_id, b),
                               label=f"{'undo' if undoing else 'redo'} {step.op}")
    doc = store.apply(session_id, patch)
    source.remove(step)
    target.append(step)
    return doc


def undo(store: Store, history: UndoHistory, session_id: str) -> Session | None:
    """Set the items this browser's last step touched back to how they were before it."""
    return _carry(store, history, session_id, undoing=True)


def redo(store: Store, history: UndoHistory, session_id: str) -> Session | None:
    """Carry the last undone step over to the latest revision again."""
    return _carry(store, history, session_id, undoing=False)
