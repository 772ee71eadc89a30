"""Exports: JSONL records (schema-valid when extract's schema exists) and flattened CSV/Parquet tables."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from thidua.errors import StorageError

SCHEMA = Path(__file__).resolve().parents[2] / "extract" / "schema.json"


@pytest.fixture
def exported(store, plans):
    for n in range(3):
        doc = plans.document(n)
        store.save(doc, plans.restored(doc), plans.extraction(number=f"{n}/KH-UBND"))
    store.save(plans.document(9))  # ingested only: no extraction
    return store


def test_jsonl_has_one_record_per_document(exported, tmp_path):
    [path] = exported.export("jsonl", tmp_path / "out.jsonl")
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 4
    assert [line["extraction"]["number"] for line in lines[:3]] == ["0/KH-UBND", "1/KH-UBND", "2/KH-UBND"]
    assert lines[3]["extraction"] is None
    assert {"sha256", "source_path", "format", "pages", "pipeline_version", "schema_version"} <= set(lines[0])
    assert lines[0]["extraction"]["awards"][0]["form"] == "Bằng khen"


def test_jsonl_records_validate_against_the_extract_schema(store, plans, tmp_path):
    if not SCHEMA.exists():
        pytest.skip("extract/schema.json not written yet")
    import jsonschema

    from thidua.extract import extract
    from thidua.normalize import restore

    doc = plans.document(1, body="bảo vệ an ninh Tổ quốc năm 2025")
    restored = restore(doc.text)
    store.save(doc, restored, extract(restored.text))  # a record the real extractor produced
    [path] = store.export("jsonl", tmp_path)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    [line] = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines()]
    jsonschema.validate(line["extraction"], schema)


def test_tables_are_flattened(exported, tmp_path):
    written = exported.export("csv", tmp_path / "csv")
    names = sorted(p.name for p in written)
    assert names == sorted(
        f"{t}.csv" for t in ("documents", "legal_bases", "awards", "deadlines", "targets", "signers")
    )
    docs = pd.read_csv(tmp_path / "csv" / "documents.csv")
    assert len(docs) == 4
    assert sorted(docs["number"].dropna()) == ["0/KH-UBND", "1/KH-UBND", "2/KH-UBND"]
    awards = pd.read_csv(tmp_path / "csv" / "awards.csv")
    assert list(awards["form"]) == ["Bằng khen"] * 3
    assert list(awards["count"]) == [5, 5, 5]
    assert set(awards["sha256"]) == set(docs["sha256"][docs["number"].notna()])
    targets = pd.read_csv(tmp_path / "csv" / "targets.csv")
    assert sorted(targets["kind"]) == ["quantitative"] * 3 + ["target"] * 3
    signers = pd.read_csv(tmp_path / "csv" / "signers.csv")
    assert list(signers["capacity"]) == ["KT. CHỦ TỊCH"] * 3


def test_parquet_matches_csv(exported, tmp_path):
    exported.export("csv", tmp_path / "csv")
    exported.export("parquet", tmp_path / "pq")
    for table in ("documents", "legal_bases", "awards", "deadlines", "targets", "signers"):
        frame = pd.read_parquet(tmp_path / "pq" / f"{table}.parquet")
        assert len(frame) == len(pd.read_csv(tmp_path / "csv" / f"{table}.csv")), table
    legal = pd.read_parquet(tmp_path / "pq" / "legal_bases.parquet")
    assert list(legal["name"]) == ["Luật Thi đua"] * 3


def test_default_output_is_exports_here(exported, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    [path] = exported.export("jsonl", None)
    assert path == Path("exports") / "campaigns.jsonl"
    assert (tmp_path / path).exists()


def test_bad_format_and_unwritable_output(exported, tmp_path):
    with pytest.raises(StorageError, match="xml"):
        exported.export("xml", tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError, match="cannot write"):
        exported.export("csv", blocker / "sub")


def test_parquet_columns_have_their_schema_types_with_nulls(store, plans, tmp_path):
    import pyarrow.parquet as pq

    deadlines = [
        {"date": "2025-11-15", "recurring": False, "action": "Gửi báo cáo"},
        {"date": "--12-15", "recurring": True, "action": "Báo cáo năm"},
        {"date": "2025-06-30", "recurring": None, "action": "Sơ kết"},
    ]
    awards = [{"form": "Bằng khen", "count": 5}, {"form": "Giấy khen", "count": None}]
    one, two = plans.document(1), plans.document(2)
    store.save(one, plans.restored(one), plans.extraction(deadlines=deadlines, awards=awards))
    store.save(two, plans.restored(two), plans.extraction(issued_date=None))  # no year
    store.export("parquet", tmp_path)

    def types(table: str) -> dict[str, str]:
        return {f.name: str(f.type) for f in pq.read_schema(tmp_path / f"{table}.parquet")}

    assert types("documents")["issued_year"] == types("documents")["page_count"] == "int64"
    assert types("documents")["needs_restoration"] == "bool"
    assert types("awards")["count"] == "int64" and types("deadlines")["recurring"] == "bool"
    documents = pd.read_parquet(tmp_path / "documents.parquet", dtype_backend="numpy_nullable")
    assert sorted(documents["issued_year"].tolist(), key=str) == [2025, pd.NA]
    awards_read = pd.read_parquet(tmp_path / "awards.parquet", dtype_backend="numpy_nullable")
    assert awards_read["count"].tolist() == [5, pd.NA, 5]  # the second plan: one award, 5
    read = pd.read_parquet(tmp_path / "deadlines.parquet", dtype_backend="numpy_nullable")
    assert read["recurring"].tolist() == [False, True, pd.NA, False]
