"""Full-text search: ranked hits for a query and filters (corpus.filters), with snippets; the ranking
is the backend's (SQLite FTS5 bm25, PostgreSQL ts_rank: corpus.backends)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlalchemy.engine import Connection

from thidua.corpus import texts
from thidua.corpus.backends import Backend
from thidua.corpus.filters import SearchFilters, conditions
from thidua.corpus.query import parse
from thidua.corpus.schema import documents
from thidua.corpus.snippet import snippet
from thidua.errors import SearchQueryError

__all__ = ["MAX_QUERY_WORDS", "RANK_WINDOW", "SearchFilters", "SearchHit", "search"]

COLUMNS = (
    "d.id, d.sha256, d.source_path, d.number, d.issuer, d.issued_date, d.province, d.doc_type, d.title, "
    "d.logical_id"
)
MAX_QUERY_WORDS = 256
OVERFETCH = 3  # rows fetched per hit wanted: copies of one document are shown once
RANK_WINDOW = 1000
"""Rank at most this many matches (the most recently stored) by default."""


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


def search(
    conn: Connection,
    backend: Backend,
    query: str,
    wanted: SearchFilters,
    limit: int = 20,
    window: int | None = RANK_WINDOW,
) -> list[SearchHit]:
    """Ranked hits for `query` (see corpus.query for the syntax) among the newest `window` matches
    (None: all); an empty query lists by issue date."""
    if limit < 1:
        raise SearchQueryError(f"limit {limit}: must be at least 1")
    parsed = parse(query)
    words = sum(len(phrase) for clause in parsed.clauses for phrase in clause)
    words += sum(len(phrase) for phrase in parsed.excluded)
    if words > MAX_QUERY_WORDS:  # PostgreSQL's parser recurses per word and runs out of stack near 5,000
        raise SearchQueryError(f"the query has {words} words; at most {MAX_QUERY_WORDS} are searched")
    f = conditions(wanted, "d" if parsed.empty else backend.filter_table())
    if parsed.empty and query.strip() and not f.where:
        return []  # only punctuation or exclusions: nothing positive to look for
    if parsed.empty:
        sql = (
            f"SELECT d.id, 0.0 AS score FROM documents d WHERE 1 = 1 {f.sql} "
            "ORDER BY d.issued_date DESC NULLS LAST, d.id LIMIT :limit"
        )
        rows = conn.execute(text(sql), f.params | {"limit": limit * OVERFETCH})
        ranked = [(row.id, row.score) for row in rows]
    else:
        ranked = backend.rank(conn, parsed, f, limit * OVERFETCH, window)
    scored = _one_per_document(_rows(conn, ranked))[:limit]
    found = texts.current(conn, [row.id for row, _ in scored])
    copies = _copies(conn, scored)
    return [
        SearchHit(
            sha256=row.sha256,
            source_path=row.source_path,
            number=row.number,
            issuer=row.issuer,
            issued_date=row.issued_date,
            score=float(score),
            snippet=snippet(found.get(row.id, ""), parsed.terms),
            province=row.province,
            doc_type=row.doc_type,
            title=row.title,
            copies=copies.get(row.logical_id, 1),
        )
        for row, score in scored
    ]


def _rows(conn: Connection, ranked: list[tuple[int, float]]) -> list[tuple[Any, float]]:
    """The ranked ids' document rows (COLUMNS), in rank order."""
    if not ranked:
        return []
    stmt = text(f"SELECT {COLUMNS} FROM documents d WHERE d.id IN :ids").bindparams(
        bindparam("ids", expanding=True)
    )
    by_id = {row.id: row for row in conn.execute(stmt, {"ids": [doc_id for doc_id, _ in ranked]})}
    return [(by_id[doc_id], score) for doc_id, score in ranked]


def _one_per_document(scored: list[tuple[Any, float]]) -> list[tuple[Any, float]]:
    """The best-ranked copy of each logical document (rows are in rank order)."""
    seen: set[int] = set()
    out = []
    for row, score in scored:
        logical = row.logical_id or row.id
        if logical not in seen:
            seen.add(logical)
            out.append((row, score))
    return out


def _copies(conn: Connection, scored: list[tuple[Any, float]]) -> dict[int, int]:
    """How many stored copies each hit's logical document has (only those with more than one)."""
    ids = sorted({row.logical_id for row, _ in scored if row.logical_id is not None})
    if not ids:
        return {}
    sql = select(documents.c.logical_id, func.count()).where(documents.c.logical_id.in_(ids))
    return {lid: n for lid, n in conn.execute(sql.group_by(documents.c.logical_id)) if n > 1}
