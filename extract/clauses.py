"""Clause and sentence spans in a text: what a found number or date belongs to."""

from __future__ import annotations

import re

from thidua.extract.text import Text

CLAUSE_END = re.compile(r"[;.]\s|\n\s*[-+]|\n\s*\n|\)")


def clause(text: Text, pos: int, lo: int, hi: int, paren: bool = True) -> tuple[int, int]:
    """The clause around a position: bounded by ; . bullets, blank lines (and by default : and "(")."""
    marks = (";", ". ", ".\n", "\n-", "\n+", "\n\n") + ((":", "(") if paren else ())
    a = max(text.folded.rfind(ch, lo, pos) for ch in marks)
    a = lo if a < 0 else a + 1
    end = CLAUSE_END.search(text.folded, pos, hi)
    # a parenthesis opened inside the clause closes inside it: `trước ngày 15/11 (hoặc đột xuất) báo cáo về …`
    while end and end.group() == ")" and "(" in text.folded[pos : end.start()]:
        end = CLAUSE_END.search(text.folded, end.end(), hi)
    return a, (end.start() if end else hi)


def sentence_start(text: Text, pos: int, lo: int) -> int:
    """Start of the sentence holding `pos` (clauses joined by ; or : share their recipient)."""
    marks = (". ", ".\n", "\n\n", "\n-", "\n+")
    a = max(text.folded.rfind(mark, lo, pos) for mark in marks)
    return lo if a < 0 else a + 1
