"""The session document: validation a user can read, upgrades, and the committed schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from werkatelier import document, schema
from werkatelier.document import WerkatelierError
from werkatelier.model import SCHEMA_VERSION

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_committed_schema_matches_the_models():
    assert schema.SCHEMA_PATH.read_text(encoding="utf-8") == schema.schema_text(), (
        "docs/session.schema.json is stale: run python -m werkatelier.schema")


def test_names_are_trimmed_and_bounded(empty_session):
    doc = document.loads(json.dumps({"meta": {"title": "  Team 6  "},
                                     "stakeholders": [{"name": "  Rochdale "}]}))
    assert doc.meta.title == "Team 6"
    assert doc.stakeholders[0].name == "Rochdale"
    with pytest.raises(WerkatelierError, match="stakeholders\\[0\\].name"):
        document.loads(json.dumps({"meta": {"title": "x"}, "stakeholders": [{"name": "x" * 201}]}))


@pytest.mark.parametrize("field,value", [("influence", 0), ("influence", 6), ("interest", 9),
                                         ("attitude", -3), ("attitude", 3)])
def test_scores_out_of_range_are_refused_with_the_field_named(field, value):
    with pytest.raises(WerkatelierError) as e:
        document.from_data({"meta": {"title": "x"}, "stakeholders": [{"name": "a", field: value}]})
    assert f"stakeholders[0].{field}" in str(e.value)


def test_colours_must_be_hex():
    with pytest.raises(WerkatelierError, match="clusters\\[0\\].colour"):
        document.from_data({"meta": {"title": "x"}, "clusters": [{"name": "a", "colour": "red"}]})


def test_duplicate_ids_and_dangling_references_are_named():
    data = {"meta": {"title": "x"},
            "stakeholders": [{"id": "a", "name": "A"}, {"id": "a", "name": "B"}],
            "personas": [{"name": "P", "stakeholder_ids": ["nobody"]}]}
    with pytest.raises(WerkatelierError) as e:
        document.from_data(data)
    assert "'a' is used twice" in str(e.value)
    assert "'nobody', which does not exist" in str(e.value)


def test_second_relation_of_the_same_kind_between_a_pair_is_refused():
    data = {"meta": {"title": "x"},
            "stakeholders": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
            "relations": [{"source": "a", "target": "b", "kind": "financiert"},
                          {"source": "b", "target": "a", "kind": "Financiert"}]}
    with pytest.raises(WerkatelierError, match="already a relation of kind"):
        document.from_data(data)
    data["relations"][1]["kind"] = "informeert"
    assert len(document.from_data(data).relations) == 2


def test_version_0_fixture_is_upgraded():
    raw = (FIXTURES / "session_v0.json").read_text(encoding="utf-8")
    doc = document.loads(raw)
    assert doc.schema_version == SCHEMA_VERSION
    assert doc.meta.title == "Oude sessie"
    assert doc.question.text == "Hoe vergroten we de leefbaarheid?"
    corp = doc.stakeholders[0]
    assert (corp.name, corp.influence, corp.x, corp.y) == ("Corporatie", 4, 12.5, -3.0)


def test_newer_schema_version_is_refused_clearly():
    with pytest.raises(WerkatelierError, match="newer Werkatelier"):
        document.loads(json.dumps({"schema_version": SCHEMA_VERSION + 1, "meta": {"title": "x"}}))


def test_dumps_is_canonical_and_round_trips(small_session):
    text = document.dumps(small_session)
    assert text == document.dumps(document.loads(text))
    assert json.loads(text) == json.loads(json.dumps(json.loads(text), sort_keys=True))
    assert text.startswith('{\n  "actions"')
