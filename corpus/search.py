"""Full-text search: SQLite FTS5 (bm25) or PostgreSQL tsvector (ts_rank), filters from the extraction.

Text filters (province, issuer, award) match whole folded words in order: `dong thap` and `Đồng Tháp`
match "Tỉnh Đồng Tháp"; `thap` does too, `tha` does not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select, text
from thidua.corpus import pairs, recency, wordcounts
from thidua.corpus.fold import key, meta_tokens, month_token, pg_mark
from thidua.corpus.query import Clause, Query, parse
from thidua.corpus.schema import documents
from thidua.corpus.snippet import snippet

from thidua.errors import ExitCode, ThiduaError

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection
    from thidua.corpus.store import SearchHit, Store

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_COLUMNS = (
    "d.id, d.sha256, d.source_path, d.number, d.issuer, d.issued_date, d.province, d.doc_type, d.title, "
    "d.logical_id"
)
MAX_QUERY_WORDS = 256
OVERFETCH = 3  # rows fetched per hit wanted: copies of one document are shown once


class SearchQueryError(ThiduaError):
    """A search argument is malformed (e.g. a date that is not YYYY-MM-DD)."""

    exit_code = ExitCode.bad_args


@dataclass
class Filters:
    """SQL conditions (see _filters), and the same filters as meta-token groups for the text index.

    Each group is ("phrase", tokens) or ("any", tokens). The index narrows (a superset: PostgreSQL
    drops the adjacency of a phrase); the SQL conditions decide.
    """

    where: list[str] = field(default_factory=list)
    params: dict[str, Any] = field(default_factory=dict)
    groups: list[tuple[str, list[str]]] = field(default_factory=list)
    dates: bool = False  # date ranges cannot be expressed in FTS5: the match must join documents

    @property
    def sql(self) -> str:
        return "".join(" AND " + w for w in self.where)

    def meta(self, name: str, folded: str) -> None:
        """The filter as a phrase of meta tokens; a value with no words matches nothing."""
        if folded:
            self.groups.append(("phrase", meta_tokens(name, folded).split()))
        else:
            self.where.append("1 = 0")

    def fts5(self) -> list[str]:
        """The groups as FTS5 expressions."""
        return [
            f'"{" ".join(tokens)}"' if kind == "phrase" else "(" + " OR ".join(f'"{t}"' for t in tokens) + ")"
            for kind, tokens in self.groups
        ]

    def tsquery(self) -> str:
        """The groups as a PostgreSQL tsquery over the tsvector's marks (fold.pg_mark)."""
        parts = [
            (" & " if kind == "phrase" else " | ").join(f"'{pg_mark(t)}'" for t in tokens)
            for kind, tokens in self.groups
        ]
        return " & ".join(f"({p})" for p in parts)

    def words(self, name: str, column: str, value: str) -> None:
        """`column` (a folded key) contains the words of `value`, contiguous and whole."""
        folded = key(value) or ""
        # Keys are folded words separated by single spaces: no LIKE wildcards can sneak in.
        self.where.append(f"(' ' || {column} || ' ') LIKE :{name}")
        self.params[name] = f"% {folded} %"
        self.meta(name, folded)


@dataclass(frozen=True)
class SearchFilters:
    """What a search is narrowed to, from the extraction's fields (None: no restriction)."""

    province: str | None = None
    year: int | None = None
    doc_type: str | None = None
    issuer: str | None = None
    award: str | None = None
    date_from: str | None = None  # YYYY-MM-DD, YYYY-MM or YYYY
    date_to: str | None = None
    deadline_from: str | None = None  # some deadline on or after (same forms)
    deadline_to: str | None = None


