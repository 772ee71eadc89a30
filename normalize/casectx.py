"""Case in context as evidence: a capitalised word inside a line (`Cổng TTĐT`, `Phường Ba Đình`) is more
often some syllables than their twins (`công`, `phương`), given the case of its neighbours.

The observed token's case is part of what the channel sees, and the LM (lower-case) ignores it: for a
title-case word, the candidates' channel costs take log10 P(case class | syllable), the class being its
title case with its neighbours' case in the line, from the training text's counts (`case.npz`, built with
the LM), relative to the best candidate and weighed by WEIGHT.
"""

from __future__ import annotations

import functools

import numpy as np

from thidua.normalize import lm as lm_mod
from thidua.normalize.decoder import Slot
from thidua.normalize.tokens import Token, case_pattern

CASES = {"lower": 0, "title": 1, "upper": 2}
SIDES = 5  # a neighbour: none (line or segment edge), not a word, lower, title, upper
CLASSES = len(CASES) * SIDES * SIDES
TITLE = CASES["title"]
WEIGHT = 0.5  # 0.3-1.0 measured on two dev folds; 1.0 lost on both, lower-case words too lost on one
CACHE = 50_000  # (candidates, class) shifts kept
SMOOTH = 10.0  # pseudo-counts of the class prior in each syllable's distribution (2-50 measured alike)


def _side(tok: Token | None) -> int:
    if tok is None:
        return 0
    if tok.kind != "word":
        return 1
    return 2 + CASES[case_pattern(tok.text)]


def case_class(page: str, seg: list[Token], i: int) -> int:
    """The case class of word i of a segment: its own case and its neighbours' in the segment on the same
    line of `page` (a neighbour on another line counts as none)."""
    tok = seg[i]
    prev = seg[i - 1] if i and page.find("\n", seg[i - 1].end, tok.start) < 0 else None
    nxt = seg[i + 1] if i + 1 < len(seg) and page.find("\n", tok.end, seg[i + 1].start) < 0 else None
    return (CASES[case_pattern(tok.text)] * SIDES + _side(prev)) * SIDES + _side(nxt)


class CaseModel:
    """log10 P(class | syllable) of the title-case classes, smoothed towards the class prior."""

    def __init__(self, counts: np.ndarray) -> None:
        counts = counts.astype(np.float64)
        prior = (counts.sum(0) + 1.0) / (counts.sum() + CLASSES)
        total = counts.sum(1, keepdims=True)
        title = slice(TITLE * SIDES * SIDES, (TITLE + 1) * SIDES * SIDES)
        self.logp = np.log10((counts[:, title] + SMOOTH * prior[title]) / (total + SMOOTH)).astype(np.float32)
        self.seen = total[:, 0] > 0
        self._shifts: dict[tuple[tuple[int, ...], int], tuple[float, ...] | None] = {}
        self._done: dict[tuple[int, int, float], tuple[Slot, Slot]] = {}

    def reweighed(self, slot: Slot, cls: int, weight: float = WEIGHT) -> Slot:
        """The slot with its candidates' channel costs shifted by the title-case class `cls` (a class of
        `case_class` whose own case is title). A slot with a candidate never counted (the keep-as-is
        choice of a word that is no syllable, `Fax`, or a rare syllable) is left alone: the counts cannot
        weigh it against the others."""
        done = self._done.get((id(slot), cls, weight))
        if done is not None and done[0] is slot:  # the same (cached) slot seen in this class before
            return done[1]
        key = (slot.ids, cls)
        if key not in self._shifts:
            if len(self._shifts) > CACHE:
                self._shifts.clear()
                self._done.clear()
            self._shifts[key] = self._shift(slot.ids, cls)
        shift = self._shifts[key]
        out = slot
        if shift is not None:
            channel = tuple(c + weight * s for c, s in zip(slot.channel, shift, strict=True))
            out = Slot(slot.ids, slot.words, channel, slot.firsts)
        self._done[id(slot), cls, weight] = (slot, out)  # holds the slot, so its id stays its own
        return out

    def _shift(self, ids: tuple[int, ...], cls: int) -> tuple[float, ...] | None:
        rows = list(ids)
        if not self.seen[rows].all():
            return None
        col = self.logp[rows, cls - TITLE * SIDES * SIDES]
        return tuple((col - col.max()).tolist())


@functools.cache
def load() -> CaseModel | None:
    """The case counts built with the LM (beside lm.npz), or None where the file is missing."""
    path = lm_mod.DATA_DIR / "case.npz"
    if not path.exists():
        return None
    with np.load(path) as data:
        return CaseModel(data["counts"])
