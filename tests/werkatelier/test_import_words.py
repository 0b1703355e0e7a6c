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


# --- whole files refused: said in the reader's language -----------------------------------------

def test_no_importer_refuses_a_file_in_english_only():
    """Every refusal of a whole file is an ImportRefused (a key and values); a WerkatelierError made
    in the importer would be English on a Dutch page."""
    made = []
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                    "WerkatelierError", "ValueError"):
                made.append(f"{path.name}:{node.lineno}")
    assert made == []
    keys = {k.value for _, k, _ in CALLS if isinstance(k, ast.Constant)}
    assert {"refused_empty", "refused_size", "refused_json", "refused_no_name_column", "refused_missing",
            "refused_dtd", "refused_xml", "refused_no_column", "refused_format"} <= keys


def test_pythons_json_messages_keep_their_english_and_have_dutch():
    from werkatelier.importing import JSON_ERRORS

    for message, key in JSON_ERRORS.items():
        assert i18n.t(f"import.json.{key}", "en") == message
        assert i18n.t(f"import.json.{key}", "nl") not in (message, f"import.json.{key}")


#: Files refused whole: (name, bytes, the English as it always read, the Dutch).
REFUSED = [
    ("leeg.csv", b"  \n", "leeg.csv is empty", "leeg.csv is leeg"),
    ("lijst.csv", b"wie;wat\nA;B\n",
     "lijst.csv has no column for the name (naam, name) nor for the two ends of a relation "
     "(van and naar, from and to)",
     "lijst.csv heeft geen kolom voor de naam (naam, name) en ook geen kolommen voor de twee kanten van "
     "een relatie (van en naar, from en to)"),
    ("kapot.json", b'{"meta": {"title": "x"},}',
     "kapot.json is not valid JSON (line 1, column 25: Expecting property name enclosed in double quotes)",
     "kapot.json is geen geldige JSON (regel 1, kolom 25: hier hoort een naam tussen dubbele "
     "aanhalingstekens)"),
    ("groot.csv", b"naam\n" + b"x" * 2_000,
     "groot.csv is 0.0 MB; imports larger than 0.001 MB are refused",
     "groot.csv is 0.0 MB; een import groter dan 0.001 MB wordt geweigerd"),
    ("kaart.gexf", b"<gexf><graph>", "kaart.gexf is not valid XML (line 1, column 13)",
     "kaart.gexf is geen geldige XML (regel 1, kolom 13)"),
]
#: English words of the refusals above; none may be in their Dutch.
REFUSED_ENGLISH = ["is empty", "has no column", "nor", "relation", "not valid", "line", "column",
                   "Expecting", "imports larger", "refused", "the name"]


@pytest.mark.parametrize(("name", "raw", "english", "dutch"), REFUSED, ids=[r[0] for r in REFUSED])
def test_a_refused_file_is_said_in_dutch_and_its_english_reads_as_before(name, raw, english, dutch):
    from werkatelier.importing import ImportRefused, reason

    with pytest.raises(ImportRefused) as e:
        read(raw, name=name, max_bytes=1_000)
    assert str(e.value) == english == reason(e.value, "en")
    assert reason(e.value, "nl") == dutch
    assert [w for w in REFUSED_ENGLISH if re.search(rf"\b{re.escape(w)}\b", dutch)] == []


def test_a_table_without_the_columns_of_its_part_says_which_in_dutch():
    from openpyxl import Workbook

    from werkatelier.importing import ImportRefused

    wb = Workbook()
    wb.active.title = "Relaties"
    wb.active.append(["wie", "wat"])
    wb.active.append(["A", "B"])
    import io

    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(ImportRefused) as e:
        read(buf.getvalue(), name="k.xlsx")
    assert str(e.value) == ("k.xlsx, sheet 'Relaties': there is no column for where a relation starts "
                            "(van, from) and where it ends (naar, to)")
    assert e.value.text("nl") == ("k.xlsx, tabblad 'Relaties': er is geen kolom voor waar een relatie "
                                  "begint (van, from) en waar die eindigt (naar, to)")


