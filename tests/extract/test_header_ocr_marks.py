"""Header fields from OCR of real pages: blank or unreadable numbers and dates, headings cut by marks."""

from __future__ import annotations

from thidua.extract import extract_record

LEFT = "ỦY BAN NHÂN DÂN\nTỈNH NINH BÌNH\n\n"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n\n"
BODY = (
    "Để chuẩn bị tốt cho ngày hội, Ủy ban nhân dân tỉnh đề nghị các sở, ngành treo cờ\n"
    "từ ngày 02/9/2026 đến hết ngày 04/9/2026.\n"
)


def record(number_line: str, date_line: str, heading: str = "THÔNG BÁO") -> dict:
    text = f"{LEFT}{number_line}\n\n{MOTTO}{date_line}\n\n{heading}\nVề việc treo cờ Tổ quốc\n\n{BODY}"
    return extract_record(text)


def test_a_blank_date_line_hides_no_date_of_the_body() -> None:
    got = record("Số: /TB-UBND", "Ninh Bình, ngày — tháng - năm")
    assert got["place"] == "Ninh Bình"
    assert got.get("issued_date") is None  # not 2026-09-02, which the body names


def test_an_unreadable_date_line_keeps_its_place_and_flags_its_date() -> None:
    got = record("Số: 12/TB-UBND", "Ninh Bình, ngày#4háng 9 năm 2026")
    assert got["place"] == "Ninh Bình"
    assert got["issued_date"] is None
    assert any(item["field"] == "issued_date" for item in got["review"])


def test_a_dash_glued_to_the_place_is_a_mark() -> None:
    assert record("Số: 12/TB-UBND", "-Ninh Bình, ngày 28 tháng 8 năm 2026")["place"] == "Ninh Bình"


def test_a_number_left_blank_still_types_a_heading_cut_at_its_end() -> None:
    got = record("Số: /TB-UBND.", "Ninh Bình, ngày 28 tháng 8 năm 2026", heading="THÔNG BÁ")
    assert got["number"] is None
    assert got["doc_type"] == "Thông báo"
    assert got["title"] == "Về việc treo cờ Tổ quốc"


def test_an_unreadable_handwritten_number_is_none_and_its_codes_type_the_document() -> None:
    got = record("Số: 2 † /2026/TT-BCT", "Hà Nội, ngày 28 tháng 8 năm 2026", heading="ÔNG TƯ.")
    assert got["number"] is None
    assert any(item["field"] == "number" for item in got["review"])
    assert got["doc_type"] == "Thông tư"
    assert got["title"] == "Về việc treo cờ Tổ quốc"


def test_a_rule_read_across_from_the_other_column_does_not_end_the_subject() -> None:
    text = (
        "BỘ XÂY DỰNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n—— Độc lập - Tự do - Hạnh phúc\n\n"
        "Số: 41/BXD-KHCN Hà Nội, ngày 3 tháng 5 năm 2026\n"
        "V/v hướng dẫn kiểm tra an toàn .\nnhà chung cư cũ trên địa bàn các ————\ntỉnh miền núi phía Bắc\n\n"
        "Kính gửi: Ủy ban nhân dân các tỉnh.\n"
    )
    got = extract_record(text)
    assert got["title"].endswith("trên địa bàn các tỉnh miền núi phía Bắc")


def test_a_sentence_with_ngay_cang_is_no_date_line() -> None:
    text = (
        "Tỉnh Ninh Bình, ngày càng phát triển.\nHà Nội, ngày 3 tháng 5 năm 2026\n\nTHÔNG BÁO\nVề việc họp\n"
    )
    assert extract_record(text)["issued_date"] == "2026-05-03"


def test_a_symbol_wrapped_at_its_hyphen_goes_on_in_a_code_below() -> None:
    text = (
        "UBND HUYỆN NGA SƠN\nBAN CHỈ ĐẠO PHỔ CẬP GIÁO DỤC\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n\nSố: 255 / BC-BCĐPCGD-\n\n"
        "Nga Sơn, ngày 13 tháng 11 năm 2020\n\nXMC\n\n"
        "BÁO CÁO\nTình hình phổ cập giáo dục\n"
    )
    got = extract_record(text)
    assert (got["number"], got["place"], got["doc_type"]) == ("255/BC-BCĐPCGD-XMC", "Nga Sơn", "Báo cáo")
