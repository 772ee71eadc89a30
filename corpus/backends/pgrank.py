"""PostgreSQL's ranked search: one GIN scan narrows by words, filter marks and recency blocks; word-pair
signatures rule out phrases' false candidates; word-count sketches pre-rank; ts_rank ranks the best.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from thidua.corpus import recency, signature, wordcounts
from thidua.corpus.filters import Filters
from thidua.corpus.query import Clause, Query

RERANK_EXTRA = 40
"""PostgreSQL ranks exactly the best `limit + RERANK_EXTRA` candidates by their word-count bound."""


def rank(
    conn: Connection, parsed: Query, f: Filters, limit: int, window: int | None
) -> list[tuple[int, float]]:
    """The ids and scores of the top `limit` hits among the newest `window` matches, found span by
    span (corpus.recency)."""
    # For this transaction only: sequential scans, hash and merge joins off keep the planner on the
    # index-driven nested loop of span_sql. No parallel workers either: launching one (a Gather
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
    f.params["limit"] = limit
    f.params["rerank"] = limit + RERANK_EXTRA
    share = _estimated_share(conn, f, total if total > 0 else newest) if window else 0.0
    bound = wordcounts.bound_sql(parsed.terms, "c.counts", "c.rank_length")
    top = ranked_spans(conn, parsed, f, bound, recency.spans(newest, window, share), window)
    if top is None:  # the bound could not vouch for the pre-ranked few: rank every candidate exactly
        top = ranked_spans(conn, parsed, f, None, recency.spans(newest, window, share), window)
    assert top is not None  # without a bound every candidate is ranked exactly
    return [(row.id, row.score) for row in top[:limit]]


def ranked_spans(
    conn: Connection,
    parsed: Query,
    f: Filters,
    bound: str | None,
    spans: Iterable[recency.Span],
    window: int | None,
) -> list[Any] | None:
    """The spans' best rows (id, score), best first, until `window` candidates were ranked.

    None when a candidate left out of the exact ranking may still belong among the best: its bound
    (which no score exceeds) reaches the lowest score kept.
    """
    best: list[Any] = []  # each span's top `limit`
    ranked = 0
    cutoff = None  # the highest bound of a candidate that was not ranked exactly
    for span in spans:
        params = f.params | {"high": span.high, "blocks": span.blocks}
        params["remaining"] = window - ranked if window else 2**62
        rows = conn.execute(text(span_sql(parsed, f, span, bound)), params).all()
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
    """Each alternative's pair bits (corpus.signature); None if one has none: it would let all through."""
    alternatives = [signature.phrase_bits(phrase) for phrase in clause]
    return alternatives if all(alternatives) else None


def pair_filter(parsed: Query) -> str:
    """SQL over `pairs` true for every document holding the query's phrases (corpus.signature); '' if none."""
    clauses = []
    for clause in parsed.clauses:
        alternatives = _clause_bits(clause)
        if alternatives:
            tests = [" AND ".join(f"get_bit(pairs, {n}) = 1" for n in bits) for bits in alternatives]
            clauses.append("(" + " OR ".join(f"({t})" for t in tests) + ")")
    return " AND ".join(clauses)


def _pairs_decide(parsed: Query) -> bool:
    """True when a signed row passing pair_filter holds the phrases but for its Bloom filter's rare errors:
    every clause with a phrase is narrowed, and no phrase is excluded (a signature cannot rule one out)."""
    phrased = [clause for clause in parsed.clauses if any(len(p) > 1 for p in clause)]
    return not any(len(p) > 1 for p in parsed.excluded) and all(_clause_bits(clause) for clause in phrased)


def span_sql(parsed: Query, f: Filters, span: recency.Span, bound: str | None) -> str:
    """The span's candidates newest first, checked and pre-ranked until `remaining` pass; the best
    `limit` of them by ts_rank, each with the number ranked and the `cutoff` (see ranked_spans).

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
    # `+ 0`: the bound filters what the GIN scan finds; as an index condition it tempted the planner
    # into walking the primary key and testing every tsvector (a TOAST read each: ~0.5 s at 25,000).
    match = f"{_match(f, span)} AND document_id + 0 <= :high{f.sql}"
    narrowing = pair_filter(parsed)
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
