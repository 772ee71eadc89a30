"""The current text of stored documents: the latest restored text (a reviewer's, once corrected),
else the pages as ingested."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.engine import Connection

from thidua.corpus.schema import documents, pages, restored_texts
from thidua.types import PAGE_BREAK


def current(conn: Connection, doc_ids: Sequence[int]) -> dict[int, str]:
    """Each document's current text: its latest restored text, else its pages joined."""
    if not doc_ids:
        return {}
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
