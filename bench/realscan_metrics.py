"""Measures that fit real transcriptions: whitespace-normalised CER, bag-of-syllables F1, line-matched CER.

Real transcriptions follow the transcriber's reading order and leave stamps out, so besides the plain
CER two order-insensitive measures are given: the multiset F1 of syllables (case-folded, NFC), and a
CER where each OCR line is aligned to its best-matching stretch of the transcription.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

WORD = re.compile(r"\w+", re.UNICODE)


def fold_space(text: str) -> str:
    """NFC text with every whitespace run folded to one space, ends stripped."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cer(gold: str, out: str) -> float:
    """Character edit distance over gold characters, whitespace runs folded."""
    g, o = fold_space(gold), fold_space(out)
    return Levenshtein.distance(g, o) / max(1, len(g))


def syllables(text: str) -> Counter[str]:
    """Multiset of the text's syllables (runs of word characters), NFC, case-folded."""
    return Counter(t.lower() for t in WORD.findall(unicodedata.normalize("NFC", text)))


@dataclass(frozen=True)
class BagScore:
    """Bag-of-syllables agreement: matched, missed (gold only) and spurious (output only) syllables."""

    matched: int
    missed: int
    spurious: int

    @property
    def errors(self) -> int:
        """Syllables wrong either way."""
        return self.missed + self.spurious

    @property
    def f1(self) -> float:
        """Harmonic mean of syllable precision and recall."""
        return 2 * self.matched / max(1, 2 * self.matched + self.missed + self.spurious)


def bag_score(gold: str, out: str) -> BagScore:
    """Order-insensitive syllable agreement of `out` with `gold`."""
    g, o = syllables(gold), syllables(out)
    matched = sum((g & o).values())
    return BagScore(matched, sum(g.values()) - matched, sum(o.values()) - matched)


def line_cer(gold: str, out: str, min_score: float = 50.0) -> float:
    """CER after line matching: each output line is aligned to its best stretch of the gold text.

    Errors are the edit distances of the matched lines, the characters of unmatched output lines, and
    the gold characters no line covered; divided by the gold's characters (whitespace folded).
    """
    g = fold_space(gold)
    covered = bytearray(len(g))
    errors = 0
    for line in out.splitlines():
        line = fold_space(line)
        if not line:
            continue
        hit = fuzz.partial_ratio_alignment(line, g) if len(line) <= len(g) else None
        if hit is None or hit.score < min_score:
            errors += len(line)
            continue
        start, end = hit.dest_start, hit.dest_end
        errors += Levenshtein.distance(line, g[start:end])
        covered[start:end] = b"\x01" * (end - start)
    errors += sum(1 for c, ch in zip(covered, g, strict=True) if not c and ch != " ")
    return errors / max(1, len(g))
