"""Small named sessions shared by the tests, the data dir, and PostgreSQL for the store tests (a throwaway
cluster per test run, a fresh schema per test)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from tests import pgcluster
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


# --- PostgreSQL -----------------------------------------------------------------------------------

#: A server URL to test against instead of starting a cluster (e.g. one that pg_virtualenv made).
ENV_TEST_PG = "WERKATELIER_TEST_PG"


def _absent(why: str) -> None:
    # In CI every test runs: a missing PostgreSQL is a failure there, a skip on a laptop without one.
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"{why}; CI must run the PostgreSQL store tests (.ci/run installs postgresql)")
    pytest.skip(f"{why}: install PostgreSQL (Debian: apt-get install postgresql) or set {ENV_TEST_PG}")


@pytest.fixture(scope="session")
def pg_bindir():
    bindir = pgcluster.find_bindir()
    if bindir is None:
        _absent("PostgreSQL's programs (initdb, pg_ctl) are not installed")
    return bindir


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A server URL: $WERKATELIER_TEST_PG, else a cluster started for this test run and removed after it."""
    given = os.environ.get(ENV_TEST_PG)
    if given:
        yield given
        return
    bindir = pgcluster.find_bindir()
    if bindir is None:
        _absent("PostgreSQL's programs (initdb, pg_ctl) are not installed")
    cluster = pgcluster.Cluster(bindir)
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.destroy()


@pytest.fixture
def pg_url(pg_server: str) -> Iterator[str]:
    """A URL whose connections work in a new, empty schema of their own, dropped after the test."""
    schema = f"t_{secrets.token_hex(6)}"
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield pgcluster.with_schema(pg_server, schema)
    with psycopg.connect(pg_server, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def pg_stores(pg_url: str) -> Iterator[object]:
    """Opens PostgresStores on the test's schema (``pg_stores()``) and closes them all afterwards."""
    from werkatelier.pgstore import PostgresStore

    opened: list[PostgresStore] = []

    def open_one(url: str = pg_url, **kwargs: object) -> PostgresStore:
        store = PostgresStore(url, **kwargs)
        opened.append(store)
        return store

    open_one.url = pg_url  # type: ignore[attr-defined]
    yield open_one
    for one in opened:
        one.close()
