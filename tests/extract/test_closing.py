"""The signature block: capacity lines, the title above the name, the name, whatever the layout.

Every text here is invented in the style of the documents (no real document's text)."""

from __future__ import annotations

from typing import Any

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

OPENING = """ỦY BAN NHÂN DÂN TỈNH BẮC KẠN
Số: 45/KH-UBND
Bắc Kạn, ngày 10 tháng 3 năm 2026
KẾ HOẠCH
Tổ chức phong trào thi đua Dân vận khéo năm 2026
I. MỤC ĐÍCH, YÊU CẦU
Phát huy vai trò của các cơ quan, đơn vị trong công tác dân vận.
"""

RECIPIENTS = """Nơi nhận:
- Thường trực Tỉnh ủy;
- Các sở, ban, ngành;
- Lưu: VT, NC.

"""


def signer(closing: str, opening: str = OPENING) -> dict[str, Any]:
    record = extract(opening + closing).record
    assert record["signer"] is not None
    return {k: record["signer"][k] for k in ("capacity", "title", "name")}


@pytest.mark.parametrize("rank", ["", "Đại tá ", "Thượng tá ", "Thiếu tướng "])
def test_signer_name_without_rank(rank: str) -> None:
    signer = extract(PLAN.format(rank=rank)).record["signer"]
    assert signer["name"] == "Nguyễn Văn Bình"
    assert signer["title"] == "CHỈ HUY TRƯỞNG"


def test_a_plan_without_a_recipients_block_keeps_its_body_fields() -> None:
    text = (
        "KẾ HOẠCH\nTổ chức phong trào thi đua năm 2025\n\nI. MỤC ĐÍCH\n"
        "- Các đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 30/11 hằng năm.\n"
        "- Tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh cho 05 tập thể.\n"
    )
    record = extract(text).record
    assert [d["date"] for d in record["deadlines"]] == ["--11-30"]
    assert [a["form"] for a in record["awards"]] == ["Bằng khen"]


def test_the_documents_own_block_not_the_forms_of_its_appendix() -> None:
    closing = RECIPIENTS + (
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nĐỗ Thị Hạnh\n\nPHỤ LỤC\nMẪU BÁO CÁO THÀNH TÍCH\n"
        "Chương I\nTên đơn vị: ...\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\n"
        "TM. TẬP THỂ\nTRƯỞNG ĐƠN VỊ\n(Ký, ghi rõ họ tên)\n\nMẫu số 02\nGiám đốc Sở\n"
    )
    assert signer(closing) == {"capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Đỗ Thị Hạnh"}


def test_a_title_and_a_capacity_wrapped_onto_the_next_line() -> None:
    closing = RECIPIENTS + "TM. ỦY BAN\nNHÂN DÂN\nCHỦ\nTỊCH\nLò Văn Pọm\n"
    assert signer(closing) == {"capacity": "TM. ỦY BAN NHÂN DÂN", "title": "CHỦ TỊCH", "name": "Lò Văn Pọm"}


def test_a_blocks_wrapped_lines_with_blank_lines_between_as_ocr_prints_them() -> None:
    block = "TM. ỦY BAN\n\nNHÂN DÂN\n\nKT. CHỦ TỊCH\n\nPHÓ CHỦ TỊCH\nHà Văn Khải\n\nPHỤ LỤC\n"
    closing = RECIPIENTS + "\n" + block
    assert signer(closing) == {
        "capacity": "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Hà Văn Khải",
    }


def test_a_title_that_names_its_body_over_two_lines() -> None:
    closing = RECIPIENTS + "TL. BỘ TRƯỞNG\nCỤC TRƯỞNG CỤC\nQUẢN TRỊ HÀNH CHÍNH\nTrịnh Quốc Bảo\n"
    assert signer(closing) == {
        "capacity": "TL. BỘ TRƯỞNG",
        "title": "CỤC TRƯỞNG CỤC QUẢN TRỊ HÀNH CHÍNH",
        "name": "Trịnh Quốc Bảo",
    }


def test_a_capacity_over_two_lines_keeps_a_line_that_looks_like_a_title() -> None:
    # `THỊ TRƯỜNG` is within OCR distance of `THỨ TRƯỞNG`: the title is the line above the name
    closing = RECIPIENTS + (
        "TL. BỘ TRƯỞNG\nKT. VỤ TRƯỞNG VỤ PHÁT TRIỂN\nTHỊ TRƯỜNG NÔNG SẢN\nPHÓ VỤ TRƯỞNG\nLã Minh Khôi\n"
    )
    assert signer(closing) == {
        "capacity": "TL. BỘ TRƯỞNG; KT. VỤ TRƯỞNG VỤ PHÁT TRIỂN THỊ TRƯỜNG NÔNG SẢN",
        "title": "PHÓ VỤ TRƯỞNG",
        "name": "Lã Minh Khôi",
    }


