"""HTML: the standalone, offline page of the map that :func:`werkatelier.render.export_html` builds."""

from __future__ import annotations

from werkatelier.model import Session


def write(doc: Session, *, include_confidential: bool = False, lang: str = "nl") -> bytes:
    """The page as UTF-8; render applies the public view unless ``include_confidential``."""
    from werkatelier import render  # pyvis and its templates load only when a page is made

    return render.export_html(doc, include_confidential=include_confidential, lang=lang).encode("utf-8")
