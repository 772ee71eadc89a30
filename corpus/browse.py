"""Reading the store for people and programs: filtered listings with cursors, facet counts, the
change feed, the review queue, one document in full, and the result set as a table.

Every function takes a Store and plain values; the web app and the CLI are thin layers over these.
Summaries, the change feed and the review queue are corpus.listing's.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
from sqlalchemy import bindparam, select, text
from sqlalchemy.engine import Connection

from thidua.corpus import facetindex, reviewing, revise
from thidua.corpus.backends import Backend
from thidua.corpus.filters import SearchFilters, conditions
from thidua.corpus.listing import SUMMARY, Failure, Feed, Queue, Summary, summary_of
from thidua.corpus.query import parse
from thidua.corpus.schema import documents as docs
from thidua.corpus.schema import extractions, pages
from thidua.corpus.snippet import snippet
from thidua.corpus.store import Store
from thidua.errors import SearchQueryError
from thidua.types import PAGE_BREAK

__all__ = ["FACETS", "SORTS", "Detail", "Failure", "Feed", "Listing", "Queue", "Span", "Summary"]

SORTS = ("issued", "newest", "relevance")
FACETS = ("province", "year", "doc_type", "issuer", "award", "deadline_month")


@dataclass
class Listing:
    """A listing page: the documents, the total matching, and the cursor of the next page (or None)."""

    items: list[Summary]
    total: int
    next_cursor: str | None


@dataclass
class Span:
    """A highlighted span of a document's current text: kind "flagged", "evidence" or "revised"."""

    start: int
    end: int
    kind: str
    label: str
    settled: bool = False


@dataclass
class Detail:
    """One document in full: record (current and machine), text, pages, review items, history."""

    summary: Summary
    format: str
    record: dict[str, Any] | None
    machine_record: dict[str, Any] | None
    text: str
    pages: list[dict[str, Any]]
    spans: list[Span]
    review: list[dict[str, Any]]
    history: list[revise.Revision]
    not_applied: list[revise.Revision] = field(default_factory=list)
    pipeline_version: str | None = None


@dataclass
class Match:
    """The documents matching words and filters: their ids, or None for every document."""

    ids: list[int] | None
    backend: Backend

    def condition(self) -> tuple[str, dict[str, Any]]:
        """A condition on `documents d` true for the matches, and its parameters (built on demand:
        a long id list costs milliseconds to pass, and counts and facets need none)."""
        if self.ids is None:
            return "1 = 1", {}
        if not self.ids:
            return "1 = 0", {}
        cond, listed = self.backend.id_list(self.ids)
        return cond, {"match_ids": listed}


def match(store: Store, query: str, wanted: SearchFilters) -> Match:
    """What matches the words and the filters, kept while the store does not change.

    The words and the filters are looked up in the full-text index (its backend's `matching`) and
    the resulting ids kept (per store state: its change sequence), so a page's listing, count,
    facets and chart share one lookup."""
    parsed = parse(query or "")
    f = conditions(wanted, "d")
    if parsed.empty and (query or "").strip():
        return Match([], store.backend)  # only punctuation or exclusions: nothing positive to look for
    if parsed.empty and not f.where:
        return Match(None, store.backend)

    def work(conn: Connection) -> list[int]:
        state = conn.execute(text("SELECT value FROM counters WHERE name = 'changes'")).scalar()
        key = (id(store), store.name, query.strip(), wanted, state)
        with _MATCHES_LOCK:
            if key in _MATCHES:
                _MATCHES.move_to_end(key)
                return _MATCHES[key]
        if parsed.empty and not f.groups:  # dates only: nothing the index can narrow
            ids = store.backend.ids(conn, f"SELECT d.id FROM documents d WHERE 1 = 1{f.sql}", f.params)
        else:
            ids = store.backend.matching(conn, parsed, wanted)
        with _MATCHES_LOCK:
            _MATCHES[key] = ids
            while len(_MATCHES) > _MATCHES_KEPT:
                _MATCHES.popitem(last=False)
        return ids

    return Match(store.read(work), store.backend)


