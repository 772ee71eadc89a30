"""The database schema (SQLAlchemy Core) and its migrations, which run on first use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    inspect,
    select,
    text,
    update,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Connection, Engine

from thidua.errors import StorageError

metadata = MetaData()
Json = JSON().with_variant(JSONB(), "postgresql")
Stamp = DateTime(timezone=True)


def _fk(table: str) -> ForeignKey:
    return ForeignKey(f"{table}.id", ondelete="CASCADE")


schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", Stamp, nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sha256", String(64), nullable=False, unique=True),
    Column("source_path", Text, nullable=False),
    Column("format", String(16), nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("methods", Text),  # distinct page provenance methods, comma-separated
    Column("needs_restoration", Boolean, nullable=False),
    Column("ingested_at", Stamp, nullable=False),
    Column("updated_at", Stamp, nullable=False),
    # The current restored text and extraction (the latest saved), and search filters copied from it.
    Column("current_restored_id", Integer),
    Column("current_extraction_id", Integer),
    Column("doc_type", Text),
    Column("doc_type_key", Text, index=True),
    Column("number", Text),
    Column("issuer", Text),
    Column("issuer_key", Text),
    Column("province", Text),
    Column("province_key", Text, index=True),
    Column("issued_date", String(10), index=True),  # ISO YYYY-MM-DD, YYYY-MM or YYYY
    Column("issued_year", Integer, index=True),
    Column("title", Text),
    # Schema 4: the latest machine versions (current_* point at the reviewed copies when a person
    # corrected the document) and `seq`, the change sequence of the document's last change.
    Column("machine_restored_id", Integer),
    Column("machine_extraction_id", Integer),
    Column("seq", Integer, index=True),
    Column("attention", Integer),  # flagged edits and review items no revision has settled yet
    # Schema 5: copies of one document (a text export and a scan of the same plan) share the id of the
    # first copy stored (corpus.identity); search and counts show a logical document once.
    Column("logical_id", Integer, index=True),
)

pages = Table(
    "pages",
    metadata,
    Column("document_id", Integer, _fk("documents"), primary_key=True),
    Column("number", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("method", String(16), nullable=False),
    Column("engine", Text),
    Column("language", Text),
    Column("mean_confidence", Float),
    Column("needs_restoration", Boolean, nullable=False),
    Column("notes", Text),
    Column("words", Json),  # [[text, left, top, width, height, confidence], ...] or null
    # Schema 6: page analysis before OCR, so a document completed from stored pages keeps it:
    # {"regions": [[kind, l, t, w, h]], "marks": [[kind, text, l, t, w, h, date]], "uncertain": [[a, b]]}
    Column("analysis", Json),
)

restored_texts = Table(
    "restored_texts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, _fk("documents"), nullable=False),
    Column("pipeline_version", String(64), nullable=False),
    Column("text", Text, nullable=False),
    Column("original", Text),  # only when it differs from the document's text
    Column("edit_count", Integer, nullable=False),
    Column("flagged_count", Integer, nullable=False),
    Column("created_at", Stamp, nullable=False),
    UniqueConstraint("document_id", "pipeline_version"),
)

edits = Table(
    "edits",
    metadata,
    Column("restored_id", Integer, _fk("restored_texts"), primary_key=True),
    Column("seq", Integer, primary_key=True),
    Column("start_offset", Integer, nullable=False),
    Column("end_offset", Integer, nullable=False),
    Column("original", Text, nullable=False),
    Column("replacement", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("flagged", Boolean, nullable=False),
)

extractions = Table(
    "extractions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, _fk("documents"), nullable=False),
    Column("restored_id", Integer, ForeignKey("restored_texts.id", ondelete="SET NULL")),
    Column("pipeline_version", String(64), nullable=False),  # of the restored text; "" without one
    Column("schema_version", String(16), nullable=False),
    Column("record", Json, nullable=False),
    Column("created_at", Stamp, nullable=False),
    UniqueConstraint("document_id", "pipeline_version"),
)


def _child(name: str, *columns: Column) -> Table:
    return Table(
        name,
        metadata,
        Column("extraction_id", Integer, _fk("extractions"), primary_key=True),
        Column("seq", Integer, primary_key=True),
        *columns,
        Column("confidence", Float),
        Column("evidence", Json),
    )


legal_bases = _child(
    "legal_bases",
    Column("type", Text),
    Column("number", Text),
    Column("date", Text),
    Column("issuer", Text),
    Column("name", Text),
)
awards = _child(
    "awards",
    Column("form", Text),
    Column("form_key", Text),
    Column("conferred_by", Text),
    Column("count", Integer),
    Column("recipients", Text),
    Column("kind", Text),
)
Index("ix_awards_form_key", awards.c.form_key)
deadlines = _child(
    "deadlines",
    Column("date", Text),
    Column("recurring", Text),
    Column("action", Text),
    Column("recipient", Text),
)
targets = _child(
    "targets",
    Column("kind", String(16), nullable=False),  # "target" (đối tượng) or "quantitative" (chỉ tiêu)
    Column("text", Text),
    Column("value", Float),
    Column("unit", Text),
)
signers = _child(
    "signers",
    Column("name", Text),
    Column("title", Text),
    Column("capacity", Text),
)

revisions = Table(
    "revisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("document_id", Integer, _fk("documents"), nullable=False, index=True),
    Column("kind", String(8), nullable=False),  # "field" (a record value) or "text" (a token or line)
    Column("action", String(8), nullable=False),  # "correct" or "accept" (the machine value confirmed)
    Column("field", Text),  # kind "field": a JSON pointer into the record ("/number", "/awards/0/form")
    Column("start_offset", Integer),  # kind "text": the span of the text as the reviewer saw it
    Column("end_offset", Integer),
    Column("before", Json),  # the value (or span text) the revision replaces, as shown
    Column("after", Json),  # the value (or span text) put in its place
    Column("author", Text, nullable=False),
    Column("note", Text),
    Column("created_at", Stamp, nullable=False),
    Column("seq", Integer, nullable=False),
)

counters = Table(
    "counters",
    metadata,
    Column("name", String(32), primary_key=True),
    Column("value", Integer, nullable=False),
)

failures = Table(
    "failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("path", Text, nullable=False),
    Column("reason", Text, nullable=False),
    Column("sha256", String(64)),
    Column("failed_at", Stamp, nullable=False),
)

FLAT_TABLES = {"legal_bases": legal_bases, "awards": awards, "deadlines": deadlines}
FLAT_TABLES |= {"targets": targets, "signers": signers}

# PostgreSQL: `thidua_fold` lower-cases and strips diacritics with `unaccent`; the indexed text is
# already folded and split on punctuation in Python, so both backends see the same tokens.
_PG_SEARCH = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION thidua_fold (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION thidua_fold ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart "
    "WITH unaccent, simple",
    # meta: the filter keys as tokens of their own (see the SQLite table below; "p_dong" is "pdong").
    "CREATE TABLE search_index (document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, "
    "tsv TSVECTOR NOT NULL, meta TSVECTOR NOT NULL)",
    "CREATE INDEX ix_search_index_tsv ON search_index USING GIN (tsv)",
    "CREATE INDEX ix_search_index_meta ON search_index USING GIN (meta)",
]
_SQLITE_SEARCH = [
    # body: the document's folded tokens. meta: its filter keys as tokens of their own ("p_dong p_thap
    # y_2025"), which no body token or query word can equal (they never contain "_"), so a filter is
    # a cheap doclist intersection; column filters would decode the positions of every common word.
    "CREATE VIRTUAL TABLE search_index USING fts5(body, meta, "
    "tokenize = \"unicode61 remove_diacritics 2 tokenchars '_'\")",
]


def _v1(conn: Connection) -> None:
    metadata.create_all(conn, checkfirst=False)
    for statement in _PG_SEARCH if conn.dialect.name == "postgresql" else _SQLITE_SEARCH:
        conn.execute(text(statement))


def _v2(conn: Connection) -> None:
    """PostgreSQL: the filter keys (as "#pdong") and the recency block ("#b49": id // 1000) join the
    words in `tsv`, so one GIN scan narrows by all three (corpus.recency); the `meta` column goes.
    `pairs` holds the word-pair signature that narrows phrases (corpus.pairs): empty until
    `thidua reindex` (Store.reindex), which only makes phrase searches slower."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(
        text(
            "UPDATE search_index SET tsv = tsv || array_to_tsvector("
            "ARRAY(SELECT '#' || lexeme FROM unnest(meta)) || ('#b' || (document_id / 1000)))"
        )
    )
    conn.execute(text("ALTER TABLE search_index DROP COLUMN meta, ADD COLUMN pairs BYTEA"))


