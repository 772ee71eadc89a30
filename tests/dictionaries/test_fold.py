"""The one fold: same length, marks and đ gone, lower-case; strip_marks keeps other characters."""

from __future__ import annotations

from thidua.corpus.fold import tokens
from thidua.dictionaries.fold import fold, fold_words, has_marks, strip_marks
from thidua.extract.text import Text


def test_fold_keeps_length_and_offsets() -> None:
    text = "Số: 169/KH–UBND\nĐồng Tháp, ngày 5 “tháng” 3…\f Ủy ban"
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == 'so: 169/kh-ubnd\ndong thap, ngay 5 "thang" 3.\f uy ban'


def test_strip_marks_is_score_pys_base_key() -> None:
    assert strip_marks("Đường") == "duong"
    assert strip_marks("t01 ¢6 –") == "t01 ¢6 –"  # only marks go: OCR junk stays as printed
    assert has_marks("đua") and not has_marks("thi")


def test_fold_words_collapses_whitespace() -> None:
    assert fold_words("  Ủy  ban\nnhân dân ") == "uy ban nhan dan"


def test_the_stages_share_it() -> None:
    text = "Kế hoạch Thi đua – Đồng Tháp"
    assert Text(text).folded == fold(text)
    assert tokens(text) == fold(text).replace("-", " ").split()
