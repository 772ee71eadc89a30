"""Machine fields read again from a corrected text: after a reviewer corrects a token or a line, the
record's machine values come from the corrected text, and the field corrections apply over them.

The corpus does not extract: the caller passes a `Reextract` function (the web app passes
thidua.extract's). Its record is kept as an extraction of its own (version "<machine>+reextracted
+reviewed") and reused while the corrected text is unchanged: by a later field revision, or by a
`thidua run --force` giving the same machine text. A changed text without the function falls back
to the machine record.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.engine import Connection

from thidua.corpus.revise import Applied
from thidua.corpus.schema import edits, extractions, pages
from thidua.types import PAGE_BREAK, Edit, RestoredText

Reextract = Callable[[str, list[tuple[int, int]]], dict[str, Any] | None]
"""(corrected text, spans OCR was unsure of in it) → the machine record of that text, or None."""


def stored(conn: Connection, doc_id: int, version: str) -> dict[str, Any] | None:
    """The record kept under `version` for this document, if any."""
    stmt = select(extractions.c.record).where(
        extractions.c.document_id == doc_id, extractions.c.pipeline_version == version
    )
    record = conn.execute(stmt).scalar()
    return record if isinstance(record, dict) else None


def base(
    conn: Connection,
    doc_id: int,
    version: str,
    applied: Applied,
    restored_id: int | None,
    reextract: Reextract | None,
    unchanged: bool,
    now: datetime,
) -> dict[str, Any] | None:
    """The machine record of the corrected text `applied`, kept under `version`: the kept one while
    the corrected text is `unchanged`, else read anew with `reextract`; None (and the kept one
    dropped) when there is neither."""
    kept = stored(conn, doc_id, version) if unchanged else None
    if kept is not None:
        return kept
    record = reextract(applied.text, uncertain(conn, doc_id, restored_id, applied)) if reextract else None
    if record is None:
        drop(conn, doc_id, version)
        return None
    _keep(conn, doc_id, version, record, now)
    return record


def drop(conn: Connection, doc_id: int, version: str) -> None:
    """Forget the record kept under `version`."""
    conn.execute(
        delete(extractions).where(
            extractions.c.document_id == doc_id, extractions.c.pipeline_version == version
        )
    )


def _keep(conn: Connection, doc_id: int, version: str, record: dict[str, Any], now: datetime) -> None:
    """Store the record under `version` (no analyst-table rows: only the reviewed copy has them)."""
    values: dict[str, Any] = {"record": record, "schema_version": str(record.get("schema_version") or "1.0")}
    values |= {"created_at": now, "restored_id": None}
    stmt = select(extractions.c.id).where(
        extractions.c.document_id == doc_id, extractions.c.pipeline_version == version
    )
    found = conn.execute(stmt).scalar()
    if found is None:
        conn.execute(insert(extractions).values(document_id=doc_id, pipeline_version=version, **values))
    else:
        conn.execute(update(extractions).where(extractions.c.id == found).values(**values))


def uncertain(
    conn: Connection, doc_id: int, restored_id: int | None, applied: Applied
) -> list[tuple[int, int]]:
    """The spans OCR was unsure of (page analysis), as offsets into the corrected text."""
    spans: list[tuple[int, int]] = []
    offset = 0
    stmt = select(pages.c.text, pages.c.analysis).where(pages.c.document_id == doc_id)
    for page_text, analysis in conn.execute(stmt.order_by(pages.c.number)):
        spans += [(offset + a, offset + b) for a, b in (analysis or {}).get("uncertain", [])]
        offset += len(page_text) + len(PAGE_BREAK)
    if not spans:
        return []
    if restored_id is not None:  # page offsets → the machine's restored text
        rows = conn.execute(select(edits).where(edits.c.restored_id == restored_id).order_by(edits.c.seq))
        found = [
            Edit(r.start_offset, r.end_offset, r.original, r.replacement, r.confidence, r.flagged)
            for r in rows
        ]
        spans = [RestoredText("", "", found, "").map_span(a, b) for a, b in spans]
    return [(applied.map_offset(a), applied.map_offset(b)) for a, b in spans]
