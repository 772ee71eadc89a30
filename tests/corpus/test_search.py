"""Search: diacritic-insensitive matching, ranking, query syntax, snippets and filters."""

from __future__ import annotations

import pytest

from thidua.corpus import SearchFilters, SearchQueryError
from thidua.types import Document, Page, Provenance


def _doc(n: int, text: str) -> Document:
    return Document(f"{n:064x}", f"/in/{n}.pdf", "pdf", [Page(1, text, Provenance("text-layer"))])


@pytest.fixture
def filled(store, plans):
    """Four plans with different places, years, issuers and awards."""
    rows = [
        (
            1,
            "Kế hoạch thi đua bảo vệ an ninh Tổ quốc trên địa bàn tỉnh Đồng Tháp",
            {"province": "Đồng Tháp", "issued_date": "2025-02-21", "issuer": "Công an tỉnh Đồng Tháp"},
        ),
        (
            2,
            "Kế hoạch thi đua xây dựng nền quốc phòng toàn dân. Quốc phòng, quân sự địa phương; quốc phòng.",
            {"province": "An Giang", "issued_date": "2024-06-30", "issuer": "Bộ Chỉ huy Quân sự tỉnh"},
        ),
        (
            3,
            "Kế hoạch thi đua dạy tốt, học tốt. Xây dựng nền quốc phòng vững mạnh.",
            {
                "province": "Đồng Tháp",
                "issued_date": "2024-09-05",
                "doc_type": "Hướng dẫn",
                "issuer": "Sở Giáo dục và Đào tạo",
                "awards": [{"form": "Giấy khen", "count": 3}],
            },
        ),
        (4, "Thông báo lịch họp tháng Mười", {"province": "Hà Nội", "issued_date": "2023", "doc_type": None}),
    ]
    for n, text, fields in rows:
        doc = _doc(n, text)
        store.save(doc, plans.restored(doc), plans.extraction(**fields))
    return store


def _ids(hits) -> list[int]:
    return [int(h.sha256, 16) for h in hits]


def test_diacritics_do_not_matter(filled):
    assert _ids(filled.search("an ninh to quoc")) == [1]
    assert _ids(filled.search("an ninh Tổ quốc")) == [1]
    assert _ids(filled.search("Đồng Tháp")) == _ids(filled.search("dong thap")) == [1]
    assert _ids(filled.search("ĐỒNG THÁP")) == [1]


def test_ranking_prefers_more_occurrences(filled):
    hits = filled.search("quoc phong")
    assert _ids(hits) == [2, 3]
    assert hits[0].score > hits[1].score


def test_snippets_come_from_the_accented_text(filled):
    [hit] = filled.search("to quoc")
    assert "«Tổ» «quốc»" in hit.snippet
    assert hit.issuer == "Công an tỉnh Đồng Tháp"
    assert hit.issued_date == "2025-02-21"


def test_query_syntax(filled):
    assert _ids(filled.search('"quoc phong toan dan"')) == [2]
    assert _ids(filled.search('"phong quoc"')) == []
    assert sorted(_ids(filled.search('"an ninh" OR "lich hop"'))) == [1, 4]
    assert _ids(filled.search('quoc phong -"quan su"')) == [3]
    assert _ids(filled.search("lich OR ninh -quoc")) == [4]
    assert _ids(filled.search("no such words")) == []
    assert _ids(filled.search("--- !!!")) == []


def test_filters(filled):
    assert sorted(_ids(filled.search("ke hoach", SearchFilters(province="dong thap")))) == [1, 3]
    assert _ids(filled.search("ke hoach", SearchFilters(province="Đồng Tháp", year=2024))) == [3]
    assert _ids(filled.search("ke hoach", SearchFilters(doc_type="huong dan"))) == [3]
    assert sorted(_ids(filled.search("ke hoach", SearchFilters(doc_type="Kế hoạch")))) == [1, 2]
    assert _ids(filled.search("ke hoach", SearchFilters(issuer="quan su"))) == [2]
    assert _ids(filled.search("ke hoach", SearchFilters(award="giấy khen"))) == [3]
    assert sorted(_ids(filled.search("ke hoach", SearchFilters(award="Bằng khen")))) == [1, 2]
    assert sorted(_ids(filled.search("ke hoach", SearchFilters(date_from="2024-07-01")))) == [1, 3]
    assert _ids(filled.search("ke hoach", SearchFilters(date_from="2024-01-01", date_to="2024-08-01"))) == [2]
    assert sorted(
        _ids(filled.search("ke hoach OR thong", SearchFilters(date_from="2023-06-01", date_to="2025-03")))
    ) == [
        1,
        2,
        3,
    ]
    assert _ids(filled.search("thong bao", SearchFilters(date_from="2022", date_to="2023-12-31"))) == [4]
    assert sorted(_ids(filled.search("ke hoach", SearchFilters(date_from="2024", date_to="2024")))) == [2, 3]
    assert sorted(_ids(filled.search("ke hoach", SearchFilters(date_to="2024-09")))) == [2, 3]
    assert _ids(filled.search("ke hoach", SearchFilters(date_from="2024-07", date_to="2024-09-04"))) == []


