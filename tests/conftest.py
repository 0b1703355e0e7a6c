"""Small named sessions shared by the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from werkatelier import demo, document, store
from werkatelier.model import Cluster, Meta, Relation, Session, Stakeholder


@pytest.fixture
def root(tmp_path, monkeypatch) -> Path:
    """The test's one data dir: empty, and the one the app under AppTest and the CLI use
    ($WERKATELIER_DATA_DIR points at it, and no $WERKATELIER_STORE points elsewhere)."""
    root = tmp_path / "data"
    root.mkdir()
    monkeypatch.setenv(store.ENV_DATA_DIR, str(root))
    monkeypatch.delenv(store.ENV_STORE, raising=False)
    return root


@pytest.fixture
def own_sessions(root) -> Path:
    """The data dir for tests that bring their own sessions: the demos count as added already."""
    demo.mark_seeded(root)
    return root


@pytest.fixture
def file_store(root) -> store.Store:
    """The file store on the test's data dir."""
    return store.open_store(root)


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
