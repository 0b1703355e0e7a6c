"""Small named sessions shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkatelier import document, store
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """An empty data dir that the app under AppTest uses ($WERKATELIER_DATA_DIR points at it)."""
    monkeypatch.setenv(store.ENV_DATA_DIR, str(tmp_path))
    return tmp_path


@pytest.fixture
def empty_session() -> Session:
    return Session(meta=Meta(title="Lege sessie"))


@pytest.fixture
def small_session() -> Session:
    """Three stakeholders in two clusters, two relations: enough to see structure."""
    clusters = [Cluster(id="cl_wonen", name="Wonen", colour="#0072b2"),
                Cluster(id="cl_zorg", name="Zorg", colour="#e69f00")]
    stakeholders = [
        Stakeholder(id="sh_corp", name="Woningcorporatie", cluster="cl_wonen", influence=5,
                    interest=4, attitude=1),
        Stakeholder(id="sh_buurt", name="Bewonerscommissie", kind="group", cluster="cl_wonen",
                    influence=2, interest=5, attitude=2),
        Stakeholder(id="sh_zorg", name="Wijkteam", cluster="cl_zorg", influence=3, interest=3,
                    attitude=0, x=10.0, y=-20.0),
    ]
    relations = [Relation(id="re_1", source="sh_corp", target="sh_buurt", kind="overlegt met"),
                 Relation(id="re_2", source="sh_corp", target="sh_zorg", kind="verwijst naar",
                          directed=True)]
    return Session(meta=Meta(title="Kleine kaart"), clusters=clusters,
                   stakeholders=stakeholders, relations=relations)


@pytest.fixture(autouse=True)
def _navigation_is_the_only_page_mechanism():
    """As for the real server: app.py's st.navigation decides the pages (components/launch.py)."""
    from components.launch import pages_by_navigation_only

    with pages_by_navigation_only():
        yield


EXAMPLES = Path(__file__).resolve().parent.parent / "sessions" / "examples"


@pytest.fixture
def team6_session() -> Session:
    """Team 6's werkatelier II: the demo map with clusters, personas and interviews."""
    return document.loads((EXAMPLES / "team6-werkatelier-2.json").read_bytes())
