"""Derived language resources (syllable inventory, lexicons, n-gram model); built by `thidua.training`."""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def syllables() -> frozenset[str]:
    """The Vietnamese syllable inventory (lower-case, NFC), in both tone placements (`hoá`, `hóa`)."""
    from thidua.dictionaries.tone import new_style, old_style

    with (DATA_DIR / "syllables.txt").open(encoding="utf-8") as fh:
        listed = {line.strip() for line in fh if line.strip()}
    return frozenset(listed | {new_style(s) for s in listed} | {old_style(s) for s in listed})


class _Bases(dict):
    """str.translate table: each character to its NFD form without combining marks, filled on first use."""

    def __missing__(self, ch: int) -> str:
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(ch)) if unicodedata.category(c) != "Mn")
        self[ch] = bare
        return bare


_BASES = _Bases()


@functools.lru_cache(maxsize=100_000)
def strip_marks(text: str) -> str:
    """Lower-case, diacritics removed, đ folded to d (the score.py base key)."""
    return text.lower().replace("đ", "d").translate(_BASES)


def has_marks(text: str) -> bool:
    """True when the text carries Vietnamese diacritics or đ."""
    return strip_marks(text) != text.lower()
