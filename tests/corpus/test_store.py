"""Storage: schema versioning, idempotent saves, versioned restored texts, flattening, failures."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from thidua.corpus import SearchFilters, open_store
from thidua.corpus.migrations import SCHEMA_VERSION
from thidua.errors import StorageError
from thidua.types import Edit, Page, Provenance, RestoredText, Word


def test_migrations_record_the_schema_version(store, store_url):
    assert store.schema_version() == SCHEMA_VERSION
    again = open_store(store_url)  # reopening runs no migration twice
    assert again.schema_version() == SCHEMA_VERSION
    assert again.counts()["documents"] == 0
    again.close()


def test_has_extraction_only_after_a_full_save(store, plans):
    doc = plans.document(1)
    store.save(doc)  # what `thidua ingest` stores
    assert store.has_document(doc.sha256)
    assert not store.has_extraction(doc.sha256)
    store.save(doc, plans.restored(doc), plans.extraction())
    assert store.has_extraction(doc.sha256)


def test_a_stored_document_reads_back_as_ingested(store, plans):
    doc = plans.document(2, pages=3)
    ocr = Provenance("ocr", "tesseract 5.3.0", "vie", 91.5, needs_restoration=True, notes="deskewed 1.2°")
    doc.pages[0] = Page(1, doc.pages[0].text, ocr, [Word("KẾ", 10, 20, 30, 12, 96.0)])
    store.save(doc)
    assert store.document(doc.sha256) == doc
    assert store.document("0" * 63 + "f") is None


def test_save_is_idempotent_by_hash(store, plans):
    doc = plans.document(1)
    assert not store.has_document(doc.sha256)
    for _ in range(3):
        store.save(doc, plans.restored(doc), plans.extraction())
    counts = store.counts()
    assert store.has_document(doc.sha256)
    assert counts["documents"] == 1
    assert counts["pages"] == 2
    assert counts["restored_texts"] == 1
    assert counts["edits"] == 2
    assert counts["extractions"] == 1
    assert counts["legal_bases"] == 1
    assert counts["awards"] == 1
    assert counts["deadlines"] == 1
    assert counts["targets"] == 2  # one đối tượng, one chỉ tiêu
    assert counts["signers"] == 1


def test_a_newer_pipeline_version_keeps_the_old_restored_text(store, plans):
    doc = plans.document(2)
    store.save(doc, plans.restored(doc, "1.0.0", edits=3), plans.extraction(number="1/KH"))
    better = RestoredText(doc.text, doc.text.replace("KẾ HOẠCH", "KẾ HOẠCH mới"), [], "2.0.0")
    store.save(doc, better, plans.extraction(number="2/KH"))
    counts = store.counts()
    assert counts["documents"] == 1
    assert counts["restored_texts"] == 2
    assert counts["edits"] == 3  # the old version's edits survive
    assert counts["extractions"] == 2
    # Search and filters follow the latest save.
    [hit] = store.search("moi")
    assert hit.number == "2/KH"
    # Re-running the same version replaces it (and its edits) in place.
    store.save(doc, plans.restored(doc, "1.0.0", edits=1), plans.extraction(number="3/KH"))
    counts = store.counts()
    assert counts["restored_texts"] == 2
    assert counts["edits"] == 1
    assert counts["extractions"] == 2
    assert store.search("ke hoach")[0].number == "3/KH"


def test_ingest_only_save_keeps_the_restored_text(store, plans):
    doc = plans.document(3)
    restored = RestoredText(doc.text, doc.text + "\nđã phục hồi", [Edit(0, 1, "K", "K", 1.0)], "1.0.0")
    store.save(doc, restored, plans.extraction())
    store.save(doc)  # e.g. `thidua ingest --force` of the same file
    assert store.counts()["restored_texts"] == 1
    assert [h.sha256 for h in store.search("da phuc hoi")] == [doc.sha256]


def test_document_without_restored_text_is_searchable_by_its_pages(store, plans):
    doc = plans.document(4, body="bảo vệ môi trường")
    store.save(doc)
    [hit] = store.search("moi truong")
    assert hit.sha256 == doc.sha256
    assert "«môi» «trường»" in hit.snippet
    assert hit.number is None  # no extraction yet


def test_pages_and_provenance_are_stored(store, plans):
    from sqlalchemy import select

    from thidua.corpus.schema import documents, pages

    doc = plans.document(5, pages=3)
    store.save(doc)
    with store.engine.connect() as conn:
        row = conn.execute(select(documents).where(documents.c.sha256 == doc.sha256)).one()
        texts = conn.execute(select(pages.c.number, pages.c.text).order_by(pages.c.number)).all()
    assert (row.format, row.page_count, row.methods, row.source_path) == (
        "pdf",
        3,
        "text-layer",
        "/in/plan-5.pdf",
    )
    assert [t.text for t in texts] == [p.text for p in doc.pages]


def test_failures_are_recorded(store):
    store.record_failure("/in/broken.pdf", "not a PDF", None)
    store.record_failure("/in/locked.pdf", "encrypted", "ab" * 32)
    assert store.counts()["failures"] == 2


def test_malformed_record_values_do_not_break_flattening(store, plans):
    doc = plans.document(6)
    odd = plans.extraction(
        issued_date="2024",
        awards=[{"form": "Giấy khen", "count": "nhiều"}, "not an object"],
        deadlines=None,
        signer="not an object",
        quantitative_targets=[{"text": "x", "value": "12,5", "unit": None}],
    )
    store.save(doc, plans.restored(doc), odd)
    counts = store.counts()
    assert (counts["awards"], counts["deadlines"], counts["signers"]) == (1, 0, 0)
    assert [h.sha256 for h in store.search("", SearchFilters(year=2024))] == [doc.sha256]


def test_bad_locations_raise_storage_errors(tmp_path: Path):
    with pytest.raises(StorageError, match="does not exist"):
        open_store(str(tmp_path / "missing" / "x.db"))
    with pytest.raises(StorageError, match="folder"):
        open_store(str(tmp_path))
    with pytest.raises(StorageError, match="unsupported"):
        open_store("mysql://localhost/x")
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StorageError, match=str(junk)):
        open_store(str(junk))


def test_a_newer_schema_is_refused(store_url):
    from sqlalchemy import insert

    from thidua.corpus.schema import schema_version

    store = open_store(store_url)
    with store.engine.begin() as conn:
        conn.execute(insert(schema_version).values(version=SCHEMA_VERSION + 1, applied_at=datetime.now(UTC)))
    store.close()
    with pytest.raises(StorageError, match="newer"):
        open_store(store_url)


def test_url_forms(tmp_path: Path):
    from thidua.corpus.database import parse_url

    store = open_store(f"sqlite:///{tmp_path}/a.db")
    store.close()
    assert (tmp_path / "a.db").exists()
    assert parse_url("campaigns.db").database == "campaigns.db"
    assert parse_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert parse_url("postgresql+psycopg://u@h/db").drivername == "postgresql+psycopg"


def test_sqlite_uses_wal(tmp_path: Path):
    store = open_store(str(tmp_path / "wal.db"))
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()


def test_reindex_rebuilds_the_search_index(store, plans):
    from sqlalchemy import text

    for n in range(3):
        doc = plans.document(n, body="an ninh Tổ quốc")
        store.save(doc, plans.restored(doc), plans.extraction(issued_date=f"202{n}-03-04"))
    store.save(plans.document(7, body="an ninh"))  # no restored text: indexed from its pages
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM search_index"))
    assert store.search("an ninh") == []
    assert store.reindex(batch=2) == 4
    assert len(store.search("an ninh")) == 4
    assert [
        h.issued_date
        for h in store.search("to quoc", SearchFilters(date_from="2021-03", date_to="2021-03-31"))
    ] == ["2021-03-04"]


def test_later_versions_keep_version_1_documents_searchable(store_url, plans, monkeypatch):
    """PostgreSQL moved the filter keys from `meta` into the tsvector, beside a recency block (v2),
    and added the signatures that `reindex` fills (v2, v3)."""
    from sqlalchemy import text

    from thidua.corpus import migrations
    from thidua.corpus.backends.postgresql import PostgreSQL
    from thidua.corpus.indexing import Entry

    def v1_index(self: PostgreSQL, conn, rows: list[Entry]) -> None:  # what version 1 wrote
        for entry in rows:
            conn.execute(
                text(
                    "INSERT INTO search_index (document_id, tsv, meta) VALUES "
                    "(:id, to_tsvector('thidua_fold', :body), to_tsvector('simple', :meta))"
                ),
                {"id": entry.id, "body": " ".join(entry.words), "meta": entry.meta.replace("_", "")},
            )

    monkeypatch.setattr(migrations, "MIGRATIONS", migrations.MIGRATIONS[:1])
    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 1)
    monkeypatch.setattr(PostgreSQL, "write_index", v1_index)
    with open_store(store_url) as old:
        for n, province in enumerate(["Huế", "Đồng Tháp", "Huế"]):
            doc = plans.document(n, body=f"an ninh tổ quốc {n}")
            old.save(doc, plans.restored(doc), plans.extraction(province=province))
        assert old.schema_version() == 1
    monkeypatch.undo()
    with open_store(store_url) as new:
        assert new.schema_version() == SCHEMA_VERSION >= 4
        assert sorted(h.source_path for h in new.search("an ninh", SearchFilters(province="hue"))) == [
            "/in/plan-0.pdf",
            "/in/plan-2.pdf",
        ]
        assert len(new.search("to quoc")) == 3
        assert (
            len(new.search("to quoc", SearchFilters(award="bang khen", year=2025, date_from="2025-02"))) == 3
        )
        assert new.search("to quoc", SearchFilters(award="giay khen")) == []
        if new.backend.name == "postgresql":
            with new.engine.connect() as conn:
                marks = conn.execute(
                    text("SELECT array_agg(lexeme) FROM search_index, unnest(tsv) WHERE lexeme LIKE '#%'")
                ).scalar_one()
            assert {"#b0", "#phue", "#pdong", "#pthap"} <= set(marks)
            unsigned = "SELECT count(*) FROM search_index WHERE pairs IS NULL OR counts IS NULL"
            with new.engine.connect() as conn:
                assert conn.execute(text(unsigned)).scalar_one() == 3  # phrases still found, unnarrowed
            before = [(h.source_path, h.score) for h in new.search('"ninh to quoc"')]  # ranked by ts_rank
            assert len(before) == 3
            assert new.reindex() == 3
            with new.engine.connect() as conn:
                assert conn.execute(text(unsigned)).scalar_one() == 0
            assert [(h.source_path, h.score) for h in new.search('"ninh to quoc"')] == before
        assert len(new.search('"ninh to quoc"')) == 3


def test_save_many_indexes_each_document_as_last_saved(store, plans, monkeypatch):
    """A batch writes its search-index entries together, with the text and filter keys it leaves."""
    from thidua.corpus import indexing

    monkeypatch.setattr(indexing, "IN_LIMIT", 1)  # keys read in several IN lists
    first, second = plans.document(1, body="an ninh"), plans.document(2, body="quốc phòng")
    again = plans.document(1, body="chuyển đổi số")
    items = [
        (first, plans.restored(first), plans.extraction(province="Huế")),
        (second, plans.restored(second), None),
        (again, plans.restored(again), plans.extraction(province="Cà Mau")),
    ]
    assert store.save_many(items) == 3
    assert store.counts()["documents"] == 2
    assert store.search("an ninh") == []
    assert [h.sha256 for h in store.search("chuyen doi so", SearchFilters(province="ca mau"))] == [
        first.sha256
    ]
    assert store.search("chuyen doi so", SearchFilters(province="hue")) == []
    assert [h.sha256 for h in store.search("quoc phong")] == [second.sha256]


def test_page_analysis_survives_storage_so_a_resumed_document_keeps_its_flags(store_url: str, plans) -> None:
    from thidua.types import Mark, Region

    doc = plans.document(71)
    page = doc.pages[0]
    page.regions = [Region("header-left", (10, 20, 300, 80)), Region("body", (10, 120, 900, 1200))]
    page.marks = [Mark("received", "ĐẾN Ngày 12/3", (700, 30, 200, 90), "2025-03-12")]
    page.uncertain = [(4, 9)]
    with open_store(store_url) as store:
        store.save(doc)
        back = store.document(doc.sha256)
    assert back is not None
    assert back.pages[0].regions == page.regions
    assert back.pages[0].marks == page.marks
    assert back.pages[0].uncertain == [(4, 9)]
    assert back.uncertain_spans() == doc.uncertain_spans()
    assert back.pages[1].regions == [] and back.pages[1].marks == []


def test_schema_7_fills_the_award_keys_of_stored_documents(store_url, plans):
    from sqlalchemy import text

    awards = [{"form": "Giấy khen"}, {"form": "Bằng khen"}, {"form": "Giấy khen"}]
    with open_store(store_url) as old:
        for n, forms in enumerate([awards, [{"form": "Cờ thi đua"}], []]):
            doc = plans.document(n, body="thi đua")
            old.save(doc, plans.restored(doc), plans.extraction(awards=forms))
        with old.engine.begin() as conn:  # as a schema 6 database left them
            conn.execute(text("UPDATE documents SET award_keys = NULL"))
            conn.execute(text("DELETE FROM schema_version WHERE version >= 7"))
    with open_store(store_url) as new:
        assert new.schema_version() == SCHEMA_VERSION
        with new.engine.connect() as conn:
            keys = conn.execute(text("SELECT award_keys FROM documents ORDER BY id")).scalars().all()
        assert keys == ["bang khen | giay khen", "co thi dua", None]
        first = plans.document(0).sha256
        assert [h.sha256 for h in new.search("", SearchFilters(award="bằng khen"))] == [first]
        assert [h.sha256 for h in new.search("thi dua", SearchFilters(award="Bằng khen"))] == [first]
        assert new.search("", SearchFilters(award="khen bang")) == []  # no match across two forms
