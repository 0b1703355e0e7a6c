"""What an import tells a person, kept as a locale key and its values so each screen says it in its
own language: notes on rows and files (:class:`Note`) and refusals of a whole file
(:class:`ImportRefused`). Their words are the ``import.*`` keys of the locale files.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from werkatelier import i18n
from werkatelier.document import PATTERN_KEYS, WerkatelierError, path_of


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
    if isinstance(value, dict) and set(value) == {"key", "params"}:
        value = Note.model_validate(value)  # a note read back from a history record
    if isinstance(value, Note):
        return value.text(lang)
    if isinstance(value, list) and value and all(isinstance(v, Note | dict) for v in value):
        return ", ".join(str(_param(v, lang)) for v in value)
    return value


def note(key: str, **params: Any) -> Note:
    return Note(key=key, params=params)


def row(number: int, within: str | Note = "") -> Note:
    """Where a row of a table is: 'row 3', or, within a sheet or a file of a zip,
    "sheet 'Relaties', row 3".

    >>> row(3, note("where.sheet", sheet="Relaties")).text("nl")
    "tabblad 'Relaties', rij 3"
    """
    at = note("where.row", row=number)
    return note("where.within", place=within, row=at) if within else at


class BadValue(ValueError):
    """A value a cell cannot give (influence 9): str() in English, :attr:`note` in any language."""

    def __init__(self, key: str, **params: Any):
        self.note = note(key, **params)
        super().__init__(self.note.text("en"))


#: The model's own value errors an import can meet, by their English message.
_VALUE_ERRORS = {"a position must be a finite number": "invalid.position_finite",
                 "a position needs both x and y, or neither": "invalid.position_both",
                 "a relation needs two different stakeholders": "relation_self"}


def invalid(error: ValidationError) -> list[Note]:
    """What the model refused in a row, as notes: the field, why, and what was given when short.

    Their English is what :func:`werkatelier.document.explain` says; an error of a kind no
    locale text names keeps pydantic's English message.

    >>> from werkatelier.model import Cluster
    >>> try:
    ...     Cluster(name="Zorg", colour="red")
    ... except ValidationError as e:
    ...     [n.text("nl") for n in invalid(e)]
    ["kleur: een kleur schrijf je als # en zes hexadecimale cijfers, zoals #0072b2 (gegeven: 'red')"]
    """
    return [_problem(_field(tuple(e["loc"])), e) for e in error.errors(include_url=False)]


def invalid_session(error: ValidationError) -> list[Note]:
    """What the model refused in a whole session, as notes: where in the document (its path, as
    :func:`werkatelier.document.explain` writes it), why, and what was given when short."""
    return [_problem(_path(tuple(e["loc"])), e) for e in error.errors(include_url=False)]


#: Pydantic's errors of a fixed message an import can meet: ``import.invalid.<type>`` says each, its
#: English pydantic's own words.
PLAIN_ERRORS = ("missing", "extra_forbidden", "int_parsing", "int_type", "int_from_float", "float_parsing",
                "float_type", "bool_parsing", "bool_type", "string_type", "list_type", "dict_type")


def _why(e: Any) -> Note:
    """Why pydantic refused a value, in words of the locale files; one of a kind they do not name
    is said with pydantic's message (in Dutch: 'waarde niet geldig: ...')."""
    kind, ctx = e["type"], e.get("ctx") or {}
    msg = e["msg"].removeprefix("Value error, ")
    if kind in PLAIN_ERRORS:
        return note(f"invalid.{kind}")
    if kind == "model_type" and "class_name" in ctx:
        return note("invalid.model_type", class_name=ctx["class_name"])
    if kind == "literal_error" and "expected" in ctx:
        *items, last = re.split(r", | or ", ctx["expected"])
        return note("invalid.literal_error",
                    expected=note("invalid.one_of", items=", ".join(items), last=last) if items else last)
    if kind == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_KEYS:
        return note(f"invalid.pattern_{PATTERN_KEYS[ctx['pattern']]}")
    if kind == "string_too_long":
        return note("invalid.too_long", n=ctx.get("max_length"))
    if kind == "string_too_short":
        return note("invalid.too_short", n=ctx.get("min_length"))
    if kind in ("greater_than_equal", "less_than_equal"):
        return note(f"invalid.{kind}", limit=ctx.get("ge", ctx.get("le")))
    if kind == "value_error" and msg in _VALUE_ERRORS:
        return note(_VALUE_ERRORS[msg])
    return note("invalid.other", message=msg)


def _problem(field: Note | str, e: Any) -> Note:
    why = _why(e)
    given = e.get("input")
    short = isinstance(given, int | float | bool) or (isinstance(given, str) and len(given) <= 40)
    if field and short:
        return note("invalid_got", field=field, why=why, got=given)
    if field:
        return note("invalid_field", field=field, why=why)
    return why  # the row as a whole


def _path(loc: tuple[Any, ...]) -> Note | str:
    return path_of(loc) if loc else note("where.document")


def listed(items: list[Note], shown: int = 5) -> Note | str:
    """Notes one after another, joined by semicolons; after ``shown`` of them, how many more.

    >>> listed([note("where.row", row=n) for n in range(1, 8)]).text("nl")
    'rij 1; rij 2; rij 3; rij 4; rij 5 (en nog 2)'
    """
    if not items:
        return ""
    out: Note = items[min(len(items), shown) - 1]
    for item in reversed(items[:min(len(items), shown) - 1]):
        out = note("listed", first=item, rest=out)
    return note("listed_more", items=out, n=len(items) - shown) if len(items) > shown else out


def _field(loc: tuple[Any, ...]) -> Note | str:
    """The field of a row an error is about: ``tags[0]``, its name said in the reader's language."""
    if not loc or not isinstance(loc[0], str):
        return ""
    at: Note | str = note(f"field.{loc[0]}")
    for part in loc[1:]:
        at = note("field_item", field=at, index=part)
    return at


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
