"""Targets: the bullets of the `Đối tượng` section, or a one-paragraph section as a whole."""

from __future__ import annotations

from thidua.extract import sections, targets
from thidua.extract.text import Text


def test_bullets_of_the_targets_section(plan) -> None:
    doc, heads = plan
    found = targets.parse_targets(doc, heads, len(doc.lines))
    assert [t["text"] for t in found] == [
        "Cán bộ, công chức các cơ quan cấp tỉnh",
        "Học sinh các trường trung học",
    ]


def test_targets_after_a_colon_on_the_heading_line() -> None:
    doc = Text("1. Đối tượng: toàn thể đoàn viên thanh niên trong tỉnh.\n2. Nội dung\n")
    found = targets.parse_targets(doc, sections.headings(doc), len(doc.lines))
    assert [t["text"] for t in found] == ["toàn thể đoàn viên thanh niên trong tỉnh"]