def test_a_capacity_ending_in_a_comma_goes_on() -> None:
    closing = RECIPIENTS + "KT. BỘ TRƯỞNG,\nCHỦ NHIỆM\nPHÓ CHỦ NHIỆM\nY Bình Kbuôr\n"
    assert signer(closing) == {
        "capacity": "KT. BỘ TRƯỞNG, CHỦ NHIỆM",
        "title": "PHÓ CHỦ NHIỆM",
        "name": "Y Bình Kbuôr",  # a surname the vocabulary does not know, on the line below the title
    }


def test_two_titles_and_no_capacity_the_one_above_the_name() -> None:
    closing = RECIPIENTS + "TRƯỞNG BAN\nPHÓ CHỦ TỊCH\nTriệu Thị Mai\n"
    assert signer(closing) == {"capacity": None, "title": "PHÓ CHỦ TỊCH", "name": "Triệu Thị Mai"}


@pytest.mark.parametrize(
    "name_lines",
    ["Hoàng\nVăn Nam", "Thượng\ntá Hoàng Văn Nam", "(Đã ký)\nHoàng Văn Nam", "[daky]\n\nHoàng Văn Nam"],
)
def test_a_name_wrapped_or_below_a_signature_mark(name_lines: str) -> None:
    closing = RECIPIENTS + f"KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n{name_lines}\n"
    assert signer(closing) == {"capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Hoàng Văn Nam"}


def test_recipients_and_signature_printed_side_by_side() -> None:
    closing = (
        "Nơi nhận:      TM. ỦY BAN NHÂN DÂN\n- Như trên;      KT. CHỦ TỊCH\n"
        "- Sở Nội vụ;      PHÓ CHỦ TỊCH\n- Lưu: VT.\n- Các phòng chuyên môn;\n\nĐinh Công Tráng\n"
    )
    assert signer(closing) == {
        "capacity": "TM. ỦY BAN NHÂN DÂN; KT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Đinh Công Tráng",
    }


def test_a_signature_flattened_onto_one_line() -> None:
    closing = RECIPIENTS + "KT. CHỦ TỊCH PHÓ CHỦ TỊCH\n\nMai Xuân Trường\n"
    assert signer(closing) == {"capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Mai Xuân Trường"}


@pytest.mark.parametrize(
    ("block", "capacity", "title"),
    [
        ("TUQ. CHỦ TỊCH\nGIÁM ĐỐC SỞ NỘI VỤ", "TUQ. CHỦ TỊCH", "GIÁM ĐỐC SỞ NỘI VỤ"),
        ("TM. ỦY BAN NHÂN DÂN TỈNH\nCHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN TỈNH", "CHỦ TỊCH"),
        (
            "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHÒNG",
            "TL. CHỦ TỊCH; KT. CHÁNH VĂN PHÒNG",
            "PHÓ CHÁNH VĂN PHÒNG",
        ),
        ("Q. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC", "Q. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        ("K/T CHỦ TỊCH\nPHÓ CHỦ TỊCH", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"),
        (
            "KT. TỔNG THƯ KÝ\nPHÓ TỔNG THƯ KÝ",
            "KT. TỔNG THƯ KÝ",
            "PHÓ TỔNG THƯ KÝ",
        ),  # a title not in the vocabulary
    ],
)
def test_capacities_and_titles(block: str, capacity: str, title: str) -> None:
    assert signer(RECIPIENTS + block + "\nVương Đình Huệ\n") == {
        "capacity": capacity,
        "title": title,
        "name": "Vương Đình Huệ",
    }


def test_the_first_of_two_signers_and_not_a_recipient_in_capitals() -> None:
    closing = (
        "Nơi nhận:\n- CHỦ TỊCH, CÁC PHÓ CHỦ TỊCH UBND TỈNH;\n- Lưu: VT.\n\n"
        "KT. BỘ TRƯỞNG BỘ TÀI CHÍNH\nTHỨ TRƯỞNG\nNgô Thị Duyên\n\n"
        "KT. BỘ TRƯỞNG BỘ NỘI VỤ\nTHỨ TRƯỞNG\nLâm Hữu Đạt\n"
    )
    assert signer(closing) == {
        "capacity": "KT. BỘ TRƯỞNG BỘ TÀI CHÍNH",
        "title": "THỨ TRƯỞNG",
        "name": "Ngô Thị Duyên",
    }


def test_a_capitalised_line_between_the_capacity_and_the_title_does_not_end_the_block() -> None:
    closing = RECIPIENTS + "KT. CHỦ TỊCH\nHà Giang\nPHÓ CHỦ TỊCH\nBế Văn Sơn\n"
    assert signer(closing) == {"capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Bế Văn Sơn"}


def test_the_lines_of_an_electronic_signature_are_not_the_name() -> None:
    closing = RECIPIENTS + (
        "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\nKý bởi: Ủy ban nhân dân tỉnh Bắc Kạn\nEmail: vanthu@example.vn\n"
        "Cơ quan: Tỉnh Bắc Kạn\nThời gian ký: 10.05.2026 14:22:01 +07:00\nNông Quang Nhất\n"
    )
    assert signer(closing) == {"capacity": "KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nông Quang Nhất"}
