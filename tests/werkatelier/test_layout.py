"""Laying out post-its nobody placed: fixed ones stay, clusters stay together, nothing overlaps."""

from __future__ import annotations

import contextlib
import itertools
import math
import random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from werkatelier import ops
from werkatelier.geometry import HULL_PAD, stakeholder_box
from werkatelier.layout import GAP, overlaps, place, positions
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder

WORDS = ("Gemeente", "Woningcorporatie", "Huurdersvereniging", "Wijkteam", "GGD", "Zorgverzekeraar",
         "Welzijn", "Politie", "Bewonerscommissie", "Stichting", "van", "de", "voor", "Utrecht",
         "Amersfoort", "’s-Hertogenbosch", "Ærø", "Café", "WWWWWWWWWWWWWWWWWWWWWWWW", "🏠", "i")


def random_map(rnd: random.Random, n: int, *, placed: float = 0.0, clusters: int = 4,
               relations: int | None = None, spread: float = 1500.0) -> Session:
    cl = [Cluster(id=f"c{k}", name=f"Cluster {k}") for k in range(clusters)]
    stakeholders = []
    for i in range(n):
        s = {"id": f"s{i}", "name": " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 5))),
             "kind": rnd.choice(("person", "organisation", "group")), "influence": rnd.randint(1, 5),
             "cluster": rnd.choice([None, *(c.id for c in cl)])}
        if rnd.random() < placed:
            s.update(x=rnd.uniform(-spread, spread), y=rnd.uniform(-spread, spread))
        stakeholders.append(Stakeholder(**s))
    pairs = set()
    want = n * 2 if relations is None else relations
    for _ in range(want * 3):
        if len(pairs) >= want or n < 2:
            break
        a, b = rnd.sample(range(n), 2)
        pairs.add((min(a, b), max(a, b)))
    rel = [Relation(id=f"r{k}", source=f"s{a}", target=f"s{b}") for k, (a, b) in enumerate(sorted(pairs))]
    return Session(meta=Meta(title="Kaart"), clusters=cl, stakeholders=stakeholders, relations=rel)


def boxes_and_points(doc: Session, pos: dict[str, tuple[float, float]]):
    sizes = np.array([stakeholder_box(s) for s in doc.stakeholders]).reshape(-1, 2)
    xy = np.array([pos[s.id] for s in doc.stakeholders], dtype=float).reshape(-1, 2)
    new = np.array([not s.placed for s in doc.stakeholders])
    return sizes, xy, new


def brute_overlaps(sizes, xy, gap=0.0):
    return sorted((i, j) for i, j in itertools.combinations(range(len(xy)), 2)
                  if abs(xy[i, 0] - xy[j, 0]) < (sizes[i, 0] + sizes[j, 0]) / 2 + gap
                  and abs(xy[i, 1] - xy[j, 1]) < (sizes[i, 1] + sizes[j, 1]) / 2 + gap)


# --- the promises ---------------------------------------------------------------------------------

@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(n=st.integers(0, 200), placed=st.sampled_from([0.0, 0.1, 0.5, 0.9]), seed=st.integers(0, 10**6),
       clusters=st.integers(0, 8), spread=st.sampled_from([300.0, 1500.0]))
def test_new_postits_never_overlap_and_placed_ones_stay(n, placed, seed, clusters, spread):
    doc = random_map(random.Random(seed), n, placed=placed, clusters=clusters, spread=spread)
    pos = positions(doc, seed=seed)
    assert set(pos) == {s.id for s in doc.stakeholders}
    for s in doc.stakeholders:
        if s.placed:
            assert pos[s.id] == (s.x, s.y)
        assert all(math.isfinite(v) for v in pos[s.id])
    sizes, xy, new = boxes_and_points(doc, pos)
    # Pre-placed post-its may overlap each other (the team put them there); new ones never do,
    # and keep GAP clear (less the 0.05 px rounding of saved positions).
    clashes = [(i, j) for i, j in overlaps(sizes, xy, gap=GAP - 0.1) if new[i] or new[j]]
    assert clashes == []


