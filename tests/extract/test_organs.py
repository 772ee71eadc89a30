"""Organisation names: canonical spelling of a name's words."""

from __future__ import annotations

from thidua.extract import organs


def test_a_second_syllable_is_no_level_word() -> None:
    assert organs.canonical("Cục Hải quan") == "Cục Hải quan"
    assert organs.canonical("UBND quận Ba Đình") == "Ủy ban nhân dân quận Ba Đình"
    assert organs.canonical("UY BAN NHAN DAN QUAN 1") == "Ủy ban nhân dân quận 1"


def test_a_syllable_marked_apart_from_a_level_word_is_not_one() -> None:
    assert organs.canonical("BAN QUẢN LÝ DỰ ÁN") == "Ban Quản lý dự án"
    assert organs.canonical("CỤC QUẢN LÝ THỊ TRƯỜNG TỈNH NGHỆ AN") == "Cục Quản lý thị trường tỉnh Nghệ An"


def test_a_dash_between_fields_keeps_each_word_once() -> None:
    assert organs.canonical("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI") == "Sở Lao động - Thương binh và Xã hội"
    assert organs.canonical("TIỂU BAN THI ĐUA – KHEN THƯỞNG") == "Tiểu ban Thi đua – Khen thưởng"


def test_a_word_marked_apart_from_a_head_is_not_one() -> None:
    # `SỐ` folds like `Sở` but spells another vowel; unmarked `SO` (OCR that lost the marks) may be it
    block = "BAN LIÊN LẠC NGƯỜI THIỂU SỐ MIỀN NÚI"
    assert organs.split_bodies(block) == [block]
    assert organs.canonical(block) == "Ban Liên lạc người thiểu số miền núi"
    assert organs.split_bodies("UBND TINH LAO CAI SO NOI VU")[-1] == "SO NOI VU"


def test_a_level_abbreviation_glued_to_its_place_is_the_level_word() -> None:
    assert organs.canonical("BẢO HIỂM XÃ HỘI TP.HỒ CHÍ MINH") == "Bảo hiểm xã hội thành phố Hồ Chí Minh"
    assert organs.canonical("ỦY BAN NHÂN DÂN TP. HỒ CHÍ MINH") == "Ủy ban nhân dân thành phố Hồ Chí Minh"


def test_a_board_is_named_with_the_body_it_governs() -> None:
    block = "HỘI ĐỒNG QUẢN TRỊ NGÂN HÀNG NÔNG NGHIỆP VÀ PHÁT TRIỂN NÔNG THÔN VIỆT NAM"
    assert organs.split_bodies(block) == [block]
    assert organs.split_bodies("UBND TỈNH SƠN LA SỞ Y TẾ") == ["Ủy ban nhân dân TỈNH SƠN LA", "SỞ Y TẾ"]
