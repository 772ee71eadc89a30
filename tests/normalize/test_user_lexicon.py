"""A user lexicon (names and places reviewers confirmed) makes restoration prefer those spellings."""

from __future__ import annotations

from thidua.normalize.restorer import Restorer


def test_a_confirmed_place_is_restored_to_its_spelling() -> None:
    restorer = Restorer(lexicon=["Phường Ba Đình", "Nguyễn Thị Hằng"])
    assert restorer.restore("Phuong Ba Dinh").text == "Phường Ba Đình"
    out = restorer.restore("Ho so cua ba Nguyen Thi Hang o Phuong Ba Dinh").text
    assert out.endswith("Nguyễn Thị Hằng ở Phường Ba Đình")


def test_an_entry_needs_a_capital_in_the_text() -> None:
    with_lexicon = Restorer(lexicon=["Phường Ba Đình"]).restore("phuong ba dinh").text
    assert with_lexicon == Restorer().restore("phuong ba dinh").text


def test_english_model_ocr_takes_the_confirmed_name_too() -> None:
    text = "Uy ban nhan dan Phuong Ba Dinh ban hanh k€ hoach thi dua nam 2025"
    out = Restorer(lexicon=["Phường Ba Đình"]).restore(text).text
    assert "Phường Ba Đình" in out
