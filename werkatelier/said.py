"""What an operation did, in words of the locale files: stored in English, read in any language."""

from __future__ import annotations

from typing import Any

from werkatelier import i18n


class Word(str):
    """A value that is itself a label: the key of a word (``said.what.persona``), said in the reader's
    language; a key the catalogue lacks shows as its last part (a field it does not name)."""

    __slots__ = ()


class Series(list):
    """Items said one after another and joined by commas, as counts are ('3 added, 1 updated');
    a plain list of Saids reads as steps, joined by semicolons."""


class Said(str):
    """A summary: the English text (what history has always stored) that also knows its locale key
    and values, so a Dutch page can say it in Dutch.

    Values are text, numbers, :class:`Word`, a list of words (said joined by commas), another
    Said, a list of Saids and text (joined by semicolons) or a :class:`Series` of them (joined by
    commas). A count ``n`` picks the singular for one.

    >>> s = Said("said.added", what=Word("said.what.stakeholder"), name="Gemeente")
    >>> str(s), describe(s, s.record(), "nl")
    ("Added stakeholder 'Gemeente'", "Toegevoegd: stakeholder 'Gemeente'")
    """

    key: str
    values: dict[str, Any]

    def __new__(cls, key: str, **values: Any) -> Said:
        self = super().__new__(cls, _say(key, values, "en"))
        self.key, self.values = key, values
        return self

    def record(self) -> dict[str, Any]:
        """The key and values as JSON, kept beside the English text in history."""
        return {"key": self.key, "values": {k: _encode(v) for k, v in self.values.items()}}

    def text(self, lang: str) -> str:
        """The summary in lang."""
        return _say(self.key, self.values, lang)


def _encode(v: Any) -> Any:
    if isinstance(v, Said):
        return {"said": v.record()}
    if isinstance(v, Word):
        return {"word": str(v)}
    if isinstance(v, Series):
        return {"series": [_encode(x) for x in v]}
    if isinstance(v, list):
        return {"list": [_encode(x) for x in v]}
    return v


def _restore(v: Any) -> Any:
    """A value as :func:`_encode` stored it, made again: what :func:`_value` says in any language."""
    if isinstance(v, dict):
        if "said" in v:
            return Said(v["said"]["key"], **{k: _restore(x) for k, x in v["said"]["values"].items()})
        if "word" in v:
            return Word(v["word"])
        if "list" in v:
            return [_restore(x) for x in v["list"]]
        if "series" in v:
            return Series(_restore(x) for x in v["series"])
    return v


def _word(key: str, lang: str) -> str:
    return i18n.t(key, lang) if key in i18n.catalogue(lang) else key.rsplit(".", 1)[-1]


def _value(v: Any, lang: str) -> Any:
    if isinstance(v, Said):
        return _say(v.key, v.values, lang)
    if isinstance(v, Word):
        return _word(v, lang)
    if isinstance(v, Series):
        return ", ".join(str(_value(x, lang)) for x in v)
    if isinstance(v, list):
        words = all(isinstance(x, Word) for x in v)
        return (", " if words else "; ").join(str(_value(x, lang)) for x in v)
    return v


def _say(key: str, values: dict[str, Any], lang: str) -> str:
    return i18n.t(key, lang, **{k: _value(v, lang) for k, v in values.items()})


def describe(summary: str, say: dict[str, Any] | None, lang: str) -> str:
    """A history line's summary in lang: from its key and values when history kept them (every
    revision since they were), else the English text as stored."""
    if not say:
        return summary
    try:
        wanted = i18n.catalogue(lang)[say["key"]]
        if i18n.placeholders(wanted) - set(say["values"]):
            return summary
        return _say(say["key"], {k: _restore(v) for k, v in say["values"].items()}, lang)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        return summary
