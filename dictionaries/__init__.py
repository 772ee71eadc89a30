"""Derived language resources (syllable inventory, lexicons, n-gram model); built by `thidua.training`."""

from __future__ import annotations

import functools
from pathlib import Path

from thidua.dictionaries.fold import has_marks, strip_marks

__all__ = ["DATA_DIR", "has_marks", "strip_marks", "syllables"]

DATA_DIR = Path(__file__).resolve().parent / "data"


@functools.cache
def syllables() -> frozenset[str]:
    """The Vietnamese syllable inventory (lower-case, NFC), in both tone placements (`hoá`, `hóa`)."""
    from thidua.dictionaries.tone import new_style, old_style

    with (DATA_DIR / "syllables.txt").open(encoding="utf-8") as fh:
        listed = {line.strip() for line in fh if line.strip()}
    return frozenset(listed | {new_style(s) for s in listed} | {old_style(s) for s in listed})
