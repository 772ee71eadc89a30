"""The one fold: same length, marks and đ gone, lower-case; strip_marks keeps other characters."""

from __future__ import annotations

import pytest

from thidua.corpus.fold import tokens
from thidua.dictionaries.fold import LONG, fold, fold_words, has_marks, strip_marks
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


@pytest.mark.filterwarnings("ignore:Surrogate character")  # unidecode's, folding the lone surrogate
def test_long_texts_fold_as_short_ones() -> None:
    # long texts go through a lookup table; every character must fold as it does alone
    chars = [chr(c) for c in range(0x2500)] + ["\U0001f600", "\u200b", "\u00a0", "\ufeff"]
    text = "".join(chars) + "Ủy ban nhân dân tỉnh Đồng Tháp\n" * 10
    assert len(text) >= LONG
    assert fold(text) == "".join(fold(c) for c in text)
    assert fold(text) == fold(text)  # the table, now filled, gives the same
    lone = "a\ud800" + "b" * LONG  # a lone surrogate: no table, each character folded as it is alone
    assert fold(lone) == "".join(fold(c) for c in lone)
