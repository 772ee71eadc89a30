"""Word-pair signatures (corpus.signature): every adjacent pair is set; none where PostgreSQL splits words."""

from __future__ import annotations

import itertools
import math
import random

from thidua.corpus import signature as pairs


def _set(signature: bytes, bit: int) -> bool:
    return bool(signature[bit >> 3] >> (bit & 7) & 1)  # PostgreSQL's get_bit order


def test_every_adjacent_pair_is_in_the_signature():
    words = ["ke", "hoach", "phat", "dong", "phong", "trao", "thi", "dua", "nam", "2025", "m3", "qh13"]
    signature = pairs.signature(words)
    assert signature is not None and len(signature) == pairs.BITS // 8
    for first, second in itertools.pairwise(words):
        assert all(_set(signature, bit) for bit in pairs.phrase_bits([first, second]))
    assert all(_set(signature, bit) for bit in pairs.phrase_bits(words[2:6]))


def test_each_pair_sets_its_own_bit():
    """The fill follows the number of distinct pairs, not of words: absent pairs are mostly clear."""
    rng = random.Random(3)
    vocabulary = [f"w{n}" for n in range(60)]
    words = rng.choices(vocabulary, k=2500)
    present = set(itertools.pairwise(words))
    signature = pairs.signature(words)
    fill = sum(_set(signature, bit) for bit in range(pairs.BITS)) / pairs.BITS
    assert abs(fill - (1 - math.exp(-len(present) / pairs.BITS))) < 0.02  # about 0.2
    absent = [pair for pair in itertools.product(vocabulary, repeat=2) if pair not in present]
    passed = sum(_set(signature, pairs.phrase_bits(pair)[0]) for pair in absent) / len(absent)
    assert passed < fill + 0.03


def test_words_without_a_position_of_their_own_give_no_signature():
    assert pairs.signature(["nam", "2e4q", "ke"]) is None  # the parser reads "2e4" and "q"
    assert pairs.signature(["nam", "đồng"]) is None  # not folded: not known to be one position
    assert pairs.signature(["nam", "2e4", "4g", "e5"]) is not None


def test_phrases_that_cannot_narrow_have_no_bits():
    assert pairs.phrase_bits(["thi"]) == []
    assert pairs.phrase_bits(["thi", "2e4q"]) == []
    assert len(pairs.phrase_bits(["thi", "dua", "thi", "dua"])) == 2  # distinct pairs only
