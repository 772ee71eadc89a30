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
    quad, tri, bi, quad_bows, bi_bows = lm.quad, lm.tri, lm.bi, lm.tri_bow, lm.bi_bow
    uni, uni_bow = lm.uni, lm.uni_bow
    VV = V * V
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
            vV = v * V
            # Only contexts with 4-grams of their own have a 4-gram level; the rest back off with weight 1.
            tuv = t * VV + uv
            quad_bow = quad_bows.get(tuv)
            quad_ctx = tuv * V
            bi_bow = None
            for k, (w, c) in cands:
                base = score + c
                if base < cut:
                    continue
                key = state + w
                p = memo.get(key)
                if p is None:
                    p = tri.get(key)
                    if p is None:
                        p = bi.get(vV + w)
                        if p is None:
                            p = uni_bow[v] + uni[w]
                        if bi_bow is None:
                            bi_bow = bi_bows.get(uv, 0.0)
                        p += bi_bow
                    memo[key] = p
                if quad_bow is not None:
                    p4 = quad.get(quad_ctx + w)
                    p = p + quad_bow if p4 is None else p4
                if vV + w in words2:
                    p += word_bonus
                s = base + p
                if s - margin > cut:
                    cut = s - margin
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


_first = itemgetter(0)
PRUNE = 2.0  # log10: hypotheses this far below the best of their step are not expanded (3.0: same paths on
# the dev and heldout splits, 7% slower)
MEMO_MAX = 1_000_000  # entries per memo before it is cleared (bounded memory on endless input)


def _memo(lm: NgramLM) -> dict[int, float]:
    memo: dict[int, float] = lm.__dict__.setdefault("_decoder_memo", {})
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
    """Probability of each chosen replacement against its rivals, the rest of the path held fixed.

    A confidence, not the decoder's score: the trigram level of the LM over the three trigrams that
    hold the word, which costs a fraction of the 4-gram lookups and ranks rivals the same way.
    """
    ids = [lm.bos, lm.bos, *(slot.ids[k] for slot, k in zip(slots, path, strict=True)), lm.eos, lm.eos]
    V = lm.V
    VV = V * V
    memo = _memo(lm)

    out = []
    for i, (slot, k) in enumerate(zip(slots, path, strict=True)):
        if len(slot.ids) == 1 or slot.words[k] is None or slot.firsts is not None:
            out.append(1.0 if slot.firsts is None or slot.words[k] is None else 0.5)
            continue
        u, v, nxt, nxt2 = ids[i], ids[i + 1], ids[i + 3], ids[i + 4]
        uv, nn = u * VV + v * V, nxt * V + nxt2
        scores = []
        for w, ch in zip(slot.ids, slot.channel, strict=True):
            a, b, c = uv + w, v * VV + w * V + nxt, w * VV + nn
            pa, pb, pc = memo.get(a), memo.get(b), memo.get(c)
            if pa is None:
                pa = memo[a] = lm.logp(u, v, w)
            if pb is None:
                pb = memo[b] = lm.logp(v, w, nxt)
            if pc is None:
                pc = memo[c] = lm.logp(w, nxt, nxt2)
            scores.append(LN10 * (channel_weight * ch + pa + pb + pc))
        top = max(scores)
        z = sum(math.exp(s - top) for s in scores)
        out.append(math.exp(scores[k] - top) / z)
    return out
