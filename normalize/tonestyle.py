"""A document's tone style, as its own accented words show it: old (`hoá`, `thuỷ`) or new (`hóa`, `thủy`).

Restored syllables come out in the new style (the LM's); a document that writes the old style gets them in
its own.
"""

from __future__ import annotations

from collections.abc import Iterable

from thidua.dictionaries.tone import CLUSTER_ENDS, new_style, old_style

MIN_OLD = 2  # old-style words a document must print before restored words follow it


def writes_old_style(words: Iterable[str]) -> bool:
    """Whether a document's printed words put the tone of a final oa/oe/uy on its last vowel more often
    than on its first, at least MIN_OLD times."""
    old = new = 0
    for word in words:
        if word[-1:] not in CLUSTER_ENDS:
            continue  # cheap test first: most words end otherwise
        word = word.lower()
        if new_style(word) != word:
            old += 1
        elif old_style(word) != word:
            new += 1
    return old >= MIN_OLD and old > new


def in_style(words: str, old: bool) -> str:
    """Restored syllables (one or two, space-separated) in the document's style."""
    return " ".join(old_style(w) for w in words.split(" ")) if old else words
