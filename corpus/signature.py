"""Word-pair signatures: a 1 KB Bloom filter of a document's adjacent words, for PostgreSQL phrase search.

A phrase's adjacency is checked on the tsvector (~10 KB out of line: a TOAST fetch each), and most
documents holding a phrase's words do not hold the phrase. The signature sits in the index row, so
the phrase's pairs rule most of them out before any tsvector is read. A plan of 1,000-5,000 words
sets 8-26% of the bits: a two-word phrase lets that share of those documents through, a four-word
one (three pairs) about its cube, under 2%.

The pairs must be the ones PostgreSQL's parser numbers adjacent, or a phrase would be missed. Folded
words of ASCII letters or digits are one position each, except a digit-led word starting like a
float's exponent (`2e4q`), which the parser splits; a document holding such a word (or a non-ASCII
one) gets no signature, and so passes unfiltered.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Sequence

import numpy as np

BITS = 8192
_SHIFT = 64 - 13  # BITS == 2**13: a pair's bit is the top 13 bits of its 64-bit hash
MIX = 0x9E3779B97F4A7C15
"""Fibonacci hashing's multiplier: the top bits of a key times it (mod 2**64) depend on all its bits."""

_PLAIN = re.compile(r"[a-z0-9]+(?: [a-z0-9]+)*")
_SPLIT_BY_PARSER = re.compile(r"(?:^| )[0-9]+e[0-9]+[a-z]")


def positional(words: Sequence[str]) -> bool:
    """True when PostgreSQL's parser gives each of `words` exactly one position, as itself."""
    text = " ".join(words)
    return _PLAIN.fullmatch(text) is not None and _SPLIT_BY_PARSER.search(text) is None


def _pair_bits(words: Sequence[str]) -> np.ndarray:
    """Each adjacent pair's bit: the top bits of (crc32(first) << 32 | crc32(second)) * MIX mod 2**64."""
    codes = {word: zlib.crc32(word.encode()) for word in set(words)}
    hashes = np.fromiter((codes[word] for word in words), dtype=np.uint64, count=len(words))
    keys = hashes[:-1] << np.uint64(32) | hashes[1:]
    return keys * np.uint64(MIX) >> np.uint64(_SHIFT)  # the product wraps mod 2**64


def signature(words: Sequence[str]) -> bytes | None:
    """The Bloom filter of the adjacent pairs in `words` (get_bit order); None if a word is not positional."""
    if not positional(words):
        return None
    bits = np.zeros(BITS, dtype=bool)
    bits[_pair_bits(words)] = True
    return np.packbits(bits, bitorder="little").tobytes()


def phrase_bits(phrase: Sequence[str]) -> list[int]:
    """The bits a document holding `phrase` has set; [] when they cannot narrow (one word, odd words)."""
    if len(phrase) < 2 or not positional(phrase):
        return []
    return sorted({int(bit) for bit in _pair_bits(phrase)})
