"""The PostgreSQL store's tables, created and upgraded by the project itself: one step per version."""

from __future__ import annotations

from typing import Any

#: The schema this code writes; a database at a higher version was set up by a newer Werkatelier.
VERSION = 3
#: Taken (for the transaction only) by every upgrade, so app servers starting together upgrade once.
MIGRATION_LOCK = 0x77_65_72_6B  # "werk"

STEPS: dict[int, list[str]] = {
    # 1: a session is a row pointing at its latest revision; every revision keeps the canonical
    # bytes of the document (jsonb would reorder keys and numbers) and its history line as written.
    # A surrogate key, so a session in the trash frees its id, as the file store's trash does.
    1: [
        """CREATE TABLE sessions (
               key        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
               id         text NOT NULL,
               rev        integer NOT NULL CHECK (rev >= 1),
               updated    timestamptz NOT NULL,
               schema_version integer NOT NULL,
               summary    jsonb NOT NULL,
               deleted_at timestamptz)""",
        "CREATE UNIQUE INDEX sessions_live_id ON sessions (id) WHERE deleted_at IS NULL",
        """CREATE TABLE revisions (
               session    bigint NOT NULL REFERENCES sessions (key) ON DELETE CASCADE,
               rev        integer NOT NULL CHECK (rev >= 1),
               body       bytea NOT NULL,
               record     text,
               created_at timestamptz NOT NULL DEFAULT now(),
               PRIMARY KEY (session, rev))""",
    ],
    # 2: `list` reads the live sessions newest first; an index that holds exactly those, in that order.
    2: [
        "CREATE INDEX sessions_listed ON sessions (updated DESC) WHERE deleted_at IS NULL",
    ],
    # 3: settings the app keeps beside the sessions (the room codes), shared by every app server.
    3: [
        "CREATE TABLE settings (name text PRIMARY KEY, value text NOT NULL)",
    ],
}


class NewerSchema(Exception):
    """The database was set up by a newer Werkatelier than this one."""


def current_version(conn: Any) -> int:
    """The schema version of the database conn is on; 0 when it holds no Werkatelier tables yet."""
    row = conn.execute("SELECT to_regclass('werkatelier_schema') IS NOT NULL").fetchone()
    if not row[0]:
        return 0
    row = conn.execute("SELECT version FROM werkatelier_schema").fetchone()
    return int(row[0]) if row else 0


def migrate(conn: Any, *, target: int = VERSION) -> int:
    """Bring the database up to ``target`` in one transaction; the version it was at before.

    conn must not be inside a transaction. Raises NewerSchema when the database is ahead.
    """
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        conn.execute("CREATE TABLE IF NOT EXISTS werkatelier_schema (version integer NOT NULL)")
        before = current_version(conn)
        if before > VERSION:
            raise NewerSchema(
                f"The database was set up by a newer Werkatelier (schema version {before}; this one "
                f"knows up to {VERSION}). Update Werkatelier to use it")
        for version in range(before + 1, target + 1):
            for statement in STEPS[version]:
                conn.execute(statement)
        if target > before:
            conn.execute("DELETE FROM werkatelier_schema")
            conn.execute("INSERT INTO werkatelier_schema (version) VALUES (%s)", (target,))
    return before
