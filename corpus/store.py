"""The campaign database: one API over SQLite and PostgreSQL (SQLAlchemy Core)."""

from __future__ import annotations

import random
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import delete, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError, OperationalError, SQLAlchemyError
from thidua.corpus import engine as engines
from thidua.corpus import flatten, identity, lexicon, pairs, recency, reviewing, wordcounts
from thidua.corpus.fold import meta_tokens, month_token, pg_mark, tokens
from thidua.corpus.retext import Reextract
from thidua.corpus.revise import Revision
from thidua.corpus.schema import (
    FILTER_KEYS,
    FLAT_TABLES,
    SCHEMA_VERSION,
    awards,
    current_version,
    documents,
    edits,
    extractions,
    failures,
    metadata,
    migrate,
    pages,
    restored_texts,
)

from thidua.errors import StorageError
from thidua.types import PAGE_BREAK, Document, Extraction, Mark, Page, Provenance, Region, RestoredText, Word

T = TypeVar("T")
RETRIES = 6
RANK_WINDOW = 1000
_IN_LIMIT = 500  # ids per IN list: SQLite caps the parameters of one statement
Item = tuple[Document, RestoredText | None, Extraction | None]


@dataclass
class SearchHit:
    """One ranked search result; `snippet` is cut from the accented text with matches marked « »."""

    sha256: str
    source_path: str
    number: str | None
    issuer: str | None
    issued_date: str | None
    score: float
    snippet: str
    province: str | None = None
    doc_type: str | None = None
    title: str | None = None
    copies: int = 1  # stored copies of this document (a text export and a scan of it …)


def open_store(url: str, read_only: bool = False) -> Store:
    """Open (creating and migrating on first use) the store at a SQLite path or a database URL.

    `read_only` (search, export): a SQLite file that cannot be written is opened for reading only,
    without migrating it.
    """
    parsed = engines.parse_url(url)
    if read_only and not engines.writable(parsed):
        return _open_read_only(parsed)
    engine = engines.create(parsed)
    store = Store(engine)
    try:
        migrate(engine, engines.WRITE)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(f"{engines.display(parsed)}: cannot open database ({_reason(exc)})") from exc
    return store


