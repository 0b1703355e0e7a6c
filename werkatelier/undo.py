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
    #: The patches that undo and redo the step, made when it was applied from the two revisions
    #: in hand: undoing then costs one store operation, not reading and comparing two whole
    #: revisions. None when someone else's write came in between; then the revisions are read.
    patches: tuple[ApplyPatch, ApplyPatch] | None = field(default=None, compare=False, repr=False)


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
    known = store.get(session_id)
    doc = store.apply(session_id, op)
    if doc.revision != known.revision:  # no revision means nothing changed: nothing to undo
        patches = None
        if doc.revision == known.revision + 1:  # nobody wrote in between: known is the step's "before"
            # The two revisions share every item op did not touch, so comparing them costs the change.
            patches = (ApplyPatch.between(doc, known, label=f"undo {op.undo_name}"),
                       ApplyPatch.between(known, doc, label=f"redo {op.undo_name}"))
        history.done.append(Step(session_id, doc.revision - 1, doc.revision, op.undo_name, patches))
        del history.done[:-DEPTH]
        history.undone = [s for s in history.undone if s.session_id != session_id]
    return doc


def _carry(store: Store, history: UndoHistory, session_id: str, *, undoing: bool) -> Session | None:
    """Move this browser's last step across: back to before it (undo) or forward again (redo)."""
    source, target = (history.done, history.undone) if undoing else (history.undone, history.done)
    step = history.last(session_id, source)
    if step is None:
        return None
    if step.patches is not None:
        patch = step.patches[0 if undoing else 1]
    else:
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
