"""PostgreSQL (psycopg 3): connections retried while the server is unreachable, advisory locks, a
tsvector index with the filter keys, recency blocks, word-pair signatures and word-count sketches
beside the words (ranked search: corpus.backends.pgrank)."""

from __future__ import annotations

import os
import re
import time
import zlib
from collections.abc import Sequence
from typing import Any

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import URL, Connection, Engine

from thidua.corpus import recency, signature, wordcounts
from thidua.corpus.backends import pgrank
from thidua.corpus.backends.base import FILTER_KEYS, Entry
from thidua.corpus.filters import Filters, SearchFilters, conditions
from thidua.corpus.fold import pg_mark
from thidua.corpus.query import Query

RETRY_SECONDS_ENV = "THIDUA_DB_RETRY_SECONDS"
RETRY_SECONDS = 30.0
"""How long a connection is retried (with backoff) while the server is unreachable."""
_TRANSIENT = re.compile(
    r"connection refused|the database system is (starting up|shutting down|in recovery|not yet accepting)"
    r"|server closed the connection|terminating connection|connection reset|timeout expired"
    r"|could not (send|receive) data|no such file or directory|ssl syscall error",
    re.IGNORECASE,
)
_MIGRATION_LOCK = 7468696475610

# `thidua_fold` lower-cases and strips diacritics with `unaccent`; the indexed text is already folded
# and split on punctuation in Python, so both backends see the same tokens.
_SEARCH_INDEX = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    "CREATE TEXT SEARCH CONFIGURATION thidua_fold (COPY = simple)",
    "ALTER TEXT SEARCH CONFIGURATION thidua_fold ALTER MAPPING FOR "
    "asciiword, asciihword, hword_asciipart, word, hword, hword_part, numword, numhword, hword_numpart "
    "WITH unaccent, simple",
    # meta: the filter keys as tokens of their own (see the SQLite table; "p_dong" is "pdong").
    "CREATE TABLE search_index (document_id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE, "
    "tsv TSVECTOR NOT NULL, meta TSVECTOR NOT NULL)",
    "CREATE INDEX ix_search_index_tsv ON search_index USING GIN (tsv)",
    "CREATE INDEX ix_search_index_meta ON search_index USING GIN (meta)",
]
_INDEX_COLUMNS = ["tsv", "pairs", "counts", "rank_length", *FILTER_KEYS, "award_keys"]


class PostgreSQL:
    """The PostgreSQL backend (see corpus.backends.Backend)."""

    name = "postgresql"
    drivers: tuple[str, ...] = ("postgresql+psycopg", "postgresql", "postgres")
    json_type = "JSONB"

    def engine(self, url: URL, read_only: bool = False) -> Engine:
        """A small pool whose connections are retried while the server is unreachable."""
        engine = create_engine(url, pool_pre_ping=True, pool_size=2, max_overflow=4)
        event.listen(engine, "do_connect", _connect_retrying)
        return engine

    def writable(self, url: URL) -> bool:
        return True

    def display(self, url: URL) -> str:
        return url.render_as_string(hide_password=True)

    def has_table(self, conn: Connection, name: str) -> bool:
        """Only the current schema counts: a table of that name elsewhere on the search path is not ours."""
        found = conn.execute(
            text(
                "SELECT 1 FROM information_schema.tables "
                "WHERE table_schema = current_schema() AND table_name = :name"
            ),
            {"name": name},
        ).first()
        return found is not None

    def upgrade(self, conn: Connection, version: int) -> None:
        """The index's migrations: 1 creates it, 2 and 3 move the filter keys into its row."""
        steps = {1: _create_index, 2: _marks_in_tsv, 3: _keys_in_row}
        if version in steps:
            steps[version](conn)

    def lock_schema(self, conn: Connection) -> None:
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})

    def lock_document(self, conn: Connection, sha256: str) -> None:
        """Writers select then insert: two writers of one document take turns (a hash collision only
        makes two writers wait for each other)."""
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": zlib.crc32(sha256.encode())})

    def write_index(self, conn: Connection, rows: Sequence[Entry]) -> None:
        """The words with the filter keys' marks and the recency block in one tsvector, the word-pair
        signature that narrows phrases (corpus.signature), the word-count sketch that ranks
        (corpus.wordcounts) and copies of the filter keys, upserted in one executemany."""
        values = ["to_tsvector('thidua_fold', :body) || array_to_tsvector(CAST(:marks AS text[]))"]
        values += [":pairs", ":counts", ":length", *(f":{name}" for name in _INDEX_COLUMNS[4:])]
        names = ", ".join(_INDEX_COLUMNS)
        conn.execute(
            text(
                f"INSERT INTO search_index (document_id, {names}) VALUES (:id, {', '.join(values)}) "
                f"ON CONFLICT (document_id) DO UPDATE SET ({names}) = "
                f"({', '.join('EXCLUDED.' + c for c in _INDEX_COLUMNS)})"
            ),
            [_row(entry) for entry in rows],
        )

    def matching(self, conn: Connection, parsed: Query, wanted: SearchFilters) -> list[int]:
        """One pass over the index: the GIN bitmap answers the words (phrases loosened to their
        words) and the filters' marks exactly, reading no tsvector; the filters' conditions are
        tested on the index row's copies of the keys; a phrase's adjacency is tested last, only on
        rows whose word-pair signature holds its pairs (corpus.signature), a TOAST read each."""
        f = conditions(wanted, self.filter_table())
        params: dict[str, Any] = dict(f.params)
        parts = []
        if not parsed.empty:
            parts.append("to_tsquery('thidua_fold', :loose)")
            params["loose"] = parsed.tsquery(adjacent=False)
        if f.groups:
            parts.append("CAST(:meta AS tsquery)")
            params["meta"] = f.tsquery()
        sql = f"SELECT document_id FROM search_index WHERE tsv @@ ({' && '.join(parts)}){f.sql}"
        if parsed.adjacency:  # the function, not the operator: no index condition that rechecks every row
            exact = "ts_match_vq(tsv, to_tsquery('thidua_fold', :q))"
            narrowing = pgrank.pair_filter(parsed)
            # CASE: the signature first (bits of the row), the tsvector (a TOAST read) only if it passes
            sql += (
                f" AND CASE WHEN pairs IS NULL OR {narrowing} THEN {exact} ELSE false END"
                if narrowing
                else f" AND {exact}"
            )
            params["q"] = parsed.tsquery()
        # A match of most documents tempts the planner into a sequential scan that reads every
        # tsvector (out of line, ~300 ms at 50,000); the GIN bitmap reads none for words (~40 ms).
        conn.execute(text("SELECT set_config('enable_seqscan', 'off', true)"))
        return self.ids(conn, sql, params)

    def ids(self, conn: Connection, sql: str, params: dict[str, Any]) -> list[int]:
        """One array: psycopg converts it in C, where fetching rows costs microseconds each."""
        found = conn.execute(text(f"SELECT array_agg(i) FROM ({sql}) AS found(i)"), params).scalar()
        return found or []

    def id_list(self, ids: list[int]) -> tuple[str, Any]:
        return "d.id = ANY(:match_ids)", ids

    def filter_table(self) -> str:
        """The index row: it holds copies of the filter keys, tested as the index scan reads it."""
        return ""

    def rank(
        self, conn: Connection, parsed: Query, f: Filters, limit: int, window: int | None
    ) -> list[tuple[int, float]]:
        return pgrank.rank(conn, parsed, f, limit, window)


