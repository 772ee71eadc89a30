"""Damaged input never crashes extract(): cut, shuffled, thinned or re-broken plans give valid records."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from thidua.extract import SCHEMA_VERSION, extract

AUTHORED = sorted((Path(__file__).resolve().parent / "fixtures" / "authored").glob("*.txt"))


def _damaged(text: str, rng: random.Random) -> str:
    mode = rng.randrange(5)
    if mode == 0:
        a = rng.randrange(len(text))
        return text[a : rng.randrange(a, len(text) + 1)]
    if mode == 1:
        lines = text.split("\n")
        rng.shuffle(lines)
        return "\n".join(lines)
    if mode == 2:
        return "".join(c for c in text if rng.random() > 0.05)
    if mode == 3:
        return text.replace("\n", rng.choice(["\f", "\r\n", " ", "\n\n"]))
    alphabet = "Số:/KH-UBND ngày tháng năm 0123456789 Căn cứ\n-;.:“”()TM.KT."
    return "".join(rng.choice(alphabet) for _ in range(rng.randrange(800)))


@pytest.mark.parametrize("seed", range(4))
def test_damaged_documents_give_valid_records(seed: int) -> None:
    rng = random.Random(seed)
    texts = [p.read_text(encoding="utf-8") for p in AUTHORED]
    for _ in range(40):
        record = extract(_damaged(rng.choice(texts), rng)).record  # validated inside
        assert record["schema_version"] == SCHEMA_VERSION
