"""Word-count sketches: a 1 KB upper bound of every word's count in a document, for PostgreSQL ranking.

`ts_rank(tsv, 'a | b', 1)` needs each query word's count in the document and the document's
length, but reading them from the tsvector costs a TOAST fetch (~10 KB out of line) per ranked
document. The sketch sits in the index row: 2,048 four-bit counters; each word sets its three
hashed counters to at least its count's bucket, and the smallest of the three is read back. A
collision can only raise a word's count, and each bucket counts as its highest count, so the
score computed from the sketch (`bound_sql`) is never below ts_rank: ranking the best few by it
and then exactly finds ts_rank's top hits, or says it could not (see corpus.search).

Only documents whose words are one position each in PostgreSQL's parser get a sketch (corpus.signature).
"""

from __future__ import annotations

import math
import zlib
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from thidua.corpus.signature import MIX, positional

SLOTS = 2048
HASHES = 3
_FIELD = 11  # SLOTS == 2**11: each slot is an 11-bit field of one 64-bit hash
_SEED = 0x5BD1E995  # the second CRC-32's starting value

MAX_POSITIONS = 255
"""PostgreSQL keeps at most this many positions of one word (and counts only those)."""
MAX_POSITION = 16383
"""Positions past this one collapse into it, losing repeated words' counts: longer documents get no sketch."""

TOPS = (1, 2, 3, 4, 5, 6, 7, 9, 11, 14, 18, 25, 39, 85, MAX_POSITIONS)
"""Counter value v (1-15) stands for counts up to TOPS[v-1]; 0 is absent. Each bucket's weight
(below) is at most 0.81% above that of its lowest count."""

_D_WEIGHT = 0.1  # ts_rank's weight of the default label D, which every indexed position has
_ZETA2 = 1.64493406685  # ts_rank divides each word's sum by π²/6, the limit of Σ 1/j²
_SLACK = 1.0001  # ts_rank sums in single precision: keep the bound above its rounding


def _weight(count: int) -> float:
    """ts_rank's score of a word seen `count` times (positions of weight D): Σ 1/j² for j ≤ count."""
    return sum(1.0 / (j * j) for j in range(1, count + 1))


WEIGHTS = (0.0, *(_weight(top) for top in TOPS))
"""The weight of each counter value: that of the bucket's highest count."""

_BUCKET = np.searchsorted(np.array(TOPS), np.arange(MAX_POSITIONS + 1)) + 1  # count -> counter value


@dataclass(frozen=True)
class Sketch:
    """A document's packed counters (two per byte, the even slot in the low nibble) and ts_rank length."""

    counters: bytes
    length: int  # positions in the tsvector, each position-less entry (a mark) counting one


def _slot_table(words: Sequence[str]) -> np.ndarray:
    """Each word's HASHES counter slots (one row per word): fields of a 64-bit hash, two CRC-32s
    (the second seeded) mixed by Fibonacci hashing, so every field depends on every bit."""
    encoded = [word.encode() for word in words]
    keys = np.fromiter(
        (zlib.crc32(b) << 32 | zlib.crc32(b, _SEED) for b in encoded), dtype=np.uint64, count=len(encoded)
    )
    mixed = keys * np.uint64(MIX)  # wraps mod 2**64
    shifts = np.array([64 - _FIELD * (i + 1) for i in range(HASHES)], dtype=np.uint64)
    return (mixed[:, None] >> shifts) & np.uint64(SLOTS - 1)


def _slots(word: str) -> list[int]:
    return [int(slot) for slot in _slot_table([word])[0]]


def sketch(words: Sequence[str], marks: int) -> Sketch | None:
    """The sketch of a document indexed as `words` plus `marks` distinct position-less lexemes.

    None when PostgreSQL would not count the words as they are (see corpus.signature, MAX_POSITION).
    """
    if len(words) > MAX_POSITION or not positional(words):
        return None
    counted = Counter(words)
    counts = np.minimum(np.fromiter(counted.values(), dtype=np.int64, count=len(counted)), MAX_POSITIONS)
    slots = _slot_table(list(counted)).astype(np.intp)
    counters = np.zeros(SLOTS, dtype=np.uint8)
    np.maximum.at(counters, slots.ravel(), np.repeat(_BUCKET[counts], HASHES).astype(np.uint8))
    packed = counters[0::2] | counters[1::2] << 4
    return Sketch(packed.tobytes(), int(counts.sum()) + marks)


def bound_sql(words: Collection[str], counters: str, length: str) -> str | None:
    """SQL at least `ts_rank(tsv, 'w1 | w2 …', 1)` from a row's `counters` and `length` columns (NULL
    where they are); None when a word is not one position, so no counter stands for it."""
    distinct = sorted(set(words))
    if not distinct or not positional(distinct):
        return None

    def counter(slot: int) -> str:
        return f"((get_byte({counters}, {slot >> 1}) >> {4 * (slot & 1)}) & 15)"

    weights = "'{" + ",".join(repr(w) for w in WEIGHTS) + "}'::float8[]"
    terms = [f"({weights})[least({', '.join(counter(s) for s in _slots(w))}) + 1]" for w in distinct]
    # ts_rank: Σ over the words of 0.1·Σ1/j² / (π²/6), averaged over the words, over log2(length + 1).
    scale = _SLACK * _D_WEIGHT / _ZETA2 / len(distinct) * math.log(2)
    return f"({' + '.join(terms)}) * {scale!r} / ln({length} + 1)"
