"""Signature blocks seen on real pages of other sites (issue 15)."""

from __future__ import annotations

from thidua.extract import extract_record

LETTER = (
    "ỦY BAN NHÂN DÂN\nTỈNH BẮC GIANG\n\nSố: 722/UBND-MT\nV/v rà soát cơ sở gây ô nhiễm\n\n"
    "Bắc Giang, ngày 28 tháng 3 năm 2013\n\nKính gửi: Các sở, ngành.\n\n"
    "Đề nghị các cơ quan báo cáo trước ngày 15/4/2013./.\n\n"
    "Nơi nhận:\n- Như trên;\n- Lưu: VT, MT.\n\n"
)


def test_a_title_printed_without_a_word_of_a_known_one_is_kept_as_printed() -> None:
    text = LETTER + "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ VĂN PHÒNG\nNguyễn Hữu Nguyên\n"
    signer = extract_record(text)["signer"]
    assert signer["title"] == "PHÓ VĂN PHÒNG"
    assert signer["name"] == "Nguyễn Hữu Nguyên"


def test_a_garbled_known_title_is_still_read_as_that_title() -> None:
    text = LETTER + "TL. CHỦ TỊCH\nKT. CHÁNH VĂN PHÒNG\nPHÓ CHÁNH VĂN PHONG\nNguyễn Hữu Nguyên\n"
    assert extract_record(text)["signer"]["title"] == "PHÓ CHÁNH VĂN PHÒNG"
