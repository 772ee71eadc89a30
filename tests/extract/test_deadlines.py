"""Deadlines: exact and yearly dates, the action before the date and the body reported to."""

from __future__ import annotations

from thidua.extract import deadlines


def test_dated_duties_with_recipient(plan) -> None:
    doc, _ = plan
    found = deadlines.parse_deadlines(doc, 0, len(doc.raw), "2025")
    assert [(d["date"], d["recurring"], d["recipient"]) for d in found] == [
        ("2025-11-15", False, "Ủy ban nhân dân tỉnh"),
        ("--06-30", True, "Sở Nội vụ"),
    ]
    assert found[1]["action"] == "báo cáo sơ kết về Sở Nội vụ"
