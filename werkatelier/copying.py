"""Moving sessions between stores with their whole history: idempotent, and every copy checked."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from werkatelier.document import WerkatelierError
from werkatelier.store import Store, StoredRevision


def _same(a: StoredRevision, b: StoredRevision) -> bool:
    return (a.revision, a.data, a.record) == (b.revision, b.data, b.record)


def check(src: Store, dst: Store, session_id: str) -> int:
    """How many revisions dst holds of the session, each byte for byte as src keeps it.

    src may have moved on since (a server still writing): only the revisions dst holds are compared.
    """
    n = 0
    for mine, theirs in zip(dst.export(session_id), src.export(session_id), strict=False):
        n += 1
        if not _same(mine, theirs):
            raise WerkatelierError(f"Session {session_id} differs from the source at revision {n}: "
                                   "delete it from the target and copy it again")
    if n == 0:
        raise WerkatelierError(f"Session {session_id} has no revisions in the target")
    return n


def copy_session(src: Store, dst: Store, session_id: str, *, present: bool) -> str:
    """Copy one session with its history unless dst already holds it; a sentence saying what happened."""
    if present:
        n = check(src, dst, session_id)
        newer = len(src.history(session_id))
        if newer > n:
            raise WerkatelierError(f"Session {session_id} has {newer} revisions here but {n} in the target: "
                                   "delete it from the target and copy it again")
        return f"{session_id}: already there, {n} revisions, identical"
    dst.add_history(session_id, src.export(session_id))
    n = check(src, dst, session_id)
    return f"{session_id}: copied {n} revisions, checked"


def copy_sessions(src: Store, dst: Store, ids: Iterable[str] = (), *,
                  report: Callable[[str], None], warn: Callable[[str], None]) -> bool:
    """Copy the sessions named (default: every readable one of src); False if any could not be."""
    ids = list(ids) or [s.id for s in src.list()]
    there = {s.id for s in dst.list()} | set(dst.damaged())
    ok = True
    for sid in ids:
        try:
            report(copy_session(src, dst, sid, present=sid in there))
        except WerkatelierError as e:
            warn(f"{sid}: {e}")
            ok = False
    return ok
