"""Syllable 4-gram language model (interpolated Kneser-Ney, backoff form) loaded from lm.npz."""

from __future__ import annotations

import functools

import numpy as np
from thidua.normalize._beam import Model, Table

from thidua.dictionaries import DATA_DIR
from thidua.errors import MissingDependencyError


class NgramLM:
    """log10 P(w | t u v) over syllable ids; unseen n-grams back off through stored weights.

    The n-gram levels live in the compiled core's hash tables (`model`), which the decoder reads directly.
    """

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.vocab: list[str] = arrays["vocab"].tolist()
        self.index = {w: i for i, w in enumerate(self.vocab)}
        self.V = len(self.vocab)
        self.unigram_counts = arrays["unigram_counts"]
        words = arrays.get("word_bigrams", np.zeros(0, np.int64))
        self.model = Model(
            self.V,
            arrays["uni_logp"],
            arrays["uni_bow"],
            Table(arrays["bi_keys"], arrays["bi_logp"]),
            Table(arrays["ctx_keys"], arrays["ctx_bow"]),
            Table(arrays["tri_keys"], arrays["tri_logp"]),
            Table(arrays["quad_keys"], arrays["quad_logp"]),
            # Backoff weights of the trigram contexts that have 4-grams (the others back off with weight 1).
            Table(arrays["ctx3_keys"], arrays["ctx3_bow"]),
            Table(words, np.zeros(len(words), np.float32)),
        )
        self.logp4 = self.model.logp4  # log10 P(w | t u v)
        self.logp = self.model.logp  # log10 P(w | u v): the trigram level, the 4-gram level's backoff
        self.bos, self.eos = self.index["<s>"], self.index["</s>"]
        self.unk, self.num, self.sym = self.index["<unk>"], self.index["<num>"], self.index["<sym>"]
        self.date = self.index.get("<date>", self.num)
        self.unit = self.index.get("<unit>", self.unk)

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
    """The shipped language model (built by `python -m thidua.training.build_dictionaries`)."""
    path = DATA_DIR / "lm.npz"
    if not path.exists():
        raise MissingDependencyError(f"{path} missing: run python -m thidua.training.build_dictionaries")
    with np.load(path) as data:
        # n-gram keys are stored sorted, as differences (see thidua.training.build_dictionaries)
        return NgramLM({k: np.cumsum(data[k]) if k.endswith("_keys") else data[k] for k in data.files})
