"""What an import tells a person, kept as a locale key and its values so each screen says it in its
own language: notes on rows and files (:class:`Note`) and refusals of a whole file
(:class:`ImportRefused`). Their words are the ``import.*`` keys of the locale files.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from werkatelier import i18n
from werkatelier.document import WerkatelierError


class Note(BaseModel):
    """One thing a person should read about a row or a file, in the language they read.

    >>> n = Note(key="default_scores", params={"fields": "influence"})
    >>> n.text("en") == str(n)
    True
    """

    model_config = ConfigDict(frozen=True)

    key: str
    params: dict[str, Any] = Field(default_factory=dict)

    def text(self, lang: str = "en") -> str:
        """In lang; a param that is itself a Note, or a list of them (joined by commas), is said
        in lang too."""
        return i18n.t(f"import.{self.key}", lang, **{k: _param(v, lang) for k, v in self.params.items()})

    def __str__(self) -> str:
        return self.text("en")


def _param(value: Any, lang: str) -> Any:
    if isinstance(value, Note):
        return value.text(lang)
    if isinstance(value, list) and value and all(isinstance(v, Note) for v in value):
        return ", ".join(v.text(lang) for v in value)
    return value


def note(key: str, **params: Any) -> Note:
    return Note(key=key, params=params)


def say(item: str | Note, lang: str = "en") -> str:
    """A note in lang; text that was never a note (older English messages) as it is."""
    return item.text(lang) if isinstance(item, Note) else str(item)


def join(items: Any, lang: str = "en") -> str:
    return "; ".join(s for s in (say(i, lang) for i in items) if s)


class ImportRefused(WerkatelierError):
    """A file an import cannot take at all; str() is English, :meth:`text` any language."""

    def __init__(self, key: str, **params: Any):
        self.note = note(key, **params)
        super().__init__(self.note.text("en"))

    def text(self, lang: str = "en") -> str:
        return self.note.text(lang)


def reason(error: Exception, lang: str = "en") -> str:
    """Why a file was refused, in lang when the refusal knows its words."""
    return error.text(lang) if isinstance(error, ImportRefused) else str(error)