BACKEND = PostgreSQL()


def _row(entry: Entry) -> dict[str, Any]:
    """An index row: the marks (filter keys and recency block), signature, sketch and key copies."""
    keys = entry.keys
    marks = sorted({*map(pg_mark, entry.meta.split()), recency.token(entry.id)})
    sketch = wordcounts.sketch(entry.words, len(marks))
    row: dict[str, Any] = {"id": entry.id, "body": " ".join(entry.words), "marks": marks}
    row |= {"pairs": signature.signature(entry.words)}
    row |= {"counts": sketch.counters if sketch else None, "length": sketch.length if sketch else None}
    row |= {name: keys[name] for name in FILTER_KEYS}
    row["award_keys"] = " | ".join(form for form in keys["forms"] if form) or None
    return row


def _create_index(conn: Connection) -> None:
    for statement in _SEARCH_INDEX:
        conn.execute(text(statement))


def _marks_in_tsv(conn: Connection) -> None:
    """The filter keys (as "#pdong") and the recency block ("#b49": id // 1000) join the words in
    `tsv`, so one GIN scan narrows by all three (corpus.recency); the `meta` column goes. `pairs`
    holds the word-pair signature that narrows phrases (corpus.signature): empty until
    `thidua reindex` (Store.reindex), which only makes phrase searches slower."""
    conn.execute(
        text(
            "UPDATE search_index SET tsv = tsv || array_to_tsvector("
            "ARRAY(SELECT '#' || lexeme FROM unnest(meta)) || ('#b' || (document_id / 1000)))"
        )
    )
    conn.execute(text("ALTER TABLE search_index DROP COLUMN meta, ADD COLUMN pairs BYTEA"))


def _keys_in_row(conn: Connection) -> None:
    """The index row holds the filter keys (and the award forms, joined by " | "), so filters are
    tested as the index scan reads each candidate, not by a probe of `documents`. `counts` and
    `rank_length` hold the word-count sketch that ranks without reading the tsvector
    (corpus.wordcounts): empty until `thidua reindex`, which only makes ranking slower. Both
    signatures are read in place: PLAIN storage keeps them uncompressed in the row. The tsvector
    (~10 KB; pglz gives up on it) goes out of line without a compression attempt."""
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


def retry_seconds() -> float:
    """The outage budget: $THIDUA_DB_RETRY_SECONDS, else RETRY_SECONDS."""
    try:
        return float(os.environ.get(RETRY_SECONDS_ENV) or RETRY_SECONDS)
    except ValueError:
        return RETRY_SECONDS


def unreachable(exc: BaseException) -> bool:
    """A connection error that a server coming back would cure (refused, reset, starting up), not a
    wrong password, role or database (libpq gives connection failures no SQLSTATE: read the text)."""
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03")
    return _TRANSIENT.search(str(exc)) is not None


def _connect_retrying(dialect, _record, cargs, cparams):
    """Connect, retrying with backoff while the server is unreachable, for `retry_seconds()` at most."""
    deadline = time.monotonic() + retry_seconds()
    delay = 0.2
    while True:
        try:
            return dialect.connect(*cargs, **cparams)
        except dialect.loaded_dbapi.OperationalError as exc:
            if not unreachable(exc) or time.monotonic() + delay > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 5.0)
