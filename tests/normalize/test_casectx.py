"""Case in context: a title-case word's candidates are weighed by their case classes in training text."""

from __future__ import annotations

import numpy as np

from thidua.normalize import casectx
from thidua.normalize.decoder import Slot
from thidua.normalize.tokens import segments, tokenize


def _class(text: str, word: str) -> int:
    seg = segments(tokenize(text))[0]
    return casectx.case_class(text, seg, [t.text for t in seg].index(word))


def test_case_class_reads_the_word_and_its_neighbours_in_the_line() -> None:
    mid = _class("duy trì Cổng TTĐT tỉnh", "Cổng")
    assert mid // (casectx.SIDES * casectx.SIDES) == casectx.TITLE
    assert mid % casectx.SIDES == 2 + casectx.CASES["upper"]  # next: an upper-case code
    opening = _class("xong\nCổng TTĐT tỉnh", "Cổng")
    assert opening != mid and (opening // casectx.SIDES) % casectx.SIDES == 0  # nothing before it on its line
    assert _class("các cổng thông tin", "cổng") // (casectx.SIDES * casectx.SIDES) == casectx.CASES["lower"]


def test_the_candidate_seen_in_that_case_class_gains() -> None:
    cls = _class("duy trì Cổng TTĐT tỉnh", "Cổng")
    counts = np.zeros((3, casectx.CLASSES), np.int32)
    counts[1, cls] = 50  # syllable 1 is often written so
    counts[1, casectx.CASES["lower"] * casectx.SIDES * casectx.SIDES] = 50
    counts[2, casectx.CASES["lower"] * casectx.SIDES * casectx.SIDES] = 500  # syllable 2 almost never
    model = casectx.CaseModel(counts)
    slot = Slot((1, 2), ("cổng", "công"), (-0.5, -0.5))
    out = model.reweighed(slot, cls)
    assert out.channel[0] == -0.5 and out.channel[1] < -0.5
    assert out.ids == slot.ids and out.words == slot.words
