"""One rule for confidential items in every output: exports, slides, the map, the projector, graphs."""

from __future__ import annotations

import io
import json
import zipfile

import networkx as nx
import pytest

from components import mapview
from werkatelier import document, exporting, graph, render, slides
from werkatelier.model import Cluster, Interview, Meta, Persona, Relation, Session, Stakeholder
from werkatelier.privacy import public_view

#: What no public output may hold, not in any byte: names, words and ids of confidential items,
#: and of the persona drawn from them alone.
SECRETS = ("Geheime Bron", "Tipgeverslijn", "Anonieme Melder", "Geheim inzicht", "Alleen geheim",
           "sh_bron", "re_tip", "iv_geheim", "pe_alleen")


@pytest.fixture
def secret_session() -> Session:
    return Session(
        meta=Meta(title="Wijkaanpak"),
        clusters=[Cluster(id="cl_zorg", name="Zorg", colour="#009e73")],
        stakeholders=[Stakeholder(id="sh_wijk", name="Wijkteam", cluster="cl_zorg", x=0.0, y=0.0),
                      Stakeholder(id="sh_corp", name="Woningcorporatie"),
                      Stakeholder(id="sh_bron", name="Geheime Bron", cluster="cl_zorg", confidential=True,
                                  notes="Belt alleen 's avonds")],
        relations=[Relation(id="re_open", source="sh_wijk", target="sh_corp", kind="overlegt met"),
                   Relation(id="re_tip", source="sh_bron", target="sh_wijk", kind="tipt",
                            label="Tipgeverslijn")],
        interviews=[Interview(id="iv_geheim", interviewee="Anonieme Melder", insights=["Geheim inzicht"],
                              stakeholder_ids=["sh_bron"], confidential=True),
                    Interview(id="iv_open", interviewee="Buurtwerker", insights=["Kent de huurders"],
                              stakeholder_ids=["sh_wijk", "sh_bron"], persona_ids=["pe_alleen", "pe_mix"])],
        personas=[Persona(id="pe_alleen", name="Alleen geheim", quote="Ik zag het gebeuren",
                          stakeholder_ids=["sh_bron"], interview_ids=["iv_geheim"]),
                  Persona(id="pe_mix", name="Gemengd", stakeholder_ids=["sh_bron", "sh_wijk"],
                          interview_ids=["iv_geheim", "iv_open"]),
                  Persona(id="pe_los", name="Zonder koppeling")],
    )


def _readable(data: bytes) -> bytes:
    """The bytes, and for a zip (the CSV export, XLSX workbooks) the bytes of every member."""
    if not data.startswith(b"PK\x03\x04"):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"\n".join(z.read(n) for n in z.namelist())


def _export(fmt: str):
    return lambda doc, include: _readable(exporting.export(doc, fmt, include_confidential=include))


def _slides(doc: Session, include: bool) -> bytes:
    deck = slides.slides(doc)
    parts = [s.text() for s in deck] + [document.dumps(s.session) for s in deck]
    parts += [repr(s.persona) for s in deck] + [repr(s.interview) for s in deck]
    return "\n".join(parts).encode("utf-8")


def _vis_data(doc: Session, include: bool) -> bytes:
    return json.dumps(render.vis_data(doc, include_confidential=include, seed=0)).encode("utf-8")


def _projector(doc: Session, include: bool) -> bytes:
    data, hulls, _ = mapview.map_data(doc, lang="nl", include_confidential=include)
    return json.dumps([data, hulls]).encode("utf-8")


def _graph(doc: Session, include: bool) -> bytes:
    G = graph.to_graph(doc, include_confidential=include)
    return json.dumps(nx.node_link_data(G, edges="edges"), default=str).encode("utf-8")


OUTPUTS = {**{fmt: _export(fmt) for fmt in exporting.EXPORT_FORMATS},
           "slides": _slides, "vis_data": _vis_data, "projector": _projector, "graph": _graph}


@pytest.mark.parametrize("output", sorted(OUTPUTS))
def test_no_public_output_holds_a_confidential_item_or_a_persona_drawn_from_them(secret_session, output):
    shown = OUTPUTS[output](secret_session, False)
    assert b"Wijkteam" in shown
    leaked = [s for s in SECRETS if s.encode("utf-8") in shown]
    assert leaked == []


@pytest.mark.parametrize("output", sorted(set(OUTPUTS) - {"slides"}))
def test_asked_for_confidential_items_every_output_holds_them(secret_session, output):
    shown = OUTPUTS[output](secret_session, True)
    assert b"Geheime Bron" in shown


def test_a_persona_with_public_links_too_stays_without_the_confidential_ones(secret_session):
    doc = document.loads(exporting.export(secret_session, "json"))
    assert [(p.name, p.stakeholder_ids, p.interview_ids) for p in doc.personas] == [
        ("Gemengd", ["sh_wijk"], ["iv_open"]), ("Zonder koppeling", [], [])]
    assert [(v.interviewee, v.stakeholder_ids, v.persona_ids) for v in doc.interviews] == [
        ("Buurtwerker", ["sh_wijk"], ["pe_mix"])]
    deck = slides.slides(secret_session)
    assert [(s.persona.name, s.linked) for s in deck if s.kind == "persona"] == [
        ("Gemengd", ("Wijkteam",)), ("Zonder koppeling", ())]
    workbook = _readable(exporting.export(secret_session, "xlsx"))
    assert b"Gemengd" in workbook


def test_the_public_view_leaves_the_session_alone_and_is_sound(secret_session):
    before = document.dumps(secret_session)
    view = public_view(secret_session)
    assert document.dumps(secret_session) == before
    document.from_data(document.to_data(view))
    assert public_view(secret_session, include_confidential=True) is secret_session
