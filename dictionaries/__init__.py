"""Derived language resources (syllable inventory, lexicons, n-gram model) and their build script."""

from __future__ import annotations

import functools
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def syllables() -> frozenset[str]:
    """The Vietnamese syllable inventory (lower-case, NFC)."""
    with (DATA_DIR / "syllables.txt").open(encoding="utf-8") as fh:
        return frozenset(line.strip() for line in fh if line.strip())
