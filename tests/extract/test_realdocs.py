"""Header extraction on real documents never written for this project, against hand-annotated gold values.

The held-out split (ids starting c-f) is reported apart; the floors sit a little under what was measured
(dev 0.936, heldout 0.920 on 2026-12-07) so a regression fails, not noise.
"""

from __future__ import annotations

import pytest
from thidua.extract import realeval

ITEMS = [i for i in realeval.items() if i.path.exists()]
pytestmark = pytest.mark.skipif(
    not ITEMS, reason="../shared/realdocs is absent (real documents are not in the repo)"
)


@pytest.mark.parametrize(("split", "floor"), [("dev", 0.92), ("heldout", 0.90)])
def test_header_fields_on_real_documents(split: str, floor: float) -> None:
    tallies, n = realeval.evaluate([i for i in ITEMS if i.split == split], "clean")
    assert n >= 50
    assert realeval.header_score(tallies) >= floor, realeval.report(tallies, n, verbose=False)


def test_gold_files_are_values_not_texts() -> None:
    for path in realeval.GOLD.glob("**/*.json"):
        assert path.stat().st_size < 20_000, f"{path} is too large to hold only gold values"
