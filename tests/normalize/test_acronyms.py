"""Codes spelled out by the document's own words get their Đ back."""

from __future__ import annotations

from thidua.normalize import restore
from thidua.normalize.acronyms import Initials, respell


def test_initials_spell_a_code() -> None:
    initials = Initials(["Bệnh", "viện", "Đa", "khoa", "Sóc", "Trăng", "ban", "hành", "kế", "hoạch"])
    assert initials.spell("BVDKST") == "BVĐKST"
    assert respell("1562/KH-BVDKST", initials) == "1562/KH-BVĐKST"


def test_unspelled_ambiguous_or_short_codes_are_left() -> None:
    assert Initials(["Ban", "Văn", "hóa", "Kế", "hoạch"]).spell("BVDK") is None  # not in the text
    assert Initials(["Đội", "Tuyên", "truyền", "và", "Dân", "Tộc", "Tỉnh"]).spell("DT") is None  # too short
    two_ways = Initials(["Đoàn", "Thanh", "Niên", "và", "Dự", "Thảo", "Nghị"])
    assert two_ways.spell("DTN") is None


def test_restore_respells_codes_from_the_document() -> None:
    text = "BENH VIEN DA KHOA SOC TRANG\nSo: 1562/KH-BVDKST\nNoi nhan: Cac PGD;\nPHO GIAM DOC\n"
    text += "Cac d/c Pho Giam doc"
    out = restore(text).text.splitlines()
    assert out[1] == "Số: 1562/KH-BVĐKST"
    assert "PGĐ" in out[2]
    assert out[4].startswith("Các đ/c")


def test_correct_text_codes_are_left_as_printed() -> None:
    text = "Bệnh viện Đa khoa Sóc Trăng, số 12/KH-BVDKST."
    assert restore(text).text == text
