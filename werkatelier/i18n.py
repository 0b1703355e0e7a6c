"""Interface text in Dutch (the default) and English: one catalogue per language."""

from __future__ import annotations

import json
import string
from functools import cache
from pathlib import Path

LANGUAGES: tuple[str, ...] = ("nl", "en")
DEFAULT = "nl"
_DIR = Path(__file__).parent / "locales"


@cache
def catalogue(lang: str) -> dict[str, str]:
    """All labels of one language, keyed like ``map.quick_add``."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    return json.loads((_DIR / f"{lang}.json").read_text(encoding="utf-8"))


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


#: The suffix of a label's singular form: ``part.actions_one`` beside ``part.actions``.
ONE = "_one"


def plural_key(key: str, n: object, lang: str = DEFAULT) -> str:
    """The key of the form that fits a count of n: the one home of the plural rule.

    Dutch and English both use the singular for exactly one and the plural otherwise (0 too);
    a label with no ``_one`` form is the same for every count.

    >>> plural_key("part.actions", 1), plural_key("part.actions", 2), plural_key("app.title", 1)
    ('part.actions_one', 'part.actions', 'app.title')
    """
    cat = catalogue(lang if lang in LANGUAGES else DEFAULT)
    return key + ONE if n == 1 and key + ONE in cat else key


def t(key: str, lang: str = DEFAULT, /, **values: object) -> str:
    """The label for key in lang, with {placeholders} filled in.

    A count ``n`` among the values picks the label's singular form for one (:func:`plural_key`).
    A key missing from the catalogue shows as the key itself, so a gap is visible, not fatal;
    a test keeps both catalogues complete.

    >>> t("app.title", "en")
    'Werkatelier'
    >>> t("part.actions", "nl", n=1), t("part.actions", "nl", n=2), t("part.interviews", "en", n=1)
    ('1 actie', '2 acties', '1 interview')
    """
    if "n" in values:
        key = plural_key(key, values["n"], lang)
    text = catalogue(lang if lang in LANGUAGES else DEFAULT).get(key)
    if text is None:
        return key
    return text.format(**values) if values else text


def set_labels(entries: dict[str, tuple[str, str]]) -> None:
    """Add or change labels in both catalogues at once (key -> (nl, en)), under a file lock.

    Several people may add labels at the same moment; each write keeps the others' keys.
    """
    from filelock import FileLock

    with FileLock(str(_DIR / ".catalogue.lock")):
        for n, lang in enumerate(LANGUAGES):
            path = _DIR / f"{lang}.json"
            data = json.loads(path.read_text(encoding="utf-8"))
            data.update({k: v[n] for k, v in entries.items()})
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", "utf-8")
            tmp.replace(path)
    catalogue.cache_clear()


if __name__ == "__main__":
    import sys

    # python -m werkatelier.i18n KEY "Nederlandse tekst" "English text" [KEY NL EN ...]
    args = sys.argv[1:]
    if not args or len(args) % 3:
        sys.exit("usage: python -m werkatelier.i18n KEY NL EN [KEY NL EN ...]")
    set_labels({args[i]: (args[i + 1], args[i + 2]) for i in range(0, len(args), 3)})
