"""Uncertain spans: which OCR words are marked, how spans map through restoration into extraction."""

from __future__ import annotations

from thidua import pipeline
from thidua._exec.tesseract import Line
from thidua.ingest.regions import assemble
from thidua.ingest.uncertain import uncertain_spans
from thidua.types import Document, Edit, Page, Provenance, RestoredText, Word


def _line(*words: tuple[str, float, int]) -> Line:
    return Line(1, 1, [Word(t, 0, 0, 10, h, c) for t, c, h in words])


def _spans_text(lines: list[Line], header_lines: int = 12) -> list[str]:
    text = assemble([lines])
    return [text.text[a:b] for a, b in uncertain_spans(text, header_lines)]


TYPED = [_line(("2026", 96, 28), ("19", 95, 28), ("02", 96, 28))]


def test_handwritten_number_and_date_are_marked_typed_ones_not() -> None:
    lines = [
        _line(("Số:", 95, 34), ("445", 88, 37), ("/NQ-CP", 85, 35)),  # taller than typed digits
        _line(("Hà", 96, 36), ("Nội,", 96, 36), ("ngày23", 63, 36), ("tháng", 96, 36), ("4", 96, 26)),
        _line(("Số:", 95, 34), ("3722/VPCP-CN", 92, 30)),
        *TYPED,
    ]
    assert _spans_text(lines) == ["445", "ngày23"]


def test_junk_in_the_number_blank_and_low_confidence_words_are_marked() -> None:
    lines = [
        _line(("Số:", 95, 34), ("#2", 36, 37), ("/QĐ-TTg", 90, 32)),
        _line(("Căn", 96, 30), ("cú", 20, 30)),
    ]
    assert _spans_text(lines) == ["#2", "cú"]


def test_only_low_confidence_beyond_the_header() -> None:
    lines = [_line(("Số:", 95, 34), ("#2", 60, 37), ("/QĐ-TTg", 90, 32))]
    assert _spans_text(lines, header_lines=0) == []


def test_document_spans_are_offsets_into_its_text() -> None:
    prov = Provenance("ocr-vie")
    doc = Document(
        "0" * 64,
        "x.pdf",
        "pdf",
        [Page(1, "ab cd", prov, uncertain=[(3, 5)]), Page(2, "ef", prov, uncertain=[(0, 2)])],
    )
    assert [doc.text[a:b] for a, b in doc.uncertain_spans()] == ["cd", "ef"]


def test_spans_map_through_restoration() -> None:
    original = "Can cu So: #2 /QD"
    restored = RestoredText(
        original,
        "Căn cứ Số: #2 /QĐ",
        [
            Edit(0, 3, "Can", "Căn", 1.0),
            Edit(4, 6, "cu", "cứ", 1.0),
            Edit(7, 10, "So:", "Số:", 1.0),
            Edit(14, 17, "/QD", "/QĐ", 0.9),
        ],
        "test",
    )
    assert restored.map_span(11, 13) == (11, 13)
    assert restored.map_span(7, 10) == (7, 10)
    grown = RestoredText("ab cdef", "ab cx", [Edit(3, 7, "cdef", "cx", 0.5)], "test")
    assert grown.map_offset(7) == 5 and grown.map_span(4, 5) == (3, 5)


def test_complete_passes_mapped_spans_to_extract(monkeypatch) -> None:
    seen = {}

    def fake_extract(text, uncertain=()):
        seen["spans"] = [text[a:b] for a, b in uncertain]
        return None

    restored = RestoredText(
        "Sô: #2 /QD", "Số: #2 /QĐ", [Edit(0, 3, "Sô:", "Số:", 1.0), Edit(7, 10, "/QD", "/QĐ", 1.0)], "t"
    )

    def fake_restore(text, settings=None, kinds=(), lexicon=()):
        seen["kinds"] = list(kinds)
        return restored

    monkeypatch.setattr(pipeline, "restore", fake_restore)
    monkeypatch.setattr(pipeline, "extract", fake_extract)
    doc = Document(
        "0" * 64,
        "x.pdf",
        "pdf",
        [Page(1, "Sô: #2 /QD", Provenance("ocr-vie", text_kind="ocr"), uncertain=[(4, 6)])],
    )
    pipeline.complete(doc)
    assert seen["spans"] == ["#2"]
    assert seen["kinds"] == ["ocr"]  # restoration reads the page as ingest judged it
