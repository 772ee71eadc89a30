"""Header layouts seen on real pages of other sites (issue 15): flattened headers, lost headings."""

from __future__ import annotations

from thidua.extract import extract_record

FLATTENED_DECISION = (
    "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
    "Số: 47/2005/QĐ-UBND | Đồng Hới, ngày 08 tháng 9 năm 2005 |\n"
    "VỀ VIỆC BAN HÀNH QUY ĐỊNH VỀ BẦU TRƯỞNG THÔN, BẢN, TIỂU KHU\n"
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG BÌNH\n"
    "Căn cứ Luật Tổ chức Hội đồng nhân dân và Ủy ban nhân dân ngày 26/11/2003;\n"
    "QUYẾT ĐỊNH\n"
    "Điều 1. Ban hành kèm theo Quyết định này bản Quy định.\n"
)


def test_a_decision_that_lost_its_heading_is_typed_by_its_symbol_not_read_as_a_letter() -> None:
    record = extract_record(FLATTENED_DECISION)
    assert record["doc_type"] == "Quyết định"


def test_the_enacting_authority_over_the_preamble_is_not_the_subjects_last_line() -> None:
    record = extract_record(FLATTENED_DECISION)
    assert record["title"] == "VỀ VIỆC BAN HÀNH QUY ĐỊNH VỀ BẦU TRƯỞNG THÔN, BẢN, TIỂU KHU"
    assert record["issuer"] == "Ủy ban nhân dân tỉnh Quảng Bình"


def test_a_letter_about_under_its_number_stays_a_letter() -> None:
    text = (
        "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "Số: 722/UBND-MT | Bắc Giang, ngày 28 tháng 3 năm 2013 |\n"
        "Về việc rà soát cơ sở gây ô nhiễm\n"
        "Kính gửi: Các sở, ngành.\n"
    )
    assert extract_record(text)["doc_type"] == "Công văn"


def test_a_second_inline_copy_of_the_number_lends_no_organ_to_the_issuer_block() -> None:
    text = (
        "UBND TỈNH SƠN LA SỞ GIÁO DỤC VÀ ĐÀO TẠO Số 424/SGDĐT TĐKT V/v hướng dẫn tổng kết thi đua\n\n"
        "UBND TỈNH SƠN LA SỞ GIÁO DỤC VÀ ĐÀO TẠO CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Số: 424/SGDĐT-TĐKT Sơn La, ngày 05 tháng 6 năm 2018 Độc lập - Tự do - Hạnh phúc "
        "V/v hướng dẫn tổng kết thi đua Kính gửi: - Các đơn vị trực thuộc Sở;\n"
    )
    record = extract_record(text)
    assert record["issuer"] == "Sở Giáo dục và Đào tạo"
    assert record["parent_issuer"] == "Ủy ban nhân dân tỉnh Sơn La"
