"""The shipped 4-gram LM is a proper distribution and prefers real Vietnamese."""

from __future__ import annotations

import pytest

from thidua.normalize.lm import load


@pytest.mark.parametrize("context", [("<s>", "<s>"), ("căn", "cứ"), ("của", "ủy"), ("<unk>", "thi")])
def test_distribution_sums_to_one(context: tuple[str, str]) -> None:
    lm = load()
    u, v = (lm.index[w] for w in context)
    total = sum(10 ** lm.logp(u, v, w) for w in range(lm.V) if w != lm.bos)
    assert total == pytest.approx(1.0, abs=1e-3)


@pytest.mark.parametrize(
    "context",
    [("<s>", "<s>", "<s>"), ("căn", "cứ", "luật"), ("phong", "trào", "thi"), ("<unk>", "<unk>", "thi")],
)
def test_four_gram_distribution_sums_to_one(context: tuple[str, str, str]) -> None:
    lm = load()
    t, u, v = (lm.index[w] for w in context)
    total = sum(10 ** lm.logp4(t, u, v, w) for w in range(lm.V) if w != lm.bos)
    assert total == pytest.approx(1.0, abs=1e-3)


def test_prefers_correct_accents() -> None:
    lm = load()
    good = ["kế", "hoạch", "phát", "động", "phong", "trào", "thi", "đua"]
    bad = ["kể", "hoạch", "phát", "đông", "phong", "trao", "thì", "đưa"]
    assert lm.sentence_logp(good) > lm.sentence_logp(bad) + 5


def test_modified_discounts_grow_with_the_count() -> None:
    import numpy as np

    from thidua.training.build_dictionaries import _discount, _discounts

    counts = np.asarray([1] * 50 + [2] * 20 + [3] * 10 + [4] * 5 + [9] * 5)
    d = _discounts(counts, 4)
    assert 0 < d[0] < d[50] < d[70] < 3  # counts 1, 2, 3+
    assert (_discounts(counts, 2) == _discount(counts)).all()  # a single discount at the other levels
