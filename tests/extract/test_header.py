"""Header: a text that lost its header block still names its issuer in its opening sentence."""

from __future__ import annotations

import pytest

from thidua.extract import extract_record


@pytest.mark.parametrize(
    ("opening", "issuer", "province"),
    [
        (
            "Cục Hải quan nhận được công văn số 19/CV-TT ngày 6/10/2025 của Công ty An Phú",
            "Cục Hải quan",
            None,
        ),
        (
            "Thời gian qua, Ủy ban nhân\ndân thành phố Hà Nội đã có nhiều văn bản chỉ đạo",
            "Ủy ban nhân dân thành phố Hà Nội",
            "Hà Nội",
        ),
        ("THỦ TƯỚNG CHÍNH PHỦ điện:", "Thủ tướng Chính phủ", None),
    ],
)
def test_a_headless_letter_names_its_issuer_in_its_opening(
    opening: str, issuer: str, province: str | None
) -> None:
    text = (
        f"Kính gửi:\n\n- Các sở, ngành tỉnh Đồng Tháp;\n- Công ty An Phú.\n\n{opening} về việc thực hiện.\n"
    )
    record = extract_record(text)
    assert record["issuer"] == issuer
    assert record["province"] == province


def test_a_person_or_a_listed_addressee_is_no_issuer() -> None:
    text = (
        "Kính gửi:\n\n- Sở Y tế đề nghị báo cáo;\n\n"
        "Ngày 18 tháng 11 năm 2025, Phó Thủ tướng Chính phủ Bùi Văn An đã chủ trì buổi làm việc.\n"
    )
    assert extract_record(text)["issuer"] is None
