"""The presentation page: steps with its buttons, keeps the slide in the URL, shows nothing confidential."""

from __future__ import annotations

import json

import pytest
from pagetest import open_page, shown

from werkatelier.store import ENV_DATA_DIR, FileStore

CONFIDENTIAL = ["Bronnen off the record", "Criminele netwerken", "Ronselaars", "Katvangers en stromannen"]


@pytest.fixture
def sid(tmp_path, monkeypatch, team6_session) -> str:
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path))
    return FileStore(tmp_path).add(team6_session, keep_id=True).id


def headings(at) -> list[str]:
    return [e.value for kind in ("title", "header") for e in getattr(at, kind)]


def canvas_text(at) -> str:
    """The data the map slide hands the browser's canvas, as text."""
    # Only the canvas's: the sidebar's live element is a component too.
    return "\n".join(el.proto.json or el.proto.bytes.decode() for el in at.get("bidi_component")
                     if el.proto.component_name == "werkatelier.canvas")


def table_text(at) -> str:
    return "\n".join(t.value.to_string() for t in at.table)


def test_the_buttons_step_forward_and_back_and_the_url_follows(sid):
    at = open_page("present", session_id=sid)
    assert headings(at) == ["Team 6 – Werkatelier II"]
    assert "Dia 1 van 10" in shown(at)
    assert at.button(key="present_prev").disabled and not at.button(key="present_next").disabled
    assert at.query_params["slide"] == "1"

    at.button(key="present_next").click().run()
    assert headings(at) == ["De stakeholderkaart"] and "Dia 2 van 10" in shown(at)
    assert at.query_params["slide"] == "2"
    at.button(key="present_next").click().run()
    assert headings(at) == ["Streetlevel Professional"]
    assert "Ik zie het als eerste" in shown(at)
    at.button(key="present_prev").click().run()
    assert headings(at) == ["De stakeholderkaart"] and at.query_params["slide"] == "2"
    # The presenter's clicker sends PageDown and PageUp: the same steps.
    at.button(key="present_pagedown").click().run()
    assert headings(at) == ["Streetlevel Professional"]
    at.button(key="present_pageup").click().run()
    assert headings(at) == ["De stakeholderkaart"]


def test_the_slide_in_the_url_is_where_a_reload_lands(sid):
    at = open_page("present", session_id=sid, run=False)
    at.query_params["slide"] = "7"
    at.run()
    assert headings(at) == ["Inzichten: Jeugdhulpverlener"]
    assert "Ontworsteling lukt als er één volwassene is die blijft, ook als het misgaat" in shown(at)
    assert "Dia 7 van 10" in shown(at)


def test_a_slide_number_out_of_range_shows_the_nearest_slide(sid):
    at = open_page("present", session_id=sid, run=False)
    at.query_params["slide"] = "99"
    at.run()
    assert headings(at) == ["Acties"] and "Dia 10 van 10" in shown(at)
    assert at.button(key="present_next").disabled and at.query_params["slide"] == "10"
    assert "Buurtbezoek aan Poelenburg" in table_text(at)
    at.query_params["slide"] = "nonsense"
    at.run()
    assert headings(at) == ["Team 6 – Werkatelier II"]


def test_no_confidential_name_on_any_slide_nor_in_the_map_data(sid):
    at = open_page("present", session_id=sid)
    seen, maps = [], []
    for n in range(1, 11):
        assert f"Dia {n} van 10" in shown(at)
        seen.append(shown(at) + table_text(at))
        maps.append(canvas_text(at))
        if n < 10:
            at.button(key="present_next").click().run()
    text = "\n".join(seen + maps)
    for name in CONFIDENTIAL:
        assert name not in text
    # The confidential interview's insights stay out too; the open ones are there.
    assert "Woningen worden gehuurd via katvangers" not in text
    assert "Zoek de mensen die tussen onder- en bovenwereld in zitten" in text
    # The map was there, with the public post-its.
    nodes = json.loads(next(m for m in maps if m))["nodes"]
    assert "Rochdale" in [n["label"] for n in nodes] and len(nodes) == 30


def test_english_labels(sid):
    at = open_page("present", session_id=sid, lang="en")
    assert "Slide 1 of 10" in shown(at) and "The question" in shown(at)


def test_an_empty_session_is_one_title_slide_that_says_more_will_come(tmp_path, monkeypatch, empty_session):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path))
    sid = FileStore(tmp_path).add(empty_session).id
    at = open_page("present", session_id=sid)
    assert headings(at) == ["Lege sessie"] and "Dia 1 van 1" in shown(at)
    assert "komen daar dia's voor bij" in shown(at)
    assert at.button(key="present_prev").disabled and at.button(key="present_next").disabled


def test_user_text_on_slides_stays_text(tmp_path, monkeypatch, empty_session):
    monkeypatch.setenv(ENV_DATA_DIR, str(tmp_path))
    empty_session.meta.title = "![x](http://example.com/t.png) <b>Vet</b>"
    sid = FileStore(tmp_path).add(empty_session).id
    at = open_page("present", session_id=sid)
    assert headings(at)[0] == r"\!\[x\]\(http\:\/\/example\.com\/t\.png\) \<b\>Vet\<\/b\>"
    assert "![x](http://example.com/t.png) <b>Vet</b>" in shown(at)
