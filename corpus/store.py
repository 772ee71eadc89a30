"""The campaign database: one API over SQLite and PostgreSQL (SQLAlchemy Core; what differs between
them is corpus.backends'). The Store is the stage's front door: it owns the connections and calls
the modules below it (writes, reviewing, indexing, search, export, listing), which take a connection."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.engine import URL, Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError

from thidua.corpus import (
    backends,
    database,
    export,
    flatten,
    identity,
    indexing,
    lexicon,
    listing,
    reviewing,
    search,
    texts,
    writes,
)
from thidua.corpus.filters import SearchFilters
from thidua.corpus.migrations import SCHEMA_VERSION, current_version, migrate
from thidua.corpus.retext import Reextract
from thidua.corpus.revise import Revision
from thidua.corpus.schema import documents, extractions, failures, metadata, restored_texts
from thidua.corpus.search import SearchHit
from thidua.errors import StorageError
from thidua.types import Document, Extraction, RestoredText

__all__ = ["Item", "SearchHit", "Store", "open_store"]

T = TypeVar("T")
RETRIES = 6
Item = tuple[Document, RestoredText | None, Extraction | None]


def open_store(url: str, read_only: bool = False) -> Store:
    """Open (creating and migrating on first use) the store at a SQLite path or a database URL.

    `read_only` (search, export): a SQLite file that cannot be written is opened for reading only,
    without migrating it.
    """
    parsed = database.parse_url(url)
    if read_only and not database.writable(parsed):
        return _open_read_only(parsed)
    engine = database.create(parsed)
    store = Store(engine)
    try:
        migrate(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(f"{database.display(parsed)}: cannot open database ({_reason(exc)})") from exc
    return store


def _open_read_only(parsed: URL) -> Store:
    engine = database.create(parsed, read_only=True)
    try:
        with engine.connect() as conn:
            version = current_version(conn)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(f"{database.display(parsed)}: cannot open database ({_reason(exc)})") from exc
    if version != SCHEMA_VERSION:
        engine.dispose()
        raise StorageError(
            f"{database.display(parsed)}: read-only database at schema version {version}, this thidua "
            f"reads {SCHEMA_VERSION}; open it once with write access to upgrade it"
        )
    return Store(engine)


def _reason(exc: SQLAlchemyError) -> str:
    orig = getattr(exc, "orig", None)
    return str(orig or exc).strip().splitlines()[0]


def _transient(exc: DBAPIError) -> bool:
    """Lock contention, deadlocks and serialization failures: worth retrying."""
    if exc.connection_invalidated:
        return True
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if sqlstate in ("40001", "40P01", "55P03"):
        return True
    message = str(exc.orig).lower()
    return isinstance(exc, OperationalError) and ("locked" in message or "busy" in message)


class Store:
    """Documents, pages, restored texts, edits, extractions and failures, with full-text search."""

    rank_window: int | None = search.RANK_WINDOW
    """Rank at most this many matches (the most recently stored); None ranks every match."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.backend = backends.of(engine)
        self.name = database.display(engine.url)

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------------

    def write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction, retrying on lock contention; all or nothing."""
        for attempt in range(RETRIES):
            try:
                with self.engine.connect() as conn:
                    conn = conn.execution_options(**backends.WRITE)
                    with conn.begin():
                        return work(conn)
            except DBAPIError as exc:
                if attempt + 1 < RETRIES and _transient(exc):
                    time.sleep(0.05 * 2**attempt * (1 + random.random()))
                    continue
                raise StorageError(f"{self.name}: write failed ({_reason(exc)})") from exc
            except SQLAlchemyError as exc:
                raise StorageError(f"{self.name}: write failed ({_reason(exc)})") from exc
        raise AssertionError("unreachable")

    def read(self, work: Callable[[Connection], T]) -> T:
        """Run `work` on one connection (one pool checkout), query failures as StorageError."""
        try:
            with self.engine.connect() as conn:
                return work(conn)
        except SQLAlchemyError as exc:
            raise StorageError(f"{self.name}: query failed ({_reason(exc)})") from exc

    # -- writes ----------------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        """Whether a document with this SHA-256 is stored."""
        stmt = select(documents.c.id).where(documents.c.sha256 == sha256)
        return self.read(lambda conn: conn.execute(stmt).first() is not None)

    def document(self, sha256: str) -> Document | None:
        """The stored document with this SHA-256 and its pages as ingested, or None."""

        def work(conn: Connection) -> Document | None:
            row = conn.execute(select(documents).where(documents.c.sha256 == sha256)).first()
            if row is None:
                return None
            return Document(
                sha256=row.sha256,
                source_path=row.source_path,
                format=row.format,
                pages=writes.pages_of(conn, row.id),
            )

        return self.read(work)

    def has_extraction(self, sha256: str) -> bool:
        """Whether this document is stored with an extraction (a full run went through it)."""
        stmt = (
            select(extractions.c.id)
            .join(documents, extractions.c.document_id == documents.c.id)
            .where(documents.c.sha256 == sha256)
            .limit(1)
        )
        return self.read(lambda conn: conn.execute(stmt).first() is not None)

    def save(
        self, document: Document, restored: RestoredText | None = None, extraction: Extraction | None = None
    ) -> None:
        """Store a document with its restored text and extraction in one transaction, idempotently.

        Same document hash: one row, pages replaced. Restored texts are kept per pipeline version (the
        same version is replaced); the latest saved one is what search and export use.
        """
        self.save_many([(document, restored, extraction)])

    def save_many(self, items: Iterable[Item]) -> int:
        """Store several (document, restored, extraction) triples in one transaction; returns the count."""
        batch = list(items)

        def work(conn: Connection) -> None:
            entries: dict[int, str] = {}
            saved = [self._save(conn, *item, entries) for item in batch]
            indexing.index(conn, self.backend, entries)  # once for the batch, with the keys it leaves
            reviewing.stamp(conn, saved)  # last: the sequence counter stays locked until commit

        self.write(work)
        return len(batch)

    def record_failure(self, path: str, reason: str, sha256: str | None = None) -> None:
        """Record an input that could not be processed: one row per path and content (the latest)."""
        row = {"path": path, "reason": reason, "sha256": sha256, "failed_at": datetime.now(UTC)}
        same = failures.c.sha256.is_(None) if sha256 is None else failures.c.sha256 == sha256

        def work(conn: Connection) -> None:
            conn.execute(delete(failures).where(failures.c.path == path, same))
            conn.execute(insert(failures), row)

        self.write(work)

    def _save(
        self,
        conn: Connection,
        document: Document,
        restored: RestoredText | None,
        extraction: Extraction | None,
        entries: dict[int, str],
    ) -> int:
        """Write one document's rows; what its search-index entry needs goes into `entries` (id → text).

        Human revisions are replayed over the new machine versions (corpus.reviewing), never lost."""
        now = datetime.now(UTC)
        self.backend.lock_document(conn, document.sha256)  # select-then-insert below
        doc_id, current_restored = writes.save_document(conn, document, now)
        # Stored now: earlier failures of this content, or of this path, no longer hold.
        gone = (failures.c.sha256 == document.sha256) | (failures.c.path == document.source_path)
        conn.execute(delete(failures).where(gone))
        writes.save_pages(conn, doc_id, document)
        changes: dict[str, Any] = {}
        restored_id = None
        if restored is not None:
            restored_id = writes.save_restored(conn, doc_id, document, restored, now)
            changes["current_restored_id"] = changes["machine_restored_id"] = restored_id
        if extraction is not None:
            version = restored.pipeline_version if restored is not None else ""
            record = extraction.record if isinstance(extraction.record, dict) else {}
            changes["current_extraction_id"] = writes.save_extraction(
                conn, doc_id, restored_id, version, extraction, now
            )
            changes["machine_extraction_id"] = changes["current_extraction_id"]
            changes |= flatten.filters(record)
            changes["logical_id"] = _logical_id(conn, doc_id, changes)
        revised_by_hand = reviewing.has_revisions(conn, doc_id)
        if restored is not None and extraction is not None and not revised_by_hand:
            changes["attention"] = reviewing.machine_attention(extraction.record, len(restored.flagged))
        if changes:
            conn.execute(update(documents).where(documents.c.id == doc_id).values(**changes))
        revised = None
        if revised_by_hand or "attention" not in changes:
            revised = reviewing.refresh(conn, doc_id, now)
        if revised is not None:
            entries[doc_id] = revised
        elif restored is not None:
            entries[doc_id] = restored.text
        elif current_restored is None:
            entries[doc_id] = document.text
        elif extraction is not None:  # same text, new filter keys
            current = select(restored_texts.c.text).where(restored_texts.c.id == current_restored)
            entries[doc_id] = conn.execute(current).scalar_one()
        return doc_id

    def reindex(self, batch: int = 500) -> int:
        """Rebuild every document's search-index entry; returns the count.

        Needed after folding changes, and on PostgreSQL to give documents stored before schema
        version 3 their word-pair signatures and word-count sketches (until then their phrases
        are checked, and they are ranked, the slow way).
        """
        ids = self.read(
            lambda conn: conn.execute(select(documents.c.id).order_by(documents.c.id)).scalars().all()
        )
        for chunk in indexing.chunks(ids, batch):
            self.write(functools.partial(self._index_documents, chunk))
        return len(ids)

    def _index_documents(self, doc_ids: Sequence[int], conn: Connection) -> None:
        indexing.index(conn, self.backend, texts.current(conn, doc_ids))

    # -- reads -----------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table (for reports and tests)."""

        def work(conn: Connection) -> dict[str, int]:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in metadata.tables.items()
                if name != "schema_version"
            }

        return self.read(work)

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        return self.read(current_version)

    def texts(self, doc_ids: Sequence[int], conn: Connection | None = None) -> dict[int, str]:
        """The current text of each document: its latest restored text, else its pages."""
        if conn is not None:
            return texts.current(conn, doc_ids)
        return self.read(lambda conn: texts.current(conn, doc_ids))

    def search(self, query: str, filters: SearchFilters | None = None, *, limit: int = 20) -> list[SearchHit]:
        """Ranked full-text search (with or without diacritics), narrowed by `filters` on the
        extraction's fields (current values: a reviewer's corrections, where there are any)."""
        wanted = filters or SearchFilters()
        return self.read(
            lambda conn: search.search(conn, self.backend, query, wanted, limit, self.rank_window)
        )

    # -- review -----------------------------------------------------------------------------------

    def revise(
        self,
        sha256: str,
        changes: list[dict[str, Any]],
        *,
        author: str,
        expected_seq: int | None = None,
        reextract: Reextract | None = None,
    ) -> int:
        """Store a reviewer's corrections or acceptances of one document (see
        corpus.reviewing.record_revisions); returns its new seq. ConflictError when `expected_seq`
        is no longer the document's. `reextract` reads the machine fields from a corrected text
        (corpus.retext): without it a text correction leaves them as the machine read them."""
        return self.write(
            lambda conn: reviewing.record_revisions(
                conn, self.backend, sha256, changes, author, expected_seq, reextract
            )
        )

    def history(self, sha256: str) -> list[Revision]:
        """The document's human revisions, oldest first (empty for an unknown document)."""

        def work(conn: Connection) -> list[Revision]:
            doc_id = conn.execute(select(documents.c.id).where(documents.c.sha256 == sha256)).scalar()
            return [] if doc_id is None else reviewing.load(conn, doc_id)

        return self.read(work)

    def user_lexicon(self) -> lexicon.UserLexicon:
        """Names and places reviewers confirmed (issuers, signers, places): data for restoration."""
        return self.read(lexicon.user_lexicon)

    def review_queue(self, limit: int = 100) -> listing.Queue:
        """Documents needing attention, most first, and failed files."""
        return self.read(lambda conn: listing.queue(conn, limit))

    def changes(self, since: int = 0, limit: int = 100) -> listing.Feed:
        """Documents changed after sequence number `since`, in order."""
        return self.read(lambda conn: listing.changes(conn, since, limit))

    def export(self, fmt: str, output: Path | None = None, since: int | None = None) -> list[Path]:
        """Write the dataset: "jsonl" (one record per document; `since`: changed after that seq) or
        "csv"/"parquet" tables in a folder."""
        return self.read(lambda conn: export.export(conn, fmt, output, since))


def _logical_id(conn: Connection, doc_id: int, filters: dict[str, Any]) -> int:
    """The id shared by every stored copy of this document (corpus.identity), its own if none."""
    own = identity.identity(filters.get("number"), filters.get("issued_date"), filters.get("issuer"))
    if own is None:
        return doc_id
    c = documents.c
    same_day = select(c.id, c.number, c.issued_date, c.issuer, c.logical_id).where(
        c.issued_date == own.issued_date, c.id != doc_id, c.number.is_not(None)
    )
    return identity.logical_id(doc_id, own, conn.execute(same_day))