def test_empty_query_lists_by_date(filled):
    assert _ids(filled.search("", SearchFilters(province="dong thap"))) == [1, 3]
    assert _ids(filled.search("", limit=2)) == [1, 3]


def test_bad_arguments_are_typed_errors(filled):
    with pytest.raises(SearchQueryError, match="not a date"):
        filled.search("ke hoach", SearchFilters(date_from="21/02/2025"))
    with pytest.raises(SearchQueryError, match="limit"):
        filled.search("ke hoach", limit=0)


def test_limit(store, plans):
    for n in range(30):
        store.save(_doc(n, f"thi đua số {n}"))
    assert len(store.search("thi dua", limit=7)) == 7
    assert len(store.search("thi dua")) == 20


def test_unselective_queries_rank_the_newest_window(store, plans):
    for n in range(10):
        doc = _doc(n, f"thi đua {'khen thưởng ' * n}")
        store.save(doc, plans.restored(doc), plans.extraction(province="Huế" if n == 1 else "Cà Mau"))
    store.rank_window = 3
    hits = store.search("thi dua")
    assert sorted(_ids(hits)) == [7, 8, 9]  # only the 3 most recently stored matches are ranked
    assert _ids(store.search("thi dua", SearchFilters(province="hue"))) == [
        1
    ]  # filters apply before the window
    assert sorted(_ids(store.search("thi dua", SearchFilters(date_from="2025-01-01")))) == [7, 8, 9]
    assert _ids(store.search("thi dua", SearchFilters(date_from="2025-01-01", province="hue"))) == [1]
    store.rank_window = None
    assert len(store.search("thi dua")) == 10
    assert sorted(_ids(store.search("khen thuong"))) == list(range(1, 10))


def test_phrase_window_counts_only_real_phrase_matches(store):
    for n in range(8):
        # Odd documents hold the phrase; even ones hold its words apart (newer, so they come first).
        words = "an ninh tổ quốc" if n % 2 else "tổ chức an toàn, quốc phòng, ninh"
        store.save(_doc(n, f"Kế hoạch {words}"))
    store.rank_window = 2
    assert sorted(_ids(store.search('"an ninh to quoc"'))) == [5, 7]
    assert sorted(_ids(store.search('"an ninh" -"to quoc"'))) == []
    store.rank_window = None
    assert sorted(_ids(store.search('"an ninh to quoc"'))) == [1, 3, 5, 7]


