"""restore(): each input kind, pass-through of correct text, structure, edits and bad input."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from thidua.dictionaries import syllables
from thidua.normalize import restore
from thidua.training.metrics import counts
from thidua.training.restore_eval import strip_keep_case
from thidua.types import PAGE_BREAK

CORRECT = (
    "ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP\n"
    "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;\n"
    "Căn cứ Nghị định số 98/2023/NĐ-CP của Chính phủ quy định chi tiết thi hành một số điều;\n"
    "Ủy ban nhân dân tỉnh ban hành Kế hoạch phát động phong trào thi đua như sau:\n"
    "I. MỤC ĐÍCH, YÊU CẦU\n"
    "Động viên cán bộ, công chức thi đua hoàn thành xuất sắc nhiệm vụ chính trị được giao."
)


def test_empty_input_gives_empty_output() -> None:
    out = restore("")
    assert out.text == "" and out.edits == []


def test_correct_text_passes_through_unchanged() -> None:
    out = restore(CORRECT)
    assert out.text == CORRECT
    assert out.edits == []


def test_lone_letters_and_foreign_words_in_correct_text_are_kept() -> None:
    text = "Các môn thi đấu gồm chạy tiếp sức 4 x 100 m nam và nữ, theo điểm b khoản 2 Điều 5 của Điều lệ."
    assert restore(text).text == text
    text = "Người bệnh được xác thực bằng căn cước gắn chip hoặc ứng dụng VNeID khi đến khám bệnh."
    assert restore(text).text == text


def test_old_tone_style_is_kept() -> None:
    text = "Ủy ban nhân dân tỉnh Khánh Hoà về việc thuỷ lợi và sức khoẻ"
    assert restore(text).text == text


def test_accent_stripped_text_is_restored() -> None:
    stripped = "Ke hoach phat dong phong trao thi dua trong thuc hien nhiem vu chinh tri"
    assert (
        restore(stripped).text == "Kế hoạch phát động phong trào thi đua trong thực hiện nhiệm vụ chính trị"
    )


def test_accent_stripped_paragraph_mostly_right() -> None:
    out = restore(strip_keep_case(CORRECT)).text
    gold, got = CORRECT.split(), out.split()
    assert len(gold) == len(got)
    assert sum(a == b for a, b in zip(gold, got, strict=True)) / len(gold) >= 0.9


@pytest.mark.parametrize(("folder", "size", "pooled"), [("heldout", 7000, 0.983), ("heldout2", 11000, 0.982)])
def test_accent_stripped_held_out_plans(folder: str, size: int, pooled: float) -> None:
    """Plans written only for evaluation (never trained on): a regression guard on plan-like text, a
    little under what was measured (heldout 98.8%, heldout2 98.7%)."""
    hits = total = 0
    for path in sorted((Path(__file__).parent / "fixtures" / folder).glob("*.txt")):
        gold = path.read_text(encoding="utf-8")
        hit, n = counts(gold, restore(strip_keep_case(gold)).text)
        assert hit / n >= 0.96, path.name
        hits, total = hits + hit, total + n
    assert total > size and hits / total >= pooled


def test_english_model_garbling_is_restored() -> None:
    garbled = "Can ctr Luat Thi dua, khen thuong; Nghi dinh s6 98/2023/ND-CP cua Chinh phu"
    assert (
        restore(garbled).text == "Căn cứ Luật Thi đua, khen thưởng; Nghị định số 98/2023/NĐ-CP của Chính phủ"
    )


def test_symbols_for_letters_and_ligatures_are_read_as_words() -> None:
    out = restore("Tao khi thé, déng vién, khich 1¢ luc lugng; Bﬁng khen").text
    assert out == "Tạo khí thế, động viên, khích lệ lực lượng; Bằng khen"
    assert restore("ty 1é 10% va 25% cua a@b.vn").text == "tỷ lệ 10% và 25% của a@b.vn"


def test_misread_looking_words_are_recovered_foreign_words_kept() -> None:
    out = restore("Nha nudc ban hanh chinh sach méi trong tinh hinh maoi, tang trix ma tuy").text
    assert out == "Nhà nước ban hành chính sách mới trong tình hình mới, tàng trữ ma túy"
    web = "Dién thoai: 0236 3822; Fax: 0236 3823; Email: vp@danang.gov.vn; Website: www.danang.gov.vn"
    assert restore(web).text == "Điện " + web[5:].replace("thoai", "thoại")
    foreign = restore("Ung dung phan mém Zalo, Facebook va Google trong tuyén truyén online").text
    assert foreign == "Ứng dụng phần mềm Zalo, Facebook và Google trong tuyên truyền online"


def test_codes_learned_from_the_training_text_get_their_d_stroke() -> None:
    assert restore("Dang tai tren Trang TTDT cua tinh").text == "Đăng tải trên Trang TTĐT của tỉnh"


def test_code_like_misreadings_of_syllables_are_weighed_codes_kept() -> None:
    assert restore("Phéi hgp vdi SG Xay dung va BG Cong an").text == "Phối hợp với Sở Xây dựng và Bộ Công an"
    assert restore("Cac phong, Thué co sé; - Luu: VT, TH.").text == "Các phòng, Thuế cơ sở; - Lưu: VT, TH."
    signature = restore("Noi nhan: TM. UY BAN NHAN DAN\nKT. CHU TICH").text
    assert signature == "Nơi nhận: TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"


def test_case_pattern_is_restored() -> None:
    assert (
        restore("I. MUC DICH, YEU CAU\nDoi tuong thi dua").text == "I. MỤC ĐÍCH, YÊU CẦU\nĐối tượng thi đua"
    )


def test_numbers_codes_addresses_are_kept() -> None:
    text = "Lien he: vanthu@dongthap.gov.vn, https://dongthap.gov.vn/a-b; so 399/KH-BCA-X03 ngay 05/3/2024"
    out = restore(text).text
    for kept in ("vanthu@dongthap.gov.vn", "https://dongthap.gov.vn/a-b", "399/KH-BCA-X03", "05/3/2024"):
        assert kept in out


def test_units_after_numbers_are_kept() -> None:
    text = "đường dây 110 kV, 14,5 km đường giao thông và 1.500 m kênh"
    assert restore(text).text == text
    stripped = restore(strip_keep_case(text)).text
    assert all(unit in stripped for unit in ("110 kV,", "14,5 km", "1.500 m"))


def test_lines_and_page_breaks_are_kept() -> None:
    text = "Ke hoach\n\nthi dua\f  Can cu\nLuat   Thi dua\n"
    out = restore(text).text
    assert out.count("\n") == text.count("\n")
    assert out.split(PAGE_BREAK)[1].startswith("  ")
    assert out.count(PAGE_BREAK) == 1


def test_edits_point_into_the_original() -> None:
    text = "Can ctr Luat Thi dua\nPhat dong phong trao"
    out = restore(text)
    assert out.edits
    for edit in out.edits:
        assert text[edit.start : edit.end] == edit.original
        assert 0.0 <= edit.confidence <= 1.0
        assert edit.flagged == (edit.confidence < 0.6)
    rebuilt, last = [], 0
    for edit in out.edits:
        rebuilt += [text[last : edit.start], edit.replacement]
        last = edit.end
    assert "".join([*rebuilt, text[last:]]) == out.text


def test_vietnamese_model_output_not_made_worse() -> None:
    text = "Căn cứ Luật Thi đua, khen thưởng, thực hiện nhiệm vụ chính trị của đơn vị"
    assert restore(text).text == text


def test_long_line_is_linear_and_bounded() -> None:
    line = " ".join(["thuc hien nhiem vu xay dung"] * 2000)  # 12,000 syllables on one line
    t0 = time.perf_counter()
    out = restore(line)
    assert time.perf_counter() - t0 < 30
    assert "\n" not in out.text and len(out.text.split()) == 12_000


def test_seeds_come_out_as_valid_syllables(seed_texts: dict[str, str]) -> None:
    valid = syllables()
    for name, text in seed_texts.items():
        words = [w.lower() for w in restore(text).text.split() if w.isalpha()]
        share = sum(w in valid for w in words) / len(words)
        assert share >= 0.95, name


def test_seed_line_structure_kept(seed_texts: dict[str, str]) -> None:
    for text in seed_texts.values():
        assert restore(text).text.count("\n") == text.count("\n")


def test_odd_input_is_handled() -> None:
    for text in ("...", "a" * 50_000, "\r\n\r\n", "😀 Ke hoach 😀", "x" * 30 + " thi dua", "\u200b"):
        out = restore(text)
        assert out.text.count("\n") == text.count("\n")
        assert len(out.text) >= len(text) - 2 * len(out.edits) - 1
    assert restore("Ke hoach\r\nthi dua").text == "Kế hoạch\r\nthi đua"
