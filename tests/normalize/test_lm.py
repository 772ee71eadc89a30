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
