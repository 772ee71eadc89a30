"""The signature block: a rank printed before the signer's name is not part of the name."""

from __future__ import annotations

import pytest

from thidua.extract import extract

PLAN = """BỘ CHỈ HUY QUÂN SỰ TỈNH QUẢNG TRỊ
Số: 12/KH-BCH
Quảng Trị, ngày 02 tháng 4 năm 2026
KẾ HOẠCH
Thi đua huấn luyện giỏi năm 2026
I. MỤC ĐÍCH
Động viên cán bộ, chiến sĩ thi đua huấn luyện giỏi.
Nơi nhận:
- Các đơn vị;
- Lưu: VT.
CHỈ HUY TRƯỞNG
{rank}Nguyễn Văn Bình
"""


@pytest.mark.parametrize("rank", ["", "Đại tá ", "Thượng tá ", "Thiếu tướng "])
def test_signer_name_without_rank(rank: str) -> None:
    signer = extract(PLAN.format(rank=rank)).record["signer"]
    assert signer["name"] == "Nguyễn Văn Bình"
    assert signer["title"] == "CHỈ HUY TRƯỞNG"


def test_a_plan_without_a_recipients_block_keeps_its_body_fields() -> None:
    from thidua.extract import extract

    text = (
        "KẾ HOẠCH\nTổ chức phong trào thi đua năm 2025\n\nI. MỤC ĐÍCH\n"
        "- Các đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 30/11 hằng năm.\n"
        "- Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 05 tập thể.\n"
    )
    record = extract(text).record
    assert [d["date"] for d in record["deadlines"]] == ["--11-30"]
    assert [a["form"] for a in record["awards"]] == ["Bằng khen"]
