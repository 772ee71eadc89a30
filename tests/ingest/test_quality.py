"""The text-layer verdict: good Vietnamese, accent-stripped, garbled, empty."""

from __future__ import annotations

from unidecode import unidecode

from thidua.dictionaries.textkind import text_kind
from thidua.ingest.quality import TextQuality, Verdict, has_diacritic, judge, judge_text, measure


def garble(text: str) -> str:
    """Imitate English-model OCR: drop most diacritics and misread some letters."""
    out = []
    for i, word in enumerate(text.split()):
        plain = unidecode(word)
        if i % 6 == 0:
            plain = plain.replace("u", "tr", 1).replace("o", "6", 1).replace("a", "4", 1)
        elif i % 7 == 3:
            plain = word  # a few keep their marks, as in real English-model output
        out.append(plain)
    return " ".join(out)


def test_correct_vietnamese_is_good(plan_text):
    assert judge_text(plan_text) is Verdict.good


def test_accent_stripped_text_is_stripped(plan_text):
    assert judge_text(unidecode(plan_text)) is Verdict.stripped


def test_english_model_garble_is_garbled(plan_text):
    quality = measure(garble(plan_text))
    assert quality.diacritic_share < 0.3
    assert judge(quality) is Verdict.garbled


def test_too_little_text_is_empty():
    assert judge_text("  12 \n -- ") is Verdict.empty
    assert judge_text("Kế hoạch") is Verdict.empty


def test_measure_counts_syllables_and_marks():
    quality = measure("Kế hoạch thi đua xyzq")
    assert quality.tokens == 5
    assert quality.syllable_share == 0.8
    assert quality.diacritic_share == 0.6


def test_thresholds_are_boundaries():
    assert judge(TextQuality(100, 0.9, 0.6, 0.95, "accented")) is Verdict.good
    assert judge(TextQuality(100, 0.8, 0.6, 0.95, "accented")) is Verdict.garbled  # noisy accented OCR
    assert judge(TextQuality(100, 0.9, 0.3, 0.95, "ocr")) is Verdict.garbled
    assert judge(TextQuality(100, 0.6, 0.0, 0.97, "stripped")) is Verdict.stripped
    assert judge(TextQuality(100, 0.5, 0.0, 0.6, "stripped")) is Verdict.garbled


def test_the_kind_is_textkinds_decision(plan_text):
    assert measure(plan_text).kind == text_kind(plan_text) == "accented"
    assert measure(unidecode(plan_text)).kind == text_kind(unidecode(plan_text)) == "stripped"
    assert measure(garble(plan_text)).kind == "ocr"


def test_has_diacritic_covers_d_bar():
    assert has_diacritic("đua")
    assert has_diacritic("Ủy")
    assert not has_diacritic("thi")


def test_real_plans_are_judged_right(seed_texts):
    verdicts = {name: judge_text(text) for name, text in seed_texts.items()}
    assert verdicts.pop("plan-002") is Verdict.good  # the clean one
    assert set(verdicts.values()) == {Verdict.garbled}
