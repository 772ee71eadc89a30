"""The synthetic handwritten-digit generator: every style draws, a number's digits lie where it says."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from thidua.training.synth import handdigits


@pytest.mark.parametrize("value", sorted(handdigits.STYLES))
def test_every_style_variant_draws_ink_of_the_asked_height(value: str) -> None:
    rng = np.random.default_rng(0)
    for variant in handdigits.STYLES[value]:
        image = handdigits.digit(value, rng, height=40, variant=variant)
        rows = np.nonzero((image < 128).any(axis=1))[0]
        assert image.dtype == np.uint8
        assert 30 <= rows.max() - rows.min() + 1 <= 55, variant


def test_the_vietnamese_variants_are_there() -> None:
    assert {"plain", "flag", "long_upstroke"} <= set(handdigits.STYLES["1"])
    assert {"plain", "crossed"} <= set(handdigits.STYLES["7"])
    assert {"open", "closed"} <= set(handdigits.STYLES["4"])
    assert {"plain", "loop"} <= set(handdigits.STYLES["2"])


def test_variants_of_a_digit_differ_and_a_seed_repeats() -> None:
    def draw(variant: str, seed: int) -> np.ndarray:
        return handdigits.digit("7", np.random.default_rng(seed), 40, variant)

    assert np.array_equal(draw("crossed", 3), draw("crossed", 3))
    plain, crossed = draw("plain", 3), draw("crossed", 3)
    assert plain.shape != crossed.shape or not np.array_equal(plain, crossed)


def test_a_number_reports_each_digits_columns_in_order() -> None:
    image, spans = handdigits.number("1707", np.random.default_rng(5), height=40)
    assert len(spans) == 4
    assert all(a < b <= c for (a, b), (c, _) in itertools.pairwise(spans))
    assert spans[-1][1] <= image.shape[1]
    for a, b in spans:
        assert (image[:, a:b] < 128).any()
