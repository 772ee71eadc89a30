"""Document-level evidence: confident twins elsewhere in a document shift an unsure slot's costs."""

from __future__ import annotations

from collections import Counter

from thidua.normalize import docprior
from thidua.normalize.decoder import Slot

SLOT = Slot((1, 2, 3), ("thể", "thẻ", "thế"), (0.0, 0.0, 0.0))


def test_confident_choices_among_rivals_are_evidence() -> None:
    choices = [(SLOT, 1, 0.99, "the"), (SLOT, 1, 0.97, "the"), (SLOT, 0, 0.6, "the")]
    choices.append((Slot((4,), ("và",), (0.0,)), 0, 1.0, "va"))  # no rival: no evidence
    assert docprior.evidence(choices) == Counter({"thẻ": 2})


def test_twins_with_evidence_are_favoured_and_the_penalty_is_capped() -> None:
    shifted = docprior.reweighed(SLOT, Counter({"thẻ": 40}), "the")
    assert shifted is not None
    the, tho, thi = shifted.channel
    assert tho > the and tho > thi
    assert min(shifted.channel) >= -docprior.CAP


def test_no_evidence_leaves_the_slot_alone() -> None:
    assert docprior.reweighed(SLOT, Counter({"thẻ": 1}), "the") is None  # below MIN_EVIDENCE
    assert docprior.reweighed(SLOT, Counter({"và": 50}), "the") is None
    lone = Slot((1,), ("thể",), (0.0,))
    assert docprior.reweighed(lone, Counter({"thể": 9}), "the") is None
