"""Responsible bodies: the numbered items of `Tổ chức thực hiện`, agency then duty."""

from __future__ import annotations

from thidua.extract import responsible


def test_agencies_and_their_duties(plan) -> None:
    doc, heads = plan
    found = responsible.parse_responsible(doc, heads, len(doc.lines))
    assert [r["agency"].casefold() for r in found] == ["sở nội vụ", "ủy ban nhân dân các huyện"]
    assert found[0]["role"].startswith("chủ trì theo dõi")