def _filters(wanted: SearchFilters, table: str) -> Filters:
    """The filters as conditions on `documents d` ("d") or on PostgreSQL's `search_index` row (""),
    which holds copies of the filter keys so candidates are filtered as the index scan reads them."""
    f = Filters()
    col = f"{table}." if table else ""
    if wanted.province is not None:
        f.words("province", f"{col}province_key", wanted.province)
    if wanted.issuer is not None:
        f.words("issuer", f"{col}issuer_key", wanted.issuer)
    if wanted.doc_type is not None:
        folded = key(wanted.doc_type) or ""
        f.where.append(f"{col}doc_type_key = :doc_type")
        f.params["doc_type"] = folded
        f.meta("doc_type", folded)
    if wanted.year is not None:
        f.where.append(f"{col}issued_year = :year")
        f.params["year"] = int(wanted.year)
        f.meta("year", str(int(wanted.year)))
    if wanted.award is not None:
        folded = key(wanted.award) or ""
        f.where.append(
            # The index row's award_keys: the forms joined by " | ", so no match spans two forms.
            "(' ' || award_keys || ' ') LIKE :award"
            if not table
            else "EXISTS (SELECT 1 FROM awards a WHERE a.extraction_id = d.current_extraction_id "
            "AND (' ' || a.form_key || ' ') LIKE :award)"
        )
        f.params["award"] = f"% {folded} %"
        f.meta("award", folded)
    for name, op, value in (("date_from", ">=", wanted.date_from), ("date_to", "<=", wanted.date_to)):
        if value is not None:
            if not _DATE.match(value):
                raise SearchQueryError(f"{value!r}: not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
            f.where.append(f"{col}issued_date {op} :{name}")
            # ISO dates compare as strings; "--to 2025" must admit "2025-12-31", so pad the upper bound.
            f.params[name] = value if name == "date_from" else (value + "-99-99")[:10]
            f.dates = True
    deadline = _deadline(wanted, "d.id" if table else "search_index.document_id", f)
    if deadline:
        f.where.append(deadline)
    if wanted.date_from and wanted.date_to:
        narrowing = _date_tokens(wanted.date_from, f.params["date_to"])
        if narrowing:
            f.groups.append(("any", narrowing))
    return f


def _checked(value: str) -> str:
    if not _DATE.match(value):
        raise SearchQueryError(f"{value!r}: not a date (YYYY-MM-DD, YYYY-MM or YYYY)")
    return value


def _deadline(wanted: SearchFilters, doc_id: str, f: Filters) -> str:
    """A condition: some deadline of the document's current record falls in the range ('' if none)."""
    tests = []
    if wanted.deadline_from is not None:
        tests.append("dl.date >= :deadline_from")
        f.params["deadline_from"] = _checked(wanted.deadline_from)
    if wanted.deadline_to is not None:
        tests.append("dl.date <= :deadline_to")
        f.params["deadline_to"] = (_checked(wanted.deadline_to) + "-99-99")[:10]
    if not tests:
        return ""
    f.dates = True  # SQLite: the match must join documents
    return (
        "EXISTS (SELECT 1 FROM deadlines dl JOIN documents dd ON dd.current_extraction_id = dl.extraction_id "
        f"WHERE dd.id = {doc_id} AND {' AND '.join(tests)})"
    )


def _date_tokens(date_from: str, date_to: str) -> list[str]:
    """Index tokens covering every date the SQL range admits (a superset), or [] when too many.

    `date_to` is the padded upper bound ("2025-06-99").
    """
    first, last = int(date_from[:4]), int(date_to[:4])
    if not 0 <= last - first <= 20:
        return []
    months = [(y, m) for y in range(first, last + 1) for m in range(1, 13)]
    months = [(y, m) for y, m in months if date_from[:7] <= f"{y}-{m:02d}" <= date_to]
    bare_years = [y for y in range(first, last + 1) if date_from <= str(y) <= date_to]
    if len(months) <= 48:
        return [month_token(f"{y}-{m:02d}") for y, m in months] + [month_token(str(y)) for y in bare_years]
    return [meta_tokens("year", str(y)) for y in range(first, last + 1)]


RERANK_EXTRA = 40
"""PostgreSQL ranks exactly the best `limit + RERANK_EXTRA` candidates by their word-count bound."""


def _postgres(conn: Connection, store: Store, parsed: Query, f: Filters, limit: int) -> list[Any]:
    """The top `limit` hits among the newest `rank_window` matches, found span by span (corpus.recency)."""
    # For this transaction only: sequential scans, hash and merge joins off keep the planner on the
    # index-driven nested loop of _postgres_sql. No parallel workers either: launching one (a Gather
    # Merge over the candidate ids) cost more than the few ms of sorting it shares, on a small machine.
    # No JIT: compiling takes ~100 ms, and those settings price any plan past its threshold.
    settings = {"enable_seqscan": "off", "enable_hashjoin": "off", "enable_mergejoin": "off"}
    settings |= {"max_parallel_workers_per_gather": "0", "jit": "off"}
    total, newest, *_ = conn.execute(
        text(
            "SELECT reltuples, (SELECT max(document_id) FROM search_index), "
            + ", ".join(f"set_config('{name}', '{value}', true)" for name, value in settings.items())
            + " FROM pg_class WHERE oid = 'search_index'::regclass"
        )
    ).one()
    if newest is None:
        return []
    _add_tsqueries(parsed, f)
    f.params["rerank"] = limit + RERANK_EXTRA
    window = store.rank_window
    share = _estimated_share(conn, f, total if total > 0 else newest) if window else 0.0
    bound = wordcounts.bound_sql(parsed.terms, "c.counts", "c.rank_length")
    top = _postgres_top(conn, parsed, f, bound, recency.spans(newest, window, share), window)
    if top is None:  # the bound could not vouch for the pre-ranked few: rank every candidate exactly
        top = _postgres_top(conn, parsed, f, None, recency.spans(newest, window, share), window)
    top = top[:limit]
    if not top:
        return []
    rows = conn.execute(
        text(f"SELECT {_COLUMNS} FROM documents d WHERE d.id = ANY(:ids)"), {"ids": [row.id for row in top]}
    )
    by_id = {row.id: row for row in rows}
    return [(by_id[row.id], row.score) for row in top]


def _postgres_top(
    conn: Connection,
    parsed: Query,
    f: Filters,
    bound: str | None,
    spans: Iterable[recency.Span],
    window: int | None,
) -> list[Any] | None:
    """The spans' best rows (id, score), best first, until `rank_window` candidates were ranked.

    None when a candidate left out of the exact ranking may still belong among the best: its bound
    (which no score exceeds) reaches the lowest score kept.
    """
    best: list[Any] = []  # each span's top `limit`
    ranked = 0
    cutoff = None  # the highest bound of a candidate that was not ranked exactly
    for span in spans:
        params = f.params | {"high": span.high, "blocks": span.blocks}
        params["remaining"] = window - ranked if window else 2**62
        rows = conn.execute(text(_postgres_sql(parsed, f, span, bound)), params).all()
        if rows:
            ranked += rows[0].ranked
            if rows[0].cutoff is not None:
                cutoff = max(cutoff or 0.0, rows[0].cutoff)
        best += [row for row in rows if row.holds]
        if window and ranked >= window:
            break
    best.sort(key=lambda row: (-row.score, row.id))
    limit = f.params["limit"]
    if cutoff is not None and (len(best) < limit or cutoff >= best[limit - 1].score):
        return None  # (fewer than `limit`: some ranked exactly failed their phrase check)
    return best


def _add_tsqueries(parsed: Query, f: Filters) -> None:
    """The query (`q`), its GIN form (`loose`), what ranks (`rank`) and the filters' marks (`meta`)."""
    f.params |= {"q": parsed.tsquery(), "loose": parsed.tsquery(adjacent=False)}
    f.params["rank"] = parsed.rank_tsquery()
    if f.groups:
        f.params["meta"] = f.tsquery()


def _estimated_share(conn: Connection, f: Filters, total: float) -> float:
    """The planner's estimate of the share of documents whose index entries match (words and filters)."""
    # A plain EXPLAIN plans but does not execute: the estimate comes from the column statistics.
    plan = conn.execute(text(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM search_index WHERE {_match(f)}"), f.params)
    return min(1.0, plan.scalar_one()[0]["Plan"]["Plan Rows"] / total)


def _match(f: Filters, span: recency.Span | None = None) -> str:
    """The GIN condition: the query's words (phrases loosened), the filters' marks, the span's blocks."""
    parts = ["to_tsquery('thidua_fold', :loose)"]
    if f.groups:
        parts.append("CAST(:meta AS tsquery)")
    if span is not None and span.blocks:
        parts.append("CAST(:blocks AS tsquery)")
    return f"tsv @@ ({' && '.join(parts)})"


def _clause_bits(clause: Clause) -> list[list[int]] | None:
    """Each alternative's pair bits (corpus.pairs); None if one has none: it would let everything through."""
    alternatives = [pairs.phrase_bits(phrase) for phrase in clause]
    return alternatives if all(alternatives) else None


def _pair_filter(parsed: Query) -> str:
    """SQL over `pairs` true for every document holding the query's phrases (corpus.pairs); '' if none."""
    clauses = []
    for clause in parsed.clauses:
        alternatives = _clause_bits(clause)
        if alternatives:
            tests = [" AND ".join(f"get_bit(pairs, {n}) = 1" for n in bits) for bits in alternatives]
            clauses.append("(" + " OR ".join(f"({t})" for t in tests) + ")")
    return " AND ".join(clauses)


def _pairs_decide(parsed: Query) -> bool:
    """True when a signed row passing _pair_filter holds the phrases but for its Bloom filter's rare errors:
    every clause with a phrase is narrowed, and no phrase is excluded (a signature cannot rule one out)."""
    phrased = [clause for clause in parsed.clauses if any(len(p) > 1 for p in clause)]
    return not any(len(p) > 1 for p in parsed.excluded) and all(_clause_bits(clause) for clause in phrased)


def _postgres_sql(parsed: Query, f: Filters, span: recency.Span, bound: str | None) -> str:
    """The span's candidates newest first, checked and pre-ranked until `remaining` pass; the best
    `limit` of them by ts_rank, each with the number ranked and the `cutoff` (see _postgres_top).

    One GIN scan answers the words, the filters' marks and the span's recency blocks exactly,
    without reading a tsvector; a phrase's word-pair signature, in the index row, rules out most
    rows that hold its words apart. Walking the rest newest first, a nested loop checks what they
    did not (a phrase's adjacency, which reads the tsvector) and pre-ranks the rows
    that pass by `bound`, the word-count sketch's ceiling of ts_rank (corpus.wordcounts), from the
    same heap row (by its ctid: sorting the 1 KB sketches with the ids would spill past work_mem).
    Only the best `rerank` of those get ts_rank, which reads their tsvectors. With `bound` None (or
    no sketch in the row) ts_rank pre-ranks. The SQL filters test the row's copies of the filter
    keys as the index scan reads it (a probe of `documents` per candidate cost 5 µs). Fences
    (`OFFSET 0`) keep each step where it is.

    When the signatures decide the phrases (_pairs_decide), a signed row's adjacency is checked
    only if it is ranked exactly: the window then counts the rows whose signatures hold the
    phrases, a few more than hold them, and no tsvector is read to fill it.

    The tsvectors (~10 KB: out of line, uncompressed, as pglz gives up on them) cost a TOAST fetch
    each time a function reads one: when a row is both checked and ranked, a per-row subquery
    fetches it once (`setweight` with no lexemes is an in-memory copy) and both use that copy.
    """
    query = "to_tsquery('thidua_fold', :q)"
    rank = "ts_rank({}, to_tsquery('thidua_fold', :rank), 1)"
    match = f"{_match(f, span)} AND document_id <= :high{f.sql}"
    narrowing = _pair_filter(parsed)
    if narrowing:  # on the index row, before any tsvector is read
        match += f" AND (pairs IS NULL OR {narrowing})"
    ids = f"SELECT document_id, tsv, ctid AS row, pairs IS NOT NULL AS signed FROM search_index WHERE {match}"
    newest = f"SELECT document_id AS id, tsv, row, signed FROM ({ids} OFFSET 0) i ORDER BY document_id DESC"
    join = ""
    deferred = parsed.adjacency and bound is not None and _pairs_decide(parsed)
    tsv, check = "h.tsv", ""
    if deferred:
        check = f" WHERE (h.signed OR h.tsv @@ {query})"
    elif parsed.adjacency:  # the phrase is tested on the tsvector: fetch it once for both uses
        join += " CROSS JOIN LATERAL (SELECT setweight(h.tsv, 'D', '{}') AS tsv OFFSET 0) v"
        tsv, check = "v.tsv", f" WHERE v.tsv @@ {query}"
    if bound is not None:
        join += " CROSS JOIN LATERAL (SELECT counts, rank_length FROM search_index c WHERE c.ctid = h.row) c"
        bound = f"COALESCE({bound}, {rank.format(tsv)})"
    candidates = (
        f"SELECT h.id, {bound or rank.format(tsv)} AS bound FROM ({newest} OFFSET 0) h{join}{check} "
        "ORDER BY h.id DESC LIMIT :remaining"
    )
    if bound is None:  # the bound is the score
        return (
            f"WITH candidates AS MATERIALIZED ({candidates}) SELECT id, bound AS score, count(*) OVER () "
            "AS ranked, NULL AS cutoff, true AS holds FROM candidates ORDER BY score DESC, id LIMIT :limit"
        )
    best = (
        "SELECT id, bound, row_number() OVER (ORDER BY bound DESC, id) AS n, count(*) OVER () AS ranked "
        "FROM candidates ORDER BY bound DESC, id LIMIT :rerank + 1"
    )
    # `holds`, not a filter: a span whose best all fail their phrase check still reports its counts.
    holds = f"s.tsv @@ {query}" if deferred else "true"
    return (
        f"WITH candidates AS MATERIALIZED ({candidates}), best AS MATERIALIZED ({best}) "
        f"SELECT b.id, {rank.format('s.tsv')} AS score, b.ranked, "
        f"(SELECT bound FROM best WHERE n > :rerank) AS cutoff, {holds} AS holds "
        "FROM best b JOIN search_index s ON s.document_id = b.id WHERE b.n <= :rerank "
        "ORDER BY holds DESC, score DESC, b.id LIMIT :limit"
    )


def _sqlite_sql(store: Store, match: str, f: Filters) -> str:
    """FTS5 + bm25 on the body column; filters are part of the MATCH, so they narrow it cheaply.

    bm25 costs microseconds per row: past `rank_window` matches only the newest window is ranked.
    """
    f.params["q"] = " AND ".join([f"({match})", *f.fts5()])
    body = "FROM search_index JOIN documents d ON d.id = search_index.rowid WHERE search_index MATCH :q"
    if store.rank_window:
        probe = (
            f"SELECT search_index.rowid {body}{f.sql}"
            if f.dates
            else "SELECT search_index.rowid FROM search_index WHERE search_index MATCH :q"
        )
        probe += " ORDER BY search_index.rowid DESC LIMIT 1 OFFSET :skip"
        skip = {"skip": store.rank_window - 1}
        floor = store._read(lambda conn: conn.execute(text(probe), f.params | skip).scalar())
        if floor is not None:
            f.where.append("search_index.rowid >= :floor")
            f.params["floor"] = floor
    weights = "bm25(search_index, 1.0, 0.0)"
    return f"SELECT {_COLUMNS}, -{weights} AS score {body}{f.sql} ORDER BY score DESC LIMIT :limit"


def search(store: Store, query: str, wanted: SearchFilters, limit: int = 20) -> list[SearchHit]:
    """Ranked hits for `query` (see corpus.query for the syntax); an empty query lists by date."""
    from thidua.corpus.store import SearchHit

    if limit < 1:
        raise SearchQueryError(f"limit {limit}: must be at least 1")
    parsed = parse(query)
    words = sum(len(phrase) for clause in parsed.clauses for phrase in clause)
    words += sum(len(phrase) for phrase in parsed.excluded)
    if words > MAX_QUERY_WORDS:  # PostgreSQL's parser recurses per word and runs out of stack near 5,000
        raise SearchQueryError(f"the query has {words} words; at most {MAX_QUERY_WORDS} are searched")
    f = _filters(wanted, "" if store.postgres and not parsed.empty else "d")
    f.params["limit"] = int(limit) * OVERFETCH
    if parsed.empty and query.strip() and not f.where:
        return []  # only punctuation or exclusions: nothing positive to look for
    if parsed.empty:
        sql = (
            f"SELECT {_COLUMNS}, 0.0 AS score FROM documents d WHERE 1 = 1 {f.sql} "
            "ORDER BY d.issued_date DESC NULLS LAST, d.id LIMIT :limit"
        )
    elif not store.postgres:
        sql = _sqlite_sql(store, parsed.fts5(), f)

    def work(conn: Connection) -> tuple[list[Any], dict[int, str]]:
        """The hits and their texts on one connection (one pool checkout and ping, not two)."""
        if store.postgres and not parsed.empty:
            scored = _postgres(conn, store, parsed, f, limit * OVERFETCH)
        else:
            scored = [(row, row.score) for row in conn.execute(text(sql), f.params)]
        scored = _one_per_document(scored)[:limit]
        return scored, store.texts([row.id for row, _ in scored], conn), _copies(conn, scored)

    scored, texts, copies = store._read(work)
    terms = parsed.terms
    return [
        SearchHit(
            sha256=row.sha256,
            source_path=row.source_path,
            number=row.number,
            issuer=row.issuer,
            issued_date=row.issued_date,
            score=float(score),
            snippet=snippet(texts.get(row.id, ""), terms),
            province=row.province,
            doc_type=row.doc_type,
            title=row.title,
            copies=copies.get(row.logical_id, 1),
        )
        for row, score in scored
    ]


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
