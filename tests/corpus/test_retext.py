"""A text correction re-reads the machine fields through the caller's extractor (corpus.retext); field
revisions stay over them, a forced re-run keeps them, and without an extractor nothing is re-read."""

from __future__ import annotations

from thidua.corpus import SearchFilters
from thidua.types import Page, Provenance


def _reader(calls: list):
    """A stand-in extractor: the province is whichever of two names the text holds."""

    def read(text: str, uncertain: list[tuple[int, int]]) -> dict:
        calls.append((text, uncertain))
        province = "Lâm Đồng" if "Lâm Đồng" in text else "Đồng Tháp"
        return {"schema_version": "1.0", "province": province, "number": "1/KH-MACHINE", "review": []}

    return read


def test_a_text_correction_re_extracts_and_field_corrections_stay(store, plans, tmp_path):
    doc = plans.document(1, body="tỉnh Đồng Tháp")
    store.save(doc, plans.restored(doc), plans.extraction(number="1/KH"))
    store.revise(doc.sha256, [{"field": "/number", "after": "1/KH-UBND"}], author="an")
    start = doc.text.index("Đồng Tháp")
    calls: list = []
    change = {"start": start, "end": start + 9, "after": "Lâm Đồng"}
    store.revise(doc.sha256, [change], author="an", reextract=_reader(calls))
    [(text, _)] = calls
    assert "tỉnh Lâm Đồng" in text
    for _ in range(2):  # as corrected, then after a forced re-run (no extractor: the kept record)
        [hit] = store.search("ke hoach", SearchFilters(province="Lâm Đồng"))
        assert (hit.sha256, hit.number) == (doc.sha256, "1/KH-UBND")  # the human's number stays
        assert store.search("ke hoach", SearchFilters(province="Đồng Tháp")) == []
        store.save(doc, plans.restored(doc), plans.extraction(number="1/KH"))
    assert len(calls) == 1
    [path] = [p for p in store.export("csv", tmp_path) if p.name == "documents.csv"]
    assert "Lâm Đồng" in path.read_text(encoding="utf-8")

    again = doc.text.index("KẾ HOẠCH")  # a later correction with no extractor: the machine record
    store.revise(doc.sha256, [{"start": again, "end": again + 8, "after": "Kế hoạch"}], author="an")
    [hit] = store.search("ke hoach", SearchFilters(province="Đồng Tháp"))
    assert hit.number == "1/KH-UBND" and len(calls) == 1


def test_the_extractor_sees_the_unsure_spans_in_the_corrected_text(store, plans):
    doc = plans.document(2)
    page = doc.pages[0]
    unsure = page.text.index("số 2")
    doc.pages[0] = Page(1, page.text, Provenance("ocr-vie"), uncertain=[(unsure, unsure + 4)])
    store.save(doc, plans.restored(doc, edits=0), plans.extraction())
    calls: list = []
    store.revise(doc.sha256, [{"start": 0, "end": 2, "after": "Bản"}], author="an", reextract=_reader(calls))
    [(text, spans)] = calls
    assert [text[a:b] for a, b in spans] == ["số 2"]