def _open_read_only(parsed) -> Store:
    engine = engines.create(parsed, read_only=True)
    try:
        with engine.connect() as conn:
            version = current_version(conn)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise StorageError(f"{engines.display(parsed)}: cannot open database ({_reason(exc)})") from exc
    if version != SCHEMA_VERSION:
        engine.dispose()
        raise StorageError(
            f"{engines.display(parsed)}: read-only database at schema version {version}, this thidua "
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

    rank_window: int | None = RANK_WINDOW
    """Rank at most this many matches (the most recently stored); None ranks every match."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.name = engines.display(engine.url)
        self.postgres = engine.dialect.name == "postgresql"

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        """Release every pooled connection."""
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- transactions ----------------------------------------------------------------------------

    def _write(self, work: Callable[[Connection], T]) -> T:
        """Run `work` in one write transaction, retrying on lock contention; all or nothing."""
        for attempt in range(RETRIES):
            try:
                with self.engine.connect() as conn:
                    conn = conn.execution_options(**engines.WRITE)
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

    def _read(self, work: Callable[[Connection], T]) -> T:
        try:
            with self.engine.connect() as conn:
                return work(conn)
        except SQLAlchemyError as exc:
            raise StorageError(f"{self.name}: query failed ({_reason(exc)})") from exc

    # -- writes ----------------------------------------------------------------------------------

    def has_document(self, sha256: str) -> bool:
        """Whether a document with this SHA-256 is stored."""
        stmt = select(documents.c.id).where(documents.c.sha256 == sha256)
        return self._read(lambda conn: conn.execute(stmt).first() is not None)

    def document(self, sha256: str) -> Document | None:
        """The stored document with this SHA-256 and its pages as ingested, or None."""

        def work(conn: Connection) -> Document | None:
            row = conn.execute(select(documents).where(documents.c.sha256 == sha256)).first()
            if row is None:
                return None
            stmt = select(pages).where(pages.c.document_id == row.id).order_by(pages.c.number)
            return Document(
                sha256=row.sha256,
                source_path=row.source_path,
                format=row.format,
                pages=[_page(page) for page in conn.execute(stmt)],
            )

        return self._read(work)

    def has_extraction(self, sha256: str) -> bool:
        """Whether this document is stored with an extraction (a full run went through it)."""
        stmt = (
            select(extractions.c.id)
            .join(documents, extractions.c.document_id == documents.c.id)
            .where(documents.c.sha256 == sha256)
            .limit(1)
        )
        return self._read(lambda conn: conn.execute(stmt).first() is not None)

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
            self._index(conn, entries)  # once for the batch, with the keys it leaves
            reviewing.stamp(conn, saved)  # last: the sequence counter stays locked until commit

        self._write(work)
        return len(batch)

    def record_failure(self, path: str, reason: str, sha256: str | None = None) -> None:
        """Record an input that could not be processed: one row per path and content (the latest)."""
        row = {"path": path, "reason": reason, "sha256": sha256, "failed_at": datetime.now(UTC)}
        same = failures.c.sha256.is_(None) if sha256 is None else failures.c.sha256 == sha256

        def work(conn: Connection) -> None:
            conn.execute(delete(failures).where(failures.c.path == path, same))
            conn.execute(insert(failures), row)

        self._write(work)

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
        if self.postgres:  # serialise writers of the same document (select-then-insert below)
            key = zlib.crc32(document.sha256.encode())  # a collision only serialises two writers
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
        doc_id, current_restored = self._save_document(conn, document, now)
        # Stored now: earlier failures of this content, or of this path, no longer hold.
        gone = (failures.c.sha256 == document.sha256) | (failures.c.path == document.source_path)
        conn.execute(delete(failures).where(gone))
        self._save_pages(conn, doc_id, document)
        changes: dict[str, Any] = {}
        restored_id = None
        if restored is not None:
            restored_id = self._save_restored(conn, doc_id, document, restored, now)
            changes["current_restored_id"] = changes["machine_restored_id"] = restored_id
        if extraction is not None:
            version = restored.pipeline_version if restored is not None else ""
            record = extraction.record if isinstance(extraction.record, dict) else {}
            changes["current_extraction_id"] = self._save_extraction(
                conn, doc_id, restored_id, version, extraction, now
            )
            changes["machine_extraction_id"] = changes["current_extraction_id"]
            changes |= flatten.filters(record)
            changes["logical_id"] = self._logical_id(conn, doc_id, changes)
        revised_by_hand = reviewing.has_revisions(conn, doc_id)
        if restored is not None and extraction is not None and not revised_by_hand:
            changes["attention"] = reviewing.machine_attention(extraction.record, len(restored.flagged))
        if changes:
            conn.execute(update(documents).where(documents.c.id == doc_id).values(**changes))
        revised = None
        if revised_by_hand or "attention" not in changes:
            revised = reviewing.refresh(self, conn, doc_id, now)
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

    @staticmethod
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

    def _save_document(self, conn: Connection, document: Document, now: datetime) -> tuple[int, int | None]:
        values = {
            "source_path": document.source_path,
            "format": document.format,
            "page_count": len(document.pages),
            "methods": ",".join(sorted({p.provenance.method for p in document.pages})) or None,
            "needs_restoration": any(p.provenance.needs_restoration for p in document.pages),
            "updated_at": now,
        }
        stmt = select(documents.c.id, documents.c.current_restored_id)
        found = conn.execute(stmt.where(documents.c.sha256 == document.sha256)).first()
        if found is None:
            stmt = insert(documents).values(sha256=document.sha256, ingested_at=now, **values)
            return conn.execute(stmt.returning(documents.c.id)).scalar_one(), None
        conn.execute(update(documents).where(documents.c.id == found.id).values(**values))
        conn.execute(delete(pages).where(pages.c.document_id == found.id))
        return found.id, found.current_restored_id

    def _save_pages(self, conn: Connection, doc_id: int, document: Document) -> None:
        rows = [
            {
                "document_id": doc_id,
                "number": page.number,
                "text": page.text,
                "method": page.provenance.method,
                "engine": page.provenance.engine,
                "language": page.provenance.language,
                "mean_confidence": page.provenance.mean_confidence,
                "needs_restoration": page.provenance.needs_restoration,
                "notes": page.provenance.notes,
                "words": [[w.text, w.left, w.top, w.width, w.height, w.confidence] for w in page.words]
                or None,
                "analysis": _analysis(page),
            }
            for page in document.pages
        ]
        if rows:
            conn.execute(insert(pages), rows)

    def _save_restored(
        self, conn: Connection, doc_id: int, document: Document, restored: RestoredText, now: datetime
    ) -> int:
        values = {
            "text": restored.text,
            "original": None if restored.original == document.text else restored.original,
            "edit_count": len(restored.edits),
            "flagged_count": len(restored.flagged),
            "created_at": now,
        }
        found = conn.execute(
            select(restored_texts.c.id).where(
                restored_texts.c.document_id == doc_id,
                restored_texts.c.pipeline_version == restored.pipeline_version,
            )
        ).scalar()
        if found is None:
            stmt = insert(restored_texts).values(
                document_id=doc_id, pipeline_version=restored.pipeline_version, **values
            )
            restored_id = conn.execute(stmt.returning(restored_texts.c.id)).scalar_one()
        else:
            restored_id = found
            conn.execute(update(restored_texts).where(restored_texts.c.id == found).values(**values))
            conn.execute(delete(edits).where(edits.c.restored_id == found))
        rows = [
            {
                "restored_id": restored_id,
                "seq": seq,
                "start_offset": e.start,
                "end_offset": e.end,
                "original": e.original,
                "replacement": e.replacement,
                "confidence": e.confidence,
                "flagged": e.flagged,
            }
            for seq, e in enumerate(restored.edits)
        ]
        if rows:
            conn.execute(insert(edits), rows)
        return restored_id

    def _save_extraction(
        self,
        conn: Connection,
        doc_id: int,
        restored_id: int | None,
        version: str,
        extraction: Extraction,
        now: datetime,
    ) -> int:
        record = extraction.record if isinstance(extraction.record, dict) else {}
        values = {
            "restored_id": restored_id,
            "schema_version": extraction.schema_version,
            "record": record,
            "created_at": now,
        }
        found = conn.execute(
            select(extractions.c.id).where(
                extractions.c.document_id == doc_id, extractions.c.pipeline_version == version
            )
        ).scalar()
        if found is None:
            stmt = insert(extractions).values(document_id=doc_id, pipeline_version=version, **values)
            extraction_id = conn.execute(stmt.returning(extractions.c.id)).scalar_one()
        else:
            extraction_id = found
            conn.execute(update(extractions).where(extractions.c.id == found).values(**values))
            for table in FLAT_TABLES.values():
                conn.execute(delete(table).where(table.c.extraction_id == found))
        for name, rows in flatten.rows(record).items():
            if rows:
                rows = [row | {"extraction_id": extraction_id} for row in rows]
                conn.execute(insert(FLAT_TABLES[name]), rows)
        return extraction_id

    def _index(self, conn: Connection, entries: dict[int, str]) -> None:
        """Put the folded tokens of each document's text (`entries`: id → text) in the full-text index.

        Both backends see the same tokens. The filter keys go in as tokens of their own (SQLite: the
        `meta` column; PostgreSQL: marks in the tsvector, with the document's recency block), so
        filters narrow the match itself. PostgreSQL also keeps the word-pair signature that narrows
        phrases (corpus.pairs), the word-count sketch that ranks (corpus.wordcounts) and copies of
        the filter keys. One batch: one read of the keys, one executemany.
        """
        if not entries:
            return
        keys = self._filter_keys(conn, list(entries))
        rows = []
        for doc_id, body_text in entries.items():
            words = tokens(body_text)
            meta = _meta(keys[doc_id])
            row: dict[str, Any] = {"id": doc_id, "body": " ".join(words)}
            if self.postgres:
                marks = sorted({*map(pg_mark, meta.split()), recency.token(doc_id)})
                sketch = wordcounts.sketch(words, len(marks))
                row |= {"marks": marks, "pairs": pairs.signature(words)}
                row |= {
                    "counts": sketch.counters if sketch else None,
                    "length": sketch.length if sketch else None,
                }
                row |= {name: keys[doc_id][name] for name in FILTER_KEYS}
                row["award_keys"] = " | ".join(form for form in keys[doc_id]["forms"] if form) or None
            else:
                row["meta"] = meta
            rows.append(row)
        if self.postgres:
            columns = ["tsv", "pairs", "counts", "rank_length", *FILTER_KEYS, "award_keys"]
            values = ["to_tsvector('thidua_fold', :body) || array_to_tsvector(CAST(:marks AS text[]))"]
            values += [":pairs", ":counts", ":length", *(f":{name}" for name in columns[4:])]
            names = ", ".join(columns)
            conn.execute(
                text(
                    f"INSERT INTO search_index (document_id, {names}) VALUES (:id, {', '.join(values)}) "
                    f"ON CONFLICT (document_id) DO UPDATE SET ({names}) = "
                    f"({', '.join('EXCLUDED.' + c for c in columns)})"
                ),
                rows,
            )
        else:
            conn.execute(text("DELETE FROM search_index WHERE rowid = :id"), [{"id": i} for i in entries])
            conn.execute(
                text("INSERT INTO search_index (rowid, body, meta) VALUES (:id, :body, :meta)"), rows
            )

    def _filter_keys(self, conn: Connection, doc_ids: list[int]) -> dict[int, dict[str, Any]]:
        """Each document's folded filter keys (FILTER_KEYS) and its award forms' keys (`forms`)."""
        columns = [
            documents.c.id,
            *(documents.c[name] for name in FILTER_KEYS),
            documents.c.current_extraction_id,
        ]
        found = []
        for chunk in _chunks(doc_ids, _IN_LIMIT):
            found += conn.execute(select(*columns).where(documents.c.id.in_(chunk))).all()
        extraction_ids = [row.current_extraction_id for row in found if row.current_extraction_id is not None]
        forms: dict[int, list[str]] = {}
        for chunk in _chunks(extraction_ids, _IN_LIMIT):
            query = select(awards.c.extraction_id, awards.c.form_key).where(awards.c.extraction_id.in_(chunk))
            for extraction_id, form in conn.execute(
                query.order_by(awards.c.extraction_id, awards.c.form_key)
            ):
                forms.setdefault(extraction_id, []).append(form)
        return {row.id: row._asdict() | {"forms": forms.get(row.current_extraction_id, [])} for row in found}

    def reindex(self, batch: int = 500) -> int:
        """Rebuild every document's search-index entry; returns the count.

        Needed after folding changes, and on PostgreSQL to give documents stored before schema
        version 3 their word-pair signatures and word-count sketches (until then their phrases
        are checked, and they are ranked, the slow way).
        """
        ids = self._read(
            lambda conn: conn.execute(select(documents.c.id).order_by(documents.c.id)).scalars().all()
        )
        for chunk in _chunks(ids, batch):
            self._write(lambda conn, chunk=chunk: self._index(conn, self.texts(chunk, conn)))
        return len(ids)

    # -- reads -----------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per table (for reports and tests)."""

        def work(conn: Connection) -> dict[str, int]:
            return {
                name: conn.execute(select(func.count()).select_from(table)).scalar_one()
                for name, table in metadata.tables.items()
                if name != "schema_version"
            }

        return self._read(work)

    def schema_version(self) -> int:
        """The schema version recorded in the database."""
        return self._read(current_version)

    def texts(self, doc_ids: Sequence[int], conn: Connection | None = None) -> dict[int, str]:
        """The current text of each document: its latest restored text, else its pages."""
        if not doc_ids:
            return {}

        def work(conn: Connection) -> dict[int, str]:
            rows = conn.execute(
                select(documents.c.id, restored_texts.c.text)
                .select_from(documents)
                .outerjoin(restored_texts, restored_texts.c.id == documents.c.current_restored_id)
                .where(documents.c.id.in_(doc_ids))
            ).all()
            out = {row.id: row.text for row in rows if row.text is not None}
            missing = [row.id for row in rows if row.text is None]
            if missing:
                by_doc: dict[int, list[str]] = {}
                for row in conn.execute(
                    select(pages.c.document_id, pages.c.text)
                    .where(pages.c.document_id.in_(missing))
                    .order_by(pages.c.document_id, pages.c.number)
                ):
                    by_doc.setdefault(row.document_id, []).append(row.text)
                out |= {doc_id: PAGE_BREAK.join(by_doc.get(doc_id, [])) for doc_id in missing}
            return out

        return work(conn) if conn is not None else self._read(work)

    def search(
        self,
        query: str,
        *,
        province: str | None = None,
        year: int | None = None,
        doc_type: str | None = None,
        issuer: str | None = None,
        award: str | None = None,
        date_from: str | None = None,
        date_to: str | None = None,
        deadline_from: str | None = None,
        deadline_to: str | None = None,
        limit: int = 20,
    ) -> list[SearchHit]:
        """Ranked full-text search (with or without diacritics), filtered by the extraction's fields
        (current values: a reviewer's corrections, where there are any)."""
        from thidua.corpus.search import SearchFilters, search

        wanted = SearchFilters(
            province, year, doc_type, issuer, award, date_from, date_to, deadline_from, deadline_to
        )
        return search(self, query, wanted, limit)

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
        return self._write(
            lambda conn: reviewing.record_revisions(
                self, conn, sha256, changes, author, expected_seq, reextract
            )
        )

    def history(self, sha256: str) -> list[Revision]:
        """The document's human revisions, oldest first (empty for an unknown document)."""

        def work(conn: Connection) -> list[Revision]:
            doc_id = conn.execute(select(documents.c.id).where(documents.c.sha256 == sha256)).scalar()
            return [] if doc_id is None else reviewing.load(conn, doc_id)

        return self._read(work)

    def user_lexicon(self) -> lexicon.UserLexicon:
        """Names and places reviewers confirmed (issuers, signers, places): data for restoration."""
        return self._read(lexicon.user_lexicon)

    def review_queue(self, limit: int = 100):
        """Documents needing attention, most first, and failed files (corpus.browse.Queue)."""
        from thidua.corpus import browse

        return browse.queue(self, limit)

    def changes(self, since: int = 0, limit: int = 100):
        """Documents changed after sequence number `since`, in order (corpus.browse.Feed)."""
        from thidua.corpus import browse

        return browse.changes(self, since, limit)

    def export(self, fmt: str, output: Path | None = None, since: int | None = None) -> list[Path]:
        """Write the dataset: "jsonl" (one record per document; `since`: changed after that seq) or
        "csv"/"parquet" tables in a folder."""
        from thidua.corpus.export import export

        return export(self, fmt, output, since)


def _chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for first in range(0, len(items), size):
        yield items[first : first + size]


def _meta(keys: dict[str, Any]) -> str:
    """The filter keys as meta tokens: "p_dong p_thap y_2025 m_2025_02 …"."""
    year, date = keys["issued_year"], keys["issued_date"]
    meta = [
        meta_tokens("province", keys["province_key"]),
        meta_tokens("issuer", keys["issuer_key"]),
        meta_tokens("doc_type", keys["doc_type_key"]),
        *(meta_tokens("award", form) for form in keys["forms"]),
        meta_tokens("year", str(year) if year else None),
        month_token(date) if date else None,
    ]
    return " ".join(m for m in meta if m)


def _page(row: Any) -> Page:
    """A page as `_save_pages` stored it."""
    provenance = Provenance(
        method=row.method,
        engine=row.engine,
        language=row.language,
        mean_confidence=row.mean_confidence,
        needs_restoration=row.needs_restoration,
        notes=row.notes,
    )
    analysis = getattr(row, "analysis", None) or {}
    return Page(
        row.number,
        row.text,
        provenance,
        [Word(*word) for word in row.words or []],
        regions=[Region(kind, tuple(box)) for kind, *box in analysis.get("regions", [])],
        marks=[Mark(kind, text, tuple(box[:4]), box[4]) for kind, text, *box in analysis.get("marks", [])],
        uncertain=[(a, b) for a, b in analysis.get("uncertain", [])],
    )


def _analysis(page: Page) -> dict[str, Any] | None:
    """What page analysis found (regions, marks, uncertain spans), as `_page` reads it back."""
    if not (page.regions or page.marks or page.uncertain):
        return None
    return {
        "regions": [[r.kind, *r.box] for r in page.regions],
        "marks": [[m.kind, m.text, *m.box, m.date] for m in page.marks],
        "uncertain": [list(span) for span in page.uncertain],
    }
