"""Codes a document spells out itself: `KH-BVDKST` beside `Bệnh viện Đa khoa Sóc Trăng` is `KH-BVĐKST`.

Accent-stripped and English-model text loses the Đ of codes no lexicon can list (an issuer's own
initials). The restored words of the same document say where it was: a code letter D becomes Đ when a
run of words whose initials spell the code starts that word with Đ, and every such run agrees.
"""

from __future__ import annotations

import re

CODE_PART = re.compile(r"[^\W\d_]{2,}")
MIN_LETTERS = 3  # two-letter initials (DT, DH) match too many word pairs to be evidence


class Initials:
    """The initial letters of a document's restored words, searchable with D standing for D or Đ."""

    def __init__(self, words: list[str]) -> None:
        self.exact = "".join(w[0].upper() for w in words if w[:1].isalpha())
        self.folded = self.exact.replace("Đ", "D")

    def spell(self, code: str) -> str | None:
        """`code` with its D letters as the document's own runs of words spell them, or None."""
        key = code.upper().replace("Đ", "D")
        if len(key) < MIN_LETTERS or "D" not in key:
            return None
        found: set[str] = set()
        at = self.folded.find(key)
        while at >= 0:
            found.add(self.exact[at : at + len(key)])
            at = self.folded.find(key, at + 1)
        if len(found) != 1:
            return None  # not spelled out in the document, or spelled two ways
        spelled = found.pop()
        return "".join("Đ" if s == "Đ" else c for c, s in zip(code, spelled, strict=True))


def respell(text: str, initials: Initials) -> str:
    """A code or symbol (`1562/KH-BVDKST`, `PGD`) with each letter part spelled as the document does."""

    def fix(m: re.Match[str]) -> str:
        part = m.group()
        return (initials.spell(part) or part) if part.isupper() else part

    return CODE_PART.sub(fix, text)
