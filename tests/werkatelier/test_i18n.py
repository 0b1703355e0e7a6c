"""The two catalogues: complete, consistent, and used."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from werkatelier import i18n

ROOT = Path(__file__).resolve().parents[2]


def test_both_catalogues_have_the_same_keys():
    nl, en = i18n.catalogue("nl"), i18n.catalogue("en")
    assert sorted(set(nl) - set(en)) == [], "keys missing in en.json"
    assert sorted(set(en) - set(nl)) == [], "keys missing in nl.json"


def test_placeholders_match_between_languages():
    nl, en = i18n.catalogue("nl"), i18n.catalogue("en")
    wrong = [k for k in nl if i18n.placeholders(nl[k]) != i18n.placeholders(en[k])]
    assert wrong == []


def test_no_label_is_empty():
    for lang in i18n.LANGUAGES:
        assert [k for k, v in i18n.catalogue(lang).items() if not v.strip()] == []


def test_every_key_used_in_the_interface_exists():
    """Keys written as t("…") or T("…") in pages, components and app.py are all in the catalogue."""
    used = set()
    for path in [ROOT / "app.py", *ROOT.glob("pages/*.py"), *ROOT.glob("components/**/*.py")]:
        if path.exists():
            used |= set(re.findall(r"""\bt\(\s*["']([a-z_]+\.[a-z0-9_.]+)["']""", path.read_text("utf-8")))
    missing = sorted(used - set(i18n.catalogue("nl")))
    assert missing == []


def test_unknown_language_falls_back_to_dutch_and_unknown_key_shows_itself():
    assert i18n.t("app.title", "fr") == "Werkatelier"
    assert i18n.t("no.such.key", "en") == "no.such.key"
    with pytest.raises(ValueError):
        i18n.catalogue("fr")


def test_a_count_of_one_reads_in_the_singular_in_both_languages():
    assert i18n.t("part.actions", "nl", n=1) == "1 actie"
    assert i18n.t("part.actions", "nl", n=0) == "0 acties"
    assert i18n.t("part.interviews", "en", n=1) == "1 interview"
    assert i18n.t("part.rounds", "nl", n=3) == "3 werkrondes"
    assert i18n.t("start.empty_session", "nl", n=1) == i18n.t("start.empty_session", "nl")  # no _one form
