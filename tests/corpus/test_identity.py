"""One document, many copies: a text export and a scan of the same plan are one logical document."""

from __future__ import annotations

import re

from thidua.corpus import browse, open_store
from thidua.corpus.identity import group, identity, same_document


def test_copies_match_through_ocr_noise_but_neighbouring_numbers_do_not() -> None:
    text = identity("169/KH-UBND", "2025-02-21", "Ủy ban nhân dân tỉnh An Giang")
    scan = identity("169 /KH-UBNĐ", "2025-02-21", "Uy ban nhan dan tinh An Giang")
    lost_issuer = identity("169/KH-UBND", "2025-02-21", None)
    assert text and scan and lost_issuer
    assert same_document(text, scan) and same_document(text, lost_issuer)
    assert not same_document(text, identity("168/KH-UBND", "2025-02-21", "Ủy ban nhân dân tỉnh An Giang"))
    assert not same_document(text, identity("169/KH-UBND", "2025-02-22", "Ủy ban nhân dân tỉnh An Giang"))
    assert not same_document(text, identity("169/KH-UBND", "2025-02-21", "Sở Nội vụ"))
    assert identity(None, "2025-02-21", "x") is None and identity("169/KH", "2025-02", "x") is None


def test_group_links_each_copy_to_the_first() -> None:
    rows = [(3, "5/KH", "2025-01-02", "A"), (1, "5/KH", "2025-01-02", "A"), (2, "6/KH", "2025-01-02", "A")]
    assert group(rows) == {1: 1, 2: 2, 3: 1}


def test_search_and_its_counts_show_a_document_once_with_its_copies(store_url: str, plans) -> None:
    store = open_store(store_url)
    try:
        text_copy, scan_copy, other = plans.document(1), plans.document(2), plans.document(3)
        store.save(text_copy, plans.restored(text_copy), plans.extraction(number="12/KH-UBND"))
        store.save(scan_copy, plans.restored(scan_copy), plans.extraction(number="12 /KH-UBNĐ"))
        store.save(other, plans.restored(other), plans.extraction(number="13/KH-UBND"))
        hits = store.search("phát động", limit=10)
        assert len(hits) == 2
        assert sorted(hit.copies for hit in hits) == [1, 2]
        listed = store.search("", limit=10)
        assert len(listed) == 2
    finally:
        store.close()


def test_exports_keep_every_copy_and_name_the_first(store_url: str, plans, tmp_path) -> None:
    import json

    import pandas as pd

    store = open_store(store_url)
    try:
        first, second = plans.document(1), plans.document(2)
        store.save(first, plans.restored(first), plans.extraction(number="40/KH-UBND"))
        store.save(second, plans.restored(second), plans.extraction(number="40/KH-UBNĐ"))
        (jsonl,) = store.export("jsonl", tmp_path / "out.jsonl")
        lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
        assert [line["copy_of"] for line in lines] == [first.sha256, first.sha256]
        tables = store.export("csv", tmp_path / "tables")
        frame = pd.read_csv(next(p for p in tables if p.name == "documents.csv"), dtype=str)
        assert list(frame["copy_of"]) == [first.sha256, first.sha256]
    finally:
        store.close()


def test_facets_count_a_document_once(store_url: str, plans) -> None:
    store = open_store(store_url)
    try:
        for n, number in enumerate(["50/KH-UBND", "50 /KH-UBND", "51/KH-UBND"]):
            doc = plans.document(n)
            store.save(doc, plans.restored(doc), plans.extraction(number=number, province="Huế"))
        counts = browse.facets(store)
        assert counts["total"] == 2
        assert counts["province"] == [{"value": "Huế", "count": 2}]
    finally:
        store.close()


def test_the_cli_search_says_how_many_copies_are_stored(tmp_path) -> None:
    from typer.testing import CliRunner

    from thidua.cli import app

    folder = tmp_path / "in"
    folder.mkdir()
    header = (
        "ỦY BAN NHÂN DÂN\nTỈNH AN GIANG\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 169/KH-UBND\nAn Giang, ngày 21 tháng 02 năm 2025\n\nKẾ HOẠCH\nPhát động phong trào thi đua"
    )
    (folder / "export.txt").write_text(header + "\n", encoding="utf-8")
    (folder / "scan.txt").write_text(header + " năm 2025\n", encoding="utf-8")  # another copy's reading
    db = str(tmp_path / "c.db")
    runner = CliRunner()
    assert runner.invoke(app, ["run", str(folder), "--db", db]).exit_code == 0
    result = runner.invoke(app, ["search", "phát động", "--db", db])
    assert result.exit_code == 0, result.output
    hit_lines = [line for line in result.output.splitlines() if re.match(r"\s*-?\d+\.\d{3}  ", line)]
    assert len(hit_lines) == 1 and hit_lines[0].endswith("(2 copies stored)")
