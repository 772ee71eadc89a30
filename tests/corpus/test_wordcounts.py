"""Word-count sketches: never below a word's count bucket, exact when words do not collide."""

from __future__ import annotations

import random
from collections import Counter

from thidua.corpus import wordcounts


def _read(sketch: wordcounts.Sketch, word: str) -> int:
    """The counter value the sketch gives `word`, read the way bound_sql reads it."""
    nibbles = [sketch.counters[s >> 1] >> 4 * (s & 1) & 15 for s in wordcounts._slots(word)]
    return min(nibbles)


def test_each_word_reads_back_at_least_its_bucket():
    rng = random.Random(5)
    vocabulary = [f"w{n}" for n in range(900)]
    words = rng.choices(vocabulary, weights=[1 / (r + 1) for r in range(900)], k=5000) + ["ab"] * 300
    counted = Counter(words)
    sketch = wordcounts.sketch(words, marks=4)
    assert sketch is not None and len(sketch.counters) == wordcounts.SLOTS // 2
    assert sketch.length == sum(min(c, 255) for c in counted.values()) + 4  # "ab" holds 255 positions
    exact = 0
    for word, count in counted.items():
        value = _read(sketch, word)
        assert wordcounts.WEIGHTS[value] >= wordcounts._weight(min(count, 255)) * (1 - 1e-12)
        exact += (
            wordcounts.TOPS[value - 1] >= min(count, 255) > (wordcounts.TOPS[value - 2] if value > 1 else 0)
        )
    assert exact / len(counted) > 0.9  # about 5% of 700 distinct words collide into a higher bucket
    absent = [f"x{n}" for n in range(2000)]
    assert sum(_read(sketch, w) > 0 for w in absent) / len(absent) < 0.35


def test_bucket_weights_stay_close_to_their_counts():
    """A count's bucket weighs at most 0.81% more than the count itself, and never less."""
    for count in range(1, wordcounts.MAX_POSITIONS + 1):
        value = next(v for v, top in enumerate(wordcounts.TOPS, start=1) if count <= top)
        ratio = wordcounts.WEIGHTS[value] / wordcounts._weight(count)
        assert 1.0 <= ratio < 1.0082


def test_documents_postgresql_would_count_differently_get_no_sketch():
    assert wordcounts.sketch(["nam", "2e4q"], marks=1) is None  # the parser splits "2e4q"
    assert wordcounts.sketch(["w"] * (wordcounts.MAX_POSITION + 1), marks=1) is None
    assert wordcounts.sketch(["w"] * wordcounts.MAX_POSITION, marks=1) is not None
    assert wordcounts.bound_sql(["thi", "2e4q"], "counts", "length") is None
    assert wordcounts.bound_sql([], "counts", "length") is None
    assert "get_byte(counts" in (wordcounts.bound_sql(["thi", "dua"], "counts", "length") or "")
