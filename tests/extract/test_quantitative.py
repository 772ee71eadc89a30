"""Quantitative targets: percentages and `ít nhất N <unit>`, the qualifier carried to `và N <unit>`."""

from __future__ import annotations

from thidua.extract import quantitative


def test_percent_and_counted_units(plan) -> None:
    doc, _ = plan
    found = quantitative.parse_quantitative(doc, 0, len(doc.raw))
    assert [(q["value"], q["unit"]) for q in found] == [(95.0, "%"), (2.0, "mô hình"), (3.0, "mô hình")]


def test_a_zero_percent_lost_to_ocr_is_no_target() -> None:
    from thidua.extract.text import Text

    doc = Text("Phấn đấu 00% xã đạt chuẩn.")
    assert quantitative.parse_quantitative(doc, 0, len(doc.raw)) == []
