"""Beam search over a segment's candidate syllables with the trigram LM, plus per-token posteriors."""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    V = lm.V
    VV = V * V
    tri, bi, ctx_bows, uni, uni_bow = lm.tri, lm.bi, lm.bi_bow, lm.uni, lm.uni_bow
    words2 = lm.word_bigrams if word_bonus else frozenset()
    lower: dict[int, float] = {}  # bigram-level log10 p(w|v) (+ word bonus), shared by every state
    # Hypotheses: parallel lists of (u, v) states, scores and back-pointer chains.
    states = [(lm.bos, lm.bos)]
    scores = [0.0]
    chains: list[tuple | None] = [None]
    for slot in slots:
        best: dict[int, int] = {}
        n_states: list[tuple[int, int]] = []
        n_scores: list[float] = []
        n_chains: list[tuple | None] = []
        ids = slot.ids
        chans = [channel_weight * c for c in slot.channel]
        if slot.firsts is not None:
            states, scores, chains = _expand_pairs(lm, slot, states, scores, chains, chans, beam)
            continue
        for (u, v), score, chain in zip(states, scores, chains, strict=True):
            ctx_bow = ctx_bows.get(u * V + v)  # None: no trigram has this context
            vV = v * V
            uVV = u * VV
            for k, w in enumerate(ids):
                k2 = vV + w
                bonus = word_bonus if k2 in words2 else 0.0
                p = tri.get(k2 + uVV) if ctx_bow is not None else None
                if p is None:
                    p = lower.get(k2)
                    if p is None:
                        p = bi.get(k2)
                        if p is None:
                            p = uni_bow[v] + uni[w]
                        lower[k2] = p
                    if ctx_bow is not None:
                        p += ctx_bow
                s = score + p + bonus + chans[k]
                j = best.get(k2)
                if j is None:
                    best[k2] = len(n_states)
                    n_states.append((v, w))
                    n_scores.append(s)
                    n_chains.append((k, chain))
                elif s > n_scores[j]:
                    n_scores[j] = s
                    n_chains[j] = (k, chain)
        if len(n_states) > beam:
            order = sorted(range(len(n_states)), key=n_scores.__getitem__, reverse=True)[:beam]
            n_states = [n_states[i] for i in order]
            n_scores = [n_scores[i] for i in order]
            n_chains = [n_chains[i] for i in order]
        states, scores, chains = n_states, n_scores, n_chains
    final = [s + lm.logp(u, v, lm.eos) for (u, v), s in zip(states, scores, strict=True)]
    chain = chains[max(range(len(final)), key=final.__getitem__)]
    path: list[int] = []
    while chain is not None:
        path.append(chain[0])
        chain = chain[1]
    path.reverse()
    return path, posteriors(lm, slots, path, channel_weight)


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
    tri, bi, ctx_bows, uni, uni_bow = lm.tri, lm.bi, lm.bi_bow, lm.uni, lm.uni_bow

    def logp(u: int, v: int, w: int) -> float:
        k2 = v * V + w
        p = tri.get(k2 + u * VV)
        if p is not None:
            return p
        p = bi.get(k2)
        if p is None:
            p = uni_bow[v] + uni[w]
        return p + ctx_bows.get(u * V + v, 0.0)

    out = []
    for i, (slot, k) in enumerate(zip(slots, path, strict=True)):
        if len(slot.ids) == 1 or slot.words[k] is None or slot.firsts is not None:
            out.append(1.0 if slot.firsts is None or slot.words[k] is None else 0.5)
            continue
        u, v, nxt, nxt2 = ids[i], ids[i + 1], ids[i + 3], ids[i + 4]
        scores = [
            LN10 * (channel_weight * ch + logp(u, v, w) + logp(v, w, nxt) + logp(w, nxt, nxt2))
            for w, ch in zip(slot.ids, slot.channel, strict=True)
        ]
        top = max(scores)
        z = sum(math.exp(s - top) for s in scores)
        out.append(math.exp(scores[k] - top) / z)
    return out
