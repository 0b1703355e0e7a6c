"""Session files on disk: reading one safely, and seeding the demo sessions on a data dir's first start."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

from werkatelier import document
from werkatelier.document import MAX_DOCUMENT_BYTES, WerkatelierError
from werkatelier.model import Session
from werkatelier.store import Store

#: The demo sessions shipped with the checkout.
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "sessions" / "examples"
#: Written into the data dir once the demos were added, so demos a user deleted stay deleted.
MARKER_NAME = ".examples-seeded"

log = logging.getLogger(__name__)


def read_session_file(path: str | Path) -> Session:
    """A session from a JSON file on disk; WerkatelierError (naming the file) if it is not one.

    >>> read_session_file("no/such/file.json")
    Traceback (most recent call last):
    ...
    werkatelier.document.WerkatelierError: no/such/file.json: there is no such file
    """
    path = Path(path)
    try:
        # Size first, so a huge file is refused without reading it into memory.
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise WerkatelierError(f"{path}: the file is {size / 1e6:.1f} MB; sessions larger than "
                                   f"{MAX_DOCUMENT_BYTES / 1e6:.0f} MB are refused")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise WerkatelierError(f"{path}: there is no such file") from None
    except IsADirectoryError:
        raise WerkatelierError(f"{path} is a folder, not a session file") from None
    except OSError as e:
        raise WerkatelierError(f"{path} cannot be read ({e.strerror or e})") from None
    try:
        return document.loads(raw)
    except WerkatelierError as e:
        raise WerkatelierError(f"{path}: {e.message}", e.problems) from None


def marker_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / MARKER_NAME


def is_seeded(data_dir: str | Path) -> bool:
    return marker_path(data_dir).exists()


def mark_seeded(data_dir: str | Path) -> None:
    """Record that this data dir had its demos, without adding them (a user who wants none)."""
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    marker_path(data_dir).write_text("The demo sessions were added to this folder once; "
                                     "delete this file to add them again.\n", encoding="utf-8")


def seed_examples(store: Store, examples_dir: str | Path = EXAMPLES_DIR, *, data_dir: str | Path,
                  report: Callable[[str], None] | None = None) -> list[str]:
    """On a data dir's first start, add every ``*.json`` in examples_dir with its own id; the ids added.

    Ids are kept so ``meta.carried_from`` links between demos hold. A broken example is
    passed to ``report`` (default: a logged warning) and the others still go in. The marker
    lives in ``data_dir``, the app's data folder, whatever the store; once written, later
    starts add nothing.
    """
    root = Path(data_dir)
    if is_seeded(root):
        return []
    report = report or log.warning
    root.mkdir(parents=True, exist_ok=True)
    added: list[str] = []
    # Several browser tabs start the app at once; one of them seeds, the others wait and see the marker.
    with FileLock(str(marker_path(root)) + ".lock", timeout=60):
        if is_seeded(root):
            return []
        existing = {s.id for s in store.list()}
        for path in sorted(Path(examples_dir).glob("*.json")):
            try:
                doc = read_session_file(path)
                if doc.id in existing:
                    continue
                added.append(store.add(doc, keep_id=True).id)
                existing.add(doc.id)
            except (ValueError, OSError) as e:  # WerkatelierError is a ValueError, as is pydantic's
                report(f"Demo session {path.name} was not added: {e}")
        mark_seeded(root)
    return added
