"""PostgreSQL for the store tests: a throwaway cluster per test run, a fresh schema per test."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator

import psycopg
import pytest

from tests import pgcluster

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
    for store in opened:
        store.close()
