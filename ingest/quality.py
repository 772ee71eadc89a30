"""Judge a page's text: correct Vietnamese, accent-stripped, or garbled by an English-model OCR."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from enum import StrEnum

from thidua.dictionaries import has_marks as has_diacritic
from thidua.dictionaries import strip_marks, syllables
from thidua.dictionaries.textkind import kind_of_words, words
from thidua.types import TextKind

# Measured on the legal corpus: ~99% of Vietnamese syllable tokens are inventory syllables; English-model
# OCR misreads letters in ~17% of tokens. The kind of text (marks, junk) is `textkind`'s decision.
MIN_SYLLABLE_SHARE = 0.85
MIN_TOKENS = 8


class Verdict(StrEnum):
    """What a text layer is worth."""

    good = "good"  # correct Vietnamese: use it as it is
    stripped = "stripped"  # valid syllables without their diacritics: restore
    garbled = "garbled"  # English-model OCR or similar: re-OCR if there is an image, else restore
    empty = "empty"  # too little text to judge (a scanned page with no text layer)


@dataclass(frozen=True)
class TextQuality:
    """Token statistics of a text."""

    tokens: int
    syllable_share: float  # tokens that are Vietnamese syllables (with their marks as written)
    diacritic_share: float  # tokens carrying a Vietnamese diacritic or đ
    base_syllable_share: float  # tokens whose letters, marks ignored, spell a Vietnamese syllable
    kind: TextKind  # textkind's decision: accented, stripped or English-model OCR


@functools.cache
def _base_syllables() -> frozenset[str]:
    return frozenset(strip_marks(s) for s in syllables())


def measure(text: str) -> TextQuality:
    """Token statistics of `text` (NFC)."""
    tokens = words(text)
    if not tokens:
        return TextQuality(0, 0.0, 0.0, 0.0, "accented")
    inventory, base = syllables(), _base_syllables()
    n = len(tokens)
    return TextQuality(
        tokens=n,
        syllable_share=sum(t.lower() in inventory for t in tokens) / n,
        diacritic_share=sum(has_diacritic(t) for t in tokens) / n,
        base_syllable_share=sum(strip_marks(t) in base for t in tokens) / n,
        kind=kind_of_words(tokens),
    )


def judge(quality: TextQuality) -> Verdict:
    """Decide what a text is: good Vietnamese, accent-stripped, garbled, or empty."""
    if quality.tokens < MIN_TOKENS:
        return Verdict.empty
    if quality.kind == "accented" and quality.syllable_share >= MIN_SYLLABLE_SHARE:
        return Verdict.good
    if quality.kind == "stripped" and quality.base_syllable_share >= MIN_SYLLABLE_SHARE:
        return Verdict.stripped
    return Verdict.garbled


def judge_text(text: str) -> Verdict:
    """`judge(measure(text))`."""
    return judge(measure(text))
