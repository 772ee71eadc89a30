"""Schema migrations, run on first use inside one locked transaction; each database's own steps (the
full-text index, column types) are its backend's (corpus.backends)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import func, inspect, select, text, update
from sqlalchemy.engine import Connection, Engine

from thidua.corpus import backends, identity, reviewing
from thidua.corpus.schema import awards, counters, documents, metadata, revisions, schema_version
from thidua.errors import StorageError


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, checkfirst=False)
    backends.of(conn).upgrade(conn, 1)


def _v2(conn: Connection) -> None:
    """PostgreSQL: filter keys and recency blocks in the tsvector (corpus.backends.postgresql)."""
    backends.of(conn).upgrade(conn, 2)


def _v3(conn: Connection) -> None:
    """PostgreSQL: the filter keys, signatures and sketches in the index row."""
    backends.of(conn).upgrade(conn, 3)


_V4_COLUMNS = ("machine_restored_id", "machine_extraction_id", "seq", "attention")


def _v4(conn: Connection) -> None:
    """Human revisions (table `revisions`), the change sequence (`counters`, `documents.seq`) and the
    machine versions beside the reviewed ones. Existing documents get their machine ids and a seq in
    storage order, so a change feed read from 0 lists them all."""
    have = {column["name"] for column in inspect(conn).get_columns("documents")}
    for name in _V4_COLUMNS:
        if name not in have:  # a database made at version 1 by this code has them already
            conn.execute(text(f"ALTER TABLE documents ADD COLUMN {name} INTEGER"))
    if "ix_documents_seq" not in {ix["name"] for ix in inspect(conn).get_indexes("documents")}:
        conn.execute(text("CREATE INDEX ix_documents_seq ON documents (seq)"))
    metadata.create_all(conn, tables=[revisions, counters], checkfirst=True)
    conn.execute(
        text(
            "UPDATE documents SET machine_restored_id = current_restored_id, "
            "machine_extraction_id = current_extraction_id, seq = id WHERE seq IS NULL"
        )
    )
    reviewing.backfill_attention(conn)  # the queue's counts need the records
    top = conn.execute(select(func.coalesce(func.max(documents.c.seq), 0))).scalar_one()
    if conn.execute(select(counters.c.value).where(counters.c.name == "changes")).first() is None:
        conn.execute(counters.insert().values(name="changes", value=top))


def _v5(conn: Connection) -> None:
    """`documents.logical_id`: copies of one document linked; existing documents are grouped once."""
    if "logical_id" not in {column["name"] for column in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN logical_id INTEGER"))
    if "ix_documents_logical_id" not in {ix["name"] for ix in inspect(conn).get_indexes("documents")}:
        conn.execute(text("CREATE INDEX ix_documents_logical_id ON documents (logical_id)"))
    rows = conn.execute(
        select(documents.c.id, documents.c.number, documents.c.issued_date, documents.c.issuer)
    )
    for doc_id, logical_id in identity.group(rows).items():
        conn.execute(update(documents).where(documents.c.id == doc_id).values(logical_id=logical_id))


def _v6(conn: Connection) -> None:
    """`pages.analysis`: OCR regions, stamp marks and uncertain spans of a page (null for older pages)."""
    if "analysis" not in {column["name"] for column in inspect(conn).get_columns("pages")}:
        conn.execute(text(f"ALTER TABLE pages ADD COLUMN analysis {backends.of(conn).json_type}"))


def _v7(conn: Connection) -> None:
    """`documents.award_keys`, filled from the current extraction's awards."""
    if "award_keys" not in {column["name"] for column in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN award_keys TEXT"))
    rows = conn.execute(
        select(documents.c.id, awards.c.form_key)
        .join(awards, awards.c.extraction_id == documents.c.current_extraction_id)
        .where(awards.c.form_key.is_not(None))
    )
    forms: dict[int, set[str]] = {}
    for doc_id, form in rows:
        forms.setdefault(doc_id, set()).add(form)
    joined = [{"i": doc_id, "k": " | ".join(sorted(keys))} for doc_id, keys in forms.items()]
    if joined:
        conn.execute(text("UPDATE documents SET award_keys = :k WHERE id = :i"), joined)


def _v8(conn: Connection) -> None:
    """An index of the deadlines by date: a deadline filter reads the deadlines in range."""
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_deadlines_date ON deadlines (date, extraction_id)"))


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8]
"""Migration N+1 is MIGRATIONS[N]; append, never edit a released one."""

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The schema version recorded in the database (0 when empty)."""
    if not backends.of(conn).has_table(conn, "schema_version"):
        return 0
    return conn.execute(select(func.max(schema_version.c.version))).scalar() or 0


def migrate(engine: Engine) -> int:
    """Bring the schema up to date inside one locked transaction; returns the version reached."""
    with engine.connect() as conn:
        up_to_date = current_version(conn) == SCHEMA_VERSION
        conn.rollback()
        if up_to_date:
            return SCHEMA_VERSION
        conn = conn.execution_options(**backends.WRITE)
        with conn.begin():
            backends.of(conn).lock_schema(conn)  # one migrator at a time
            version = current_version(conn)
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"{engine.url.render_as_string(hide_password=True)}: database schema version {version} "
                    f"is newer than this thidua ({SCHEMA_VERSION}); upgrade thidua"
                )
            for number in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[number - 1](conn)
                conn.execute(schema_version.insert().values(version=number, applied_at=datetime.now(UTC)))
        return SCHEMA_VERSION
