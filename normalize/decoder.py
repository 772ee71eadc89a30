"""Beam search over a segment's candidate syllables with the 4-gram LM, plus per-token posteriors."""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import itemgetter

from thidua.normalize.lm import NgramLM

LN10 = math.log(10)


@dataclass(frozen=True)
class Slot:
    """The choices at one token position: LM ids, output strings (None = keep as is), channel log10 p."""

    ids: tuple[int, ...]
    words: tuple[str | None, ...]
    channel: tuple[float, ...]
    firsts: tuple[int, ...] | None = None  # two-syllable candidates (glued tokens): id of the first one


def decode(
    lm: NgramLM, slots: list[Slot], channel_weight: float = 1.0, beam: int = 6, word_bonus: float = 0.0
) -> tuple[list[int], list[float]]:
    """Best candidate index per slot and its local posterior probability (1.0 where nothing changed)."""
    if not slots:
        return [], []
    margin = PRUNE + word_bonus
    V = lm.V
    words2 = lm.word_bigrams if word_bonus else frozenset()
    memo = _memo(lm)  # (u v w) key -> log10 p(w | u v), the trigram level; shared with `posteriors`
    # (t u v w) key -> log10 p(w | t u v) plus the word bonus: one lookup per expansion once seen
    memo4 = _memo(lm, f"_decoder_memo4_{word_bonus}")
    VVV = V * V * V
    # Hypotheses: [score, t, u, v, back-pointer chain], the chain a linked list (candidate index, rest).
    hyps: list[list] = [[0.0, lm.bos, lm.bos, lm.bos, None]]
    for slot in slots:
        ids = slot.ids
        chans = [channel_weight * c for c in slot.channel]
        if slot.firsts is not None:
            states = [tuple(h[1:4]) for h in hyps]
            states, scores, chains = _expand_pairs(
                lm, slot, states, [h[0] for h in hyps], [h[4] for h in hyps], chans, beam
            )
            hyps = [[sc, *st, ch] for st, sc, ch in zip(states, scores, chains, strict=True)]
            continue
        max_chan = max(chans)
        cands = list(enumerate(zip(ids, chans, strict=True)))
        best: dict[int, list] = {}  # new state (u v w) code -> [score, u, v, w, (k, chain)]
        cut = -math.inf  # best new score so far minus the margin: expansions below it cannot win (p <= 1)
        for score, t, u, v, chain in hyps:
            if score + max_chan < cut:
                continue
            uv = u * V + v
            state = uv * V
            ctx4 = t * VVV + state  # (t u v) with no w yet, as a 4-gram key
            for k, (w, c) in cands:
                base = score + c
                if base < cut:
                    continue
                p = memo4.get(ctx4 + w)
                if p is None:
                    p = memo4[ctx4 + w] = _score(lm, memo, t, u, v, w, word_bonus, words2)
                s = base + p
                if s - margin > cut:
                    cut = s - margin
                key = state + w
                entry = best.get(key)
                if entry is None:
                    best[key] = [s, u, v, w, (k, chain)]
                elif s > entry[0]:
                    entry[0] = s
                    entry[4] = (k, chain)
        hyps = list(best.values())
        if len(hyps) > beam:
            hyps.sort(key=_first, reverse=True)
            del hyps[beam:]
    final = [h[0] + lm.logp4(h[1], h[2], h[3], lm.eos) for h in hyps]
    chain = hyps[max(range(len(final)), key=final.__getitem__)][4]
    path: list[int] = []
    while chain is not None:
        path.append(chain[0])
        chain = chain[1]
    path.reverse()
    return path, posteriors(lm, slots, path, channel_weight)


def _score(lm: NgramLM, memo: dict, t: int, u: int, v: int, w: int, bonus: float, words2) -> float:
    """log10 p(w | t u v), plus `bonus` when v w is a word of the word list; trigram level memoised."""
    V = lm.V
    key = (u * V + v) * V + w
    p = memo.get(key)
    if p is None:
        p = memo[key] = lm.logp(u, v, w)
    quad_bow = lm.tri_bow.get(key // V + t * V * V)
    if quad_bow is not None:  # only contexts with 4-grams of their own have a 4-gram level
        p4 = lm.quad.get(key + t * V * V * V)
        p = p + quad_bow if p4 is None else p4
    return p + bonus if v * V + w in words2 else p


_first = itemgetter(0)
PRUNE = 3.0  # log10: hypotheses this far below the best of their step are not expanded
MEMO_MAX = 1_000_000  # entries per memo before it is cleared (bounded memory on endless input)


def _memo(lm: NgramLM, name: str = "_decoder_memo") -> dict[int, float]:
    memo: dict[int, float] = lm.__dict__.setdefault(name, {})
    if len(memo) > MEMO_MAX:
        memo.clear()
    return memo


def _expand_pairs(lm: NgramLM, slot: Slot, states, scores, chains, chans, beam: int):
    """Plain expansion of a slot whose candidates may be two syllables (first id, then id)."""
    firsts = slot.firsts or slot.ids
    best: dict[tuple[int, int, int], tuple[float, tuple]] = {}
    for (t, u, v), score, chain in zip(states, scores, chains, strict=True):
        for k, (a, w) in enumerate(zip(firsts, slot.ids, strict=True)):
            if a == w:
                s, key = score + lm.logp4(t, u, v, w), (u, v, w)
            else:
                s, key = score + lm.logp4(t, u, v, a) + lm.logp4(u, v, a, w), (v, a, w)
            s += chans[k]
            if key not in best or s > best[key][0]:
                best[key] = (s, (k, chain))
    top = sorted(best.items(), key=lambda kv: kv[1][0], reverse=True)[:beam]
    return [k for k, _ in top], [v[0] for _, v in top], [v[1] for _, v in top]


def posteriors(lm: NgramLM, slots: list[Slot], path: list[int], channel_weight: float) -> list[float]:
    """Probability of each chosen replacement against its rivals, the rest of the path held fixed."""
    seq = [lm.bos] * 3 + [slot.ids[k] for slot, k in zip(slots, path, strict=True)] + [lm.eos]
    V = lm.V
    VVV = V * V * V
    memo, memo4 = _memo(lm), _memo(lm, "_posterior_memo")  # trigram-level and full 4-gram log10 p

    def logp(t: int, u: int, v: int, w: int) -> float:
        key = (u * V + v) * V + w
        key4 = key + t * VVV
        p4 = memo4.get(key4)
        if p4 is not None:
            return p4
        p = memo.get(key)
        if p is None:
            p = memo[key] = lm.logp(u, v, w)
        quad_bow = lm.tri_bow.get(key4 // V)
        if quad_bow is not None:
            p4 = lm.quad.get(key4)
            p = p + quad_bow if p4 is None else p4
        memo4[key4] = p
        return p

    out = []
    for i, (slot, k) in enumerate(zip(slots, path, strict=True)):
        if len(slot.ids) == 1 or slot.words[k] is None or slot.firsts is not None:
            out.append(1.0 if slot.firsts is None or slot.words[k] is None else 0.5)
            continue
        j = i + 3  # the slot's place in seq
        window = seq[j - 3 : j + 4]  # three words of context each side (fewer at the end)
        scores = []
        for w, ch in zip(slot.ids, slot.channel, strict=True):
            window[3] = w
            total = channel_weight * ch
            for m in range(3, len(window)):
                total += logp(window[m - 3], window[m - 2], window[m - 1], window[m])
            scores.append(LN10 * total)
        top = max(scores)
        z = sum(math.exp(s - top) for s in scores)
        out.append(math.exp(scores[k] - top) / z)
    return out
