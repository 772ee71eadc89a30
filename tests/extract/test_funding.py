"""Funding: the `Kinh phí …` sentence and its source, not a wrapped line that starts with the words."""

from __future__ import annotations

from thidua.extract import funding
from thidua.extract.text import Text


def test_funding_sentence_and_source(plan) -> None:
    doc, _ = plan
    found = funding.parse_funding(doc, 0, len(doc.raw))
    assert found is not None and found["source"] == "nguồn ngân sách tỉnh năm 2025"


def test_a_wrapped_line_is_no_funding_sentence() -> None:
    doc = Text("Các đơn vị chủ động bố trí\nkinh phí cho hoạt động tuyên truyền của đơn vị mình.")
    assert funding.parse_funding(doc, 0, len(doc.raw)) is None