def where(store: Store, query: str, wanted: SearchFilters) -> tuple[str, dict[str, Any]]:
    """The condition on `documents d` for documents matching the words and the filters."""
    return match(store, query, wanted).condition()


def forget_matches() -> None:
    """Drop the kept matches (benchmarks of searches made new)."""
    with _MATCHES_LOCK:
        _MATCHES.clear()


def exact_ids(conn: Connection, found: Match) -> list[int] | None:
    """The matching ids (None: every document)."""
    return found.ids


_MATCHES: OrderedDict[tuple, list[int]] = OrderedDict()
_MATCHES_LOCK = threading.Lock()
_MATCHES_KEPT = 32


def _total(conn: Connection, found: Match) -> int:
    """How many documents match."""
    if found.ids is not None:
        return len(found.ids)
    return conn.execute(text("SELECT count(*) FROM documents d")).scalar_one()


def _cursor(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _uncursor(cursor: str) -> list[Any]:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise SearchQueryError(f"{cursor!r}: not a cursor from this listing") from exc
    if not isinstance(values, list) or len(values) != 2 or not isinstance(values[1], int):
        raise SearchQueryError(f"{cursor!r}: not a cursor from this listing")
    return values


def documents(
    store: Store,
    query: str = "",
    wanted: SearchFilters | None = None,
    *,
    sort: str = "",
    cursor: str | None = None,
    limit: int = 50,
) -> Listing:
    """Matching documents, `limit` at a time. `issued` (newest issue date first) and `newest`
    (latest stored first) page with `cursor`; `relevance` ranks the best `limit` (no next page).
    No sort: relevance for words, else issued."""
    sort = sort or ("relevance" if not parse(query or "").empty else "issued")
    if sort not in SORTS:
        raise SearchQueryError(f"{sort!r}: not a sort ({', '.join(SORTS)})")
    if not 1 <= limit <= 1000:
        raise SearchQueryError(f"limit {limit}: must be 1 to 1000")
    wanted = wanted or SearchFilters()
    found = match(store, query, wanted)
    if sort == "relevance" and parse(query or "").empty:
        sort = "issued"
    if sort == "relevance":
        return _ranked(store, query, wanted, found, limit)
    cond, params = found.condition()
    key = "COALESCE(d.issued_date, '')" if sort == "issued" else "d.id"
    paged = cond
    if cursor:
        last_key, last_id = _uncursor(cursor)
        paged += f" AND ({key} < :ck OR ({key} = :ck AND d.id < :ci))"
        params |= {"ck": last_key, "ci": last_id}
    sql = f"SELECT {SUMMARY}, {key} AS k FROM documents d WHERE {paged} ORDER BY {key} DESC, d.id DESC"
    sql += " LIMIT :lim"

    def work(conn: Connection) -> Listing:
        rows = conn.execute(text(sql), params | {"lim": limit + 1}).all()
        total = _total(conn, found)
        more = len(rows) > limit
        rows = rows[:limit]
        nxt = _cursor([rows[-1].k, rows[-1].id]) if more and rows else None
        items = [summary_of(r) for r in rows]
        terms = parse(query or "").terms
        if terms:  # the words in context, as ranked search shows them
            texts = store.texts([r.id for r in rows], conn)
            for row, item in zip(rows, items, strict=True):
                item.snippet = snippet(texts.get(row.id, ""), terms)
        return Listing(items, total, nxt)

    return store.read(work)


def _ranked(store: Store, query: str, wanted: SearchFilters, found: Match, limit: int) -> Listing:
    hits = store.search(query, wanted, limit=limit)
    ids = [h.sha256 for h in hits]

    def work(conn: Connection) -> Listing:
        total = _total(conn, found)
        if not ids:
            return Listing([], total, None)
        rows = conn.execute(
            text(f"SELECT {SUMMARY} FROM documents d WHERE d.sha256 IN :ids").bindparams(_expanding()),
            {"ids": ids},
        ).all()
        return Listing([summary_of(r) for r in rows], total, None)

    page = store.read(work)
    by_id = {s.id: s for s in page.items}
    items = []
    for hit in hits:
        if hit.sha256 in by_id:
            summary = by_id[hit.sha256]
            summary.score, summary.snippet = hit.score, hit.snippet
            items.append(summary)
    return Listing(items, page.total, None)


def _expanding(name: str = "ids"):
    return bindparam(name, expanding=True)


def facets(store: Store, query: str = "", wanted: SearchFilters | None = None, top: int = 30) -> dict:
    """Counts of matching documents per value of each facet (FACETS), most frequent first (years and
    months newest first), and the `total` matching."""
    return _counted(store, query, wanted or SearchFilters(), lambda index, rows: index.counts(rows, top))


def per_province_year(store: Store, query: str = "", wanted: SearchFilters | None = None) -> list[tuple]:
    """(province, year, documents) for the matching documents that have both."""
    return _counted(store, query, wanted or SearchFilters(), lambda index, rows: index.grid(rows))


def _counted(store: Store, query: str, wanted: SearchFilters, count: Callable) -> Any:
    """`count(index, rows)` over the store's facet index (corpus.facetindex), rows the matches."""
    index = facetindex.index_of(store)
    found = match(store, query, wanted)

    def work(conn: Connection) -> Any:
        ids = exact_ids(conn, found)
        with index.lock:
            index.refresh(conn)
            return count(index, index.mask(ids))

    return store.read(work)


def changes(store: Store, since: int = 0, limit: int = 100) -> Feed:
    """Documents whose latest change has a sequence number above `since`, in sequence order."""
    return store.changes(since, limit)


def queue(store: Store, limit: int = 100) -> Queue:
    """Documents needing attention (most first), then failed files (latest first)."""
    return store.review_queue(limit)


def records(store: Store, ids: list[str]) -> dict[str, dict | None]:
    """The current record (corrections applied) of each document named by its SHA-256."""
    if not ids:
        return {}
    stmt = (
        select(docs.c.sha256, extractions.c.record)
        .select_from(docs)
        .outerjoin(extractions, extractions.c.id == docs.c.current_extraction_id)
        .where(docs.c.sha256.in_(ids))
    )
    return store.read(lambda conn: {sha: record for sha, record in conn.execute(stmt)})


def resolve(store: Store, ident: str) -> str | None:
    """The SHA-256 of the document named by its id or an unambiguous prefix (8+ hex digits)."""
    ident = ident.strip().lower()
    if len(ident) < 8 or any(c not in "0123456789abcdef" for c in ident):
        return None
    rows = store.read(
        lambda conn: conn.execute(
            text("SELECT sha256 FROM documents WHERE sha256 >= :lo AND sha256 < :hi ORDER BY sha256 LIMIT 2"),
            {"lo": ident, "hi": ident + "g"},
        ).all()
    )
    return rows[0][0] if len(rows) == 1 else None


def detail(store: Store, sha256: str) -> Detail | None:
    """One document in full, with the spans to highlight in its current text."""

    def work(conn: Connection) -> Detail | None:
        row = conn.execute(
            text(f"SELECT {SUMMARY}, d.format FROM documents d WHERE d.sha256 = :s"), {"s": sha256}
        ).first()
        if row is None:
            return None
        doc, body, machine_record, machine_version = reviewing.machine(conn, row.id)
        revs = reviewing.load(conn, row.id)
        applied = revise.apply_text(body, revs)
        record = machine_record
        if doc.current_extraction_id is not None and doc.current_extraction_id != doc.machine_extraction_id:
            stmt = select(extractions.c.record).where(extractions.c.id == doc.current_extraction_id)
            record = conn.execute(stmt).scalar()
        flags = reviewing.flagged_spans(conn, doc.machine_restored_id)
        open_flags = {id(e) for _s, _e, e in reviewing.open_flags(flags, applied, revs)}
        spans = [
            Span(
                applied.map_offset(s),
                applied.map_offset(e),
                "flagged",
                f"{edit.original} → {edit.replacement} ({edit.confidence:.2f})",
                settled=id(edit) not in open_flags,
            )
            for s, e, edit in flags
        ]
        spans += [Span(s, e, "revised", "corrected by a reviewer") for s, e in applied.spans]
        # Evidence of a record read from the corrected text is into that text already.
        read_anew = record is not machine_record and reviewing.reextracted(conn, row.id, machine_version)
        spans += _evidence(record or {}, revise.Applied(applied.text) if read_anew else applied)
        page_rows = [
            {
                "number": p.number,
                "text": p.text,
                "method": p.method,
                "mean_confidence": p.mean_confidence,
                "words": len(p.words or []),
            }
            for p in conn.execute(select(pages).where(pages.c.document_id == row.id).order_by(pages.c.number))
        ]
        items = [dict(i) for i in (record or {}).get("review") or [] if isinstance(i, dict)]
        for item in items:
            item["settled"] = reviewing.settled(str(item.get("field", "")), revs)
        version = conn.execute(
            text("SELECT pipeline_version FROM restored_texts WHERE id = :i"), {"i": doc.current_restored_id}
        ).scalar()
        orphans = applied.orphans + (revise.apply_fields(machine_record, revs)[1] if machine_record else [])
        return Detail(
            summary=summary_of(row),
            format=row.format,
            record=record,
            machine_record=machine_record,
            text=applied.text,
            pages=page_rows,
            spans=sorted(spans, key=lambda s: (s.start, -s.end)),
            review=items,
            history=revs,
            not_applied=orphans,
            pipeline_version=version,
        )

    return store.read(work)


def _evidence(record: dict, applied: revise.Applied) -> list[Span]:
    """Evidence spans of the record's values (offsets into the machine text, mapped)."""
    found: list[Span] = []

    def add(name: str, evidence: Any) -> None:
        if (
            isinstance(evidence, dict)
            and isinstance(evidence.get("start"), int)
            and isinstance(evidence.get("end"), int)
        ):
            start, end = applied.map_offset(evidence["start"]), applied.map_offset(evidence["end"])
            if end > start:
                found.append(Span(start, end, "evidence", name))

    for name, evidence in (record.get("evidence") or {}).items():
        add(name, evidence)
    for name, value in record.items():
        items = value if isinstance(value, list) else [value] if isinstance(value, dict) else []
        for n, item in enumerate(items):
            if isinstance(item, dict) and name not in ("evidence", "review"):
                add(f"{name}[{n}]" if isinstance(value, list) else name, item.get("evidence"))
    return found


def result_table(store: Store, query: str = "", wanted: SearchFilters | None = None) -> pd.DataFrame:
    """The matching documents as one table (current values; award forms and deadlines joined by ' | ')."""
    cond, params = where(store, query, wanted or SearchFilters())
    sql = (
        "SELECT d.sha256, d.source_path, d.doc_type, d.number, d.issuer, d.province, d.issued_date, "
        "d.issued_year, d.title, d.seq, d.current_extraction_id AS x FROM documents d "
        f"WHERE {cond} ORDER BY d.id"
    )

    def work(conn: Connection) -> pd.DataFrame:
        frame = pd.read_sql(text(sql), conn, params=params).astype({"issued_year": "Int64", "seq": "Int64"})
        for name, column in (("awards", "form"), ("deadlines", "date")):
            lists: dict[int, list[str]] = {}
            ids = [int(x) for x in frame["x"].dropna()]
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                stmt = text(
                    f"SELECT extraction_id, {column} FROM {name} WHERE extraction_id IN :ids "
                    "ORDER BY extraction_id, seq"
                ).bindparams(_expanding())
                for x, value in conn.execute(stmt, {"ids": chunk}):
                    if value:
                        lists.setdefault(x, []).append(value)
            frame[name] = [" | ".join(lists.get(int(x), [])) if pd.notna(x) else "" for x in frame["x"]]
        return frame.drop(columns=["x"])

    return store.read(work)


def page_texts(text_: str) -> list[str]:
    """A PAGE_BREAK-joined text's pages."""
    return text_.split(PAGE_BREAK)
