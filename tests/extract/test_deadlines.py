"""Deadlines: exact and yearly dates, the action before the date and the body reported to."""

from __future__ import annotations

from thidua.extract import deadlines
from thidua.extract.text import Text


def test_dated_duties_with_recipient(plan) -> None:
    doc, _ = plan
    found = deadlines.parse_deadlines(doc, 0, len(doc.raw), "2025")
    assert [(d["date"], d["recurring"], d["recipient"]) for d in found] == [
        ("2025-11-15", False, "Ủy ban nhân dân tỉnh"),
        ("--06-30", True, "Sở Nội vụ"),
    ]
    assert found[1]["action"] == "báo cáo sơ kết về Sở Nội vụ"


def test_joined_dates_are_two_deadlines_and_a_parenthesis_does_not_end_the_clause() -> None:
    doc = Text(
        "Các sở, ngành định kỳ trước ngày 01/6 và 15/11 hằng năm (hoặc đột xuất khi có yêu cầu) báo cáo "
        "kết quả về Sở Nội vụ để tổng hợp.\n"
    )
    found = deadlines.parse_deadlines(doc, 0, len(doc.raw), "2025")
    assert [(d["date"], d["recurring"], d["recipient"]) for d in found] == [
        ("--06-01", True, "Sở Nội vụ"),
        ("--11-15", True, "Sở Nội vụ"),
    ]
