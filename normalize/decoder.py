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


def decode(
    lm: TrigramLM, slots: list[Slot], channel_weight: float = 1.0, beam: int = 6
) -> tuple[list[int], list[float]]:
    """Best candidate index per slot and its local posterior probability (1.0 where nothing changed)."""
    if not slots:
        return [], []
    V = lm.V
    VV = V * V
    tri, bi, bi_bow, uni, uni_bow = lm.tri, lm.bi, lm.bi_bow, lm.uni, lm.uni_bow
    bos = lm.bos
    # Hypotheses: parallel lists of (u, v) states, scores and back-pointer chains.
    states = [(bos, bos)]
    scores = [0.0]
    chains: list[tuple | None] = [None]
    for slot in slots:
        best: dict[tuple[int, int], int] = {}
        n_states: list[tuple[int, int]] = []
        n_scores: list[float] = []
        n_chains: list[tuple | None] = []
        ids, chans = slot.ids, slot.channel
        for (u, v), score, chain in zip(states, scores, chains, strict=True):
            ctx_bow = bi_bow.get(u * V + v, 0.0)
            for k, w in enumerate(ids):
                k2 = v * V + w
                p = tri.get(k2 + u * VV)
                if p is None:
                    p = bi.get(k2)
                    if p is None:
                        p = uni_bow[v] + uni[w]
                    p += ctx_bow
                s = score + p + channel_weight * chans[k]
                key = (v, w)
                j = best.get(key)
                if j is None:
                    best[key] = len(n_states)
                    n_states.append(key)
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


def posteriors(lm: TrigramLM, slots: list[Slot], path: list[int], channel_weight: float) -> list[float]:
    """Probability of each chosen replacement against its rivals, the rest of the path held fixed."""
    ids = [lm.bos, lm.bos, *(slot.ids[k] for slot, k in zip(slots, path, strict=True)), lm.eos, lm.eos]
    logp = lm.logp
    out = []
    for i, (slot, k) in enumerate(zip(slots, path, strict=True)):
        if len(slot.ids) == 1 or slot.words[k] is None:
            out.append(1.0)
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