def test_a_crowded_placed_map_still_gets_room_for_new_postits():
    rnd = random.Random(4)
    doc = random_map(rnd, 200, placed=0.7, clusters=3, spread=250.0)
    pos = positions(doc)
    sizes, xy, new = boxes_and_points(doc, pos)
    assert new.sum() > 30
    assert [(i, j) for i, j in overlaps(sizes, xy) if new[i] or new[j]] == []


def test_same_seed_same_layout_other_seed_other_layout():
    doc = random_map(random.Random(1), 120, placed=0.2)
    assert positions(doc, seed=3) == positions(doc, seed=3)
    assert positions(doc) == positions(doc, seed=None)
    assert positions(doc, seed=3) != positions(doc, seed=4)


def test_empty_and_fully_placed_maps(empty_session, small_session):
    assert positions(empty_session) == {}
    for s in small_session.stakeholders:
        s.x, s.y = 1.0 * len(s.name), -2.0
    assert positions(small_session) == {s.id: (1.0 * len(s.name), -2.0) for s in small_session.stakeholders}


def test_one_unplaced_stakeholder_lands_within_a_postit_of_the_origin():
    doc = Session(meta=Meta(title="t"), stakeholders=[Stakeholder(id="a", name="Alleen")])
    (x, y), (w, h) = positions(doc)["a"], stakeholder_box(doc.stakeholders[0])
    assert abs(x) <= w and abs(y) <= h


# --- clusters stay together -----------------------------------------------------------------------

def test_clusters_stay_together():
    rnd = random.Random(7)
    doc = random_map(rnd, 160, clusters=4, relations=0)
    pos = positions(doc)
    xy = np.array([pos[s.id] for s in doc.stakeholders])
    cluster = [s.cluster for s in doc.stakeholders]
    dist = np.hypot(xy[:, None, 0] - xy[None, :, 0], xy[:, None, 1] - xy[None, :, 1])
    np.fill_diagonal(dist, np.inf)
    nearest = np.argsort(dist, axis=1)[:, :3]
    same = np.mean([cluster[j] == cluster[i] for i in range(len(xy)) for j in nearest[i]])
    # Five groups mixed at random would give about 0.2.
    assert same >= 0.9


def test_new_members_join_their_placed_cluster_mates():
    stakeholders = [Stakeholder(id=f"p{i}", name=f"Geplaatst {i}", cluster="far", x=6000.0 + 200 * i,
                                y=4000.0) for i in range(3)]
    stakeholders += [Stakeholder(id=f"n{i}", name=f"Nieuw {i}", cluster="far") for i in range(10)]
    stakeholders += [Stakeholder(id=f"o{i}", name=f"Ander {i}", cluster="near", x=0.0, y=150.0 * i)
                     for i in range(3)]
    clusters = [Cluster(id="far", name="Ver"), Cluster(id="near", name="Bij")]
    doc = Session(meta=Meta(title="t"), clusters=clusters, stakeholders=stakeholders)
    pos = positions(doc)
    for i in range(10):
        x, y = pos[f"n{i}"]
        assert math.hypot(x - 6200, y - 4000) < 1000, (x, y)


def test_linked_postits_end_up_nearer_each_other_than_unlinked_ones():
    # One cluster of 60 made of 12 tight groups of five; the layout should keep each group close.
    stakeholders = [Stakeholder(id=f"s{i}", name=f"Partij {i}", cluster="c") for i in range(60)]
    rnd = random.Random(2)
    order = list(range(60))
    rnd.shuffle(order)
    relations = []
    for g in range(12):
        members = order[5 * g:5 * g + 5]
        relations += [Relation(source=f"s{a}", target=f"s{b}") for a, b in itertools.combinations(members, 2)]
    doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="c", name="C")], stakeholders=stakeholders,
                  relations=relations)
    pos = {k: np.array(v) for k, v in positions(doc).items()}
    linked = np.mean([np.linalg.norm(pos[r.source] - pos[r.target]) for r in relations])
    everyone = np.mean([np.linalg.norm(pos[f"s{a}"] - pos[f"s{b}"])
                        for a, b in itertools.combinations(range(60), 2)])
    assert linked < 0.6 * everyone


