"""Listings with cursors, facet counts, deadline filters, one document in full, the result table."""

from __future__ import annotations

import pytest

from thidua.corpus import SearchFilters, SearchQueryError, browse


@pytest.fixture
def filled(store, plans):
    """Six plans over two provinces and three years; plan 5 has a March 2026 deadline."""
    for n in range(6):
        doc = plans.document(n, body="nông thôn mới" if n % 2 else "an ninh")
        deadline = "2026-03-15" if n == 5 else "2025-11-15"
        extraction = plans.extraction(
            province="Huế" if n < 2 else "Đồng Tháp",
            issued_date=f"{2024 + n % 3}-0{n + 1}-10",
            number=f"{n}/KH",
            deadlines=[{"date": deadline, "recurring": False, "action": "Báo cáo", "recipient": None}],
        )
        store.save(doc, plans.restored(doc), extraction)
    return store


def test_cursor_pages_cover_every_match_once(filled):
    seen, cursor, pages = [], None, 0
    while True:
        page = browse.documents(filled, "", SearchFilters(), sort="issued", cursor=cursor, limit=4)
        seen += [s.issued_date for s in page.items]
        pages += 1
        assert page.total == 6
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert pages == 2 and seen == sorted(seen, reverse=True) and len(set(seen)) == 6


def test_filters_words_and_facets_agree(filled):
    wanted = SearchFilters(province="Đồng Tháp")
    page = browse.documents(filled, "nong thon", wanted)
    assert {s.number for s in page.items} == {"3/KH", "5/KH"}
    counts = browse.facets(filled, "nong thon")
    assert counts["total"] == 3
    assert counts["province"] == [{"value": "Đồng Tháp", "count": 2}, {"value": "Huế", "count": 1}]
    assert {c["value"] for c in counts["award"]} == {"Bằng khen"}
    assert counts["deadline_month"][0] == {"value": "2026-03", "count": 1}


def test_deadline_months_filter_the_listing_and_the_search(filled):
    march = SearchFilters(deadline_from="2026-03", deadline_to="2026-03")
    assert [s.number for s in browse.documents(filled, "", march).items] == ["5/KH"]
    assert [
        h.number
        for h in filled.search("ke hoach", SearchFilters(deadline_from="2026-03", deadline_to="2026-03"))
    ] == ["5/KH"]


def test_relevance_ranks_and_a_bad_cursor_is_refused(filled):
    page = browse.documents(filled, "an ninh", sort="relevance", limit=10)
    assert len(page.items) == 3 and page.items[0].snippet and page.next_cursor is None
    with pytest.raises(SearchQueryError):
        browse.documents(filled, "", cursor="not-a-cursor")


def test_one_document_in_full_with_highlights_and_history(filled, plans):
    sha = plans.document(1).sha256
    assert browse.resolve(filled, sha) == sha and browse.resolve(filled, sha[-12:]) is None
    assert browse.resolve(filled, sha[:10]) is None  # every test hash starts 0000…: ambiguous
    filled.revise(sha, [{"start": 0, "end": 2, "after": "Kế"}], author="an")
    detail = browse.detail(filled, sha)
    assert detail.text.startswith("Kế HOẠCH")
    assert [p["number"] for p in detail.pages] == [1, 2]
    assert {s.kind for s in detail.spans} >= {"flagged", "revised"}
    assert [r.author for r in detail.history] == ["an"]
    assert detail.summary.reviewed


def test_the_result_table_holds_the_matching_documents(filled):
    table = browse.result_table(filled, "", SearchFilters(province="Huế"))
    assert sorted(table["number"]) == ["0/KH", "1/KH"]
    assert set(table["awards"]) == {"Bằng khen"}


def test_facet_counts_follow_corrections_and_new_documents(filled, plans):
    from thidua.corpus import facetindex

    assert browse.facets(filled)["total"] == 6  # the index is built here
    filled.revise(plans.document(0).sha256, [{"field": "/province", "after": "Lâm Đồng"}], author="a")
    late = plans.document(50)
    filled.save(late, plans.restored(late), plans.extraction(province="Huế", awards=[]))
    after = browse.facets(filled)  # read incrementally: two documents changed
    fresh = facetindex.FacetIndex()
    rebuilt = filled.read(lambda conn: (fresh.refresh(conn), fresh.counts(fresh.mask(None), 30))[1])
    assert after == rebuilt
    assert after["province"] == [
        {"value": "Đồng Tháp", "count": 4},
        {"value": "Huế", "count": 2},
        {"value": "Lâm Đồng", "count": 1},
    ]
    assert after["award"] == [{"value": "Bằng khen", "count": 6}] and after["total"] == 7
    assert browse.facets(filled, "nong thon", SearchFilters(province="Huế"))["total"] == 1
    assert browse.facets(filled, "-nong")["total"] == 0


def test_recurring_deadlines_have_no_month_facet(store, plans):
    doc = plans.document(60)
    yearly = [{"date": "--09-30", "recurring": True, "action": "Báo cáo", "recipient": None}]
    store.save(doc, plans.restored(doc), plans.extraction(deadlines=yearly))
    assert browse.facets(store)["deadline_month"] == []


def test_listings_and_facets_take_a_province_with_its_level(filled):
    plain = browse.documents(filled, "", SearchFilters(province="Đồng Tháp"))
    leveled = browse.documents(filled, "", SearchFilters(province="Tỉnh Đồng Tháp"))
    assert plain.total > 0 and [s.id for s in leveled.items] == [s.id for s in plain.items]
    assert browse.facets(filled, "", SearchFilters(province="tinh dong thap"))["total"] == plain.total


@pytest.mark.parametrize(
    "wanted",
    [
        SearchFilters(province="Đồng Tháp"),
        SearchFilters(province="thap", year=2025),
        SearchFilters(issuer="ủy ban nhân dân tỉnh"),
        SearchFilters(issuer="tinh dong"),
        SearchFilters(year=2026),
        SearchFilters(province="Huế", issuer="Đồng Tháp"),
    ],
)
def test_filters_the_index_decides_match_their_sql_conditions(filled, wanted):
    """Province, issuer and year filters are answered by the index alone where it is exact."""
    from sqlalchemy import text

    from thidua.corpus.filters import conditions

    f = conditions(wanted, "d")
    sql = f"SELECT d.sha256 FROM documents d WHERE 1 = 1{f.sql}"
    expected = filled.read(lambda conn: sorted(conn.execute(text(sql), f.params).scalars()))
    browse.forget_matches()
    listed = browse.documents(filled, "", wanted, limit=100)
    assert sorted(s.id for s in listed.items) == expected and listed.total == len(expected)
    worded = browse.documents(filled, "ke hoach", wanted, limit=100)
    assert worded.total == len(expected)
