"""Decoder: pruning and the shared LM memo do not change the best path."""

from __future__ import annotations

import pytest
from thidua.normalize import decoder
from thidua.normalize.restorer import Restorer
from thidua.normalize.tokens import segments, tokenize

TEXT = (
    "Can cu Luat thi dua khen thuong ngay 15 thang 6 nam 2022 cua Quoc hoi; S6 1ieu tr6n v6i Uy ban nhan dan"
)


@pytest.fixture(scope="module")
def restorer() -> Restorer:
    return Restorer()


def _paths(restorer: Restorer) -> list[list[int]]:
    tokens = tokenize(TEXT)
    out = []
    for seg in segments(tokens):
        slots = [restorer.slot(t, "ocr") for t in seg]
        out.append(decoder.decode(restorer.lm, slots, 1.0, 4, 0.5)[0])
    return out


def test_pruning_keeps_the_best_path(restorer: Restorer, monkeypatch: pytest.MonkeyPatch) -> None:
    pruned = _paths(restorer)
    monkeypatch.setattr(decoder, "PRUNE", 1e9)
    monkeypatch.setattr(decoder, "_memo", lambda lm: {})  # no memo either: every score from the LM
    assert _paths(restorer) == pruned


def test_memo_is_bounded(restorer: Restorer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(decoder, "MEMO_MAX", 10)
    _paths(restorer)
    assert len(restorer.lm.__dict__["_decoder_memo"]) > 10  # one decode call fills it past the bound
    assert decoder._memo(restorer.lm) == {}  # and the next call starts afresh