# --- the helpers ----------------------------------------------------------------------------------

@given(st.lists(st.tuples(st.floats(1, 80), st.floats(1, 80), st.floats(-300, 300), st.floats(-300, 300)),
                max_size=40), st.sampled_from([0.0, 5.0]))
def test_overlaps_matches_checking_every_pair(boxes, gap):
    arr = np.array(boxes, dtype=float).reshape(-1, 4)
    assert overlaps(arr[:, :2], arr[:, 2:], gap=gap) == brute_overlaps(arr[:, :2], arr[:, 2:], gap)


def test_place_keeps_fixed_rows_bit_for_bit():
    xy = np.array([[0.123456789, -5.5], [np.nan, np.nan], [1e6, 2e-3]])
    out = place(np.full((3, 2), 50.0), xy, np.zeros(3, dtype=int), np.array([[0, 1]]))
    assert out[0].tolist() == [0.123456789, -5.5] and out[2].tolist() == [1e6, 2e-3]
    assert not np.isnan(out[1]).any()


def test_a_post_it_stored_absurdly_far_out_keeps_its_spot_and_the_rest_are_still_placed():
    doc = Session(meta=Meta(title="t"), stakeholders=[
        Stakeholder(id="far", name="Ver weg", x=1.7976931348623157e308, y=-1.5e116),
        Stakeholder(id="near", name="Dichtbij", x=0.0, y=0.0), Stakeholder(id="new", name="Nieuw")])
    pos = positions(doc)
    assert pos["far"] == (1.7976931348623157e308, -1.5e116) and pos["near"] == (0.0, 0.0)
    assert all(math.isfinite(v) for v in pos["new"]) and pos["new"] != (0.0, 0.0)


# --- ordering the map by cluster --------------------------------------------------------------------

NAMES = ["Gemeente", "Woningcorporatie Het Anker", "GGD", "Wijkteam Noord-Oost", "Huurders", "Politie",
         "Buurtvereniging De Eendracht en Omstreken", "Zoë", "Stichting 🙂 Samen"]


@st.composite
def maps(draw):
    n = draw(st.integers(min_value=1, max_value=300))
    k = draw(st.integers(min_value=0, max_value=8))
    clusters = [Cluster(id=f"cl_{i}", name=f"C{i}") for i in range(k)]
    people = []
    for i in range(n):
        c = draw(st.integers(min_value=-1, max_value=k - 1)) if k else -1
        placed = draw(st.booleans())
        people.append(Stakeholder(
            id=f"sh_{i}", name=draw(st.sampled_from(NAMES)), influence=draw(st.integers(1, 5)),
            kind=draw(st.sampled_from(["person", "organisation", "group"])),
            cluster=f"cl_{c}" if c >= 0 else None,
            x=draw(st.floats(-3000, 3000)) if placed else None,
            y=draw(st.floats(-3000, 3000)) if placed else None))
    return Session(meta=Meta(title="t"), clusters=clusters, stakeholders=people)


def areas(doc: Session) -> dict[str | None, tuple[float, float, float, float]]:
    """Each cluster's shaded area as a rectangle holding it (its boxes, HULL_PAD around)."""
    out: dict[str | None, list[float]] = {}
    for s in doc.stakeholders:
        w, h = stakeholder_box(s)
        box = [s.x - w / 2 - HULL_PAD, s.y - h / 2 - HULL_PAD, s.x + w / 2 + HULL_PAD, s.y + h / 2 + HULL_PAD]
        a = out.setdefault(s.cluster, box)
        out[s.cluster] = [min(a[0], box[0]), min(a[1], box[1]), max(a[2], box[2]), max(a[3], box[3])]
    return {k: tuple(v) for k, v in out.items()}


@settings(max_examples=40, deadline=None)
@given(maps())
def test_ordering_by_cluster_never_overlaps_two_areas_or_two_post_its(doc):
    with contextlib.suppress(ops.NoChange):
        ops.ArrangeByCluster().apply(doc)
    assert all(s.placed for s in doc.stakeholders)
    rects = list(areas(doc).items())
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            assert not (ra[0] < rb[2] and rb[0] < ra[2] and ra[1] < rb[3] and rb[1] < ra[3]), (a, b)
    sizes = np.array([stakeholder_box(s) for s in doc.stakeholders])
    xy = np.array([(s.x, s.y) for s in doc.stakeholders])
    assert overlaps(sizes, xy) == []


