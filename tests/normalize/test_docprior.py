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


def test_pairs_confident_on_both_sides_are_counted() -> None:
    rows = [[("trật", 0.99), ("tự", 1.0)], [("trật", 0.97), ("tự", 0.99)], [("trút", 0.5), ("tự", 1.0)]]
    cache = docprior.PairCache(rows)
    assert cache.pairs == Counter({("trật", "tự"): 2})
    assert cache.neighbours(None, "tự") == {"trật"}
    assert cache.neighbours("an", None) == set()


def test_a_candidate_the_document_writes_beside_its_neighbour_gains() -> None:
    rows = [[("chỉ", 1.0), ("tiêu", 1.0)]] * 3 + [[("chi", 1.0), ("tiêu", 1.0)]]
    shift = docprior.PairCache(rows).shifts(["chi", "chỉ", "chí"], None, "tiêu")
    assert shift is not None
    chi, chỉ, chí = shift
    assert chỉ > chi > chí and min(shift) >= -docprior.CAP
    assert docprior.PairCache(rows[:1]).shifts(["chi", "chỉ"], None, "tiêu") is None  # below PAIR_MIN


def test_a_twin_rarer_in_the_training_text_gains_by_the_document_writing_it() -> None:
    # The document writes thể and thẻ alike: the plain share leaves them level, but thẻ is ten times rarer
    # in the training text, so the document's use of it counts for more.
    common = {"thể": 1000, "thẻ": 100, "thế": 1000}.__getitem__
    counts = Counter({"thể": 20, "thẻ": 20})
    level = docprior.reweighed(SLOT, counts, "the", background=common)
    assert level is not None
    the, tho, _ = level.channel
    plain = docprior.reweighed(SLOT, counts, "the")
    assert plain is not None and plain.channel[0] == plain.channel[1]
    assert tho > the
    assert max(level.channel) <= docprior.CAP and min(level.channel) >= -docprior.CAP


def test_a_shift_too_small_to_overturn_a_choice_is_skipped() -> None:
    found = Slot(SLOT.ids, SLOT.words, (0.0, 0.2, 0.0))
    assert not docprior.may_change(SLOT, found, 0, 0.95)  # needs a gain above log10(0.95 / 0.05) ≈ 1.28
    assert docprior.may_change(SLOT, found, 0, 0.55)


def test_unmarked_letters_on_a_stripped_page_are_a_choice_with_a_posterior() -> None:
    from thidua.normalize.restorer import Restorer
    from thidua.normalize.tokens import tokenize

    restorer = Restorer()
    tok = tokenize("cang")[0]
    stripped = restorer.slot(tok, "stripped")
    assert "cang" in stripped.words and None not in stripped.words  # scored against cảng, càng …
    ocr = restorer.slot(tok, "ocr")
    assert None in ocr.words  # OCR keeps a printed syllable as it is
    upper = restorer.slot(tokenize("CANG")[0], "stripped")
    assert "cang" in upper.words  # the case is the page's, restored from the token
