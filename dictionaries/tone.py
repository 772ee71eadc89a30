"""Tone-mark placement: `hoá`/`hóa`, `thuỷ`/`thủy` are the same syllable in old and new style."""

from __future__ import annotations

import functools
import re
import unicodedata

TONES = {"\u0301", "\u0300", "\u0309", "\u0303", "\u0323"}  # sắc, huyền, hỏi, ngã, nặng
# An open syllable ending in oa / oe / uy (not after q, where u belongs to the consonant). Only these
# three: an OCR misreading such as `thué` (thuế) must reach the channel as printed.
OPEN_CLUSTER = re.compile(r"(?<![qQ])(?=(?:[oO][aAeE]|[uU][yY])$)(.)(.)$")
_ENDS = "aáàảãạeéèẻẽẹyýỳỷỹỵ"
CLUSTER_ENDS = frozenset(_ENDS + _ENDS.upper())  # a cluster's last letter, any tone


def _split_tone(syl: str) -> tuple[str, str | None]:
    decomposed = unicodedata.normalize("NFD", syl)
    tone = next((ch for ch in decomposed if ch in TONES), None)
    bare = "".join(ch for ch in decomposed if ch not in TONES)
    return unicodedata.normalize("NFC", bare), tone


def _put(bare: str, index: int, tone: str) -> str:
    return unicodedata.normalize("NFC", bare[: index + 1] + tone + bare[index + 1 :])


def _retone(syl: str, vowel: int) -> str:
    """The syllable with its tone on vowel 1 or 2 of a final oa/oe/uy cluster (unchanged otherwise)."""
    if syl[-1:] not in CLUSTER_ENDS:  # cheap test first: most syllables end otherwise
        return syl
    bare, tone = _split_tone(syl)
    m = OPEN_CLUSTER.search(bare)
    if tone is None or m is None:
        return syl
    return _put(bare, m.start(vowel), tone)


@functools.lru_cache(maxsize=100_000)
def new_style(syl: str) -> str:
    """The syllable with the tone on the first vowel of a final oa/oe/uy (`hoá` → `hóa`)."""
    return _retone(syl, 1)


def old_style(syl: str) -> str:
    """The syllable with the tone on the last vowel of a final oa/oe/uy (`hóa` → `hoá`)."""
    return _retone(syl, 2)
