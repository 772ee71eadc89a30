"""Syllable 4-gram language model (interpolated Kneser-Ney, backoff form) loaded from lm.npz."""

from __future__ import annotations

import functools

import numpy as np
from thidua.dictionaries import DATA_DIR

from thidua.errors import MissingDependencyError


class NgramLM:
    """log10 P(w | t u v) over syllable ids; unseen n-grams back off through stored weights."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.vocab: list[str] = arrays["vocab"].tolist()
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.V = len(self.vocab)
        self.unigram_counts = arrays["unigram_counts"]
        self.uni: list[float] = arrays["uni_logp"].tolist()
        self.uni_bow: list[float] = arrays["uni_bow"].tolist()
        bi_keys = arrays["bi_keys"].tolist()
        self.bi = dict(zip(bi_keys, arrays["bi_logp"].tolist(), strict=True))
        self.bi_bow = dict(zip(arrays["ctx_keys"].tolist(), arrays["ctx_bow"].tolist(), strict=True))
        self.tri = dict(zip(arrays["tri_keys"].tolist(), arrays["tri_logp"].tolist(), strict=True))
        self.quad = dict(zip(arrays["quad_keys"].tolist(), arrays["quad_logp"].tolist(), strict=True))
        # Backoff weights of the trigram contexts that have 4-grams (the others back off with weight 1).
        self.tri_bow = dict(zip(arrays["ctx3_keys"].tolist(), arrays["ctx3_bow"].tolist(), strict=True))
        words = arrays.get("word_bigrams")
        self.word_bigrams = frozenset(words.tolist()) if words is not None else frozenset()
        self.bos, self.eos = self.index["<s>"], self.index["</s>"]
        self.unk, self.num, self.sym = self.index["<unk>"], self.index["<num>"], self.index["<sym>"]
        self.date = self.index.get("<date>", self.num)
        self.unit = self.index.get("<unit>", self.unk)

    def logp4(self, t: int, u: int, v: int, w: int) -> float:
        """log10 P(w | t u v)."""
        ctx = (t * self.V + u) * self.V + v
        p = self.quad.get(ctx * self.V + w)
        if p is not None:
            return p
        return self.logp(u, v, w) + self.tri_bow.get(ctx, 0.0)

    def logp(self, u: int, v: int, w: int) -> float:
        """log10 P(w | u v): the trigram level, which the 4-gram level backs off to."""
        V = self.V
        k2 = v * V + w
        p = self.tri.get(k2 + u * V * V)
        if p is not None:
            return p
        p = self.bi.get(k2)
        if p is None:
            p = self.uni_bow[v] + self.uni[w]
        return p + self.bi_bow.get(u * V + v, 0.0)

    def sentence_logp(self, words: list[str]) -> float:
        """log10 probability of a whole segment (for tests and diagnostics)."""
        ids = [self.index.get(w, self.unk) for w in words] + [self.eos]
        t = u = v = self.bos
        total = 0.0
        for w in ids:
            total += self.logp4(t, u, v, w)
            t, u, v = u, v, w
        return total


@functools.cache
def load() -> NgramLM:
    """The shipped language model (built by `python -m thidua.dictionaries.build`)."""
    path = DATA_DIR / "lm.npz"
    if not path.exists():
        raise MissingDependencyError(f"{path} missing: run python -m thidua.dictionaries.build")
    with np.load(path) as data:
        # n-gram keys are stored sorted, as differences (see thidua.dictionaries.build)
        return NgramLM({k: np.cumsum(data[k]) if k.endswith("_keys") else data[k] for k in data.files})
