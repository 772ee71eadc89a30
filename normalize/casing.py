"""Case patterns through the English model: `BO Công an` is `Bộ`, `CHi TIÊU` is `CHỈ`, learned from pairs.

The English model reads an accented capital (Ộ, Ở) as a capital O, so the case of a short observed
token says little on its own; the case of its line and the token's length say more.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from thidua.dictionaries import strip_marks
from thidua.normalize.align import crude_key, opcodes
from thidua.normalize.tokens import Token, case_pattern, tokenize

UPPER_LINE = 0.6  # a line whose letters are at least this share upper case is an upper-case line
MIN_EVIDENCE = 20  # observations of a context before its learned pattern overrides the observed one
MIN_SHARE = 0.75  # and the share of them that the override must have


def context(observed: str, upper_line: bool) -> str:
    """The table key of an observed token: its case pattern (`mixed` for a title-case token with more
    capitals, `CHi`), its line's case and its length (1-4+)."""
    pattern = case_pattern(observed)
    if pattern == "title" and sum(ch.isupper() for ch in observed) > 1:
        pattern = "mixed"
    return f"{pattern}|{'U' if upper_line else 'l'}|{min(len(observed), 4)}"


def upper_lines(text: str, tokens: list[Token]) -> list[bool]:
    """Per token: does its line (of `text`) read as upper case?"""
    out = []
    line_end = -1
    upper = False
    for tok in tokens:  # in text order: each line is measured once
        if tok.start > line_end:
            start = text.rfind("\n", 0, tok.start) + 1
            line_end = text.find("\n", tok.end)
            if line_end < 0:
                line_end = len(text)
            line = text[start:line_end]
            letters = sum(map(str.isalpha, line))  # only letters are upper case
            upper = sum(map(str.isupper, line)) >= UPPER_LINE * max(1, letters)
        out.append(upper)
    return out


def learn(pages: Iterable[tuple[str, str]]) -> dict[str, dict[str, int]]:
    """Gold case pattern counts per observed context, from (gold, observed) page texts."""
    table: dict[str, Counter] = {}
    for gold, observed in pages:
        g, o = tokenize(gold), tokenize(observed)
        lines = upper_lines(observed, o)
        ops = opcodes([strip_marks(t.text) for t in g], [crude_key(t.text) for t in o])
        for tag, i1, i2, j1, j2 in ops:
            if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
                for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                    if g[i].text.isalpha():
                        key = context(o[j].text, lines[j])
                        table.setdefault(key, Counter())[case_pattern(g[i].text)] += 1
    return {key: dict(counts) for key, counts in sorted(table.items())}


def choose(table: dict[str, dict[str, int]], observed: str, upper_line: bool) -> str:
    """The case pattern to give a restored word: the learned one where the evidence is clear."""
    pattern = case_pattern(observed)
    counts = table.get(context(observed, upper_line))
    if not counts:
        return pattern
    total = sum(counts.values())
    best = max(counts, key=counts.__getitem__)
    return best if total >= MIN_EVIDENCE and counts[best] >= MIN_SHARE * total else pattern
