"""Documents as listed for people and programs: summaries, the change feed, the review queue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

SUMMARY = (
    "d.id, d.sha256, d.source_path, d.number, d.issuer, d.province, d.issued_date, d.doc_type, d.title, "
    "d.seq, d.attention, d.updated_at, CASE WHEN COALESCE(d.current_extraction_id, -1) = "
    "COALESCE(d.machine_extraction_id, -1) AND COALESCE(d.current_restored_id, -1) = "
    "COALESCE(d.machine_restored_id, -1) THEN 0 ELSE 1 END AS reviewed"
)


@dataclass
class Summary:
    """One document in a listing; `id` is its SHA-256 (stable across databases and re-runs)."""

    id: str
    source_path: str
    number: str | None
    issuer: str | None
    province: str | None
    issued_date: str | None
    doc_type: str | None
    title: str | None
    seq: int | None
    attention: int
    reviewed: bool
    updated_at: str | None
    score: float | None = None
    snippet: str | None = None


@dataclass
class Failure:
    """A file that could not be processed."""

    path: str
    reason: str
    sha256: str | None
    failed_at: str


@dataclass
class Queue:
    """The review queue: documents by attention (most first), and failed files."""

    documents: list[Summary]
    failures: list[Failure]


@dataclass
class Feed:
    """Documents changed after a sequence number, in sequence order; `last_seq` is the next `since`."""

    items: list[Summary]
    last_seq: int


def summary_of(row: Any) -> Summary:
    """A listing row (SUMMARY columns) as a Summary."""
    updated = row.updated_at
    return Summary(
        id=row.sha256,
        source_path=row.source_path,
        number=row.number,
        issuer=row.issuer,
        province=row.province,
        issued_date=row.issued_date,
        doc_type=row.doc_type,
        title=row.title,
        seq=row.seq,
        attention=row.attention or 0,
        reviewed=bool(row.reviewed),
        updated_at=updated.isoformat() if isinstance(updated, datetime) else updated,
    )


def changes(conn: Connection, since: int = 0, limit: int = 100) -> Feed:
    """Documents whose latest change has a sequence number above `since`, in sequence order."""
    sql = f"SELECT {SUMMARY} FROM documents d WHERE d.seq > :since ORDER BY d.seq LIMIT :lim"
    rows = conn.execute(text(sql), {"since": int(since), "lim": int(limit)}).all()
    items = [summary_of(r) for r in rows]
    last = items[-1].seq if items else None
    return Feed(items, last if last is not None else int(since))


def queue(conn: Connection, limit: int = 100) -> Queue:
    """Documents needing attention (most first), then failed files (latest first)."""
    docs = (
        f"SELECT {SUMMARY} FROM documents d WHERE d.attention > 0 ORDER BY d.attention DESC, d.id LIMIT :lim"
    )
    failed = "SELECT path, reason, sha256, failed_at FROM failures ORDER BY failed_at DESC, id LIMIT :lim"
    items = [summary_of(r) for r in conn.execute(text(docs), {"lim": limit})]
    fails = [
        Failure(r.path, r.reason, r.sha256, str(r.failed_at))
        for r in conn.execute(text(failed), {"lim": limit})
    ]
    return Queue(items, fails)