SESSIONS = [
    ("lijst.json", b"[1, 2]", "lijst.json: A session must be a JSON object, but this file holds a list",
     "lijst.json: een sessie moet een JSON-object zijn, maar dit bestand bevat een lijst"),
    ("te_lang.json", b'{"meta": {"title": "x"}, "stakeholders": [{"name": "Wijk", "influence": 9}]}',
     "te_lang.json: This is not a valid session: stakeholders[0].influence: Input should be less than or "
     "equal to 5 (got 9)",
     "te_lang.json: dit is geen geldige sessie: stakeholders[0].influence: mag hooguit 5 zijn (gegeven: 9)"),
    ("kapot.csv", b'naam\n"Wijk\n', "kapot.csv is not a readable CSV file (unexpected end of data)",
     "kapot.csv is geen leesbaar CSV-bestand (het bestand houdt op midden in een cel: staat er ergens een "
     "aanhalingsteken (\") dat niet wordt gesloten?)"),
]


@pytest.mark.parametrize(("name", "raw", "english", "dutch"), SESSIONS, ids=[r[0] for r in SESSIONS])
def test_a_refused_session_file_says_why_in_dutch(name, raw, english, dutch):
    from werkatelier.importing import ImportRefused

    with pytest.raises(ImportRefused) as e:
        read(raw, name=name)
    assert (str(e.value), e.value.text("nl")) == (english, dutch)


def test_a_session_with_many_problems_names_five_and_counts_the_rest():
    import json

    from werkatelier.importing import ImportRefused

    raw = json.dumps({"meta": {"title": "x"}, "stakeholders": [{"name": "W", "influence": 9}] * 7}).encode()
    with pytest.raises(ImportRefused) as e:
        read(raw, name="veel.json")
    assert str(e.value).endswith("stakeholders[4].influence: Input should be less than or equal to 5 (got 9) "
                                 "(and 2 more)")
    dutch = e.value.text("nl")
    assert dutch.endswith("stakeholders[4].influence: mag hooguit 5 zijn (gegeven: 9) (en nog 2)")
    assert e.value.text("nl").count("; ") == 4


# --- what the model refuses, in a session file: pydantic's English, Dutch words --------------------

#: A session file with one of each kind of value the model refuses.
BAD_SESSION = {"meta": {"title": "x", "datum": "gisteren"}, "revision": "x", "relations": "nee",
               "stakeholders": [{"name": "a", "influence": "veel"}, {"name": "b", "influence": 2.5},
                                {"name": "c", "confidential": "misschien"}, {"name": "d", "kind": "ding"},
                                {"name": "e", "x": "links", "y": 1}, {"name": 5}, 7, {},
                                {"name": "g", "influence": None}, {"name": "i", "confidential": [1]},
                                {"name": "j", "x": [1], "y": 2}, {"name": "k", "organisation": "x\x00y"}],
               "question": [1], "clusters": [{"name": "Zorg", "colour": "red"}]}


def test_every_kind_of_model_error_an_import_meets_has_dutch_words_and_pydantics_english():
    from werkatelier.formats.notes import PLAIN_ERRORS, invalid_session

    with pytest.raises(ValidationError) as e:
        Session.model_validate(BAD_SESSION)
    met = {x["type"] for x in e.value.errors()}
    assert set(PLAIN_ERRORS) - {"dict_type"} <= met
    assert {"model_type", "literal_error"} <= met
    notes = invalid_session(e.value)
    assert [n.text("en") for n in notes] == explain(e.value)
    dutch = [n.text("nl") for n in notes]
    assert [line for line in dutch if re.search(r"\b(Input|should|valid|Field|required|or)\b", line)] == []
    assert "stakeholders[3].kind: moet 'person', 'organisation' of 'group' zijn (gegeven: 'ding')" in dutch
    assert "stakeholders[7].name: ontbreekt" in dutch
    assert "meta.datum: dit veld kent Werkatelier niet (gegeven: 'gisteren')" in dutch


def test_a_model_error_no_locale_text_names_is_said_as_not_valid_with_pydantics_words():
    from werkatelier.formats.notes import invalid_session

    with pytest.raises(ValidationError) as e:
        Session.model_validate({"meta": {"title": "x"}, "created": "nu"})
    (n,) = invalid_session(e.value)
    assert n.text("en") == "created: Input should be a valid datetime or date, input is too short (got 'nu')"
    assert n.text("nl") == ("created: waarde niet geldig: Input should be a valid datetime or date, input is "
                            "too short (gegeven: 'nu')")
