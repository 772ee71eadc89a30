"""Decoder: the compiled beam search finds the best path, and pruning does not change it."""

from __future__ import annotations

import itertools

import pytest

from thidua.normalize import decoder
from thidua.normalize.decoder import Slot
from thidua.normalize.restorer import Restorer
from thidua.normalize.tokens import segments, tokenize

TEXT = (
    "Can cu Luat thi dua khen thuong ngay 15 thang 6 nam 2022 cua Quoc hoi; S6 1ieu tr6n v6i Uy ban nhan dan"
)
BONUS = 0.5


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer()


def _slots(restorer: Restorer) -> list[list[Slot]]:
    return [[restorer.slot(t, "ocr") for t in seg] for seg in segments(tokenize(TEXT))]


def _paths(restorer: Restorer, beam: int = 4) -> list[list[int]]:
    return [decoder.decode(restorer.lm, slots, 1.0, beam, BONUS)[0] for slots in _slots(restorer)]


def test_pruning_keeps_the_best_path(restorer: Restorer, monkeypatch: pytest.MonkeyPatch) -> None:
    pruned = _paths(restorer)
    monkeypatch.setattr(decoder, "PRUNE", 1e9)
    assert _paths(restorer) == pruned


def _score(restorer: Restorer, slots: list[Slot], path: tuple[int, ...]) -> float:
    """The decoder's objective for one path: channel + 4-gram LM + word bonus, end of segment included."""
    lm = restorer.lm
    t = u = v = lm.bos
    total = 0.0
    for slot, k in zip(slots, path, strict=True):
        w = slot.ids[k]
        total += slot.channel[k] + lm.logp4(t, u, v, w)
        if lm.model.words.get(v * lm.V + w) is not None:
            total += BONUS
        t, u, v = u, v, w
    return total + lm.logp4(t, u, v, lm.eos)


def test_beam_search_matches_exhaustive_search(restorer: Restorer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decoder, "PRUNE", 1e9)
    checked = 0
    for slots in _slots(restorer):
        # Short windows with at most three choices each, so every path can be scored.
        slots = [Slot(s.ids[:3], s.words[:3], s.channel[:3]) for s in slots[:5] if s.firsts is None]
        paths = list(itertools.product(*(range(len(s.ids)) for s in slots)))
        best = max(paths, key=lambda p: _score(restorer, slots, p))
        found, post = decoder.decode(restorer.lm, slots, 1.0, len(paths), BONUS)
        assert tuple(found) == best
        assert all(0.0 < p <= 1.0 for p in post)
        checked += len(paths) > 1
    assert checked >= 2


def test_single_choices_are_certain(restorer: Restorer) -> None:
    lm = restorer.lm
    slots = [Slot((lm.index[w],), (w,), (0.0,)) for w in ("căn", "cứ", "luật")]
    assert decoder.decode(lm, slots, 1.0, 4, BONUS) == ([0, 0, 0], [1.0, 1.0, 1.0])
    assert decoder.decode(lm, [], 1.0, 4, BONUS) == ([], [])