FILTER_KEYS = ("province_key", "issuer_key", "doc_type_key", "issued_year", "issued_date")
"""Copied from `documents` into PostgreSQL's search_index, with `award_keys`."""


def _v3(conn: Connection) -> None:
    """PostgreSQL: the index row holds the filter keys (and the award forms, joined by " | "), so
    filters are tested as the index scan reads each candidate, not by a probe of `documents`.
    `counts` and `rank_length` hold the word-count sketch that ranks without reading the tsvector
    (corpus.wordcounts): empty until `thidua reindex`, which only makes ranking slower. Both
    signatures are read in place: PLAIN storage keeps them uncompressed in the row. The tsvector
    (~10 KB; pglz gives up on it) goes out of line without a compression attempt."""
    if conn.dialect.name != "postgresql":
        return
    conn.execute(
        text(
            "ALTER TABLE search_index ADD COLUMN province_key TEXT, ADD COLUMN issuer_key TEXT, "
            "ADD COLUMN doc_type_key TEXT, ADD COLUMN issued_year INTEGER, ADD COLUMN issued_date TEXT, "
            "ADD COLUMN award_keys TEXT, ADD COLUMN counts BYTEA, ADD COLUMN rank_length INTEGER, "
            "ALTER COLUMN counts SET STORAGE PLAIN, ALTER COLUMN pairs SET STORAGE PLAIN, "
            "ALTER COLUMN tsv SET STORAGE EXTERNAL"
        )
    )
    for name in ("province_key", "issuer_key", "doc_type_key", "issued_date", "award_keys"):
        # Inline: with the signatures the row passes the toast threshold, and the toaster would
        # otherwise compress or move these few bytes out, a TOAST fetch per filtered candidate.
        conn.execute(text(f"ALTER TABLE search_index ALTER COLUMN {name} SET STORAGE MAIN"))
    keys = ", ".join(FILTER_KEYS)
    conn.execute(
        text(
            f"UPDATE search_index s SET ({keys}, award_keys) = (SELECT {keys}, "
            "(SELECT string_agg(a.form_key, ' | ' ORDER BY a.form_key) FROM awards a "
            "WHERE a.extraction_id = d.current_extraction_id) FROM documents d WHERE d.id = s.document_id)"
        )
    )


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
    from thidua.corpus.reviewing import backfill_attention  # the queue's counts need the records

    backfill_attention(conn)
    top = conn.execute(select(func.coalesce(func.max(documents.c.seq), 0))).scalar_one()
    if conn.execute(select(counters.c.value).where(counters.c.name == "changes")).first() is None:
        conn.execute(counters.insert().values(name="changes", value=top))


