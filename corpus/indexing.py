"""What the full-text index holds per document: its folded words and its filter keys as tokens of
their own; each backend stores them its way (corpus.backends)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.engine import Connection

from thidua.corpus.backends.base import FILTER_KEYS, Backend, Entry
from thidua.corpus.fold import meta_tokens, month_token, tokens
from thidua.corpus.schema import awards, documents

__all__ = ["FILTER_KEYS", "Entry", "chunks", "filter_keys", "index", "meta"]

T = TypeVar("T")
IN_LIMIT = 500
"""Ids per IN list: SQLite caps the parameters of one statement."""


def index(conn: Connection, backend: Backend, texts: dict[int, str]) -> None:
    """Put each document's text (`texts`: id → text) and filter keys in the full-text index.

    Both backends see the same tokens; filters narrow the match itself. One batch: one read of the
    keys, one write."""
    if not texts:
        return
    keys = filter_keys(conn, list(texts))
    rows = [Entry(doc_id, tokens(body), meta(keys[doc_id]), keys[doc_id]) for doc_id, body in texts.items()]
    backend.write_index(conn, rows)


def filter_keys(conn: Connection, doc_ids: list[int]) -> dict[int, dict[str, Any]]:
    """Each document's folded filter keys (FILTER_KEYS) and its award forms' keys (`forms`)."""
    columns = [documents.c.id, *(documents.c[name] for name in FILTER_KEYS)]
    columns.append(documents.c.current_extraction_id)
    found: list[Any] = []
    for chunk in chunks(doc_ids, IN_LIMIT):
        found += conn.execute(select(*columns).where(documents.c.id.in_(chunk))).all()
    extraction_ids = [row.current_extraction_id for row in found if row.current_extraction_id is not None]
    forms: dict[int, list[str]] = {}
    for chunk in chunks(extraction_ids, IN_LIMIT):
        query = select(awards.c.extraction_id, awards.c.form_key).where(awards.c.extraction_id.in_(chunk))
        for extraction_id, form in conn.execute(query.order_by(awards.c.extraction_id, awards.c.form_key)):
            forms.setdefault(extraction_id, []).append(form)
    return {
        row.id: {name: row._mapping[name] for name in FILTER_KEYS}
        | {"forms": forms.get(row.current_extraction_id, [])}
        for row in found
    }


def meta(keys: dict[str, Any]) -> str:
    """The filter keys as meta tokens: "p_dong p_thap y_2025 m_2025_02 …"."""
    year, date = keys["issued_year"], keys["issued_date"]
    found = [
        meta_tokens("province", keys["province_key"]),
        meta_tokens("issuer", keys["issuer_key"]),
        meta_tokens("doc_type", keys["doc_type_key"]),
        *(meta_tokens("award", form) for form in keys["forms"]),
        meta_tokens("year", str(year) if year else None),
        month_token(date) if date else None,
    ]
    return " ".join(m for m in found if m)


def chunks(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """`items` in consecutive slices of at most `size`."""
    for first in range(0, len(items), size):
        yield items[first : first + size]