def test_postgres_phrases_a_signature_lets_through_are_checked_before_they_count(store, monkeypatch):
    """Phrase candidates are checked when ranked exactly: a false signature costs time, not hits."""
    if store.backend.name != "postgresql":
        pytest.skip("PostgreSQL only")
    from sqlalchemy import text

    from thidua.corpus import signature
    from thidua.corpus.backends import pgrank

    for n in range(8):
        words = "an ninh tổ quốc" if n % 2 else "tổ chức an toàn, quốc phòng, ninh"
        store.save(_doc(n, f"Kế hoạch {words}"))
    with store.engine.begin() as conn:  # every signature claims every pair
        conn.execute(text("UPDATE search_index SET pairs = :all"), {"all": b"\xff" * (signature.BITS // 8)})
    monkeypatch.setattr(pgrank, "RERANK_EXTRA", 0)
    assert set(_ids(store.search('"an ninh to quoc"', limit=2))) < {1, 3, 5, 7}
    assert len(store.search('"an ninh to quoc"', limit=2)) == 2
    assert sorted(_ids(store.search('"an ninh to quoc"'))) == [1, 3, 5, 7]


def test_postgres_recency_spans_give_the_same_hits(store, plans, monkeypatch):
    """PostgreSQL searches the newest blocks of ids first, then older ones: the same hits as one pass."""
    if store.backend.name != "postgresql":
        pytest.skip("PostgreSQL only")
    from sqlalchemy import text

    from thidua.corpus import recency
    from thidua.corpus.backends import pgrank

    monkeypatch.setattr(recency, "SIZE", 1)  # before saving: the index holds the block tokens
    for n in range(30):
        doc = _doc(n, f"thi đua {'khen thưởng ' * (n % 4)}{'an ninh' if n % 3 else ''}")
        extraction = plans.extraction(province="Huế" if n in (1, 4) else "Cà Mau", issued_date=f"{2000 + n}")
        store.save(doc, plans.restored(doc), extraction)
    with store.engine.begin() as conn:
        conn.execute(text("ANALYZE search_index"))
    spans = []
    real = pgrank.span_sql
    monkeypatch.setattr(pgrank, "span_sql", lambda *a: spans.append(a[2]) or real(*a))
    store.rank_window = 2
    queries = [("thi dua", {}), ("thi dua", {"province": "hue"}), ("thi dua an ninh", {"date_to": "2006"})]
    queries += [("thi dua -ninh", {"date_from": "2005"}), ('"dua khen"', {}), ('"thi dua" -"an ninh"', {})]

    def hits() -> list[list[tuple[int, float]]]:
        return [[(h.sha256, h.score) for h in store.search(q, SearchFilters(**f))] for q, f in queries]

    narrowed = hits()
    newest = max(span.high for span in spans)
    assert any(span.blocks for span in spans)  # common queries start with the newest blocks…
    assert any(span.high < newest for span in spans if not span.blocks)  # …and some go on to older ones
    assert sorted(_ids(store.search("thi dua"))) == [28, 29]
    assert sorted(_ids(store.search("thi dua", SearchFilters(province="hue")))) == [1, 4]
    spans.clear()
    monkeypatch.setattr(recency, "HEADROOM", 1e9)  # one span over every id
    assert hits() == narrowed
    assert all(span.blocks is None for span in spans)


def test_recency_spans_cover_every_id_once_newest_first():
    from thidua.corpus import recency

    # Every document matches: 2 x 1000 wanted, plus the 500 ids that the newest block (100) lacks, is
    # 3 blocks; then twice as many each time, until a span would cover a quarter of the blocks left.
    spans = list(recency.spans(newest_id=100_500, wanted=1000, share=1.0))
    assert spans[0] == recency.Span(98_000, 100_999, "'#b100' | '#b99' | '#b98'")
    assert [(s.low, s.high) for s in spans[1:]] == [(92_000, 97_999), (80_000, 91_999), (0, 79_999)]
    assert spans[-1].blocks is None
    # A twentieth matches: 41 blocks, more than a quarter of them; one span without tokens.
    assert list(recency.spans(100_500, 1000, 0.05)) == [recency.Span(0, 100_999, None)]
    assert list(recency.spans(10_500, None, 0.25)) == [recency.Span(0, 10_999, None)]
    assert list(recency.spans(10_500, 1000, 0.0)) == [recency.Span(0, 10_999, None)]


def test_text_filters_match_whole_words(filled):
    assert sorted(_ids(filled.search("ke hoach", SearchFilters(province="thap")))) == [1, 3]
    assert _ids(filled.search("ke hoach", SearchFilters(province="tha"))) == []
    assert _ids(filled.search("ke hoach", SearchFilters(issuer="quan"))) == [2]
    assert _ids(filled.search("ke hoach", SearchFilters(award="khen"))) != []
    assert _ids(filled.search("ke hoach", SearchFilters(award="khe"))) == []


def test_a_new_extraction_moves_the_document_between_filters(store, plans):
    doc = _doc(1, "Kế hoạch thi đua")
    store.save(doc, plans.restored(doc), plans.extraction(province="Cà Mau", issued_date="2020-01-02"))
    store.save(doc, None, plans.extraction(province="Lào Cai", issued_date="2021-05-06"))
    assert _ids(store.search("thi dua", SearchFilters(province="lao cai", year=2021))) == [1]
    assert _ids(store.search("thi dua", SearchFilters(province="ca mau"))) == []
    assert _ids(store.search("thi dua", SearchFilters(year=2020))) == []


def test_a_filter_without_words_matches_nothing(filled):
    assert filled.search("ke hoach", SearchFilters(province="---")) == []
    assert filled.search("", SearchFilters(award="!")) == []


def test_award_filters_match_within_one_form(store, plans):
    doc = _doc(1, "Kế hoạch thi đua")
    awards = [{"form": "Bằng khen", "count": 2}, {"form": "Giấy khen", "count": 9}]
    store.save(doc, plans.restored(doc), plans.extraction(awards=awards))
    assert _ids(store.search("ke hoach", SearchFilters(award="khen"))) == [1]
    assert _ids(store.search("ke hoach", SearchFilters(award="giay khen"))) == [1]
    assert (
        _ids(store.search("ke hoach", SearchFilters(award="khen giay"))) == []
    )  # the end of one form, the start of the next
    assert _ids(store.search("", SearchFilters(award="khen giay"))) == []


def test_postgres_filters_are_tested_on_the_index_row(filled):
    """The index row holds the filter keys: no candidate costs a probe of `documents` or `awards`."""
    if filled.backend.name != "postgresql":
        pytest.skip("PostgreSQL plan")
    from thidua.corpus import recency, wordcounts
    from thidua.corpus.backends import pgrank
    from thidua.corpus.filters import conditions
    from thidua.corpus.query import parse

    wanted = SearchFilters("dong thap", 2024, "Hướng dẫn", "giao duc", "giay khen", "2024-09", "2024")
    parsed = parse("ke hoach")
    f = conditions(wanted, filled.backend.filter_table())
    bound = wordcounts.bound_sql(parsed.terms, "c.counts", "c.rank_length")
    sql = pgrank.span_sql(parsed, f, recency.Span(0, 2**31 - 1, None), bound)
    assert " documents " not in sql and " awards " not in sql
    hits = filled.search("ke hoach", wanted)
    assert _ids(hits) == [3]


def test_phrases_need_adjacent_words(store, plans):
    texts = {
        1: "Đẩy mạnh cải cách hành chính trong toàn tỉnh",
        2: "Cải cách thủ tục; hành chính công được rà soát",  # every word, never adjacent
        3: "Chính hành cách cải",
        4: "Hành chính cải cách, rồi cải cách hành chính lần nữa",
    }
    for n, body in texts.items():
        doc = _doc(n, body)
        store.save(doc, plans.restored(doc), plans.extraction())
    assert sorted(_ids(store.search('"cai cach hanh chinh"'))) == [1, 4]
    assert sorted(_ids(store.search('"cải cách hành chính" OR "chinh hanh"'))) == [1, 3, 4]
    assert sorted(_ids(store.search('"hanh chinh cong" OR "cach cai"'))) == [2, 3]
    assert sorted(_ids(store.search('"cai cach" OR chinh'))) == [1, 2, 3, 4]  # a one-word alternative
    assert sorted(_ids(store.search('"cai cach" -"cach hanh"'))) == [2]


def test_postgres_pair_signatures_hold_every_pair_the_parser_numbers_adjacent(store):
    """A phrase is only ruled out by its signature when PostgreSQL's positions say it is absent."""
    if store.backend.name != "postgresql":
        pytest.skip("PostgreSQL only")
    import random

    from sqlalchemy import text

    from thidua.corpus import signature

    rng = random.Random(7)
    words = ["kế", "hoạch", "thi", "đua", "2025", "m3", "qh13", "4g", "19cm", "2e4", "e5", "0e0", "pc08"]
    for n in range(8):
        odd = ["1e5x"] if n == 7 else []  # the parser splits it: that document gets no signature
        store.save(_doc(n, " ".join(rng.choices(words, k=80) + odd)))
    with store.engine.connect() as conn:
        signatures = dict(conn.execute(text("SELECT document_id, pairs FROM search_index")).all())
        positions = conn.execute(
            text("SELECT document_id, p, w.lexeme FROM search_index, unnest(tsv) w, unnest(w.positions) p")
        ).all()
    assert sum(s is None for s in signatures.values()) == 1
    at = {(doc, p): lexeme for doc, p, lexeme in positions}
    checked = 0
    for (doc, p), first in at.items():
        second = at.get((doc, p + 1))
        if second is None or signatures[doc] is None:
            continue
        for bit in signature.phrase_bits([first, second]):
            assert signatures[doc][bit >> 3] >> (bit & 7) & 1, (first, second)
            checked += 1
    assert checked > 400
    found = {h.sha256 for h in store.search('"thi dua" OR "m3 qh13"', limit=50)}
    with store.engine.connect() as conn:
        expected = conn.execute(
            text(
                "SELECT d.sha256 FROM documents d JOIN search_index s ON s.document_id = d.id "
                "WHERE s.tsv @@ to_tsquery('thidua_fold', '(thi <-> dua) | (m3 <-> qh13)')"
            )
        ).scalars()
        assert found == set(expected) and found


def test_postgres_word_count_bounds_never_fall_below_ts_rank(store):
    """The sketch's score is a ceiling of ts_rank's, and close to it: pre-ranking by it loses nothing."""
    if store.backend.name != "postgresql":
        pytest.skip("PostgreSQL only")
    import random

    from sqlalchemy import text

    from thidua.corpus import wordcounts

    rng = random.Random(11)
    vocabulary = [f"t{n}" for n in range(400)] + ["thi", "dua", "2025", "qh13"]
    for n in range(12):
        words = rng.choices(
            vocabulary, weights=[1 / (r + 1) for r in range(len(vocabulary))], k=rng.randint(50, 4000)
        )
        extra = ["dua"] * 300 if n == 3 else (["1e5x"] if n == 5 else [])  # 255 positions kept; no sketch
        store.save(_doc(n, " ".join(words + extra)))
    cnt_length = "(SELECT sum(coalesce(array_length(positions, 1), 1)) FROM unnest(tsv))"
    with store.engine.connect() as conn:
        lengths = conn.execute(text(f"SELECT rank_length, {cnt_length} FROM search_index")).all()
        assert sum(length is None for length, _ in lengths) == 1
        assert all(length == expected for length, expected in lengths if length is not None)
        ratios = []
        for _ in range(40):
            terms = sorted(set(rng.sample(vocabulary[:60], rng.randint(1, 4)) + rng.sample(vocabulary, 1)))
            bound = wordcounts.bound_sql(terms, "counts", "rank_length")
            rank = "ts_rank(tsv, to_tsquery('thidua_fold', :q), 1)"
            rows = conn.execute(
                text(f"SELECT {bound}, {rank} FROM search_index WHERE counts IS NOT NULL"),
                {"q": " | ".join(terms)},
            ).all()
            for ceiling, score in rows:
                assert ceiling >= score, terms
                ratios += [ceiling / score] if score else []
    ratios.sort()
    assert len(ratios) > 300 and ratios[len(ratios) // 2] < 1.005 and ratios[int(len(ratios) * 0.9)] < 1.01


def test_postgres_pre_ranking_finds_ts_rank_top_hits(store, monkeypatch):
    """Ranking the best few by their bound gives ts_rank's hits, or ranks everything when it cannot tell."""
    if store.backend.name != "postgresql":
        pytest.skip("PostgreSQL only")
    import random

    from thidua.corpus import wordcounts
    from thidua.corpus.backends import pgrank

    rng = random.Random(4)
    for n in range(40):
        repeats = " ".join(["an ninh"] * rng.randint(1, 30) + ["khen thưởng"] * rng.randint(0, 5))
        filler = " ".join(
            rng.choices(["kế", "hoạch", "năm", "tổ", "chức", "đơn", "vị"], k=rng.randint(20, 600))
        )
        store.save(_doc(n, f"{repeats} {filler}" if n % 10 else "an ninh khen thưởng"))  # 4 alike: ties
    monkeypatch.setattr(pgrank, "RERANK_EXTRA", 0)
    exact_only = []
    real = pgrank.ranked_spans
    monkeypatch.setattr(pgrank, "ranked_spans", lambda *a: exact_only.append(a[3] is None) or real(*a))
    queries = ["an ninh", "khen thuong", "an ninh khen thuong", '"ninh khen"', "an ninh -to"]

    def hits(limit: int) -> list[list[tuple[str, float]]]:
        return [[(h.sha256, h.score) for h in store.search(q, limit=limit)] for q in queries]

    pre_ranked = {limit: hits(limit) for limit in (1, 3, 5, 50)}
    assert exact_only.count(False) == 20
    assert any(exact_only)  # the tied documents leave the bound unable to vouch: everything is ranked
    monkeypatch.setattr(wordcounts, "bound_sql", lambda *a: None)
    assert {limit: hits(limit) for limit in (1, 3, 5, 50)} == pre_ranked


def test_a_province_named_with_its_level_finds_what_its_name_finds(store, plans):
    for n, province in enumerate(["Đồng Tháp", "Hà Nội", "Hồ Chí Minh", "Phú Thọ"]):
        doc = plans.document(n, body="thi đua")
        store.save(doc, plans.restored(doc), plans.extraction(province=province))
    named = {
        "Đồng Tháp": ["Tỉnh Đồng Tháp", "tinh dong thap", "TỈNH ĐỒNG THÁP"],
        "Hà Nội": ["Thành phố Hà Nội", "thanh pho ha noi", "TP Hà Nội"],
        "Hồ Chí Minh": ["TP. Hồ Chí Minh", "T.P. Hồ Chí Minh", "tp ho chi minh"],
    }
    for name, forms in named.items():
        [hit] = store.search("thi dua", SearchFilters(province=name))
        for form in forms:
            assert [h.sha256 for h in store.search("thi dua", SearchFilters(province=form))] == [hit.sha256]
            assert [h.sha256 for h in store.search("", SearchFilters(province=form))] == [hit.sha256]
    assert store.search("thi dua", SearchFilters(province="Tỉnh")) == []  # a level alone names nothing