def test_ordering_keeps_the_chosen_post_its_where_they_are_and_moves_around_them():
    clusters = [Cluster(id="cl_a", name="A"), Cluster(id="cl_b", name="B")]
    doc = Session(meta=Meta(title="t"), clusters=clusters, stakeholders=[
        Stakeholder(id=f"sh_{i}", name=f"Partij {i}", cluster=("cl_a", "cl_b", None)[i % 3],
                    x=i * 37.0, y=(i % 4) * 55.0) for i in range(24)])
    ops.ArrangeByCluster(keep=["sh_0", "sh_7"]).apply(doc)
    assert (doc.stakeholder("sh_0").x, doc.stakeholder("sh_0").y) == (0.0, 0.0)
    assert (doc.stakeholder("sh_7").x, doc.stakeholder("sh_7").y) == (7 * 37.0, 3 * 55.0)
    sizes = np.array([stakeholder_box(s) for s in doc.stakeholders])
    xy = np.array([(s.x, s.y) for s in doc.stakeholders])
    assert overlaps(sizes, xy) == []
    ops.ArrangeByCluster().apply(doc)
    with pytest.raises(ops.NoChange):  # ordered already: a second click moves nothing, no revision
        ops.ArrangeByCluster().apply(doc)


def test_assigning_a_cluster_can_move_the_post_it_beside_its_new_cluster():
    doc = Session(meta=Meta(title="t"), clusters=[Cluster(id="cl_a", name="A")], stakeholders=[
        Stakeholder(id="sh_a", name="GGD", cluster="cl_a", x=0, y=0),
        Stakeholder(id="sh_b", name="Huisarts", cluster="cl_a", x=220, y=0),
        Stakeholder(id="sh_far", name="Wijkteam", x=5000, y=4000)])
    ops.AssignClusters(ids=["sh_far"], cluster="cl_a", beside=True).apply(doc)
    far = doc.stakeholder("sh_far")
    assert far.cluster == "cl_a" and abs(far.x) < 1000 and abs(far.y) < 1000
    ops.AssignClusters(ids=["sh_a"], cluster=None, beside=True).apply(doc)
    assert (doc.stakeholder("sh_a").x, doc.stakeholder("sh_a").y) == (0.0, 0.0)  # out of a cluster: stays


def _filed_one_by_one(xy, hw, hh, cw, ch, which):
    """How _settle filed placed boxes before it did them all at once: the reference for _cells."""
    cells: dict[tuple[int, int], list[int]] = {}
    for (x, y), w, h, j in zip(xy.tolist(), hw.tolist(), hh.tolist(), which.tolist(), strict=True):
        for cx in range(math.floor((x - w) / cw), math.floor((x + w) / cw) + 1):
            for cy in range(math.floor((y - h) / ch), math.floor((y + h) / ch) + 1):
                cells.setdefault((cx, cy), []).append(j)
    return cells


@given(st.lists(st.tuples(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.floats(1, 400), st.floats(1, 200)),
                max_size=60), st.floats(0.3, 1.0), st.floats(0.3, 1.0))
def test_placed_boxes_are_filed_under_the_same_cells_all_at_once(boxes, fx, fy):
    from werkatelier.layout import _cells

    xy = np.array([(x, y) for x, y, _, _ in boxes], dtype=float).reshape(-1, 2)
    w = np.array([b[2] for b in boxes], dtype=float)
    h = np.array([b[3] for b in boxes], dtype=float)
    which = np.arange(len(boxes)) * 3  # not their positions in the list: their numbers on the map
    # Cells as large as the largest box, as _settle makes them, or smaller: a box across several.
    cw, ch = (float(w.max()) * fx, float(h.max()) * fy) if boxes else (1.0, 1.0)
    assert _cells(xy, w / 2, h / 2, cw, ch, which) == _filed_one_by_one(xy, w / 2, h / 2, cw, ch, which)
