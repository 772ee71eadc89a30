"""Document-level evidence: twins (same letters, other marks) restored confidently elsewhere in a document
raise their prior where the decoder was unsure.

A first pass decodes every segment; the words chosen with a high posterior among rivals are counted per
document. Segments with an unsure choice whose twins have such evidence are decoded again, each twin's
channel cost shifted by log10 of its share of the document's choices over (a power of) its share of the
training text (a cache model relative to the background, capped).

`PairCache` does the same with adjacent word pairs (a bigram cache): an unsure candidate, or an OCR word
kept because nothing fit, is weighed by how often the document confidently writes each rival beside the
first pass's neighbours, and those words may join the candidates (`trit tự` → `trật tự`).
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable
from math import log10

from thidua.dictionaries import strip_marks
from thidua.normalize.decoder import Slot

# A choice with this posterior counts as evidence: on the dev folds ab and 01, 0.95 → 0.8 gained 0.03 pt on
# accent-stripped text each (0.6-0.8 alike); the gold seeds unchanged.
CONFIDENT = 0.8
UNSURE = 0.9  # a segment is decoded again when a choice below this has twins with evidence
WEIGHT = 1.0  # log10 weight of a twin's document share (0.5-2 measured alike with the cap; 2 uncapped: -4 pt)
CAP = 1.0  # the largest log10 penalty the document's evidence gives a twin
MIN_EVIDENCE = 2  # confident choices among a slot's twins before they count
SMOOTH = 0.5


def _word(slot: Slot, k: int, kept: str) -> str:
    word = slot.words[k]
    return kept if word is None else word.lower()


def slot_words(slot: Slot, kept: str) -> list[str]:
    """A slot's candidates as lower-case words, the token kept as printed (`kept`) for the keep choice."""
    return [_word(slot, k, kept) for k in range(len(slot.ids))]


def evidence(choices: Iterable[tuple[Slot, int, float, str]]) -> Counter[str]:
    """Counts of the words chosen confidently among rivals, from (slot, choice, posterior, observed
    lower-case token) of a document; a kept token counts as itself."""
    counts: Counter[str] = Counter()
    for slot, k, post, kept in choices:
        if len(slot.ids) > 1 and post >= CONFIDENT:
            counts[_word(slot, k, kept)] += 1
    return counts


# A twin's document share is weighed against its share of the training text (`background`): a word the
# document writes far more often than usual (thẻ beside thể, cưới beside cuối) gains, one it writes as
# often as usual is left to the LM. log10 shift = share - BACKGROUND * background share, capped both ways.
# Dev folds ab/01, accent-stripped errors: 0 → 0.3: 988 → 972 / 1219 → 1208; 0.4: 976 / 1203; 0.5: 992 /
# 1185; 1.0 lost on both (≈ +100). 0 keeps the plain share.
BACKGROUND = 0.4


@functools.lru_cache(maxsize=100_000)
def twins(slot: Slot, kept: str) -> tuple[tuple[tuple[int, str], ...], ...]:
    """The slot's candidates (index, lower-case word) grouped by their letters, groups of two or more
    (`kept`: the observed lower-case token, the word of the keep-as-is choice); cached, slots repeat."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for k in range(len(slot.ids)):
        word = _word(slot, k, kept)
        groups.setdefault(strip_marks(word), []).append((k, word))
    return tuple(tuple(g) for g in groups.values() if len(g) > 1)


def reweighed(
    slot: Slot,
    counts: Counter[str],
    kept: str,
    weight: float = WEIGHT,
    background: Callable[[str], int] | None = None,
) -> Slot | None:
    """The slot with its twins' channel costs shifted by their share of the document's counts (`kept`:
    the observed lower-case token, the word of the keep-as-is choice), or None without evidence."""
    if len(slot.ids) < 2:
        return None
    shift: list[float] | None = None
    for members in twins(slot, kept):
        seen = [counts.get(w, 0) for _, w in members]
        total = sum(seen)
        if total < MIN_EVIDENCE:
            continue
        if shift is None:
            shift = [0.0] * len(slot.ids)
        bg = [background(w) + 1 for _, w in members] if background is not None and BACKGROUND else []
        for j, ((k, _), n) in enumerate(zip(members, seen, strict=True)):
            share = (n + SMOOTH) / (total + SMOOTH * len(members))
            if bg:
                rel = log10(share) - BACKGROUND * log10(bg[j] / sum(bg))
                shift[k] = max(-CAP, min(CAP, weight * rel))
            else:
                shift[k] = max(-CAP, weight * log10(share))
    if shift is None or not any(shift):
        return None
    channel = tuple(c + s for c, s in zip(slot.channel, shift, strict=True))
    return Slot(slot.ids, slot.words, channel, slot.firsts)


def may_change(slot: Slot, found: Slot, k: int, post: float) -> bool:
    """Whether the shifts of `found` over `slot` could overturn choice `k` made with posterior `post`: a
    rival's posterior is at most 1 - post, so it needs a relative gain above log10(post / (1 - post))."""
    own = found.channel[k] - slot.channel[k]
    gain = max(f - c for f, c in zip(found.channel, slot.channel, strict=True)) - own
    return post < 1.0 and gain > log10(post / (1.0 - post))


PAIR_CONFIDENT = 0.95  # a word with this posterior makes pairs (0.8: English OCR the same on two dev folds)
PAIR_MIN = 2  # confident occurrences of a candidate's pairs with its neighbours before they count


class PairCache:
    """The document's confident adjacent word pairs: a candidate that the document writes beside the
    first pass's neighbours more often than its rivals gains (a bigram cache, relative among rivals)."""

    def __init__(self, rows: Iterable[list[tuple[str | None, float]]]) -> None:
        # The confident words in order, None for the rest and between rows: pairs are counted in C.
        flat: list[str | None] = []
        for row in rows:
            flat.extend([w if w and p >= PAIR_CONFIDENT else None for w, p in row])
            flat.append(None)
        counted = Counter(itertools.pairwise(flat))
        self.pairs: Counter[tuple[str, str]] = Counter(
            {(a, b): n for (a, b), n in counted.items() if a is not None and b is not None}
        )
        self.after: dict[str, list[str]] = {}
        self.before: dict[str, list[str]] = {}
        for (a, b), n in self.pairs.items():
            if n >= PAIR_MIN:
                self.after.setdefault(a, []).append(b)
                self.before.setdefault(b, []).append(a)

    def neighbours(self, prev: str | None, nxt: str | None) -> set[str]:
        """Words the document writes confidently at least PAIR_MIN times after `prev` or before `nxt`."""
        return {*self.after.get(prev or "", ()), *self.before.get(nxt or "", ())}

    def shifts(
        self, words: list[str], prev: str | None, nxt: str | None, weight: float = WEIGHT
    ) -> list[float] | None:
        """log10 shifts of the candidates `words` by their share of the pairs with `prev` and `nxt`, or None
        without evidence."""
        seen = [
            (self.pairs.get((prev, w), 0) if prev else 0) + (self.pairs.get((w, nxt), 0) if nxt else 0)
            for w in words
        ]
        total = sum(seen)
        if total < PAIR_MIN:
            return None
        return [max(-CAP, weight * log10((n + SMOOTH) / (total + SMOOTH * len(words)))) for n in seen]
