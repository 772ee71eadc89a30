"""Awards: what the document confers or proposes, a garbled form in an award clause, not a passing mention.

Every text here is invented in the style of the documents (no real document's text)."""

from __future__ import annotations

import pytest

from thidua.extract import extract

OPENING = """ỦY BAN NHÂN DÂN TỈNH TUYÊN QUANG
Số: 88/KH-UBND
Tuyên Quang, ngày 15 tháng 5 năm 2026
KẾ HOẠCH
Phát động thi đua chuyển đổi số năm 2026
I. MỤC ĐÍCH
Khuyến khích các cơ quan, đơn vị đẩy mạnh chuyển đổi số.
II. KHEN THƯỞNG
{body}
Nơi nhận:
- Các sở, ngành;
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hầu A Lềnh
"""


def awards(body: str) -> list[tuple[str, int | None]]:
    record = extract(OPENING.format(body=body)).record
    return [(a["form"], a["count"]) for a in record["awards"]]


@pytest.mark.parametrize("garbled", ["Bằng khem", "Bằng khcn", "Giấy khẽm"])
def test_a_garbled_form_in_an_award_clause(garbled: str) -> None:
    body = f"- Tặng {garbled} của Chủ tịch Ủy ban nhân dân tỉnh cho 04 tập thể tiêu biểu.\n"
    assert awards(body) == [(garbled.split()[0] + " khen", 4)]


def test_a_gift_is_not_an_award() -> None:
    assert awards("- Tặng quà của Chủ tịch Ủy ban nhân dân tỉnh cho 10 hộ nghèo.\n") == []


def test_a_form_named_in_a_list_of_papers_is_not_an_award() -> None:
    body = "Hồ sơ gồm: tờ khai, sổ bảo hiểm, giấy khen, bằng khen, văn bằng, chứng chỉ của người lao động.\n"
    assert awards(body) == []


def test_a_conferring_verb_on_the_line_before_still_counts() -> None:
    body = "Cuối năm, Ủy ban nhân dân tỉnh xem xét, tặng\nbằng khen cho các tập thể tiêu biểu.\n"
    assert awards(body) == [("Bằng khen", None)]


@pytest.mark.parametrize(
    ("body", "form"),
    [
        ("- Phấn đấu 70% cơ quan đạt danh hiệu Tập thể lao động xuất sắc.\n", "Tập thể lao động xuất sắc"),
        ("- Giấy khen của Giám đốc Sở Thông tin và Truyền thông.\n", "Giấy khen"),
        ("2. Danh hiệu Lao động tiên tiến cho công chức hoàn thành tốt nhiệm vụ.\n", "Lao động tiên tiến"),
    ],
)
def test_goals_and_list_items_are_awards(body: str, form: str) -> None:
    assert [f for f, _ in awards(body)] == [form]
