"""Beam search over a segment's candidate syllables with the trigram LM, plus per-token posteriors."""

from __future__ import annotations

import math
from dataclasses import dataclass
from operator import itemgetter

from thidua.normalize.lm import TrigramLM

LN10 = math.log(10)


@dataclass(frozen=True)
class Slot:
    """The choices at one token position: LM ids, output strings (None = keep as is), channel log10 p."""

    ids: tuple[int, ...]
    words: tuple[str | None, ...]
    channel: tuple[float, ...]
    firsts: tuple[int, ...] | None = None  # two-syllable candidates (glued tokens): id of the first one


def decode(
    lm: TrigramLM, slots: list[Slot], channel_weight: float = 1.0, beam: int = 6, word_bonus: float = 0.0
) -> tuple[list[int], list[float]]:
    """Best candidate index per slot and its local posterior probability (1.0 where nothing changed)."""
    if not slots:
        return [], []
    margin = PRUNE + word_bonus
    V = lm.V
    VV = V * V
    tri, bi, ctx_bows, uni, uni_bow = lm.tri, lm.bi, lm.bi_bow, lm.uni, lm.uni_bow
    words2 = lm.word_bigrams if word_bonus else frozenset()
    memo = _memo(lm)  # (u v w) key -> log10 p(w | u v), shared across calls and with `posteriors`
    # Hypotheses: [score, u, v, back-pointer chain], the chain a linked list (candidate index, rest).
    hyps: list[list] = [[0.0, lm.bos, lm.bos, None]]
    for slot in slots:
        ids = slot.ids
        chans = [channel_weight * c for c in slot.channel]
        if slot.firsts is not None:
            pairs = [(h[1], h[2]) for h in hyps]
            states, scores, chains = _expand_pairs(
                lm, slot, pairs, [h[0] for h in hyps], [h[3] for h in hyps], chans, beam
            )
            hyps = [[sc, u, v, ch] for (u, v), sc, ch in zip(states, scores, chains, strict=True)]
            continue
        max_chan = max(chans)
        cands = list(enumerate(zip(ids, chans, strict=True)))
        best: dict[int, list] = {}  # new state v*V+w -> [score, v, w, (k, chain)]
        cut = -math.inf  # best new score so far minus the margin: expansions below it cannot win (p <= 1)
        for score, u, v, chain in hyps:
            if score + max_chan < cut:
                continue
            vV = v * V
            uVV = u * VV
            ctx_bow = None
            for k, (w, c) in cands:
                base = score + c
                if base < cut:
                    continue
                k2 = vV + w
                key = k2 + uVV
                p = memo.get(key)
                if p is None:
                    p = tri.get(key)
                    if p is None:
                        p = bi.get(k2)
                        if p is None:
                            p = uni_bow[v] + uni[w]
                        if ctx_bow is None:
                            ctx_bow = ctx_bows.get(u * V + v, 0.0)
                        p += ctx_bow
                    memo[key] = p
                if k2 in words2:
                    p += word_bonus
                s = base + p
                if s - margin > cut:
                    cut = s - margin
                entry = best.get(k2)
                if entry is None:
                    best[k2] = [s, v, w, (k, chain)]
                elif s > entry[0]:
                    entry[0] = s
                    entry[3] = (k, chain)
        hyps = list(best.values())
        if len(hyps) > beam:
            hyps.sort(key=_first, reverse=True)
            del hyps[beam:]
    final = [h[0] + lm.logp(h[1], h[2], lm.eos) for h in hyps]
    chain = hyps[max(range(len(final)), key=final.__getitem__)][3]
    path: list[int] = []
    while chain is not None:
        path.append(chain[0])
        chain = chain[1]
    path.reverse()
    return path, posteriors(lm, slots, path, channel_weight)


_first = itemgetter(0)
PRUNE = 3.0  # log10: hypotheses this far below the best of their step are not expanded
MEMO_MAX = 1_000_000  # entries per memo before it is cleared (bounded memory on endless input)


def _memo(lm: TrigramLM) -> dict[int, float]:
    memo: dict[int, float] = lm.__dict__.setdefault("_decoder_memo", {})
    if len(memo) > MEMO_MAX:
        memo.clear()
    return memo


def _expand_pairs(lm: TrigramLM, slot: Slot, states, scores, chains, chans, beam: int):
    """Plain expansion of a slot whose candidates may be two syllables (first id, then id)."""
    firsts = slot.firsts or slot.ids
    best: dict[tuple[int, int], tuple[float, tuple]] = {}
    for (u, v), score, chain in zip(states, scores, chains, strict=True):
        for k, (a, w) in enumerate(zip(firsts, slot.ids, strict=True)):
            if a == w:
                s, key = score + lm.logp(u, v, w), (v, w)
            else:
                s, key = score + lm.logp(u, v, a) + lm.logp(v, a, w), (a, w)
            s += chans[k]
            if key not in best or s > best[key][0]:
                best[key] = (s, (k, chain))
    top = sorted(best.items(), key=lambda kv: kv[1][0], reverse=True)[:beam]
    return [k for k, _ in top], [v[0] for _, v in top], [v[1] for _, v in top]


def posteriors(lm: TrigramLM, slots: list[Slot], path: list[int], channel_weight: float) -> list[float]:
    """Probability of each chosen replacement against its rivals, the rest of the path held fixed."""
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
