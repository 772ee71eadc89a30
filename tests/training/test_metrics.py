"""training.metrics gives exactly the numbers of the reference ../shared/tools/score.py."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from thidua.training.metrics import counts, score

PAIRS = [
    ("Căn cứ Luật Thi đua, khen thưởng", "Can ctr Luat Thi dua, khen thuong"),
    ("Độc lập - Tự do - Hạnh phúc", "Độc lập - Tự do - Hạnh phúc"),
    ("Số: 169/KH-UBND\nAn Giang, ngày 21 tháng 02", "S6: 169 /KH-UBND An Giang, ngay 21 thang"),
    ("ĐỐI TƯỢNG, NỘI DUNG", "đối tượng nội dung thêm"),
]


def _reference(shared: Path):
    spec = importlib.util.spec_from_file_location("score_ref", shared / "tools" / "score.py")
    if spec is None or spec.loader is None:
        pytest.skip("../shared/tools/score.py not present")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_same_numbers_as_reference(shared_dir: Path) -> None:
    if not (shared_dir / "tools" / "score.py").exists():
        pytest.skip("../shared/tools/score.py not present")
    ref = _reference(shared_dir)
    for gold, out in PAIRS:
        assert score(gold, out) == ref.score(gold, out)


def test_counts_pool_accuracy() -> None:
    assert counts("một hai ba", "một hai ba") == (3, 3)
    assert counts("một hai ba", "mot hai ba") == (2, 3)
