"""Derived language resources (syllable inventory, lexicons, n-gram model) and their build script."""

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


@functools.lru_cache(maxsize=100_000)
def strip_marks(text: str) -> str:
    """Lower-case, diacritics removed, đ folded to d (the score.py base key)."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def has_marks(text: str) -> bool:
    """True when the text carries Vietnamese diacritics or đ."""
    return strip_marks(text) != text.lower()
