"""Exporting a session: which formats there are, and one entry point that hands a session to the
module of its format in :mod:`werkatelier.formats`.

Every export holds the public view of the session (:func:`werkatelier.privacy.public_view`)
unless ``include_confidential=True``.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

from werkatelier.document import WerkatelierError
from werkatelier.formats import csvfile, gexf, graphml, html, kumu, referral, sessionjson, xlsx
from werkatelier.model import Session
from werkatelier.tabular import fold

#: Format name → file extension.
EXPORT_FORMATS: dict[str, str] = {
    "json": ".json", "csv": ".zip", "xlsx": ".xlsx", "kumu": ".xlsx", "gexf": ".gexf",
    "graphml": ".graphml", "html": ".html", "referral": ".md", "referral-csv": ".csv",
}
MEDIA_TYPES: dict[str, str] = {
    ".json": "application/json", ".zip": "application/zip",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".gexf": "application/xml", ".graphml": "application/xml", ".html": "text/html",
    ".md": "text/markdown", ".csv": "text/csv",
}


def _referral_markdown(doc: Session, *, include_confidential: bool = False, lang: str = "nl") -> bytes:
    return referral.markdown(doc, include_confidential=include_confidential, lang=lang).encode("utf-8")


#: Format name → its writer: (session, include_confidential=...) → bytes.
WRITERS: dict[str, Callable[..., bytes]] = {
    "json": sessionjson.write, "csv": csvfile.write, "xlsx": xlsx.write, "kumu": kumu.write,
    "gexf": gexf.write, "graphml": graphml.write, "html": html.write,
    "referral": _referral_markdown, "referral-csv": referral.table,
}
#: The formats whose words (for tables: sheet, file and column names) follow the interface language.
SPOKEN = frozenset({"html", "referral", "referral-csv", "xlsx", "csv"})


def export(doc: Session, format: str, *, include_confidential: bool = False, lang: str = "nl") -> bytes:
    """The export in the given format (a key of EXPORT_FORMATS) as bytes."""
    if format not in WRITERS:
        raise WerkatelierError(f"Unknown export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}")
    options: dict[str, object] = {"include_confidential": include_confidential}
    if format in SPOKEN:
        options["lang"] = lang
    return WRITERS[format](doc, **options)


def file_name(doc: Session, format: str, today: date | None = None) -> str:
    """A download name made from the title, never a path: 'kleine-kaart-2025-06-01.gexf'."""
    stem = re.sub(r"[^a-z0-9]+", "-", fold(doc.meta.title)).strip("-")[:60] or "werkatelier"
    suffix = "-verwijzingsindex" if format.startswith("referral") else ""
    return f"{stem}{suffix}-{(today or date.today()).isoformat()}{EXPORT_FORMATS[format]}"


def write_export(doc: Session, format: str, out: str | os.PathLike[str], *,
                 include_confidential: bool = False, lang: str = "nl") -> Path:
    """Write the export to out atomically (a half-written file never replaces a good one)."""
    return write_file(export(doc, format, include_confidential=include_confidential, lang=lang), out)


def write_file(data: bytes, out: str | os.PathLike[str]) -> Path:
    """Write data to out atomically: an export, picture or report half written never replaces a good one."""
    path = Path(out)
    if not path.parent.is_dir():
        raise WerkatelierError(f"The folder {path.parent} does not exist")
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
