"""Case patterns through the English model: learned per context, applied only with clear evidence."""

from __future__ import annotations

from thidua.normalize import casing, restore
from thidua.normalize.tokens import tokenize


def test_learn_counts_gold_patterns_per_observed_context() -> None:
    pages = [("Bộ Công an\nCHỈ TIÊU THI ĐUA", "BO Cong an\nCHi TIEU THI DUA")] * 3
    table = casing.learn(pages)
    assert table["upper|l|2"] == {"title": 3}  # BO in a lower-case line was Bộ
    assert table["mixed|U|3"] == {"upper": 3}  # CHi in an upper-case line was CHỈ
    assert table["title|l|4"] == {"title": 3}


def test_choose_needs_clear_evidence() -> None:
    table = {"upper|l|2": {"title": 90, "upper": 10}, "upper|l|3": {"title": 5}}
    assert casing.choose(table, "BO", upper_line=False) == "title"
    assert casing.choose(table, "UBN", upper_line=False) == "upper"  # too few observations
    assert casing.choose({"upper|l|2": {"title": 60, "upper": 40}}, "BO", False) == "upper"
    assert casing.choose({}, "Cong", upper_line=False) == "title"


def test_upper_lines() -> None:
    text = "KẾ HOẠCH THI ĐUA\nCăn cứ Luật"
    assert casing.upper_lines(text, tokenize(text)) == [True] * 4 + [False] * 3


def test_restored_english_model_text_gets_its_case_back() -> None:
    text = "Noi nhan:\n- BO Cong an (X03);\nII. DOI TUONG VA CHi TIEU THI DUA"
    assert restore(text).text == "Nơi nhận:\n- Bộ Công an (X03);\nII. ĐỐI TƯỢNG VÀ CHỈ TIÊU THI ĐUA"