def _v5(conn: Connection) -> None:
    """`documents.logical_id`: copies of one document linked; existing documents are grouped once."""
    if "logical_id" not in {column["name"] for column in inspect(conn).get_columns("documents")}:
        conn.execute(text("ALTER TABLE documents ADD COLUMN logical_id INTEGER"))
    if "ix_documents_logical_id" not in {ix["name"] for ix in inspect(conn).get_indexes("documents")}:
        conn.execute(text("CREATE INDEX ix_documents_logical_id ON documents (logical_id)"))
    from thidua.corpus.identity import group

    rows = conn.execute(
        select(documents.c.id, documents.c.number, documents.c.issued_date, documents.c.issuer)
    )
    for doc_id, logical_id in group(rows).items():
        conn.execute(update(documents).where(documents.c.id == doc_id).values(logical_id=logical_id))


def _v6(conn: Connection) -> None:
    """`pages.analysis`: OCR regions, stamp marks and uncertain spans of a page (null for older pages)."""
    if "analysis" not in {column["name"] for column in inspect(conn).get_columns("pages")}:
        kind = "JSONB" if conn.dialect.name == "postgresql" else "JSON"
        conn.execute(text(f"ALTER TABLE pages ADD COLUMN analysis {kind}"))


MIGRATIONS: list[Callable[[Connection], None]] = [_v1, _v2, _v3, _v4, _v5, _v6]
"""Migration N+1 is MIGRATIONS[N]; append, never edit a released one."""

SCHEMA_VERSION = len(MIGRATIONS)


def current_version(conn: Connection) -> int:
    """The schema version recorded in the database (0 when empty)."""
    if conn.dialect.name == "postgresql":
        # Only the current schema counts: a table of that name elsewhere on the search path is not ours.
        found = conn.execute(
            text(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name = 'schema_version'"
            )
        ).first()
        if found is None:
            return 0
    elif not conn.dialect.has_table(conn, "schema_version"):
        return 0
    return conn.execute(select(func.max(schema_version.c.version))).scalar() or 0


def migrate(engine: Engine, write_options: dict) -> int:
    """Bring the schema up to date inside one locked transaction; returns the version reached."""
    with engine.connect() as conn:
        up_to_date = current_version(conn) == SCHEMA_VERSION
        conn.rollback()
        if up_to_date:
            return SCHEMA_VERSION
        conn = conn.execution_options(**write_options)
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7468696475610)"))  # one migrator at a time
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
