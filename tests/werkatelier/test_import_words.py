"""Every reason and place an import can give has words in both locale files, filled with the values it
is given; a Dutch preview is Dutch in every line, an English one says what it always said."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from werkatelier import i18n
from werkatelier.document import PATTERN_KEYS, explain
from werkatelier.formats.notes import _VALUE_ERRORS, invalid
from werkatelier.importing import ImportPlan, plan, read
from werkatelier.model import KINDS, Cluster, Meta, Relation, Session, Stakeholder

ROOT = Path(__file__).resolve().parents[2] / "werkatelier"
#: Where import notes are made: the importer, its plan, the cell readers and every format.
SOURCES = [ROOT / "importing.py", ROOT / "importplan.py", ROOT / "tabular.py",
           *(ROOT / "formats").glob("*.py")]
#: The calls that make a note from a locale key (``import.<key>``) and its values.
MAKERS = {"note", "Note", "ImportRefused", "BadValue"}


def note_calls() -> list[tuple[str, ast.expr, set[str] | None]]:
    """(where, key expression, the values' names or None when they cannot be read) of every note made."""
    found = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            made = isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MAKERS
            if not made:
                continue
            kw = {k.arg: k.value for k in node.keywords}
            key = node.args[0] if node.args else kw.pop("key", None)
            if key is None:
                continue  # the class itself being defined or passed on
            if "params" in kw:
                params = kw["params"]
                names = ({k.value for k in params.keys if isinstance(k, ast.Constant)}
                         if isinstance(params, ast.Dict) else None)
            else:
                names = None if None in kw else set(kw)
            found.append((f"{path.name}:{node.lineno}", key, names))
    return found


def pattern_of(key: ast.expr) -> re.Pattern[str] | None:
    """The keys an f-string key can be: its text, each {value} any name."""
    if not isinstance(key, ast.JoinedStr):
        return None
    parts = [re.escape(p.value) if isinstance(p, ast.Constant) else "[a-z_]+" for p in key.values]
    return re.compile("import\\." + "".join(parts))


CALLS = note_calls()
#: Notes whose key is written where they are made; the others pass on a key made by one of these.
WRITTEN = [c for c in CALLS if isinstance(c[1], (ast.Constant, ast.JoinedStr))]


def test_the_scan_finds_the_notes():
    keys = {k.value for _, k, _ in CALLS if isinstance(k, ast.Constant)}
    assert {"no_name", "score_outside", "where.row", "merged", "line", "relation_self"} <= keys
    assert len(CALLS) > 60


@pytest.mark.parametrize(("where", "key", "names"), WRITTEN, ids=[c[0] for c in WRITTEN])
def test_every_note_has_words_in_both_languages_with_its_values_filled(where, key, names):
    if isinstance(key, ast.Constant):
        keys = [f"import.{key.value}"]
    else:
        pattern = pattern_of(key)
        keys = [k for k in i18n.catalogue("en") if pattern.fullmatch(k)]
        assert keys, f"{where}: no key matches {pattern.pattern}"
        names = None  # which keys it makes is checked by the next test
    for lang in i18n.LANGUAGES:
        cat = i18n.catalogue(lang)
        for k in keys:
            assert k in cat, f"{where}: {k} missing in {lang}.json"
            forms = [k] + ([k + i18n.ONE] if k + i18n.ONE in cat else [])
            if names is not None:
                for form in forms:
                    missing = i18n.placeholders(cat[form]) - names
                    assert not missing, f"{where}: {form} ({lang}) needs {missing}, the note gives {names}"


def test_the_words_of_fields_kinds_actions_and_parts_are_all_there():
    fields = set(Stakeholder.model_fields) | set(Relation.model_fields) | set(Cluster.model_fields)
    wanted = ([f"import.field.{f}" for f in fields] + [f"import.kind.{k}" for k in KINDS]
              + [f"import.{tense}.{a}" for tense in ("do", "done", "todo") for a in ImportPlan.ACTIONS]
              + [f"import.{p}.{part}" for p in ("part", "parts") for part in ImportPlan.PARTS]
              + [f"import.count.{p}" for p in ("personas", "interviews", "rounds", "actions", "participants")]
              + [f"import.invalid.pattern_{p}" for p in PATTERN_KEYS.values()]
              + [f"import.invalid.{k}" for k in ("greater_than_equal", "less_than_equal")]
              + [f"import.{k}" for k in _VALUE_ERRORS.values()]
              + [f"import.{k}_{p}" for k in ("defaults", "refused_too_many")
                 for p in ("stakeholders", "relations")])
    for lang in i18n.LANGUAGES:
        assert sorted(set(wanted) - set(i18n.catalogue(lang))) == [], lang


def test_what_the_model_refuses_reads_in_english_as_before_and_in_dutch():
    cases = [lambda: Stakeholder(name="x" * 201), lambda: Cluster(name="Zorg", colour="red"),
             lambda: Stakeholder(name="Wijk", notes="a\x00b"), lambda: Relation(source="a", target="a"),
             lambda: Stakeholder(name="Wijk", x=1.0)]
    for make in cases:
        with pytest.raises(ValidationError) as e:
            make()
        english = [n.text("en") for n in invalid(e.value)]
        assert [line.removeprefix("the document: ") for line in explain(e.value)] == english
        dutch = [n.text("nl") for n in invalid(e.value)]
        assert dutch != english and not any(w in " ".join(dutch) for w in ("String", "should", "the "))


BAD = "naam;invloed;belang;houding;vertrouwelijk\nWijkraad;NaN;2;;\n;3;;;\nBuurthuis;;4;7;misschien\n"
#: Words of the English preview of BAD; none may be in its Dutch preview.
ENGLISH = ["row", "skip", "add", "influence", "interest", "attitude", "is not a number", "it has no name",
           "is outside", "not yes or no", "to add", "skipped", "note:", "New stakeholders", "default"]


def test_a_dutch_preview_of_a_bad_file_is_dutch_throughout():
    p = plan(Session(meta=Meta(title="t")), read(BAD.encode(), name="kaart.csv"))
    english = "\n".join(p.preview("en"))
    assert "skip stakeholder 'Wijkraad' (row 2): influence 'NaN' is not a number from 1 to 5" in english
    assert "skip stakeholder '?' (row 3): it has no name" in english
    dutch = p.preview("nl")
    assert dutch[:3] == [
        "kaart.csv: stakeholders 3 overgeslagen",
        "overslaan stakeholder 'Wijkraad' (rij 2): invloed 'NaN' is geen getal van 1 tot en met 5",
        "overslaan stakeholder '?' (rij 3): de rij heeft geen naam"]
    assert dutch[3] == ("overslaan stakeholder 'Buurthuis' (rij 4): houding 7 ligt niet tussen -2 en 2; "
                        "vertrouwelijk 'misschien' is geen ja of nee")
    text = "\n".join(dutch) + "\n" + "\n".join(v for row in p.table("nl") for v in row.values())
    assert [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}\b", text)] == []


def test_places_in_every_format_are_said_in_dutch():
    import json

    kumu = read(json.dumps({"elements": [{"_id": "a", "attributes": {"label": "A", "influence": 9}}],
                            "connections": [{"from": "a", "to": "a"}]}).encode(), name="k.json")
    p = plan(Session(meta=Meta(title="t")), kumu)
    assert [r.place("nl") for r in p.rows] == ["element 1", "verbinding 1"]
    assert p.rows[1].text("nl") == "een relatie heeft twee verschillende stakeholders nodig"
    gexf = read(b'<gexf xmlns="http://gexf.net/1.3"><graph><nodes><node id="n1" label="A"/></nodes>'
                b'<edges><edge id="e1" source="n1" target="n9"/></edges></graph></gexf>', name="k.gexf")
    p = plan(Session(meta=Meta(title="t")), gexf)
    assert [(r.place("nl"), r.text("nl")) for r in p.rows][1] == (
        "lijn 'e1'", "'n9' is geen knoop in dit bestand")
    assert p.rows[0].place("nl") == "knoop 'n1'"
