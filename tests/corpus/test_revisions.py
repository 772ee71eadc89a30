"""Human revisions: stored with who/when/what they replace, used by search, filters and export, and
kept over machine re-runs; the schema 4 migration upgrades a schema 3 database in place."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from thidua.corpus import SearchFilters, open_store
from thidua.corpus.migrations import SCHEMA_VERSION
from thidua.errors import ConflictError, RevisionError
from thidua.types import RestoredText


def _seq(store, sha: str) -> int:
    return store.read(
        lambda conn: conn.execute(text("SELECT seq FROM documents WHERE sha256 = :s"), {"s": sha}).scalar()
    )


def test_a_field_correction_is_stored_with_author_and_machine_value(store, plans):
    doc = plans.document(1)
    store.save(doc, plans.restored(doc), plans.extraction(number="484/KH-CĐ"))
    seq = store.revise(doc.sha256, [{"field": "/number", "after": "484/KH-CĐĐN"}], author="lan")
    [rev] = store.history(doc.sha256)
    assert (rev.kind, rev.field, rev.before, rev.after, rev.author) == (
        "field",
        "/number",
        "484/KH-CĐ",
        "484/KH-CĐĐN",
        "lan",
    )
    assert rev.created_at is not None and rev.seq == seq == _seq(store, doc.sha256)
    [hit] = store.search("ke hoach")
    assert hit.number == "484/KH-CĐĐN"


def test_corrections_survive_a_forced_rerun_and_a_newer_pipeline(store, plans):
    doc = plans.document(2, body="nông thôn mới")
    store.save(doc, plans.restored(doc), plans.extraction(province="Đồng Tháp"))
    store.revise(doc.sha256, [{"field": "/province", "after": "Lâm Đồng"}], author="an")
    start = doc.text.index("nông")
    store.revise(doc.sha256, [{"start": start, "end": start + 4, "after": "NÔNG"}], author="an")
    for version in ("1.0.0", "2.0.0"):  # the same version again (--force), then a newer one
        store.save(doc, plans.restored(doc, version), plans.extraction(province="Đồng Tháp"))
        assert [h.sha256 for h in store.search("ke hoach", SearchFilters(province="Lâm Đồng"))] == [
            doc.sha256
        ]
        assert store.search("ke hoach", SearchFilters(province="Đồng Tháp")) == []
        assert "NÔNG thôn" in store.texts([1])[1]
    assert len(store.history(doc.sha256)) == 2
    counts = store.counts()
    assert counts["restored_texts"] == 3  # machine 1.0.0 and 2.0.0, one reviewed copy
    assert counts["extractions"] == 3


def test_export_carries_the_corrected_record_and_the_texts(store, plans, tmp_path):
    doc = plans.document(3)
    store.save(doc, plans.restored(doc), plans.extraction())
    store.revise(doc.sha256, [{"field": "/issuer", "after": "Sở Nội vụ"}], author="an")
    [out] = store.export("jsonl", tmp_path / "r.jsonl")
    [line] = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert line["extraction"]["issuer"] == "Sở Nội vụ"
    assert line["reviewed"] is True
    assert line["text"] == doc.text and line["page_texts"] == [p.text for p in doc.pages]
    store.export("csv", tmp_path / "t")
    assert "Sở Nội vụ" in (tmp_path / "t" / "documents.csv").read_text(encoding="utf-8")


def test_a_second_reviewer_on_the_same_version_gets_a_conflict(store, plans):
    doc = plans.document(4)
    store.save(doc, plans.restored(doc), plans.extraction())
    seen = _seq(store, doc.sha256)
    store.revise(doc.sha256, [{"field": "/number", "after": "1/KH"}], author="a", expected_seq=seen)
    with pytest.raises(ConflictError):
        store.revise(doc.sha256, [{"field": "/number", "after": "2/KH"}], author="b", expected_seq=seen)
    assert [r.after for r in store.history(doc.sha256)] == ["1/KH"]


def test_a_value_the_schema_refuses_is_not_stored(store, plans):
    doc = plans.document(5)
    store.save(doc, plans.restored(doc), plans.extraction())
    with pytest.raises(RevisionError):
        store.revise(doc.sha256, [{"field": "/issued_date", "after": "21 tháng 2"}], author="a")
    with pytest.raises(RevisionError):
        store.revise(doc.sha256, [{"field": "/awards/9/form", "after": "x"}], author="a")
    assert store.history(doc.sha256) == []


def test_a_stale_text_span_is_a_conflict(store, plans):
    doc = plans.document(6)
    store.save(doc, plans.restored(doc), plans.extraction())
    with pytest.raises(ConflictError):
        store.revise(doc.sha256, [{"start": 0, "end": 2, "before": "XX", "after": "YY"}], author="a")


def test_acceptance_settles_a_review_item_and_the_queue_orders_by_attention(store, plans):
    calm, busy = plans.document(7), plans.document(8)
    review = [{"field": "number", "reason": "low confidence"}, {"field": "signer", "reason": "missing"}]
    store.save(calm, plans.restored(calm, edits=0), plans.extraction())
    store.save(busy, plans.restored(busy, edits=3), plans.extraction(review=review))
    queue = store.review_queue()
    assert [item.id for item in queue.documents] == [busy.sha256]
    assert queue.documents[0].attention == 3  # two review items, one flagged edit
    store.revise(busy.sha256, [{"field": "/number", "action": "accept"}], author="a")
    assert store.review_queue().documents[0].attention == 2
    store.record_failure("/in/broken.pdf", "not a PDF")
    assert [f.path for f in store.review_queue().failures] == ["/in/broken.pdf"]


def test_the_change_feed_lists_what_changed_after_a_sequence_number(store, plans):
    docs = [plans.document(n) for n in (10, 11, 12)]
    for doc in docs:
        store.save(doc, plans.restored(doc), plans.extraction())
    mark = store.changes(0).last_seq
    assert [c.id for c in store.changes(0).items] == [d.sha256 for d in docs]
    store.revise(docs[0].sha256, [{"field": "/number", "after": "9/KH"}], author="a")
    feed = store.changes(mark)
    assert [c.id for c in feed.items] == [docs[0].sha256]
    assert feed.last_seq > mark and store.changes(feed.last_seq).items == []


def test_a_schema_3_database_upgrades_with_its_data(store_url, plans):
    store = open_store(store_url)
    doc = plans.document(20)
    store.save(doc, plans.restored(doc), plans.extraction())

    def downgrade(conn):  # what schema 3 had: no revisions, counters or schema 4 and 5 columns
        conn.execute(text("DROP TABLE revisions"))
        conn.execute(text("DROP TABLE counters"))
        conn.execute(text("DROP INDEX ix_documents_seq"))
        conn.execute(text("DROP INDEX ix_documents_logical_id"))
        for column in ("machine_restored_id", "machine_extraction_id", "seq", "attention", "logical_id"):
            conn.execute(text(f"ALTER TABLE documents DROP COLUMN {column}"))
        conn.execute(text("DELETE FROM schema_version WHERE version >= 4"))

    store.write(downgrade)
    store.close()
    upgraded = open_store(store_url)
    assert upgraded.schema_version() == SCHEMA_VERSION >= 4
    assert [c.id for c in upgraded.changes(0).items] == [doc.sha256]
    upgraded.revise(doc.sha256, [{"field": "/number", "after": "77/KH"}], author="a")
    upgraded.save(doc, RestoredText(doc.text, doc.text, [], "1.0.0"), plans.extraction())
    assert upgraded.search("ke hoach")[0].number == "77/KH"
    upgraded.close()
