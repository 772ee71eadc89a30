"""Align gold text with its OCR reading token by token, to learn the OCR channel from."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from rapidfuzz.distance import Levenshtein

from thidua.dictionaries import strip_marks
from thidua.normalize.tokens import tokenize

# Non-letters that the English model prints for Vietnamese letters (only for alignment keys).
CRUDE = str.maketrans({"6": "o", "0": "o", "1": "l", "4": "a", "€": "e", "¢": "e", "©": "e"})
LETTER_SYMBOLS = frozenset("¢€©&@")  # printed by the English model for accented letters, never numbers


P_FOR_D = re.compile(r"^p(?=[aeiouy])")  # no native syllable starts p+vowel: it is a misread Đ


@functools.lru_cache(maxsize=100_000)
def crude_key(token: str) -> str:
    """A rough diacritic-free key of an observed token (alignment, candidate search, name lookup)."""
    return P_FOR_D.sub("d", strip_marks(token).translate(CRUDE))


def opcodes(a: Sequence[str] | str, b: Sequence[str] | str) -> list[tuple[str, int, int, int, int]]:
    """Levenshtein opcodes of two sequences as plain (tag, i1, i2, j1, j2) tuples."""
    return [
        (op.tag, op.src_start, op.src_end, op.dest_start, op.dest_end) for op in Levenshtein.opcodes(a, b)
    ]


def word_pairs(gold: str, observed: str) -> list[tuple[str, str]]:
    """(gold token, observed token) pairs of 1:1 aligned tokens, lower-cased."""
    g = [t.text for t in tokenize(gold)]
    o = [t.text for t in tokenize(observed)]
    gk = [strip_marks(t) for t in g]
    ok = [crude_key(t) for t in o]
    out: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in opcodes(gk, ok):
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            out.extend(
                (g[i].lower(), o[j].lower()) for i, j in zip(range(i1, i2), range(j1, j2), strict=True)
            )
    return out


def split_glue_pairs(gold: str, observed: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Unequal replace blocks of at most 3 tokens a side: OCR splits and glues."""
    g = [t.text for t in tokenize(gold)]
    o = [t.text for t in tokenize(observed)]
    out = []
    ops = opcodes([strip_marks(t) for t in g], [crude_key(t) for t in o])
    for tag, i1, i2, j1, j2 in ops:
        if tag == "replace" and i2 - i1 != j2 - j1 and max(i2 - i1, j2 - j1) <= 3:
            out.append((tuple(x.lower() for x in g[i1:i2]), tuple(x.lower() for x in o[j1:j2])))
    return out
