"""The neighbourhood template: the parties a team expects, valid, placed, and never sharing ids."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from werkatelier import document, geometry, layout, palette
from werkatelier.document import WerkatelierError
from werkatelier.store import FileStore
from werkatelier.templates_catalog import build, neighbourhood

EXPECTED_NL = ["Bewoners", "Woningcorporatie", "Gemeente", "Zorg en welzijn", "Politie en justitie",
               "Scholen", "Ondernemers", "Bewonersinitiatieven"]


def test_every_typical_party_is_a_coloured_cluster_with_two_to_four_stakeholders():
    doc = neighbourhood("Wijkaanpak")
    assert [c.name for c in doc.clusters] == EXPECTED_NL
    colours = [c.colour for c in doc.clusters]
    assert len(set(colours)) == len(colours) and set(colours) <= set(palette.PALETTE)
    for c in doc.clusters:
        members = [s for s in doc.stakeholders if s.cluster == c.id]
        assert 2 <= len(members) <= 4, c.name
        assert all(s.capacity and s.contact_for for s in members), c.name


def test_english_names_when_asked_and_the_same_shape():
    nl, en = neighbourhood("Wijk"), neighbourhood("Area", lang="en")
    assert [c.name for c in en.clusters][:3] == ["Residents", "Housing corporation", "Municipality"]
    assert "Community police officer" in {s.name for s in en.stakeholders}
    assert len(en.stakeholders) == len(nl.stakeholders)
    assert not {s.name for s in en.stakeholders} & {s.name for s in nl.stakeholders}


def test_meta_is_taken_and_ids_are_fresh_every_time():
    a = neighbourhood("Wijk", programme="Weerbare wijken", team="6",
                      event={"name": "Werkatelier I", "date": date(2019, 2, 7), "location": "Zaandam"})
    b = neighbourhood("Wijk")
    assert (a.meta.programme, a.meta.team, a.meta.event.location) == ("Weerbare wijken", "6", "Zaandam")
    assert a.meta.event.date == date(2019, 2, 7)
    ids_a = {a.id} | {x.id for x in [*a.clusters, *a.stakeholders]}
    ids_b = {b.id} | {x.id for x in [*b.clusters, *b.stakeholders]}
    assert not ids_a & ids_b


def test_every_post_it_is_placed_and_none_overlap():
    doc = neighbourhood("Wijk")
    assert all(s.placed for s in doc.stakeholders)
    sizes = np.array([geometry.stakeholder_box(s) for s in doc.stakeholders], dtype=float)
    xy = np.array([(s.x, s.y) for s in doc.stakeholders], dtype=float)
    assert layout.overlaps(sizes, xy) == []


def test_a_stored_template_reads_back_whole(tmp_path):
    store = FileStore(tmp_path)
    stored = store.add(neighbourhood("Wijk", team="3"))
    back = FileStore(tmp_path).get(stored.id)
    assert [c.name for c in back.clusters] == EXPECTED_NL
    assert document.dumps(back) == document.dumps(stored)


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_bad_title_is_refused_in_one_sentence(title):
    with pytest.raises(WerkatelierError, match="session description is not valid"):
        neighbourhood(title)


def test_build_knows_the_template_by_name_and_refuses_others():
    assert build("neighbourhood", "Wijk", lang="en").clusters[0].name == "Residents"
    with pytest.raises(WerkatelierError, match="no template called 'stad'"):
        build("stad", "Wijk")


def test_each_cluster_keeps_an_area_of_its_own():
    """No cluster's post-its reach into another's: their areas (as the map draws them) stay apart."""
    doc = neighbourhood("Wijk")
    areas = []
    for c in doc.clusters:
        boxes = [(s.x, s.y, *geometry.stakeholder_box(s)) for s in doc.stakeholders if s.cluster == c.id]
        areas.append((min(x - w / 2 for x, _, w, _ in boxes), min(y - h / 2 for _, y, _, h in boxes),
                      max(x + w / 2 for x, _, w, _ in boxes), max(y + h / 2 for _, y, _, h in boxes)))
    for i, a in enumerate(areas):
        for b in areas[i + 1:]:
            apart = a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
            assert apart, (a, b)
