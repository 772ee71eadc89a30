"""Writing one document's rows: the document, its pages, a restored text with its edits, an extraction
with its analyst-table rows (each replaced when stored again); and reading a page back."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from thidua.corpus import flatten
from thidua.corpus.schema import FLAT_TABLES, documents, edits, extractions, pages, restored_texts
from thidua.types import Document, Extraction, Mark, Page, Provenance, Region, RestoredText, Word


def save_document(conn: Connection, document: Document, now: datetime) -> tuple[int, int | None]:
    """The document's row, inserted or updated (its pages deleted); its id and current restored id."""
    values = {
        "source_path": document.source_path,
        "format": document.format,
        "page_count": len(document.pages),
        "methods": ",".join(sorted({p.provenance.method for p in document.pages})) or None,
        "needs_restoration": any(p.provenance.needs_restoration for p in document.pages),
        "updated_at": now,
    }
    query = select(documents.c.id, documents.c.current_restored_id)
    found = conn.execute(query.where(documents.c.sha256 == document.sha256)).first()
    if found is None:
        stmt = insert(documents).values(sha256=document.sha256, ingested_at=now, **values)
        return conn.execute(stmt.returning(documents.c.id)).scalar_one(), None
    conn.execute(update(documents).where(documents.c.id == found.id).values(**values))
    conn.execute(delete(pages).where(pages.c.document_id == found.id))
    return found.id, found.current_restored_id


def save_pages(conn: Connection, doc_id: int, document: Document) -> None:
    """The document's pages as ingested, with their word boxes and page analysis."""
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
            "words": [[w.text, w.left, w.top, w.width, w.height, w.confidence] for w in page.words] or None,
            "analysis": _analysis(page),
        }
        for page in document.pages
    ]
    if rows:
        conn.execute(insert(pages), rows)


def save_restored(
    conn: Connection, doc_id: int, document: Document, restored: RestoredText, now: datetime
) -> int:
    """The restored text of this pipeline version and its edits; returns its id."""
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


def save_extraction(
    conn: Connection,
    doc_id: int,
    restored_id: int | None,
    version: str,
    extraction: Extraction,
    now: datetime,
) -> int:
    """The extraction of this pipeline version and its analyst-table rows; returns its id."""
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


def page_of(row: Any) -> Page:
    """A page as `save_pages` stored it."""
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
    """What page analysis found (regions, marks, uncertain spans), as `page_of` reads it back."""
    if not (page.regions or page.marks or page.uncertain):
        return None
    return {
        "regions": [[r.kind, *r.box] for r in page.regions],
        "marks": [[m.kind, m.text, *m.box, m.date] for m in page.marks],
        "uncertain": [list(span) for span in page.uncertain],
    }


def pages_of(conn: Connection, doc_id: int) -> list[Page]:
    """The document's pages as `save_pages` stored them, in order."""
    stmt = select(pages).where(pages.c.document_id == doc_id).order_by(pages.c.number)
    return [page_of(row) for row in conn.execute(stmt)]
